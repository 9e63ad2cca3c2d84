package parser

import (
	"cmp"
	"errors"
	"fmt"
	"go/token"
	"regexp"
	"strings"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	pgparser "github.com/pganalyze/pg_query_go/v6/parser"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/schemagen/schemagen/schema"
)

// sqlKinds says, for the refusal of a statement, what an SQL file of the
// models may hold.
const sqlKinds = "CREATE FUNCTION, PROCEDURE, TRIGGER, POLICY, DOMAIN, SEQUENCE, TYPE ... AS (...), RULE, VIEW, MATERIALIZED VIEW, INDEX (of a materialized view), COLLATION, STATISTICS or EXTENSION"

// pendingObj is an object of the models with what its definition
// references, resolved into its DependsOn once every table and object is
// known (see [resolveObjectDeps]).
type pendingObj struct {
	obj *schema.Object
	pos token.Position
	// rels, funcs and types are the names the definition references:
	// relations (tables, views), functions called, types used. An empty
	// Schema means the name was written unqualified.
	rels, funcs, types []schema.QualifiedName
	// trigFunc is the function a trigger executes.
	trigFunc *schema.QualifiedName
	// cols are the column references of the definition, each the names
	// of a ColumnRef ("*" for a star): "a", "t.a", "s.t.a", "t.*".
	cols [][]string
	// aliases maps the aliases of the relations the definition names,
	// and their names, to the relations.
	aliases map[string]schema.QualifiedName
}

// parseSQLFile returns the objects that the SQL file src (named file)
// declares, one per statement, and adds every statement that is not a
// declaration of an object, and every mistake, to errs at its position.
func parseSQLFile(file, src string, errs *ErrorList) []*pendingObj {
	if !utf8.ValidString(src) {
		errs.Add(token.Position{Filename: file, Line: 1, Column: 1}, "the SQL file is not valid UTF-8")
		return nil
	}
	if i := strings.IndexByte(src, 0); i >= 0 {
		errs.Add(positionAt(file, src, i), "the SQL file holds a NUL byte")
		return nil
	}
	tree, err := pg_query.Parse(src)
	if err != nil {
		errs.Add(parseErrorPos(file, src, err), "SQL: "+lexMessageFull(err))
		return nil
	}
	var out []*pendingObj
	for _, raw := range tree.GetStmts() {
		start := int(raw.GetStmtLocation())
		end := len(src)
		if n := raw.GetStmtLen(); n > 0 {
			end = start + int(n)
		}
		text, off := statementText(src[start:end])
		pos := positionAt(file, src, start+off)
		if msg := longIdentifier(text); msg != "" {
			errs.Add(pos, msg)
			continue
		}
		po, msg := objectOfStatement(raw.GetStmt(), text)
		if msg != "" {
			errs.Add(pos, msg)
			continue
		}
		po.pos = pos
		out = append(out, po)
	}
	return out
}

// statementText returns the text of a statement without the comments and
// white space around it, and the offset of its first token in s.
func statementText(s string) (string, int) {
	toks := scanSQL(s)
	first, last := -1, -1
	for _, t := range toks {
		if t.bad == "" && (t.tok == pg_query.Token_SQL_COMMENT || t.tok == pg_query.Token_C_COMMENT) {
			continue
		}
		if first < 0 {
			first = t.start
		}
		last = t.end
	}
	if first < 0 {
		return strings.TrimSpace(s), 0
	}
	return s[first:last], first
}

// positionAt returns the position of byte offset off of src, in file.
func positionAt(file, src string, off int) token.Position {
	off = min(off, len(src))
	line := 1 + strings.Count(src[:off], "\n")
	col := off - strings.LastIndexByte(src[:off], '\n')
	return token.Position{Filename: file, Line: line, Column: col}
}

// parseErrorPos returns where in src the parse error err lies: the
// cursor PostgreSQL reports (in characters), or the file's start.
func parseErrorPos(file, src string, err error) token.Position {
	var pe *pgparser.Error
	if !errors.As(err, &pe) || pe.Cursorpos <= 0 {
		return token.Position{Filename: file, Line: 1, Column: 1}
	}
	chars := 0
	for i := range src {
		if chars == pe.Cursorpos-1 {
			return positionAt(file, src, i)
		}
		chars++
	}
	return positionAt(file, src, len(src))
}

