// A name that is not defined.
package main

import "fmt"

func main() {
	count := 3
	fmt.Println(count, cuont)
}
