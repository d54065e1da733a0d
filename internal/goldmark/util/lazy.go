package util

import (
	"regexp"
	"sync"
)

// A LazyRegexp is a regular expression compiled on its first use, not in
// package init. (A playground patch: see ../PATCHES.md.) Its zero value
// but Expr is ready to use; declared at package level as
// &LazyRegexp{Expr: ...}, it costs no init code at all.
type LazyRegexp struct {
	Expr string

	once sync.Once
	re   *regexp.Regexp
}

// Regexp compiles Expr the first time, and returns it.
func (l *LazyRegexp) Regexp() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.Expr) })
	return l.re
}

// Match is regexp.Regexp.Match.
func (l *LazyRegexp) Match(b []byte) bool { return l.Regexp().Match(b) }

// FindSubmatchIndex is regexp.Regexp.FindSubmatchIndex.
func (l *LazyRegexp) FindSubmatchIndex(b []byte) []int { return l.Regexp().FindSubmatchIndex(b) }
