package migfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"slices"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/parser"
)

// records returns what the static file f's migrations record.
func (p *Package) records(f *File) []migrate.Recorded {
	set := &migrate.Set{}
	for _, m := range f.Migrations {
		set.Add(m.built())
	}
	recs := migrate.RecordAll(set)
	p.FillUndeclared(recs)
	return recs
}

// FillUndeclared puts into recs, recorded from this reading's Set, the
// positions of the op.Execute calls that declare nothing
// ([migrate.Recorded.Undeclared]): a call through package reflect cannot
// record them, the syntax can.
func (p *Package) FillUndeclared(recs []migrate.Recorded) {
	byRev := map[string]*body{}
	for _, f := range p.Files {
		for _, m := range f.Migrations {
			byRev[m.Revision] = m.up
		}
	}
	for i := range recs {
		b := byRev[recs[i].Revision]
		if b == nil || len(b.executes) != len(recs[i].Undeclared) {
			continue
		}
		for j, pos := range recs[i].Undeclared {
			if pos == "" {
				recs[i].Undeclared[j] = b.executes[j]
			}
		}
	}
}

// RoundTrip returns recs as a dump of the compiled program gives them:
// encoded as JSON and decoded.
func RoundTrip(recs []migrate.Recorded) ([]migrate.Recorded, error) {
	b, err := json.Marshal(recs)
	if err != nil {
		return nil, fmt.Errorf("encode the recorded migrations: %w", err)
	}
	var out []migrate.Recorded
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("decode the recorded migrations: %w", err)
	}
	return out, nil
}

// CrossCheck compares what the compiled package recorded (recs, from its
// program's dump, in the order the package added them) with this
// reading: every migration whose metadata was read must be in recs, with
// the same metadata, and recs must hold no other migration than those of
// files with problems; the changes of every static file's migrations must
// be the same. The error names the file of the first difference.
func (p *Package) CrossCheck(recs []migrate.Recorded) error {
	// Files whose metadata could not be read add what they add, unseen.
	unread := map[string]bool{}
	for _, f := range p.Files {
		if f.problems {
			unread[f.Name] = true
		}
	}
	var compiled []migrate.Recorded
	for _, r := range recs {
		if !unread[r.File] {
			compiled = append(compiled, r)
		}
	}
	var errs parser.ErrorList
	i := 0
	for _, f := range p.Files {
		var static []migrate.Recorded
		if p.Static(f) == nil {
			static = p.records(f)
		}
		for j, m := range f.Migrations {
			if i >= len(compiled) || compiled[i].Revision != m.Revision || compiled[i].File != m.File {
				errs.Add(m.Pos, fmt.Sprintf("schemagen reads revision %s here without compiling, but the compiled package %s; %s", m.Revision, compiledAt(compiled, i), crossAdvice))
				return errs.Err()
			}
			c := compiled[i]
			i++
			if d := metadataDiff(m, c); d != "" {
				errs.Add(m.Pos, fmt.Sprintf("revision %s: %s; %s", m.Revision, d, crossAdvice))
				continue
			}
			if static == nil {
				continue
			}
			if d := changesDiff(static[j], c); d != "" {
				errs.Add(m.Pos, fmt.Sprintf("revision %s: %s: schemagen misreads this file without compiling, please report it (SCHEMAGEN_COMPILE=1 makes every verb compile the migrations)", m.Revision, d))
			}
		}
	}
	for ; i < len(compiled); i++ {
		c := compiled[i]
		errs.Add(p.position(c.File), fmt.Sprintf("the compiled package adds revision %s, which schemagen does not read without compiling (history, heads and merge do not see it); %s", c.Revision, crossAdvice))
	}
	return errs.Err()
}

// crossAdvice ends the messages of CrossCheck.
const crossAdvice = "write the migration as Set.Add(migrate.Migration{...}) in init() with literal metadata"

// compiledAt describes the compiled migration at i, for a message.
func compiledAt(recs []migrate.Recorded, i int) string {
	if i >= len(recs) {
		return "adds no further migration"
	}
	return fmt.Sprintf("adds revision %s (%s) at this point", recs[i].Revision, recs[i].File)
}

// position returns the position of the file name of the package, for a
// message; the folder when no file has that name.
func (p *Package) position(name string) (pos token.Position) {
	for _, f := range p.Files {
		if f.Name == name {
			return token.Position{Filename: f.Path, Line: 1, Column: 1}
		}
	}
	return token.Position{Filename: p.Dir}
}

// metadataDiff describes how the metadata m read without compiling
// differs from the compiled c; empty when it does not.
func metadataDiff(m *Migration, c migrate.Recorded) string {
	switch {
	case !slices.Equal(m.DownRevision, c.DownRevision):
		return fmt.Sprintf("DownRevision reads %q without compiling, %q compiled", m.DownRevision, c.DownRevision)
	case m.Message != c.Message:
		return fmt.Sprintf("Message reads %q without compiling, %q compiled", m.Message, c.Message)
	case m.NoTransaction != c.NoTransaction:
		return fmt.Sprintf("NoTransaction reads %v without compiling, %v compiled", m.NoTransaction, c.NoTransaction)
	case !slices.Equal(m.AllowHazards, c.AllowHazards):
		return fmt.Sprintf("AllowHazards reads %q without compiling, %q compiled", m.AllowHazards, c.AllowHazards)
	}
	return ""
}

// changesDiff describes how the changes s read without compiling differ
// from the compiled c, as a dump of the compiled program shows them (in
// JSON); empty when they do not.
func changesDiff(s, c migrate.Recorded) string {
	// The cheap comparison first: what both record, in JSON. A dump's
	// JSON went through a decoding, which may spell a string otherwise
	// (invalid UTF-8): when they differ, s goes through it too.
	if bytes.Equal(mustJSON(s.Upgrade), mustJSON(c.Upgrade)) && bytes.Equal(mustJSON(s.Downgrade), mustJSON(c.Downgrade)) {
		return ""
	}
	if rt, err := RoundTrip([]migrate.Recorded{s}); err == nil {
		s = rt[0]
	}
	for _, side := range []struct {
		name string
		s, c []change.Change
	}{{"upgrade", s.Upgrade, c.Upgrade}, {"downgrade", s.Downgrade, c.Downgrade}} {
		for i := range max(len(side.s), len(side.c)) {
			var sj, cj []byte
			if i < len(side.s) {
				sj = mustJSON(change.Changes{side.s[i]})
			}
			if i < len(side.c) {
				cj = mustJSON(change.Changes{side.c[i]})
			}
			if !bytes.Equal(sj, cj) {
				return fmt.Sprintf("change %d of the %s is %s compiled, %s read without compiling", i+1, side.name, cut(cj), cut(sj))
			}
		}
	}
	return ""
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return []byte(err.Error())
	}
	return b
}

// cut shortens b for a message; "none" when it is empty.
func cut(b []byte) string {
	b = bytes.TrimSuffix(bytes.TrimPrefix(b, []byte("[")), []byte("]"))
	switch {
	case len(b) == 0:
		return "none"
	case len(b) > 400:
		return string(b[:397]) + "..."
	}
	return string(b)
}
