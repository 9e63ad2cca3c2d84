package gentest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// Event kinds.
const (
	EventStep  = "step"
	EventFork  = "fork"
	EventMerge = "merge"
)

// Event is one event of a history: a step (ops on one line, written as
// one migration), the fork of the main line into two branches, or their
// merge.
type Event struct {
	// Kind is EventStep, EventFork or EventMerge.
	Kind string
	// Branch is the line of a step: Main, BranchA or BranchB.
	Branch string `json:",omitempty"`
	// Ops are the step's edits of the models, which one migration
	// carries.
	Ops []Op `json:",omitempty"`
	// Online writes the step's migration as `revision --autogenerate
	// --online` does.
	Online bool `json:",omitempty"`
	// Fork says what each branch of a fork owns.
	Fork *Fork `json:",omitempty"`
}

// String describes e in one line.
func (e Event) String() string {
	switch e.Kind {
	case EventStep:
		var ops []string
		for _, op := range e.Ops {
			ops = append(ops, op.String())
		}
		s := e.Branch + ": " + strings.Join(ops, "; ")
		if e.Online {
			s += " [online]"
		}
		return s
	case EventFork:
		return fmt.Sprintf("fork: a owns %v; values %v", e.Fork.A, e.Fork.Values)
	}
	return e.Kind
}

// Fork says what each branch may change: the tables of A (the others are
// B's) and, per enum (named "schema.name"), the values each branch owns
// (the others are pinned).
type Fork struct {
	// A lists the tables of branch a.
	A []schema.QualifiedName
	// Values maps "schema.name" of an enum to the owner of each value
	// that a branch owns.
	Values map[string]map[string]string `json:",omitempty"`
}

// States returns the states of the two branches that fork off main.
func (f *Fork) States(main *State) (a, b *State) {
	owner := map[schema.QualifiedName]string{}
	for _, t := range main.Model.Tables {
		q := t.QualifiedName()
		owner[q] = BranchB
		if slices.Contains(f.A, q) {
			owner[q] = BranchA
		}
	}
	values := map[schema.QualifiedName]map[string]string{}
	for _, e := range main.Model.Enums {
		q := e.QualifiedName()
		values[q] = map[string]string{}
		for v, br := range f.Values[q.Schema+"."+q.Name] {
			if slices.Contains(e.Values, v) {
				values[q][v] = br
			}
		}
	}
	mk := func(br string) *State {
		st := main.Clone()
		st.Branch = br
		st.Owner = owner
		st.ValueOwner = values
		return st.Clone()
	}
	return mk(BranchA), mk(BranchB)
}

// Merge returns the models after the merge of branches a and b, forked
// from base: each branch's tables (its own, and those it created), the
// enums created on either, and the enums of base with the values the
// merge must hold ([MergedValues]) in the order that order gives (nil:
// an order the generator guesses).
func Merge(base, a, b *State, order func(q schema.QualifiedName, values []string) []string) *State {
	m := &schema.Schema{}
	for _, br := range []*State{a, b} {
		for _, t := range br.Model.Tables {
			if br.Owner[t.QualifiedName()] == br.Branch {
				m.Tables = append(m.Tables, t.Clone())
			}
		}
	}
	for _, e := range a.Model.Enums {
		q := e.QualifiedName()
		if !a.shared(q) {
			m.Enums = append(m.Enums, e.Canonical())
			continue
		}
		be, _ := base.Model.Enum(q)
		bb, _ := b.Model.Enum(q)
		vals := MergedValues(be.Values, e.Values, bb.Values)
		if order != nil {
			vals = order(q, vals)
		} else {
			vals = guessOrder(e.Values, bb.Values, be.Values)
		}
		m.Enums = append(m.Enums, &schema.Enum{Schema: q.Schema, Name: q.Name, Values: vals})
	}
	for _, e := range b.Model.Enums {
		if !b.shared(e.QualifiedName()) {
			m.Enums = append(m.Enums, e.Canonical())
		}
	}
	m.Schemas = schemasOf(m)
	return &State{Model: m, Branch: Main}
}

