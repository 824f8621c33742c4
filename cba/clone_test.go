package cba

import (
	"reflect"
	"testing"
)

// fill sets every slice to length 1, every pointer non-nil and every map
// to one entry, recursively (exported fields only: Clone copies those).
func fill(v reflect.Value, depth int) {
	if depth > 12 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth+1)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), depth+1)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		e := reflect.New(v.Type().Elem()).Elem()
		fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), depth+1)
		}
	}
}

// sharedMem lists the places, by path, where a and b share memory: a
// pointer, slice or map that is the same in both.
func sharedMem(a, b reflect.Value, path string, out *[]string) {
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return
		}
		if a.Pointer() == b.Pointer() {
			*out = append(*out, path+" (pointer)")
			return
		}
		sharedMem(a.Elem(), b.Elem(), path, out)
	case reflect.Slice:
		if a.Len() == 0 || b.Len() == 0 {
			return
		}
		if a.Pointer() == b.Pointer() {
			*out = append(*out, path+" (slice)")
			return
		}
		for i := range min(a.Len(), b.Len()) {
			sharedMem(a.Index(i), b.Index(i), path+"[i]", out)
		}
	case reflect.Map:
		if a.IsNil() || b.IsNil() {
			return
		}
		if a.Pointer() == b.Pointer() {
			*out = append(*out, path+" (map)")
			return
		}
		for _, k := range a.MapKeys() {
			if bv := b.MapIndex(k); bv.IsValid() {
				sharedMem(a.MapIndex(k), bv, path+"[k]", out)
			}
		}
	case reflect.Struct:
		for i := range a.NumField() {
			sharedMem(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name, out)
		}
	case reflect.Array:
		for i := range a.Len() {
			sharedMem(a.Index(i), b.Index(i), path+"[i]", out)
		}
	}
}

// TestScenarioCloneSharesNoMemory: with every slice, pointer and map of a
// Scenario non-empty, its Clone shares no memory with it.
func TestScenarioCloneSharesNoMemory(t *testing.T) {
	s := &Scenario{}
	fill(reflect.ValueOf(s).Elem(), 0)
	c := s.Clone()
	var out []string
	sharedMem(reflect.ValueOf(s), reflect.ValueOf(c), "Scenario", &out)
	for _, o := range out {
		t.Error(o)
	}
}
