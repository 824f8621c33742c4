package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"ipscba/cba/htmlreport"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// serveOptions are the flags of ipscba serve.
type serveOptions struct {
	set         sets
	addr, lang  string
	iterations  int
	budgetYears int
	remote      bool
}

func newServeFlags(stderr io.Writer, o *serveOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("ipscba serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.iterations = 2000
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "the `address` to listen on (localhost by default)")
	fs.StringVar(&o.lang, "lang", "en", "the `language` of the page: en or nb")
	fs.Var((*intFlag)(&o.iterations), "iterations", "the Monte Carlo run's `iterations` when asked for one")
	fs.Var(&o.set, "set", "change a number first: `path=value` (repeatable, as for ipscba)")
	o.budgetYears = report.DefaultBudgetYears
	fs.Var((*intFlag)(&o.budgetYears), "budget-years", "the first `N` years whose total the budget shows")
	fs.BoolVar(&o.remote, "remote", false, "allow an -addr other than this machine's loopback: anyone who reaches it can use the page and save files beside the scenario")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ipscba serve [flags] scenario.yaml")
		fmt.Fprintln(fs.Output(), "Serves a page on localhost with the scenario's report and a form of its numbers:")
		fmt.Fprintln(fs.Output(), "change them and evaluate again, run a Monte Carlo, or save a copy under a new name.")
		fs.PrintDefaults()
	}
	return fs
}

// check refuses bad flags.
func (o *serveOptions) check() error {
	if _, err := report.ParseLang(o.lang); err != nil {
		return badInput{fmt.Errorf("-lang: %v", err)}
	}
	if o.iterations < 1 || o.iterations > 1_000_000 {
		return badInput{fmt.Errorf("-iterations: want 1 to 1,000,000, got %d", o.iterations)}
	}
	if err := checkBudgetYears(o.budgetYears); err != nil {
		return badInput{err}
	}
	host, _, err := net.SplitHostPort(o.addr)
	if err != nil {
		return badInput{fmt.Errorf("-addr %s: %v", o.addr, err)}
	}
	if !o.remote && !loopback(host) {
		return badInput{fmt.Errorf("-addr %s: not this machine's loopback: the page has no login and saves files; give -remote to serve it to the network anyway", o.addr)}
	}
	return nil
}

// The server's timeouts: a request's headers must come within
// readHeaderTimeout and the whole request within readTimeout (a body sent
// slowly is cut), a response must be written within writeTimeout, and a
// connection kept alive with no request is closed after idleTimeout.
// shutdownTimeout is how long a stopped server waits for the requests
// under way (less than grace).
var (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 2 * time.Minute
	idleTimeout       = time.Minute
	shutdownTimeout   = 400 * time.Millisecond
)

// serveCommand runs ipscba serve: a page on localhost where a planner
// changes the scenario's numbers and sees the result again.
func serveCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o serveOptions
	files, _, err := parseFlags(newServeFlags(stderr, &o), args)
	if err != nil {
		return err
	}
	switch {
	case len(files) == 0:
		return usageLine(stderr, "serve: no scenario file given")
	case len(files) > 1:
		return usageLine(stderr, "serve: one scenario file, not %d", len(files))
	}
	if err := o.check(); err != nil {
		return err
	}
	lang, _ := report.ParseLang(o.lang) // checked by check
	srv, err := newServer(files[0], o.set, lang, o.iterations)
	if err != nil {
		return err
	}
	srv.remote, srv.budgetYears = o.remote, o.budgetYears
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return badInput{fmt.Errorf("-addr %s: %v", o.addr, err)}
	}
	hs := srv.httpServer()
	read, err := srv.load()
	if err != nil {
		return badInput{err}
	}
	l, err := srv.apply(read, nil, nil)
	if err != nil {
		return badInput{err}
	}
	fmt.Fprintf(stdout, "ipscba: serving %s (sha256 %s) at http://%s/ (Ctrl-C stops)\n", files[0], short12(l.sha256), ln.Addr())
	go func() {
		<-ctx.Done()
		srv.stop() // the Monte Carlo runs
		shut, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		if hs.Shutdown(shut) != nil {
			hs.Close()
		}
	}()
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// server is the planner's page. Every request reads the scenario and the
// files it extends afresh from disk, once (load: it parses them again only
// when one has changed, else the requests share the last parse), and makes
// its what-ifs on copies of that read, with its own evaluators: requests
// share nothing else but the list of Monte Carlo jobs. A
// form sent from a page of another version of the files (one was edited
// since) is not applied: the page says so and shows them as they are. The
// scenario file is never written; a copy is saved only when asked for,
// under a new name, beside it.
type server struct {
	path        string // the scenario file
	base        []string
	budgetYears int // the first years whose total the budget shows (0: 5)
	lang        report.Lang
	iterations  int

	remote bool // answer requests for any host name (-remote)
	h      http.Handler

	// runs is the context of the Monte Carlo runs, done when the server
	// stops; abandonAfter is how long a run goes on with no one asking
	// for its progress (the tab closed) before it is stopped.
	runs         context.Context
	stop         context.CancelFunc
	abandonAfter time.Duration

	mu   sync.Mutex
	jobs map[int]*job
	next int
	// parsed is the scenario as last parsed; its files' hashes say
	// whether it is still the files as they are (load).
	parsed *scenario.File
	// running bounds the Monte Carlo runs at once.
	running chan struct{}
}

