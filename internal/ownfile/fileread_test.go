package ownfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestReadSmallFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f.go")
	if err := os.WriteFile(name, []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Read(name, 13)
	if err != nil || string(b) != "package main\n" {
		t.Errorf("Read = %q, %v", b, err)
	}
}

func TestReadRefusesALargeFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "big")
	if err := os.WriteFile(name, make([]byte, 3<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Read(name, 1<<20)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != 3<<20 {
		t.Fatalf("err = %v", err)
	}
	if want := name + " is larger than 1 MiB (3 MiB)"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}

// /dev/zero is endless: it is refused without reading it.
func TestReadRefusesADevice(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Fatalf("this test needs /dev/zero: %v", err)
	}
	_, err := Read("/dev/zero", 1<<20)
	var nr *NotRegularError
	if !errors.As(err, &nr) || err.Error() != "/dev/zero is not a regular file but a character device" {
		t.Errorf("err = %v", err)
	}
}

func TestReadMissingFile(t *testing.T) {
	_, err := Read(filepath.Join(t.TempDir(), "none"), 10)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v", err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{1: "1 byte", 512: "512 bytes", 1 << 10: "1 KiB", 1 << 20: "1 MiB", 81 << 20: "81 MiB", 85_000_000: "81.1 MiB", 3 << 30: "3 GiB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestTail(t *testing.T) {
	name := filepath.Join(t.TempDir(), "history")
	if err := os.WriteFile(name, []byte("one\ntwo\nthree\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, cut, err := Tail(name, 100); string(b) != "one\ntwo\nthree\n" || cut || err != nil {
		t.Errorf("Tail(100) = %q, %v, %v", b, cut, err)
	}
	if b, cut, err := Tail(name, 8); string(b) != "o\nthree\n" || !cut || err != nil {
		t.Errorf("Tail(8) = %q, %v, %v", b, cut, err)
	}
	var nr *NotRegularError
	if _, _, err := Tail("/dev/zero", 8); !errors.As(err, &nr) {
		t.Errorf("Tail(/dev/zero): %v", err)
	}
}
