package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// outputs are the files a run writes (-o, -state, -values). Each is written
// to a temporary file beside its target; only when the whole run has
// succeeded are they renamed over their targets, together. On failure, or
// when the command is stopped, the temporary files are removed and the
// targets are as they were.
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
		return nil, badInput{fmt.Errorf("%s %s: %v", flag, path, err)}
	}
	mode := fs.FileMode(0o666) // less the umask, as the system applies it
	keep := false
	if st, err := os.Stat(target); err == nil {
		if !st.Mode().IsRegular() {
			return nil, badInput{fmt.Errorf("%s %s: not a regular file; give a file to write", flag, path)}
		}
		mode, keep = st.Mode().Perm(), true
		for _, in := range o.inputs {
			if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
				return nil, badInput{fmt.Errorf("%s %s: is an input of this run (%s); write the output elsewhere", flag, path, in)}
			}
		}
		for _, other := range o.files {
			if ost, err := os.Stat(other.target); err == nil && os.SameFile(st, ost) {
				return nil, badInput{fmt.Errorf("%s %s: is also the file of %s", flag, path, other.flag)}
			}
		}
	}
	for _, other := range o.files {
		if filepath.Clean(other.target) == filepath.Clean(target) {
			return nil, badInput{fmt.Errorf("%s %s: is also the file of %s", flag, path, other.flag)}
		}
	}
	tmp, err := openTemp(target, mode)
	if err != nil {
		return nil, fmt.Errorf("%s %s: cannot write there: %v", flag, path, cause(err))
	}
	if keep {
		tmp.Chmod(mode) // the mode the file had, whatever the umask
	}
	out := &output{flag: flag, path: path, target: target, tmp: tmp, mode: mode}
	o.files = append(o.files, out)
	return out, nil
}

// cause is the reason of a file error without the file's name (the
// temporary file's name means nothing to the user).
func cause(err error) error {
	if inner := errors.Unwrap(err); inner != nil {
		return inner
	}
	return err
}

// openTemp creates a new temporary file beside target, with mode less the
// umask.
func openTemp(target string, mode fs.FileMode) (*os.File, error) {
	var b [6]byte
	for {
		rand.Read(b[:])
		name := filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+"."+hex.EncodeToString(b[:])+".tmp")
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
}

// Write writes to the temporary file.
func (o *output) Write(p []byte) (int, error) { return o.tmp.Write(p) }

// commit renames every temporary file over its target, once all are
// written and closed.
func (o *outputs) commit() error {
	for _, f := range o.files {
		if err := f.tmp.Sync(); err != nil {
			return fmt.Errorf("%s %s: %v", f.flag, f.target, cause(err))
		}
		if err := f.tmp.Close(); err != nil {
			return fmt.Errorf("%s %s: %v", f.flag, f.target, cause(err))
		}
	}
	for _, f := range o.files {
		if err := os.Rename(f.tmp.Name(), f.target); err != nil {
			return fmt.Errorf("%s %s: %v", f.flag, f.target, cause(err))
		}
		f.done = true
	}
	return nil
}

// discard removes the temporary files not committed.
func (o *outputs) discard() {
	for _, f := range o.files {
		if !f.done {
			f.tmp.Close()
			os.Remove(f.tmp.Name())
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
		return fmt.Errorf("%s %s: %v", flag, path, cause(err))
	}
	return nil
}
