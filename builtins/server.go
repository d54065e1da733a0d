package builtins

// server.go: *pg.Server, the demo servers pg.Echo, pg.Time and pg.HTTP,
// and pg.Serve for a server whose handler the learner writes.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"os"
	"reflect"
	"strconv"
	"sync"
	"time"
)

func init() {
	export(map[string]reflect.Value{
		"Server": reflect.ValueOf((*Server)(nil)),
		"Echo":   reflect.ValueOf(Echo),
		"Time":   reflect.ValueOf(Time),
		"HTTP":   reflect.ValueOf(HTTP),
		"Serve":  reflect.ValueOf(Serve),
	})
}

// A Server is a TCP server running in the background of the session:
// one of the demo servers (pg.Echo, pg.Time, pg.HTTP) or the learner's
// own (pg.Serve). It serves every connection on its own goroutine, so
// many clients can be served at once. Addr tells where to connect; the
// counters say how many connections it accepted and how many bytes went
// through them. :socks lists the server and its connections; Close (or
// :kill with its id) stops it.
//
//	srv, _ := pg.Echo("")
//	defer srv.Close()
//	c, _ := pg.Dial("tcp", srv.Addr())
//	c.Send("hi")
//	c.Recv() // "hi"
//	fmt.Println(srv) // s1 echo server on 127.0.0.1:40123: 1 conn (1 open), 2 B in, 2 B out
type Server struct {
	l    *Listener
	kind string
	http *http.Server // for pg.HTTP

	mu     sync.Mutex
	open   map[*Conn]struct{}
	closed bool
	done   chan struct{} // closed when the accept loop has ended
}

// newServer listens on addr for op; start puts the server in the socket
// table and starts serving.
func newServer(op, kind, addr string) (*Server, error) {
	l, err := openListener(op, "tcp", addr)
	if err != nil {
		return nil, err
	}
	return &Server{l: l, kind: kind, open: map[*Conn]struct{}{}, done: make(chan struct{})}, nil
}

// start puts s in the socket table and serves each connection with serve
// (or, for pg.HTTP, with s.http).
func (s *Server) start(serve func(*Conn)) {
	s.l.register(s.kind, s.Close)
	if s.http != nil {
		go s.http.Serve(httpListener{s})
		return
	}
	go s.accept(serve)
}

// accept accepts connections until the server closes, and hands each to
// serve, which must start a goroutine of its own for it. Ctrl-C does not
// stop it: a server keeps serving until it is closed.
func (s *Server) accept(serve func(*Conn)) {
	defer close(s.done)
	for {
		nc, err := s.l.l.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Out of file descriptors, say: wait, then try again.
			time.Sleep(50 * time.Millisecond)
			continue
		}
		c := s.track(nc)
		if c == nil {
			return
		}
		serve(c)
	}
}

// track wraps an accepted connection, and counts it as open until it
// closes; nil if the server has closed meanwhile.
func (s *Server) track(nc net.Conn) *Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		nc.Close()
		return nil
	}
	c := newConn(nc, "accept", "tcp", s.l.s, s.forget)
	s.open[c] = struct{}{}
	return c
}

func (s *Server) forget(c *Conn) {
	s.mu.Lock()
	delete(s.open, c)
	s.mu.Unlock()
}

// Addr returns the address the server listens on, such as
// "127.0.0.1:40123": give it to pg.Dial, or to a browser or curl as
// http://127.0.0.1:40123/ for pg.HTTP.
func (s *Server) Addr() string { return s.l.addr }

// Close stops the server: it stops listening, closes every connection it
// has open, and the address is free again. Closing twice is harmless.
//
//	srv.Close()
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	open := make([]*Conn, 0, len(s.open))
	for c := range s.open {
		open = append(open, c)
	}
	s.mu.Unlock()

	var err error
	if s.http != nil {
		err = s.http.Close() // closes the listener and the connections
	}
	if lerr := s.l.Close(); err == nil {
		err = lerr
	}
	for _, c := range open {
		c.Close()
	}
	if s.http == nil {
		<-s.done
	}
	return err
}

// Conns returns how many connections the server has accepted so far.
func (s *Server) Conns() int64 { return s.l.s.conns.Load() }

// Open returns how many of the server's connections are open now.
func (s *Server) Open() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.open)
}

// BytesIn returns how many bytes the server has received, over all its
// connections.
func (s *Server) BytesIn() int64 { return s.l.s.in.Load() }

// BytesOut returns how many bytes the server has sent, over all its
// connections.
func (s *Server) BytesOut() int64 { return s.l.s.out.Load() }

// ID returns the server's id in :socks, such as "s1"; :kill s1 stops it.
func (s *Server) ID() string { return s.l.s.ID() }

// String describes the server and its counters.
//
//	fmt.Println(srv) // s1 echo server on 127.0.0.1:40123: 2 conns (1 open), 10 B in, 10 B out
func (s *Server) String() string {
	state := ""
	s.mu.Lock()
	if s.closed {
		state = ", closed"
	}
	s.mu.Unlock()
	return fmt.Sprintf("%s %s server on %s: %s (%d open), %s in, %s out%s", s.ID(), s.kind, s.Addr(),
		sockPlural(s.Conns(), "conn"), s.Open(), byteSize(uint64(s.BytesIn())), byteSize(uint64(s.BytesOut())), state)
}

// Echo starts a server that sends back whatever each client sends, until
// the client closes the connection. An address without a host ("",
// ":0", ":7777") means 127.0.0.1; port 0 picks a free port, which
// srv.Addr() tells.
//
//	srv, _ := pg.Echo("")
//	c, _ := pg.Dial("tcp", srv.Addr())
//	c.Send("hello\n")
//	c.RecvLine() // "hello"
func Echo(addr string) (*Server, error) {
	s, err := newServer("pg.Echo", "echo", addr)
	if err != nil {
		return nil, err
	}
	s.start(func(c *Conn) { go echoConn(c) })
	return s, nil
}

