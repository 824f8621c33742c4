package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"ipscba/cba/report"
)

// cutOff lists the first screen's fields whose text (or, when empty, the
// placeholder) is wider than the field shows, with both widths, and
// counts the fields.
const cutOff = `(() => {
  const fields = [...document.querySelectorAll("tr[data-key] input")];
  const out = [String(fields.length)];
  for (const f of fields) {
    if (f.scrollWidth > f.clientWidth) {
      out.push(f.name + " " + JSON.stringify(f.value || f.placeholder) + ": " + f.scrollWidth + " > " + f.clientWidth);
    }
  }
  return out;
})()`

// TestBrowserFirstScreenShowsWholeTexts: at 1280 x 800, on the page of
// every bundled Norwegian scenario in either language, no field of the
// first screen cuts its text off (a distribution is written whole), and
// the fields, buttons and answer are all still in view without scrolling.
// With -short, the municipal scenario's only.
func TestBrowserFirstScreenShowsWholeTexts(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("scenarios/norway-*.yaml")
	if len(files) < 5 {
		t.Fatalf("found %d Norwegian scenarios", len(files))
	}
	if testing.Short() {
		files = []string{municipal} // the one whose first screen holds the most
	}
	for _, file := range files {
		for _, lang := range []report.Lang{report.Bokmal, report.English} {
			t.Run(filepath.Base(file)+"/"+string(lang), func(t *testing.T) {
				t.Parallel()
				ctx, problems, _ := firstScreen(t, file, lang)
				got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](cutOff))
				if err != nil {
					t.Fatal(err)
				}
				if len(got) == 0 || got[0] == "0" {
					t.Fatalf("no fields on the first screen: %v", got)
				}
				for _, out := range got[1:] {
					t.Errorf("cut off: %s", out)
				}
				checkFirstScreen(t, ctx, "ipscba-whole-"+strings.TrimSuffix(filepath.Base(file), ".yaml")+"-"+string(lang)+".png")
				if p := problems(); len(p) > 0 {
					t.Errorf("the browser reported: %v", p)
				}
			})
		}
	}
}
