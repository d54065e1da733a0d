// Map entries assigned from calls of several results.
package main

import (
	"fmt"
	"strconv"
)

func split(s string) (string, string) { return s[:1], s[1:] }

func main() {
	m := map[string]int{}
	var err error
	m["n"], err = strconv.Atoi("42")
	names := map[int]string{}
	names[1], names[2] = split("go")
	fmt.Println(m, err, names, len(names))
}
