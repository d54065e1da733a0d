package main

import "fmt"

func main() {
	fmt.Println("out")
	println(1, 1.5, -0.0, 3e20, true, "s", 'a', uint8(7))
	print("a", "b", 2, "\n")
	var p *int
	println(p, 1e-7, float32(2.25), complex(1, -2))
	var e error
	println(e == nil)
}
