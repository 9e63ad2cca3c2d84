package main

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/schemagen/schemagen/bench/gen"
	"github.com/schemagen/schemagen/internal/dburl"
)

// results is everything a run measured.
type results struct {
	cfg     config
	Started time.Time
	Elapsed time.Duration
	// PostgreSQL is the server's SHOW server_version.
	PostgreSQL string
	// Alembic names Alembic's version, or why it was skipped.
	Alembic string
	// Build is the time of go build ./cmd/schemagen.
	Build time.Duration
	// Stages, Commands and Chains map a row name to the measurement of
	// each size; Catalog maps a size to inspect's measurement.
	Stages   map[string]map[int]*measurement
	Commands map[string]map[int]*measurement
	Chains   map[string]map[int]*measurement
	Catalog  map[int]*measurement
	// Runner maps a runner row (runUpgradeFresh, ...) to its measurement.
	Runner map[string]*measurement
	// Setup is the time to create each size's database from SQL.
	Setup map[int]time.Duration
	// Found and AlembicFound say what schemagen's and Alembic's revisions
	// held, per size; AlembicDefaultLimit how Alembic fares with Python's
	// default recursion limit.
	Found, AlembicFound, AlembicDefaultLimit map[int]string
	// Errors lists what failed.
	Errors []string
}

func newResults(cfg config) *results {
	return &results{
		cfg: cfg, Started: time.Now(),
		Stages: map[string]map[int]*measurement{}, Commands: map[string]map[int]*measurement{},
		Chains: map[string]map[int]*measurement{}, Catalog: map[int]*measurement{}, Runner: map[string]*measurement{},
		Setup: map[int]time.Duration{}, Found: map[int]string{}, AlembicFound: map[int]string{}, AlembicDefaultLimit: map[int]string{},
	}
}

func put(rows map[string]map[int]*measurement, row string, n int, m *measurement) {
	if rows[row] == nil {
		rows[row] = map[int]*measurement{}
	}
	rows[row][n] = m
}

func (r *results) stage(row string, n int, m *measurement)   { put(r.Stages, row, n, m) }
func (r *results) command(row string, n int, m *measurement) { put(r.Commands, row, n, m) }
func (r *results) chain(row string, n int, m *measurement)   { put(r.Chains, row, n, m) }
func (r *results) runner(row string, m *measurement)         { r.Runner[row] = m }

// writeReport writes the results as Markdown to path.
func writeReport(path string, r *results) error {
	var b strings.Builder
	r.write(&b)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write the results: %w", err)
	}
	return nil
}