// lexMessageFull returns the message of a parse error, keeping its "at or
// near" text (shortened), which names the offending token.
func lexMessageFull(err error) string {
	var pe *pgparser.Error
	if !errors.As(err, &pe) {
		return err.Error()
	}
	msg := pe.Message
	if i := strings.Index(msg, ` at or near "`); i >= 0 {
		near := msg[i+len(` at or near "`) : len(msg)-1]
		if j := strings.IndexByte(near, '\n'); j >= 0 {
			near = near[:j] + "…"
		}
		if len(near) > 40 {
			cut := 40
			for cut > 0 && !utf8.RuneStart(near[cut]) {
				cut-- // not inside a character
			}
			near = near[:cut] + "…"
		}
		msg = fmt.Sprintf("%s at or near %q", msg[:i], near)
	}
	return msg
}

// objectOfStatement identifies the object that stmt, of source text text,
// declares; or returns why it is refused.
func objectOfStatement(stmt *pg_query.Node, text string) (*pendingObj, string) {
	o := &schema.Object{Definition: text}
	po := &pendingObj{obj: o}
	rv := func(r *pg_query.RangeVar) (string, string) {
		return cmp.Or(r.GetSchemaname(), schema.DefaultSchema), r.GetRelname()
	}
	switch n := stmt.GetNode().(type) {
	case *pg_query.Node_CreateFunctionStmt:
		fs := n.CreateFunctionStmt
		o.Kind = schema.KindFunction
		if fs.GetIsProcedure() {
			o.Kind = schema.KindProcedure
		}
		q, ok := qualifiedOf(fs.GetFuncname())
		if !ok {
			return nil, "CREATE FUNCTION: cannot read the function's name"
		}
		args, err := identityArgs(fs.GetParameters())
		if err != nil {
			return nil, fmt.Sprintf("%s %s: %v", strings.ToUpper(string(o.Kind)), q.Name, err)
		}
		o.Schema, o.Name = cmp.Or(q.Schema, schema.DefaultSchema), q.Name+"("+args+")"
		for _, p := range fs.GetParameters() {
			po.collect(p)
		}
		po.collect(fs.GetReturnType())
		if body := fs.GetSqlBody(); body != nil {
			po.collect(body)
		}
	case *pg_query.Node_CreateTrigStmt:
		ts := n.CreateTrigStmt
		o.Kind, o.Name = schema.KindTrigger, ts.GetTrigname()
		o.Schema, o.Table = rv(ts.GetRelation())
		po.rels = append(po.rels, schema.QualifiedName{Schema: o.Schema, Name: o.Table})
		q, ok := qualifiedOf(ts.GetFuncname())
		if !ok {
			return nil, "CREATE TRIGGER: cannot read the trigger function's name"
		}
		po.trigFunc = &q
		po.collect(ts.GetWhenClause())
		if ts.GetConstrrel() != nil {
			po.collect(ts.GetConstrrel())
		}
	case *pg_query.Node_CreatePolicyStmt:
		ps := n.CreatePolicyStmt
		o.Kind, o.Name = schema.KindPolicy, ps.GetPolicyName()
		o.Schema, o.Table = rv(ps.GetTable())
		po.rels = append(po.rels, schema.QualifiedName{Schema: o.Schema, Name: o.Table})
		po.collect(ps.GetQual(), ps.GetWithCheck())
	case *pg_query.Node_CreateDomainStmt:
		ds := n.CreateDomainStmt
		q, ok := qualifiedOf(ds.GetDomainname())
		if !ok {
			return nil, "CREATE DOMAIN: cannot read the domain's name"
		}
		o.Kind, o.Schema, o.Name = schema.KindDomain, cmp.Or(q.Schema, schema.DefaultSchema), q.Name
		po.collect(ds.GetTypeName())
		for _, c := range ds.GetConstraints() {
			po.collect(c)
		}
	case *pg_query.Node_CreateSeqStmt:
		ss := n.CreateSeqStmt
		if ss.GetIfNotExists() {
			return nil, ifNotExists("CREATE SEQUENCE")
		}
		for _, opt := range ss.GetOptions() {
			if opt.GetDefElem().GetDefname() == "owned_by" {
				return nil, "CREATE SEQUENCE " + ss.GetSequence().GetRelname() + ": OWNED BY makes the sequence a column's; declare the column serial or identity in its model instead"
			}
		}
		if ss.GetSequence().GetRelpersistence() == "t" {
			return nil, "CREATE TEMPORARY SEQUENCE: a temporary object is no part of a schema"
		}
		o.Kind = schema.KindSequence
		o.Schema, o.Name = rv(ss.GetSequence())
	case *pg_query.Node_CompositeTypeStmt:
		cs := n.CompositeTypeStmt
		o.Kind = schema.KindCompositeType
		o.Schema, o.Name = rv(cs.GetTypevar())
		for _, c := range cs.GetColdeflist() {
			po.collect(c)
		}
	case *pg_query.Node_RuleStmt:
		rs := n.RuleStmt
		o.Kind, o.Name = schema.KindRule, rs.GetRulename()
		o.Schema, o.Table = rv(rs.GetRelation())
		po.rels = append(po.rels, schema.QualifiedName{Schema: o.Schema, Name: o.Table})
		po.collect(rs.GetWhereClause())
		for _, a := range rs.GetActions() {
			po.collect(a)
		}
	case *pg_query.Node_ViewStmt:
		vs := n.ViewStmt
		if vs.GetView().GetRelpersistence() == "t" {
			return nil, "CREATE TEMPORARY VIEW: a temporary object is no part of a schema"
		}
		o.Kind = schema.KindView
		o.Schema, o.Name = rv(vs.GetView())
		po.collect(vs.GetQuery())
	case *pg_query.Node_CreateTableAsStmt:
		cs := n.CreateTableAsStmt
		if cs.GetObjtype() != pg_query.ObjectType_OBJECT_MATVIEW || cs.GetIsSelectInto() {
			return nil, "CREATE TABLE AS is not a declaration of an object schemagen manages by its definition; declare tables as Go structs marked //schemagen:table"
		}
		if cs.GetIfNotExists() {
			return nil, ifNotExists("CREATE MATERIALIZED VIEW")
		}
		o.Kind = schema.KindMaterializedView
		o.Schema, o.Name = rv(cs.GetInto().GetRel())
		po.collect(cs.GetQuery())
	case *pg_query.Node_CreateExtensionStmt:
		es := n.CreateExtensionStmt
		if es.GetIfNotExists() {
			return nil, ifNotExists("CREATE EXTENSION")
		}
		o.Kind, o.Name, o.Schema = schema.KindExtension, es.GetExtname(), schema.DefaultSchema
		for _, opt := range es.GetOptions() {
			d := opt.GetDefElem()
			switch d.GetDefname() {
			case "schema":
				o.Schema = d.GetArg().GetString_().GetSval()
			case "cascade":
				return nil, "CREATE EXTENSION " + o.Name + ": CASCADE would create other extensions the models do not declare; declare each one"
			}
		}
	case *pg_query.Node_IndexStmt:
		ix := n.IndexStmt
		if ix.GetIfNotExists() {
			return nil, ifNotExists("CREATE INDEX")
		}
		if ix.GetConcurrent() {
			return nil, "CREATE INDEX CONCURRENTLY: a plan decides how an index is built; write CREATE INDEX"
		}
		if ix.GetIdxname() == "" {
			return nil, "CREATE INDEX: name the index (its name is its identity)"
		}
		o.Kind, o.Name = schema.KindIndex, ix.GetIdxname()
		o.Schema, o.Table = rv(ix.GetRelation())
		po.rels = append(po.rels, schema.QualifiedName{Schema: o.Schema, Name: o.Table})
		for _, p := range ix.GetIndexParams() {
			po.collect(p)
		}
		po.collect(ix.GetWhereClause())
	case *pg_query.Node_DefineStmt:
		ds := n.DefineStmt
		if ds.GetKind() != pg_query.ObjectType_OBJECT_COLLATION {
			return nil, fmt.Sprintf("%s is not a declaration schemagen manages: an SQL file of the models holds only %s statements", statementName(text), sqlKinds)
		}
		if ds.GetIfNotExists() {
			return nil, ifNotExists("CREATE COLLATION")
		}
		q, ok := qualifiedOf(ds.GetDefnames())
		if !ok {
			return nil, "CREATE COLLATION: cannot read the collation's name"
		}
		o.Kind, o.Schema, o.Name = schema.KindCollation, cmp.Or(q.Schema, schema.DefaultSchema), q.Name
	case *pg_query.Node_CreateStatsStmt:
		cs := n.CreateStatsStmt
		if cs.GetIfNotExists() {
			return nil, ifNotExists("CREATE STATISTICS")
		}
		q, ok := qualifiedOf(cs.GetDefnames())
		if !ok || q.Name == "" {
			return nil, "CREATE STATISTICS: name the statistics (their name is their identity)"
		}
		if len(cs.GetRelations()) != 1 || cs.GetRelations()[0].GetRangeVar() == nil {
			return nil, "CREATE STATISTICS " + q.Name + ": statistics are on one table"
		}
		tschema, table := rv(cs.GetRelations()[0].GetRangeVar())
		o.Kind, o.Schema, o.Name, o.Table = schema.KindStatistics, cmp.Or(q.Schema, schema.DefaultSchema), q.Name, table
		if o.Schema != tschema {
			return nil, "CREATE STATISTICS " + q.Name + ": put the statistics in their table's schema " + tschema
		}
		po.rels = append(po.rels, schema.QualifiedName{Schema: tschema, Name: table})
		for _, e := range cs.GetExprs() {
			po.collect(e)
		}
	case *pg_query.Node_CreateStmt:
		return nil, "CREATE TABLE: tables are Go structs marked //schemagen:table, not SQL"
	case *pg_query.Node_CreateEnumStmt:
		return nil, "CREATE TYPE ... AS ENUM: enums are Go types marked //schemagen:enum, not SQL"
	default:
		return nil, fmt.Sprintf("%s is not a declaration: an SQL file of the models holds only %s statements", statementName(text), sqlKinds)
	}
	if o.Table != "" {
		// The expressions of a trigger, policy or rule name the table's
		// columns bare, or by OLD and NEW.
		if po.aliases == nil {
			po.aliases = map[string]schema.QualifiedName{}
		}
		q := schema.QualifiedName{Schema: o.Schema, Name: o.Table}
		po.aliases[o.Table], po.aliases["old"], po.aliases["new"] = q, q, q
	}
	if msg := checkObjectIdentity(o); msg != "" {
		return nil, msg
	}
	return po, ""
}

