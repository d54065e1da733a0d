package builtins

// Benchmarks of pg's sockets against the same work in plain compiled Go,
// in the same run, all on 127.0.0.1:
//
//	go test -run '^$' -bench 'Sock' -benchtime 2s ./builtins/
//
// Each benchmark has a "go" and a "pg" case; the ratio of interest is
// go's ns/op over pg's (1.0 means pg costs nothing more).

import (
	"io"
	"net"
	"strings"
	"testing"
)

const sockBulk = 64 << 10 // bytes per write in the bulk benchmark

// sockGoEcho is a plain compiled echo server: a goroutine per connection
// copying what it reads back with a 64 KiB buffer, as pg.Echo does.
func sockGoEcho(b *testing.B) net.Listener {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				buf := make([]byte, sockBulk)
				for {
					n, err := c.Read(buf)
					if n > 0 {
						if _, err := c.Write(buf[:n]); err != nil {
							return
						}
					}
					if err != nil {
						return
					}
				}
			}()
		}
	}()
	return l
}

// BenchmarkSockEchoBulk: 64 KiB written and read back per op, through a
// compiled echo server and net.Conn, then through pg.Echo and pg.Conn:
// with Send and Recv, and with Write and Read (pg.Conn's io.Writer and
// io.Reader, which reuse the caller's buffer as net.Conn does).
func BenchmarkSockEchoBulk(b *testing.B) {
	msg := strings.Repeat("x", sockBulk)
	b.Run("go", func(b *testing.B) {
		l := sockGoEcho(b)
		defer l.Close()
		c, err := net.Dial("tcp", l.Addr().String())
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		sockBulkLoop(b, c, msg)
	})
	// Send and Recv: every Recv returns a new string, fresh memory the
	// runtime has to find and (on a VM, expensively) fault in: this costs
	// most of the difference from "go".
	b.Run("pg-sendrecv", func(b *testing.B) {
		srv, err := Echo("")
		if err != nil {
			b.Fatal(err)
		}
		defer srv.Close()
		c, err := Dial("tcp", srv.Addr())
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		b.SetBytes(sockBulk)
		b.ResetTimer()
		for range b.N {
			if err := c.Send(msg); err != nil {
				b.Fatal(err)
			}
			for got := 0; got < sockBulk; {
				s, err := c.Recv()
				if err != nil {
					b.Fatal(err)
				}
				got += len(s)
			}
		}
	})
	b.Run("pg-readwrite", func(b *testing.B) {
		srv, err := Echo("")
		if err != nil {
			b.Fatal(err)
		}
		defer srv.Close()
		c, err := Dial("tcp", srv.Addr())
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		sockBulkLoop(b, c, msg)
	})
}

// BenchmarkSockSetup: one connection per op: dial, accept, close both.
func BenchmarkSockSetup(b *testing.B) {
	b.Run("go", func(b *testing.B) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		defer l.Close()
		addr := l.Addr().String()
		for range b.N {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				b.Fatal(err)
			}
			a, err := l.Accept()
			if err != nil {
				b.Fatal(err)
			}
			a.Close()
			c.Close()
		}
	})
	b.Run("pg", func(b *testing.B) {
		l, err := Listen("tcp", "")
		if err != nil {
			b.Fatal(err)
		}
		defer l.Close()
		addr := l.Addr()
		for range b.N {
			c, err := Dial("tcp", addr)
			if err != nil {
				b.Fatal(err)
			}
			a, err := l.Accept()
			if err != nil {
				b.Fatal(err)
			}
			a.Close()
			c.Close()
		}
	})
}

// BenchmarkSockRoundTrips: 1,000 small request-reply round trips per op
// with pg.Echo: from compiled Go over net.Conn, from compiled Go over
// pg.Conn, and from interpreted code over pg.Conn.
func BenchmarkSockRoundTrips(b *testing.B) {
	const trips = 1000
	srv, err := Echo("")
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()

	b.Run("go", func(b *testing.B) {
		c, err := net.Dial("tcp", srv.Addr())
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		out, buf := []byte("ping\n"), make([]byte, 512)
		for range b.N {
			for range trips {
				if _, err := c.Write(out); err != nil {
					b.Fatal(err)
				}
				if _, err := io.ReadFull(c, buf[:len(out)]); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("pg-compiled", func(b *testing.B) {
		c, err := Dial("tcp", srv.Addr())
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		for range b.N {
			if err := sockTrips(c, trips); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pg-interpreted", func(b *testing.B) {
		i := newTestInterp(io.Discard, io.Discard)
		if _, err := i.Eval(`import "pg"`); err != nil {
			b.Fatal(err)
		}
		if _, err := i.Eval(`func trips(c *pg.Conn, n int) error {
	for i := 0; i < n; i++ {
		if err := c.Send("ping\n"); err != nil {
			return err
		}
		for got := 0; got < 5; {
			s, err := c.Recv()
			if err != nil {
				return err
			}
			got += len(s)
		}
	}
	return nil
}`); err != nil {
			b.Fatal(err)
		}
		v, err := i.Eval(`trips`)
		if err != nil {
			b.Fatal(err)
		}
		run := v.Interface().(func(*Conn, int) error)
		c, err := Dial("tcp", srv.Addr())
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		b.ResetTimer()
		for range b.N {
			if err := run(c, trips); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// sockTrips is the interpreted benchmark's function, compiled.
func sockTrips(c *Conn, n int) error {
	for range n {
		if err := c.Send("ping\n"); err != nil {
			return err
		}
		for got := 0; got < 5; {
			s, err := c.Recv()
			if err != nil {
				return err
			}
			got += len(s)
		}
	}
	return nil
}

// sockBulkLoop writes msg to an echo server through c and reads it back,
// b.N times.
func sockBulkLoop(b *testing.B, c io.ReadWriter, msg string) {
	out := []byte(msg)
	buf := make([]byte, len(msg))
	b.SetBytes(int64(len(msg)))
	b.ResetTimer()
	for range b.N {
		if _, err := c.Write(out); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(c, buf); err != nil {
			b.Fatal(err)
		}
	}
}
