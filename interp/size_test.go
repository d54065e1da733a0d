package interp

import (
	"math"
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	cases := []struct {
		in   string
		want int64
	}{
		{"", 0},
		{"   ", 0},
		{"0", 0},
		{"1", 1},
		{"1024", 1024},
		{" 77 ", 77},
		{"100B", 100},
		{"100b", 100},
		{"1K", 1 << 10},
		{"1k", 1 << 10},
		{"10KB", 10 << 10},
		{"10KiB", 10 << 10},
		{"3M", 3 << 20},
		{"512MiB", 512 << 20},
		{"512mib", 512 << 20},
		{"512MB", 512 << 20},
		{"5 MiB", 5 << 20},
		{"1G", 1 << 30},
		{"2GiB", 2 << 30},
		{"2GB", 2 << 30},
		{"0GiB", 0},
		{"9223372036854775807", math.MaxInt64},
		{"8589934591G", 8589934591 << 30}, // the largest whole number of GiB

		{"-1", -1},
		{"-5MiB", -1},
		{"abc", -1},
		{"MiB", -1},
		{"1.5GiB", -1},
		{"1e9", -1},
		{"1TiB", -1},
		{"1 2", -1},
		{"0x10", -1},
		{"9223372036854775808", -1},
		// Too large once the unit is applied: an error, not a wrapped-around number.
		{"9223372036854775807K", -1},
		{"8589934592G", -1},
		{"17179869184G", -1},
		{"18014398509481985K", -1},
	}
	for _, c := range cases {
		if got := parseSize(c.in); got != c.want {
			t.Errorf("parseSize(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestParseSizeErrors(t *testing.T) {
	n, err := ParseSize("2GiB")
	if err != nil || n != 2<<30 {
		t.Errorf("ParseSize(2GiB) = %d, %v", n, err)
	}
	n, err = ParseSize("")
	if err != nil || n != 0 {
		t.Errorf("ParseSize(\"\") = %d, %v", n, err)
	}
	for _, bad := range []string{"lots", "-1", "1.5G", "17179869184G"} {
		n, err := ParseSize(bad)
		if err == nil {
			t.Errorf("ParseSize(%q) = %d and no error", bad, n)
			continue
		}
		if n != 0 {
			t.Errorf("ParseSize(%q) returned %d with its error", bad, n)
		}
		if !strings.Contains(err.Error(), "\""+bad+"\"") || !strings.Contains(err.Error(), "512MiB") {
			t.Errorf("ParseSize(%q) error %q should quote the text and show an example", bad, err)
		}
	}
}

func TestFormatSize(t *testing.T) {
	cases := []struct {
		in   int64
		want string
	}{
		{0, "0 B"},
		{1, "1 B"},
		{1023, "1023 B"},
		{1024, "1 KiB"},
		{1536, "1.5 KiB"},
		{100 << 10, "100 KiB"},
		{1 << 20, "1 MiB"},
		{512 << 20, "512 MiB"},
		{1<<30 - 1, "1023.9 MiB"},
		{1 << 30, "1 GiB"},
		{3 << 29, "1.5 GiB"},
		{2 << 30, "2 GiB"},
		{1 << 40, "1024 GiB"},
		{-5, "-5 B"},
	}
	for _, c := range cases {
		if got := formatSize(c.in); got != c.want {
			t.Errorf("formatSize(%d) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestSizeRoundTrip checks that a size written by formatSize in whole
// units reads back as the same number.
func TestSizeRoundTrip(t *testing.T) {
	for _, n := range []int64{0, 7, 1 << 10, 300 << 10, 1 << 20, 768 << 20, 1 << 30, 4 << 30} {
		text := strings.ReplaceAll(formatSize(n), " ", "")
		if got := parseSize(text); got != n {
			t.Errorf("parseSize(formatSize(%d) = %q) = %d", n, text, got)
		}
	}
}
