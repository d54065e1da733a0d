package builtins

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
)

// recordedTree is a snapshot :tree took: an evaluator with two tasks, an
// echo server with a connection it accepted, and a shell script that
// started a python server of its own.
func recordedTree() treeData {
	return treeData{
		Shell: treeProc{PID: 4100, Role: "shell", Command: "playground", State: "sleeping", Sockets: -1},
		Evaluator: treeProc{PID: 4101, Role: "evaluator", Command: "playground", State: "running", Sockets: -1,
			Children: []treeProc{
				{PID: 4200, Role: "p1", Command: "sleep 30", State: "sleeping"},
				{PID: 4210, Role: "p2", Command: "sh -c 'python3 -m http.server 8000 & wait'", State: "sleeping",
					Children: []treeProc{{PID: 4211, Command: "python3 -m http.server 8000", State: "sleeping", Sockets: 2,
						Socks: []string{"tcp 0.0.0.0:8000 listening", "tcp 127.0.0.1:8000 → 127.0.0.1:51300 open"}}}},
			}},
		Threads: []treeThread{
			{TID: 4101, State: "sleeping"}, {TID: 4102, State: "sleeping"},
			{TID: 4103, State: "running", Tasks: []string{"t1"}}, {TID: 4104, State: "sleeping", Tasks: []string{"t2"}},
			{TID: 4105, State: "sleeping"},
		},
		ThreadCount: 5,
		Goroutines:  14,
		Tasks: []treeTask{
			{ID: "t1", Name: "worker", State: "running", TID: 4103},
			{ID: "t2", Name: "listener", State: "waiting (IO wait)", TID: 4104},
		},
		Socks: []treeSock{
			{ID: "s1", Desc: "tcp echo 127.0.0.1:40123", State: "listening"},
			{ID: "s2", Desc: "tcp dial 127.0.0.1:40123 → 127.0.0.1:40123", State: "open"},
			{ID: "s3", Desc: "tcp accept 127.0.0.1:40123 → 127.0.0.1:51234", State: "open", Parent: "s1"},
		},
	}
}

func TestDrawTreeGolden(t *testing.T) {
	goldenWidths(t, "tree", func(t *testing.T, width int, colour bool) string {
		return drawTree(recordedTree(), width, colour)
	})
}

// TestTreeShowsTheSession takes a real snapshot: this process as the
// evaluator, its parent as the shell, a process it started, a task and a
// socket.
func TestTreeShowsTheSession(t *testing.T) {
	resetTasks(t)
	p, err := Start("sleep", "30")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Wait()
	defer p.Kill()
	stop := make(chan struct{})
	task := Go("idler", func(ctxDone context.Context) { <-stop })
	defer task.Wait()
	defer close(stop)
	l, _, _ := connPair(t)

	out, err := RunMetaIn(MetaContext{Width: 100}, "tree", "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		fmt.Sprintf("shell pid %d", os.Getppid()),
		fmt.Sprintf("└─ evaluator pid %d", os.Getpid()),
		"OS threads", "goroutines", "t1 idler", "sockets", l.s.ID() + " tcp listen",
		fmt.Sprintf("%s pid %d  sleep 30", p.ID(), p.PID),
	}
	if runtime.GOOS == "linux" {
		want = append(want, "thread ", "sleep 30 · ")
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf(":tree lacks %q:\n%s", w, out)
		}
	}
	if _, err := RunMetaIn(MetaContext{}, "tree", "extra"); err == nil {
		t.Errorf(":tree extra should fail")
	}
}
