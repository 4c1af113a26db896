//go:build unix

package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The cases of issue 14 ("safe on a build server"), each run through the
// command line as CI would run it, with its exact exit status and
// messages. Paths in messages are relative to the case's folder ($DIR when
// absolute).

const smallDoc = "MOD A/1/1\n\nRESOLUTION 1\n\nTitle\n\nThe Conference,\n\n- a) text [new](#) ~~old~~;\n"

// sandbox is a temporary folder the test runs in, with files in it.
type sandbox struct {
	t   *testing.T
	dir string // the folder, symbolic links resolved
}

func newSandbox(t *testing.T) *sandbox {
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	return &sandbox{t, dir}
}

func (s *sandbox) write(name, content string) string {
	s.t.Helper()
	p := filepath.Join(s.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		s.t.Fatal(err)
	}
	return p
}

func (s *sandbox) symlink(target, name string) {
	s.t.Helper()
	os.MkdirAll(filepath.Dir(filepath.Join(s.dir, name)), 0o755)
	if err := os.Symlink(target, filepath.Join(s.dir, name)); err != nil {
		s.t.Fatal(err)
	}
}

// run runs itudoc and gives its exit status and stderr, the sandbox's path
// written $DIR.
func (s *sandbox) run(args ...string) (int, string) {
	s.t.Helper()
	code, _, errOut := runCLI(s.t, "", args...)
	return code, strings.ReplaceAll(errOut, s.dir, "$DIR")
}

// expect runs itudoc and checks its exit status and whole stderr.
func (s *sandbox) expect(code int, stderr string, args ...string) {
	s.t.Helper()
	got, errOut := s.run(args...)
	if got != code || errOut != stderr {
		s.t.Errorf("itudoc %s:\nexit %d, stderr:\n%s\nwant exit %d, stderr:\n%s", strings.Join(args, " "), got, errOut, code, stderr)
	}
}

func (s *sandbox) files(dir string) []string {
	var names []string
	filepath.WalkDir(filepath.Join(s.dir, dir), func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(s.dir, p)
			names = append(names, rel)
		}
		return nil
	})
	return names
}

func (s *sandbox) exists(name string) bool {
	_, err := os.Lstat(filepath.Join(s.dir, name))
	return err == nil
}

// Item 1: a source must resolve inside the folder or manifest folder that
// named it.
func TestContainedSources(t *testing.T) {
	s := newSandbox(t)
	s.write("docs/a.md", smallDoc)
	s.write("secret/passwd.md", "root:x:0:0\n")
	s.symlink(filepath.Join(s.dir, "secret", "passwd.md"), "docs/notes.md")
	s.expect(1, "itudoc: docs/notes.md: a symbolic link to $DIR/secret/passwd.md, outside docs (refused; --allow-outside accepts it)\n",
		"build", "-q", "-o", "out", "docs")
	if s.exists("out/notes.docx") || s.exists("out/a.docx") {
		t.Error("something was built")
	}
	s.expect(0, "", "build", "-q", "--allow-outside", "-o", "out", "docs")
	if !s.exists("out/notes.docx") {
		t.Error("--allow-outside did not build the linked source")
	}

	s.write("pack/pack.yaml", "documents:\n  - source: ../secret/passwd.md\n")
	s.expect(1, "itudoc: pack/pack.yaml:2:13: source ../secret/passwd.md resolves to secret/passwd.md, outside the manifest's folder (refused; --allow-outside accepts it)\n",
		"build", "-q", "-o", "out2", "pack/pack.yaml")
	s.write("pack/pack.yaml", "documents:\n  - source: "+filepath.Join(s.dir, "secret", "passwd.md")+"\n")
	s.expect(1, "itudoc: pack/pack.yaml:2:13: source $DIR/secret/passwd.md resolves to $DIR/secret/passwd.md, outside the manifest's folder (refused; --allow-outside accepts it)\n",
		"build", "-q", "-o", "out2", "pack/pack.yaml")
	s.symlink("../secret/passwd.md", "pack/inner.md")
	s.write("pack/pack.yaml", "documents:\n  - source: inner.md\n")
	s.expect(1, "itudoc: pack/pack.yaml:2:13: source inner.md resolves to secret/passwd.md, outside the manifest's folder (refused; --allow-outside accepts it)\n",
		"check", "--golden", "g", "pack/pack.yaml")
	if s.exists("out2") || s.exists("g") {
		t.Error("a refused pack wrote something")
	}

	// A folder argument that is a symbolic link is walked at its target.
	s.symlink("docs", "linked")
	s.expect(0, "", "build", "-q", "--allow-outside", "-o", "out3", "linked")
	if !s.exists("out3/a.docx") {
		t.Errorf("the linked folder was not walked: %v", s.files("out3"))
	}
}

