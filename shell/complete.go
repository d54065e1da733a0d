//go:build linux || darwin

package shell

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"time"

	prompt "github.com/c-bata/go-prompt"
)

// wordSeparators end the word go-prompt replaces with a chosen
// completion, so that completing "strings.Sp" replaces "Sp".
const wordSeparators = " \t()[]{},;.:=+-*/%&|^!<>\"'`"

// completeTimeout bounds a completion request to a busy evaluator.
const completeTimeout = 300 * time.Millisecond

// complete answers go-prompt's completer once Tab has opened the menu:
// meta commands and their arguments in the shell, Go names from the evaluator.
func (term *terminal) complete(d prompt.Document) []prompt.Suggest {
	term.mu.Lock()
	menu, pending := term.menu, len(term.pending) > 0
	term.mu.Unlock()
	if !menu {
		return nil
	}
	before := d.TextBeforeCursor()
	if !pending && strings.HasPrefix(strings.TrimLeft(before, " "), ":") {
		return completeMeta(strings.TrimLeft(before, " "))
	}
	ctx, cancel := context.WithTimeout(context.Background(), completeTimeout)
	defer cancel()
	cands, err := term.sh.sess.Complete(ctx, before, len(before))
	if err != nil {
		return nil
	}
	out := make([]prompt.Suggest, len(cands))
	for i, c := range cands {
		out[i] = prompt.Suggest{Text: c.Text, Description: c.Desc}
	}
	return out
}

// completeMeta completes meta command names, the command names :help
// takes, and file names for :load.
func completeMeta(before string) []prompt.Suggest {
	name, arg, hasArg := strings.Cut(strings.TrimPrefix(before, ":"), " ")
	if !hasArg {
		var out []prompt.Suggest
		for _, c := range metaCommands {
			if strings.HasPrefix(c.name, name) {
				out = append(out, prompt.Suggest{Text: c.name, Description: c.short})
			}
		}
		return out
	}
	switch name {
	case "help":
		var out []prompt.Suggest
		for _, c := range metaCommands {
			if strings.HasPrefix(c.name, strings.TrimPrefix(strings.TrimSpace(arg), ":")) {
				out = append(out, prompt.Suggest{Text: c.name, Description: c.short})
			}
		}
		return out
	case "load":
		return completeFile(strings.TrimSpace(arg))
	}
	return nil
}

// completeFile offers files and directories whose names start with the
// last path element of arg. The suggestion text is that element only,
// matching the word go-prompt replaces.
func completeFile(arg string) []prompt.Suggest {
	dir, base := filepath.Split(arg)
	entries, err := os.ReadDir(filepath.Join(".", dir))
	if err != nil {
		return nil
	}
	var out []prompt.Suggest
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, base) || strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".") {
			continue
		}
		desc := "file"
		if e.IsDir() {
			name += "/"
			desc = "directory"
		}
		out = append(out, prompt.Suggest{Text: name, Description: desc})
	}
	return out
}
