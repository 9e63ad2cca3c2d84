package differ_test

import (
	"strings"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// Builder steps for the objects of issue 3.

func (b *tb) check(name, expr string) *tb {
	b.t.Checks = append(b.t.Checks, &schema.Check{Name: name, Expr: expr})
	return b
}

func (b *tb) comment(text string) *tb {
	b.t.Comment = text
	return b
}

func (b *tb) colComment(name, typ, text string) *tb {
	b.t.Columns = append(b.t.Columns, &schema.Column{Name: name, Type: typ, Comment: text})
	return b
}

func (b *tb) generated(name, typ, expr string) *tb {
	b.t.Columns = append(b.t.Columns, &schema.Column{Name: name, Type: typ, Nullable: true, Generated: expr})
	return b
}

// renamedFrom sets the table's rename hint, as package parser reads
// //schemagen:renamed OLD: an unqualified old name is in the table's own
// schema.
func (b *tb) renamedFrom(old string) *tb {
	b.t.RenamedFrom = schema.ParseQualifiedName(old)
	if !strings.Contains(old, ".") {
		b.t.RenamedFrom.Schema = b.t.Schema
	}
	return b
}

func (b *tb) renamedCol(name, typ, old string) *tb {
	b.t.Columns = append(b.t.Columns, &schema.Column{Name: name, Type: typ, RenamedFrom: old})
	return b
}

func (b *tb) index(ix *schema.Index) *tb {
	b.t.Indexes = append(b.t.Indexes, ix)
	return b
}

func withEnums(s *schema.Schema, enums ...*schema.Enum) *schema.Schema {
	s.Enums = append(s.Enums, enums...)
	return s
}

func enum(name string, values ...string) *schema.Enum {
	q := schema.ParseQualifiedName(name)
	return &schema.Enum{Schema: q.Schema, Name: q.Name, Values: values}
}

// enumTasks is a table whose column of enum st has a default, a partial
// index and a check that compare it with a value, next to an index and a
// check that do not use the type.
func enumTasks() *tb {
	return tbl("tasks").col("id", "bigint").col("title", "text").def("s", "st", "'todo'::st").pk("id").
		index(&schema.Index{Name: "tasks_open", Columns: []string{"id"}, Where: "s <> 'done'::st"}).
		index(&schema.Index{Name: "tasks_titled", Columns: []string{"id"}, Where: "title <> ''"}).
		check("tasks_todo_titled", "s <> 'todo'::st OR title <> ''").
		check("tasks_title_short", "length(title) < 200")
}

func objectCases() []diffCase {
	orders := func(status string) *tb {
		return tbl("orders").col("id", "bigint").def("status", status, "'new'").pk("id")
	}
	return []diffCase{
		{
			name: "enum created before the table that uses it",
			from: db(),
			to:   withEnums(db(orders("status")), enum("status", "new", "paid")),
			want: []change.Change{
				change.CreateEnum{Enum: enum("public.status", "new", "paid")},
				change.CreateTable{Table: orders("status").build()},
			},
		},
		{
			name: "enum value appended alters the type with its columns",
			from: withEnums(db(orders("status")), enum("status", "new", "paid")),
			to:   withEnums(db(orders("status")), enum("status", "new", "paid", "void")),
			want: []change.Change{
				change.AlterEnum{
					Enum: qn("status"), Add: []change.EnumValue{{Value: "void"}},
					Columns: []change.EnumColumn{{Table: qn("orders"), Column: "status", Default: "'new'", OldDefault: "'new'"}},
				},
			},
		},
		{
			// Issue 12, case 4: the partial index and check that use the
			// type, and those that do not, stay as they are.
			name: "enum value added touches nothing but the type",
			from: withEnums(db(enumTasks()), enum("st", "todo", "done")),
			to:   withEnums(db(enumTasks()), enum("st", "todo", "doing", "done")),
			want: []change.Change{
				change.AlterEnum{
					Enum: qn("st"), Add: []change.EnumValue{{Value: "doing", After: "todo"}},
					Columns: []change.EnumColumn{{Table: qn("tasks"), Column: "s", Default: "'todo'::st", OldDefault: "'todo'::st"}},
				},
			},
		},
		{
			name: "enum value dropped: the rebuild sets aside what uses the type itself",
			from: withEnums(db(enumTasks()), enum("st", "todo", "doing", "done")),
			to:   withEnums(db(enumTasks()), enum("st", "todo", "done")),
			want: []change.Change{
				change.AlterEnum{
					Enum: qn("st"), Drop: []change.EnumValue{{Value: "doing", After: "todo"}},
					Columns: []change.EnumColumn{{Table: qn("tasks"), Column: "s", Default: "'todo'::st", OldDefault: "'todo'::st"}},
				},
			},
		},
		{
			name: "enum values reordered: the fewest values move",
			from: withEnums(db(), enum("st", "a", "b", "c", "d")),
			to:   withEnums(db(), enum("st", "b", "c", "d", "a")),
			want: []change.Change{
				change.AlterEnum{Enum: qn("st"), Add: []change.EnumValue{{Value: "a", After: "d"}}, Drop: []change.EnumValue{{Value: "a", Before: "b"}}},
			},
		},
		{
			name: "enum dropped after its column",
			from: withEnums(db(orders("status")), enum("status", "new")),
			to:   db(tbl("orders").col("id", "bigint").pk("id")),
			want: []change.Change{
				change.DropColumn{Table: qn("orders"), Column: &schema.Column{Name: "status", Type: "status", Default: "'new'"}},
				change.DropEnum{Enum: enum("public.status", "new")},
			},
		},
		{
			name: "check constraints added, dropped and changed",
			from: db(tbl("t").col("a", "int").check("t_a_check", "a > 0").check("t_gone", "a < 9")),
			to:   db(tbl("t").col("a", "int").check("t_a_check", "a >= 0").check("t_new", "a <> 5")),
			want: []change.Change{
				change.DropCheck{Table: qn("t"), Check: &schema.Check{Name: "t_a_check", Expr: "a > 0"}},
				change.DropCheck{Table: qn("t"), Check: &schema.Check{Name: "t_gone", Expr: "a < 9"}},
				change.AddCheck{Table: qn("t"), Check: &schema.Check{Name: "t_a_check", Expr: "a >= 0"}},
				change.AddCheck{Table: qn("t"), Check: &schema.Check{Name: "t_new", Expr: "a <> 5"}},
			},
		},
		{
			name: "comments changed",
			from: db(tbl("t").colComment("a", "int", "old").comment("table")),
			to:   db(tbl("t").colComment("a", "int", "it's new").comment("")),
			want: []change.Change{
				change.SetColumnComment{Table: qn("t"), Column: "a", From: "old", To: "it's new"},
				change.SetTableComment{Table: qn("t"), From: "table", To: ""},
			},
		},
		{
			name: "generated expression changed: drop and add the column",
			from: db(tbl("t").col("a", "int").generated("b", "int", "a * 2")),
			to:   db(tbl("t").col("a", "int").generated("b", "int", "a * 3")),
			want: []change.Change{
				change.DropColumn{Table: qn("t"), Column: &schema.Column{Name: "b", Type: "int", Nullable: true, Generated: "a * 2"}},
				change.AddColumn{Table: qn("t"), Column: &schema.Column{Name: "b", Type: "int", Nullable: true, Generated: "a * 3"}},
			},
		},
		{
			name: "table renamed by hint, its key renamed with it, references kept",
			from: db(users(), tbl("orders").col("u", "bigint").fk("u", "users.id")),
			to:   db(tbl("accounts").ident("id", "bigint").col("email", "text").pk("id").renamedFrom("users"), tbl("orders").col("u", "bigint").fk("u", "accounts.id")),
			want: []change.Change{
				change.RenameTable{From: qn("users"), To: qn("accounts")},
				change.RenameConstraint{Table: qn("accounts"), From: "users_pkey", To: "accounts_pkey"},
			},
		},
		{
			name: "rename hint harmless once applied",
			from: db(tbl("accounts").ident("id", "bigint").col("email", "text").pk("id")),
			to:   db(tbl("accounts").ident("id", "bigint").col("email", "text").pk("id").renamedFrom("users")),
			want: nil,
		},
		{
			name: "column renamed by hint, its index follows",
			from: db(tbl("t").col("mail", "text").idx("mail")),
			to:   db(tbl("t").renamedCol("email", "text", "mail").idx("email")),
			want: []change.Change{
				change.RenameColumn{Table: qn("t"), From: "mail", To: "email"},
				change.RenameIndex{Table: qn("t"), From: "t_mail_idx", To: "t_email_idx"},
			},
		},
		{
			name: "column renamed by hint, the checks and expression index that read it follow",
			from: db(tbl("t").col("mail", "text").check("t_mail_check", "mail <> ''").check("t_short", "length(mail) < 99").
				index(&schema.Index{Name: "t_lower", Keys: []string{"lower(mail)"}, Where: "mail <> 'x'"})),
			to: db(tbl("t").renamedCol("email", "text", "mail").check("t_email_check", "email <> ''").check("t_short", "length(email) < 99").
				index(&schema.Index{Name: "t_lower", Keys: []string{"lower(email)"}, Where: "email <> 'x'"})),
			want: []change.Change{
				change.RenameColumn{Table: qn("t"), From: "mail", To: "email"},
				change.RenameConstraint{Table: qn("t"), From: "t_mail_check", To: "t_email_check"},
			},
		},
		{
			name: "partial index predicate changed",
			from: db(tbl("t").col("a", "int").index(&schema.Index{Name: "t_live", Keys: []string{"lower(a::text)"}, Where: "a > 0"})),
			to:   db(tbl("t").col("a", "int").index(&schema.Index{Name: "t_live", Keys: []string{"lower(a::text)"}, Where: "a > 1"})),
			want: []change.Change{
				change.DropIndex{Table: qn("t"), Index: &schema.Index{Name: "t_live", Keys: []string{"lower(a::text)"}, Where: "a > 0"}},
				change.CreateIndex{Table: qn("t"), Index: &schema.Index{Name: "t_live", Keys: []string{"lower(a::text)"}, Where: "a > 1"}},
			},
		},
		{
			name: "btree spelled out equals the default method",
			from: db(tbl("t").col("a", "int").index(&schema.Index{Name: "t_a", Columns: []string{"a"}, Method: "btree"})),
			to:   db(tbl("t").col("a", "int").index(&schema.Index{Name: "t_a", Columns: []string{"a"}})),
			want: nil,
		},
	}
}
