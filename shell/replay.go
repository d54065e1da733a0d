package shell

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/signal"
	"strings"
	"sync"
	"time"
)

// replayNotice is how long a replayed input runs before the shell names
// it and says that Ctrl-C skips it.
const replayNotice = 3 * time.Second

// metaReplay reruns, in a fresh evaluator, the inputs that succeeded.
// An input that waited on the outside world is skipped (nothing brings
// that world back), and said so; Ctrl-C skips the input running, not the
// rest of the replay.
func (sh *Shell) metaReplay(ctx context.Context, _ string, _ origin) error {
	inputs := sh.takeReplay()
	if len(inputs) == 0 {
		sh.p.infof("nothing to replay: no input has succeeded since the last :reset.")
		return nil
	}
	if err := sh.sess.Restart(); err != nil {
		sh.replayMu.Lock()
		sh.replay = append(inputs, sh.replay...) // nothing was replayed: keep them
		sh.replayMu.Unlock()
		return fmt.Errorf("replay: %w", err)
	}
	if len(inputs) == 1 {
		sh.p.infof("replaying 1 input in a fresh evaluator")
	} else {
		sh.p.infof("replaying %d inputs in a fresh evaluator", len(inputs))
	}
	// Ctrl-C during the replay skips one input. The terminal cancels ctx
	// on the first Ctrl-C; every one reaches sigint as well.
	sigint := make(chan os.Signal, 1)
	signal.Notify(sigint, os.Interrupt)
	defer signal.Stop(sigint)
	interrupted := false // ctx was cancelled by a Ctrl-C, which skipped an input
	failures, skipped := 0, 0
	for i, in := range inputs {
		if why := outsideWait(in, inputs[:i+1]); why != "" {
			skipped++
			sh.p.warnf("(input %d of the replay skipped: %s %s, and the replay cannot bring that back; type it again when it can be answered. Inputs that use what it defines fail.)", i+1, firstLine(in), why)
			// It is left out of the next replay too, unless typed again.
			continue
		}
		res, byKey := sh.replayOne(ctx, sigint, interrupted, in, i+1)
		switch {
		case byKey:
			interrupted = true
			skipped++
			sh.p.warnf("(input %d of the replay skipped by Ctrl-C: %s; the replay goes on)", i+1, firstLine(in))
		case res != succeeded:
			failures++
			sh.p.warnf("(input %d of the replay failed: %s)", i+1, firstLine(in))
		}
		if !interrupted && ctx.Err() != nil {
			return ctx.Err()
		}
	}
	switch {
	case failures > 0:
		return fmt.Errorf("replay: %d of %d inputs failed this time", failures, len(inputs))
	case skipped > 0:
		sh.p.infof("replayed %d of %d inputs; %d skipped", len(inputs)-skipped, len(inputs), skipped)
	}
	return nil
}

// replayOne runs one input of a replay. A Ctrl-C (on sigint, or ctx's
// cancellation unless an earlier Ctrl-C cancelled it) cancels this input
// only: byKey says so. After replayNotice it names the input still
// running, once.
func (sh *Shell) replayOne(ctx context.Context, sigint <-chan os.Signal, interrupted bool, in string, n int) (res outcome, byKey bool) {
	ictx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	outer := ctx.Done()
	if interrupted {
		outer = nil // that cancellation was a Ctrl-C, spent on an earlier input
	}
	var (
		mu   sync.Mutex
		key  bool
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		notice := time.NewTimer(replayNotice)
		defer notice.Stop()
		for {
			select {
			case <-sigint:
				mu.Lock()
				key = true
				mu.Unlock()
				cancel()
				return
			case <-outer:
				// Cancelled from outside: a Ctrl-C the terminal saw first
				// (its signal is on sigint too), or the end of the shell.
				select {
				case <-sigint:
					mu.Lock()
					key = true
					mu.Unlock()
				case <-time.After(100 * time.Millisecond):
				}
				cancel()
				return
			case <-notice.C:
				sh.p.warnf("(input %d of the replay, %s, is still running after %v: Ctrl-C skips it, and the replay goes on)", n, firstLine(in), replayNotice)
			case <-done:
				return
			}
		}
	}()
	res = sh.evalGo(ictx, in, origin{})
	close(done)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	return res, key
}

// outsideWaits are the calls that wait for the world outside the
// session, by name, with what they wait for.
var outsideWaits = map[string]string{
	"Accept":     "waited for a client to connect",
	"AcceptTCP":  "waited for a client to connect",
	"AcceptUnix": "waited for a client to connect",
	"ReadFrom":   "waited for a datagram",
	"RecvFrom":   "waited for a datagram",
	"Scan":       "waited for you to type",
	"Scanln":     "waited for you to type",
	"Scanf":      "waited for you to type",
}

// outsideWait says what input in waited for, when at its top level (not
// in a function it declares, nor in a goroutine it starts) it waits on
// the outside world and nothing in the replay (upto, the inputs replayed
// so far and it) could answer: no dial, no process started. "" otherwise.
func outsideWait(in string, upto []string) string {
	for _, prev := range upto {
		for _, answers := range []string{"Dial", "pg.Run", "pg.Sh", "pg.Start", "exec.Command", "http.Get", "http.Post"} {
			if strings.Contains(prev, answers) {
				return ""
			}
		}
	}
	body := parseInput(in)
	if body == nil {
		return ""
	}
	why := ""
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.FuncDecl:
			return false
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && why == "" {
				if w, ok := outsideWaits[sel.Sel.Name]; ok {
					if strings.HasPrefix(sel.Sel.Name, "Scan") && !isFmt(sel) && !strings.Contains(in, "os.Stdin") {
						return true // a bufio.Scanner over a string, say
					}
					why = w + " (" + sel.Sel.Name + ")"
				}
			}
		}
		return true
	})
	return why
}

func isFmt(sel *ast.SelectorExpr) bool {
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == "fmt"
}

// parseInput parses shell input as the statements of a function, or as
// declarations; nil if it is neither.
func parseInput(in string) ast.Node {
	fset := token.NewFileSet()
	if f, err := parser.ParseFile(fset, "", "package p; func _() {\n"+in+"\n}", 0); err == nil {
		return f.Decls[0].(*ast.FuncDecl).Body
	}
	if f, err := parser.ParseFile(fset, "", "package p\n"+in, 0); err == nil {
		return f
	}
	return nil
}
