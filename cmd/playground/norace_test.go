//go:build !race

package main

// raceEnabled is true when the tests (and so the evaluator, the same
// binary) are built with the race detector.
const raceEnabled = false
