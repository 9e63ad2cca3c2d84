package emitter

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestFileName(t *testing.T) {
	const rev = "20261130213005"
	tests := []struct {
		name    string
		message string
		want    string
	}{
		{name: "design example", message: "Add created_at to address", want: rev + "_add_created_at_to_address.go"},
		{name: "empty", message: "", want: rev + ".go"},
		{name: "only punctuation", message: " -- !!! -- ", want: rev + ".go"},
		{name: "trimmed and collapsed", message: "  --Hello,   World!--  ", want: rev + "_hello_world.go"},
		{name: "digits kept", message: "Version 2 Upgrade", want: rev + "_version_2_upgrade.go"},
		{name: "underscores collapse", message: "a__b", want: rev + "_a_b.go"},
		{name: "unicode is a separator", message: "Ünïcode café tables", want: rev + "_n_code_caf_tables.go"},
		{name: "all unicode", message: "日本語", want: rev + ".go"},
		{name: "quotes and semicolons", message: `drop "user"; select`, want: rev + "_drop_user_select.go"},
		{name: "cut at underscore", message: "Add created_at timestamp to address table", want: rev + "_add_created_at_timestamp_to_address.go"},
		{name: "cut exactly before underscore", message: strings.Repeat("a", 19) + " " + strings.Repeat("b", 20) + " cc", want: rev + "_" + strings.Repeat("a", 19) + "_" + strings.Repeat("b", 20) + ".go"},
		{name: "cut inside one long word", message: strings.Repeat("x", 50), want: rev + "_" + strings.Repeat("x", 40) + ".go"},
		{name: "exactly forty", message: strings.Repeat("y", 40), want: rev + "_" + strings.Repeat("y", 40) + ".go"},
		{name: "test suffix", message: "Fix test", want: rev + "_fix_test_migration.go"},
		{name: "upper-case test suffix", message: "TEST", want: rev + "_test_migration.go"},
		{name: "GOOS suffix", message: "Run on Linux", want: rev + "_run_on_linux_migration.go"},
		{name: "GOOS alone", message: "windows", want: rev + "_windows_migration.go"},
		{name: "GOARCH suffix", message: "tune for amd64", want: rev + "_tune_for_amd64_migration.go"},
		{name: "numeric GOARCH", message: "386", want: rev + "_386_migration.go"},
		{name: "GOOS and GOARCH", message: "js wasm", want: rev + "_js_wasm_migration.go"},
		{name: "GOOS in the middle", message: "linux users table", want: rev + "_linux_users_table.go"},
		{name: "unix is no file-name tag", message: "unix", want: rev + "_unix.go"},
		{name: "testing is no suffix", message: "testing", want: rev + "_testing.go"},
		{name: "suffix left by the cut", message: strings.Repeat("x", 25) + " windows extralongtail", want: rev + "_" + strings.Repeat("x", 25) + "_windows_migration.go"},
		// Cuts between words, at a phrase's end, never on a dangling word.
		{name: "merge of two new IDs", message: "merge 20261206143324_vbfg and 20261206143325_kfxd", want: rev + "_merge_20261206143324_vbfg.go"},
		{name: "merge of three", message: "merge 20261206143324_vbfg and 20261206143325_kfxd and 20261206143326_bcdf", want: rev + "_merge_20261206143324_vbfg.go"},
		{name: "two tables", message: "create table users and create table labels", want: rev + "_create_table_users.go"},
		{name: "summary with commas", message: "create table users, create table labels and 3 more", want: rev + "_create_table_users_create_table_labels.go"},
		{name: "summary whose first phrase fits alone", message: "add tasks.estimate, drop index tasks_created_at_idx and 2 more", want: rev + "_add_tasks_estimate.go"},
		{name: "or starts a phrase", message: "keep users.legacy_flag_column or drop it entirely", want: rev + "_keep_users_legacy_flag_column.go"},
		{name: "dash separates phrases", message: "backfill users.display_name - then the rest", want: rev + "_backfill_users_display_name.go"},
		{name: "one phrase cut before a dangling filler", message: "add a very long column name somewhere to the big table", want: rev + "_add_a_very_long_column_name_somewhere.go"},
		{name: "one phrase cut before dangling words", message: "rename column users.fullname as display_name in the users table", want: rev + "_rename_column_users_fullname.go"},
		{name: "a phrase that fits is kept whole", message: "add users.email and index it on lower(email) with a long tail", want: rev + "_add_users_email.go"},
		{name: "one long word cut before a dangling and", message: "alpha_beta_gamma_delta_epsilon_zeta_and_eta", want: rev + "_alpha_beta_gamma_delta_epsilon_zeta.go"},
		{name: "only connectors", message: strings.Repeat("and or ", 8), want: rev + "_and.go"},
		{name: "fits whole with its and", message: "create table users and create table tags", want: rev + "_create_table_users_and_create_table_tags.go"},
	}
	for _, tc := range []struct{ rev, message, want string }{
		{"20261206153012_kfxd", "add tasks.estimate", "20261206153012_kfxd_add_tasks_estimate.go"},
		{"20261206153012_kfxd", "", "20261206153012_kfxd.go"},
		{"20261206153012_kfxd", "Fix test", "20261206153012_kfxd_fix_test_migration.go"},
		{"20261206153012_test", "", "20261206153012_test_migration.go"},
		{"linux", "", "linux.go"}, // no "_": no constraint
		{"fix_wasm", "", "fix_wasm_migration.go"},
		{"fix_wasm", "more", "fix_wasm_more.go"},
	} {
		if got := FileName(tc.rev, tc.message); got != tc.want {
			t.Errorf("FileName(%q, %q) = %q, want %q", tc.rev, tc.message, got, tc.want)
		}
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := FileName(rev, tc.message)
			if got != tc.want {
				t.Errorf("FileName(%q, %q) = %q, want %q", rev, tc.message, got, tc.want)
			}
			slug := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(got, rev), "_"), ".go")
			slug = strings.TrimSuffix(slug, "_migration")
			if len(slug) > maxSlug {
				t.Errorf("slug %q is %d bytes, more than %d", slug, len(slug), maxSlug)
			}
			full := slugPart(tc.message)
			if len(full) > maxSlug && slug != "and" {
				if !strings.HasPrefix(full, slug) {
					t.Errorf("slug %q is not a prefix of %q", slug, full)
				}
				last := slug[strings.LastIndexByte(slug, '_')+1:]
				if connectors[last] || fillers[last] {
					t.Errorf("slug %q ends on the dangling word %q", slug, last)
				}
			}
		})
	}
}

