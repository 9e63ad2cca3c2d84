package main

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestSig3(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{0, "0"},
		{math.NaN(), "–"},
		{0.000123456, "0.000123"},
		{0.0935, "0.0935"},
		{0.5, "0.500"},
		{1.2345, "1.23"},
		{19.66, "19.7"},
		{123.4, "123"},
		{1590.2, "1590"},
		{14964, "15000"},
	} {
		if got := sig3(tc.x); got != tc.want {
			t.Errorf("sig3(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		seconds []float64
		want    float64
	}{
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{7}, 7},
	} {
		m := &measurement{Seconds: tc.seconds}
		if got := m.median(); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.seconds, got, tc.want)
		}
	}
	if got := (&measurement{}).median(); !math.IsNaN(got) {
		t.Errorf("median of no runs = %v, want NaN", got)
	}
}

func TestParseSizes(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    []int
		wantErr bool
	}{
		{"10,100, 1000", []int{10, 100, 1000}, false},
		{"", nil, false},
		{"10,x", nil, true},
		{"0", nil, true},
	} {
		got, err := parseSizes(tc.in)
		if (err != nil) != tc.wantErr || !slices.Equal(got, tc.want) {
			t.Errorf("parseSizes(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestCountIndented(t *testing.T) {
	out := "wrote migrations/x.go\n  add column a\n      data-loss: drops b\n  drop index i\n"
	if got := countIndented(out); got != 2 {
		t.Errorf("countIndented = %d, want 2", got)
	}
}

func TestAlembicOps(t *testing.T) {
	dir := t.TempDir()
	src := "def upgrade():\n    op.add_column('t', sa.Column('x'))\n    op.add_column('u', sa.Column('x'))\n    op.drop_index('i', table_name='t')\n\n\ndef downgrade():\n    op.drop_column('t', 'x')\n"
	if err := os.WriteFile(filepath.Join(dir, "abc_bench.py"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := alembicOps(dir), "3 changes (2 add_column, 1 drop_index)"; got != want {
		t.Errorf("alembicOps = %q, want %q", got, want)
	}
}
