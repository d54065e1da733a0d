// Package ownfile handles the files the shell reads and writes for
// itself: a file given to :load or :lesson load, the progress and history
// files.
//
// Such a file is named by the learner or lives where anything may have
// happened to it, so Read has a size limit and refuses what is not a
// regular file: /dev/zero, a named pipe no one writes to or a file of
// gigabytes end in a clear error, not in a shell that allocates until it
// dies or waits forever. RemoveStale cleans up the temporary files of
// saves that a kill -9 interrupted.
package ownfile
