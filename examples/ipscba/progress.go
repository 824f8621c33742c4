package main

import (
	"io"
	"os"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// progress shows a bar on stderr for runs that last over a second, when
// stderr is a terminal.
type progress struct {
	label  string // what the bar counts (default "monte carlo")
	w      io.Writer
	total  int
	start  time.Time
	p      *mpb.Progress
	bar    *mpb.Bar
	active bool
}

func newProgress(stderr io.Writer, total int) *progress {
	f, ok := stderr.(*os.File)
	tty := false
	if ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progress{label: "monte carlo", w: stderr, total: total, start: time.Now(), active: tty}
}

func (p *progress) update(done, total int) {
	if !p.active || (p.bar == nil && time.Since(p.start) < time.Second) {
		return
	}
	if p.bar == nil {
		p.p = mpb.New(mpb.WithOutput(p.w), mpb.WithWidth(40))
		p.bar = p.p.AddBar(int64(total),
			mpb.PrependDecorators(decor.Name(p.label+" "), decor.CountersNoUnit("%d / %d")),
			mpb.AppendDecorators(decor.Percentage(), decor.Name(" eta "), decor.AverageETA(decor.ET_STYLE_GO)),
			mpb.BarRemoveOnComplete())
	}
	p.bar.SetCurrent(int64(done))
}

func (p *progress) finish(ok bool) {
	if p.bar == nil {
		return
	}
	if !ok {
		p.bar.Abort(true)
	}
	p.p.Wait()
}
