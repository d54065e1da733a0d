package interp

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// sealedStream encodes payloads as the evaluator's frameWriter would with
// key: a length, the payload, its tag. The payloads need not be frames.
func sealedStream(key []byte, payloads ...[]byte) []byte {
	var b []byte
	sl := newSeal(key)
	for _, p := range payloads {
		b = binary.BigEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
		b = sl.append(b, p)
	}
	return b
}

func TestSealedFramesRoundTrip(t *testing.T) {
	key := newKey()
	var buf bytes.Buffer
	fw := newSealedFrameWriter(&buf, key)
	fw.Send(kindReady, 0, Status{PID: 1})
	fw.Send(kindOutput, 0, Output{Stream: "stdout", Data: "日本"[:4] + "\xff"})
	fr := newSealedFrameReader(bytes.NewReader(buf.Bytes()), key)
	for want := uint64(1); want <= 2; want++ {
		f, err := fr.Read()
		if err != nil || f.Seq != want {
			t.Fatalf("frame %d: %+v, %v", want, f, err)
		}
		if f.Kind == kindOutput {
			var o Output
			if err := f.Decode(&o); err != nil || o.Data != "日本"[:4]+"\xff" {
				t.Fatalf("output %q, %v: bytes changed on the way", o.Data, err)
			}
		}
	}
	if _, err := fr.Read(); err != io.EOF {
		t.Fatalf("at the end: %v, want io.EOF", err)
	}
}

func TestSealedFrameReaderDamage(t *testing.T) {
	key := newKey()
	frame := func(seq uint64) []byte {
		return []byte(fmt.Sprintf(`{"k":"output","n":%d,"b":{"s":"stdout","d":"x"}}`, seq))
	}
	good := sealedStream(key, frame(1))
	forged := sealedStream(newKey(), frame(1)) // another key: learner code's
	cases := []struct {
		name, want string
		stream     []byte
	}{
		{"a frame sealed with another key", "a frame the evaluator did not write", forged},
		{"a frame whose tag is cut", "the stream ended inside a frame", good[:len(good)-3]},
		{"a header cut short", "the stream ended inside a frame", good[:2]},
		{"a length of 2^32-1", "a frame of 4294967295 bytes, above the limit of 16 MiB", []byte{0xff, 0xff, 0xff, 0xff}},
		{"text", "a frame of 1734439522 bytes, above the limit of 16 MiB", []byte("garbage\n")},
		{"a frame missing", "frame 2 came after frame 0: frames went missing", sealedStream(key, frame(2))},
		{"a frame again", "frame 1 came after frame 1: frames went missing", sealedStream(key, frame(1), frame(1))},
		{"a sealed payload that is no frame", "a frame that is not a message", sealedStream(key, []byte("[1,2]"))},
		{"a good frame, then a forged one", "a frame the evaluator did not write", append(append([]byte{}, good...), forged...)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fr := newSealedFrameReader(bytes.NewReader(c.stream), key)
			var err error
			for err == nil {
				_, err = fr.Read()
			}
			if !isDamage(err) || !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("error %v, want damage %q", err, c.want)
			}
			if _, again := fr.Read(); again != err {
				t.Fatalf("a second Read gave %v, want the first error again", again)
			}
		})
	}
}

// A frame whose length came but whose body does not is damage after the
// stall limit, not a reader blocked for ever.
func TestSealedFrameReaderStall(t *testing.T) {
	r, w, err := socketPair("test")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	key := newKey()
	fr := newSealedFrameReader(r, key)
	fr.stall = 50 * time.Millisecond
	w.Write([]byte{0, 0, 0x10, 0, '{'})
	_, err = fr.Read()
	if !isDamage(err) || !strings.Contains(err.Error(), "stopped half-way") {
		t.Fatalf("Read of a stalled frame: %v, want damage", err)
	}
	// A reader with nothing to read waits: no deadline between frames.
	r2, w2, _ := socketPair("test")
	defer r2.Close()
	defer w2.Close()
	fr2 := newSealedFrameReader(r2, key)
	fr2.stall = time.Millisecond
	go func() {
		time.Sleep(20 * time.Millisecond)
		w2.Write(sealedStream(key, []byte(`{"k":"ready","n":1,"b":{"pid":1}}`)))
	}()
	if f, err := fr2.Read(); err != nil || f.Kind != kindReady {
		t.Fatalf("Read after an idle wait: %+v, %v", f, err)
	}
}

