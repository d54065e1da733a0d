package builtins

// pg.App: a small terminal window with an event loop, for the lesson on
// keeping a user interface responsive. The loop runs on the goroutine
// that calls Run, as a GUI toolkit's main loop runs on its UI thread; it
// measures every gap between two frames, so a handler that blocks the
// loop shows as a frozen spinner and as numbers.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/sys/unix"

	"github.com/learn-concurrency/playground/internal/termdraw"
)

func init() {
	export(map[string]reflect.Value{
		"NewApp":   reflect.ValueOf(NewApp),
		"App":      reflect.ValueOf((*App)(nil)),
		"AppStats": reflect.ValueOf((*AppStats)(nil)),
	})
}

// appOut is where Apps draw and say they closed: standard output, which
// the evaluator forwards to the shell.
var appOut io.Writer = os.Stdout

// AppFrame is the time between two frames of an App: 60 a second.
const AppFrame = time.Second / 60

// An App is a small window drawn in the terminal: a title, a spinner, a
// counter, a progress bar, a status line and the keys it answers. Run
// draws it 60 times a second and runs its event loop: the handlers given
// to OnKey and OnTick, and the functions given to Post, all run on the
// goroutine that called Run, the UI goroutine, one at a time. While one
// runs, nothing is drawn: a handler that sleeps for a second freezes the
// window for a second (the spinner stops), as a slow handler freezes a
// GUI. Long work belongs in a task (pg.Go) that hands its result back
// with Post.
//
// The App measures every gap between two frames; Stats reports the
// longest, how many frames came late and how long the UI goroutine spent
// in handlers.
//
// On the playground's terminal the window is drawn in place below the
// prompt, keys reach the handlers as they are typed, and q or Ctrl-C
// closes it. Without a terminal (playground run, or Run called from a
// task after the input that started it ended) the App runs headless: it
// ticks, runs handlers and measures just the same, draws nothing, and
// gets keys only from Key; Close, RunFor or Ctrl-C end it.
//
// While the window is up, show things in it (SetStatus) rather than
// printing: each line printed pushes the window up a line, and the next
// frame is drawn over the last lines printed.
//
// The methods of an App may be called from any goroutine. The setters
// (SetStatus, SetCounter, SetProgress) are meant for the UI goroutine, in
// handlers; called from elsewhere they still work, but say once on
// standard error that Post is the way.
//
//	app := pg.NewApp("downloader")
//	app.OnKey('s', func() { time.Sleep(time.Second) }) // freezes the window
//	app.OnKey('g', func() {
//		pg.Go("download", func(ctx context.Context) {
//			time.Sleep(time.Second) // the window keeps turning
//			app.Post(func() { app.SetStatus("downloaded") })
//		})
//	})
//	app.Run()                 // press s, then g, then q
//	fmt.Println(app.Stats())  // frames, longest gap, late frames, time blocked
type App struct {
	title string

	// events is the UI goroutine's queue, in the order things happened:
	// keys typed or pressed, and work posted.
	events chan appEvent
	quit   chan struct{} // closed by Close
	done   chan struct{} // closed when Run has returned

	mu       sync.Mutex
	onKey    map[rune]func()
	keyOrder []rune
	onTick   func()
	view     appView
	stats    AppStats
	started  bool
	uiGID    int64 // the UI goroutine, while Run runs
	warned   bool  // the setters' warning was given
	onScreen bool  // Run draws on a terminal: notes go above the window
	notes    []string
	// inHandlers is the time the UI goroutine spent in handlers since
	// the last frame: what of a frame gap was the handlers'.
	inHandlers time.Duration
	stopOnce   sync.Once
}

// An appEvent is a key (fn nil) or work posted to the UI goroutine.
type appEvent struct {
	key rune
	fn  func()
}

// AppStats measures an App's event loop. Print it for a line of the
// numbers that matter.
type AppStats struct {
	// Frames is how many frames were drawn (or, headless, ticked).
	Frames int
	// Longest is the longest gap between two frames: 17ms or so while
	// the loop keeps up, the whole time a blocking handler took when
	// one did.
	Longest time.Duration
	// Late counts the frames that were due but not drawn in time: a
	// handler that blocks for one second at 60 frames a second makes
	// about 59 of them.
	Late int
	// Blocked is the time the UI goroutine spent in handlers and posted
	// functions rather than drawing.
	Blocked time.Duration
	// LongestHandler is the longest time one handler or posted function
	// kept the UI goroutine: what the code froze the window for, however
	// busy the machine.
	LongestHandler time.Duration
	// Stalled is the longest frame gap less the time handlers ran in it:
	// about a frame (17ms) while the machine keeps up. More means the UI
	// goroutine was ready to draw and waited for a CPU: a busy machine
	// (or, with runtime.GOMAXPROCS(1), a task computing on the only
	// core), not a slow handler.
	Stalled time.Duration
	// OffUI counts the calls of SetStatus, SetCounter and SetProgress
	// made while Run ran from a goroutine other than the UI goroutine.
	OffUI int
	// Ran is how long Run ran.
	Ran time.Duration
}

