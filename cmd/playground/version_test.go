package main

import (
	"archive/zip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A playground built with go build (no VCS stamp: -buildvcs=false) says
// it is a development build; go install …@version would say the version
// (shell.TestBuildVersion covers what the go command records then).
func TestVersionOfGoBuild(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH to build the playground with")
	}
	bin := filepath.Join(t.TempDir(), "playground")
	build := exec.Command("go", "build", "-buildvcs=false", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatalf("playground --version: %v", err)
	}
	if got, want := string(out), "playground devel\n"; got != want {
		t.Errorf("playground --version = %q, want %q", got, want)
	}
}

// go install github.com/learn-concurrency/playground/cmd/playground@v0.0.1
// from a module proxy (a directory holding this checkout's packages as
// version v0.0.1, and the module cache's copies of the rest) gives a
// playground whose --version says v0.0.1.
func TestVersionOfGoInstall(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH to install the playground with")
	}
	const module, version = "github.com/learn-concurrency/playground", "v0.0.1"
	proxy := t.TempDir()
	at := filepath.Join(proxy, filepath.FromSlash(module), "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	// The module's zip holds the files of the packages cmd/playground
	// needs, and go.mod and go.sum.
	list := exec.Command("go", "list", "-deps", "-f", `{{if .Module}}{{if eq .Module.Path "`+module+`"}}{{.Dir}}{{range .GoFiles}}|{{.}}{{end}}{{range .EmbedFiles}}|{{.}}{{end}}{{range .SFiles}}|{{.}}{{end}}{{end}}{{end}}`, ".")
	out, err := list.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"go.mod", "go.sum"}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		parts := strings.Split(line, "|")
		for _, name := range parts[1:] {
			rel, err := filepath.Rel(root, filepath.Join(parts[0], name))
			if err != nil {
				t.Fatal(err)
			}
			if !seen[rel] { // a package may embed its own Go files
				seen[rel] = true
				files = append(files, rel)
			}
		}
	}
	zf, err := os.Create(filepath.Join(at, version+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(module + "@" + version + "/" + filepath.ToSlash(rel))
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zf.Close()
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		version + ".mod":  string(gomod),
		version + ".info": `{"Version":"` + version + `","Time":"2026-01-01T00:00:00Z"}`,
		"list":            version + "\n",
	} {
		if err := os.WriteFile(filepath.Join(at, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	bin := t.TempDir()
	install := exec.Command("go", "install", "-trimpath", module+"/cmd/playground@"+version)
	install.Dir = t.TempDir()
	install.Env = append(os.Environ(),
		"GOBIN="+bin,
		"GOMODCACHE="+t.TempDir(),
		"GOPROXY=file://"+filepath.ToSlash(proxy)+",file://"+filepath.ToSlash(filepath.Join(goEnv("GOMODCACHE"), "cache", "download")),
		"GOSUMDB=off", "GOFLAGS=-modcacherw", "GOWORK=off", "GOTOOLCHAIN=local")
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install: %v\n%s", err, out)
	}
	got, err := exec.Command(filepath.Join(bin, "playground"), "--version").Output()
	if err != nil {
		t.Fatalf("playground --version: %v", err)
	}
	if want := "playground " + version + "\n"; string(got) != want {
		t.Errorf("playground --version = %q, want %q", got, want)
	}
}
