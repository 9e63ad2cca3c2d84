package parser

import (
	"crypto/sha1"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/schemagen/schemagen/schema"
)

// This file ports the names GORM (gorm.io/gorm v1.31, schema/naming.go)
// gives tables, columns, indexes and constraints with its default
// NamingStrategy, and the English inflection it pluralizes table names
// with (github.com/jinzhu/inflection v1.0.0, MIT License, Copyright (c)
// 2015 Jinzhu), so that the parser reads GORM models without importing
// GORM.

// gormNaming is GORM's NamingStrategy as //schemagen:gorm configures it.
type gormNaming struct {
	tablePrefix   string
	singularTable bool
}

// gormInitialisms are the initialisms GORM's toDBName keeps together
// (golint's list), replaced in this order by their title case.
var gormInitialisms = []string{"API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP", "JSON", "LHS", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SSH", "TLS", "TTL", "UID", "UI", "UUID", "URI", "URL", "UTF8", "VM", "XML", "XSRF", "XSS"}

// gormInitialismReplacer replaces each initialism by its title case,
// as GORM's commonInitialismsReplacer does ("ID" → "Id").
var gormInitialismReplacer = func() *strings.Replacer {
	var pairs []string
	for _, s := range gormInitialisms {
		pairs = append(pairs, s, s[:1]+strings.ToLower(s[1:]))
	}
	return strings.NewReplacer(pairs...)
}()

// gormDBName is GORM's toDBName: the snake_case of a Go name, with
// initialisms kept together (UserID: user_id, HTTPPath: http_path). It
// is a literal port, quirks included: it walks the runes of the name but
// looks ahead at its bytes.
func gormDBName(name string) string {
	if name == "" {
		return ""
	}
	value := gormInitialismReplacer.Replace(name)
	isUpper := func(b byte) bool { return b >= 'A' && b <= 'Z' }
	var buf strings.Builder
	lastCase, nextCase, nextNumber := false, false, false
	curCase := isUpper(value[0])
	for i, v := range value[:len(value)-1] {
		nextCase = isUpper(value[i+1])
		nextNumber = value[i+1] >= '0' && value[i+1] <= '9'
		if curCase {
			if lastCase && (nextCase || nextNumber) {
				buf.WriteRune(v + 32)
			} else {
				if i > 0 && value[i-1] != '_' && value[i+1] != '_' {
					buf.WriteByte('_')
				}
				buf.WriteRune(v + 32)
			}
		} else {
			buf.WriteRune(v)
		}
		lastCase = curCase
		curCase = nextCase
	}
	last := value[len(value)-1]
	if curCase {
		if !lastCase && len(value) > 1 {
			buf.WriteByte('_')
		}
		buf.WriteByte(last + 32)
	} else {
		buf.WriteByte(last)
	}
	return buf.String()
}

// table is GORM's TableName: the plural of the snake_case of the
// struct's name (unless singularTable), after the prefix.
func (n gormNaming) table(structName string) string {
	if n.singularTable {
		return n.tablePrefix + gormDBName(structName)
	}
	return n.tablePrefix + inflectPlural(gormDBName(structName))
}

// joinTable is GORM's JoinTableName for the NAME of many2many:NAME: as
// written when it is all lower case, else as a table name.
func (n gormNaming) joinTable(name string) string {
	if strings.ToLower(name) == name {
		return n.tablePrefix + name
	}
	if n.singularTable {
		return n.tablePrefix + gormDBName(name)
	}
	return n.tablePrefix + inflectPlural(gormDBName(name))
}

// formatName is GORM's formatName: PREFIX_TABLE_NAME with the dots of a
// qualified table name as underscores, cut to 56 characters and 8 hex
// digits of its SHA-1 when longer than 64; then truncated to 63 bytes,
// as PostgreSQL stores it.
func gormFormatName(prefix, table, name string) string {
	s := strings.ReplaceAll(strings.Join([]string{prefix, table, name}, "_"), ".", "_")
	if utf8.RuneCountInString(s) > 64 {
		h := sha1.Sum([]byte(s))
		s = s[:64-8] + hex.EncodeToString(h[:])[:8]
	}
	return schema.TruncateIdentifier(s)
}

// gormIndexName is GORM's IndexName: idx_TABLE_COLUMN, where COLUMN is
// the snake_case of a field's name (or of composite:NAME).
func gormIndexName(table, field string) string {
	return gormFormatName("idx", table, gormDBName(field))
}

// gormUniqueName is GORM's UniqueName for the constraint of a unique
// field: uni_TABLE_COLUMN.
func gormUniqueName(table, column string) string {
	return gormFormatName("uni", table, gormDBName(column))
}

// gormCheckName is GORM's CheckerName: chk_TABLE_COLUMN.
func gormCheckName(table, column string) string {
	return gormFormatName("chk", table, column)
}

// gormFKName is GORM's RelationshipFKName: fk_TABLE_FIELD, TABLE the
// table of the struct that declares the association, FIELD the
// snake_case of its field's name.
func gormFKName(table, field string) string {
	return gormFormatName("fk", table, gormDBName(field))
}

// gormTitle is cases.Title(language.Und, cases.NoLower) of an
// identifier: its first letter in upper case.
func gormTitle(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return strings.ToUpper(string(r)) + s[size:]
}

// inflection is one rule of jinzhu/inflection.
type inflection struct {
	re      *regexp.Regexp
	replace string
}

var (
	inflectPlurals = [][2]string{
		{"([a-z])$", "${1}s"}, {"s$", "s"}, {"^(ax|test)is$", "${1}es"}, {"(octop|vir)us$", "${1}i"},
		{"(octop|vir)i$", "${1}i"}, {"(alias|status)$", "${1}es"}, {"(bu)s$", "${1}ses"},
		{"(buffal|tomat)o$", "${1}oes"}, {"([ti])um$", "${1}a"}, {"([ti])a$", "${1}a"}, {"sis$", "ses"},
		{"(?:([^f])fe|([lr])f)$", "${1}${2}ves"}, {"(hive)$", "${1}s"}, {"([^aeiouy]|qu)y$", "${1}ies"},
		{"(x|ch|ss|sh)$", "${1}es"}, {"(matr|vert|ind)(?:ix|ex)$", "${1}ices"}, {"^(m|l)ouse$", "${1}ice"},
		{"^(m|l)ice$", "${1}ice"}, {"^(ox)$", "${1}en"}, {"^(oxen)$", "${1}"}, {"(quiz)$", "${1}zes"},
	}
	inflectSingulars = [][2]string{
		{"s$", ""}, {"(ss)$", "${1}"}, {"(n)ews$", "${1}ews"}, {"([ti])a$", "${1}um"},
		{"((a)naly|(b)a|(d)iagno|(p)arenthe|(p)rogno|(s)ynop|(t)he)(sis|ses)$", "${1}sis"},
		{"(^analy)(sis|ses)$", "${1}sis"}, {"([^f])ves$", "${1}fe"}, {"(hive)s$", "${1}"},
		{"(tive)s$", "${1}"}, {"([lr])ves$", "${1}f"}, {"([^aeiouy]|qu)ies$", "${1}y"},
		{"(s)eries$", "${1}eries"}, {"(m)ovies$", "${1}ovie"}, {"(c)ookies$", "${1}ookie"},
		{"(x|ch|ss|sh)es$", "${1}"}, {"^(m|l)ice$", "${1}ouse"}, {"(bus)(es)?$", "${1}"}, {"(o)es$", "${1}"},
		{"(shoe)s$", "${1}"}, {"(cris|test)(is|es)$", "${1}is"}, {"^(a)x[ie]s$", "${1}xis"},
		{"(octop|vir)(us|i)$", "${1}us"}, {"(alias|status)(es)?$", "${1}"}, {"^(ox)en", "${1}"},
		{"(vert|ind)ices$", "${1}ex"}, {"(matr)ices$", "${1}ix"}, {"(quiz)zes$", "${1}"}, {"(database)s$", "${1}"},
	}
	inflectIrregulars   = [][2]string{{"person", "people"}, {"man", "men"}, {"child", "children"}, {"sex", "sexes"}, {"move", "moves"}, {"mombie", "mombies"}}
	inflectUncountables = []string{"equipment", "information", "rice", "money", "species", "series", "fish", "sheep", "jeans", "police"}

	pluralRules, singularRules = compileInflections()
)

// compileInflections builds the rules in the order jinzhu/inflection
// tries them: uncountables, irregulars, then the regular rules, the
// last first, each in upper case, as written and case-insensitive.
func compileInflections() (plural, singular []inflection) {
	for _, u := range inflectUncountables {
		inf := inflection{regexp.MustCompile("^(?i)(" + u + ")$"), "${1}"}
		plural = append(plural, inf)
		singular = append(singular, inf)
	}
	title := func(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
	for _, v := range inflectIrregulars {
		plural = append(plural,
			inflection{regexp.MustCompile(strings.ToUpper(v[0]) + "$"), strings.ToUpper(v[1])},
			inflection{regexp.MustCompile(title(v[0]) + "$"), title(v[1])},
			inflection{regexp.MustCompile(v[0] + "$"), v[1]})
	}
	for _, v := range inflectIrregulars {
		singular = append(singular,
			inflection{regexp.MustCompile(strings.ToUpper(v[1]) + "$"), strings.ToUpper(v[0])},
			inflection{regexp.MustCompile(title(v[1]) + "$"), title(v[0])},
			inflection{regexp.MustCompile(v[1] + "$"), v[0]})
	}
	regular := func(rules [][2]string) []inflection {
		var out []inflection
		for i := len(rules) - 1; i >= 0; i-- {
			v := rules[i]
			out = append(out,
				inflection{regexp.MustCompile(strings.ToUpper(v[0])), strings.ToUpper(v[1])},
				inflection{regexp.MustCompile(v[0]), v[1]},
				inflection{regexp.MustCompile("(?i)" + v[0]), v[1]})
		}
		return out
	}
	return append(plural, regular(inflectPlurals)...), append(singular, regular(inflectSingulars)...)
}

// inflectPlural is inflection.Plural.
func inflectPlural(s string) string { return inflect(pluralRules, s) }

// inflectSingular is inflection.Singular.
func inflectSingular(s string) string { return inflect(singularRules, s) }

func inflect(rules []inflection, s string) string {
	for _, r := range rules {
		if r.re.MatchString(s) {
			return r.re.ReplaceAllString(s, r.replace)
		}
	}
	return s
}

// gormTagSettings is GORM's ParseTagSetting: the settings of a tag
// split at sep (a sep after a backslash does not split), each KEY:VALUE
// with the key trimmed and in upper case and \" in the value read as ";
// a setting without a value has its key as value.
func gormTagSettings(str, sep string) map[string]string {
	settings := map[string]string{}
	names := strings.Split(str, sep)
	var parsed []string
	for i := 0; i < len(names); i++ {
		s := names[i]
		for strings.HasSuffix(s, `\`) && i+1 < len(names) {
			i++
			s = s[:len(s)-1] + sep + names[i]
		}
		parsed = append(parsed, s)
	}
	for _, tag := range parsed {
		values := strings.Split(tag, ":")
		k := strings.TrimSpace(strings.ToUpper(values[0]))
		if len(values) >= 2 {
			settings[k] = strings.ReplaceAll(strings.Join(values[1:], ":"), `\"`, `"`)
		} else if k != "" {
			settings[k] = k
		}
	}
	return settings
}

// gormTagKeys returns the keys of the tag's settings, in order, for
// reporting unknown ones.
func gormTagKeys(str, sep string) []string {
	var keys []string
	names := strings.Split(str, sep)
	for i := 0; i < len(names); i++ {
		s := names[i]
		for strings.HasSuffix(s, `\`) && i+1 < len(names) {
			i++
			s = s[:len(s)-1] + sep + names[i]
		}
		k, _, _ := strings.Cut(s, ":")
		if k = strings.TrimSpace(strings.ToUpper(k)); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

// gormTruth is GORM's utils.CheckTruth: some value is neither empty nor
// "false" (any case).
func gormTruth(vals ...string) bool {
	for _, v := range vals {
		if v != "" && !strings.EqualFold(v, "false") {
			return true
		}
	}
	return false
}