// ifNotExists is the refusal of IF NOT EXISTS in the statement named.
func ifNotExists(what string) string {
	return what + " IF NOT EXISTS: schemagen decides whether the object exists; IF NOT EXISTS would hide an object that differs"
}

// checkObjectIdentity reports a name of o that PostgreSQL would not keep.
func checkObjectIdentity(o *schema.Object) string {
	name := o.Name
	if i := strings.IndexByte(name, '('); i >= 0 && (o.Kind == schema.KindFunction || o.Kind == schema.KindProcedure) {
		name = name[:i]
	}
	for _, c := range []struct{ what, name string }{{"schema", o.Schema}, {string(o.Kind), name}, {"table", o.Table}} {
		if c.name == "" && c.what == "table" {
			continue
		}
		if msg := checkIdent(c.what, c.name); msg != "" {
			return fmt.Sprintf("%s %s: %s", strings.ToUpper(string(o.Kind)), name, msg)
		}
	}
	return ""
}

// statementName returns the leading keywords of a statement's text, upper
// case: "INSERT", "ALTER TABLE", "GRANT".
func statementName(text string) string {
	var words []string
	for _, t := range scanSQL(text) {
		if t.bad != "" || t.tok == pg_query.Token_SQL_COMMENT || t.tok == pg_query.Token_C_COMMENT {
			continue
		}
		w := text[t.start:t.end]
		if !bareIdent.MatchString(w) || len(words) == 2 {
			break
		}
		words = append(words, strings.ToUpper(w))
		if len(words) == 1 && words[0] != "ALTER" && words[0] != "CREATE" && words[0] != "DROP" && words[0] != "COMMENT" {
			break
		}
	}
	if len(words) == 0 {
		return "the statement"
	}
	return strings.Join(words, " ")
}