// Item 2: a symbolic link in the output or golden folder that leads out of
// it is refused, for writes and for removals.
func TestContainedOutputs(t *testing.T) {
	s := newSandbox(t)
	s.write("pack/a.md", smallDoc)
	s.write("pack/pack.yaml", "documents:\n  - source: a.md\n    output: sub/a\n")
	s.write("elsewhere/keep.txt", "k")
	s.write("elsewhere/a.docx/word/document.xml", "precious")
	s.symlink(filepath.Join(s.dir, "elsewhere"), "out/sub")
	s.expect(1, "itudoc: [1/1] FAILED cannot create the folder of out/sub/a.docx: out/sub is a symbolic link that leads out of out (refused)\n"+
		"itudoc: 1 of 1 documents failed\n", "build", "-q", "-o", "out", "pack/pack.yaml")

	s.symlink(filepath.Join(s.dir, "elsewhere"), "golden/sub")
	s.expect(1, "itudoc: cannot read the folder of golden/sub/a.docx: golden/sub is a symbolic link that leads out of golden (refused)\n"+
		"itudoc: cannot read the folder of golden/sub/a-annex.pdf: golden/sub is a symbolic link that leads out of golden (refused)\n"+
		"itudoc: 0 outputs differ from their goldens, 2 documents failed\n", "check", "--update", "--golden", "golden", "pack/pack.yaml")
	code, out, _ := runCLI(t, "", "check", "--format", "docx", "--golden", "golden", "pack/pack.yaml")
	if want := "pack/a.md: cannot compare with golden/sub/a.docx: golden/sub is a symbolic link that leads out of golden (refused)\n"; code != 1 || out != want {
		t.Errorf("check through the link: exit %d, stdout %q, want 1 and %q", code, out, want)
	}
	if got := s.files("elsewhere"); strings.Join(got, " ") != "elsewhere/a.docx/word/document.xml elsewhere/keep.txt" {
		t.Errorf("the folder outside holds %v", got)
	}
	if b, _ := os.ReadFile(filepath.Join(s.dir, "elsewhere/a.docx/word/document.xml")); string(b) != "precious" {
		t.Error("check --update replaced a folder outside the golden folder")
	}
}

// Item 3: a stamp names only files beside it and is checked against the
// outputs that are there.
func TestForgedStamps(t *testing.T) {
	s := newSandbox(t)
	s.write("docs/a.md", smallDoc)
	build := func() string {
		t.Helper()
		code, _, errOut := runCLI(t, "", "build", "-o", "out", "docs")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		return errOut
	}
	build()
	stamp := filepath.Join(s.dir, "out", "a.itudoc-stamp")
	orig, err := os.ReadFile(stamp)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		spoil func()
	}{
		{"an output replaced by a link to /dev/zero", func() {
			os.Remove(filepath.Join(s.dir, "out", "a.docx"))
			os.Symlink("/dev/zero", filepath.Join(s.dir, "out", "a.docx"))
		}},
		{"a stamp naming a path outside", func() {
			os.WriteFile(stamp, bytes.Replace(orig, []byte(`"suffix": ".docx"`), []byte(`"suffix": "/../../../../dev/zero"`), 1), 0o644)
		}},
		{"a stamp claiming a huge output", func() {
			os.WriteFile(stamp, bytes.Replace(orig, []byte(`"size": `), []byte(`"size": 1099511627776`), 1), 0o644)
		}},
		{"a stamp that lists the DOCX only, the PDF gone", func() {
			var kept []string
			inPDF := false
			for _, l := range strings.SplitAfter(string(orig), "\n") {
				if strings.Contains(l, `"suffix": "-annex.pdf"`) {
					inPDF = true
					kept[len(kept)-1] = strings.TrimSuffix(kept[len(kept)-1], ",\n") + "\n"
					kept = kept[:len(kept)-1]
					continue
				}
				if inPDF {
					inPDF = !strings.Contains(l, "}")
					continue
				}
				kept = append(kept, l)
			}
			os.WriteFile(stamp, []byte(strings.Join(kept, "")), 0o644)
			os.Remove(filepath.Join(s.dir, "out", "a-annex.pdf"))
		}},
		{"a stamp of 2 MiB", func() {
			os.WriteFile(stamp, bytes.Repeat([]byte(" "), 2<<20), 0o644)
		}},
		// A stamp is not synced before its rename (atomicfile.File.Cache):
		// after a system crash it can be empty, or its length in zeros.
		{"a stamp left empty by a crash", func() {
			os.WriteFile(stamp, nil, 0o644)
		}},
		{"a stamp left as zeros by a crash", func() {
			os.WriteFile(stamp, make([]byte, len(orig)), 0o644)
		}},
	} {
		tc.spoil()
		if out := build(); !strings.Contains(out, "itudoc: [1/1] built docs/a.md") {
			t.Errorf("%s: not rebuilt:\n%s", tc.name, out)
		}
		if st, err := os.Lstat(filepath.Join(s.dir, "out", "a.docx")); err != nil || !st.Mode().IsRegular() {
			t.Errorf("%s: a.docx is not a regular file after the rebuild", tc.name)
		}
		if out := build(); !strings.Contains(out, "itudoc: [1/1] skipped docs/a.md") {
			t.Errorf("%s: the rebuilt document is not up to date:\n%s", tc.name, out)
		}
	}
}