func (r *results) write(b *strings.Builder) {
	cfg := r.cfg
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("# schemagen benchmark results\n\n")
	p("Written on %s by the command below, which `make bench` runs; it took %s.\n\n", r.Started.UTC().Format("2006-01-02 15:04 MST"), r.Elapsed.Round(time.Second))
	p("    %s\n\n", cfg.commandLine)
	p("| machine | |\n| --- | --- |\n")
	p("| CPU | %d cores, %s |\n", runtime.NumCPU(), cpuModel())
	p("| OS | %s %s |\n", runtime.GOOS, kernel())
	p("| Go | %s (schemagen built in %s) |\n", runtime.Version(), sig3(r.Build.Seconds())+" s")
	p("| PostgreSQL | %s, at %s |\n", r.PostgreSQL, dburl.Redact(cfg.serverURL))
	p("| Alembic | %s |\n\n", r.Alembic)

	p("Schemas of N tables come from `bench/gen` (fixed seed): about 15 columns each (bigint primary key, text, varchar(n), integer, boolean, timestamptz, numeric(p,s), jsonb, uuid; nullable and not null; defaults), a foreign key to the previous table, one or two indexes and a unique constraint. The database is created from SQL; the models differ from it by one added column in 10%% of the tables, one dropped index and one changed nullability. ")
	p("Each measurement is one warm-up and then %d runs (%d at N ≥ %d); times are the median wall time in seconds (3 significant digits), memory the largest peak RSS of the measured runs in MB, of the process and the children it waited for (go list, go build, the migrations runner); a stage's child process is one process for the warm-up and the runs. ", cfg.runs, cfg.largeRuns, cfg.largeN)
	p("The stages run in-process, each in a child process of its own. Commands run the built `schemagen` in a generated module whose migrations hold the database's schema in one migration, the database stamped at its head.\n\n")

	r.writeTargets(b)

	p("## End to end\n\nMedian seconds:\n\n")
	cmdRows := []string{cmdRevision, cmdCheckLive, cmdCheckShadow, cmdCheckOffline}
	if len(r.Commands[cmdAlembic]) > 0 {
		cmdRows = append(cmdRows, cmdAlembic)
	}
	r.table(b, "command", "N=", cfg.sizes, cmdRows, r.Commands, (*measurement).median, commandLabel)
	if len(r.Commands[cmdAlembic]) > 0 {
		b.WriteString("| **Alembic / schemagen**, revision --autogenerate |")
		for _, n := range cfg.sizes {
			b.WriteString(" " + ratioCell(r.Commands[cmdAlembic][n], r.Commands[cmdRevision][n]) + " |")
		}
		b.WriteString("\n| Alembic: statements sent |")
		for _, n := range cfg.sizes {
			if m := r.Commands[cmdAlembic][n]; m.ok() && m.Queries >= 0 {
				fmt.Fprintf(b, " %d |", m.Queries)
			} else {
				b.WriteString(" – |")
			}
		}
		b.WriteString("\n| Alembic with Python's default recursion limit (one run) |")
		for _, n := range cfg.sizes {
			b.WriteString(" " + orDash(r.AlembicDefaultLimit[n]) + " |")
		}
		b.WriteString("\n")
	}
	p("\nPeak memory, MB:\n\n")
	r.table(b, "command", "N=", cfg.sizes, cmdRows, r.Commands, (*measurement).peakMB, commandLabel)

	p("\n## Stages\n\nIn-process, each in its own child process. Median seconds:\n\n")
	stageRows := []string{stageLoad, stageInspect, stageCanonicalize, stageDiff, stageEmit}
	stageName := func(row string) string {
		return map[string]string{
			stageLoad:         "model loading (`parser.Load`)",
			stageInspect:      "catalog introspection (`catalog.Inspect`)",
			stageCanonicalize: "canonicalization (`shadow.Canonicalize` + `differ.Respell`)",
			stageDiff:         "diff (`differ.Diff`)",
			stageEmit:         "emit (`emitter.Emit`)",
		}[row]
	}
	r.table(b, "stage", "N=", cfg.sizes, stageRows, r.Stages, (*measurement).median, stageName)
	p("\nPeak memory, MB:\n\n")
	r.table(b, "stage", "N=", cfg.sizes, stageRows, r.Stages, (*measurement).peakMB, stageName)

	p("\n## Catalog introspection\n\n| N tables | median s | queries | peak MB | runs |\n| --- | --- | --- | --- | --- |\n")
	for _, n := range r.catalogSizes() {
		m := r.Catalog[n]
		if !m.ok() {
			p("| %d | error | | | |\n", n)
			continue
		}
		p("| %d | %s | %d | %s | %d |\n", n, sig3(m.median()), m.Queries, sig3(m.peakMB()), len(m.Seconds))
	}

	p("\n## Migrations\n\n`upgrade` applies a chain of small migrations (every fifth creates a table, the others add a column) to a fresh database; it builds the migrations runner (warm build cache after the warm-up). `heads`, `history` and `current` run with an empty PATH, so no go command is at hand: they compile nothing. Median seconds:\n\n")
	chainRows := []string{cmdUpgrade, cmdHeads, cmdHistory, cmdCurrent}
	quote := func(row string) string { return "`schemagen " + row + "`" }
	r.table(b, "command", "migrations: ", cfg.chains, chainRows, r.Chains, (*measurement).median, quote)
	p("\nPeak memory, MB:\n\n")
	r.table(b, "command", "migrations: ", cfg.chains, chainRows, r.Chains, (*measurement).peakMB, quote)

	r.writeRunner(b)

	p("\n## Checks\n\n")
	for _, n := range cfg.sizes {
		p("- N=%d: creating the database from SQL took %s s; `schemagen revision --autogenerate` found %s", n, sig3(r.Setup[n].Seconds()), orDash(r.Found[n]))
		if s, ok := r.AlembicFound[n]; ok {
			p(", Alembic %s", s)
		}
		p(" (expected: %s).\n", expectedChanges(n))
	}
	for _, n := range r.catalogSizes() {
		if !slices.Contains(cfg.sizes, n) {
			p("- catalog N=%d: creating the database from SQL took %s s.\n", n, sig3(r.Setup[n].Seconds()))
		}
	}
	if len(r.Commands[cmdAlembic]) > 0 {
		p("- Alembic's env.py sets compare_type=True, leaves server defaults uncompared (Alembic's default) and leaves schemagen's version table out. It raises Python's recursion limit to %d for the measured runs: SQLAlchemy 1.4's reflection, which Alembic 1.8 uses, follows each foreign key to the table it references recursively, and a chain of 1000 foreign keys exceeds Python's default limit of 1000 (the row \"default recursion limit\" shows one run without the raise). Statements are counted with SQLAlchemy's before_cursor_execute event.\n", gen.RecursionLimit)
	}
	if len(r.Errors) > 0 {
		p("\n## Errors\n\n")
		for _, e := range r.Errors {
			p("- %s\n", strings.ReplaceAll(strings.TrimSpace(e), "\n", "\n  "))
		}
	}
}