// qualifiedOf reads a name list of the parse tree: [schema.]name (a
// catalog prefix is refused).
func qualifiedOf(names []*pg_query.Node) (schema.QualifiedName, bool) {
	var parts []string
	for _, n := range names {
		s, ok := n.GetNode().(*pg_query.Node_String_)
		if !ok {
			return schema.QualifiedName{}, false
		}
		parts = append(parts, s.String_.GetSval())
	}
	switch len(parts) {
	case 1:
		return schema.QualifiedName{Name: parts[0]}, true
	case 2:
		return schema.QualifiedName{Schema: parts[0], Name: parts[1]}, true
	}
	return schema.QualifiedName{}, false
}

// identityArgs returns the identity arguments of a function's
// parameters, as pg_get_function_identity_arguments prints them for the
// usual types: "a integer, VARIADIC b text[]" (OUT and TABLE parameters
// are no part of it; defaults neither). Unusual spellings of a type may
// differ from the server's; comparisons with a database take the
// server's identity (see internal/shadow).
func identityArgs(params []*pg_query.Node) (string, error) {
	var parts []string
	for _, p := range params {
		fp := p.GetFunctionParameter()
		if fp == nil {
			return "", errors.New("cannot read a parameter")
		}
		mode := ""
		switch fp.GetMode() {
		case pg_query.FunctionParameterMode_FUNC_PARAM_OUT, pg_query.FunctionParameterMode_FUNC_PARAM_TABLE:
			continue
		case pg_query.FunctionParameterMode_FUNC_PARAM_INOUT:
			mode = "INOUT "
		case pg_query.FunctionParameterMode_FUNC_PARAM_VARIADIC:
			mode = "VARIADIC "
		}
		typ, err := typeText(fp.GetArgType())
		if err != nil {
			return "", err
		}
		name := ""
		if fp.GetName() != "" {
			name = quoteIdentifier(fp.GetName()) + " "
		}
		parts = append(parts, mode+name+typ)
	}
	return strings.Join(parts, ", "), nil
}

