package scenario

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTextInSeveralLanguages: a text for readers is written plainly or as
// its versions by language; the English is the Go value's, the others are
// kept by path, and a number's provenance, what the scenario is for, a
// published figure's words and a set: entry's provenance alike.
func TestTextInSeveralLanguages(t *testing.T) {
	text := strings.Replace(minimal, "  young:\n    share: 0.4\n",
		"  young:\n    label: {en: Young, nb: Unge}\n    share: {value: 0.4, assumption: {en: guessed, nb: anslått}, note: plain}\n", 1)
	text = strings.Replace(text, "name: minimal\n", "name: minimal\ndescription: {en: A test, nb: En test}\n"+
		"about:\n  population: {en: people, nb: folk}\n  sources: [plain, {en: a source, nb: en kilde}]\n", 1)
	f, err := Parse("t.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	s := f.Scenario
	if s.Groups[0].Label != "Young" || s.Description != "A test" {
		t.Errorf("English: label %q, description %q", s.Groups[0].Label, s.Description)
	}
	for path, want := range map[string]string{
		"groups.young.label": "Unge", "description": "En test", "groups.young.share.assumption": "anslått",
		"about.population": "folk", "about.sources[1]": "en kilde",
	} {
		if got, ok := s.Text("nb", path); !ok || got != want {
			t.Errorf("nb %s: %q (%v), want %q", path, got, ok, want)
		}
	}
	if _, ok := s.Text("nb", "groups.young.share.note"); ok {
		t.Error("a plain note has a Norwegian text of its own")
	}
	p, _ := f.Param("groups.young.share")
	if nb := f.ParamIn("nb", p); nb.Assumption != "anslått" || nb.Note != "plain" || p.Assumption != "guessed" {
		t.Errorf("provenance: %q/%q in English, %q/%q in Bokmål", p.Assumption, p.Note, nb.Assumption, nb.Note)
	}
	about := f.AboutIn("nb")
	if about.Population != "folk" || strings.Join(about.Sources, "|") != "plain|en kilde" || f.About.Sources[1] != "a source" {
		t.Errorf("about in Bokmål: %+v; in English: %+v", about, f.About)
	}
	fs, err := f.Factors()
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range fs {
		if x.Name == "groups.young.share" && f.FactorIn("nb", x).Assumption != "anslått" {
			t.Errorf("the factor's assumption in Bokmål is %q", f.FactorIn("nb", x).Assumption)
		}
	}
	if c := s.Clone(); c.Texts["nb"]["description"] != "En test" {
		t.Error("a clone loses the texts")
	} else if c.Texts["nb"]["description"] = "x"; s.Texts["nb"]["description"] != "En test" {
		t.Error("a clone shares the texts")
	}
}

// TestSetEntriesCarryTheirLanguages: a set: entry's provenance in Bokmål
// replaces the number's own, which it changes.
func TestSetEntriesCarryTheirLanguages(t *testing.T) {
	dir := t.TempDir()
	base := strings.Replace(minimal, "  young:\n    share: 0.4\n",
		"  young:\n    share: {value: 0.4, assumption: {en: guessed, nb: anslått}, note: {en: old, nb: gammel}}\n", 1)
	if err := os.WriteFile(filepath.Join(dir, "base.yaml"), []byte(base), 0o644); err != nil {
		t.Fatal(err)
	}
	top := "extends: base.yaml\nset:\n  - {path: groups.young.share, value: 0.5, source: {en: our intake, nb: vårt inntak}}\n"
	f, err := Parse(filepath.Join(dir, "top.yaml"), []byte(top))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := f.Param("groups.young.share")
	nb := f.ParamIn("nb", p)
	if nb.Source != "vårt inntak" || nb.Assumption != "" || nb.Note != "" || p.Source != "our intake" {
		t.Errorf("the set entry's provenance: %+v in English, %+v in Bokmål", p, nb)
	}
}

// TestTextInLanguagesIsChecked: a text by language must give en, only
// known languages, and text; each problem names its line and field.
func TestTextInLanguagesIsChecked(t *testing.T) {
	for _, c := range []struct{ label, want string }{
		{"{nb: Unge}", "t.yaml:%d: groups.young.label: gives no en: the English text"},
		{"{en: Young, de: Junge}", "t.yaml:%d: groups.young.label.de: unknown field (known here: en, nb)"},
		{"{en: Young, nb: [a, b]}", "t.yaml:%d: groups.young.label.nb: must be text, got a list"},
		{"[Young]", "t.yaml:%d: groups.young.label: must be text, or its versions by language ({en: ..., nb: ...}), got a list"},
	} {
		text := strings.Replace(minimal, "  young:\n", "  young:\n    label: "+c.label+"\n", 1)
		want := fmt.Sprintf(c.want, lineOf(t, text, "label: "))
		_, err := Parse("t.yaml", []byte(text))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("label %s: %v, want %q", c.label, err, want)
		}
	}
	text := strings.Replace(minimal, "    share: 0.4\n", "    share: {value: 0.4, source: {en: a, xx: b}}\n", 1)
	if _, err := Parse("t.yaml", []byte(text)); err == nil || !strings.Contains(err.Error(), "groups.young.share.source.xx: unknown field") {
		t.Errorf("a source in an unknown language: %v", err)
	}
}
