// Package batch converts packs of documents: it takes paths (source files,
// folders, pack manifests) and gives a list of Jobs (Collect), then converts
// them with N workers into an output folder, skipping documents whose
// outputs are up to date, and gives a Report (Build).
//
// It is meant to run on a build server over files anyone may have put in
// a pull request:
//
//   - containment: a source found in a folder or named by a manifest must
//     resolve, symbolic links and .. included, inside that folder or the
//     manifest's folder (CollectOptions.AllowOutside lifts this); outputs,
//     stamps and their removal stay inside the output folder (see
//     internal/atomicfile);
//   - bounded reads: sources, manifests and stamps are read within a size
//     limit, and only when they are regular files (internal/readlimit); a
//     manifest's size, nesting and alias expansion are bounded before it is
//     parsed (manifest.go);
//   - atomicity: a document's outputs and stamp are written as a set, all
//     renamed once all are written; a stamp is trusted only when it names
//     exactly the outputs the document makes and they hold the bytes it
//     recorded;
//   - one build at a time per output folder (a lock naming the holder);
//     after an interrupt, documents under way get a bounded time to finish,
//     then are abandoned without writing anything.
//
// Every document is converted on its own: a failure (or a panic) in one is
// that document's error and does not stop the others. Outputs' bytes do not
// depend on the number of workers.
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
	"unicode"
	"unicode/utf8"

	"github.com/itudoc/itudoc/internal/ioerr"
	"github.com/itudoc/itudoc/internal/readlimit"
	"github.com/itudoc/itudoc/internal/render"
)

// Job is one document to convert.
type Job struct {
	// Source is the source's path as it was named (a folder argument
	// joined with the file's path below it, or a manifest's folder joined
	// with its source:), for messages.
	Source string
	// File is the file read: Source with its symbolic links resolved
	// (checked to stay inside the folder or manifest that named it).
	File string
	// Stem is where the outputs go, relative to the output folder,
	// slash-separated, without extension: "pp14-149-e" gives
	// pp14-149-e.docx and pp14-149-e-annex.pdf. Stems are unique in a
	// pack; the shard of a job is decided by its stem.
	Stem     string
	Settings render.Settings
	// Origin is where the job was named (a manifest's file:line:col), for
	// errors about it.
	Origin string
}

// Pack is a list of jobs with a title.
type Pack struct {
	Title string
	Jobs  []Job
}

// CollectOptions say how far sources may be looked for.
type CollectOptions struct {
	// AllowOutside accepts sources that resolve outside the folder or
	// manifest folder that named them (absolute manifest sources, .., or
	// symbolic links leading out).
	AllowOutside bool
}

// Collect makes the jobs for paths: a source file is one job; a folder, one
// job per *.md below it (in path order; symbolic links to files are
// followed when they stay inside the folder, links to folders are not
// walked); a .yaml or .yml file is a pack manifest. A folder argument that
// is itself a symbolic link is walked at its target. defaults are the
// settings a manifest may override.
func Collect(paths []string, defaults render.Settings, opt CollectOptions) (*Pack, error) {
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
			jobs, err := collectFolder(arg, defaults, opt)
			if err != nil {
				return nil, err
			}
			p.Jobs = append(p.Jobs, jobs...)
		case isManifest(arg):
			title, jobs, err := LoadManifest(arg, defaults, opt)
			if err != nil {
				return nil, err
			}
			if p.Title == "" {
				p.Title = title
			}
			p.Jobs = append(p.Jobs, jobs...)
		default:
			stem := strings.TrimSuffix(filepath.Base(arg), filepath.Ext(arg))
			p.Jobs = append(p.Jobs, Job{Source: arg, File: arg, Stem: stem, Settings: defaults})
		}
	}
	return p, checkStems(p.Jobs)
}

func isManifest(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	return ext == ".yaml" || ext == ".yml"
}

// outsideError is a source that resolves outside the folder that named it.
func outsideError(where, source, target, root string) error {
	return fmt.Errorf("%s: source %s resolves to %s, outside %s (refused; --allow-outside accepts it)", where, source, target, root)
}

// linkOutsideError is a symbolic link in a source folder that leads out of
// it.
func linkOutsideError(source, target, root string) error {
	return fmt.Errorf("%s: a symbolic link to %s, outside %s (refused; --allow-outside accepts it)", source, target, root)
}

