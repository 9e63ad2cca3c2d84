// Package uuid stands in for a UUID package: its path ends in /uuid.
package uuid

// UUID is a universally unique identifier.
type UUID [16]byte
