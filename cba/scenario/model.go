package scenario

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"ipscba/cba"
)

// scenario reads the whole file into a cba.Scenario, as the scenario
// format's table (cba.Format) describes it.
func (d *decoder) scenario(root *yaml.Node) *cba.Scenario {
	s := &cba.Scenario{}
	f := d.record(root, "", cba.Format(), reflect.ValueOf(s).Elem(), []any{s})
	d.readAbout(f.get("about", false))
	s.Published = d.readPublished(f.get("published", false))
	s.Uncertainty = d.uncertainty
	d.correlations(f.get("uncertainty", false), &s.Uncertainty)
	s.Texts = d.texts
	for _, p := range d.params {
		if len(p.Paths) > 1 && !strings.HasPrefix(p.Path, "uncertainty.") {
			s.Aliases = append(s.Aliases, slices.Clone(p.Paths))
		}
	}
	if len(d.errs) == 0 {
		s.UseMeans()
	}
	return s
}

// readAbout reads what a scenario is for.
func (d *decoder) readAbout(n *yaml.Node) {
	af := d.fields(n, "about", cba.Format().Child("about").Keys()...)
	d.about = About{Population: af.prose("population", false), Country: af.prose("country", false),
		Question: af.prose("question", false), DecidedBy: af.prose("decided_by", false)}
	for i, n := range af.list("sources", false) {
		d.about.Sources = append(d.about.Sources, d.prose(n, fmt.Sprintf("about.sources[%d]", i)))
	}
}

// readPublished reads the published figures: plain numbers and words, as
// the format's table lists them; they are not numbers of the model.
func (d *decoder) readPublished(n *yaml.Node) []cba.Published {
	spec := cba.Format().Child("published").Child("NAME")
	var out []cba.Published
	for _, e := range d.entries(n, "published") {
		f := d.fields(e.val, e.fullPath, spec.Keys()...)
		if f.absent {
			d.fail(e.line, e.fullPath, "must be a mapping of the figure's fields")
			continue
		}
		plain := func(key string, required bool) float64 {
			v := f.get(key, required)
			if v == nil {
				return 0
			}
			x, _ := d.scalar(v, join(e.fullPath, key), false)
			return x
		}
		names := func(key string) []string {
			var ns []string
			for i, item := range f.list(key, false) {
				if item.Kind != yaml.ScalarNode || isNull(item) {
					d.fail(item.Line, fmt.Sprintf("%s.%s[%d]", e.fullPath, key, i), "must be a name, got %s", kindName(item))
					continue
				}
				ns = append(ns, item.Value)
			}
			return ns
		}
		p := cba.Published{Name: e.key, Label: f.prose("label", true), Citation: f.prose("citation", true),
			Value: plain("value", true), ToModel: plain("to_model", false),
			Measure: cba.FigureMeasure(f.word("measure", true, cba.FigureMeasures...)), Arm: f.str("arm", false),
			Perspectives: names("perspectives"), Of: names("of"), Components: names("components"),
			Side: cba.Side(f.word("side", false, cba.Sides...)), Tolerance: plain("tolerance", false), Reason: f.prose("reason", false)}
		if m := f.get("months", false); m != nil {
			x, _ := d.scalar(m, join(e.fullPath, "months"), true)
			p.Months = int(x)
		}
		out = append(out, p)
	}
	return out
}

// record reads mapping n at path into rec, a struct, by the fields of
// spec; enclosing holds the records around the field, innermost first
// (rec itself, unless spec is held in the enclosing struct).
func (d *decoder) record(n *yaml.Node, path string, spec *cba.Field, rec reflect.Value, enclosing []any) fields {
	f := d.fields(n, path, spec.Keys()...)
	if f.absent {
		return f
	}
	if len(spec.OneOf) > 0 {
		d.oneOf(f, path, spec, rec)
	}
	if len(spec.AnyOf) > 0 && !slices.ContainsFunc(spec.AnyOf, f.has) {
		line := f.line
		if l, ok := d.lines[path]; ok {
			line = l
		}
		d.fail(line, path, "%s", cba.Phrase(spec.AnyOfMsg))
	}
	for _, c := range spec.Fields {
		d.field(f, c, rec, enclosing)
	}
	return f
}

