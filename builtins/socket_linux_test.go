package builtins

import (
	"bufio"
	"encoding/hex"
	"errors"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// sockProcNet lists the sockets of /proc/net/{tcp,tcp6,udp,udp6} bound
// to port: "ip state" per socket, state as the kernel numbers it (0A is
// TCP LISTEN, 07 an unconnected UDP socket).
func sockProcNet(t *testing.T, port int) []string {
	t.Helper()
	var found []string
	for _, name := range []string{"tcp", "tcp6", "udp", "udp6"} {
		f, err := os.Open("/proc/net/" + name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Scan() // header
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 4 {
				continue
			}
			ipHex, portHex, ok := strings.Cut(fields[1], ":")
			p, err := strconv.ParseUint(portHex, 16, 16)
			if !ok || err != nil || int(p) != port {
				continue
			}
			found = append(found, name+" "+sockProcIP(ipHex)+" "+fields[3])
		}
		f.Close()
	}
	return found
}

// sockProcIP reads an address as /proc/net writes it: 32-bit words in
// the machine's order (little-endian here).
func sockProcIP(h string) string {
	b, err := hex.DecodeString(h)
	if err != nil || len(b)%4 != 0 {
		return h
	}
	for i := 0; i < len(b); i += 4 {
		b[i], b[i+1], b[i+2], b[i+3] = b[i+3], b[i+2], b[i+1], b[i]
	}
	return net.IP(b).String()
}

func sockTestPort(t *testing.T, addr string) int {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(p)
	return n
}

// TestListenHostlessKernel: the kernel agrees that a hostless listener
// is bound to 127.0.0.1 and not to every interface.
func TestListenHostlessKernel(t *testing.T) {
	l, err := Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	u, err := ListenUDP("")
	if err != nil {
		t.Fatal(err)
	}
	defer u.Close()
	if got := sockProcNet(t, sockTestPort(t, l.Addr())); len(got) != 1 || got[0] != "tcp 127.0.0.1 0A" {
		t.Errorf("/proc/net for %s: %q; want one tcp 127.0.0.1 LISTEN (0A)", l.Addr(), got)
	}
	if got := sockProcNet(t, sockTestPort(t, u.Addr())); len(got) != 1 || got[0] != "udp 127.0.0.1 07" {
		t.Errorf("/proc/net for %s: %q; want one udp 127.0.0.1", u.Addr(), got)
	}
}

// sockShutdownChild is the environment variable that makes
// TestSockShutdown the child it starts.
const sockShutdownChild = "PG_SOCK_SHUTDOWN_CHILD"

// TestSockShutdown: after Shutdown nothing the session opened is open,
// and after the process exits nothing of it listens. The sockets are
// opened in a child process (this test binary again), so that Shutdown
// does not stop what other tests in this process started.
func TestSockShutdown(t *testing.T) {
	if os.Getenv(sockShutdownChild) != "" {
		sockShutdownInChild(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSockShutdown$", "-test.v")
	cmd.Env = append(os.Environ(), sockShutdownChild+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var ports []int
	for _, line := range strings.Split(string(out), "\n") {
		if _, rest, ok := strings.Cut(line, ": PORTS "); ok {
			for _, f := range strings.Fields(rest) {
				n, _ := strconv.Atoi(f)
				ports = append(ports, n)
			}
		}
	}
	if len(ports) != 6 || !strings.Contains(string(out), "SHUTDOWN OK") {
		t.Fatalf("child said:\n%s", out)
	}
	for _, p := range ports {
		for _, s := range sockProcNet(t, p) {
			if strings.HasSuffix(s, " 0A") || strings.HasPrefix(s, "udp") {
				t.Errorf("port %d after the child exited: %s", p, s)
			}
		}
	}
}

func sockShutdownInChild(t *testing.T) {
	var ports []int
	var servers []*Server
	for _, f := range []func(string) (*Server, error){Echo, Time, HTTP} {
		s, err := f("")
		if err != nil {
			t.Fatal(err)
		}
		servers = append(servers, s)
	}
	s, err := Serve("", func(c *Conn) { c.Recv() })
	if err != nil {
		t.Fatal(err)
	}
	servers = append(servers, s)
	l, err := Listen("tcp", "")
	if err != nil {
		t.Fatal(err)
	}
	u, err := ListenUDP("")
	if err != nil {
		t.Fatal(err)
	}
	ul, err := Listen("unix", "")
	if err != nil {
		t.Fatal(err)
	}
	// Connections to each, left open.
	var conns []*Conn
	for _, s := range servers {
		ports = append(ports, sockTestPort(t, s.Addr()))
		c, err := Dial("tcp", s.Addr())
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	c, err := Dial("tcp", l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	conns = append(conns, c)
	if _, err := l.Accept(); err != nil {
		t.Fatal(err)
	}
	ports = append(ports, sockTestPort(t, l.Addr()), sockTestPort(t, u.Addr()))
	for _, p := range ports {
		if len(sockProcNet(t, p)) == 0 {
			t.Fatalf("port %d is not in /proc/net before Shutdown", p)
		}
	}
	// Something waiting when Shutdown comes.
	recvDone := make(chan error, 1)
	conns[0].SetTimeout(0)
	go func() { _, err := conns[0].Recv(); recvDone <- err }()
	time.Sleep(20 * time.Millisecond)

	Shutdown()

	for _, s := range Socks() {
		if s.State != "closed" {
			t.Errorf("open after Shutdown: %+v", s)
		}
	}
	for _, p := range ports {
		for _, s := range sockProcNet(t, p) {
			if strings.HasSuffix(s, " 0A") || strings.HasPrefix(s, "udp") {
				t.Errorf("port %d after Shutdown: %s", p, s)
			}
		}
	}
	if _, err := os.Stat(ul.Addr()); !os.IsNotExist(err) {
		t.Errorf("unix socket file %s after Shutdown: %v", ul.Addr(), err)
	}
	select {
	case <-recvDone:
	case <-time.After(5 * time.Second):
		t.Error("a waiting Recv did not return at Shutdown")
	}
	strs := make([]string, len(ports))
	for i, p := range ports {
		strs[i] = strconv.Itoa(p)
	}
	t.Log("PORTS " + strings.Join(strs, " "))
	if !t.Failed() {
		t.Log("SHUTDOWN OK")
	}
}

// sockStuckListener returns the address of a listener whose queue of
// connections is full: a new connection to it waits for an answer that
// does not come (the kernel drops its SYN), as with an unreachable host.
func sockStuckListener(t *testing.T) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(sa.(*syscall.SockaddrInet4).Port))
	// Fill the queue: connections complete until it is full.
	for i := 0; ; i++ {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			break
		}
		t.Cleanup(func() { c.Close() })
		if i > 100 {
			t.Fatal("the listen queue does not fill")
		}
	}
	return addr
}

// TestDialTimeoutAndInterrupt: a dial that gets no answer gives up after
// the dial timeout, or at once on Ctrl-C.
func TestDialTimeoutAndInterrupt(t *testing.T) {
	addr := sockStuckListener(t)
	defer SetDialTimeout(defaultDialTimeout)

	SetDialTimeout(300 * time.Millisecond)
	start := time.Now()
	_, err := Dial("tcp", addr)
	took := time.Since(start)
	want := "pg.Dial tcp " + addr + ": timed out after 300ms — nobody answered: is the address right? pg.SetDialTimeout(d) waits longer"
	if err == nil || err.Error() != want {
		t.Errorf("Dial to a full queue: %v\nwant %s", err, want)
	}
	if se, ok := err.(*SockError); !ok || !se.Timeout() || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("not a timeout: %#v", err)
	}
	if took < 300*time.Millisecond || took > 3*time.Second {
		t.Errorf("the 300 ms dial timeout took %v", took)
	}

	SetDialTimeout(0) // no limit: only Ctrl-C ends it
	done := make(chan error, 1)
	go func() { _, err := Dial("tcp", addr); done <- err }()
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("Dial returned before the interrupt: %v", err)
	default:
	}
	InterruptSockets()
	select {
	case err := <-done:
		if !errors.Is(err, ErrInterrupted) || err.Error() != "pg.Dial tcp "+addr+": interrupted (Ctrl-C)" {
			t.Errorf("interrupted Dial: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("InterruptSockets did not stop a Dial")
	}
}
