package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"net/http/httptest"

	"ipscba/cba/report"
)

// browser opens a tab of headless Chromium (started on first use), with
// the list of console errors and exceptions it has seen, or skips the
// test: under -short, and when none is installed (then it fails under CI,
// where .ci/run installs Debian's chromium).
func browser(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	return browserAt(t, 1100, 1400)
}

// browserAt is browser with a window of width x height pixels: a tab of
// the package's one Chromium, which closes when the test ends.
func browserAt(t *testing.T, width, height int) (context.Context, func() []string) {
	t.Helper()
	if testing.Short() {
		// The full suite runs them; the race detector's short run checks
		// the page's server without a browser's minutes.
		t.Skip("the browser tests run in the full suite")
	}
	shared, err := chromium.get()
	if errors.Is(err, errNoChromium) {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chromium found: .ci/run installs Debian's chromium (apt-get install chromium)")
		}
		t.Skip("no Chromium found (apt-get install chromium to run the browser tests)")
	}
	if err != nil {
		t.Fatal(err)
	}
	tab, closeTab := chromedp.NewContext(shared)
	t.Cleanup(closeTab)
	ctx, cancel := context.WithTimeout(tab, 2*time.Minute)
	t.Cleanup(cancel)
	var mu sync.Mutex
	var problems []string
	chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				problems = append(problems, "console "+string(e.Type))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		}
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatal(err)
	}
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(problems)
	}
}

var errNoChromium = errors.New("no Chromium found")

// chromium is the package's one headless Chromium, started by the first
// browser test and stopped by TestMain: each test has a tab of its own
// (its own page and listener of console errors), which costs a fraction
// of a browser's start.
var chromium sharedBrowser

type sharedBrowser struct {
	once sync.Once
	ctx  context.Context // the browser's
	err  error
	stop []func()
}

// get starts Chromium on its first call and returns its context.
func (b *sharedBrowser) get() (context.Context, error) {
	b.once.Do(func() { b.ctx, b.err = b.start() })
	return b.ctx, b.err
}

func (b *sharedBrowser) start() (context.Context, error) {
	var path string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		return nil, errNoChromium
	}
	profile, err := os.MkdirTemp("", "ipscba-chromium-")
	if err != nil {
		return nil, err
	}
	b.stop = append(b.stop, func() { os.RemoveAll(profile) })
	// Chromium sometimes fails to start on a loaded machine (its wrapper
	// script, crashpad): try three times before giving up.
	for try := range 3 {
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
			chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
			chromedp.UserDataDir(filepath.Join(profile, strconv.Itoa(try))))
		actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, cancel2 := chromedp.NewContext(actx)
		b.stop = append(b.stop, cancel, cancel2)
		if err = chromedp.Do(bctx); err == nil { // start the browser
			return bctx, nil
		}
		fmt.Fprintf(os.Stderr, "Chromium did not start (try %d): %v\n", try+1, err)
		time.Sleep(time.Second)
	}
	return nil, err
}

// close stops Chromium, if it was started, and removes its profile.
func (b *sharedBrowser) close() {
	for _, f := range slices.Backward(b.stop) {
		f()
	}
}

// chartsDrawn counts the report's charts and those whose picture has a
// size and drawn paths.
const chartsDrawn = `(() => {
  const figs = [...document.querySelectorAll('figure svg')];
  const drawn = figs.filter(s => { const r = s.getBoundingClientRect(); return r.width > 100 && r.height > 100 && s.querySelectorAll('path').length > 5; });
  return [figs.length, drawn.length];
})()`

// TestBrowserReport: the HTML report opened in headless Chromium: no
// console errors, every chart present and drawn. With -update it takes the
// screenshot the README shows.
func TestBrowserReport(t *testing.T) {
	t.Parallel()
	ctx, problems := browser(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if _, errOut, code := runCommand(t, "report", "-iterations", "1000", "-o", page, norway); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), chromedp.WaitVisible(chromedp.CSS("#conclusion"))); err != nil {
		t.Fatal(err)
	}
	counts, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](chartsDrawn))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != 2 || counts[0] < 9 || counts[1] != counts[0] {
		t.Errorf("charts: %v (found, drawn); want 9 or more, all drawn", counts)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported: %v", p)
	}
	chart, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#chart-cumulative")))
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		for name, png := range map[string][]byte{"report.png": shot, "report-chart.png": chart} {
			if err := os.WriteFile(filepath.Join("examples", "ipscba", "testdata", name), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestBrowserServe: the planner's page in headless Chromium: changing a
// number and pressing the button changes the NPV shown; a bad number shows
// its message beside the field.
func TestBrowserServe(t *testing.T) {
	t.Parallel()
	ctx, problems := browser(t)
	srv, err := newServer(norway, nil, report.English, 300)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	field := chromedp.CSS(`input[name="arms.ips.effect.half_life_months"]`)
	text := func(sel string) string {
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#conclusion"))); err != nil {
		t.Fatal(err)
	}
	before := text("#conclusion")
	if err := chromedp.Do(ctx, chromedp.SetValue(field, "6"), submitted("#evaluate"), chromedp.WaitVisible(chromedp.CSS("#message"))); err != nil {
		t.Fatal(err)
	}
	after := text("#conclusion")
	if err := chromedp.Do(ctx, chromedp.SetValue(field, "-3"), submitted("#evaluate"), chromedp.WaitVisible(chromedp.CSS(".error"))); err != nil {
		t.Fatal(err)
	}
	message := text(".error")
	if before == after || !strings.Contains(after, "In short") {
		t.Errorf("the NPV shown did not change:\n%s\n%s", before, after)
	}
	if message != "must be in (0, 12000], got -3" {
		t.Errorf("bad input shows %q", message)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported: %v", p)
	}
}

// TestBrowserSeesConsoleErrors: the browser tests would see a console
// error, were a page to make one.
func TestBrowserSeesConsoleErrors(t *testing.T) {
	t.Parallel()
	ctx, problems := browser(t)
	page := filepath.Join(t.TempDir(), "bad.html")
	os.WriteFile(page, []byte(`<!DOCTYPE html><html><body><p id="x">x</p><script>console.error("broken")</script></body></html>`), 0o644)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), chromedp.WaitVisible(chromedp.CSS("#x"))); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(problems()) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if len(problems()) == 0 {
		t.Error("a console error went unseen")
	}
}

// submitted clicks sel and waits for the page the click loads: until
// that page has replaced this one, this page's elements would pass the
// next wait.
func submitted(sel string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		if _, err := chromedp.Evaluate[bool](`window.ipscbaStale = true`)(ctx, t); err != nil {
			return chromedp.Void{}, err
		}
		if _, err := chromedp.Click(chromedp.CSS(sel))(ctx, t); err != nil {
			return chromedp.Void{}, err
		}
		for {
			// An evaluation during the navigation fails; the next one
			// sees the new page.
			loaded, err := chromedp.Evaluate[bool](`!window.ipscbaStale && document.readyState === "complete"`)(ctx, t)
			if err == nil && loaded {
				return chromedp.Void{}, nil
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, ctx.Err()
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
}
