// A method declared on *P is not in the method set of a P: fmt prints a
// P's fields (patch 23).
package main

import "fmt"

type P struct{ X, Y int }

func (p *P) String() string { return fmt.Sprintf("(%d, %d)", p.X, p.Y) }

type E struct{ msg string }

func (e *E) Error() string { return "E: " + e.msg }

type Outer struct{ *P }

type V struct{ n int }

func (v V) String() string { return fmt.Sprint("v", v.n) }

func main() {
	p := P{3, 4}
	fmt.Println(P{3, 4}, p, &p)
	fmt.Printf("%v %s %+v\n", p, &p, p)
	fmt.Println(E{"x"}, &E{"y"})
	var err error = &E{"z"}
	fmt.Println(err)
	fmt.Println(Outer{&p})
	fmt.Println(V{1}, &V{2})
}