// String puts the numbers in a line:
// "120 frames in 2.01s, longest gap 1.002s, 59 late, 1.001s blocked".
func (s AppStats) String() string {
	return fmt.Sprintf("%s in %s, longest gap %s, %d late, %s blocked",
		taskPlural(s.Frames, "frame"), appDuration(s.Ran), appDuration(s.Longest), s.Late, appDuration(s.Blocked))
}

// NewApp returns an App with the given title; Run shows it.
//
//	app := pg.NewApp("counter")
//	app.OnKey('+', func() { app.SetCounter(app.Counter() + 1) })
//	app.Run()
func NewApp(title string) *App {
	if strings.TrimSpace(title) == "" {
		title = "pg.App"
	}
	a := &App{
		title:  title,
		events: make(chan appEvent, 256),
		quit:   make(chan struct{}),
		done:   make(chan struct{}),
		onKey:  map[rune]func(){},
	}
	a.view = appView{Title: title, Progress: -1}
	return a
}

// OnKey makes the UI goroutine call fn when key is typed (or pressed
// with Key). A second OnKey for the same key replaces the first. q and
// Ctrl-C always close the App, after their handler if they have one.
//
//	app.OnKey(' ', func() { app.SetStatus("space!") })
func (a *App) OnKey(key rune, fn func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.onKey[key]; !ok && fn != nil {
		a.keyOrder = append(a.keyOrder, key)
	}
	if fn == nil {
		delete(a.onKey, key)
		return
	}
	a.onKey[key] = fn
}

// OnTick makes the UI goroutine call fn before drawing each frame, 60
// times a second; fn must be quick, or frames come late. Nil removes it.
//
//	start := time.Now()
//	app.OnTick(func() { app.SetProgress(time.Since(start).Seconds() / 5) })
func (a *App) OnTick(fn func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.onTick = fn
}

// Post hands fn to the UI goroutine, which runs it between two frames,
// in turn with keys and other posts (one queue, first come first run):
// the way for a task to change what the window shows. It may be called
// from any goroutine; it waits only if very many posts are pending, and
// drops fn if the App has closed.
//
//	pg.Go("work", func(ctx context.Context) {
//		n := slowSum()
//		app.Post(func() { app.SetCounter(n) })
//	})
func (a *App) Post(fn func()) {
	if fn == nil {
		return
	}
	select {
	case a.events <- appEvent{fn: fn}:
	case <-a.done:
	}
}

// Key presses key as if it were typed: its handler runs on the UI
// goroutine ('q' closes the App). Headless Apps get keys no other way.
//
//	go func() { time.Sleep(time.Second); app.Key('q') }()
func (a *App) Key(key rune) {
	select {
	case a.events <- appEvent{key: key}:
	case <-a.done:
	}
}

// SetStatus sets the status line.
func (a *App) SetStatus(s string) {
	a.set(func(v *appView) { v.Status = strings.ReplaceAll(s, "\n", " ") })
}

// SetCounter sets the counter.
func (a *App) SetCounter(n int) { a.set(func(v *appView) { v.Counter = n }) }

// Counter returns the counter.
func (a *App) Counter() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.view.Counter
}

// SetProgress sets the progress bar to frac, from 0 (nothing done) to 1
// (all done); the bar shows once this is called. A value below 0 hides
// it again.
func (a *App) SetProgress(frac float64) {
	a.set(func(v *appView) {
		switch {
		case frac < 0:
			v.Progress = -1
		case frac > 1:
			v.Progress = 1
		default:
			v.Progress = frac
		}
	})
}

