package migfile

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"strconv"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/migrate"
)

// runFuncType is the type of a Go step's function (see [migrate.Op.Run]):
// the one function type whose literal the reader takes, without reading
// its body.
var runFuncType = reflect.TypeFor[change.RunFunc]()

// konst is the value of a constant expression: typed when typ is set,
// untyped otherwise; nil stands for the predeclared nil.
type konst struct {
	val   constant.Value
	typ   reflect.Type
	isNil bool
}

// constant returns the value of e when e is a constant expression; ok is
// false when it is none (a composite literal, a variable).
func (r *fileReader) constant(e ast.Expr) (k konst, ok bool, err error) {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return r.constant(e.X)
	case *ast.BasicLit:
		v := constant.MakeFromLiteral(e.Value, e.Kind, 0)
		if v.Kind() == constant.Unknown {
			return k, false, errAt(e, "invalid literal %s", e.Value)
		}
		return konst{val: v}, true, nil
	case *ast.Ident:
		switch e.Name {
		case "true", "false":
			return konst{val: constant.MakeBool(e.Name == "true")}, true, nil
		case "nil":
			return konst{isNil: true}, true, nil
		}
		return k, false, nil
	case *ast.SelectorExpr:
		if p, ok := r.pathOf(e.X); ok && p == MigratePath {
			if c, ok := migrateConsts[e.Sel.Name]; ok {
				return konst{val: c.val, typ: c.typ}, true, nil
			}
		}
		return k, false, nil
	case *ast.UnaryExpr:
		x, ok, err := r.constant(e.X)
		if !ok || err != nil {
			return k, ok, err
		}
		if x.isNil {
			return k, false, errAt(e, "invalid operation: operator %s not defined on nil", e.Op)
		}
		switch {
		case (e.Op == token.ADD || e.Op == token.SUB) && isNumeric(x.val),
			e.Op == token.NOT && x.val.Kind() == constant.Bool:
		default:
			return k, false, errAt(e, "invalid operation: operator %s not defined on %s", e.Op, types.ExprString(e.X))
		}
		if x.typ != nil {
			return k, false, errAt(e, "operations on typed constants are not read without compiling")
		}
		return konst{val: constant.UnaryOp(e.Op, x.val, 0)}, true, nil
	case *ast.BinaryExpr:
		return r.binary(e)
	case *ast.CallExpr:
		// A conversion of a constant: migrate.HazardKind("data-loss").
		if len(e.Args) != 1 || e.Ellipsis.IsValid() {
			return k, false, nil
		}
		if _, isTypeExpr := e.Fun.(*ast.SelectorExpr); !isTypeExpr {
			if id, ok := e.Fun.(*ast.Ident); !ok || predeclaredTypes[id.Name] == nil {
				return k, false, nil
			}
		}
		t, err := r.typeOf(e.Fun)
		if err != nil {
			return k, false, nil
		}
		x, ok, err := r.constant(e.Args[0])
		if !ok || err != nil {
			return k, false, err
		}
		v, err := r.convert(x, t, e.Args[0])
		if err != nil {
			return k, false, err
		}
		switch t.Kind() {
		case reflect.String:
			return konst{val: constant.MakeString(v.String()), typ: t}, true, nil
		case reflect.Bool:
			return konst{val: constant.MakeBool(v.Bool()), typ: t}, true, nil
		}
		return k, false, errAt(e, "a conversion to %s is not read without compiling", types.ExprString(e.Fun))
	}
	return k, false, nil
}

func isNumeric(v constant.Value) bool {
	switch v.Kind() {
	case constant.Int, constant.Float:
		return true
	}
	return false
}

