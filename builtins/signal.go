package builtins

// Signals: catching the signals sent to the evaluator process.

import (
	"fmt"
	"os"
	"os/signal"
	"reflect"
	"sync"
	"syscall"
)

func init() {
	export(map[string]reflect.Value{
		"Notify":     reflect.ValueOf(Notify),
		"StopNotify": reflect.ValueOf(StopNotify),
	})
	registerShutdown(stopAllNotify)
}

// notifyBuffer is how many signals a Notify channel holds unread; more
// that arrive while it is full are dropped, as signal.Notify does.
const notifyBuffer = 16

var (
	notifyMu    sync.Mutex
	notifyChans = map[<-chan os.Signal]chan os.Signal{}
)

// Notify starts catching the signals named and returns a channel they
// arrive on, one value per signal received. (A Go program ignores SIGUSR1
// and SIGUSR2 unless it catches them; a C or Python program dies of
// them.) The channel holds up to
// 16 signals not yet read; signals that arrive while it is full are
// dropped. StopNotify stops the catching. Notify panics, saying why, when
// given no signal, a signal number that does not exist, or SIGKILL or
// SIGSTOP, which the kernel never lets a process catch. Catching SIGTERM
// or SIGINT here means they no longer end the evaluator; the shell stops
// it with SIGKILL, which nothing catches.
//
//	ch := pg.Notify(syscall.SIGUSR1)
//	syscall.Kill(syscall.Getpid(), syscall.SIGUSR1) // or kill -USR1 PID from another terminal
//	fmt.Println(<-ch) // user defined signal 1
//	pg.StopNotify(ch)
func Notify(sigs ...os.Signal) <-chan os.Signal {
	if len(sigs) == 0 {
		panic(fmt.Errorf("pg.Notify: name the signals to catch, as in pg.Notify(syscall.SIGUSR1)"))
	}
	for _, sig := range sigs {
		if err := catchable(sig); err != nil {
			panic(err)
		}
	}
	ch := make(chan os.Signal, notifyBuffer)
	signal.Notify(ch, sigs...)
	notifyMu.Lock()
	notifyChans[ch] = ch
	recordNotify(ch, sigs)
	notifyMu.Unlock()
	return ch
}

// catchable says why sig cannot be given to Notify, or returns nil.
func catchable(sig os.Signal) error {
	s, ok := sig.(syscall.Signal)
	switch {
	case sig == nil:
		return fmt.Errorf("pg.Notify: a signal is nil")
	case !ok:
		return fmt.Errorf("pg.Notify: %v is not a signal of this system: use one from package syscall, such as syscall.SIGUSR1", sig)
	case s <= 0 || s > 64:
		return fmt.Errorf("pg.Notify: no signal %d: signals are numbered 1 to 64", int(s))
	case s == syscall.SIGKILL || s == syscall.SIGSTOP:
		return fmt.Errorf("pg.Notify: %v (%s) cannot be caught: the kernel never lets a process catch, block or ignore SIGKILL and SIGSTOP", s, signalName(s))
	}
	return nil
}

func signalName(s syscall.Signal) string {
	if s == syscall.SIGKILL {
		return "SIGKILL"
	}
	return "SIGSTOP"
}

// StopNotify stops catching the signals of a channel Notify returned,
// then closes it, so a for range loop over it ends. Signals it caught
// have their Go default effect again (SIGTERM ends the evaluator, SIGUSR1
// is ignored) unless another Notify still catches them. A channel StopNotify already
// stopped, or one Notify did not make, is left alone.
//
//	ch := pg.Notify(syscall.SIGUSR1)
//	go func() {
//		for sig := range ch {
//			fmt.Println("got", sig)
//		}
//		fmt.Println("no longer catching")
//	}()
//	pg.StopNotify(ch)
func StopNotify(ch <-chan os.Signal) {
	notifyMu.Lock()
	c, ok := notifyChans[ch]
	delete(notifyChans, ch)
	notifyMu.Unlock()
	if !ok {
		return
	}
	signal.Stop(c) // no signal is sent on c once Stop returns
	notifyMu.Lock()
	recordStopNotify(c)
	notifyMu.Unlock()
	close(c)
}

// stopAllNotify stops every Notify, at shutdown.
func stopAllNotify() {
	notifyMu.Lock()
	chans := make([]<-chan os.Signal, 0, len(notifyChans))
	for ch := range notifyChans {
		chans = append(chans, ch)
	}
	notifyMu.Unlock()
	for _, ch := range chans {
		StopNotify(ch)
	}
}
