package interp

import (
	"sync"
	"time"

	"github.com/learn-concurrency/playground/builtins"
)

// termAsker is the evaluator's side of term frames: learner code (pg.App)
// asks the shell for its terminal, raw, and gives it back.
type termAsker struct {
	out    *frameWriter
	stdout *stdoutPipe

	mu      sync.Mutex
	nextID  uint64
	waiting map[uint64]chan TermReply
}

// termTimeout bounds the wait for the shell's reply; a shell that does
// not answer is taken to have no terminal.
const termTimeout = 2 * time.Second

// ask sends a termRequest and waits for the reply. What learner code
// printed before is sent first, so it is drawn in the mode it was
// printed in.
func (a *termAsker) ask(raw bool) (builtins.TermInfo, bool) {
	ch := make(chan TermReply, 1)
	a.mu.Lock()
	a.nextID++
	id := a.nextID
	a.waiting[id] = ch
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		delete(a.waiting, id)
		a.mu.Unlock()
	}()
	var err error
	a.stdout.sync(func() { err = a.out.Send(kindTerm, id, termRequest{Raw: raw}) })
	if err != nil {
		return builtins.TermInfo{}, false
	}
	t := time.NewTimer(termTimeout)
	defer t.Stop()
	select {
	case r := <-ch:
		return builtins.TermInfo{Width: r.Width, Height: r.Height, Colour: r.Colour}, r.Terminal
	case <-t.C:
		return builtins.TermInfo{}, false
	}
}

// reply hands the shell's TermReply to the ask waiting for it.
func (a *termAsker) reply(f frame) {
	var r TermReply
	if f.Decode(&r) != nil {
		r = TermReply{}
	}
	a.mu.Lock()
	ch := a.waiting[f.ID]
	a.mu.Unlock()
	if ch != nil {
		ch <- r
	}
}
