package cli

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/migfile"
	"github.com/schemagen/schemagen/internal/revid"
	"github.com/schemagen/schemagen/migrate"
	"golang.org/x/mod/modfile"
)

// The verbs that read the revision graph, as Alembic's do: show,
// branches, history's ranges, and the verbose forms of heads and
// current; and help and version.

// modulePath is schemagen's module, which version looks for in the
// build information.
const modulePath = "github.com/schemagen/schemagen"

// cmdShow prints the details of revisions: [App.showRev].
func cmdShow(fs *flag.FlagSet) runFunc {
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if len(args) == 0 {
			return usageErr("show needs a revision (an ID, a unique prefix of one or of its suffix, head or heads)")
		}
		st, err := readMigrations(p)
		if err != nil {
			return err
		}
		var revs []string
		for _, arg := range args {
			rs, err := st.resolveEach(arg)
			if err != nil {
				return err
			}
			revs = append(revs, rs...)
		}
		changes := a.upgradeChanges(p)
		for i, rev := range revs {
			if i > 0 {
				a.printf("\n")
			}
			a.showRev(st, rev, changes)
		}
		return nil
	}
}

// resolveEach turns a revision argument into full IDs: "head" (the one
// head), "heads" (every head), or a revision or unique prefix of one
// or of its suffix ([migrate.Graph.Resolve]); an unknown or ambiguous
// one is bad input (exit 2).
func (s *migrationsState) resolveEach(arg string) ([]string, error) {
	switch arg {
	case "head":
		h, err := s.graph.Head()
		if err != nil {
			return nil, usageErr("%v", err)
		}
		if h == "" {
			return nil, usageErr("no revisions: head names none")
		}
		return []string{h}, nil
	case "heads":
		return s.graph.Heads(), nil
	case "base":
		return nil, usageErr("base is before the first revision: it has no details to show")
	}
	rev, err := s.graph.Resolve(arg)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return []string{rev}, nil
}

// upgradeChanges returns a function giving the descriptions of the
// changes of a revision's Upgrade, read without compiling, or nil and
// why not when they cannot be read that way.
func (a *App) upgradeChanges(p *project) func(rev string) ([]string, error) {
	set, notStatic, err := a.staticSet(p)
	if err == nil && notStatic != nil {
		err = notStatic
	}
	if err != nil {
		return func(string) ([]string, error) { return nil, err }
	}
	byRev := map[string]*migrate.Migration{}
	for _, m := range set.Migrations() {
		byRev[m.Revision] = m
	}
	return func(rev string) (out []string, err error) {
		m, ok := byRev[rev]
		if !ok {
			return nil, fmt.Errorf("revision %s is not in the set read without compiling", rev)
		}
		defer func() {
			// A migration function is the user's code.
			if r := recover(); r != nil {
				out, err = nil, fmt.Errorf("its Upgrade panicked: %v", r)
			}
		}()
		for _, c := range migrate.Record(m.Upgrade) {
			out = append(out, change.Describe(c))
		}
		return out, nil
	}
}

// migration returns the migration file's reading of rev, or nil.
func (s *migrationsState) migration(rev string) *migfile.Migration {
	for _, m := range s.migs {
		if m.Revision == rev {
			return m
		}
	}
	return nil
}

