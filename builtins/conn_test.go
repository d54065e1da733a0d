package builtins

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestEchoRoundTrip(t *testing.T) {
	srv, c := dialServer(t, Echo)
	if c.RemoteAddr() != srv.Addr() || !strings.HasPrefix(c.LocalAddr(), "127.0.0.1:") {
		t.Errorf("conn %s → %s; server %s", c.LocalAddr(), c.RemoteAddr(), srv.Addr())
	}

	// A big message comes back whole, in pieces of at most 64 KiB.
	msg := strings.Repeat("0123456789abcdef", 40000) // 640,000 bytes
	go func() {
		if err := c.Send(msg); err != nil {
			t.Error(err)
		}
	}()
	var got strings.Builder
	for got.Len() < len(msg) {
		s, err := c.Recv()
		if err != nil {
			t.Fatalf("after %d bytes: %v", got.Len(), err)
		}
		if len(s) > recvSize {
			t.Fatalf("Recv returned %d bytes", len(s))
		}
		got.WriteString(s)
	}
	if got.String() != msg {
		t.Fatal("the echo differs")
	}

	// Lines, with \n and \r\n endings.
	c.Send("one\ntwo\r\nthree\n")
	for _, want := range []string{"one", "two", "three"} {
		if line, err := c.RecvLine(); line != want || err != nil {
			t.Errorf("RecvLine = %q, %v; want %q", line, err, want)
		}
	}
	// Recv after RecvLine returns what RecvLine read ahead first.
	c.Send("four\nfive")
	if line, _ := c.RecvLine(); line != "four" {
		t.Errorf("RecvLine = %q", line)
	}
	var rest string
	for rest != "five" {
		s, err := c.Recv()
		if err != nil {
			t.Fatal(err)
		}
		rest += s
	}

	n := int64(len(msg) + len("one\ntwo\r\nthree\nfour\nfive"))
	if i := sockInfo(t, c.ID()); i.In != n || i.Out != n {
		t.Errorf("counted %d in, %d out; want %d", i.In, i.Out, n)
	}
	sockEventually(t, "server counters", func() bool { return srv.BytesIn() == n && srv.BytesOut() == n })
	if srv.Conns() != 1 {
		t.Errorf("srv.Conns() = %d", srv.Conns())
	}
	if s := c.String(); !strings.Contains(s, c.ID()+" tcp dial "+c.LocalAddr()+" → "+srv.Addr()+" (open, ") {
		t.Errorf("c.String() = %q", s)
	}
	if s := srv.String(); !strings.HasPrefix(s, srv.ID()+" echo server on "+srv.Addr()+": 1 conn (1 open), 625.0 KiB in, 625.0 KiB out") {
		t.Errorf("srv.String() = %q", s)
	}
}

// TestEOF: the other side closing is io.EOF, the last partial line first.
func TestEOF(t *testing.T) {
	l, c, a := connPair(t)
	a.Send("whole\npartial")
	a.Close()
	for _, want := range []string{"whole", "partial"} {
		if line, err := c.RecvLine(); line != want || err != nil {
			t.Errorf("RecvLine = %q, %v; want %q", line, err, want)
		}
	}
	if line, err := c.RecvLine(); line != "" || err != io.EOF {
		t.Errorf("RecvLine at the end = %q, %v; want io.EOF", line, err)
	}
	if s, err := c.Recv(); s != "" || err != io.EOF {
		t.Errorf("Recv at the end = %q, %v; want io.EOF", s, err)
	}
	if st := sockInfo(t, c.ID()).State; st != "peer closed" {
		t.Errorf("state %q; want peer closed", st)
	}
	if a.String() == "" || !strings.Contains(a.String(), " tcp accept ") {
		t.Errorf("a.String() = %q", a.String())
	}
	if !strings.Contains(l.String(), "(closed, 1 conn)") && !strings.Contains(l.String(), "(listening, 1 conn)") {
		t.Errorf("l.String() = %q", l.String())
	}
}

func TestRecvTimeout(t *testing.T) {
	l, c, a := connPair(t)

	c.SetTimeout(100 * time.Millisecond)
	start := time.Now()
	_, err := c.Recv()
	took := time.Since(start)
	want := "Recv tcp " + l.Addr() + ": timed out after 100ms — nothing arrived: c.SetTimeout(d) waits longer, c.SetTimeout(0) until data comes"
	if err == nil || err.Error() != want {
		t.Errorf("Recv of nothing: %v\nwant %s", err, want)
	}
	if took < 100*time.Millisecond || took > 2*time.Second {
		t.Errorf("the 100 ms timeout took %v", took)
	}
	var se *SockError
	if !errors.As(err, &se) || !se.Timeout() || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("not a timeout: %#v", err)
	}
	// The connection still works after a timeout.
	a.Send("late\n")
	if s, err := c.Recv(); s != "late\n" || err != nil {
		t.Errorf("Recv after a timeout = %q, %v", s, err)
	}

	// A line cut by a timeout is not lost.
	a.Send("half ")
	if _, err := c.RecvLine(); err == nil || !strings.HasPrefix(err.Error(), "RecvLine tcp ") {
		t.Errorf("RecvLine of half a line: %v", err)
	}
	a.Send("and half\n")
	if line, err := c.RecvLine(); line != "half and half" || err != nil {
		t.Errorf("RecvLine = %q, %v", line, err)
	}

	// The package-wide default applies to connections opened afterwards.
	SetReadTimeout(50 * time.Millisecond)
	defer SetReadTimeout(defaultReadTimeout)
	c2, err := Dial("tcp", l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if _, err := c2.Recv(); err == nil || !strings.Contains(err.Error(), "timed out after 50ms") {
		t.Errorf("Recv with pg.SetReadTimeout(50ms): %v", err)
	}
	// Accept has no limit unless one is set.
	l.SetTimeout(50 * time.Millisecond)
	if _, err := l.Accept(); err != nil {
		t.Errorf("c2 waits to be accepted: %v", err)
	}
	if _, err := l.Accept(); err == nil || !strings.Contains(err.Error(), "timed out after 50ms — no client came") {
		t.Errorf("Accept with a timeout: %v", err)
	}
}

