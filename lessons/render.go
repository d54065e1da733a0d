package lessons

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// A Style says how to show Markdown in a terminal.
type Style struct {
	Colour bool
	Width  int // wrap prose at this many columns; 0 means 80
}

var markdown = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

// Render shows Markdown as terminal text: prose wrapped to the width,
// code indented and coloured, emphasis and inline code coloured, lists
// with bullets, tables as aligned columns.
func Render(md string, st Style) string {
	if st.Width <= 0 {
		st.Width = 80
	}
	src := boundMarkdown([]byte(md))
	r := &renderer{src: src, st: st}
	r.code = r.colour(color.FgCyan)
	r.inline = r.colour(color.FgYellow)
	r.bold = r.colour(color.Bold)
	r.italic = r.colour(color.Italic)
	r.dim = r.colour(color.Faint)
	doc := markdown.Parser().Parse(text.NewReader(src))
	r.blocks(doc, "", "")
	return strings.TrimRight(r.out.String(), "\n") + "\n"
}

type renderer struct {
	src []byte
	st  Style
	out strings.Builder
	// depth counts the quotes and lists around the block being written.
	depth int

	code, inline, bold, italic, dim *color.Color
}

func (r *renderer) colour(attr color.Attribute) *color.Color {
	c := color.New(attr)
	if r.st.Colour {
		c.EnableColor()
	} else {
		c.DisableColor()
	}
	return c
}

// blocks renders the block children of n; first prefixes the first line
// written, indent every later one.
func (r *renderer) blocks(n ast.Node, first, indent string) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c != n.FirstChild() {
			r.out.WriteString("\n")
			first = indent
		}
		r.block(c, first, indent)
	}
}

func (r *renderer) block(n ast.Node, first, indent string) {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		r.wrap(r.words(n), first, indent)
	case *ast.Heading:
		ws := r.words(n)
		for i := range ws {
			ws[i].text = r.bold.Sprint(stripANSI(ws[i].text))
		}
		r.wrap(ws, first, indent)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		if fb, ok := n.(*ast.FencedCodeBlock); ok && fb.Info != nil && string(fb.Info.Segment.Value(r.src)) == "go example" {
			r.out.WriteString(first + r.dim.Sprint("  (:run runs this example)") + "\n")
			first = indent
		}
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			line := strings.TrimRight(string(seg.Value(r.src)), "\n")
			if i > 0 {
				first = indent
			}
			r.out.WriteString(first + "    " + r.code.Sprint(expandTabs(line)) + "\n")
		}
	case *ast.List:
		if r.depth >= maxNesting {
			// As deep as a terminal can show: the items go on at this
			// depth, still one a line.
			r.flatList(n, first, indent)
			break
		}
		r.depth++
		defer func() { r.depth-- }()
		num := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			bullet := "• "
			if n.IsOrdered() {
				bullet = strconv.Itoa(num) + ". "
				num++
			}
			pad := strings.Repeat(" ", utf8.RuneCountInString(bullet))
			if item != n.FirstChild() {
				first = indent
				if !n.IsTight {
					r.out.WriteString("\n")
				}
			}
			r.blocks(item, first+"  "+bullet, indent+"  "+pad)
		}
	case *ast.Blockquote:
		if r.depth >= maxNesting {
			r.blocks(n, first, indent)
			break
		}
		r.depth++
		r.blocks(n, first+r.dim.Sprint("│ "), indent+r.dim.Sprint("│ "))
		r.depth--
	case *ast.ThematicBreak:
		r.out.WriteString(first + r.dim.Sprint(strings.Repeat("─", min(r.textWidth(indent), 40))) + "\n")
	case *east.Table:
		r.table(n, first, indent)
	case *ast.HTMLBlock:
		// Lessons written for the web may carry HTML: a terminal skips it.
	default:
		r.blocks(n, first, indent)
	}
}

// flatList writes the items of a list nested deeper than maxNesting at
// the depth of the list around it, with a bullet each.
func (r *renderer) flatList(n *ast.List, first, indent string) {
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		if item != n.FirstChild() {
			first = indent
		}
		r.blocks(item, first+"• ", indent+"  ")
	}
}

// A word is a run of text without spaces, coloured as a whole.
type word struct {
	text  string // as shown (may carry colour codes)
	width int    // columns on screen
	glue  bool   // joins the previous word without a space
}

