package builtins

// listen.go: pg.Listen and *pg.Listener, whose Accept gives *pg.Conn.

import (
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/learn-concurrency/playground/internal/sockdir"
)

func init() {
	export(map[string]reflect.Value{
		"Listen":   reflect.ValueOf(Listen),
		"Listener": reflect.ValueOf((*Listener)(nil)),
	})
}

// A Listener waits for connections on an address: each Accept returns
// the next one as a *pg.Conn. Accept waits as long as it takes (unless
// l.SetTimeout says otherwise); Ctrl-C interrupts it. Several goroutines
// may call Accept at once.
//
//	l, _ := pg.Listen("tcp", ":0")
//	fmt.Println("listening on", l.Addr())
//	c, err := l.Accept() // waits for a client
type Listener struct {
	l       net.Listener
	s       *sock
	network string
	addr    string
	tmpDir  string // made for a unix socket with no path given; removed on Close

	timeout atomic.Int64 // time.Duration; 0: no limit
	gate    sockGate

	closeOnce sync.Once
	closeErr  error
}

// Listen starts listening on addr over network: "tcp" (or "tcp4",
// "tcp6") or "unix" (addr is the path of the socket file to create). An
// address without a host — "", ":0", ":8080", or just "8080" — listens on
// 127.0.0.1 only, so that only programs on this machine can connect;
// another interface is used only when you name it ("0.0.0.0:8080"). Port
// 0 picks a free port: l.Addr() tells which. For "unix", an empty addr
// makes a socket file in a new temporary directory.
//
//	l, err := pg.Listen("tcp", ":0")
//	if err != nil {
//		fmt.Println(err)
//	}
//	defer l.Close()
//	fmt.Println(l.Addr()) // 127.0.0.1:40123
func Listen(network, addr string) (*Listener, error) {
	l, err := openListener("pg.Listen", network, addr)
	if err != nil {
		return nil, err
	}
	l.register("listen", l.Close)
	return l, nil
}

// openListener opens a listener for op (the call that errors name); it
// is not in the socket table until register puts it there.
func openListener(op, network, addr string) (*Listener, error) {
	if !sockNetworkOK("pg.Listen", network) {
		return nil, sockError(op, network, addr, net.UnknownNetworkError(network), 0)
	}
	addr = loopbackAddr(network, addr)
	var tmpDir string
	if sockIsUnix(network) && addr == "" {
		sockDirSweep.Do(sockdir.RemoveStale)
		dir, err := os.MkdirTemp("", sockdir.Prefix+strconv.Itoa(os.Getpid())+"-")
		if err != nil {
			return nil, sockError(op, network, addr, err, 0)
		}
		tmpDir, addr = dir, filepath.Join(dir, "sock")
	}
	nl, err := net.Listen(network, addr)
	if err != nil {
		if tmpDir != "" {
			os.RemoveAll(tmpDir)
		}
		return nil, sockError(op, network, addr, err, 0)
	}
	l := &Listener{l: nl, network: network, tmpDir: tmpDir, addr: sockAddrString(nl.Addr())}
	l.gate.set = nl.(interface{ SetDeadline(time.Time) error }).SetDeadline
	return l, nil
}

// register puts l in the socket table as kind; close is what :kill and
// Shutdown call to close it (a server's Close, for a server).
func (l *Listener) register(kind string, close func() error) {
	l.s = addSock(&sock{
		kind: kind, net: l.network, local: l.addr, state: "listening",
		close:     close,
		interrupt: l.gate.interrupt,
	})
}

// Accept waits for the next connection and returns it. It waits as long
// as it takes unless l.SetTimeout set a limit; Ctrl-C interrupts it.
// After l.Close it returns an error at once.
//
//	for {
//		c, err := l.Accept()
//		if err != nil {
//			break
//		}
//		go func() {
//			defer c.Close()
//			c.Send("hello\n")
//		}()
//	}
func (l *Listener) Accept() (*Conn, error) {
	timeout := time.Duration(l.timeout.Load())
	gen := l.gate.begin(timeout)
	c, err := l.l.Accept()
	interrupted := l.gate.end(gen)
	if err != nil {
		if interrupted {
			err = ErrInterrupted
		}
		return nil, sockError("Accept", l.network, l.addr, err, timeout)
	}
	return newConn(c, "accept", l.network, l.s, nil), nil
}

// Addr returns the address the listener listens on, with the port it
// got: "127.0.0.1:40123" (or the socket file's path for "unix"). Give it
// to pg.Dial.
//
//	l, _ := pg.Listen("tcp", ":0")
//	c, _ := pg.Dial("tcp", l.Addr())
func (l *Listener) Addr() string { return l.addr }

// Close stops listening: the address is free again, a waiting Accept
// returns an error, and connections already accepted stay open. Closing
// twice is harmless.
//
//	l.Close()
func (l *Listener) Close() error {
	l.closeOnce.Do(func() {
		l.s.markClosed()
		if err := l.l.Close(); err != nil {
			l.closeErr = sockError("Close", l.network, l.addr, err, 0)
		}
		if l.tmpDir != "" {
			os.RemoveAll(l.tmpDir)
		}
	})
	return l.closeErr
}

// SetTimeout makes each later Accept give up after d with a timeout
// error; zero (the default) means wait until a client comes.
//
//	l.SetTimeout(2 * time.Second)
//	_, err := l.Accept() // a timeout error if nobody connects in 2 s
func (l *Listener) SetTimeout(d time.Duration) { l.timeout.Store(int64(d)) }

// Listener returns the plain net.Listener underneath, for code that
// wants one (http.Serve, say). Connections accepted through it directly
// are not in :socks.
func (l *Listener) Listener() net.Listener { return l.l }

// ID returns the listener's id in :socks, such as "s2"; :kill s2 closes it.
func (l *Listener) ID() string { return l.s.ID() }

// String describes the listener the way :socks does.
//
//	fmt.Println(l) // s2 tcp listen 127.0.0.1:40123 (listening, 3 conns)
func (l *Listener) String() string {
	i := l.s.info(time.Now())
	return i.ID + " " + i.Net + " " + i.Kind + " " + i.Local + " (" + i.State + ", " +
		sockPlural(i.Conns, "conn") + ")"
}

func sockPlural(n int64, what string) string {
	s := strconv.FormatInt(n, 10) + " " + what
	if n != 1 {
		s += "s"
	}
	return s
}

// sockDirSweep removes, once per evaluator, the socket directories of
// evaluators that no longer run, before Listen makes its first.
var sockDirSweep sync.Once