// TestBuildSuffixesMatchGo checks the hard-coded GOOS and GOARCH lists
// against the ones of the Go release that runs the test.
func TestBuildSuffixesMatchGo(t *testing.T) {
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("go env GOROOT: %v", err)
	}
	path := filepath.Join(strings.TrimSpace(string(goroot)), "src", "internal", "syslist", "syslist.go")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("Go's syslist.go not found: %v", err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	ast.Inspect(f, func(node ast.Node) bool {
		vs, ok := node.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || (vs.Names[0].Name != "KnownOS" && vs.Names[0].Name != "KnownArch") {
			return true
		}
		lit := vs.Values[0].(*ast.CompositeLit)
		for _, e := range lit.Elts {
			key, err := strconv.Unquote(e.(*ast.KeyValueExpr).Key.(*ast.BasicLit).Value)
			if err != nil {
				t.Fatal(err)
			}
			n++
			if !isBuildSuffix(key) {
				t.Errorf("%s %q is missing from isBuildSuffix", vs.Names[0].Name, key)
			}
		}
		return false
	})
	if n < 30 {
		t.Fatalf("found only %d GOOS and GOARCH values in %s", n, path)
	}
}

// TestEmitNewRevisionID: a migration with an ID of the TIMESTAMP_SUFFIX
// form emits under its file name, with the ID as its Revision.
func TestEmitNewRevisionID(t *testing.T) {
	t.Parallel()
	files, err := Emit(Migration{Package: "migrations", Revision: "20261206153012_kfxd", DownRevision: []string{"20261130120000"}, Message: "add tasks.estimate"})
	if err != nil {
		t.Fatal(err)
	}
	src, ok := files["20261206153012_kfxd_add_tasks_estimate.go"]
	if !ok || !strings.Contains(string(src), `Revision:     "20261206153012_kfxd",`) || !strings.Contains(string(src), `DownRevision: []string{"20261130120000"},`) {
		t.Errorf("Emit = %v:\n%s", keys(files), src)
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