// showRev prints the details of rev, as `alembic show` does: ID and
// tags, parents, children, file, date (from the ID), message, the
// migration's settings and its Upgrade's changes (changes nil: not
// shown).
func (a *App) showRev(st *migrationsState, rev string, changes func(string) ([]string, error)) {
	n, _ := st.graph.Node(rev)
	children := st.graph.Children(rev)
	var tags []string
	if len(children) == 0 {
		tags = append(tags, "head")
	}
	if len(n.Parents) == 0 {
		tags = append(tags, "base")
	}
	if len(n.Parents) > 1 {
		tags = append(tags, "mergepoint")
	}
	if len(children) > 1 {
		tags = append(tags, "branchpoint")
	}
	line := "Rev: " + rev
	if len(tags) > 0 {
		line += " (" + strings.Join(tags, ") (") + ")"
	}
	a.printf("%s\n", line)
	if len(n.Parents) > 1 {
		a.printf("Merges: %s\n", strings.Join(n.Parents, ", "))
	} else {
		a.printf("Parent: %s\n", cmp.Or(strings.Join(n.Parents, ", "), "<base>"))
	}
	switch {
	case len(children) > 1:
		a.printf("Branches into: %s\n", strings.Join(children, ", "))
	case len(children) == 1:
		a.printf("Child: %s\n", children[0])
	}
	if suffix, ok := revid.Suffix(rev); ok {
		a.printf("Short ID: %s\n", suffix)
	}
	m := st.migration(rev)
	if m != nil {
		a.printf("Path: %s\n", relPath(m.Pos.Filename))
	}
	if t, ok := revid.Time(rev); ok {
		a.printf("Date: %s UTC (from the revision ID)\n", t.Format("2006-01-02 15:04:05"))
	}
	if m != nil {
		if m.NoTransaction {
			a.printf("Transaction: none (NoTransaction)\n")
		}
		if len(m.AllowHazards) > 0 {
			kinds := make([]string, len(m.AllowHazards))
			for i, k := range m.AllowHazards {
				kinds[i] = string(k)
			}
			a.printf("Allows hazards: %s\n", strings.Join(kinds, ", "))
		}
	}
	a.printf("\n    %s\n", cmp.Or(n.Message, "(no message)"))
	if changes == nil {
		return
	}
	descs, err := changes(rev)
	switch {
	case err != nil:
		a.printf("\n    changes: not read without compiling (%v)\n", err)
	case len(descs) == 0:
		a.printf("\n    changes: none\n")
	default:
		a.printf("\n    changes:\n")
		for _, d := range descs {
			a.printf("      %s\n", d)
		}
	}
}

// cmdBranches prints the branch points: revisions with more than one
// child, each with its children.
func cmdBranches(fs *flag.FlagSet) runFunc {
	verbose := fs.Bool("v", false, "show each branch point's details, as show does")
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if err := noArgs("branches", args); err != nil {
			return err
		}
		st, err := readMigrations(p)
		if err != nil {
			return err
		}
		var changes func(string) ([]string, error)
		if *verbose {
			changes = a.upgradeChanges(p)
		}
		first := true
		for _, rev := range st.graph.Order() {
			children := st.graph.Children(rev)
			if len(children) < 2 {
				continue
			}
			if !first && *verbose {
				a.printf("\n")
			}
			first = false
			if *verbose {
				a.showRev(st, rev, changes)
			} else {
				a.printf("%s (branchpoint) %s\n", rev, st.message(rev))
			}
			for _, c := range children {
				mark := ""
				if len(st.graph.Children(c)) == 0 {
					mark = " (head)"
				}
				a.printf("  -> %s%s %s\n", c, mark, st.message(c))
			}
		}
		return nil
	}
}

// historyRange is a parsed `history -r LOWER:UPPER`.
type historyRange struct {
	lower, upper string
}

// parseHistoryRange reads LOWER:UPPER, either side possibly empty (from
// base, to the heads). A relative -N is a lower bound only (N revisions
// before the upper), +N an upper bound only (N after the lower).
func parseHistoryRange(s string) (historyRange, error) {
	lower, upper, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(upper, ":") {
		return historyRange{}, usageErr("history -r %q: want LOWER:UPPER, LOWER: or :UPPER (a revision, base, head, heads, current, -N before UPPER, +N after LOWER)", s)
	}
	for _, side := range []struct{ name, v, bad string }{{"lower", lower, "+"}, {"upper", upper, "-"}} {
		v := side.v
		if v != strings.TrimSpace(v) {
			return historyRange{}, usageErr("history -r %q: the %s bound holds white space", s, side.name)
		}
		if strings.HasPrefix(v, side.bad) {
			return historyRange{}, usageErr("history -r %q: %s cannot be the %s bound (-N goes before the colon, +N after it)", s, v, side.name)
		}
		if strings.HasPrefix(v, "-") || strings.HasPrefix(v, "+") {
			if _, ok := relCount(v[1:]); !ok {
				return historyRange{}, usageErr("history -r %q: bad relative bound %q: want %sN with N >= 1", s, v, v[:1])
			}
		}
	}
	if strings.HasPrefix(lower, "-") && strings.HasPrefix(upper, "+") {
		return historyRange{}, usageErr("history -r %q: -N counts from UPPER and +N from LOWER: one side must name a revision", s)
	}
	return historyRange{lower: lower, upper: upper}, nil
}

