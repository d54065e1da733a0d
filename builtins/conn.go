package builtins

// conn.go: pg.Dial and *pg.Conn, a connection with string-sized Send and
// Recv, timeouts, byte counters and a place in the socket table.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"reflect"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

func init() {
	export(map[string]reflect.Value{
		"Dial": reflect.ValueOf(Dial),
		"Conn": reflect.ValueOf((*Conn)(nil)),
	})
}

// recvSize is the most one Recv returns, and the longest line RecvLine
// takes is maxLine.
const (
	recvSize = 64 << 10
	maxLine  = 1 << 20
)

// A Conn is a connection: one made with pg.Dial, or one a listener or
// pg.Serve accepted. Send writes a string, Recv returns whatever has
// arrived, RecvLine returns the next line. Each waits at most the
// connection's timeout (10 s unless changed with c.SetTimeout or
// pg.SetReadTimeout), and Ctrl-C interrupts it. A Conn is also an
// io.Reader and io.Writer (Read, Write) for the io, bufio and fmt
// packages; Conn() is the plain net.Conn underneath.
//
// One goroutine may Send while another Recvs; Close may be called from
// any goroutine and wakes both.
//
//	c, err := pg.Dial("tcp", "127.0.0.1:8080")
//	if err != nil {
//		return err
//	}
//	defer c.Close()
//	c.Send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
//	reply, err := c.Recv()
type Conn struct {
	c      net.Conn
	s      *sock
	parent *sock // the listener that accepted it, which counts its bytes too

	timeout atomic.Int64 // time.Duration

	rmu     sync.Mutex // one Recv or RecvLine at a time
	rgate   sockGate
	buf     []byte        // Recv's buffer, made on first use
	br      *bufio.Reader // made by the first RecvLine; Recv drains it first
	pending []byte        // part of a line RecvLine gave up on; Recv returns it first

	wmu   sync.Mutex // one Send at a time
	wgate sockGate

	closeOnce sync.Once
	closeErr  error
	onClose   func(*Conn)
}

// newConn wraps c and puts it in the socket table as kind; parent is the
// listener that accepted it, and onClose (if not nil) is called once when
// it closes.
func newConn(c net.Conn, kind, network string, parent *sock, onClose func(*Conn)) *Conn {
	conn := &Conn{c: c, parent: parent, onClose: onClose}
	conn.timeout.Store(readTimeout.Load())
	conn.rgate.set = c.SetReadDeadline
	conn.wgate.set = c.SetWriteDeadline
	s := &sock{
		kind: kind, net: network,
		localAddr: c.LocalAddr(), remoteAddr: c.RemoteAddr(),
		close: conn.Close,
		interrupt: func() {
			conn.rgate.interrupt()
			conn.wgate.interrupt()
		},
	}
	if parent != nil {
		s.parent = parent.ID()
		parent.conns.Add(1)
	}
	conn.s = addSock(s)
	return conn
}

// pendingDial is a pg.Dial in progress, for Interrupt and Shutdown.
type pendingDial struct {
	cancel      context.CancelFunc
	interrupted atomic.Bool
	timedOut    atomic.Bool
}

func (d *pendingDial) interrupt() {
	d.interrupted.Store(true)
	d.cancel()
}

// Dial connects to addr over network: "tcp" (or "tcp4", "tcp6"), "unix"
// (addr is the socket file's path) or "udp" (each Send is one datagram).
// An address without a host (":8080", or just "8080") means 127.0.0.1.
// Dial waits at most 5 seconds for an answer (pg.SetDialTimeout changes
// that); Ctrl-C interrupts it. The connection appears in :socks until
// closed.
//
//	srv, _ := pg.Echo("")
//	c, err := pg.Dial("tcp", srv.Addr())
//	if err != nil {
//		fmt.Println(err)
//	}
//	c.Send("hello\n")
//	line, _ := c.RecvLine() // "hello"
//	c.Close()
func Dial(network, addr string) (*Conn, error) {
	if !sockNetworkOK("pg.Dial", network) {
		return nil, sockError("pg.Dial", network, addr, net.UnknownNetworkError(network), 0)
	}
	addr = loopbackAddr(network, addr)
	timeout := time.Duration(dialTimeout.Load())
	// The timeout cancels the dial's context, as Ctrl-C does. (A context
	// deadline or Dialer.Timeout would also work, but they make the net
	// package set a deadline on the socket, which costs a third of a
	// loopback connection's setup.)
	ctx, cancel := context.WithCancel(context.Background())
	d := &pendingDial{cancel: cancel}
	if timeout > 0 {
		timer := time.AfterFunc(timeout, func() {
			d.timedOut.Store(true)
			cancel()
		})
		defer timer.Stop()
	}
	socks.mu.Lock()
	socks.dials[d] = struct{}{}
	socks.mu.Unlock()
	c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	socks.mu.Lock()
	delete(socks.dials, d)
	socks.mu.Unlock()
	cancel()
	if err != nil {
		switch {
		case d.interrupted.Load():
			err = ErrInterrupted
		case d.timedOut.Load():
			err = os.ErrDeadlineExceeded
		}
		return nil, sockError("pg.Dial", network, addr, err, timeout)
	}
	return newConn(c, "dial", network, nil, nil), nil
}