// oneOf sets the field of rec that says which of spec.OneOf the mapping
// gives, and reports none or several.
func (d *decoder) oneOf(f fields, path string, spec *cba.Field, rec reflect.Value) {
	given := -1
	count := 0
	for i, k := range spec.OneOf {
		if f.has(k) {
			given, count = i, count+1
		}
	}
	switch {
	case count > 1 || (count == 0 && !spec.OneOfFirst):
		d.fail(f.line, path, "%s", cba.Phrase(spec.OneOfMsg))
		given = 0
	case count == 0:
		given = 0
	}
	v := rec.FieldByName(spec.OneOfGo)
	if v.Kind() == reflect.Bool {
		v.SetBool(given == 1)
	} else {
		v.SetInt(int64(given + spec.OneOfBase))
	}
}

// field reads field c of the mapping f into rec.
func (d *decoder) field(f fields, c *cba.Field, rec reflect.Value, enclosing []any) {
	p := join(f.path, c.Key)
	if c.Given != "" {
		rec.FieldByName(c.Given).SetBool(f.has(c.Key))
	}
	if ok, why := c.Belongs(enclosing); !ok {
		if why != "" && (f.has(c.Key) || (c.Many != "" && f.has(c.Many))) {
			d.fail(f.line, p, "%s", cba.Phrase(why))
		}
		return
	}
	required := c.Required || (c.RequiredWhen != nil && c.RequiredWhen.Holds(enclosing))
	if required && c.Missing != "" && !f.has(c.Key) && !f.absent {
		d.fail(f.line, p, "%s", cba.Phrase(c.Missing))
		required = false
	}
	v := c.Value(rec)
	if !d.scalarField(f, c, v, required) {
		d.containerField(f, c, v, p, required, enclosing)
	}
}

// scalarField reads a field that holds one value (a number, text, word or
// flag) into v, and says whether c is such a field.
func (d *decoder) scalarField(f fields, c *cba.Field, v reflect.Value, required bool) bool {
	switch c.Kind {
	case cba.Number:
		v.SetFloat(f.number(c.Key, required, c.Default))
	case cba.Whole:
		v.SetInt(int64(f.integer(c.Key, required, 0)))
	case cba.Text:
		v.SetString(f.str(c.Key, required))
	case cba.Prose:
		v.SetString(f.prose(c.Key, required))
	case cba.Flag:
		v.SetBool(f.boolean(c.Key))
	case cba.Word:
		i := f.word(c.Key, required, c.Words...)
		if v.Kind() == reflect.Bool {
			v.SetBool(i == 1)
		} else {
			v.SetInt(int64(i + c.WordBase))
		}
	default:
		return false
	}
	return true
}

// containerField reads a field that holds records, payers or names into v.
func (d *decoder) containerField(f fields, c *cba.Field, v reflect.Value, p string, required bool, enclosing []any) {
	switch c.Kind {
	case cba.Record:
		n := f.get(c.Key, required)
		if n == nil {
			return
		}
		if v.Kind() == reflect.Pointer {
			v.Set(reflect.New(v.Type().Elem()))
			v = v.Elem()
		}
		d.record(n, p, c, v, enclosed(c, v, enclosing))
	case cba.List:
		for i, item := range f.list(c.Key, required) {
			elem := reflect.New(v.Type().Elem()).Elem()
			d.record(item, fmt.Sprintf("%s[%d]", p, i), c, elem, enclosed(c, elem, enclosing))
			v.Set(reflect.Append(v, elem))
		}
	case cba.Entries:
		for _, e := range d.entries(f.get(c.Key, required), p) {
			elem := reflect.New(v.Type().Elem()).Elem()
			elem.FieldByName("Name").SetString(e.key)
			d.record(e.val, e.fullPath, c, elem, enclosed(c, elem, enclosing))
			v.Set(reflect.Append(v, elem))
		}
	case cba.Matched:
		d.matched(f, c, v, enclosing)
	case cba.PayerSplit:
		v.Set(reflect.ValueOf(f.split(c.Key, c.Many)))
	case cba.Names:
		for i, n := range f.list(c.Key, required) {
			if n.Kind != yaml.ScalarNode || isNull(n) {
				d.fail(n.Line, fmt.Sprintf("%s[%d]", p, i), "must be a name, got %s", kindName(n))
			}
			v.Set(reflect.Append(v, reflect.ValueOf(n.Value)))
		}
	}
}

