package interp

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/learn-concurrency/playground/builtins"
)

// docTimeout bounds one go doc run.
const docTimeout = 15 * time.Second

// Doc returns documentation for name: a package ("strings"), a package
// member ("strings.Split"), a predeclared name ("len") or a name the
// learner defined. Standard-library docs come from "go doc".
func (e *engine) Doc(ctx context.Context, name string) Result {
	name = strings.TrimSpace(name)
	fail := func(format string, args ...any) Result {
		return Result{Err: &Error{Kind: ErrOther, Msg: fmt.Sprintf(format, args...)}}
	}
	if name == "" {
		return fail("usage: :doc NAME (a package, pkg.Name or a predeclared name such as len)")
	}
	if kind, ok := e.defined[name]; ok {
		return Result{Text: fmt.Sprintf("%s is a %s defined in this session; it has no doc comment. :type %s shows its type.", name, kind, name)}
	}
	var target, path, notFound string
	pkg, member, qualified := strings.Cut(name, ".")
	if pkg == builtins.ImportPath && e.packagePath(pkg) == builtins.ImportPath {
		text, ok := builtins.Doc(member)
		if !ok {
			return fail("no documentation for %s: package pg has no exported %s; :doc pg lists what it has", name, member)
		}
		return Result{Text: text}
	}
	switch {
	case !qualified && builtinNames[name] != "":
		target, path = "builtin."+name, "builtin"
	case !qualified:
		path = e.packagePath(name)
		if path == "" {
			if len(e.pkgs[name]) > 1 {
				return fail("%s is ambiguous: it names %s; write the import path, e.g. :doc %s", name, strings.Join(e.pkgs[name], " and "), e.pkgs[name][0])
			}
			if e.isPackagePath(name) {
				path = name
			} else {
				return fail("no documentation for %s: it is not a package, a predeclared name or something defined in this session", name)
			}
		}
		target = path
	default:
		path = e.packagePath(pkg)
		if path == "" {
			return fail("no documentation for %s: %s is not a known package", name, pkg)
		}
		sym := strings.SplitN(member, ".", 2)[0]
		if _, ok := packageSymbols(path)[sym]; !ok {
			// Not among the interpreter's compiled symbols: a generic
			// function (compiled from source), one newer than its
			// standard library (docNote says so), or nothing.
			notFound = fmt.Sprintf("no documentation for %s: package %s has no exported %s", name, path, sym)
		}
		target = path + "." + member
	}

	goTool, err := exec.LookPath("go")
	if err != nil {
		return fail("no documentation available for %s: :doc runs \"go doc\", and the go command is not on PATH", name)
	}
	ctx, cancel := context.WithTimeout(ctx, docTimeout)
	defer cancel()
	args := []string{"doc", target}
	if strings.HasPrefix(target, "builtin.") {
		// The predeclared names are unexported in package builtin: newer
		// go doc shows them only with -u.
		args = []string{"doc", "-u", target}
	}
	out, err := exec.CommandContext(ctx, goTool, args...).CombinedOutput()
	if err != nil {
		var ee *exec.ExitError
		switch {
		case notFound != "":
			return fail("%s", notFound)
		case errors.As(err, &ee):
			return fail("go doc %s: %s", target, strings.TrimSpace(string(out)))
		}
		return fail("go doc %s: %v", target, err)
	}
	text := strings.TrimRight(string(out), "\n")
	if path == "builtin" {
		return Result{Text: text} // the interpreter has every predeclared name of Go 1.22
	}
	installed, added := installedGo(goTool)
	if note := docNote(installed, added, path, member, text); note != "" {
		text += "\n\n" + note
	}
	return Result{Text: text}
}

func (e *engine) isPackagePath(path string) bool {
	return packageSymbols(path) != nil
}
