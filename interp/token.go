package interp

import (
	"crypto/rand"
	"encoding/hex"
)

// newToken returns a random name for one session's processes.
func newToken() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
