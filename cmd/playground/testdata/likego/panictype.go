// An unrecovered panic with an error of the program's type: Go prints
// what its Error method says (patch 21).
package main

type NotFound struct{ name string }

func (e NotFound) Error() string { return e.name + ": not found" }

func lookup(name string) {
	panic(NotFound{name})
}

func main() {
	lookup("config")
}
