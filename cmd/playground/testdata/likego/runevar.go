// A package-level variable of a rune literal is an int32 (patch 24).
package main

import "fmt"

var r = 'b'

const c = 'x'

var s = c

func main() {
	n := 'q'
	fmt.Printf("%T %T %T %v %c\n", r, s, n, s+1, r)
	var e rune = r
	fmt.Println(e, r == 'b')
}
