package parser

import (
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestErrorList(t *testing.T) {
	t.Parallel()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	a := filepath.Join(wd, "testdata", "a.go")
	b := filepath.Join(wd, "testdata", "b.go")
	// A sibling of the package directory ("parser"), sorted before it.
	outside := filepath.Join(filepath.Dir(wd), "0outside", "c.go")

	var l ErrorList
	if l.Err() != nil {
		t.Errorf("empty ErrorList.Err() = %v, want nil", l.Err())
	}
	l.Add(token.Position{Filename: b, Line: 1, Column: 1}, "b first")
	l.Add(token.Position{Filename: a, Line: 10, Column: 2}, "a later line")
	l.Add(token.Position{Filename: a, Line: 2, Column: 5}, "a second column")
	l.Add(token.Position{Filename: a, Line: 2, Column: 1}, "z same place")
	l.Add(token.Position{Filename: a, Line: 2, Column: 1}, "m same place")
	l.Add(token.Position{Filename: a, Line: 2, Column: 1}, "m same place")
	l.Add(token.Position{}, "no position")
	l.Add(token.Position{Filename: outside, Line: 3, Column: 4}, "outside")
	l.RemoveDuplicates()

	want := "no position\n" +
		outside + ":3:4: outside\n" +
		filepath.FromSlash("testdata/a.go") + ":2:1: m same place\n" +
		filepath.FromSlash("testdata/a.go") + ":2:1: z same place\n" +
		filepath.FromSlash("testdata/a.go") + ":2:5: a second column\n" +
		filepath.FromSlash("testdata/a.go") + ":10:2: a later line\n" +
		filepath.FromSlash("testdata/b.go") + ":1:1: b first"
	if err := l.Err(); err == nil || err.Error() != want {
		t.Errorf("ErrorList:\n%v\nwant:\n%s", err, want)
	}
}

func TestParsePos(t *testing.T) {
	t.Parallel()
	dir := filepath.FromSlash("/work/m")
	for _, tc := range []struct {
		in   string
		want token.Position
	}{
		{in: "", want: token.Position{}},
		{in: "-", want: token.Position{}},
		{in: "/abs/a.go:3:7", want: token.Position{Filename: "/abs/a.go", Line: 3, Column: 7}},
		{in: "/abs/a.go:3", want: token.Position{Filename: "/abs/a.go", Line: 3}},
		{in: "/abs/a.go", want: token.Position{Filename: "/abs/a.go"}},
		{in: "rel/a.go:1:2", want: token.Position{Filename: filepath.Join(dir, "rel/a.go"), Line: 1, Column: 2}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, parsePos(tc.in, dir)); diff != "" {
				t.Errorf("parsePos(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestPosFormatter(t *testing.T) {
	t.Parallel()
	wd := filepath.FromSlash("/work/module")
	if !filepath.IsAbs(wd) {
		t.Skip("no absolute paths of this form on this system")
	}
	tests := []struct {
		name string
		wd   string
		file string
		want string
	}{
		{"below", wd, filepath.Join(wd, "models", "a.go"), filepath.Join("models", "a.go") + ":3:4"},
		{"sibling", wd, filepath.Join(filepath.Dir(wd), "other", "a.go"), filepath.Join(filepath.Dir(wd), "other", "a.go") + ":3:4"},
		{"prefix of a sibling", wd, wd + "2" + string(filepath.Separator) + "a.go", wd + "2" + string(filepath.Separator) + "a.go:3:4"},
		{"relative", wd, filepath.Join("models", "a.go"), filepath.Join("models", "a.go") + ":3:4"},
		{"working directory unknown", "", filepath.Join(wd, "a.go"), filepath.Join(wd, "a.go") + ":3:4"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := posFormatter{wd: tc.wd}.format(token.Position{Filename: tc.file, Line: 3, Column: 4})
			if got != tc.want {
				t.Errorf("format = %q, want %q", got, tc.want)
			}
		})
	}
}
