package emitter

import (
	"strings"
	"unicode/utf8"
)

// Generated lines stay within lineWidth columns, a tab counting as
// tabWidth columns (gofmt's alignment padding included), unless a single
// string literal is longer than the room left: a call whose arguments do
// not fit puts a composite literal's fields one per line, or each
// argument on a line of its own, and comments wrap at word boundaries.
const (
	lineWidth = 100
	tabWidth  = 4
)

// node is a Go expression that [layout] can spread over several lines.
type node interface {
	// flat renders the node on one line.
	flat() string
}

// atom is an expression that is never broken: a literal, a name.
type atom string

func (a atom) flat() string { return string(a) }

// lit is a composite literal.
type lit struct {
	// typ is the literal's type as written, such as "migrate.Column",
	// "&migrate.PrimaryKey" or "[]string"; "" for an element of a slice
	// literal, whose type is implied.
	typ   string
	elems []elem
	// broken puts the elements one per line even when the literal would
	// fit on one line (when it has any).
	broken bool
	// oneLine caches flat's result; layout asks for it at every level.
	oneLine string
}

// elem is an element of a composite literal: a field ("Name: x") or,
// with an empty key, a value.
type elem struct {
	key string
	val node
}

func (l *lit) flat() string {
	if l.oneLine == "" {
		parts := make([]string, len(l.elems))
		for i, e := range l.elems {
			parts[i] = e.flat()
		}
		l.oneLine = l.typ + "{" + strings.Join(parts, ", ") + "}"
	}
	return l.oneLine
}

func (e elem) flat() string {
	if e.key == "" {
		return e.val.flat()
	}
	return e.key + ": " + e.val.flat()
}

// atoms reports whether every element is an atom without a key, as in a
// []string literal: such a literal is filled, several elements a line.
func (l *lit) atoms() bool {
	for _, e := range l.elems {
		if _, ok := e.val.(atom); !ok || e.key != "" {
			return false
		}
	}
	return true
}

// callExpr is a call expression, fun(args...).
type callExpr struct {
	fun  string
	args []node
	// lead, when the call must be broken and its first lead arguments
	// fit on the first line, keeps them there and puts each of the rest
	// on a line of its own, as in op.AlterEnum(name, from, to,\n
	// column,\n column,\n).
	lead int
	// broken breaks the call even when it would fit on one line.
	broken bool
	// oneLine caches flat's result.
	oneLine string
}

func (c *callExpr) flat() string {
	if c.oneLine == "" {
		parts := make([]string, len(c.args))
		for i, a := range c.args {
			parts[i] = a.flat()
		}
		c.oneLine = c.fun + "(" + strings.Join(parts, ", ") + ")"
	}
	return c.oneLine
}

// funcLit is the function literal of an op call that takes a migration
// function, op.ExecuteAs's effects: func(op *migrate.Op) {...}, its calls
// one per line. It is always broken.
type funcLit struct {
	calls []node
	// oneLine caches flat's result.
	oneLine string
}

// funcLitHead opens a [funcLit].
const funcLitHead = "func(op *migrate.Op) {"

func (f *funcLit) flat() string {
	if f.oneLine == "" {
		parts := make([]string, len(f.calls))
		for i, c := range f.calls {
			parts[i] = c.flat()
		}
		f.oneLine = funcLitHead + " " + strings.Join(parts, "; ") + " }"
	}
	return f.oneLine
}

// layoutFunc renders f broken: its head, each call on a line of its own
// one tab further than indent, and "}" at indent.
func layoutFunc(f *funcLit, indent, width int) string {
	var b strings.Builder
	b.WriteString(funcLitHead + "\n")
	in := strings.Repeat("\t", indent+1)
	for _, c := range f.calls {
		b.WriteString(in + layout(c, indent+1, (indent+1)*tabWidth, 0, width) + "\n")
	}
	b.WriteString(strings.Repeat("\t", indent) + "}")
	return b.String()
}

// layout renders n as Go source that starts at column col of a line
// indented indent tabs and is followed on its last line by trail more
// columns (a comma, a parenthesis). It keeps n on one line when that
// fits in width, and otherwise breaks it as gofmt would lay out a long
// expression by hand.
func layout(n node, indent, col, trail, width int) string {
	flat := n.flat()
	if col+columns(flat)+trail <= width && !mustBreak(n) {
		return flat
	}
	return layoutBroken(n, indent, col, width)
}

