package main

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"ipscba/cba"
	"ipscba/cba/htmlreport"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// The page's state is in its form: the changes made so far ("name=text",
// in the order made) are hidden fields named "edit", and "sha256" is the
// hash of the files the page was made from. A small script sends, of the
// numbers' fields, only those the planner edited (and those marked wrong);
// a browser without scripts sends them all, and a field whose text is the
// one the page showed is no change. So the server knows what was edited:
// it never guesses which shares were set and which only rescaled.

// edit is what a form sent: the page's earlier changes and the planner's.
type edit struct {
	values  map[string]string // the numbers' fields sent, by factor name, as typed
	earlier []string          // the changes the page had made, name=text
	sets    []string          // with this form's: name=text, one a name, in the order made
	empty   []string          // factors whose field was emptied
	twice   []string          // factors whose field was sent more than once
	err     error             // the form could not be read, or was made from other files
}

// formFields are the fields of the page's form that are not numbers.
var formFields = []string{"do", "save_as", "edit", "sha256"}

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
	cur, err := s.apply(nil, nil) // the files as they are, with the command's -set
	if err != nil {
		return &edit{err: err}
	}
	factors, _ := cur.file.Factors()
	if err := unknownFields(r, factors); err != nil {
		return &edit{err: err}
	}
	earlier, err := earlierEdits(r.PostForm["edit"], factors)
	if err != nil {
		return &edit{err: err}
	}
	e := &edit{values: map[string]string{}, earlier: earlier}
	if sent := r.PostForm.Get("sha256"); sent != "" && sent != cur.sha256 {
		e.err = errors.New(s.word("the scenario file or a file it extends has changed on disk since this page was shown (sha256 %s, now %s): nothing was changed or saved; the page now shows the files as they are",
			short12(sent), short12(cur.sha256)))
		return e
	}
	shown := s.shownTexts(earlier)
	decimalComma := regexp.MustCompile(`^-?[0-9]+,[0-9]+$`)
	var changes []string
	for _, fc := range factors {
		v, ok := r.PostForm[fc.Name]
		if !ok || len(v) == 0 {
			continue
		}
		text := strings.TrimSpace(v[0])
		e.values[fc.Name] = text
		if len(v) > 1 {
			e.twice = append(e.twice, fc.Name)
			continue
		}
		if s.lang == report.Bokmal && decimalComma.MatchString(text) {
			text = strings.Replace(text, ",", ".", 1) // 12,5 is twelve and a half in Norwegian
		}
		switch {
		case text == "":
			e.empty = append(e.empty, fc.Name)
		case differs(text, shown[fc.Name]):
			changes = append(changes, fc.Name+"="+text)
		}
	}
	e.sets = merged(earlier, changes, factors)
	return e
}

