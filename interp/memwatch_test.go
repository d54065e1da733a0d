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
		// The cleanup that sends runs on a goroutine of the runtime's
		// after the collection; on a busy machine it has once not come
		// within 10 s of one (a local run of .ci/run), so another one is
		// made while none comes.
		deadline := time.Now().Add(10 * time.Second)
		for sent := false; !sent; {
			runtime.GC()
			select {
			case <-c:
				sent = true
			case <-time.After(100 * time.Millisecond):
				if time.Now().After(deadline) {
					t.Fatalf("round %d: no collection sent anything within 10 s", i+1)
				}
			}
		}
	}
}