// MergedValues returns, sorted, the values an enum must hold after the
// merge of two branches that changed base's values to a and b: those of
// base that neither dropped, and those that either added.
func MergedValues(base, a, b []string) []string {
	var out []string
	for _, v := range base {
		if slices.Contains(a, v) && slices.Contains(b, v) {
			out = append(out, v)
		}
	}
	for _, list := range [][]string{a, b} {
		for _, v := range list {
			if !slices.Contains(base, v) && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	slices.Sort(out)
	return out
}

// guessOrder orders the merged values of a and b: a's, without what b
// dropped from base, with b's additions after the value before them in b.
func guessOrder(a, b, base []string) []string {
	out := slices.DeleteFunc(slices.Clone(a), func(v string) bool { return slices.Contains(base, v) && !slices.Contains(b, v) })
	for i, v := range b {
		if slices.Contains(base, v) || slices.Contains(out, v) {
			continue
		}
		at := len(out)
		if i == 0 {
			at = 0
		} else if j := slices.Index(out, b[i-1]); j >= 0 {
			at = j + 1
		}
		out = slices.Insert(out, at, v)
	}
	return out
}

// Gen makes random ops. Its names (tables tN, columns cN, enums eN,
// values vN, other names kN) are unique in a history.
type Gen struct {
	r *rand.Rand
	n int
}

// NewGen returns a generator seeded with seed.
func NewGen(seed uint64) *Gen {
	return &Gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (g *Gen) fresh(prefix string) string {
	g.n++
	return fmt.Sprintf("%s%d", prefix, g.n)
}

// odd returns a fresh name that must be quoted (upper case, a space, a
// dot, a quote) one time in ten, else a plain one.
func (g *Gen) odd(prefix string) string {
	name := g.fresh(prefix)
	if g.chance(0.1) {
		return pick(g, []string{strings.ToUpper(name), name + " x", name + ".x", name + `"q`})
	}
	return name
}

func (g *Gen) chance(p float64) bool { return g.r.Float64() < p }

func pick[T any](g *Gen, xs []T) T { return xs[g.r.IntN(len(xs))] }

// Config says what histories [Generate] makes.
type Config struct {
	// Steps is about how many steps a history has.
	Steps int
	// Online is the share of steps written as online plans.
	Online float64
}

// Generate returns a history of about cfg.Steps steps: a main line, a
// fork, steps on both branches, their merge, and more steps on the main
// line.
func Generate(seed uint64, cfg Config) []Event {
	g := NewGen(seed)
	steps := cfg.Steps
	trunk := max(2, steps*3/10)
	branch := max(2, steps*4/10)
	after := max(1, steps-trunk-branch)
	var evs []Event
	st := &State{Model: &schema.Schema{}, Branch: Main}
	step := func(st *State) *State {
		n := 1
		switch x := g.r.Float64(); {
		case x < 0.15:
			n = 3
		case x < 0.4:
			n = 2
		}
		st = st.BeginStep()
		var ops []Op
		for range n {
			op, next := g.Next(st)
			if next == nil {
				break
			}
			ops, st = append(ops, op), next
		}
		if len(ops) > 0 {
			evs = append(evs, Event{Kind: EventStep, Branch: st.Branch, Ops: ops, Online: g.chance(cfg.Online)})
		}
		return st
	}
	for range trunk {
		st = step(st)
	}
	fork := g.fork(st)
	evs = append(evs, Event{Kind: EventFork, Fork: fork})
	a, b := fork.States(st)
	for range branch {
		if g.chance(0.5) {
			a = step(a)
		} else {
			b = step(b)
		}
	}
	evs = append(evs, Event{Kind: EventMerge})
	st = Merge(st, a, b, nil)
	for range after {
		st = step(st)
	}
	return evs
}

// fork splits the tables of st between the branches, keeping tables
// linked by foreign keys together, and the values of its enums: pinned,
// a's or b's.
func (g *Gen) fork(st *State) *Fork {
	group := map[schema.QualifiedName]schema.QualifiedName{}
	var find func(q schema.QualifiedName) schema.QualifiedName
	find = func(q schema.QualifiedName) schema.QualifiedName {
		if p, ok := group[q]; ok && p != q {
			r := find(p)
			group[q] = r
			return r
		}
		return q
	}
	for _, t := range st.Model.Tables {
		for _, fk := range t.ForeignKeys {
			group[find(t.QualifiedName())] = find(fk.Ref())
		}
	}
	side := map[schema.QualifiedName]bool{}
	f := &Fork{Values: map[string]map[string]string{}}
	for _, t := range st.Model.Tables {
		r := find(t.QualifiedName())
		if _, ok := side[r]; !ok {
			side[r] = g.chance(0.5)
		}
		if side[r] {
			f.A = append(f.A, t.QualifiedName())
		}
	}
	for _, e := range st.Model.Enums {
		vs := map[string]string{}
		for _, v := range e.Values {
			switch x := g.r.Float64(); {
			case x < 0.3:
				vs[v] = BranchA
			case x < 0.6:
				vs[v] = BranchB
			}
		}
		f.Values[e.Schema+"."+e.Name] = vs
	}
	return f
}

// opKinds weighs the kinds of op.
var opKinds = []struct {
	kind   string
	weight int
}{
	{OpCreateTable, 8}, {OpDropTable, 2}, {OpRenameTable, 4}, {OpTableComment, 1},
	{OpAddColumn, 8}, {OpDropColumn, 3}, {OpRenameColumn, 4}, {OpAlterType, 4},
	{OpSetNullable, 3}, {OpSetDefault, 3}, {OpColumnComment, 1},
	{OpAddUnique, 3}, {OpDropUnique, 1}, {OpAddIndex, 4}, {OpDropIndex, 1},
	{OpAddForeignKey, 3}, {OpDropForeignKey, 1}, {OpForeignKeyAction, 1},
	{OpAddCheck, 4}, {OpDropCheck, 1}, {OpRenameConstraint, 3},
	{OpAddPrimaryKey, 1}, {OpDropPrimaryKey, 1}, {OpSetIdentity, 1}, {OpAlterKeyType, 2},
	{OpCreateEnum, 4}, {OpDropEnum, 1}, {OpEnumAdd, 8}, {OpEnumDrop, 4}, {OpEnumMove, 4},
}

func (g *Gen) kind() string {
	total := 0
	for _, k := range opKinds {
		total += k.weight
	}
	n := g.r.IntN(total)
	for _, k := range opKinds {
		if n < k.weight {
			return k.kind
		}
		n -= k.weight
	}
	panic("unreachable")
}

// Next returns a random op that applies to st, and the state after it;
// a nil state when it finds none.
func (g *Gen) Next(st *State) (Op, *State) {
	for range 500 {
		op, ok := g.op(st, g.kind())
		if !ok {
			continue
		}
		next, err := op.Apply(st)
		if err == nil {
			return op, next
		}
	}
	return Op{}, nil
}

// tables returns the tables st may change.
func (g *Gen) tables(st *State) []*schema.Table {
	var out []*schema.Table
	for _, t := range st.Model.Tables {
		if st.mayTouch(t.QualifiedName()) {
			out = append(out, t)
		}
	}
	return out
}

// op builds an op of kind for st; false when st offers nothing to build
// it on.
func (g *Gen) op(st *State, kind string) (Op, bool) {
	op := Op{Kind: kind}
	tables := g.tables(st)
	var t *schema.Table
	var c *schema.Column
	if len(tables) > 0 {
		t = pick(g, tables)
		op.Table = t.QualifiedName()
		c = pick(g, t.Columns)
		op.Column = c.Name
	}
	needTable := kind != OpCreateTable && kind != OpCreateEnum && kind != OpDropEnum &&
		kind != OpEnumAdd && kind != OpEnumDrop && kind != OpEnumMove
	if needTable && t == nil {
		return op, false
	}
	switch kind {
	case OpCreateTable:
		op.TableDef = g.newTable(st)
		op.Table = op.TableDef.QualifiedName()
	case OpDropTable:
	case OpRenameTable:
		op.To = schema.QualifiedName{Schema: t.Schema, Name: g.odd("t")}
		if g.chance(0.2) {
			op.To.Schema = g.schemaName()
		}
	case OpTableComment:
		op.Text = g.comment()
	case OpAddColumn:
		op.Col = g.newColumn(st, g.fresh("c"))
	case OpDropColumn:
	case OpRenameColumn:
		op.Name = g.fresh("c")
	case OpAlterType:
		typ := g.colType(st)
		for range 5 {
			if convertible(c.Type, typ) && typ != c.Type {
				break
			}
			typ = g.colType(st)
		}
		op.Col = &schema.Column{Type: typ}
		if g.chance(0.5) {
			op.Col.Default = g.defaultFor(st, typ)
		}
	case OpSetNullable:
		op.Flag = !c.Nullable
	case OpSetDefault:
		if g.chance(0.7) {
			op.Text = g.defaultFor(st, c.Type)
		}
	case OpColumnComment:
		op.Text = g.comment()
	case OpAddUnique:
		cols := g.someColumns(t, 2)
		op.Unique = &schema.Unique{Name: g.defaultName(st, t, cols, "key"), Columns: cols}
	case OpDropUnique:
		if len(t.Uniques) == 0 {
			return op, false
		}
		op.Name = pick(g, t.Uniques).Name
	case OpAddIndex:
		op.Index = g.newIndex(st, t)
		if op.Index == nil {
			return op, false
		}
	case OpDropIndex:
		if len(t.Indexes) == 0 {
			return op, false
		}
		op.Name = pick(g, t.Indexes).Name
	case OpAddForeignKey:
		// A single-column primary key or unique constraint to reference.
		type key struct {
			table  schema.QualifiedName
			column string
		}
		var keys []key
		for _, r := range tables {
			if r.PrimaryKey != nil && len(r.PrimaryKey.Columns) == 1 {
				keys = append(keys, key{r.QualifiedName(), r.PrimaryKey.Columns[0]})
			}
			for _, u := range r.Uniques {
				if len(u.Columns) == 1 {
					keys = append(keys, key{r.QualifiedName(), u.Columns[0]})
				}
			}
		}
		if len(keys) == 0 {
			return op, false
		}
		k := pick(g, keys)
		op.Column = g.fresh("c")
		op.FK = &schema.ForeignKey{
			Name:    schema.ConstraintName(t.Name, []string{op.Column}, "fkey"),
			Columns: []string{op.Column}, RefSchema: k.table.Schema, RefTable: k.table.Name,
			RefColumns: []string{k.column}, OnDelete: g.action(),
		}
	case OpDropForeignKey, OpForeignKeyAction:
		if len(t.ForeignKeys) == 0 {
			return op, false
		}
		op.Name = pick(g, t.ForeignKeys).Name
		op.Text = g.action()
	case OpAddCheck:
		op.Check = g.newCheck(st, t, c)
		if op.Check == nil {
			return op, false
		}
	case OpDropCheck:
		if len(t.Checks) == 0 {
			return op, false
		}
		op.Name = pick(g, t.Checks).Name
	case OpRenameConstraint:
		var names []string
		if t.PrimaryKey != nil {
			names = append(names, t.PrimaryKey.Name)
		}
		for _, u := range t.Uniques {
			names = append(names, u.Name)
		}
		for _, ix := range t.Indexes {
			names = append(names, ix.Name)
		}
		for _, fk := range t.ForeignKeys {
			names = append(names, fk.Name)
		}
		for _, ck := range t.Checks {
			names = append(names, ck.Name)
		}
		if len(names) == 0 {
			return op, false
		}
		op.Column = pick(g, names)
		op.Name = g.fresh("k")
	case OpAddPrimaryKey:
		op.Columns = []string{c.Name}
	case OpSetIdentity:
		op.Flag = !c.Identity
	case OpAlterKeyType:
		var keys []string
		if t.PrimaryKey != nil && len(t.PrimaryKey.Columns) == 1 {
			keys = append(keys, t.PrimaryKey.Columns[0])
		}
		for _, u := range t.Uniques {
			if len(u.Columns) == 1 {
				keys = append(keys, u.Columns[0])
			}
		}
		if len(keys) == 0 {
			return op, false
		}
		op.Column = pick(g, keys)
		kc, _ := t.Column(op.Column)
		typ := g.colType(st)
		for range 5 {
			if convertible(kc.Type, typ) && typ != kc.Type {
				break
			}
			typ = g.colType(st)
		}
		op.Col = &schema.Column{Type: typ}
	case OpDropPrimaryKey:
	case OpCreateEnum:
		e := &schema.Enum{Schema: schema.DefaultSchema, Name: g.fresh("e")}
		if g.chance(0.1) {
			e.Name = strings.ToUpper(e.Name) + " x"
		}
		if g.chance(0.2) {
			e.Schema = AppSchema
		}
		for range 1 + g.r.IntN(4) {
			e.Values = append(e.Values, g.value())
		}
		op.Enum = e
		op.Table = e.QualifiedName()
	case OpDropEnum, OpEnumAdd, OpEnumDrop, OpEnumMove:
		if len(st.Model.Enums) == 0 {
			return op, false
		}
		e := pick(g, st.Model.Enums)
		op.Table, op.Column = e.QualifiedName(), ""
		switch kind {
		case OpEnumAdd:
			op.Name = g.value()
			op.Text = g.place(e.Values)
		case OpEnumDrop, OpEnumMove:
			if len(e.Values) == 0 {
				return op, false
			}
			op.Name = pick(g, e.Values)
			op.Text = g.place(slices.DeleteFunc(slices.Clone(e.Values), func(v string) bool { return v == op.Name }))
		}
	}
	return op, true
}

// place returns where a value goes among values: first, last, or after
// one of them.
func (g *Gen) place(values []string) string {
	switch x := g.r.Float64(); {
	case x < 0.35 || len(values) == 0:
		return End
	case x < 0.5:
		return ""
	default:
		return pick(g, values)
	}
}

// value returns a fresh enum value, one time in ten with a space and a
// quote.
func (g *Gen) value() string {
	v := g.fresh("v")
	if g.chance(0.1) {
		v += " it's"
	}
	return v
}

func (g *Gen) schemaName() string {
	if g.chance(0.25) {
		return AppSchema
	}
	return schema.DefaultSchema
}

func (g *Gen) comment() string {
	return pick(g, []string{"", "a comment", "it's quoted", "ünïcode", "two\nlines"})
}

func (g *Gen) action() string {
	return pick(g, []string{"", "CASCADE", "SET NULL", "RESTRICT"})
}

// colType returns a random column type: built-in, or an enum of st (or an
// array of one).
func (g *Gen) colType(st *State) string {
	if len(st.Model.Enums) > 0 && g.chance(0.3) {
		typ := schema.QuoteType(pick(g, st.Model.Enums).QualifiedName())
		if g.chance(0.2) {
			typ += "[]"
		}
		return typ
	}
	return pick(g, ScalarTypes)
}

// defaultFor returns a default for a column of type typ ("" when it finds
// none).
func (g *Gen) defaultFor(st *State, typ string) string {
	if e, ok := enumTypes(st.Model)[typ]; ok {
		if strings.HasSuffix(typ, "[]") {
			return "'{}'"
		}
		var vs []string
		for _, v := range e.Values {
			if st.mayUse(e.QualifiedName(), v) {
				vs = append(vs, v)
			}
		}
		if len(vs) == 0 {
			return ""
		}
		return schema.QuoteLiteral(pick(g, vs))
	}
	switch typ {
	case "integer", "bigint", "smallint":
		return pick(g, []string{"0", "7", "-1", "1 + 2", "length('abc')"})
	case "numeric(10,2)":
		return pick(g, []string{"0", "1.5"})
	case "text", "varchar(20)":
		return pick(g, []string{"''", "'x'", "'it''s'", "lower('X')", "'a' || 'b'"})
	case "boolean":
		return pick(g, []string{"true", "false"})
	case "timestamptz":
		return pick(g, []string{"now()", "'2024-01-01 00:00:00+00'", "now() + interval '1 day'", "CURRENT_TIMESTAMP"})
	case "date":
		return pick(g, []string{"CURRENT_DATE", "'2024-01-01'"})
	case "jsonb":
		return pick(g, []string{"'{}'", "'[]'::jsonb"})
	case "uuid":
		return "gen_random_uuid()"
	case "integer[]", "text[]":
		return "'{}'"
	}
	return ""
}

// newColumn returns a random new column called name.
func (g *Gen) newColumn(st *State, name string) *schema.Column {
	c := &schema.Column{Name: name, Type: g.colType(st), Nullable: g.chance(0.6)}
	if g.chance(0.4) {
		c.Default = g.defaultFor(st, c.Type)
	}
	if g.chance(0.1) {
		c.Comment = g.comment()
	}
	return c
}

// newTable returns a random new table, perhaps with a foreign key to a
// table st may change.
func (g *Gen) newTable(st *State) *schema.Table {
	t := &schema.Table{Schema: g.schemaName(), Name: g.odd("t")}
	id := &schema.Column{Name: "id", Type: pick(g, []string{"integer", "bigint"})}
	if g.chance(0.3) {
		id.Identity = true
	}
	t.Columns = append(t.Columns, id)
	if g.chance(0.85) {
		t.PrimaryKey = &schema.PrimaryKey{Name: schema.ConstraintName(t.Name, nil, "pkey"), Columns: []string{"id"}}
	}
	for range 1 + g.r.IntN(3) {
		t.Columns = append(t.Columns, g.newColumn(st, g.fresh("c")))
	}
	if g.chance(0.3) {
		var refs []*schema.Table
		for _, r := range g.tables(st) {
			if r.PrimaryKey != nil && len(r.PrimaryKey.Columns) == 1 {
				refs = append(refs, r)
			}
		}
		if len(refs) > 0 {
			ref := pick(g, refs)
			rc, _ := ref.Column(ref.PrimaryKey.Columns[0])
			name := g.fresh("c")
			t.Columns = append(t.Columns, &schema.Column{Name: name, Type: rc.Type, Nullable: true})
			t.ForeignKeys = append(t.ForeignKeys, &schema.ForeignKey{
				Name: schema.ConstraintName(t.Name, []string{name}, "fkey"), Columns: []string{name},
				RefSchema: ref.Schema, RefTable: ref.Name, RefColumns: []string{rc.Name}, OnDelete: g.action(),
			})
		}
	}
	tmp := st.Clone()
	tmp.Model.Tables = append(tmp.Model.Tables, t)
	if g.chance(0.3) {
		if ck := g.newCheck(tmp, t, pick(g, t.Columns[1:])); ck != nil {
			t.Checks = append(t.Checks, ck)
		}
	}
	if g.chance(0.3) {
		cols := g.someColumns(t, 1)
		t.Uniques = append(t.Uniques, &schema.Unique{Name: g.defaultName(tmp, t, cols, "key"), Columns: cols})
	}
	if g.chance(0.3) {
		if ix := g.newIndex(tmp, t); ix != nil {
			t.Indexes = append(t.Indexes, ix)
		}
	}
	return t
}

// someColumns returns one to n distinct columns of t.
func (g *Gen) someColumns(t *schema.Table, n int) []string {
	cols := slices.Clone(t.Columns)
	g.r.Shuffle(len(cols), func(i, j int) { cols[i], cols[j] = cols[j], cols[i] })
	var out []string
	for _, c := range cols[:1+g.r.IntN(min(n, len(cols)))] {
		out = append(out, c.Name)
	}
	return out
}

// defaultName returns the name package parser gives a constraint or
// index of t over cols, or a fresh one when that is taken.
func (g *Gen) defaultName(st *State, t *schema.Table, cols []string, suffix string) string {
	name := schema.ConstraintName(t.Name, cols, suffix)
	if st.nameFree(t, name) {
		return name
	}
	return g.fresh("k")
}

// newCheck returns a random check constraint on column c of t; nil when
// the generator has none for its type.
func (g *Gen) newCheck(st *State, t *schema.Table, c *schema.Column) *schema.Check {
	var expr string
	switch typeGroup(c.Type) {
	case "number":
		expr = pick(g, []string{c.Name + " > 0", c.Name + " >= 0 AND " + c.Name + " < 1000"})
	case "string":
		expr = pick(g, []string{c.Name + " <> ''", "length(" + c.Name + ") < 100", c.Name + " ~ '^[a-z0-9 ]*$'"})
	case "time":
		expr = c.Name + " > '2000-01-01'"
	default:
		e, ok := enumTypes(st.Model)[c.Type]
		if !ok || strings.HasSuffix(c.Type, "[]") {
			return nil
		}
		var vs []string
		for _, v := range e.Values {
			if st.mayUse(e.QualifiedName(), v) {
				vs = append(vs, schema.QuoteLiteral(v))
			}
		}
		if len(vs) == 0 {
			return nil
		}
		if g.chance(0.5) || len(vs) < 2 {
			expr = c.Name + " <> " + pick(g, vs)
		} else {
			expr = c.Name + " IN (" + vs[0] + ", " + vs[1] + ")"
		}
	}
	return &schema.Check{Name: g.defaultName(st, t, []string{c.Name}, "check"), Expr: expr}
}

// newIndex returns a random index on t: plain, unique, on an expression,
// partial, or of another method; nil when none fits.
func (g *Gen) newIndex(st *State, t *schema.Table) *schema.Index {
	c := pick(g, t.Columns)
	switch g.r.IntN(6) {
	case 0, 1:
		cols := g.someColumns(t, 2)
		return &schema.Index{Name: g.defaultName(st, t, cols, "idx"), Columns: cols}
	case 5:
		if strings.HasSuffix(c.Type, "[]") || c.Type == "jsonb" {
			return nil
		}
		ix := &schema.Index{Name: g.fresh("k"), Keys: []string{c.Name + pick(g, []string{" DESC", " NULLS FIRST", " DESC NULLS LAST"})}}
		if o := pick(g, t.Columns); o != c && g.chance(0.5) {
			ix.Include = []string{o.Name}
		}
		return ix
	case 2:
		ix := &schema.Index{Name: g.fresh("k"), Columns: []string{c.Name}, Unique: true}
		if g.chance(0.5) {
			ix.Where = c.Name + " IS NOT NULL"
		}
		return ix
	case 3:
		if typeGroup(c.Type) == "string" {
			return &schema.Index{Name: g.fresh("k"), Keys: []string{"lower(" + c.Name + ")"}}
		}
		if e, ok := enumTypes(st.Model)[c.Type]; ok && !strings.HasSuffix(c.Type, "[]") {
			for _, v := range e.Values {
				if st.mayUse(e.QualifiedName(), v) {
					return &schema.Index{Name: g.fresh("k"), Columns: []string{"id"}, Where: c.Name + " <> " + schema.QuoteLiteral(v)}
				}
			}
		}
		return nil
	default:
		switch {
		case c.Type == "jsonb" || strings.HasSuffix(c.Type, "[]"):
			return &schema.Index{Name: g.fresh("k"), Columns: []string{c.Name}, Method: "gin"}
		case typeGroup(c.Type) == "number" || typeGroup(c.Type) == "string":
			return &schema.Index{Name: g.fresh("k"), Columns: []string{c.Name}, Method: pick(g, []string{"hash", "brin"})}
		}
		return nil
	}
}
