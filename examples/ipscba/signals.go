package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"ipscba/cba"
)

// stopSignals stop the command: Ctrl-C, a batch system's SIGTERM, a closed
// terminal's SIGHUP, Ctrl-\'s SIGQUIT and SIGABRT. Each is caught so that
// no temporary file is left behind (Go would end the process at once on
// each of them, SIGQUIT and SIGABRT with a dump of its goroutines).
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGABRT}

// grace is how long a stopped command has to end by itself (its analyses
// and runs stop within milliseconds) before the process is ended
// regardless: no wait that ignores the stop may keep it alive.
const grace = 700 * time.Millisecond

// stopSignal is the cause of a stopped command's context.
type stopSignal struct{ sig os.Signal }

// Error names the signal.
func (s stopSignal) Error() string { return s.sig.String() }

// watchSignals returns a context done at the first signal received on
// sigs (its cause a stopSignal); at a second signal, or grace after the
// first, it calls exit with the signal, ending the process at once. end,
// called when the command has ended, ends the watch.
func watchSignals(sigs <-chan os.Signal, grace time.Duration, exit func(os.Signal)) (ctx context.Context, end func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	done := make(chan struct{})
	go func() {
		var first os.Signal
		select {
		case first = <-sigs:
		case <-done:
			return
		}
		cancel(stopSignal{first})
		timer := time.NewTimer(grace)
		defer timer.Stop()
		select {
		case sig := <-sigs:
			exit(sig)
		case <-timer.C:
			exit(first)
		case <-done:
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			close(done)
			cancel(nil)
		})
	}
}

// exitNow ends the process at once, stopped by sig: it removes the
// temporary files of the outputs (waiting for a commit under way, which
// takes a few renames), says so, and exits 1.
func exitNow(stderr io.Writer, sig os.Signal) {
	removePending()
	fmt.Fprintln(stderr, stoppedMessage(stopSignal{sig}).Error())
	os.Exit(1)
}

// stoppedMessage is what the command says when it is stopped.
func stoppedMessage(cause error) error {
	if s, ok := cause.(stopSignal); ok {
		return cba.Errorf("ipscba: stopped (%s): nothing written, no file replaced", s.Error())
	}
	return cba.Phrase("ipscba: stopped: nothing written, no file replaced")
}

// printable escapes the control characters of a message (but line breaks
// and tabs) and the bytes that are not UTF-8, so that no text from a file,
// a flag or a saved run can drive the terminal that shows it.
func printable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r == utf8.RuneError || r != '\n' && r != '\t' && unicode.IsControl(r) }) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r != '\n' && r != '\t' && unicode.IsControl(r):
			b.WriteString(strings.Trim(strconv.QuoteRune(r), "'"))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
