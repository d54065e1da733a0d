package interp

import (
	"runtime"
	"testing"
	"time"
)

// watchMemory looks after each garbage collection: a collection sends,
// and so does the next one (the notification re-arms itself).
func TestNotifyEachCollection(t *testing.T) {
	c := make(chan struct{}, 1)
	notifyEachCollection(c)
	for i := range 3 {
		runtime.GC()
		select {
		case <-c:
		case <-time.After(10 * time.Second):
			t.Fatalf("collection %d sent nothing", i+1)
		}
	}
}
