package lessons

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/learn-concurrency/playground/internal/ownfile"
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
		src, err := readLesson(fsys, e.Name(), prefix)
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

// readLesson reads a lesson file of fsys, refusing what is not a
// regular file or is larger than MaxFileSize, as LoadFile does.
func readLesson(fsys fs.FS, name, prefix string) ([]byte, error) {
	info, err := fs.Stat(fsys, name) // follows a link, as reading would
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &ownfile.NotRegularError{Name: prefix + name, Mode: info.Mode()}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(src) > MaxFileSize {
		return nil, fmt.Errorf("%v; a lesson file is Markdown of a few kilobytes", &ownfile.TooLargeError{Name: prefix + name, Size: max(info.Size(), int64(len(src))), Limit: MaxFileSize})
	}
	return src, nil
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

// MaxFileSize bounds a lesson file. A lesson is Markdown of a few
// kilobytes; the limit keeps a mistaken name (:lesson load /dev/zero, a
// log file) from filling the shell's memory.
const MaxFileSize = 1 << 20

// LoadFile parses one lesson file, a learner's own: its Source is its
// absolute path.
func LoadFile(name string) (*Lesson, error) {
	src, err := ownfile.Read(name, MaxFileSize)
	var tooLarge *ownfile.TooLargeError
	if errors.As(err, &tooLarge) {
		return nil, fmt.Errorf("%v; a lesson file is Markdown of a few kilobytes", err)
	}
	if err != nil {
		return nil, err
	}
	l, err := Parse(name, src)
	if err != nil {
		return nil, err
	}
	if l.Source, err = filepath.Abs(name); err != nil {
		return nil, err
	}
	return l, nil
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
