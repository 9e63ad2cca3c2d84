package schema

import "strings"

// CreateOrReplace returns def, the definition of a function or procedure
// (CREATE FUNCTION ... or CREATE PROCEDURE ...), as a CREATE OR REPLACE
// statement: OR REPLACE is put after its leading CREATE key word, past
// the white space and comments before it, and the rest of def is left as
// written. A def that already says CREATE OR REPLACE is returned as it
// is. kind is [KindFunction] or [KindProcedure], as the statement says;
// ok is false when def starts with anything else (the key words in any
// case).
func CreateOrReplace(def string) (out string, kind ObjectKind, ok bool) {
	toks, _, _ := lexSQLUntil(def, true)
	word := func(i int, w string) bool {
		return i < len(toks) && toks[i].kind == tokWord && strings.EqualFold(toks[i].text, w)
	}
	routine := func(i int) ObjectKind {
		switch {
		case word(i, "FUNCTION"):
			return KindFunction
		case word(i, "PROCEDURE"):
			return KindProcedure
		}
		return ""
	}
	if !word(0, "CREATE") {
		return "", "", false
	}
	if kind := routine(1); kind != "" {
		end := toks[0].off + len(toks[0].text)
		return def[:end] + " OR REPLACE" + def[end:], kind, true
	}
	if word(1, "OR") && word(2, "REPLACE") {
		if kind := routine(3); kind != "" {
			return def, kind, true
		}
	}
	return "", "", false
}
