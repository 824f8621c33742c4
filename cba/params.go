package cba

import (
	"fmt"
	"reflect"
)

// Parameter is one number of a scenario at one place, named by the path a
// scenario file uses for it (e.g.
// "arms.ips.groups.under30.employment.points[0].share").
type Parameter struct {
	Path  string
	Value float64 // a whole number for Integer bounds
	Bound Bound
	Unit  string // e.g. "NOK a month", "share", "months"
	// Label is a reader's words for the field ("weekly hours in work"),
	// from the format's table.
	Label string
	// Field is the format's table's row that describes it.
	Field *Field
}

// ref points at one number of a scenario: a float64, an int, or a switch
// (a bool, read as the whole number 0 or 1). A duration (horizon > 0) that
// holds 0 — left out — runs the whole horizon: its value is the horizon's
// months.
type ref struct {
	f       *float64
	i       *int
	b       *bool
	horizon int
}

func (r ref) get() float64 {
	switch {
	case r.i != nil:
		return float64(*r.i)
	case r.b != nil:
		if *r.b {
			return 1
		}
		return 0
	}
	if r.wholeHorizon() {
		return float64(r.horizon)
	}
	return *r.f
}

// wholeHorizon says that the number is a duration left out: it runs the
// whole horizon, whatever the horizon is.
func (r ref) wholeHorizon() bool { return r.f != nil && r.horizon > 0 && *r.f == 0 }

func (r ref) set(v float64) {
	switch {
	case r.i != nil:
		*r.i = int(v)
	case r.b != nil:
		*r.b = v != 0
	default:
		*r.f = v
	}
}

// visitor receives each number of a scenario in a fixed order, with the
// table's field that describes it.
type visitor func(path string, r ref, f *Field, unit string)

// walk calls visit for every number of s, as the scenario format's table
// (Format) describes them. The order depends only on the structure of s
// (names, list lengths, rule kinds), never on values, so a clone walks in
// the same order.
func (s *Scenario) walk(visit visitor) {
	w := walker{cur: s.Currency, visit: visit, s: s}
	w.fields(format.Fields, reflect.ValueOf(s).Elem(), "", []any{s})
}

type walker struct {
	cur   string
	visit visitor
	s     *Scenario
}

// fields visits the numbers of the fields of record rec at path;
// enclosing holds rec and the records around it, innermost first.
func (w *walker) fields(fs []*Field, rec reflect.Value, path string, enclosing []any) {
	for _, f := range fs {
		if ok, _ := f.Belongs(enclosing); !ok {
			continue
		}
		p := joinPath(path, f.Key)
		v := f.Value(rec)
		switch f.Kind {
		case Number:
			r := ref{f: v.Addr().Interface().(*float64)}
			if f.Bound.Duration {
				r.horizon = w.s.HorizonMonths
			}
			w.visit(p, r, f, f.UnitIn(enclosing, w.cur))
		case Whole:
			w.visit(p, ref{i: v.Addr().Interface().(*int)}, f, f.UnitIn(enclosing, w.cur))
		case Flag:
			w.visit(p, ref{b: v.Addr().Interface().(*bool)}, f, f.UnitIn(enclosing, w.cur))
		case Record:
			if v.Kind() == reflect.Pointer {
				if v.IsNil() {
					continue
				}
				v = v.Elem()
			}
			w.fields(f.Fields, v, p, enclose(f, v, enclosing))
		case List:
			for i := range v.Len() {
				item := v.Index(i)
				w.fields(f.Fields, item, fmt.Sprintf("%s[%d]", p, i), enclose(f, item, enclosing))
			}
		case Entries:
			for i := range v.Len() {
				item := v.Index(i)
				w.fields(f.Fields, item, p+"."+item.FieldByName("Name").String(), enclose(f, item, enclosing))
			}
		case Matched:
			names := w.s.names(f.Of)
			for i := range min(v.Len(), len(names)) {
				item := v.Index(i)
				w.fields(f.Fields, item, p+"."+names[i], enclose(f, item, enclosing))
			}
		case PayerSplit:
			sp := v.Interface().(Split)
			if len(sp) < 2 {
				continue // one payer's share is no number: the whole
			}
			for i := range sp {
				w.visit(joinPath(path, f.Many)+"."+sp[i].Payer, ref{f: &sp[i].Share}, f, f.UnitIn(enclosing, w.cur))
			}
		}
	}
}

// enclose returns the enclosing values within record v of field f: v
// itself first, unless f is held in the enclosing struct.
func enclose(f *Field, v reflect.Value, enclosing []any) []any {
	if f.Go == "" {
		return enclosing
	}
	return append([]any{v.Addr().Interface()}, enclosing...)
}

// names returns the names of the top-level entries with the given key
// ("benefits", "groups"), in order.
func (s *Scenario) names(key string) []string {
	var out []string
	switch key {
	case "benefits":
		for _, b := range s.Benefits {
			out = append(out, b.Name)
		}
	case "groups":
		for _, g := range s.Groups {
			out = append(out, g.Name)
		}
	}
	return out
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func timingUnit(t Timing) string {
	if t == OneOff {
		return "once"
	}
	return "a month"
}

// Parameters returns every number of s with its path, value, bound and
// unit, in a fixed order.
func (s *Scenario) Parameters() []Parameter {
	if s == nil {
		return nil
	}
	var ps []Parameter
	s.walk(func(path string, r ref, f *Field, unit string) {
		ps = append(ps, Parameter{Path: path, Value: r.get(), Bound: f.Bound, Unit: unit, Label: f.Label, Field: f})
	})
	return ps
}
