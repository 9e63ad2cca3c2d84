package dburl

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Redacted replaces a password in what [Redact] and [Scrub] return.
const Redacted = "***"

// urlScheme matches the start of a URL-form connection string.
var urlScheme = regexp.MustCompile(`^\s*[A-Za-z][A-Za-z0-9+.-]*://`)

// isURL reports whether s is a URL ("scheme://...") rather than a
// key/value connection string. Any scheme counts, so that a mistyped one
// is redacted too.
func isURL(s string) bool { return urlScheme.MatchString(s) }

// Redact returns connString with every password in it replaced by "***",
// whatever its form:
//
//   - a URL: the password of user:password@ and the values of password
//     parameters (?password=..., &sslpassword=...), also when the URL is
//     malformed (a password holding '"', '\', '/', '@' or '#' unescaped);
//     when the URL does not parse, everything between "://" and its last
//     '@' after the first ':' counts as the password;
//   - a key/value string (host=db password=secret): the value of every key
//     that ends in "password", quoted ('se cret', 'it\'s') or not, with
//     any spacing around '='; an unterminated quote hides the rest.
//
// The rest of connString is returned as written. Every connection string
// that schemagen prints or puts in an error passes through Redact; text
// from elsewhere that may quote one passes through [Scrub].
func Redact(connString string) string {
	if isURL(connString) {
		return redactURL(connString)
	}
	var b strings.Builder
	last := 0
	for _, kv := range splitKeyValues(connString) {
		if isPasswordKey(kv.key) {
			b.WriteString(connString[last:kv.valueStart])
			b.WriteString(Redacted)
			last = kv.valueEnd
		}
	}
	b.WriteString(connString[last:])
	return b.String()
}

// isPasswordKey reports whether a connection setting named key holds a
// password: password, sslpassword, and any other name ending so.
func isPasswordKey(key string) bool {
	return strings.HasSuffix(strings.ToLower(key), "password")
}

// urlParts locates the passwords of a URL-form connection string, as
// byte ranges of s: the password of its user information, if any, and
// the values of its password parameters.
func urlParts(s string) (spans [][2]int) {
	start := urlScheme.FindStringIndex(s)[1]
	rest := s[start:]
	// Where does the user information end? When the URL parses and no '@'
	// follows its authority, where url.Parse says; otherwise at the last
	// '@', so that a password holding an unescaped '/', '?' or '#' stays
	// hidden (at the price of hiding more than the password when a later
	// part of the URL holds an '@').
	at := strings.LastIndexByte(rest, '@')
	if _, err := url.Parse(s); err == nil {
		authEnd := len(rest)
		if i := strings.IndexAny(rest, "/?#"); i >= 0 {
			authEnd = i
		}
		if !strings.Contains(rest[authEnd:], "@") {
			at = strings.LastIndexByte(rest[:authEnd], '@')
		}
	}
	tail := 0 // where the host starts, in rest
	if at >= 0 {
		if c := strings.IndexByte(rest[:at], ':'); c >= 0 {
			spans = append(spans, [2]int{start + c + 1, start + at})
		}
		tail = at + 1
	}
	// Parameters: from the first '?' after the host; a value runs to the
	// next '&' (a '#' does not end it, so that a password holding one
	// stays hidden).
	q := strings.IndexByte(rest[tail:], '?')
	if q < 0 {
		return spans
	}
	pos := start + tail + q + 1
	for _, param := range strings.Split(s[pos:], "&") {
		if eq := strings.IndexByte(param, '='); eq >= 0 {
			key := param[:eq]
			if k, err := url.QueryUnescape(key); err == nil {
				key = k
			}
			if isPasswordKey(key) {
				spans = append(spans, [2]int{pos + eq + 1, pos + len(param)})
			}
		}
		pos += len(param) + 1
	}
	return spans
}