// set changes the view, and counts (and says once) a change made from
// a goroutine other than the UI goroutine. On a terminal the warning is
// drawn above the window by the next frame: printed from here it would
// push the window up a line, and the next frame would be drawn over it.
func (a *App) set(change func(*appView)) {
	a.mu.Lock()
	ui := a.uiGID
	a.mu.Unlock()
	if ui != 0 {
		if gid, _ := selfStack(); gid != ui {
			msg := fmt.Sprintf("pg.App %q: changed from goroutine %d, not the UI goroutine (%d): a GUI toolkit would not allow it; hand the change over with app.Post(func() { ... })", a.title, gid, ui)
			a.mu.Lock()
			a.stats.OffUI++
			first, onScreen := !a.warned, a.onScreen
			a.warned = true
			if first && onScreen {
				a.notes = append(a.notes, msg)
			}
			a.mu.Unlock()
			if first && !onScreen {
				if announce := Announce; announce != nil {
					announce(msg)
				} else {
					fmt.Fprintln(os.Stderr, msg)
				}
			}
		}
	}
	a.mu.Lock()
	change(&a.view)
	a.mu.Unlock()
}

// Close closes the App: Run returns after drawing the last frame. It may
// be called from any goroutine, a handler too, any number of times.
func (a *App) Close() {
	a.stopOnce.Do(func() { close(a.quit) })
}

// Stats returns the App's measures: complete once Run has returned, so
// far while it runs.
func (a *App) Stats() AppStats {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.stats
}

// RunFor runs the App as Run does, closing it after d unless it closed
// before: handy headless.
//
//	app.RunFor(2 * time.Second)
func (a *App) RunFor(d time.Duration) {
	t := time.AfterFunc(d, a.Close)
	defer t.Stop()
	a.Run()
}

// errAppRan is what Run panics with when the App already ran.
var errAppRan = errors.New("pg.App: Run was called twice; an App runs once: make another with pg.NewApp")

// Run shows the window and runs the event loop on the calling goroutine
// until the App is closed: by q or Ctrl-C on the terminal, by Close, or
// by Ctrl-C cancelling the input. Then it draws the window a last time,
// gives the terminal back as it was and prints one line of Stats. An App
// runs once.
func (a *App) Run() {
	a.mu.Lock()
	if a.started {
		a.mu.Unlock()
		panic(errAppRan)
	}
	a.started = true
	gid, _ := selfStack()
	a.uiGID = gid
	a.mu.Unlock()
	addApp(a)
	defer removeApp(a)
	defer close(a.done)

	var screen *appScreen
	if ask := Terminal; ask != nil {
		if info, ok := ask(true); ok {
			screen = &appScreen{w: appOut, width: info.Width, colour: info.Colour}
			a.mu.Lock()
			a.onScreen = true
			a.mu.Unlock()
			defer ask(false)
			// Stopped, and waited for, before the terminal goes back: it
			// must not read a key meant for whatever runs next.
			stopKeys, keysDone := make(chan struct{}), make(chan struct{})
			defer func() { close(stopKeys); <-keysDone }()
			go func() { defer close(keysDone); a.readKeys(stopKeys) }()
		}
	}
	if screen != nil {
		defer screen.show() // even if a handler panics
	}

	start := time.Now()
	ticker := time.NewTicker(AppFrame)
	defer ticker.Stop()
	last := start
	a.frame(screen, start, &last)
	for open := true; open; {
		select {
		case <-a.quit:
			open = false
		case ev := <-a.events:
			if ev.fn != nil {
				a.handle(ev.fn)
				break
			}
			a.mu.Lock()
			fn := a.onKey[ev.key]
			a.mu.Unlock()
			if fn != nil {
				a.handle(fn)
			}
			if ev.key == 'q' || ev.key == 0x03 {
				a.Close()
			}
		case <-ticker.C:
			a.tick(screen, &last)
			continue
		}
		// A frame that fell due while a handler ran comes before the
		// next key or post.
		select {
		case <-ticker.C:
			a.tick(screen, &last)
		default:
		}
	}
	// The last frame: its gap counts too.
	a.frame(screen, time.Now(), &last)
	a.mu.Lock()
	a.view.Closed = true
	a.stats.Ran = time.Since(start)
	a.uiGID = 0
	a.onScreen = false
	stats := a.stats
	a.mu.Unlock()
	if screen != nil {
		screen.draw(a.viewNow(), nil) // shows it closed
		screen.show()
	}
	fmt.Fprintf(appOut, "pg.App %q closed: %s\n", a.title, stats)
}

// tick runs the OnTick handler and draws a frame.
func (a *App) tick(screen *appScreen, last *time.Time) {
	a.mu.Lock()
	fn := a.onTick
	a.mu.Unlock()
	if fn != nil {
		a.handle(fn)
	}
	a.frame(screen, time.Now(), last)
}

