package builtins

import (
	"net"
	"os"
	"slices"
	"testing"
)

func TestProcNetAddr(t *testing.T) {
	for in, want := range map[string]string{
		"0100007F:1F90":                         "127.0.0.1:8080",
		"00000000:0000":                         "0.0.0.0:0",
		"00000000000000000000000001000000:0050": "[::1]:80",
		"nonsense":                              "nonsense",
	} {
		if got := procNetAddr(in); got != want {
			t.Errorf("procNetAddr(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestProcSockets finds this process's own listening and connected
// sockets as /proc lists them.
func TestProcSockets(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got := procSockets(os.Getpid())
	for _, want := range []string{
		"tcp " + l.Addr().String() + " listening",
		"tcp " + c.LocalAddr().String() + " → " + l.Addr().String() + " open",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("procSockets lacks %q: %q", want, got)
		}
	}
}
