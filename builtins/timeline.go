package builtins

// :timeline records what ran when: the lifetimes of tasks, processes and
// sockets come from their own tables (each keeps when it started and
// ended); what a task was doing in between comes from a sampler that,
// while tasks run, reads the goroutines' states every few tens of
// milliseconds and logs each change in a bounded ring. Drawing is in
// timeline_draw.go.

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func init() {
	registerMetaDrawn("timeline", timelineMeta)
	registerMeta("sampling", samplingMeta)
}

// samplingMeta is the meta command "sampling off": this evaluator keeps
// no timeline, and its sampler stops for good. It is for a session in
// which nobody can type :timeline (lessons check's sandboxes), where the
// sampler's goroutine dumps were CPU spent for nothing.
func samplingMeta(arg string) (string, error) {
	if arg != "off" {
		return "", fmt.Errorf("sampling takes off, not %q", arg)
	}
	tlOff.Store(true)
	return "", nil
}

// tlOff is set by "sampling off".
var tlOff atomic.Bool

// Sampling: a goroutine dump every tlMinPeriod while what tasks do
// changes, backing off to tlMaxPeriod while it does not, and never more
// often than keeps the sampler under 1/tlCostFactor of one core.
const (
	tlMinPeriod  = 10 * time.Millisecond
	tlMaxPeriod  = 100 * time.Millisecond
	tlIdlePeriod = 50 * time.Millisecond // how often to look for tasks while none runs
	tlCostFactor = 50
	tlLogSize    = 1 << 14 // state changes kept, for every task together
	// Past tlMaxGoroutines the dump would stop the world for
	// milliseconds at a time, long enough to show in pg.App's frame
	// gaps: tasks are then drawn without what they wait on.
	tlMaxGoroutines = 5000
)

// A tlEvent is a change in what a task or process was seen doing.
type tlEvent struct {
	at     time.Time
	task   int     // the task's ID; for a process, minus its ID (p3 is -3)
	state  tlState // tlRunning or tlWaiting
	reason string
}

// tlLog is the ring of the last tlLogSize state changes.
var tlLog struct {
	mu sync.Mutex
	ev []tlEvent
	n  int // events written in all; the ring holds the last len(ev)
}

func tlRecord(e tlEvent) {
	tlLog.mu.Lock()
	if tlLog.ev == nil {
		tlLog.ev = make([]tlEvent, tlLogSize)
	}
	tlLog.ev[tlLog.n%len(tlLog.ev)] = e
	tlLog.n++
	tlLog.mu.Unlock()
}

// tlEvents returns the logged changes, oldest first, by task.
func tlEvents() map[int][]tlEvent {
	tlLog.mu.Lock()
	defer tlLog.mu.Unlock()
	by := map[int][]tlEvent{}
	size := len(tlLog.ev)
	first := max(0, tlLog.n-size)
	for i := first; i < tlLog.n; i++ {
		e := tlLog.ev[i%size]
		by[e.task] = append(by[e.task], e)
	}
	return by
}

var tlSampling sync.Once

// tlPaused stops the sampler, for the benchmark that measures its cost.
var tlPaused atomic.Bool

// startSampling starts the sampler, once, when the first task starts:
// processes that never run a task (the shell) never pay for it.
func startSampling() {
	if !tlOff.Load() {
		tlSampling.Do(func() { go sampleTasks() })
	}
}

// sampleTasks runs for the rest of the process, logging every change in
// what a running task is doing (running, or waiting and why) and, where
// the OS tells (Linux), in whether a running process is on a CPU or
// sleeping. Tasks are logged by their ID, processes by minus theirs.
func sampleTasks() {
	type seen struct {
		state  tlState
		reason string
	}
	last := map[int]seen{}
	period := tlMinPeriod
	for !tlOff.Load() {
		tasks.mu.Lock()
		live := make([]int, 0, len(tasks.live))
		for id := range tasks.live {
			live = append(live, id)
		}
		tasks.mu.Unlock()
		var running []*Proc
		for _, p := range Procs() {
			if p.Running() {
				running = append(running, p)
			}
		}
		dumpTasks := len(live) > 0 && runtime.NumGoroutine() <= tlMaxGoroutines
		if tlPaused.Load() || !dumpTasks && len(running) == 0 {
			clear(last)
			time.Sleep(tlIdlePeriod)
			continue
		}
		start := time.Now()
		observed := map[int]seen{}
		if dumpTasks {
			gs := taskGoroutines()
			for _, id := range live {
				g, ok := gs[id]
				if !ok {
					continue // not started yet, or just ended
				}
				s := seen{state: tlRunning}
				if g.waiting() {
					s = seen{tlWaiting, g.reason}
				}
				observed[id] = s
			}
		}
		for _, p := range running {
			if state, ok := procRunState(p.pid); ok {
				s := seen{state: tlRunning}
				if state != "running" {
					s = seen{tlWaiting, state}
				}
				observed[-p.id] = s
			}
		}
		changed := false
		for key, s := range observed {
			if prev, ok := last[key]; !ok || prev != s {
				tlRecord(tlEvent{at: start, task: key, state: s.state, reason: s.reason})
				last[key] = s
				changed = true
			}
		}
		for key := range last {
			if _, ok := observed[key]; !ok {
				delete(last, key)
			}
		}
		if changed {
			period = tlMinPeriod
		} else {
			period = min(tlMaxPeriod, period*3/2)
		}
		time.Sleep(max(period, tlCostFactor*time.Since(start)))
	}
}

