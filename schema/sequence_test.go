package schema

import (
	"strings"
	"testing"
)

func TestSequenceOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, typ, text string
		want            string // canonical text
		wantErr         string
	}{
		{name: "none", typ: "integer", text: "", want: ""},
		{name: "defaults spelled out", typ: "integer", text: "increment by 1 minvalue 1 maxvalue 2147483647 start with 1 cache 1 no cycle", want: ""},
		{name: "any case and order", typ: "bigint", text: "CYCLE Start 100 increment 5", want: "INCREMENT 5 START 100 CYCLE"},
		{name: "descending defaults", typ: "smallint", text: "increment -1", want: "INCREMENT -1"},
		{name: "descending start", typ: "smallint", text: "increment -1 start -5", want: "INCREMENT -1 START -5"},
		{name: "as of the column's type", typ: "int4", text: "as integer", want: ""},
		{name: "as of another type", typ: "bigint", text: "as int", want: "AS integer"},
		{name: "start follows minvalue", typ: "integer", text: "minvalue 10", want: "MINVALUE 10"},
		{name: "no minvalue", typ: "integer", text: "no minvalue no maxvalue", want: ""},
		{name: "not an integer column", typ: "text", text: "maxvalue 10", want: "AS bigint MAXVALUE 10"},
		{name: "unknown word", typ: "integer", text: "restart 5", wantErr: "unknown option"},
		{name: "statement smuggled", typ: "integer", text: "start 1; DROP TABLE t", wantErr: "not a 64-bit integer"},
		{name: "parenthesis", typ: "integer", text: "start (1)", wantErr: "not a 64-bit integer"},
		{name: "exponent", typ: "integer", text: "start 1e3", wantErr: "not a 64-bit integer"},
		{name: "overflow", typ: "bigint", text: "maxvalue 9223372036854775808", wantErr: "not a 64-bit integer"},
		{name: "twice", typ: "integer", text: "cycle no cycle", wantErr: "given twice"},
		{name: "zero increment", typ: "integer", text: "increment 0", wantErr: "must not be zero"},
		{name: "cache zero", typ: "integer", text: "cache 0", wantErr: "at least 1"},
		{name: "limits outside the type", typ: "smallint", text: "maxvalue 40000", wantErr: "within the range"},
		{name: "start outside", typ: "integer", text: "minvalue 10 start 5", wantErr: "START 5"},
		{name: "min above max", typ: "integer", text: "minvalue 10 maxvalue 5", wantErr: "less than"},
		{name: "missing number", typ: "integer", text: "increment by", wantErr: "needs a number"},
		{name: "as text", typ: "integer", text: "as text", wantErr: "smallint, integer or bigint"},
		{name: "NUL", typ: "integer", text: "start 1\x00", wantErr: "not a 64-bit integer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := CanonicalSequenceOptions(tc.typ, tc.text)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("CanonicalSequenceOptions(%q, %q) = %q, %v; want error %q", tc.typ, tc.text, got, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("CanonicalSequenceOptions(%q, %q) = %q, %v; want %q", tc.typ, tc.text, got, err, tc.want)
			}
			// The canonical text is canonical.
			again, err := CanonicalSequenceOptions(tc.typ, got)
			if err != nil || again != got {
				t.Errorf("canonical %q gives %q, %v", got, again, err)
			}
		})
	}
}

func TestSerialSequenceName(t *testing.T) {
	t.Parallel()
	a63 := strings.Repeat("a", 63)
	tests := []struct{ table, column, want string }{
		{"t", "id", "t_id_seq"},
		{"Ta\"ble", "sel ect", "Ta\"ble_sel ect_seq"},
		{a63, "b", strings.Repeat("a", 57) + "_b_seq"},
		{a63, a63, strings.Repeat("a", 29) + "_" + strings.Repeat("a", 29) + "_seq"},
		{"t", strings.Repeat("é", 31), "t_" + strings.Repeat("é", 28) + "_seq"},
	}
	for _, tc := range tests {
		got := SerialSequenceName(tc.table, tc.column)
		if got != tc.want || len(got) > MaxIdentifierLength {
			t.Errorf("SerialSequenceName(%q, %q) = %q, want %q", tc.table, tc.column, got, tc.want)
		}
	}
}

func TestParseCollation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text    string
		want    QualifiedName
		wantErr bool
	}{
		{text: `"C"`, want: QualifiedName{Name: "C"}},
		{text: `C`, want: QualifiedName{Name: "c"}},
		{text: `"en_US.utf8"`, want: QualifiedName{Name: "en_US.utf8"}},
		{text: `s."x""y"`, want: QualifiedName{Schema: "s", Name: `x"y`}},
		{text: `"a"."b"."c"`, wantErr: true},
		{text: `"C" ; DROP TABLE t`, wantErr: true},
		{text: `"C`, wantErr: true},
		{text: ``, wantErr: true},
		{text: `"C")`, wantErr: true},
		{text: `""`, wantErr: true},
		{text: `"` + strings.Repeat("x", 64) + `"`, wantErr: true},
	}
	for _, tc := range tests {
		got, err := ParseCollation(tc.text)
		if (err != nil) != tc.wantErr || (!tc.wantErr && got != tc.want) {
			t.Errorf("ParseCollation(%q) = %+v, %v; want %+v, error %v", tc.text, got, err, tc.want, tc.wantErr)
		}
		if err == nil {
			if back, err := ParseCollation(CollationName(got.Schema, got.Name)); err != nil || back.Name != got.Name {
				t.Errorf("CollationName of %+v does not read back: %+v, %v", got, back, err)
			}
		}
	}
}

func TestColumnValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		c       Column
		wantErr string
	}{
		{name: "always without identity", c: Column{Name: "a", Type: "integer", IdentityAlways: true}, wantErr: "IdentityAlways without Identity"},
		{name: "serial and identity", c: Column{Name: "a", Type: "integer", Identity: true, Sequence: "s"}, wantErr: "cannot be an identity"},
		{name: "serial with a default", c: Column{Name: "a", Type: "integer", Sequence: "s", Default: "1"}, wantErr: "Default must be empty"},
		{name: "options alone", c: Column{Name: "a", Type: "integer", SequenceOptions: "start 2"}, wantErr: "neither identity nor serial"},
		{name: "bad collation", c: Column{Name: "a", Type: "text", Collation: `"C"; drop`}, wantErr: "collation"},
		{name: "long sequence name", c: Column{Name: "a", Type: "integer", Sequence: strings.Repeat("s", 64)}, wantErr: "sequence"},
		{name: "identity of another type", c: Column{Name: "a", Type: "integer", Identity: true, SequenceOptions: "as bigint"}, wantErr: "column's type"},
		{name: "fine", c: Column{Name: "a", Type: "integer", Identity: true, IdentityAlways: true, SequenceOptions: "start 2"}},
	}
	for _, tc := range tests {
		err := tc.c.Validate()
		if (tc.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("%s: Validate() = %v, want %q", tc.name, err, tc.wantErr)
		}
	}
}
