package parser

import (
	"fmt"
	"go/token"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/schemagen/schemagen/schema"
)

// This file holds the directives of table attributes and constraint
// timing: //schemagen:deferrable, //schemagen:exclude,
// //schemagen:unlogged, //schemagen:with and //schemagen:rowsecurity on a
// table, and the package-level //schemagen:schema.

// deferralSyntax is the grammar of //schemagen:deferrable.
const deferralSyntax = "//schemagen:deferrable CONSTRAINT [initially deferred | initially immediate]"

// parseDeferral reads the words after a constraint's name, or at the end
// of an exclusion's definition: "", "initially deferred" or "initially
// immediate" (any case and spacing).
func parseDeferral(words []string) (schema.Deferral, bool) {
	d := schema.Deferral{Deferrable: true}
	switch strings.ToLower(strings.Join(words, " ")) {
	case "", "initially immediate":
	case "initially deferred":
		d.InitiallyDeferred = true
	default:
		return d, false
	}
	return d, true
}

// applyDeferrable applies one //schemagen:deferrable to the primary key,
// unique constraint, foreign key or exclusion constraint it names.
func (b *tableBuilder) applyDeferrable(d directive) {
	args := strings.Fields(d.args)
	if len(args) == 0 {
		b.errs.Add(d.pos, "//schemagen:deferrable needs the name of a constraint: "+deferralSyntax)
		return
	}
	name := args[0]
	def, ok := parseDeferral(args[1:])
	if !ok {
		b.errs.Add(d.pos, fmt.Sprintf("//schemagen:deferrable %s: unexpected %q; want %s", name, strings.Join(args[1:], " "), deferralSyntax))
		return
	}
	t := b.model.table
	switch {
	case t.PrimaryKey != nil && t.PrimaryKey.Name == name:
		t.PrimaryKey.Deferrable, t.PrimaryKey.InitiallyDeferred = def.Deferrable, def.InitiallyDeferred
		return
	}
	if u, ok := t.Unique(name); ok {
		u.Deferrable, u.InitiallyDeferred = def.Deferrable, def.InitiallyDeferred
		return
	}
	if fk, ok := t.ForeignKey(name); ok {
		fk.Deferrable, fk.InitiallyDeferred = def.Deferrable, def.InitiallyDeferred
		return
	}
	if x, ok := t.Exclusion(name); ok {
		x.Deferrable, x.InitiallyDeferred = def.Deferrable, def.InitiallyDeferred
		return
	}
	var names []string
	if t.PrimaryKey != nil {
		names = append(names, t.PrimaryKey.Name)
	}
	for _, u := range t.Uniques {
		names = append(names, u.Name)
	}
	for _, fk := range t.ForeignKeys {
		names = append(names, fk.Name)
	}
	for _, x := range t.Exclusions {
		names = append(names, x.Name)
	}
	msg := fmt.Sprintf("//schemagen:deferrable %s: table %s has no primary key, unique constraint, foreign key or exclusion constraint of that name", name, t.QualifiedName())
	if s := suggest(name, names); s != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", s)
	}
	b.errs.Add(d.pos, msg)
}

// exclusionSyntax is the grammar of //schemagen:exclude.
const exclusionSyntax = "//schemagen:exclude NAME [USING METHOD] (ELEMENT WITH OPERATOR, ...) [INCLUDE (...)] [WITH (...)] [WHERE (PREDICATE)] [DEFERRABLE [INITIALLY DEFERRED]]"

// parseExclusion parses //schemagen:exclude NAME DEFINITION, the
// definition as SQL writes it after EXCLUDE, checked by PostgreSQL's
// grammar; a DEFERRABLE [INITIALLY DEFERRED | INITIALLY IMMEDIATE] at its
// end sets the constraint's timing.
func (b *tableBuilder) parseExclusion(d directive) (*schema.Exclusion, bool) {
	name, def := d.args, ""
	if i := strings.IndexFunc(d.args, unicode.IsSpace); i >= 0 {
		name, def = d.args[:i], strings.TrimSpace(d.args[i:])
	}
	if name == "" || def == "" || strings.HasPrefix(name, "(") {
		b.errs.Add(d.pos, "//schemagen:exclude needs a name and a definition: "+exclusionSyntax)
		return nil, false
	}
	if msg := checkObjectName("exclusion constraint", name); msg != "" {
		b.errs.Add(d.pos, fmt.Sprintf("//schemagen:exclude %s: %s", name, msg))
		return nil, false
	}
	x := &schema.Exclusion{Name: name}
	// The timing at the end: DEFERRABLE, perhaps followed by INITIALLY
	// DEFERRED or INITIALLY IMMEDIATE (words after the last parenthesis,
	// so never inside the definition's SQL).
	words := strings.Fields(def[strings.LastIndexByte(def, ')')+1:])
	for i, w := range words {
		if !strings.EqualFold(w, "deferrable") {
			continue
		}
		timing, ok := parseDeferral(words[i+1:])
		if !ok {
			b.errs.Add(d.pos, fmt.Sprintf("//schemagen:exclude %s: unexpected %q after DEFERRABLE; want INITIALLY DEFERRED or INITIALLY IMMEDIATE", name, strings.Join(words[i+1:], " ")))
			return nil, false
		}
		x.Deferrable, x.InitiallyDeferred = timing.Deferrable, timing.InitiallyDeferred
		cut := def
		for range words[i:] {
			cut = strings.TrimRightFunc(cut, unicode.IsSpace)
			cut = strings.TrimRightFunc(cut, func(r rune) bool { return !unicode.IsSpace(r) })
		}
		def = strings.TrimSpace(cut)
		break
	}
	if err := b.fc.Fragment(schema.Fragment{Kind: schema.FragmentExclusion, Text: def}); err != nil {
		b.errs.Add(d.pos, fmt.Sprintf("//schemagen:exclude %s: %v", name, err))
		return nil, false
	}
	x.Definition = def
	return x, true
}

