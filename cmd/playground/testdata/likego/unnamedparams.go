package main

import "fmt"

type T struct{ n int }

func (T) Name(int, string) string { return "T" }
func (t T) Add(int, m int) int    { return t.n + m }
func (t *T) Set(_ int, v int)     { t.n = v }

func two(int, int) (int, string) { x := 7; return x, "s" }

func main() {
	var t T
	t.Set(0, 4)
	fmt.Println(t.Name(1, "a"), t.Add(1, 2), t.n)
	fmt.Println(two(1, 2))
	h := func(string) func(int) int { k := 10; return func(int) int { return k } }
	fmt.Println(h("x")(3))
	ch := make(chan int)
	go func(chan int, int) { ch <- 9 }(ch, 1)
	fmt.Println(<-ch)
}
