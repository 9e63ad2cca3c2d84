// Package enums declares an enum that models of another package use.
package enums

// Color is an enum of its own package.
//
//schemagen:enum
type Color string

// The values of Color, in declaration order.
const (
	Red   Color = "red"
	Green Color = "green"
	Blue  Color = "blue"
)
