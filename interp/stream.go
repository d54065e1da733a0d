package interp

// The evaluator runs the learner's code, and learner code can reach every
// descriptor of its process: it can write to the reply stream (fd 4), read
// from the request stream (fd 3), or close either. So the shell trusts
// nothing that arrives on the reply stream:
//
//   - Each reply frame carries a tag, an HMAC-SHA256 of its bytes under a
//     key the shell makes for each evaluator and sends as the first bytes of
//     the request stream, which the evaluator reads before any learner code
//     runs. Bytes learner code writes to fd 4 fail the tag.
//   - Frames in both directions are numbered: a frame read out of the
//     stream by learner code is noticed when the next one arrives.
//   - A frame whose body stops half-way is given stallLimit to finish.
//   - The streams are Unix socket pairs, not pipes: a pipe can be opened
//     again through /proc/self/fd (for reading the replies, or writing
//     requests), a socket cannot.
//
// A stream that breaks any of this is damaged: the shell ends that
// evaluator at once and says so (see Session.readReplies).

import (
	"bufio"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"time"
)

// keySize is the length of the key that seals reply frames; tagSize is the
// length of the tag on each frame (a truncated HMAC-SHA256).
const (
	keySize = 32
	tagSize = 16
)

// stallLimit is how long the rest of a frame may take to arrive once its
// length has. The evaluator writes a frame with one write, so only a
// stopped process or bytes learner code wrote make a frame stall.
const stallLimit = 5 * time.Second

// newKey returns a fresh random key for one evaluator's reply stream.
func newKey() []byte {
	key := make([]byte, keySize)
	rand.Read(key) // never fails (crypto/rand)
	return key
}

// seal makes and checks the tags of one stream's frames.
type seal struct {
	mac hash.Hash
	sum []byte
}

func newSeal(key []byte) *seal { return &seal{mac: hmac.New(sha256.New, key)} }

// append appends the tag of payload to buf.
func (s *seal) append(buf, payload []byte) []byte {
	s.mac.Reset()
	s.mac.Write(payload)
	s.sum = s.mac.Sum(s.sum[:0])
	return append(buf, s.sum[:tagSize]...)
}

// check reports whether tag is payload's.
func (s *seal) check(payload, tag []byte) bool {
	s.mac.Reset()
	s.mac.Write(payload)
	s.sum = s.mac.Sum(s.sum[:0])
	return hmac.Equal(s.sum[:tagSize], tag)
}

// A damageError says how a stream broke the protocol.
type damageError struct {
	stream string // "request"; "" means the reply stream
	why    string
}

func (e *damageError) Error() string { return e.why }

// damaged returns a damageError of the reply stream.
func damaged(format string, args ...any) error {
	return &damageError{why: fmt.Sprintf(format, args...)}
}

// damageReason is the one line that says an evaluator was ended for err.
func damageReason(err error) string {
	stream := "reply"
	var d *damageError
	if errors.As(err, &d) && d.stream != "" {
		stream = d.stream
	}
	return "the evaluator's " + stream + " stream was damaged by your code (" + err.Error() + ")"
}

// isDamage reports whether err is a broken stream rather than its end.
func isDamage(err error) bool {
	var d *damageError
	return errors.As(err, &d)
}

// A frameReader reads the frames of one stream, checking their numbers
// and, when it has a key, their tags. Its first error is final: every
// later Read returns it.
type frameReader struct {
	r    *bufio.Reader
	seq  uint64 // the last frame's number
	seal *seal  // nil: frames carry no tag
	// setDeadline, if not nil, bounds the wait for the rest of a frame.
	setDeadline func(time.Time) error
	stall       time.Duration
	err         error
}

// newFrameReader returns a frameReader of numbered frames without tags (a
// request stream, read by the evaluator).
func newFrameReader(r io.Reader) *frameReader {
	return &frameReader{r: bufio.NewReader(r)}
}

// newSealedFrameReader returns a frameReader of frames sealed with key. If
// f is an *os.File that supports deadlines, a frame that stops half-way
// for stallLimit is damage.
func newSealedFrameReader(r io.Reader, key []byte) *frameReader {
	fr := &frameReader{r: bufio.NewReader(r), seal: newSeal(key), stall: stallLimit}
	if f, ok := r.(*os.File); ok {
		fr.setDeadline = f.SetReadDeadline
	}
	return fr
}

// Read returns the next frame. It returns io.EOF at a clean end of the
// stream and a *damageError (isDamage) when the stream breaks the protocol.
func (fr *frameReader) Read() (frame, error) {
	if fr.err != nil {
		return frame{}, fr.err
	}
	f, err := fr.read()
	if err != nil {
		fr.err = err
	}
	return f, err
}

func (fr *frameReader) read() (frame, error) {
	var hdr [4]byte
	if n, err := io.ReadFull(fr.r, hdr[:]); err != nil {
		if err == io.EOF {
			return frame{}, io.EOF
		}
		if n > 0 || err == io.ErrUnexpectedEOF {
			return frame{}, damaged("the stream ended inside a frame")
		}
		return frame{}, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > maxFrame {
		return frame{}, damaged("a frame of %d bytes, above the limit of 16 MiB", n)
	}
	size := int(n)
	if fr.seal != nil {
		size += tagSize
	}
	body := make([]byte, size)
	if fr.setDeadline != nil && fr.r.Buffered() < size {
		fr.setDeadline(time.Now().Add(fr.stall))
		defer fr.setDeadline(time.Time{})
	}
	if _, err := io.ReadFull(fr.r, body); err != nil {
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			return frame{}, damaged("a frame stopped half-way for %v", fr.stall)
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			return frame{}, damaged("the stream ended inside a frame")
		}
		return frame{}, err
	}
	payload := body[:n]
	if fr.seal != nil && !fr.seal.check(payload, body[n:]) {
		return frame{}, damaged("a frame the evaluator did not write")
	}
	var f frame
	if err := json.Unmarshal(payload, &f); err != nil {
		return frame{}, damaged("a frame that is not a message: %v", err)
	}
	if f.Seq != fr.seq+1 {
		return frame{}, damaged("frame %d came after frame %d: frames went missing", f.Seq, fr.seq)
	}
	fr.seq = f.Seq
	return f, nil
}
