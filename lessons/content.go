package lessons

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

//go:embed content/*.md
var content embed.FS

// Content is the playground's own lessons, as files.
func Content() fs.FS {
	sub, err := fs.Sub(content, "content")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return sub
}

// Builtin parses the playground's own lessons, sorted by order.
func Builtin() ([]*Lesson, error) {
	return LoadFS(Content(), "")
}

// LoadFS parses every .md file at the top of fsys except README.md,
// naming them in errors as prefix + name. Lessons come back sorted by
// order, then name; two lessons with one name are an error.
func LoadFS(fsys fs.FS, prefix string) ([]*Lesson, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var all []*Lesson
	var errs []error
	seen := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".md" || strings.EqualFold(e.Name(), "README.md") {
			continue
		}
		src, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			errs = append(errs, err)
			continue
		}
		l, err := Parse(prefix+e.Name(), src)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if other, dup := seen[l.Name]; dup {
			errs = append(errs, fmt.Errorf("%s: lesson name %q is also used by %s", l.File, l.Name, other))
			continue
		}
		seen[l.Name] = l.File
		all = append(all, l)
	}
	Sort(all)
	return all, errors.Join(errs...)
}

// LoadDir parses the lessons in a directory, as LoadFS does.
func LoadDir(dir string) ([]*Lesson, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	prefix := dir + string(filepath.Separator)
	if dir == "." {
		prefix = ""
	}
	return LoadFS(os.DirFS(dir), prefix)
}

// LoadFile parses one lesson file, such as a learner's own.
func LoadFile(name string) (*Lesson, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Parse(name, src)
}

// Sort orders lessons by Order, then Name.
func Sort(all []*Lesson) {
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Order != all[j].Order {
			return all[i].Order < all[j].Order
		}
		return all[i].Name < all[j].Name
	})
}
