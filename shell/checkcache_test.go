package shell

import (
	"os"
	"path/filepath"
	"testing"
)

// cacheLesson's checks call the learner's functions: a check compiled
// earlier and kept would call the versions it was compiled against.
const cacheLesson = `---
name: cache
title: Checks kept compiled
order: 1
summary: a lesson for the tests of the compiled check's cache
---
For the tests.

## Double

Define double.

### Task

Define ` + "`double(x int) int`" + `.

### Check

` + "```go" + `
if got := double(2); got != 4 {
	return fmt.Errorf("double(2) is %d", got)
}
return nil
` + "```" + `

### Hint

Twice x.

### Solution

` + "```go" + `
func double(x int) int { return 2 * x }
` + "```" + `

### Wrong

` + "```go" + `
func double(x int) int { return x }
` + "```" + `

## Triple

Define triple.

### Task

Define ` + "`triple(x int) int`" + `.

### Check

` + "```go" + `
if got := triple(2); got != 6 {
	return fmt.Errorf("triple(2) is %d", got)
}
return nil
` + "```" + `

### Hint

Three times x.

### Solution

` + "```go" + `
func triple(x int) int { return 3 * x }
` + "```" + `

### Wrong

` + "```go" + `
func triple(x int) int { return x }
` + "```" + `
`

func newCacheLessonShell(t *testing.T) *lessonShell {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "cache.md"), []byte(cacheLesson), 0o644); err != nil {
		t.Fatal(err)
	}
	ls := newLessonShellIn(t, dir, "")
	ls.do(":lesson cache")
	return ls
}

// A function the check calls, declared again, is the one the check
// calls next: the check kept compiled is compiled again.
func TestCompiledCheckFollowsARedefinedFunction(t *testing.T) {
	ls := newCacheLessonShell(t)
	ls.do("func double(x int) int { return x }")
	mustContain(t, ls.do(":check"), "double(2) is 2")
	ls.do("1 + 1")
	mustContain(t, ls.do(":check"), "double(2) is 2") // the check kept
	mustContain(t, ls.do("func double(x int) int { return 2 * x }"), "✓ Step 1 done.")
}

// So is a function the check calls through another one.
func TestCompiledCheckFollowsARedefinedCallee(t *testing.T) {
	ls := newCacheLessonShell(t)
	ls.do("func times(x int) int { return x }")
	ls.do("func double(x int) int { return times(x) }")
	mustContain(t, ls.do(":check"), "double(2) is 2")
	mustContain(t, ls.do("func times(x int) int { return 2 * x }"), "✓ Step 1 done.")
}

// And a variable the check uses, defined again (the function it calls
// was compiled again to use the new one).
func TestCompiledCheckFollowsARedefinedVariable(t *testing.T) {
	ls := newCacheLessonShell(t)
	ls.do("k := 1")
	ls.do("func double(x int) int { return k * x }")
	mustContain(t, ls.do(":check"), "double(2) is 2")
	mustContain(t, ls.do("k := 2"), "✓ Step 1 done.")
}

// A fresh evaluator has none of the definitions the check was compiled
// against: the check is compiled again there, and says so.
func TestCompiledCheckAfterARestart(t *testing.T) {
	ls := newCacheLessonShell(t)
	ls.do("func double(x int) int { return x }")
	mustContain(t, ls.do(":check"), "double(2) is 2")
	ls.do(":restart")
	mustContain(t, ls.do(":check"), "not yet: double is not defined yet")
	mustContain(t, ls.do("func double(x int) int { return 2 * x }"), "✓ Step 1 done.")
}

// The next step's check is its own, not the one kept from the step before.
func TestCompiledCheckOfTheNextStep(t *testing.T) {
	ls := newCacheLessonShell(t)
	ls.do("func triple(x int) int { return 3 * x }")
	mustContain(t, ls.do("func double(x int) int { return 2 * x }"), "✓ Step 1 done.")
	ls.do(":next")
	mustContain(t, ls.do(":check"), "Step 2 done") // triple's check, or it would pass only double
	ls.do(":prev")
	ls.do("func double(x int) int { return x }")
	mustContain(t, ls.do(":check"), "double(2) is 2")
}
