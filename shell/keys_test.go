package shell

import (
	"fmt"
	"slices"
	"testing"
)

func TestSplitKeys(t *testing.T) {
	for _, tc := range []struct {
		in    string
		final bool
		keys  []string
		rest  string
	}{
		{in: "a", keys: []string{"a"}},
		{in: "\x1b[A\x1b[A\x1b[A", keys: []string{"\x1b[A", "\x1b[A", "\x1b[A"}},
		{in: "\x1b[D\x1b[D\r", keys: []string{"\x1b[D", "\x1b[D", "\r"}},
		{in: "ab\x1b[Dc", keys: []string{"ab", "\x1b[D", "c"}},
		{in: "x\x7f\x7f", keys: []string{"x", "\x7f", "\x7f"}},
		{in: "\x1b[3~\x1b[1;5C\x1bOA", keys: []string{"\x1b[3~", "\x1b[1;5C", "\x1bOA"}},
		{in: "\x12go", keys: []string{"\x12", "go"}},
		{in: "héllo, 世界", keys: []string{"héllo, 世界"}},
		// The rest of a key comes with the next read.
		{in: "\x1b[A\x1b[", keys: []string{"\x1b[A"}, rest: "\x1b["},
		{in: "\x1b", rest: "\x1b"},
		{in: "\x1b", final: true, keys: []string{"\x1b"}},
		{in: "a\xe4\xb8", keys: []string{"a"}, rest: "\xe4\xb8"},
		// Escape pressed alone, then a key.
		{in: "\x1b\x1b[A", keys: []string{"\x1b", "\x1b[A"}},
		{in: "\x1bk", keys: []string{"\x1b", "k"}},
		// Tab typed alone is the Tab key, after a word too.
		{in: "\t", keys: []string{"\t"}},
		// A paste: lines and Enters, tabs as indentation.
		{in: "func f() {\r\treturn\r}\r", keys: []string{"func f() {", "\r", indentUnit + "return", "\r", "}", "\r"}},
		{in: "\tfmt.Println(1)", keys: []string{indentUnit + "fmt.Println(1)"}},
		// Tab pressed just after typing, in the same read: the Tab key.
		{in: "strings.Sp\t", keys: []string{"strings.Sp", "\t"}},
		{in: "x\t\x1b[B\r", keys: []string{"x", "\t", "\x1b[B", "\r"}},
		{in: "a\r\nb\n", keys: []string{"a", "\r", "b", "\r"}},
		// Bracketed paste, whole and in two reads.
		{in: "\x1b[200~if x {\n\ty()\n}\x1b[201~", keys: []string{"if x {", "\r", indentUnit + "y()", "\r", "}"}},
		{in: "\x1b[200~if x {\n", rest: "\x1b[200~if x {\n"},
	} {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			keys, rest := splitKeys([]byte(tc.in), tc.final)
			var got []string
			for _, k := range keys {
				got = append(got, string(k))
			}
			if !slices.Equal(got, tc.keys) {
				t.Errorf("keys %q, want %q", got, tc.keys)
			}
			if string(rest) != tc.rest {
				t.Errorf("rest %q, want %q", rest, tc.rest)
			}
		})
	}
}
