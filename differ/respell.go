package differ

import (
	"iter"
	"slices"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/schema"
)

// Respell returns a copy of live in which every piece of SQL text that
// PostgreSQL stores the same way for the model is written as the model
// writes it: column types, defaults and generation expressions, index
// definitions and check expressions.
//
// canon is model as PostgreSQL stores it (the model created in a scratch
// database and introspected), so it names the same objects as model. Diffing
// the result against model finds no false differences from PostgreSQL's
// rewriting (int4 for integer, 'x'::text for 'x', lower((email)::text) for
// lower(email)), and the changes it finds carry the model's own spelling.
//
// A live table or column that a model object says it was renamed from
// (RenamedFrom) is matched with that object, so a rename comes out as a
// rename and nothing more. A check or an index is matched with the model's
// of the same name or, failing that, with one whose definition
// PostgreSQL stores the same way once the table's renamed columns are
// renamed (a table rename changes the default names of its
// constraints); it keeps its own name and its validity, and its text is
// the model's, written with the columns' live names, so that the differ,
// renaming the columns as PostgreSQL does, finds the model's text again.
func Respell(live, canon, model *schema.Schema) *schema.Schema {
	return respell(live, []spelling{{text: indexModelTables(model), canon: indexTables(canon), objects: objectSpelling(model, canon)}})
}

// Spelling is a schema as written (Text: the models, or the migrations
// replayed in memory) with the same schema as PostgreSQL stores it
// (Canon: Text created in a scratch database and introspected, see
// [Respell]).
type Spelling struct {
	Text, Canon *schema.Schema
}

// RespellLive returns a copy of live, the catalog of a database at the
// migrations' head, respelled for diffing with model.Text, as `revision
// --autogenerate` diffs it: each piece of SQL text (as [Respell] lists
// them) that PostgreSQL stores the same way for the model is written as
// the model writes it, as Respell does; failing that, each that it stores
// the same way for head.Text, the migrations replayed, is written as the
// migrations write it. So what a change alters or drops from (a default
// that the models change, a column or a check they drop), which the
// models no longer hold, is spelled as in the migration files, and the
// plan is the one that diffing the replayed migrations with the models
// finds (`--offline`), where the database matches the migrations. Text
// of a database that differs from the migrations keeps the database's
// spelling.
//
// Head is matched with live by name only (the replayed migrations hold
// no rename hints): the model's renames are the model's. A nil head.Canon
// leaves out the second spelling, which changes nothing when
// [HeadSpells] says so.
func RespellLive(live *schema.Schema, model, head Spelling) *schema.Schema {
	srcs := []spelling{{text: indexModelTables(model.Text), canon: indexTables(model.Canon), objects: objectSpelling(model.Text, model.Canon)}}
	if head.Text != nil && head.Canon != nil {
		srcs = append(srcs, spelling{text: modelTables{byName: indexTables(head.Text)}, canon: indexTables(head.Canon), objects: objectSpelling(head.Text, head.Canon)})
	}
	return respell(live, srcs)
}

// HeadSpells reports whether [RespellLive] needs head.Canon, head being
// the migrations replayed: whether head may spell some text that model
// does not. It does not when head holds what model holds (the differ
// finds nothing between them): the models' spelling serves for both.
func HeadSpells(head, model *schema.Schema) bool {
	if head == nil {
		return false
	}
	cs, err := Diff(head, model)
	return err != nil || len(cs) > 0
}

// spelling is a [Spelling] indexed: text by name and, for the models, by
// the names they say their tables were renamed from.
type spelling struct {
	text  modelTables
	canon tableIndex
	// objects pairs the objects as written with the same as stored.
	objects []objectPair
}

// respelled records which pieces of text of a live table a spelling gave
// its text, so that a later one leaves them alone.
type respelled struct {
	types, defaults, generated  []bool
	indexes, checks, exclusions []bool
	partitionBy, bound          bool
}

// respell returns a copy of live whose text each of srcs in turn gives
// its spelling, where no earlier one did (see [RespellLive]).
func respell(live *schema.Schema, srcs []spelling) *schema.Schema {
	out := live.Clone()
	for i, t := range out.Tables {
		// Compare with the live text as read, which an earlier spelling
		// may have replaced in t.
		lt := live.Tables[i]
		done := respelled{
			types: make([]bool, len(t.Columns)), defaults: make([]bool, len(t.Columns)), generated: make([]bool, len(t.Columns)),
			indexes: make([]bool, len(t.Indexes)), checks: make([]bool, len(t.Checks)),
			exclusions: make([]bool, len(t.Exclusions)),
		}
		for _, src := range srcs {
			mt, ok := src.text.table(lt.QualifiedName())
			if !ok {
				continue
			}
			ct, ok := src.canon.table(mt.QualifiedName())
			if !ok {
				continue
			}
			r := newRenamer(lt, mt)
			for j, c := range lt.Columns {
				mc, ok := modelColumn(mt, c.Name)
				if !ok {
					continue
				}
				cc, ok := ct.Column(mc.Name)
				if !ok {
					continue
				}
				oc := t.Columns[j]
				if !done.types[j] && c.Type == cc.Type {
					oc.Type, done.types[j] = mc.Type, true
				}
				if !done.defaults[j] && c.Default == cc.Default {
					oc.Default, done.defaults[j] = mc.Default, true
				}
				if !done.generated[j] && r.same(schema.FragmentExpr, c.Generated, cc.Generated) {
					if g, ok := r.live(schema.FragmentExpr, mc.Generated); ok {
						oc.Generated, done.generated[j] = g, true
					}
				}
			}
			respellIndexes(lt, t, done.indexes, ct, mt, r)
			respellChecks(lt, t, done.checks, ct, mt, r)
			respellExclusions(lt, t, done.exclusions, ct, mt, r)
			respellPartition(lt, t, &done, ct, mt)
		}
	}
	respellObjects(live, out, srcs)
	return out
}

