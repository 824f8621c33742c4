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
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"ipscba/cba"
	"ipscba/cba/htmlreport"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// serveCommand runs ipscba serve: a page on localhost where a planner
// changes the scenario's numbers and sees the result again.
func serveCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var (
		set        sets
		addr, lang string
		iterations int
		remote     bool
	)
	fs := flag.NewFlagSet("ipscba serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&addr, "addr", "127.0.0.1:8080", "the `address` to listen on (localhost by default)")
	fs.StringVar(&lang, "lang", "en", "the `language` of the page: en or nb")
	fs.IntVar(&iterations, "iterations", 2000, "the Monte Carlo run's `iterations` when asked for one")
	fs.Var(&set, "set", "change a number first: `path=value` (repeatable, as for ipscba)")
	fs.BoolVar(&remote, "remote", false, "allow an -addr other than this machine's loopback: anyone who reaches it can use the page and save files beside the scenario")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ipscba serve [flags] scenario.yaml")
		fmt.Fprintln(stderr, "Serves a page on localhost with the scenario's report and a form of its numbers:")
		fmt.Fprintln(stderr, "change them and evaluate again, run a Monte Carlo, or save a copy under a new name.")
		fs.PrintDefaults()
	}
	files, _, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(files) == 0:
		return usageLine(stderr, "serve: no scenario file given")
	case len(files) > 1:
		return usageLine(stderr, "serve: one scenario file, not %d", len(files))
	}
	l, err := report.ParseLang(lang)
	if err != nil {
		return badInput{fmt.Errorf("-lang: %v", err)}
	}
	if iterations < 1 || iterations > 1_000_000 {
		return badInput{fmt.Errorf("-iterations: want 1 to 1,000,000, got %d", iterations)}
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return badInput{fmt.Errorf("-addr %s: %v", addr, err)}
	}
	if !remote && !loopback(host) {
		return badInput{fmt.Errorf("-addr %s: not this machine's loopback: the page has no login and saves files; give -remote to serve it to the network anyway", addr)}
	}
	srv, err := newServer(files[0], set, l, iterations)
	if err != nil {
		return err
	}
	srv.remote = remote
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return badInput{fmt.Errorf("-addr %s: %v", addr, err)}
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "ipscba: serving %s at http://%s/ (Ctrl-C stops)\n", files[0], ln.Addr())
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(shut)
	}()
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// server is the planner's page. Every request reads the scenario afresh
// from the bytes read at the start, and evaluates it with its own
// evaluators: requests share nothing but the list of Monte Carlo jobs.
// The scenario file is never written; a copy is saved only when asked for,
// under a new name, beside it.
type server struct {
	path       string // the scenario file
	data       []byte // its bytes, read once
	base       []string
	lang       report.Lang
	iterations int
	prov       report.Provenance

	remote bool // answer requests for any host name (-remote)

	mu   sync.Mutex
	jobs map[int]*job
	next int
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
}

// maxJobs bounds the Monte Carlo jobs kept; maxRunning, those run at once.
const (
	maxJobs    = 32
	maxRunning = 2
)

func newServer(path string, set []string, lang report.Lang, iterations int) (*server, error) {
	l, err := load(path, set)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, badInput{err}
	}
	return &server{path: path, data: data, base: set, lang: lang, iterations: iterations,
		prov: l.provenance("planner's page"), jobs: map[int]*job{}, running: make(chan struct{}, maxRunning)}, nil
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.remote && !loopbackHost(r.Host) {
		// A name that resolves here but is not this machine's (DNS
		// rebinding): refuse.
		http.Error(w, "this page answers only to localhost", http.StatusForbidden)
		return
	}
	if r.Method == http.MethodPost && !sameOrigin(r) {
		http.Error(w, "a form from another site", http.StatusForbidden)
		return
	}
	switch {
	case r.URL.Path == "/" && r.Method == http.MethodGet:
		s.page(w, r, nil)
	case r.URL.Path == "/evaluate" && r.Method == http.MethodPost:
		s.page(w, r, s.form(r))
	case r.URL.Path == "/montecarlo" && r.Method == http.MethodPost:
		s.monteCarlo(w, r)
	case r.URL.Path == "/job" && r.Method == http.MethodGet:
		s.job(w, r)
	case r.URL.Path == "/save" && r.Method == http.MethodPost:
		s.save(w, r)
	default:
		http.NotFound(w, r)
	}
}

