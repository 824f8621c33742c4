package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"ipscba/cba"
	"ipscba/cba/htmlreport"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// The page's state is in its form: the changes made so far ("name=text",
// in the order made) are hidden fields named "edit", and "sha256" is the
// hash of the files the page was made from. A small script sends, of the
// numbers' fields, only those the planner edited (and those marked wrong),
// and the reasons given ("why:NAME"); a browser without scripts sends them
// all, and a field whose text is the one the page showed is no change. So
// the server knows what was edited: it never guesses which shares were set
// and which only rescaled.
//
// The specialist's cost a year and caseload (htmlreport.AnnualCostField,
// CaseloadField) are fields of the page's own: when either is changed,
// both given, they set the specialist's cost per participant-month
// (htmlreport.SpecialistCost) to cost / caseload / 12, and they are kept
// among the page's changes as "derive:...=text" so that the fields show
// them again. A change of the cost per participant-month itself clears
// them.

// edit is what a form sent: the page's earlier changes and the planner's.
type edit struct {
	values  map[string]string // the numbers' fields sent, by factor name, as typed
	earlier []string          // the changes the page had made, name=text
	sets    []string          // with this form's: name=text, one a name, in the order made
	empty   []string          // factors whose field was emptied
	twice   []string          // factors whose field was sent more than once
	why     map[string]string // the reasons given, by factor name
	errors  map[string]string // messages beside the page's own fields
	err     error             // the form could not be read, or was made from other files
	files   *scenario.File    // the request's one read of the files (nil before it)
}

// formFields are the fields of the page's form that are not numbers.
var formFields = []string{"do", "save_as", "edit", "sha256", htmlreport.AnnualCostField, htmlreport.CaseloadField}

// readForm reads a posted form as the page sends it, and nothing else.
func readForm(r *http.Request) error {
	r.Body = http.MaxBytesReader(nil, r.Body, 1<<20)
	if ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); strings.TrimSpace(ct) != "application/x-www-form-urlencoded" {
		return fmt.Errorf("the form must be sent as application/x-www-form-urlencoded, as the page sends it, not %q: nothing was changed", ct)
	}
	if r.URL.RawQuery != "" {
		return errors.New("numbers in the address (after ?) are not read, only the form's: nothing was changed")
	}
	if err := r.ParseForm(); err != nil {
		return fmt.Errorf("the form could not be read (%v): nothing was changed", err)
	}
	return nil
}

// form reads the posted fields: the page's earlier changes, and each field
// whose text differs from the one the page showed, a change.
func (s *server) form(r *http.Request) *edit {
	if err := readForm(r); err != nil {
		return &edit{err: err}
	}
	files, err := s.load() // once: the form is checked against, and made on, this read
	if err != nil {
		return &edit{err: err}
	}
	cur, err := s.apply(files, nil, nil) // the files as they are, with the command's -set
	if err != nil {
		return &edit{err: err, files: files}
	}
	factors, _ := cur.file.Factors()
	if err := unknownFields(r, factors); err != nil {
		return &edit{err: err, files: files}
	}
	earlier, err := earlierEdits(r.PostForm["edit"], factors)
	if err != nil {
		return &edit{err: err, files: files}
	}
	e := &edit{values: map[string]string{}, earlier: earlier, why: reasons(r, factors), errors: map[string]string{}, files: files}
	for name, why := range e.why {
		if n := utf8.RuneCountInString(why); n > htmlreport.MaxWhy {
			e.errors[name] = s.word("the reason why is %s characters long: give at most %s", strconv.Itoa(n), strconv.Itoa(htmlreport.MaxWhy))
		}
	}
	if sent := r.PostForm.Get("sha256"); sent != "" && sent != cur.sha256 {
		e.err = errors.New(s.word("the scenario file or a file it extends has changed on disk since this page was shown (sha256 %s, now %s): nothing was changed or saved; the page now shows the files as they are",
			short12(sent), short12(cur.sha256)))
		return e
	}
	shown := s.shownTexts(files, earlier)
	p := report.NewPrinter(s.lang, cur.file.Scenario)
	label := func(name string) string { return htmlreport.FieldLabel(p, cur.file.Scenario, factors, name) }
	var changes []string
	for _, fc := range factors {
		if kv, ok := s.field(r, e, fc.Name, shown[fc.Name], label); ok {
			changes = append(changes, kv)
		}
	}
	changes = s.derive(r, e, cur.file, factors, earlier, changes, label)
	e.sets = setBack(merged(earlier, changes), cur.file.Scenario, factors)
	return e
}

