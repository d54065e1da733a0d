package builtins

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Every socket in these tests is on 127.0.0.1 (or a unix socket file in a
// temporary directory): nothing listens on another interface.

// sockFreeAddr returns a 127.0.0.1 address that nothing listens on now.
func sockFreeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// sockInfo finds id in pg.Socks().
func sockInfo(t *testing.T, id string) SockInfo {
	t.Helper()
	for _, s := range Socks() {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("%s is not in pg.Socks()", id)
	return SockInfo{}
}

// sockEventually polls cond for up to 5 s.
func sockEventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after 5 s: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestSockLoopbackAddr(t *testing.T) {
	for _, c := range []struct{ network, addr, want string }{
		{"tcp", "", "127.0.0.1:0"},
		{"tcp", ":0", "127.0.0.1:0"},
		{"tcp", ":8080", "127.0.0.1:8080"},
		{"tcp", "8080", "127.0.0.1:8080"},
		{"tcp4", ":8080", "127.0.0.1:8080"},
		{"tcp6", ":8080", "[::1]:8080"},
		{"udp", ":9999", "127.0.0.1:9999"},
		{"udp6", "", "[::1]:0"},
		// A named host is the learner's choice.
		{"tcp", "0.0.0.0:8080", "0.0.0.0:8080"},
		{"tcp", "localhost:8080", "localhost:8080"},
		{"tcp", "[::]:8080", "[::]:8080"},
		// Left for net to report.
		{"tcp", "127.0.0.1", "127.0.0.1"},
		{"unix", "", ""},
		{"unix", "/tmp/x.sock", "/tmp/x.sock"},
	} {
		if got := loopbackAddr(c.network, c.addr); got != c.want {
			t.Errorf("loopbackAddr(%q, %q) = %q; want %q", c.network, c.addr, got, c.want)
		}
	}
}

// TestListenHostless: an address without a host listens on 127.0.0.1.
func TestListenHostless(t *testing.T) {
	free := sockFreeAddr(t)
	_, port, _ := net.SplitHostPort(free)
	for _, addr := range []string{"", ":0", ":" + port, port} {
		l, err := Listen("tcp", addr)
		if err != nil {
			t.Fatalf("Listen(tcp, %q): %v", addr, err)
		}
		host, p, err := net.SplitHostPort(l.Addr())
		if err != nil || host != "127.0.0.1" || p == "0" {
			t.Errorf("Listen(tcp, %q).Addr() = %q; want 127.0.0.1 and a port", addr, l.Addr())
		}
		if tcpAddr := l.Listener().Addr().(*net.TCPAddr); !tcpAddr.IP.Equal(net.IPv4(127, 0, 0, 1)) {
			t.Errorf("Listen(tcp, %q) is bound to %v", addr, tcpAddr.IP)
		}
		if (addr == port || addr == ":"+port) && p != port {
			t.Errorf("Listen(tcp, %q) got port %s", addr, p)
		}
		l.Close()
	}
	u, err := ListenUDP(":0")
	if err != nil {
		t.Fatal(err)
	}
	defer u.Close()
	if !strings.HasPrefix(u.Addr(), "127.0.0.1:") {
		t.Errorf("ListenUDP(:0).Addr() = %q", u.Addr())
	}
	for _, f := range []func(string) (*Server, error){Echo, Time, HTTP} {
		s, err := f("")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(s.Addr(), "127.0.0.1:") {
			t.Errorf("%s server on %q", s.kind, s.Addr())
		}
		s.Close()
	}
}

func TestListenErrors(t *testing.T) {
	l, err := Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = Listen("tcp", l.Addr())
	want := "pg.Listen tcp " + l.Addr() + `: address already in use — ":0" picks a free port`
	if err == nil || err.Error() != want {
		t.Errorf("Listen on a busy port: %v\nwant %s", err, want)
	}
	if !errors.Is(err, syscall.EADDRINUSE) {
		t.Errorf("errors.Is(%v, EADDRINUSE) = false", err)
	}
	var se *SockError
	if !errors.As(err, &se) || se.Op != "pg.Listen" || se.Net != "tcp" || se.Addr != l.Addr() || se.Hint == "" {
		t.Errorf("errors.As SockError: %#v", se)
	}
	// The same through a server.
	if _, err := Echo(l.Addr()); err == nil || !strings.HasPrefix(err.Error(), "pg.Echo tcp "+l.Addr()+": address already in use") {
		t.Errorf("Echo on a busy port: %v", err)
	}

	_, err = Listen("udp", ":0")
	if err == nil || err.Error() != `pg.Listen udp 127.0.0.1:0: unknown network "udp" — pg.Listen takes "tcp", "tcp4", "tcp6" or "unix"; pg.ListenUDP listens for UDP` &&
		err.Error() != `pg.Listen udp :0: unknown network "udp" — pg.Listen takes "tcp", "tcp4", "tcp6" or "unix"; pg.ListenUDP listens for UDP` {
		t.Errorf("Listen(udp): %v", err)
	}
	_, err = Listen("tcp", "127.0.0.1")
	if err == nil || err.Error() != `pg.Listen tcp 127.0.0.1: missing port in address — write host:port, such as "127.0.0.1:8080", or ":0" for a free port` {
		t.Errorf("Listen without a port: %v", err)
	}
}

func TestDialRefused(t *testing.T) {
	addr := sockFreeAddr(t)
	_, err := Dial("tcp", addr)
	want := "pg.Dial tcp " + addr + ": connection refused — is a server listening there? (:socks lists yours)"
	if err == nil || err.Error() != want {
		t.Fatalf("Dial to a closed port: %v\nwant %s", err, want)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("errors.Is(err, ECONNREFUSED) = false")
	}
	var ne *net.OpError
	if !errors.As(err, &ne) {
		t.Errorf("the net.OpError underneath is lost: %#v", err)
	}
	// A hostless address dials 127.0.0.1 and says so.
	_, port, _ := net.SplitHostPort(addr)
	if _, err := Dial("tcp", ":"+port); err == nil || err.Error() != want {
		t.Errorf("Dial(tcp, :%s): %v", port, err)
	}
	_, err = Dial("sctp", addr)
	if err == nil || !strings.Contains(err.Error(), `unknown network "sctp" — pg.Dial takes "tcp"`) {
		t.Errorf("Dial(sctp): %v", err)
	}
	_, err = Dial("unix", t.TempDir()+"/nothing.sock")
	if err == nil || !strings.Contains(err.Error(), "no such file or directory — no socket file there") {
		t.Errorf("Dial(unix) to nothing: %v", err)
	}
}

func TestSocksTable(t *testing.T) {
	srv, err := Echo("")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, err := Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send("hello"); err != nil {
		t.Fatal(err)
	}
	if got, err := c.Recv(); got != "hello" || err != nil {
		t.Fatalf("Recv = %q, %v", got, err)
	}

	d := sockInfo(t, c.ID())
	if d.Kind != "dial" || d.Net != "tcp" || d.State != "open" || d.In != 5 || d.Out != 5 ||
		d.Local != c.LocalAddr() || d.Remote != srv.Addr() || d.Age <= 0 || d.Age > time.Minute {
		t.Errorf("dialled conn: %+v", d)
	}
	l := sockInfo(t, srv.ID())
	if l.Kind != "echo" || l.State != "listening" || l.Local != srv.Addr() || l.Conns != 1 || l.In != 5 || l.Out != 5 {
		t.Errorf("echo listener: %+v", l)
	}
	var accepted SockInfo
	for _, s := range Socks() {
		if s.Parent == srv.ID() && s.Remote == c.LocalAddr() {
			accepted = s
		}
	}
	if accepted.Kind != "accept" || accepted.State != "open" || accepted.In != 5 || accepted.Out != 5 {
		t.Errorf("accepted conn: %+v", accepted)
	}
	if srv.Conns() != 1 || srv.Open() != 1 || srv.BytesIn() != 5 || srv.BytesOut() != 5 {
		t.Errorf("server counters: %v", srv)
	}

	table, err := RunMeta("socks", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"ID", "KIND", "LOCAL", "REMOTE", "STATE", "IN", "OUT", "AGE",
		srv.ID() + "  ", "tcp echo (1 conn)", "tcp dial", "tcp accept (" + srv.ID() + ")", "listening", "5 B",
	} {
		if !strings.Contains(table, want) {
			t.Errorf(":socks lacks %q:\n%s", want, table)
		}
	}
	for _, line := range strings.Split(table, "\n") {
		if strings.HasPrefix(line, c.ID()+" ") {
			if f := strings.Fields(line); len(f) < 10 || f[1] != "tcp" || f[2] != "dial" || f[3] != c.LocalAddr() || f[4] != srv.Addr() || f[5] != "open" {
				t.Errorf(":socks line of %s: %q", c.ID(), line)
			}
		}
	}
	for _, line := range strings.Split(table, "\n") {
		if strings.HasSuffix(line, " ") {
			t.Errorf(":socks line ends in a space: %q", line)
		}
	}

	// :kill closes a connection; the server notices and closes its end.
	what, err := RunMeta("kill", c.ID())
	if err != nil || !strings.HasPrefix(what, "closed "+c.ID()+" (tcp dial ") {
		t.Errorf(":kill %s = %q, %v", c.ID(), what, err)
	}
	if st := sockInfo(t, c.ID()).State; st != "closed" {
		t.Errorf("after :kill the conn is %s", st)
	}
	sockEventually(t, "the echo server closes its end", func() bool { return sockInfo(t, accepted.ID).State == "closed" })
	if _, err := RunMeta("kill", c.ID()); err == nil || !strings.Contains(err.Error(), "already closed") {
		t.Errorf(":kill twice: %v", err)
	}
	if _, err := RunMeta("kill", "s999999"); err == nil || err.Error() != "kill: no socket s999999: :socks lists them" {
		t.Errorf(":kill of no socket: %v", err)
	}
	// Ids of other kinds are left to their killers.
	if _, handled, _ := killSock("t3", syscall.SIGKILL); handled {
		t.Error("killSock handled a task id")
	}
	if _, handled, _ := killSock("p3", syscall.SIGKILL); handled {
		t.Error("killSock handled a process id")
	}

	// :kill of a server stops it all.
	if _, err := RunMeta("kill", srv.ID()); err != nil {
		t.Fatal(err)
	}
	if st := sockInfo(t, srv.ID()).State; st != "closed" {
		t.Errorf("after :kill the server is %s", st)
	}
	if _, err := Dial("tcp", srv.Addr()); err == nil {
		t.Error("the killed server still accepts")
	}
	if !strings.HasSuffix(srv.String(), ", closed") {
		t.Errorf("srv.String() = %q", srv.String())
	}
}

func TestSocksForgetsOldClosed(t *testing.T) {
	l, err := Listen("tcp", "")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for range keepClosed + 20 {
		c, err := Dial("tcp", l.Addr())
		if err != nil {
			t.Fatal(err)
		}
		a, err := l.Accept()
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		a.Close()
	}
	closed := 0
	for _, s := range Socks() {
		if s.State == "closed" {
			closed++
		}
	}
	if closed > keepClosed {
		t.Errorf("%d closed sockets remembered; want at most %d", closed, keepClosed)
	}
	if table, _ := RunMeta("socks", ""); !strings.Contains(table, "older closed sockets not shown") {
		t.Errorf(":socks does not say it forgot some:\n%s", table)
	}
	if sockInfo(t, l.ID()).Conns != keepClosed+20 {
		t.Errorf("listener counted %d conns", sockInfo(t, l.ID()).Conns)
	}
}

func TestSockExports(t *testing.T) {
	pkg := Symbols[ImportPath+"/"+ImportPath]
	names := []string{
		"Listen", "Listener", "Dial", "Conn", "ListenUDP", "UDPConn", "Server", "Echo", "Time", "HTTP", "Serve",
		"Socks", "SockInfo", "SockError", "SetDialTimeout", "SetReadTimeout", "ErrInterrupted", "ErrClosed",
	}
	for _, name := range names {
		if !pkg[name].IsValid() {
			t.Errorf("pg.%s is not exported", name)
		}
	}
	if !strings.Contains(strings.Join(MetaNames(), " "), "socks") {
		t.Errorf("MetaNames() = %v; want socks", MetaNames())
	}
	// Each documented with an example (an indented block). Variables are
	// not shown by Doc, so ErrInterrupted and ErrClosed are left out.
	documented := append(names[:len(names)-2:len(names)-2],
		"Listener.Accept", "Listener.Addr", "Listener.Close", "Listener.SetTimeout",
		"Conn.Send", "Conn.Recv", "Conn.RecvLine", "Conn.Close", "Conn.SetTimeout", "Conn.Conn",
		"UDPConn.SendTo", "UDPConn.RecvFrom", "UDPConn.Close", "Server.Close", "Server.Addr")
	for _, name := range documented {
		text, ok := Doc(name)
		if !ok || strings.Contains(text, "no documentation yet") {
			t.Errorf(":doc pg.%s = %q, %v; want a doc comment", name, text, ok)
			continue
		}
		lines := strings.Split(text, "\n")
		hasExample := false
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, "    \t") { // doc indent + code indent
				hasExample = true
			}
		}
		if !hasExample && !strings.Contains(name, ".") {
			t.Errorf(":doc pg.%s has no example:\n%s", name, text)
		}
	}
}