// sameOrigin refuses a form sent from another site's page (an opaque
// origin, "null", included: a sandboxed frame of any site sends it).
func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true // not a browser's cross-site form
	}
	u, err := url.Parse(origin)
	return err == nil && origin != "null" && u.Host == r.Host
}

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

// edit is what a planner typed: the changed numbers, and the fields.
type edit struct {
	values map[string]string // by factor name, as typed
	sets   []string          // path=value of the numbers changed
	empty  []string          // factors whose field was emptied
	twice  []string          // factors whose field was sent more than once
	err    error             // the form could not be read
}

// formFields are the fields of the page's form that are not numbers.
var formFields = []string{"do", "save_as"}

// kept is what the fields show after e's changes were made: the scenario's
// values (shares rescaled included), but a distribution as typed, so that
// the next press of a button sends it again rather than its mean.
func (e *edit) kept() *edit {
	k := &edit{values: map[string]string{}}
	if e == nil {
		return k
	}
	for name, text := range e.values {
		if strings.HasPrefix(text, "{") {
			k.values[name] = text
		}
	}
	return k
}

// form reads the posted fields: a field whose text differs from its
// factor's value (after the command's -set) is a change.
func (s *server) form(r *http.Request) *edit {
	r.Body = http.MaxBytesReader(nil, r.Body, 1<<20)
	if ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); strings.TrimSpace(ct) != "application/x-www-form-urlencoded" {
		return &edit{err: fmt.Errorf("the form must be sent as application/x-www-form-urlencoded, as the page sends it, not %q: nothing was changed", ct)}
	}
	if r.URL.RawQuery != "" {
		return &edit{err: errors.New("numbers in the address (after ?) are not read, only the form's: nothing was changed")}
	}
	if err := r.ParseForm(); err != nil {
		return &edit{err: fmt.Errorf("the form could not be read (%v): nothing was changed", err)}
	}
	l, _, err := s.scenarioWith(nil) // the scenario with the command's -set: what the fields showed
	if err != nil {
		return &edit{err: err}
	}
	e := &edit{values: map[string]string{}}
	factors, _ := l.file.Factors()
	var unknown []string
	for name := range r.PostForm {
		if !slices.Contains(formFields, name) && !slices.ContainsFunc(factors, func(fc scenario.Factor) bool { return fc.Name == name }) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return &edit{err: fmt.Errorf("the form has fields of no number on the page (%s): nothing was changed", strings.Join(unknown, ", "))}
	}
	decimalComma := regexp.MustCompile(`^-?[0-9]+,[0-9]+$`)
	for _, fc := range factors {
		v, ok := r.PostForm[fc.Name]
		if !ok || len(v) == 0 {
			continue
		}
		text := strings.TrimSpace(v[0])
		e.values[fc.Name] = text
		if len(v) > 1 {
			e.twice = append(e.twice, fc.Name)
			continue
		}
		if s.lang == report.Bokmal && decimalComma.MatchString(text) {
			text = strings.Replace(text, ",", ".", 1) // 12,5 is twelve and a half in Norwegian
		}
		switch x, err := scenario.ParseNumber(text); { // as -set reads it: no hexadecimal, no separators
		case text == "":
			e.empty = append(e.empty, fc.Name)
		case err == nil && x == fc.Value:
			// the number shown, perhaps written otherwise (24.0, -0): no change
		case text != strconv.FormatFloat(fc.Value, 'f', -1, 64):
			e.sets = append(e.sets, fc.Name+"="+text)
		}
	}
	s.dropRescaled(e, factors)
	return e
}

