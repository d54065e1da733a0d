package builtins

// socket.go keeps the session's table of sockets (what pg.Socks and :socks
// show, what :kill and Shutdown close), the default timeouts, the rule
// that an address without a host means 127.0.0.1, and the wake-up of
// blocked calls when the learner presses Ctrl-C (Interrupt).

import (
	"fmt"
	"net"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"
)

func init() {
	export(map[string]reflect.Value{
		"Socks":          reflect.ValueOf(Socks),
		"SockInfo":       reflect.ValueOf((*SockInfo)(nil)),
		"SetDialTimeout": reflect.ValueOf(SetDialTimeout),
		"SetReadTimeout": reflect.ValueOf(SetReadTimeout),
	})
	registerMeta("socks", socksMeta)
	registerKiller(killSock)
	registerShutdown(closeAllSocks)
}

// Default timeouts, and what SetDialTimeout and SetReadTimeout change.
const (
	defaultDialTimeout = 5 * time.Second
	defaultReadTimeout = 10 * time.Second
)

var (
	dialTimeout atomic.Int64 // time.Duration
	readTimeout atomic.Int64 // time.Duration
)

func init() {
	dialTimeout.Store(int64(defaultDialTimeout))
	readTimeout.Store(int64(defaultReadTimeout))
}

// SetDialTimeout sets how long pg.Dial waits for the other side to answer
// before giving up (5 seconds unless changed). It applies to every later
// pg.Dial of the session; zero or less means wait until the system gives
// up or Ctrl-C is pressed.
//
//	pg.SetDialTimeout(500 * time.Millisecond)
//	_, err := pg.Dial("tcp", "127.0.0.1:9") // fails fast if nobody answers
func SetDialTimeout(d time.Duration) { dialTimeout.Store(int64(d)) }

// SetReadTimeout sets how long Send, Recv and RecvLine (and Read, Write
// and a UDP socket's RecvFrom, SendTo) wait on sockets opened from now on
// (10 seconds unless changed): a connection that stays
// silent that long gives a timeout error instead of hanging. Zero or less
// means wait until data comes or Ctrl-C is pressed. c.SetTimeout changes
// one connection.
//
//	pg.SetReadTimeout(2 * time.Second)
//	c, _ := pg.Dial("tcp", srv.Addr())
//	_, err := c.Recv() // an error after 2 s if nothing arrives
func SetReadTimeout(d time.Duration) { readTimeout.Store(int64(d)) }

// SockInfo describes one socket of the session, as pg.Socks returns it
// and :socks shows it. Kind says how it came to be: "listen" (pg.Listen),
// "dial" (pg.Dial), "accept" (a connection a listener or server
// accepted; Parent names which), "udp" (pg.ListenUDP), or the server that
// owns a listener: "echo", "time", "http", "serve". State is "listening",
// "open", "peer closed" (the other side has finished sending) or "closed".
//
//	for _, s := range pg.Socks() {
//		fmt.Println(s.ID, s.Kind, s.Local, s.Remote, s.State, s.In, s.Out)
//	}
type SockInfo struct {
	ID     string        // "s3": what :kill takes
	Kind   string        // listen, dial, accept, udp, echo, time, http, serve
	Net    string        // tcp, tcp4, tcp6, unix, udp
	Local  string        // this side's address
	Remote string        // the other side's address; "" for listeners and UDP
	State  string        // listening, open, peer closed, closed
	In     int64         // bytes received
	Out    int64         // bytes sent
	Conns  int64         // connections accepted (listeners and servers)
	Parent string        // for accepted connections: the listener's ID
	Age    time.Duration // how long ago it was opened
}

// sock is one entry of the session's socket table.
type sock struct {
	id     int
	kind   string
	net    string
	local  string // for listeners and UDP sockets
	parent string
	opened time.Time

	// A connection's addresses, put into words only when asked for:
	// that is a few percent of a loopback connection's setup.
	localAddr, remoteAddr net.Addr

	in, out, conns atomic.Int64

	// close closes the socket for :kill and Shutdown; interrupt wakes
	// calls blocked on it (nil if none can block).
	close     func() error
	interrupt func()

	mu       sync.Mutex
	state    string
	closedAt time.Time // when markClosed ran, for :timeline
}

func (s *sock) ID() string { return "s" + strconv.Itoa(s.id) }

// localString is this side's address in words.
func (s *sock) localString() string {
	if s.localAddr != nil {
		return sockAddrString(s.localAddr)
	}
	return s.local
}

