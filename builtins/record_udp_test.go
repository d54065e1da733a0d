package builtins

import (
	"testing"
	"time"
)

func TestUDPWaiting(t *testing.T) {
	u, err := ListenUDP(":0")
	if err != nil {
		t.Fatal(err)
	}
	defer u.Close()
	if w, _ := u.Waiting(); w {
		t.Fatal("Waiting says a RecvFrom waits before any was called")
	}
	wait := func(limit time.Duration, wantLimited bool) {
		t.Helper()
		u.SetTimeout(limit)
		done := make(chan error, 1)
		go func() { _, _, err := u.RecvFrom(); done <- err }()
		for {
			if w, limited := u.Waiting(); w {
				if limited != wantLimited {
					t.Errorf("timeout %v: Waiting says limited %v, want %v", limit, limited, wantLimited)
				}
				break
			}
			time.Sleep(time.Millisecond)
		}
		// A datagram ends the wait.
		c, err := ListenUDP(":0")
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SendTo("x", u.Addr())
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if w, _ := u.Waiting(); w {
			t.Error("Waiting says a RecvFrom waits after it returned")
		}
	}
	wait(time.Minute, true)
	wait(0, false)
}
