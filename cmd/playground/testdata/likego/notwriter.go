// A value of a type of the program without the method an interface of
// the standard library wants: Go refuses it, naming the method.
package main

import (
	"fmt"
	"io"
	"strings"
)

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

func main() {
	var c Celsius = 3
	fmt.Println(c)
	io.Copy(c, strings.NewReader("x"))
}
