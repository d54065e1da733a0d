package interp

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
)

// frameBytes encodes f with writeFrame, failing the test on error.
func frameBytes(t testing.TB, f frame) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := writeFrame(&buf, f); err != nil {
		t.Fatalf("WriteFrame(%+v): %v", f, err)
	}
	return buf.Bytes()
}

// rawFrame builds a frame from a length prefix and a payload that need not agree.
func rawFrame(n uint32, payload string) []byte {
	b := binary.BigEndian.AppendUint32(nil, n)
	return append(b, payload...)
}

// lenFrame builds a frame with a correct length prefix around any payload.
func lenFrame(payload string) []byte { return rawFrame(uint32(len(payload)), payload) }

func TestRoundTripEveryKind(t *testing.T) {
	cases := []struct {
		kind frameKind
		id   uint64
		body any        // sent
		into func() any // a fresh value of the body's type, to decode into
	}{
		{kindEval, 1, evalRequest{Src: "x := 1\nfmt.Println(x) // é ✓ \x00"}, func() any { return new(evalRequest) }},
		{kindCancel, 0, cancelRequest{ID: 1<<64 - 1}, func() any { return new(cancelRequest) }},
		{kindComplete, 3, completeRequest{Line: "strings.Sp", Pos: 10}, func() any { return new(completeRequest) }},
		{kindType, 4, evalRequest{Src: "err"}, func() any { return new(evalRequest) }},
		{kindDoc, 5, evalRequest{Src: "strings.Split"}, func() any { return new(evalRequest) }},
		{kindStatus, 6, nil, nil},
		{kindReady, 0, Status{PID: 4242, Goroutines: 7}, func() any { return new(Status) }},
		{kindOutput, 0, Output{Stream: "stdout", Data: "line 1\n<b>&</b>\r\n\t"}, func() any { return new(Output) }},
		{kindOutput, 0, Output{Stream: "stderr", Data: ""}, func() any { return new(Output) }},
		{kindResult, 7, Result{Value: `"hi"`, Type: "string"}, func() any { return new(Result) }},
		{kindResult, 8, Result{Text: "func(s, sep string) []string"}, func() any { return new(Result) }},
		{kindResult, 9, Result{Err: &Error{Kind: ErrCompile, Msg: "undefined: y", Line: 2, Col: 5}}, func() any { return new(Result) }},
		{kindResult, 10, Result{Err: &Error{Kind: ErrPanic, Msg: "boom", Frames: []string{"1:15", "2:1"}}}, func() any { return new(Result) }},
		{kindResult, 11, Result{Err: &Error{Kind: ErrCanceled, Msg: "interrupted"}}, func() any { return new(Result) }},
		{kindCompletion, 12, completionReply{Candidates: []Candidate{{Text: "Split", Desc: "func(string, string) []string"}, {Text: "SplitN"}}}, func() any { return new(completionReply) }},
		{kindCompletion, 13, completionReply{}, func() any { return new(completionReply) }},
		{kindPanic, 0, panicFrame{Pos: "3:7", Func: "main.f(...)"}, func() any { return new(panicFrame) }},
		{kindBusy, 0, Status{PID: 1, Goroutines: 12, CPU: 99.5}, func() any { return new(Status) }},
		{kindExiting, 0, exitingNotice{Code: 3, Why: "os.Exit"}, func() any { return new(exitingNotice) }},
		{kindExiting, 0, exitingNotice{Code: 1, Why: "log.Fatal"}, func() any { return new(exitingNotice) }},
	}
	// All frames go onto one stream, then are read back in order: this also
	// checks that readFrame consumes exactly one frame.
	var stream bytes.Buffer
	for _, c := range cases {
		if err := writeFrame(&stream, newFrame(c.kind, c.id, c.body)); err != nil {
			t.Fatalf("WriteFrame(%s): %v", c.kind, err)
		}
	}
	for _, c := range cases {
		f, err := readFrame(&stream)
		if err != nil {
			t.Fatalf("ReadFrame (%s): %v", c.kind, err)
		}
		if f.Kind != c.kind || f.ID != c.id {
			t.Errorf("got kind %q id %d, want %q id %d", f.Kind, f.ID, c.kind, c.id)
		}
		if c.body == nil {
			if len(f.Body) != 0 {
				t.Errorf("%s: body %s, want none", c.kind, f.Body)
			}
			if err := f.Decode(&struct{}{}); err == nil {
				t.Errorf("%s: Decode of a frame without body succeeded", c.kind)
			}
			continue
		}
		got := c.into()
		if err := f.Decode(got); err != nil {
			t.Fatalf("%s: Decode: %v", c.kind, err)
		}
		if want := c.body; !reflect.DeepEqual(reflect.ValueOf(got).Elem().Interface(), want) {
			t.Errorf("%s: decoded %+v, want %+v", c.kind, reflect.ValueOf(got).Elem().Interface(), want)
		}
	}
	if _, err := readFrame(&stream); err != io.EOF {
		t.Errorf("ReadFrame at the end of the stream: %v, want io.EOF", err)
	}
}

