package models

// HostileField carries an attack in the SQL text of each field's tag: a
// statement after the fragment, transaction control, a role, quotes that
// a scanner and PostgreSQL read differently, parentheses that close the
// statement's own, and names PostgreSQL would truncate or cannot hold.
//
//schemagen:table hostile_field
type HostileField struct {
	ID           int64   `db:"id,pk"`
	Breakout     *int64  `db:"breakout,default:0; DROP TABLE sentinel"`                                       // want `field Breakout\b`
	TypeBreak    *int64  `db:"type_break,type:bigint; DROP TABLE sentinel"`                                   // want `field TypeBreak\b`
	Commit       *int64  `db:"commit_x,default:0; COMMIT; DROP TABLE sentinel"`                               // want `field Commit\b`
	Rollback     *int64  `db:"rollback_x,default:0; ROLLBACK; BEGIN; DROP TABLE sentinel; COMMIT"`            // want `field Rollback\b`
	Role         *int64  `db:"role_x,default:0; COMMIT; CREATE ROLE sgpwn_model_role SUPERUSER LOGIN"`        // want `field Role\b`
	Dollar       *string `db:"dollar,default:$q$'$q$; DROP TABLE sentinel; SELECT $q$'$q$"`                   // want `field Dollar\b`
	EString      *string `db:"e_string,default:E'\\''; DROP TABLE sentinel; SELECT E'\\''"`                   // want `field EString\b`
	Backslash    *string `db:"backslash,default:'\\'; DROP TABLE sentinel; SELECT ''"`                        // want `field Backslash\b`
	Nested       *int64  `db:"nested,default:0 /* /* */ ; */; DROP TABLE sentinel"`                           // want `field Nested\b`
	Unbalanced   *int64  `db:"unbalanced,default:(0)); DROP TABLE sentinel; SELECT ((0"`                      // want `field Unbalanced\b`
	CheckBreak   *int64  `db:"check_break,check:check_break > 0); COMMIT; DROP TABLE sentinel; SELECT (true"` // want `field CheckBreak\b`
	CheckEarly   *int64  `db:"check_early,check:true) NOT VALID, ADD CONSTRAINT sgpwn_ck CHECK (true"`        // want `field CheckEarly\b`
	Generated    int64   `db:"generated_x,generated:1) STORED; DROP TABLE sentinel; SELECT (1"`               // want `field Generated\b`
	OnDelete     *int64  `db:"on_delete,fk:sentinel.id,ondelete:cascade; DROP TABLE sentinel"`                // want `field OnDelete\b`
	LongName     *int64  `db:"a_column_name_that_is_far_longer_than_the_sixty_three_bytes_postgres_keeps"`    // want `field LongName\b.*\b63\b`
	NulName      *int64  `db:"nul\x00name"`                                                                   // want `field NulName\b.*NUL`
	LegitDefault *string `db:"legit_default,default:'a;b' || $q$;$q$"`
}

// HostileDirective carries an attack in the SQL of each directive.
//
//schemagen:table hostile_directive
//schemagen:index hd_commit_idx (id) where id > 0; COMMIT; DROP TABLE sentinel // want `hd_commit_idx`
//schemagen:index hd_role_idx (id) where id > 0; COMMIT; CREATE ROLE sgpwn_directive_role SUPERUSER LOGIN // want `hd_role_idx`
//schemagen:index hd_rollback_idx (id) where id > 0; ROLLBACK; BEGIN; DROP TABLE sentinel; COMMIT // want `hd_rollback_idx`
//schemagen:index hd_dollar_idx (id) where id > 0 AND $q$'$q$ = ''; COMMIT; DROP TABLE sentinel; SELECT $q$'$q$ = '' // want `hd_dollar_idx`
//schemagen:index hd_estring_idx (id) where id > 0 AND E'\'' = ''; COMMIT; DROP TABLE sentinel; SELECT E'\'' // want `hd_estring_idx`
//schemagen:index hd_nested_idx (id) where id > 0 /* /* */ ; */; COMMIT; DROP TABLE sentinel // want `hd_nested_idx`
//schemagen:index hd_unbalanced_idx (id) where (id > 0)); COMMIT; DROP TABLE sentinel; SELECT ((true // want `hd_unbalanced_idx`
//schemagen:index hd_key_idx ((id); COMMIT; DROP TABLE sentinel; SELECT (1)) // want `hd_key_idx`
//schemagen:index hd_a_name_that_is_far_longer_than_the_sixty_three_bytes_postgres_keeps (id) // want `\b63\b`
//schemagen:check hd_early_ck id > 0) NOT VALID, ADD CONSTRAINT sgpwn_ck CHECK (true // want `hd_early_ck`
//schemagen:check hd_commit_ck id > 0); COMMIT; DROP TABLE sentinel; SELECT (true // want `hd_commit_ck`
//schemagen:index hd_legit_idx (id) where id > 0 AND $q$;$q$ <> ';' // a valid predicate: no error
type HostileDirective struct {
	ID int64 `db:"id,pk"`
}
