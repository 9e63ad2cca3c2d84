package parser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/schema"
)

// GORM's names, as gorm.io/gorm v1.31.2's NamingStrategy and
// jinzhu/inflection v1.0.0 give them (printed by GORM itself).
func TestGORMNames(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, column, table string }{
		{"User", "user", "users"},
		{"UserID", "user_id", "user_ids"},
		{"HTTPPath", "http_path", "http_paths"},
		{"ID", "id", "ids"},
		{"CreatedAt", "created_at", "created_ats"},
		{"APIKey", "api_key", "api_keys"},
		{"OAuth2Token", "o_auth2_token", "o_auth2_tokens"},
		{"HTTPSUrl", "http_s_url", "http_s_urls"},
		{"Person", "person", "people"},
		{"Category", "category", "categories"},
		{"Status", "status", "statuses"},
		{"Child", "child", "children"},
		{"Fish", "fish", "fish"},
		{"Address", "address", "addresses"},
		{"Company", "company", "companies"},
		{"Box", "box", "boxes"},
		{"Bus", "bus", "buses"},
		{"Datum", "datum", "data"},
		{"Mouse", "mouse", "mice"},
		{"Wife", "wife", "wives"},
		{"Leaf", "leaf", "leafs"},
		{"Quiz", "quiz", "quizzes"},
		{"Ox", "ox", "oxen"},
		{"Man", "man", "men"},
		{"Sheep", "sheep", "sheep"},
		{"AuditLog", "audit_log", "audit_logs"},
		{"UTF8Name", "utf8_name", "utf8_names"},
		{"MyUUIDs", "my_uuids", "my_uuids"},
		{"Analysis", "analysis", "analyses"},
		{"Matrix", "matrix", "matrices"},
		{"Index", "index", "indices"},
		{"PostTags", "post_tags", "post_tags"},
		{"already_lower", "already_lower", "already_lowers"},
		{"ABC", "abc", "abcs"},
		{"X", "x", "xes"},
		{"user_profile", "user_profile", "user_profiles"},
		{"Self2Ref", "self2_ref", "self2_refs"},
		{"V2API", "v2_api", "v2_apis"},
	} {
		if got := gormDBName(tc.name); got != tc.column {
			t.Errorf("column name of %s = %q, want %q", tc.name, got, tc.column)
		}
		if got := (gormNaming{}).table(tc.name); got != tc.table {
			t.Errorf("table name of %s = %q, want %q", tc.name, got, tc.table)
		}
	}
	for _, tc := range [][2]string{
		{"Friends", "Friend"}, {"Children", "Child"}, {"People", "Person"}, {"Statuses", "Status"},
		{"Boxes", "Box"}, {"Categories", "Category"}, {"Wives", "Wife"}, {"Data", "Datum"},
		{"Mice", "Mouse"}, {"Buses", "Bus"}, {"Analyses", "Analysis"}, {"Matrices", "Matrix"},
		{"Quizzes", "Quiz"}, {"News", "News"}, {"Series", "Series"}, {"Movies", "Movie"},
		{"Databases", "Database"}, {"Shoes", "Shoe"}, {"Tags", "Tag"}, {"Sheep", "Sheep"}, {"Oxen", "Ox"},
	} {
		if got := inflectSingular(tc[0]); got != tc[1] {
			t.Errorf("singular of %s = %q, want %q", tc[0], got, tc[1])
		}
	}
	// GORM cuts names longer than 64 characters with a hash; PostgreSQL
	// keeps 63 bytes of them.
	for _, tc := range []struct{ got, want string }{
		{gormIndexName("a_rather_long_table_name_for_testing", "SomeVeryLongColumnNameThatOverflows"), "idx_a_rather_long_table_name_for_testing_some_very_long_c2ee5036"[:63]},
		{gormIndexName("schema.table", "Col"), "idx_schema_table_col"},
		{gormCheckName("t", "Col"), "chk_t_Col"},
		{(gormNaming{}).joinTable("UserLanguages"), "user_languages"},
		{(gormNaming{}).joinTable("user_languages"), "user_languages"},
		{(gormNaming{tablePrefix: "app_"}).table("User"), "app_users"},
		{(gormNaming{singularTable: true}).table("UserProfile"), "user_profile"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestGORMTagSettings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		tag  string
		want map[string]string
	}{
		{"primaryKey;size:32", map[string]string{"PRIMARYKEY": "PRIMARYKEY", "SIZE": "32"}},
		{"not null;default:'a:b'", map[string]string{"NOT NULL": "NOT NULL", "DEFAULT": "'a:b'"}},
		{`check:a\;b`, map[string]string{"CHECK": "a;b"}},
		{`comment:say \"hi\"`, map[string]string{"COMMENT": `say "hi"`}},
		{" Index ; ;", map[string]string{"INDEX": "INDEX"}},
	} {
		got := gormTagSettings(tc.tag, ";")
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("gormTagSettings(%q) = %v, want %v", tc.tag, got, tc.want)
		}
	}
}

