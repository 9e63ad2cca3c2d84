package parser

import (
	"go/token"
	"go/types"
	"path"
	"testing"
)

// named declares a named type pkgPath.name with the given underlying type in a
// package built for the test, so that types of modules the tests cannot
// download (github.com/lib/pq) are covered too.
func named(pkgPath, name string, underlying types.Type) *types.Named {
	pkg := types.NewPackage(pkgPath, path.Base(pkgPath))
	return types.NewNamed(types.NewTypeName(token.NoPos, pkg, name, nil), underlying, nil)
}

// sqlNull instantiates a stand-in for database/sql's Null[T].
func sqlNull(t *testing.T, arg types.Type) types.Type {
	t.Helper()
	pkg := types.NewPackage("database/sql", "sql")
	tp := types.NewTypeParam(types.NewTypeName(token.NoPos, pkg, "T", nil), types.Universe.Lookup("any").Type())
	generic := types.NewNamed(types.NewTypeName(token.NoPos, pkg, "Null", nil), nil, nil)
	generic.SetTypeParams([]*types.TypeParam{tp})
	generic.SetUnderlying(types.NewStruct([]*types.Var{
		types.NewField(token.NoPos, pkg, "V", tp, false),
		types.NewField(token.NoPos, pkg, "Valid", types.Typ[types.Bool], false),
	}, nil))
	inst, err := types.Instantiate(nil, generic, []types.Type{arg}, true)
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

func TestInferType(t *testing.T) {
	t.Parallel()
	str := types.Typ[types.String]
	i64 := types.Typ[types.Int64]
	bytes := types.NewSlice(types.Typ[types.Byte])
	for _, tc := range []struct {
		name         string
		typ          types.Type
		want         string // "" when there is no inference
		wantNullable bool
	}{
		{name: "bool", typ: types.Typ[types.Bool], want: "boolean"},
		{name: "int8", typ: types.Typ[types.Int8], want: "smallint"},
		{name: "int16", typ: types.Typ[types.Int16], want: "smallint"},
		{name: "int32", typ: types.Typ[types.Int32], want: "integer"},
		{name: "rune", typ: types.Universe.Lookup("rune").Type(), want: "integer"},
		{name: "int", typ: types.Typ[types.Int], want: "bigint"},
		{name: "int64", typ: i64, want: "bigint"},
		{name: "uint8", typ: types.Typ[types.Uint8], want: "integer"},
		{name: "uint16", typ: types.Typ[types.Uint16], want: "integer"},
		{name: "uint32", typ: types.Typ[types.Uint32], want: "bigint"},
		{name: "float32", typ: types.Typ[types.Float32], want: "real"},
		{name: "float64", typ: types.Typ[types.Float64], want: "double precision"},
		{name: "string", typ: str, want: "text"},
		{name: "uint", typ: types.Typ[types.Uint]},
		{name: "uint64", typ: types.Typ[types.Uint64]},
		{name: "uintptr", typ: types.Typ[types.Uintptr]},
		{name: "complex128", typ: types.Typ[types.Complex128]},
		{name: "bytes", typ: bytes, want: "bytea"},
		{name: "slice of strings", typ: types.NewSlice(str), want: "text[]"},
		{name: "slice of pointers", typ: types.NewSlice(types.NewPointer(i64)), want: "bigint[]"},
		{name: "slice of byte slices", typ: types.NewSlice(bytes), want: "bytea[]"},
		{name: "slice of slices", typ: types.NewSlice(types.NewSlice(str))},
		{name: "array", typ: types.NewArray(types.Typ[types.Byte], 16)},
		{name: "map", typ: types.NewMap(str, str)},
		{name: "struct", typ: types.NewStruct(nil, nil)},
		{name: "interface", typ: types.NewInterfaceType(nil, nil)},
		{name: "chan", typ: types.NewChan(types.SendRecv, str)},
		{name: "func", typ: types.NewSignatureType(nil, nil, nil, nil, nil, false)},
		{name: "pointer", typ: types.NewPointer(str), want: "text", wantNullable: true},
		{name: "pointer to pointer", typ: types.NewPointer(types.NewPointer(str)), wantNullable: true},
		{name: "alias", typ: types.NewAlias(types.NewTypeName(token.NoPos, nil, "A", nil), i64), want: "bigint"},
		{name: "named string", typ: named("example.com/m", "Status", str), want: "text"},
		{name: "named struct", typ: named("example.com/m", "Meta", types.NewStruct(nil, nil))},
		{name: "time.Time", typ: named("time", "Time", types.NewStruct(nil, nil)), want: "timestamptz"},
		{name: "json.RawMessage", typ: named("encoding/json", "RawMessage", bytes), want: "jsonb"},
		{name: "net.IP", typ: named("net", "IP", bytes), want: "inet"},
		{name: "google uuid", typ: named("github.com/google/uuid", "UUID", types.NewArray(types.Typ[types.Byte], 16)), want: "uuid"},
		{name: "gofrs uuid v5", typ: named("github.com/gofrs/uuid/v5", "UUID", types.NewArray(types.Typ[types.Byte], 16)), want: "uuid"},
		{name: "UUID of another package", typ: named("example.com/ids", "UUID", types.NewArray(types.Typ[types.Byte], 16))},
		{name: "pq.StringArray", typ: named("github.com/lib/pq", "StringArray", types.NewSlice(str)), want: "text[]"},
		{name: "pq.Int64Array", typ: named("github.com/lib/pq", "Int64Array", types.NewSlice(i64)), want: "bigint[]"},
		{name: "pq.Float64Array", typ: named("github.com/lib/pq", "Float64Array", types.NewSlice(types.Typ[types.Float64])), want: "double precision[]"},
		{name: "pq.BoolArray", typ: named("github.com/lib/pq", "BoolArray", types.NewSlice(types.Typ[types.Bool])), want: "boolean[]"},
		{name: "pq.NullTime", typ: named("github.com/lib/pq", "NullTime", types.NewStruct(nil, nil))},
		{name: "slice of pq.StringArray", typ: types.NewSlice(named("github.com/lib/pq", "StringArray", types.NewSlice(str)))},
		{name: "sql.NullString", typ: named("database/sql", "NullString", types.NewStruct(nil, nil)), want: "text", wantNullable: true},
		{name: "sql.NullByte", typ: named("database/sql", "NullByte", types.NewStruct(nil, nil)), want: "smallint", wantNullable: true},
		{name: "sql.Null[int16]", typ: sqlNull(t, types.Typ[types.Int16]), want: "smallint", wantNullable: true},
		{name: "sql.Null[uint64]", typ: sqlNull(t, types.Typ[types.Uint64]), wantNullable: true},
		{name: "sql.DB", typ: named("database/sql", "DB", types.NewStruct(nil, nil))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := inferType(tc.typ, nil)
			if ok != (tc.want != "") || got != tc.want {
				t.Errorf("inferType(%s) = %q, %v; want %q", tc.typ, got, ok, tc.want)
			}
			if got := isNullable(tc.typ); got != tc.wantNullable {
				t.Errorf("isNullable(%s) = %v, want %v", tc.typ, got, tc.wantNullable)
			}
		})
	}
}

