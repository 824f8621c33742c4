package sensitivity

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"ipscba/cba"
)

// The JSON and CSV forms of the analyses' results, for charts and
// programs: each JSON form names its schema (ipscba/NAME/v1); numbers are
// written with as many digits as they take, and a number that is not
// finite (a cost-saving ratio) is null in JSON.

// digits writes a number for programs: as many digits as it takes.
func digits(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// jsonNum is v for JSON: null when not finite (a cost-saving ratio).
func jsonNum(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

// writeCSV writes rows as CSV.
func writeCSV(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	cw.WriteAll(rows)
	return cw.Error()
}

// MarshalJSON writes the tornado (schema ipscba/tornado/v1): the output,
// its base value, and each bar in order of swing.
func (t *Tornado) MarshalJSON() ([]byte, error) {
	type bar struct {
		Factor string  `json:"factor"`
		Unit   string  `json:"unit"`
		Base   float64 `json:"base"`
		Low    float64 `json:"low"`
		High   float64 `json:"high"`
		AtLow  any     `json:"output_at_low"`
		AtHigh any     `json:"output_at_high"`
		Swing  any     `json:"swing"`
		From   string  `json:"from"`
	}
	out := struct {
		Schema string `json:"schema"`
		Output string `json:"output"`
		Base   any    `json:"base"`
		Bars   []bar  `json:"bars"`
	}{Schema: "ipscba/tornado/v1", Output: t.Output.String(), Base: jsonNum(t.Base), Bars: []bar{}}
	for _, b := range t.Bars {
		out.Bars = append(out.Bars, bar{b.Factor.Name, b.Factor.Unit, b.Factor.Value, b.Low, b.High, jsonNum(b.AtLow), jsonNum(b.AtHigh), jsonNum(b.Swing), b.From})
	}
	return json.Marshal(out)
}

// WriteCSV writes the tornado's bars, one row a factor, in order of swing.
func (t *Tornado) WriteCSV(w io.Writer) error {
	rows := [][]string{{"factor", "unit", "base", "low", "high", "output_at_low", "output_at_high", "swing", "from"}}
	for _, b := range t.Bars {
		rows = append(rows, []string{b.Factor.Name, b.Factor.Unit, digits(b.Factor.Value), digits(b.Low), digits(b.High), digits(b.AtLow), digits(b.AtHigh), digits(b.Swing), b.From})
	}
	return writeCSV(w, rows)
}

// Switches is the switching values of several factors for one output, in
// the order they were asked for (SwitchingAll: the order of the factors).
type Switches struct {
	Output cba.OutputKey
	Values []*Switch
}

// MarshalJSON writes the switching values (schema ipscba/switching/v1):
// "within" is the interval searched as [lo, hi], "interval" the same in
// the notation of every form (Switch.Interval), "(lo, hi]" when it
// excludes lo.
func (s *Switches) MarshalJSON() ([]byte, error) {
	type row struct {
		Factor   string     `json:"factor"`
		Unit     string     `json:"unit"`
		Base     float64    `json:"base"`
		AtBase   float64    `json:"output_at_base"`
		Target   float64    `json:"target"`
		Within   [2]float64 `json:"within"`
		Interval string     `json:"interval"`
		Found    bool       `json:"found"`
		Value    *float64   `json:"switching_value"`
		JumpsAt  *float64   `json:"jumps_at,omitempty"`
		Limit    string     `json:"limit,omitempty"`
		Sentence string     `json:"sentence"`
	}
	out := struct {
		Schema string `json:"schema"`
		Output string `json:"output"`
		Rows   []row  `json:"switching_values"`
	}{Schema: "ipscba/switching/v1", Output: s.Output.String()}
	for _, sw := range s.Values {
		r := row{Factor: sw.Factor.Name, Unit: sw.Factor.Unit, Base: sw.Base, AtBase: sw.AtBase, Target: sw.Target, Within: [2]float64{sw.Lo, sw.Hi},
			Interval: sw.Interval(), Found: sw.Found, Limit: sw.Limit, Sentence: sw.String()}
		if sw.Found {
			r.Value = &sw.Value
		}
		if sw.Jump {
			r.JumpsAt = &sw.Value
		}
		out.Rows = append(out.Rows, r)
	}
	return json.Marshal(out)
}

// WriteCSV writes the switching values, one row a factor: lo and hi are
// the interval searched, interval the same in the notation of every form
// (Switch.Interval).
func (s *Switches) WriteCSV(w io.Writer) error {
	rows := [][]string{{"factor", "unit", "base", "output_at_base", "target", "lo", "hi", "found", "switching_value", "interval"}}
	for _, sw := range s.Values {
		v := ""
		if sw.Found {
			v = digits(sw.Value)
		}
		rows = append(rows, []string{sw.Factor.Name, sw.Factor.Unit, digits(sw.Base), digits(sw.AtBase), digits(sw.Target), digits(sw.Lo), digits(sw.Hi), strconv.FormatBool(sw.Found), v, sw.Interval()})
	}
	return writeCSV(w, rows)
}

// ByTotal returns the indices sorted by total effect, largest first (ties
// in the order of the inputs): the order of the JSON, CSV and text forms.
func (s *Sobol) ByTotal() []Index {
	ix := slices.Clone(s.Indices)
	slices.SortStableFunc(ix, func(x, y Index) int { return cmp.Compare(y.Total, x.Total) })
	return ix
}

// MarshalJSON writes the Sobol indices (schema ipscba/sobol/v1) by total
// effect, largest first; the intervals are null without a bootstrap.
func (s *Sobol) MarshalJSON() ([]byte, error) {
	type index struct {
		Input   string      `json:"input"`
		Factors []string    `json:"factors"`
		First   float64     `json:"first_order"`
		FirstCI *[2]float64 `json:"first_order_interval"`
		Total   float64     `json:"total"`
		TotalCI *[2]float64 `json:"total_interval"`
	}
	out := struct {
		Schema      string  `json:"schema"`
		Output      string  `json:"output"`
		N           int     `json:"base_samples"`
		Evaluations int     `json:"evaluations"`
		Seed        uint64  `json:"seed"`
		Mean        float64 `json:"mean"`
		Variance    float64 `json:"variance"`
		Confidence  float64 `json:"confidence"`
		Indices     []index `json:"indices"`
	}{"ipscba/sobol/v1", s.Output.String(), s.N, s.Evaluations, s.Seed, s.Mean, s.Variance, s.Confidence, nil}
	for _, x := range s.ByTotal() {
		i := index{x.Group.Name, x.Group.Factors, x.First, &x.FirstCI, x.Total, &x.TotalCI}
		if s.Bootstrap == 0 {
			i.FirstCI, i.TotalCI = nil, nil
		}
		out.Indices = append(out.Indices, i)
	}
	return json.Marshal(out)
}

// WriteCSV writes the Sobol indices, one row an input, by total effect;
// the intervals' columns are empty without a bootstrap.
func (s *Sobol) WriteCSV(w io.Writer) error {
	rows := [][]string{{"input", "first_order", "first_order_lo", "first_order_hi", "total", "total_lo", "total_hi"}}
	for _, x := range s.ByTotal() {
		ci := []string{digits(x.FirstCI[0]), digits(x.FirstCI[1]), digits(x.TotalCI[0]), digits(x.TotalCI[1])}
		if s.Bootstrap == 0 {
			ci = []string{"", "", "", ""}
		}
		rows = append(rows, []string{x.Group.Name, digits(x.First), ci[0], ci[1], digits(x.Total), ci[2], ci[3]})
	}
	return writeCSV(w, rows)
}

// MarshalJSON writes the Morris screening (schema ipscba/morris/v1), the
// effects by mu*, largest first.
func (m *Morris) MarshalJSON() ([]byte, error) {
	type effect struct {
		Input   string   `json:"input"`
		Factors []string `json:"factors"`
		Mu      float64  `json:"mu"`
		MuStar  float64  `json:"mu_star"`
		Sigma   float64  `json:"sigma"`
	}
	out := struct {
		Schema       string   `json:"schema"`
		Output       string   `json:"output"`
		Trajectories int      `json:"trajectories"`
		Levels       int      `json:"levels"`
		Evaluations  int      `json:"evaluations"`
		Seed         uint64   `json:"seed"`
		Effects      []effect `json:"effects"`
	}{"ipscba/morris/v1", m.Output.String(), m.Trajectories, m.Levels, m.Evaluations, m.Seed, nil}
	for _, e := range m.Effects {
		out.Effects = append(out.Effects, effect{e.Group.Name, e.Group.Factors, e.Mu, e.MuStar, e.Sigma})
	}
	return json.Marshal(out)
}

// WriteCSV writes the Morris effects, one row an input, by mu*.
func (m *Morris) WriteCSV(w io.Writer) error {
	rows := [][]string{{"input", "mu", "mu_star", "sigma"}}
	for _, e := range m.Effects {
		rows = append(rows, []string{e.Group.Name, digits(e.Mu), digits(e.MuStar), digits(e.Sigma)})
	}
	return writeCSV(w, rows)
}

// MarshalJSON writes the acceptability curves (schema
// ipscba/acceptability/v1): for each perspective, each value of the
// quantity with the probability that each arm is best.
func (c *Curve) MarshalJSON() ([]byte, error) {
	type point struct {
		Value float64            `json:"value"`
		P     map[string]float64 `json:"probability_best"`
	}
	out := struct {
		Schema     string             `json:"schema"`
		Quantity   string             `json:"quantity"`
		Iterations int                `json:"iterations"`
		Seed       uint64             `json:"seed"`
		Curves     map[string][]point `json:"curves"`
	}{"ipscba/acceptability/v1", c.Quantity.String(), c.Iterations, c.Seed, map[string][]point{}}
	for p, name := range c.Perspectives {
		for v, val := range c.Values {
			pt := point{Value: val, P: map[string]float64{}}
			for k, arm := range c.Arms {
				pt.P[arm] = c.P[p][v][k]
			}
			out.Curves[name] = append(out.Curves[name], pt)
		}
	}
	return json.Marshal(out)
}

// WriteCSV writes the acceptability curves as CSV: one row for each
// perspective, value and arm.
func (c *Curve) WriteCSV(w io.Writer) error {
	rows := [][]string{{"perspective", c.Quantity.String(), "arm", "probability_best"}}
	for p, name := range c.Perspectives {
		for v, val := range c.Values {
			for k, arm := range c.Arms {
				rows = append(rows, []string{name, digits(val), arm, digits(c.P[p][v][k])})
			}
		}
	}
	return writeCSV(w, rows)
}

// Only returns the curves of one perspective, or false when c has none of
// that name.
func (c *Curve) Only(perspective string) (*Curve, bool) {
	p := slices.Index(c.Perspectives, perspective)
	if p < 0 {
		return nil, false
	}
	one := *c
	one.Perspectives, one.P = c.Perspectives[p:p+1], c.P[p:p+1]
	return &one, true
}

// MarshalJSON writes the value of information (schema ipscba/voi/v1): the
// EVPI per participant and for the cohort, and each EVPPI.
func (v *VOI) MarshalJSON() ([]byte, error) {
	type partial struct {
		Factors []string `json:"factors"`
		Per     float64  `json:"per_participant"`
		Cohort  float64  `json:"cohort"`
	}
	out := struct {
		Schema       string    `json:"schema"`
		Perspective  string    `json:"perspective"`
		Options      []string  `json:"options"`
		Iterations   int       `json:"iterations"`
		Seed         uint64    `json:"seed"`
		Method       string    `json:"method"`
		Bins         int       `json:"bins"`
		EVPI         float64   `json:"evpi_per_participant"`
		Participants float64   `json:"participants_discounted"`
		Cohort       float64   `json:"evpi_cohort"`
		Partial      []partial `json:"evppi"`
	}{"ipscba/voi/v1", v.Perspective, v.Options, v.Iterations, v.Seed, v.Method.String(), v.Bins, v.EVPI, v.Participants, v.CohortEVPI, []partial{}}
	for _, p := range v.Partial {
		out.Partial = append(out.Partial, partial{p.Factors, p.PerParticipant, p.Cohort})
	}
	return json.Marshal(out)
}

// WriteCSV writes the value of information as CSV: the EVPI first, then
// each EVPPI.
func (v *VOI) WriteCSV(w io.Writer) error {
	rows := [][]string{{"factors", "per_participant", "cohort"}, {"(all: EVPI)", digits(v.EVPI), digits(v.CohortEVPI)}}
	for _, p := range v.Partial {
		rows = append(rows, []string{strings.Join(p.Factors, "+"), digits(p.PerParticipant), digits(p.Cohort)})
	}
	return writeCSV(w, rows)
}

// SortByValue orders the EVPPIs from the largest (a stable sort: ties keep
// their order).
func (v *VOI) SortByValue() {
	slices.SortStableFunc(v.Partial, func(x, y Partial) int { return cmp.Compare(y.PerParticipant, x.PerParticipant) })
}
