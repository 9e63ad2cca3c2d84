package parser

import (
	"fmt"
	"go/token"
	"regexp"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// This file reads the directives of partitioned tables and inheritance:
//
//	//schemagen:partition by range|list|hash (KEY, ...)
//	//schemagen:partition [schema.]NAME [of [schema.]PARTITION] for values ...|default [partition by ...]
//	//schemagen:inherits [schema.]PARENT[, ...]
//
// The partitions of a partitioned table are declared on its model, one
// directive each: they have its columns, which its struct gives, and
// keys, constraints and indexes of its own are rare. A child table that
// inherits (INHERITS) is a model of its own, whose struct may embed its
// parent's: the columns a parent has are left out of the child's own.

// partitionSyntax is the grammar of //schemagen:partition, for error
// messages.
const partitionSyntax = "//schemagen:partition by range|list|hash (KEY, ...), or //schemagen:partition [schema.]NAME [of [schema.]PARTITION] for values ...|default [partition by ...]"

// partitionKeyRE splits a partition key's strategy from its keys.
var partitionKeyRE = regexp.MustCompile(`(?is)^(range|list|hash)\s*(\(.*\))$`)

// subpartitionRE splits a bound from the partition key of a partition
// that is partitioned in turn.
var subpartitionRE = regexp.MustCompile(`(?is)^(.*?)\s+partition\s+by\s+(.*)$`)

// pendingPartition is a partition declared on its parent's model.
type pendingPartition struct {
	table *schema.Table
	pos   token.Position
	// of names the partition of the model that this one is a partition
	// of (sub-partitioning), as written; empty for the model's own.
	of string
}

// pendingParent is a parent named by //schemagen:inherits, resolved once
// every model is known.
type pendingParent struct {
	name      schema.QualifiedName
	qualified bool // written with its schema
	pos       token.Position
}

// addPartitionDirectives reads the //schemagen:partition and
// //schemagen:inherits directives of the model.
func (b *tableBuilder) addPartitionDirectives(dirs map[string][]directive) {
	t := b.model.table
	var keyPos token.Position
	for _, d := range dirs["partition"] {
		fields := strings.Fields(d.args)
		if len(fields) == 0 {
			b.errs.Add(d.pos, "//schemagen:partition needs arguments: "+partitionSyntax)
			continue
		}
		if strings.EqualFold(fields[0], "by") {
			if t.PartitionBy != "" {
				b.errs.Add(d.pos, fmt.Sprintf("duplicate //schemagen:partition by (also at %s)", b.pf.format(keyPos)))
				continue
			}
			rest := strings.TrimSpace(d.args[strings.Index(strings.ToLower(d.args), "by")+2:])
			m := partitionKeyRE.FindStringSubmatch(rest)
			if m == nil {
				b.errs.Add(d.pos, fmt.Sprintf("//schemagen:partition by %s: want range, list or hash followed by the keys in parentheses", rest))
				continue
			}
			key := strings.ToUpper(m[1]) + " " + m[2]
			if err := b.fc.Fragment(schema.Fragment{Kind: schema.FragmentPartitionKey, Text: key}); err != nil {
				b.errs.Add(d.pos, fmt.Sprintf("//schemagen:partition by: %v", err))
				continue
			}
			t.PartitionBy, keyPos = key, d.pos
			continue
		}
		b.addPartition(d, fields)
	}
	if len(b.model.partitions) > 0 && t.PartitionBy == "" {
		b.errs.Add(b.model.partitions[0].pos, fmt.Sprintf("//schemagen:partition %s: table %s has no //schemagen:partition by", b.model.partitions[0].table.Name, t.QualifiedName()))
	}
	b.resolveSubpartitions()
	if t.PartitionBy != "" {
		for _, d := range dirs["exclude"] {
			b.errs.Add(d.pos, "//schemagen:exclude: PostgreSQL 15 has no exclusion constraints on a partitioned table")
		}
	}
	for _, d := range dirs["inherits"] {
		if t.PartitionBy != "" {
			b.errs.Add(d.pos, "//schemagen:inherits: a partitioned table cannot inherit")
			continue
		}
		for _, name := range strings.Split(d.args, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				b.errs.Add(d.pos, "//schemagen:inherits needs [schema.]PARENT, ...")
				continue
			}
			q, msg := parseTableName(name)
			if msg != "" {
				b.errs.Add(d.pos, "//schemagen:inherits: "+msg)
				continue
			}
			b.model.parents = append(b.model.parents, pendingParent{name: q, qualified: strings.Contains(name, "."), pos: d.pos})
		}
	}
}

