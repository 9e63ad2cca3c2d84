package differ

// byName says how [diffByName] treats one kind of object: how it is
// named, when a kept object must be dropped and created again, and what
// to do with dropped, added and kept objects.
type byName[T any, K comparable] struct {
	// name is the key that pairs an object of the old list with one of
	// the new list.
	name func(T) K
	// replace reports whether an object in both lists, as o in the old
	// and n in the new, is dropped and added again; nil means never.
	replace func(o, n T) bool
	// drop handles an object of the old list that is gone or replaced.
	drop func(o T)
	// add handles an object of the new list that is new or replaced.
	add func(n T)
	// keep handles an object in both lists that is not replaced (it may
	// still differ, for a change in place); nil ignores it.
	keep func(o, n T)
}

// diffByName pairs the objects of the lists from and to by name and
// hands each to k: first drop for every object of from that to lacks or
// that is replaced, in from's order; then, in to's order, add for every
// object that from lacks or that is replaced, and keep for every other
// one. Of several objects of one list with the same name, the first
// counts (a valid schema has none).
//
// Every kind of object that the differ compares by name goes through
// here, so drops always come before adds and each follows its list.
func diffByName[T any, K comparable](from, to []T, k byName[T, K]) {
	fromByName := newLookup(from, k.name)
	toByName := newLookup(to, k.name)
	for _, o := range from {
		n, ok := toByName.find(k.name(o))
		if !ok || (k.replace != nil && k.replace(o, n)) {
			k.drop(o)
		}
	}
	for _, n := range to {
		o, ok := fromByName.find(k.name(n))
		switch {
		case !ok || (k.replace != nil && k.replace(o, n)):
			k.add(n)
		case k.keep != nil:
			k.keep(o, n)
		}
	}
}

// scanMax is the length up to which a [lookup] scans its list instead of
// building a map: the lists of a table (columns, indexes, constraints)
// are mostly short, and a scan of a few names beats hashing them.
const scanMax = 16

// lookup finds the objects of a list by name, the first of a name
// winning: by a scan of a short list, through a map for a long one.
type lookup[T any, K comparable] struct {
	list   []T
	name   func(T) K
	byName map[K]T // nil for a short list
}

func newLookup[T any, K comparable](list []T, name func(T) K) lookup[T, K] {
	l := lookup[T, K]{list: list, name: name}
	if len(list) > scanMax {
		l.byName = make(map[K]T, len(list))
		for _, x := range list {
			if _, dup := l.byName[name(x)]; !dup {
				l.byName[name(x)] = x
			}
		}
	}
	return l
}

// find returns the first object named key.
func (l lookup[T, K]) find(key K) (T, bool) {
	if l.byName != nil {
		x, ok := l.byName[key]
		return x, ok
	}
	for _, x := range l.list {
		if l.name(x) == key {
			return x, true
		}
	}
	var zero T
	return zero, false
}