// dropRescaled takes out of e.sets the shares that only show the rescaling
// of another share of their set: a page sends back, after a share was set,
// its partners' rescaled values too, and setting those would fix them
// (no longer drawn). For each set of shares with changes, the fewest of
// its changed shares that, set alone, give the others the values sent are
// kept.
func (s *server) dropRescaled(e *edit, factors []scenario.Factor) {
	bySet := map[int][]int{} // share set -> the indexes in e.sets of its changed shares
	for i, kv := range e.sets {
		name, _, _ := strings.Cut(kv, "=")
		for _, fc := range factors {
			if fc.Name == name && fc.ShareSet >= 0 && fc.Dist == nil {
				bySet[fc.ShareSet] = append(bySet[fc.ShareSet], i)
			}
		}
	}
	drop := map[int]bool{}
	for _, changed := range bySet {
		if len(changed) < 2 || len(changed) > 8 {
			continue
		}
		// Subsets of the changed shares, fewest first.
		for size := 1; size < len(changed); size++ {
			if keep, ok := s.reproduces(e, changed, size, drop); ok {
				for _, i := range changed {
					if !slices.Contains(keep, i) {
						drop[i] = true
					}
				}
				break
			}
		}
	}
	if len(drop) == 0 {
		return
	}
	var sets []string
	for i, kv := range e.sets {
		if !drop[i] {
			sets = append(sets, kv)
		}
	}
	e.sets = sets
}

// reproduces looks for size of the changed entries of e.sets that, set with
// every other entry (but those in drop), give the rest of changed the
// values sent.
func (s *server) reproduces(e *edit, changed []int, size int, drop map[int]bool) ([]int, bool) {
	var try func(start int, keep []int) ([]int, bool)
	try = func(start int, keep []int) ([]int, bool) {
		if len(keep) == size {
			trial := &edit{}
			for i, kv := range e.sets {
				if !drop[i] && (!slices.Contains(changed, i) || slices.Contains(keep, i)) {
					trial.sets = append(trial.sets, kv)
				}
			}
			l, _, err := s.scenarioWith(trial)
			if err != nil {
				return nil, false
			}
			fs, _ := l.file.Factors()
			for _, i := range changed {
				if slices.Contains(keep, i) {
					continue
				}
				name, text, _ := strings.Cut(e.sets[i], "=")
				j := slices.IndexFunc(fs, func(f scenario.Factor) bool { return f.Name == name })
				if j < 0 || strconv.FormatFloat(fs[j].Value, 'f', -1, 64) != text {
					return nil, false
				}
			}
			return keep, true
		}
		for k := start; k < len(changed); k++ {
			if got, ok := try(k+1, append(slices.Clone(keep), changed[k])); ok {
				return got, true
			}
		}
		return nil, false
	}
	return try(0, nil)
}

// scenarioWith reads the scenario afresh and applies the command's -set
// and the page's changes together. Errors are returned by factor name
// where a change caused them.
func (s *server) scenarioWith(e *edit) (*loaded, map[string]string, error) {
	var sets []string
	sets = append(sets, s.base...)
	if e != nil {
		sets = append(sets, e.sets...)
	}
	f, err := scenario.Parse(s.path, s.data)
	if err != nil {
		return nil, nil, err
	}
	l := &loaded{file: f, path: filepath.ToSlash(s.path), sha256: s.prov.SHA256, overrides: sets}
	fieldErrors := map[string]string{}
	if e != nil && e.err != nil {
		return l, fieldErrors, e.err
	}
	if e != nil {
		for _, name := range e.empty {
			fieldErrors[name] = s.word("is required: give a number")
		}
		for _, name := range e.twice {
			fieldErrors[name] = s.word("is sent more than once: give it once")
		}
	}
	var ovs []cba.Override
	for _, kv := range sets {
		ov, err := scenario.ParseOverride(kv)
		if err != nil {
			name, _, _ := strings.Cut(kv, "=")
			fieldErrors[name] = err.Error()
			continue
		}
		ovs = append(ovs, ov)
	}
	if len(fieldErrors) > 0 {
		return l, fieldErrors, errors.New(s.word("some numbers could not be read"))
	}
	if len(ovs) > 0 {
		if l.changes, err = f.Apply(ovs...); err != nil {
			factors, _ := f.Factors()
			for _, e := range cbaErrors(err) {
				name := e.Path
				for _, fc := range factors {
					if slices.Contains(fc.Paths, e.Path) || fc.Name == e.Path {
						name = fc.Name
					}
				}
				fieldErrors[name] = e.Msg
			}
			return l, fieldErrors, err
		}
	}
	return l, fieldErrors, nil
}

