package migrate_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
)

// gateSet returns three migrations: 1 creates table t holding a row; 2
// drops its column note (data loss, an irreversible downgrade) and
// acknowledges allow; 3 builds an index on t (a long lock) and
// acknowledges nothing.
func gateSet(allow ...migrate.HazardKind) *migrate.Set {
	return newSet(
		migrate.Migration{Revision: "1", Message: "create t",
			Upgrade: func(op *migrate.Op) {
				op.CreateTable(migrate.Table{Name: "t", Columns: []*migrate.Column{{Name: "id", Type: "int"}, {Name: "note", Type: "text", Nullable: true}}})
				op.Execute("INSERT INTO t VALUES (1, 'kept')")
			},
			Downgrade: dropTable("t"),
		},
		migrate.Migration{Revision: "2", DownRevision: []string{"1"}, Message: "drop note", AllowHazards: allow,
			Upgrade:   func(op *migrate.Op) { op.DropColumn("t", "note") },
			Downgrade: func(op *migrate.Op) { op.AddColumn("t", migrate.Column{Name: "note", Type: "text", Nullable: true}) },
		},
		migrate.Migration{Revision: "3", DownRevision: []string{"2"}, Message: "index id",
			Upgrade:   func(op *migrate.Op) { op.CreateIndex("t", migrate.Index{Name: "t_id_idx", Columns: []string{"id"}}) },
			Downgrade: func(op *migrate.Op) { op.DropIndex("t", "t_id_idx") },
		},
	)
}

// TestHazardGate checks that Upgrade refuses, before applying anything,
// every migration whose hazards nobody acknowledged, and applies them once
// the migration or WithAllowHazards acknowledges them; Downgrade is not
// gated.
func TestHazardGate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name    string
		allow   []migrate.HazardKind // the AllowHazards of migration 2
		opts    []migrate.Option
		wantErr map[string][]migrate.HazardKind // revision -> kinds refused
	}{
		{name: "nothing acknowledged", wantErr: map[string][]migrate.HazardKind{
			"2": {migrate.HazardDataLoss, migrate.HazardIrreversibleDowngrade},
			"3": {migrate.HazardLongLock},
		}},
		{name: "the file acknowledges part", allow: []migrate.HazardKind{migrate.HazardDataLoss}, wantErr: map[string][]migrate.HazardKind{
			"2": {migrate.HazardIrreversibleDowngrade},
			"3": {migrate.HazardLongLock},
		}},
		{name: "file and option together", allow: []migrate.HazardKind{migrate.HazardDataLoss, migrate.HazardIrreversibleDowngrade},
			opts: []migrate.Option{migrate.WithAllowHazards(migrate.HazardLongLock)}},
		{name: "options add up", opts: []migrate.Option{
			migrate.WithAllowHazards(migrate.HazardDataLoss, migrate.HazardLongLock),
			migrate.WithAllowHazards(migrate.HazardIrreversibleDowngrade),
		}},
		{name: "all", opts: []migrate.Option{migrate.WithAllowHazards(change.HazardKinds()...)}},
		{name: "the wrong kind", opts: []migrate.Option{migrate.WithAllowHazards(migrate.HazardTableRewrite)}, wantErr: map[string][]migrate.HazardKind{
			"2": {migrate.HazardDataLoss, migrate.HazardIrreversibleDowngrade},
			"3": {migrate.HazardLongLock},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, _ := pgtest.DB(t)
			m := newMigrator(t, db, gateSet(tc.allow...), tc.opts...)
			results, err := m.Upgrade(ctx, "head")
			if len(tc.wantErr) == 0 {
				if err != nil {
					t.Fatalf("Upgrade: %v", err)
				}
				if diff := cmp.Diff([]string{"1", "2", "3"}, revisions(results)); diff != "" {
					t.Errorf("revisions run (-want +got):\n%s", diff)
				}
				if _, err := m.Downgrade(ctx, "base"); err != nil {
					t.Errorf("Downgrade, which is not gated: %v", err)
				}
				return
			}
			if len(results) != 0 {
				t.Errorf("Upgrade ran %v, want nothing", revisions(results))
			}
			got := map[string][]migrate.HazardKind{}
			for _, e := range unjoin(err) {
				var he *migrate.HazardError
				if !errors.As(e, &he) {
					t.Fatalf("Upgrade error %v (%T), want *HazardError values", e, e)
				}
				for _, h := range he.Hazards {
					got[he.Revision] = append(got[he.Revision], h.Kind)
				}
				msg := he.Error()
				for _, part := range []string{"revision " + he.Revision + " (runner_test.go:", "nobody acknowledged", "AllowHazards: []migrate.HazardKind{migrate.", "schemagen upgrade --allow-hazards ", "migrate.WithAllowHazards(migrate."} {
					if !strings.Contains(msg, part) {
						t.Errorf("error %q lacks %q", msg, part)
					}
				}
				for _, h := range he.Hazards {
					if !strings.Contains(msg, h.String()) {
						t.Errorf("error %q does not name hazard %s", msg, h)
					}
				}
			}
			if diff := cmp.Diff(tc.wantErr, got); diff != "" {
				t.Errorf("hazards refused (-want +got):\n%s", diff)
			}
			if got := tables(t, db); len(got) != 0 {
				t.Errorf("tables after a refused upgrade = %v, want none (nothing applied)", got)
			}
		})
	}
}

// unjoin returns the errors that err joins, or err alone.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func TestWithAllowHazardsUnknownKind(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	_, err := migrate.New(db, gateSet(), migrate.WithAllowHazards("data_loss"))
	if err == nil || !strings.Contains(err.Error(), `unknown hazard kind "data_loss"`) {
		t.Errorf("New with an unknown kind = %v", err)
	}
}

// TestMainAllowHazards sets the environment, so it does not run in
// parallel.
func TestMainAllowHazards(t *testing.T) {
	_, url := pgtest.DB(t)
	t.Setenv("DATABASE_URL", url)
	set := gateSet()
	tests := []struct {
		env        string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{env: "data-loss,bogus", wantCode: 2, wantStderr: `SCHEMAGEN_ALLOW_HAZARDS="data-loss,bogus": unknown hazard kind "bogus"`},
		{env: "", wantCode: 2, wantStderr: "revision 2 (runner_test.go:"},
		{env: "data-loss,irreversible-downgrade", wantCode: 2, wantStderr: "long-lock: building index t_id_idx"},
		{env: "all", wantCode: 0, wantStdout: "upgrade 3 (index id)"},
	}
	for _, tc := range tests {
		t.Setenv("SCHEMAGEN_ALLOW_HAZARDS", tc.env)
		var stdout, stderr bytes.Buffer
		code := migrate.Main(set, []string{"upgrade", "head"}, &stdout, &stderr)
		if code != tc.wantCode || !strings.Contains(stdout.String(), tc.wantStdout) || !strings.Contains(stderr.String(), tc.wantStderr) {
			t.Errorf("SCHEMAGEN_ALLOW_HAZARDS=%q: Main = %d, stdout %q, stderr %q; want %d, %q, %q", tc.env, code, stdout.String(), stderr.String(), tc.wantCode, tc.wantStdout, tc.wantStderr)
		}
	}
}