// parseOptions parses storage parameters written "name=value", separated
// by spaces or commas, into sorted "name=value" strings with the names in
// lower case. seen holds the names given before, to report repeats.
func parseOptions(args string, seen map[string]bool) ([]string, string) {
	fields := strings.FieldsFunc(args, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	if len(fields) == 0 {
		return nil, "needs storage parameters: name=value ..."
	}
	var out []string
	for _, f := range fields {
		n, v, ok := strings.Cut(f, "=")
		if !ok {
			return nil, fmt.Sprintf("storage parameter %q: want name=value, without spaces around =", f)
		}
		if v != "" && strings.TrimFunc(v, isOptionValueRune) != "" {
			// PostgreSQL stores a value as text, quotes and all, and then
			// refuses it at upgrade ('70' is no integer).
			return nil, fmt.Sprintf("storage parameter %s: value %q: write a number or a word, bare (%s=70, %s=off)", strings.ToLower(n), v, strings.ToLower(n), strings.ToLower(n))
		}
		o := strings.ToLower(n) + "=" + v
		if _, _, err := schema.SplitOption(o); err != nil {
			return nil, err.Error()
		}
		if seen[strings.ToLower(n)] {
			return nil, fmt.Sprintf("storage parameter %s is given twice", strings.ToLower(n))
		}
		seen[strings.ToLower(n)] = true
		out = append(out, o)
	}
	slices.Sort(out)
	return out, ""
}

// isOptionValueRune reports whether r may be part of a storage
// parameter's value: numbers (1e-3, +4) and words (off, auto).
func isOptionValueRune(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("_.+-", r))
}

// addAttrDirectives applies //schemagen:exclude, //schemagen:unlogged,
// //schemagen:with, //schemagen:rowsecurity and, last, since it names
// constraints, //schemagen:deferrable.
func (b *tableBuilder) addAttrDirectives(dirs map[string][]directive) {
	t := b.model.table
	for _, d := range dirs["exclude"] {
		if x, ok := b.parseExclusion(d); ok {
			t.Exclusions = append(t.Exclusions, x)
			b.add("exclusion constraint", x.Name, d.pos)
		}
	}
	if ds := dirs["unlogged"]; len(ds) > 0 {
		if ds[0].args != "" {
			b.errs.Add(ds[0].pos, fmt.Sprintf("//schemagen:unlogged takes no arguments, got %q", ds[0].args))
		}
		t.Unlogged = true
	}
	seen := map[string]bool{}
	for _, d := range dirs["with"] {
		if first := strings.Fields(d.args); len(first) > 1 && !strings.Contains(first[0], "=") && !strings.HasPrefix(first[1], "=") {
			b.keyOptions(d, first[0], strings.TrimSpace(d.args[len(first[0]):]))
			continue
		}
		opts, msg := parseOptions(d.args, seen)
		if msg != "" {
			b.errs.Add(d.pos, "//schemagen:with "+msg)
			continue
		}
		t.Options = append(t.Options, opts...)
	}
	slices.Sort(t.Options)
	if ds := dirs["rowsecurity"]; len(ds) > 0 {
		switch strings.ToLower(ds[0].args) {
		case "":
			t.RowSecurity = true
		case "force":
			t.RowSecurity, t.ForceRowSecurity = true, true
		default:
			b.errs.Add(ds[0].pos, fmt.Sprintf("//schemagen:rowsecurity takes nothing or \"force\", got %q", ds[0].args))
		}
	}
	for _, d := range dirs["deferrable"] {
		b.applyDeferrable(d)
	}
	for _, d := range dirs["include"] {
		b.applyInclude(d)
	}
}

// includeSyntax is the grammar of //schemagen:include.
const includeSyntax = "//schemagen:include CONSTRAINT (COLUMN, ...)"

