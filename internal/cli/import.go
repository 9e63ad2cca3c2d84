package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/emitter"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// cmdImport adopts an existing database: it reads the database (through
// the include and exclude filters), writes a Go model package that
// package parser reads back to the same schema, a baseline migration
// that takes an empty database to it, and stamps the database at that
// baseline. The database is only read, but for the stamp, which writes
// the version table alone (and --no-stamp leaves that out too); the
// comparison that proves the models right runs as `check`'s does (on the
// dev database when one is set).
func cmdImport(fs *flag.FlagSet) runFunc {
	out := fs.String("out", "", "write the models into `DIR` (default: models at the module root)")
	pkgName := fs.String("package", "", "the models' Go package `NAME` (default: the folder's name, else models)")
	msg := fs.String("m", "baseline", "the baseline migration's `MESSAGE`")
	noStamp := fs.Bool("no-stamp", false, "leave the database's version table alone: do not stamp it at the baseline")
	force := fs.Bool("force", false, "write the models into a folder that holds .go files already: the files a previous import writes there (doc.go, enums.go, *_tables.go, schema.sql) are replaced, others left")
	var ff filterFlags
	ff.register(fs)
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if err := noArgs("import", args); err != nil {
			return err
		}
		if err := ff.apply(p); err != nil {
			return err
		}
		if p.noModule {
			return usageErr("import writes Go models: run it inside a Go module (go mod init first)")
		}
		outDir := filepath.Join(p.root, "models")
		if *out != "" {
			outDir = absFrom(p.dir, *out)
		}
		pkg := *pkgName
		if pkg == "" {
			pkg = filepath.Base(outDir)
			if !token.IsIdentifier(pkg) || token.IsKeyword(pkg) || strings.ToLower(pkg) != pkg {
				pkg = "models"
			}
		}
		if !token.IsIdentifier(pkg) || token.IsKeyword(pkg) || pkg == "_" {
			return usageErr("--package %q is not a Go package name", pkg)
		}
		rel, err := filepath.Rel(p.root, outDir)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return usageErr("--out %s lies outside the module at %s", relPath(outDir), relPath(p.root))
		}
		modelsPattern := path.Clean("./" + filepath.ToSlash(rel))
		if modelsPattern != "." {
			modelsPattern = "./" + modelsPattern
		}

		// Refuse before reading anything of the database.
		if goFiles := goFilesIn(outDir); len(goFiles) > 0 && !*force {
			return usageErr("%s holds Go files already (%s): import writes a package of its own; name another folder with --out, or pass --force to write into it", relPath(outDir), strings.Join(goFiles, ", "))
		}
		graph, err := migrate.NewGraph(nil)
		if err != nil {
			return err
		}
		migPkg := packageNameFor(p.migrationsDir)
		if _, err := os.Stat(p.migrationsDir); err == nil {
			st, err := readMigrations(p)
			if err != nil {
				return err
			}
			if n := len(st.migs); n > 0 {
				return usageErr("%s holds %d migration(s) already: the baseline must be the first; import into a project without migrations (--migrations DIR names another folder)", relPath(p.migrationsDir), n)
			}
			graph, migPkg = st.graph, st.pkg
		}

		db, err := a.openDB(ctx, p)
		if err != nil {
			return err
		}
		defer db.Close()
		current, err := migrate.ReadVersions(ctx, db, p.versionTable)
		if err != nil {
			return err
		}
		if len(current) > 0 && !*noStamp {
			return usageErr("the database is stamped already (at %s): it is managed by migrations; import adopts a database that is not, or pass --no-stamp to write the models and baseline without touching its version table", revList(current))
		}
		live, err := inspectDB(ctx, db, p)
		if err != nil {
			return fmt.Errorf("introspect %s: %w", p.redactedURL(), err)
		}
		if len(live.Tables) == 0 && len(live.Enums) == 0 && len(live.Objects) == 0 && len(slices.DeleteFunc(slices.Clone(live.Schemas), func(n string) bool { return n == schema.DefaultSchema })) == 0 {
			return usageErr("nothing to import: %s holds no schema, table, enum or other object that the filters keep", p.redactedURL())
		}

		files, err := emitter.Models(live, emitter.ModelOptions{Package: pkg})
		if err != nil {
			var ue *emitter.UnexpressibleError
			if errors.As(err, &ue) {
				return usageErr("import: %v\nnothing was written; exclude what the models cannot say (--exclude, --exclude-schema) or change it in the database first", err)
			}
			return err
		}
		// A first plan of the baseline, from the database, so that a
		// schema the migrations cannot hold is refused before anything
		// is written; the baseline written is planned from the models
		// read back, below.
		rev := a.newRevisionID(graph)
		if _, err := baselineOf(live, migPkg, rev, *msg); err != nil {
			return err
		}

		// Write the models, then prove that they read back to the
		// database, as `check` compares them.
		if err := os.MkdirAll(outDir, 0o755); err != nil {
			return fmt.Errorf("create %s: %w", relPath(outDir), err)
		}
		if *force {
			// What a previous import wrote goes, so that no struct of a
			// table left out this time stays behind.
			if err := removeImported(outDir); err != nil {
				return err
			}
		}
		for _, name := range slices.Sorted(maps.Keys(files)) {
			path := filepath.Join(outDir, name)
			if err := os.WriteFile(path, files[name], 0o644); err != nil {
				return fmt.Errorf("write %s: %w", relPath(path), err)
			}
			a.printf("wrote %s\n", relPath(path))
		}
		configured := p.models
		p.models = []string{modelsPattern}
		model, err := loadModels(ctx, p)
		if err != nil {
			return fmt.Errorf("import: the models written in %s do not load; nothing else was written (when a filter leaves out what an object of the import uses, a table a view reads say, import that too; otherwise this is a bug of schemagen import, please report it):\n%v", relPath(outDir), err) // %v: report prints a wrapped parser.ErrorList alone
		}
		up, nm, err := modelDiff(ctx, db, p, model)
		if err != nil {
			return err
		}
		if len(up) > 0 {
			var b strings.Builder
			for _, c := range up {
				b.WriteString("\n    " + change.Describe(c))
			}
			return &exitError{code: ExitDrift, err: fmt.Errorf("import: the models written in %s do not read back to the database (a bug of schemagen import; please report it); no baseline written, nothing stamped. The differences:%s", relPath(outDir), b.String())}
		}

		// What the models cannot hold, `check` reports as not managed.
		for _, d := range nm {
			fmt.Fprintf(a.Stderr, "schemagen: note: %s: schemagen does not manage it, so the models and the baseline leave it out, and `check` reports it (exit %d when nothing else differs); exclude it in %s to compare without it\n", d.Describe("the database", "the models"), ExitNotManaged, ConfigFile)
		}

		// The baseline is what `revision --autogenerate --offline` writes
		// for the models in a project without migrations: the
		// migrations then spell everything as the models do.
		m, err := baselineOf(model, migPkg, rev, *msg)
		if err != nil {
			return err
		}

		// The project layout, as init makes it, with the models named.
		if _, err := os.Stat(filepath.Join(p.root, ConfigFile)); err == nil && !slices.Contains(configured, modelsPattern) {
			fmt.Fprintf(a.Stderr, "schemagen: warning: %s names the models %s; add %q to models there, or check and revision do not read the imported models\n", ConfigFile, strings.Join(configured, ", "), modelsPattern)
		}
		cfgPath := filepath.Join(p.root, ConfigFile)
		_, err = os.Stat(cfgPath)
		hadConfig := err == nil
		if err := cmdInit(flag.NewFlagSet("init", flag.ContinueOnError))(ctx, a, p, nil); err != nil {
			return err
		}
		if err := a.keepFilters(cfgPath, hadConfig, ff, p); err != nil {
			return err
		}
		if err := a.writeMigration(p, m); err != nil {
			return err
		}
		a.printf("the baseline %s creates the schema from an empty database (%d changes)\n", m.Revision, len(m.Upgrade))
		if *noStamp {
			a.printf("not stamped (--no-stamp): `schemagen stamp %s` marks the database as at the baseline\n", m.Revision)
			return nil
		}
		return cmdStamp(flag.NewFlagSet("stamp", flag.ContinueOnError))(ctx, a, p, []string{m.Revision})
	}
}