func echoConn(c *Conn) {
	defer c.Close()
	buf := make([]byte, recvSize)
	for {
		n, err := c.read(buf)
		if n > 0 {
			if _, werr := c.writeCounted(c.c, buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// Time starts a server that writes the current time on each connection,
// as one line ("2025-03-01T14:05:09.123+01:00\n"), then closes it. An
// address without a host means 127.0.0.1.
//
//	srv, _ := pg.Time("")
//	c, _ := pg.Dial("tcp", srv.Addr())
//	now, _ := c.RecvLine()
func Time(addr string) (*Server, error) {
	s, err := newServer("pg.Time", "time", addr)
	if err != nil {
		return nil, err
	}
	s.start(func(c *Conn) { go timeConn(c) })
	return s, nil
}

func timeConn(c *Conn) {
	defer c.Close()
	c.SetTimeout(5 * time.Second)
	c.Send(time.Now().Format("2006-01-02T15:04:05.000Z07:00") + "\n")
}

// HTTP starts a small web server on this machine, for trying HTTP with
// no internet: GET / returns a page, /slow?ms=N answers after N
// milliseconds (at most 60000), /echo returns the request it received,
// as it arrived. An address without a host means 127.0.0.1.
//
//	srv, _ := pg.HTTP("")
//	c, _ := pg.Dial("tcp", srv.Addr())
//	c.Send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
//	reply, _ := c.Recv() // "HTTP/1.1 200 OK\r\n..."
func HTTP(addr string) (*Server, error) {
	s, err := newServer("pg.HTTP", "http", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, httpPage, s.Addr(), s.Conns())
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		ms, err := strconv.Atoi(r.URL.Query().Get("ms"))
		if err != nil || ms < 0 {
			ms = 1000
		}
		ms = min(ms, 60000)
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "answered after %d ms\n", ms)
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		dump, err := httputil.DumpRequest(r, true)
		if err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(dump)
	})
	s.http = &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       time.Minute,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	s.start(nil)
	return s, nil
}

const httpPage = `<!doctype html>
<html><head><title>pg.HTTP</title></head>
<body>
<h1>Hello from the playground</h1>
<p>This page comes from pg.HTTP, a web server running inside your
playground session on %s, reachable from this machine only.
It has accepted %d connections so far.</p>
<ul>
<li><a href="/slow?ms=2000">/slow?ms=2000</a> answers after 2 seconds</li>
<li><a href="/echo">/echo</a> shows the request your client sent</li>
</ul>
</body></html>
`

// httpListener hands net/http the server's connections, counted and in
// the socket table.
type httpListener struct{ s *Server }

func (l httpListener) Accept() (net.Conn, error) {
	for {
		nc, err := l.s.l.l.Accept()
		if err != nil {
			return nil, err
		}
		if c := l.s.track(nc); c != nil {
			return httpConn{c.c, c}, nil
		}
	}
}

func (l httpListener) Close() error   { return l.s.l.Close() }
func (l httpListener) Addr() net.Addr { return l.s.l.l.Addr() }

// httpConn counts what goes through a connection net/http serves.
type httpConn struct {
	net.Conn
	c *Conn
}

func (h httpConn) Read(p []byte) (int, error) { return h.c.read(p) }

func (h httpConn) Write(p []byte) (int, error) { return h.c.writeCounted(h.Conn, p) }

func (h httpConn) Close() error {
	err := h.c.Close()
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// Serve starts your own server on addr: handler runs once for every
// connection, on a goroutine of its own, and the connection is closed
// when handler returns. Each connection's handler is a task, as pg.Go
// starts them: :tasks lists it (as "serve s8 (on s7)": connection s8 of
// server s7), :kill ends it by closing its connection, and a panic in
// handler is caught and reported, not fatal.
// Send and Recv on c have the usual timeouts. An address without a host
// means 127.0.0.1.
//
//	srv, _ := pg.Serve(":0", func(c *pg.Conn) {
//		name, err := c.RecvLine()
//		if err != nil {
//			return
//		}
//		c.Send("hello, " + name + "\n")
//	})
//	c, _ := pg.Dial("tcp", srv.Addr())
//	c.Send("Ada\n")
//	c.RecvLine() // "hello, Ada"
func Serve(addr string, handler func(c *Conn)) (*Server, error) {
	if handler == nil {
		return nil, &SockError{Op: "pg.Serve", Net: "tcp", Addr: loopbackAddr("tcp", addr), Err: errors.New("no handler"),
			Hint: "give it a func(c *pg.Conn) that serves one connection"}
	}
	s, err := newServer("pg.Serve", "serve", addr)
	if err != nil {
		return nil, err
	}
	s.start(func(c *Conn) { serveConn(s, c, handler) })
	return s, nil
}

// serveConn starts handler on c as a task (pg.Go), named for the server
// and the connection; the task catches a panic in handler. Cancelling the
// task (:kill, Ctrl-C) closes the connection, which wakes a waiting Recv.
func serveConn(s *Server, c *Conn, handler func(*Conn)) {
	// Short, to fit :tasks; :socks tells the connection's addresses.
	name := "serve " + c.ID() + " (on " + s.ID() + ")"
	defer func() {
		if r := recover(); r != nil { // no task could start: too many running
			c.Close()
			fmt.Fprintf(os.Stderr, "pg.Serve %s: connection %s closed unserved: %v\n", s.ID(), c.ID(), r)
		}
	}()
	Go(name, func(ctx context.Context) {
		stop := context.AfterFunc(ctx, func() { c.Close() })
		defer stop()
		defer c.Close()
		handler(c)
	})
}
