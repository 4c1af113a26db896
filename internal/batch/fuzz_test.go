package batch

import (
	"flag"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fuzzPerInput bounds the time one manifest may take while fuzzing: the
// reader is linear in its input, bounded at MaxManifestBytes, and takes
// milliseconds; a second is a hang or a bomb that got through. It is only
// checked under -fuzz (not when the seed corpus runs as a test, on a
// loaded machine).
const fuzzPerInput = time.Second

func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

// FuzzManifest: any bytes give a manifest or one error line naming the
// file, the same twice, within bounded time, never a panic, never a Go type
// name in a message.
func FuzzManifest(f *testing.F) {
	for _, s := range []string{
		"title: t\ndefaults:\n  conference: PP-14\ndocuments:\n  - source: a.md\n  - source: b.md\n    output: sub/b\n    formats: [docx]\n    pdf-marks: true\n",
		"documents:\n  - {source: a.md, date: 2014-11-03, linebreak: greedy}\n",
		"common: &c {author: X}\ndocuments:\n  - <<: *c\n    source: a.md\n  - source: b.md\n    <<: [*c]\n",
		"a: &a {x: 1}\nb: &b {<<: [*a, *a, *a]}\nc: &c {<<: [*b, *b, *b]}\n",
		"documents: [[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]\n",
		"documents:\n  - source: a.md\n---\ndocuments: []\n",
		"documents:\n  - source: !!binary YQ==\n",
		"documents:\n  - source: *nothing\n",
		"? documents\n: - source: a.md\n",
		"documents:\n  - source: a.md\n    author: 12\n    place: |\n      Busan\n",
		"title: \"caf\\xe9\"\ndocuments: 5\n",
		"\xff\x00",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		m1, err1 := parseManifest("pack.yaml", data)
		if took := time.Since(start); fuzzing() && took > fuzzPerInput {
			t.Fatalf("%d bytes took %v", len(data), took)
		}
		m2, err2 := parseManifest("pack.yaml", data)
		if (err1 == nil) != (err2 == nil) || err1 != nil && err1.Error() != err2.Error() || !reflect.DeepEqual(m1, m2) {
			t.Fatalf("two readings differ: %v / %v", err1, err2)
		}
		if err1 != nil {
			msg := err1.Error()
			if !strings.HasPrefix(msg, "pack.yaml") || strings.Contains(msg, "\n") {
				t.Fatalf("error %q: not one line naming the file", msg)
			}
			for _, goName := range []string{"batch.", "render.", "ast.", "*ast", "[]", "interface {"} {
				if strings.Contains(msg, goName) && !strings.Contains(string(data), goName) {
					t.Fatalf("error %q names a Go type", msg)
				}
			}
			return
		}
		for _, e := range m1.Documents {
			if !strings.HasPrefix(e.at, "pack.yaml") {
				t.Fatalf("entry position %q", e.at)
			}
		}
	})
}
