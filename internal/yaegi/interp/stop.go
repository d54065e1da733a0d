package interp

import "sync/atomic"

// ArmStop readies the interpreter for a run that can be stopped, as
// ExecuteWithContext does before it runs a program: a new done channel,
// and channel operations that also wait on it (those compiled from then
// on). It returns the stop of
// that run, yaegi's stop: every interpreted loop and goroutine sees it at
// its next step (the run id changes), every channel operation at once
// (done is closed). The caller runs the program itself (Execute) and so
// owns its results, which ExecuteWithContext's goroutine still writes
// after it has returned on a cancel. Call stop at most once. (Not in
// v0.16.1.)
func (interp *Interpreter) ArmStop() (stop func()) {
	done := make(chan struct{})
	interp.mutex.Lock()
	interp.done = done
	interp.cancelChan = true
	interp.mutex.Unlock()
	return func() {
		atomic.AddUint64(&interp.id, 1)
		close(done)
	}
}
