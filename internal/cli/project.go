package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/mod/modfile"

	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/migfile"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// ConfigFile is the name of the project's config file at the module root.
const ConfigFile = "schemagen.toml"

// fileConfig is what schemagen.toml may set. Paths are relative to the
// module root.
type fileConfig struct {
	Models      []string `toml:"models"`
	Migrations  string   `toml:"migrations"`
	DatabaseURL string   `toml:"database_url"`
	// DevURL names a dev database: canonicalization and scratch
	// databases use it, and the target database is only read.
	DevURL       string `toml:"dev_url"`
	VersionTable string `toml:"version_table"`
	// Online makes `revision --autogenerate` write online-safe plans.
	Online bool `toml:"online"`
	// LockTimeout and StatementTimeout are Go durations ("2s") set on the
	// runner's transactions; LockRetries is how many times a migration
	// that hit the lock timeout is retried.
	LockTimeout      string `toml:"lock_timeout"`
	StatementTimeout string `toml:"statement_timeout"`
	LockRetries      int    `toml:"lock_retries"`
	// LockWait bounds the wait for the migration lock (a Go duration;
	// "0" waits forever; default 5 minutes).
	LockWait string `toml:"lock_wait"`
	// Schemas, ExcludeSchemas and Exclude are the include and exclude
	// lists of every comparison (see [schema.Filter]).
	Schemas        []string `toml:"schemas"`
	ExcludeSchemas []string `toml:"exclude_schemas"`
	Exclude        []string `toml:"exclude"`
}

// knownSettings lists the keys of schemagen.toml, for the error about an
// unknown one.
const knownSettings = "models, migrations, database_url, dev_url, version_table, online, lock_timeout, statement_timeout, lock_retries, lock_wait, schemas, exclude_schemas, exclude"

// project is what every command works on: resolved from flags, the
// environment and schemagen.toml, in that order of precedence.
type project struct {
	dir           string // the working directory
	root          string // module root (folder of go.mod); dir when there is none
	noModule      bool   // no go.mod was found: only database work is possible
	modulePath    string
	goVersion     string   // go.mod's go line; "" when it has none
	models        []string // package patterns, relative to root
	migrationsDir string   // absolute
	databaseURL   string
	// databaseURLFrom says where databaseURL comes from: "--database-url",
	// "DATABASE_URL", ConfigFile, or "" for dburl.Default.
	databaseURLFrom string
	// devURL names the dev database, empty when none is set: see
	// [project.workURL].
	devURL       string
	versionTable schema.QualifiedName
	online       bool     // write online-safe plans (config "online")
	runnerEnv    []string // timeouts and retries for the built runner, as VAR=value
	// lockWait is lock_wait of the config file (else the default): see
	// [App.lockWait].
	lockWait time.Duration
	// read is the migrations package read without compiling, once per
	// command (see readPackage); nil until then.
	read *migfile.Package
	// filter is what every comparison holds, from schemagen.toml and
	// the filter flags (see [filterFlags]): every source goes through
	// it (see [project.filtered]).
	filter schema.Filter
}

// filtered returns s without what the project's include and exclude
// lists leave out. Every schema a command compares goes through it: the
// live database's, the models', the migrations' replayed.
func (p *project) filtered(s *schema.Schema) *schema.Schema {
	return p.filter.Apply(s)
}

// filterFlags are the include and exclude flags of the commands that
// compare (revision, check, diff). A list given by flags replaces the
// one of schemagen.toml.
type filterFlags struct {
	schemas, excludeSchemas, exclude multiFlag
}

func (ff *filterFlags) register(fs *flag.FlagSet) {
	fs.Var(&ff.schemas, "schema", "compare only the schemas matching `GLOB` (repeatable; replaces schemas in schemagen.toml)")
	fs.Var(&ff.excludeSchemas, "exclude-schema", "leave out the schemas matching `GLOB` (repeatable; replaces exclude_schemas in schemagen.toml)")
	fs.Var(&ff.exclude, "exclude", "leave out the objects whose qualified name matches `GLOB`, such as public.legacy_* or reporting.* (repeatable; replaces exclude in schemagen.toml)")
}

// apply sets the project's filter lists that the flags give, and checks
// the result.
func (ff *filterFlags) apply(p *project) error {
	if len(ff.schemas) > 0 {
		p.filter.Schemas = slices.Clone(ff.schemas)
	}
	if len(ff.excludeSchemas) > 0 {
		p.filter.ExcludeSchemas = slices.Clone(ff.excludeSchemas)
	}
	if len(ff.exclude) > 0 {
		p.filter.Exclude = slices.Clone(ff.exclude)
	}
	if err := p.filter.Validate(); err != nil {
		return usageErr("%v", err)
	}
	return nil
}

