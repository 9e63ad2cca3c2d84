package migfile

import (
	"bufio"
	"bytes"
	"go/build"
	"go/build/constraint"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// Context says which files of a folder the go command compiles into its
// package, as the schemagen CLI builds the migrations: for the machine it
// runs on (runtime.GOOS and GOARCH, as the runner is built), with the
// build tags of GOFLAGS (the environment's, else the go env file's) and
// the cgo setting of CGO_ENABLED.
//
// Some tags are the go command's to decide, not the environment's: a
// release tag newer than the module's go line (go1.N: the go command that
// builds the module may be that new or not), a goexperiment tag, and cgo
// when CGO_ENABLED is unset (the go command enables it where it finds a C
// compiler). A file whose inclusion depends on one of them cannot be read
// without the go command: [Read] reports it.
type Context struct {
	build     build.Context
	uncertain map[string]bool // tags whose value only the go command knows
}

// maxUncertain bounds the uncertain tags of one file whose every
// combination is tried.
const maxUncertain = 6

// NewContext returns the context of the go command that builds a module
// whose go.mod says `go goVersion` ("1.26.0"; empty when unknown), with
// the environment getenv.
func NewContext(getenv func(string) string, goVersion string) *Context {
	c := &Context{build: build.Default, uncertain: map[string]bool{}}
	bc := &c.build
	bc.GOOS, bc.GOARCH = runtime.GOOS, runtime.GOARCH
	bc.Compiler = "gc"
	bc.UseAllFiles = false
	envFile := goEnvFile(getenv)
	setting := func(name string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return envFile[name]
	}
	bc.BuildTags = tagsOf(setting("GOFLAGS"))
	switch setting("CGO_ENABLED") {
	case "1":
		bc.CgoEnabled = true
	case "0":
		bc.CgoEnabled = false
	default:
		c.uncertain["cgo"] = true
	}
	// The go command that builds the module is at least as new as its
	// go line, and as schemagen's own (which the module requires).
	known := max(minorOf(goVersion), minorOf(schemagenGo))
	bc.ReleaseTags = nil
	for i := 1; i <= known; i++ {
		bc.ReleaseTags = append(bc.ReleaseTags, "go1."+strconv.Itoa(i))
	}
	bc.ToolTags = slices.DeleteFunc(slices.Clone(bc.ToolTags), func(t string) bool {
		return strings.HasPrefix(t, "goexperiment.")
	})
	return c
}

// schemagenGo is the go line of schemagen's own go.mod: a module that
// uses schemagen is built by a go command at least that new. A test
// checks it against go.mod.
const schemagenGo = "1.26.0"

// minorOf returns N of "1.N" or "1.N.P"; 0 when v is not such a version.
func minorOf(v string) int {
	v = strings.TrimPrefix(v, "go")
	rest, ok := strings.CutPrefix(v, "1.")
	if !ok {
		return 0
	}
	if i := strings.IndexAny(rest, ".rcbeta"); i >= 0 {
		rest = rest[:i]
	}
	n, err := strconv.Atoi(rest)
	if err != nil {
		return 0
	}
	return n
}

// isUncertain reports whether only the go command knows tag's value.
func (c *Context) isUncertain(tag string) bool {
	if c.uncertain[tag] || strings.HasPrefix(tag, "goexperiment.") || tag == "boringcrypto" {
		return true
	}
	if n := minorOf(tag); strings.HasPrefix(tag, "go1.") && n > 0 {
		return !slices.Contains(c.build.ReleaseTags, tag)
	}
	return false
}

// goEnvFile reads the go command's settings file (`go env -w` writes
// it): $GOENV, else go/env under the user config dir; none when GOENV is
// "off" or the file cannot be read.
func goEnvFile(getenv func(string) string) map[string]string {
	path := getenv("GOENV")
	if path == "off" {
		return nil
	}
	if path == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return nil
		}
		path = filepath.Join(dir, "go", "env")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			out[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return out
}

// tagsOf returns the build tags that GOFLAGS sets (-tags=a,b).
func tagsOf(goflags string) []string {
	var tags []string
	for _, f := range strings.Fields(goflags) {
		f = strings.TrimPrefix(f, "-")
		v, ok := strings.CutPrefix(f, "-tags=")
		if !ok {
			v, ok = strings.CutPrefix(f, "tags=")
		}
		if ok {
			tags = slices.DeleteFunc(strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }), func(s string) bool { return s == "" })
		}
	}
	return tags
}

