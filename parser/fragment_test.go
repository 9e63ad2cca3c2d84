package parser

import (
	"testing"

	"github.com/schemagen/schemagen/migrate"
)

func TestFragmentChecker(t *testing.T) {
	t.Parallel()
	var fc fragmentChecker
	for _, tc := range []struct {
		kind    migrate.FragmentKind
		text    string
		wantErr bool
	}{
		{kind: migrate.FragmentType, text: "numeric(12,2)"},
		{kind: migrate.FragmentType, text: "numeric(12,2)"},
		{kind: migrate.FragmentExpr, text: "numeric(12,2)", wantErr: true},
		{kind: migrate.FragmentIndexKey, text: "lower(a)"},
		{kind: migrate.FragmentExpr, text: "0; DROP TABLE sentinel", wantErr: true},
		{kind: migrate.FragmentExpr, text: "0; DROP TABLE sentinel", wantErr: true},
	} {
		for _, c := range []*fragmentChecker{&fc, nil} {
			if err := c.check(tc.kind, tc.text); (err != nil) != tc.wantErr {
				t.Errorf("check(%v, %q) = %v, want error %v", tc.kind, tc.text, err, tc.wantErr)
			}
		}
	}
	if len(fc.memo) != 4 {
		t.Errorf("memo holds %d fragments, want the 4 distinct ones: %v", len(fc.memo), fc.memo)
	}
}
