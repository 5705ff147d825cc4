package app

import "reflect"

// emptyLists returns v with every nil slice in it, at any depth, replaced by
// an empty one. encoding/json writes a nil slice as null, and the screens
// read .length and .map on lists: a bound method passes what it returns
// through here so that an empty list always reaches the UI as [].
//
// v itself is left alone: what holds a nil slice is copied, never written,
// since a result may share memory with state other goroutines read.
func emptyLists[T any](v T) T {
	rv := reflect.ValueOf(&v).Elem()
	if !holdsList(rv.Type(), map[reflect.Type]bool{}) {
		return v
	}
	out, _ := filled(rv).Interface().(T)
	return out
}

// filled returns v, or a copy of it in which nil slices are empty.
func filled(v reflect.Value) reflect.Value {
	t := v.Type()
	if !holdsList(t, map[reflect.Type]bool{}) {
		return v
	}
	switch t.Kind() {
	case reflect.Slice:
		if v.IsNil() {
			return reflect.MakeSlice(t, 0, 0)
		}
		if !holdsList(t.Elem(), map[reflect.Type]bool{}) {
			return v
		}
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(filled(v.Index(i)))
		}
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(t.Elem())
		out.Elem().Set(filled(v.Elem()))
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(t, v.Len())
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(it.Key(), filled(it.Value()))
		}
		return out
	case reflect.Struct:
		out := reflect.New(t).Elem()
		out.Set(v)
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && f.Tag.Get("json") != "-" {
				out.Field(i).Set(filled(v.Field(i)))
			}
		}
		return out
	}
	return v
}

// holdsList reports whether a value of type t can carry a slice into JSON.
// []byte is not a list: JSON writes it as a string.
func holdsList(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Slice:
		return t.Elem().Kind() != reflect.Uint8 || holdsList(t.Elem(), seen)
	case reflect.Pointer, reflect.Map:
		return holdsList(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && f.Tag.Get("json") != "-" && holdsList(f.Type, seen) {
				return true
			}
		}
	}
	return false
}