// fuzzSession is a Session with one evaluator that never runs, and one
// request of every kind pending on it, as the shell would have them.
type fuzzSession struct {
	s       *Session
	c       *child
	batch   []string // the batch's inputs; onResult indexes them as the shell does
	results []int    // the batch Results' indexes, in order
}

func newFuzzSession() *fuzzSession {
	fs := &fuzzSession{batch: []string{"a", "b", "c"}}
	fs.s = &Session{pending: map[uint64]*pendingReq{}, opt: Options{OnNotice: func(n Notice) {
		if n.Busy != nil {
			for _, task := range n.Busy.Tasks {
				_ = strings.Fields(task)[0] // what the shell shows of a task
			}
		}
	}}}
	fs.c = &child{key: newKey(), ready: make(chan struct{}), dead: make(chan struct{}), req: newFrameWriter(io.Discard), stderr: &stderrTail{}}
	fs.s.cur = fs.c
	fs.s.register(fs.c, kindEval, 0, func(o Output) {}, nil)                        // 1: an eval
	fs.s.register(fs.c, kindBatch, len(fs.batch), func(Output) {}, func(r Result) { // 2: a batch
		_ = fs.batch[r.Index]
		fs.results = append(fs.results, r.Index)
	})
	fs.s.register(fs.c, kindComplete, 0, nil, nil) // 3: a completion
	fs.s.register(fs.c, kindMeta, 0, nil, nil)     // 4: a meta request
	id, _ := fs.s.register(fs.c, kindMeta, 0, nil, nil)
	fs.s.unregister(id) // 5: a meta request its caller gave up on
	return fs
}

// run reads stream as the session's reader does, until it ends or breaks
// the protocol, and returns why it stopped.
func (fs *fuzzSession) run(stream []byte) error {
	fr := newSealedFrameReader(bytes.NewReader(stream), fs.c.key)
	for {
		f, err := fr.Read()
		if err != nil {
			return err
		}
		if err := fs.s.dispatch(fs.c, f); err != nil {
			return err
		}
	}
}