// commandLabel names a row of the commands tables.
func commandLabel(row string) string {
	switch row {
	case cmdAlembic:
		return "`" + row + "`"
	case cmdCheckLive:
		return "`schemagen check` (live)"
	case cmdCheckOffline:
		return "`schemagen check --offline` (warm build cache)"
	}
	return "`schemagen " + row + "`"
}

// table writes a Markdown table: one row per name in rows, one column per
// size, each cell value(measurement) with 3 significant digits.
func (r *results) table(b *strings.Builder, head, colPrefix string, sizes []int, rows []string, data map[string]map[int]*measurement, value func(*measurement) float64, label func(string) string) {
	if len(sizes) == 0 {
		b.WriteString("(not run)\n")
		return
	}
	b.WriteString("| " + head + " |")
	for _, n := range sizes {
		fmt.Fprintf(b, " %s%d |", colPrefix, n)
	}
	b.WriteString("\n| --- |" + strings.Repeat(" --- |", len(sizes)) + "\n")
	for _, row := range rows {
		b.WriteString("| " + label(row) + " |")
		for _, n := range sizes {
			m := data[row][n]
			switch {
			case m == nil:
				b.WriteString(" – |")
			case m.Err != "":
				b.WriteString(" error |")
			default:
				b.WriteString(" " + sig3(value(m)) + " |")
			}
		}
		b.WriteString("\n")
	}
}

// target is one line of the targets table.
type target struct {
	what, measured string
	// pass is nil when the target was not measured.
	pass *bool
}

