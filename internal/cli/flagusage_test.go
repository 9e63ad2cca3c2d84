package cli

import (
	"flag"
	"regexp"
	"strings"
	"testing"
)

// placeholder is what a backquoted word of a flag's usage may be: the
// flag package prints it as the argument's name (-o FILE), so it must be
// a name, not a phrase or a command line.
var placeholder = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// TestFlagUsagePlaceholders walks the flags of every verb (its own and the
// global ones) and fails on a usage string whose backquotes would make
// flag.UnquoteUsage take a phrase for the argument's name, as
// "-allow-edited schemagen stamp --force-fingerprint REV" did: backquotes
// only around one placeholder word (N, DIR, URL, REV...), never on a
// boolean flag, which takes no argument.
func TestFlagUsagePlaceholders(t *testing.T) {
	t.Parallel()
	a := &App{}
	for _, c := range a.commands() {
		fs := flag.NewFlagSet("schemagen "+c.name, flag.ContinueOnError)
		var g globalFlags
		g.register(fs)
		c.flags(fs)
		fs.VisitAll(func(f *flag.Flag) {
			name, _ := flag.UnquoteUsage(f)
			n := strings.Count(f.Usage, "`")
			_, isBool := f.Value.(interface{ IsBoolFlag() bool })
			switch {
			case n == 0:
			case isBool:
				t.Errorf("schemagen %s -%s: a boolean flag's usage has backquotes, printed as an argument name %q: %q", c.name, f.Name, name, f.Usage)
			case n != 2 || !placeholder.MatchString(name):
				t.Errorf("schemagen %s -%s: usage backquotes %q, not one placeholder word (such as N, DIR, URL): %q", c.name, f.Name, name, f.Usage)
			}
		})
	}
}

// TestVerbUsageNames checks what help prints for a flag whose usage once
// named a command line in backquotes.
func TestVerbUsageNames(t *testing.T) {
	t.Parallel()
	m := &verbModule{t: t, dir: t.TempDir()}
	out, _ := m.must(ExitOK, "upgrade", "--help")
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "-allow-edited") && strings.TrimSpace(line) != "-allow-edited" {
			t.Errorf("upgrade --help prints %q, want the bare flag", line)
		}
	}
	if !strings.Contains(out, "-allow-edited\n") {
		t.Errorf("upgrade --help has no -allow-edited line:\n%s", out)
	}
}
