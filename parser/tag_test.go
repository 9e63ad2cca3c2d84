package parser

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplitList(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		tag     string
		want    []string
		wantErr string
	}{
		{name: "name only", tag: "id", want: []string{"id"}},
		{name: "empty", tag: "", want: []string{""}},
		{name: "options", tag: "id,pk,identity", want: []string{"id", "pk", "identity"}},
		{name: "empty name", tag: ",pk", want: []string{"", "pk"}},
		{name: "comma in parentheses", tag: "total,type:numeric(12,2),default:0", want: []string{"total", "type:numeric(12,2)", "default:0"}},
		{name: "nested parentheses", tag: "x,default:coalesce(f(1,2),3)", want: []string{"x", "default:coalesce(f(1,2),3)"}},
		{name: "comma in single quotes", tag: "note,default:'a,b'", want: []string{"note", "default:'a,b'"}},
		{name: "comma in double quotes", tag: `n,default:"a,b"`, want: []string{"n", `default:"a,b"`}},
		{name: "doubled quote", tag: "n,default:'it''s, ok',unique", want: []string{"n", "default:'it''s, ok'", "unique"}},
		{name: "parenthesis in quotes", tag: "n,default:'(',index", want: []string{"n", "default:'('", "index"}},
		{name: "quote in parentheses", tag: "n,default:f(',')", want: []string{"n", "default:f(',')"}},
		{name: "trailing comma", tag: "id,", want: []string{"id", ""}},
		{name: "comma in a dollar quote", tag: "x,default:$$a,b$$,unique", want: []string{"x", "default:$$a,b$$", "unique"}},
		{name: "quote in a tagged dollar quote", tag: "x,default:$q$',$q$,unique", want: []string{"x", "default:$q$',$q$", "unique"}},
		{name: "escaped quote in an E string", tag: `x,default:E'it\'s, ok',unique`, want: []string{"x", `default:E'it\'s, ok'`, "unique"}},
		{name: "comma in a nested comment", tag: "x,default:/* /* , */ , */ 1,unique", want: []string{"x", "default:/* /* , */ , */ 1", "unique"}},
		{name: "comma in brackets", tag: "x,default:ARRAY['a','b'],index", want: []string{"x", "default:ARRAY['a','b']", "index"}},
		{name: "a -- comment runs to the end", tag: "x,default:1 -- one,unique", want: []string{"x", "default:1 -- one,unique"}},
		{name: "name the lexer refuses", tag: "2fa_enabled,unique:2fa_key", want: []string{"2fa_enabled", "unique:2fa_key"}},
		{name: "prose the lexer refuses", tag: `x,comment:1st place, ""`, want: []string{"x", "comment:1st place", ` ""`}},
		{name: "NUL byte in a name", tag: "a\x00b,pk", want: []string{"a\x00b", "pk"}},
		{name: "unclosed parenthesis", tag: "x,type:numeric(12,2", wantErr: `unclosed "("`},
		{name: "unclosed bracket", tag: "x,default:a[1", wantErr: `unclosed "["`},
		{name: "mismatched brackets", tag: "x,default:a[1)", wantErr: `")" at offset 13 does not close the "[" at offset 11`},
		{name: "unterminated dollar quote", tag: "x,default:$q$a,b", wantErr: "unterminated dollar-quoted string"},
		{name: "unterminated comment", tag: "x,default:/* /* */ 1,unique", wantErr: "unterminated /* comment"},
		{name: "unterminated quoted identifier", tag: `x,comment:"a,b`, wantErr: `unterminated " quote`},
		{name: "not UTF-8", tag: "0\x99", wantErr: "not valid UTF-8"},
		{name: "quote cut by a NUL byte", tag: "x,default:'a\x00b'", wantErr: "unterminated ' quote"},
		{name: "stray parenthesis", tag: "x,type:numeric)", wantErr: `unbalanced ")" at offset 14`},
		{name: "unterminated quote", tag: "x,default:'a", wantErr: "unterminated ' quote"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := splitList(tc.tag)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("splitList(%q) error = %v, want %q", tc.tag, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("splitList(%q): %v", tc.tag, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("splitList(%q) (-want +got):\n%s", tc.tag, diff)
			}
		})
	}
}

