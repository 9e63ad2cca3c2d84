// Package nametest checks, for tests, that values hold canonical names:
// every schema name set, as package schema's QualifiedName requires of
// names inside schemagen's pipeline.
package nametest

import (
	"fmt"
	"reflect"

	"github.com/schemagen/schemagen/schema"
)

var (
	qualifiedNameType = reflect.TypeFor[schema.QualifiedName]()
	tableType         = reflect.TypeFor[schema.Table]()
	enumType          = reflect.TypeFor[schema.Enum]()
	foreignKeyType    = reflect.TypeFor[schema.ForeignKey]()
)

// NonCanonical returns the paths, within v, of the names that lack a
// schema: a [schema.QualifiedName], [schema.Table] or [schema.Enum] with
// an empty Schema, or a [schema.ForeignKey] that names a table (RefTable)
// with an empty RefSchema. The zero QualifiedName names nothing (a table
// without a rename hint), and a foreign key dropped by name names no
// table: both count as canonical. NonCanonical walks structs, pointers,
// interfaces, slices, arrays and maps, exported fields or not; v is
// typically a *schema.Schema or a []change.Change.
func NonCanonical(v any) []string {
	var out []string
	walk(reflect.ValueOf(v), fmt.Sprintf("%T", v), &out)
	return out
}

func walk(v reflect.Value, path string, out *[]string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walk(v.Elem(), path, out)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			p := fmt.Sprintf("%s[%v]", path, iter.Key())
			walk(iter.Key(), p+" (key)", out)
			walk(iter.Value(), p, out)
		}
	case reflect.Struct:
		switch v.Type() {
		case qualifiedNameType:
			if v.FieldByName("Schema").String() == "" && !v.IsZero() {
				*out = append(*out, fmt.Sprintf("%s (QualifiedName %q): empty Schema", path, v.FieldByName("Name").String()))
			}
		case tableType, enumType:
			if v.FieldByName("Schema").String() == "" {
				*out = append(*out, fmt.Sprintf("%s (%s %q): empty Schema", path, v.Type().Name(), v.FieldByName("Name").String()))
			}
		case foreignKeyType:
			if v.FieldByName("RefTable").String() != "" && v.FieldByName("RefSchema").String() == "" {
				*out = append(*out, fmt.Sprintf("%s (ForeignKey %q): table %q with an empty RefSchema", path, v.FieldByName("Name").String(), v.FieldByName("RefTable").String()))
			}
		}
		for i := range v.NumField() {
			walk(v.Field(i), path+"."+v.Type().Field(i).Name, out)
		}
	}
}
