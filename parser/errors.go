package parser

import (
	"cmp"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Error is a mistake in a model or a package, at a position in its source.
// Pos.Filename is absolute when the position is known; [Error.Error] prints
// it relative to the current working directory when it lies below it.
type Error struct {
	Pos token.Position
	Msg string
}

// Error returns "file:line:col: msg", or just msg when the position is
// unknown.
func (e *Error) Error() string {
	if e.Pos.Filename == "" && !e.Pos.IsValid() {
		return e.Msg
	}
	return formatPos(e.Pos) + ": " + e.Msg
}

// ErrorList is a list of [Error]s. The zero value is an empty list ready to
// use.
type ErrorList []*Error

// Add appends an error at pos with the message msg.
func (l *ErrorList) Add(pos token.Position, msg string) {
	*l = append(*l, &Error{Pos: pos, Msg: msg})
}

// Sort sorts the list by file, line, column and message; errors without a
// file come first.
func (l ErrorList) Sort() {
	slices.SortStableFunc(l, compareErrors)
}

// RemoveDuplicates sorts the list and drops errors equal to their
// predecessor in position and message.
func (l *ErrorList) RemoveDuplicates() {
	l.Sort()
	*l = slices.CompactFunc(*l, func(a, b *Error) bool { return compareErrors(a, b) == 0 })
}

// Error returns the errors one per line.
func (l ErrorList) Error() string {
	if len(l) == 0 {
		return "no errors"
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns l as an error, or nil when l is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

func compareErrors(a, b *Error) int {
	return cmp.Or(
		strings.Compare(a.Pos.Filename, b.Pos.Filename),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Column, b.Pos.Column),
		strings.Compare(a.Msg, b.Msg),
	)
}

// formatPos formats p as "file:line:col" with the file relative to the
// working directory when it lies below it. It reads the working directory
// each time; code that formats many positions uses a [posFormatter].
func formatPos(p token.Position) string {
	return newPosFormatter().format(p)
}

// posFormatter formats positions relative to a working directory read
// once: [Load] formats the position of every table and column it reads,
// and a system call for each would cost a tenth of its time.
type posFormatter struct {
	wd string // "" when unknown: paths stay as they are
}

// newPosFormatter returns a posFormatter for the current working
// directory.
func newPosFormatter() posFormatter {
	wd, err := os.Getwd()
	if err != nil {
		return posFormatter{}
	}
	return posFormatter{wd: wd}
}

// format formats p as "file:line:col" with the file relative to the
// working directory when it lies below it.
func (f posFormatter) format(p token.Position) string {
	p.Filename = f.relPath(p.Filename)
	return p.String()
}

// relPath returns name relative to the working directory when name lies
// below it, else name unchanged (as the go command shortens paths).
func (f posFormatter) relPath(name string) string {
	if f.wd == "" || !filepath.IsAbs(name) {
		return name
	}
	rel, err := filepath.Rel(f.wd, name)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return name
	}
	return rel
}