func cbaErrors(err error) []*cba.Error {
	var list cba.Errors
	if errors.As(err, &list) {
		return list
	}
	var one *cba.Error
	if errors.As(err, &one) {
		return []*cba.Error{one}
	}
	return []*cba.Error{{Msg: err.Error()}}
}

// changesText says what the page's changes did: each number set, and the
// shares rescaled with it.
func changesText(l *loaded) string {
	var parts []string
	for _, ch := range l.changes {
		text := ch.Override.String()
		for _, r := range ch.Rescaled {
			text += fmt.Sprintf(" (rescaled %s %s -> %s)", r.Factor, short6(r.From), short6(r.To))
		}
		parts = append(parts, text)
	}
	return strings.Join(parts, "; ")
}

// formFor is the form of the page for an edit.
func (s *server) formFor(e *edit, fieldErrors map[string]string, message string) *htmlreport.Form {
	f := &htmlreport.Form{Action: "/evaluate", MonteCarlo: "/montecarlo", Save: "/save", Iterations: s.iterations,
		Errors: fieldErrors, Message: message}
	if e != nil {
		f.Values = e.values
	}
	return f
}

// page writes the deterministic page for an edit (nil: as loaded).
func (s *server) page(w http.ResponseWriter, r *http.Request, e *edit) {
	l, fieldErrors, err := s.scenarioWith(e)
	message := ""
	if err != nil {
		message = s.word("The numbers marked below were not changed: %s", err.Error())
		// Show the scenario as loaded, with the fields as typed.
		if l2, _, err2 := s.scenarioWith(nil); err2 == nil {
			l = l2
		}
	} else if e != nil && len(e.sets) > 0 {
		message = s.word("Changed: %s", changesText(l))
		e = e.kept() // the fields show the scenario as it now is, rescaled shares and distributions included
	}
	if l == nil {
		http.Error(w, "the scenario cannot be read", http.StatusInternalServerError)
		return
	}
	s.write(w, r.Context(), l, htmlreport.Options{Lang: s.lang, Provenance: l.provenance("planner's page")}, s.formFor(e, fieldErrors, message))
}

func (s *server) word(format string, args ...string) string {
	a := make([]any, len(args))
	for i := range args {
		a[i] = args[i]
	}
	return report.NewPrinter(s.lang, nil).T(format, a...)
}

func (s *server) write(w http.ResponseWriter, ctx context.Context, l *loaded, opt htmlreport.Options, form *htmlreport.Form) {
	opt.Form = form
	var buf bytes.Buffer
	if err := htmlreport.Write(ctx, &buf, l.file, opt); err != nil {
		// A scenario that evaluates to nothing finite: say so on the page.
		form.Message = s.word("The scenario cannot be evaluated: %s", err.Error())
		l2, _, err2 := s.scenarioWith(nil)
		if err2 != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
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
	l, _, err := s.scenarioWith(e)
	if err != nil {
		s.page(w, r, e)
		return
	}
	s.mu.Lock()
	if len(s.jobs) >= maxJobs {
		// Forget the oldest finished job.
		oldest := -1
		for id, j := range s.jobs {
			if j.finished && (oldest < 0 || id < oldest) {
				oldest = id
			}
		}
		if oldest < 0 {
			s.mu.Unlock()
			http.Error(w, "too many Monte Carlo runs at once; wait for one to finish", http.StatusServiceUnavailable)
			return
		}
		delete(s.jobs, oldest)
	}
	s.next++
	id := s.next
	j := &job{total: s.iterations, started: time.Now()}
	s.jobs[id] = j
	s.mu.Unlock()
	form := s.formFor(e.kept(), nil, s.word("Monte Carlo run of %s iterations", report.NewPrinter(s.lang, nil).Int(float64(s.iterations))))
	go func() {
		s.running <- struct{}{}
		defer func() { <-s.running }()
		opt := htmlreport.Options{Iterations: s.iterations, Seed: 1, Lang: s.lang, Provenance: l.provenance("planner's page, Monte Carlo"), Form: form,
			Progress: func(done, total int) {
				s.mu.Lock()
				j.done, j.total = done, total
				s.mu.Unlock()
			}}
		var buf bytes.Buffer
		err := htmlreport.Write(context.Background(), &buf, l.file, opt)
		s.mu.Lock()
		j.page, j.err, j.finished = buf.Bytes(), err, true
		s.mu.Unlock()
	}()
	http.Redirect(w, r, "/job?id="+strconv.Itoa(id), http.StatusSeeOther)
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
		done, total, page, err, finished = j.done, j.total, j.page, j.err, j.finished
	}
	s.mu.Unlock()
	switch {
	case !ok:
		http.NotFound(w, r)
	case finished && err != nil:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8"><title>Monte Carlo</title></head>`+
			`<body style="font-family: sans-serif; margin: 3rem"><p id="message" class="error">%s</p><p><a href="/">%s</a></p></body></html>`,
			s.lang, html.EscapeString(s.word("The Monte Carlo run could not be made: %s", err.Error())), html.EscapeString(s.word("Back to the page")))
	case finished:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	default:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8"><meta http-equiv="refresh" content="1"><title>Monte Carlo</title></head>`+
			`<body style="font-family: sans-serif; margin: 3rem"><p id="progress">%s</p><progress max="%d" value="%d"></progress></body></html>`,
			s.lang, s.word("Monte Carlo: %s of %s iterations", report.NewPrinter(s.lang, nil).Int(float64(done)), report.NewPrinter(s.lang, nil).Int(float64(total))), total, done)
	}
}

