package builtins

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestNotify(t *testing.T) {
	ch := Notify(syscall.SIGUSR1, syscall.SIGUSR2)
	for _, sig := range []syscall.Signal{syscall.SIGUSR2, syscall.SIGUSR1} {
		if err := syscall.Kill(os.Getpid(), sig); err != nil {
			t.Fatal(err)
		}
		select {
		case got := <-ch:
			if got != sig {
				t.Errorf("received %v, want %v", got, sig)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%v did not arrive", sig)
		}
	}
	// Two channels for one signal: each gets it.
	other := Notify(syscall.SIGUSR1)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	for _, c := range []<-chan os.Signal{ch, other} {
		select {
		case <-c:
		case <-time.After(10 * time.Second):
			t.Fatal("SIGUSR1 did not reach both channels")
		}
	}
	StopNotify(other)
	StopNotify(ch)
	if _, open := <-ch; open {
		t.Error("the channel is open after StopNotify")
	}
	StopNotify(ch)                      // twice: nothing happens
	StopNotify(make(chan os.Signal))    // not Notify's: nothing happens
	StopNotify((<-chan os.Signal)(nil)) // nil: nothing happens
	if n := len(notifyChans); n != 0 {
		t.Errorf("%d channels still registered", n)
	}
}

func TestNotifyRefuses(t *testing.T) {
	tests := []struct {
		name string
		sigs []os.Signal
		want string
	}{
		{"none", nil, "pg.Notify: name the signals to catch"},
		{"SIGKILL", []os.Signal{syscall.SIGKILL}, "pg.Notify: killed (SIGKILL) cannot be caught"},
		{"SIGSTOP among others", []os.Signal{syscall.SIGUSR1, syscall.SIGSTOP}, "pg.Notify: stopped (signal) (SIGSTOP) cannot be caught"},
		{"zero", []os.Signal{syscall.Signal(0)}, "pg.Notify: no signal 0"},
		{"negative", []os.Signal{syscall.Signal(-3)}, "pg.Notify: no signal -3"},
		{"too big", []os.Signal{syscall.Signal(65)}, "pg.Notify: no signal 65"},
		{"nil", []os.Signal{nil}, "pg.Notify: a signal is nil"},
		{"not a syscall.Signal", []os.Signal{notifyFakeSignal{}}, "pg.Notify: fake is not a signal of this system"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				err, _ := recover().(error)
				if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
					t.Errorf("panicked with %v, want %q", err, tt.want)
				}
			}()
			Notify(tt.sigs...)
		})
	}
	if n := len(notifyChans); n != 0 {
		t.Errorf("%d channels registered by refused calls", n)
	}
}

type notifyFakeSignal struct{}

func (notifyFakeSignal) String() string { return "fake" }
func (notifyFakeSignal) Signal()        {}

func TestStopAllNotify(t *testing.T) {
	a, b := Notify(syscall.SIGUSR1), Notify(syscall.SIGUSR2)
	stopAllNotify()
	for _, c := range []<-chan os.Signal{a, b} {
		if _, open := <-c; open {
			t.Error("a channel is open after stopAllNotify")
		}
	}
}
