// Package revid makes and reads schemagen's revision IDs: the UTC time of
// the revision's creation as YYYYMMDDHHMMSS, "_", and a random suffix of
// four lower-case consonants, such as "20261206153012_kfxd". The suffix
// keeps IDs short to type: it is unique in a graph, so "kfxd" or "kf"
// names the revision as well as the whole ID does. Older IDs, the
// timestamp alone, stay valid everywhere; any other ID a migration file
// spells is valid too (see migrate.NewGraph). The package imports nothing
// of schemagen's, so that the runtime (package migrate) can use it.
package revid

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"time"
)

// Alphabet is the letters of a suffix: lower-case consonants without y
// and l, so that a suffix spells no word and no build constraint of a
// file name ("_test", "_wasm"), is never mistaken for a timestamp's
// digits, and holds no letter read as a digit.
const Alphabet = "bcdfghjkmnpqrstvwxz"

// SuffixLen is the length of a new suffix.
const SuffixLen = 4

// timeLayout is the timestamp of an ID.
const timeLayout = "20060102150405"

// tries bounds the draws of a suffix that is not taken.
const tries = 10000

// New returns a new revision ID for the time t (in UTC) with a suffix
// drawn from rand (crypto/rand when nil) such that taken(id, suffix)
// reports false: the caller says which IDs and suffixes its graph holds.
func New(t time.Time, rand io.Reader, taken func(id, suffix string) bool) (string, error) {
	stamp := Stamp(t)
	for range tries {
		suffix, err := draw(rand)
		if err != nil {
			return "", fmt.Errorf("revision ID: %w", err)
		}
		id := stamp + "_" + suffix
		if taken == nil || !taken(id, suffix) {
			return id, nil
		}
	}
	return "", errors.New("revision ID: no free suffix found")
}

// Stamp returns the timestamp of an ID for the time t (in UTC):
// YYYYMMDDHHMMSS.
func Stamp(t time.Time) string { return t.UTC().Format(timeLayout) }

// draw returns SuffixLen letters of Alphabet drawn uniformly from r.
func draw(r io.Reader) (string, error) {
	if r == nil {
		r = rand.Reader
	}
	const limit = 256 - 256%len(Alphabet) // rejection keeps it uniform
	out := make([]byte, 0, SuffixLen)
	var buf [SuffixLen]byte
	for len(out) < SuffixLen {
		need := buf[:SuffixLen-len(out)]
		if _, err := io.ReadFull(r, need); err != nil {
			return "", err
		}
		for _, b := range need {
			if int(b) < limit {
				out = append(out, Alphabet[int(b)%len(Alphabet)])
			}
		}
	}
	return string(out), nil
}

// Suffix returns the suffix of an ID of the form TIMESTAMP_SUFFIX (14
// digits, "_", one or more of [a-z0-9]), and whether rev has that form.
// A timestamp alone, or an ID of another form, has no suffix.
func Suffix(rev string) (string, bool) {
	if len(rev) < len(timeLayout)+2 || rev[len(timeLayout)] != '_' || !digits(rev[:len(timeLayout)]) {
		return "", false
	}
	s := rev[len(timeLayout)+1:]
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return "", false
		}
	}
	return s, true
}

// Time returns the creation time of rev, read from its timestamp (the ID
// alone, or the ID with a suffix), and whether it has one.
func Time(rev string) (time.Time, bool) {
	stamp := rev
	if _, ok := Suffix(rev); ok {
		stamp = rev[:len(timeLayout)]
	}
	if len(stamp) != len(timeLayout) || !digits(stamp) {
		return time.Time{}, false
	}
	t, err := time.Parse(timeLayout, stamp)
	return t, err == nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