// job is a Monte Carlo run of the page.
type job struct {
	done, total int
	page        []byte
	err         error
	finished    bool
	started     time.Time
	seen        time.Time // the last request for its progress
	cancel      context.CancelFunc
}

// maxJobs bounds the Monte Carlo jobs kept; maxRunning, those run at once.
const (
	maxJobs    = 32
	maxRunning = 2
)

func newServer(path string, set []string, lang report.Lang, iterations int) (*server, error) {
	if _, err := load(path, set); err != nil {
		return nil, err
	}
	runs, stop := context.WithCancel(context.Background())
	s := &server{path: path, base: set, lang: lang, iterations: iterations, runs: runs, stop: stop,
		abandonAfter: 5 * time.Second, jobs: map[int]*job{}, running: make(chan struct{}, maxRunning)}
	s.h = s.handler()
	return s, nil
}

// httpServer is the page's HTTP server, with its timeouts.
func (s *server) httpServer() *http.Server {
	return &http.Server{Handler: s, ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout}
}

// handler routes the page's requests by method and path, refuses forms
// sent from another site's page (http.CrossOriginProtection: by
// Sec-Fetch-Site, or by Origin when a browser sends no Sec-Fetch-Site) and
// requests for another host name, and forbids framing the page.
func (s *server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { s.page(w, r, nil) })
	mux.HandleFunc("POST /evaluate", func(w http.ResponseWriter, r *http.Request) { s.page(w, r, s.form(r)) })
	mux.HandleFunc("POST /montecarlo", s.monteCarlo)
	mux.HandleFunc("GET /job", s.job)
	mux.HandleFunc("POST /save", s.save)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "a form from another site", http.StatusForbidden)
	}))
	protected := cop.Handler(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if !s.remote && !loopbackHost(r.Host) {
			// A name that resolves here but is not this machine's (DNS
			// rebinding): refuse.
			http.Error(w, "this page answers only to localhost", http.StatusForbidden)
			return
		}
		protected.ServeHTTP(w, r)
	})
}

// ServeHTTP serves the page (http.Handler).
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }

// loopback says whether host (a name or an address) is this machine's
// loopback.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopbackHost says whether a request's Host header names the loopback.
func loopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	return loopback(strings.Trim(host, "[]"))
}

// page writes the deterministic page for an edit (nil: as loaded).
func (s *server) page(w http.ResponseWriter, r *http.Request, e *edit) {
	v, err := s.view(e)
	if err != nil {
		http.Error(w, "the scenario cannot be read: "+err.Error(), http.StatusInternalServerError)
		return
	}
	s.write(w, r.Context(), v, s.formFor(v, s.outcome(v)), 0)
}

// options are the report's options for the page showing v, with a Monte
// Carlo run of iterations (0: none): with the page's changes, what they
// do against the scenario as loaded, from a paired comparison on the same
// draws (the run's, or s.iterations of them).
func (s *server) options(v *view, iterations int) htmlreport.Options {
	mode := "planner's page"
	if iterations > 0 {
		mode = "planner's page, Monte Carlo"
	}
	opt := htmlreport.Options{Lang: s.lang, Iterations: iterations, Seed: 1, PairedIterations: s.iterations, Provenance: v.l.provenance(mode),
		BudgetYears: s.budgetYears}
	if len(numberEdits(v.edits)) > 0 {
		if base, err := s.apply(v.files, nil, nil); err == nil {
			opt.Base = base.file
		}
	}
	return opt
}

// outcome is the page's message after a form: what was changed, why
// nothing was, or that no number was (a form that changes none: only a
// reason given, a number typed as shown, a number set back); nothing on
// the page as loaded.
func (s *server) outcome(v *view) string {
	changed := ""
	if len(numberEdits(v.edits)) > 0 {
		changed = s.changesText(v.l)
	}
	switch {
	case v.err != nil:
		return s.word("The numbers marked below were not changed: %s", s.message(v.err))
	case changed != "":
		return s.word("Changed: %s", changed)
	case v.posted:
		return s.word("No number changed.")
	}
	return ""
}

func (s *server) word(format string, args ...string) string {
	a := make([]any, len(args))
	for i := range args {
		a[i] = args[i]
	}
	return report.NewPrinter(s.lang, nil).T(format, a...)
}

