package revid

import (
	"bytes"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func TestNew(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 6, 15, 30, 12, 0, time.FixedZone("x", 3600))
	id, err := New(at, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	suffix, ok := Suffix(id)
	if !ok || !strings.HasPrefix(id, "20261206143012_") || len(suffix) != SuffixLen || strings.Trim(suffix, Alphabet) != "" {
		t.Fatalf("New = %q: want 20261206143012_ and %d letters of %s", id, SuffixLen, Alphabet)
	}
	// A suffix that is taken is drawn again; bytes past the alphabet's
	// uniform range (>= 247) are skipped.
	src := bytes.NewReader(append(bytes.Repeat([]byte{0, 255, 1, 2, 3}, 4), bytes.Repeat([]byte{5, 6, 7, 8}, 4)...))
	var seen []string
	id, err = New(at, src, func(id, suffix string) bool {
		seen = append(seen, suffix)
		return suffix == "bcdf"
	})
	if err != nil || id != "20261206143012_hjkm" {
		t.Fatalf("New = %q, %v; want 20261206143012_hjkm (drew %v)", id, err, seen)
	}
	if _, err := New(at, iotest.ErrReader(bytes.ErrTooLarge), nil); err == nil {
		t.Error("New with a failing reader: no error")
	}
	if _, err := New(at, nil, func(string, string) bool { return true }); err == nil {
		t.Error("New with every suffix taken: no error")
	}
}

func TestSuffixAndTime(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rev, suffix string
		time        string // "" when none
	}{
		{"20261206153012_kfxd", "kfxd", "2026-12-06 15:30:12"},
		{"20261206153012_a1", "a1", "2026-12-06 15:30:12"},
		{"20261206153012", "", "2026-12-06 15:30:12"},
		{"20261206153012_", "", ""},
		{"20261206153012_Kfxd", "", ""},
		{"20261206153012_kf_xd", "", ""},
		{"2026120615301_kfxd", "", ""},
		{"20261399153012_kfxd", "kfxd", ""}, // the form, but no date
		{"add_users", "", ""},
		{"", "", ""},
	} {
		s, _ := Suffix(tc.rev)
		if s != tc.suffix {
			t.Errorf("Suffix(%q) = %q, want %q", tc.rev, s, tc.suffix)
		}
		got, ok := Time(tc.rev)
		if tc.time == "" {
			if ok {
				t.Errorf("Time(%q) = %v, want none", tc.rev, got)
			}
		} else if !ok || got.Format(time.DateTime) != tc.time {
			t.Errorf("Time(%q) = %v, %v; want %s", tc.rev, got, ok, tc.time)
		}
	}
}
