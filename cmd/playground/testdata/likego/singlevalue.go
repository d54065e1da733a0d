// A var of one name given a call of two results: Go refuses it as a
// single value, not as an assignment (mismatch.go).
package main

import (
	"fmt"
	"strconv"
)

var n = strconv.Atoi("3")

func main() {
	fmt.Println(n)
}
