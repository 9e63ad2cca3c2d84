// Package revtext renders what schemagen prints about revisions, the same
// for the CLI, which reads the migration files, and for migrate.Main, which
// runs in a program built around them: the history graph and the current
// revisions. It imports nothing of schemagen's, so that the runtime
// (package migrate) can use it.
package revtext

import (
	"fmt"
	"slices"
	"strings"
)

// Rev is one revision as the texts show it.
type Rev struct {
	Revision string
	Parents  []string
	Message  string
	// File names the migration's file, shown by History when verbose.
	File string
	// HasChildren says that revisions left out of History's revs (a
	// range) descend from this one: it is no head.
	HasChildren bool
}

// History renders revs, which are in graph order (each after its
// parents), newest first, one line per revision (two when verbose, the
// second naming the parents and the file), with lanes drawn as in `git
// log --graph`: "*" marks a revision, "|" a lane passing by, "|\" a
// merge's second parent opening a lane, "|/" two lanes meeting at a
// branch point. Tags mark the heads, the revisions in current, the bases
// and the merges. revs may be part of a graph (a range): lanes join only
// parents among revs, and the tags are those of the whole graph (a
// revision whose parents were left out is no base, nor one whose
// children were left out a head: see [Rev.HasChildren]).
func History(revs []Rev, current []string, verbose bool) []string {
	isParent := map[string]bool{}
	shown := map[string]bool{}
	for i := range revs {
		shown[revs[i].Revision] = true
		for _, p := range revs[i].Parents {
			isParent[p] = true
		}
	}
	var lanes []string // the revision each lane waits for
	var out []string
	row := func(mark func(i int) string) string {
		var b strings.Builder
		for i := range lanes {
			b.WriteString(mark(i))
			b.WriteByte(' ')
		}
		return b.String()
	}
	for i := len(revs) - 1; i >= 0; i-- {
		n := &revs[i]
		rev := n.Revision
		col := slices.Index(lanes, rev)
		if col < 0 {
			lanes = append(lanes, rev)
			col = len(lanes) - 1
		}
		// Other lanes waiting for rev join it here.
		for {
			j := slices.Index(lanes[col+1:], rev)
			if j < 0 {
				break
			}
			j += col + 1
			out = append(out, connector(len(lanes), j, '/'))
			lanes = slices.Delete(lanes, j, j+1)
		}
		var tags []string
		if !isParent[rev] && !n.HasChildren {
			tags = append(tags, "(head)")
		}
		if slices.Contains(current, rev) {
			tags = append(tags, "(current)")
		}
		if len(n.Parents) == 0 {
			tags = append(tags, "(base)")
		}
		if len(n.Parents) > 1 {
			tags = append(tags, "(merge)")
		}
		line := row(func(i int) string {
			if i == col {
				return "*"
			}
			return "|"
		}) + rev
		if len(tags) > 0 {
			line += " " + strings.Join(tags, " ")
		}
		if n.Message != "" {
			line += " " + n.Message
		}
		out = append(out, line)
		if verbose {
			detail := fmt.Sprintf("parents: %s; file: %s", RevList(n.Parents), n.File)
			out = append(out, strings.TrimRight(row(func(i int) string {
				if i == col && len(inGraph(n.Parents, shown)) == 0 {
					return " "
				}
				return "|"
			}), " ")+"   "+detail)
		}
		// The lane now waits for the first parent; further parents open
		// lanes to its right.
		switch parents := inGraph(n.Parents, shown); len(parents) {
		case 0:
			lanes = slices.Delete(lanes, col, col+1)
		default:
			lanes[col] = parents[0]
			for _, p := range parents[1:] {
				if slices.Contains(lanes, p) {
					continue
				}
				lanes = slices.Insert(lanes, col+1, p)
				out = append(out, connector(len(lanes), col+1, '\\'))
			}
		}
	}
	return out
}

// inGraph returns the revisions of revs that shown holds.
func inGraph(revs []string, shown map[string]bool) []string {
	var out []string
	for _, r := range revs {
		if shown[r] {
			out = append(out, r)
		}
	}
	return out
}

// RevList returns revs separated by commas, or "base (no revision)" when
// there are none.
func RevList(revs []string) string {
	if len(revs) == 0 {
		return "base (no revision)"
	}
	return strings.Join(revs, ", ")
}

// Current renders the revisions a database is at, one line each with its
// message, "(head)" marking those in heads; "base (no revision
// applied)" when there are none. message returns a revision's message.
func Current(current, heads []string, message func(rev string) string) []string {
	if len(current) == 0 {
		return []string{"base (no revision applied)"}
	}
	var out []string
	for _, rev := range current {
		mark := ""
		if slices.Contains(heads, rev) {
			mark = " (head)"
		}
		out = append(out, fmt.Sprintf("%s%s %s", rev, mark, message(rev)))
	}
	return out
}

// connector draws the line where lane k of n lanes joins the lane on its
// left (ch '/') or opens from it (ch '\\'): lanes left of k keep their
// '|', lane k and the lanes right of it are drawn slanting between two
// columns.
func connector(n, k int, ch byte) string {
	b := []byte(strings.Repeat(" ", 2*n))
	for i := 0; i < n; i++ {
		if i < k {
			b[2*i] = '|'
		} else {
			b[2*i-1] = ch
		}
	}
	return strings.TrimRight(string(b), " ")
}