func TestDispatchRefusesWhatTheProtocolDoesNotAllow(t *testing.T) {
	cases := []struct {
		name   string
		frames []string // bodies without their numbers, which are added in order
		want   string   // the damage, "" for none
	}{
		{"an honest session", []string{
			`"k":"ready","b":{"pid":1}`,
			`"k":"output","b":{"s":"stdout","d":"hi\n"}`,
			`"k":"result","id":1,"b":{"v":"2","t":"int"}`,
			`"k":"result","id":2,"b":{"i":0,"more":true}`,
			`"k":"result","id":2,"b":{"i":1,"more":true}`,
			`"k":"result","id":2,"b":{"i":2}`,
			`"k":"completion","id":3,"b":{"c":[{"t":"Println"}]}`,
			`"k":"result","id":4,"b":{"x":"tasks"}`,
			`"k":"result","id":5,"b":{"x":"late, dropped"}`,
			`"k":"busy","b":{"pid":1,"g":3,"cpu":99,"tasks":["t1 \"spin\""]}`,
			`"k":"panic","b":{"p":"3:7","f":"main.f"}`,
			`"k":"term","id":9,"b":{"raw":true}`,
			`"k":"exiting","b":{"code":3,"why":"os.Exit"}`,
		}, ""},
		{"a second ready", []string{`"k":"ready","b":{"pid":1}`, `"k":"ready","b":{"pid":1}`}, "a second ready frame"},
		{"a batch result out of range", []string{`"k":"result","id":2,"b":{"v":"x","i":999,"more":true}`}, "result 999 of a batch of 3 where result 0 was due"},
		{"a batch result out of order", []string{`"k":"result","id":2,"b":{"i":1,"more":true}`}, "result 1 of a batch of 3 where result 0 was due"},
		{"a batch that says more after its last", []string{`"k":"result","id":2,"b":{"i":0,"more":true}`, `"k":"result","id":2,"b":{"i":1,"more":true}`, `"k":"result","id":2,"b":{"i":2,"more":true}`}, "result 2 of a batch of 3"},
		{"a batch result for an eval", []string{`"k":"result","id":1,"b":{"i":1}`}, "a result of a batch where one input ran"},
		{"a reply to no request", []string{`"k":"result","id":77,"b":{}`}, "a reply to no request"},
		{"a second reply", []string{`"k":"result","id":1,"b":{}`, `"k":"result","id":1,"b":{}`}, "a reply to no request"},
		{"a completion for an eval", []string{`"k":"completion","id":1,"b":{}`}, "a completion frame where a result was due"},
		{"a busy notice naming a blank task", []string{`"k":"busy","b":{"pid":1,"g":1,"cpu":99,"tasks":[" "]}`}, "a busy frame that names no tasks"},
		{"output of no stream", []string{`"k":"output","b":{"s":"elsewhere","d":"x"}`}, "an output frame that is not output"},
		{"a panic at no position", []string{`"k":"panic","b":{"p":"here","f":"f"}`}, "a panic frame without a position"},
		{"an exit for no reason", []string{`"k":"exiting","b":{"code":1,"why":"because"}`}, "an exiting frame that says no reason"},
		{"an error of no kind", []string{`"k":"result","id":1,"b":{"e":{"k":"mine","m":"x"}}`}, "a result frame that is not one"},
		{"an error at a bad frame", []string{`"k":"result","id":1,"b":{"e":{"k":"panic","m":"x","f":["x:y"]}}`}, "a result frame that is not one"},
		{"a status nobody asked for", []string{`"k":"status","id":1,"b":{"pid":1}`}, `a frame of unknown kind "status"`},
		{"a request", []string{`"k":"eval","id":1,"b":{"src":"1"}`}, `a frame of unknown kind "eval"`},
		{"a terminal request without an id", []string{`"k":"term","b":{"raw":true}`}, "a terminal request that is not one"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := newFuzzSession()
			var payloads [][]byte
			for i, f := range c.frames {
				payloads = append(payloads, []byte(fmt.Sprintf(`{"n":%d,%s}`, i+1, f)))
			}
			err := fs.run(sealedStream(fs.c.key, payloads...))
			if c.want == "" {
				if err != io.EOF {
					t.Fatalf("an honest stream ended with %v", err)
				}
				if fmt.Sprint(fs.results) != "[0 1 2]" {
					t.Errorf("the batch's results came as %v", fs.results)
				}
				return
			}
			if !isDamage(err) || !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("got %v, want damage %q", err, c.want)
			}
		})
	}
}

