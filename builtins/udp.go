package builtins

// udp.go: pg.ListenUDP and *pg.UDPConn, datagrams with their peers'
// addresses.

import (
	"net"
	"reflect"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

func init() {
	export(map[string]reflect.Value{
		"ListenUDP": reflect.ValueOf(ListenUDP),
		"UDPConn":   reflect.ValueOf((*UDPConn)(nil)),
	})
}

// A UDPConn sends and receives datagrams: separate messages, each to or
// from an address, with no connection in between. A datagram may be
// lost or arrive out of order (rarely on one machine, but UDP promises
// nothing). RecvFrom waits at most the socket's timeout (10 s unless
// changed); Ctrl-C interrupts it.
//
//	srv, _ := pg.ListenUDP(":0")
//	cli, _ := pg.ListenUDP(":0")
//	cli.SendTo("ping", srv.Addr())
//	msg, from, _ := srv.RecvFrom() // "ping", cli.Addr()
//	srv.SendTo("pong", from)
type UDPConn struct {
	c    *net.UDPConn
	s    *sock
	addr string

	timeout atomic.Int64 // time.Duration

	rmu   sync.Mutex
	rgate sockGate
	buf   []byte
	wmu   sync.Mutex
	wgate sockGate

	closeOnce sync.Once
	closeErr  error
}

// ListenUDP opens a UDP socket on addr for sending and receiving
// datagrams. An address without a host (":0", ":9999", "") means
// 127.0.0.1; port 0 picks a free port, which u.Addr() tells.
//
//	u, err := pg.ListenUDP(":0")
//	if err != nil {
//		fmt.Println(err)
//	}
//	defer u.Close()
//	fmt.Println(u.Addr()) // 127.0.0.1:50123
func ListenUDP(addr string) (*UDPConn, error) {
	addr = loopbackAddr("udp", addr)
	la, err := net.ResolveUDPAddr("udp", addr)
	if err != nil {
		return nil, sockError("pg.ListenUDP", "udp", addr, err, 0)
	}
	c, err := net.ListenUDP("udp", la)
	if err != nil {
		return nil, sockError("pg.ListenUDP", "udp", addr, err, 0)
	}
	u := &UDPConn{c: c, addr: c.LocalAddr().String()}
	u.timeout.Store(readTimeout.Load())
	u.rgate.set = c.SetReadDeadline
	u.wgate.set = c.SetWriteDeadline
	u.s = addSock(&sock{
		kind: "udp", net: "udp", local: u.addr,
		close: u.Close,
		interrupt: func() {
			u.rgate.interrupt()
			u.wgate.interrupt()
		},
	})
	return u, nil
}

// SendTo sends msg as one datagram to addr ("127.0.0.1:9999", or ":9999"
// for this machine). Up to about 64 KiB fit in one datagram.
//
//	err := u.SendTo("ping", "127.0.0.1:9999")
func (u *UDPConn) SendTo(msg, addr string) error {
	addr = loopbackAddr("udp", addr)
	ra, err := net.ResolveUDPAddr("udp", addr)
	if err != nil {
		return sockError("SendTo", "udp", addr, err, 0)
	}
	timeout := time.Duration(u.timeout.Load())
	u.wmu.Lock()
	gen := u.wgate.begin(timeout)
	u.s.out.Add(int64(len(msg))) // counted before it goes, as Conn's writes are
	n, err := u.c.WriteTo(unsafe.Slice(unsafe.StringData(msg), len(msg)), ra)
	interrupted := u.wgate.end(gen)
	u.wmu.Unlock()
	u.s.out.Add(int64(n - len(msg)))
	if err != nil {
		if interrupted {
			err = ErrInterrupted
		}
		return sockError("SendTo", "udp", addr, err, timeout)
	}
	return nil
}

// RecvFrom waits for the next datagram and returns it with the address
// it came from, ready for a reply with SendTo. It waits at most the
// socket's timeout.
//
//	msg, from, err := u.RecvFrom()
//	if err == nil {
//		u.SendTo("got "+msg, from)
//	}
func (u *UDPConn) RecvFrom() (msg, from string, err error) {
	timeout := time.Duration(u.timeout.Load())
	u.rmu.Lock()
	if u.buf == nil {
		u.buf = make([]byte, recvSize)
	}
	gen := u.rgate.begin(timeout)
	n, ra, err := u.c.ReadFromUDP(u.buf)
	interrupted := u.rgate.end(gen)
	msg = string(u.buf[:n])
	u.rmu.Unlock()
	u.s.in.Add(int64(n))
	if err != nil {
		if interrupted {
			err = ErrInterrupted
		}
		return "", "", sockError("RecvFrom", "udp", u.addr, err, timeout)
	}
	return msg, ra.String(), nil
}

// Addr returns the address the socket is bound to, such as
// "127.0.0.1:50123": where others send to reach it.
func (u *UDPConn) Addr() string { return u.addr }

// SetTimeout sets how long each later RecvFrom and SendTo waits (10 s
// unless changed with pg.SetReadTimeout); zero or less means no limit.
//
//	u.SetTimeout(time.Second)
func (u *UDPConn) SetTimeout(d time.Duration) { u.timeout.Store(int64(d)) }

// Close closes the socket; a waiting RecvFrom returns an error at once.
// Closing twice is harmless.
func (u *UDPConn) Close() error {
	u.closeOnce.Do(func() {
		u.s.markClosed()
		if err := u.c.Close(); err != nil {
			u.closeErr = sockError("Close", "udp", u.addr, err, 0)
		}
	})
	return u.closeErr
}

// Conn returns the plain *net.UDPConn underneath. Datagrams moved
// through it directly are not counted in :socks.
func (u *UDPConn) Conn() *net.UDPConn { return u.c }

// ID returns the socket's id in :socks, such as "s5"; :kill s5 closes it.
func (u *UDPConn) ID() string { return u.s.ID() }

// String describes the socket the way :socks does.
func (u *UDPConn) String() string {
	i := u.s.info(time.Now())
	return i.ID + " udp " + i.Local + " (" + i.State + ", " + byteSize(uint64(i.In)) + " in, " + byteSize(uint64(i.Out)) + " out)"
}
