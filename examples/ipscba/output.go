package main

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"ipscba/cba"
)

// outputs are the files a run writes (-o, -state, -values, -charts).
// Each is written to a hidden temporary file beside its target; only when
// the whole run has succeeded are they renamed over their targets,
// together (commit). What holds:
//
//   - A run that fails or is stopped before its commit (Ctrl-C, SIGTERM,
//     SIGHUP, SIGQUIT, a second signal, or the grace after the first
//     running out) replaces no target and leaves no temporary file: they
//     are removed before the process ends.
//   - A stop that comes during a commit waits for it (a commit is a few
//     renames), and a run stopped before it never starts it.
//   - At the commit, a target that has become something other than a
//     regular file (a folder) is found before the first rename: nothing is
//     replaced.
//   - A rename that still fails (permissions changed, the folder removed)
//     puts the targets replaced before it back: each existing target is
//     kept under a hidden hard link (.NAME.XXXX.bak) before it is
//     replaced, and renamed back. Where hard links cannot be made (some
//     network or FAT file systems), the outputs without one are replaced
//     last, so that with one such output the guarantee stands; with two,
//     the earlier cannot be put back, and the message says which files
//     were replaced. If putting back fails too, the message says so.
//   - Only a kill that cannot be caught (SIGKILL, a power cut) can leave a
//     hidden .tmp or .bak file beside an output, or some outputs replaced.
type outputs struct {
	inputs []string // files the run reads: no output may be one of them
	files  []*output
}

// output is one file of a run.
type output struct {
	flag   string // the flag that named it, for messages
	path   string // as the flag gave it
	target string // the file to replace (a symlink's target, resolved)
	tmp    *os.File
	mode   fs.FileMode
	done   bool
	// existed and backup are what a commit keeps of the target replaced:
	// whether there was one, and a hard link to it until the commit ends.
	existed bool
	backup  string
}

// pending holds the temporary files of the process's outputs, and the
// lock a commit holds: a stop that ends the process at once (exitNow)
// takes it, so it never cuts a commit in two, and removes them.
var pending = struct {
	sync.Mutex
	names map[string]bool
}{names: map[string]bool{}}

// track adds a temporary file to those removed on the way out.
func track(name string) {
	pending.Lock()
	pending.names[name] = true
	pending.Unlock()
}

// untrack takes a temporary file out of pending, once renamed or removed.
// The caller holds the lock when locked.
func untrack(name string, locked bool) {
	if !locked {
		pending.Lock()
		defer pending.Unlock()
	}
	delete(pending.names, name)
}

// removePending removes every temporary file of the process's outputs and
// keeps the lock: no commit starts after it. It is called on the way out.
func removePending() {
	pending.Lock()
	removeLocked()
}

// removeLocked removes the temporary files; the caller holds the lock.
func removeLocked() {
	for name := range pending.names {
		os.Remove(name)
		delete(pending.names, name)
	}
}

// create opens a temporary file for the output named by flag at path. It
// refuses a path that is an input of the run or another output, and a
// target that is not a regular file (a directory, a device): those are
// never replaced. A symlink is written through: its target is replaced.
func (o *outputs) create(flag, path string) (*output, error) {
	target := path
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		target = resolved
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, badInput{cba.Errorf("%s %s: %v", flag, path, err)}
	}
	mode := fs.FileMode(0o666) // less the umask, as the system applies it
	keep := false
	if st, err := os.Stat(target); err == nil {
		if !st.Mode().IsRegular() {
			return nil, badInput{cba.Errorf("%s %s: not a regular file; give a file to write", flag, path)}
		}
		mode, keep = st.Mode().Perm(), true
		for _, in := range o.inputs {
			if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
				return nil, badInput{cba.Errorf("%s %s: is an input of this run (%s); write the output elsewhere", flag, path, in)}
			}
		}
		for _, other := range o.files {
			if ost, err := os.Stat(other.target); err == nil && os.SameFile(st, ost) {
				return nil, badInput{cba.Errorf("%s %s: is also the file of %s", flag, path, other.flag)}
			}
		}
	}
	for _, other := range o.files {
		if filepath.Clean(other.target) == filepath.Clean(target) {
			return nil, badInput{cba.Errorf("%s %s: is also the file of %s", flag, path, other.flag)}
		}
	}
	tmp, err := openTempFile(target, mode)
	if err != nil {
		return nil, cba.Errorf("%s %s: cannot write there: %v", flag, path, cause(err))
	}
	track(tmp.Name())
	if keep {
		tmp.Chmod(mode) // the mode the file had, whatever the umask
	}
	out := &output{flag: flag, path: path, target: target, tmp: tmp, mode: mode}
	o.files = append(o.files, out)
	return out, nil
}

// rootCause is the innermost cause of an error (a file error's errno),
// without the names its wrappers give.
func rootCause(err error) error {
	for {
		inner := errors.Unwrap(err)
		if inner == nil {
			return err
		}
		err = inner
	}
}

// cause is the reason of a file error without the file's name (the
// temporary file's name means nothing to the user).
func cause(err error) error {
	if inner := errors.Unwrap(err); inner != nil {
		return inner
	}
	return err
}

// hiddenName is a new name for a hidden file beside target:
// .NAME.XXXXXXXXXXXX plus ext.
func hiddenName(target, ext string) string {
	var b [6]byte
	rand.Read(b[:])
	return filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+"."+hex.EncodeToString(b[:])+ext)
}