// TestSockInterrupt: Ctrl-C (InterruptSockets) wakes a blocked Recv and
// Accept, however long their timeouts, and not calls made afterwards.
func TestSockInterrupt(t *testing.T) {
	l, c, a := connPair(t)
	defer a.Close()
	c.SetTimeout(0) // no limit
	u, err := ListenUDP("")
	if err != nil {
		t.Fatal(err)
	}
	defer u.Close()
	u.SetTimeout(time.Hour)

	errs := make(chan error, 4)
	var started sync.WaitGroup
	started.Add(4)
	go func() { started.Done(); _, err := c.Recv(); errs <- err }()
	go func() { started.Done(); _, err := a.RecvLine(); errs <- err }()
	go func() { started.Done(); _, err := l.Accept(); errs <- err }()
	go func() { started.Done(); _, _, err := u.RecvFrom(); errs <- err }()
	started.Wait()
	time.Sleep(100 * time.Millisecond) // let them block
	start := time.Now()
	InterruptSockets()
	for range 4 {
		select {
		case err := <-errs:
			if !errors.Is(err, ErrInterrupted) || !strings.HasSuffix(err.Error(), ": interrupted (Ctrl-C)") {
				t.Errorf("interrupted call returned %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a blocked call was not interrupted")
		}
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("interrupting took %v", took)
	}
	// Later calls wait as usual.
	c.SetTimeout(200 * time.Millisecond)
	if _, err := c.Recv(); err == nil || errors.Is(err, ErrInterrupted) || !strings.Contains(err.Error(), "timed out") {
		t.Errorf("Recv after the interrupt: %v", err)
	}
	a.Send("still here")
	if s, err := c.Recv(); s != "still here" || err != nil {
		t.Errorf("Recv after the interrupt = %q, %v", s, err)
	}
}

func TestClosedConn(t *testing.T) {
	srv, err := Echo("")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, err := Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	// Close wakes a waiting Recv.
	c.SetTimeout(0)
	done := make(chan error)
	go func() { _, err := c.Recv(); done <- err }()
	time.Sleep(50 * time.Millisecond)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if !errors.Is(err, ErrClosed) {
			t.Errorf("Recv during Close: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not wake Recv")
	}
	if err := c.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	err = c.Send("late")
	if !errors.Is(err, ErrClosed) || !strings.HasPrefix(err.Error(), "Send tcp "+srv.Addr()+": closed — it was closed earlier") {
		t.Errorf("Send after Close: %v", err)
	}
}

// TestServerClose: closing a server closes its connections and frees
// its address.
func TestServerClose(t *testing.T) {
	srv, err := Echo("")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Send("x")
	c.Recv()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err := c.Recv(); s != "" || err != io.EOF {
		t.Errorf("Recv from a closed server = %q, %v", s, err)
	}
	if srv.Open() != 0 {
		t.Errorf("%d conns open after Close", srv.Open())
	}
	if err := srv.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	again, err := Echo(srv.Addr())
	if err != nil {
		t.Fatalf("the address is not free after Close: %v", err)
	}
	again.Close()
}

func TestTimeServer(t *testing.T) {
	_, c := dialServer(t, Time)
	line, err := c.RecvLine()
	if err != nil {
		t.Fatal(err)
	}
	when, err := time.Parse(time.RFC3339Nano, line)
	if err != nil || time.Since(when).Abs() > time.Minute {
		t.Errorf("the time server sent %q (%v)", line, err)
	}
	if _, err := c.Recv(); err != io.EOF {
		t.Errorf("after the time: %v; want io.EOF", err)
	}
}

func TestUnixSocket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pg.sock")
	for _, addr := range []string{path, ""} {
		l, err := Listen("unix", addr)
		if err != nil {
			t.Fatal(err)
		}
		if addr != "" && l.Addr() != addr {
			t.Errorf("unix listener at %q; want %q", l.Addr(), addr)
		}
		c, err := Dial("unix", l.Addr())
		if err != nil {
			t.Fatal(err)
		}
		a, err := l.Accept()
		if err != nil {
			t.Fatal(err)
		}
		c.Send("over a file\n")
		if line, err := a.RecvLine(); line != "over a file" || err != nil {
			t.Errorf("RecvLine = %q, %v", line, err)
		}
		if i := sockInfo(t, c.ID()); i.Net != "unix" || i.Remote != l.Addr() || i.Local != "(unnamed)" {
			t.Errorf("unix conn: %+v", i)
		}
		c.Close()
		a.Close()
		l.Close()
		if _, err := os.Stat(l.Addr()); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("socket file left after Close: %v", err)
		}
		if addr == "" {
			if _, err := os.Stat(filepath.Dir(l.Addr())); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("temporary directory left after Close: %v", err)
			}
		}
	}
}

