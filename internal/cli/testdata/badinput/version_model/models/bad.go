package models

// Version is named like schemagen's version table.
//
//schemagen:table schemagen_version
type Version struct { // want `table schemagen_version is schemagen's version table \(version_table in schemagen\.toml, default schemagen_version\)`
	Revision string `db:"revision,pk"`
}

// Fingerprint is named like the version table's fingerprint table.
//
//schemagen:table schemagen_version_fingerprint
type Fingerprint struct { // want `table schemagen_version_fingerprint is schemagen's table of applied migrations' fingerprints`
	Revision string `db:"revision,pk"`
}
