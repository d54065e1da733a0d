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

// formatSize writes n bytes in the largest binary unit that keeps it whole
// enough to read.
func formatSize(n int64) string {
	switch {
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', -1, 64) + " GiB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 0, 64) + " MiB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 0, 64) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " B"
}
