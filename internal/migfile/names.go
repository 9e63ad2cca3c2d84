package migfile

import (
	"context"
	"go/constant"
	"reflect"
	"time"

	"github.com/schemagen/schemagen/migrate"
)

// MigratePath is the import path of the runtime package that migration
// files import.
const MigratePath = "github.com/schemagen/schemagen/migrate"

// migrateTypes are the exported types of package migrate, by name: the
// types a migration file's literals may be of. A test checks that the
// table names every exported type of the package, so that a type added
// to migrate is one row here.
var migrateTypes = map[string]reflect.Type{
	"AddedValueError":          reflect.TypeFor[migrate.AddedValueError](),
	"AmbiguousDowngradeError":  reflect.TypeFor[migrate.AmbiguousDowngradeError](),
	"ChangeError":              reflect.TypeFor[migrate.ChangeError](),
	"Check":                    reflect.TypeFor[migrate.Check](),
	"Column":                   reflect.TypeFor[migrate.Column](),
	"Deferral":                 reflect.TypeFor[migrate.Deferral](),
	"Dependency":               reflect.TypeFor[migrate.Dependency](),
	"DowngradeChoice":          reflect.TypeFor[migrate.DowngradeChoice](),
	"EditedError":              reflect.TypeFor[migrate.EditedError](),
	"EditedMigration":          reflect.TypeFor[migrate.EditedMigration](),
	"Enum":                     reflect.TypeFor[migrate.Enum](),
	"Exclusion":                reflect.TypeFor[migrate.Exclusion](),
	"EnumColumn":               reflect.TypeFor[migrate.EnumColumn](),
	"EnumDelta":                reflect.TypeFor[migrate.EnumDelta](),
	"EnumValue":                reflect.TypeFor[migrate.EnumValue](),
	"FingerprintReport":        reflect.TypeFor[migrate.FingerprintReport](),
	"ForeignKey":               reflect.TypeFor[migrate.ForeignKey](),
	"Graph":                    reflect.TypeFor[migrate.Graph](),
	"GraphError":               reflect.TypeFor[migrate.GraphError](),
	"HazardError":              reflect.TypeFor[migrate.HazardError](),
	"HazardKind":               reflect.TypeFor[migrate.HazardKind](),
	"Index":                    reflect.TypeFor[migrate.Index](),
	"InterruptedError":         reflect.TypeFor[migrate.InterruptedError](),
	"IrreversibleError":        reflect.TypeFor[migrate.IrreversibleError](),
	"LockHolder":               reflect.TypeFor[migrate.LockHolder](),
	"LockWaitError":            reflect.TypeFor[migrate.LockWaitError](),
	"Migration":                reflect.TypeFor[migrate.Migration](),
	"Migrator":                 reflect.TypeFor[migrate.Migrator](),
	"MultipleHeadsError":       reflect.TypeFor[migrate.MultipleHeadsError](),
	"Node":                     reflect.TypeFor[migrate.Node](),
	"Object":                   reflect.TypeFor[migrate.Object](),
	"ObjectKind":               reflect.TypeFor[migrate.ObjectKind](),
	"Op":                       reflect.TypeFor[migrate.Op](),
	"Option":                   reflect.TypeFor[migrate.Option](),
	"PartialError":             reflect.TypeFor[migrate.PartialError](),
	"PartitionOf":              reflect.TypeFor[migrate.PartitionOf](),
	"Plan":                     reflect.TypeFor[migrate.Plan](),
	"PrimaryKey":               reflect.TypeFor[migrate.PrimaryKey](),
	"Progress":                 reflect.TypeFor[migrate.Progress](),
	"QualifiedName":            reflect.TypeFor[migrate.QualifiedName](),
	"Querier":                  reflect.TypeFor[migrate.Querier](),
	"Recorded":                 reflect.TypeFor[migrate.Recorded](),
	"Result":                   reflect.TypeFor[migrate.Result](),
	"Set":                      reflect.TypeFor[migrate.Set](),
	"StepError":                reflect.TypeFor[migrate.StepError](),
	"Table":                    reflect.TypeFor[migrate.Table](),
	"TableAttrs":               reflect.TypeFor[migrate.TableAttrs](),
	"Unique":                   reflect.TypeFor[migrate.Unique](),
	"UnknownRevisionError":     reflect.TypeFor[migrate.UnknownRevisionError](),
	"ValidationError":          reflect.TypeFor[migrate.ValidationError](),
	"VersionTableDroppedError": reflect.TypeFor[migrate.VersionTableDroppedError](),
}

