package change

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
)

// Changes is a list of changes that encodes to JSON with each change's
// type named: [{"op": "AddColumn", "change": {...}}, ...]. A [RunGo]
// encodes without its function and decodes as a RunGo with none.
// Decoding refuses a change type or a field this package does not know
// (written by a newer schemagen) rather than drop it.
type Changes []Change

type encodedChange struct {
	Op     string          `json:"op"`
	Change json.RawMessage `json:"change,omitempty"`
}

// MarshalJSON implements json.Marshaler.
func (cs Changes) MarshalJSON() ([]byte, error) {
	out := make([]encodedChange, 0, len(cs))
	for _, c := range cs {
		op := reflect.TypeOf(c).Name()
		if _, err := newChange(op); err != nil {
			return nil, err
		}
		var body []byte
		if _, isGo := c.(RunGo); !isGo {
			var err error
			if body, err = json.Marshal(c); err != nil {
				return nil, fmt.Errorf("change: encode %s: %w", op, err)
			}
		}
		out = append(out, encodedChange{Op: op, Change: body})
	}
	return json.Marshal(out)
}

// UnmarshalJSON implements json.Unmarshaler.
func (cs *Changes) UnmarshalJSON(b []byte) error {
	var in []encodedChange
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	out := make(Changes, 0, len(in))
	for _, e := range in {
		ptr, err := newChange(e.Op)
		if err != nil {
			return err
		}
		if len(e.Change) > 0 {
			// A field this package does not know comes from a newer
			// schemagen: refused, never dropped, since the change would
			// then mean less than its author wrote.
			dec := json.NewDecoder(bytes.NewReader(e.Change))
			dec.DisallowUnknownFields()
			if err := dec.Decode(ptr); err != nil {
				return fmt.Errorf("change: decode %s: %w", e.Op, err)
			}
		}
		out = append(out, reflect.ValueOf(ptr).Elem().Interface().(Change))
	}
	*cs = out
	return nil
}

// newChange returns a pointer to a zero change of the named type.
func newChange(op string) (any, error) {
	switch op {
	case "CreateSchema":
		return &CreateSchema{}, nil
	case "DropSchema":
		return &DropSchema{}, nil
	case "CreateTable":
		return &CreateTable{}, nil
	case "DropTable":
		return &DropTable{}, nil
	case "RenameTable":
		return &RenameTable{}, nil
	case "AddColumn":
		return &AddColumn{}, nil
	case "DropColumn":
		return &DropColumn{}, nil
	case "AlterColumn":
		return &AlterColumn{}, nil
	case "RenameColumn":
		return &RenameColumn{}, nil
	case "AddPrimaryKey":
		return &AddPrimaryKey{}, nil
	case "DropPrimaryKey":
		return &DropPrimaryKey{}, nil
	case "AddUnique":
		return &AddUnique{}, nil
	case "DropUnique":
		return &DropUnique{}, nil
	case "AddForeignKey":
		return &AddForeignKey{}, nil
	case "DropForeignKey":
		return &DropForeignKey{}, nil
	case "AddCheck":
		return &AddCheck{}, nil
	case "DropCheck":
		return &DropCheck{}, nil
	case "RenameConstraint":
		return &RenameConstraint{}, nil
	case "ValidateConstraint":
		return &ValidateConstraint{}, nil
	case "CreateIndex":
		return &CreateIndex{}, nil
	case "DropIndex":
		return &DropIndex{}, nil
	case "RenameIndex":
		return &RenameIndex{}, nil
	case "CreateEnum":
		return &CreateEnum{}, nil
	case "DropEnum":
		return &DropEnum{}, nil
	case "AlterEnum":
		return &AlterEnum{}, nil
	case "OrderEnum":
		return &OrderEnum{}, nil
	case "SetTableComment":
		return &SetTableComment{}, nil
	case "SetColumnComment":
		return &SetColumnComment{}, nil
	case "AddExclusion":
		return &AddExclusion{}, nil
	case "DropExclusion":
		return &DropExclusion{}, nil
	case "AlterConstraint":
		return &AlterConstraint{}, nil
	case "AlterTable":
		return &AlterTable{}, nil
	case "SetSchemaComment":
		return &SetSchemaComment{}, nil
	case "AttachPartition":
		return &AttachPartition{}, nil
	case "DetachPartition":
		return &DetachPartition{}, nil
	case "CreateObject":
		return &CreateObject{}, nil
	case "DropObject":
		return &DropObject{}, nil
	case "ReplaceObject":
		return &ReplaceObject{}, nil
	case "Execute":
		return &Execute{}, nil
	case "RunGo":
		return &RunGo{}, nil
	}
	return nil, fmt.Errorf("change: unknown change type %q", op)
}
