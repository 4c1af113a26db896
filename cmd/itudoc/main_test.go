package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
)

// itudoc runs the command line in-process and gives exit code, stdout and
// stderr.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"itudoc"}, args...), strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestInspectJSON(t *testing.T) {
	code, out, errOut := runCLI(t, "", "inspect", "--json", testtool.Seed())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r struct {
		Proposals []struct{ Action, ID, Number, Title string }
		Counts    struct {
			Paragraphs                       map[string]int
			Insertions, Deletions, Footnotes int
		}
		Warnings []struct {
			Line, Col int
			Message   string
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, p := range r.Proposals {
		actions = append(actions, p.Action)
	}
	if strings.Join(actions, " ") != "SUP MOD MOD MOD SUP MOD MOD ADD ADD" {
		t.Errorf("actions %v", actions)
	}
	if r.Counts.Insertions != 26 || r.Counts.Deletions != 188 || r.Counts.Footnotes != 2 || r.Counts.Paragraphs["ResNo"] != 9 {
		t.Errorf("counts %+v", r.Counts)
	}
	if len(r.Warnings) != 1 || r.Warnings[0].Line != 240 || !strings.Contains(r.Warnings[0].Message, "⁷") {
		t.Errorf("warnings %+v (want the footnote mark ⁷ without text on line 240)", r.Warnings)
	}
}

func TestInspectOutlineFromStdin(t *testing.T) {
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, string(src), "inspect", "-")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"Proposals (9):", "MOD   WGPL/149/2", "Revisions: 26 insertions, 188 deletions", "-:240:54: warning:"} {
		if !strings.Contains(out, want) {
			t.Errorf("outline lacks %q:\n%s", want, out)
		}
	}
}

func TestInspectErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.md")
	binary := filepath.Join(dir, "bin.md")
	os.WriteFile(empty, nil, 0o644)
	os.WriteFile(binary, []byte("ab\x00"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"inspect", filepath.Join(dir, "missing.md")}, 1, "cannot read " + filepath.Join(dir, "missing.md")},
		{[]string{"inspect", empty}, 1, empty + ": error: the file is empty"},
		{[]string{"inspect", binary}, 1, binary + ":1:3: error: NUL byte"},
		{[]string{"inspect"}, 2, "inspect takes one FILE"},
		{[]string{"inspect", "--bogus", "x"}, 2, "flag provided but not defined"},
	} {
		code, _, errOut := runCLI(t, "", tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.msg) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and one line with %q", tc.args, code, errOut, tc.code, tc.msg)
		}
	}
}