// bookkeepingTables are schemagen's own tables, left out of every
// comparison: the version table, the fingerprints of the applied
// migrations, and the progress table of migrations that run outside a
// transaction.
func (p *project) bookkeepingTables() []schema.QualifiedName {
	return []schema.QualifiedName{p.versionTable, migrate.FingerprintTable(p.versionTable), migrate.ProgressTable(p.versionTable)}
}

// loadProject finds the module around dir and merges the settings.
//
// Outside a module, a command that allows it (needModule false) gets a
// project rooted at dir that can only reach databases.
func loadProject(dir string, flags *globalFlags, getenv func(string) string, needModule bool) (*project, error) {
	root, err := findModuleRoot(dir)
	p := &project{dir: dir, root: root}
	switch {
	case err != nil && needModule:
		return nil, err
	case err != nil:
		p.root, p.noModule = dir, true
	default:
		gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
		if err != nil {
			return nil, fmt.Errorf("read go.mod: %w", err)
		}
		p.modulePath = modfile.ModulePath(gomod)
		if p.modulePath == "" {
			return nil, fmt.Errorf("%s: no module line", filepath.Join(root, "go.mod"))
		}
		if f, err := modfile.ParseLax("go.mod", gomod, nil); err == nil && f.Go != nil {
			p.goVersion = f.Go.Version
		}
	}
	root = p.root
	var fc fileConfig
	cfgPath := filepath.Join(root, ConfigFile)
	if md, err := toml.DecodeFile(cfgPath, &fc); err == nil {
		if undecoded := md.Undecoded(); len(undecoded) > 0 {
			return nil, fmt.Errorf("%s: unknown setting %q (known: %s)", relPath(cfgPath), undecoded[0].String(), knownSettings)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", relPath(cfgPath), err)
	}

	// Models: flags (relative to dir), else the config file, else ./models
	// when it exists, else every package of the module.
	switch {
	case len(flags.models) > 0:
		for _, m := range flags.models {
			p.models = append(p.models, patternFrom(dir, root, m))
		}
	case len(fc.Models) > 0:
		p.models = fc.Models
	default:
		if st, err := os.Stat(filepath.Join(root, "models")); err == nil && st.IsDir() {
			p.models = []string{"./models"}
		} else {
			p.models = []string{"./..."}
		}
	}

	switch {
	case flags.migrations != "":
		p.migrationsDir = absFrom(dir, flags.migrations)
	case fc.Migrations != "":
		p.migrationsDir = absFrom(root, fc.Migrations)
	default:
		p.migrationsDir = filepath.Join(root, "migrations")
	}

	switch {
	case flags.databaseURL != "":
		p.databaseURL, p.databaseURLFrom = flags.databaseURL, "--database-url"
	case getenv("DATABASE_URL") != "":
		p.databaseURL, p.databaseURLFrom = getenv("DATABASE_URL"), "DATABASE_URL"
	case fc.DatabaseURL != "":
		if p.databaseURL, err = expandBraces(fc.DatabaseURL, getenv); err != nil {
			return nil, fmt.Errorf("%s: database_url: %w", relPath(cfgPath), err)
		}
		p.databaseURLFrom = ConfigFile
	default:
		p.databaseURL = dburl.Default
	}
	switch {
	case flags.devURL != "":
		p.devURL = flags.devURL
	case getenv("SCHEMAGEN_DEV_URL") != "":
		p.devURL = getenv("SCHEMAGEN_DEV_URL")
	case fc.DevURL != "":
		if p.devURL, err = expandBraces(fc.DevURL, getenv); err != nil {
			return nil, fmt.Errorf("%s: dev_url: %w", relPath(cfgPath), err)
		}
	}

	p.versionTable = migrate.DefaultVersionTable()
	if fc.VersionTable != "" {
		if p.versionTable, err = migrate.ParseVersionTable(fc.VersionTable); err != nil {
			return nil, fmt.Errorf("%s: version_table: %w", relPath(cfgPath), err)
		}
	}
	p.online = fc.Online
	p.filter = schema.Filter{Schemas: fc.Schemas, ExcludeSchemas: fc.ExcludeSchemas, Exclude: fc.Exclude}
	if err := p.filter.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", relPath(cfgPath), err)
	}
	for _, d := range []struct{ key, env, value string }{
		{"lock_timeout", "SCHEMAGEN_LOCK_TIMEOUT", fc.LockTimeout},
		{"statement_timeout", "SCHEMAGEN_STATEMENT_TIMEOUT", fc.StatementTimeout},
		{"lock_wait", "SCHEMAGEN_LOCK_WAIT", fc.LockWait},
	} {
		if d.value == "" || getenv(d.env) != "" {
			// The environment, where set, overrides the file.
			continue
		}
		if v, err := time.ParseDuration(d.value); err != nil || v < 0 {
			return nil, fmt.Errorf("%s: %s = %q is not a duration such as \"2s\" or \"500ms\"", relPath(cfgPath), d.key, d.value)
		}
		p.runnerEnv = append(p.runnerEnv, d.env+"="+d.value)
	}
	p.lockWait = migrate.DefaultLockWait
	if fc.LockWait != "" {
		// Checked above.
		p.lockWait, _ = time.ParseDuration(fc.LockWait)
	}
	if fc.LockRetries < 0 {
		return nil, fmt.Errorf("%s: lock_retries = %d must not be negative", relPath(cfgPath), fc.LockRetries)
	}
	if fc.LockRetries > 0 && getenv("SCHEMAGEN_LOCK_RETRIES") == "" {
		p.runnerEnv = append(p.runnerEnv, "SCHEMAGEN_LOCK_RETRIES="+strconv.Itoa(fc.LockRetries))
	}
	return p, nil
}

