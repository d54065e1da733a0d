package interp

// The print and println built-ins as the gc toolchain's runtime (Go 1.26,
// runtime/print.go) writes them: to standard error, numbers as strconv
// formats them ('g', shortest), pointers and a slice's array in
// hexadecimal, and for print no space between operands. yaegi v0.16.1
// wrote them to standard output with fmt's %v, spaced.

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
)

// gcPrint writes args as the runtime's print (ln false) or println does.
func gcPrint(w io.Writer, args []reflect.Value, ln bool) {
	var b []byte
	for i, v := range args {
		if ln && i > 0 {
			b = append(b, ' ')
		}
		b = appendPrinted(b, v)
	}
	if ln {
		b = append(b, '\n')
	}
	w.Write(b)
}

// appendPrinted appends v as the runtime prints a value of its kind.
func appendPrinted(b []byte, v reflect.Value) []byte {
	if !v.IsValid() {
		return append(b, "nil"...)
	}
	switch v.Kind() {
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.AppendUint(b, v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.AppendFloat(b, v.Float(), 'g', -1, v.Type().Bits())
	case reflect.Complex64, reflect.Complex128:
		return append(b, strconv.FormatComplex(v.Complex(), 'g', -1, v.Type().Bits())...)
	case reflect.String:
		return append(b, v.String()...)
	case reflect.Pointer, reflect.Chan, reflect.Map, reflect.Func, reflect.UnsafePointer:
		return appendHex(b, uint64(v.Pointer()))
	case reflect.Slice:
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(v.Len()), 10)
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(v.Cap()), 10)
		b = append(b, ']')
		return appendHex(b, uint64(v.Pointer()))
	case reflect.Interface:
		if v.IsNil() {
			return append(b, "(0x0,0x0)"...)
		}
		return appendPrinted(b, v.Elem())
	}
	// Go refuses other operands when it compiles; yaegi lets them through.
	return fmt.Appendf(b, "%v", v)
}

func appendHex(b []byte, u uint64) []byte {
	b = append(b, "0x"...)
	return strconv.AppendUint(b, u, 16)
}
