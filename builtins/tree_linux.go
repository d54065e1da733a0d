package builtins

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"net"
	"os"
	"strconv"
	"strings"
)

// osProcs reads every process from /proc: pid, parent, state and name.
func osProcs() map[int]osProc {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	table := make(map[int]osProc, len(entries))
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if p, ok := readStat("/proc/" + e.Name() + "/stat"); ok {
			p.pid = pid
			table[pid] = p
		}
	}
	return table
}

// readStat reads a /proc stat file: "pid (comm) state ppid ...". The
// name may hold spaces and parentheses, so the fields after it are found
// from the last ')'.
func readStat(path string) (osProc, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return osProc{}, false
	}
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return osProc{}, false
	}
	f := strings.Fields(string(b[end+1:]))
	if len(f) < 2 {
		return osProc{}, false
	}
	ppid, _ := strconv.Atoi(f[1])
	return osProc{comm: string(b[open+1 : end]), state: f[0], ppid: ppid}, true
}

// readProcState reads one process's line of /proc.
func readProcState(pid int) (osProc, bool) {
	p, ok := readStat("/proc/" + strconv.Itoa(pid) + "/stat")
	p.pid = pid
	return p, ok
}

// procArgv reads a process's arguments from /proc; nil if it cannot
// (a zombie has none).
func procArgv(pid int) []string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil || len(b) == 0 {
		return nil
	}
	return strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
}

// countSockets counts the sockets among a process's open files; -1 if
// they cannot be read.
func countSockets(pid int) int {
	dir := "/proc/" + strconv.Itoa(pid) + "/fd"
	entries, err := os.ReadDir(dir)
	if err != nil {
		return -1
	}
	n := 0
	for _, e := range entries {
		if target, err := os.Readlink(dir + "/" + e.Name()); err == nil && strings.HasPrefix(target, "socket:") {
			n++
		}
	}
	return n
}

// osThreads lists the evaluator's threads from /proc/self/task.
func osThreads() []treeThread {
	entries, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return nil
	}
	var threads []treeThread
	for _, e := range entries {
		tid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		th := treeThread{TID: tid}
		if p, ok := readStat("/proc/self/task/" + e.Name() + "/stat"); ok {
			th.State = p.stateWord()
		}
		threads = append(threads, th)
	}
	return threads
}

// procSockets describes the sockets a process has open, as the OS lists
// them in /proc/net: "tcp 0.0.0.0:8000 listening", "tcp 127.0.0.1:41234 →
// 127.0.0.1:8000 open", "unix /tmp/app.sock". Sockets it cannot find
// there are left out.
func procSockets(pid int) []string {
	dir := "/proc/" + strconv.Itoa(pid) + "/fd"
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var inodes []string
	for _, e := range entries {
		target, err := os.Readlink(dir + "/" + e.Name())
		if inode, ok := strings.CutPrefix(target, "socket:["); err == nil && ok {
			inodes = append(inodes, strings.TrimSuffix(inode, "]"))
		}
	}
	if len(inodes) == 0 {
		return nil
	}
	known := netSockets(pid)
	var out []string
	for _, inode := range inodes {
		if d, ok := known[inode]; ok {
			out = append(out, d)
		}
	}
	return out
}

// tcpStates names the states of /proc/net/tcp's st column.
var tcpStates = map[string]string{
	"01": "open", "02": "connecting", "03": "connecting", "04": "closing", "05": "closing",
	"06": "time wait", "07": "closed", "08": "closing", "09": "closing", "0A": "listening", "0B": "closing",
}

// netSockets reads the process's network namespace's sockets, by inode.
func netSockets(pid int) map[string]string {
	base := "/proc/" + strconv.Itoa(pid) + "/net/"
	known := map[string]string{}
	for _, proto := range []string{"tcp", "tcp6", "udp", "udp6"} {
		b, err := os.ReadFile(base + proto)
		if err != nil {
			continue
		}
		lines := strings.Split(string(b), "\n")
		for _, line := range lines[1:] {
			f := strings.Fields(line)
			if len(f) < 10 {
				continue
			}
			local, remote, st, inode := procNetAddr(f[1]), procNetAddr(f[2]), f[3], f[9]
			name := strings.TrimSuffix(proto, "6")
			switch {
			case name == "udp":
				known[inode] = name + " " + local
			case st == "0A":
				known[inode] = name + " " + local + " listening"
			default:
				state := tcpStates[st]
				if state == "" {
					state = "state " + st
				}
				known[inode] = name + " " + local + " → " + remote + " " + state
			}
		}
	}
	if b, err := os.ReadFile(base + "unix"); err == nil {
		lines := strings.Split(string(b), "\n")
		for _, line := range lines[1:] {
			f := strings.Fields(line)
			if len(f) < 7 {
				continue
			}
			d := "unix"
			if len(f) > 7 {
				d += " " + f[7]
			}
			known[f[6]] = d
		}
	}
	return known
}

// procNetAddr reads an address of /proc/net/tcp: "0100007F:1F90" is
// 127.0.0.1:8080 (the address in the host's byte order, 32 bits at a
// time; the port in hex).
func procNetAddr(s string) string {
	hexIP, hexPort, ok := strings.Cut(s, ":")
	if !ok {
		return s
	}
	port, err := strconv.ParseUint(hexPort, 16, 16)
	if err != nil {
		return s
	}
	raw, err := hex.DecodeString(hexIP)
	if err != nil || len(raw)%4 != 0 {
		return s
	}
	ip := make(net.IP, len(raw))
	for i := 0; i < len(raw); i += 4 {
		w := binary.NativeEndian.Uint32(raw[i : i+4])
		binary.BigEndian.PutUint32(ip[i:], w)
	}
	if v4 := ip.To4(); v4 != nil {
		ip = v4
	}
	return net.JoinHostPort(ip.String(), strconv.FormatUint(port, 10))
}
