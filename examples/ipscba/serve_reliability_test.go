package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"ipscba/cba/report"
)

// copyNorway copies the Norwegian scenario and the rules it extends into a
// folder of their own, and returns the scenario's path there.
func copyNorway(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"norway-norce.yaml", "rules/norway-2025.yaml"} {
		data, err := os.ReadFile(filepath.Join("scenarios", f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		os.WriteFile(filepath.Join(dir, f), data, 0o644)
	}
	return filepath.Join(dir, "norway-norce.yaml")
}

var messageRE = regexp.MustCompile(`id="message">([^<]*)`)

func messageOf(page string) string {
	if m := messageRE.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}

// TestServeRefusesFramingAndOtherSites: every answer forbids framing the
// page (X-Frame-Options, frame-ancestors); a form a browser sends from
// another site is refused by Sec-Fetch-Site even with no Origin; methods
// are routed by pattern (a GET of a form's address is 405).
func TestServeRefusesFramingAndOtherSites(t *testing.T) {
	t.Parallel()
	path := copyNorway(t)
	_, ts := newTestServer(t, path)
	do := func(method, target string, header map[string]string, body string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, ts.URL+target, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	for _, tc := range []struct {
		method, target string
		header         map[string]string
		status         int
	}{
		{"GET", "/", nil, http.StatusOK},
		{"POST", "/evaluate", map[string]string{"Sec-Fetch-Site": "same-origin"}, http.StatusOK},
		{"POST", "/save", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"POST", "/evaluate", map[string]string{"Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
		{"POST", "/montecarlo", map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"GET", "/evaluate", nil, http.StatusMethodNotAllowed},
		{"GET", "/nowhere", nil, http.StatusNotFound},
	} {
		resp := do(tc.method, tc.target, tc.header, "save_as=evil.yaml")
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s %v: %s, want %d", tc.method, tc.target, tc.header, resp.Status, tc.status)
		}
		if resp.Header.Get("X-Frame-Options") != "DENY" || resp.Header.Get("Content-Security-Policy") != "frame-ancestors 'none'" {
			t.Errorf("%s %s: X-Frame-Options %q, Content-Security-Policy %q", tc.method, tc.target,
				resp.Header.Get("X-Frame-Options"), resp.Header.Get("Content-Security-Policy"))
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "evil.yaml")); err == nil {
		t.Error("a form from another site saved a file")
	}
}

// serving runs ipscba serve on a free port until the test ends, and
// returns its address.
func serving(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r, w := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- command(ctx, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...), w, io.Discard)
		w.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("the server did not stop")
		}
	})
	line, err := bufio.NewReader(r).ReadString('\n')
	go io.Copy(io.Discard, r)
	m := regexp.MustCompile(`at http://([^/]+)/`).FindStringSubmatch(line)
	if err != nil || m == nil {
		t.Fatalf("%q, %v", line, err)
	}
	return m[1]
}

// TestServeClosesSlowAndIdleConnections: a body sent slowly is cut after
// the read timeout, and a kept-alive connection with no request is closed
// after the idle timeout, by the server ipscba serve runs.
func TestServeClosesSlowAndIdleConnections(t *testing.T) {
	defer func(r, i time.Duration) { readTimeout, idleTimeout = r, i }(readTimeout, idleTimeout)
	readTimeout, idleTimeout = 300*time.Millisecond, 300*time.Millisecond
	addr := serving(t, norway)
	closedWithin := func(conn net.Conn, d time.Duration) bool {
		conn.SetReadDeadline(time.Now().Add(d))
		_, err := io.Copy(io.Discard, conn)
		return err == nil // the server closed it (EOF), not our deadline
	}
	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	io.WriteString(slow, "POST /evaluate HTTP/1.1\r\nHost: "+addr+"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nperspective.displacement=0.")
	if !closedWithin(slow, 5*time.Second) {
		t.Error("a slow body kept its connection for 5 s")
	}
	idle, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	io.WriteString(idle, "GET / HTTP/1.1\r\nHost: "+addr+"\r\n\r\n")
	br := bufio.NewReader(idle)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Close {
		t.Fatalf("%s, close %v", resp.Status, resp.Close)
	}
	start := time.Now()
	idle.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
		t.Errorf("an idle connection: %v after %v, want closed", err, time.Since(start))
	}
}

