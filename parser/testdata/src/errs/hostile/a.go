package hostile

// Target holds SQL fragments that try to end their statement and run
// another, or to add to it.
//
//schemagen:table target
//schemagen:index target_pred_idx (id) where id > 0; COMMIT; DROP TABLE sentinel // want `//schemagen:index target_pred_idx: predicate "id > 0; COMMIT; DROP TABLE sentinel" is not one SQL expression: it holds a second statement`
//schemagen:index target_dollar_idx (id) where id <> $q$'$q$; DROP TABLE sentinel // want `//schemagen:index target_dollar_idx: predicate .* is not one SQL expression: it holds a second statement`
//schemagen:index target_key_idx (lower(a); DROP TABLE sentinel, b) // want `//schemagen:index target_key_idx: key "lower\(a\); DROP TABLE sentinel" is not one SQL index key: it holds a second statement`
//schemagen:index target_sub_idx (((SELECT 1))) // want `//schemagen:index target_sub_idx: key "\(\(SELECT 1\)\)" is not one SQL index key: it holds a subquery`
//schemagen:check target_commit 1; COMMIT; DROP TABLE s // want `//schemagen:check target_commit: "1; COMMIT; DROP TABLE s" is not one SQL expression: it holds a second statement`
//schemagen:check target_paren a > 0) OR (true // want `//schemagen:check target_paren: "a > 0\) OR \(true" is not one SQL expression: its "\)" at offset 5 closes a bracket opened outside it`
type Target struct {
	ID int64  `db:"id,pk"`
	A  int64  `db:"a,null,default:0; DROP TABLE sentinel"`                    // want `field A: default "0; DROP TABLE sentinel" is not one SQL expression: it holds a second statement`
	B  string `db:"b,default:$q$'$q$; DROP TABLE sentinel"`                   // want `field B: default .* is not one SQL expression: it holds a second statement`
	C  string `db:"c,default:$$a$$; COMMIT"`                                  // want `field C: default "\$\$a\$\$; COMMIT" is not one SQL expression: it holds a second statement`
	D  string `db:"d,default:E'\\''; DROP TABLE sentinel; --"`                // want `field D: default .* is not one SQL expression: it holds a second statement`
	E  int64  `db:"e,default:0 -- )"`                                         // want `field E: default "0 -- \)" is not one SQL expression: its -- comment runs to its end`
	F  int64  `db:"f,check:f > 0) OR (true"`                                  // want `field F: db tag "f,check:f > 0\) OR \(true": unbalanced "\)" at offset 13`
	G  int64  `db:"g,check:COMMIT"`                                           // want `field G: check "COMMIT" is not one SQL expression: alone, it is a statement \(COMMIT\)`
	H  int64  `db:"h,default:1; COMMIT; DROP TABLE s"`                        // want `field H: default "1; COMMIT; DROP TABLE s" is not one SQL expression: it holds a second statement`
	I  int64  `db:"i,type:int; DROP TABLE s"`                                 // want `field I: type "int; DROP TABLE s" is not one SQL type name: it holds a second statement`
	J  int64  `db:"j,type:int REFERENCES sentinel ON DELETE CASCADE"`         // want `field J: type .* is not one SQL type name: syntax error at or near "REFERENCES"`
	K  int64  `db:"k,type:int DEFAULT 1"`                                     // want `field K: type "int DEFAULT 1" is not one SQL type name: syntax error at or near "DEFAULT"`
	L  string `db:"l,type:text COLLATE \"C\""`                                // want `field L: type "text COLLATE \\"C\\"" is not one SQL type name: syntax error at or near "COLLATE"`
	M  int64  `db:"m,generated:(SELECT max(id) FROM sentinel)"`               // want `field M: generated .* is not one SQL expression: it holds a subquery`
	N  string `db:"n,default:'a' /* unterminated"`                            // want `field N: db tag .*: unterminated /\* comment`
	O  string `db:"o,default:$x$never closed"`                                // want `field O: db tag .*: unterminated dollar-quoted string`
	P  int64  `db:"p,default:ROLLBACK"`                                       // want `field P: default "ROLLBACK" is not one SQL expression: alone, it is a statement \(ROLLBACK\)`
	Q  int64  `db:"q,default:(SELECT 1),check:q > 0; DROP TABLE s,type:int;"` // want `field Q: default "\(SELECT 1\)" is not one SQL expression: it holds a subquery` `field Q: check .* it holds a second statement` `field Q: type "int;" is not one SQL type name: it ends with a semicolon`
}
