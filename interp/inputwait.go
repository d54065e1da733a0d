package interp

import (
	"strconv"
	"time"

	"github.com/learn-concurrency/playground/builtins"
)

// InputWaitMeta is the meta command (Session.Meta) the shell runs while
// an input has run for a while, its argument how long (a time.Duration):
// the answer's Text says why the input waits when it looks like a
// deadlock, and is empty otherwise.
const InputWaitMeta = "input-wait"

// DeadlockMeta is the meta command (Session.Meta) playground run runs,
// again and again, while a program or a file of input runs: no one is
// there to press Ctrl-C, so an input that can never return must end as a
// Go program does. Result.Text is Go's own words for it ("all goroutines
// are asleep - deadlock!"), or "" while the input may still return.
const DeadlockMeta = "deadlock"

func init() {
	// time.After, context.WithTimeout and the other functions that start
	// timers note them, for the deadlock checks: a timer may end a wait.
	symbolSets = append(symbolSets, builtins.TimerSymbols)
}

// answerMeta answers one meta request (a :tasks, a :kill, an input-wait
// or deadlock check). The evaluator runs each on a goroutine of its own.
func (ev *evaluator) answerMeta(f frame) {
	var m metaRequest
	res := Result{}
	if err := f.Decode(&m); err != nil {
		res.Err = &Error{Kind: ErrOther, Msg: err.Error()}
		ev.out.Send(kindResult, f.ID, res)
		return
	}
	idle := ev.running.Load() == 0 // no input to look at: no need to look at every goroutine
	switch m.Name {
	case InputWaitMeta:
		if !idle {
			waited, _ := time.ParseDuration(m.Arg)
			res.Text = builtins.InputWait(inputFrame, waited)
		}
	case unreadInputMeta:
		res.Text = strconv.Itoa(takeUnreadInput())
	case DeadlockMeta:
		if !idle {
			res.Text = builtins.Deadlock(inputFrame)
		}
		if res.Text != "" {
			// After what the program printed: it is the program's end.
			ev.stdout.sync(func() { ev.out.Send(kindResult, f.ID, res) })
			return
		}
	default:
		text, err := builtins.RunMetaIn(builtins.MetaContext{Width: m.Width, Colour: m.Colour}, m.Name, m.Arg)
		if err != nil {
			res.Err = &Error{Kind: ErrOther, Msg: err.Error()}
		} else {
			res.Text = text
		}
	}
	ev.out.Send(kindResult, f.ID, res)
}
