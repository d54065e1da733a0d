// errors.Is finds an error of the program's type in a chain (patch 25).
package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ name string }

func (e NotFound) Error() string { return e.name + ": not found" }

type Many struct{ names []string }

func (m Many) Error() string { return fmt.Sprint(m.names) }

var ErrGone = NotFound{"gone"}

func find(n string) error {
	if n == "gone" {
		return ErrGone
	}
	return fmt.Errorf("find %s: %w", n, NotFound{n})
}

func main() {
	err := find("gone")
	fmt.Println(errors.Is(err, ErrGone), err == ErrGone)
	w := fmt.Errorf("outer: %w", find("a"))
	fmt.Println(errors.Is(w, NotFound{"a"}), errors.Is(w, NotFound{"b"}), errors.Is(w, ErrGone))
	var m error = Many{[]string{"x"}}
	fmt.Println(errors.Is(m, m), errors.Is(fmt.Errorf("%w", m), ErrGone))
	fmt.Println(errors.Is(err, errors.New("gone: not found")))
}
