// A field of a nil pointer.
package main

import "fmt"

type Node struct {
	V    int
	Next *Node
}

func last(n *Node) int {
	for n.Next != nil {
		n = n.Next
	}
	return n.V
}

func main() {
	fmt.Println(last(&Node{V: 1, Next: &Node{V: 2}}))
	var empty *Node
	fmt.Println(last(empty))
}
