package shell

import (
	"context"
	"strings"
	"testing"
)

// Without a go command on PATH, :race says what it needs.
func TestRaceWithoutToolchain(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	err := (&Shell{}).metaRace(context.Background(), "", origin{})
	if err == nil || !strings.Contains(err.Error(), "there is no go command on PATH; install Go") {
		t.Fatalf(":race without a toolchain: %v, want a message that Go is needed", err)
	}
}

// The program's race reports come to :race, whatever GORACE says of files.
func TestRaceOptions(t *testing.T) {
	for in, want := range map[string]string{
		"":                                       "atexit_sleep_ms=0",
		"log_path=/tmp/x/report halt_on_error=1": "halt_on_error=1 atexit_sleep_ms=0",
		"atexit_sleep_ms=1000 history_size=3":    "history_size=3 atexit_sleep_ms=0",
	} {
		if got := raceOptions(in); got != want {
			t.Errorf("raceOptions(%q) = %q, want %q", in, got, want)
		}
	}
}