// redactURL is [Redact] for the URL form.
func redactURL(s string) string {
	spans := urlParts(s)
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp[0]])
		b.WriteString(Redacted)
		last = sp[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// keyValue is one setting of a key/value connection string, as lib/pq
// and libpq read it: key, optional spaces, '=', optional spaces, and a
// value that is either a run of non-space characters or single-quoted,
// a backslash escaping the next character in both.
type keyValue struct {
	key string
	// value is the value with quotes and escapes removed; written is it
	// as written, without the quotes.
	value, written string
	// keyStart is where the key starts; valueStart and valueEnd bound the
	// value as written, with its quotes.
	keyStart, valueStart, valueEnd int
}

// splitKeyValues reads the settings of a key/value connection string. It
// is lenient where lib/pq refuses: a word without '=' is skipped, and an
// unterminated quoted value runs to the end.
func splitKeyValues(s string) []keyValue {
	var out []keyValue
	i := 0
	next := func() (rune, int) {
		r, n := utf8.DecodeRuneInString(s[i:])
		return r, n
	}
	skipSpaces := func() {
		for i < len(s) {
			r, n := next()
			if !unicode.IsSpace(r) {
				return
			}
			i += n
		}
	}
	for {
		skipSpaces()
		if i >= len(s) {
			return out
		}
		kv := keyValue{keyStart: i}
		for i < len(s) {
			r, n := next()
			if unicode.IsSpace(r) || r == '=' {
				break
			}
			i += n
		}
		kv.key = s[kv.keyStart:i]
		skipSpaces()
		if i >= len(s) || s[i] != '=' {
			continue // a word without '=': not a setting
		}
		i++
		skipSpaces()
		kv.valueStart = i
		var value strings.Builder
		if i < len(s) && s[i] == '\'' {
			i++
			for i < len(s) && s[i] != '\'' {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				r, n := next()
				value.WriteRune(r)
				i += n
			}
			kv.written = s[kv.valueStart+1 : i]
			if i < len(s) {
				i++ // the closing quote
			}
		} else {
			for i < len(s) {
				r, n := next()
				if unicode.IsSpace(r) {
					break
				}
				if r == '\\' && i+n < len(s) {
					i += n
					r, n = next()
				}
				value.WriteRune(r)
				i += n
			}
			kv.written = s[kv.valueStart:i]
		}
		kv.valueEnd = i
		kv.value = value.String()
		out = append(out, kv)
	}
}

// passwords returns the passwords that connString holds, each as written
// and as the driver reads it (unescaped).
func passwords(connString string) []string {
	var out []string
	if isURL(connString) {
		for _, sp := range urlParts(connString) {
			written := connString[sp[0]:sp[1]]
			out = append(out, written)
			if v, err := url.PathUnescape(written); err == nil {
				out = append(out, v)
			}
			if v, err := url.QueryUnescape(written); err == nil {
				out = append(out, v)
			}
		}
		return out
	}
	for _, kv := range splitKeyValues(connString) {
		if isPasswordKey(kv.key) {
			out = append(out, kv.written, kv.value)
		}
	}
	return out
}

// Scrub returns text with every password of the connection strings
// removed: each connection string as a whole is replaced by its [Redact]
// form, and each of their passwords by "***" in every form a message may
// show it: as written and unescaped, escaped by Go's %q (which escapes
// '"' and '\'), by JSON, by URL query or path escaping, and by the
// key/value form's quoting. Errors of drivers and of programs that
// schemagen runs pass through it before they are printed. A password
// that the text shows some other way is not found; a very short password
// makes the text hard to read, since every occurrence of it is hidden.
func Scrub(text string, connStrings ...string) string {
	return newScrubber(connStrings).scrub(text)
}

// scrubber is what [Scrub] replaces for a list of connection strings,
// worked out once: whole connection strings by their [Redact] form (also
// %q-escaped), then every form of every password by "***".
type scrubber struct {
	// conns are the connection strings it was made for.
	conns []string
	// whole pairs a connection string (or its %q form) with its
	// replacement.
	whole [][2]string
	// forms are the passwords' forms, the longest first, so that a form
	// is not cut by a shorter one.
	forms []string
}

// newScrubber works out what [Scrub] replaces for connStrings.
func newScrubber(connStrings []string) *scrubber {
	sc := &scrubber{conns: slices.Clone(connStrings)}
	for _, cs := range connStrings {
		if cs == "" {
			continue
		}
		if red := Redact(cs); red != cs {
			sc.whole = append(sc.whole, [2]string{cs, red}, [2]string{quoteInner(cs), quoteInner(red)})
		}
		for _, pw := range passwords(cs) {
			sc.forms = append(sc.forms, escapedForms(pw)...)
		}
	}
	slices.SortFunc(sc.forms, func(a, b string) int { return len(b) - len(a) })
	sc.forms = slices.DeleteFunc(slices.Compact(sc.forms), func(f string) bool { return f == "" })
	return sc
}

// scrub returns text with the passwords removed.
func (sc *scrubber) scrub(text string) string {
	for _, w := range sc.whole {
		text = strings.ReplaceAll(text, w[0], w[1])
	}
	for _, f := range sc.forms {
		text = strings.ReplaceAll(text, f, Redacted)
	}
	return text
}

// escapedForms returns pw in every form a message may show it.
func escapedForms(pw string) []string {
	if pw == "" {
		return nil
	}
	js, _ := json.Marshal(pw)
	var htmlSafe bytes.Buffer
	enc := json.NewEncoder(&htmlSafe)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(pw)
	userinfo := strings.TrimPrefix(url.UserPassword("", pw).String(), ":")
	kv := strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(pw)
	return []string{
		pw,
		quoteInner(pw),
		unquote(strconv.QuoteToASCII(pw)),
		unquote(string(js)),
		unquote(strings.TrimSpace(htmlSafe.String())),
		url.QueryEscape(pw),
		url.PathEscape(pw),
		userinfo,
		kv,
		quoteInner(kv),
	}
}

// quoteInner returns s as Go's %q writes it, without the outer quotes.
func quoteInner(s string) string { return unquote(strconv.Quote(s)) }

// unquote returns q without its first and last byte, the quotes that
// strconv and encoding/json put around a string.
func unquote(q string) string {
	if len(q) < 2 {
		return q
	}
	return q[1 : len(q)-1]
}

// scrubbedError is an error whose text has had passwords removed; it
// unwraps to the original, so that callers can still branch on it.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// ScrubError returns err with its text passed through [Scrub] for the
// connection strings; errors.Is and errors.As still see err. It returns
// nil for a nil err.
func ScrubError(err error, connStrings ...string) error {
	if err == nil {
		return nil
	}
	return &scrubbedError{msg: Scrub(err.Error(), connStrings...), err: err}
}
