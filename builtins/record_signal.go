package builtins

// record_signal.go: a record of the channels pg.Notify made, so that a
// lesson's check can see which signals the learner catches, and whether
// a channel was stopped with signals still unread in it.

import (
	"os"
	"reflect"
)

func init() {
	export(map[string]reflect.Value{
		"Notifies":   reflect.ValueOf(Notifies),
		"NotifyInfo": reflect.ValueOf((*NotifyInfo)(nil)),
	})
}

// A NotifyInfo is one channel pg.Notify made.
type NotifyInfo struct {
	ID      int         // 1 for the session's first Notify, 2 for the next, …
	Signals []os.Signal // the signals it catches (caught, for a stopped one)
	// Unread is how many caught signals wait in the channel, not yet
	// received; for a stopped channel, how many StopNotify found there.
	Unread  int
	Stopped bool // StopNotify stopped it
}

// notifyRec is the record of one Notify channel; notifyMu guards it.
type notifyRec struct {
	info NotifyInfo
	ch   chan os.Signal
}

// keepStoppedNotify is how many stopped channels Notifies remembers.
const keepStoppedNotify = 32

var (
	notifyRecs   []*notifyRec // oldest first; notifyMu guards it
	notifyNextID int
)

// recordNotify records a channel Notify made; notifyMu is held.
func recordNotify(ch chan os.Signal, sigs []os.Signal) {
	notifyNextID++
	notifyRecs = append(notifyRecs, &notifyRec{
		info: NotifyInfo{ID: notifyNextID, Signals: append([]os.Signal(nil), sigs...)},
		ch:   ch,
	})
}

// recordStopNotify records that ch was stopped, with what it held then;
// notifyMu is held, and nothing is sent on ch any more.
func recordStopNotify(ch chan os.Signal) {
	stopped := 0
	for _, r := range notifyRecs {
		if r.ch == ch && !r.info.Stopped {
			r.info.Stopped = true
			r.info.Unread = len(ch)
		}
		if r.info.Stopped {
			stopped++
		}
	}
	// Forget the oldest stopped channels beyond the limit.
	for i := 0; stopped > keepStoppedNotify && i < len(notifyRecs); {
		if notifyRecs[i].info.Stopped {
			notifyRecs = append(notifyRecs[:i], notifyRecs[i+1:]...)
			stopped--
			continue
		}
		i++
	}
}

// Notifies lists the channels pg.Notify made that still catch signals,
// and the last 32 that StopNotify stopped, oldest first: which signals
// each catches, and how many of them wait unread in it.
//
//	for _, n := range pg.Notifies() {
//		fmt.Println(n.ID, n.Signals, n.Unread, n.Stopped)
//	}
func Notifies() []NotifyInfo {
	notifyMu.Lock()
	defer notifyMu.Unlock()
	out := make([]NotifyInfo, len(notifyRecs))
	for i, r := range notifyRecs {
		out[i] = r.info
		out[i].Signals = append([]os.Signal(nil), r.info.Signals...)
		if !r.info.Stopped {
			out[i].Unread = len(r.ch)
		}
	}
	return out
}
