package scenario

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"ipscba/cba"
)

var update = flag.Bool("update", false, "rewrite the generated sections of doc.go from the format's table")

// TestFormatDocumentationIsTheTable checks that the tables of the Layout
// and Ranges sections of the package documentation (each from its heading
// to the end of its first table) are the format's table (cba.Format) as
// formatDoc writes it; go test -update rewrites them.
func TestFormatDocumentationIsTheTable(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	layout, ranges := formatDoc(cba.Format())
	text := string(doc)
	for _, sec := range []struct{ heading, body string }{{"// # Layout\n", layout}, {"// # Ranges\n", ranges}} {
		before, rest, ok := strings.Cut(text, sec.heading)
		if !ok {
			t.Fatalf("doc.go has no %q", sec.heading)
		}
		end := tableEnd(rest)
		if got := rest[:end]; got != sec.body {
			if !*update {
				t.Errorf("doc.go's %s is not the format's table (go test -update rewrites it):\n%s", strings.TrimSpace(sec.heading), diffLines(got, sec.body))
			}
			text = before + sec.heading + sec.body + rest[end:]
		}
	}
	if *update && text != string(doc) {
		if err := os.WriteFile("doc.go", []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// tableEnd returns the end of the first run of table lines ("//\t...") in
// text, after its lines of introduction.
func tableEnd(text string) int {
	pos, inTable := 0, false
	for pos < len(text) {
		nl := strings.IndexByte(text[pos:], '\n')
		if nl < 0 {
			return len(text)
		}
		l := text[pos : pos+nl]
		if strings.HasPrefix(l, "//\t") {
			inTable = true
		} else if inTable {
			return pos
		}
		pos += nl + 1
	}
	return pos
}

func diffLines(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n  doc.go: %s\n  table:  %s", i+1, a, b)
		}
	}
	return ""
}

// formatDoc writes the format's table as the package documentation's
// Layout (every key, with what it is) and Ranges (every number's path
// pattern, range and unit) sections, as comment lines.
func formatDoc(root *cba.Field) (layout, ranges string) {
	var l, r strings.Builder
	l.WriteString("//\n// Every key of a scenario file, with what it holds (NAME: a name of the\n" +
		"// scenario's own; TEXT: text for readers, plain or by language, as in\n" +
		"// Text in several languages below; \"required\" where it must be given):\n//\n")
	r.WriteString("//\n// Every number has a plausible range, checked when the file is read and by\n" +
		"// -set (a fraction written in percent gets the hint \"write 0.2 for 20 %\"),\n" +
		"// and a unit (money in the scenario's currency):\n//\n")
	var walk func(fs []*cba.Field, indent, first, path string)
	walk = func(fs []*cba.Field, indent, first, path string) {
		for i, f := range fs {
			p := joinPattern(path, f.Key)
			key := indent + f.Key
			if i == 0 {
				key = first + f.Key
			}
			switch f.Kind {
			case cba.Word:
				key += ": " + strings.Join(f.Words, " | ")
			case cba.PayerSplit:
				key += ": PAYER | " + f.Many + ": {PAYER: share, ...}"
			case cba.Prose:
				key += ": TEXT"
			case cba.Entries, cba.Matched, cba.Record, cba.List, cba.Section:
				if len(f.Fields) > 0 {
					key += ":"
				}
			}
			line(&l, key, docOf(f))
			switch f.Kind {
			case cba.Record, cba.Section:
				walk(f.Fields, indent+"  ", indent+"  ", p)
			case cba.List:
				walk(f.Fields, indent+"    ", indent+"  - ", p+"[*]")
			case cba.Entries, cba.Matched:
				name := "NAME"
				if f.Kind == cba.Matched {
					name = strings.ToUpper(strings.TrimSuffix(f.Of, "s"))
				}
				line(&l, indent+"  "+name+":", "")
				walk(f.Fields, indent+"    ", indent+"    ", p+".*")
			case cba.Number, cba.Whole, cba.Flag:
				if !strings.HasPrefix(p, "published.") { // not numbers of the model
					rangeLine(&r, p, f)
				}
			case cba.PayerSplit:
				rangeLine(&r, joinPattern(path, f.Many)+".*", f)
			}
		}
	}
	walk(root.Fields, "", "", "")
	return l.String(), r.String()
}

// docOf is a field's documentation line: its words, and "required".
func docOf(f *cba.Field) string {
	doc := f.Doc
	if f.Required && f.Kind != cba.Section {
		if doc != "" {
			doc += " "
		}
		doc += "(required)"
	}
	return doc
}

func rangeLine(b *strings.Builder, pattern string, f *cba.Field) {
	bound := f.Bound.String()
	if f.Bound.Integer {
		bound += " whole"
	}
	line(b, pattern, bound+"  "+f.UnitIn([]any{&cba.Cost{}}, "money"))
}

func line(b *strings.Builder, key, doc string) {
	if doc == "" {
		fmt.Fprintf(b, "//\t%s\n", key)
		return
	}
	fmt.Fprintf(b, "//\t%-52s %s\n", key, doc)
}

func joinPattern(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// TestDocumentedFamiliesAreTheForms checks that the package documentation
// names every family of distributions with the keys of each of its forms
// (cba.DistForm), in their order.
func TestDocumentedFamiliesAreTheForms(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, l := range strings.Split(string(doc), "\n") {
		text = append(text, strings.TrimSpace(strings.TrimPrefix(l, "//")))
	}
	var fams []string
	for k := cba.Normal; k <= cba.Discrete; k++ {
		var forms []string
		for _, f := range k.Forms() {
			forms = append(forms, strings.Join(f.Keys, ", "))
		}
		fams = append(fams, k.String()+" ("+strings.Join(forms, " | ")+")")
	}
	want := "Families and their parameters: " + strings.Join(fams, "; ") + "."
	if !strings.Contains(strings.Join(text, " "), want) {
		t.Errorf("doc.go should say %q", want)
	}
}
