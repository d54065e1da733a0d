package main

import (
	"fmt"
	"syscall"

	"pg"
)

func try(what string, f func()) {
	defer func() { fmt.Println(what+":", recover()) }()
	f()
}

func main() {
	ch := pg.Notify(syscall.SIGUSR1)
	syscall.Kill(syscall.Getpid(), syscall.SIGUSR1)
	fmt.Println("caught:", <-ch)

	pg.StopNotify(ch)
	_, open := <-ch
	fmt.Println("open after StopNotify:", open)

	try("SIGKILL", func() { pg.Notify(syscall.SIGKILL) })
	try("nothing", func() { pg.Notify() })
}

// Output:
// caught: user defined signal 1
// open after StopNotify: false
// SIGKILL: pg.Notify: killed (SIGKILL) cannot be caught: the kernel never lets a process catch, block or ignore SIGKILL and SIGSTOP
// nothing: pg.Notify: name the signals to catch, as in pg.Notify(syscall.SIGUSR1)
