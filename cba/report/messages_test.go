package report

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"

	"ipscba/cba"
)

// formatArg is, for each function that makes a message, the position of
// its English format among its arguments.
var formatArg = map[string]int{
	"Errorf": 0, "NewError": 1, "add": 1, "fail": 2, "fileError": 2, "usageLine": 1, "bad": 0, "usage": 0,
	"Phrase": 0, "New": 0, "failf": 0,
}

// messageKeys are the composite literals' keys whose values are messages.
var messageKeys = []string{"Msg", "Refuse", "Missing", "OneOfMsg", "AnyOfMsg", "hint"}

// sourceMessages returns the English messages written in the Go files of
// dirs (not tests, not the planner's page): the formats of the calls that
// make messages, the messages of the format's table, and the reasons a
// number is switched off.
func sourceMessages(t *testing.T, dirs ...string) []string {
	t.Helper()
	var out []string
	fset := token.NewFileSet()
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, path := range files {
			base := filepath.Base(path)
			if strings.HasSuffix(base, "_test.go") || strings.HasPrefix(base, "serve") || strings.HasPrefix(base, "nb") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, messagesIn(t, f)...)
		}
	}
	return out
}

// messagesIn returns the messages of one file (sourceMessages).
func messagesIn(t *testing.T, f *ast.File) []string {
	var out []string
	literal := func(e ast.Expr) {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s := unquote(t, lit.Value); regexp.MustCompile(`[a-z]{2}`).MatchString(s) {
				out = append(out, s)
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			name := ""
			switch fn := n.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			if i, ok := formatArg[name]; ok && i < len(n.Args) {
				literal(n.Args[i])
			}
		case *ast.KeyValueExpr:
			if k, ok := n.Key.(*ast.Ident); ok && slices.Contains(messageKeys, k.Name) {
				literal(n.Value)
			}
		case *ast.FuncDecl:
			if n.Name.Name == "switchedOff" {
				ast.Inspect(n.Body, func(m ast.Node) bool {
					if r, ok := m.(*ast.ReturnStmt); ok && len(r.Results) == 1 {
						literal(r.Results[0])
					}
					return true
				})
			}
		case *ast.AssignStmt:
			if id, ok := n.Lhs[0].(*ast.Ident); ok && id.Name == "why" && len(n.Rhs) == 1 {
				literal(n.Rhs[0])
			}
		}
		return true
	})
	return out
}

// TestMessagesHaveBokmål: every message of the loader, the model's checks,
// the analyses and the command has a Bokmål translation with the same
// verbs in the same order.
func TestMessagesHaveBokmål(t *testing.T) {
	keys := sourceMessages(t, "..", "../scenario", "../sensitivity", "../../examples/ipscba")
	if len(keys) < 300 {
		t.Fatalf("found only %d messages: the scan is broken", len(keys))
	}
	missing := 0
	for _, k := range keys {
		nb, ok := bokmål(k)
		if !ok {
			missing++
			t.Errorf("no Bokmål for %q", k)
			continue
		}
		if a, b := cba.Verbs(k), cba.Verbs(nb); string(a) != string(b) {
			t.Errorf("%q: verbs %q, Bokmål %q has %q", k, string(a), nb, string(b))
		}
	}
	if missing > 0 {
		t.Logf("%d of %d messages have no Bokmål", missing, len(keys))
	}
}

// TestMessagesInBokmål: a problem of a file, a message with arguments that
// are messages, a phrase and an operating system's error are written in
// Bokmål, their numbers and paths as in English.
func TestMessagesInBokmål(t *testing.T) {
	bound := cba.Bound{Min: 0, Max: 1, Fraction: true}
	e := *bound.Check(2).(*cba.Error)
	e.File, e.Line, e.Path = "plan.yaml", 12, "arms.ips.enrolment.dropout"
	pathErr := &fs.PathError{Op: "open", Path: "x.yaml", Err: syscall.ENOENT}
	for _, c := range []struct {
		err  error
		want string
	}{
		{&e, "plan.yaml:12: arms.ips.enrolment.dropout: må være i [0, 1], fikk 2 (skriv 0.02 for 2 %)"},
		{cba.Errors{&e, &e}, "plan.yaml:12: arms.ips.enrolment.dropout: må være i [0, 1], fikk 2 (skriv 0.02 for 2 %)\nplan.yaml:12"},
		{cba.Errorf("-set %s: %w", "a=b", cba.Phrase("a mapping")), "-set a=b: en mapping"},
		{pathErr, "åpne x.yaml: filen eller mappen finnes ikke"},
		{errors.Join(cba.Phrase("a list")), "en liste"},
	} {
		if got := Message(Bokmal, c.err); !strings.HasPrefix(got, c.want) {
			t.Errorf("%v in Bokmål: %q, want %q", c.err, got, c.want)
		}
		if got := Message(English, c.err); got != c.err.Error() {
			t.Errorf("%v in English: %q", c.err, got)
		}
	}
}