// gormStub is a stand-in for gorm.io/gorm's gorm.Model and DeletedAt,
// which the tests load offline.
const gormStub = `package gorm

import (
	"database/sql"
	"database/sql/driver"
	"time"
)

type Model struct {
	ID        uint ` + "`gorm:\"primarykey\"`" + `
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt DeletedAt ` + "`gorm:\"index\"`" + `
}

type DeletedAt sql.NullTime

func (n DeletedAt) Value() (driver.Value, error) {
	if !n.Valid {
		return nil, nil
	}
	return n.Time, nil
}
`

// loadGORM loads one package of GORM models, the file src (without
// its package clause, which says //schemagen:gorm dirArgs), in a module
// of its own with a stub of gorm.io/gorm.
func loadGORM(t *testing.T, directive, src string) (*schema.Schema, error) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":              "module example.com/m\n\ngo 1.26.0\n\nrequire gorm.io/gorm v1.31.2\n\nreplace gorm.io/gorm => ./gormstub\n",
		"gormstub/go.mod":     "module gorm.io/gorm\n\ngo 1.26.0\n",
		"gormstub/model.go":   gormStub,
		"models/models.go":    "// Package models holds GORM models.\n//\n" + directive + "\npackage models\n\n" + src,
		"models/doc_extra.go": "package models\n",
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

// renderTables writes the tables of s in a compact text, one table
// after another, for comparing with a test's expectation.
func renderTables(s *schema.Schema) string {
	var b strings.Builder
	for _, t := range s.Tables {
		fmt.Fprintf(&b, "TABLE %s.%s", t.Schema, t.Name)
		if t.PrimaryKey != nil {
			fmt.Fprintf(&b, " PK %s(%s)", t.PrimaryKey.Name, strings.Join(t.PrimaryKey.Columns, ", "))
		}
		b.WriteString("\n")
		for _, c := range t.Columns {
			fmt.Fprintf(&b, "  %s %s", c.Name, c.Type)
			if !c.Nullable {
				b.WriteString(" NOT NULL")
			}
			if c.Sequence != "" {
				b.WriteString(" SERIAL")
			}
			if c.Identity {
				b.WriteString(" IDENTITY")
				if c.IdentityAlways {
					b.WriteString(" ALWAYS")
				}
			}
			if c.Default != "" {
				b.WriteString(" DEFAULT " + c.Default)
			}
			if c.Generated != "" {
				b.WriteString(" GENERATED " + c.Generated)
			}
			if c.Comment != "" {
				b.WriteString(" COMMENT " + c.Comment)
			}
			b.WriteString("\n")
		}
		for _, u := range t.Uniques {
			fmt.Fprintf(&b, "  UNIQUE %s(%s)\n", u.Name, strings.Join(u.Columns, ", "))
		}
		for _, ix := range t.Indexes {
			fmt.Fprintf(&b, "  INDEX %s", ix.Name)
			if ix.Unique {
				b.WriteString(" UNIQUE")
			}
			if ix.Method != "" {
				b.WriteString(" USING " + ix.Method)
			}
			fmt.Fprintf(&b, " (%s)", strings.Join(append(ix.Columns, ix.Keys...), ", "))
			if ix.Where != "" {
				b.WriteString(" WHERE " + ix.Where)
			}
			b.WriteString("\n")
		}
		for _, fk := range t.ForeignKeys {
			fmt.Fprintf(&b, "  FK %s(%s) %s.%s(%s)", fk.Name, strings.Join(fk.Columns, ", "), fk.RefSchema, fk.RefTable, strings.Join(fk.RefColumns, ", "))
			if fk.OnDelete != "" {
				b.WriteString(" ON DELETE " + fk.OnDelete)
			}
			if fk.OnUpdate != "" {
				b.WriteString(" ON UPDATE " + fk.OnUpdate)
			}
			b.WriteString("\n")
		}
		for _, c := range t.Checks {
			fmt.Fprintf(&b, "  CHECK %s %s\n", c.Name, c.Expr)
		}
	}
	return b.String()
}

