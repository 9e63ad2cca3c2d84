package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/migrate"
)

// drawHistory renders the graph newest first, one line per revision, with
// lanes drawn as in `git log --graph`: "*" marks a revision, "|" a lane
// passing by, "|\" a merge's second parent opening a lane, "|/" two lanes
// meeting at a branch point.
func drawHistory(g *migrate.Graph, current []string, verbose bool, files map[string]string) []string {
	order := g.Order()
	slices.Reverse(order)
	heads := g.Heads()
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
	for _, rev := range order {
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
		n, _ := g.Node(rev)
		var tags []string
		if slices.Contains(heads, rev) {
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
			detail := fmt.Sprintf("parents: %s; file: %s", revList(n.Parents), files[rev])
			out = append(out, strings.TrimRight(row(func(i int) string {
				if i == col && len(n.Parents) == 0 {
					return " "
				}
				return "|"
			}), " ")+"   "+detail)
		}
		// The lane now waits for the first parent; further parents open
		// lanes to its right.
		switch len(n.Parents) {
		case 0:
			lanes = slices.Delete(lanes, col, col+1)
		default:
			lanes[col] = n.Parents[0]
			for _, p := range n.Parents[1:] {
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
