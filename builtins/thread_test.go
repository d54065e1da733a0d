package builtins

import (
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestGID(t *testing.T) {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	if want := strings.Fields(string(buf[:n]))[1]; GID() <= 0 || strings.TrimSpace(want) != itoa64(GID()) {
		t.Errorf("GID() = %d, the stack says goroutine %s", GID(), want)
	}
	const n2 = 50
	ids := make(chan int64, n2)
	var wg sync.WaitGroup
	for i := 0; i < n2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Wait()
			ids <- GID()
			wg.Done()
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[int64]bool{GID(): true}
	for id := range ids {
		if seen[id] {
			t.Errorf("goroutine id %d twice among live goroutines", id)
		}
		seen[id] = true
	}
}

func itoa64(n int64) string {
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestTIDAndLockThread(t *testing.T) {
	done := make(chan bool)
	go func() {
		defer close(done)
		tid := LockThread()
		defer UnlockThread()
		if tid <= 0 || tid != gettid() {
			t.Errorf("LockThread() = %d, gettid says %d", tid, gettid())
		}
		for i := 0; i < 50; i++ {
			runtime.Gosched()
			if got := TID(); got != tid {
				t.Errorf("pinned goroutine moved from thread %d to %d", tid, got)
				return
			}
		}
	}()
	<-done
}

func TestThreads(t *testing.T) {
	before := Threads()
	if before < 1 {
		t.Fatalf("Threads() = %d", before)
	}
	// Each goroutine pinned to a thread and blocked keeps its thread to
	// itself: at least that many threads, plus this one.
	const pinned = 8
	release := make(chan bool)
	var ready, done sync.WaitGroup
	for i := 0; i < pinned; i++ {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			LockThread()
			defer UnlockThread()
			ready.Done()
			<-release
		}()
	}
	ready.Wait()
	if got := Threads(); got < pinned+1 {
		t.Errorf("Threads() = %d with %d goroutines pinned, want at least %d", got, pinned, pinned+1)
	}
	close(release)
	done.Wait()
}

func TestParseGoroutine(t *testing.T) {
	tests := []struct {
		name  string
		block string
		want  gState
	}{
		{"running", "goroutine 1 [running]:\nmain.main()\n\t/x/main.go:3 +0x1d\n",
			gState{id: 1, reason: "running"}},
		{"runnable", "goroutine 12 [runnable]:\nmain.f()\n\t/x/main.go:3 +0x1d\ncreated by main.main in goroutine 1\n\t/x/main.go:9 +0x1d",
			gState{id: 12, reason: "running"}},
		{"minutes and locked", "goroutine 7 [chan receive, 3 minutes, locked to thread]:\nmain.f()\n\t/x/main.go:3",
			gState{id: 7, reason: "chan receive", locked: true}},
		{"running locked", "goroutine 8 [running, locked to thread]:\nmain.f()",
			gState{id: 8, reason: "running", locked: true}},
		{"select no cases", "goroutine 9 [select (no cases)]:\nmain.f()",
			gState{id: 9, reason: "select (no cases)"}},
		{"syscall", "goroutine 10 [syscall, 2 minutes]:\nsyscall.Syscall()",
			gState{id: 10, reason: "syscall"}},
		{"scan", "goroutine 11 [sleep (scan)]:\ntime.Sleep()",
			gState{id: 11, reason: "sleep"}},
		{"labels", `goroutine 13 [IO wait, 1 minutes, labels:{"a, b": "c"}]:` + "\ninternal/poll.runtime_pollWait()",
			gState{id: 13, reason: "IO wait"}},
		{"yaegi receive", "goroutine 20 [select]:\nreflect.rselect({0xc, 0x2, 0x2})\n\t/go/src/runtime/select.go:589 +0x2c5\nreflect.Select({0xc, 0x2, 0x2})\n\t/go/src/reflect/value.go:3269 +0x5ce\n" +
			"github.com/learn-concurrency/playground/internal/yaegi/interp.recv.func3(0xc000)\n\t/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:3565 +0x1c5\ncreated by github.com/learn-concurrency/playground/builtins.Go in goroutine 19",
			gState{id: 20, reason: "chan receive"}},
		{"yaegi send", "goroutine 21 [select]:\nreflect.rselect()\nreflect.Select()\ngithub.com/learn-concurrency/playground/internal/yaegi/interp.send.func1(0xc000)\n",
			gState{id: 21, reason: "chan send"}},
		{"yaegi range", "goroutine 22 [select]:\nreflect.rselect()\nreflect.Select()\ngithub.com/learn-concurrency/playground/internal/yaegi/interp.rangeChan.func1(0xc000)\n",
			gState{id: 22, reason: "chan receive"}},
		{"yaegi select", "goroutine 23 [select]:\nreflect.rselect()\nreflect.Select()\ngithub.com/learn-concurrency/playground/internal/yaegi/interp._select.func1(0xc000)\n",
			gState{id: 23, reason: "select"}},
		{"compiled select under yaegi", "goroutine 24 [select]:\nmain.f()\n\t/x/main.go:3\ngithub.com/learn-concurrency/playground/internal/yaegi/interp.callBin.func11()\n",
			gState{id: 24, reason: "select"}},
		{"plain go", "goroutine 30 [sleep]:\ntime.Sleep(0x3b9aca00)\ncreated by github.com/learn-concurrency/playground/internal/yaegi/interp.call.func9 in goroutine 6\n\t/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:1398 +0x4c5",
			gState{id: 30, reason: "sleep", plainGo: true}},
		{"plain go of a compiled func", "goroutine 31 [sleep]:\ntime.Sleep(0x3b9aca00)\ncreated by github.com/learn-concurrency/playground/internal/yaegi/interp.callBin.func10 in goroutine 6\n",
			gState{id: 31, reason: "sleep", plainGo: true}},
		{"yaegi's own", "goroutine 32 [chan receive]:\nx()\ncreated by github.com/learn-concurrency/playground/internal/yaegi/interp.(*Interpreter).EvalWithContext in goroutine 1\n",
			gState{id: 32, reason: "chan receive"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseGoroutine([]byte(tt.block))
			if !ok || got != tt.want {
				t.Errorf("parseGoroutine: %+v, %v; want %+v", got, ok, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "goroutine", "goroutine x [running]:", "goroutine 1 running", "panic: oops"} {
		if g, ok := parseGoroutine([]byte(bad)); ok {
			t.Errorf("parseGoroutine(%q) = %+v, want no goroutine", bad, g)
		}
	}
}

func TestGoroutineState(t *testing.T) {
	dump := []byte("goroutine 5 [running]:\nmain.main()\n\ngoroutine 15 [sleep]:\ntime.Sleep()\n\ngoroutine 150 [chan send]:\nmain.f()\n")
	for id, want := range map[int64]string{5: "running", 15: "sleep", 150: "chan send"} {
		if g, ok := goroutineState(dump, id); !ok || g.reason != want {
			t.Errorf("goroutine %d: %+v, %v; want %q", id, g, ok, want)
		}
	}
	for _, id := range []int64{1, 50, 1500} {
		if g, ok := goroutineState(dump, id); ok {
			t.Errorf("goroutine %d found: %+v", id, g)
		}
	}
	n := 0
	eachGoroutine(dump, func(gState) { n++ })
	if n != 3 {
		t.Errorf("eachGoroutine saw %d goroutines, want 3", n)
	}
}

func TestStacksOfMany(t *testing.T) {
	release := make(chan bool)
	var wg sync.WaitGroup
	for i := 0; i < 2000; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); <-release }()
	}
	dump, cut, buf := goroutineStacks()
	n := 0
	eachGoroutine(dump, func(gState) { n++ })
	putStackBuf(buf)
	close(release)
	wg.Wait()
	if cut || n < 2000 {
		t.Errorf("the dump shows %d goroutines (cut: %v), want at least 2000", n, cut)
	}
}
