package parser

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/schema"
)

// Config controls [Load]. The zero value loads from the current directory
// with the process environment.
type Config struct {
	// Dir is the directory the patterns are relative to and where the go
	// command runs; empty means the current directory.
	Dir string
	// Env lists environment variables ("KEY=value") appended to
	// os.Environ() for the go command; a later entry wins over an earlier
	// one. Nil means os.Environ() alone.
	Env []string
	// CacheDir is the folder where Load keeps the export data it writes of
	// the packages the models import (see Load). Empty means types/ under
	// $SCHEMAGEN_CACHE when that is set, else schemagen/types/ under the
	// user cache dir (os.UserCacheDir), as the go command's own cache.
	CacheDir string
}

// exportDataMode is what [Load] asks go/packages for when it leaves type
// checking to it: syntax and types of the root packages, and types of
// their imports from the go command's export data.
const exportDataMode = packages.NeedName | packages.NeedFiles | packages.NeedSyntax |
	packages.NeedTypes | packages.NeedTypesInfo | packages.NeedImports

// Load loads the packages matching patterns and returns the schema of
// every struct whose doc comment carries //schemagen:table and every type
// marked //schemagen:enum.
//
// Tables and enums come in a fixed order: by package path, then file,
// then position. Their Pos and the columns' Pos are "file:line:col",
// relative to the working directory when below it. Schema.Schemas lists
// the distinct schemas other than public that tables or enums live in.
//
// Column types are inferred from Go types matched by package path and name:
// bool boolean; int8, int16 smallint; int32 integer; int, int64, uint32
// bigint; uint8, uint16 integer; float32 real; float64 double precision;
// string text; []byte bytea; time.Time timestamptz; json.RawMessage jsonb;
// a type UUID of a package whose path ends in /uuid uuid; net.IP inet;
// slices of these T[]; pq.StringArray, pq.Int64Array, pq.Float64Array and
// pq.BoolArray arrays; sql.NullString and its kin their value's type;
// sql.Null[T] T's type; a //schemagen:enum type its enum; any other named
// type its underlying type. A pointer is unwrapped.
//
// The packages matching patterns are parsed and type-checked from source.
// The packages they import reach them through export data, which Load
// writes itself rather than have the go command compile them (`go list
// -export` compiles every dependency: the standard library below the
// models, with an empty build cache, as on a fresh CI runner, takes that
// command seconds). Load type-checks each such package from source, with
// function bodies ignored unless the package belongs to the main module,
// writes its export data, and keeps it in [Config.CacheDir] under a hash
// of the package's files and of everything else it depends on, so that a
// later Load reads it. Results do not depend on the cache. A package with
// errors is type-checked from source next to the models instead, and its
// errors reported (errors in the function bodies of another module's
// packages are the compiler's business, not reported); so is a package
// that imports a matched package. When a matched package, or an imported
// one outside the standard library, uses cgo, Load leaves everything to
// go/packages and the go command's export data, as only the go command
// runs cgo; so it does when GOPACKAGESDRIVER names a driver.
//
// An error of Load itself (the go command cannot run, say) is returned
// alone and wrapped. Otherwise the errors of the packages (syntax and type
// errors) and every mistake in the models are returned together as an
// [ErrorList], sorted and without duplicates, and the schema is nil.
//
// Load keeps nothing in memory between calls and may be called
// concurrently, also by several processes sharing a cache folder: an entry
// is written whole, then renamed into place.
func Load(ctx context.Context, cfg Config, patterns ...string) (*schema.Schema, error) {
	return loadWithTypes(ctx, cfg, patterns, loadTyped)
}

// typedLoader returns the root packages matching patterns, type-checked,
// with the Fset, Syntax, Types, TypesInfo and Errors that [schemaOf] reads.
type typedLoader func(ctx context.Context, dir string, env []string, cache *typeCache, patterns []string) ([]*packages.Package, error)