// FuzzReplyStream feeds arbitrary streams to the shell's side of the
// protocol: sealed as the evaluator would (so that the protocol's rules,
// not only the seal, are explored) or raw (learner code's bytes). The
// shell must neither panic nor block, and must stop at the first frame
// that breaks the protocol.
func FuzzReplyStream(f *testing.F) {
	seeds := [][]string{
		{`{"n":1,"k":"ready","b":{"pid":1}}`, `{"n":2,"k":"result","id":1,"b":{"v":"2"}}`},
		{`{"n":1,"k":"result","id":2,"b":{"i":0,"more":true}}`, `{"n":2,"k":"result","id":2,"b":{"i":1,"more":true}}`, `{"n":3,"k":"result","id":2,"b":{"i":2}}`},
		{`{"n":1,"k":"result","id":2,"b":{"v":"x","i":999,"more":true}}`},
		{`{"n":1,"k":"busy","b":{"pid":1,"g":1,"cpu":99,"tasks":[" "]}}`},
		{`{"n":1,"k":"ready","b":{"pid":1}}`, `{"n":2,"k":"ready","b":{"pid":1}}`},
		{`{"n":1,"k":"output","b":{"s":"stdout","d":"","x":"/w=="}}`, `{"n":2,"k":"completion","id":3,"b":{"c":[]}}`},
		{`{"n":1,"k":"term","id":4,"b":{"raw":false}}`, `{"n":2,"k":"result","id":5,"b":{}}`, `{"n":3,"k":"result","id":4,"b":{"e":{"k":"panic","m":"x","f":["1:2"]}}}`},
	}
	for _, s := range seeds {
		f.Add(true, []byte(strings.Join(s, "\n")))
	}
	f.Add(false, []byte{0xff, 0xff, 0xff, 0xff})
	f.Add(false, []byte("garbage\n"))
	f.Add(false, []byte{0, 0, 0, 2, '{', '}'})
	f.Fuzz(func(t *testing.T, sealed bool, data []byte) {
		fs := newFuzzSession()
		stream := data
		if sealed {
			stream = sealedStream(fs.c.key, bytes.Split(data, []byte("\n"))...)
		}
		done := make(chan error, 1)
		go func() { done <- fs.run(stream) }()
		select {
		case err := <-done:
			if err != io.EOF && !isDamage(err) {
				t.Fatalf("the stream ended with %v, neither its end nor damage", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the shell's reader blocked")
		}
		for i, idx := range fs.results {
			if idx != i {
				t.Fatalf("batch results reached the shell as %v", fs.results)
			}
		}
	})
}

func TestStderrTailShowsACrashThatWasNot(t *testing.T) {
	shown := make(chan string, 4)
	tail := &stderrTail{quiet: 20 * time.Millisecond, show: func(s string) { shown <- s }}
	tail.Write([]byte("panic: fake\n"))
	select {
	case s := <-shown:
		if s != "panic: fake\n" {
			t.Fatalf("shown %q", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a crash report after which the process went on was never shown")
	}
	tail.Write([]byte("later\n"))
	if s := <-shown; s != "later\n" {
		t.Fatalf("then shown %q, want the next line", s)
	}
	if _, held := tail.heldReport(); held {
		t.Error("the tail still holds a crash report")
	}

	// A stream that ended first: the report is the process's last words.
	last := &stderrTail{quiet: time.Millisecond, show: func(s string) { t.Errorf("shown %q", s) }}
	last.Write([]byte("panic: real\n"))
	last.streamEnded()
	time.Sleep(20 * time.Millisecond)
	if r, held := last.heldReport(); !held || r != "panic: real\n" {
		t.Errorf("report %q, held %v", r, held)
	}
}

func TestExplainExitTrustsATraceOnlyFromACrash(t *testing.T) {
	killed := processState(t, "kill -9 $$")
	crashed := processState(t, "exit 2")
	if got := explainExit(killed, "panic: fake\n", nil, nil, 0); got != "the evaluator was killed by signal 9 (killed)" {
		t.Errorf("a killed process with a panic on its stderr: %q", got)
	}
	if got := explainExit(crashed, "panic: boom\n\ngoroutine 1 [running]:\n", nil, nil, 0); got != "the evaluator crashed: panic in a goroutine: boom" {
		t.Errorf("a crashed process: %q", got)
	}
}

// processState runs script under sh and returns how it ended.
func processState(t *testing.T, script string) *os.ProcessState {
	t.Helper()
	p, err := os.StartProcess("/bin/sh", []string{"sh", "-c", script}, &os.ProcAttr{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := p.Wait()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// A meta command's answer (playground run asks every 100 ms whether the
// program is deadlocked) can come while a goroutine's panic unwinds: the
// frames it passed through so far stay, for the traceback if the panic
// ends the evaluator. Only the result of the input they belong to ends
// them.
func TestDispatchKeepsPanicFramesAcrossAMetaAnswer(t *testing.T) {
	fs := newFuzzSession()
	var payloads [][]byte
	for i, f := range []string{
		`"k":"panic","b":{"p":"16:20","f":"main.T.At.func1","g":7}`,
		`"k":"panic","b":{"p":"10:23","f":"main.call","g":7}`,
		`"k":"result","id":4,"b":{"x":"not deadlocked"}`, // the meta request
		`"k":"panic","b":{"p":"37:3","f":"main.main.func2","g":7}`,
	} {
		payloads = append(payloads, []byte(fmt.Sprintf(`{"n":%d,%s}`, i+1, f)))
	}
	if err := fs.run(sealedStream(fs.c.key, payloads...)); err != io.EOF {
		t.Fatalf("the stream ended with %v", err)
	}
	var got []string
	for _, f := range fs.c.frames.trace() {
		got = append(got, fmt.Sprintf("%s:%d", f.Func, f.Line))
	}
	if want := "main.T.At.func1:16 main.call:10 main.main.func2:37"; strings.Join(got, " ") != want {
		t.Errorf("frames held %q, want %q", strings.Join(got, " "), want)
	}

	// The eval's own result ends them.
	if err := fs.run(sealedStream(fs.c.key, []byte(`{"n":1,"k":"result","id":1,"b":{"v":"1"}}`))); err != io.EOF {
		t.Fatalf("the eval's result: %v", err)
	}
	if n := len(fs.c.frames.trace()); n != 0 {
		t.Errorf("%d frames held after the eval's result", n)
	}
}
