//go:build linux

package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestEverySignalThatEndsItLeavesNoFile: SIGINT, SIGTERM (as a batch
// system sends), SIGHUP, SIGQUIT and SIGABRT each stop a Monte Carlo run
// writing -values and -state promptly, exit 1, and leave no file (SIGHUP
// and SIGQUIT left a hidden .tmp of hundreds of megabytes beside -values).
// The command is this test binary, with IPSCBA_TEST_COMMAND=1 (TestMain).
func TestEverySignalThatEndsItLeavesNoFile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the command in other processes")
	}
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGABRT} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel() // it waits for another process
			dir := t.TempDir()
			cmd := exec.Command(bin, "-iterations", "50000000", "-workers", "1",
				"-values", filepath.Join(dir, "v.csv"), "-state", filepath.Join(dir, "s.state"), norway)
			cmd.Env = append(os.Environ(), "IPSCBA_TEST_COMMAND=1")
			var errOut bytes.Buffer
			cmd.Stderr = &errOut
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Stopped while it has its two files open, not before.
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
				if entries, _ := os.ReadDir(dir); len(entries) == 2 {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("the run did not open its two files within 30 s: %s", errOut.String())
				}
			}
			time.Sleep(100 * time.Millisecond) // and has iterations under way
			sent := time.Now()
			cmd.Process.Signal(sig)
			err := cmd.Wait()
			took := time.Since(sent)
			if code := cmd.ProcessState.ExitCode(); code != 1 {
				t.Errorf("exit %d (%v), want 1", code, err)
			}
			if took > 2*time.Second { // well under a second when the machine is not loaded
				t.Errorf("ended %v after the signal", took)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("left %v", entries)
			}
			if !strings.Contains(errOut.String(), "ipscba: stopped (") {
				t.Errorf("stderr %q", errOut.String())
			}
		})
	}
}

// TestNothingWaitsOnAFIFO: a scenario file, a file it extends or a saved
// run that is a FIFO is refused at once (exit 2), never waited on.
func TestNothingWaitsOnAFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	top := filepath.Join(dir, "top.yaml")
	os.WriteFile(top, []byte("extends: fifo.yaml\nname: top\n"), 0o644)
	for _, args := range [][]string{{fifo}, {top}, {"-merge", fifo, norway}, {"sensitivity", "tornado", top}, {"report", top}} {
		done := make(chan struct{})
		var errOut string
		var code int
		go func() {
			_, errOut, code = runCommand(t, args...)
			close(done)
		}()
		select {
		case <-done:
			if code != 2 || !strings.Contains(errOut, "not a regular file (a FIFO)") {
				t.Errorf("%v: exit %d, %q", args, code, errOut)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%v: still waiting after 5 s", args)
		}
	}
}

// TestAFullDiskNamesTheOutput: when the disk fills while -values is
// written, the message names the file given, not the hidden temporary
// file beside it, and nothing is left.
func TestAFullDiskNamesTheOutput(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer full.Close()
	openTempFile = func(target string, mode fs.FileMode) (*os.File, error) {
		f, err := openTemp(target, mode)
		if err == nil {
			err = syscall.Dup3(int(full.Fd()), int(f.Fd()), 0) // its writes go to /dev/full
		}
		return f, err
	}
	defer func() { openTempFile = openTemp }()
	for _, name := range []string{"v.parquet", "v.csv", "v.json"} {
		dir := t.TempDir()
		values := filepath.Join(dir, name)
		_, errOut, code := runCommand(t, "-iterations", "3000", "-values", values, norway)
		if code != 1 || !strings.Contains(errOut, "ipscba: -values "+values+": ") || !strings.Contains(errOut, "no space left on device") ||
			strings.Contains(errOut, ".tmp") || strings.Contains(errOut, "/dev/full") {
			t.Errorf("%s on a full disk: exit %d, %q", name, code, errOut)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%s on a full disk left %v", name, entries)
		}
	}
}
