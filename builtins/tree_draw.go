package builtins

// The :tree renderer: a pure function from a recorded snapshot of the
// process tree, a width and colour on or off to text (golden files in
// testdata pin it down). Collecting the snapshot is in tree.go.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/learn-concurrency/playground/internal/termdraw"
)

// A treeProc is a process in the snapshot.
type treeProc struct {
	PID      int
	Role     string // "shell", "evaluator", "p1" (pg's id), or "" for a process pg did not start itself
	Command  string
	State    string   // running, sleeping, zombie, ...; "" if unknown
	Sockets  int      // sockets it has open; -1 if unknown
	Socks    []string // those the OS describes: "tcp 0.0.0.0:8000 listening"
	Children []treeProc
}

// A treeThread is one OS thread of the evaluator.
type treeThread struct {
	TID   int
	State string
	Tasks []string // the tasks last seen on it: "t1"
}

// A treeTask is a running pg.Go task.
type treeTask struct {
	ID, Name, State string
	TID             int // the thread it was last seen on; 0 if unknown
}

// A treeSock is an open socket of the evaluator.
type treeSock struct {
	ID, Desc, State string
	Parent          string // the listener that accepted it, if it is open too
}

// treeData is the snapshot :tree draws.
type treeData struct {
	Shell       treeProc  // its one child is the reaper, or the evaluator if there is none
	Reaper      *treeProc // the evaluator's parent, its reaper, if it has one (Linux)
	Evaluator   treeProc  // its children are the processes it started
	Threads     []treeThread
	ThreadCount int // may exceed len(Threads): only Linux lists them
	Goroutines  int
	Tasks       []treeTask
	Socks       []treeSock
}

// treeMaxRows bounds the threads, tasks and sockets listed under one node.
const treeMaxRows = 12

// A treeNode is a line of the tree and the lines under it.
type treeNode struct {
	label  string
	colour termdraw.Colour
	detail string
	kids   []treeNode
}

// drawTree draws d as a tree width columns wide (at least 30).
func drawTree(d treeData, width int, colour bool) string {
	width = max(width, 30)
	ev := procNode(d.Evaluator)
	ev.detail += " · runs your code"
	var kids []treeNode

	threads := treeNode{label: "OS threads", colour: termdraw.Blue, detail: strconv.Itoa(d.ThreadCount) + " (pg.Threads())"}
	for i, th := range d.Threads {
		if i == treeMaxRows {
			threads.kids = append(threads.kids, treeNode{detail: fmt.Sprintf("… %d more", len(d.Threads)-i)})
			break
		}
		n := treeNode{label: "thread " + strconv.Itoa(th.TID), colour: termdraw.Blue, detail: th.State}
		if len(th.Tasks) > 0 {
			n.detail += " · last ran " + strings.Join(th.Tasks, " ")
		}
		threads.kids = append(threads.kids, n)
	}
	kids = append(kids, threads)

	gs := treeNode{label: "goroutines", colour: termdraw.Green, detail: fmt.Sprintf("%d, %s running", d.Goroutines, taskPlural(len(d.Tasks), "task"))}
	for i, t := range d.Tasks {
		if i == treeMaxRows {
			gs.kids = append(gs.kids, treeNode{detail: fmt.Sprintf("… %d more: :tasks lists them all", len(d.Tasks)-i)})
			break
		}
		n := treeNode{label: t.ID + " " + t.Name, colour: termdraw.Green, detail: t.State}
		if t.TID > 0 {
			n.detail += " · thread " + strconv.Itoa(t.TID)
		}
		gs.kids = append(gs.kids, n)
	}
	kids = append(kids, gs)

	if len(d.Socks) > 0 {
		ss := treeNode{label: "sockets", colour: termdraw.Cyan, detail: strconv.Itoa(len(d.Socks)) + " open"}
		ss.kids = sockNodes(d.Socks, "", &[]int{0}[0])
		kids = append(kids, ss)
	}
	ev.kids = append(kids, ev.kids...)

	root := procNode(d.Shell)
	root.kids = []treeNode{ev}
	if d.Reaper != nil {
		r := procNode(*d.Reaper)
		r.detail += " · ends what your code leaves running"
		r.kids = []treeNode{ev}
		root.kids = []treeNode{r}
	}

	var b strings.Builder
	drawNode(&b, root, "", "", width, colour)
	return strings.TrimRight(b.String(), "\n")
}

// procNode is a process and, under it, its children.
func procNode(p treeProc) treeNode {
	label := "pid " + strconv.Itoa(p.PID)
	if p.Role != "" {
		label = p.Role + " " + label
	}
	var detail []string
	if p.Command != "" {
		detail = append(detail, p.Command)
	}
	if p.State != "" {
		detail = append(detail, p.State)
	}
	if p.Sockets > 0 {
		detail = append(detail, taskPlural(p.Sockets, "socket"))
	}
	n := treeNode{label: label, colour: termdraw.Bold, detail: strings.Join(detail, " · ")}
	for i, sk := range p.Socks {
		if i == treeMaxRows {
			n.kids = append(n.kids, treeNode{detail: fmt.Sprintf("… %d more sockets", len(p.Socks)-i)})
			break
		}
		n.kids = append(n.kids, treeNode{label: sk, colour: termdraw.Cyan})
	}
	for _, c := range p.Children {
		n.kids = append(n.kids, procNode(c))
	}
	return n
}

// sockNodes lists the sockets whose Parent is parent, each with the
// connections it accepted under it; shown counts rows against treeMaxRows.
func sockNodes(all []treeSock, parent string, shown *int) []treeNode {
	var nodes []treeNode
	for _, s := range all {
		if s.Parent != parent {
			continue
		}
		if *shown == treeMaxRows {
			nodes = append(nodes, treeNode{detail: "… more: :socks lists them all"})
			*shown++
			return nodes
		}
		if *shown > treeMaxRows {
			return nodes
		}
		*shown++
		n := treeNode{label: s.ID + " " + s.Desc, colour: termdraw.Cyan, detail: s.State}
		n.kids = sockNodes(all, s.ID, shown)
		nodes = append(nodes, n)
	}
	return nodes
}

// drawNode writes n after prefix (its own branch) and its children after
// indent, each line cut to width.
func drawNode(b *strings.Builder, n treeNode, prefix, indent string, width int, colour bool) {
	room := width - termdraw.Width(prefix)
	label := termdraw.Clip(n.label, room)
	line := termdraw.Paint(prefix, termdraw.Faint, colour) + termdraw.Paint(label, n.colour, colour)
	if room -= termdraw.Width(label); n.detail != "" && room > 3 {
		sep := "  "
		if label == "" {
			sep = ""
		}
		line += sep + termdraw.Paint(termdraw.Clip(n.detail, room-len(sep)), termdraw.Faint, colour)
	}
	b.WriteString(line + "\n")
	for i, k := range n.kids {
		branch, next := "├─ ", "│  "
		if i == len(n.kids)-1 {
			branch, next = "└─ ", "   "
		}
		drawNode(b, k, indent+branch, indent+next, width, colour)
	}
}