// within reports whether target (resolved) is root (resolved) or below it.
func within(root, target string) bool {
	rel, err := filepath.Rel(root, target)
	return err == nil && filepath.IsLocal(rel)
}

func collectFolder(dir string, defaults render.Settings, opt CollectOptions) ([]Job, error) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, ioerr.Cannot("read folder", dir, err)
	}
	var jobs []Job
	err = filepath.WalkDir(real, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && p != real && strings.HasPrefix(e.Name(), ".") {
			return filepath.SkipDir
		}
		if e.IsDir() || !strings.EqualFold(filepath.Ext(p), ".md") {
			return nil
		}
		rel, err := filepath.Rel(real, p)
		if err != nil {
			return err
		}
		source, file := filepath.Join(dir, rel), p
		if e.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(p)
			if err != nil {
				return ioerr.Cannot("read", source, err)
			}
			if st, err := os.Stat(target); err == nil && st.IsDir() {
				return nil // a link to a folder: not walked
			}
			if !opt.AllowOutside && !within(real, target) {
				return linkOutsideError(source, target, dir)
			}
			file = target
		}
		rel = filepath.ToSlash(rel)
		jobs = append(jobs, Job{Source: source, File: file, Stem: strings.TrimSuffix(rel, path.Ext(rel)), Settings: defaults})
		return nil
	})
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, ioerr.Cannot("read folder", dir, err)
		}
		return nil, err
	}
	if len(jobs) == 0 {
		return nil, fmt.Errorf("%s: no *.md documents in this folder", dir)
	}
	return jobs, nil // WalkDir walks in lexical order
}

// outputSuffixes are what follows a stem in the output folder: the
// outputs' and the stamp's.
var outputSuffixes = []string{".docx", "-annex.pdf", stampSuffix}

// checkStems rejects two documents writing the same outputs, and a
// document whose outputs would stand where another's folder must be (a and
// a.docx/b), before anything is converted.
func checkStems(jobs []Job) error {
	where := func(j Job) string {
		if j.Origin != "" {
			return j.Origin
		}
		return j.Source
	}
	stems := map[string]Job{}
	files := map[string]Job{} // output file → its job
	for _, j := range jobs {
		if other, ok := stems[j.Stem]; ok {
			return fmt.Errorf("%s: outputs %q would overwrite those of %s; give it another output name", where(j), j.Stem, other.Source)
		}
		stems[j.Stem] = j
		for _, s := range outputSuffixes {
			files[j.Stem+s] = j
		}
	}
	for _, j := range jobs {
		for d := path.Dir(j.Stem); d != "."; d = path.Dir(d) {
			if other, ok := files[d]; ok {
				return fmt.Errorf("%s: outputs %q need a folder %s, where %s writes a file; give one another output name", where(j), j.Stem, d, other.Source)
			}
		}
	}
	return nil
}

