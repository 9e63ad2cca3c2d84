package migrate

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/change"
)

// ChangeError is one problem that [Set.Validate] finds in a change that a
// migration records.
type ChangeError struct {
	// Revision is the migration's revision.
	Revision string
	// Pos is where the migration was added to its set, "file.go:12", or
	// its file alone; empty when unknown.
	Pos string
	// Func is "Upgrade" or "Downgrade": the function that records the
	// change.
	Func string
	// Change describes the change, as [change.Describe] does; empty when the
	// function panicked before its changes were all recorded.
	Change string
	// Err is a [*schema.FragmentError], a [*change.NameError], or the
	// panic of the function.
	Err error
}

// Error implements the error interface.
func (e *ChangeError) Error() string {
	where := "revision " + e.Revision
	if e.Pos != "" {
		where = e.Pos + ": " + where
	}
	if e.Change == "" {
		return fmt.Sprintf("%s, %s: %v", where, e.Func, e.Err)
	}
	return fmt.Sprintf("%s, %s, %s: %v", where, e.Func, e.Change, e.Err)
}

// Unwrap returns Err.
func (e *ChangeError) Unwrap() error { return e.Err }

// ValidationError lists every problem that [Set.Validate] finds in the
// changes of a set's migrations, in the order of the migrations and of
// their changes.
type ValidationError struct {
	Problems []*ChangeError
}

// Error implements the error interface: one line per problem.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "migrate: the migrations are refused before anything runs (%d problem", len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	b.WriteString("):")
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap returns the problems, for [errors.As].
func (e *ValidationError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

// Validate checks the set as [New] does before anything runs: the
// revision graph ([Set.Graph]), and every change that each migration's
// Upgrade and Downgrade record — every SQL fragment by [schema.CheckFragment]
// and every identifier by [schema.CheckIdentifier] (empty, NUL, or over
// [schema.MaxIdentifierLength] bytes). It runs each migration function
// once to record its changes; a function that panics is a problem too.
// The SQL of [Op.Execute] is not checked: it is the raw door, run as
// written; the effects it declares ([Op.ExecuteAs]) are, as the changes
// they are, and must be schema changes. Validate returns nil, the
// graph's error, a [*ValidationError] listing every problem of the
// changes, or both joined.
func (s *Set) Validate() error {
	_, err := s.validate()
	return err
}

// validate is [Set.Validate], returning the graph too when it is valid.
func (s *Set) validate() (*Graph, error) {
	g, gerr := s.Graph()
	var v ValidationError
	for _, m := range s.migrations {
		for _, fn := range []struct {
			name string
			f    func(*Op)
		}{{"Upgrade", m.Upgrade}, {"Downgrade", m.Downgrade}} {
			changes, err := recordChecked(fn.f)
			if err != nil {
				v.Problems = append(v.Problems, &ChangeError{Revision: m.Revision, Pos: m.pos(), Func: fn.name, Err: err})
				continue
			}
			for _, c := range changes {
				for _, err := range change.Problems(c) {
					v.Problems = append(v.Problems, &ChangeError{Revision: m.Revision, Pos: m.pos(), Func: fn.name, Change: change.Describe(c), Err: err})
				}
			}
		}
	}
	if len(v.Problems) == 0 {
		return g, gerr
	}
	return nil, errors.Join(gerr, &v)
}

// recordChecked is [Record], which returns the panic of fn as an error.
func recordChecked(fn func(*Op)) (changes []change.Change, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the function panicked while recording its changes: %v", r)
		}
	}()
	return Record(fn), nil
}

// pos returns "file:line" where m was added, its file alone, or "".
func (m *Migration) pos() string {
	if m.File != "" && m.Line > 0 {
		return m.File + ":" + strconv.Itoa(m.Line)
	}
	return m.File
}
