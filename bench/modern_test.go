package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// plainEnv turns off the evaluator's rewriting of modern Go
// (interp/rewrite): learner code goes to yaegi as written.
const plainEnv = "PLAYGROUND_PLAIN_YAEGI=1"

// runWith is run with env added to the environment.
func runWith(env []string, name string, args ...string) ([]byte, error) {
	out, _, err := runCPU(env, name, args...)
	return out, err
}

// runCPU is runWith, and returns the processor time the command and the
// processes it waited for (the evaluator) used.
func runCPU(env []string, name string, args ...string) ([]byte, time.Duration, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = append(append(os.Environ(), "NO_COLOR=1"), env...)
	err := cmd.Run()
	var cpu time.Duration
	if cmd.ProcessState != nil {
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if rest := dropBusyNotices(stderr.String()); err == nil && rest != "" {
		err = fmt.Errorf("wrote to standard error")
	}
	if err != nil {
		return stdout.Bytes(), cpu, fmt.Errorf("%s %v: %v\n%s", filepath.Base(name), args, err, stderr.Bytes())
	}
	return stdout.Bytes(), cpu, nil
}

// The rewriting of modern Go changes nothing in the generated session,
// which is Go yaegi runs as written: with it and without it, playground
// run prints the same, so BenchmarkModernRewrite1000 compares the same work.
func TestModernRewriteSameOutput(t *testing.T) {
	setup(t)
	for _, file := range []string{files.input, files.program} {
		on, err := runWith(nil, files.playground, "run", file)
		if err != nil {
			t.Fatal(err)
		}
		off, err := runWith([]string{plainEnv}, files.playground, "run", file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(on, off) {
			t.Errorf("%s: the rewriting changed the output:\n%s", filepath.Base(file), firstDiff(on, off))
		}
	}
}

// BenchmarkModernRewrite1000 is what the rewriting of modern Go costs:
// playground run of the 1,000-line session (one input a line) and of the
// same program (one input), with the rewriting on and off. Each iteration
// runs both, one after the other and in turns first, so a busy machine
// slows them alike. The
// metrics: on/off is the ratio of their processor times (the shell's and
// the evaluator's), which other work on the machine disturbs less than the
// ratio of their wall-clock times, wall-on/off; cpu-on-ms and cpu-off-ms
// are the processor times of one run.
func BenchmarkModernRewrite1000(b *testing.B) {
	setup(b)
	for _, c := range []struct{ name, file string }{
		{"session", files.input},
		{"program", files.program},
	} {
		b.Run(c.name, func(b *testing.B) {
			// A first run of each, untimed, so that neither pays for a
			// cold start (the binary and the file not yet in memory).
			for _, env := range [][]string{nil, {plainEnv}} {
				if _, err := runWith(env, files.playground, "run", c.file); err != nil {
					b.Fatal(err)
				}
			}
			var wall, cpu [2]time.Duration // on, off
			envs := [2][]string{nil, {plainEnv}}
			n := 0
			b.ResetTimer()
			for b.Loop() {
				for k := range 2 {
					i := (k + n) % 2 // which goes first alternates
					env := envs[i]
					start := time.Now()
					_, used, err := runCPU(env, files.playground, "run", c.file)
					if err != nil {
						b.Fatal(err)
					}
					wall[i] += time.Since(start)
					cpu[i] += used
				}
				n++
			}
			b.ReportMetric(float64(cpu[0])/float64(cpu[1]), "on/off")
			b.ReportMetric(float64(wall[0])/float64(wall[1]), "wall-on/off")
			b.ReportMetric(float64(cpu[0].Microseconds())/1e3/float64(n), "cpu-on-ms")
			b.ReportMetric(float64(cpu[1].Microseconds())/1e3/float64(n), "cpu-off-ms")
		})
	}
}
