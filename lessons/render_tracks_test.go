package lessons

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// widths are the terminal widths lesson text is proven at.
var widths = []int{60, 80, 100}

// everyText is every piece of Markdown of the playground's own lessons
// that the tutor shows, named for messages.
func everyText(t *testing.T) map[string]string {
	t.Helper()
	all, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, l := range all {
		texts[l.Name+" intro"] = l.Intro
		for i, s := range l.Steps {
			at := fmt.Sprintf("%s %d", l.Name, i+1)
			texts[at+" prose"] = s.Prose
			texts[at+" task"] = s.Task
			for j, h := range s.Hints {
				texts[fmt.Sprintf("%s hint %d", at, j+1)] = h
			}
			texts[at+" solution"] = "```go\n" + s.Solution + "\n```"
		}
	}
	return texts
}

// At 60, 80 and 100 columns no line of any lesson is wider than the
// terminal (which would wrap it at column 0, mid-word), and no word is
// split: every word shown is one of the words the text shows when
// nothing needs wrapping. Code that does not fit is folded at a space,
// its later parts marked.
func TestRenderEveryTrackFitsAndSplitsNoWord(t *testing.T) {
	for name, md := range everyText(t) {
		wide := shownWords(Render(md, Style{Width: 10000}))
		for _, w := range widths {
			got := Render(md, Style{Width: w})
			for _, line := range strings.Split(got, "\n") {
				if n := utf8.RuneCountInString(line); n > w {
					t.Errorf("%s at %d columns: a line of %d: %q", name, w, n, line)
				}
			}
			for word := range shownWords(got) {
				if !wide[word] {
					t.Errorf("%s at %d columns: %q is not a word of the text (split?)", name, w, word)
				}
			}
		}
	}
}

// folded is a code line's later part, after the line before it.
var folded = regexp.MustCompile("\n *" + foldMark)

// shownWords are the words of rendered text, its folded code lines
// joined again.
func shownWords(s string) map[string]bool {
	words := map[string]bool{}
	for _, f := range strings.Fields(folded.ReplaceAllString(stripANSI(s), "")) {
		words[f] = true
	}
	return words
}

// The tutor's own lines (a step's heading, the commands under it, the
// news of a step done) fit the terminal too.
func TestTutorTextFitsEveryWidth(t *testing.T) {
	all, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range widths {
		tu, _ := NewTutor(all, &Store{}, func() Style { return Style{Width: w} })
		for _, l := range all {
			for i := range l.Steps {
				text, err := tu.Open(l.Name, i+1)
				if err != nil {
					t.Fatal(err)
				}
				done, err := tu.CheckNow(t.Context(), passing{})
				if err != nil {
					t.Fatal(err)
				}
				for _, line := range strings.Split(text+"\n"+done+"\n"+tu.List()+"\n"+tu.Progress(), "\n") {
					if n := utf8.RuneCountInString(line); n > w {
						t.Errorf("%s %d at %d columns: a line of %d: %q", l.Name, i+1, w, n, line)
					}
				}
			}
		}
	}
}