// goFilesIn returns the names of the .go files in dir, sorted; none when
// dir does not exist.
func goFilesIn(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			out = append(out, e.Name())
		}
	}
	return out
}

// keepFilters makes the filters of the import those of the project: every
// later comparison must leave out what the import left out, or `check`
// finds the database's other objects missing from the models. When
// import created the config file (created false: it existed before), the
// filter flags go into it; otherwise a flag that differs from the file
// is warned about: the file is the user's.
func (a *App) keepFilters(cfgPath string, existed bool, ff filterFlags, p *project) error {
	given := len(ff.schemas) > 0 || len(ff.excludeSchemas) > 0 || len(ff.exclude) > 0
	if !given {
		return nil
	}
	if existed {
		fmt.Fprintf(a.Stderr, "schemagen: warning: %s existed already, and import leaves it alone: set schemas, exclude_schemas and exclude there as the filter flags of this import say, or `check` compares more than was imported\n", ConfigFile)
		return nil
	}
	var b bytes.Buffer
	b.WriteString("# What `schemagen import` read: every comparison leaves out the rest.\n")
	enc := toml.NewEncoder(&b)
	if err := enc.Encode(struct {
		Schemas        []string `toml:"schemas,omitempty"`
		ExcludeSchemas []string `toml:"exclude_schemas,omitempty"`
		Exclude        []string `toml:"exclude,omitempty"`
	}{p.filter.Schemas, p.filter.ExcludeSchemas, p.filter.Exclude}); err != nil {
		return fmt.Errorf("write the filters to %s: %w", ConfigFile, err)
	}
	f, err := os.OpenFile(cfgPath, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write the filters to %s: %w", ConfigFile, err)
	}
	_, err = f.Write(b.Bytes())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write the filters to %s: %w", ConfigFile, err)
	}
	return nil
}

// baselineOf returns the migration rev that takes an empty database to s.
func baselineOf(s *schema.Schema, pkg, rev, msg string) (emitter.Migration, error) {
	up, err := differ.Diff(&schema.Schema{}, s)
	if err != nil {
		return emitter.Migration{}, fmt.Errorf("plan the baseline: %w", err)
	}
	down, ok := change.ReverseAll(up)
	if !ok {
		return emitter.Migration{}, errors.New("import: cannot write a downgrade for the baseline")
	}
	m := emitter.Migration{Package: pkg, Revision: rev, Message: msg, Upgrade: up, Downgrade: down}
	if _, err := emitter.Emit(m); err != nil {
		return emitter.Migration{}, fmt.Errorf("emit the baseline: %w", err)
	}
	return m, nil
}

// removeImported removes from dir the files that an import writes there:
// doc.go, enums.go, *_tables.go and schema.sql.
func removeImported(dir string) error {
	for _, name := range goFilesIn(dir) {
		if name == "doc.go" || name == "enums.go" || strings.HasSuffix(name, "_tables.go") {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return fmt.Errorf("remove the models of a previous import: %w", err)
			}
		}
	}
	if err := os.Remove(filepath.Join(dir, "schema.sql")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove the models of a previous import: %w", err)
	}
	return nil
}
