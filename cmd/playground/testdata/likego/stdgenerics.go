// Generic functions and types of the standard library that yaegi's
// library has no compiled form of, or could not infer the types of.
package main

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type Config struct{ Version int }

func main() {
	fmt.Println(cmp.Or(0, 3), cmp.Or("", "default"), cmp.Less(1, 2))

	fmt.Println(len(slices.Clip(make([]int, 2, 5))), cap(slices.Grow([]int{1}, 10)) >= 11)
	fmt.Println(slices.Replace([]int{1, 2, 3}, 0, 1, 9, 9), slices.CompactFunc([]string{"a", "A", "b"}, strings.EqualFold))
	byLen := func(a, b string) int { return len(a) - len(b) }
	fmt.Println(slices.IsSortedFunc([]string{"a", "bb"}, byLen))
	fmt.Println(slices.BinarySearchFunc([]string{"a", "bb", "ccc"}, 2, func(s string, n int) int { return len(s) - n }))
	fmt.Println(maps.EqualFunc(map[string]int{"a": 1}, map[string]string{"a": "1"}, func(n int, s string) bool { return fmt.Sprint(n) == s }))

	// A configuration swapped while readers load it.
	var cfg atomic.Pointer[Config]
	fmt.Println(cfg.Load() == nil)
	cfg.Store(&Config{Version: 1})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				old := cfg.Load()
				if cfg.CompareAndSwap(old, &Config{Version: old.Version + 1}) {
					return
				}
			}
		}()
	}
	wg.Wait()
	fmt.Println(cfg.Load().Version, cfg.Swap(nil).Version, cfg.Load() == nil)

	n, d := rand.N(10), rand.N(time.Second)
	fmt.Println(n >= 0 && n < 10, d >= 0 && d < time.Second)
	fmt.Printf("%T %T\n", n, d)

	err := fmt.Errorf("loading: %w", &os.PathError{Op: "open", Path: "config.json", Err: os.ErrNotExist})
	if pe, ok := errors.AsType[*os.PathError](err); ok {
		fmt.Println(pe.Path)
	}
	_, ok := errors.AsType[*os.LinkError](err)
	fmt.Println(ok)
}