// remoteString is the other side's address in words; "" for listeners
// and UDP sockets.
func (s *sock) remoteString() string {
	if s.remoteAddr == nil && s.localAddr == nil {
		return ""
	}
	return sockAddrString(s.remoteAddr)
}

func (s *sock) setState(state string) {
	s.mu.Lock()
	if s.state != "closed" {
		s.state = state
	}
	s.mu.Unlock()
}

// markClosed records that the socket is closed and reports whether it
// was open until now.
func (s *sock) markClosed() bool {
	s.mu.Lock()
	was := s.state
	s.state = "closed"
	if was != "closed" {
		s.closedAt = time.Now()
	}
	s.mu.Unlock()
	if was == "closed" {
		return false
	}
	socks.mu.Lock()
	socks.closed = append(socks.closed, s.id)
	socks.trim()
	socks.mu.Unlock()
	return true
}

func (s *sock) info(now time.Time) SockInfo {
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	return SockInfo{
		ID: s.ID(), Kind: s.kind, Net: s.net, Local: s.localString(), Remote: s.remoteString(),
		State: state, In: s.in.Load(), Out: s.out.Load(), Conns: s.conns.Load(),
		Parent: s.parent, Age: now.Sub(s.opened),
	}
}

// keepClosed is how many closed sockets the table remembers.
const keepClosed = 100

// sockTable is the session's socket table.
type sockTable struct {
	mu      sync.Mutex
	next    int
	all     map[int]*sock
	closed  []int // ids of closed sockets, oldest first
	dropped int   // closed sockets forgotten

	// dials in progress, to cancel on Interrupt and Shutdown.
	dials map[*pendingDial]struct{}
}

var socks = sockTable{all: map[int]*sock{}, dials: map[*pendingDial]struct{}{}}

// trim forgets the oldest closed sockets beyond keepClosed; t.mu is held.
func (t *sockTable) trim() {
	for len(t.closed) > keepClosed {
		delete(t.all, t.closed[0])
		t.closed = t.closed[1:]
		t.dropped++
	}
}

// addSock puts s in the table, giving it an id, and returns it.
func addSock(s *sock) *sock {
	if s.opened.IsZero() {
		s.opened = time.Now()
	}
	if s.state == "" {
		s.state = "open"
	}
	socks.mu.Lock()
	socks.next++
	s.id = socks.next
	socks.all[s.id] = s
	socks.mu.Unlock()
	noteCheckSock(s)
	return s
}

// Socks lists every socket the session opened that is still open or was
// closed recently (the last 100 closed ones are remembered): listeners,
// connections made with pg.Dial, connections that listeners and servers
// accepted, UDP sockets. :socks shows the same as a table.
//
//	srv, _ := pg.Echo("")
//	c, _ := pg.Dial("tcp", srv.Addr())
//	c.Send("hi")
//	for _, s := range pg.Socks() {
//		fmt.Println(s.ID, s.Kind, s.State, s.Out)
//	}
func Socks() []SockInfo {
	socks.mu.Lock()
	list := make([]*sock, 0, len(socks.all))
	for _, s := range socks.all {
		list = append(list, s)
	}
	socks.mu.Unlock()
	sort.Slice(list, func(i, j int) bool { return list[i].id < list[j].id })
	now := time.Now()
	infos := make([]SockInfo, len(list))
	for i, s := range list {
		infos[i] = s.info(now)
	}
	return infos
}

func lookupSock(id string) *sock {
	n, err := strconv.Atoi(strings.TrimPrefix(strings.ToLower(id), "s"))
	if err != nil || !strings.HasPrefix(strings.ToLower(id), "s") {
		return nil
	}
	socks.mu.Lock()
	defer socks.mu.Unlock()
	return socks.all[n]
}

// socksMeta answers :socks.
func socksMeta(arg string) (string, error) {
	infos := Socks()
	if owned := checkOwned(); owned != nil {
		infos = slices.DeleteFunc(infos, func(s SockInfo) bool { return owned[s.ID] })
	}
	socks.mu.Lock()
	dropped := socks.dropped
	socks.mu.Unlock()
	if len(infos) == 0 {
		return "no sockets yet: pg.Listen, pg.Dial, pg.ListenUDP, pg.Echo, pg.Time, pg.HTTP and pg.Serve open them", nil
	}
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tKIND\tLOCAL\tREMOTE\tSTATE\tIN\tOUT\tAGE")
	for _, s := range infos {
		kind := s.Net + " " + s.Kind
		switch {
		case s.Parent != "":
			kind += " (" + s.Parent + ")"
		case s.State == "listening" || s.Conns > 0:
			kind += " (" + sockPlural(s.Conns, "conn") + ")"
		}
		remote := s.Remote
		if remote == "" {
			remote = "-"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, kind, s.Local, remote, s.State,
			byteSize(uint64(s.In)), byteSize(uint64(s.Out)), tableAge(s.Age))
	}
	w.Flush()
	if dropped > 0 {
		fmt.Fprintf(&b, "(%d older closed sockets not shown)\n", dropped)
	}
	return strings.TrimRight(b.String(), "\n"), nil
}

