package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/bench/gen"
)

// debianPython is the interpreter Debian's python3-alembic installs for.
const debianPython = "/usr/bin/python3"

// findAlembic sets h.python when Debian's Alembic, SQLAlchemy and psycopg2
// import, and records their versions or why Alembic is skipped.
func (h *harness) findAlembic() {
	if !h.cfg.alembic {
		h.res.Alembic = "skipped: -alembic=false"
		return
	}
	out, err := exec.CommandContext(h.ctx, debianPython, "-c",
		"import alembic, sqlalchemy, psycopg2; print(alembic.__version__, sqlalchemy.__version__, psycopg2.__version__.split()[0])").CombinedOutput()
	if err != nil {
		h.res.Alembic = fmt.Sprintf("skipped: Debian's python3-alembic, python3-sqlalchemy and python3-psycopg2 are not installed (%s -c 'import alembic, sqlalchemy, psycopg2': %s); `make bench` installs them when it runs as root on a machine with apt-get",
			debianPython, strings.TrimSpace(firstLine(string(out), err)))
		h.logf("ALEMBIC %s", h.res.Alembic)
		return
	}
	f := strings.Fields(string(out))
	if len(f) != 3 {
		h.res.Alembic = fmt.Sprintf("skipped: cannot read the versions from %q", out)
		return
	}
	h.python = debianPython
	h.res.Alembic = fmt.Sprintf("Alembic %s, SQLAlchemy %s, psycopg2 %s (Debian packages, %s)", f[0], f[1], f[2], debianPython)
	h.logf("%s", h.res.Alembic)
}

func firstLine(s string, err error) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return err.Error()
	}
	lines := strings.Split(s, "\n")
	return lines[len(lines)-1]
}

// alembicURL turns a postgres:// URL into SQLAlchemy's
// postgresql+psycopg2:// form.
func alembicURL(u string) (string, error) {
	p, err := url.Parse(u)
	if err != nil {
		return "", fmt.Errorf("parse the database URL: %w", err)
	}
	p.Scheme = "postgresql+psycopg2"
	return p.String(), nil
}

// alembic measures `alembic revision --autogenerate` of the models variant
// of n tables against the database at dbURL, and returns what the last
// run's revision holds and how one more run with Python's default
// recursion limit fares.
func (h *harness) alembic(n int, dbURL string, runs int) (m *measurement, found, defaultLimit string) {
	dir := filepath.Join(h.tmp, fmt.Sprintf("n%d", n), "alembic")
	if err := gen.Alembic(gen.Tables(n, gen.Models)).Write(dir); err != nil {
		return &measurement{Err: err.Error()}, "", ""
	}
	aurl, err := alembicURL(dbURL)
	if err != nil {
		return &measurement{Err: err.Error()}, "", ""
	}
	versions := filepath.Join(dir, "versions")
	queries := filepath.Join(dir, "queries.txt")
	c := command{
		Dir:  dir,
		Env:  append(os.Environ(), gen.AlembicURLEnv+"="+aurl, gen.AlembicQueriesEnv+"="+queries),
		Args: []string{h.python, "-m", "alembic", "-c", "alembic.ini", "revision", "--autogenerate", "-m", "bench"},
	}
	clean := func() error { return removeExcept(versions, []string{".keep", "__pycache__"}) }
	m = repeat(1, runs, clean, func() (run, error) {
		out, err := execute(h.ctx, h.self, c)
		if err != nil {
			return out.run, err
		}
		if src, err := os.ReadFile(queries); err == nil {
			out.queries, _ = strconv.Atoi(strings.TrimSpace(string(src)))
		}
		found = alembicOps(versions)
		return out.run, nil
	})
	if err := clean(); err != nil {
		return m, found, err.Error()
	}
	c.Env = append(c.Env, gen.AlembicRecursionEnv+"=0")
	c.Exits = []int{0, 1}
	out, err := execute(h.ctx, h.self, c)
	switch {
	case err != nil:
		defaultLimit = err.Error()
	case out.exit == 0:
		defaultLimit = fmt.Sprintf("runs (%s s)", sig3(out.wall.Seconds()))
	case strings.Contains(out.stderr, "RecursionError"):
		defaultLimit = fmt.Sprintf("fails with RecursionError after %s s", sig3(out.wall.Seconds()))
	default:
		defaultLimit = fmt.Sprintf("fails (exit %d): %s", out.exit, firstLine(out.stderr, errors.New("no output")))
	}
	if err := clean(); err != nil {
		return m, found, err.Error()
	}
	return m, found, defaultLimit
}

// alembicOps summarizes the operations of the upgrade of the revision file
// in versions.
func alembicOps(versions string) string {
	files, _ := filepath.Glob(filepath.Join(versions, "*.py"))
	if len(files) != 1 {
		return fmt.Sprintf("%d revision files", len(files))
	}
	src, err := os.ReadFile(files[0])
	if err != nil {
		return err.Error()
	}
	up, _, _ := strings.Cut(string(src), "def downgrade")
	var parts []string
	total := 0
	for _, op := range []string{"add_column", "drop_index", "alter_column", "create_index", "drop_column", "create_table", "drop_table", "create_unique_constraint", "drop_constraint", "create_foreign_key"} {
		if k := strings.Count(up, "op."+op+"("); k > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", k, op))
			total += k
		}
	}
	if total == 0 {
		return "no changes"
	}
	return fmt.Sprintf("%d changes (%s)", total, strings.Join(parts, ", "))
}
