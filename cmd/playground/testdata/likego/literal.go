// A panic inside a function literal passed to another function.
package main

func apply(f func(int) int, n int) int { return f(n) }

func main() {
	xs := []int{1, 2}
	r := apply(func(i int) int {
		return xs[i]
	}, 5)
	println(r)
}