// field reads the field of a number: its text as typed goes into
// e.values, an emptied or doubled field into e.empty or e.twice, and a
// text that is not the one shown is a change, "name=text" with the number
// as a file writes it (htmlreport.ReadNumber); a form of a number the page
// refuses (650.000 in Bokmål) goes into e.errors, with the field's label.
func (s *server) field(r *http.Request, e *edit, name, shown string, label func(string) string) (string, bool) {
	v, ok := r.PostForm[name]
	if !ok || len(v) == 0 {
		return "", false
	}
	text := strings.TrimSpace(v[0])
	e.values[name] = text
	switch {
	case len(v) > 1:
		e.twice = append(e.twice, name)
	case text == "":
		e.empty = append(e.empty, name)
	case differs(s.lang, text, shown):
		number, err := htmlreport.ReadNumber(s.lang, text)
		if err != nil {
			e.errors[name] = label(name) + ": " + s.message(err)
			return "", false
		}
		return name + "=" + number, true
	}
	return "", false
}

// reasons are the reasons given with the form, by factor name: without
// control characters and surrounding spaces, whole (one longer than
// htmlreport.MaxWhy is refused by form, never cut); empty ones are left
// out.
func reasons(r *http.Request, factors []scenario.Factor) map[string]string {
	out := map[string]string{}
	for _, fc := range factors {
		text := strings.Join(strings.FieldsFunc(r.PostForm.Get(htmlreport.WhyPrefix+fc.Name), func(c rune) bool {
			return c < ' ' || c == 0x7f || c == ' '
		}), " ")
		if text != "" {
			out[fc.Name] = text
		}
	}
	return out
}

// unknownFields refuses a form with fields of no number on the page.
func unknownFields(r *http.Request, factors []scenario.Factor) error {
	var unknown []string
	isFactor := func(name string) bool {
		return slices.ContainsFunc(factors, func(fc scenario.Factor) bool { return fc.Name == name })
	}
	for name := range r.PostForm {
		why, isWhy := strings.CutPrefix(name, htmlreport.WhyPrefix)
		if !slices.Contains(formFields, name) && !isFactor(name) && !(isWhy && isFactor(why)) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return fmt.Errorf("the form has fields of no number on the page (%s): nothing was changed", strings.Join(unknown, ", "))
	}
	return nil
}

// earlierEdits checks the page's earlier changes: name=text, each name a
// factor's or one of the page's own fields, once.
func earlierEdits(list []string, factors []scenario.Factor) ([]string, error) {
	seen := map[string]bool{}
	for _, kv := range list {
		name, _, ok := strings.Cut(kv, "=")
		known := isDerived(name) || slices.ContainsFunc(factors, func(fc scenario.Factor) bool { return fc.Name == name })
		if !ok || seen[name] || !known {
			return nil, fmt.Errorf("the page's earlier changes could not be read (%q): nothing was changed; reload the page", kv)
		}
		seen[name] = true
	}
	return list, nil
}

// isDerived says whether a field is one of the page's own, not a number.
func isDerived(name string) bool {
	return name == htmlreport.AnnualCostField || name == htmlreport.CaseloadField
}

// numberEdits are the changes among edits that set numbers: the page's
// own fields left out.
func numberEdits(edits []string) []string {
	return slices.DeleteFunc(slices.Clone(edits), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return isDerived(name)
	})
}

// differs says whether a field's text is a change from the text shown: not
// the same text, nor the same number written otherwise (24.0 for 24, 5 278
// for 5278). A text the page does not read as a number is a change (for
// the scenario's reader, or ReadNumber, to refuse).
func differs(lang report.Lang, text, shown string) bool {
	if text == shown {
		return false
	}
	x, err1 := readNumber(lang, text)
	y, err2 := readNumber(lang, shown)
	return err1 != nil || err2 != nil || x != y
}

// readNumber reads a field's text as a number, in the page's forms
// (htmlreport.ReadNumber) and then as a file writes it.
func readNumber(lang report.Lang, text string) (float64, error) {
	t, err := htmlreport.ReadNumber(lang, text)
	if err != nil {
		return 0, err
	}
	return scenario.ParseNumber(t)
}