// layoutBroken renders n broken, whether or not it fits on one line.
func layoutBroken(n node, indent, col, width int) string {
	switch n := n.(type) {
	case *lit:
		if len(n.elems) > 0 {
			return layoutLit(n, indent, width)
		}
	case *callExpr:
		return layoutCall(n, indent, col, width)
	case *funcLit:
		return layoutFunc(n, indent, width)
	}
	return n.flat()
}

// flatElems reports which elements of l, laid out one per line from
// column start, stay on their line. gofmt aligns the values of a run of
// consecutive one-line fields after the run's longest key, so a field
// that fits alone may not fit padded: it is broken, which ends the run
// and may let the others fit, until nothing changes.
func flatElems(l *lit, start, width int) []bool {
	flat := make([]bool, len(l.elems))
	keyWidth := func(e elem) int {
		if e.key == "" {
			return 0
		}
		return columns(e.key) + 2
	}
	for i, e := range l.elems {
		flat[i] = !mustBreak(e.val) && start+keyWidth(e)+columns(e.val.flat())+1 <= width
	}
	for changed := true; changed; {
		changed = false
		for i := 0; i < len(l.elems); {
			if !flat[i] || l.elems[i].key == "" {
				i++
				continue
			}
			j, pad := i, 0
			for ; j < len(l.elems) && flat[j] && l.elems[j].key != ""; j++ {
				pad = max(pad, keyWidth(l.elems[j]))
			}
			for k := i; k < j; k++ {
				if start+pad+columns(l.elems[k].val.flat())+1 > width {
					flat[k] = false
					changed = true
				}
			}
			i = j
		}
	}
	return flat
}

// mustBreak reports whether n or a node inside it is marked broken.
func mustBreak(n node) bool {
	switch n := n.(type) {
	case *lit:
		if n.broken && len(n.elems) > 0 {
			return true
		}
		for _, e := range n.elems {
			if mustBreak(e.val) {
				return true
			}
		}
	case *callExpr:
		if n.broken {
			return true
		}
		for _, a := range n.args {
			if mustBreak(a) {
				return true
			}
		}
	case *funcLit:
		return true
	}
	return false
}

// layoutLit renders l broken: "typ{", the elements, "}" at indent.
func layoutLit(l *lit, indent, width int) string {
	var b strings.Builder
	b.WriteString(l.typ + "{\n")
	in := strings.Repeat("\t", indent+1)
	start := (indent + 1) * tabWidth
	if l.atoms() && !l.broken {
		// Fill the lines, several values each.
		line := ""
		for _, e := range l.elems {
			v := e.val.flat()
			if line != "" && start+columns(line)+2+columns(v)+1 > width {
				b.WriteString(in + line + ",\n")
				line = ""
			}
			if line != "" {
				line += ", "
			}
			line += v
		}
		b.WriteString(in + line + ",\n")
	} else {
		flat := flatElems(l, start, width)
		for i, e := range l.elems {
			b.WriteString(in)
			col := start
			if e.key != "" {
				b.WriteString(e.key + ": ")
				col += columns(e.key) + 2
			}
			if flat[i] {
				b.WriteString(e.val.flat())
			} else {
				b.WriteString(layoutBroken(e.val, indent+1, col, width))
			}
			b.WriteString(",\n")
		}
	}
	b.WriteString(strings.Repeat("\t", indent) + "}")
	return b.String()
}