// loadWithTypes is [Load] with the packages loaded by typed.
func loadWithTypes(ctx context.Context, cfg Config, patterns []string, typed typedLoader) (*schema.Schema, error) {
	dir, err := filepath.Abs(cmp.Or(cfg.Dir, "."))
	if err != nil {
		return nil, fmt.Errorf("load packages: %w", err)
	}
	cacheDir := cfg.CacheDir
	if cacheDir == "" {
		cacheDir = defaultTypeCacheDir()
	}
	pkgs, err := typed(ctx, dir, append(os.Environ(), cfg.Env...), openTypeCache(cacheDir), patterns)
	if err != nil {
		return nil, fmt.Errorf("load packages %s: %w", strings.Join(patterns, " "), err)
	}

	var errs ErrorList
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if isBuildOutput(e, p.Errors) {
				continue
			}
			errs.Add(parsePos(e.Pos, dir), e.Msg)
		}
	})

	slices.SortFunc(pkgs, func(a, b *packages.Package) int { return strings.Compare(a.PkgPath, b.PkgPath) })
	s := schemaOf(pkgs, &errs)
	if len(errs) == 0 {
		// The checks above report every mistake with its position; a
		// complaint of Validate is a mistake they missed.
		if err := s.Validate(); err != nil {
			errs.Add(token.Position{}, err.Error())
		}
	}
	errs.RemoveDuplicates()
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// loadTyped returns the root packages matching patterns, type-checked,
// as [Load] describes: from source with the export data that the cache
// holds or [loadSource] writes, or with go/packages and the go command's
// export data when a package uses cgo or a driver stands in for go list.
func loadTyped(ctx context.Context, dir string, env []string, cache *typeCache, patterns []string) ([]*packages.Package, error) {
	if d := envValue(env, "GOPACKAGESDRIVER"); d != "" && d != "off" {
		// A driver of go/packages (Bazel's, say) stands in for go list,
		// and gives the types too.
		return loadExportData(ctx, dir, env, cache, patterns)
	}
	pkgs, err := loadSource(ctx, dir, env, cache, patterns)
	if errors.Is(err, errCacheEntry) {
		// An entry went away or was damaged. Load again, reading every
		// entry before counting on it (a damaged one is removed, and
		// written anew); and should one go away even then, without the
		// cache, which cannot fail so.
		if pkgs, err = loadSource(ctx, dir, env, cache.verifying(), patterns); errors.Is(err, errCacheEntry) {
			pkgs, err = loadSource(ctx, dir, env, nil, patterns)
		}
	}
	if errors.Is(err, errNeedsExportData) {
		return loadExportData(ctx, dir, env, cache, patterns)
	}
	if err == nil {
		cache.trim()
	}
	return pkgs, err
}

// envValue returns the value of key in env ("KEY=value" entries, the last
// one winning), or "".
func envValue(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], key+"="); ok {
			return v
		}
	}
	return ""
}

// loadExportData returns the root packages matching patterns as
// go/packages loads them with the go command's export data, which `go list
// -export` compiles. It keeps nothing in cache.
func loadExportData(ctx context.Context, dir string, env []string, _ *typeCache, patterns []string) ([]*packages.Package, error) {
	return packages.Load(&packages.Config{Context: ctx, Mode: exportDataMode, Dir: dir, Env: env}, patterns...)
}

