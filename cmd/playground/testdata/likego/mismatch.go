// One variable given a call of two results: Go refuses the program.
package main

import (
	"fmt"
	"strconv"
)

func main() {
	n := strconv.Atoi("3")
	fmt.Println(n)
}
