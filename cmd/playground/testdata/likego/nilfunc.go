// Calling a nil func value.
package main

func main() {
	var hook func()
	hook()
}