// saveName is a file name a copy may take: letters, digits, '-', '_' and
// '.', ending in .yaml.
var saveName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.yaml$`)

// save writes a copy of the scenario with the page's changes, as a file
// that extends the scenario and sets the changed numbers, beside it under
// a new name. It never replaces a file.
func (s *server) save(w http.ResponseWriter, r *http.Request) {
	e := s.form(r)
	name := strings.TrimSpace(r.PostForm.Get("save_as"))
	l, fieldErrors, err := s.scenarioWith(e)
	message := ""
	switch {
	case err != nil:
		message = s.word("Not saved: %s", err.Error())
	case !saveName.MatchString(name):
		message = s.word("Not saved: give a file name of letters, digits, '-' and '_', ending in .yaml, without a folder")
	default:
		target := filepath.Join(filepath.Dir(s.path), name)
		var b strings.Builder
		fmt.Fprintf(&b, "# A copy of %s made on the planner's page: its numbers, with those below changed.\n", filepath.Base(s.path))
		fmt.Fprintf(&b, "extends: %s\nname: %s\n", filepath.Base(s.path), strings.TrimSuffix(name, ".yaml"))
		if changed := append(append([]string{}, s.base...), e.sets...); len(changed) > 0 {
			b.WriteString("set:\n")
			for _, kv := range changed {
				path, value, _ := strings.Cut(kv, "=")
				path, value = strings.TrimSpace(path), strings.TrimSpace(value)
				key := "value"
				if strings.HasPrefix(value, "{") {
					key = "distribution" // a flow mapping, as typed (checked when read back below)
				}
				fmt.Fprintf(&b, "  - {path: %s, %s: %s, assumption: %s}\n", strconv.Quote(path), key, value, strconv.Quote("changed on the planner's page"))
			}
		}
		// The copy must read back as the scenario the page shows.
		if _, perr := scenario.Parse(target, []byte(b.String())); perr != nil {
			message = s.word("Not saved: %s", perr.Error())
			break
		}
		f, ferr := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if ferr != nil {
			message = s.word("Not saved: %s", ferr.Error())
			break
		}
		_, werr := f.WriteString(b.String())
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(target)
			message = s.word("Not saved: %s", werr.Error())
			break
		}
		message = s.word("Saved as %s", target)
	}
	if l == nil {
		http.Error(w, "the scenario cannot be read", http.StatusInternalServerError)
		return
	}
	if err != nil {
		l, _, _ = s.scenarioWith(nil)
	}
	s.write(w, r.Context(), l, htmlreport.Options{Lang: s.lang, Provenance: l.provenance("planner's page")}, s.formFor(e, fieldErrors, message))
}
