// T(x), T a type parameter given a type of the standard library or of
// the program (yaegi v0.16.1 took it for a call: "too many arguments",
// or a panic inside its compiler).
package main

import (
	"fmt"
	"os"
	"time"
)

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type Meters int

func Conv[T ~int64](x int) T { return T(x) }

func Scale[T ~float64](x float64, k T) T { return T(x) * k }

func As[T, U ~int | ~int64](u U) T { return T(u) }

func ToMode[T ~uint32](x uint32) T { return T(x) }

func main() {
	d := Conv[time.Duration](5)
	fmt.Println(d, d*time.Millisecond)
	fmt.Println(Scale[Celsius](2.5, 2), Scale(1.5, Celsius(3)))
	fmt.Println(As[Meters, int64](7), As[time.Duration, int](3))
	fmt.Println(ToMode[os.FileMode](0o755))
	var c Celsius = Scale[Celsius](1, 1)
	fmt.Printf("%v %T\n", c, d)
}
