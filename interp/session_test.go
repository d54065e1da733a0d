package interp

import (
	"bufio"
	"context"
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary serve as the evaluator of the sessions
// these tests start.
func TestMain(m *testing.M) {
	MaybeRunEvaluator()
	os.Exit(m.Run())
}

func startSession(t *testing.T, opt Options) *Session {
	t.Helper()
	s, err := Start(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Ready(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// collector gathers output; Session calls it from its reading goroutine.
type collector struct {
	mu  sync.Mutex
	out strings.Builder
}

func (c *collector) add(o Output) {
	c.mu.Lock()
	c.out.WriteString(o.Data)
	c.mu.Unlock()
}

func (c *collector) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.String()
}

func TestSessionEvalOutputThenValue(t *testing.T) {
	s := startSession(t, Options{})
	var out collector
	res, err := s.Eval(context.Background(), `fmt.Println("a"); 40+2`, out.add)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != "a\n" || res.Value != "42" || res.Type != "int" {
		t.Fatalf("output %q, value %q %q", out.String(), res.Value, res.Type)
	}
}

func TestSessionCrashRestartsEvaluator(t *testing.T) {
	s := startSession(t, Options{})
	before := s.PID()
	if _, err := s.Eval(context.Background(), "x := 1", nil); err != nil {
		t.Fatal(err)
	}
	_, err := s.Eval(context.Background(), `go func() { panic("boom") }(); select {}`, nil)
	var ee *ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("want an *ExitError, got %v", err)
	}
	if !strings.Contains(ee.Reason, "panic in a goroutine: boom") {
		t.Fatalf("reason %q", ee.Reason)
	}
	if s.PID() == before {
		t.Fatal("no fresh evaluator was started")
	}
	res, err := s.Eval(context.Background(), "x", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Err == nil || !strings.Contains(res.Err.Msg, "undefined: x") {
		t.Fatalf("the fresh evaluator should not know x: %+v", res)
	}
}

// TestSessionKillsEvaluatorThatIgnoresCancel stops the evaluator process
// with SIGSTOP, so it cannot answer a cancel: the session must kill it and
// start a fresh one within the grace period.
func TestSessionKillsEvaluatorThatIgnoresCancel(t *testing.T) {
	s := startSession(t, Options{})
	before := s.PID()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	// The input blocks, as a cancellable input does; then the whole
	// process stops, so it cannot answer the cancel.
	res, err := s.Eval(ctx, "go func() { time.Sleep(50 * time.Millisecond); syscall.Kill(os.Getpid(), syscall.SIGSTOP) }(); <-make(chan int)", nil)
	if !errors.Is(err, ErrKilled) {
		t.Fatalf("want ErrKilled, got %v (result %+v %v)", err, res, res.Err)
	}
	if waited := time.Since(start); waited > 10*time.Second {
		t.Fatalf("took %v to give up on a stopped evaluator", waited)
	}
	if s.PID() == before {
		t.Fatal("no fresh evaluator was started")
	}
	res, err = s.Eval(context.Background(), "1+1", nil)
	if err != nil || res.Value != "2" {
		t.Fatalf("after the kill: %+v, %v", res, err)
	}
}

func TestSessionBatch(t *testing.T) {
	s := startSession(t, Options{})
	inputs := []string{`fmt.Println("one"); 1`, "undefinedName", `fmt.Println("three"); 3`}

	t.Run("stops at failure", func(t *testing.T) {
		var got []string
		var out collector
		err := s.EvalBatch(context.Background(), inputs, false, out.add, func(r Result) {
			got = append(got, r.Value)
			if r.Err != nil {
				got = append(got, "error")
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != "1,,error" || out.String() != "one\n" {
			t.Fatalf("results %q output %q", got, out.String())
		}
	})

	t.Run("keeps going", func(t *testing.T) {
		var got []string
		var out collector
		err := s.EvalBatch(context.Background(), inputs, true, out.add, func(r Result) {
			got = append(got, r.Value)
		})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != "1,,3" || out.String() != "one\nthree\n" {
			t.Fatalf("results %q output %q", got, out.String())
		}
	})

	t.Run("crash in the middle", func(t *testing.T) {
		n := 0
		err := s.EvalBatch(context.Background(), []string{"1", "os.Exit(7)", "3"}, true, nil, func(r Result) { n++ })
		var ee *ExitError
		if !errors.As(err, &ee) || !ee.Requested || ee.Code != 7 {
			t.Fatalf("want the exit of os.Exit(7), got %v", err)
		}
		if n != 1 {
			t.Fatalf("%d results before the exit, want 1", n)
		}
	})
}

func TestSessionCloseReapsEvaluator(t *testing.T) {
	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Ready(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	c := s.cur
	s.mu.Unlock()
	s.Close()
	select {
	case <-c.dead:
	case <-time.After(5 * time.Second):
		t.Fatal("the evaluator was not reaped by Close")
	}
	if _, err := s.Eval(context.Background(), "1", nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("Eval after Close: %v, want ErrClosed", err)
	}
}

// TestSessionServerAnswersAfterCancel: after Ctrl-C, a pg.Serve handler
// must still run for a client that connects before the next input.
func TestSessionServerAnswersAfterCancel(t *testing.T) {
	s := startSession(t, Options{})
	ctx := context.Background()
	if _, err := s.Eval(ctx, `srv, _ := pg.Serve(":0", func(c *pg.Conn) { line, _ := c.RecvLine(); c.Send("got " + line + "\n") })`, nil); err != nil {
		t.Fatal(err)
	}
	res, err := s.Eval(ctx, "srv.Addr()", nil)
	if err != nil || res.Err != nil {
		t.Fatalf("%v %v", err, res.Err)
	}
	addr := strings.Trim(res.Value, `"`)
	cctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if res, err := s.Eval(cctx, "for {}", nil); err != nil || res.Err == nil || res.Err.Kind != ErrCanceled {
		t.Fatalf("for {} was not cancelled: %+v %v", res, err)
	}
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	conn.Write([]byte("two\n"))
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || reply != "got two\n" {
		t.Fatalf("after a cancel the server answered %q, %v", reply, err)
	}
}

// EvalLast answers, and then the evaluator ends of itself, as a Go
// program does when main returns: no fresh one replaces it, nothing is
// reported.
func TestEvalLastEndsTheEvaluator(t *testing.T) {
	var notices []Notice
	var mu sync.Mutex
	s := startSession(t, Options{OnNotice: func(n Notice) {
		mu.Lock()
		notices = append(notices, n)
		mu.Unlock()
	}})
	pid := s.PID()
	var out collector
	res, err := s.EvalLast(context.Background(), `fmt.Println("last"); 6 * 7`, out.add)
	if err != nil || res.Err != nil || res.Value != "42" || out.String() != "last\n" {
		t.Fatalf("EvalLast = %+v, %v, printing %q; want 42, printing \"last\"", res, err, out.String())
	}
	// It ends without being asked.
	for deadline := time.Now().Add(10 * time.Second); syscall.Kill(pid, 0) == nil; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the evaluator %d lives on after its last input", pid)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s.PID() != pid {
		t.Errorf("a fresh evaluator (%d) replaced the one that ended after its last input (%d)", s.PID(), pid)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, n := range notices {
		if n.Exit != nil || n.RestartErr != nil {
			t.Errorf("the end after the last input was reported: %+v", n)
		}
	}
}

// A last input that ends the evaluator itself (os.Exit) reports the exit
// as any input does.
func TestEvalLastThatExits(t *testing.T) {
	s := startSession(t, Options{})
	_, err := s.EvalLast(context.Background(), `os.Exit(3)`, nil)
	var ee *ExitError
	if !errors.As(err, &ee) || !ee.Requested || ee.Code != 3 {
		t.Fatalf("EvalLast(os.Exit(3)) = %v; want an ExitError with code 3, requested", err)
	}
}

// A request made while the evaluator starts goes at once and waits in
// its socket; one larger than the socket holds too.
func TestRequestBeforeReady(t *testing.T) {
	for _, src := range []string{`6 * 7`, `len("` + strings.Repeat("x", 1<<20) + `") - 1<<20 + 42`} {
		s, err := Start(Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Eval(context.Background(), src, nil)
		s.Close()
		if err != nil || res.Err != nil || res.Value != "42" {
			t.Errorf("Eval of %d bytes right after Start = %+v, %v; want 42", len(src), res, err)
		}
	}
}

// A request cancelled while the evaluator starts returns at once, as one
// made then always did; the session goes on.
func TestRequestCancelledBeforeReady(t *testing.T) {
	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Eval(ctx, `x := 1`, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled Eval right after Start returned %v; want context.Canceled", err)
	}
	res, err := s.Eval(context.Background(), `6 * 7`, nil)
	if err != nil || res.Err != nil || res.Value != "42" {
		t.Fatalf("the next Eval = %+v, %v; want 42", res, err)
	}
}

// An evaluator that ends before it is ready fails the request with why.
func TestEvaluatorThatFailsToStart(t *testing.T) {
	s, err := Start(Options{Command: []string{"/bin/false"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Eval(context.Background(), `6 * 7`, nil)
	if err == nil || !strings.Contains(err.Error(), "the evaluator failed to start: the evaluator exited with status 1") {
		t.Fatalf("Eval with /bin/false as the evaluator returned %v; want that it failed to start, with status 1", err)
	}
}

// The evaluator reads its requests through Go's poller: the descriptor is
// non-blocking (O_NONBLOCK in its flags, octal 04000).
func TestEvaluatorReadsRequestsThroughThePoller(t *testing.T) {
	s := startSession(t, Options{})
	res, err := s.Eval(context.Background(), `b, _ := os.ReadFile("/proc/self/fdinfo/3"); strings.Fields(strings.Split(string(b), "\n")[1])[1]`, nil)
	if err != nil || res.Err != nil {
		t.Fatalf("%v %v", err, res.Err)
	}
	flags, err := strconv.ParseInt(strings.Trim(res.Value, `"`), 8, 64)
	if err != nil || flags&04000 == 0 {
		t.Fatalf("the evaluator's request descriptor has flags %s; want O_NONBLOCK (04000) among them", res.Value)
	}
}
