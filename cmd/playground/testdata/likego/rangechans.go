package main

import "fmt"

func merge(chans ...chan int) int {
	total := 0
	for _, ch := range chans {
		total += <-ch
	}
	return total
}

func main() {
	a, b := make(chan int, 1), make(chan int, 1)
	a <- 1
	b <- 2
	fmt.Println(merge(a, b))
	cs := []chan int{a, b}
	a <- 3
	b <- 4
	for _, c := range cs {
		fmt.Println(<-c)
	}
}