// relCount parses N >= 1, decimal digits only.
func relCount(s string) (int, bool) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1
}

// revisions returns the revisions of the range in g, as a set: those
// descending from (or being) a lower bound and leading to (or being) an
// upper bound. current holds the database's revisions, or nil when it
// did not answer (then "current" is an error).
func (r historyRange) revisions(st *migrationsState, current []string, haveCurrent bool) (map[string]bool, error) {
	g := st.graph
	bound := func(v string) ([]string, error) {
		switch v {
		case "current":
			if !haveCurrent {
				return nil, errors.New("history -r: current needs the database, which did not answer")
			}
			return current, nil
		case "base":
			return nil, nil
		}
		return st.resolveEach(v)
	}
	var upper, lower []string
	var err error
	// Upper: the heads unless named; +N counts from the lower.
	switch {
	case r.upper == "" || r.upper == "heads" || r.upper == "head":
		upper = g.Heads()
		if r.upper == "head" {
			if upper, err = st.resolveEach("head"); err != nil {
				return nil, err
			}
		}
	case strings.HasPrefix(r.upper, "+"):
	default:
		if upper, err = bound(r.upper); err != nil {
			return nil, err
		}
	}
	switch {
	case r.lower == "" || r.lower == "base":
	case strings.HasPrefix(r.lower, "-"):
	default:
		if lower, err = bound(r.lower); err != nil {
			return nil, err
		}
		if len(lower) == 0 && r.lower != "current" {
			return nil, usageErr("history -r %s:%s: no revisions", r.lower, r.upper)
		}
	}
	fromBase := r.lower == "" || r.lower == "base" || (r.lower == "current" && len(lower) == 0)
	// Relative bounds walk the graph N steps.
	if n, ok := strings.CutPrefix(r.lower, "-"); ok {
		steps, _ := relCount(n)
		return walk(g, upper, steps, func(rev string) []string { p, _ := g.Node(rev); return p.Parents }), nil
	}
	if n, ok := strings.CutPrefix(r.upper, "+"); ok {
		steps, _ := relCount(n)
		from := lower
		if fromBase {
			from = g.Bases()
			steps-- // the bases are the first step
		}
		return walk(g, from, steps, g.Children), nil
	}
	down := walk(g, upper, -1, func(rev string) []string { p, _ := g.Node(rev); return p.Parents })
	if fromBase {
		return down, nil
	}
	up := walk(g, lower, -1, g.Children)
	in := map[string]bool{}
	for rev := range down {
		if up[rev] {
			in[rev] = true
		}
	}
	if len(in) == 0 && len(lower) > 0 && len(upper) > 0 {
		return nil, usageErr("history -r %s:%s: %s is not an ancestor of %s: the range is empty", r.lower, r.upper, strings.Join(lower, ", "), strings.Join(upper, ", "))
	}
	return in, nil
}

// walk returns from and the revisions next reaches from them within
// steps steps (no limit when steps < 0).
func walk(g *migrate.Graph, from []string, steps int, next func(string) []string) map[string]bool {
	seen := map[string]bool{}
	level := slices.Clone(from)
	for _, rev := range level {
		seen[rev] = true
	}
	for d := 0; len(level) > 0 && (steps < 0 || d < steps); d++ {
		var nextLevel []string
		for _, rev := range level {
			for _, n := range next(rev) {
				if !seen[n] {
					seen[n] = true
					nextLevel = append(nextLevel, n)
				}
			}
		}
		level = nextLevel
	}
	return seen
}

// printVersion prints schemagen's version from the build information
// ([versionLines]); project is the module path of the project the run
// is in, "" outside a module.
func (a *App) printVersion(w io.Writer, project string) {
	bi, ok := debug.ReadBuildInfo()
	for _, line := range versionLines(bi, ok, project) {
		fmt.Fprintln(w, line)
	}
}

