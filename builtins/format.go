package builtins

import (
	"fmt"
	"strings"
	"time"
)

// Formatting shared by the :tasks, :procs and :socks tables and pg.Sys.

// tableAge rounds d for the :tasks, :procs and :socks tables: 450ms,
// 3.2s, 4m5s, 2h3m.
func tableAge(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return d.Round(100 * time.Millisecond).String()
	case d < time.Hour:
		return d.Round(time.Second).String()
	}
	return strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
}

// byteSize formats n bytes for people: 512 B, 3.2 KiB, 41.0 MiB.
func byteSize(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	f, i := float64(n)/unit, 0
	for f >= unit && i < 3 {
		f /= unit
		i++
	}
	return fmt.Sprintf("%.1f %ciB", f, "KMGT"[i])
}
