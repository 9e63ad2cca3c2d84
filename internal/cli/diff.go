package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/emitter"
	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/parser"
	"github.com/schemagen/schemagen/schema"
)

// source is one side of `schemagen diff`.
type source struct {
	spec       string
	url        string // a database
	models     string // a package pattern
	migrations string // a migrations folder, replayed
	schema     *schema.Schema
}

func parseSource(spec string) (*source, error) {
	switch {
	case strings.HasPrefix(spec, "postgres://"), strings.HasPrefix(spec, "postgresql://"):
		return &source{spec: dburl.Redact(spec), url: spec}, nil
	case !strings.HasPrefix(spec, "models:") && !strings.HasPrefix(spec, "migrations:") && strings.Contains(spec, "="):
		// A key/value connection string: host=db dbname=app ...
		return &source{spec: dburl.Redact(spec), url: spec}, nil
	case strings.HasPrefix(spec, "models:"):
		pattern := strings.TrimPrefix(spec, "models:")
		if pattern == "" {
			return nil, usageErr("source %q names no package pattern", spec)
		}
		return &source{spec: spec, models: pattern}, nil
	case strings.HasPrefix(spec, "migrations:"):
		dir := strings.TrimPrefix(spec, "migrations:")
		if dir == "" {
			return nil, usageErr("source %q names no folder", spec)
		}
		return &source{spec: spec, migrations: dir}, nil
	}
	return nil, usageErr("source %q: want a database URL (postgres://... or host=... dbname=...), models:PATTERN or migrations:DIR", dburl.Redact(spec))
}

// load reads the source's schema.
func (s *source) load(ctx context.Context, a *App, p *project) error {
	if s.migrations != "" {
		if p.noModule {
			return usageErr("source %s: a migrations folder is built as part of its Go module; run schemagen inside the module", s.spec)
		}
		mp := *p
		mp.migrationsDir = absFrom(p.dir, s.migrations)
		head, err := a.replayHead(ctx, &mp)
		if err != nil {
			return err
		}
		s.schema = head
		return nil
	}
	if s.models != "" {
		m, err := parser.Load(ctx, parser.Config{Dir: p.root}, patternFrom(p.dir, p.root, s.models))
		if err != nil {
			return err
		}
		s.schema = p.filtered(m)
		return nil
	}
	fmt.Fprintf(a.Stderr, "schemagen: database %s\n", dburl.Target(s.url, a.Getenv))
	db, err := connect(ctx, s.url)
	if err != nil {
		return err
	}
	defer db.Close()
	live, err := catalog.Inspect(ctx, db, catalog.Options{Exclude: p.bookkeepingTables()})
	if err != nil {
		return fmt.Errorf("introspect %s: %w", s.spec, dburl.ScrubError(err, s.url))
	}
	dropVersionSchema(live, p.versionTable)
	s.schema = p.filtered(live)
	return nil
}

func cmdDiff(fs *flag.FlagSet) runFunc {
	from := fs.String("from", "", "the `SOURCE` to start from: a database URL, models:PATTERN or migrations:DIR")
	to := fs.String("to", "", "the `SOURCE` to arrive at")
	format := fs.String("format", "sql", "output `FORMAT`: sql (statements) or go (a migration file)")
	var ff filterFlags
	ff.register(fs)
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if err := noArgs("diff", args); err != nil {
			return err
		}
		if err := ff.apply(p); err != nil {
			return err
		}
		if *from == "" || *to == "" {
			return usageErr("diff needs --from SOURCE and --to SOURCE")
		}
		if *format != "sql" && *format != "go" {
			return usageErr("--format must be sql or go, not %q", *format)
		}
		a.addConn(*from, *to)
		src, err := parseSource(*from)
		if err != nil {
			return err
		}
		dst, err := parseSource(*to)
		if err != nil {
			return err
		}
		for _, s := range []*source{src, dst} {
			if err := s.load(ctx, a, p); err != nil {
				return err
			}
		}
		// A database compared with models or migrations: let the
		// database's server (or the dev database) canonicalize the written
		// side, and respell the database in its words (see
		// differ.Respell).
		switch {
		case src.url != "" && dst.url == "":
			canon, err := canonicalize(ctx, p, src.url, dst.schema)
			if err != nil {
				return err
			}
			src.schema = differ.Respell(src.schema, canon, dst.schema)
		case src.url == "" && dst.url != "":
			canon, err := canonicalize(ctx, p, dst.url, src.schema)
			if err != nil {
				return err
			}
			dst.schema = differ.Respell(dst.schema, canon, src.schema)
		}
		up, err := differ.Diff(src.schema, dst.schema)
		if err != nil {
			return err
		}
		// What schemagen does not manage is reported, never planned:
		// on stderr, so that the SQL or Go on stdout stays runnable.
		nm := differ.NotManaged(src.schema, dst.schema)
		for _, d := range nm {
			fmt.Fprintf(a.Stderr, "%s\n", d.Describe(src.spec, dst.spec))
		}
		if len(up) == 0 {
			if len(nm) > 0 {
				fmt.Fprintf(a.Stderr, "no differences that schemagen manages between %s and %s; %d not managed (exit %d)\n", src.spec, dst.spec, len(nm), ExitNotManaged)
				return &exitError{code: ExitNotManaged}
			}
			fmt.Fprintf(a.Stderr, "no differences between %s and %s\n", src.spec, dst.spec)
			return nil
		}
		if *format == "sql" {
			for _, c := range up {
				stmts, err := change.SQL(c)
				if err != nil {
					return err
				}
				for _, stmt := range stmts {
					a.printf("%s;\n", stmt)
				}
			}
		} else {
			down, _ := change.ReverseAll(up)
			rev, err := a.diffRevisionID(p)
			if err != nil {
				return err
			}
			files, err := emitter.Emit(emitter.Migration{
				Package: "migrations", Revision: rev,
				Message: fmt.Sprintf("from %s to %s", src.spec, dst.spec), Upgrade: up, Downgrade: down,
			})
			if err != nil {
				return err
			}
			for _, src := range files {
				a.printf("%s", src)
			}
		}
		return &exitError{code: ExitDrift}
	}
}

// diffRevisionID returns the revision ID of the migration that diff
// --format go prints, of the form every written migration has
// (timestamp_suffix, [App.newRevisionID]): unique among the project's
// migrations when they can be read, so that the file can join them.
func (a *App) diffRevisionID(p *project) (string, error) {
	g, _ := migrate.NewGraph(nil)
	if !p.noModule {
		if st, err := readMigrations(p); err == nil && st.graph != nil {
			g = st.graph
		}
	}
	return a.newRevisionID(g)
}
