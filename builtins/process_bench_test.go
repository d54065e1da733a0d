package builtins

import (
	"os/exec"
	"testing"
	"time"
)

// runs is how many processes one iteration starts, as in issue 3's
// target: pg.Run("true") 200 times within 1.2× of compiled
// exec.Command("true").Run() 200 times.
const runs = 200

// BenchmarkRunTrue compares pg.Run("true") with exec.Command("true").Run(),
// 200 of each per iteration.
func BenchmarkRunTrue(b *testing.B) {
	b.Run("pg.Run", func(b *testing.B) {
		for b.Loop() {
			for range runs {
				if _, err := Run("true"); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("exec", func(b *testing.B) {
		for b.Loop() {
			for range runs {
				if err := exec.Command("true").Run(); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkRunTrueRatio runs both in turn in every iteration, so that
// both see the same machine, and reports pg.Run's time over exec's.
func BenchmarkRunTrueRatio(b *testing.B) {
	var pg, ex time.Duration
	for b.Loop() {
		start := time.Now()
		for range runs {
			if _, err := Run("true"); err != nil {
				b.Fatal(err)
			}
		}
		pg += time.Since(start)
		start = time.Now()
		for range runs {
			if err := exec.Command("true").Run(); err != nil {
				b.Fatal(err)
			}
		}
		ex += time.Since(start)
	}
	b.ReportMetric(float64(pg)/float64(ex), "pg/exec")
	b.ReportMetric(float64(pg.Microseconds())/float64(b.N*runs), "µs/pg.Run")
	b.ReportMetric(float64(ex.Microseconds())/float64(b.N*runs), "µs/exec")
}
