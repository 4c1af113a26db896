package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
)

func TestConvertSeedTwiceSameBytes(t *testing.T) {
	var first map[string][]byte
	for i := 0; i < 2; i++ {
		dir := t.TempDir()
		code, _, errOut := runCLI(t, "", "convert", "-o", dir, "--conference", "Plenipotentiary Conference (PP-14)", testtool.Seed())
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		got := map[string][]byte{}
		for _, name := range []string{"pp14-149-e.docx", "pp14-149-e-annex.pdf"} {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			got[name] = b
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 2 {
			t.Errorf("%d files in the output folder, want 2 (no temporary files left)", len(entries))
		}
		if !strings.Contains(errOut, "pp14-149-e.md:240:54: warning:") {
			t.Errorf("warning not reported with file:line:col: %s", errOut)
		}
		if first == nil {
			first = got
			continue
		}
		for name, b := range got {
			if !bytes.Equal(b, first[name]) {
				t.Errorf("%s differs between two runs", name)
			}
		}
	}
}

func TestConvertStdinToStdout(t *testing.T) {
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		t.Fatal(err)
	}
	for format, magic := range map[string]string{"docx": "PK\x03\x04", "pdf": "%PDF-"} {
		code, out, errOut := runCLI(t, string(src), "convert", "--format", format, "-")
		if code != 0 || !strings.HasPrefix(out, magic) {
			t.Errorf("--format %s -: exit %d, output starts %q: %s", format, code, out[:min(len(out), 8)], errOut)
		}
	}
}

func TestConvertUsageErrors(t *testing.T) {
	for _, tc := range [][]string{
		{"convert", "-"},
		{"convert", "--date", "3 Nov 2014", testtool.Seed()},
		{"convert", "--format", "odt", testtool.Seed()},
		{"convert", "--linebreak", "fancy", testtool.Seed()},
		{"convert"},
	} {
		code, _, errOut := runCLI(t, "", tc...)
		if code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", tc, code, errOut)
		}
	}
}

// A document that fails writes nothing; the others are still written.
func TestConvertFailureWritesNothing(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	good := filepath.Join(in, "good.md")
	bad := filepath.Join(in, "bad.md")
	os.WriteFile(good, []byte("MOD A/1/1\n\nRESOLUTION 1\n\nTitle\n\nThe Conference,\n\n- a) text [new](#) ~~old~~;\n"), 0o644)
	os.WriteFile(bad, []byte("caf\xe9\n"), 0o644)
	code, _, errOut := runCLI(t, "", "convert", "-o", out, bad, good)
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, errOut)
	}
	if !strings.Contains(errOut, bad+":1:4: error: invalid UTF-8") {
		t.Errorf("error does not name the file and position: %s", errOut)
	}
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "good-annex.pdf good.docx" {
		t.Errorf("output folder holds %v, want only good's outputs", names)
	}
}

func TestConvertDefaultsToInputFolder(t *testing.T) {
	in := t.TempDir()
	src := filepath.Join(in, "doc.md")
	os.WriteFile(src, []byte("ADD A/1/1\n\nDRAFT NEW RESOLUTION [X]\n\nTitle\n\nThe Conference,\n\nresolves\n\n1 to act.\n"), 0o644)
	if code, _, errOut := runCLI(t, "", "convert", "-q", "--format", "docx", src); code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q (want silence with -q)", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(in, "doc.docx")); err != nil {
		t.Error(err)
	}
}
