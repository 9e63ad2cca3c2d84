package parser

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/schema"
)

// loadBun loads one package of bun models, the file src (without its
// package clause, which says //schemagen:bun), in a module of its own
// with a stub of github.com/uptrace/bun.
func loadBun(t *testing.T, src string) (*schema.Schema, error) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":                   "module example.com/m\n\ngo 1.26.0\n\nrequire github.com/uptrace/bun v1.3.0\n\nreplace github.com/uptrace/bun => ./bunstub\n",
		"bunstub/go.mod":           "module github.com/uptrace/bun\n\ngo 1.26.0\n",
		"bunstub/bun.go":           "package bun\n\nimport \"github.com/uptrace/bun/schema\"\n\n// BaseModel is bun's.\ntype BaseModel = schema.BaseModel\n",
		"bunstub/schema/schema.go": "package schema\n\n// BaseModel is bun's.\ntype BaseModel struct{}\n",
		"models/models.go":         "// Package models holds bun models.\n//\n//schemagen:bun\npackage models\n\n" + src,
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return Load(context.Background(), Config{Dir: dir, Env: testEnv}, "./models")
}

func TestBunModels(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, src, want string
	}{
		{
			name: "columns, keys and relations",
			src: `import "github.com/uptrace/bun"

type Address struct {
	Street string
	Zip    string ` + "`bun:\"postal_code,unique:uq_zip\"`" + `
}

type Company struct {
	bun.BaseModel ` + "`bun:\"table:companies,alias:c\"`" + `

	ID      int64  ` + "`bun:\",pk,autoincrement\"`" + `
	Name    string ` + "`bun:\",notnull,unique\"`" + `
	Billing Address ` + "`bun:\"embed:billing_\"`" + `
	Address
}

type User struct {
	bun.BaseModel

	ID        int64 ` + "`bun:\"id,pk,identity\"`" + `
	Tags      []string ` + "`bun:\",array\"`" + `
	Blob      []byte
	Score     float64 ` + "`bun:\",default:0\"`" + `
	Kind      string ` + "`bun:\",unique:uq_kind\"`" + `
	Slot      int    ` + "`bun:\",unique:uq_kind\"`" + `
	Skip      int    ` + "`bun:\",scanonly\"`" + `
	Gone      int    ` + "`bun:\"-\"`" + `
	Note      *string ` + "`bun:\"column:remark\"`" + `
	CompanyID int64
	Company   *Company ` + "`bun:\"rel:belongs-to,on_delete:set null\"`" + `
}
`,
			want: `TABLE public.companies PK companies_pkey(id)
  id bigint NOT NULL SERIAL
  name varchar NOT NULL
  billing_street varchar
  billing_postal_code varchar
  street varchar
  postal_code varchar
  UNIQUE companies_name_key(name)
  UNIQUE billing_uq_zip(billing_postal_code)
  UNIQUE uq_zip(postal_code)
TABLE public.users PK users_pkey(id)
  id bigint NOT NULL IDENTITY
  tags varchar[]
  blob bytea
  score double precision DEFAULT 0
  kind varchar
  slot bigint
  remark varchar
  company_id bigint
  UNIQUE uq_kind(kind, slot)
  FK users_company_id_fkey(company_id) public.companies(id) ON DELETE SET NULL
`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := loadBun(t, tc.src)
			if err != nil {
				t.Fatal(err)
			}
			if got := renderTables(s); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestBunTag(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		tag, name, opts string
	}{
		{"id,pk,autoincrement", "id", "map[autoincrement:[] pk:[]]"},
		{",notnull,default:now()", "", "map[default:[now()] notnull:[]]"},
		{`type:numeric(10,2),default:"a,b"`, "", "map[default:[a,b] type:[numeric(10,2)]]"},
		{"rel:belongs-to,join:a=b,join:c=d", "", "map[join:[a=b c=d] rel:[belongs-to]]"},
		{`"quoted,name",unique`, "quoted,name", "map[unique:[]]"},
	} {
		got := parseBunTag(tc.tag)
		opts := strings.ReplaceAll(strings.ReplaceAll(fmtOptions(got.options), "[ ]", "[]"), "[]]", "[]]")
		if got.name != tc.name || opts != tc.opts {
			t.Errorf("parseBunTag(%q) = %q %s, want %q %s", tc.tag, got.name, opts, tc.name, tc.opts)
		}
	}
}

// fmtOptions prints options as map[k:[v ...] ...], empty values as [].
func fmtOptions(m map[string][]string) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		var vs []string
		for _, v := range m[k] {
			if v != "" {
				vs = append(vs, v)
			}
		}
		parts = append(parts, k+":["+strings.Join(vs, " ")+"]")
	}
	return "map[" + strings.Join(parts, " ") + "]"
}

// TestBunErrors checks that what cannot be read exactly is an error at
// the field's file:line naming the tag: each line of the models that
// ends in "// ERR: TEXT" must have an error holding TEXT, and no other
// line an error.
func TestBunErrors(t *testing.T) {
	t.Parallel()
	src := `import "github.com/uptrace/bun"

type A struct {
	bun.BaseModel
	ID    int64 ` + "`bun:\",pk,notnul\"`" + ` // ERR: unknown option "notnul" (did you mean "notnull"?)
	Blob  []int ` + "`bun:\",msgpack\"`" + ` // ERR: msgpack columns are not supported
	Any   any // ERR: cannot tell the SQL type of any
	BRef  int64
	B     *B ` + "`bun:\"rel:belongs-to,join:b_ref=id,on_delete:explode\"`" + ` // ERR: on_delete is no referential action
	C     *C ` + "`bun:\"rel:belongs-to\"`" + ` // ERR: is not a model of this package
	D     *B ` + "`bun:\"rel:belongs-to,join:missing=id\"`" + ` // ERR: names no columns of A and B
	E     *B ` + "`bun:\"rel:has-some\"`" + ` // ERR: unknown relation "has-some"
	Def   int ` + "`bun:\",default:1)\"`" + ` // ERR: default
	Bs    []B ` + "`bun:\"m2m:a_to_b\"`" + ` // ERR: m2m table "a_to_b" is no model of this package
}

type B struct {
	bun.BaseModel
	ID int64 ` + "`bun:\",pk\"`" + `
}

type C struct{ ID int64 }
`
	_, err := loadBun(t, src)
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Load error = %v, want an ErrorList", err)
	}
	const offset = 5 // the lines loadBun writes before src
	want := map[int]string{}
	for i, line := range strings.Split(src, "\n") {
		if _, msg, ok := strings.Cut(line, "// ERR: "); ok {
			want[i+1+offset] = msg
		}
	}
	got := map[int]bool{}
	for _, e := range list {
		msg, ok := want[e.Pos.Line]
		switch {
		case filepath.Base(e.Pos.Filename) != "models.go" || !ok:
			t.Errorf("unexpected error: %v", e)
		case !strings.Contains(e.Msg, msg):
			t.Errorf("error at line %d = %q, want it to hold %q", e.Pos.Line, e.Msg, msg)
		default:
			got[e.Pos.Line] = true
		}
	}
	for line, msg := range want {
		if !got[line] {
			t.Errorf("no error at line %d holding %q; got:\n%v", line, msg, list)
		}
	}
}
