// Package lessons is the playground's lesson engine: the lesson format
// (Markdown with a YAML front matter, one file a lesson), its parser, the
// checks that decide when a learner has done a step, the tutor that walks
// a learner through a lesson, the progress store, and the verifier behind
// `playground lessons check`. The lessons themselves are data under
// content/, embedded in the binary; lessons/README.md documents the format.
//
// The package runs no Go code itself: it talks to the learner's session
// through the Session interface, which package shell implements.
package lessons