// expandBraces returns s with each ${NAME} replaced by the environment
// variable NAME, NAME being a letter or underscore followed by letters,
// digits and underscores. Nothing else is expanded: a '$' elsewhere
// ("app$2024", "$HOME") is taken literally. A variable that is unset or
// empty is an error, so that a missing secret does not become an empty
// password.
func expandBraces(s string, getenv func(string) string) (string, error) {
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		end := strings.IndexByte(s[i+2:], '}')
		if end < 0 || !isEnvName(s[i+2:i+2+end]) {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		name := s[i+2 : i+2+end]
		v := getenv(name)
		if v == "" {
			return "", fmt.Errorf("${%s} names an environment variable that is not set", name)
		}
		b.WriteString(s[:i])
		b.WriteString(v)
		s = s[i+2+end+1:]
	}
}

// isEnvName reports whether s is a letter or underscore followed by
// letters, digits and underscores.
func isEnvName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// targetLine says which database the project's database URL names, for
// stderr: "database 127.0.0.1:5432/app" (host:port/dbname, no user, no
// password); when nothing names one and the default server's
// maintenance database is used, it says so.
func (p *project) targetLine(getenv func(string) string) string {
	target := dburl.Target(p.databaseURL, getenv)
	if p.databaseURLFrom == "" {
		return fmt.Sprintf("DATABASE_URL is not set (nor --database-url, nor database_url in %s): using the maintenance database %s", ConfigFile, target)
	}
	return "database " + target
}

// workURL names the database where schemagen may write to work out what
// it compares: canonicalization's rolled-back transaction and scratch
// databases. It is the dev database when one is set; otherwise the
// target database (which such work never changes, but which must allow
// it).
func (p *project) workURL() string {
	if p.devURL != "" {
		return p.devURL
	}
	return p.databaseURL
}

func findModuleRoot(dir string) (string, error) {
	d := dir
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod in %s or any parent folder: run schemagen inside a Go module", dir)
		}
		d = parent
	}
}

// patternFrom turns a package pattern given relative to dir into one
// relative to root; import paths stay as they are.
func patternFrom(dir, root, pattern string) string {
	if !strings.HasPrefix(pattern, ".") && !filepath.IsAbs(pattern) {
		return pattern
	}
	abs := absFrom(dir, pattern)
	if rel, err := filepath.Rel(root, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return "./" + filepath.ToSlash(rel)
	}
	return abs
}

func absFrom(base, path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(base, path)
}

// relPath returns path relative to the working directory when that is
// shorter, for messages.
func relPath(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "../..") {
		return rel
	}
	return path
}

// migrationsImportPath is the import path of the migrations package.
func (p *project) migrationsImportPath() (string, error) {
	rel, err := filepath.Rel(p.root, p.migrationsDir)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("the migrations folder %s is outside the module at %s", p.migrationsDir, p.root)
	}
	if rel == "." {
		return p.modulePath, nil
	}
	return p.modulePath + "/" + filepath.ToSlash(rel), nil
}

// packageNameFor derives a Go package name from a folder name.
func packageNameFor(dir string) string {
	base := strings.ToLower(filepath.Base(dir))
	var b strings.Builder
	for _, r := range base {
		if r >= 'a' && r <= 'z' || r == '_' || (r >= '0' && r <= '9' && b.Len() > 0) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "migrations"
	}
	return b.String()
}
