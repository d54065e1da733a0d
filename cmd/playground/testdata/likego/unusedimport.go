// An import the program does not use is an error in Go, at the import;
// yaegi ran it. The first of several is reported first.
package main

import (
	"fmt"
	"os"
	str "strings"
	"time"
)

func main() {
	fmt.Println(time.Second)
}
