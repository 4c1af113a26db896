// Command itudoc turns ITU conference texts, written in a Markdown dialect
// with revision marks, into the documents an Editorial Committee works with:
// an ITU-style Word file with real tracked changes, and a clean PDF annex.
//
// Commands: inspect (what itudoc understood of a source), convert (one or
// more sources to DOCX and PDF), build (packs: parallel, incremental,
// sharded, with a JSON report), check (compare with golden outputs) and
// compare (the redline of two versions of a document). The
// commands are thin: reading, conversion and comparison live in pipeline/,
// layouts/ and internal/.
//
// Exit codes: 0 success, 1 a document could not be read or converted,
// 2 bad usage.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/urfave/cli/v2"
)

// version is the itudoc version, stamped into outputs' producer fields.
const version = "0.1.0"

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func main() {
	tuneGC(os.Getenv)
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// Garbage collector defaults, unless GOGC or GOMEMLIMIT say otherwise. A
// conversion allocates some tens of MB, nearly all short-lived, over a
// live heap of a few MB; at Go's default GOGC=100 the collector runs
// several times per document and took a third of the CPU of itudoc build.
// 400 runs it a quarter as often; the memory limit bounds the heap that
// lets grow on huge inputs: a 5 MB paragraph, whose live heap is some
// 230 MB, peaks at 280 MB with 256 MiB (3.2 s) where 512 MiB let it reach
// 460 MB (1.2 s).
const (
	defaultGCPercent   = 400
	defaultMemoryLimit = 256 << 20
)

func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}

// run is main without the process: tests call it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := newApp(stdin, stdout, stderr)
	err := app.Run(args)
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "itudoc: "+oneLine(ee.msg))
		}
		return ee.code
	}
	// urfave/cli's own errors are about usage.
	fmt.Fprintln(stderr, "itudoc: "+oneLine(err.Error()))
	return 2
}

// oneLine makes a message safe to print as one log line: a file name with
// a newline or other control character, or bytes that are not UTF-8, could
// otherwise forge lines of a CI log. Such characters are written as Go
// escapes (\n, \x1b, \xff); everything else is kept.
func oneLine(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case unicode.IsControl(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	var stopProfiles func() error
	return &cli.App{
		Name:    "itudoc",
		Usage:   "turn ITU conference texts with revision marks into Word and PDF documents",
		Version: version,
		Description: `itudoc reads a conference document written in the Markdown dialect that Word
exports (~~deleted~~, [inserted](#), **bold**, *italic*, footnote marks ¹, list
labels a) 1 i)), and writes:
  - FILE.docx: an ITU-style Word file whose revision marks are real tracked changes;
  - FILE-annex.pdf: the annex with every change accepted, in the ITU layout.

Examples:
  itudoc inspect fixtures/pp14-149-e.md          outline, styles, revisions, warnings
  itudoc inspect --json doc.md | jq .counts      the same for machines
  itudoc convert -o out doc.md                   write out/doc.docx and out/doc-annex.pdf`,
		Reader:                 stdin,
		Writer:                 stdout,
		ErrWriter:              stderr,
		HideHelpCommand:        true,
		UseShortOptionHandling: true,
		Commands:               []*cli.Command{inspectCommand(), convertCommand(), buildCommand(), checkCommand(), compareCommand(), editCommand(), importCommand()},
		Flags:                  profileFlags(),
		Before: func(c *cli.Context) (err error) {
			stopProfiles, err = startProfiles(c)
			return err
		},
		After: func(c *cli.Context) error {
			if stopProfiles == nil {
				return nil
			}
			return stopProfiles()
		},
		OnUsageError: func(c *cli.Context, err error, isSubcommand bool) error {
			return &exitError{code: 2, msg: err.Error() + " (see itudoc --help)"}
		},
		ExitErrHandler: func(c *cli.Context, err error) {},
	}
}