func TestWriteFrameLayout(t *testing.T) {
	b := frameBytes(t, newFrame(kindCancel, 9, cancelRequest{ID: 8}))
	n := binary.BigEndian.Uint32(b)
	if int(n) != len(b)-4 {
		t.Fatalf("length prefix %d, payload %d bytes", n, len(b)-4)
	}
	if got, want := string(b[4:]), `{"k":"cancel","id":9,"b":{"id":8}}`; got != want {
		t.Errorf("payload %s, want %s", got, want)
	}
	// ID 0 and an empty body are left out.
	b = frameBytes(t, newFrame(kindStatus, 0, nil))
	if got, want := string(b[4:]), `{"k":"status"}`; got != want {
		t.Errorf("payload %s, want %s", got, want)
	}
}

func TestReadFrameErrors(t *testing.T) {
	valid := frameBytes(t, newFrame(kindEval, 1, evalRequest{Src: "1+1"}))
	cases := []struct {
		name  string
		input []byte
		want  error // matched with errors.Is; nil means "a bad frame error"
	}{
		{"empty stream", nil, io.EOF},
		{"header cut after 1 byte", valid[:1], io.ErrUnexpectedEOF},
		{"header cut after 3 bytes", valid[:3], io.ErrUnexpectedEOF},
		{"header only", valid[:4], io.ErrUnexpectedEOF},
		{"payload cut", valid[:len(valid)-1], io.ErrUnexpectedEOF},
		{"payload cut after 1 byte", valid[:5], io.ErrUnexpectedEOF},
		{"length MaxFrame+1", rawFrame(maxFrame+1, "{}"), errFrameTooLarge},
		{"length 2^32-1", rawFrame(1<<32-1, ""), errFrameTooLarge},
		{"length MaxFrame, stream short", rawFrame(maxFrame, `{"k":"eval"}`), io.ErrUnexpectedEOF},
		{"zero length", rawFrame(0, ""), nil},
		{"not JSON", lenFrame("hello"), nil},
		{"truncated JSON", lenFrame(`{"k":"ev`), nil},
		{"JSON array", lenFrame("[]"), nil},
		{"kind not a string", lenFrame(`{"k":12}`), nil},
		{"negative id", lenFrame(`{"k":"x","id":-1}`), nil},
		{"invalid body", lenFrame(`{"k":"x","b":{,}}`), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := readFrame(bytes.NewReader(c.input))
			if err == nil {
				t.Fatalf("ReadFrame returned %+v and no error", f)
			}
			if c.want != nil {
				if !errors.Is(err, c.want) {
					t.Fatalf("error %v, want %v", err, c.want)
				}
				return
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, errFrameTooLarge) {
				t.Fatalf("error %v, want a bad-frame error", err)
			}
			if !strings.HasPrefix(err.Error(), "protocol: bad frame: ") {
				t.Errorf("error %q does not say the frame is bad", err)
			}
			if f.Kind != "" || f.ID != 0 || f.Body != nil {
				t.Errorf("a failed read returned %+v", f)
			}
		})
	}
}

func TestReadFramePassesReaderErrors(t *testing.T) {
	boom := errors.New("boom")
	valid := frameBytes(t, newFrame(kindStatus, 1, nil))
	r := io.MultiReader(bytes.NewReader(valid[:6]), iotest.ErrReader(boom))
	if _, err := readFrame(r); !errors.Is(err, boom) {
		t.Errorf("error %v, want %v", err, boom)
	}
	// A reader that returns one byte at a time is fine.
	f, err := readFrame(iotest.OneByteReader(bytes.NewReader(valid)))
	if err != nil || f.Kind != kindStatus || f.ID != 1 {
		t.Errorf("one byte at a time: %+v, %v", f, err)
	}
}