// match reports whether the go command compiles the file name of dir,
// whose content is src, into the package: its name, its GOOS/GOARCH
// suffix and its build constraints, as go/build decides. A _test.go file
// is no part of the package a program imports. certain is false when the
// answer depends on a tag that only the go command knows.
func (c *Context) match(dir, name string, src []byte) (match, certain bool, err error) {
	if strings.HasSuffix(name, "_test.go") || !strings.HasSuffix(name, ".go") {
		return false, true, nil
	}
	open := func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(src)), nil }
	try := func(on, off []string) (bool, error) {
		bc := c.build
		bc.OpenFile = open
		if len(on) == 0 && len(off) == 0 {
			return bc.MatchFile(dir, name)
		}
		bc.BuildTags = append(slices.Clone(bc.BuildTags), on...)
		drop := func(list []string) []string {
			return slices.DeleteFunc(slices.Clone(list), func(t string) bool { return slices.Contains(off, t) })
		}
		bc.BuildTags, bc.ReleaseTags, bc.ToolTags = drop(bc.BuildTags), drop(bc.ReleaseTags), drop(bc.ToolTags)
		if slices.Contains(on, "cgo") {
			bc.CgoEnabled = true
		} else if slices.Contains(off, "cgo") {
			bc.CgoEnabled = false
		}
		return bc.MatchFile(dir, name)
	}
	var unsure []string
	for _, tag := range constraintTags(src) {
		if c.isUncertain(tag) && !slices.Contains(unsure, tag) {
			unsure = append(unsure, tag)
		}
	}
	if len(unsure) == 0 {
		m, err := try(nil, nil)
		return m, true, err
	}
	if len(unsure) > maxUncertain {
		return false, false, nil
	}
	var first bool
	for mask := 0; mask < 1<<len(unsure); mask++ {
		var on, off []string
		for i, t := range unsure {
			if mask&(1<<i) != 0 {
				on = append(on, t)
			} else {
				off = append(off, t)
			}
		}
		m, err := try(on, off)
		if err != nil {
			return false, true, err
		}
		if mask == 0 {
			first = m
		} else if m != first {
			return false, false, nil
		}
	}
	return first, true, nil
}

// constraintTags returns the tags that the build constraints of the Go
// source src name (//go:build and // +build lines before the package
// clause), and "cgo" when it imports "C", whose file the go command
// leaves out without cgo.
func constraintTags(src []byte) []string {
	var tags []string
	var walk func(x constraint.Expr)
	walk = func(x constraint.Expr) {
		switch x := x.(type) {
		case *constraint.TagExpr:
			tags = append(tags, x.Tag)
		case *constraint.NotExpr:
			walk(x.X)
		case *constraint.AndExpr:
			walk(x.X)
			walk(x.Y)
		case *constraint.OrExpr:
			walk(x.X)
			walk(x.Y)
		}
	}
	for line := range bytes.Lines(src) {
		s := strings.TrimSpace(string(line))
		if strings.HasPrefix(s, "package ") || s == "package" {
			break
		}
		if constraint.IsGoBuild(s) || constraint.IsPlusBuild(s) {
			if x, err := constraint.Parse(s); err == nil {
				walk(x)
			}
		}
	}
	if bytes.Contains(src, []byte(`"C"`)) {
		tags = append(tags, "cgo")
	}
	return tags
}
