package shell

// :save FILE writes the session as a Go program (saveprog.go says how it
// is translated), so that go run FILE prints what the session printed.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/learn-concurrency/playground/interp"
)

// inputNotes remember, of each Go input that succeeded, what :save needs
// besides its text: where it came from and whether the prompt showed its
// value. They are kept by text, beside the replay list. Its zero value is
// ready to use; its methods may be called concurrently.
type inputNotes struct {
	mu     sync.Mutex
	byText map[string]inputNote
}

type inputNote struct {
	from  origin
	shown bool
}

// maxInputNotes bounds the notes kept; past it, those of inputs no longer
// in the replay list are forgotten.
const maxInputNotes = 4096

// noteInput records an input that succeeded with res.
func (sh *Shell) noteInput(src string, from origin, res interp.Result) {
	n := &sh.inputNotes
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.byText == nil {
		n.byText = map[string]inputNote{}
	}
	n.byText[src] = inputNote{from: from, shown: res.Value != "" || res.Type != ""}
	if len(n.byText) > maxInputNotes {
		sh.replayMu.Lock()
		keep := map[string]bool{src: true}
		for _, in := range sh.replay {
			keep[in] = true
		}
		sh.replayMu.Unlock()
		for text := range n.byText {
			if !keep[text] {
				delete(n.byText, text)
			}
		}
	}
}

// sessionInputs are the inputs :replay would rerun, with their notes.
func (sh *Shell) sessionInputs() []sessionInput {
	sh.replayMu.Lock()
	srcs := append([]string(nil), sh.replay...)
	sh.replayMu.Unlock()
	sh.inputNotes.mu.Lock()
	defer sh.inputNotes.mu.Unlock()
	ins := make([]sessionInput, len(srcs))
	for i, src := range srcs {
		n := sh.inputNotes.byText[src]
		ins[i] = sessionInput{src: src, from: n.from, shown: n.shown}
	}
	return ins
}

// errNothingToSave is what :save and :race say before any input succeeded.
var errNothingToSave = errors.New("no Go input has succeeded since the last :reset: there is nothing to write as a program")

// sessionProgram writes the session as a Go program, asking the evaluator
// for the types of the variables that move to the package level.
func (sh *Shell) sessionProgram(ctx context.Context) (*sessionProgram, error) {
	ins := sh.sessionInputs()
	if len(ins) == 0 {
		return nil, errNothingToSave
	}
	return buildProgram(ins, func(name string) (string, error) {
		res, err := sh.sess.TypeOf(ctx, name)
		switch {
		case err != nil:
			return "", err
		case res.Err != nil:
			return "", res.Err
		case res.Text == "":
			return "", fmt.Errorf("no type for %s", name)
		}
		return res.Text, nil
	})
}

const saveUsage = "usage: :save FILE.go writes the session as a Go program (:save -f FILE.go replaces a file :save did not write)"

func (sh *Shell) metaSave(ctx context.Context, arg string, _ origin) error {
	force := false
	if rest, ok := strings.CutPrefix(arg, "-f"); ok && (rest == "" || rest[0] == ' ') {
		force, arg = true, strings.TrimSpace(rest)
	}
	if arg == "" {
		return errors.New(saveUsage)
	}
	if fi, err := os.Stat(arg); err == nil && fi.IsDir() {
		return fmt.Errorf("save: %s is a directory; name a file in it: :save %s", arg, filepath.Join(arg, "session.go"))
	}
	if !strings.HasSuffix(arg, ".go") {
		return fmt.Errorf("save: %s does not end in .go, which go run needs: :save %s.go", arg, strings.TrimSuffix(arg, "."))
	}
	prog, err := sh.sessionProgram(ctx)
	if err != nil {
		return fmt.Errorf("save: %w", err)
	}
	if err := writeProgram(arg, prog.src, force); err != nil {
		return fmt.Errorf("save: %w", err)
	}
	n := len(prog.inputs)
	inputs := "1 input"
	if n != 1 {
		inputs = fmt.Sprintf("%d inputs", n)
	}
	sh.p.infof("saved %s to %s as a Go program: go run %s runs it", inputs, arg, arg)
	for _, note := range prog.notes {
		sh.p.warnf("note: %s", note)
	}
	if prog.usesPG {
		sh.p.infof("%s imports package pg (%s): go run needs a go.mod that requires github.com/learn-concurrency/playground; the README's \"Saving a session\" says how. :race runs it as it is.", arg, pgImportPath)
	}
	return nil
}

// writeProgram writes src to name, replacing the file only when :save
// wrote it (it begins with savedHeader) or force is set. The file is
// written whole or not at all: a temporary file beside it is renamed.
func writeProgram(name string, src []byte, force bool) error {
	switch old, err := readHead(name, len(savedHeader)); {
	case err == nil && !force && old != savedHeader:
		return fmt.Errorf("%s exists, and :save did not write it; choose another name, or :save -f %s replaces it", name, name)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	dir, base := filepath.Dir(name), filepath.Base(name)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("there is no directory %s to write %s in", dir, base)
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the temporary file's name means nothing to the learner
		}
		return fmt.Errorf("writing %s: %w", name, err)
	}
	_, err = tmp.Write(src)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// readHead reads the first n bytes of a file (fewer if it is shorter).
func readHead(name string, n int) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b := make([]byte, n)
	k, err := io.ReadFull(f, b)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", err
	}
	return string(b[:k]), nil
}
