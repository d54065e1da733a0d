package interp

// The protocol between the shell and its evaluator process.
//
// The shell writes requests to the evaluator's file descriptor 3 and reads
// replies and notices from its file descriptor 4. Each message is one frame:
// a 4-byte big-endian length, then that many bytes of JSON encoding a frame.
// Learner code's standard output travels as output frames so that it keeps its
// order with the Result of the input that printed it.
//
// The wire format is unexported: the shell sees only the Session and the
// frame bodies it hands on (Output, Result, Status, Candidate, TermReply;
// sessionapi.go), which are exported as the Session's API.
//
// Requests (shell → evaluator), each with an ID the reply repeats:
//
//	eval      evalRequest      run one input; Output frames, then one Result
//	batch     batchRequest     run inputs in order; each one's Output frames,
//	                           then its Result (Index set, More on all but the last)
//	cancel    cancelRequest    stop the running eval (no reply of its own)
//	complete  completeRequest  completion candidates (none while an input runs);
//	                           one completionReply
//	type      evalRequest      the type of an expression; one Result
//	doc       evalRequest      documentation for a name; one Result
//	status    (no body)        one Status
//	meta      metaRequest      a meta command pg answers (:tasks, :procs, :kill); one Result
//
// Notices (evaluator → shell), with ID 0 unless they answer a request:
//
//	ready     Status           sent once, when the evaluator can take requests
//	output    Output           bytes learner code wrote
//	panic     panicFrame       the position of a panicking frame in learner code, or
//	                           that learner code recovered a goroutine's panic
//	busy      Status           the evaluator is still running goroutines at full CPU after an input ended
//	exiting   exitingNotice    learner code called os.Exit or log.Fatal
//
// One request goes the other way (evaluator → shell), with an ID of the
// evaluator's own that the reply repeats:
//
//	term      termRequest      hand the terminal to learner code (raw) or take it
//	                           back; the shell replies with a term frame holding
//	                           a TermReply, on the request stream

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"
)

// frameKind names the kind of a frame.
type frameKind string

// Frame kinds; see the package's protocol description.
const (
	kindEval       frameKind = "eval"
	kindBatch      frameKind = "batch"
	kindCancel     frameKind = "cancel"
	kindComplete   frameKind = "complete"
	kindType       frameKind = "type"
	kindDoc        frameKind = "doc"
	kindStatus     frameKind = "status"
	kindMeta       frameKind = "meta"
	kindReady      frameKind = "ready"
	kindOutput     frameKind = "output"
	kindResult     frameKind = "result"
	kindCompletion frameKind = "completion"
	kindPanic      frameKind = "panic"
	kindBusy       frameKind = "busy"
	kindExiting    frameKind = "exiting"
	kindTerm       frameKind = "term"
)

// maxFrame is the largest frame either side accepts. A larger length prefix
// means the stream is corrupt, and reading stops with errFrameTooLarge.
const maxFrame = 16 << 20

// errFrameTooLarge reports a length prefix above maxFrame.
var errFrameTooLarge = errors.New("protocol: frame larger than 16 MiB")

// A frame is one message. Body holds the JSON of the struct its Kind names.
// Seq numbers the frames of one stream from 1; a frameWriter sets it and a
// frameReader checks it, so that a frame taken out of the stream (read by
// learner code from the evaluator's descriptors) is noticed.
type frame struct {
	Kind frameKind       `json:"k"`
	ID   uint64          `json:"id,omitempty"`
	Seq  uint64          `json:"n,omitempty"`
	Body json.RawMessage `json:"b,omitempty"`
}

// evalRequest asks for Src to be evaluated (or typed, or documented).
type evalRequest struct {
	Src string `json:"src"`
	// Check marks a lesson's check: what it starts (tasks, processes,
	// sockets) is the check's, stopped when it ends, and its value is not
	// described (a check's value is its verdict).
	Check bool `json:"check,omitempty"`
	// Args, with Check, makes Src a check function to call with them
	// (Session.CallCheck).
	Args *CheckArgs `json:"args,omitempty"`
	// Last makes Src the last input: the evaluator exits once it has
	// answered (Session.EvalLast).
	Last bool `json:"last,omitempty"`
}

// batchRequest asks for Inputs to be evaluated one after another, as if
// each were an evalRequest, without a round trip between them. Unless
// KeepGoing, the batch ends at the first input that fails.
type batchRequest struct {
	Inputs    []string `json:"in"`
	KeepGoing bool     `json:"k,omitempty"`
}

// metaRequest asks the evaluator to run one of package pg's meta
// commands: Name is the command without its colon, Arg the rest. Width
// and Colour describe where the answer is shown, for the commands that
// draw (:timeline, :tree): the terminal's columns (0 when unknown: 80 is
// assumed) and whether the shell uses colour (Session.RunMeta's MetaView).
type metaRequest struct {
	Name   string `json:"n"`
	Arg    string `json:"a,omitempty"`
	Width  int    `json:"w,omitempty"`
	Colour bool   `json:"c,omitempty"`
}

// termRequest asks the shell, from the evaluator, to give the terminal to
// learner code while an input runs (Raw: no echo, no line editing, no
// signals from keys, so each key, Ctrl-C too, reaches the evaluator's
// standard input as typed), or to take it back (Raw false: the terminal
// is as it was when the input started). The shell answers with a
// TermReply.
type termRequest struct {
	Raw bool `json:"raw"`
}

// cancelRequest asks the evaluator to stop the eval with this ID.
type cancelRequest struct {
	ID uint64 `json:"id"`
}

