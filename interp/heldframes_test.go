package interp

import (
	"reflect"
	"testing"
)

// A recovered panic takes back its goroutine's frames only: another
// goroutine's panic, unwinding at the same time, keeps its own.
func TestHeldFramesRecoveredByGoroutine(t *testing.T) {
	var h heldFrames
	h.add(1, "3:4", TraceFrame{Func: "main.at", Line: 3, Col: 4}, true)
	h.add(2, "9:2", TraceFrame{Func: "main.worker", Line: 9, Col: 2}, true)
	h.add(1, "", TraceFrame{Func: "main.f", In: 2, Line: 5, Col: 1}, true)
	h.add(2, "", TraceFrame{Func: "pg", In: -1}, false) // no input's: not held
	h.recovered(1)
	h.add(1, "12:3", TraceFrame{Func: "main.main", Line: 12, Col: 3}, true)
	if got, want := h.positions(), []string{"9:2", "12:3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("positions %q, want %q", got, want)
	}
	want := []TraceFrame{{Func: "main.worker", Line: 9, Col: 2}, {Func: "main.main", Line: 12, Col: 3}}
	if got := h.trace(); !reflect.DeepEqual(got, want) {
		t.Errorf("trace %+v, want %+v", got, want)
	}
}