func TestInferEnumType(t *testing.T) {
	t.Parallel()
	status := named("example.com/m", "Status", types.Typ[types.String])
	state := named("example.com/billing", "State", types.Typ[types.String])
	other := named("example.com/m", "Other", types.Typ[types.String])
	enums := enumSet{
		status.Obj(): {Schema: "public", Name: "status"},
		state.Obj():  {Schema: "billing", Name: "state"},
	}
	for _, tc := range []struct {
		name string
		typ  types.Type
		want string
	}{
		{name: "enum", typ: status, want: "status"},
		{name: "enum of another schema", typ: state, want: "billing.state"},
		{name: "pointer", typ: types.NewPointer(status), want: "status"},
		{name: "slice", typ: types.NewSlice(status), want: "status[]"},
		{name: "slice of pointers", typ: types.NewSlice(types.NewPointer(state)), want: "billing.state[]"},
		{name: "sql.Null", typ: sqlNull(t, status), want: "status"},
		{name: "named string of no enum", typ: other, want: "text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := inferType(tc.typ, enums)
			if !ok || got != tc.want {
				t.Errorf("inferType(%s) = %q, %v; want %q", tc.typ, got, ok, tc.want)
			}
			if tn := enumCandidate(tc.typ); tn == nil {
				t.Errorf("enumCandidate(%s) = nil, want a type name", tc.typ)
			}
		})
	}
}