// binary evaluates a constant binary expression.
func (r *fileReader) binary(e *ast.BinaryExpr) (konst, bool, error) {
	x, okx, err := r.constant(e.X)
	if err != nil {
		return konst{}, false, err
	}
	y, oky, err := r.constant(e.Y)
	if err != nil {
		return konst{}, false, err
	}
	if !okx || !oky {
		return konst{}, false, nil
	}
	if x.isNil || y.isNil {
		return konst{}, false, errAt(e, "invalid operation: %s (nil)", types.ExprString(e))
	}
	if x.typ != nil && y.typ != nil && x.typ != y.typ {
		return konst{}, false, errAt(e, "invalid operation: %s (mismatched types %s and %s)", types.ExprString(e), x.typ, y.typ)
	}
	typ := x.typ
	if typ == nil {
		typ = y.typ
	}
	kx, ky := x.val.Kind(), y.val.Kind()
	same := kx == ky || isNumeric(x.val) && isNumeric(y.val)
	if !same {
		return konst{}, false, errAt(e, "invalid operation: %s (mismatched types)", types.ExprString(e))
	}
	switch e.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		if kx == constant.Bool && e.Op != token.EQL && e.Op != token.NEQ {
			break
		}
		return konst{val: constant.MakeBool(constant.Compare(x.val, e.Op, y.val))}, true, nil
	case token.LAND, token.LOR:
		if kx == constant.Bool {
			return konst{val: constant.BinaryOp(x.val, e.Op, y.val), typ: typ}, true, nil
		}
	case token.ADD:
		if kx == constant.String || isNumeric(x.val) {
			return konst{val: constant.BinaryOp(x.val, e.Op, y.val), typ: typ}, true, nil
		}
	case token.SUB, token.MUL, token.QUO, token.REM:
		if !isNumeric(x.val) || e.Op == token.REM && (kx != constant.Int || ky != constant.Int) {
			break
		}
		if (e.Op == token.QUO || e.Op == token.REM) && constant.Sign(y.val) == 0 {
			return konst{}, false, errAt(e, "invalid operation: division by zero")
		}
		op := e.Op
		if op == token.QUO && kx == constant.Int && ky == constant.Int {
			op = token.QUO_ASSIGN // integer division
		}
		return konst{val: constant.BinaryOp(x.val, op, y.val), typ: typ}, true, nil
	}
	return konst{}, false, errAt(e, "invalid operation: operator %s not defined on %s", e.Op, types.ExprString(e.X))
}

