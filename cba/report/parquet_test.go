package report

import (
	"bytes"
	"io"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/parquet-go/parquet-go"

	"ipscba/cba"
)

// TestParquetRoundTrip: a million iterations written as Parquet read back
// exactly, by column name, +Inf included.
func TestParquetRoundTrip(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 10_000
	}
	factors := []string{"arms.ips.effect.half_life_months", "groups.a.share"}
	outputs := []cba.OutputKey{
		{Arm: "ips", Comparator: "usual", Group: "population", Measure: cba.NPV, Perspective: "society"},
		{Arm: "ips", Comparator: "usual", Group: "population", Measure: cba.BenefitCostRatio},
		{Arm: "ips", Comparator: "usual", Group: "population", Measure: cba.Cumulative, Perspective: "public", Year: 2},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	value := func(i, k int) float64 {
		if k == 3 && i%97 == 0 {
			return math.Inf(1) // a cost-saving ratio
		}
		return float64(i)*1e-3 + float64(k) + rng.NormFloat64()
	}
	want := make([][]float64, n)
	var buf bytes.Buffer
	p := NewParquetIterations(&buf, factors, outputs)
	x, y := make([]float64, 2), make([]float64, 3)
	for i := range n {
		row := make([]float64, 5)
		for k := range row {
			row[k] = value(i, k)
		}
		copy(x, row[:2])
		copy(y, row[2:])
		p.Write(uint64(1000+i), x, y)
		want[i] = row
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d iterations, 5 columns: %d bytes (%.1f a value)", n, buf.Len(), float64(buf.Len())/float64(5*n))
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if f.NumRows() != int64(n) {
		t.Fatalf("%d rows, want %d", f.NumRows(), n)
	}
	names := []string{"iteration", "factor:" + factors[0], "factor:" + factors[1], outputs[0].String(), outputs[1].String(), outputs[2].String()}
	col := map[string]int{}
	for i, c := range f.Schema().Columns() {
		col[c[0]] = i
	}
	for _, name := range names {
		if _, ok := col[name]; !ok {
			t.Fatalf("no column %q (have %v)", name, f.Schema().Columns())
		}
	}
	r := parquet.NewReader(bytes.NewReader(buf.Bytes()))
	rows := make([]parquet.Row, 4096)
	i := 0
	for {
		m, err := r.ReadRows(rows)
		for _, row := range rows[:m] {
			if it := row[col["iteration"]].Int64(); it != int64(1000+i) {
				t.Fatalf("row %d: iteration %d", i, it)
			}
			for k, name := range names[1:] {
				if got := row[col[name]].Double(); got != want[i][k] && !(math.IsNaN(got) && math.IsNaN(want[i][k])) {
					t.Fatalf("row %d, %s: %v, want %v", i, name, got, want[i][k])
				}
			}
			i++
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if i != n {
		t.Fatalf("read %d rows, want %d", i, n)
	}
}
