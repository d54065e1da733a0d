package lessons

import (
	"fmt"
	"runtime"
	"strings"
)

// A Lesson is one lesson file: a front matter and its steps.
type Lesson struct {
	Name     string // short name, as in :lesson threads
	Title    string
	Order    int // lessons are listed by Order, then Name
	Summary  string
	Requires Requirements
	Intro    string // Markdown before the first step
	Steps    []*Step
	// File is where the lesson came from ("threads.md", or a path for a
	// learner's own file), for messages.
	File string
	// Source is the absolute path of a learner's own lesson file (see
	// LoadFile), "" for the playground's lessons. Progress in a learner's
	// file is kept apart from a lesson of the playground's of the same name.
	Source string
}

// progressKey names the lesson in the progress file: its name, or for a
// learner's own file, "file:" and the file's path (no lesson's name has
// a colon, so the two never meet).
func (l *Lesson) progressKey() string {
	if l.Source != "" {
		return "file:" + l.Source
	}
	return l.Name
}

// Requirements say what a lesson needs of the machine it runs on.
type Requirements struct {
	OS   string `yaml:"os"`   // a GOOS, such as linux; "" for any
	CPUs int    `yaml:"cpus"` // at least this many logical CPUs
}

// Unmet says which requirement this machine does not meet, or "".
func (r Requirements) Unmet() string {
	if r.OS != "" && r.OS != runtime.GOOS {
		return fmt.Sprintf("it needs os: %s, and this is %s", r.OS, runtime.GOOS)
	}
	if r.CPUs > runtime.NumCPU() {
		return fmt.Sprintf("it needs cpus: %d, and this machine has %d", r.CPUs, runtime.NumCPU())
	}
	return ""
}

// A Step is one thing to learn and do.
type Step struct {
	Title string
	Line  int // of the step's heading in File

	Prose   string // Markdown: the explanation, with the example in it
	Example string // Go the learner can :run; "" if the step has none
	Task    string // Markdown: what the learner is asked to do
	// Check is the body of a Go function returning error, run in the
	// learner's session (see check.go for what it can use).
	Check     string
	CheckLine int
	Hints     []string // Markdown, revealed one at a time
	Solution  string   // shell input, as the learner would type it
	Wrong     []Answer // attempts the check must reject (### Wrong)
	AlsoRight []Answer // other answers the check must accept (### Also right)
}

// An Answer is an attempt at a step written in its lesson file: a wrong
// one, which `lessons check` runs and expects the check to reject, or one
// that is also right, which it expects the check to accept.
type Answer struct {
	Code string // shell input
	Why  string // Markdown: why it is wrong, or right, for the lesson's readers
	Line int    // of the code's first line in the lesson file
}

// Find returns the lesson called name, or nil.
func Find(all []*Lesson, name string) *Lesson {
	for _, l := range all {
		if l.Name == name {
			return l
		}
	}
	return nil
}

// Names lists the names of lessons, comma-separated, for messages.
func Names(all []*Lesson) string {
	var names []string
	for _, l := range all {
		names = append(names, l.Name)
	}
	return strings.Join(names, ", ")
}
