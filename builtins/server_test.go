package builtins

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"
)

// sockFetch gets url with an outside client: curl or python3 if the
// machine has one, net/http otherwise. It returns the client used.
func sockFetch(t *testing.T, url string) (body, client string) {
	t.Helper()
	if path, err := exec.LookPath("curl"); err == nil {
		out, err := exec.Command(path, "-sS", "--max-time", "10", url).Output()
		if err != nil {
			t.Fatalf("curl %s: %v", url, err)
		}
		return string(out), "curl"
	}
	if path, err := exec.LookPath("python3"); err == nil {
		out, err := exec.Command(path, "-c",
			"import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())", url).Output()
		if err != nil {
			t.Fatalf("python3 urlopen %s: %v", url, err)
		}
		return string(out), "python3"
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), "net/http"
}

func TestHTTPOutsideClient(t *testing.T) {
	srv, err := HTTP("")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	base := "http://" + srv.Addr()

	page, client := sockFetch(t, base+"/")
	t.Logf("client: %s", client)
	if !strings.Contains(page, "<h1>Hello from the playground</h1>") || !strings.Contains(page, srv.Addr()) {
		t.Errorf("GET / with %s:\n%s", client, page)
	}
	echo, _ := sockFetch(t, base+"/echo?x=1")
	if !strings.HasPrefix(echo, "GET /echo?x=1 HTTP/1.1\r\n") || !strings.Contains(echo, "Host: "+srv.Addr()) {
		t.Errorf("GET /echo with %s:\n%s", client, echo)
	}
	start := time.Now()
	slow, _ := sockFetch(t, base+"/slow?ms=150")
	if took := time.Since(start); slow != "answered after 150 ms\n" || took < 150*time.Millisecond {
		t.Errorf("GET /slow?ms=150 with %s: %q after %v", client, slow, took)
	}
	if srv.Conns() < 3 || srv.BytesIn() == 0 || srv.BytesOut() < int64(len(page)+len(echo)) {
		t.Errorf("counters: %v", srv)
	}

	// The seed's raw request, typed against loopback.
	c, err := Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
	if status, err := c.RecvLine(); status != "HTTP/1.1 200 OK" || err != nil {
		t.Errorf("raw GET: %q, %v", status, err)
	}
	c.Send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
	var reply strings.Builder
	for {
		s, err := c.Recv()
		reply.WriteString(s)
		if err != nil {
			break
		}
	}
	if !strings.Contains(reply.String(), "POST /echo HTTP/1.1\r\n") || !strings.HasSuffix(reply.String(), "\r\n\r\nhello") {
		t.Errorf("raw POST /echo:\n%s", reply.String())
	}

	// Close ends keep-alive connections too.
	keep, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer keep.Close()
	keep.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
	br := bufio.NewReader(keep)
	if resp, err := http.ReadResponse(br, nil); err != nil {
		t.Fatal(err)
	} else {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	srv.Close()
	keep.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("a keep-alive connection after Close: %v", err)
	}
	for _, s := range Socks() {
		if (s.ID == srv.ID() || s.Parent == srv.ID()) && s.State != "closed" {
			t.Errorf("after Close: %+v", s)
		}
	}
}

// sockInterp is a yaegi interpreter with the standard library and pg, as
// the evaluator has.
func sockInterp(t *testing.T) func(src string) reflect.Value {
	return interpEval(t, `import ("errors"; "fmt"; "io"; "os"; "strings"; "time"; "pg")`)
}

