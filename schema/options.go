package schema

import (
	"fmt"
	"regexp"
	"strings"
)

// optionName matches the name of a storage parameter: a word, or a
// namespace and a word ("toast.autovacuum_enabled").
var optionName = regexp.MustCompile(`^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$`)

// SplitOption splits a storage parameter "name=value" (see
// [TableAttrs.Options]) at its first "=" and reports a name that is not
// a lower-case word (or namespace.word), or a value that is empty or
// holds a NUL byte.
func SplitOption(opt string) (name, value string, err error) {
	name, value, ok := strings.Cut(opt, "=")
	switch {
	case !ok:
		return "", "", fmt.Errorf("storage parameter %q: want name=value", opt)
	case !optionName.MatchString(name):
		return "", "", fmt.Errorf("storage parameter %q: the name must be a lower-case word or namespace.word", opt)
	case value == "" || strings.IndexByte(value, 0) >= 0:
		return "", "", fmt.Errorf("storage parameter %q: the value must be non-empty text without a NUL byte", opt)
	}
	return name, value, nil
}

// OptionName returns the name of a storage parameter "name=value" as SQL
// writes it, each part quoted by [QuoteIdent]; opt must pass
// [SplitOption].
func OptionName(opt string) string {
	name, _, _ := strings.Cut(opt, "=")
	parts := strings.Split(name, ".")
	for i, p := range parts {
		parts[i] = QuoteIdent(p)
	}
	return strings.Join(parts, ".")
}

// OptionSQL returns a storage parameter "name=value" as SQL writes it in
// WITH (...) or SET (...): the name by [OptionName], the value a literal
// quoted by [QuoteLiteral] (PostgreSQL reads every parameter from its
// text); opt must pass [SplitOption].
func OptionSQL(opt string) string {
	_, value, _ := strings.Cut(opt, "=")
	return OptionName(opt) + " = " + QuoteLiteral(value)
}