// convert returns the constant k as a value of type t, as an assignment
// to a t converts it; an error when the compiler would refuse it.
func (r *fileReader) convert(k konst, t reflect.Type, at ast.Expr) (reflect.Value, error) {
	if k.isNil {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Func, reflect.Interface, reflect.Chan:
			return reflect.Zero(t), nil
		}
		return reflect.Value{}, errAt(at, "cannot use nil as %s value", t)
	}
	typ := k.typ
	if typ == nil {
		typ = t
		if t.Kind() == reflect.Interface {
			// An untyped constant takes its default type.
			switch k.val.Kind() {
			case constant.String:
				typ = reflect.TypeFor[string]()
			case constant.Bool:
				typ = reflect.TypeFor[bool]()
			case constant.Int:
				typ = reflect.TypeFor[int]()
			case constant.Float:
				typ = reflect.TypeFor[float64]()
			}
		}
	}
	if !assignable(typ, t) {
		return reflect.Value{}, errAt(at, "cannot use %s (constant of type %s) as %s value", types.ExprString(at), typ, t)
	}
	v := reflect.New(typ).Elem()
	bad := func() (reflect.Value, error) {
		return reflect.Value{}, errAt(at, "cannot use %s (untyped %s constant) as %s value", types.ExprString(at), kindName(k.val), typ)
	}
	switch typ.Kind() {
	case reflect.String:
		if k.val.Kind() != constant.String {
			return bad()
		}
		v.SetString(constant.StringVal(k.val))
	case reflect.Bool:
		if k.val.Kind() != constant.Bool {
			return bad()
		}
		v.SetBool(constant.BoolVal(k.val))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i := constant.ToInt(k.val)
		n, exact := constant.Int64Val(i)
		if i.Kind() != constant.Int || !exact || v.OverflowInt(n) {
			return reflect.Value{}, errAt(at, "cannot use %s as %s value (truncated or overflows)", types.ExprString(at), typ)
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		i := constant.ToInt(k.val)
		n, exact := constant.Uint64Val(i)
		if i.Kind() != constant.Int || !exact || v.OverflowUint(n) {
			return reflect.Value{}, errAt(at, "cannot use %s as %s value (truncated or overflows)", types.ExprString(at), typ)
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		f := constant.ToFloat(k.val)
		if f.Kind() != constant.Float && f.Kind() != constant.Int {
			return bad()
		}
		n, _ := constant.Float64Val(f)
		if v.OverflowFloat(n) {
			return reflect.Value{}, errAt(at, "cannot use %s as %s value (overflows)", types.ExprString(at), typ)
		}
		v.SetFloat(n)
	default:
		return bad()
	}
	return v, nil
}

func kindName(v constant.Value) string {
	switch v.Kind() {
	case constant.String:
		return "string"
	case constant.Bool:
		return "bool"
	case constant.Int:
		return "int"
	case constant.Float:
		return "float"
	}
	return "complex"
}

// assignable reports whether a value of type from may be assigned to
// one of type to, by Go's rules (which reflect implements).
func assignable(from, to reflect.Type) bool { return from.AssignableTo(to) }

// value compiles the expression e, assigned to a value of type t, into
// a function that builds that value anew each time it runs (so that two
// recordings never share a slice or a pointer). elided says that e is an
// element of a slice literal, which may leave its type out.
func (r *fileReader) value(e ast.Expr, t reflect.Type, elided bool) (func() reflect.Value, error) {
	k, ok, err := r.constant(e)
	if err != nil {
		return nil, err
	}
	if ok {
		v, err := r.convert(k, t, e)
		if err != nil {
			return nil, err
		}
		return func() reflect.Value { return v }, nil
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return r.value(e.X, t, false)
	case *ast.CompositeLit:
		lt, ptr := t, false
		if e.Type == nil {
			if !elided {
				return nil, errAt(e, "invalid composite literal type: missing type")
			}
			if t.Kind() == reflect.Pointer {
				lt, ptr = t.Elem(), true
			}
		} else {
			var err error
			if lt, err = r.typeOf(e.Type); err != nil {
				return nil, err
			}
			if !assignable(lt, t) {
				return nil, errAt(e, "cannot use %s{…} (value of type %s) as %s value", types.ExprString(e.Type), lt, t)
			}
		}
		build, err := r.composite(e, lt)
		if err != nil || !ptr {
			return build, err
		}
		return func() reflect.Value {
			p := reflect.New(lt)
			p.Elem().Set(build())
			return p
		}, nil
	case *ast.UnaryExpr:
		lit, ok := ast.Unparen(e.X).(*ast.CompositeLit)
		if e.Op != token.AND || !ok || lit.Type == nil {
			break
		}
		lt, err := r.typeOf(lit.Type)
		if err != nil {
			return nil, err
		}
		if pt := reflect.PointerTo(lt); !assignable(pt, t) {
			return nil, errAt(e, "cannot use &%s{…} (value of type %s) as %s value", types.ExprString(lit.Type), pt, t)
		}
		build, err := r.composite(lit, lt)
		if err != nil {
			return nil, err
		}
		return func() reflect.Value {
			p := reflect.New(lt)
			p.Elem().Set(build())
			return p
		}, nil
	case *ast.FuncLit:
		return r.goStep(e, t)
	}
	return nil, errAt(e, "%s is not a literal", short(e))
}

// short returns the source of e, cut when long.
func short(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// composite compiles the composite literal lit of type t.
func (r *fileReader) composite(lit *ast.CompositeLit, t reflect.Type) (func() reflect.Value, error) {
	switch t.Kind() {
	case reflect.Struct:
		type field struct {
			index int
			build func() reflect.Value
		}
		var fields []field
		seen := map[string]bool{}
		for _, elt := range lit.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				return nil, errAt(elt, "a struct literal without field names is not read without compiling")
			}
			key, ok := kv.Key.(*ast.Ident)
			if !ok {
				return nil, errAt(kv.Key, "invalid field name %s in struct literal", types.ExprString(kv.Key))
			}
			sf, ok := t.FieldByName(key.Name)
			if !ok || len(sf.Index) != 1 {
				return nil, errAt(key, "unknown field %s in struct literal of type %s", key.Name, t)
			}
			if !sf.IsExported() {
				return nil, errAt(key, "cannot refer to unexported field %s in struct literal of type %s", key.Name, t)
			}
			if seen[key.Name] {
				return nil, errAt(key, "duplicate field name %s in struct literal", key.Name)
			}
			seen[key.Name] = true
			build, err := r.value(kv.Value, sf.Type, false)
			if err != nil {
				return nil, err
			}
			fields = append(fields, field{sf.Index[0], build})
		}
		return func() reflect.Value {
			v := reflect.New(t).Elem()
			for _, f := range fields {
				v.Field(f.index).Set(f.build())
			}
			return v
		}, nil
	case reflect.Slice:
		elems := make([]func() reflect.Value, len(lit.Elts))
		for i, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				return nil, errAt(kv, "an indexed slice literal is not read without compiling")
			}
			build, err := r.value(elt, t.Elem(), true)
			if err != nil {
				return nil, err
			}
			elems[i] = build
		}
		return func() reflect.Value {
			v := reflect.MakeSlice(t, len(elems), len(elems))
			for i, build := range elems {
				v.Index(i).Set(build())
			}
			return v
		}, nil
	}
	return nil, errAt(lit, "a composite literal of type %s is not read without compiling", t)
}

