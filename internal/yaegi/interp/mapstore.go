package interp

import "reflect"

// genMapStore returns, for a map entry c (m[k]) that receives one of a
// call's several results, how to store the value in the map; nil for any
// other destination. (v0.16.1 set a copy of the entry: x, m[k] = f() left
// the map as it was.)
func genMapStore(c *node) func(*frame, reflect.Value) {
	if !isMapEntry(c) {
		return nil
	}
	m := genValue(c.child[0])
	key := genValue(c.child[1])
	if isInterfaceSrc(c.child[1].typ) {
		key = genValueInterface(c.child[1])
	}
	return func(f *frame, v reflect.Value) { m(f).SetMapIndex(key(f), v) }
}
