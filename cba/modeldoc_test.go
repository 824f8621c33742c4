package cba_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCitedDocumentsAreInTheRepository: every "MODEL.md section N" the
// code, the scenarios and the documents cite is a section of cba/MODEL.md,
// and nothing cites a file outside the repository (a shared/ folder).
func TestCitedDocumentsAreInTheRepository(t *testing.T) {
	model, err := os.ReadFile("MODEL.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^## (\d+)\. `).FindAllStringSubmatch(string(model), -1) {
		sections[m[1]] = true
	}
	if len(sections) != 10 {
		t.Fatalf("MODEL.md has sections %v, want 1 to 10", sections)
	}
	cite := regexp.MustCompile(`MODEL\.md section (\d+)`)
	found := 0
	err = filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != ".." {
			return filepath.SkipDir
		}
		ext := filepath.Ext(path)
		if d.IsDir() || (ext != ".go" && ext != ".md" && ext != ".yaml") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(data)
		for _, m := range cite.FindAllStringSubmatch(text, -1) {
			found++
			if !sections[m[1]] {
				t.Errorf("%s cites MODEL.md section %s, which MODEL.md does not have", path, m[1])
			}
		}
		if strings.Contains(text, "shared/"+"MODEL.md") || strings.Contains(text, "shared/"+"SOURCES.md") {
			t.Errorf("%s cites a document outside the repository", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 5 {
		t.Errorf("found %d citations of MODEL.md sections: the walk missed the files", found)
	}
}