func TestSnakeCase(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
	}{
		{in: "ID", want: "id"},
		{in: "Name", want: "name"},
		{in: "CustomerOrder", want: "customer_order"},
		{in: "HTTPServer", want: "http_server"},
		{in: "UserID", want: "user_id"},
		{in: "UserIDs", want: "user_ids"},
		{in: "IDsByName", want: "ids_by_name"},
		{in: "JSONData", want: "json_data"},
		{in: "NInt64", want: "n_int64"},
		{in: "F32", want: "f32"},
		{in: "Address2Line", want: "address2_line"},
		{in: "V2API", want: "v2_api"},
		{in: "already_snake", want: "already_snake"},
		{in: "Mixed_Case", want: "mixed_case"},
		{in: "ÜberName", want: "über_name"},
		{in: "A", want: "a"},
		{in: "", want: ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			if got := snakeCase(tc.in); got != tc.want {
				t.Errorf("snakeCase(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseTag(t *testing.T) {
	t.Parallel()
	str := func(s string) *string { return &s }
	for _, tc := range []struct {
		name     string
		tag      string
		want     fieldTag
		wantErrs []string
	}{
		{name: "empty", tag: "", want: fieldTag{}},
		{
			name: "every option",
			tag:  "customer_id, pk ,identity,type:bigint,notnull,unique,unique:u2,index,index:i2,fk:billing.customers.id,ondelete:SET  null,onupdate:No Action",
			want: fieldTag{
				name: "customer_id", pk: true, identity: true, typ: "bigint", notnull: true,
				uniques: []string{"", "u2"}, indexes: []string{"", "i2"},
				fk:       &fkTarget{table: "billing.customers", column: "id"},
				onDelete: str("SET NULL"), onUpdate: str(""),
			},
		},
		{name: "default with colons", tag: "x,default:'a'::text", want: fieldTag{name: "x", def: "'a'::text"}},
		{name: "type with spaces", tag: "x,type:double precision", want: fieldTag{name: "x", typ: "double precision"}},
		{
			name:     "misspelt option",
			tag:      "x,nul,idnex,pkk",
			want:     fieldTag{name: "x"},
			wantErrs: []string{`unknown option "nul" (did you mean "null"?)`, `unknown option "idnex" (did you mean "index"?)`, `unknown option "pkk" (did you mean "pk"?)`},
		},
		{
			name: "check, comment, renamed, generated",
			tag:  "x,check:x > 0 AND x < f(1, 2),comment:hi,renamed:y,generated:x * 2",
			want: fieldTag{name: "x", check: "x > 0 AND x < f(1, 2)", comment: "hi", renamed: "y", generated: "x * 2"},
		},
		{name: "comment in single quotes", tag: "x,comment:'a, b'", want: fieldTag{name: "x", comment: "a, b"}},
		{name: "comment in double quotes", tag: `x,comment:"it's, ""quoted"""`, want: fieldTag{name: "x", comment: `it's, "quoted"`}},
		{name: "comment with doubled single quote", tag: "x,comment:'it''s'", want: fieldTag{name: "x", comment: "it's"}},
		{name: "comment with a quote inside", tag: "x,comment:it's", wantErrs: []string{`db tag "x,comment:it's": unterminated ' quote`}},
		{name: "default in a nested comment", tag: "x,default:/* /* */ ; DROP TABLE sentinel */ 1", want: fieldTag{name: "x", def: "/* /* */ ; DROP TABLE sentinel */ 1"}},
		{name: "dollar-quoted default", tag: "x,default:$q$it's, fine$q$", want: fieldTag{name: "x", def: "$q$it's, fine$q$"}},
		{
			name:     "default with a second statement",
			tag:      "total,default:0; DROP TABLE sentinel",
			want:     fieldTag{name: "total", def: "0; DROP TABLE sentinel"},
			wantErrs: []string{`default "0; DROP TABLE sentinel" is not one SQL expression: it holds a second statement`},
		},
		{
			name: "every fragment hostile",
			tag:  "x,type:int DEFAULT 1,check:COMMIT,generated:$$a$$; COMMIT",
			want: fieldTag{name: "x", typ: "int DEFAULT 1", check: "COMMIT", generated: "$$a$$; COMMIT"},
			wantErrs: []string{
				`type "int DEFAULT 1" is not one SQL type name: syntax error at or near "DEFAULT"`,
				`check "COMMIT" is not one SQL expression: alone, it is a statement (COMMIT); write a column or type of that name in double quotes`,
				`generated "$$a$$; COMMIT" is not one SQL expression: it holds a second statement`,
			},
		},
		{
			name:     "closing parenthesis in a check",
			tag:      "x,check:x > 0) OR (true",
			wantErrs: []string{`db tag "x,check:x > 0) OR (true": unbalanced ")" at offset 13`},
		},
		{
			name:     "NUL byte in a comment",
			tag:      "x,comment:a\x00b",
			want:     fieldTag{name: "x", comment: "a\x00b"},
			wantErrs: []string{`option "comment" holds a NUL byte, which PostgreSQL text cannot hold`},
		},
		{
			name: "names over 63 bytes",
			tag:  "x,unique:" + strings.Repeat("u", 64) + ",index:" + strings.Repeat("i", 64) + ",renamed:" + strings.Repeat("r", 64) + ",fk:t." + strings.Repeat("c", 64),
			want: fieldTag{name: "x"},
			wantErrs: []string{
				`option "unique": unique constraint name "` + strings.Repeat("u", 64) + `" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
				`option "index": index name "` + strings.Repeat("i", 64) + `" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
				`option "renamed": column name "` + strings.Repeat("r", 64) + `" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
				`option "fk": column name "` + strings.Repeat("c", 64) + `" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
			},
		},
		{
			name:     "empty quoted comment",
			tag:      `x,comment:""`,
			want:     fieldTag{name: "x"},
			wantErrs: []string{`option "comment" needs text (comment:...)`},
		},
		{
			name: "generated with default, identity and pk",
			tag:  "x,pk,identity,default:1,generated:y",
			want: fieldTag{name: "x", pk: true, identity: true, def: "1", generated: "y"},
			wantErrs: []string{
				`options "identity" and "default" conflict`,
				`options "generated" and "default" conflict: a generated column has no default`,
				`options "generated" and "identity" conflict: a column is generated or identity, not both`,
				`options "generated" and "pk" conflict: a generated column cannot be part of the primary key`,
			},
		},
		{
			name:     "renamed without a value",
			tag:      "x,renamed",
			want:     fieldTag{name: "x"},
			wantErrs: []string{`option "renamed" needs a value (renamed:...)`},
		},
		{
			name:     "same unique twice",
			tag:      "x,unique:a,unique:a",
			want:     fieldTag{name: "x", uniques: []string{"a"}},
			wantErrs: []string{`option "unique:a" given twice`},
		},
		{
			name:     "empty group name",
			tag:      "x,index:",
			want:     fieldTag{name: "x"},
			wantErrs: []string{`option "index" needs a name after the colon`},
		},
		{
			name:     "onupdate without fk",
			tag:      "x,onupdate:cascade",
			want:     fieldTag{name: "x", onUpdate: str("CASCADE")},
			wantErrs: []string{`option "onupdate" needs fk:TABLE.COLUMN`},
		},
		{
			name:     "fk with empty table part",
			tag:      "x,fk:.id",
			want:     fieldTag{name: "x"},
			wantErrs: []string{`option "fk" needs TABLE.COLUMN, got ".id"`},
		},
		{
			name: "identity kinds, sequence, collate, nullsnotdistinct",
			tag:  `id,identity:always,sequence:start 10 increment 2,collate:C,unique,nullsnotdistinct`,
			want: fieldTag{name: "id", identity: true, identityAlways: true, sequence: "start 10 increment 2",
				collation: `"C"`, uniques: []string{""}, nullsNotDistinct: true},
		},
		{name: "identity by default", tag: "id,identity:By Default", want: fieldTag{name: "id", identity: true}},
		{name: "collation with a dot, quoted", tag: `c,collate:"en_US.utf8"`, want: fieldTag{name: "c", collation: `"en_US.utf8"`}},
		{name: "collation of a schema", tag: `c,collate:s."Mine"`, want: fieldTag{name: "c", collation: `"s"."Mine"`}},
		{
			name:     "identity of an unknown kind",
			tag:      "id,identity:sometimes",
			want:     fieldTag{name: "id", identity: true},
			wantErrs: []string{`option "identity": unknown kind "sometimes" (want identity, identity:always or identity:by default)`},
		},
		{
			name:     "hostile collations",
			tag:      `c,collate:C NOT NULL`,
			want:     fieldTag{name: "c"},
			wantErrs: []string{`option "collate": collation "C NOT NULL": a bare name holds letters, digits, _ and -; quote it`},
		},
		{
			name:     "hostile quoted collation",
			tag:      `c,collate:"C"; DROP TABLE t`,
			want:     fieldTag{name: "c"},
			wantErrs: []string{`option "collate": collation "\"C\"; DROP TABLE t": want a name or schema.name, each plain or double-quoted`},
		},
		{
			name:     "nullsnotdistinct without unique",
			tag:      "c,nullsnotdistinct",
			want:     fieldTag{name: "c", nullsNotDistinct: true},
			wantErrs: []string{`option "nullsnotdistinct" needs unique or unique:NAME`},
		},
		{
			name:     "fk with empty schema",
			tag:      "x,fk:.t.id",
			want:     fieldTag{name: "x"},
			wantErrs: []string{`option "fk": invalid table name ".t": empty part`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, errs := parseTag(tc.tag, nil)
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(fieldTag{}, fkTarget{})); diff != "" {
				t.Errorf("parseTag(%q) (-want +got):\n%s", tc.tag, diff)
			}
			if diff := cmp.Diff(tc.wantErrs, errs); diff != "" {
				t.Errorf("parseTag(%q) errors (-want +got):\n%s", tc.tag, diff)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		word, want string
	}{
		{word: "defualt", want: "default"},
		{word: "DEFAULT", want: "default"},
		{word: "uniqe", want: "unique"},
		{word: "notnul", want: "notnull"},
		{word: "x", want: ""},
		{word: "primary", want: ""},
	} {
		t.Run(tc.word, func(t *testing.T) {
			t.Parallel()
			if got := suggest(tc.word, tagOptionNames()); got != tc.want {
				t.Errorf("suggest(%q) = %q, want %q", tc.word, got, tc.want)
			}
		})
	}
}
