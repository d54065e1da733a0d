// A panic deep in a recursion.
package main

func down(n int) int {
	if n == 0 {
		var s []string
		return len(s[n])
	}
	return down(n-1) + 1
}

func main() {
	println(down(3))
}