// TestGORMModels reads small GORM model packages; each want is the
// schema AutoMigrate creates for them on PostgreSQL (as the database
// test of internal/cli checks against GORM itself on the larger model
// set of testdata/gorm).
func TestGORMModels(t *testing.T) {
	t.Parallel()
	// Under -short, only the cases that import nothing (and so
	// type-check no other package) run.
	for _, tc := range []struct {
		name, directive, src, want string
		short                      bool
	}{
		{
			name: "gorm.Model",
			src: `import "gorm.io/gorm"

type User struct {
	gorm.Model
	Name string
}
`,
			want: `TABLE public.users PK users_pkey(id)
  id bigint NOT NULL SERIAL
  created_at timestamptz
  updated_at timestamptz
  deleted_at timestamptz
  name text
  INDEX idx_users_deleted_at (deleted_at)
`,
		},
		{
			name: "types",
			src: `import (
	"database/sql"
	"time"
)

type Status string

type Kind struct {
	Code   string ` + "`gorm:\"primaryKey;size:8\"`" + `
	I8     int8
	I16    int16
	I32    int32
	I      int
	U8     uint8
	U16    uint16
	U32    uint32
	U      uint
	F32    float32
	F64    float64
	Num    float64 ` + "`gorm:\"precision:10;scale:2\"`" + `
	Num2   float64 ` + "`gorm:\"precision:7\"`" + `
	S      string
	V      string ` + "`gorm:\"size:20\"`" + `
	Huge   string ` + "`gorm:\"size:10485761\"`" + `
	St     Status
	B      bool
	Raw    []byte
	At     time.Time
	At3    *time.Time ` + "`gorm:\"precision:3\"`" + `
	Small  int    ` + "`gorm:\"size:16\"`" + `
	AsInt  string ` + "`gorm:\"type:int\"`" + `
	Typed  string ` + "`gorm:\"type:varchar(32)\"`" + `
	NS     sql.NullString
	NI     sql.NullInt32
	NT     sql.NullTime
	NG     sql.Null[int16]
	Tags   []string ` + "`gorm:\"serializer:json\"`" + `
	Stamp  int64    ` + "`gorm:\"serializer:unixtime;type:timestamptz\"`" + `
}
`,
			want: `TABLE public.kinds PK kinds_pkey(code)
  code varchar(8) NOT NULL
  i8 smallint
  i16 smallint
  i32 integer
  i bigint
  u8 smallint
  u16 integer
  u32 bigint
  u bigint
  f32 decimal
  f64 decimal
  num numeric(10, 2)
  num2 numeric(7)
  s text
  v varchar(20)
  huge text
  st text
  b boolean
  raw bytea
  at timestamptz
  at3 timestamptz(3)
  small smallint
  as_int smallint
  typed varchar(32)
  ns text
  ni integer
  nt timestamptz
  ng smallint
  tags text
  stamp timestamptz
`,
		},
		{
			name: "defaults and nullability",
			src: `import "time"

type Setting struct {
	ID      int64   ` + "`gorm:\"primaryKey;autoIncrement:false\"`" + `
	Name    string  ` + "`gorm:\"not null;default:'it''s'\"`" + `
	Plain   string  ` + "`gorm:\"default:plain\"`" + `
	Hex     int     ` + "`gorm:\"default:0x1F\"`" + `
	Neg     int     ` + "`gorm:\"default:-3\"`" + `
	U       uint    ` + "`gorm:\"default:7\"`" + `
	On      bool    ` + "`gorm:\"default:t;notnull\"`" + `
	Ratio   float64 ` + "`gorm:\"default:1.50\"`" + `
	Fn      string  ` + "`gorm:\"type:uuid;default:gen_random_uuid()\"`" + `
	Null    *string ` + "`gorm:\"default:null\"`" + `
	None    string  ` + "`gorm:\"default:(-)\"`" + `
	Keyword time.Time ` + "`gorm:\"default:CURRENT_TIMESTAMP\"`" + `
	Seq     int     ` + "`gorm:\"autoIncrement\"`" + `
	Off     string  ` + "`gorm:\"not null:false\"`" + `
}
`,
			want: `TABLE public.settings PK settings_pkey(id)
  id bigint NOT NULL
  name text NOT NULL DEFAULT 'it''''s'
  plain text DEFAULT 'plain'
  hex bigint DEFAULT 31
  neg bigint DEFAULT -3
  u bigint DEFAULT 7
  on boolean NOT NULL DEFAULT true
  ratio decimal DEFAULT 1.5
  fn uuid DEFAULT gen_random_uuid()
  null text
  none text
  keyword timestamptz DEFAULT CURRENT_TIMESTAMP
  seq bigint NOT NULL SERIAL
  off text
`,
		},
		{
			name:  "indexes, uniques and checks",
			short: true,
			src: `type Post struct {
	ID      uint
	Title   string ` + "`gorm:\"size:200;index:,class:UNIQUE,where:deleted IS NULL\"`" + `
	Slug    string ` + "`gorm:\"uniqueIndex:idx_slug,where:deleted IS NULL;check:slug <> ''\"`" + `
	Lower   string ` + "`gorm:\"index:idx_lower,expression:lower(slug)\"`" + `
	Views   int    ` + "`gorm:\"index:,sort:desc,comment:ignored on postgres,length:10\"`" + `
	Body    string ` + "`gorm:\"index:,type:GIN,expression:to_tsvector('simple'\\\\, body)\"`" + `
	A       int    ` + "`gorm:\"index:idx_ab,priority:2;check:a_positive,a > 0\"`" + `
	B       int    ` + "`gorm:\"index:idx_ab,priority:1;unique\"`" + `
	C       int    ` + "`gorm:\"index:,composite:pair;check:,c > 1\"`" + `
	D       int    ` + "`gorm:\"index:,composite:pair,option:CONCURRENTLY\"`" + `
	E       string ` + "`gorm:\"index:idx_e,unique,collate:\\\"C\\\"\"`" + `
	Deleted *int
	HTTPURL string ` + "`gorm:\"column:url;index\"`" + `
}
`,
			want: `TABLE public.posts PK posts_pkey(id)
  id bigint NOT NULL SERIAL
  title varchar(200)
  slug text
  lower text
  views bigint
  body text
  a bigint
  b bigint
  c bigint
  d bigint
  e text
  deleted bigint
  url text
  UNIQUE uni_posts_b(b)
  INDEX idx_posts_title UNIQUE (title) WHERE deleted IS NULL
  INDEX idx_slug UNIQUE (slug) WHERE deleted IS NULL
  INDEX idx_lower (lower(slug))
  INDEX idx_posts_views ("views" desc)
  INDEX idx_posts_body USING gin (to_tsvector('simple', body))
  INDEX idx_ab (b, a)
  INDEX idx_posts_pair (c, d)
  INDEX idx_e UNIQUE ("e" COLLATE "C")
  INDEX idx_posts_http_url (url)
  CHECK chk_posts_slug slug <> ''
  CHECK a_positive a > 0
  CHECK chk_posts_c c > 1
`,
		},
		{
			// Both embeddings of Audit name their index
			// idx_accounts_v2_note: GORM merges indexes by name.
			name:      "permissions, embedding and table names",
			directive: "//schemagen:gorm tableprefix=app_",
			src: `import "database/sql/driver"

const accountTable = "accounts_v2"

// Audit is only embedded: no table.
type Audit struct {
	By   string ` + "`gorm:\"size:40\"`" + `
	Note string ` + "`gorm:\"index\"`" + `
}

// Money is a column type (a driver.Valuer): no table.
type Money struct{ Cents int64 }

// Value implements driver.Valuer.
func (m Money) Value() (driver.Value, error) { return m.Cents, nil }

// Scratch is left out.
//
//schemagen:ignore
type Scratch struct{ ID int }

type Account struct {
	Code     string ` + "`gorm:\"primaryKey\"`" + `
	Audit
	Meta     Audit  ` + "`gorm:\"embedded;embeddedPrefix:meta_\"`" + `
	*Extra
	Balance  Money  ` + "`gorm:\"type:bigint;not null\"`" + `
	Secret   string ` + "`gorm:\"-\"`" + `
	Legacy   string ` + "`gorm:\"-:migration\"`" + `
	Gone     string ` + "`gorm:\"-:all\"`" + `
	ReadOnly string ` + "`gorm:\"->\"`" + `
	NoRead   string ` + "`gorm:\"->:false;<-:create\"`" + `
	internal string
}

func (Account) TableName() string { return accountTable }

type Extra struct {
	Flag bool
}

type LineItem struct {
	ID int
}

type Archived struct {
	ID   int
	Note string ` + "`gorm:\"index\"`" + `
}

func (*Archived) TableName() string { return "old.archived" }
`,
			want: `TABLE public.accounts_v2 PK accounts_v2_pkey(code)
  code text NOT NULL
  by varchar(40)
  note text
  meta_by varchar(40)
  meta_note text
  flag boolean
  balance bigint NOT NULL
  read_only text
  no_read text
  INDEX idx_accounts_v2_note (note, meta_note)
TABLE public.app_line_items PK app_line_items_pkey(id)
  id bigint NOT NULL SERIAL
TABLE old.archived PK archived_pkey(id)
  id bigint NOT NULL SERIAL
  note text
  INDEX idx_old_archived_note (note)
`,
		},
		{
			name:      "associations",
			short:     true,
			directive: "//schemagen:gorm singulartable",
			src: `type Company struct {
	ID   int
	Name string
}

type User struct {
	ID        uint
	CompanyID *int
	Company   Company    ` + "`gorm:\"constraint:OnUpdate:CASCADE,OnDelete:SET NULL\"`" + `
	ManagerID *uint
	Manager   *User      ` + "`gorm:\"constraint:-\"`" + `
	Card      CreditCard ` + "`gorm:\"foreignKey:OwnerID\"`" + `
	Orders    []Order
	Roles     []Role     ` + "`gorm:\"many2many:UserRoles;constraint:OnDelete:CASCADE\"`" + `
	Friends   []*User    ` + "`gorm:\"many2many:friendships;joinForeignKey:a_id;joinReferences:b_id\"`" + `
}

type CreditCard struct {
	ID      uint
	Number  string ` + "`gorm:\"size:19\"`" + `
	OwnerID uint
}

type Order struct {
	ID     uint
	UserID uint
	User   User ` + "`gorm:\"constraint:fk_order_owner,OnDelete:RESTRICT\"`" + `
	SKU    string
	Item   Item ` + "`gorm:\"foreignKey:SKU;references:Code\"`" + `
}

type Item struct {
	Code string ` + "`gorm:\"primaryKey;type:varchar(12)\"`" + `
}

type Role struct {
	ID    int16 ` + "`gorm:\"primaryKey\"`" + `
	Name  string
	Users []User ` + "`gorm:\"many2many:UserRoles\"`" + `
}
`,
			// Order.User belongs to User by the key that User.Orders has
			// many by: one foreign key, the has-many's. The join table
			// UserRoles is declared by both sides: Role, declared
			// last, wins.
			want: `TABLE public.company PK company_pkey(id)
  id bigint NOT NULL SERIAL
  name text
TABLE public.user PK user_pkey(id)
  id bigint NOT NULL SERIAL
  company_id bigint
  manager_id bigint
  FK fk_user_company(company_id) public.company(id) ON DELETE SET NULL ON UPDATE CASCADE
TABLE public.friendships PK friendships_pkey(a_id, b_id)
  a_id bigint NOT NULL
  b_id bigint NOT NULL
  FK fk_friendships_user(a_id) public.user(id)
  FK fk_friendships_friends(b_id) public.user(id)
TABLE public.credit_card PK credit_card_pkey(id)
  id bigint NOT NULL SERIAL
  number varchar(19)
  owner_id bigint
  FK fk_user_card(owner_id) public.user(id)
TABLE public.order PK order_pkey(id)
  id bigint NOT NULL SERIAL
  user_id bigint
  sku varchar(12)
  FK fk_order_item(sku) public.item(code)
  FK fk_user_orders(user_id) public.user(id)
TABLE public.item PK item_pkey(code)
  code varchar(12) NOT NULL
TABLE public.role PK role_pkey(id)
  id smallint NOT NULL SERIAL
  name text
TABLE public.user_roles PK user_roles_pkey(role_id, user_id)
  role_id smallint NOT NULL
  user_id bigint NOT NULL
  FK fk_user_roles_role(role_id) public.role(id)
  FK fk_user_roles_user(user_id) public.user(id)
`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && !tc.short {
				t.Skip("type-checks database/sql and time; runs without -short")
			}
			t.Parallel()
			s, err := loadGORM(t, cmpOr(tc.directive, "//schemagen:gorm"), tc.src)
			if err != nil {
				t.Fatal(err)
			}
			if got := renderTables(s); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// TestGORMErrors checks that what cannot be read exactly is an error at
// the field's file:line naming the tag. Each line of the models that
// ends in a comment "// ERR: TEXT" must have an error holding TEXT, and
// no other line an error.
func TestGORMErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks time; runs without -short")
	}
	t.Parallel()
	src := `import "time"

type A struct {
	ID    uint
	Name  string ` + "`gorm:\"uniqeIndex\"`" + ` // ERR: unknown setting "UNIQEINDEX" (did you mean "UNIQUEINDEX"?)
	Owner string ` + "`gorm:\"polymorphic:Owner\"`" + ` // ERR: polymorphic associations are not supported
	Full  string ` + "`gorm:\"index:,class:FULLTEXT\"`" + ` // ERR: class "FULLTEXT" is not PostgreSQL's
	Weird string ` + "`gorm:\"index:,type:zigzag\"`" + ` // ERR: type "zigzag" is no index method
}

type B struct {
	ID   uint
	Opt  string ` + "`gorm:\"index:,option:WITH (fillfactor=70)\"`" + ` // ERR: option "WITH (fillfactor=70)" is not read
	Ser  []int  ` + "`gorm:\"serializer:yaml\"`" + ` // ERR: unknown serializer "yaml"
	Flag bool   ` + "`gorm:\"default:maybe\"`" + ` // ERR: default "maybe" is not a bool
}

type C struct {
	ID   uint
	When time.Time ` + "`gorm:\"default:'2020-01-01'\"`" + ` // ERR: GORM parses it as a time in Go
	Map  map[string]int // ERR: neither a column type nor a model of this package
	N    int ` + "`gorm:\"default:many\"`" + ` // ERR: default "many" is not a int
}

type D struct {
	ID uint
	Inner ` + "`gorm:\"embedded;not null\"`" + ` // ERR: setting "NOT NULL" on an embedded struct
}

type Inner struct{ X int }

type E struct {
	ID uint
}

func (E) TableName() string { return "e_" + time.Now().String() } // ERR: TableName must be one return of a constant string

type F struct {
	ID  uint
	Sum int ` + "`gorm:\"check:chk_f_x,sum > 0\"`" + `
	Max int ` + "`gorm:\"check:chk_f_x,max > 0\"`" + ` // ERR: check constraint "chk_f_x" is declared twice
	Cnt int ` + "`gorm:\"generated:identity;default:1\"`" + ` // ERR: a default on an auto-increment, identity or generated column
	Key string ` + "`gorm:\"type:text;check:)\"`" + ` // ERR: gorm tag "type:text;check:)": check
}

//schemagen:table g
type G struct { // ERR: //schemagen:table in a //schemagen:gorm or //schemagen:bun package
	ID uint
}
`
	_, err := loadGORM(t, "//schemagen:gorm", src)
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Load error = %v, want an ErrorList", err)
	}
	const offset = 5 // the lines loadGORM writes before src
	want := map[int]string{}
	for i, line := range strings.Split(src, "\n") {
		if _, msg, ok := strings.Cut(line, "// ERR: "); ok {
			want[i+1+offset] = msg
		}
	}
	got := map[int]bool{}
	for _, e := range list {
		if filepath.Base(e.Pos.Filename) != "models.go" {
			t.Errorf("error outside models.go: %v", e)
			continue
		}
		line := e.Pos.Line
		msg, ok := want[line]
		if !ok {
			// The //schemagen:table directive is reported at its line,
			// above the type.
			msg, ok = want[line+1]
			line++
		}
		switch {
		case !ok:
			t.Errorf("unexpected error: %v", e)
		case !strings.Contains(e.Msg, msg):
			t.Errorf("error at line %d = %q, want it to hold %q", line, e.Msg, msg)
		default:
			got[line] = true
		}
	}
	for line, msg := range want {
		if !got[line] {
			t.Errorf("no error at line %d holding %q; got:\n%v", line, msg, list)
		}
	}
}

// TestGORMIgnoreElsewhere checks that //schemagen:ignore is refused
// outside a //schemagen:gorm package.
func TestGORMIgnoreElsewhere(t *testing.T) {
	t.Parallel()
	_, err := loadGORM(t, "//", "// T is not a model.\n//\n//schemagen:ignore\ntype T struct{ ID int }\n")
	if err == nil || !strings.Contains(err.Error(), "//schemagen:ignore is for the types of a //schemagen:gorm or //schemagen:bun package") {
		t.Errorf("Load error = %v, want //schemagen:ignore refused", err)
	}
}
