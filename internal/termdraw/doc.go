// Package termdraw draws small things on a terminal for both sides of the
// playground: the shell (progress of long work such as
// `playground lessons check`) and package pg in the evaluator (the window
// of pg.App, the bars of :timeline). It knows nothing of either.
//
// Its renderers are pure functions of their data, a width in columns and
// whether to colour, so that tests can compare their output with golden
// files; only Bar writes to a terminal itself.
//
// Every glyph it draws is one column wide; labels are cut by runes.
package termdraw
