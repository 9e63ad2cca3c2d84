// Package good declares tables with every table attribute.
//
//schemagen:schema billing comment Money: "invoices" and rooms.
package good

//schemagen:table billing.rooms
//schemagen:deferrable rooms_code_key initially deferred
//schemagen:with rooms_pkey fillfactor=90
//schemagen:include rooms_code_key (id, "floor")
//schemagen:with rooms_code_key FillFactor=80, deduplicate_items=off
type Room struct {
	ID    int64  `db:"id,pk"`
	Code  string `db:"code,unique"`
	Floor int    `db:"floor"`
}

//schemagen:table billing.bookings
//schemagen:exclude bookings_no_overlap USING gist (room_id WITH =, during WITH &&) WHERE (NOT cancelled) DEFERRABLE INITIALLY DEFERRED // a comment
//schemagen:exclude bookings_id_excl (id WITH =)
//schemagen:deferrable bookings_room_id_fkey
//schemagen:deferrable bookings_pkey initially immediate
//schemagen:unlogged
//schemagen:with fillfactor=70, autovacuum_enabled=false
//schemagen:with TOAST.autovacuum_enabled=false
//schemagen:rowsecurity force
//schemagen:check bookings_room_positive room_id > 0 NO INHERIT
//schemagen:index bookings_during_idx using gist (during) with (fillfactor=80, buffering=off)
type Booking struct {
	ID        int64  `db:"id,pk"`
	RoomID    int64  `db:"room_id,fk:billing.rooms.id"`
	During    string `db:"during,type:tstzrange"`
	Cancelled bool   `db:"cancelled,default:false"`
}
