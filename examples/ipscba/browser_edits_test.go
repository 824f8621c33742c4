package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"ipscba/cba/report"
)

// TestBrowserSendsOnlyTheFieldsEdited: in headless Chromium, the planner's
// page sends, of the numbers, only those edited, with the page's earlier
// changes as its "edit" fields: after a share is set, its partners'
// rescaled values are not sent back as changes of their own; the result is
// what -set gives.
func TestBrowserSendsOnlyTheFieldsEdited(t *testing.T) {
	t.Parallel()
	ctx, problems := browser(t)
	srv, err := newServer(norway, nil, report.English, 300)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var sent []url.Values
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			body, _ := io.ReadAll(r.Body)
			form, _ := url.ParseQuery(string(body))
			mu.Lock()
			sent = append(sent, form)
			mu.Unlock()
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		srv.ServeHTTP(w, r)
	}))
	defer ts.Close()
	const share, partner, other = "taxes.ordinary_income.receivers.municipality", "taxes.ordinary_income.receivers.county", "perspective.displacement"
	field := func(name string) chromedp.CSS { return chromedp.CSS(`input[name="` + name + `"]`) }
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#conclusion")),
		chromedp.SetValue(field(share), "0.5"), submitted("#evaluate"), chromedp.WaitVisible(chromedp.CSS("#message"))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.SetValue(field(other), "0.1"), submitted("#evaluate"),
		chromedp.WaitVisible(chromedp.CSS("#message"))); err != nil {
		t.Fatal(err)
	}
	message, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#message")))
	if err != nil {
		t.Fatal(err)
	}
	conclusion, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#conclusion")))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(sent) != 2 {
		t.Fatalf("%d forms sent", len(sent))
	}
	for i, want := range [][]string{{"do", "save_as", "sha256", share}, {"do", "edit", other, "save_as", "sha256"}} {
		var keys []string
		for k := range sent[i] {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, want) {
			t.Errorf("form %d sent %v, want %v", i+1, keys, want)
		}
	}
	if got := sent[1]["edit"]; !slices.Equal(got, []string{share + "=0.5"}) {
		t.Errorf("the second form's earlier changes: %v", got)
	}
	if strings.Contains(message, partner+"=") || !strings.Contains(message, share+"=0.5") || !strings.Contains(message, other+"=0.1") {
		t.Errorf("the page says: %s", message)
	}
	direct, _, _ := runCommand(t, "-set", share+"=0.5", "-set", other+"=0.1", norway)
	if want := "In short: " + strings.Join(strings.Fields(strings.Split(strings.Split(direct, "In short: ")[1], "\n\n")[0]), " "); want != conclusion {
		t.Errorf("the page says\n%s\n-set says\n%s", conclusion, want)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported: %v", p)
	}
}