// Item 4: named pipes and devices are refused, not read; manifests and
// goldens are read within limits.
func TestBoundedReads(t *testing.T) {
	s := newSandbox(t)
	s.write("docs/a.md", smallDoc)
	if err := syscall.Mkfifo(filepath.Join(s.dir, "docs", "pipe.md"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	syscall.Mkfifo(filepath.Join(s.dir, "pipe.yaml"), 0o644)
	s.expect(1, "itudoc: [2/2] FAILED cannot read docs/pipe.md: not a regular file (a named pipe)\nitudoc: 1 of 2 documents failed\n",
		"build", "-q", "-j", "1", "-o", "out", "docs")
	s.expect(1, "itudoc: cannot read pipe.yaml: not a regular file (a named pipe)\n", "build", "-q", "-o", "out", "pipe.yaml")
	s.expect(1, "itudoc: cannot read docs/pipe.md: not a regular file (a named pipe)\nitudoc: 1 of 1 documents failed\n",
		"convert", "-q", "-o", "out", "docs/pipe.md")
	s.expect(1, "itudoc: cannot read /dev/zero: not a regular file (a device)\n", "inspect", "/dev/zero")

	s.write("big.yaml", "title: "+strings.Repeat("x", 1<<20)+"\n")
	s.expect(1, "itudoc: big.yaml: 1048584 bytes, more than the limit of 1048576 for a manifest\n", "build", "-q", "-o", "out", "big.yaml")

	// A golden zip bomb: 64 MiB of zeros in a 64 KiB part.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("word/document.xml")
	w.Write(bytes.Repeat([]byte{'0'}, 64<<20))
	zw.Close()
	s.write("golden/a.docx", bomb.String())
	code, out, errOut := runCLI(t, "", "check", "--golden", "golden", "--format", "docx", "docs/a.md")
	if code != 1 || !strings.HasPrefix(out, "docs/a.md: cannot compare with golden/a.docx: holds more than ") ||
		!strings.HasSuffix(out, " bytes (twice the new output, and 16 MiB): not a golden output of this document, not read further\n") {
		t.Errorf("zip bomb golden: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// Item 5: YAML bombs are refused before they are expanded.
func TestManifestBombs(t *testing.T) {
	s := newSandbox(t)
	s.write("a.md", smallDoc)
	merge := "a: &a {author: x}\n"
	prev := "a"
	for _, c := range "bcdefgh" {
		merge += string(c) + ": &" + string(c) + " {<<: [" + strings.Repeat("*"+prev+", ", 8) + "*" + prev + "]}\n"
		prev = string(c)
	}
	s.write("merge.yaml", merge+"documents:\n  - source: a.md\n")
	s.expect(1, "itudoc: merge.yaml:5:21: aliases expand the manifest by more than 10000 nodes: not a pack manifest\n", "build", "-q", "-o", "out", "merge.yaml")
	s.write("deep.yaml", "documents: "+strings.Repeat("[", 40000)+strings.Repeat("]", 40000)+"\n")
	s.expect(1, "itudoc: deep.yaml:1:27: nested more than 16 levels deep: not a pack manifest (it needs 4)\n", "build", "-q", "-o", "out", "deep.yaml")
	var block strings.Builder
	for i := 0; i < 40; i++ {
		block.WriteString(strings.Repeat("  ", i) + "k:\n")
	}
	s.write("block.yaml", block.String())
	s.expect(1, "itudoc: block.yaml:17:33: nested more than 16 levels deep: not a pack manifest (it needs 4)\n", "build", "-q", "-o", "out", "block.yaml")
	s.write("tag.yaml", "documents:\n  - source: !!binary YS5tZA==\n")
	s.expect(1, "itudoc: tag.yaml:2:13: YAML tags (!!binary) are not accepted in a manifest\n", "build", "-q", "-o", "out", "tag.yaml")
	if s.exists("out") {
		t.Error("a refused manifest wrote something")
	}
}

// Item 7: -j and the limits have ranges.
func TestFlagRanges(t *testing.T) {
	s := newSandbox(t)
	s.write("a.md", smallDoc)
	s.expect(2, "itudoc: -j takes a number of workers from 1 to 256, not 400000\n", "build", "-j", "400000", "-o", "out", "a.md")
	s.expect(2, "itudoc: -j takes a number of workers from 1 to 256, not -1\n", "build", "-j", "-1", "-o", "out", "a.md")
	s.expect(2, "itudoc: --max-input takes a number of MiB from 1 to 1024, not 17592186044417\n", "convert", "--max-input", "17592186044417", "a.md")
	s.expect(2, "itudoc: --max-input takes a number of MiB from 1 to 1024, not 0\n", "inspect", "--max-input", "0", "a.md")
	s.expect(2, "itudoc: --max-depth takes a number of levels from 1 to 1000, not 1000000\n", "check", "--golden", "g", "--max-depth", "1000000", "a.md")
	if s.exists("out") || s.exists("a.docx") {
		t.Error("a usage error wrote something")
	}
}

// Item 9: a document whose new outputs cannot all be written keeps its old
// ones, all of them.
func TestOutputsAsASet(t *testing.T) {
	s := newSandbox(t)
	s.write("docs/a.md", smallDoc)
	s.expect(0, "", "build", "-q", "-o", "out", "docs")
	old, _ := os.ReadFile(filepath.Join(s.dir, "out", "a.docx"))
	s.write("docs/a.md", smallDoc+"\n- b) more;\n")
	os.Remove(filepath.Join(s.dir, "out", "a-annex.pdf"))
	s.write("out/a-annex.pdf/in-the-way", "")
	s.expect(1, "itudoc: [1/1] FAILED cannot write out/a-annex.pdf: a folder of that name is in the way\nitudoc: 1 of 1 documents failed\n",
		"build", "-q", "-o", "out", "docs")
	if b, _ := os.ReadFile(filepath.Join(s.dir, "out", "a.docx")); !bytes.Equal(b, old) {
		t.Error("the DOCX was replaced although the PDF could not be written")
	}
	if got := s.files("out"); strings.Join(got, " ") != "out/.itudoc-lock out/a-annex.pdf/in-the-way out/a.docx out/a.itudoc-stamp" {
		t.Errorf("the output folder holds %v", got)
	}
	s.expect(1, "itudoc: cannot write out/a-annex.pdf: a folder of that name is in the way\nitudoc: 1 of 1 documents failed\n",
		"convert", "-q", "-o", "out", "docs/a.md")
	if b, _ := os.ReadFile(filepath.Join(s.dir, "out", "a.docx")); !bytes.Equal(b, old) {
		t.Error("convert replaced the DOCX although the PDF could not be written")
	}
}

// Item 10: temporary files a killed build left are removed by the next.
func TestStaleTemporaryFilesRemoved(t *testing.T) {
	s := newSandbox(t)
	s.write("docs/a.md", smallDoc)
	s.write("out/.a.docx.itudoc-tmp-00000000deadbeef", "half")
	s.write("out/sub/.b.docx.itudoc-tmp-0123456789abcdef/word/document.xml", "half")
	s.expect(0, "", "build", "-q", "-o", "out", "docs")
	if got := s.files("out"); strings.Join(got, " ") != "out/.itudoc-lock out/a-annex.pdf out/a.docx out/a.itudoc-stamp" {
		t.Errorf("the output folder holds %v", got)
	}
	// convert and check --update, which take no lock, clean what was left
	// beside the files they write.
	s.write("conv/.a.docx.itudoc-tmp-00000000deadbeef", "half")
	s.write("conv/.other.docx.itudoc-tmp-00000000deadbeef", "not ours")
	s.expect(0, "", "convert", "-q", "-o", "conv", "docs/a.md")
	if got := s.files("conv"); strings.Join(got, " ") != "conv/.other.docx.itudoc-tmp-00000000deadbeef conv/a-annex.pdf conv/a.docx" {
		t.Errorf("convert left %v", got)
	}
	s.write("golden/.a.docx.itudoc-tmp-00000000deadbeef/word/document.xml", "half")
	s.expect(0, "itudoc: updated golden/a.docx\n", "check", "--update", "--format", "docx", "--golden", "golden", "docs/a.md")
	if es, _ := os.ReadDir(filepath.Join(s.dir, "golden")); len(es) != 1 {
		t.Errorf("check --update left %v", es)
	}
}

// Item 13: smaller holes.
func TestSmallerHoles(t *testing.T) {
	s := newSandbox(t)
	s.write("pack/a.md", smallDoc)

	// A second YAML document is an error, not ignored.
	s.write("pack/two.yaml", "documents:\n  - source: a.md\n---\ndocuments:\n  - source: b.md\n")
	s.expect(1, "itudoc: pack/two.yaml:3:1: a manifest is one YAML document; this is a second one (remove the ---, or make it another manifest)\n",
		"build", "-q", "-o", "out", "pack/two.yaml")

	// Output names cannot forge log lines; file names that do are escaped.
	s.write("pack/nl.yaml", "documents:\n  - source: a.md\n    output: \"a\\nitudoc: all good\"\n")
	s.expect(1, "itudoc: pack/nl.yaml:3:13: output \"a\\nitudoc: all good\": must not hold control characters (a newline, a tab) or invalid UTF-8\n",
		"build", "-q", "-o", "out", "pack/nl.yaml")
	s.write("nl/x\nitudoc: [9/9] built fake.md.md", "binary\x00")
	s.expect(1, "itudoc: [1/1] FAILED nl/x\\nitudoc: [9/9] built fake.md.md:1:7: error: NUL byte: this is a binary file, not a text document\nitudoc: 1 of 1 documents failed\n",
		"build", "-q", "-o", "out-nl", "nl")

	// A file/folder clash is found before converting.
	s.write("pack/clash.yaml", "documents:\n  - source: a.md\n    output: a.docx/b\n  - source: a.md\n")
	s.expect(1, "itudoc: pack/clash.yaml:2:5: outputs \"a.docx/b\" need a folder a.docx, where pack/a.md writes a file; give one another output name\n",
		"build", "-q", "-o", "out", "pack/clash.yaml")

	// An output folder that cannot be made is said once.
	s.write("blocker", "")
	s.write("pack/three.yaml", "documents:\n  - source: a.md\n  - source: a.md\n    output: b\n  - source: a.md\n    output: c\n")
	s.expect(1, "itudoc: cannot create the output folder blocker/out: not a directory\n", "build", "-q", "-o", "blocker/out", "pack/three.yaml")

	// Errors name no Go types; wrong kinds are said in words.
	s.write("pack/kind.yaml", "documents: 5\n")
	s.expect(1, "itudoc: pack/kind.yaml:1:12: documents must be a list of {source: FILE, ...}, not a number\n", "build", "-q", "-o", "out", "pack/kind.yaml")
	s.write("pack/kind.yaml", "documents:\n  - source: a.md\n    pdf-marks: maybe\n")
	s.expect(1, "itudoc: pack/kind.yaml:3:16: pdf-marks must be true or false, not text\n", "build", "-q", "-o", "out", "pack/kind.yaml")

	// The first unknown key in the file is the one named, every time.
	s.write("pack/keys.yaml", "documents:\n  - source: a.md\n    zeta: 1\n    alpha: 2\n    mid: 3\n")
	for range 10 {
		s.expect(1, "itudoc: pack/keys.yaml:3:5: unknown field \"zeta\" in a document (known: source, output, author, date, conference, place, formats, pdf-marks, linebreak, pdf-standard, edits)\n",
			"build", "-q", "-o", "out", "pack/keys.yaml")
	}
	if s.exists("out") {
		t.Errorf("a refused pack wrote %v", s.files("out"))
	}
}

// Item 13: a file name that is not UTF-8 is up to date on the second run.
func TestNonUTF8NameUpToDate(t *testing.T) {
	s := newSandbox(t)
	if err := os.WriteFile(filepath.Join(s.dir, "caf\xe9.md"), []byte(smallDoc), 0o644); err != nil {
		t.Skip("this file system refuses names that are not UTF-8:", err)
	}
	s.expect(0, "", "build", "-q", "-o", "out", "caf\xe9.md")
	code, _, errOut := runCLI(t, "", "build", "-o", "out", "caf\xe9.md")
	if code != 0 || !strings.Contains(errOut, "itudoc: [1/1] skipped caf\\xe9.md -> out/caf\\xe9.docx, out/caf\\xe9-annex.pdf") {
		t.Errorf("second run: exit %d:\n%s", code, errOut)
	}
}

// Item 8: while check --update rewrites a golden again and again, a check
// running at the same time always finds a whole golden (the same one: the
// source does not change), never none and never a mix.
func TestGoldenSwapIsAtomic(t *testing.T) {
	s := newSandbox(t)
	s.write("a.md", smallDoc)
	s.expect(0, "itudoc: updated golden/a.docx\n", "check", "--update", "--format", "docx", "--golden", "golden", "a.md")
	done := make(chan bool)
	go func() {
		defer close(done)
		for range 30 {
			var out, errOut bytes.Buffer
			if code := run([]string{"itudoc", "check", "--update", "--format", "docx", "--golden", "golden", "a.md"}, strings.NewReader(""), &out, &errOut); code != 0 {
				t.Errorf("update: exit %d: %s", code, errOut.String())
			}
		}
	}()
	checks := 0
	for running := true; running; checks++ {
		select {
		case <-done:
			running = false
		default:
		}
		var out, errOut bytes.Buffer
		if code := run([]string{"itudoc", "check", "--format", "docx", "--golden", "golden", "a.md"}, strings.NewReader(""), &out, &errOut); code != 0 {
			t.Errorf("check %d during the updates: exit %d:\n%s%s", checks, code, out.String(), errOut.String())
			<-done
			break
		}
	}
	if es, _ := os.ReadDir(filepath.Join(s.dir, "golden")); len(es) != 1 {
		t.Errorf("left in the golden folder: %v", es)
	}
	t.Logf("%d checks ran during 30 updates", checks)
}

// Item 11: a second build on an output folder waits for the first, naming
// it, then finds its documents up to date.
func TestSecondBuildWaits(t *testing.T) {
	s := newSandbox(t)
	s.write("docs/a.md", smallDoc)
	s.expect(0, "", "build", "-q", "-o", "out", "docs")
	f, err := os.OpenFile(filepath.Join(s.dir, "out", ".itudoc-lock"), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	f.WriteString("itudoc build, process 4242\n")
	var stderr syncBuffer
	done := make(chan int)
	go func() {
		var stdout bytes.Buffer
		done <- run([]string{"itudoc", "build", "-o", "out", "docs"}, strings.NewReader(""), &stdout, &stderr)
	}()
	const waiting = "itudoc: out is being built by itudoc build, process 4242; waiting for it to finish\n"
	for !strings.Contains(stderr.String(), waiting) {
		select {
		case code := <-done:
			t.Fatalf("the second build did not wait: exit %d:\n%s", code, stderr.String())
		default:
			time.Sleep(5 * time.Millisecond) // polling, not a timed assertion
		}
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	if code := <-done; code != 0 || !strings.HasPrefix(stderr.String(), waiting+"itudoc: [1/1] skipped docs/a.md") {
		t.Errorf("exit %d:\n%s", code, stderr.String())
	}
}
