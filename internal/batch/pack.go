// Package batch converts packs of documents: it takes paths (source files,
// folders, pack manifests) and gives a list of Jobs (Collect), then converts
// them with N workers into an output folder, skipping documents whose
// outputs are up to date, and gives a Report (Build).
//
// Every document is converted on its own: a failure (or a panic) in one is
// that document's error and does not stop the others. Outputs are written
// atomically, and their bytes do not depend on the number of workers.
package batch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	yamlast "github.com/goccy/go-yaml/ast"
	yamlparser "github.com/goccy/go-yaml/parser"

	"github.com/itudoc/itudoc/internal/ioerr"
	"github.com/itudoc/itudoc/internal/render"
)

// Job is one document to convert.
type Job struct {
	Source string // path of the source file
	// Key identifies the document in a stable way across machines: its path
	// relative to the folder or manifest that named it, slash-separated. It
	// decides the shard.
	Key string
	// Stem is where the outputs go, relative to the output folder, without
	// extension: "pp14-149-e" gives pp14-149-e.docx and pp14-149-e-annex.pdf.
	Stem     string
	Settings render.Settings
	// Origin is where the job was named (a manifest's file:line), for
	// errors about it.
	Origin string
}

// Pack is a list of jobs with a title.
type Pack struct {
	Title string
	Jobs  []Job
}

// Collect makes the jobs for paths: a source file is one job; a folder, one
// job per *.md below it (in path order); a .yaml or .yml file is a pack
// manifest. defaults are the settings a manifest may override.
func Collect(paths []string, defaults render.Settings) (*Pack, error) {
	if err := defaults.Validate(); err != nil {
		return nil, err
	}
	p := &Pack{}
	for _, arg := range paths {
		st, err := os.Stat(arg)
		if err != nil {
			return nil, ioerr.Cannot("read", arg, err)
		}
		switch {
		case st.IsDir():
			jobs, err := collectFolder(arg, defaults)
			if err != nil {
				return nil, err
			}
			p.Jobs = append(p.Jobs, jobs...)
		case isManifest(arg):
			title, jobs, err := LoadManifest(arg, defaults)
			if err != nil {
				return nil, err
			}
			if p.Title == "" {
				p.Title = title
			}
			p.Jobs = append(p.Jobs, jobs...)
		default:
			stem := strings.TrimSuffix(filepath.Base(arg), filepath.Ext(arg))
			p.Jobs = append(p.Jobs, Job{Source: arg, Key: filepath.ToSlash(filepath.Base(arg)), Stem: stem, Settings: defaults})
		}
	}
	return p, checkStems(p.Jobs)
}

func isManifest(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	return ext == ".yaml" || ext == ".yml"
}

func collectFolder(dir string, defaults render.Settings) ([]Job, error) {
	var jobs []Job
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && p != dir && strings.HasPrefix(e.Name(), ".") {
			return filepath.SkipDir
		}
		if e.IsDir() || !strings.EqualFold(filepath.Ext(p), ".md") {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		jobs = append(jobs, Job{Source: p, Key: rel, Stem: strings.TrimSuffix(rel, path.Ext(rel)), Settings: defaults})
		return nil
	})
	if err != nil {
		return nil, ioerr.Cannot("read folder", dir, err)
	}
	if len(jobs) == 0 {
		return nil, fmt.Errorf("%s: no *.md documents in this folder", dir)
	}
	return jobs, nil // WalkDir walks in lexical order
}

// checkStems rejects two documents writing the same outputs.
func checkStems(jobs []Job) error {
	seen := map[string]string{}
	for _, j := range jobs {
		if other, ok := seen[j.Stem]; ok {
			where := j.Source
			if j.Origin != "" {
				where = j.Origin
			}
			return fmt.Errorf("%s: outputs %q would overwrite those of %s; give it another output name", where, j.Stem, other)
		}
		seen[j.Stem] = j.Source
	}
	return nil
}

// manifest is the pack.yaml format.
type manifest struct {
	Title     string          `yaml:"title"`
	Defaults  render.Settings `yaml:"defaults"`
	Documents []entry         `yaml:"documents"`
}

// entry is one document of a manifest: its source (relative to the
// manifest's folder), an optional output name, and settings that override
// the pack's defaults.
type entry struct {
	Source          string `yaml:"source"`
	Output          string `yaml:"output"`
	render.Settings `yaml:",inline"`
}