func TestSockGate(t *testing.T) {
	// A gate with nothing waiting ignores interrupt; a waiting call sees it.
	var deadlines []time.Time
	g := sockGate{set: func(d time.Time) error { deadlines = append(deadlines, d); return nil }}
	g.interrupt()
	if len(deadlines) != 0 {
		t.Fatalf("interrupt with no call waiting set a deadline")
	}
	gen := g.begin(time.Second)
	g.interrupt()
	if !g.end(gen) {
		t.Error("end does not report the interrupt")
	}
	if len(deadlines) != 2 || !deadlines[1].Before(time.Now()) {
		t.Errorf("deadlines %v", deadlines)
	}
	gen = g.begin(0) // a later call is not interrupted, and has no deadline
	if g.end(gen) {
		t.Error("an interrupt before begin interrupted a later call")
	}
	if !deadlines[len(deadlines)-1].IsZero() {
		t.Errorf("begin(0) left a deadline: %v", deadlines)
	}
}

func TestSockErrorText(t *testing.T) {
	e := sockError("Recv", "tcp", "127.0.0.1:80", os.ErrDeadlineExceeded, 10*time.Second)
	if e.Error() != "Recv tcp 127.0.0.1:80: timed out after 10s — nothing arrived: c.SetTimeout(d) waits longer, c.SetTimeout(0) until data comes" || !e.Timeout() {
		t.Errorf("%v (timeout %v)", e, e.Timeout())
	}
	e = sockError("Accept", "tcp", "127.0.0.1:80", ErrInterrupted, 0)
	if e.Error() != "Accept tcp 127.0.0.1:80: interrupted (Ctrl-C)" || !errors.Is(e, ErrInterrupted) || e.Timeout() {
		t.Errorf("%v", e)
	}
	e = sockError("pg.Listen", "tcp", "127.0.0.1:80", &net.OpError{Op: "listen", Net: "tcp", Err: os.NewSyscallError("bind", syscall.EACCES)}, 0)
	if e.Error() != `pg.Listen tcp 127.0.0.1:80: permission denied — ports below 1024 need privileges: ":0" picks a free port` {
		t.Errorf("%v", e)
	}
	e = sockError("Send", "tcp", "127.0.0.1:80", fmt.Errorf("write: %w", syscall.EPIPE), 0)
	if e.Error() != "Send tcp 127.0.0.1:80: broken pipe — the other side has closed the connection" {
		t.Errorf("%v", e)
	}
}
