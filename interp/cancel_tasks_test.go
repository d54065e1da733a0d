package interp

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TestCancelNamesAFewTasks: a Ctrl-C stops every task with the input, and
// its message names the first few and counts the rest (beside 100,000
// tasks it once named them all, in two megabytes).
func TestCancelNamesAFewTasks(t *testing.T) {
	s := startSession(t, Options{})
	ctx := context.Background()
	cases := []struct {
		tasks int
		want  string
	}{
		{2, `interrupted; Ctrl-C also stopped the tasks t1 "parked", t2 "parked" (:tasks shows them)`},
		{20, `interrupted; Ctrl-C also stopped 20 tasks: t3 "parked", t4 "parked", t5 "parked", t6 "parked", t7 "parked" and 15 more (:tasks shows them)`},
	}
	for _, c := range cases {
		cctx, cancel := context.WithCancel(ctx)
		var once sync.Once
		n := strconv.Itoa(c.tasks)
		res, err := s.Eval(cctx, `started := make(chan bool, `+n+`)
for i := 0; i < `+n+`; i++ { pg.Go("parked", func(ctx context.Context) { started <- true; select {} }) }
for i := 0; i < `+n+`; i++ { <-started }
fmt.Println("spinning")
for {}`, func(o Output) {
			// Cancel on the input's own word: anything else on standard
			// error (a race detector's report) must not cut it short.
			if strings.Contains(o.Data, "spinning") {
				once.Do(cancel)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if res.Err == nil || res.Err.Kind != ErrCanceled || res.Err.Msg != c.want {
			t.Errorf("%d tasks: the cancelled input said %+v\nwant %q", c.tasks, res.Err, c.want)
		}
		cancel()
	}
}
