package shell

import (
	"io"
	"os"

	"golang.org/x/term"
)

// termWidth is the width in columns of the terminal the shell writes to,
// for the meta commands that draw (:timeline, :tree); 0 when it writes
// to something else (they then draw for 80).
func (sh *Shell) termWidth() int {
	w := sh.cfg.Stdout
	if u, ok := w.(interface{ Unwrap() io.Writer }); ok {
		w = u.Unwrap()
	}
	f, ok := w.(*os.File)
	if !ok {
		return 0
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return cols
}
