package interp

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"syscall"
)

// unreadInputMeta is the meta request Session.TakeUnreadInput sends when
// an input the shell forwarded keys to has ended: the evaluator takes what
// learner code left unread on its standard input, and the answer's Text says how many bytes
// that was. They are the learner's next lines, typed ahead while the input
// ran, and belong to the prompt (as keys typed while `sleep 2` runs belong
// to bash); left there, the next fmt.Scanln would read them.
const unreadInputMeta = "unread-input"

// maxUnread bounds what the evaluator takes back at once.
const maxUnread = 64 << 10

// takeUnreadInput reads, without waiting, what waits unread on standard
// input, and returns how many bytes it read. Standard input is a socket
// (startChild), so each read can be told not to wait, whatever learner
// code does with the descriptor; anything else (a file given to
// playground run) gives 0.
func takeUnreadInput() int {
	buf := make([]byte, 4096)
	n := 0
	for n < maxUnread {
		m, _, err := syscall.Recvfrom(0, buf[:min(len(buf), maxUnread-n)], syscall.MSG_DONTWAIT)
		if err != nil || m <= 0 {
			break
		}
		n += m
	}
	return n
}

// TakeUnreadInput asks the evaluator to take back what it was forwarded
// (Input) and left unread, and returns how many bytes that was: the last
// n bytes forwarded. The answer is learner-controlled: a count that is not
// a number is an error; the caller checks it against what it forwarded.
func (s *Session) TakeUnreadInput(ctx context.Context) (int, error) {
	res, err := s.Meta(ctx, unreadInputMeta, "")
	if err != nil {
		return 0, err
	}
	if res.Err != nil {
		return 0, errors.New(res.Err.Msg)
	}
	n, err := strconv.Atoi(res.Text)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("the evaluator's count of unread input is not a count: %q", res.Text)
	}
	return n, nil
}