// TestServeStopsAbandonedRuns: a Monte Carlo run whose progress no one
// asks for any more (the tab closed) is stopped, and the server's stop
// stops the runs under way.
func TestServeStopsAbandonedRuns(t *testing.T) {
	srv, err := newServer(norway, nil, report.English, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	srv.abandonAfter = 300 * time.Millisecond
	ts := newTestHTTP(t, srv)
	client := *ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	start := func() *job {
		resp, err := client.PostForm(ts.URL+"/montecarlo", url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		srv.mu.Lock()
		defer srv.mu.Unlock()
		return srv.jobs[srv.next]
	}
	ended := func(j *job, within time.Duration) error {
		deadline := time.Now().Add(within)
		for time.Now().Before(deadline) {
			srv.mu.Lock()
			finished, err := j.finished, j.err
			srv.mu.Unlock()
			if finished {
				return err
			}
			time.Sleep(20 * time.Millisecond)
		}
		return errors.New("still running")
	}
	if err := ended(start(), 5*time.Second); !errors.Is(err, context.Canceled) {
		t.Errorf("an abandoned run: %v, want stopped", err)
	}
	srv.abandonAfter = time.Hour
	j := start()
	time.Sleep(200 * time.Millisecond)
	srv.stop()
	if err := ended(j, 2*time.Second); !errors.Is(err, context.Canceled) {
		t.Errorf("a run when the server stops: %v, want stopped", err)
	}
}

// newTestHTTP serves srv on loopback until the test ends.
func newTestHTTP(t *testing.T, srv *server) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

// TestServeSavesWhatItShows: the page refuses, with a message and no
// file, a value with text after it (the page evaluated only the first
// mapping, and saved the rest); a copy saved holds the changes as the page
// read them, and gives the numbers the page shows.
func TestServeSavesWhatItShows(t *testing.T) {
	t.Parallel()
	path := copyNorway(t)
	_, ts := newTestServer(t, path)
	const name = "arms.ips.effect.half_life_months"
	for _, value := range []string{
		"{type: gamma, mean: 12, sd: 6}, assumption: \"x\"}\n  - {path: perspective.displacement, value: 0.9}",
		"{type: gamma, mean: 12, sd: 6}}}}",
		"12 junk",
	} {
		page, _ := post(t, ts, "/save", url.Values{name: {value}, "save_as": {"junk.yaml"}})
		if !strings.Contains(messageOf(page), "Not saved") {
			t.Errorf("%q: %s", value, messageOf(page))
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "junk.yaml")); err == nil {
		t.Error("a value with text after it was saved")
	}
	page, _ := post(t, ts, "/save", url.Values{name: {"{type: gamma, mean: 12, sd: 6}"}, "perspective.displacement": {"0.1"}, "save_as": {"mine.yaml"}})
	if !strings.Contains(messageOf(page), "Saved as") {
		t.Fatalf("not saved: %s", messageOf(page))
	}
	saved, _ := os.ReadFile(filepath.Join(filepath.Dir(path), "mine.yaml"))
	if !strings.Contains(string(saved), `distribution: {type: gamma, mean: 12, sd: 6}, assumption: "changed on the planner's page"`) {
		t.Errorf("the copy:\n%s", saved)
	}
	out, errOut, code := runCommand(t, "-format", "json", filepath.Join(filepath.Dir(path), "mine.yaml"))
	direct, _, _ := runCommand(t, "-format", "json", "-set", name+"={type: gamma, mean: 12, sd: 6}", "-set", "perspective.displacement=0.1", path)
	if code != 0 || outputsOf(t, out) != outputsOf(t, direct) {
		t.Errorf("the copy does not give the page's numbers (exit %d %s)", code, errOut)
	}
}

// TestServeNoticesEditsOfTheFilesItReads: the page shows the hash of the
// whole chain of files; when a file the scenario extends is edited on
// disk, the page shows the files as they are (with their hash), and a form
// sent from the page made before is not applied nor saved.
func TestServeNoticesEditsOfTheFilesItReads(t *testing.T) {
	t.Parallel()
	path := copyNorway(t)
	_, ts := newTestServer(t, path)
	before := get(t, ts, "/")
	old := fieldsOf(t, before).Get("sha256")
	f, err := loadedSum(path)
	if err != nil || old != f {
		t.Fatalf("the page's sha256 %q, the chain's %q (%v)", old, f, err)
	}
	rules := filepath.Join(filepath.Dir(path), "rules", "norway-2025.yaml")
	data, _ := os.ReadFile(rules)
	edited := strings.Replace(string(data), "  marginal_cost_of_public_funds:\n    value: 0.2\n", "  marginal_cost_of_public_funds:\n    value: 0.3\n", 1)
	if edited == string(data) {
		t.Fatal("no edit made")
	}
	os.WriteFile(rules, []byte(edited), 0o644)
	now, _ := loadedSum(path)
	fields := fieldsOf(t, before)
	fields.Set("perspective.displacement", "0.1")
	fields.Set("save_as", "mine.yaml")
	page, _ := post(t, ts, "/save", fields)
	if !strings.Contains(messageOf(page), "changed on disk since this page was shown") || !strings.Contains(page, now) || fieldsOf(t, page).Get("sha256") != now {
		t.Errorf("a save from the page before the edit: %s", messageOf(page))
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "mine.yaml")); err == nil {
		t.Error("a copy was saved over a base edited on disk")
	}
	if !strings.Contains(get(t, ts, "/"), now) {
		t.Error("the page does not show the hash of the files as they are")
	}
}

// loadedSum is the SHA256 of a scenario file's chain.
func loadedSum(path string) (string, error) {
	l, err := load(path, nil)
	if err != nil {
		return "", err
	}
	return l.sha256, nil
}

// TestAFormIsCheckedAndMadeOnOneRead: while a file the scenario extends
// changes between two versions every few milliseconds, a form sent from
// the page of version A is either refused as made from other files or
// made on A, never made on B without a word: a request reads the files
// once, and checks and makes the form on that read.
func TestAFormIsCheckedAndMadeOnOneRead(t *testing.T) {
	t.Parallel()
	path := copyNorway(t)
	_, ts := newTestServer(t, path)
	fields := fieldsOf(t, get(t, ts, "/"))
	shaA := fields.Get("sha256")
	rules := filepath.Join(filepath.Dir(path), "rules", "norway-2025.yaml")
	a, err := os.ReadFile(rules)
	if err != nil {
		t.Fatal(err)
	}
	b := []byte(strings.Replace(string(a), "  marginal_cost_of_public_funds:\n    value: 0.2\n", "  marginal_cost_of_public_funds:\n    value: 0.3\n", 1))
	if string(a) == string(b) {
		t.Fatal("the edit of the rules changes nothing")
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() { // each version written whole (a rename), in turn
		defer close(done)
		tmp := rules + ".swap"
		for i := 0; ; i++ {
			select {
			case <-stop:
				os.WriteFile(rules, a, 0o644)
				return
			default:
			}
			os.WriteFile(tmp, [][]byte{a, b}[i%2], 0o644)
			os.Rename(tmp, rules)
			time.Sleep(3 * time.Millisecond)
		}
	}()
	defer func() { close(stop); <-done }()
	fields.Set("perspective.displacement", "0.1")
	tries, refused := 0, 0
	for deadline := time.Now().Add(1500 * time.Millisecond); time.Now().Before(deadline); tries++ {
		page, _ := post(t, ts, "/evaluate", fields)
		switch now := fieldsOf(t, page).Get("sha256"); {
		case strings.Contains(messageOf(page), "changed on disk"):
			refused++
		case now != shaA:
			t.Fatalf("try %d: a form from the page of %s was made on the files of %s without a word (%q)",
				tries+1, short12(shaA), short12(now), messageOf(page))
		}
	}
	t.Logf("%d tries, %d refused as made from other files, the others made on them", tries, refused)
}
