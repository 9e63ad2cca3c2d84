package sqlcheck

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// closer maps each opening bracket token to its closing one.
var closer = map[pg_query.Token]pg_query.Token{
	pg_query.Token_ASCII_40: pg_query.Token_ASCII_41, // ( )
	pg_query.Token_ASCII_91: pg_query.Token_ASCII_93, // [ ]
}

// checkTokens reads s alone with PostgreSQL's lexer and reports what
// could let it reach outside the place it is pasted into: a scan error
// (an unterminated quote, dollar quote or comment swallows what follows
// it), a semicolon, a bracket that closes one s did not open or that s
// never closes, a comma outside brackets, and a -- comment that runs to
// the end of s and would hide the text after it.
func checkTokens(s string) string {
	res, err := pg_query.Scan(s)
	if err != nil {
		return pgMessage(err)
	}
	toks := res.GetTokens()
	var open []*pg_query.ScanToken // the brackets open before the current token
	for i, t := range toks {
		text := s[t.GetStart():t.GetEnd()]
		switch tok := t.GetToken(); {
		case tok == pg_query.Token_ASCII_59: // ;
			if hasCode(toks[i+1:]) {
				return "it holds a second statement"
			}
			return "it ends with a semicolon, which would end the statement"
		case tok == pg_query.Token_ASCII_40 || tok == pg_query.Token_ASCII_91:
			open = append(open, t)
		case tok == pg_query.Token_ASCII_41 || tok == pg_query.Token_ASCII_93:
			if len(open) == 0 {
				return fmt.Sprintf("its %q at offset %d closes a bracket opened outside it", text, t.GetStart())
			}
			o := open[len(open)-1]
			if closer[o.GetToken()] != tok {
				return fmt.Sprintf("its %q at offset %d does not match the %q at offset %d", text, t.GetStart(), s[o.GetStart():o.GetEnd()], o.GetStart())
			}
			open = open[:len(open)-1]
		case tok == pg_query.Token_ASCII_44 && len(open) == 0: // ,
			return fmt.Sprintf("it is a list: the %q at offset %d is outside brackets", text, t.GetStart())
		case tok == pg_query.Token_SQL_COMMENT && int(t.GetEnd()) == len(s):
			return "its -- comment runs to its end and would hide the text after it"
		}
	}
	if len(open) > 0 {
		o := open[len(open)-1]
		return fmt.Sprintf("its %q at offset %d is never closed", s[o.GetStart():o.GetEnd()], o.GetStart())
	}
	return ""
}

// hasCode reports whether toks hold a token other than a comment.
func hasCode(toks []*pg_query.ScanToken) bool {
	for _, t := range toks {
		if tok := t.GetToken(); tok != pg_query.Token_SQL_COMMENT && tok != pg_query.Token_C_COMMENT {
			return true
		}
	}
	return false
}