// goStep reads the function literal of a Go step (op.Run's argument): its
// signature is checked, its body is not read. It stands for a function
// that is not at hand, as a Go step is in a dump of the compiled program.
func (r *fileReader) goStep(fl *ast.FuncLit, t reflect.Type) (func() reflect.Value, error) {
	if t == sideType {
		// The declared effects of op.ExecuteAs: op calls, read as an
		// Upgrade function is.
		b, err := r.side(fl)
		if err != nil {
			return nil, err
		}
		return func() reflect.Value { return reflect.ValueOf(b.fn()) }, nil
	}
	if t != runFuncType {
		return nil, errAt(fl, "a function literal as a %s is not read without compiling", t)
	}
	ft, err := r.typeOf(fl.Type)
	if err != nil {
		return nil, err
	}
	if !assignable(ft, t) {
		return nil, errAt(fl, "cannot use the function literal (value of type %s) as a Go step (func(ctx context.Context, q migrate.Querier) error)", types.ExprString(fl.Type))
	}
	// The body may use the file's imports: they count as used.
	ast.Inspect(fl.Body, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				if _, imported := r.imports[id.Name]; imported {
					r.used[id.Name] = true
				}
			}
		}
		return true
	})
	zero := reflect.Zero(t)
	return func() reflect.Value { return zero }, nil
}

// body is an Upgrade or Downgrade function read without compiling: the
// Op methods it calls, with their arguments.
type body struct {
	calls []*opCall
	// executes says where the body calls op.Execute (hand-written SQL
	// that declares nothing), "file.go:12" each, in order: what
	// [migrate.Recorded.Undeclared] holds for a compiled file, and a call
	// through package reflect cannot tell.
	executes []string
}

// opCall is one call of an Op method.
type opCall struct {
	method reflect.Value // the method's function; the receiver comes first
	args   []func() reflect.Value
	// variadic is the type of the variadic parameter's slice, when the
	// method has one; the arguments from index fixed on are its
	// elements, or the slice itself when spread (xs...).
	variadic reflect.Type
	fixed    int
	spread   bool
}

// fn returns the function that records the calls: the Upgrade or
// Downgrade of the migration. A nil body is a nil function.
func (b *body) fn() func(*migrate.Op) {
	if b == nil {
		return nil
	}
	return func(op *migrate.Op) {
		recv := reflect.ValueOf(op)
		for _, c := range b.calls {
			c.call(recv)
		}
	}
}

// call calls the method on recv with fresh arguments.
func (c *opCall) call(recv reflect.Value) {
	in := make([]reflect.Value, 1, 2+len(c.args))
	in[0] = recv
	if c.variadic == nil {
		for _, build := range c.args {
			in = append(in, build())
		}
		c.method.Call(in)
		return
	}
	for _, build := range c.args[:c.fixed] {
		in = append(in, build())
	}
	// The variadic slice as a compiled call passes it: nil when no
	// argument fills it (reflect's Call would pass an empty slice).
	var rest reflect.Value
	switch {
	case c.spread:
		rest = c.args[c.fixed]()
	case len(c.args) == c.fixed:
		rest = reflect.Zero(c.variadic)
	default:
		rest = reflect.MakeSlice(c.variadic, len(c.args)-c.fixed, len(c.args)-c.fixed)
		for i, build := range c.args[c.fixed:] {
			rest.Index(i).Set(build())
		}
	}
	c.method.CallSlice(append(in, rest))
}