// handle runs fn on the UI goroutine and counts the time it took.
func (a *App) handle(fn func()) {
	t0 := time.Now()
	defer func() {
		d := time.Since(t0)
		a.mu.Lock()
		a.stats.Blocked += d
		a.stats.LongestHandler = max(a.stats.LongestHandler, d)
		a.inHandlers += d
		a.mu.Unlock()
	}()
	fn()
}

// frame measures the gap since the last frame and draws one.
func (a *App) frame(screen *appScreen, now time.Time, last *time.Time) {
	a.mu.Lock()
	if a.stats.Frames > 0 {
		gap := now.Sub(*last)
		a.stats.Longest = max(a.stats.Longest, gap)
		a.stats.Stalled = max(a.stats.Stalled, gap-a.inHandlers)
		if gap > AppFrame*3/2 {
			// The frames that were due in the gap and not drawn.
			a.stats.Late += int((gap+AppFrame/2)/AppFrame) - 1
		}
	}
	a.stats.Frames++
	a.inHandlers = 0
	*last = now
	notes := a.notes
	a.notes = nil
	a.mu.Unlock()
	if screen != nil {
		screen.draw(a.viewNow(), notes)
	}
}

// viewNow is what the window shows now.
func (a *App) viewNow() appView {
	a.mu.Lock()
	defer a.mu.Unlock()
	v := a.view
	v.Tick = a.stats.Frames
	v.Longest, v.Late, v.Stalled = a.stats.Longest, a.stats.Late, a.stats.Stalled
	v.Keys = append([]rune(nil), a.keyOrder...)
	return v
}

// readKeys passes what is typed on standard input to the UI goroutine,
// until stop is closed. It polls, so that it never holds a read that
// would take the next input's keys.
func (a *App) readKeys(stop <-chan struct{}) {
	buf := make([]byte, 256)
	for {
		select {
		case <-stop:
			return
		default:
		}
		fds := []unix.PollFd{{Fd: 0, Events: unix.POLLIN}}
		if n, err := unix.Poll(fds, 20); err != nil || n == 0 {
			if err != nil && err != unix.EINTR {
				return
			}
			continue
		}
		n, err := unix.Read(0, buf)
		if err != nil || n == 0 {
			return
		}
		b := buf[:n]
		if b[0] == 0x1b { // an arrow or function key: not for handlers
			continue
		}
		for len(b) > 0 {
			r, size := utf8.DecodeRune(b)
			b = b[size:]
			select {
			case a.events <- appEvent{key: r}:
			case <-stop:
				return
			}
		}
	}
}

// appScreen draws an App's window in place on the terminal.
type appScreen struct {
	w      io.Writer
	width  int
	colour bool
	drawn  bool   // the window is on the screen, the cursor below it
	last   string // what was drawn last, not drawn again
}

// draw draws the window in place, with notes (warnings) printed above
// it first: the window moves down to make room for them.
func (s *appScreen) draw(v appView, notes []string) {
	lines := drawApp(v, s.width-1, s.colour)
	frame := strings.Join(lines, "\x1b[K\n") + "\x1b[K\n"
	if frame == s.last && len(notes) == 0 {
		return
	}
	s.last = frame
	var b strings.Builder
	if s.drawn {
		fmt.Fprintf(&b, "\r\x1b[%dA", appHeight)
	} else {
		b.WriteString("\x1b[?25l") // hide the cursor while the window is up
	}
	for _, n := range notes {
		b.WriteString(termdraw.Paint(n, termdraw.Yellow, s.colour) + "\x1b[K\n")
	}
	b.WriteString(frame)
	s.drawn = true
	io.WriteString(s.w, b.String())
}

// show shows the cursor again.
func (s *appScreen) show() { io.WriteString(s.w, "\x1b[?25h") }

// apps is every App running now, for Ctrl-C.
var apps struct {
	sync.Mutex
	running map[*App]struct{}
}

func addApp(a *App) {
	apps.Lock()
	defer apps.Unlock()
	if apps.running == nil {
		apps.running = map[*App]struct{}{}
	}
	apps.running[a] = struct{}{}
}

func removeApp(a *App) {
	apps.Lock()
	defer apps.Unlock()
	delete(apps.running, a)
}

// closeApps closes every running App: Ctrl-C cancelled the input.
func closeApps() {
	apps.Lock()
	defer apps.Unlock()
	for a := range apps.running {
		a.Close()
	}
}
