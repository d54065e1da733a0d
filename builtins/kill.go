package builtins

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// A killer stops the thing a :kill id names, if the id is its kind
// ("t3" for a task, "p2" or a pid for a process); handled reports whether
// it was.
type killer func(id string, sig syscall.Signal) (what string, handled bool, err error)

var (
	killMu  sync.Mutex
	killers []killer
)

// registerKiller adds a kind of thing :kill can stop.
func registerKiller(k killer) {
	killMu.Lock()
	defer killMu.Unlock()
	killers = append(killers, k)
}

func init() {
	registerMeta("kill", killMeta)
}

func killMeta(arg string) (string, error) {
	fields := strings.Fields(arg)
	if len(fields) == 0 || len(fields) > 2 {
		return "", errors.New("usage: :kill ID [SIGNAL] (:help kill says more)")
	}
	sig := syscall.SIGKILL
	if len(fields) == 2 {
		s, err := ParseSignal(fields[1])
		if err != nil {
			return "", err
		}
		sig = s
	}
	killMu.Lock()
	ks := append([]killer(nil), killers...)
	killMu.Unlock()
	for _, k := range ks {
		what, handled, err := k(fields[0], sig)
		if handled {
			return what, err
		}
	}
	return "", fmt.Errorf("kill: no task, process or socket %q: :tasks, :procs and :socks list them", fields[0])
}

// ParseSignal reads a signal by name (TERM, SIGTERM, term) or number.
func ParseSignal(s string) (syscall.Signal, error) {
	if n, err := strconv.Atoi(s); err == nil {
		if n <= 0 || n > 64 {
			return 0, fmt.Errorf("no signal %d: signals are numbered 1 to 64", n)
		}
		return syscall.Signal(n), nil
	}
	name := strings.ToUpper(s)
	if !strings.HasPrefix(name, "SIG") {
		name = "SIG" + name
	}
	if sig := unix.SignalNum(name); sig != 0 {
		return sig, nil
	}
	return 0, fmt.Errorf("no signal %q: try TERM, INT, HUP, KILL, USR1, USR2 or a number", s)
}