// merged is the page's changes after a form: the earlier ones, each
// replaced by the form's change of the same number, then the form's new
// ones; a field of the page's own emptied is no longer kept.
func merged(earlier, changes []string) []string {
	var out []string
	byName := map[string]string{}
	for _, kv := range changes {
		name, _, _ := strings.Cut(kv, "=")
		byName[name] = kv
	}
	for _, kv := range earlier {
		name, _, _ := strings.Cut(kv, "=")
		if c, ok := byName[name]; ok {
			kv = c
			delete(byName, name)
		}
		out = append(out, kv)
	}
	for _, kv := range changes {
		name, _, _ := strings.Cut(kv, "=")
		if _, ok := byName[name]; ok {
			out = append(out, kv)
		}
	}
	return slices.DeleteFunc(out, func(kv string) bool {
		name, text, _ := strings.Cut(kv, "=")
		return isDerived(name) && text == "" // the page's own field, cleared
	})
}

// setBack leaves out of the page's changes sets each number set back to
// its value in the files (factors, of s) when s with the changes is the
// same scenario without it. The scenario's Apply decides, as for -set, so
// that the page makes what the command makes of the same changes: a share
// set back to its value while another share of its set is set stays set
// (left out, Apply would rescale it with the others), and a drawn number
// set to its mean is fixed. Changes that cannot be made are kept, for
// their messages.
func setBack(sets []string, s *cba.Scenario, factors []scenario.Factor) []string {
	applied := func(list []string) (string, bool) {
		var ovs []cba.Override
		for _, kv := range numberEdits(list) {
			ov, err := scenario.ParseOverride(kv)
			if err != nil {
				return "", false
			}
			ovs = append(ovs, ov)
		}
		w := s.Clone()
		if _, err := w.Apply(ovs...); err != nil {
			return "", false
		}
		return w.Fingerprint(), true
	}
	out := slices.Clone(sets)
	for i := 0; i < len(out); {
		name, text, _ := strings.Cut(out[i], "=")
		k := slices.IndexFunc(factors, func(fc scenario.Factor) bool { return fc.Name == name })
		if v, err := scenario.ParseNumber(text); k < 0 || err != nil || v != factors[k].Value {
			i++
			continue
		}
		without := slices.Delete(slices.Clone(out), i, i+1)
		with, ok1 := applied(out)
		less, ok2 := applied(without)
		if ok1 && ok2 && with == less {
			out = without
			continue
		}
		i++
	}
	return out
}

// shownTexts are the texts of the fields of the page with the changes
// edits made: each factor's as the page shows it (a distribution as the
// file writes it, or the distribution typed), and the page's own fields'.
func (s *server) shownTexts(files *scenario.File, edits []string) map[string]string {
	l, err := s.apply(files, edits, nil)
	if err != nil {
		if l, err = s.apply(files, nil, nil); err != nil {
			return nil
		}
		edits = nil
	}
	factors, _ := l.file.Factors()
	texts := map[string]string{}
	for _, fc := range factors {
		texts[fc.Name] = htmlreport.ShownText(s.lang, fc)
	}
	for name, text := range typed(edits) {
		texts[name] = text
	}
	return texts
}

// typed are the distributions among edits, as typed, by factor name: the
// field shows them so, and sends them again, rather than their mean.
func typed(edits []string) map[string]string {
	out := map[string]string{}
	for _, kv := range edits {
		if name, text, _ := strings.Cut(kv, "="); strings.HasPrefix(strings.TrimSpace(text), "{") {
			out[name] = strings.TrimSpace(text)
		}
	}
	return out
}

// derivedTexts are the page's own fields among edits, by name.
func derivedTexts(edits []string) map[string]string {
	out := map[string]string{}
	for _, kv := range edits {
		if name, text, _ := strings.Cut(kv, "="); isDerived(name) {
			out[name] = text
		}
	}
	return out
}

// view is the scenario as the page shows it after a form.
type view struct {
	l           *loaded
	edits       []string          // the page's changes made
	values      map[string]string // fields' texts other than their factor's value
	fieldErrors map[string]string
	why         map[string]string // the reasons given, by factor name
	err         error             // why the form's changes were not made
	posted      bool              // made from a form, not the page as loaded
	files       *scenario.File    // the request's one read of the files
}

