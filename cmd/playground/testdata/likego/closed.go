// Closing a channel twice.
package main

func main() {
	done := make(chan struct{})
	close(done)
	close(done)
}