// schemaOf builds the schema of the models in pkgs (type-checked, in
// import-path order), adding every mistake to errs.
func schemaOf(pkgs []*packages.Package, errs *ErrorList) *schema.Schema {
	sp := newSourcePositions(pkgs)
	pf := newPosFormatter()
	var decls []*typeDecl
	var pkgDirs []directive
	var gorms []*gormPkg
	var buns []*packages.Package
	for _, pkg := range pkgs {
		d, p := scanPackage(pkg, pf, errs)
		decls, pkgDirs = append(decls, d...), append(pkgDirs, p...)
		if g := gormDirective(pkg, p, errs); g != nil {
			gorms = append(gorms, g)
		}
		if slices.ContainsFunc(p, func(d directive) bool { return d.name == "bun" }) {
			buns = append(buns, pkg)
		}
	}
	enums, enumList, enumPos := collectEnums(decls, pf, errs)
	var models []*model
	var fc sqlcheck.Checker
	var schemaDirs []directive
	for _, d := range pkgDirs {
		if d.name == "schema" {
			schemaDirs = append(schemaDirs, d)
		}
	}
	for _, td := range decls {
		if td.dirs["table"] != nil && !slices.ContainsFunc(gorms, func(g *gormPkg) bool { return g.pkg == td.pkg }) && !slices.Contains(buns, td.pkg) {
			if m := buildModel(td, sp, pf, enums, &fc, errs); m != nil {
				models = append(models, m)
			}
		}
	}
	// The models of //schemagen:gorm and //schemagen:bun packages (see
	// gorm.go and bun.go).
	models = append(models, gormModels(gorms, buns, decls, sp, pf, &fc, errs)...)
	models = append(models, bunModels(buns, decls, sp, pf, &fc, errs)...)
	objs := objectsOf(pkgDirs, decls, sp, errs)
	s := buildSchema(models, enumList, enumPos, pf, errs)
	applySchemaDirectives(s, schemaDirs, pf, errs)
	addObjects(s, objs, pf, errs)
	return s
}

// buildSchema collects the tables and enums, reports duplicate tables and
// names that clash within a schema, and resolves foreign keys.
func buildSchema(models []*model, enums []*schema.Enum, enumPos map[*schema.Enum]token.Position, pf posFormatter, errs *ErrorList) *schema.Schema {
	slices.SortStableFunc(models, func(a, b *model) int {
		return cmp.Or(
			strings.Compare(a.pkgPath, b.pkgPath),
			strings.Compare(a.pos.Filename, b.pos.Filename),
			cmp.Compare(a.pos.Offset, b.pos.Offset),
		)
	})
	s := &schema.Schema{Enums: enums}
	addSchema := func(name string) {
		if name != schema.DefaultSchema && !slices.Contains(s.Schemas, name) {
			s.Schemas = append(s.Schemas, name)
		}
	}
	for _, e := range enums {
		addSchema(e.Schema)
	}
	byName := map[schema.QualifiedName]*model{}
	var kept []*model
	for _, m := range models {
		q := m.table.QualifiedName()
		if first, ok := byName[q]; ok {
			errs.Add(m.pos, fmt.Sprintf("duplicate table %q (also at %s)", q.String(), pf.format(first.pos)))
			continue
		}
		byName[q] = m
		kept = append(kept, m)
		s.Tables = append(s.Tables, m.table)
		addSchema(m.table.Schema)
	}
	slices.Sort(s.Schemas)
	renamedFrom := map[schema.QualifiedName]*model{}
	for _, m := range kept {
		old := m.table.RenamedFrom
		if old.Name == "" {
			continue
		}
		if first, ok := renamedFrom[old]; ok {
			errs.Add(m.pos, fmt.Sprintf("table %s: //schemagen:renamed %s, as table %s says too; one table only can take the old one's place (also at %s)",
				m.table.QualifiedName(), old, first.table.QualifiedName(), pf.format(first.pos)))
			continue
		}
		renamedFrom[old] = m
	}
	for _, e := range enums {
		if m, ok := byName[e.QualifiedName()]; ok {
			errs.Add(enumPos[e], fmt.Sprintf("enum %q has the name of a table, whose row type takes it (also at %s)", e.TypeName(), pf.format(m.pos)))
		}
	}
	for _, m := range kept {
		for _, p := range m.partitions {
			q := p.table.QualifiedName()
			if first, ok := byName[q]; ok {
				errs.Add(p.pos, fmt.Sprintf("duplicate table %q (also at %s)", q.String(), pf.format(first.pos)))
				continue
			}
			byName[q] = &model{pkgPath: m.pkgPath, pos: p.pos, table: p.table}
			s.Tables = append(s.Tables, p.table)
			addSchema(p.table.Schema)
		}
	}
	slices.Sort(s.Schemas)
	for _, m := range kept {
		resolveParents(m, byName, errs)
	}
	dropInheritedColumns(kept, byName)
	checkIndexNames(kept, pf, errs)
	checkRelationNames(kept, byName, pf, errs)
	checkPartitionedKeys(kept, errs)
	enumNames := enumTypeNames(enums)
	for _, m := range kept {
		for _, ref := range m.fks {
			resolveFK(m.table, ref, byName, enumNames, errs)
		}
		for _, ref := range m.keyFKs {
			resolveKeyFK(m.table, ref, byName, enumNames, errs)
		}
	}
	return s
}

