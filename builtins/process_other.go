//go:build unix && !linux

package builtins

import "syscall"

// procAttr puts a process pg starts in a process group of its own. There
// is no parent-death signal here: Shutdown kills what pg started when the
// evaluator exits cleanly.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// spawn runs f, which starts a process. Any thread will do.
func procSpawn(f func()) { f() }