// Send writes s to the connection, all of it, waiting at most the
// connection's timeout for the other side to take it. Over UDP each Send
// is one datagram.
//
//	err := c.Send("hello\n")
func (c *Conn) Send(s string) error {
	// The net package's Write does not keep or change its argument, so
	// the string's bytes can be written without a copy.
	_, err := c.write("Send", unsafe.Slice(unsafe.StringData(s), len(s)))
	return err
}

// Write writes p to the connection, as Send does: it makes a Conn an
// io.Writer, for fmt.Fprintf, io.Copy and the like, with the same
// timeout and counters.
//
//	fmt.Fprintf(c, "GET %s HTTP/1.0\r\n\r\n", "/")
func (c *Conn) Write(p []byte) (int, error) { return c.write("Write", p) }

func (c *Conn) write(op string, b []byte) (int, error) {
	timeout := time.Duration(c.timeout.Load())
	c.wmu.Lock()
	gen := c.wgate.begin(timeout)
	n, err := c.writeCounted(c.c, b)
	interrupted := c.wgate.end(gen)
	c.wmu.Unlock()
	if err != nil {
		if interrupted {
			err = ErrInterrupted
		}
		return n, sockError(op, c.s.net, c.s.remoteString(), err, timeout)
	}
	return n, nil
}

// Recv returns what has arrived on the connection, as soon as there is
// something: one piece of a stream, as it came (at most 64 KiB), or one
// datagram over UDP. When the other side has closed the connection and
// everything was read, Recv returns "" and io.EOF. It waits at most the
// connection's timeout, then returns a timeout error.
//
//	for {
//		s, err := c.Recv()
//		if err != nil {
//			break // io.EOF: the other side is done
//		}
//		fmt.Print(s)
//	}
func (c *Conn) Recv() (string, error) {
	timeout := time.Duration(c.timeout.Load())
	c.rmu.Lock()
	if c.buf == nil {
		c.buf = make([]byte, recvSize)
	}
	if len(c.pending) > 0 {
		s := string(c.pending)
		c.pending = nil
		c.rmu.Unlock()
		return s, nil
	}
	gen := c.rgate.begin(timeout)
	var n int
	var err error
	if c.br != nil {
		n, err = c.br.Read(c.buf)
	} else {
		n, err = c.read(c.buf)
	}
	interrupted := c.rgate.end(gen)
	var s string
	if n >= recvSize/2 {
		// A big piece: the buffer becomes the string, with no copy, and
		// the next Recv makes a new one. (Nothing else refers to it.)
		s = unsafe.String(&c.buf[0], n)
		c.buf = nil
	} else {
		s = string(c.buf[:n])
	}
	c.rmu.Unlock()
	if n > 0 {
		return s, nil // an error comes again with the next call
	}
	return "", c.recvError("Recv", err, interrupted, timeout)
}

// Read reads into p what has arrived, as Recv does, and returns how many
// bytes it read: it makes a Conn an io.Reader, for io.Copy, io.ReadAll,
// bufio.Scanner and the like, with the same timeout and counters. It
// reuses your buffer, so it is the way to move much data fast.
//
//	buf := make([]byte, 64*1024)
//	n, err := c.Read(buf)
//	fmt.Printf("%d bytes: %q\n", n, buf[:n])
func (c *Conn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	timeout := time.Duration(c.timeout.Load())
	c.rmu.Lock()
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		c.rmu.Unlock()
		return n, nil
	}
	gen := c.rgate.begin(timeout)
	var n int
	var err error
	if c.br != nil {
		n, err = c.br.Read(p)
	} else {
		n, err = c.read(p)
	}
	interrupted := c.rgate.end(gen)
	c.rmu.Unlock()
	if err == nil || n > 0 {
		return n, nil // an error comes again with the next call
	}
	return 0, c.recvError("Read", err, interrupted, timeout)
}