// checkIndexNames reports indexes that share a name with another index,
// or with the index of a unique or primary-key constraint, in the same
// schema: PostgreSQL names indexes per schema. Models are taken in order,
// and the names of each as [tableBuilder.checkConstraintNames] takes them.
// Constraints of one table that share a name are left to that method.
func checkIndexNames(models []*model, pf posFormatter, errs *ErrorList) {
	type entry struct {
		obj   namedObj
		table *schema.Table
	}
	seen := map[schema.QualifiedName]entry{}
	for _, m := range models {
		for _, o := range m.objs {
			if o.kind != "index" && o.kind != "unique constraint" && o.kind != "primary key" && o.kind != "exclusion constraint" && o.kind != "sequence" {
				continue
			}
			q := schema.QualifiedName{Schema: m.table.Schema, Name: o.name}
			first, ok := seen[q]
			if !ok {
				seen[q] = entry{o, m.table}
				continue
			}
			if first.table == m.table && first.obj.kind != "index" && o.kind != "index" && first.obj.kind != "sequence" && o.kind != "sequence" {
				continue
			}
			if o.kind == "sequence" || first.obj.kind == "sequence" {
				// Sequences and indexes share the schema's relation names.
				errs.Add(o.pos, fmt.Sprintf("the name %q of a %s is taken in schema %s (also at %s, %s of table %s); a serial sequence is named TABLE_COLUMN_seq: rename the column or the other object",
					o.name, o.kind, q.Schema, pf.format(first.obj.pos), first.obj.kind, first.table.QualifiedName()))
				continue
			}
			errs.Add(o.pos, fmt.Sprintf("duplicate index name %q in schema %s (also at %s, %s of table %s)",
				o.name, q.Schema, pf.format(first.obj.pos), first.obj.kind, first.table.QualifiedName()))
		}
	}
}