// unknownFields refuses a form with fields of no number on the page.
func unknownFields(r *http.Request, factors []scenario.Factor) error {
	var unknown []string
	for name := range r.PostForm {
		if !slices.Contains(formFields, name) && !slices.ContainsFunc(factors, func(fc scenario.Factor) bool { return fc.Name == name }) {
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
// factor's, once.
func earlierEdits(list []string, factors []scenario.Factor) ([]string, error) {
	seen := map[string]bool{}
	for _, kv := range list {
		name, _, ok := strings.Cut(kv, "=")
		if !ok || seen[name] || !slices.ContainsFunc(factors, func(fc scenario.Factor) bool { return fc.Name == name }) {
			return nil, fmt.Errorf("the page's earlier changes could not be read (%q): nothing was changed; reload the page", kv)
		}
		seen[name] = true
	}
	return list, nil
}

// differs says whether a field's text is a change from the text shown: not
// the same text, nor the same number written otherwise (24.0 for 24).
func differs(text, shown string) bool {
	if text == shown {
		return false
	}
	x, err1 := scenario.ParseNumber(text)
	y, err2 := scenario.ParseNumber(shown)
	return err1 != nil || err2 != nil || x != y
}

// merged is the page's changes after a form: the earlier ones, each
// replaced by the form's change of the same number, then the form's new
// ones; a number set back to its value in the files is no longer changed.
func merged(earlier, changes []string, factors []scenario.Factor) []string {
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
		i := slices.IndexFunc(factors, func(fc scenario.Factor) bool { return fc.Name == name })
		v, err := scenario.ParseNumber(text)
		return i >= 0 && err == nil && v == factors[i].Value
	})
}

// shownTexts are the texts of the numbers' fields of the page with the
// changes edits made: each factor's value, or the distribution typed.
func (s *server) shownTexts(edits []string) map[string]string {
	l, err := s.apply(edits, nil)
	if err != nil {
		if l, err = s.apply(nil, nil); err != nil {
			return nil
		}
		edits = nil
	}
	factors, _ := l.file.Factors()
	texts := map[string]string{}
	for _, fc := range factors {
		texts[fc.Name] = strconv.FormatFloat(fc.Value, 'f', -1, 64) // as the page writes it
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

// view is the scenario as the page shows it after a form.
type view struct {
	l           *loaded
	edits       []string          // the page's changes made
	values      map[string]string // fields' texts other than their factor's value
	fieldErrors map[string]string
	err         error // why the form's changes were not made
}

// view reads the scenario from disk and makes the command's -set and the
// page's changes together. When the form's changes cannot be made, the
// page shows the scenario with its earlier changes, the fields as typed
// and the errors, by factor name.
func (s *server) view(e *edit) (*view, error) {
	if e == nil {
		l, err := s.apply(nil, nil)
		return &view{l: l}, err
	}
	v := &view{fieldErrors: map[string]string{}, err: e.err}
	for _, name := range e.empty {
		v.fieldErrors[name] = s.word("is required: give a number")
	}
	for _, name := range e.twice {
		v.fieldErrors[name] = s.word("is sent more than once: give it once")
	}
	if len(v.fieldErrors) > 0 && v.err == nil {
		v.err = errors.New(s.word("some numbers could not be read"))
	}
	if v.err == nil {
		if v.l, v.err = s.apply(e.sets, v.fieldErrors); v.err == nil {
			v.edits, v.values = e.sets, typed(e.sets)
			return v, nil
		}
	}
	v.edits = e.earlier
	l, err := s.apply(e.earlier, nil)
	if err != nil {
		v.edits = nil
		if l, err = s.apply(nil, nil); err != nil {
			return nil, err
		}
	}
	v.l, v.values = l, typed(v.edits)
	for name, text := range e.values {
		v.values[name] = text
	}
	return v, nil
}

// apply reads the scenario from disk and makes the command's -set and the
// page's changes mine together. Where a change cannot be made, its error
// goes into fieldErrors (when not nil) by factor name.
func (s *server) apply(mine []string, fieldErrors map[string]string) (*loaded, error) {
	f, err := scenario.Load(s.path)
	if err != nil {
		return nil, err
	}
	all := append(slices.Clone(s.base), mine...)
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

// changesText says what the page's changes did: each number set, and the
// shares rescaled with it.
func changesText(l *loaded) string {
	var parts []string
	for _, ch := range l.changes {
		text := ch.Override.String()
		for _, r := range ch.Rescaled {
			text += fmt.Sprintf(" (rescaled %s %s -> %s)", r.Factor, short6(r.From), short6(r.To))
		}
		parts = append(parts, text)
	}
	return strings.Join(parts, "; ")
}

// formFor is the form of the page showing v.
func (s *server) formFor(v *view, message string) *htmlreport.Form {
	return &htmlreport.Form{Action: "/evaluate", MonteCarlo: "/montecarlo", Save: "/save", Iterations: s.iterations,
		Values: v.values, Errors: v.fieldErrors, Message: message, Edits: v.edits, SHA256: v.l.sha256}
}

// saveName is a file name a copy may take: letters, digits, '-', '_' and
// '.', ending in .yaml.
var saveName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.yaml$`)

// save writes a copy of the scenario with the page's changes, as a file
// that extends the scenario and sets the changed numbers, beside it under
// a new name. It never replaces a file, and saves only the scenario the
// page evaluates: the copy is written from the parsed changes, and read
// back and compared before it is kept.
func (s *server) save(w http.ResponseWriter, r *http.Request) {
	e := s.form(r)
	v, err := s.view(e)
	if err != nil {
		http.Error(w, "the scenario cannot be read: "+err.Error(), http.StatusInternalServerError)
		return
	}
	var message string
	if v.err != nil {
		message = s.word("Not saved: %s", s.message(v.err))
	} else {
		message = s.saveCopy(strings.TrimSpace(r.PostForm.Get("save_as")), v.l)
	}
	s.write(w, r.Context(), v.l, htmlreport.Options{Lang: s.lang, Provenance: v.l.provenance("planner's page")}, s.formFor(v, message))
}

// saveCopy writes the copy of l, the scenario with the page's changes, as
// name beside the scenario, and says what it did.
func (s *server) saveCopy(name string, l *loaded) string {
	if !saveName.MatchString(name) {
		return s.word("Not saved: give a file name of letters, digits, '-' and '_', ending in .yaml, without a folder")
	}
	target := filepath.Join(filepath.Dir(s.path), name)
	text, err := copyText(filepath.Base(s.path), strings.TrimSuffix(name, ".yaml"), l.overrides, s.lang)
	if err != nil {
		return s.word("Not saved: %s", s.message(err))
	}
	// The copy must read back as the scenario the page shows.
	back, err := scenario.Parse(target, []byte(text))
	if err != nil {
		return s.word("Not saved: %s", s.message(err))
	}
	if !sameScenarioBut(back.Scenario, l.file.Scenario) {
		return s.word("Not saved: the copy would not read back as the scenario shown (the files changed on disk?)")
	}
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return s.word("Not saved: %s", s.message(err))
	}
	_, werr := f.WriteString(text)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(target)
		return s.word("Not saved: %s", s.message(werr))
	}
	return s.word("Saved as %s", target)
}

// copyText is the text of a copy named name of the scenario file base with
// the changes sets: each written from its parsed override (a value, or a
// distribution in its own parameters), never as typed.
func copyText(base, name string, sets []string, lang report.Lang) (string, error) {
	var b strings.Builder
	p := report.NewPrinter(lang, nil)
	fmt.Fprintln(&b, "# "+p.T("A copy of %s made on the planner's page: its numbers, with those below changed.", base))
	fmt.Fprintf(&b, "extends: %s\nname: %s\n", base, name)
	if len(sets) > 0 {
		b.WriteString("set:\n")
	}
	for _, kv := range sets {
		ov, err := scenario.ParseOverride(kv)
		if err != nil {
			return "", err
		}
		_, value, _ := strings.Cut(ov.String(), "=")
		key := "value"
		if ov.Dist != nil {
			key = "distribution"
		}
		_, typedText, _ := strings.Cut(kv, "=")
		en, nb := "changed on the planner's page", p.T("changed on the planner's page")
		if t := strings.TrimSpace(typedText); t != value {
			en, nb = en+" (typed: "+t+")", p.T("%s (typed: %s)", nb, t)
		}
		assumption := strconv.Quote(en)
		if lang != report.English { // the file says it in both languages
			assumption = fmt.Sprintf("{en: %s, %s: %s}", strconv.Quote(en), lang, strconv.Quote(nb))
		}
		fmt.Fprintf(&b, "  - {path: %s, %s: %s, assumption: %s}\n", strconv.Quote(ov.Path), key, value, assumption)
	}
	return b.String(), nil
}

// sameScenarioBut says whether a and b are the same scenario but for
// their names.
func sameScenarioBut(a, b *cba.Scenario) bool {
	a2 := a.Clone()
	a2.Name = b.Name
	return a2.Fingerprint() == b.Fingerprint()
}
