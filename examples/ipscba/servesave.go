package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"ipscba/cba"
	"ipscba/cba/htmlreport"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// formFor is the form of the page showing v.
func (s *server) formFor(v *view, message string) *htmlreport.Form {
	derived := derivedTexts(v.edits)
	for name, text := range v.values {
		if isDerived(name) {
			derived[name] = text
		}
	}
	return &htmlreport.Form{Action: "/evaluate", MonteCarlo: "/montecarlo", Save: "/save", Iterations: s.iterations,
		Values: v.values, Errors: v.fieldErrors, Why: v.why, Derived: derived, Message: message, Edits: v.edits, SHA256: v.l.sha256}
}

// maxNameLength is the most characters of a copy's name.
const maxNameLength = 100

// copyName is the file name of a copy the planner named typed: any name a
// planner would type (letters of any language, digits, spaces,
// punctuation), in Unicode's composed form (NFC), ending in .yaml (added
// when it ends in neither .yaml nor .yml). It refuses an empty name, a
// folder (a name with / or \, or "." and ".."), a hidden name (starting
// with '.'), control characters, the characters Windows refuses in names
// (< > : " | ? *) and names of more than 100 characters: a copy is always
// written beside the scenario.
func (s *server) copyName(typed string) (string, error) {
	name := norm.NFC.String(strings.TrimSpace(typed))
	if name == "" {
		return "", errors.New(s.word("give the copy a name, such as %s", "bærum.yaml"))
	}
	for _, c := range name {
		switch {
		case c == '/' || c == '\\':
			return "", errors.New(s.word("give a name without a folder (%s): the copy is saved beside the scenario", string(c)))
		case unicode.IsControl(c) || c == utf8.RuneError || strings.ContainsRune(`<>:"|?*`, c):
			return "", errors.New(s.word("a file name cannot hold %s", strconv.QuoteRune(c)))
		}
	}
	if strings.HasPrefix(name, ".") {
		return "", errors.New(s.word("give a name that does not start with a dot"))
	}
	if ext := strings.ToLower(filepath.Ext(name)); ext != ".yaml" && ext != ".yml" {
		name += ".yaml"
	}
	if n := utf8.RuneCountInString(name); n > maxNameLength {
		return "", errors.New(s.word("give a name of at most %s characters, not %s", strconv.Itoa(maxNameLength), strconv.Itoa(n)))
	}
	return name, nil
}

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
		message = s.saveCopy(r.PostForm.Get("save_as"), v)
	}
	s.write(w, r.Context(), v, s.formFor(v, message), 0)
}

// saveCopy writes the copy of v, the scenario with the page's changes and
// their reasons, as the file the planner named beside the scenario, and
// says what it did.
func (s *server) saveCopy(typed string, v *view) string {
	name, err := s.copyName(typed)
	if err != nil {
		return s.word("Not saved: %s", s.message(err))
	}
	target := filepath.Join(filepath.Dir(s.path), name)
	exists := s.word("Not saved: %s already exists beside the scenario: give another name", name)
	if _, err := os.Lstat(target); err == nil {
		return exists // the scenario itself among them: checked before it is read as the copy
	}
	text, err := s.copyText(filepath.Base(s.path), strings.TrimSuffix(name, filepath.Ext(name)), v.l.overrides, v.why)
	if err != nil {
		return s.word("Not saved: %s", s.message(err))
	}
	// The copy must read back as the scenario the page shows.
	back, err := scenario.Parse(target, []byte(text))
	if err != nil {
		return s.word("Not saved: %s", s.message(err))
	}
	if !sameScenarioBut(back.Scenario, v.l.file.Scenario) {
		return s.word("Not saved: the copy would not read back as the scenario shown (the files changed on disk?)")
	}
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if errors.Is(err, fs.ErrExist) {
		return exists
	}
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

// copyComment is the first line of a saved copy.
func (s *server) copyComment(base string) string {
	return "# " + s.word("A copy of %s made on the planner's page: its numbers, with those below changed.", base) + "\n"
}

// copyText is the text of a copy named name of the scenario file base with
// the changes sets: each written from its parsed override (a value, or a
// distribution as DistText writes it when it reads back the same, else in
// its own parameters), never as typed, with the planner's reason (why, by
// factor name) as its assumption.
func (s *server) copyText(base, name string, sets []string, why map[string]string) (string, error) {
	var b strings.Builder
	b.WriteString(s.copyComment(base))
	fmt.Fprintf(&b, "extends: %s\nname: %s\n", strconv.Quote(base), strconv.Quote(name))
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
			key, value = "distribution", savedDist(ov)
		}
		factor, typedText, _ := strings.Cut(kv, "=")
		// Spaces a reader sees as spaces, not as escapes (no-break and thin
		// spaces in numbers written as the page writes them).
		quote := func(t string) string {
			return strconv.Quote(strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u2009", " ").Replace(t))
		}
		// The planner's reason as written; the page's own in English and,
		// on a page in another language, in that language too.
		assumption := quote(why[factor])
		if why[factor] == "" {
			en, own := "changed on the planner's page", s.word("changed on the planner's page")
			if t := strings.TrimSpace(typedText); t != value {
				en, own = en+" (typed: "+t+")", s.word("%s (typed: %s)", own, t)
			}
			assumption = quote(en)
			if s.lang != report.English {
				assumption = fmt.Sprintf("{en: %s, %s: %s}", quote(en), s.lang, quote(own))
			}
		}
		fmt.Fprintf(&b, "  - {path: %s, %s: %s, assumption: %s}\n", strconv.Quote(ov.Path), key, value, assumption)
	}
	return b.String(), nil
}

// savedDist writes an override's distribution as the page shows it (by
// its mean and sd for the families a file gives so), when that text reads
// back as the same distribution, bit for bit; otherwise by its own
// parameters, which always do.
func savedDist(ov cba.Override) string {
	text := htmlreport.DistText(ov.Dist)
	back, err := scenario.ParseOverride(ov.Path + "=" + text)
	if err == nil && back.Dist != nil && reflect.DeepEqual(*back.Dist, *ov.Dist) {
		return text
	}
	return ov.Dist.String()
}

// sameScenarioBut says whether a and b are the same scenario but for
// their names.
func sameScenarioBut(a, b *cba.Scenario) bool {
	a2 := a.Clone()
	a2.Name = b.Name
	return a2.Fingerprint() == b.Fingerprint()
}