// procRunState says whether process pid is running ("running") or why
// not ("sleeping", "stopped", ...), from /proc; false where it cannot.
func procRunState(pid int) (string, bool) {
	p, ok := readProcState(pid)
	if !ok {
		return "", false
	}
	return p.stateWord(), true
}

// tlMaxLanes bounds the lanes one chart shows: the running ones first,
// then those that ended last.
const tlMaxLanes = 30

// timelineMeta answers :timeline [DURATION] [NAME].
func timelineMeta(mc MetaContext, arg string) (string, error) {
	var window time.Duration
	var name string
	for _, f := range strings.Fields(arg) {
		if d, err := time.ParseDuration(f); err == nil && window == 0 {
			if d <= 0 {
				return "", errors.New("timeline: the duration must be positive, as in :timeline 5s")
			}
			window = d
			continue
		}
		if name != "" {
			return "", errors.New("usage: :timeline [DURATION] [NAME], as in :timeline 5s or :timeline worker")
		}
		name = f
	}
	now := time.Now()
	d := collectTimeline(now, window, name)
	if name != "" && len(d.Lanes) == 0 {
		return "", fmt.Errorf("timeline: no task, process or socket %q: :tasks, :procs and :socks list them", name)
	}
	return drawTimeline(d, mc.width(), mc.Colour), nil
}

// collectTimeline gathers the lanes to draw: those alive at some time in
// the last window (the whole session if window is 0), only those whose
// id or name is name if it is not "".
func collectTimeline(now time.Time, window time.Duration, name string) tlData {
	lanes := append(append(taskLanes(), procLanes()...), sockLanes()...)
	d := tlData{To: now}
	if window > 0 {
		d.From = now.Add(-window)
		d.Title = "last " + tlFormatDuration(window)
	}
	keep := lanes[:0]
	for _, l := range lanes {
		if name != "" && l.ID != name && l.Name != name {
			continue
		}
		if !l.End.IsZero() && l.End.Before(d.From) {
			continue
		}
		keep = append(keep, l)
	}
	lanes = keep
	if window == 0 {
		d.Title = "the session so far"
		if name != "" {
			d.Title = name
		}
		for i, l := range lanes {
			if i == 0 || l.Start.Before(d.From) {
				d.From = l.Start
			}
		}
	}
	if len(lanes) > tlMaxLanes {
		// Running first, then the latest to end.
		sort.SliceStable(lanes, func(i, j int) bool {
			li, lj := lanes[i], lanes[j]
			if li.End.IsZero() != lj.End.IsZero() {
				return li.End.IsZero()
			}
			return li.End.After(lj.End)
		})
		d.Hidden = len(lanes) - tlMaxLanes
		lanes = lanes[:tlMaxLanes]
	}
	sort.SliceStable(lanes, func(i, j int) bool { return lanes[i].Start.Before(lanes[j].Start) })
	d.Lanes = lanes
	return d
}

// taskLanes is a lane for every task pg tracks.
func taskLanes() []tlLane {
	all := Tasks()
	if len(all) == 0 {
		return nil
	}
	events := tlEvents()
	goroutines := taskGoroutines()
	lanes := make([]tlLane, 0, len(all))
	for _, t := range all {
		l := tlLane{ID: "t" + strconv.Itoa(t.ID), Name: t.Name, Start: t.start, Status: t.describe(goroutines)}
		switch taskState(t.state.Load()) {
		case taskDone:
			l.How = tlDone
		case taskCancelled:
			l.How = tlCancelled
		case taskPanicked:
			l.How = tlPanicked
		}
		if l.How != tlAlive {
			l.End = t.end
		}
		for _, e := range events[t.ID] {
			l.Spans = append(l.Spans, tlSpan{At: e.at, State: e.state, Reason: e.reason})
		}
		lanes = append(lanes, l)
	}
	return lanes
}

// procLanes is a lane for every process pg.Procs lists.
func procLanes() []tlLane {
	events := tlEvents()
	var lanes []tlLane
	for _, p := range Procs() {
		l := tlLane{ID: p.ID(), Name: procCommand(p.argv, 0), Start: p.start, Status: p.State()}
		for _, e := range events[-p.id] {
			l.Spans = append(l.Spans, tlSpan{At: e.at, State: e.state, Reason: e.reason})
		}
		p.mu.Lock()
		if p.ended {
			l.End = p.endAt
			l.How = tlFailed
			if p.state != nil && p.state.Success() {
				l.How = tlDone
			}
		}
		p.mu.Unlock()
		lanes = append(lanes, l)
	}
	return lanes
}

// sockLanes is a lane for every socket pg.Socks lists.
func sockLanes() []tlLane {
	socks.mu.Lock()
	list := make([]*sock, 0, len(socks.all))
	for _, s := range socks.all {
		list = append(list, s)
	}
	socks.mu.Unlock()
	sort.Slice(list, func(i, j int) bool { return list[i].id < list[j].id })
	lanes := make([]tlLane, 0, len(list))
	for _, s := range list {
		where := s.localString()
		if r := s.remoteString(); r != "" {
			where = r
		}
		s.mu.Lock()
		state, closedAt := s.state, s.closedAt
		s.mu.Unlock()
		st := tlOpen
		if s.remoteAddr == nil && s.localAddr == nil {
			st = tlListening // listeners and UDP sockets
		}
		l := tlLane{ID: s.ID(), Name: s.net + " " + s.kind + " " + where, Start: s.opened, Status: state,
			Spans: []tlSpan{{At: s.opened, State: st}}}
		if state == "closed" {
			l.End, l.How = closedAt, tlClosed
		}
		lanes = append(lanes, l)
	}
	return lanes
}
