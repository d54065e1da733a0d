package shell

import (
	"runtime/debug"
	"testing"
)

// The version is what the go command recorded: go install's module
// version, or devel and the commit for a build in a checkout.
func TestBuildVersion(t *testing.T) {
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"go install …@v1.2.3", &debug.BuildInfo{Main: debug.Module{Path: pgModulePath, Version: "v1.2.3"}}, "v1.2.3"},
		{"go install …@latest of a commit", &debug.BuildInfo{Main: debug.Module{Path: pgModulePath, Version: "v0.0.0-20261204170000-0123456789ab"}}, "v0.0.0-20261204170000-0123456789ab"},
		{"go build, no VCS", &debug.BuildInfo{Main: debug.Module{Path: pgModulePath, Version: "(devel)"}}, "devel"},
		{"go build in a git checkout", &debug.BuildInfo{Main: debug.Module{Path: pgModulePath, Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"},
		}}, "devel-0123456789ab+dirty"},
		{"no build information", nil, "devel"},
	} {
		if got := buildVersion(tc.bi); got != tc.want {
			t.Errorf("%s: buildVersion = %q, want %q", tc.name, got, tc.want)
		}
	}
}
