package catalog

// census is what kinds of catalog rows a database has in the schemas
// read (or in the whole database, for the keys that say so), as
// schemasQuery counts them in the same round trip. [Inspect] leaves out
// the queries, and the branches of queries, that read only rows of kinds
// the database has none of: PostgreSQL then neither plans nor runs them.
// Most databases have no operators, text search configurations,
// publications, ...; test databases often have no views, functions or
// triggers either. A nil census has every key: nothing is left out.
type census map[string]bool

// The keys of a census. Each stands for the catalog rows that some
// branches of the queries read, or for more of them (a census may say
// there are rows where a branch finds none, never the other way round).
const (
	censusSequence     = "sequence"      // pg_class relkind 'S'
	censusView         = "view"          // pg_class relkind 'v'
	censusMatView      = "matview"       // pg_class relkind 'm'
	censusForeignTable = "foreign table" // pg_class relkind 'f'
	censusComposite    = "composite"     // pg_class relkind 'c'
	censusInherits     = "inherits"      // pg_inherits, in the whole database
	censusRewrite      = "rewrite"       // pg_rewrite, on relations of the schemas
	censusTrigger      = "trigger"       // pg_trigger not internal, on relations of the schemas
	censusPolicy       = "policy"        // pg_policy, on relations of the schemas
	censusStatistics   = "statistics"    // pg_statistic_ext
	censusType         = "type"          // pg_type base, range, multirange, domain, shell
	censusProc         = "proc"          // pg_proc
	censusOperator     = "operator"      // pg_operator
	censusOpclass      = "opclass"       // pg_opclass
	censusOpfamily     = "opfamily"      // pg_opfamily
	censusConversion   = "conversion"    // pg_conversion
	censusCollation    = "collation"     // pg_collation
	censusTextSearch   = "text search"   // pg_ts_config, pg_ts_dict, pg_ts_parser, pg_ts_template
	censusExtension    = "extension"     // pg_extension
	// censusGlobal stands for the objects that live in no schema that
	// unmanagedQuery reads: casts, languages, access methods created
	// after initdb, transforms, foreign-data wrappers, servers, user
	// mappings, event triggers, publications and the subscriptions of
	// the database.
	censusGlobal = "global"
	// censusUserDepends stands for the rewrite rules and routines created
	// after initdb anywhere in the database, which dependsQuery reads as
	// dependants of the tables read.
	censusUserDepends = "user depends"
)

// hasAny reports whether c has one of keys, or keys is empty, or c is
// nil (then it has every key).
func (c census) hasAny(keys []string) bool {
	if c == nil || len(keys) == 0 {
		return true
	}
	for _, k := range keys {
		if c[k] {
			return true
		}
	}
	return false
}
