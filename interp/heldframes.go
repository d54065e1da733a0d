package interp

// heldFrames holds the frames in learner code that panics pass through,
// as yaegi reports them while a panic unwinds, each with its goroutine. A
// panic that learner code recovers takes its frames back (yaegi writes a
// "recovered" line on the goroutine that recovers it), so that a later
// panic's position and traceback are its own.
type heldFrames struct {
	held []heldFrame
}

type heldFrame struct {
	g int64
	// pos ("line:col") is set for a frame in the input that is running.
	pos string
	// trace is set for a frame of any input's code.
	trace bool
	TraceFrame
}

// maxHeldFrames bounds the frames held at once: a deep recursion that
// panics gives one per call, and only the innermost maxPanicFrames of
// each kind are reported.
const maxHeldFrames = 4 * maxPanicFrames

// add holds a frame of goroutine g: pos, if the frame is in the input
// that is running, and tf if inTrace.
func (h *heldFrames) add(g int64, pos string, tf TraceFrame, inTrace bool) {
	if len(h.held) < maxHeldFrames && (pos != "" || inTrace) {
		h.held = append(h.held, heldFrame{g: g, pos: pos, trace: inTrace, TraceFrame: tf})
	}
}

// recovered drops the frames of goroutine g: learner code on g recovered
// its panic (a panic that began while another unwound on g takes that
// one's frames with it).
func (h *heldFrames) recovered(g int64) {
	kept := h.held[:0]
	for _, f := range h.held {
		if f.g != g {
			kept = append(kept, f)
		}
	}
	clear(h.held[len(kept):])
	h.held = kept
}

// positions are the held frames' positions in the running input,
// innermost first.
func (h *heldFrames) positions() []string {
	var out []string
	for _, f := range h.held {
		if f.pos != "" && len(out) < maxPanicFrames {
			out = append(out, f.pos)
		}
	}
	return out
}

// trace is the held frames of learner code, innermost first.
func (h *heldFrames) trace() []TraceFrame {
	var out []TraceFrame
	for _, f := range h.held {
		if f.trace && len(out) < maxPanicFrames {
			out = append(out, f.TraceFrame)
		}
	}
	return out
}

func (h *heldFrames) reset() { h.held = nil }