// TestServeInterpreted: a server written in interpreted code with pg.Serve
// answers a client written in compiled Go, each connection a task.
func TestServeInterpreted(t *testing.T) {
	eval := sockInterp(t)
	eval(`
func greet(c *pg.Conn) {
	for {
		name, err := c.RecvLine()
		if err != nil {
			return
		}
		if name == "panic" {
			panic("asked to")
		}
		c.Send("hello, " + strings.ToUpper(name) + "\n")
	}
}`)
	eval(`srv, err := pg.Serve(":0", greet)`)
	if err := eval(`err`); !err.IsNil() {
		t.Fatal(err.Interface())
	}
	srv := eval(`srv`).Interface().(*Server)
	defer srv.Close()
	// yaegi's Eval writes the interpreter's root frame, which a call into
	// interpreted code from another goroutine reads (yaegi v0.16.1 run.go:113,
	// interp.go:132). Here the kernel orders them (the handler runs after
	// a client connects, after the last Eval), which the race detector
	// cannot see: taking the socket table's lock, as the accept loop
	// does, shows it.
	Socks()

	clients := make([]net.Conn, 3)
	for k := range clients {
		c, err := net.Dial("tcp", srv.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		clients[k] = c
	}
	for round := range 3 {
		for k, c := range clients {
			name := string(rune('a'+k)) + strings.Repeat("x", round)
			if _, err := c.Write([]byte(name + "\n")); err != nil {
				t.Fatal(err)
			}
			line, err := bufio.NewReader(c).ReadString('\n')
			if want := "hello, " + strings.ToUpper(name) + "\n"; line != want || err != nil {
				t.Fatalf("client %d got %q, %v; want %q", k, line, err, want)
			}
		}
	}
	if srv.Conns() != 3 || srv.Open() != 3 {
		t.Errorf("server: %v", srv)
	}

	// One task per connection, named for the server and the connection.
	serving := func() (n int) {
		for _, task := range Tasks() {
			if !strings.HasPrefix(task.Name, "serve s") || !strings.HasSuffix(task.Name, " (on "+srv.ID()+")") {
				continue
			}
			select {
			case <-task.Done():
			default:
				n++
			}
		}
		return n
	}
	if n := serving(); n != 3 {
		table, _ := RunMeta("tasks", "")
		t.Errorf("%d tasks serve the 3 connections:\n%s", n, table)
	}

	// A panic in the handler ends that connection only.
	clients[0].Write([]byte("panic\n"))
	if _, err := clients[0].Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("after the handler panicked: %v; want io.EOF", err)
	}
	clients[1].Write([]byte("still\n"))
	if line, _ := bufio.NewReader(clients[1]).ReadString('\n'); line != "hello, STILL\n" {
		t.Errorf("another connection after a panic: %q", line)
	}
	// A client that leaves ends its task.
	clients[2].Close()
	sockEventually(t, "one task left", func() bool { return serving() == 1 })

	// The server's connections show in :socks.
	table, _ := RunMeta("socks", "")
	if !strings.Contains(table, "tcp serve (3 conns)") || !strings.Contains(table, "tcp accept ("+srv.ID()+")") {
		t.Errorf(":socks:\n%s", table)
	}

	// :kill of the task closes its connection.
	var last *Task
	for _, task := range Tasks() {
		select {
		case <-task.Done():
		default:
			if strings.HasSuffix(task.Name, " (on "+srv.ID()+")") {
				last = task
			}
		}
	}
	if last == nil {
		t.Fatal("no task serves the last connection")
	}
	if _, err := RunMeta("kill", fmt.Sprintf("t%d", last.ID)); err != nil {
		t.Fatal(err)
	}
	if _, err := clients[1].Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("after :kill of its task: %v; want io.EOF", err)
	}
	sockEventually(t, "no task left", func() bool { return serving() == 0 })

	// Closing the server leaves nothing open.
	srv.Close()
	if srv.Open() != 0 {
		t.Errorf("%d connections open after Close", srv.Open())
	}
}

// TestInterpretedClient: learner code dials, sends, receives and reads
// the errors.
func TestInterpretedClient(t *testing.T) {
	eval := sockInterp(t)
	eval(`srv, _ := pg.Echo("")`)
	defer eval(`srv`).Interface().(*Server).Close()
	eval(`c, err := pg.Dial("tcp", srv.Addr())`)
	eval(`err = c.Send("hi there\n")`)
	if got := eval(`line, err := c.RecvLine(); fmt.Sprint(line, err)`).String(); got != "hi there<nil>" {
		t.Errorf("RecvLine from yaegi: %q", got)
	}
	eval(`c.SetTimeout(50 * time.Millisecond)`)
	eval(`_, err = c.Recv()`)
	eval(`var se *pg.SockError`)
	if got := eval(`fmt.Sprint(errors.As(err, &se), se.Timeout(), errors.Is(err, os.ErrDeadlineExceeded))`).String(); got != "true true true" {
		t.Errorf("a timeout from yaegi: %q", got)
	}
	eval(`c.Close()`)
	if got := eval(`fmt.Sprint(errors.Is(c.Send("x"), pg.ErrClosed))`).String(); got != "true" {
		t.Errorf("pg.ErrClosed from yaegi: %q", got)
	}
	free := sockFreeAddr(t)
	if got := eval(`_, err = pg.Dial("tcp", "` + free + `"); err.Error()`).String(); got != "pg.Dial tcp "+free+": connection refused — is a server listening there? (:socks lists yours)" {
		t.Errorf("refused from yaegi: %q", got)
	}
	// A server whose handler is a closure, answered from learner code.
	eval(`greeting := "hi"`)
	eval(`srv2, _ := pg.Serve("", func(c *pg.Conn) { c.Send(greeting + " from " + c.LocalAddr() + "\n") })`)
	srv2 := eval(`srv2`).Interface().(*Server)
	defer srv2.Close()
	Socks() // see TestServeInterpreted
	if got := eval(`c2, _ := pg.Dial("tcp", srv2.Addr()); line, err = c2.RecvLine(); line`).String(); got != "hi from "+srv2.Addr() {
		t.Errorf("a closure served: %q", got)
	}
	if _, err := Serve("", nil); err == nil || err.Error() != "pg.Serve tcp 127.0.0.1:0: no handler — give it a func(c *pg.Conn) that serves one connection" {
		t.Errorf("Serve with no handler: %v", err)
	}

	eval(`var kind string`)
	eval(`for _, s := range pg.Socks() { if s.ID == c.ID() { kind = s.Kind + " " + s.State } }`)
	if got := eval(`kind`).String(); got != "dial closed" {
		t.Errorf("pg.Socks from yaegi: kind and state of c: %q", got)
	}
}
