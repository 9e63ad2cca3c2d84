package names

// Long holds names over PostgreSQL's limit of 63 bytes, and names
// holding a NUL byte.
//
//schemagen:table names.long_table_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o // want `table name "long_table_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`
//schemagen:index long_index_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o (id) // want `//schemagen:index long_index_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o: index name "long_index_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o" is 64 bytes long`
//schemagen:check long_check_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o id > 0 // want `//schemagen:check long_check_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o: check constraint name "long_check_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o" is 64 bytes long`
//schemagen:renamed old_schema_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o.t // want `//schemagen:renamed: schema name "old_schema_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o" is 64 bytes long`
type Long struct {
	ID                                                               int64 `db:"id,pk"`
	A                                                                int64 `db:"a_column_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on"`      // want `field A: column name "a_column_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on" is 70 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`
	B                                                                int64 `db:"b,unique:b_unique_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_"`   // want `field B: option "unique": unique constraint name "b_unique_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_" is 64 bytes long`
	C                                                                int64 `db:"c,index:c_index_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_a"`    // want `field C: option "index": index name "c_index_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_a" is 64 bytes long`
	D                                                                int64 `db:"d,renamed:d_old_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and"`  // want `field D: option "renamed": column name "d_old_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and" is 64 bytes long`
	E                                                                int64 `db:"e,fk:e_target_table_goes_on_and_on_and_on_and_on_and_on_and_on_and_on.id"`    // want `field E: option "fk": table name "e_target_table_goes_on_and_on_and_on_and_on_and_on_and_on_and_on" is 64 bytes long`
	F                                                                int64 `db:"f,fk:other.f_target_column_goes_on_and_on_and_on_and_on_and_on_and_on_and_o"` // want `field F: option "fk": column name "f_target_column_goes_on_and_on_and_on_and_on_and_on_and_on_and_o" is 64 bytes long`
	G                                                                int64 "db:\"g\\x00nul\""                                                                 // want `field G: column name "g\\x00nul" holds a NUL byte`
	MaxName                                                          int64 `db:"max_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_"`
	TheFieldNameOfThisColumnGoesOnAndOnPastTheLimitOfSixtyThreeBytes int64 // want `field TheFieldNameOfThisColumnGoesOnAndOnPastTheLimitOfSixtyThreeBytes: column name "the_field_name_of_this_column_goes_on_and_on_past_the_limit_of_sixty_three_bytes" is 80 bytes long`
}

// Other is a table to point foreign keys at.
//
//schemagen:table names.other
type Other struct {
	ID int64 `db:"id,pk"`
}

// AModelWhoseNameGoesOnAndOnAndOnPastTheLimitOfSixtyThreeBytesInAll takes
// its table name from its own name.
//
//schemagen:table // want `table name "a_model_whose_name_goes_on_and_on_and_on_past_the_limit_of_sixty_three_bytes_in_all" is 83 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it \(the snake_case of AModelWhoseNameGoesOnAndOnAndOnPastTheLimitOfSixtyThreeBytesInAll\); name the table: //schemagen:table NAME`
type AModelWhoseNameGoesOnAndOnAndOnPastTheLimitOfSixtyThreeBytesInAll struct {
	ID int64 `db:"id,pk"`
}

// Mood is an enum with labels PostgreSQL would not keep.
//
//schemagen:enum mood_enum_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_ // want `enum name "mood_enum_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_" is 64 bytes long`
type Mood string

// The values of Mood.
const (
	Fine    Mood = "fine"
	TooLong Mood = "a_label_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on" // want `enum mood_enum_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_: constant TooLong has value "a_label_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on"; enum labels are 1 to 63 bytes long`
	Nul     Mood = "nul\x00label"                                                     // want `enum mood_enum_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_: constant Nul has value "nul\\x00label", which holds a NUL byte; no PostgreSQL text can`
)
