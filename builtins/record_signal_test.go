package builtins

import (
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestNotifiesRecordsCatchersAndUnread(t *testing.T) {
	find := func(id int) (NotifyInfo, bool) {
		for _, n := range Notifies() {
			if n.ID == id {
				return n, true
			}
		}
		return NotifyInfo{}, false
	}
	ch := Notify(syscall.SIGUSR2)
	all := Notifies()
	me := all[len(all)-1]
	if me.Stopped || !slices.Equal(me.Signals, []os.Signal{syscall.SIGUSR2}) || me.Unread != 0 {
		t.Fatalf("a fresh Notify(SIGUSR2) is recorded as %+v", me)
	}
	syscall.Kill(os.Getpid(), syscall.SIGUSR2)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		if n, _ := find(me.ID); n.Unread == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a SIGUSR2 caught and not received is not counted as unread")
		}
	}
	StopNotify(ch)
	if n, ok := find(me.ID); !ok || !n.Stopped || n.Unread != 1 {
		t.Errorf("stopped with one signal unread: %+v (found %v)", n, ok)
	}

	// Received before the stop: nothing unread.
	ch = Notify(syscall.SIGUSR2)
	all = Notifies()
	me = all[len(all)-1]
	syscall.Kill(os.Getpid(), syscall.SIGUSR2)
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("SIGUSR2 did not arrive")
	}
	StopNotify(ch)
	if n, _ := find(me.ID); !n.Stopped || n.Unread != 0 {
		t.Errorf("stopped after receiving the signal: %+v", n)
	}

	// Only the last stopped ones are remembered.
	for i := 0; i < keepStoppedNotify+5; i++ {
		StopNotify(Notify(syscall.SIGUSR2))
	}
	if _, ok := find(me.ID); ok {
		t.Errorf("%d channels stopped later, the record of an old one is still kept", keepStoppedNotify+5)
	}
	if n := len(Notifies()); n > keepStoppedNotify+1 {
		t.Errorf("Notifies lists %d channels", n)
	}
}

func TestRecordsExportedAndDocumented(t *testing.T) {
	pkg := Symbols["pg/pg"]
	for _, name := range []string{"Notifies", "NotifyInfo"} {
		if !pkg[name].IsValid() {
			t.Errorf("pg.%s is not exported", name)
		}
	}
	for _, name := range []string{"Notifies", "NotifyInfo", "UDPConn.Waiting"} {
		text, ok := Doc(name)
		if !ok || strings.Contains(text, "no documentation yet") || !strings.Contains(text, "\n") {
			t.Errorf(":doc pg.%s = %q, %v; want a doc comment", name, text, ok)
		}
	}
}