// addPartition reads //schemagen:partition NAME [of PARTITION] BOUND
// [partition by KEY], whose fields are fields.
func (b *tableBuilder) addPartition(d directive, fields []string) {
	t := b.model.table
	name := fields[0]
	q, msg := parseTableName(name)
	if msg != "" {
		b.errs.Add(d.pos, "//schemagen:partition: "+msg)
		return
	}
	if !strings.Contains(name, ".") {
		q.Schema = t.Schema // an unqualified partition is in its parent's schema
	}
	bound := strings.TrimSpace(strings.TrimSpace(d.args)[len(name):])
	var of string
	if len(fields) > 2 && strings.EqualFold(fields[1], "of") {
		of = fields[2]
		bound = strings.TrimSpace(strings.TrimSpace(bound[2:])[len(of):])
	}
	var key string
	if m := subpartitionRE.FindStringSubmatch(bound); m != nil {
		bound = m[1]
		k := partitionKeyRE.FindStringSubmatch(strings.TrimSpace(m[2]))
		if k == nil {
			b.errs.Add(d.pos, fmt.Sprintf("//schemagen:partition %s ... partition by %s: want range, list or hash followed by the keys in parentheses", name, m[2]))
			return
		}
		key = strings.ToUpper(k[1]) + " " + k[2]
		if err := b.fc.Fragment(schema.Fragment{Kind: schema.FragmentPartitionKey, Text: key}); err != nil {
			b.errs.Add(d.pos, fmt.Sprintf("//schemagen:partition %s: %v", name, err))
			return
		}
	}
	switch {
	case strings.EqualFold(bound, "default"):
		bound = "DEFAULT"
	case bound == "":
		b.errs.Add(d.pos, fmt.Sprintf("//schemagen:partition %s needs its bound: for values from (...) to (...), for values in (...), for values with (modulus M, remainder R) or default", name))
		return
	default:
		if err := b.fc.Fragment(schema.Fragment{Kind: schema.FragmentPartitionBound, Text: bound}); err != nil {
			b.errs.Add(d.pos, fmt.Sprintf("//schemagen:partition %s: %v", name, err))
			return
		}
	}
	if q == t.QualifiedName() {
		b.errs.Add(d.pos, fmt.Sprintf("//schemagen:partition %s has the name of its parent", name))
		return
	}
	for _, p := range b.model.partitions {
		if p.table.QualifiedName() == q {
			b.errs.Add(d.pos, fmt.Sprintf("duplicate partition %s (also at %s)", q, b.pf.format(p.pos)))
			return
		}
	}
	b.model.partitions = append(b.model.partitions, pendingPartition{
		table: &schema.Table{Schema: q.Schema, Name: q.Name, PartitionBy: key,
			PartitionOf: &schema.PartitionOf{Parent: t.QualifiedName(), Bound: bound}, Pos: b.pf.format(d.pos)},
		pos: d.pos,
		of:  of,
	})
}

// resolveSubpartitions points each partition declared "of PARTITION" at
// that partition of the model (in the model's schema unless qualified),
// which must be partitioned itself.
func (b *tableBuilder) resolveSubpartitions() {
	t := b.model.table
	for _, p := range b.model.partitions {
		if p.of == "" {
			continue
		}
		q, msg := parseTableName(p.of)
		if msg != "" {
			b.errs.Add(p.pos, fmt.Sprintf("//schemagen:partition %s of: %s", p.table.Name, msg))
			continue
		}
		if !strings.Contains(p.of, ".") {
			q.Schema = t.Schema
		}
		i := slices.IndexFunc(b.model.partitions, func(o pendingPartition) bool { return o.table.QualifiedName() == q })
		switch {
		case i < 0:
			b.errs.Add(p.pos, fmt.Sprintf("//schemagen:partition %s of %s: table %s declares no partition %s", p.table.Name, p.of, t.QualifiedName(), q))
		case b.model.partitions[i].table.PartitionBy == "":
			b.errs.Add(p.pos, fmt.Sprintf("//schemagen:partition %s of %s: partition %s is not partitioned (add partition by ... to its directive)", p.table.Name, p.of, q))
		case b.model.partitions[i].table == p.table:
			b.errs.Add(p.pos, fmt.Sprintf("//schemagen:partition %s is a partition of itself", p.table.Name))
		default:
			p.table.PartitionOf.Parent = q
		}
	}
}

// resolveParents points each //schemagen:inherits of m at its model (a
// qualified name as given, an unqualified one in the child's schema,
// else in public) and leaves out of the child's columns those its
// ancestors have: PostgreSQL gives them to the child.
func resolveParents(m *model, byName map[schema.QualifiedName]*model, errs *ErrorList) {
	t := m.table
	for _, p := range m.parents {
		var parent *model
		if p.qualified {
			parent = byName[p.name]
		} else if parent = byName[schema.QualifiedName{Schema: t.Schema, Name: p.name.Name}]; parent == nil {
			parent = byName[p.name]
		}
		if parent == nil {
			errs.Add(p.pos, fmt.Sprintf("//schemagen:inherits %s: no model table of that name", p.name))
			continue
		}
		if parent == m {
			errs.Add(p.pos, "//schemagen:inherits names the table itself")
			continue
		}
		if parent.table.PartitionBy != "" {
			errs.Add(p.pos, fmt.Sprintf("//schemagen:inherits %s: a partitioned table has partitions, not children", p.name))
			continue
		}
		t.Inherits = append(t.Inherits, parent.table.QualifiedName())
	}
}

// dropInheritedColumns leaves out of each child's columns those that an
// ancestor has, once every parent is resolved.
func dropInheritedColumns(models []*model, byName map[schema.QualifiedName]*model) {
	for _, m := range models {
		inherited := map[string]bool{}
		seen := map[schema.QualifiedName]bool{m.table.QualifiedName(): true}
		next := m.table.Inherits
		for len(next) > 0 {
			q := next[0]
			next = next[1:]
			p, ok := byName[q]
			if !ok || seen[q] {
				continue
			}
			seen[q] = true
			for _, c := range p.table.Columns {
				inherited[c.Name] = true
			}
			next = append(next, p.table.Inherits...)
		}
		if len(inherited) == 0 {
			continue
		}
		var own []*schema.Column
		for _, c := range m.table.Columns {
			if !inherited[c.Name] {
				own = append(own, c)
			}
		}
		m.table.Columns = own
	}
}
