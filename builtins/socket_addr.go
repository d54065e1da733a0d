package builtins

// socket_addr.go: which networks each call takes, and the rule that an
// address without a host means this machine's loopback interface.

import (
	"net"
	"strings"
)

// loopbackAddr gives addr a host when it has none: "" and ":0" become
// "127.0.0.1:0", ":8080" and "8080" become "127.0.0.1:8080" (for tcp6
// and udp6, "[::1]:8080"). A learner's listener is then reachable from
// this machine only; another interface is used only when the address
// names it ("0.0.0.0:8080", "192.168.1.5:8080"). Unix socket paths are
// left alone.
func loopbackAddr(network, addr string) string {
	if sockIsUnix(network) {
		return addr
	}
	if addr == "" {
		addr = ":0"
	} else if sockDigits(addr) {
		addr = ":" + addr
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host != "" {
		return addr // net reports what is wrong with it
	}
	host = "127.0.0.1"
	if strings.HasSuffix(network, "6") {
		host = "::1"
	}
	return net.JoinHostPort(host, port)
}

func sockIsUnix(network string) bool {
	return network == "unix" || network == "unixgram" || network == "unixpacket"
}

func sockDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// sockNetworkOK reports whether op takes network.
func sockNetworkOK(op, network string) bool {
	switch op {
	case "pg.Listen":
		switch network {
		case "tcp", "tcp4", "tcp6", "unix":
			return true
		}
	case "pg.Dial":
		switch network {
		case "tcp", "tcp4", "tcp6", "unix", "udp", "udp4", "udp6":
			return true
		}
	}
	return false
}

// sockAddrString is a's text, or "(unnamed)" for the unnamed end of a unix
// connection.
func sockAddrString(a net.Addr) string {
	if a == nil {
		return "(unnamed)"
	}
	s := a.String()
	if s == "" || s == "@" {
		return "(unnamed)"
	}
	return s
}
