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