func (r *results) writeTargets(b *strings.Builder) {
	var ts []target
	verdict := func(ok bool) *bool { return &ok }
	// Ratios to Alembic.
	for _, c := range []struct {
		n   int
		min float64
	}{{1000, 20}, {100, 5}} {
		t := target{what: fmt.Sprintf("`revision --autogenerate` at N=%d: at least %gx faster than Alembic", c.n, c.min)}
		a, s := r.Commands[cmdAlembic][c.n], r.Commands[cmdRevision][c.n]
		switch {
		case !a.ok() || !s.ok():
			t.measured = "not measured: " + orDash(notMeasured(r, a, s))
		default:
			ratio := a.median() / s.median()
			t.measured = fmt.Sprintf("Alembic %s s / schemagen %s s = %sx", sig3(a.median()), sig3(s.median()), sig3(ratio))
			t.pass = verdict(ratio >= c.min)
		}
		ts = append(ts, t)
	}
	// Catalog.
	for _, c := range []struct {
		n   int
		max float64
	}{{1000, 0.5}, {10000, 5}} {
		t := target{what: fmt.Sprintf("catalog introspection at N=%d under %g s", c.n, c.max)}
		if m := r.Catalog[c.n]; m.ok() {
			t.measured = fmt.Sprintf("%s s (%d queries)", sig3(m.median()), m.Queries)
			t.pass = verdict(m.median() < c.max)
		} else {
			t.measured = "not measured"
		}
		ts = append(ts, t)
	}
	{
		t := target{what: "the same small number of catalog queries at every N"}
		var counts []string
		same, all := true, true
		first := -1
		for _, n := range r.catalogSizes() {
			m := r.Catalog[n]
			if !m.ok() {
				all = false
				continue
			}
			counts = append(counts, fmt.Sprintf("%d at N=%d", m.Queries, n))
			if first < 0 {
				first = m.Queries
			}
			same = same && m.Queries == first
		}
		t.measured = strings.Join(counts, ", ")
		if all && len(counts) > 0 {
			t.pass = verdict(same)
		}
		ts = append(ts, t)
	}
	{
		t := target{what: "`check --offline` at N=100, warm build cache: under 1 s"}
		if m := r.Commands[cmdCheckOffline][100]; m.ok() {
			t.measured = sig3(m.median()) + " s"
			t.pass = verdict(m.median() < 1)
		} else {
			t.measured = "not measured"
		}
		ts = append(ts, t)
	}
	for _, c := range []struct {
		row, what string
		max       float64
	}{
		{runUpgradeFreshBuild, "`upgrade` with the migrations unchanged: the build under 0.25 s (warm caches)", 0.25},
		{runCheckOfflineWarm, fmt.Sprintf("`check --offline` at N=%d under 0.3 s (warm caches)", runnerModels), 0.3},
		{runCheckOfflineCold, fmt.Sprintf("`check --offline` at N=%d under 8 s with empty build caches", runnerModels), 8},
		{runNextCheckOffline, fmt.Sprintf("`check --offline` after adding a small migration next to a %d-table one under 2 s", runnerBigTables), 2},
		{runNextUpgrade, fmt.Sprintf("`upgrade` after adding a small migration next to a %d-table one under 2 s", runnerBigTables), 2},
	} {
		t := target{what: c.what}
		if m := r.Runner[c.row]; m.ok() {
			t.measured = sig3(m.median()) + " s"
			t.pass = verdict(m.median() < c.max)
		} else {
			t.measured = "not measured"
		}
		ts = append(ts, t)
	}
	for _, name := range []string{cmdHeads, cmdHistory, cmdCurrent} {
		t := target{what: fmt.Sprintf("`%s` over 1000 migrations under 0.3 s, compiling nothing", name)}
		if m := r.Chains[name][1000]; m.ok() {
			t.measured = sig3(m.median()) + " s, with no go command on PATH"
			t.pass = verdict(m.median() < 0.3)
		} else {
			t.measured = "not measured"
		}
		ts = append(ts, t)
	}
	{
		t := target{what: "peak memory at N=10000 (catalog introspection) under 500 MB"}
		if m := r.Catalog[10000]; m.ok() {
			t.measured = sig3(m.peakMB()) + " MB"
			t.pass = verdict(m.peakMB() < 500)
		} else {
			t.measured = "not measured"
		}
		ts = append(ts, t)
	}
	b.WriteString("## Targets\n\n| target | measured | |\n| --- | --- | --- |\n")
	for _, t := range ts {
		v := "n/a"
		if t.pass != nil {
			v = map[bool]string{true: "PASS", false: "**MISS**"}[*t.pass]
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", t.what, t.measured, v)
	}
	b.WriteString("\n")
}

// notMeasured says why a ratio is missing.
func notMeasured(r *results, alembic, schemagen *measurement) string {
	switch {
	case !strings.HasPrefix(r.Alembic, "Alembic "):
		return "Alembic " + r.Alembic
	case alembic == nil || schemagen == nil:
		return "size not run"
	case alembic.Err != "":
		return "Alembic failed (see Errors)"
	default:
		return "schemagen failed (see Errors)"
	}
}

// ratioCell formats a/b as "12.3x".
func ratioCell(a, b *measurement) string {
	if !a.ok() || !b.ok() {
		return "–"
	}
	return sig3(a.median()/b.median()) + "x"
}

// catalogSizes is every size the catalog was inspected at, ascending.
func (r *results) catalogSizes() []int {
	var ns []int
	for n := range r.Catalog {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return ns
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// cpuModel reads the CPU's model name from /proc/cpuinfo.
func cpuModel() string {
	src, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(src), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// kernel reads the kernel release.
func kernel() string {
	src, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(src))
}

// expectedChanges says what the generator put between the database and
// the models of n tables.
func expectedChanges(n int) string {
	e := gen.Expected(n)
	return fmt.Sprintf("%d changes: %d added columns, %d dropped index, %d changed nullability",
		e.AddedColumns+e.DroppedIndexes+e.ChangedNullability, e.AddedColumns, e.DroppedIndexes, e.ChangedNullability)
}

// writeRunner writes the runner measurements.
func (r *results) writeRunner(b *strings.Builder) {
	if len(r.Runner) == 0 {
		return
	}
	fmt.Fprintf(b, "\n## The migrations runner\n\nVerbs that run the migrations build a program around them with the go command, each migration compiled as a unit of its own so that the build cache keeps it. The offline verbs read the migrations without compiling when every file is static (as generated files are), and otherwise build a program without the driver. Modules of generated models whose one migration creates them. Median seconds, peak MB:\n\n")
	b.WriteString("| measurement | median s | peak MB | runs |\n| --- | --- | --- | --- |\n")
	for _, row := range []struct{ key, label string }{
		{runUpgradeAtHead, fmt.Sprintf("`upgrade` at head, N=%d: nothing to run, nothing built", runnerModels)},
		{runUpgradeFresh, fmt.Sprintf("`upgrade` of a fresh database, N=%d, migrations unchanged since the last run", runnerModels)},
		{runUpgradeFreshBuild, "of which building the runner (SCHEMAGEN_TIMINGS=1)"},
		{runCheckOfflineWarm, fmt.Sprintf("`check --offline`, N=%d, warm build cache", runnerModels)},
		{runStaticRead, "of which reading the migrations without compiling (SCHEMAGEN_TIMINGS=1)"},
		{runUpgradeSQLNoGo, fmt.Sprintf("`upgrade --sql`, N=%d, no go command on PATH", runnerModels)},
		{runCheckOfflineCold, fmt.Sprintf("`check --offline`, N=%d, empty GOCACHE and SCHEMAGEN_CACHE", runnerModels)},
		{runCheckOfflineColdCompiled, fmt.Sprintf("`check --offline`, N=%d, empty caches, the migrations compiled (SCHEMAGEN_COMPILE=1)", runnerModels)},
		{runLoadWarm, fmt.Sprintf("of `check --offline`: model loading (`parser.Load`), N=%d, warm caches", runnerModels)},
		{runLoadCold, fmt.Sprintf("of `check --offline`: model loading (`parser.Load`), N=%d, empty GOCACHE and type cache", runnerModels)},
		{runNextCheckOffline, fmt.Sprintf("`check --offline` after adding a small migration next to a %d-table one", runnerBigTables)},
		{runNextUpgrade, fmt.Sprintf("`upgrade` (of that migration) after adding a small migration next to a %d-table one", runnerBigTables)},
	} {
		m := r.Runner[row.key]
		switch {
		case m == nil:
			fmt.Fprintf(b, "| %s | – | | |\n", row.label)
		case !m.ok():
			fmt.Fprintf(b, "| %s | error | | |\n", row.label)
		default:
			peak := sig3(m.peakMB())
			if m.PeakKB == 0 {
				peak = "–"
			}
			fmt.Fprintf(b, "| %s | %s | %s | %d |\n", row.label, sig3(m.median()), peak, len(m.Seconds))
		}
	}
}