// respellIndexes gives the indexes of out, the copy of live table t, the
// model's text where done says no earlier spelling did (see [Respell]).
func respellIndexes(t, out *schema.Table, done []bool, ct, mt *schema.Table, r renamer) {
	used := map[string]bool{}
	for i, ix := range t.Indexes {
		if done[i] {
			continue
		}
		for ci := range byNameFirst(ct.Indexes, ix.Name, func(ix *schema.Index) string { return ix.Name }) {
			if used[ci.Name] || !r.sameIndex(ix, ci) {
				continue
			}
			mi, ok := mt.Index(ci.Name)
			if !ok {
				continue
			}
			n, ok := r.liveIndex(mi)
			if !ok {
				continue
			}
			n.Name, n.Invalid = ix.Name, ix.Invalid
			out.Indexes[i], done[i] = n, true
			used[ci.Name] = true
			break
		}
	}
}

// respellChecks gives the checks of out, the copy of live table t, the
// model's text where done says no earlier spelling did (see [Respell]).
func respellChecks(t, out *schema.Table, done []bool, ct, mt *schema.Table, r renamer) {
	used := map[string]bool{}
	for i, ck := range t.Checks {
		if done[i] {
			continue
		}
		for cc := range byNameFirst(ct.Checks, ck.Name, func(c *schema.Check) string { return c.Name }) {
			if used[cc.Name] || !r.same(schema.FragmentExpr, ck.Expr, cc.Expr) {
				continue
			}
			mc, ok := mt.Check(cc.Name)
			if !ok {
				continue
			}
			expr, ok := r.live(schema.FragmentExpr, mc.Expr)
			if !ok {
				continue
			}
			out.Checks[i].Expr, done[i] = expr, true
			used[cc.Name] = true
			break
		}
	}
}

// respellPartition gives the partition key and bound of out, the copy of
// live table t, the model's text where PostgreSQL spells the model's the
// way it spells t's and done says no earlier spelling did: a bound of a
// bigint key written (1000) is stored ('1000'), an expression of a key
// spelled again.
func respellPartition(t, out *schema.Table, done *respelled, ct, mt *schema.Table) {
	if !done.partitionBy && t.PartitionBy != "" && mt.PartitionBy != "" && sqlWords(t.PartitionBy) == sqlWords(ct.PartitionBy) {
		out.PartitionBy, done.partitionBy = mt.PartitionBy, true
	}
	if !done.bound && t.PartitionOf != nil && ct.PartitionOf != nil && mt.PartitionOf != nil &&
		t.PartitionOf.Parent == ct.PartitionOf.Parent && ct.PartitionOf.Parent == mt.PartitionOf.Parent &&
		sqlWords(t.PartitionOf.Bound) == sqlWords(ct.PartitionOf.Bound) {
		po := *out.PartitionOf
		po.Bound = mt.PartitionOf.Bound
		out.PartitionOf, done.bound = &po, true
	}
}

// respellExclusions gives the exclusion constraints of out, the copy of
// live table t, the model's definitions where done says no earlier
// spelling did (see [Respell]). A definition is matched by name only,
// with its timing.
func respellExclusions(t, out *schema.Table, done []bool, ct, mt *schema.Table, r renamer) {
	for i, x := range t.Exclusions {
		if done[i] {
			continue
		}
		cx, ok := ct.Exclusion(x.Name)
		if !ok || cx.Deferral() != x.Deferral() || !r.same(schema.FragmentExclusion, x.Definition, cx.Definition) {
			continue
		}
		mx, ok := mt.Exclusion(cx.Name)
		if !ok {
			continue
		}
		def, ok := r.live(schema.FragmentExclusion, mx.Definition)
		if !ok {
			continue
		}
		out.Exclusions[i].Definition, done[i] = def, true
	}
}

// byNameFirst yields the elements of list, the one called name (if any)
// first.
func byNameFirst[T any](list []T, name string, nameOf func(T) string) iter.Seq[T] {
	return func(yield func(T) bool) {
		i := slices.IndexFunc(list, func(x T) bool { return nameOf(x) == name })
		if i >= 0 && !yield(list[i]) {
			return
		}
		for j, x := range list {
			if j != i && !yield(x) {
				return
			}
		}
	}
}

