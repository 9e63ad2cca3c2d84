package shadow

import (
	"testing"

	"github.com/schemagen/schemagen/bench/gen"
)

// BenchmarkValidate checks the fragments and names of 1,000 model tables
// before canonicalization sends them, as every live check, diff and
// autogenerate does.
func BenchmarkValidate(b *testing.B) {
	s := gen.Schema(gen.Tables(1000, gen.Models))
	for b.Loop() {
		if _, err := validate(s); err != nil {
			b.Fatal(err)
		}
	}
}
