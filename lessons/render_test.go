package lessons

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRenderPlain(t *testing.T) {
	md := "Some *emphasis* and `code` in a paragraph that is long enough to wrap at the width we give it here.\n\n" +
		"- one\n- two\n\n```go example\nfmt.Println(1)\n```\n\n| A | B |\n| --- | --- |\n| x | longer |\n"
	got := Render(md, Style{Width: 40})
	want := "Some emphasis and code in a paragraph\n" +
		"that is long enough to wrap at the width\n" +
		"we give it here.\n" +
		"\n" +
		"  • one\n" +
		"  • two\n" +
		"\n" +
		"  (:run runs this example)\n" +
		"    fmt.Println(1)\n" +
		"\n" +
		"A  B\n" +
		"x  longer\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestRenderColourMarksCodeAndEmphasis(t *testing.T) {
	got := Render("Use `pg.Go` for **tasks**.", Style{Colour: true, Width: 80})
	if !strings.Contains(got, "\x1b[33mpg.Go\x1b[0m") || !strings.Contains(got, "\x1b[1mtasks\x1b[22m.") {
		t.Errorf("got %q", got)
	}
	if plain := stripANSI(got); plain != "Use pg.Go for tasks.\n" {
		t.Errorf("without colour codes: %q", plain)
	}
}

// A code span and the punctuation glued to it move to the next line
// together, and no line is wider than the style's width.
func TestRenderWrapsGluedWordsTogether(t *testing.T) {
	got := Render("Each step has a check that runs after each input (`:check` runs it now).", Style{Width: 52})
	want := "Each step has a check that runs after each input\n(:check runs it now).\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	for _, line := range strings.Split(Render(strings.Repeat("word `code`, ", 40), Style{Width: 30}), "\n") {
		if n := len([]rune(line)); n > 30 {
			t.Errorf("a line of %d columns: %q", n, line)
		}
	}
}

func TestWrapPlainText(t *testing.T) {
	got := Wrap("not yet: after.Goroutines is 106, only 0 more than before\nsecond line", Style{Width: 30})
	want := "not yet: after.Goroutines is\n  106, only 0 more than before\nsecond line"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestRenderCodeBlockWithoutLanguage(t *testing.T) {
	got := Render("Before.\n\n```\n$ ls /proc/self/fd\n```\n\n    indented code\n", Style{Width: 40})
	want := "Before.\n\n    $ ls /proc/self/fd\n\n    indented code\n"
	if got != want {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}
}

// Seven quotes deep, the indent's colour codes took more bytes than the
// width: the rule under them was drawn a negative number of times, and
// the shell crashed.
func TestRenderDeepQuotesInColour(t *testing.T) {
	got := stripANSI(Render("> > > > > > > ***", Style{Colour: true, Width: 80}))
	if want := strings.Repeat("│ ", 7) + strings.Repeat("─", 40) + "\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Quotes and lists nest at most maxNesting deep on screen, however deep
// the text nests them; what is inside is still shown.
func TestRenderBoundsNesting(t *testing.T) {
	for _, md := range []string{
		strings.Repeat(">", 20000) + " deep",
		strings.Repeat("> ", 20000) + "deep",
		strings.Repeat("1. ", 5000) + "deep",
		strings.Repeat("- > ", 5000) + "deep",
	} {
		got := Render(md, Style{Width: 80})
		if !strings.Contains(got, "deep") {
			t.Errorf("%.10q…: the text inside is lost: %q", md, got)
		}
		for _, line := range strings.Split(got, "\n") {
			if n := len([]rune(line)); n > 80 {
				t.Errorf("%.10q…: a line of %d columns: %.60q…", md, n, line)
			}
		}
	}
}

// What the Markdown parser is given is bounded: no line opens more than
// maxNesting containers, no paragraph is longer than maxParagraph, so
// its time grows linearly with the text (it is quadratic in both).
func TestBoundMarkdownBoundsWhatIsParsed(t *testing.T) {
	code := "```\n" + strings.Repeat("[", 3*maxParagraph) + "\n" + strings.Repeat("> ", 50) + "\n```\n"
	for _, md := range []string{
		strings.Repeat(">", 20000),
		strings.Repeat("> 1) ", 5000) + "x",
		strings.Repeat("[a](", 100000),
		strings.Repeat("*a\n", 100000),
		strings.Repeat("日本", 10000),
	} {
		got := string(boundMarkdown([]byte(md)))
		para := 0
		for _, line := range strings.SplitAfter(got, "\n") {
			if cut, _ := deepMarkers([]byte(line)); cut > 0 {
				t.Errorf("%.10q…: a line with more than %d markers: %.40q", md, maxNesting, line)
			}
			if strings.TrimSpace(line) == "" {
				para = 0
				continue
			}
			if para += len(line); para > maxParagraph {
				t.Errorf("%.10q…: a paragraph of %d bytes", md, para)
				break
			}
		}
		if strings.ReplaceAll(got, "\n", "") != strings.ReplaceAll(md, "\n", "") && !strings.HasPrefix(md, ">") && !strings.HasPrefix(md, "> 1)") {
			t.Errorf("%.10q…: text was lost, not only cut", md)
		}
	}
	// A code block is shown as it is.
	if got := string(boundMarkdown([]byte(code))); got != code {
		t.Errorf("a fenced code block was changed")
	}
}

// No lesson of the playground's, nor of the tests', is changed by the
// bounds: they only ever change damaged or hostile text.
func TestBoundMarkdownLeavesLessonsAlone(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("content", "*.md"))
	more, _ := filepath.Glob(filepath.Join("testdata", "*", "*.md"))
	files = append(append(files, more...), "README.md")
	if len(files) < 8 {
		t.Fatalf("found only %v", files)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := boundMarkdown(src); !bytes.Equal(got, src) {
			t.Errorf("%s was changed", f)
		}
	}
}

// A table whose words cannot fit side by side becomes a list: a row a
// bullet, each other cell under its column's heading.
func TestRenderTableTooNarrowBecomesAList(t *testing.T) {
	md := "| Python | Go |\n| --- | --- |\n| threading.get_native_id() | pg.TID(), the thread a goroutine runs on now |\n"
	got := Render(md, Style{Width: 30})
	want := "• threading.get_native_id()\n    Go: pg.TID(), the thread\n      a goroutine runs on now\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// A line of code wider than the terminal folds at a space, its later
// part indented like it and marked; joined again, the parts are the line.
func TestRenderFoldsLongCodeLines(t *testing.T) {
	got := Render("```go\n\tfmt.Println(\"one\", \"two\", \"three\", \"four\", \"five\")\n```\n", Style{Width: 40})
	want := "        fmt.Println(\"one\", \"two\", \n" +
		"        ↪ \"three\", \"four\", \"five\")\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