// resolveFK points a foreign key at its model table: a qualified name as
// given, an unqualified one in the table's own schema, else in public. The
// referenced column must be a key, of a type PostgreSQL can compare with
// the referencing column's (see [fkTypesCompatible]); enums holds the
// type names of the enums.
func resolveFK(t *schema.Table, ref pendingFK, byName map[schema.QualifiedName]*model, enums map[string]bool, errs *ErrorList) {
	var target *model
	if strings.Contains(ref.target.table, ".") {
		target = byName[schema.ParseQualifiedName(ref.target.table)]
	} else {
		target = byName[schema.QualifiedName{Schema: t.Schema, Name: ref.target.table}]
		if target == nil {
			target = byName[schema.QualifiedName{Schema: schema.DefaultSchema, Name: ref.target.table}]
		}
	}
	if target == nil {
		errs.Add(ref.pos, fmt.Sprintf("field %s: fk references unknown table %q", ref.field, ref.target.table))
		return
	}
	col := ref.target.column
	written := ref.target.table + "." + col
	refCol, ok := target.table.Column(col)
	if !ok {
		errs.Add(ref.pos, fmt.Sprintf("field %s: fk references unknown column %q%s", ref.field, written, suggestColumnOf(target.table, col)))
		return
	}
	if !isKey(target.table, col) {
		errs.Add(ref.pos, fmt.Sprintf("field %s: fk references %q, which is neither the primary key nor unique", ref.field, written))
		return
	}
	if deferrableKey(target.table, col) {
		errs.Add(ref.pos, fmt.Sprintf("field %s: fk references %q, whose key is deferrable: PostgreSQL refuses a foreign key to a deferrable key", ref.field, written))
		return
	}
	if target.table.Unlogged && !t.Unlogged {
		errs.Add(ref.pos, fmt.Sprintf("field %s: fk references %q, whose table is unlogged: PostgreSQL refuses a foreign key of a logged table to an unlogged one; make table %s unlogged too, or %s logged",
			ref.field, written, t.QualifiedName(), target.table.QualifiedName()))
		return
	}
	if own, ok := t.Column(ref.fk.Columns[0]); ok && own.Type != "" && refCol.Type != "" && !fkTypesCompatible(own.Type, refCol.Type, enums) {
		at := ""
		if refCol.Pos != "" {
			at = " (at " + refCol.Pos + ")"
		}
		errs.Add(ref.pos, fmt.Sprintf("field %s: fk column %q is %s, but it references %q, which is %s%s: PostgreSQL cannot compare the two types; make them match",
			ref.field, own.Name, own.Type, written, refCol.Type, at))
		return
	}
	ref.fk.RefSchema = target.table.Schema
	ref.fk.RefTable = target.table.Name
}

// deferrableKey reports whether the primary key or unique constraint
// over col alone is deferrable, and no other key over col is not.
func deferrableKey(t *schema.Table, col string) bool {
	found, deferrable := false, true
	if pk := t.PrimaryKey; pk != nil && slices.Equal(pk.Columns, []string{col}) {
		found, deferrable = true, pk.Deferral().Deferrable
	}
	for _, u := range t.Uniques {
		if slices.Equal(u.Columns, []string{col}) {
			found = true
			deferrable = deferrable && u.Deferral().Deferrable
		}
	}
	return found && deferrable
}

// isKey reports whether col alone is the table's primary key or a unique
// constraint, as a foreign key's target must be.
func isKey(t *schema.Table, col string) bool {
	if pk := t.PrimaryKey; pk != nil && slices.Equal(pk.Columns, []string{col}) {
		return true
	}
	for _, u := range t.Uniques {
		if slices.Equal(u.Columns, []string{col}) {
			return true
		}
	}
	return false
}

// isBuildOutput reports whether e is the compiler output of building export
// data ("# example.com/pkg\n..."), which go list reports next to the same
// errors found by type-checking from source, with positions.
func isBuildOutput(e packages.Error, all []packages.Error) bool {
	if e.Kind != packages.ListError || e.Pos != "" || !strings.HasPrefix(e.Msg, "# ") {
		return false
	}
	return slices.ContainsFunc(all, func(o packages.Error) bool {
		return o.Kind == packages.TypeError || o.Kind == packages.ParseError
	})
}

// parsePos parses a go/packages position ("file:line:col", "file:line",
// "file", "-" or ""), making a relative file absolute against dir.
func parsePos(s, dir string) token.Position {
	if s == "" || s == "-" {
		return token.Position{}
	}
	var nums []int
	file := s
	for range 2 {
		i := strings.LastIndexByte(file, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(file[i+1:])
		if err != nil {
			break
		}
		nums = append([]int{n}, nums...)
		file = file[:i]
	}
	if !filepath.IsAbs(file) {
		file = filepath.Join(dir, file)
	}
	p := token.Position{Filename: file}
	if len(nums) > 0 {
		p.Line = nums[0]
	}
	if len(nums) > 1 {
		p.Column = nums[1]
	}
	return p
}