// typeNames maps the spellings pg_query's deparser gives built-in types
// to format_type's.
var typeNames = map[string]string{
	"int": "integer", "int4": "integer", "integer": "integer",
	"int8": "bigint", "int2": "smallint",
	"bool":   "boolean",
	"float8": "double precision", "float4": "real", "float": "double precision",
	"varchar": "character varying", "bpchar": "character", "char": "character",
	"timestamptz": "timestamp with time zone", "timestamp": "timestamp without time zone",
	"timetz": "time with time zone", "time": "time without time zone",
	"decimal": "numeric", "varbit": "bit varying",
}

// typmod matches a type modifier: "(10)", "(3, 1)".
var typmod = regexp.MustCompile(`\([^()]*\)`)

// typeText returns the text of a type of a function's parameter, without
// its modifiers (which a parameter does not keep), in format_type's
// spelling for the usual built-in types.
func typeText(tn *pg_query.TypeName) (string, error) {
	if tn == nil {
		return "", errors.New("a parameter has no type")
	}
	// A tree of the parser's own version, the type put in its cast.
	tree, err := pg_query.Parse("SELECT NULL::int")
	if err != nil {
		return "", fmt.Errorf("deparse a parameter's type: %w", err)
	}
	tree.GetStmts()[0].GetStmt().GetSelectStmt().GetTargetList()[0].GetResTarget().GetVal().GetTypeCast().TypeName = tn
	out, err := pg_query.Deparse(tree)
	if err != nil {
		return "", fmt.Errorf("deparse a parameter's type: %w", err)
	}
	t, ok := strings.CutPrefix(out, "SELECT NULL::")
	if !ok {
		return "", fmt.Errorf("deparse a parameter's type: unexpected %q", out)
	}
	t = typmod.ReplaceAllString(t, "")
	// An array keeps no dimensions: format_type prints one [].
	base, arr, _ := strings.Cut(t, "[")
	base = strings.TrimSpace(strings.TrimPrefix(base, "pg_catalog."))
	if n, ok := typeNames[base]; ok {
		base = n
	}
	if arr != "" || strings.Contains(t, "[") {
		base += "[]"
	}
	return base, nil
}

