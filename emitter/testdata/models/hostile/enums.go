package models

// Kind is the enum type kind.
//
//schemagen:enum kind
type Kind string

// The values of Kind, in the enum's order.
const (
	KindInProgress Kind = "in-progress"
	Kind1st        Kind = "1st"
	KindAB         Kind = "a b"
	KindAB2        Kind = "a_b"
	KindÜnï        Kind = "ünï"
	KindValue6     Kind = "-"
)
