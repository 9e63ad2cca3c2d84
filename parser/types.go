package parser

import (
	"go/types"
	"path"
	"strings"
)

// inferType returns the SQL type for a field of Go type t, or false when
// there is no inference and the model must say type:. One pointer is
// unwrapped. A type of enums takes its enum's name.
func inferType(t types.Type, enums enumSet) (string, bool) {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	return inferValue(t, enums)
}

// inferValue infers the SQL type of a non-pointer Go type.
func inferValue(t types.Type, enums enumSet) (string, bool) {
	t = types.Unalias(t)
	if n, ok := t.(*types.Named); ok {
		if e := enums[n.Origin().Obj()]; e != nil {
			return e.TypeName(), true
		}
		if s, ok, known := namedType(n, enums); known {
			return s, ok
		}
		// Any other named type: its underlying type.
		t = n.Underlying()
	}
	switch t := t.(type) {
	case *types.Basic:
		return basicType(t)
	case *types.Slice:
		if b, ok := t.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Uint8 {
			return "bytea", true
		}
		elem, ok := inferType(t.Elem(), enums)
		if !ok || strings.HasSuffix(elem, "[]") {
			return "", false
		}
		return elem + "[]", true
	}
	return "", false
}

// basicType maps Go's predeclared types.
func basicType(b *types.Basic) (string, bool) {
	switch b.Kind() {
	case types.Bool:
		return "boolean", true
	case types.Int8, types.Int16:
		return "smallint", true
	case types.Int32:
		return "integer", true
	case types.Int, types.Int64, types.Uint32:
		return "bigint", true
	case types.Uint8, types.Uint16:
		// PostgreSQL has no unsigned types. uint8 would fit smallint, but
		// uint16 does not, so both take integer and stay alike.
		return "integer", true
	case types.Float32:
		return "real", true
	case types.Float64:
		return "double precision", true
	case types.String:
		return "text", true
	}
	// uint, uint64 and uintptr overflow bigint; complex types have no
	// counterpart.
	return "", false
}

// sqlNullTypes maps database/sql's NullX types.
var sqlNullTypes = map[string]string{
	"NullString":  "text",
	"NullInt64":   "bigint",
	"NullInt32":   "integer",
	"NullInt16":   "smallint",
	"NullBool":    "boolean",
	"NullFloat64": "double precision",
	"NullTime":    "timestamptz",
	"NullByte":    "smallint",
}

// namedTypes maps well-known named types by package path and name.
var namedTypes = map[string]string{
	"time.Time":                      "timestamptz",
	"encoding/json.RawMessage":       "jsonb",
	"net.IP":                         "inet",
	"github.com/lib/pq.StringArray":  "text[]",
	"github.com/lib/pq.Int64Array":   "bigint[]",
	"github.com/lib/pq.Float64Array": "double precision[]",
	"github.com/lib/pq.BoolArray":    "boolean[]",
	"github.com/lib/pq.ByteaArray":   "bytea[]",
	"github.com/lib/pq.Int32Array":   "integer[]",
	"github.com/lib/pq.Float32Array": "real[]",
}

// namedType infers well-known named types, matched by package path and
// name; enums serve the type argument of sql.Null[T]. known is false for a
// type it does not know.
func namedType(n *types.Named, enums enumSet) (sqlType string, ok, known bool) {
	obj := n.Origin().Obj()
	if obj.Pkg() == nil {
		return "", false, false
	}
	pkg, name := obj.Pkg().Path(), obj.Name()
	if pkg == "database/sql" {
		if name == "Null" && n.TypeArgs().Len() == 1 {
			s, ok := inferType(n.TypeArgs().At(0), enums)
			return s, ok, true
		}
		if s, ok := sqlNullTypes[name]; ok {
			return s, true, true
		}
	}
	if name == "UUID" && isUUIDPackage(pkg) {
		return "uuid", true, true
	}
	if s, ok := namedTypes[pkg+"."+name]; ok {
		return s, s != "", true
	}
	return "", false, false
}

// isUUIDPackage reports whether an import path ends in "/uuid", ignoring a
// major-version suffix (github.com/gofrs/uuid/v5).
func isUUIDPackage(p string) bool {
	if base := path.Base(p); len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		p = path.Dir(p)
	}
	return p == "uuid" || strings.HasSuffix(p, "/uuid")
}

// isNullable reports whether a Go type admits NULL: a pointer or one of
// database/sql's Null types.
func isNullable(t types.Type) bool {
	t = types.Unalias(t)
	if _, ok := t.(*types.Pointer); ok {
		return true
	}
	n, ok := t.(*types.Named)
	if !ok || n.Origin().Obj().Pkg() == nil || n.Origin().Obj().Pkg().Path() != "database/sql" {
		return false
	}
	name := n.Origin().Obj().Name()
	_, isNullX := sqlNullTypes[name]
	return isNullX || name == "Null"
}

// isScalar reports whether an embedded type is a column type rather than a
// struct to flatten (time.Time, sql.NullString, ...).
func isScalar(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	_, _, known := namedType(n, nil)
	return known
}
