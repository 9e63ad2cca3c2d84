package sqlcheck

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// SameSignature reports whether from and to, definitions of a function
// or procedure (CREATE [OR REPLACE] FUNCTION or PROCEDURE, as written or
// as pg_get_functiondef prints them), keep what PostgreSQL needs to
// replace one by the other with CREATE OR REPLACE: both create a
// function or both a procedure (WINDOW or not), with the same parameter
// list (names, types, modes and defaults, in order) and the same return
// type (RETURNS TABLE and SETOF included). Everything else may differ:
// the name (the caller compares identities), the body, the language,
// the volatility, SECURITY, SET, COST, ....
//
// The parse trees are compared, without their locations, so spacing,
// comments and key words' case do not count; a type named with or
// without pg_catalog. (integer and int4, boolean and bool) is the same,
// and a parameter with no mode is IN. Text that differs otherwise (a
// default written 1 and 1::integer) is a different signature: the
// caller then drops the routine and creates it again, which is always
// right. The error is a definition that does not parse as one CREATE
// FUNCTION or CREATE PROCEDURE statement.
func SameSignature(from, to string) (bool, error) {
	a, err := signature(from)
	if err != nil {
		return false, err
	}
	b, err := signature(to)
	if err != nil {
		return false, err
	}
	return proto.Equal(a, b), nil
}

// signature returns the parts of the routine that def creates that
// CREATE OR REPLACE may not change, normalized (see [SameSignature]).
func signature(def string) (*pg_query.CreateFunctionStmt, error) {
	stmt, err := oneStatement(def)
	if err != nil {
		return nil, fmt.Errorf("routine definition %s: %w", Quote(def), err)
	}
	fs := stmt.GetCreateFunctionStmt()
	if fs == nil {
		return nil, fmt.Errorf("routine definition %s: it is no CREATE FUNCTION or CREATE PROCEDURE", Quote(def))
	}
	sig := &pg_query.CreateFunctionStmt{IsProcedure: fs.GetIsProcedure(), Parameters: fs.GetParameters(), ReturnType: fs.GetReturnType()}
	for _, o := range fs.GetOptions() {
		// WINDOW makes another kind of routine, which PostgreSQL does not
		// replace in place.
		if o.GetDefElem().GetDefname() == "window" {
			sig.Options = append(sig.Options, o)
		}
	}
	walk(sig.ProtoReflect(), func(m protoreflect.Message) bool {
		if fd := m.Descriptor().Fields().ByName("location"); fd != nil {
			m.Clear(fd)
		}
		switch n := m.Interface().(type) {
		case *pg_query.TypeName:
			if names := n.GetNames(); len(names) == 2 && names[0].GetString_().GetSval() == "pg_catalog" {
				n.Names = names[1:]
			}
		case *pg_query.FunctionParameter:
			if n.GetMode() == pg_query.FunctionParameterMode_FUNC_PARAM_DEFAULT {
				n.Mode = pg_query.FunctionParameterMode_FUNC_PARAM_IN
			}
		}
		return true
	})
	return sig, nil
}
