package lessons

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/fatih/color"

	"github.com/learn-concurrency/playground/internal/gfm"
	"github.com/learn-concurrency/playground/internal/goldmark/ast"
	east "github.com/learn-concurrency/playground/internal/goldmark/extension/ast"
	"github.com/learn-concurrency/playground/internal/goldmark/text"
)

// A Style says how to show Markdown in a terminal.
type Style struct {
	Colour bool
	Width  int // wrap prose at this many columns; 0 means 80
}

// markdown parses GitHub-flavoured tables and strikethrough too (package
// gfm holds goldmark's parsers for them, without goldmark/extension's
// costly init). It is made on first use: every process of the binary
// initialises this package, and only the shell renders lessons.
var markdown = sync.OnceValue(gfm.NewParser)

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
	doc := markdown().Parse(text.NewReader(src))
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
			for j, part := range foldCode(expandTabs(line), r.textWidth(indent)-4) {
				if j > 0 {
					first = indent
				}
				r.out.WriteString(first + "    " + r.code.Sprint(part) + "\n")
			}
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
				// Code is coloured; it may wrap at its spaces, like prose.
				for i, f := range strings.Fields(b.String()) {
					ws = append(ws, word{text: r.inline.Sprint(f), width: utf8.RuneCountInString(f), glue: i == 0 && !space})
				}
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
			// Words glued together wider than a whole line break
			// between them, never inside one.
			if col > 0 && col+g.width > width {
				r.out.WriteString("\n" + indent)
				col = 0
			}
			r.out.WriteString(g.text)
			col += g.width
		}
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
	ncols := 0
	for _, row := range rows {
		ncols = max(ncols, len(row))
	}
	widths := make([]int, ncols) // as wide as the widest cell
	narrow := make([]int, ncols) // as wide as the widest word
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
			for _, w := range strings.Fields(c) {
				narrow[i] = max(narrow[i], utf8.RuneCountInString(w))
			}
		}
	}
	room := r.textWidth(indent) - 2*(ncols-1)
	if sum(narrow) > room {
		r.records(rows, first, indent)
		return
	}
	// Too wide: narrow the widest column that can be, one column at a
	// time, and wrap its cells at their spaces.
	for sum(widths) > room {
		widest := -1
		for i := range widths {
			if widths[i] > narrow[i] && (widest < 0 || widths[i] > widths[widest]) {
				widest = i
			}
		}
		widths[widest]--
	}
	cells := make([][][]string, len(rows))
	spaced := false // rows of more than one line are set apart by a blank line
	for ri, row := range rows {
		cells[ri] = make([][]string, len(row))
		for i, c := range row {
			cells[ri][i] = wrapWords(strings.Fields(c), widths[i])
			spaced = spaced || len(cells[ri][i]) > 1
		}
	}
	for ri, row := range rows {
		height := 0
		for i := range row {
			height = max(height, len(cells[ri][i]))
		}
		if spaced && ri > 1 {
			r.out.WriteString(indent + "\n")
		}
		for l := 0; l < height; l++ {
			var b strings.Builder
			for i := range row {
				c := ""
				if l < len(cells[ri][i]) {
					c = cells[ri][i][l]
				}
				if i > 0 {
					b.WriteString("  ")
				}
				b.WriteString(c)
				if i < len(row)-1 {
					b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)))
				}
			}
			line := strings.TrimRight(b.String(), " ")
			if ri == 0 {
				line = r.bold.Sprint(line)
			}
			r.out.WriteString(first + line + "\n")
			first = indent
		}
	}
}

// records writes a table too wide for the terminal even with its cells
// wrapped as a list: a row a bullet, its first cell, then each other
// cell under its column's heading.
func (r *renderer) records(rows [][]string, first, indent string) {
	if len(rows) == 0 {
		return
	}
	head := rows[0]
	for ri, row := range rows[1:] {
		if ri > 0 {
			first = indent
		}
		for i, c := range row {
			var ws []word
			if i > 0 && i < len(head) && head[i] != "" {
				h := head[i] + ":"
				ws = append(ws, word{text: r.bold.Sprint(h), width: utf8.RuneCountInString(h)})
			}
			for _, f := range strings.Fields(c) {
				ws = append(ws, word{text: f, width: utf8.RuneCountInString(f)})
			}
			if i == 0 {
				r.wrap(ws, first+"• ", indent+"    ")
			} else {
				r.wrap(ws, indent+"    ", indent+"      ")
			}
		}
	}
}

// wrapWords fills lines of at most width columns with words, a space
// apart; a word wider than that has a line of its own.
func wrapWords(words []string, width int) []string {
	var lines []string
	line, col := "", 0
	for _, w := range words {
		n := utf8.RuneCountInString(w)
		switch {
		case col == 0:
			line, col = w, n
		case col+1+n > width:
			lines = append(lines, line)
			line, col = w, n
		default:
			line, col = line+" "+w, col+1+n
		}
	}
	return append(lines, line)
}

func sum(ns []int) int {
	t := 0
	for _, n := range ns {
		t += n
	}
	return t
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

// foldMark begins the later parts of a code line folded to fit.
const foldMark = "↪ "

// foldCode cuts a line of code wider than width columns into parts that
// fit: after a space if one leaves at least a quarter of a line, else
// after a comma or an opening bracket or before a dot, else between two
// runes. A part cut after a space keeps it, so that the parts joined
// again are the line. Later parts keep the line's indentation and begin
// with foldMark, so they read as one line.
func foldCode(line string, width int) []string {
	width = max(width, 20)
	rs := []rune(line)
	if len(rs) <= width {
		return []string{line}
	}
	lead := 0
	for lead < len(rs) && rs[lead] == ' ' {
		lead++
	}
	lead = min(lead, width/2)
	var parts []string
	prefix := ""
	for {
		room := width - utf8.RuneCountInString(prefix)
		if len(rs) <= room {
			return append(parts, prefix+string(rs))
		}
		cut := codeCut(rs, room)
		parts = append(parts, prefix+string(rs[:cut]))
		rs = rs[cut:]
		prefix = strings.Repeat(" ", lead) + foldMark
	}
}

// codeCut says how many runes of rs, longer than room, to keep on a line.
func codeCut(rs []rune, room int) int {
	for i := room; i > room/4; i-- {
		if rs[i-1] == ' ' {
			return i
		}
	}
	for i := room; i > room/2; i-- {
		if strings.ContainsRune(",({[", rs[i-1]) || rs[i] == '.' {
			return i
		}
	}
	return room
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