// completeRequest asks for completions of Line with the cursor at Pos (a byte offset).
type completeRequest struct {
	Line string `json:"line"`
	Pos  int    `json:"pos"`
}

// completionReply answers a completeRequest: candidates replace the word before the cursor.
type completionReply struct {
	Candidates []Candidate `json:"c"`
}

// outputJSON is Output on the wire: Data as a JSON string when it is
// valid UTF-8, else as base64 in Bytes (a JSON string would turn each
// invalid byte, and each rune a 32 KiB read cut in two, into U+FFFD).
type outputJSON struct {
	Stream string `json:"s"`
	Data   string `json:"d"`
	Bytes  []byte `json:"x,omitempty"`
}

// MarshalJSON encodes o so that its bytes arrive unchanged.
func (o Output) MarshalJSON() ([]byte, error) {
	w := outputJSON{Stream: o.Stream}
	if utf8.ValidString(o.Data) {
		w.Data = o.Data
	} else {
		w.Bytes = []byte(o.Data)
	}
	return json.Marshal(w)
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (o *Output) UnmarshalJSON(b []byte) error {
	var w outputJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	o.Stream, o.Data = w.Stream, w.Data+string(w.Bytes)
	return nil
}

// panicFrame is the position, in learner code, of a frame a panic passed through.
type panicFrame struct {
	Pos  string `json:"p"` // "line:col"
	Func string `json:"f"`
	// In is the number of the input the frame's code came from
	// (Result.In), or 0 for the input that is running.
	In int `json:"in,omitempty"`
	// G is the goroutine the panic unwinds.
	G int64 `json:"g,omitempty"`
	// Recovered says that learner code on goroutine G recovered its
	// panic (at Pos): the frames G's panic passed through are gone.
	Recovered bool `json:"r,omitempty"`
}

// exitingNotice announces that the evaluator is ending: learner code asked
// (os.Exit, log.Fatal), it used too much memory, or learner code damaged
// the request stream (read from it, or closed it), said in Msg.
type exitingNotice struct {
	Code int    `json:"code"`
	Why  string `json:"why"` // "os.Exit", "log.Fatal", "memory" or "damaged"
	Msg  string `json:"m,omitempty"`
}

// writeFrame encodes one frame to w. It is not safe for concurrent use;
// see frameWriter.
func writeFrame(w io.Writer, f frame) error {
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	if len(b) > maxFrame {
		return errFrameTooLarge
	}
	buf := make([]byte, 4+len(b))
	binary.BigEndian.PutUint32(buf, uint32(len(b)))
	copy(buf[4:], b)
	_, err = w.Write(buf)
	return err
}

// readFrame decodes one frame from r. It returns io.EOF at a clean end of
// stream and io.ErrUnexpectedEOF when the stream ends inside a frame.
func readFrame(r io.Reader) (frame, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return frame{}, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > maxFrame {
		return frame{}, errFrameTooLarge
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return frame{}, err
	}
	var f frame
	if err := json.Unmarshal(b, &f); err != nil {
		return frame{}, fmt.Errorf("protocol: bad frame: %w", err)
	}
	return f, nil
}

// newFrame builds a frame whose body is the JSON of body (nil for none).
func newFrame(kind frameKind, id uint64, body any) frame {
	f := frame{Kind: kind, ID: id}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			panic(fmt.Sprintf("protocol: encoding %s: %v", kind, err)) // bodies are plain structs
		}
		f.Body = b
	}
	return f
}

// Decode unmarshals the frame's body into v.
func (f frame) Decode(v any) error {
	if len(f.Body) == 0 {
		return fmt.Errorf("protocol: %s frame has no body", f.Kind)
	}
	if err := json.Unmarshal(f.Body, v); err != nil {
		return fmt.Errorf("protocol: %s frame: %w", f.Kind, err)
	}
	return nil
}

// frameWriter serialises frames from many goroutines onto one stream,
// numbering them (frame.Seq) and, when it has a key, sealing each with a
// tag (see seal). Its methods may be called concurrently.
type frameWriter struct {
	mu   sync.Mutex
	w    io.Writer
	seq  uint64 // the last frame's number
	seal *seal  // nil: frames carry no tag
	err  error  // first write error; later writes are dropped
}

// newFrameWriter returns a frameWriter writing numbered frames to w.
func newFrameWriter(w io.Writer) *frameWriter { return &frameWriter{w: w} }

// newSealedFrameWriter returns a frameWriter whose frames carry a tag made
// with key, which only a frameReader holding the same key accepts.
func newSealedFrameWriter(w io.Writer, key []byte) *frameWriter {
	return &frameWriter{w: w, seal: newSeal(key)}
}

// Send writes one frame. After a write error every Send returns that error.
func (fw *frameWriter) Send(kind frameKind, id uint64, body any) error {
	f := newFrame(kind, id, body)
	fw.mu.Lock()
	defer fw.mu.Unlock()
	if fw.err != nil {
		return fw.err
	}
	fw.seq++
	f.Seq = fw.seq
	if fw.seal == nil {
		fw.err = writeFrame(fw.w, f)
		return fw.err
	}
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	if len(b) > maxFrame {
		return errFrameTooLarge
	}
	buf := make([]byte, 4, 4+len(b)+tagSize)
	binary.BigEndian.PutUint32(buf, uint32(len(b)))
	buf = append(buf, b...)
	buf = fw.seal.append(buf, b)
	_, fw.err = fw.w.Write(buf)
	return fw.err
}
