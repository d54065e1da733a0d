package interp

// :doc runs the go doc of the Go installed here, which may be newer than
// the Go the interpreter speaks: yaegi v0.16.1's standard library is Go
// 1.22's. So :doc says so, and names what the docs show that the
// playground does not have, with the release that added it, from the
// Go installation's own record of its API ($GOROOT/api/go1.N.txt).

import (
	"bufio"
	"context"
	"fmt"
	"go/version"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/learn-concurrency/playground/interp/rewrite"
)

// interpreterGo is the release whose standard library the interpreter
// has (TestInterpreterGo checks yaegi's symbols against it).
const interpreterGo = "go1.22"

// goInstall is what :doc knows of the Go installed here, found once.
var goInstall struct {
	once    sync.Once
	version string            // go1.26.8
	added   map[string]string // "strings.Lines", "sync.WaitGroup.Go" → "go1.24", for releases after interpreterGo
}

// installedGo returns the installed Go's version and, if it is newer than
// interpreterGo, when each later API was added; "" when it cannot tell.
func installedGo(goTool string) (string, map[string]string) {
	goInstall.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), docTimeout)
		defer cancel()
		out, err := exec.CommandContext(ctx, goTool, "env", "GOVERSION", "GOROOT").Output()
		if err != nil {
			return
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != 2 || !version.IsValid(lines[0]) {
			return
		}
		goInstall.version = lines[0]
		if version.Compare(version.Lang(lines[0]), interpreterGo) > 0 {
			goInstall.added = readAPI(filepath.Join(lines[1], "api"), version.Lang(lines[0]))
		}
	})
	return goInstall.version, goInstall.added
}

// apiLine reads one line of $GOROOT/api/go1.N.txt: a function, type,
// constant or variable of a package, or a method.
//
// This file's regexps are compiled on first use: every process of the
// binary runs package init, and most never run :doc.
var apiLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^pkg ([^ ,]+)(?: \([^)]*\))?, (?:(?:func|type|const|var) (\w+)|method \(\*?(\w+)(?:\[[^\]]*\])?\) (\w+))`)
})

// readAPI returns when each API added after interpreterGo, up to the
// release upTo, was added: "strings.Lines" → "go1.24" (the package by its
// import path, math/rand/v2.N).
func readAPI(dir, upTo string) map[string]string {
	added := map[string]string{}
	for minor := 1; ; minor++ {
		rel := fmt.Sprintf("go1.%d", minor)
		if version.Compare(rel, upTo) > 0 {
			break
		}
		if version.Compare(rel, interpreterGo) <= 0 {
			continue
		}
		f, err := os.Open(filepath.Join(dir, rel+".txt"))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			m := apiLine().FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			key := m[1] + "." + m[2]
			if m[2] == "" {
				key = m[1] + "." + m[3] + "." + m[4]
			}
			if _, ok := added[key]; !ok {
				added[key] = rel
			}
		}
		f.Close()
	}
	return added
}

// docDecl reads a declaration go doc lists: a function or a type at the
// start of a line, or indented under a type (its constructors and
// methods).
var docDecl = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^(?:    )?(?:func (\w+)[\[(]|type (\w+) |func \(\w* ?\*?(\w+)(?:\[[^\]]*\])?\) (\w+)\()`)
})

// docNote says, below go doc's text for path (or path.member), when the
// installed Go is newer than the Go the interpreter speaks, and which of
// the names the text declares came later (added: installedGo's): those
// the playground provides itself (strings.Lines in a for range loop), and
// those it does not have.
func docNote(installed string, added map[string]string, path, member, text string) string {
	if installed == "" || version.Compare(version.Lang(installed), interpreterGo) <= 0 {
		return ""
	}
	pkgName := pathBase(path)
	for _, key := range hostPackageKeys() {
		if i := strings.LastIndex(key, "/"); i >= 0 && key[:i] == path {
			pkgName = key[i+1:] // math/rand/v2 is rand
		}
	}
	var provided, missing []string
	seen := map[string]bool{}
	note := func(key, shown string) {
		rel, ok := added[path+"."+key]
		if !ok || seen[key] {
			return
		}
		seen[key] = true
		item := shown + " (" + goName(rel) + ")"
		if rewrite.Provides(pkgName + "." + key) {
			provided = append(provided, item)
		} else {
			missing = append(missing, item)
		}
	}
	if member != "" {
		note(member, pkgName+"."+member)
	}
	for _, m := range docDecl().FindAllStringSubmatch(text, -1) {
		switch {
		case m[1] != "":
			note(m[1], pkgName+"."+m[1])
		case m[2] != "":
			note(m[2], pkgName+"."+m[2])
		case m[3] != "":
			if _, newType := added[path+"."+m[3]]; !newType { // a newer type's methods go without saying
				note(m[3]+"."+m[4], pkgName+"."+m[3]+"."+m[4])
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "These are the docs of %s, installed here; the playground speaks %s, with its standard library.", installed, goName(interpreterGo))
	if len(provided) > 0 {
		fmt.Fprintf(&b, "\nNewer, and provided by the playground itself: %s.", strings.Join(provided, ", "))
	}
	if len(missing) > 0 {
		fmt.Fprintf(&b, "\nNewer, and not in the playground: %s.", strings.Join(missing, ", "))
	}
	return b.String()
}

// goName writes a release as people do: go1.24 is Go 1.24.
func goName(rel string) string {
	return "Go " + strings.TrimPrefix(rel, "go")
}
