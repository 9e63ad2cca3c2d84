package fktype

//schemagen:enum
type Status string

const StatusOpen Status = "open"

//schemagen:table fktype.keys
type Key struct {
	ID     int64   `db:"id,pk"`
	Small  int32   `db:"small,unique"`
	Token  string  `db:"token,type:uuid,unique"`
	Code   string  `db:"code,type:varchar(8),unique"`
	Amount float64 `db:"amount,type:numeric(12,2),unique"`
	Status Status  `db:"status,unique"`
	Tags   string  `db:"tags,type:text[],unique"`
	Mail   string  `db:"mail,type:citext,unique"`
}

//schemagen:table fktype.refs
type Ref struct {
	ID       int64   `db:"id,pk"`
	ToSmall  int64   `db:"to_small,fk:keys.small"`                                   // bigint to integer: one family
	ToID     int16   `db:"to_id,fk:keys.id"`                                         // smallint to bigint: one family
	Serial   int64   `db:"serial,type:BIGSERIAL,fk:keys.id"`                         // case and serial types
	ToCode   string  `db:"to_code,fk:keys.code"`                                     // text to varchar
	IntToNum int32   `db:"int_to_num,fk:keys.amount"`                                // integer casts to numeric
	ToMail   string  `db:"to_mail,fk:keys.mail"`                                     // citext: left to PostgreSQL
	ToStatus Status  `db:"to_status,fk:keys.status"`                                 // the same enum
	ToTags   string  `db:"to_tags,type:varchar(3)[],fk:keys.tags"`                   // arrays of one family
	IntUUID  int64   `db:"int_uuid,fk:keys.token"`                                   // want `field IntUUID: fk column "int_uuid" is bigint, but it references "keys.token", which is uuid \(at testdata/src/errs/fktype/a.go:12:2\): PostgreSQL cannot compare the two types`
	TextInt  string  `db:"text_int,fk:keys.id"`                                      // want `field TextInt: fk column "text_int" is text, but it references "keys.id", which is bigint`
	NumInt   float64 `db:"num_int,type:numeric,fk:keys.small"`                       // want `field NumInt: fk column "num_int" is numeric, but it references "keys.small", which is integer`
	FloatNum float64 `db:"float_num,fk:keys.amount"`                                 // want `field FloatNum: fk column "float_num" is double precision, but it references "keys.amount", which is numeric\(12,2\)`
	TextEnum string  `db:"text_enum,fk:keys.status"`                                 // want `field TextEnum: fk column "text_enum" is text, but it references "keys.status", which is status`
	Scalar   string  `db:"scalar,fk:keys.tags"`                                      // want `field Scalar: fk column "scalar" is text, but it references "keys.tags", which is text\[\]`
	TimeUUID string  `db:"time_uuid,type:timestamp(3) with time zone,fk:keys.token"` // want `field TimeUUID: fk column "time_uuid" is timestamp\(3\) with time zone, but it references "keys.token", which is uuid`
}
