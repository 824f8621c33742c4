package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeGoSetUp follows the README's "Use it from Go" in a new module
// beside a copy of the repository (a link to it), as an analyst would: the
// shell commands as written, with main.go as shown, and runs the program.
// The module cache of this build provides the dependencies, so no network
// is used (GOPROXY=off).
func TestReadmeGoSetUp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	t.Parallel() // it waits for the go command
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	block := func(name string) string {
		m := regexp.MustCompile("<!-- readme-setup: " + regexp.QuoteMeta(name) + " -->\n```[a-z]*\n((?s:.*?))```").FindSubmatch(readme)
		if m == nil {
			t.Fatalf("README.md has no block marked readme-setup: %s", name)
		}
		return string(m[1])
	}
	commands, program := block("sh"), block("main.go")
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(root, filepath.Join(dir, "ipscba")); err != nil {
		t.Fatal(err)
	}
	analysis := filepath.Join(dir, "analysis")
	os.Mkdir(analysis, 0o755)
	env := append(os.Environ(), "GOPROXY=off", "GOSUMDB=off", "GOFLAGS=-mod=mod", "GOWORK=off")
	var out []byte
	for _, line := range strings.Split(commands, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if line == "go mod tidy" { // "write main.go (below)" comes first
			if err := os.WriteFile(filepath.Join(analysis, "main.go"), []byte(program), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command("sh", "-c", line)
		cmd.Dir, cmd.Env = analysis, env
		if out, err = cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", line, err, out)
		}
	}
	if !strings.Contains(string(out), "the municipality's NPV per participant: NOK ") {
		t.Errorf("the program printed %q", out)
	}
}

// TestReadmeNamesEveryExample: the README's list of runnable examples is
// the examples there are, no more and no fewer.
func TestReadmeNamesEveryExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for _, m := range regexp.MustCompile("`(Example[A-Za-z_]*)`").FindAllStringSubmatch(string(readme), -1) {
		named[m[1]] = true
	}
	declared := regexp.MustCompile(`(?m)^func (Example[A-Za-z_]*)\(\) \{`)
	found := map[string]bool{}
	err = filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && path != "." && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir // .git, .ci
		}
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		for _, m := range declared.FindAllStringSubmatch(string(src), -1) {
			found[m[1]] = true
			if !named[m[1]] {
				t.Errorf("%s (%s) is not in the README's list of runnable examples", m[1], path)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name := range named {
		if !found[name] {
			t.Errorf("the README names %s, which no test file declares", name)
		}
	}
}

// TestReadmeArchitectureMatchesTheTree: the README's Architecture section
// names every package of cba and examples, and every folder and Go file
// it names exists.
func TestReadmeArchitectureMatchesTheTree(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	section, _, _ := strings.Cut(string(readme[strings.Index(string(readme), "\n## Architecture\n")+1:]), "\n## Scenario files\n")
	if !strings.HasPrefix(section, "## Architecture") {
		t.Fatal("the README has no Architecture section")
	}
	named := map[string]bool{}
	for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(section, -1) {
		named[m[1]] = true
	}
	goFiles := map[string]bool{} // base names and paths
	for _, root := range []string{"cba", "examples"} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.Contains(path, "testdata") {
				return err
			}
			goFiles[path], goFiles[filepath.Base(path)] = true, true
			if !strings.HasSuffix(path, "_test.go") && !named[filepath.Dir(path)] {
				t.Errorf("the package %s is not in the README's Architecture section", filepath.Dir(path))
				named[filepath.Dir(path)] = true // once
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	folder := regexp.MustCompile(`^(cba|examples)(/[a-z]+)*$`)
	for name := range named {
		switch {
		case strings.HasSuffix(name, ".go") && !strings.Contains(name, " "):
			if !goFiles[name] {
				t.Errorf("the Architecture section names %s, which is no file of cba or examples", name)
			}
		case folder.MatchString(name):
			if fi, err := os.Stat(name); err != nil || !fi.IsDir() {
				t.Errorf("the Architecture section names the folder %s, which does not exist", name)
			}
		}
	}
}
