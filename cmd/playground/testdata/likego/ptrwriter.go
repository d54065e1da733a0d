// A method declared on *T is not in the method set of a T: Go refuses a
// T where an interface wants that method.
package main

import (
	"fmt"
	"io"
	"strings"
)

type Sink struct{ n int }

func (s *Sink) Write(p []byte) (int, error) {
	s.n += len(p)
	return len(p), nil
}

func main() {
	var s Sink
	io.Copy(&s, strings.NewReader("abc"))
	fmt.Println(s.n)
	io.Copy(s, strings.NewReader("abc"))
}
