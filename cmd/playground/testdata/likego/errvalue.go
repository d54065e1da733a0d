// A panic with an error value.
package main

import (
	"errors"
	"fmt"
)

func main() {
	err := fmt.Errorf("loading: %w", errors.New("no such thing"))
	panic(err)
}
