package emitter

import (
	"strconv"
	"strings"
	"unicode"
)

// initialisms are the words Go spells in one case (Effective Go, and the
// list golint kept): user_id is UserID, api_url APIURL.
var initialisms = map[string]bool{
	"acl": true, "api": true, "ascii": true, "cpu": true, "css": true, "dns": true, "eof": true, "guid": true,
	"html": true, "http": true, "https": true, "id": true, "ip": true, "json": true, "lhs": true, "qps": true,
	"ram": true, "rhs": true, "rpc": true, "sla": true, "smtp": true, "sql": true, "ssh": true, "tcp": true,
	"tls": true, "ttl": true, "udp": true, "ui": true, "uid": true, "uuid": true, "uri": true, "url": true,
	"utf8": true, "vm": true, "xml": true, "xmpp": true, "xsrf": true, "xss": true,
}

// camel returns the CamelCase of an SQL name: its words (runs of letters
// and digits; anything else separates them) each with an upper-case
// first letter, initialisms in upper case ("created_at" CreatedAt,
// "user_id" UserID, "in-progress" InProgress). The result may start with
// a digit or a letter that has no case, and is empty for a name without
// letters or digits.
func camel(s string) string {
	var b strings.Builder
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, w := range words {
		if initialisms[strings.ToLower(w)] {
			b.WriteString(strings.ToUpper(w))
			continue
		}
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	return b.String()
}

// exportedName returns [camel] of s as an exported Go identifier: "X" goes
// before a name that would not start with an upper-case letter ("1st"
// X1st), and a name without letters or digits is "X".
func exportedName(s string) string {
	n := camel(s)
	if n == "" {
		return "X"
	}
	if r := []rune(n)[0]; !unicode.IsUpper(r) {
		n = "X" + n
	}
	return n
}

// names hands out identifiers unique within one scope: a name taken
// already gets the smallest free number appended (Users, Users2, ...).
type names map[string]bool

// unique returns name, or name with a number appended when taken, and
// takes it.
func (ns names) unique(name string) string {
	out := name
	for i := 2; ns[out]; i++ {
		out = name + strconv.Itoa(i)
	}
	ns[out] = true
	return out
}
