package shell

import (
	"errors"
	"go/parser"
	"go/token"
	"strings"
)

// stripPackageClause blanks the package clause of a Go file, keeping every
// other byte where it was so that positions in errors still match the file.
func stripPackageClause(src string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
	if err != nil {
		return "", err
	}
	if f.Name == nil {
		return "", errors.New("no package clause")
	}
	end := int(f.Name.End()) - 1 // token.Pos of a one-file set is offset+1
	var b strings.Builder
	for i := 0; i < end; i++ {
		if src[i] == '\n' {
			b.WriteByte('\n')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteString(src[end:])
	return b.String(), nil
}