// applyInclude applies //schemagen:include CONSTRAINT (COLUMN, ...) to
// the table's primary key or unique constraint of that name.
func (b *tableBuilder) applyInclude(d directive) {
	t := b.model.table
	name, rest := d.args, ""
	if i := strings.IndexFunc(d.args, func(r rune) bool { return unicode.IsSpace(r) || r == '(' }); i >= 0 {
		name, rest = d.args[:i], strings.TrimSpace(d.args[i:])
	}
	if name == "" || !strings.HasPrefix(rest, "(") || !strings.HasSuffix(rest, ")") {
		b.errs.Add(d.pos, "//schemagen:include needs a constraint and a list of columns: "+includeSyntax)
		return
	}
	parts, err := splitList(rest[1 : len(rest)-1])
	if err != nil {
		b.errs.Add(d.pos, fmt.Sprintf("//schemagen:include %s: %v", name, err))
		return
	}
	var cols []string
	for _, p := range parts {
		c, ok := identName(strings.TrimSpace(p))
		if !ok {
			b.errs.Add(d.pos, fmt.Sprintf("//schemagen:include %s: want column names, got %q", name, strings.TrimSpace(p)))
			return
		}
		if _, ok := b.cols[c]; !ok {
			b.errs.Add(d.pos, fmt.Sprintf("//schemagen:include %s: unknown column %q%s", name, c, b.suggestColumn(c)))
			return
		}
		cols = append(cols, c)
	}
	if t.PrimaryKey != nil && t.PrimaryKey.Name == name {
		t.PrimaryKey.Include = cols
		return
	}
	if u, ok := t.Unique(name); ok {
		u.Include = cols
		return
	}
	b.errs.Add(d.pos, fmt.Sprintf("//schemagen:include %s: table %s has no primary key or unique constraint of that name", name, t.QualifiedName()))
}

// keyOptions applies //schemagen:with CONSTRAINT NAME=VALUE ...: the
// storage parameters of the index of the table's primary key or unique
// constraint named CONSTRAINT.
func (b *tableBuilder) keyOptions(d directive, name, args string) {
	t := b.model.table
	opts, msg := parseOptions(args, map[string]bool{})
	if msg != "" {
		b.errs.Add(d.pos, fmt.Sprintf("//schemagen:with %s: %s", name, msg))
		return
	}
	if t.PrimaryKey != nil && t.PrimaryKey.Name == name {
		t.PrimaryKey.Options = opts
		return
	}
	if u, ok := t.Unique(name); ok {
		u.Options = opts
		return
	}
	var names []string
	if t.PrimaryKey != nil {
		names = append(names, t.PrimaryKey.Name)
	}
	for _, u := range t.Uniques {
		names = append(names, u.Name)
	}
	msg = fmt.Sprintf("//schemagen:with %s: table %s has no primary key or unique constraint of that name", name, t.QualifiedName())
	if s := suggest(name, names); s != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", s)
	}
	b.errs.Add(d.pos, msg)
}

// schemaSyntax is the grammar of //schemagen:schema.
const schemaSyntax = "//schemagen:schema NAME comment TEXT"

// schemaDecl is a schema declared by //schemagen:schema.
type schemaDecl struct {
	name, comment string
	pos           token.Position
}

// parseSchemaDirective parses //schemagen:schema NAME comment TEXT.
func parseSchemaDirective(d directive) (schemaDecl, string) {
	args := strings.Fields(d.args)
	if len(args) < 3 || !strings.EqualFold(args[1], "comment") {
		return schemaDecl{}, "//schemagen:schema needs a name and a comment: " + schemaSyntax
	}
	name := args[0]
	if msg := checkIdent("schema", name); msg != "" {
		return schemaDecl{}, "//schemagen:schema: " + msg
	}
	if name == schema.DefaultSchema {
		return schemaDecl{}, "//schemagen:schema: the comment of schema public is not managed"
	}
	// The comment is the text after the word "comment", as written.
	rest := strings.TrimSpace(d.args[strings.Index(d.args, args[0])+len(args[0]):])
	rest = strings.TrimSpace(rest[len(args[1]):])
	return schemaDecl{name: name, comment: rest, pos: d.pos}, ""
}

// applySchemaDirectives declares the schemas of //schemagen:schema
// directives (in package doc comments) in s, with their comments; a
// schema declared twice is reported at the second, pointing at the first.
func applySchemaDirectives(s *schema.Schema, dirs []directive, pf posFormatter, errs *ErrorList) {
	seen := map[string]schemaDecl{}
	for _, d := range dirs {
		sd, msg := parseSchemaDirective(d)
		if msg != "" {
			errs.Add(d.pos, msg)
			continue
		}
		if first, ok := seen[sd.name]; ok {
			errs.Add(d.pos, fmt.Sprintf("duplicate //schemagen:schema %s (also at %s)", sd.name, pf.format(first.pos)))
			continue
		}
		seen[sd.name] = sd
		if !slices.Contains(s.Schemas, sd.name) {
			s.Schemas = append(s.Schemas, sd.name)
			slices.Sort(s.Schemas)
		}
		if s.SchemaComments == nil {
			s.SchemaComments = map[string]string{}
		}
		s.SchemaComments[sd.name] = sd.comment
	}
}
