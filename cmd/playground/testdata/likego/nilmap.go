// Writing to a nil map.
package main

func main() {
	var counts map[string]int
	counts["a"]++
}