// moduleAround returns the module path of the go.mod in dir or its
// nearest parent that has one, or "" when there is none or it cannot be
// read: the project that `go tool schemagen` runs in, which the build
// information does not record.
func moduleAround(dir string) string {
	root, err := findModuleRoot(dir)
	if err != nil {
		return ""
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return ""
	}
	return modfile.ModulePath(gomod)
}

// versionLines renders the version of schemagen that bi describes.
//
// Built from its own source (`go build` or `go install` in a clone, no
// checksum and no replacement of the main module), it prints the main
// module's version (a pseudo-version from the commit since Go 1.24,
// "(devel)" without VCS information) and the VCS revision, time and
// whether the tree was modified when the build recorded them.
//
// Built as a dependency (`go tool schemagen` or `go run` in a project,
// `go install ...@version`), it prints the version the project requires,
// its replacement (path and version) when go.mod replaces it, and project,
// the module the run is in (not in the build information: the main module
// of a tool's build is schemagen itself), when there is one.
//
// The Go version ends both.
func versionLines(bi *debug.BuildInfo, ok bool, project string) []string {
	if !ok || bi == nil {
		return []string{"schemagen: no build information (a binary built without module support)"}
	}
	mod := &bi.Main
	if bi.Main.Path != modulePath {
		// A main package of another module linking schemagen in.
		mod = nil
		for _, d := range bi.Deps {
			if d.Path == modulePath {
				mod = d
				break
			}
		}
		project = cmp.Or(bi.Main.Path, project)
	}
	var out []string
	switch {
	case mod == nil:
		out = append(out, "schemagen (unknown)")
	case mod == &bi.Main && mod.Replace == nil && mod.Sum == "":
		// Built from its own source.
		out = append(out, "schemagen "+cmp.Or(mod.Version, "(unknown)"))
		settings := map[string]string{}
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
		if rev := settings["vcs.revision"]; rev != "" {
			line := "vcs revision " + rev
			if t := settings["vcs.time"]; t != "" {
				line += " of " + t
			}
			if settings["vcs.modified"] == "true" {
				line += ", modified"
			}
			out = append(out, line)
		} else if mod.Version == "(devel)" {
			out = append(out, "vcs revision unknown (built without VCS information: go build in a clone, not a git worktree, with -buildvcs not false, records it)")
		}
		project = ""
	default:
		line := "schemagen " + cmp.Or(mod.Version, "(unknown)")
		if r := mod.Replace; r != nil {
			line += ", replaced by " + r.Path
			if r.Version != "" {
				line += " " + r.Version
			}
		}
		out = append(out, line)
	}
	if project != "" && project != modulePath {
		out = append(out, "in project "+project)
	}
	if bi.GoVersion != "" {
		out = append(out, "built with "+bi.GoVersion)
	}
	return out
}

// help prints the usage (no args) or a verb's (one) to stdout.
func (a *App) help(args []string) error {
	switch len(args) {
	case 0:
		a.usage(a.Stdout)
		return nil
	case 1:
		if args[0] == "help" {
			a.printf("usage: schemagen help [COMMAND]\n\nprint the usage of schemagen or of COMMAND\n")
			return nil
		}
		for _, c := range a.commands() {
			if c.name == args[0] {
				a.verbUsage(a.Stdout, c)
				return nil
			}
		}
		a.usage(a.Stderr)
		return usageErr("help: unknown command %q", args[0])
	}
	a.usage(a.Stderr)
	return usageErr("help takes one command at most, got %q", strings.Join(args, " "))
}

// verbUsage prints the usage of c with its flags to w.
func (a *App) verbUsage(w io.Writer, c command) {
	fs := flag.NewFlagSet("schemagen "+c.name, flag.ContinueOnError)
	fs.SetOutput(w)
	var g globalFlags
	g.register(fs)
	c.flags(fs)
	fmt.Fprintf(w, "usage: schemagen %s %s\n\n%s\n\nflags:\n", c.name, c.args, c.summary)
	fs.PrintDefaults()
}

func cmdVersion(fs *flag.FlagSet) runFunc {
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if err := noArgs("version", args); err != nil {
			return err
		}
		a.printVersion(a.Stdout, p.modulePath)
		return nil
	}
}

func cmdHelp(fs *flag.FlagSet) runFunc {
	return func(ctx context.Context, a *App, p *project, args []string) error {
		return a.help(args)
	}
}