// write writes the deterministic page showing v with its form; when v's
// scenario cannot be evaluated, the page of the scenario as loaded, with
// the reason.
func (s *server) write(w http.ResponseWriter, ctx context.Context, v *view, form *htmlreport.Form, iterations int) {
	opt := s.options(v, iterations)
	opt.Form = form
	var buf bytes.Buffer
	if err := htmlreport.Write(ctx, &buf, v.l.file, opt); err != nil {
		if ctx.Err() != nil {
			return // the request was given up: no one reads the answer
		}
		// A scenario that evaluates to nothing finite: say so on the page.
		form.Message = s.word("The scenario cannot be evaluated: %s", s.message(err))
		l2, err2 := s.apply(v.files, nil, nil)
		if err2 != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		form.Edits, form.Values, form.Derived, form.SHA256 = nil, nil, nil, l2.sha256
		buf.Reset()
		if err := htmlreport.Write(ctx, &buf, l2.file, htmlreport.Options{Lang: s.lang, Form: form, Provenance: l2.provenance("planner's page")}); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

// monteCarlo starts a Monte Carlo run of the page's scenario and sends the
// browser to its progress.
func (s *server) monteCarlo(w http.ResponseWriter, r *http.Request) {
	e := s.form(r)
	v, err := s.view(e)
	if err != nil || v.err != nil {
		s.page(w, r, e)
		return
	}
	l := v.l
	id, j, ok := s.newJob()
	if !ok {
		http.Error(w, "too many Monte Carlo runs at once; wait for one to finish", http.StatusServiceUnavailable)
		return
	}
	form := s.formFor(v, s.word("Monte Carlo run of %s iterations", report.NewPrinter(s.lang, nil).Int(float64(s.iterations))))
	ctx, cancel := context.WithCancel(s.runs)
	j.cancel = cancel
	go s.watch(ctx, j)
	go func() {
		defer cancel()
		select {
		case s.running <- struct{}{}:
		case <-ctx.Done():
			s.finish(j, nil, ctx.Err())
			return
		}
		defer func() { <-s.running }()
		opt := s.options(v, s.iterations)
		opt.Form = form
		opt.Progress = func(done, total int) {
			s.mu.Lock()
			j.done, j.total = done, total
			s.mu.Unlock()
		}
		var buf bytes.Buffer
		err := htmlreport.Write(ctx, &buf, l.file, opt)
		s.finish(j, buf.Bytes(), err)
	}()
	http.Redirect(w, r, "/job?id="+strconv.Itoa(id), http.StatusSeeOther)
}

// newJob adds a job to the list, forgetting the oldest finished one when
// the list is full; false when it is full of runs under way.
func (s *server) newJob() (int, *job, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.jobs) >= maxJobs {
		oldest := -1
		for id, j := range s.jobs {
			if j.finished && (oldest < 0 || id < oldest) {
				oldest = id
			}
		}
		if oldest < 0 {
			return 0, nil, false
		}
		delete(s.jobs, oldest)
	}
	s.next++
	now := time.Now()
	j := &job{total: s.iterations, started: now, seen: now}
	s.jobs[s.next] = j
	return s.next, j, true
}

// finish records the end of a job.
func (s *server) finish(j *job, page []byte, err error) {
	s.mu.Lock()
	j.page, j.err, j.finished = page, err, true
	s.mu.Unlock()
}

// watch stops a job's run once no one has asked for its progress for
// abandonAfter: the page asks each second, so the tab was closed.
func (s *server) watch(ctx context.Context, j *job) {
	tick := time.NewTicker(min(s.abandonAfter/4, time.Second))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			s.mu.Lock()
			idle := time.Since(j.seen)
			s.mu.Unlock()
			if idle > s.abandonAfter {
				j.cancel()
				return
			}
		}
	}
}

// job shows a Monte Carlo run's progress (the page reloads itself each
// second, without JavaScript) and then its report.
func (s *server) job(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.Atoi(r.URL.Query().Get("id"))
	s.mu.Lock()
	j, ok := s.jobs[id]
	var done, total int
	var page []byte
	var err error
	finished := false
	if ok {
		j.seen = time.Now()
		done, total, page, err, finished = j.done, j.total, j.page, j.err, j.finished
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	p := report.NewPrinter(s.lang, nil)
	switch {
	case !ok:
		http.NotFound(w, r)
	case finished && err != nil:
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8"><title>Monte Carlo</title></head>`+
			`<body style="font-family: sans-serif; margin: 3rem"><p id="message" class="error">%s</p><p><a href="/">%s</a></p></body></html>`,
			s.lang, html.EscapeString(s.word("The Monte Carlo run could not be made: %s", s.message(err))), html.EscapeString(s.word("Back to the page")))
	case finished:
		w.Write(page)
	default:
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8"><meta http-equiv="refresh" content="1"><title>Monte Carlo</title></head>`+
			`<body style="font-family: sans-serif; margin: 3rem"><p id="progress">%s</p><progress max="%d" value="%d"></progress></body></html>`,
			s.lang, s.word("Monte Carlo: %s of %s iterations", p.Int(float64(done)), p.Int(float64(total))), total, done)
	}
}
