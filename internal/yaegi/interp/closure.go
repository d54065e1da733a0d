package interp

import "unsafe"

// closurePointer returns what identifies one closure among those of the
// same function: a func value is a pointer to its closure record.
func closurePointer(fn bltn) uintptr {
	return uintptr(*(*unsafe.Pointer)(unsafe.Pointer(&fn)))
}