// collect adds the relations, functions and types that the trees of ms
// name to po, leaving out the names of common table expressions.
func (po *pendingObj) collect(ms ...proto.Message) {
	ctes := map[string]bool{}
	var walk func(m protoreflect.Message)
	var rels []schema.QualifiedName
	walk = func(m protoreflect.Message) {
		switch n := m.Interface().(type) {
		case *pg_query.RangeVar:
			q := schema.QualifiedName{Schema: n.GetSchemaname(), Name: n.GetRelname()}
			rels = append(rels, q)
			if po.aliases == nil {
				po.aliases = map[string]schema.QualifiedName{}
			}
			if a := n.GetAlias().GetAliasname(); a != "" {
				po.aliases[a] = q
			} else {
				po.aliases[q.Name] = q
			}
		case *pg_query.JoinExpr:
			// JOIN ... USING (a) reads column a of both sides.
			for _, u := range n.GetUsingClause() {
				if name := u.GetString_().GetSval(); name != "" {
					po.cols = append(po.cols, []string{name})
				}
			}
		case *pg_query.StatsElem:
			if n.GetName() != "" {
				po.cols = append(po.cols, []string{n.GetName()})
			}
		case *pg_query.ColumnRef:
			var names []string
			for _, f := range n.GetFields() {
				switch {
				case f.GetString_() != nil:
					names = append(names, f.GetString_().GetSval())
				case f.GetAStar() != nil:
					names = append(names, "*")
				}
			}
			po.cols = append(po.cols, names)
		case *pg_query.CommonTableExpr:
			ctes[n.GetCtename()] = true
		case *pg_query.FuncCall:
			if q, ok := qualifiedOf(n.GetFuncname()); ok {
				po.funcs = append(po.funcs, q)
			}
		case *pg_query.TypeName:
			if q, ok := qualifiedOf(n.GetNames()); ok {
				po.types = append(po.types, q)
			}
		}
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.IsList() && fd.Kind() == protoreflect.MessageKind:
				l := v.List()
				for i := range l.Len() {
					walk(l.Get(i).Message())
				}
			case fd.Kind() == protoreflect.MessageKind && !fd.IsMap():
				walk(v.Message())
			}
			return true
		})
	}
	for _, m := range ms {
		if m == nil || !m.ProtoReflect().IsValid() {
			continue
		}
		walk(m.ProtoReflect())
	}
	for _, r := range rels {
		if r.Schema == "" && ctes[r.Name] {
			continue
		}
		po.rels = append(po.rels, r)
	}
}

// longIdentifier reports an identifier of text longer than PostgreSQL
// keeps: its parser truncates it (with a mere notice), so that the
// object would not have the name written.
func longIdentifier(text string) string {
	for _, t := range scanSQL(text) {
		if t.bad != "" || t.tok != pg_query.Token_IDENT {
			continue
		}
		name := text[t.start:t.end]
		if n, ok := identName(name); ok {
			name = n
		}
		if len(name) > schema.MaxIdentifierLength {
			return fmt.Sprintf("identifier %q is %d bytes long; PostgreSQL keeps at most %d bytes of a name and would truncate it", name, len(name), schema.MaxIdentifierLength)
		}
	}
	return ""
}

// quoteIdentifier quotes name as PostgreSQL's quote_identifier does:
// bare when it is a plain lower-case identifier and no keyword but an
// unreserved one, else with [schema.QuoteIdent].
func quoteIdentifier(name string) string {
	if !bareIdent.MatchString(name) || strings.ToLower(name) != name || strings.Contains(name, "$") {
		return schema.QuoteIdent(name)
	}
	res, err := pg_query.Scan(name)
	if err != nil || len(res.GetTokens()) != 1 {
		return schema.QuoteIdent(name)
	}
	if k := res.GetTokens()[0].GetKeywordKind(); k != pg_query.KeywordKind_NO_KEYWORD && k != pg_query.KeywordKind_UNRESERVED_KEYWORD {
		return schema.QuoteIdent(name)
	}
	return name
}
