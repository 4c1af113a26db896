package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
)

type badCase struct {
	file, outcome string
	messages      []string
}

// readExpected reads fixtures/bad/expected.txt.
func readExpected(t *testing.T) (dir string, cases []*badCase) {
	dir = filepath.Join(testtool.RepoRoot(), "fixtures", "bad")
	f, err := os.Open(filepath.Join(dir, "expected.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	byFile := map[string]*badCase{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		fields := strings.Fields(line)
		c := byFile[fields[0]]
		if c == nil {
			c = &badCase{file: fields[0], outcome: fields[1]}
			byFile[c.file] = c
			cases = append(cases, c)
		}
		if msg := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(line, fields[0])), fields[1])); msg != "" {
			c.messages = append(c.messages, msg)
		}
	}
	return dir, cases
}

// Every file of the bad-input corpus gives what expected.txt says, and
// every file there is listed.
func TestBadInputCorpus(t *testing.T) {
	dir, cases := readExpected(t)
	listed := map[string]bool{}
	testtool.Need(t, "xmllint")
	qpdf := testtool.Need(t, "qpdf")
	for _, c := range cases {
		listed[c.file] = true
		t.Run(c.file, func(t *testing.T) {
			out := t.TempDir()
			wd, _ := os.Getwd()
			os.Chdir(dir) // messages name the file as given
			defer os.Chdir(wd)
			code, _, errOut := runCLI(t, "", "convert", "-o", out, c.file)
			for _, m := range c.messages {
				if !strings.Contains(errOut, m) {
					t.Errorf("stderr lacks %q:\n%s", m, errOut)
				}
			}
			entries, _ := os.ReadDir(out)
			switch c.outcome {
			case "error":
				if code != 1 || len(entries) != 0 {
					t.Errorf("exit %d with %d outputs, want exit 1 and none", code, len(entries))
				}
			case "ok":
				if code != 0 || len(entries) != 2 {
					t.Fatalf("exit %d with %d outputs, want 0 and 2:\n%s", code, len(entries), errOut)
				}
				stem := strings.TrimSuffix(c.file, ".md")
				if b, err := os.ReadFile(filepath.Join(out, stem+".docx")); err != nil {
					t.Error(err)
				} else {
					testtool.RequireValidDocx(t, b)
				}
				if b, err := exec.Command(qpdf, "--check", filepath.Join(out, stem+"-annex.pdf")).CombinedOutput(); err != nil {
					t.Errorf("qpdf --check:\n%s", b)
				}
			default:
				t.Fatalf("unknown outcome %q in expected.txt", c.outcome)
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	for _, f := range files {
		if !listed[filepath.Base(f)] {
			t.Errorf("%s is not in expected.txt", filepath.Base(f))
		}
	}
}

// The generated cases: too large to commit.
func TestBadInputGenerated(t *testing.T) {
	head := "MOD\tWGPL/1/1\n\nRESOLUTION 1 (REV. BUSAN, 2014)\n\nA title\n\nThe Conference,\n\nresolves\n\n"
	var huge strings.Builder
	huge.WriteString(head + "1 ")
	for huge.Len() < 5<<20 {
		huge.WriteString("the telecommunication ~~development~~ [cooperation](#) of Member States and ")
	}
	huge.WriteString("end.\n")
	dir := t.TempDir()
	for _, tc := range []struct {
		name, src string
		code      int
		msg       string
	}{
		{"brackets.md", head + strings.Repeat("[", 5000) + "x\n", 1, "brackets.md:11:33: error: nested more than 32 levels deep"},
		{"lists.md", head + strings.Repeat("- ", 1000) + "x\n", 1, "lists.md:11:1: error: nested more than 32 levels deep"},
		{"huge.md", huge.String(), 0, ""},
	} {
		path := filepath.Join(dir, tc.name)
		os.WriteFile(path, []byte(tc.src), 0o644)
		code, _, errOut := runCLI(t, "", "convert", "-q", "-o", filepath.Join(dir, "out"), path)
		if code != tc.code || !strings.Contains(errOut, tc.msg) {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", tc.name, code, errOut, tc.code, tc.msg)
		}
	}
	// Some 70 000 words: hundreds of pages (885 today), all of them in the
	// page tree.
	pdf, err := os.ReadFile(filepath.Join(dir, "out", "huge-annex.pdf"))
	count := regexp.MustCompile(`/Type /Pages /Kids \[[^]]*\] /Count (\d+)`).FindSubmatch(pdf)
	if err != nil || count == nil {
		t.Fatalf("the 5 MB paragraph gave no PDF with a page tree: %v", err)
	}
	if n, _ := strconv.Atoi(string(count[1])); n < 500 {
		t.Errorf("the 5 MB paragraph gave a PDF of %d pages, want hundreds", n)
	}
}
