// Slicing a string with its bounds the wrong way round.
package main

import "fmt"

func main() {
	s := "abcdef"
	i, j := 4, 2
	fmt.Println(s[j:i])
	fmt.Println(s[i:j])
}
