package plot_test

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"ipscba/cba"
	"ipscba/cba/plot"
	"ipscba/cba/scenario"
)

// The share in work in each arm of the bundled Norwegian scenario, with the
// trial's observed shares, as an SVG for a report.
func ExampleEmployment() {
	f, err := scenario.Load("../../scenarios/norway-norce.yaml")
	if err != nil {
		panic(err)
	}
	res, err := cba.Evaluate(f.Scenario)
	if err != nil {
		panic(err)
	}
	trial := map[string][]plot.Point{
		"ips":         {{X: 12, Y: 0.366}, {X: 18, Y: 0.374}},
		"traditional": {{X: 12, Y: 0.271}, {X: 18, Y: 0.271}},
	}
	var svg bytes.Buffer
	if err := plot.Employment(io.MultiWriter(io.Discard, &svg), res, trial, plot.Options{}); err != nil {
		panic(err)
	}
	fmt.Println(strings.HasPrefix(svg.String(), "<?xml"), strings.Contains(svg.String(), "months since start"))
	// Output: true true
}
