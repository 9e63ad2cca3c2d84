package change

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// deferralSQL returns " DEFERRABLE ..." for d, or "" for NOT DEFERRABLE.
func deferralSQL(d schema.Deferral) string {
	if s := d.String(); s != "" {
		return " " + s
	}
	return ""
}

// exclusionSQL renders an exclusion constraint's definition.
func exclusionSQL(x *schema.Exclusion) string {
	return "CONSTRAINT " + schema.QuoteIdent(x.Name) + " EXCLUDE " + x.Definition + deferralSQL(x.Deferral())
}

// optionsSQL renders storage parameters as "name = 'value', ...".
func optionsSQL(opts []string) string {
	parts := make([]string, len(opts))
	for i, o := range opts {
		parts[i] = schema.OptionSQL(o)
	}
	return strings.Join(parts, ", ")
}

// includeSQL renders " INCLUDE (...)" for the non-key columns of a key,
// or "".
func includeSQL(cols []string) string {
	if len(cols) == 0 {
		return ""
	}
	return " INCLUDE (" + quoteList(cols) + ")"
}

// withSQL renders " WITH (...)" for storage parameters, or "".
func withSQL(opts []string) string {
	if len(opts) == 0 {
		return ""
	}
	return " WITH (" + optionsSQL(opts) + ")"
}

// checkOptions reports a storage parameter that [schema.SplitOption]
// refuses.
func checkOptions(where string, opts []string) error {
	for _, o := range opts {
		if _, _, err := schema.SplitOption(o); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
	return nil
}

// rowSecuritySQL renders the statements that set row level security on
// a new table.
func rowSecuritySQL(q schema.QualifiedName, a schema.TableAttrs) []string {
	var out []string
	if a.RowSecurity {
		out = append(out, alterTable(q, "ENABLE ROW LEVEL SECURITY"))
	}
	if a.ForceRowSecurity {
		out = append(out, alterTable(q, "FORCE ROW LEVEL SECURITY"))
	}
	return out
}

// alterTableSQL renders an [AlterTable] as one ALTER TABLE, or none when
// From and To are equal.
func alterTableSQL(c AlterTable) []string {
	var actions []string
	if c.From.Unlogged != c.To.Unlogged {
		if c.To.Unlogged {
			actions = append(actions, "SET UNLOGGED")
		} else {
			actions = append(actions, "SET LOGGED")
		}
	}
	from := map[string]string{}
	for _, o := range c.From.Options {
		n, v, _ := strings.Cut(o, "=")
		from[n] = v
	}
	to := map[string]bool{}
	var set, reset []string
	for _, o := range c.To.Options {
		n, v, _ := strings.Cut(o, "=")
		to[n] = true
		if old, ok := from[n]; !ok || old != v {
			set = append(set, o)
		}
	}
	for _, o := range c.From.Options {
		if n, _, _ := strings.Cut(o, "="); !to[n] {
			reset = append(reset, schema.OptionName(o))
		}
	}
	slices.Sort(set)
	slices.Sort(reset)
	if len(reset) > 0 {
		actions = append(actions, "RESET ("+strings.Join(reset, ", ")+")")
	}
	if len(set) > 0 {
		actions = append(actions, "SET ("+optionsSQL(set)+")")
	}
	if c.From.RowSecurity != c.To.RowSecurity {
		if c.To.RowSecurity {
			actions = append(actions, "ENABLE ROW LEVEL SECURITY")
		} else {
			actions = append(actions, "DISABLE ROW LEVEL SECURITY")
		}
	}
	if c.From.ForceRowSecurity != c.To.ForceRowSecurity {
		if c.To.ForceRowSecurity {
			actions = append(actions, "FORCE ROW LEVEL SECURITY")
		} else {
			actions = append(actions, "NO FORCE ROW LEVEL SECURITY")
		}
	}
	if len(actions) == 0 {
		return nil
	}
	return []string{alterTable(c.Table, strings.Join(actions, ", "))}
}

// describeAlterTable summarizes an [AlterTable].
func describeAlterTable(c AlterTable) string {
	var parts []string
	if c.From.Unlogged != c.To.Unlogged {
		if c.To.Unlogged {
			parts = append(parts, "set unlogged")
		} else {
			parts = append(parts, "set logged")
		}
	}
	if !slices.Equal(slices.Sorted(slices.Values(c.From.Options)), slices.Sorted(slices.Values(c.To.Options))) {
		parts = append(parts, fmt.Sprintf("storage parameters (%s) -> (%s)", strings.Join(c.From.Options, ", "), strings.Join(c.To.Options, ", ")))
	}
	onOff := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	if c.From.RowSecurity != c.To.RowSecurity {
		parts = append(parts, "row level security "+onOff(c.To.RowSecurity))
	}
	if c.From.ForceRowSecurity != c.To.ForceRowSecurity {
		parts = append(parts, "forced row level security "+onOff(c.To.ForceRowSecurity))
	}
	if len(parts) == 0 {
		parts = append(parts, "no change")
	}
	return "alter table " + c.Table.String() + ": " + strings.Join(parts, ", ")
}

// deferralWords names a timing for messages.
func deferralWords(d schema.Deferral) string {
	if s := d.String(); s != "" {
		return strings.ToLower(s)
	}
	return "not deferrable"
}
