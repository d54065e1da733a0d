// Package interp is the evaluation session of the playground: a yaegi
// interpreter running learner code in a child process (the evaluator), and
// the shell-side Session that starts it, talks to it over a small framed
// protocol (see protocol.go), cancels it, and restarts it when learner code
// crashes it.
//
// The shell never runs learner code. Anything learner code can do to its
// process (a panic in a goroutine, os.Exit, a stack overflow, concurrent map
// writes, running out of memory) ends the evaluator only; Session reports
// what happened as an *ExitError and starts a fresh evaluator.
//
// Incomplete reports, without running anything, whether an input needs
// more lines, with the rules yaegi's own REPL uses.
package interp
