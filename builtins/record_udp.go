package builtins

// record_udp.go: what a UDP socket's reader is doing now, so that a
// lesson's check can tell a server loop that outlives an idle spell from
// one that ends at its first timeout.

// Waiting reports whether a RecvFrom waits on u now and, if one does,
// whether its wait has a time limit (the socket's timeout when it
// began). A server loop that waits with a limit gets a timeout error
// when nothing arrives in time: it must go on after it, or wait with no
// limit (u.SetTimeout(0)).
//
//	waiting, limited := u.Waiting()
func (u *UDPConn) Waiting() (waiting, limited bool) {
	u.rgate.mu.Lock()
	defer u.rgate.mu.Unlock()
	waiting = u.rgate.waiting > 0
	return waiting, waiting && u.rgate.hasDeadline
}