// LoadManifest reads a pack manifest (see manifest.go for its limits).
// Unknown keys, values of the wrong kind, missing sources, sources outside
// the manifest's folder (unless opt.AllowOutside) and output names that
// would leave the output folder are errors naming the manifest's
// file:line:col.
func LoadManifest(file string, defaults render.Settings, opt CollectOptions) (string, []Job, error) {
	data, err := readlimit.File(file, MaxManifestBytes)
	var tl *readlimit.TooLargeError
	if errors.As(err, &tl) {
		return "", nil, fmt.Errorf("%s: %d bytes, more than the limit of %d for a manifest", file, tl.Size, MaxManifestBytes)
	}
	if err != nil {
		return "", nil, err
	}
	m, err := parseManifest(file, data)
	if err != nil {
		return "", nil, err
	}
	if len(m.Documents) == 0 {
		return "", nil, fmt.Errorf("%s: the manifest lists no documents (a documents: list of {source: FILE})", file)
	}
	dir := filepath.Dir(file)
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", nil, ioerr.Cannot("read folder", dir, err)
	}
	if m.Defaults.Edits, err = scripts(m.Defaults.Edits, dir, realDir, opt, m.defaultsAt["edits"]); err != nil {
		return "", nil, err
	}
	base := merge(defaults, m.Defaults)
	if err := base.Validate(); err != nil {
		return "", nil, fmt.Errorf("%s: defaults: %v", settingAt(err, m.defaultsAt, file), err)
	}
	var jobs []Job
	for _, e := range m.Documents {
		at, srcAt := e.at, e.at
		if p, ok := e.fieldAt["source"]; ok {
			srcAt = p
		}
		if e.Source == "" {
			return "", nil, fmt.Errorf("%s: document without a source", srcAt)
		}
		src := filepath.FromSlash(e.Source)
		if !filepath.IsAbs(src) {
			src = filepath.Join(dir, src)
		}
		if _, err := os.Stat(src); err != nil {
			return "", nil, fmt.Errorf("%s: source %s: %v", srcAt, e.Source, ioerr.Reason(err))
		}
		real, err := filepath.EvalSymlinks(src)
		if err != nil {
			return "", nil, fmt.Errorf("%s: source %s: %v", srcAt, e.Source, ioerr.Reason(err))
		}
		if !opt.AllowOutside && !within(realDir, real) {
			return "", nil, outsideError(srcAt, e.Source, real, "the manifest's folder")
		}
		stem := e.Output
		if stem == "" {
			stem = strings.TrimSuffix(path.Base(filepath.ToSlash(e.Source)), path.Ext(e.Source))
		}
		if err := safeStem(stem); err != nil {
			outAt := srcAt
			if p, ok := e.fieldAt["output"]; ok {
				outAt = p
			}
			return "", nil, fmt.Errorf("%s: output %s: %v", outAt, strconv.Quote(stem), err)
		}
		if e.Settings.Edits, err = scripts(e.Settings.Edits, dir, realDir, opt, e.fieldAt["edits"]); err != nil {
			return "", nil, err
		}
		s := merge(base, e.Settings)
		if err := s.Validate(); err != nil {
			return "", nil, fmt.Errorf("%s: %v", settingAt(err, e.fieldAt, at), err)
		}
		jobs = append(jobs, Job{Source: src, File: real, Stem: path.Clean(stem), Settings: s, Origin: at})
	}
	return m.Title, jobs, nil
}

// settingAt is where the setting a Validate error is about stands: its
// messages start with the setting's name ("date must be ...").
func settingAt(err error, fieldAt map[string]string, fallback string) string {
	for _, key := range []string{"date", "formats", "linebreak"} {
		if p, ok := fieldAt[key]; ok && strings.HasPrefix(err.Error(), strings.TrimSuffix(key, "s")) {
			return p
		}
	}
	if p, ok := fieldAt[""]; ok {
		return p
	}
	return fallback
}

// safeStem rejects an output name that would write outside the output
// folder, or that holds characters that would forge log lines.
func safeStem(stem string) error {
	if path.IsAbs(stem) || filepath.IsAbs(stem) || strings.Contains(stem, "\\") || filepath.VolumeName(stem) != "" {
		return errors.New("must be a relative name inside the output folder")
	}
	for _, part := range strings.Split(stem, "/") {
		if part == ".." || part == "" && stem != "" {
			return errors.New("must stay inside the output folder (no .. or empty parts)")
		}
	}
	if !utf8.ValidString(stem) || strings.IndexFunc(stem, unicode.IsControl) >= 0 {
		return errors.New("must not hold control characters (a newline, a tab) or invalid UTF-8")
	}
	return nil
}

// scripts resolves a manifest's edit scripts against its folder: each must
// exist and, unless opt.AllowOutside, resolve inside the folder.
func scripts(names []string, dir, realDir string, opt CollectOptions, at string) ([]string, error) {
	var out []string
	for _, name := range names {
		p := filepath.FromSlash(name)
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			return nil, fmt.Errorf("%s: edit script %s: %v", at, name, ioerr.Reason(err))
		}
		if !opt.AllowOutside && !within(realDir, real) {
			return nil, outsideError(at, name, real, "the manifest's folder")
		}
		out = append(out, p)
	}
	return out, nil
}

// merge gives base with the non-zero settings of over; edit scripts add up
// (the pack's first, then the document's).
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
	if len(over.Edits) > 0 {
		base.Edits = append(append([]string(nil), base.Edits...), over.Edits...)
	}
	if over.PDFStandard != "" {
		base.PDFStandard = over.PDFStandard
	}
	return base
}

var yamlPos = regexp.MustCompile(`^\[(\d+):(\d+)\] (.*)`)