// LoadManifest reads a pack manifest. Unknown keys, missing sources and
// output names that would leave the output folder are errors naming the
// manifest's file:line:col.
func LoadManifest(file string, defaults render.Settings) (string, []Job, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", nil, ioerr.Cannot("read", file, err)
	}
	var m manifest
	if err := yaml.UnmarshalWithOptions(data, &m, yaml.DisallowUnknownField()); err != nil {
		return "", nil, yamlError(file, err)
	}
	if len(m.Documents) == 0 {
		return "", nil, fmt.Errorf("%s: the manifest lists no documents (a documents: list of {source: FILE})", file)
	}
	pos := newPositions(file, data)
	base := merge(defaults, m.Defaults)
	if err := base.Validate(); err != nil {
		return "", nil, fmt.Errorf("%s: defaults: %v", pos.of("$.defaults"), err)
	}
	dir := filepath.Dir(file)
	var jobs []Job
	for i, e := range m.Documents {
		at := pos.of("$.documents[" + strconv.Itoa(i) + "]")
		if e.Source == "" {
			return "", nil, fmt.Errorf("%s: document without a source", at)
		}
		src := e.Source
		if !filepath.IsAbs(src) {
			src = filepath.Join(dir, filepath.FromSlash(src))
		}
		if _, err := os.Stat(src); err != nil {
			return "", nil, fmt.Errorf("%s: source %s: %v", at, e.Source, ioerr.Reason(err))
		}
		stem := e.Output
		if stem == "" {
			stem = strings.TrimSuffix(path.Base(filepath.ToSlash(e.Source)), path.Ext(e.Source))
		}
		if err := safeStem(stem); err != nil {
			return "", nil, fmt.Errorf("%s: output %q: %v", at, stem, err)
		}
		s := merge(base, e.Settings)
		if err := s.Validate(); err != nil {
			return "", nil, fmt.Errorf("%s: %v", at, err)
		}
		jobs = append(jobs, Job{Source: src, Key: path.Clean(filepath.ToSlash(e.Source)), Stem: path.Clean(stem), Settings: s, Origin: at})
	}
	return m.Title, jobs, nil
}

// safeStem rejects an output name that would write outside the output
// folder.
func safeStem(stem string) error {
	if path.IsAbs(stem) || filepath.IsAbs(stem) || strings.Contains(stem, "\\") || filepath.VolumeName(stem) != "" {
		return errors.New("must be a relative name inside the output folder")
	}
	for _, part := range strings.Split(stem, "/") {
		if part == ".." || part == "" && stem != "" {
			return errors.New("must stay inside the output folder (no .. or empty parts)")
		}
	}
	return nil
}

// merge gives base with the non-zero settings of over.
func merge(base, over render.Settings) render.Settings {
	if over.Author != "" {
		base.Author = over.Author
	}
	if over.Date != "" {
		base.Date = over.Date
	}
	if over.Conference != "" {
		base.Conference = over.Conference
	}
	if over.Place != "" {
		base.Place = over.Place
	}
	if len(over.Formats) > 0 {
		base.Formats = over.Formats
	}
	if over.PDFMarks {
		base.PDFMarks = true
	}
	if over.LineBreak != "" {
		base.LineBreak = over.LineBreak
	}
	if over.PDFStandard != "" {
		base.PDFStandard = over.PDFStandard
	}
	return base
}

var yamlPos = regexp.MustCompile(`^\[(\d+):(\d+)\] (.*)`)

// yamlError turns go-yaml's "[4:5] unknown field" into "file:4:5: unknown
// field".
func yamlError(file string, err error) error {
	first, _, _ := strings.Cut(yaml.FormatError(err, false, false), "\n")
	if m := yamlPos.FindStringSubmatch(first); m != nil {
		return fmt.Errorf("%s:%s:%s: %s", file, m[1], m[2], m[3])
	}
	return fmt.Errorf("%s: %s", file, first)
}

// positions finds where nodes of a manifest stand; the file is parsed once,
// not once per document.
type positions struct {
	file string
	ast  *yamlast.File // nil when the file does not parse
}

func newPositions(file string, data []byte) positions {
	f, err := yamlparser.ParseBytes(data, 0)
	if err != nil {
		f = nil
	}
	return positions{file, f}
}

// of is "file:line:col" of the YAML node at path p, or "file" when it
// cannot be found.
func (ps positions) of(p string) string {
	if ps.ast == nil {
		return ps.file
	}
	yp, err := yaml.PathString(p)
	if err != nil {
		return ps.file
	}
	n, err := yp.FilterFile(ps.ast)
	if err != nil || n == nil {
		return ps.file
	}
	t := n.GetToken()
	return fmt.Sprintf("%s:%d:%d", ps.file, t.Position.Line, t.Position.Column)
}