// view makes the command's -set and the page's changes together on the
// request's read of the files (the form's, else a new one). When the form's changes cannot be made, the
// page shows the scenario with its earlier changes, the fields as typed
// and the errors, by factor name.
func (s *server) view(e *edit) (*view, error) {
	var files *scenario.File
	if e != nil {
		files = e.files
	}
	if files == nil {
		var err error
		if files, err = s.load(); err != nil {
			return nil, err
		}
	}
	if e == nil {
		l, err := s.apply(files, nil, nil)
		return &view{l: l, files: files}, err
	}
	v := &view{fieldErrors: map[string]string{}, why: e.why, err: e.err, posted: true, files: files}
	for _, name := range e.empty {
		v.fieldErrors[name] = s.word("is required: give a number")
	}
	for _, name := range e.twice {
		v.fieldErrors[name] = s.word("is sent more than once: give it once")
	}
	for name, msg := range e.errors {
		v.fieldErrors[name] = msg
	}
	if len(v.fieldErrors) > 0 && v.err == nil {
		v.err = errors.New(s.word("some numbers could not be read"))
	}
	if v.err == nil {
		if v.l, v.err = s.apply(files, e.sets, v.fieldErrors); v.err == nil {
			v.edits, v.values = e.sets, typed(e.sets)
			return v, nil
		}
	}
	v.edits = e.earlier
	l, err := s.apply(files, e.earlier, nil)
	if err != nil {
		v.edits = nil
		if l, err = s.apply(files, nil, nil); err != nil {
			return nil, err
		}
	}
	v.l, v.values = l, typed(v.edits)
	for name, text := range e.values {
		v.values[name] = text
	}
	return v, nil
}

// apply makes the command's -set and the page's changes mine together
// (its own fields left out) on a copy of files, the request's read of the
// scenario (load). Where a change cannot be made, its error goes into
// fieldErrors (when not nil) by factor name.
func (s *server) apply(files *scenario.File, mine []string, fieldErrors map[string]string) (*loaded, error) {
	f := files.Clone()
	all := append(slices.Clone(s.base), numberEdits(mine)...)
	l := &loaded{file: f, path: filepath.ToSlash(s.path), sha256: f.SHA256, overrides: all}
	var ovs []cba.Override
	bad := false
	for _, kv := range all {
		ov, err := scenario.ParseOverride(kv)
		if err != nil {
			name, _, _ := strings.Cut(kv, "=")
			note(fieldErrors, name, s.message(err))
			bad = true
			continue
		}
		ovs = append(ovs, ov)
	}
	if bad {
		return nil, errors.New(s.word("some numbers could not be read"))
	}
	if len(ovs) > 0 {
		var err error
		if l.changes, err = f.Apply(ovs...); err != nil {
			factors, _ := f.Factors()
			for _, e := range cbaErrors(err) {
				name := e.Path
				for _, fc := range factors {
					if slices.Contains(fc.Paths, e.Path) || fc.Name == e.Path {
						name = fc.Name
					}
				}
				note(fieldErrors, name, s.message(&cba.Error{Msg: e.Msg, Format: e.Format, Args: e.Args}))
			}
			return nil, err
		}
	}
	return l, nil
}

// load reads the scenario as its files are now, once a request: the last
// parse while every file it read still has the SHA-256 it had then, else a
// new parse. Requests share it, so no one changes it: apply makes each
// what-if on a copy.
func (s *server) load() (*scenario.File, error) {
	s.mu.Lock()
	last := s.parsed
	s.mu.Unlock()
	if last != nil && unchanged(last) {
		return last, nil
	}
	f, err := scenario.Load(s.path)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.parsed = f
	s.mu.Unlock()
	return f, nil
}

// unchanged says whether every file f read still has the SHA-256 it had.
func unchanged(f *scenario.File) bool {
	for i, name := range f.Files {
		data, err := scenario.ReadRegular(name, scenario.MaxFileSize)
		if err != nil {
			return false
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != f.Sums[i] {
			return false
		}
	}
	return true
}

// message writes err in the page's language.
func (s *server) message(err error) string { return report.NewPrinter(s.lang, nil).Message(err) }

// note puts a message beside a field, when there are fields.
func note(fieldErrors map[string]string, name, msg string) {
	if fieldErrors != nil {
		fieldErrors[name] = msg
	}
}

func cbaErrors(err error) []*cba.Error {
	var list cba.Errors
	if errors.As(err, &list) {
		return list
	}
	var one *cba.Error
	if errors.As(err, &one) {
		return []*cba.Error{one}
	}
	return []*cba.Error{{Msg: err.Error()}}
}

// changesText says what the page's changes did, in the page's language:
// each number set, and the shares rescaled with it.
func (s *server) changesText(l *loaded) string {
	var parts []string
	for _, ch := range l.changes {
		text := ch.Override.String()
		for _, r := range ch.Rescaled {
			text += " " + s.word("(rescaled %s %s -> %s)", r.Factor, short6(r.From), short6(r.To))
		}
		parts = append(parts, text)
	}
	return strings.Join(parts, "; ")
}
