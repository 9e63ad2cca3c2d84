package migrate

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/change"
)

func TestStepsOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		sql         string
		wantOutside bool
		wantGuard   bool
	}{
		{name: "create index concurrently", sql: `CREATE INDEX CONCURRENTLY "i" ON "public"."t" ("a")`, wantOutside: true},
		{name: "lower case", sql: `create unique index concurrently i on t (a)`, wantOutside: true},
		{name: "guard", sql: `DROP INDEX CONCURRENTLY IF EXISTS "public"."i"`, wantOutside: true, wantGuard: true},
		{name: "guard spread over lines", sql: "drop  index\n\tconcurrently -- comment\n if exists i", wantOutside: true, wantGuard: true},
		{name: "drop without if exists", sql: `DROP INDEX CONCURRENTLY "public"."i"`, wantOutside: true},
		{name: "reindex", sql: `REINDEX INDEX CONCURRENTLY i`, wantOutside: true},
		{name: "plain statement", sql: `ALTER TABLE "public"."t" ADD COLUMN "c" text`},
		{name: "quoted identifier", sql: `ALTER TABLE "public"."t" ADD COLUMN "concurrently" text`},
		{name: "string constant", sql: `COMMENT ON TABLE t IS 'built concurrently'`},
		{name: "escape string", sql: `COMMENT ON TABLE t IS E'it\'s concurrently'`},
		{name: "dollar quoted", sql: `DO $body$ BEGIN RAISE NOTICE 'concurrently'; END $body$`},
		{name: "dollar quoted without tag", sql: `SELECT $$ CONCURRENTLY $$`},
		{name: "parameter is no quote", sql: `SELECT $1, 'a' CONCURRENTLY`, wantOutside: true},
		{name: "line comment", sql: "SELECT 1 -- concurrently\n"},
		{name: "nested block comment", sql: `SELECT /* a /* concurrently */ concurrently */ 1`},
		{name: "unterminated string", sql: `SELECT 'concurrently`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			steps, err := stepsOf([]change.Change{change.Execute{SQL: tc.sql}})
			if err != nil || len(steps) != 1 {
				t.Fatalf("stepsOf = %v, %v", steps, err)
			}
			if s := steps[0]; s.outside != tc.wantOutside || s.guard != tc.wantGuard {
				t.Errorf("%q: outside %v, guard %v; want %v, %v", tc.sql, s.outside, s.guard, tc.wantOutside, tc.wantGuard)
			}
		})
	}
}

func TestStepsAndFingerprint(t *testing.T) {
	t.Parallel()
	changes := Record(func(op *Op) {
		op.Execute("SELECT 1")
		op.Run(nil) // no step
		op.Run(func(ctx context.Context, q Querier) error { return nil })
		op.Execute("SELECT 2")
	})
	steps, err := stepsOf(changes)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, s := range steps {
		labels = append(labels, s.label())
	}
	if want := []string{"SELECT 1", "a Go step", "SELECT 2"}; !cmp.Equal(labels, want) {
		t.Errorf("steps %q, want %q", labels, want)
	}
	other, _ := stepsOf(Record(func(op *Op) { op.Execute("SELECT 1"); op.Execute("SELECT 3") }))
	if fingerprint(steps[:1]) != fingerprint(other[:1]) {
		t.Errorf("same first step, different fingerprints")
	}
	if fingerprint(steps[:2]) == fingerprint(other[:2]) || fingerprint(steps[:0]) == fingerprint(steps[:1]) {
		t.Errorf("different steps, same fingerprint")
	}
	long := step{sql: strings.Repeat("x", 300) + "\nmore"}
	if got := long.label(); got != strings.Repeat("x", 100)+" …" {
		t.Errorf("label of a long statement = %q", got)
	}
}

func TestRetryDelay(t *testing.T) {
	t.Parallel()
	var got []time.Duration
	for i := 1; i <= 7; i++ {
		got = append(got, retryDelay(i))
	}
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second}
	if !cmp.Equal(got, want) {
		t.Errorf("retryDelay(1..7) = %v, want %v", got, want)
	}
	for d, want := range map[time.Duration]string{time.Second: "1000ms", 1500 * time.Microsecond: "2ms", time.Nanosecond: "1ms", 2 * time.Minute: "120000ms"} {
		if got := millis(d); got != want {
			t.Errorf("millis(%s) = %q, want %q", d, got, want)
		}
	}
}
