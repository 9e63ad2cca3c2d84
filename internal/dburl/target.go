package dburl

import (
	"net/url"
	"strings"
)

// ApplicationName is the application_name that schemagen's sessions
// carry unless the connection string or PGAPPNAME sets one, so that
// pg_stat_activity (and a run waiting for the migration lock) can tell
// them apart.
const ApplicationName = "schemagen"

// WithApplicationName returns connString with application_name=name added,
// unless it sets an application_name (or a fallback_application_name)
// already; the rest is kept as written. A URL gets it as a query
// parameter, a key/value string as a setting at the end. A URL that does
// not parse, or holds a '#', is returned unchanged.
func WithApplicationName(connString, name string) string {
	if !isURL(connString) {
		for _, kv := range splitKeyValues(connString) {
			if isAppNameKey(kv.key) {
				return connString
			}
		}
		out := strings.TrimRight(connString, " \t\n")
		if out != "" {
			out += " "
		}
		return out + "application_name=" + quoteValue(name)
	}
	parsed, err := url.Parse(connString)
	if err != nil {
		return connString
	}
	for key := range parsed.Query() {
		if isAppNameKey(key) {
			return connString
		}
	}
	if strings.Contains(connString, "#") {
		// Where a query parameter would go is unclear (a password
		// holding an unescaped '#'): leave it as written.
		return connString
	}
	param := "application_name=" + url.QueryEscape(name)
	switch {
	case parsed.RawQuery == "" && !strings.HasSuffix(connString, "?"):
		return connString + "?" + param
	case strings.HasSuffix(connString, "?") || strings.HasSuffix(connString, "&"):
		return connString + param
	}
	return connString + "&" + param
}

// isAppNameKey reports whether key sets the application name.
func isAppNameKey(key string) bool {
	return key == "application_name" || key == "fallback_application_name"
}

// Target describes the database that connString names as host:port/dbname,
// with no user and no password: "127.0.0.1:5432/app". What the string
// leaves out comes from the environment variables that the driver reads
// (PGHOST, PGPORT, PGDATABASE, PGUSER, through getenv), then from the
// driver's defaults (localhost, 5432, the user's name). Several hosts are
// shown as written, comma-separated. A URL that does not parse is shown
// redacted ([Redact]).
func Target(connString string, getenv func(string) string) string {
	var host, port, db, user string
	if isURL(connString) {
		parsed, err := url.Parse(connString)
		if err != nil || userInfoMisread(connString, parsed) {
			return Redact(connString)
		}
		host, port = parsed.Hostname(), parsed.Port()
		if strings.Contains(parsed.Host, ",") {
			// host1:5432,host2:5433: as written.
			host, port = parsed.Host, ""
		}
		db = strings.TrimPrefix(parsed.Path, "/")
		if parsed.User != nil {
			user = parsed.User.Username()
		}
		q := parsed.Query()
		host = firstOf(q.Get("host"), host)
		port = firstOf(q.Get("port"), port)
		db = firstOf(q.Get("dbname"), db)
		user = firstOf(q.Get("user"), user)
	} else {
		for _, kv := range splitKeyValues(connString) {
			switch kv.key {
			case "host":
				host = kv.value
			case "port":
				port = kv.value
			case "dbname":
				db = kv.value
			case "user":
				user = kv.value
			}
		}
	}
	host = firstOf(host, getenv("PGHOST"), "localhost")
	user = firstOf(user, getenv("PGUSER"))
	db = firstOf(db, getenv("PGDATABASE"), user)
	if strings.Contains(host, ",") && port == "" {
		return host + "/" + db
	}
	if strings.Contains(host, ":") && !strings.HasPrefix(host, "[") && !strings.HasPrefix(host, "/") {
		host = "[" + host + "]" // an IPv6 address
	}
	port = firstOf(port, getenv("PGPORT"), "5432")
	return host + ":" + port + "/" + db
}

// userInfoMisread reports whether the URL connString holds user
// information with a password (a ':' before the last '@' of what follows
// "://") that parsed, its parse, did not read as such: a password with an
// unescaped '/', '?' or '#' ends the authority early, and its digits read
// as a port, its rest as the path. Such a URL is shown redacted, never
// pieced together from the misread parts.
func userInfoMisread(connString string, parsed *url.URL) bool {
	i := strings.Index(connString, "://")
	if i < 0 {
		return false
	}
	rest := connString[i+len("://"):]
	at := strings.LastIndex(rest, "@")
	if at < 0 || !strings.Contains(rest[:at], ":") {
		return false
	}
	if parsed.User == nil {
		return true
	}
	_, ok := parsed.User.Password()
	return !ok || !strings.HasPrefix(rest[at+1:], parsed.Host)
}

// firstOf returns the first of vs that is not empty.
func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