// side compiles the value of an Upgrade or Downgrade field: nil (or no
// field) for no function, else a function literal whose statements are
// op method calls with literal arguments.
func (r *fileReader) side(e ast.Expr) (*body, error) {
	if e == nil {
		return nil, nil
	}
	if id, ok := ast.Unparen(e).(*ast.Ident); ok && id.Name == "nil" {
		return nil, nil
	}
	fl, ok := ast.Unparen(e).(*ast.FuncLit)
	if !ok {
		return nil, errAt(e, "%s is not a function literal", short(e))
	}
	ft, err := r.typeOf(fl.Type)
	if err != nil {
		return nil, err
	}
	if !assignable(ft, sideType) {
		return nil, errAt(fl.Type, "cannot use a function literal of type %s as func(op *migrate.Op) value", types.ExprString(fl.Type))
	}
	op := ""
	if ps := fl.Type.Params.List; len(ps) == 1 && len(ps[0].Names) == 1 && ps[0].Names[0].Name != "_" {
		op = ps[0].Names[0].Name
	}
	b := &body{calls: []*opCall{}}
	for _, s := range fl.Body.List {
		if _, ok := s.(*ast.EmptyStmt); ok {
			continue
		}
		es, ok := s.(*ast.ExprStmt)
		if !ok {
			return nil, errAt(s, "a statement other than an op call")
		}
		c, ok := es.X.(*ast.CallExpr)
		if !ok {
			return nil, errAt(s, "a statement other than an op call")
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		var recv *ast.Ident
		if ok {
			recv, _ = sel.X.(*ast.Ident)
		}
		if recv == nil || op == "" || recv.Name != op {
			return nil, errAt(c, "%s is not a call of an op method", short(c.Fun))
		}
		oc, err := r.opCall(c, sel.Sel)
		if err != nil {
			return nil, err
		}
		b.calls = append(b.calls, &oc)
		if sel.Sel.Name == "Execute" {
			pos := r.fset.Position(c.Pos())
			b.executes = append(b.executes, filepath.Base(pos.Filename)+":"+strconv.Itoa(pos.Line))
		}
	}
	return b, nil
}

// opCall compiles the call c of the Op method name.
func (r *fileReader) opCall(c *ast.CallExpr, name *ast.Ident) (opCall, error) {
	m, ok := opType.MethodByName(name.Name)
	if !ok {
		return opCall{}, errAt(name, "op.%s undefined (type *migrate.Op has no method %s)", name.Name, name.Name)
	}
	mt := m.Type
	params := mt.NumIn() - 1
	oc := opCall{method: m.Func, spread: c.Ellipsis.IsValid(), fixed: params}
	if mt.IsVariadic() {
		oc.variadic, oc.fixed = mt.In(params), params-1
	}
	argType := func(i int) reflect.Type {
		if mt.IsVariadic() && i >= params-1 {
			if oc.spread {
				return mt.In(params)
			}
			return mt.In(params).Elem()
		}
		return mt.In(1 + i)
	}
	switch {
	case oc.spread && !mt.IsVariadic():
		return opCall{}, errAt(c, "have (...) in a call of the non-variadic op.%s", name.Name)
	case oc.spread && len(c.Args) != params,
		!oc.spread && mt.IsVariadic() && len(c.Args) < params-1,
		!oc.spread && !mt.IsVariadic() && len(c.Args) != params:
		return opCall{}, errAt(c, "wrong number of arguments in call to op.%s: have %d, want %d", name.Name, len(c.Args), params)
	}
	for i, a := range c.Args {
		build, err := r.value(a, argType(i), false)
		if err != nil {
			return opCall{}, err
		}
		oc.args = append(oc.args, build)
	}
	return oc, nil
}
