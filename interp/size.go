package interp

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// parseSize reads a byte count written as a plain number or with a unit
// (KiB, MiB, GiB, or K, M, G meaning the same). It returns 0 for "" and -1
// for text it cannot read.
func parseSize(s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	mult := int64(1)
	upper := strings.ToUpper(s)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(upper, u.suffix) {
			mult = u.mult
			s = strings.TrimSpace(s[:len(s)-len(u.suffix)])
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mult {
		return -1
	}
	return n * mult
}

// ParseSize is parseSize for flags: it reports text it cannot read.
func ParseSize(s string) (int64, error) {
	n := parseSize(s)
	if n < 0 {
		return 0, fmt.Errorf("bad size %q: write a number of bytes, or one with a unit such as 512MiB or 2GiB", s)
	}
	return n, nil
}

// formatSize writes n bytes in the largest binary unit it reaches: whole
// when exact, else to a tenth.
func formatSize(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n < u.size {
			continue
		}
		if n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + " " + u.name
		}
		// Truncated, not rounded: 1 GiB less a byte is not "1024.0 MiB".
		tenths := n * 10 / u.size
		return strconv.FormatInt(tenths/10, 10) + "." + strconv.FormatInt(tenths%10, 10) + " " + u.name
	}
	return strconv.FormatInt(n, 10) + " B"
}