// openTemp creates a new temporary file beside target, with mode less the
// umask.
func openTemp(target string, mode fs.FileMode) (*os.File, error) {
	for {
		name := hiddenName(target, ".tmp")
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
}

// Write writes to the temporary file. Its errors name the output as the
// flag gave it (-values v.parquet: no space left on device), never the
// temporary file.
func (o *output) Write(p []byte) (int, error) {
	n, err := o.tmp.Write(p)
	if err != nil {
		err = &fs.PathError{Op: "write", Path: o.path, Err: cause(err)}
	}
	return n, err
}

// rename, link and openTempFile are os.Rename, os.Link and openTemp (a test
// makes them fail).
var (
	rename       = os.Rename
	link         = os.Link
	openTempFile = openTemp
)

// commit renames every temporary file over its target, once all are
// written and closed, unless ctx is done (the run was stopped): either
// every target is replaced or none (see outputs).
func (o *outputs) commit(ctx context.Context) error {
	for _, f := range o.files {
		if err := f.tmp.Sync(); err != nil {
			return cba.Errorf("%s %s: %v", f.flag, f.path, cause(err))
		}
		if err := f.tmp.Close(); err != nil {
			return cba.Errorf("%s %s: %v", f.flag, f.path, cause(err))
		}
	}
	pending.Lock()
	defer pending.Unlock()
	if err := ctx.Err(); err != nil {
		return err // stopped: nothing is replaced
	}
	for _, f := range o.files {
		if st, err := os.Stat(f.target); err == nil && !st.Mode().IsRegular() {
			return cba.Errorf("%s %s: is no longer a regular file; no output was replaced", f.flag, f.path)
		}
	}
	return o.swap()
}

// swap renames the temporary files over their targets, each existing
// target kept under a hard link first, and puts the targets replaced back
// when a rename fails. The caller holds pending's lock.
func (o *outputs) swap() error {
	order := slices.Clone(o.files)
	for _, f := range order {
		f.keep()
	}
	defer func() {
		for _, f := range order {
			if f.backup != "" {
				os.Remove(f.backup)
				f.backup = ""
			}
		}
	}()
	// Outputs replaced with no way back go last.
	slices.SortStableFunc(order, func(a, b *output) int { return cmp.Compare(b2i(a.unkept()), b2i(b.unkept())) })
	for i, f := range order {
		if err := rename(f.tmp.Name(), f.target); err != nil {
			err = cba.Errorf("%s %s: %v", f.flag, f.path, cause(err))
			return errors.Join(err, putBack(order[:i]))
		}
		f.done = true
		untrack(f.tmp.Name(), true)
	}
	return nil
}

// keep makes a hard link to the target, if it exists, to put it back with.
func (f *output) keep() {
	if _, err := os.Lstat(f.target); err != nil {
		return // a new file: putting it back is removing it
	}
	f.existed = true
	for {
		name := hiddenName(f.target, ".bak")
		err := link(f.target, name)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err == nil {
			f.backup = name
		}
		return
	}
}

// unkept says whether the output replaces a file it could not keep.
func (f *output) unkept() bool { return f.existed && f.backup == "" }

// putBack puts back the targets the outputs done replaced, last first, and
// says what it could not.
func putBack(done []*output) error {
	var lost []string
	for i := len(done) - 1; i >= 0; i-- {
		f := done[i]
		var err error
		if f.backup != "" {
			if err = os.Rename(f.backup, f.target); err != nil {
				err = cba.Errorf("%v; the file it replaced is kept as %s", cause(err), f.backup)
			}
			f.backup = "" // put back, or kept for the user: not removed
		} else if f.unkept() {
			err = errors.New("it could not be kept")
		} else {
			err = os.Remove(f.target)
		}
		if err != nil {
			lost = append(lost, fmt.Sprintf("%s %s (%v)", f.flag, f.path, cause(err)))
		}
		f.done = false
	}
	if len(lost) > 0 {
		return cba.Errorf("these outputs were replaced and could not be put back: %s", strings.Join(lost, ", "))
	}
	if len(done) > 0 {
		return errors.New("the outputs replaced before it were put back: no output was replaced")
	}
	return errors.New("no output was replaced")
}

// discard removes the temporary files not committed.
func (o *outputs) discard() {
	for _, f := range o.files {
		if !f.done {
			f.tmp.Close()
			os.Remove(f.tmp.Name())
			untrack(f.tmp.Name(), false)
		}
	}
}

// reserve returns the output of flag at path, creating it the first time:
// called before a long run, it finds a path that cannot be written before
// the run, not after it.
func (o *outputs) reserve(flag, path string) (*output, error) {
	for _, f := range o.files {
		if f.flag == flag && f.path == path {
			return f, nil
		}
	}
	return o.create(flag, path)
}

// reserveAll reserves the outputs of the flags given a path ("": none), in
// the order -o, -state, -values.
func (o *outputs) reserveAll(paths map[string]string) error {
	for _, flag := range []string{"-o", "-state", "-values"} {
		if path := paths[flag]; path != "" {
			if _, err := o.reserve(flag, path); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeTo writes data to the output named by flag at path, or to stdout
// when path is "".
func (o *outputs) writeTo(flag, path string, stdout io.Writer, data []byte) error {
	if path == "" {
		_, err := stdout.Write(data)
		return err
	}
	f, err := o.reserve(flag, path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return cba.Errorf("%s %s: %v", flag, path, cause(err))
	}
	return nil
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
