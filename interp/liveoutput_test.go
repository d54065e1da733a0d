package interp

import (
	"context"
	"strings"
	"testing"
	"time"
)

// What a running input prints reaches the shell while it runs, not only
// when it ends: the forwarder looks for output while an input runs
// (stdoutPipe.forward), soon after output and less often the longer none
// comes. The input here prints, then waits for a line of standard input
// that the test sends only once the print has arrived; it does so twice,
// the second time after a quiet spell long enough for the forwarder to
// look as seldom as it ever does.
func TestOutputOfARunningInputArrivesWhileItRuns(t *testing.T) {
	s := startSession(t, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got := make(chan string, 16)
	done := make(chan error, 1)
	go func() {
		res, err := s.Eval(ctx, `r := bufio.NewReader(os.Stdin)
fmt.Println("first")
r.ReadString('\n')
time.Sleep(200 * time.Millisecond)
fmt.Fprintln(os.Stderr, "second")
r.ReadString('\n')
"done"`, func(o Output) { got <- o.Data })
		if err == nil && res.Err != nil {
			err = res.Err
		}
		done <- err
	}()
	for _, want := range []string{"first", "second"} {
		var seen string
		for !strings.Contains(seen, want) {
			select {
			case o := <-got:
				seen += o
			case err := <-done:
				t.Fatalf("the input ended (%v) before %q arrived; got %q", err, want, seen)
			case <-ctx.Done():
				t.Fatalf("%q, printed by a running input, did not arrive while it ran; got %q", want, seen)
			}
		}
		if err := s.Input([]byte("go on\n")); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("the input: %v", err)
	}
}