func TestUDPRoundTrip(t *testing.T) {
	srv, err := ListenUDP("")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cli, err := ListenUDP(":0")
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()

	if err := cli.SendTo("ping", srv.Addr()); err != nil {
		t.Fatal(err)
	}
	msg, from, err := srv.RecvFrom()
	if msg != "ping" || from != cli.Addr() || err != nil {
		t.Fatalf("RecvFrom = %q, %q, %v; want ping from %s", msg, from, err, cli.Addr())
	}
	if err := srv.SendTo("pong", from); err != nil {
		t.Fatal(err)
	}
	msg, from, err = cli.RecvFrom()
	if msg != "pong" || from != srv.Addr() || err != nil {
		t.Errorf("reply = %q, %q, %v", msg, from, err)
	}
	// A hostless port is 127.0.0.1.
	_, port, _ := strings.Cut(srv.Addr(), ":")
	if err := cli.SendTo("again", ":"+port); err != nil {
		t.Fatal(err)
	}
	if msg, _, _ := srv.RecvFrom(); msg != "again" {
		t.Errorf("RecvFrom = %q", msg)
	}

	// pg.Dial over UDP: each Send is a datagram, each Recv one.
	c, err := Dial("udp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Send("one")
	c.Send("two")
	for _, want := range []string{"one", "two"} {
		msg, from, err := srv.RecvFrom()
		if msg != want || from != c.LocalAddr() || err != nil {
			t.Errorf("RecvFrom = %q, %q, %v; want %q from %s", msg, from, err, want, c.LocalAddr())
		}
	}
	srv.SendTo("back", c.LocalAddr())
	if s, err := c.Recv(); s != "back" || err != nil {
		t.Errorf("Recv over udp = %q, %v", s, err)
	}

	if i := sockInfo(t, srv.ID()); i.Kind != "udp" || i.In != int64(len("pingagainonetwo")) || i.Out != int64(len("pongback")) {
		t.Errorf("udp socket: %+v", i)
	}
	srv.SetTimeout(50 * time.Millisecond)
	if _, _, err := srv.RecvFrom(); err == nil || !strings.Contains(err.Error(), "RecvFrom udp "+srv.Addr()+": timed out after 50ms") {
		t.Errorf("RecvFrom of nothing: %v", err)
	}
	if !strings.HasPrefix(srv.String(), srv.ID()+" udp "+srv.Addr()+" (open, ") {
		t.Errorf("srv.String() = %q", srv.String())
	}
}

// TestConnReadWrite: a Conn is an io.Reader and io.Writer, counted and
// with timeouts like Send and Recv.
func TestConnReadWrite(t *testing.T) {
	srv, c := dialServer(t, Echo)
	var w io.Writer = c
	fmt.Fprintf(w, "line %d\nline %d\n", 1, 2)
	// RecvLine reads ahead; Read returns what it read ahead first.
	if line, _ := c.RecvLine(); line != "line 1" {
		t.Errorf("RecvLine = %q", line)
	}
	sc := bufio.NewScanner(io.Reader(c))
	if !sc.Scan() || sc.Text() != "line 2" {
		t.Errorf("Scan = %q, %v", sc.Text(), sc.Err())
	}
	if n, err := c.Read(nil); n != 0 || err != nil {
		t.Errorf("Read(nil) = %d, %v", n, err)
	}
	c.SetTimeout(50 * time.Millisecond)
	if _, err := c.Read(make([]byte, 10)); err == nil || !strings.HasPrefix(err.Error(), "Read tcp "+srv.Addr()+": timed out after 50ms") {
		t.Errorf("Read of nothing: %v", err)
	}
	if i := sockInfo(t, c.ID()); i.In != 14 || i.Out != 14 {
		t.Errorf("counted %d in, %d out; want 14", i.In, i.Out)
	}
	c.Close()
	if _, err := c.Write([]byte("x")); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close: %v", err)
	}
}

// connPair listens on loopback, dials it and accepts: the listener and
// both ends of one connection, closed when the test ends.
func connPair(t *testing.T) (l *Listener, c, a *Conn) {
	t.Helper()
	l, err := Listen("tcp", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	c, err = Dial("tcp", l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	a, err = l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return l, c, a
}

// dialServer starts a demo server on loopback and dials it: the server and
// a client, closed when the test ends.
func dialServer(t *testing.T, start func(addr string) (*Server, error)) (*Server, *Conn) {
	t.Helper()
	srv, err := start("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c, err := Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return srv, c
}
