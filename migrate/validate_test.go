package migrate_test

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// TestValidate builds a set whose migrations record hostile fragments and
// a name PostgreSQL would truncate, and checks that New refuses it with
// every problem named, before anything runs; the SQL of Execute passes as
// written.
func TestValidate(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 64)
	set := &migrate.Set{}
	_, file, line, _ := runtime.Caller(0)
	set.Add(migrate.Migration{ // this line is line+1
		Revision: "1", Message: "hostile",
		Upgrade: func(op *migrate.Op) {
			op.AddColumn("users", migrate.Column{Name: "a", Type: "int", Default: "0; DROP TABLE sentinel"})
			op.Execute("SELECT 1; SELECT 2")
			op.AddColumn("users", migrate.Column{Name: long, Type: "text"})
		},
		Downgrade: func(op *migrate.Op) {
			op.AlterColumn("users", migrate.Column{Name: "a", Type: "int"}, migrate.Column{Name: "a", Type: "int REFERENCES sentinel"})
		},
	})
	set.Add(migrate.Migration{Revision: "2", DownRevision: []string{"1"}, Message: "fine", Upgrade: createTable("t")})
	pos := "validate_test.go:" + strconv.Itoa(line+1)
	if !strings.HasSuffix(file, "validate_test.go") {
		t.Fatalf("runtime.Caller(0) = %s", file)
	}

	want := []struct{ fn, change, err string }{
		{"Upgrade", "add column users.a int NOT NULL DEFAULT 0; DROP TABLE sentinel", `default of column "a" of table users: "0; DROP TABLE sentinel" is not one expression: at byte 1, a ; outside quotes would end the statement`},
		{"Upgrade", "add column users." + long + " text NOT NULL", "column of table users: name \"" + long + "\" is 64 bytes long; PostgreSQL keeps at most 63 bytes"},
		{"Downgrade", "alter column users.a", "type of column \"a\" of table users: \"int REFERENCES sentinel\" is not one type name: at byte 4, REFERENCES would start another clause"},
	}
	err := set.Validate()
	var ve *migrate.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate = %v, want a *ValidationError", err)
	}
	if len(ve.Problems) != len(want) {
		t.Fatalf("Validate found %d problems, want %d:\n%v", len(ve.Problems), len(want), err)
	}
	for i, p := range ve.Problems {
		w := want[i]
		if p.Revision != "1" || p.Pos != pos || p.Func != w.fn || !strings.HasPrefix(p.Change, w.change) || !strings.Contains(p.Err.Error(), w.err) {
			t.Errorf("problem %d = %+v (%v),\nwant revision 1 at %s in %s, change %q, error containing %q", i, p, p.Err, pos, w.fn, w.change, w.err)
		}
	}
	msg := err.Error()
	for _, part := range []string{"refused before anything runs (3 problems)", pos + ": revision 1, Upgrade, add column users.a int NOT NULL DEFAULT 0; DROP TABLE sentinel: default of column"} {
		if !strings.Contains(msg, part) {
			t.Errorf("error %q lacks %q", msg, part)
		}
	}
	var fe *schema.FragmentError
	if !errors.As(err, &fe) || fe.Fragment.Text != "0; DROP TABLE sentinel" {
		t.Errorf("errors.As(*FragmentError) = %v", fe)
	}
	var ne *change.NameError
	if !errors.As(err, &ne) || ne.Name.Name != long {
		t.Errorf("errors.As(*NameError) = %v", ne)
	}

	db, _ := pgtest.DB(t)
	if _, err := migrate.New(db, set); !errors.As(err, &ve) {
		t.Errorf("New = %v, want a *ValidationError", err)
	}
	if err := migrate.Upgrade(context.Background(), db, set, "head"); !errors.As(err, &ve) {
		t.Errorf("Upgrade = %v, want a *ValidationError", err)
	}
	if got := tables(t, db); len(got) != 0 {
		t.Errorf("tables after a refused upgrade: %v", got)
	}
	var stdout, stderr bytes.Buffer
	if code := migrate.Main(set, []string{"dump"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "REFERENCES would start another clause") || stdout.Len() != 0 {
		t.Errorf("Main dump = %d, stdout %q, stderr %q; want 2 and the problems", code, stdout.String(), stderr.String())
	}

	// A function that panics is reported, not raised.
	panicky := newSet(migrate.Migration{Revision: "1", Upgrade: createTable("a"), Downgrade: func(op *migrate.Op) {
		var m map[string]int
		m["x"]++
	}})
	if err := panicky.Validate(); !errors.As(err, &ve) || len(ve.Problems) != 1 || ve.Problems[0].Func != "Downgrade" ||
		!strings.Contains(err.Error(), "revision 1, Downgrade: the function panicked while recording its changes: assignment to entry in nil map") {
		t.Errorf("Validate of a panicking migration = %v", err)
	}

	// A valid set passes.
	ok := newSet(mig("1", "a"), mig("2", "b", "1"))
	if err := ok.Validate(); err != nil {
		t.Errorf("Validate of a valid set = %v", err)
	}
}

// TestValidateDeclaredEffects: the declared effects of hand-written SQL
// are checked as the changes they are (replay copies their text into the
// schema that later changes are made from), and must be schema changes.
func TestValidateDeclaredEffects(t *testing.T) {
	t.Parallel()
	set := &migrate.Set{}
	set.Add(migrate.Migration{Revision: "1", Message: "effects", Upgrade: func(op *migrate.Op) {
		op.ExecuteAs("ALTER TABLE users ADD a int", func(op *migrate.Op) {
			op.AddColumn("users", migrate.Column{Name: "a", Type: "int", Default: "0; DROP TABLE sentinel"})
		})
		op.ExecuteAs("SELECT 1", func(op *migrate.Op) {
			op.ExecuteData("SELECT 2")
			op.Run(func(context.Context, migrate.Querier) error { return nil })
		})
		op.ExecuteAs("ALTER TABLE users ADD b int", func(op *migrate.Op) {
			op.AddColumn("users", migrate.Column{Name: "b", Type: "integer"})
		})
	}})
	err := set.Validate()
	var ve *migrate.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate = %v, want a *ValidationError", err)
	}
	want := []string{
		`declared effect: default of column "a" of table users: "0; DROP TABLE sentinel" is not one expression`,
		"declared effect 1 is execute SELECT 2 (no schema change): the effects of hand-written SQL are schema changes",
		"declared effect 2 is run Go code: the effects of hand-written SQL are schema changes",
	}
	if len(ve.Problems) != len(want) {
		t.Fatalf("Validate found %d problems, want %d:\n%v", len(ve.Problems), len(want), err)
	}
	for i, p := range ve.Problems {
		if !strings.Contains(p.Err.Error(), want[i]) {
			t.Errorf("problem %d = %v, want one containing %q", i, p, want[i])
		}
	}
	var effect *change.EffectError
	if !errors.As(ve.Problems[1], &effect) || effect.Index != 0 {
		t.Errorf("problem 1 is no *change.EffectError for effect 0: %#v", ve.Problems[1].Err)
	}
}
