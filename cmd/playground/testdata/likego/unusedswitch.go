// The variable of a type switch that no case uses is an error in Go, said
// in its own words ("t declared and not used"); a variable only assigned
// to is not used either.
package main

import "fmt"

func kind(v any) string {
	switch t := v.(type) {
	case int:
		return "int"
	}
	return "other"
}

func main() {
	n := 0
	n = 3
	fmt.Println(kind(1))
}
