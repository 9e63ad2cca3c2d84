package parser

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the tables of ../README.md generated from the option and directive tables")

// readmePath is the README whose tables TestREADMETables checks.
const readmePath = "../README.md"

// A generated table of the README sits between a begin marker, which
// names its source, and endMarker.
const (
	tagTableBegin       = "<!-- generated from tagOptions in parser/tag.go: go test ./parser -run TestREADMETables -update -->"
	directiveTableBegin = "<!-- generated from directives in parser/directive.go: go test ./parser -run TestREADMETables -update -->"
	endMarker           = "<!-- end of generated table -->"
)

// TestREADMETables checks that the README's tables of db tag options and
// of table directives are the ones tagOptions and directives give; with
// -update it writes them.
func TestREADMETables(t *testing.T) {
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, tbl := range []struct {
		begin, table string
	}{
		{tagTableBegin, tagTable()},
		{directiveTableBegin, directiveTable()},
	} {
		start := strings.Index(readme, tbl.begin)
		end := strings.Index(readme[max(start, 0):], endMarker)
		if start < 0 || end < 0 || strings.Count(readme, tbl.begin) != 1 {
			t.Fatalf("%s holds no single %q ... %q block", readmePath, tbl.begin, endMarker)
		}
		body := start + len(tbl.begin) + 1
		end += start
		if got := readme[body:end]; got != tbl.table {
			if !*update {
				t.Errorf("%s: the table after %q is stale (-want +got); run go test ./parser -run TestREADMETables -update:\n%s", readmePath, tbl.begin, cmp.Diff(tbl.table, got))
				continue
			}
			readme = readme[:body] + tbl.table + readme[end:]
		}
	}
	if *update && readme != string(b) {
		if err := os.WriteFile(readmePath, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// tagTable renders nameDocs and the docs of tagOptions as a Markdown
// table.
func tagTable() string {
	var b strings.Builder
	b.WriteString("| option | meaning | example | SQL |\n| --- | --- | --- | --- |\n")
	docs := append([]tagDoc(nil), nameDocs...)
	for _, o := range tagOptions {
		docs = append(docs, o.docs...)
	}
	for _, d := range docs {
		syntax := code(d.syntax)
		if strings.HasPrefix(d.syntax, "(") {
			syntax = cell(d.syntax)
		}
		row(&b, syntax, cell(d.meaning), code(`db:"`+d.example+`"`), code(d.sql))
	}
	return b.String()
}

// directiveTable renders the docs of directives as a Markdown table.
func directiveTable() string {
	var b strings.Builder
	b.WriteString("| directive | meaning | SQL |\n| --- | --- | --- |\n")
	for _, d := range directives {
		if d.doc != nil {
			row(&b, code(d.doc.syntax), cell(d.doc.meaning), code(d.doc.sql))
		}
	}
	return b.String()
}

func row(b *strings.Builder, cells ...string) {
	b.WriteString(strings.TrimSpace("| "+strings.Join(cells, " | ")) + " |\n")
}

// cell escapes the pipes of a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// code renders s as a code span of a table cell; "" stays empty.
func code(s string) string {
	if s == "" {
		return ""
	}
	return "`" + cell(s) + "`"
}

// TestTagDocs checks the examples of the option table: each is a valid
// db tag that uses its option, and formatTag (the fuzz target's printer)
// prints it back to the same tag; every option has a row in the README
// and a line in the package doc; every table directive has a row.
func TestTagDocs(t *testing.T) {
	t.Parallel()
	for _, o := range tagOptions {
		if len(o.docs) == 0 {
			t.Errorf("option %q has no row in the README table", o.name)
		}
		for _, d := range o.docs {
			if !strings.HasPrefix(d.syntax, o.name) {
				t.Errorf("option %q documented as %q", o.name, d.syntax)
			}
			parts, err := splitList(d.example)
			if err != nil || !strings.Contains(","+strings.Join(parts[1:], ",")+",", ","+o.name) {
				t.Errorf("option %q: example %q does not use it", o.name, d.example)
			}
			ft, errs := parseTag(d.example, nil)
			if len(errs) > 0 {
				t.Errorf("option %q: example %q: %q", o.name, d.example, errs)
				continue
			}
			again, errs := parseTag(formatTag(ft), nil)
			if diff := cmp.Diff(ft, again, cmp.AllowUnexported(fieldTag{}, fkTarget{})); diff != "" || len(errs) > 0 {
				t.Errorf("option %q: example %q printed as %q parses differently %q (-first +second):\n%s", o.name, d.example, formatTag(ft), errs, diff)
			}
		}
	}
	// The package doc lists the options too, one per line, a line
	// starting with the option (or two: "null, notnull").
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(string(src), "\n") {
		rest, ok := strings.CutPrefix(line, "//\t")
		if !ok || strings.HasPrefix(rest, " ") {
			continue
		}
		head, _, _ := strings.Cut(rest, "  ")
		for _, opt := range strings.Split(head, ", ") {
			name, _, _ := strings.Cut(opt, ":")
			listed[name] = true
		}
	}
	for _, o := range tagOptions {
		if !listed[o.name] {
			t.Errorf("option %q is not in the list of parser/doc.go", o.name)
		}
	}
	for _, d := range directives {
		if d.doc != nil && d.doc.syntax != directivePrefix+d.name && !strings.HasPrefix(d.doc.syntax, directivePrefix+d.name+" ") {
			t.Errorf("directive %q documented as %q", d.name, d.doc.syntax)
		}
		if d.needsTable && d.doc == nil {
			t.Errorf("table directive %q has no row in the README table", d.name)
		}
	}
}
