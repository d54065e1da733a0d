package builtins

// socket_error.go: the errors socket calls return, in net.OpError's
// order (operation, network, address, what went wrong) plus a hint that
// says what to try next.

import (
	"errors"
	"net"
	"reflect"
	"strconv"
	"syscall"
	"time"
)

func init() {
	export(map[string]reflect.Value{
		"SockError":      reflect.ValueOf((*SockError)(nil)),
		"ErrInterrupted": reflect.ValueOf(&ErrInterrupted).Elem(),
		"ErrClosed":      reflect.ValueOf(&ErrClosed).Elem(),
	})
}

// ErrInterrupted is wrapped by the error of a socket call (Recv, Accept,
// Dial, ...) that Ctrl-C stopped while it waited.
//
//	_, err := c.Recv() // press Ctrl-C while it waits
//	errors.Is(err, pg.ErrInterrupted) // true
var ErrInterrupted = errors.New("interrupted")

// ErrClosed is wrapped by the error of a call on a socket that was already
// closed: by Close, by :kill, or because the session ended. It is the
// same value as net.ErrClosed.
//
//	c.Close()
//	err := c.Send("late")
//	errors.Is(err, pg.ErrClosed) // true
var ErrClosed = net.ErrClosed

// A SockError is the error of a socket call. Like net.OpError it names
// the operation, the network and the address, then what went wrong, then
// (after a dash) a hint for what to try next:
//
//	pg.Dial tcp 127.0.0.1:9: connection refused — is a server listening there? (:socks lists yours)
//
// Err is the error underneath; errors.Is and errors.As look through it:
// errors.Is(err, syscall.ECONNREFUSED) tells a refusal,
// errors.Is(err, pg.ErrInterrupted) a Ctrl-C, and the Timeout method a
// call that waited as long as it was allowed to.
//
//	_, err := pg.Dial("tcp", "127.0.0.1:9")
//	var se *pg.SockError
//	if errors.As(err, &se) {
//		fmt.Println(se.Op, se.Addr, se.Hint, se.Timeout())
//	}
type SockError struct {
	Op   string // "pg.Dial", "pg.Listen", "Recv", "Send", "Read", "Accept", ...
	Net  string // "tcp", "udp", "unix", ...
	Addr string // the address the call was about
	Err  error  // what went wrong underneath
	Hint string // what to try next; "" if there is nothing to say

	what string // Err in a few words
}

// Error reads "Op Net Addr: what went wrong — hint".
func (e *SockError) Error() string {
	s := e.Op
	if e.Net != "" {
		s += " " + e.Net
	}
	if e.Addr != "" {
		s += " " + e.Addr
	}
	what := e.what
	if what == "" && e.Err != nil {
		what = e.Err.Error()
	}
	s += ": " + what
	if e.Hint != "" {
		s += " — " + e.Hint
	}
	return s
}

// Unwrap returns Err, for errors.Is and errors.As.
func (e *SockError) Unwrap() error { return e.Err }

// Timeout reports whether the call gave up because its timeout passed.
func (e *SockError) Timeout() bool { return sockIsTimeout(e.Err) }

// sockError builds the error of op on network addr. timeout is the wait
// the call had, for the message of a timeout.
func sockError(op, network, addr string, err error, timeout time.Duration) *SockError {
	e := &SockError{Op: op, Net: network, Addr: addr, Err: err}
	e.what, e.Hint = sockExplain(op, network, addr, err, timeout)
	return e
}

// sockExplain says in a few words what err means for op, and what to try.
func sockExplain(op, network, addr string, err error, timeout time.Duration) (what, hint string) {
	unix := network == "unix" || network == "unixgram" || network == "unixpacket"
	var (
		errno   syscall.Errno
		dnsErr  *net.DNSError
		addrErr *net.AddrError
		unknown net.UnknownNetworkError
	)
	switch {
	case errors.Is(err, ErrInterrupted):
		return "interrupted (Ctrl-C)", ""
	case sockIsTimeout(err):
		what = "timed out"
		if timeout > 0 {
			what += " after " + timeout.String()
		}
		switch op {
		case "pg.Dial":
			hint = "nobody answered: is the address right? pg.SetDialTimeout(d) waits longer"
		case "Send", "SendTo", "Write":
			hint = "the other side is not reading: c.SetTimeout(d) waits longer"
		case "Accept":
			hint = "no client came: l.SetTimeout(0) waits until one does"
		default:
			hint = "nothing arrived: c.SetTimeout(d) waits longer, c.SetTimeout(0) until data comes"
		}
		return what, hint
	case errors.Is(err, net.ErrClosed):
		return "closed", "it was closed earlier (by Close, :kill or the end of the session; :socks shows it)"
	case errors.As(err, &errno):
		what = errno.Error()
		switch errno {
		case syscall.ECONNREFUSED:
			hint = "is a server listening there? (:socks lists yours)"
		case syscall.EADDRINUSE:
			if unix {
				hint = "a socket file is already there: remove it with os.Remove, or pick another path"
			} else {
				hint = `":0" picks a free port`
			}
		case syscall.EADDRNOTAVAIL:
			hint = "that host is not an address of this machine; leave the host out to use 127.0.0.1"
		case syscall.EACCES, syscall.EPERM:
			if unix {
				hint = "no permission to make a socket file there: try a path under os.TempDir()"
			} else if port := sockPort(addr); port > 0 && port < 1024 {
				hint = `ports below 1024 need privileges: ":0" picks a free port`
			}
		case syscall.ENOENT:
			if unix {
				hint = "no socket file there: is a server listening? (:socks lists yours)"
			}
		case syscall.ECONNRESET:
			hint = "the other side closed the connection without reading everything (or it crashed)"
		case syscall.EPIPE:
			hint = "the other side has closed the connection"
		case syscall.ENETUNREACH, syscall.EHOSTUNREACH:
			hint = "this machine has no route there"
		case syscall.EMSGSIZE:
			hint = "a datagram holds at most about 64 KiB: send less at once"
		}
		return what, hint
	case errors.As(err, &dnsErr):
		return dnsErr.Err, "check the name: only names this machine can resolve work"
	case errors.As(err, &addrErr):
		return addrErr.Err, `write host:port, such as "127.0.0.1:8080", or ":0" for a free port`
	case errors.As(err, &unknown):
		return "unknown network " + strconv.Quote(string(unknown)), sockNetworksHint(op)
	}
	return err.Error(), ""
}

// sockIsTimeout reports whether err is a timeout: a deadline that passed
// (os.ErrDeadlineExceeded) or a dial that ran out of time.
func sockIsTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

func sockNetworksHint(op string) string {
	switch op {
	case "pg.Listen":
		return `pg.Listen takes "tcp", "tcp4", "tcp6" or "unix"; pg.ListenUDP listens for UDP`
	case "pg.ListenUDP":
		return `pg.ListenUDP takes an address only, such as ":0" or "127.0.0.1:9999"`
	}
	return `pg.Dial takes "tcp", "tcp4", "tcp6", "unix", "udp", "udp4" or "udp6"`
}

// sockPort returns the port of host:port, or -1.
func sockPort(addr string) int {
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		return -1
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		return -1
	}
	return n
}
