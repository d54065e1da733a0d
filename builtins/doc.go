// Package builtins is package pg of learner code: the playground's
// helpers for watching concurrency happen. Learner code writes pg.Go,
// pg.Run, pg.Sys and so on; the evaluator exports this package to the
// interpreter under the import path "pg" (see Symbols).
//
// Each concept has its own file: tasks (tracked goroutines), threads,
// processes, the system, signals. Everything here runs inside the
// evaluator process and knows nothing of the shell; the shell's meta
// commands (:tasks, :procs, :kill) reach it through RunMeta.
package builtins
