package report

import (
	"io"
	"slices"

	"github.com/parquet-go/parquet-go"

	"ipscba/cba"
)

// ParquetIterations writes every iteration of a Monte Carlo run as a row of
// a Parquet file (github.com/parquet-go/parquet-go): a column "iteration"
// (INT64), a column "factor:NAME" (DOUBLE) for each factor and a column for
// each output, named as Iterations names them (DOUBLE; a cost-saving ratio
// or a break-even month not within the horizon is +Inf). Doubles are
// stored split by byte (BYTE_STREAM_SPLIT) and compressed with Zstandard,
// which shrinks constant columns to almost nothing and the others by about
// a half; pandas, R (arrow) and DuckDB read the file directly. Parquet
// orders a flat schema's columns by name.
type ParquetIterations struct {
	w     *parquet.GenericWriter[any]
	col   []int // logical column (iteration, factors..., outputs...) -> Parquet column
	rows  []parquet.Row
	n     int
	err   error
	width int
}

// parquetBatch is how many rows are buffered before they are written;
// parquetRowGroup, how many a row group holds (the writer keeps one row
// group in memory: tens of megabytes, whatever the run's length).
const (
	parquetBatch    = 1024
	parquetRowGroup = 16384
)

// NewParquetIterations starts Parquet output on w.
func NewParquetIterations(w io.Writer, factors []string, outputs []cba.OutputKey) *ParquetIterations {
	names := []string{"iteration"}
	for _, f := range factors {
		names = append(names, "factor:"+f)
	}
	for _, o := range outputs {
		names = append(names, o.String())
	}
	group := parquet.Group{"iteration": parquet.Int(64)}
	for _, n := range names[1:] {
		group[n] = parquet.Encoded(parquet.Leaf(parquet.DoubleType), &parquet.ByteStreamSplit)
	}
	sorted := slices.Sorted(slices.Values(names))
	p := &ParquetIterations{width: len(names)}
	for _, n := range names {
		i, _ := slices.BinarySearch(sorted, n)
		p.col = append(p.col, i)
	}
	p.w = parquet.NewGenericWriter[any](w, parquet.NewSchema("iterations", group), parquet.Compression(&parquet.Zstd),
		parquet.MaxRowsPerRowGroup(parquetRowGroup))
	p.rows = make([]parquet.Row, parquetBatch)
	for i := range p.rows {
		p.rows[i] = make(parquet.Row, p.width)
	}
	return p
}

// Write adds iteration i's factor values and outputs (cba.Options.Each).
func (p *ParquetIterations) Write(i uint64, factors, values []float64) {
	if p.err != nil {
		return
	}
	row := p.rows[p.n]
	row[p.col[0]] = parquet.Int64Value(int64(i)).Level(0, 0, p.col[0])
	for k, v := range factors {
		c := p.col[1+k]
		row[c] = parquet.DoubleValue(v).Level(0, 0, c)
	}
	for k, v := range values {
		c := p.col[1+len(factors)+k]
		row[c] = parquet.DoubleValue(v).Level(0, 0, c)
	}
	p.n++
	if p.n == len(p.rows) {
		p.flush()
	}
}

func (p *ParquetIterations) flush() {
	if p.n > 0 && p.err == nil {
		_, p.err = p.w.WriteRows(p.rows[:p.n])
	}
	p.n = 0
}

// Close writes what is buffered and the file's footer, and returns the
// first error of any write.
func (p *ParquetIterations) Close() error {
	p.flush()
	if err := p.w.Close(); p.err == nil {
		p.err = err
	}
	return p.err
}
