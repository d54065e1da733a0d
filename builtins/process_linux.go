package builtins

import (
	"runtime"
	"sync"
	"syscall"
)

// procAttr puts a process pg starts in a process group of its own and asks
// the kernel to send it SIGKILL when its parent dies, so that it does not
// outlive an evaluator that crashed or was killed.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// The parent-death signal fires when the thread that started the child
// ends, not the process (see prctl(2), PR_SET_PDEATHSIG). Go ends a thread
// when a goroutine locked to it returns without unlocking, which learner
// code may do (runtime.LockOSThread), so every process is started from
// one thread that is locked to a goroutine which never returns.
var (
	procSpawnOnce sync.Once
	procSpawnReqs chan func()
)

// spawn runs f, which starts a process, on the spawning thread.
func procSpawn(f func()) {
	procSpawnOnce.Do(func() {
		procSpawnReqs = make(chan func())
		go func() {
			runtime.LockOSThread() // never unlocked: this thread lives as long as the evaluator
			for f := range procSpawnReqs {
				f()
			}
		}()
	})
	done := make(chan struct{})
	procSpawnReqs <- func() {
		defer close(done)
		f()
	}
	<-done
}
