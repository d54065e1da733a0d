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
	f, st, err := open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
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

// open opens the regular file name for reading. O_NONBLOCK makes opening
// a named pipe return at once (without it, the open waits for a writer),
// and what is not a regular file is closed again unread.
func open(name string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = &NotRegularError{Name: name, Mode: st.Mode()}
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
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

// Tail returns at most the last n bytes of the regular file name, and
// whether it left the part before them unread. It refuses what Read
// refuses, except a file larger than n: a file that grows at its end (a
// history) is read from there.
func Tail(name string, n int64) (b []byte, cut bool, err error) {
	f, st, err := open(name)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	if st.Size() > n {
		if _, err := f.Seek(st.Size()-n, io.SeekStart); err != nil {
			return nil, false, err
		}
		cut = true
	}
	b, err = io.ReadAll(io.LimitReader(f, n))
	return b, cut, err
}
