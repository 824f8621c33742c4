package htmlreport_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"

	"ipscba/cba"
	"ipscba/cba/htmlreport"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// The page of the bundled Norwegian scenario, deterministic (no Monte Carlo
// run): its title, the headline figure (society's NPV per participant, as
// cba.Evaluate computes it, written as the text report writes money), how
// many charts it draws, and that it needs nothing from outside the file.
func ExampleWrite() {
	f, err := scenario.Load("../../scenarios/norway-norce.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	var page bytes.Buffer
	if err := htmlreport.Write(context.Background(), &page, f, htmlreport.Options{}); err != nil {
		fmt.Println(err)
		return
	}
	html := page.String()
	title, _, _ := strings.Cut(html[strings.Index(html, "<title>")+len("<title>"):], "</title>")
	fmt.Println("title:", title)

	r, err := cba.Evaluate(f.Scenario)
	if err != nil {
		fmt.Println(err)
		return
	}
	inc, _ := r.Increment("ips")
	soc, _ := r.Perspective("society")
	figure := "NOK " + report.Thousands(inc.Population.NPV[soc])
	fmt.Printf("society's NPV per participant, %s, on the page: %v\n", figure, strings.Contains(html, figure))
	fmt.Println("charts:", strings.Count(html, "<svg"))
	var outside []string // files, scripts or styles it would fetch (SVG's namespaces are names, not fetched)
	for _, m := range regexp.MustCompile(`(?i)(?:src|href)\s*=\s*["']?[^"'#\s>]|https?://[^"' <]*`).FindAllString(html, -1) {
		if !strings.HasPrefix(m, "http://www.w3.org/") {
			outside = append(outside, m)
		}
	}
	fmt.Println("refers outside itself:", outside)
	// Output:
	// title: norway-norce — ipscba
	// society's NPV per participant, NOK 21,949, on the page: true
	// charts: 6
	// refers outside itself: []
}