// typedConst is a typed constant of package migrate.
type typedConst struct {
	typ reflect.Type
	val constant.Value
}

// migrateConsts are the exported constants of package migrate, by name.
// A test checks that the table names every one.
var migrateConsts = map[string]typedConst{
	"HazardDataLoss":              hazard(migrate.HazardDataLoss),
	"HazardTableRewrite":          hazard(migrate.HazardTableRewrite),
	"HazardLongLock":              hazard(migrate.HazardLongLock),
	"HazardIrreversibleDowngrade": hazard(migrate.HazardIrreversibleDowngrade),
	"HazardNotNullNoDefault":      hazard(migrate.HazardNotNullNoDefault),
	"KindExtension":               objectKind(migrate.KindExtension),
	"KindView":                    objectKind(migrate.KindView),
	"KindMaterializedView":        objectKind(migrate.KindMaterializedView),
	"KindIndex":                   objectKind(migrate.KindIndex),
	"KindFunction":                objectKind(migrate.KindFunction),
	"KindProcedure":               objectKind(migrate.KindProcedure),
	"KindTrigger":                 objectKind(migrate.KindTrigger),
	"KindPolicy":                  objectKind(migrate.KindPolicy),
	"KindRule":                    objectKind(migrate.KindRule),
	"KindDomain":                  objectKind(migrate.KindDomain),
	"KindCompositeType":           objectKind(migrate.KindCompositeType),
	"KindSequence":                objectKind(migrate.KindSequence),
	"KindTable":                   objectKind(migrate.KindTable),
	"KindEnum":                    objectKind(migrate.KindEnum),
	"KindCollation":               objectKind(migrate.KindCollation),
	"KindStatistics":              objectKind(migrate.KindStatistics),
	"DefaultLockWait":             {typ: reflect.TypeFor[time.Duration](), val: constant.MakeInt64(int64(migrate.DefaultLockWait))},
}

func hazard(k migrate.HazardKind) typedConst {
	return typedConst{typ: reflect.TypeFor[migrate.HazardKind](), val: constant.MakeString(string(k))}
}

func objectKind(k migrate.ObjectKind) typedConst {
	return typedConst{typ: reflect.TypeFor[migrate.ObjectKind](), val: constant.MakeString(string(k))}
}

// contextPath is the import path of package context, whose Context type
// the signature of a Go step names.
const contextPath = "context"

// otherTypes are the types of other packages that a migration file may
// name: the signature of a Go step, func(ctx context.Context, q
// migrate.Querier) error.
var otherTypes = map[string]map[string]reflect.Type{
	contextPath: {"Context": reflect.TypeFor[context.Context]()},
}

// predeclaredTypes are Go's predeclared types that a literal may name.
var predeclaredTypes = map[string]reflect.Type{
	"bool":    reflect.TypeFor[bool](),
	"string":  reflect.TypeFor[string](),
	"int":     reflect.TypeFor[int](),
	"int8":    reflect.TypeFor[int8](),
	"int16":   reflect.TypeFor[int16](),
	"int32":   reflect.TypeFor[int32](),
	"int64":   reflect.TypeFor[int64](),
	"uint":    reflect.TypeFor[uint](),
	"uint8":   reflect.TypeFor[uint8](),
	"uint16":  reflect.TypeFor[uint16](),
	"uint32":  reflect.TypeFor[uint32](),
	"uint64":  reflect.TypeFor[uint64](),
	"byte":    reflect.TypeFor[byte](),
	"rune":    reflect.TypeFor[rune](),
	"float32": reflect.TypeFor[float32](),
	"float64": reflect.TypeFor[float64](),
	"error":   reflect.TypeFor[error](),
	"any":     reflect.TypeFor[any](),
}

// Types the reader treats specially.
var (
	opType        = reflect.TypeFor[*migrate.Op]()
	sideType      = reflect.TypeFor[func(*migrate.Op)]() // Migration.Upgrade and Downgrade
	migrationType = reflect.TypeFor[migrate.Migration]()
	setType       = reflect.TypeFor[migrate.Set]()
)