// layoutCall renders c broken. A call whose last argument is a function
// literal and whose other arguments are atoms keeps them on the first
// line and breaks the function. A call whose last argument is a composite
// literal and whose other arguments are atoms keeps them on the first
// line and breaks the literal: op.AddColumn("t", schema.Column{\n...\n}).
// A call of one atom cannot be broken usefully and stays as it is.
// Otherwise each argument goes on a line of its own, after the first
// c.lead ones when they fit on the first line.
func layoutCall(c *callExpr, indent, col, width int) string {
	n := len(c.args)
	if n == 0 {
		return c.flat()
	}
	if _, ok := c.args[0].(atom); ok && n == 1 {
		return c.flat()
	}
	if last, ok := c.args[n-1].(*funcLit); ok && allAtoms(c.args[:n-1]) {
		// op.ExecuteAs(sql, func(op *migrate.Op) {\n...\n}), as gofmt
		// keeps a trailing function literal, when the first line fits;
		// else each argument goes on a line of its own, below.
		head := c.fun + "("
		for _, a := range c.args[:n-1] {
			head += a.flat() + ", "
		}
		end := col + columns(head) // where the function literal starts
		if i := strings.LastIndexByte(head, '\n'); i >= 0 {
			end = columns(head[i+1:]) // after a raw string's last newline
		}
		if end+len(funcLitHead) <= width {
			return head + layoutFunc(last, indent, width) + ")"
		}
	}
	in := strings.Repeat("\t", indent+1)
	start := (indent + 1) * tabWidth
	if last, ok := c.args[n-1].(*lit); ok && len(last.elems) > 0 && c.lead == 0 && allAtoms(c.args[:n-1]) {
		head := c.fun + "("
		for _, a := range c.args[:n-1] {
			head += a.flat() + ", "
		}
		if col+columns(head)+columns(last.typ)+1 <= width {
			return head + layoutLit(last, indent, width) + ")"
		}
	}
	var b strings.Builder
	rest := c.args
	if c.lead > 0 && c.lead < n && allAtoms(c.args[:c.lead]) {
		parts := make([]string, c.lead)
		for i, a := range c.args[:c.lead] {
			parts[i] = a.flat()
		}
		head := c.fun + "(" + strings.Join(parts, ", ") + ","
		if col+columns(head) <= width {
			b.WriteString(head + "\n")
			rest = c.args[c.lead:]
		}
	}
	if len(rest) == n {
		b.WriteString(c.fun + "(\n")
	}
	for _, a := range rest {
		b.WriteString(in + layout(a, indent+1, start, 1, width) + ",\n")
	}
	b.WriteString(strings.Repeat("\t", indent) + ")")
	return b.String()
}

func allAtoms(nodes []node) bool {
	for _, n := range nodes {
		if _, ok := n.(atom); !ok {
			return false
		}
	}
	return true
}

// columns is the width of s on one line: its number of characters.
func columns(s string) int { return utf8.RuneCountInString(s) }

// wrapComment returns text as "// " comment lines at indent tabs, filled
// up to lineWidth and broken at spaces outside `code spans`; a word
// longer than a line gets a line of its own. A line never starts with a word that a doc comment
// reads as a list marker ("-", "1."), so that gofmt keeps a wrapped
// paragraph a paragraph.
func wrapComment(text string, indent int) []string {
	room := lineWidth - indent*tabWidth - len("// ")
	var lines []string
	var line []string // the words of the line being filled
	used := 0         // their columns, spaces included
	for _, w := range commentWords(text) {
		if len(line) > 0 && used+1+columns(w) > room {
			var carry []string
			if listMarker(w) && len(line) > 1 {
				// Take the last word along, so that w does not start
				// a line.
				carry = line[len(line)-1:]
				line = line[:len(line)-1]
			}
			lines = append(lines, "// "+strings.Join(line, " "))
			line = carry
			used = columns(strings.Join(line, " "))
		}
		if len(line) > 0 {
			used++
		}
		line = append(line, w)
		used += columns(w)
	}
	if len(line) > 0 {
		lines = append(lines, "// "+strings.Join(line, " "))
	}
	return lines
}

// commentWords splits text at spaces, except inside a `code span`,
// which stays whole on one line.
func commentWords(text string) []string {
	var words []string
	open := false // inside a code span
	for _, w := range strings.Fields(text) {
		if open {
			words[len(words)-1] += " " + w
		} else {
			words = append(words, w)
		}
		if strings.Count(w, "`")%2 == 1 {
			open = !open
		}
	}
	return words
}

// listMarker reports whether a doc comment line that starts with w is a
// list item: "-", "*", "+", "•", or a number followed by "." or ")".
func listMarker(w string) bool {
	switch w {
	case "-", "*", "+", "•":
		return true
	}
	digits := strings.TrimRight(w, ".)")
	if len(digits) == 0 || len(digits) != len(w)-1 {
		return false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