// killSock is :kill for socket ids ("s3"): it closes the socket; a
// server's listener closes the whole server. The signal does not matter.
func killSock(id string, _ syscall.Signal) (string, bool, error) {
	s := lookupSock(id)
	if s == nil {
		if len(id) > 1 && (id[0] == 's' || id[0] == 'S') {
			if _, err := strconv.Atoi(id[1:]); err == nil {
				return "", true, fmt.Errorf("kill: no socket %s: :socks lists them", id)
			}
		}
		return "", false, nil
	}
	info := s.info(time.Now())
	if info.State == "closed" {
		return "", true, fmt.Errorf("kill: %s is already closed", info.ID)
	}
	if err := s.close(); err != nil {
		return "", true, fmt.Errorf("kill: closing %s: %w", info.ID, err)
	}
	where := info.Local
	if info.Remote != "" {
		where += " → " + info.Remote
	}
	return fmt.Sprintf("closed %s (%s %s %s)", info.ID, info.Net, info.Kind, where), true, nil
}

// closeAllSocks closes every open socket: servers and listeners first, so
// that nothing new is accepted while connections close.
func closeAllSocks() {
	socks.mu.Lock()
	list := make([]*sock, 0, len(socks.all))
	for _, s := range socks.all {
		list = append(list, s)
	}
	for d := range socks.dials {
		d.interrupt()
	}
	socks.mu.Unlock()
	sort.Slice(list, func(i, j int) bool { return list[i].id < list[j].id })
	for _, listening := range []bool{true, false} {
		for _, s := range list {
			s.mu.Lock()
			state := s.state
			s.mu.Unlock()
			if (state == "listening") == listening && state != "closed" {
				s.close()
			}
		}
	}
}

// InterruptSockets wakes every pg call that is blocked now — Recv, RecvLine, Send,
// Accept, RecvFrom, Dial — and makes it return an error that wraps
// ErrInterrupted. The evaluator calls it when the learner presses Ctrl-C:
// yaegi stops interpreted code, but not a compiled call waiting on a
// socket. Calls that start afterwards wait as usual.
func InterruptSockets() {
	socks.mu.Lock()
	var list []*sock
	for _, s := range socks.all {
		if s.interrupt != nil {
			list = append(list, s)
		}
	}
	for d := range socks.dials {
		d.interrupt()
	}
	socks.mu.Unlock()
	for _, s := range list {
		s.interrupt()
	}
}

// A sockGate makes blocking calls on one socket interruptible. A call
// brackets its wait with begin and end; begin sets the socket's deadline
// from the call's timeout, and interrupt moves the deadline into the past,
// which wakes every waiting call at once. No polling: an idle or busy
// socket costs one uncontended lock and one deadline per call.
type sockGate struct {
	mu          sync.Mutex
	set         func(time.Time) error // SetReadDeadline, SetWriteDeadline or SetDeadline
	waiting     int
	generation  uint64 // bumped by interrupt when calls are waiting
	hasDeadline bool
}

// begin starts a wait of at most timeout (no limit if timeout <= 0).
func (g *sockGate) begin(timeout time.Duration) uint64 {
	g.mu.Lock()
	g.waiting++
	if timeout > 0 {
		g.set(time.Now().Add(timeout))
		g.hasDeadline = true
	} else if g.hasDeadline {
		g.set(time.Time{})
		g.hasDeadline = false
	}
	gen := g.generation
	g.mu.Unlock()
	return gen
}

// end finishes a wait begun at generation gen and reports whether
// interrupt was called meanwhile.
func (g *sockGate) end(gen uint64) (interrupted bool) {
	g.mu.Lock()
	g.waiting--
	interrupted = g.generation != gen
	g.mu.Unlock()
	return interrupted
}

func (g *sockGate) interrupt() {
	g.mu.Lock()
	if g.waiting > 0 {
		g.generation++
		g.set(time.Unix(1, 0))
		g.hasDeadline = true
	}
	g.mu.Unlock()
}