// words flattens a block's inline content into words.
func (r *renderer) words(n ast.Node) []word {
	var ws []word
	space := true
	add := func(s string, c *color.Color) {
		for i, f := range strings.Fields(s) {
			glue := i == 0 && !space && !startsWithSpace(s)
			shown := f
			if c != nil {
				shown = c.Sprint(f)
			}
			ws = append(ws, word{text: shown, width: utf8.RuneCountInString(f), glue: glue})
		}
		space = strings.TrimRight(s, " \t\n") != s || strings.TrimSpace(s) == "" && s != ""
	}
	var walk func(n ast.Node, c *color.Color)
	walk = func(n ast.Node, c *color.Color) {
		for k := n.FirstChild(); k != nil; k = k.NextSibling() {
			switch k := k.(type) {
			case *ast.Text:
				add(string(k.Segment.Value(r.src)), c)
				if k.SoftLineBreak() || k.HardLineBreak() {
					space = true
				}
			case *ast.String:
				add(string(k.Value), c)
			case *ast.CodeSpan:
				var b strings.Builder
				for t := k.FirstChild(); t != nil; t = t.NextSibling() {
					if tx, ok := t.(*ast.Text); ok {
						b.Write(tx.Segment.Value(r.src))
					}
				}
				// Code keeps its spaces: one word, coloured.
				s := b.String()
				ws = append(ws, word{text: r.inline.Sprint(s), width: utf8.RuneCountInString(s), glue: !space})
				space = false
			case *ast.Emphasis:
				if k.Level >= 2 {
					walk(k, r.bold)
				} else {
					walk(k, r.italic)
				}
			case *ast.Link:
				walk(k, c)
				if dest := string(k.Destination); dest != "" && !strings.HasPrefix(dest, "#") {
					add(" ("+dest+")", r.dim)
				}
			case *ast.AutoLink:
				add(string(k.URL(r.src)), c)
			case *ast.RawHTML, *ast.Image:
			default:
				walk(k, c)
			}
		}
	}
	walk(n, nil)
	return ws
}

func startsWithSpace(s string) bool {
	return s != "" && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n')
}

// textWidth is the width left for text after indent: at least 20
// columns, however deep the indent (a line may then be wider than the
// style's width, never a negative number of columns).
func (r *renderer) textWidth(indent string) int {
	return max(r.st.Width-visibleWidth(indent), 20)
}

// wrap writes words as lines no wider than the style's width. Words
// glued together (a code span and the punctuation around it) wrap as one.
// It writes straight to the output: building lines or glued words as
// strings took time quadratic in their length.
func (r *renderer) wrap(ws []word, first, indent string) {
	width := r.textWidth(indent)
	r.out.WriteString(first)
	col := 0
	for i := 0; i < len(ws); {
		j, w := i+1, ws[i].width
		for j < len(ws) && ws[j].glue {
			w += ws[j].width
			j++
		}
		switch {
		case col == 0:
		case col+1+w > width:
			r.out.WriteString("\n" + indent)
			col = 0
		default:
			r.out.WriteByte(' ')
			col++
		}
		for _, g := range ws[i:j] {
			r.out.WriteString(g.text)
		}
		col += w
		i = j
	}
	r.out.WriteString("\n")
}

// table writes a table as aligned columns.
func (r *renderer) table(t *east.Table, first, indent string) {
	var rows [][]string
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			var b strings.Builder
			for i, w := range r.words(cell) {
				if i > 0 && !w.glue {
					b.WriteString(" ")
				}
				b.WriteString(stripANSI(w.text))
			}
			cells = append(cells, b.String())
		}
		rows = append(rows, cells)
	}
	widths := map[int]int{}
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for ri, row := range rows {
		var b strings.Builder
		for i, c := range row {
			if i > 0 {
				b.WriteString("  ")
			}
			if i < len(row)-1 {
				c += strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			}
			b.WriteString(c)
		}
		line := b.String()
		if ri == 0 {
			line = r.bold.Sprint(line)
		}
		if ri > 0 {
			first = indent
		}
		r.out.WriteString(first + line + "\n")
	}
}

// Wrap wraps plain text (no Markdown) at the style's width, keeping its
// line breaks; later lines of a paragraph are indented by two spaces.
func Wrap(s string, st Style) string {
	if st.Width <= 0 {
		st.Width = 80
	}
	r := &renderer{st: st}
	for _, para := range strings.Split(s, "\n") {
		var ws []word
		for _, f := range strings.Fields(para) {
			ws = append(ws, word{text: f, width: utf8.RuneCountInString(f)})
		}
		r.wrap(ws, "", "  ")
	}
	return strings.TrimSuffix(r.out.String(), "\n")
}

func expandTabs(s string) string { return strings.ReplaceAll(s, "\t", "    ") }

func visibleWidth(s string) int { return utf8.RuneCountInString(stripANSI(s)) }

// stripANSI drops colour codes.
func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < '@' || s[j] > '~') {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