// renamer renames the columns of a live table as the differ will: fwd
// maps the live names of the columns that the model renames to their new
// names, back the other way.
type renamer struct {
	fwd, back map[string]string
}

// newRenamer returns the renamer of the columns that model table mt says
// live table t's columns are renamed to, as [columnRenames] finds them.
func newRenamer(t, mt *schema.Table) renamer {
	var r renamer
	for _, c := range columnRenames(t, mt) {
		rc := c.(change.RenameColumn)
		if r.fwd == nil {
			r.fwd, r.back = map[string]string{}, map[string]string{}
		}
		r.fwd[rc.From], r.back[rc.To] = rc.To, rc.From
	}
	return r
}

// rename renames the columns of m in text of kind; without renames, or
// when text does not parse, text is returned as it is.
func rename(kind schema.FragmentKind, text string, m map[string]string) (string, bool) {
	if len(m) == 0 || text == "" {
		return text, true
	}
	out, err := sqlcheck.RenameColumns(kind, text, m)
	if err != nil {
		return text, false
	}
	return out, true
}

// same reports whether live text, its columns renamed, is canon's text.
func (r renamer) same(kind schema.FragmentKind, live, canon string) bool {
	s, ok := rename(kind, live, r.fwd)
	return ok && s == canon
}

// live returns model text written with the live names of the renamed
// columns, when renaming them again gives model back exactly.
func (r renamer) live(kind schema.FragmentKind, model string) (string, bool) {
	s, ok := rename(kind, model, r.back)
	if !ok {
		return "", false
	}
	again, ok := rename(kind, s, r.fwd)
	return s, ok && again == model
}

// renameIndex returns a copy of ix with the columns of m renamed, its
// name and validity cleared, for comparing.
func renameIndex(ix *schema.Index, m map[string]string) (*schema.Index, bool) {
	out := ix.Clone()
	out.Name, out.Invalid = "", false
	if len(m) == 0 {
		return out, true
	}
	for _, cols := range [][]string{out.Columns, out.Include} {
		for i, c := range cols {
			if n, ok := m[c]; ok {
				cols[i] = n
			}
		}
	}
	for i, k := range out.Keys {
		var ok bool
		if out.Keys[i], ok = rename(schema.FragmentIndexKey, k, m); !ok {
			return nil, false
		}
	}
	var ok bool
	out.Where, ok = rename(schema.FragmentExpr, out.Where, m)
	return out, ok
}

// sameIndex reports whether live index ix, its columns renamed, is
// canon's ci, names and validity aside.
func (r renamer) sameIndex(ix, ci *schema.Index) bool {
	if len(r.fwd) == 0 {
		return sameDefinition(ix, ci)
	}
	a, ok := renameIndex(ix, r.fwd)
	return ok && sameDefinition(a, ci)
}

// sameDefinition reports whether a and b are written alike, names and
// validity aside.
func sameDefinition(a, b *schema.Index) bool {
	return slices.Equal(a.Columns, b.Columns) && slices.Equal(a.Keys, b.Keys) && a.Unique == b.Unique &&
		a.NullsNotDistinct == b.NullsNotDistinct &&
		a.Method == b.Method && slices.Equal(a.Include, b.Include) && a.Where == b.Where && slices.Equal(a.Options, b.Options)
}

// liveIndex returns model index mi written with the live names of the
// renamed columns, when renaming them again gives mi back exactly; its
// name and validity are cleared.
func (r renamer) liveIndex(mi *schema.Index) (*schema.Index, bool) {
	n, ok := renameIndex(mi, r.back)
	if !ok || len(r.fwd) == 0 {
		return n, ok
	}
	again, ok := renameIndex(n, r.fwd)
	return n, ok && sameDefinition(again, mi)
}

// modelTables indexes the model's tables by name and by the name they
// say they were renamed from.
type modelTables struct {
	byName, byOldName tableIndex
}

// indexModelTables indexes the tables of model (none when nil); of several
// tables with the same name or the same old name, the first counts.
func indexModelTables(model *schema.Schema) modelTables {
	if model == nil {
		return modelTables{}
	}
	m := modelTables{byName: indexTables(model), byOldName: tableIndex{}}
	for _, t := range model.Tables {
		if t.RenamedFrom == (schema.QualifiedName{}) {
			continue
		}
		if _, dup := m.byOldName[t.RenamedFrom]; !dup {
			m.byOldName[t.RenamedFrom] = t
		}
	}
	return m
}

// table finds the model table named q, or the one renamed from q.
func (m modelTables) table(q schema.QualifiedName) (*schema.Table, bool) {
	if t, ok := m.byName.table(q); ok {
		return t, true
	}
	t, ok := m.byOldName[q]
	return t, ok
}

// modelColumn finds the model column named name, or the one renamed from
// name.
func modelColumn(t *schema.Table, name string) (*schema.Column, bool) {
	if c, ok := t.Column(name); ok {
		return c, true
	}
	for _, c := range t.Columns {
		if c.RenamedFrom == name {
			return c, true
		}
	}
	return nil, false
}
