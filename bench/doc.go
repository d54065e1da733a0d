// Package bench holds the playground's benchmarks against plain yaegi: an
// input's round trip through the evaluator process against an in-process
// yaegi Eval, and "playground run" of a 1,000-line file against "yaegi run"
// of the same program. It has no code of its own; see README.md and
// compare.sh.
package bench