func TestWriteFrameTooLarge(t *testing.T) {
	big := Output{Stream: "stdout", Data: strings.Repeat("x", maxFrame)}
	var buf bytes.Buffer
	if err := writeFrame(&buf, newFrame(kindOutput, 0, big)); !errors.Is(err, errFrameTooLarge) {
		t.Fatalf("WriteFrame of a %d-byte body: %v, want ErrFrameTooLarge", maxFrame, err)
	}
	if buf.Len() != 0 {
		t.Errorf("a refused frame wrote %d bytes", buf.Len())
	}
	// Just under the limit is written, and read back.
	payload := len(frameBytes(t, newFrame(kindOutput, 0, Output{Stream: "stdout"}))) - 4
	fits := Output{Stream: "stdout", Data: strings.Repeat("y", maxFrame-payload)}
	if err := writeFrame(&buf, newFrame(kindOutput, 0, fits)); err != nil {
		t.Fatalf("WriteFrame of a frame of exactly MaxFrame bytes: %v", err)
	}
	if n := binary.BigEndian.Uint32(buf.Bytes()); n != maxFrame {
		t.Fatalf("length prefix %d, want %d", n, maxFrame)
	}
	f, err := readFrame(&buf)
	if err != nil {
		t.Fatalf("ReadFrame of a MaxFrame frame: %v", err)
	}
	var o Output
	if err := f.Decode(&o); err != nil || len(o.Data) != len(fits.Data) {
		t.Errorf("decoded %d bytes of data, %v", len(o.Data), err)
	}
}

func TestDecodeErrors(t *testing.T) {
	f := frame{Kind: kindEval, ID: 1, Body: json.RawMessage(`{"src":12}`)}
	var req evalRequest
	err := f.Decode(&req)
	if err == nil || !strings.Contains(err.Error(), "eval frame") {
		t.Errorf("Decode of a body of the wrong type: %v", err)
	}
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		t.Errorf("Decode error %v does not wrap the JSON error", err)
	}
	if err := (frame{Kind: kindCancel}).Decode(&cancelRequest{}); err == nil || !strings.Contains(err.Error(), "no body") {
		t.Errorf("Decode of a frame with no body: %v", err)
	}
}

func TestNewFramePanicsOnUnencodableBody(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Error("NewFrame with a channel body did not panic")
		}
	}()
	newFrame(kindOutput, 0, make(chan int))
}

func TestErrorString(t *testing.T) {
	if got := (&Error{Kind: ErrCompile, Msg: "undefined: x", Line: 2, Col: 5}).Error(); got != "2:5: undefined: x" {
		t.Errorf("compile error reads %q", got)
	}
	if got := (&Error{Kind: ErrPanic, Msg: "boom", Frames: []string{"1:1"}}).Error(); got != "boom" {
		t.Errorf("panic error reads %q", got)
	}
}

// choppyWriter writes each call's bytes in small pieces, yielding between
// them, so that unserialised writers would interleave frames.
type choppyWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
	// inWrite detects overlapping Write calls, which frameWriter must prevent.
	inWrite int
	overlap bool
}

func (w *choppyWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.inWrite++
	if w.inWrite > 1 {
		w.overlap = true
	}
	w.mu.Unlock()
	for i := 0; i < len(p); i += 7 {
		end := min(i+7, len(p))
		w.mu.Lock()
		w.buf.Write(p[i:end])
		w.mu.Unlock()
		runtime.Gosched()
	}
	w.mu.Lock()
	w.inWrite--
	w.mu.Unlock()
	return len(p), nil
}

func TestFrameWriterConcurrent(t *testing.T) {
	const writers, each = 32, 50
	w := &choppyWriter{}
	fw := newFrameWriter(w)
	var wg sync.WaitGroup
	for g := 0; g < writers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				data := fmt.Sprintf("writer %d frame %d %s", g, i, strings.Repeat("=", i))
				if err := fw.Send(kindOutput, uint64(g), Output{Stream: "stdout", Data: data}); err != nil {
					t.Errorf("Send: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if w.overlap {
		t.Error("FrameWriter let two writes to the stream overlap")
	}
	next := make([]int, writers)
	r := bytes.NewReader(w.buf.Bytes())
	for n := 0; ; n++ {
		f, err := readFrame(r)
		if err == io.EOF {
			if n != writers*each {
				t.Fatalf("read %d frames, want %d", n, writers*each)
			}
			break
		}
		if err != nil {
			t.Fatalf("frame %d: %v", n, err)
		}
		var o Output
		if err := f.Decode(&o); err != nil {
			t.Fatalf("frame %d: %v", n, err)
		}
		g := int(f.ID)
		if g >= writers {
			t.Fatalf("frame %d has id %d", n, f.ID)
		}
		want := fmt.Sprintf("writer %d frame %d %s", g, next[g], strings.Repeat("=", next[g]))
		if f.Kind != kindOutput || o.Data != want {
			t.Fatalf("frame %d: %s %q, want output %q", n, f.Kind, o.Data, want)
		}
		next[g]++
	}
}

// failingWriter fails after accepting limit writes.
type failingWriter struct {
	limit, writes int
}

var errWriteFailed = errors.New("write failed")

func (w *failingWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.writes > w.limit {
		return 0, errWriteFailed
	}
	return len(p), nil
}

func TestFrameWriterStopsAfterError(t *testing.T) {
	w := &failingWriter{limit: 2}
	fw := newFrameWriter(w)
	for i := 0; i < 2; i++ {
		if err := fw.Send(kindStatus, uint64(i), nil); err != nil {
			t.Fatalf("Send %d: %v", i, err)
		}
	}
	for i := 0; i < 3; i++ {
		if err := fw.Send(kindStatus, 9, nil); !errors.Is(err, errWriteFailed) {
			t.Fatalf("Send after a failure: %v, want %v", err, errWriteFailed)
		}
	}
	if w.writes != 3 {
		t.Errorf("the writer was called %d times; after the first failure nothing more should be written", w.writes)
	}
}

// sameBody reports whether two frame bodies hold the same JSON value.
// Encoding compacts a body and escapes <, > and &, so bytes may differ.
func sameBody(a, b json.RawMessage) (bool, error) {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b), nil
	}
	decode := func(m json.RawMessage) (any, error) {
		d := json.NewDecoder(bytes.NewReader(m))
		d.UseNumber()
		var v any
		err := d.Decode(&v)
		return v, err
	}
	va, err := decode(a)
	if err != nil {
		return false, err
	}
	vb, err := decode(b)
	if err != nil {
		return false, err
	}
	return reflect.DeepEqual(va, vb), nil
}