// matched reads a mapping keyed by the names of the top-level entries
// c.Of into v, a slice indexed like them.
func (d *decoder) matched(f fields, c *cba.Field, v reflect.Value, enclosing []any) {
	p := join(f.path, c.Key)
	s := enclosing[len(enclosing)-1].(*cba.Scenario)
	var names []string
	switch c.Of {
	case "benefits":
		for _, b := range s.Benefits {
			names = append(names, b.Name)
		}
	case "groups":
		for _, g := range s.Groups {
			names = append(names, g.Name)
		}
	}
	v.Set(reflect.MakeSlice(v.Type(), len(names), len(names)))
	given := make([]bool, len(names))
	n := f.get(c.Key, c.Required)
	for _, e := range d.entries(n, p) {
		k := slices.Index(names, e.key)
		if k < 0 {
			d.fail(e.line, e.fullPath, "unknown %s %q (not under %s:)", cba.Phrase(strings.TrimSuffix(c.Of, "s")), e.key, c.Of)
			continue
		}
		given[k] = true
		elem := v.Index(k)
		d.record(e.val, e.fullPath, c, elem, enclosed(c, elem, enclosing))
	}
	for k, ok := range given {
		if !ok && c.AllOf && n != nil {
			d.fail(d.lines[p], p+"."+names[k], "%s", cba.Phrase(c.Missing))
		}
	}
}

// enclosed returns the values enclosing the fields of record v of field c.
func enclosed(c *cba.Field, v reflect.Value, enclosing []any) []any {
	if c.Go == "" {
		return enclosing
	}
	return append([]any{v.Addr().Interface()}, enclosing...)
}

// correlations reads the uncertainty section: rank correlations between
// uncertain numbers, and Dirichlet draws of shares.
func (d *decoder) correlations(n *yaml.Node, u *cba.Uncertainty) {
	f := d.fields(n, "uncertainty", "correlations", "dirichlet")
	paths := func(n *yaml.Node, path string) []string {
		var ps []string
		if n = resolve(n); n == nil {
			return nil
		}
		if n.Kind != yaml.SequenceNode {
			d.fail(n.Line, path, "must be a list of parameter paths, got %s", kindName(n))
			return nil
		}
		for _, item := range n.Content {
			if item = resolve(item); item.Kind != yaml.ScalarNode || isNull(item) {
				d.fail(item.Line, path, "must be a list of parameter paths, got %s", kindName(item))
				continue
			}
			ps = append(ps, item.Value)
		}
		return ps
	}
	for i, c := range f.list("correlations", false) {
		p := fmt.Sprintf("uncertainty.correlations[%d]", i)
		cf := d.fields(c, p, append([]string{"between", "rank"}, provenanceKeys()...)...)
		cf.provenance()
		between := paths(cf.get("between", true), p+".between")
		if len(between) != 2 && cf.has("between") {
			d.fail(cf.line, p+".between", "names two parameters, got %d", len(between))
			continue
		}
		rank := cf.number("rank", true, 0)
		if len(between) == 2 {
			u.Correlations = append(u.Correlations, cba.Correlation{A: between[0], B: between[1], Rank: rank})
		}
	}
	for i, c := range f.list("dirichlet", false) {
		p := fmt.Sprintf("uncertainty.dirichlet[%d]", i)
		df := d.fields(c, p, append([]string{"shares", "concentration"}, provenanceKeys()...)...)
		df.provenance()
		u.Dirichlets = append(u.Dirichlets, cba.Dirichlet{
			Paths:         paths(df.get("shares", true), p+".shares"),
			Concentration: df.number("concentration", true, 0),
		})
	}
}