// RecvLine returns the next line that arrives, without its "\n" (or
// "\r\n"). If the other side closes the connection in the middle of a
// line, that last piece comes as a line; after it, RecvLine returns io.EOF.
// The timeout counts for the whole line. Lines longer than 1 MiB are an
// error.
//
//	c.Send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
//	status, _ := c.RecvLine() // "HTTP/1.1 200 OK"
func (c *Conn) RecvLine() (string, error) {
	timeout := time.Duration(c.timeout.Load())
	c.rmu.Lock()
	if c.br == nil {
		c.br = bufio.NewReaderSize(connReader(c.read), recvSize)
	}
	gen := c.rgate.begin(timeout)
	line := c.pending
	c.pending = nil
	var err error
	for {
		var chunk []byte
		chunk, err = c.br.ReadSlice('\n')
		line = append(line, chunk...)
		if err != bufio.ErrBufferFull || len(line) > maxLine {
			break
		}
	}
	interrupted := c.rgate.end(gen)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull && len(line) > 0 {
		// Timed out or interrupted in the middle of a line: what came
		// stays for the next call.
		c.pending = line
		line = nil
	}
	s := string(bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r")))
	c.rmu.Unlock()
	switch {
	case err == nil:
		return s, nil
	case err == bufio.ErrBufferFull:
		return "", sockError("RecvLine", c.s.net, c.s.remoteString(), errors.New("line longer than 1 MiB"), 0)
	case len(line) > 0 && err == io.EOF:
		return s, nil // the last piece; io.EOF comes with the next call
	}
	return "", c.recvError("RecvLine", err, interrupted, timeout)
}

func (c *Conn) recvError(op string, err error, interrupted bool, timeout time.Duration) error {
	if err == io.EOF {
		c.s.setState("peer closed")
		return io.EOF
	}
	if interrupted {
		err = ErrInterrupted
	}
	return sockError(op, c.s.net, c.s.remoteString(), err, timeout)
}

// read reads from the connection, counting the bytes.
func (c *Conn) read(p []byte) (int, error) {
	n, err := c.c.Read(p)
	if n > 0 {
		c.s.in.Add(int64(n))
		if c.parent != nil {
			c.parent.in.Add(int64(n))
		}
	}
	return n, err
}

// writeCounted writes p to w, the connection, counting the bytes before
// they go: a peer that has read them must find them counted (a lesson's
// check, or :socks, right after the reply came), so what did not go is
// taken back after.
func (c *Conn) writeCounted(w io.Writer, p []byte) (int, error) {
	c.addOut(len(p))
	n, err := w.Write(p)
	if n < len(p) {
		c.addOut(n - len(p))
	}
	return n, err
}

func (c *Conn) addOut(d int) {
	c.s.out.Add(int64(d))
	if c.parent != nil {
		c.parent.out.Add(int64(d))
	}
}

type connReader func([]byte) (int, error)

func (f connReader) Read(p []byte) (int, error) { return f(p) }

// Close closes the connection; a Send or Recv waiting on it returns at
// once with an error. Closing twice is harmless: the second Close does
// nothing and returns nil.
//
//	c, _ := pg.Dial("tcp", addr)
//	defer c.Close()
func (c *Conn) Close() error {
	c.closeOnce.Do(func() {
		c.s.markClosed()
		if err := c.c.Close(); err != nil {
			c.closeErr = sockError("Close", c.s.net, c.s.remoteString(), err, 0)
		}
		if c.onClose != nil {
			c.onClose(c)
		}
	})
	return c.closeErr
}

// SetTimeout sets how long each Send, Recv and RecvLine on this
// connection waits (10 s unless changed with pg.SetReadTimeout). Zero or
// less means no limit: wait until something happens or Ctrl-C is
// pressed. It applies from the next call on.
//
//	c.SetTimeout(500 * time.Millisecond)
//	_, err := c.Recv() // a timeout error after half a second of silence
func (c *Conn) SetTimeout(d time.Duration) { c.timeout.Store(int64(d)) }

// Conn returns the plain net.Conn underneath, for io.Copy, bufio and the
// rest of the standard library. Bytes moved through it directly are not
// counted in :socks, and its reads have no timeout unless you set one.
//
//	io.Copy(os.Stdout, c.Conn())
func (c *Conn) Conn() net.Conn { return c.c }

// LocalAddr returns this side's address, such as "127.0.0.1:51234".
func (c *Conn) LocalAddr() string { return c.s.localString() }

// RemoteAddr returns the other side's address, such as "127.0.0.1:8080".
func (c *Conn) RemoteAddr() string { return c.s.remoteString() }

// ID returns the connection's id in :socks, such as "s4"; :kill s4
// closes it.
func (c *Conn) ID() string { return c.s.ID() }

// String describes the connection the way :socks does.
//
//	fmt.Println(c) // s4 tcp dial 127.0.0.1:51234 → 127.0.0.1:8080 (open, 5 B in, 5 B out)
func (c *Conn) String() string {
	i := c.s.info(time.Now())
	return i.ID + " " + i.Net + " " + i.Kind + " " + i.Local + " → " + i.Remote +
		" (" + i.State + ", " + byteSize(uint64(i.In)) + " in, " + byteSize(uint64(i.Out)) + " out)"
}
