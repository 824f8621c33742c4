//go:build unix

package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestExtendsRefusesWhatIsNotAFile: extends: naming a FIFO, a device or a
// folder is refused at once with the line of extends:, without waiting
// for a writer (reading a FIFO with none would wait forever).
func TestExtendsRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "base.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("cannot make a FIFO:", err)
	}
	for _, tc := range []struct{ base, want string }{
		{fifo, "not a regular file (a FIFO)"},
		{os.DevNull, "not a regular file (a device)"},
		{dir, "not a regular file (a folder)"},
	} {
		done := make(chan error, 1)
		go func() {
			_, err := Parse(filepath.Join(dir, "top.yaml"), []byte("extends: "+tc.base+"\n"+minimal))
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "top.yaml:1: extends: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("extends %s: %v; want %q at line 1", tc.base, err, tc.want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("extends %s: still reading after 5 s", tc.base)
		}
	}
	if _, err := Load(fifo); err == nil || !strings.Contains(err.Error(), "a FIFO") {
		t.Errorf("Load of a FIFO: %v", err)
	}
}
