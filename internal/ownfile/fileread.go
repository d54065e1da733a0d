package ownfile

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// A TooLargeError is a file larger than the limit its reader sets.
type TooLargeError struct {
	Name  string
	Size  int64 // the size seen; at least Limit+1 when the file grew while read
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %s (%s)", e.Name, Size(e.Limit), Size(e.Size))
}

// A NotRegularError is a path that is not a regular file: a device such
// as /dev/zero, a named pipe, a directory or a socket.
type NotRegularError struct {
	Name string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is not a regular file but %s", e.Name, kind(e.Mode))
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a file that can be read whole"
}

// Read returns the contents of the regular file name, or an error if it
// is larger than limit bytes (a *TooLargeError), is not a regular file (a
// *NotRegularError), or cannot be read. It never blocks on a named pipe
// and never reads more than limit+1 bytes, even of a file that grows
// while it is read.
func Read(name string, limit int64) ([]byte, error) {
	// Refuse what is not a regular file before opening it: opening a
	// named pipe for reading waits for a writer.
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{Name: name, Mode: st.Mode()}
	}
	// O_NONBLOCK: should name become a named pipe between Stat and Open,
	// the open still returns at once, and the Stat below refuses it.
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{Name: name, Mode: st.Mode()}
	}
	if st.Size() > limit {
		return nil, &TooLargeError{Name: name, Size: st.Size(), Limit: limit}
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &TooLargeError{Name: name, Size: max(st.Size(), int64(len(b))), Limit: limit}
	}
	return b, nil
}

// Size writes n bytes for a person: "512 bytes", "64 KiB", "1 MiB",
// "81.2 MiB".
func Size(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n >= u.size {
			if n%u.size == 0 {
				return fmt.Sprintf("%d %s", n/u.size, u.name)
			}
			return fmt.Sprintf("%.1f %s", float64(n)/float64(u.size), u.name)
		}
	}
	if n == 1 {
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}