func FuzzReadFrame(f *testing.F) {
	for _, fr := range []frame{
		newFrame(kindEval, 1, evalRequest{Src: "for i := 0; i < 3; i++ {\n\tfmt.Println(i)\n}"}),
		newFrame(kindCancel, 0, cancelRequest{ID: 1}),
		newFrame(kindComplete, 2, completeRequest{Line: "fmt.Pr", Pos: 6}),
		newFrame(kindStatus, 3, nil),
		newFrame(kindOutput, 0, Output{Stream: "stdout", Data: "<html>&\u2028"}),
		newFrame(kindResult, 4, Result{Err: &Error{Kind: ErrPanic, Msg: "boom", Frames: []string{"1:2"}}}),
		newFrame(kindCompletion, 5, completionReply{Candidates: []Candidate{{Text: "Println", Desc: "func(...interface {}) (int, error)"}}}),
		newFrame(kindExiting, 0, exitingNotice{Code: 3, Why: "os.Exit"}),
	} {
		var buf bytes.Buffer
		if err := writeFrame(&buf, fr); err != nil {
			f.Fatal(err)
		}
		b := buf.Bytes()
		f.Add(b)
		f.Add(b[:len(b)/2])                         // truncated
		f.Add(b[:3])                                // truncated header
		f.Add(append(append([]byte{}, b...), b...)) // two frames
	}
	f.Add([]byte{})
	f.Add(rawFrame(maxFrame+1, "{}"))
	f.Add(rawFrame(1<<32-1, "garbage"))
	f.Add(rawFrame(0, ""))
	f.Add(lenFrame("null"))
	f.Add(lenFrame(`{"k":"x","b": { "a" : 1 } }`))
	f.Add(lenFrame(`{"K":"eval","ID":7,"b":"\u003c"}`))
	f.Add(lenFrame(`{"k":"x","b":1e400}`))
	f.Add(rawFrame(14, "\x00\xff\xfe{}[]\"\\u12"))
	f.Add([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))

	f.Fuzz(func(t *testing.T, data []byte) {
		r := bytes.NewReader(data)
		for {
			fr, err := readFrame(r)
			if err != nil {
				if err == io.EOF && r.Len() != 0 {
					t.Fatalf("io.EOF with %d bytes unread", r.Len())
				}
				return
			}
			var buf bytes.Buffer
			if err := writeFrame(&buf, fr); err != nil {
				t.Fatalf("re-encoding %+v: %v", fr, err)
			}
			again, err := readFrame(&buf)
			if err != nil {
				t.Fatalf("decoding re-encoded %+v: %v", fr, err)
			}
			if buf.Len() != 0 {
				t.Fatalf("%d bytes left after reading a re-encoded frame", buf.Len())
			}
			if again.Kind != fr.Kind || again.ID != fr.ID {
				t.Fatalf("round trip changed %q/%d into %q/%d", fr.Kind, fr.ID, again.Kind, again.ID)
			}
			if same, err := sameBody(fr.Body, again.Body); err != nil || !same {
				t.Fatalf("round trip changed body %q into %q (%v)", fr.Body, again.Body, err)
			}
			// Once encoded by writeFrame, a frame is a fixed point.
			third, err := readFrame(bytes.NewReader(frameBytes(t, again)))
			if err != nil || !reflect.DeepEqual(third, again) {
				t.Fatalf("second round trip: %+v, %v; want %+v", third, err, again)
			}
		}
	})
}
