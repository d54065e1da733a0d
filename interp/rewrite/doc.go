// Package rewrite rewrites learner code, on its AST, into code that the
// playground's yaegi compiles and runs as Go would: the Go of today in the
// Go yaegi v0.16.1 speaks, and around yaegi's own mistakes that concurrent
// code meets at once. The evaluator's engine (package interp) parses each
// input, hands it to [Rewriter.Rewrite], and compiles what comes back.
//
// Rewritten nodes keep the positions of the text they replace, and names
// the rewrites introduce are written back as the learner's in messages
// ([Unmangle]), so that what the learner reads speaks of their own code.
// What cannot run is refused with a message that says what to write
// instead.
//
// The package knows nothing of yaegi's interpreter: what it needs of the
// session (the names declared, the packages, the values of variables) the
// engine gives it as an [Env].
package rewrite
