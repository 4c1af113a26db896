// Package atomicfile writes files so that readers never see a partial one,
// and so that nothing is written outside the folder it is asked to write
// into.
//
// Each file goes to a temporary file beside its target (".NAME.itudoc-tmp-
// RANDOM"), synced to the disk (unless the file is marked Cache), then
// renamed over the target. WriteSet writes several
// files as a set: all the temporary files are written first, and only then
// are all renamed, so that a failure while writing (a full disk) leaves the
// old set whole. ReplaceDir replaces a whole folder (a golden DOCX kept as
// its parts) by writing the new one beside it and swapping the two.
//
// Every path is resolved inside the set's root folder through os.Root: a
// symbolic link, anywhere below the root, that leads out of it is refused
// with an error naming the link, for writes and for removals alike. The
// root folder itself is created when missing. Temporary files left by a
// process killed mid-write are found and removed by CleanTemps.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/itudoc/itudoc/internal/ioerr"
)

// TempMark is in the name of every temporary file or folder this package
// makes: ".NAME" + TempMark + random hex.
const TempMark = ".itudoc-tmp-"

// File is one file of a set. Name is slash-separated and relative to the
// set's root folder; it may have folders, which are created.
type File struct {
	Name string
	Data []byte
	// Cache marks a file whose loss in a system crash costs nothing but
	// work done again (a build's stamp, which is checked against the
	// outputs it names before it is believed): it is renamed into place
	// without first waiting for its data to reach the disk. Every other
	// file is synced before its rename, so that after a crash it is whole,
	// old or new.
	Cache bool
}

// Write writes data to path atomically, with mode 0644 (less the umask),
// creating its folder if need be. On failure the target is untouched and no
// temporary file is left.
func Write(p string, data []byte) error {
	return WriteSet(filepath.Dir(p), []File{{Name: filepath.Base(p), Data: data}})
}

// WriteSet writes the files into the folder root: every file to its
// temporary file first, then every temporary file renamed over its target
// (Prepare, then Commit).
func WriteSet(root string, files []File) error {
	p, err := Prepare(root, files)
	if err != nil {
		return err
	}
	return p.Commit()
}

// Pending is a set of files written to their temporary files, not yet in
// place: Commit puts them there, Discard drops them. One of the two must be
// called.
type Pending struct {
	r     *os.Root
	root  string
	files []File
	temps []string
}

// Prepare writes each file of the set to a temporary file beside its
// target. On failure nothing is left: every target is as it was, and the
// temporary files are removed.
func Prepare(root string, files []File) (*Pending, error) {
	r, err := openRoot(root)
	if err != nil {
		return nil, err
	}
	p := &Pending{r: r, root: root, files: files}
	for _, f := range files {
		tmp, err := writeTemp(r, root, f)
		if err != nil {
			p.Discard()
			return nil, err
		}
		p.temps = append(p.temps, tmp)
	}
	return p, nil
}

// Commit renames every temporary file over its target, in the order of the
// set. A failure during the renames (rare: the data is written by then)
// can leave the set part old, part new, and the error says how far it got.
func (p *Pending) Commit() error {
	defer p.r.Close()
	for i, f := range p.files {
		if err := p.r.Rename(p.temps[i], f.Name); err != nil {
			for _, t := range p.temps[i:] {
				p.r.Remove(t)
			}
			err = explain(p.r, p.root, f.Name, "write", err)
			if i > 0 {
				err = fmt.Errorf("%w (after %d of the %d files of the set were written)", err, i, len(p.files))
			}
			return err
		}
	}
	return nil
}

// Discard removes the temporary files; the targets stay as they were.
func (p *Pending) Discard() {
	for _, t := range p.temps {
		p.r.Remove(t)
	}
	p.r.Close()
}

// openRoot creates the folder root when missing and opens it.
func openRoot(root string) (*os.Root, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, ioerr.Cannot("create", root, err)
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, ioerr.Cannot("write into", root, err)
	}
	return r, nil
}

// writeTemp writes f's data to a new temporary file beside its target, and
// gives the temporary file's name. The target's folder is made, inside the
// root; a folder standing where the target should be is an error now,
// before anything of the set is renamed.
func writeTemp(r *os.Root, root string, f File) (string, error) {
	full := filepath.Join(root, filepath.FromSlash(f.Name))
	if !filepath.IsLocal(filepath.FromSlash(f.Name)) {
		return "", ioerr.Cannot("write", full, errors.New("the name leaves the output folder"))
	}
	dir := path.Dir(f.Name)
	if err := r.MkdirAll(dir, 0o755); err != nil {
		return "", explain(r, root, f.Name, "create the folder of", err)
	}
	if st, err := r.Lstat(f.Name); err == nil && st.IsDir() {
		return "", ioerr.Cannot("write", full, errors.New("a folder of that name is in the way"))
	}
	tmp, file, err := createTemp(r, f.Name, func(name string) (*os.File, error) {
		return r.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	})
	if err != nil {
		return "", explain(r, root, f.Name, "write", err)
	}
	_, werr := file.Write(f.Data)
	if werr == nil && !f.Cache {
		werr = syncFile(file)
	}
	if cerr := file.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		r.Remove(tmp)
		return "", ioerr.Cannot("write", full, werr)
	}
	return tmp, nil
}

// syncFile waits for a file's data to reach the disk; tests count its
// calls.
var syncFile = (*os.File).Sync

// createTemp makes a new temporary name beside name with mk, retrying on
// the (unlikely) clash with an existing one.
func createTemp[T any](r *os.Root, name string, mk func(string) (T, error)) (string, T, error) {
	var zero T
	for try := 0; ; try++ {
		tmp := path.Join(path.Dir(name), "."+path.Base(name)+TempMark+fmt.Sprintf("%016x", rand.Uint64()))
		v, err := mk(tmp)
		if err == nil {
			return tmp, v, nil
		}
		if !errors.Is(err, fs.ErrExist) || try == 10 {
			return "", zero, err
		}
	}
}

// ReplaceDir writes files as the folder name inside root (file names
// relative to it): into a new temporary folder beside it first, which then
// takes the place of the old folder (or file) in one step where the system
// can (Linux: renameat2 with RENAME_EXCHANGE), so that a reader finds the
// old contents or the new, never none; the old contents are then removed.
// A failure while writing leaves the old folder as it was.
func ReplaceDir(root, name string, files []File) error {
	r, err := openRoot(root)
	if err != nil {
		return err
	}
	defer r.Close()
	full := filepath.Join(root, filepath.FromSlash(name))
	if !filepath.IsLocal(filepath.FromSlash(name)) || name == "." {
		return ioerr.Cannot("write", full, errors.New("the name leaves the output folder"))
	}
	if err := r.MkdirAll(path.Dir(name), 0o755); err != nil {
		return explain(r, root, name, "create the folder of", err)
	}
	tmp, _, err := createTemp(r, name, func(n string) (struct{}, error) { return struct{}{}, r.Mkdir(n, 0o755) })
	if err != nil {
		return explain(r, root, name, "write", err)
	}
	for _, f := range files {
		p := path.Join(tmp, f.Name)
		if !filepath.IsLocal(filepath.FromSlash(f.Name)) {
			r.RemoveAll(tmp)
			return ioerr.Cannot("write", full, fmt.Errorf("part %q leaves the folder", f.Name))
		}
		err := r.MkdirAll(path.Dir(p), 0o755)
		if err == nil {
			err = r.WriteFile(p, f.Data, 0o644)
		}
		if err != nil {
			r.RemoveAll(tmp)
			return ioerr.Cannot("write", filepath.Join(full, filepath.FromSlash(f.Name)), err)
		}
	}
	if _, err := r.Lstat(name); errors.Is(err, fs.ErrNotExist) {
		if err := r.Rename(tmp, name); err != nil {
			r.RemoveAll(tmp)
			return explain(r, root, name, "write", err)
		}
		return nil
	}
	if err := exchange(r, path.Dir(name), path.Base(tmp), path.Base(name)); err != nil {
		// No atomic exchange here: move the old one aside, the new one in.
		old, _, err := createTemp(r, name, func(n string) (struct{}, error) {
			if _, err := r.Lstat(n); err == nil {
				return struct{}{}, fs.ErrExist
			}
			return struct{}{}, r.Rename(name, n)
		})
		if err != nil {
			r.RemoveAll(tmp)
			return explain(r, root, name, "replace", err)
		}
		if err := r.Rename(tmp, name); err != nil {
			r.Rename(old, name)
			r.RemoveAll(tmp)
			return explain(r, root, name, "replace", err)
		}
		tmp = old
	}
	if err := r.RemoveAll(tmp); err != nil {
		return ioerr.Cannot("remove the old", full, err)
	}
	return nil
}

// Remove removes name (a file, or a folder and all it holds) inside root,
// refusing to follow a symbolic link out of it.
func Remove(root, name string) error {
	r, err := os.OpenRoot(root)
	if err != nil {
		return ioerr.Cannot("remove from", root, err)
	}
	defer r.Close()
	if err := r.RemoveAll(name); err != nil {
		return explain(r, root, name, "remove", err)
	}
	return nil
}

// CleanTemps removes, below root, the temporary files and folders that a
// process killed while writing left behind, and gives how many. Symbolic
// links are not followed. It must not run while another itudoc writes
// there (itudoc build takes a lock on its output folder first).
func CleanTemps(root string) (int, error) {
	r, err := os.OpenRoot(root)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, ioerr.Cannot("read folder", root, err)
	}
	defer r.Close()
	n := 0
	err = fs.WalkDir(r.FS(), ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if IsTemp(e.Name()) {
			if err := r.RemoveAll(p); err != nil {
				return err
			}
			n++
			if e.IsDir() {
				return fs.SkipDir
			}
		}
		return nil
	})
	if err != nil {
		return n, ioerr.Cannot("clean", root, err)
	}
	return n, nil
}

// CleanTempsOf removes the temporary files or folders that a process killed
// while writing name (inside root) left beside it, and gives how many: for
// writers that take no lock on the folder but own the names they write
// (convert's outputs, check --update's goldens).
func CleanTempsOf(root, name string) (int, error) {
	r, err := os.OpenRoot(root)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, ioerr.Cannot("read folder", root, err)
	}
	defer r.Close()
	dir := path.Dir(name)
	d, err := r.Open(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, explain(r, root, name, "read the folder of", err)
	}
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		return 0, ioerr.Cannot("read the folder of", filepath.Join(root, filepath.FromSlash(name)), err)
	}
	n := 0
	prefix := "." + path.Base(name) + TempMark
	for _, e := range names {
		if strings.HasPrefix(e, prefix) {
			if err := r.RemoveAll(path.Join(dir, e)); err != nil {
				return n, ioerr.Cannot("remove", filepath.Join(root, filepath.FromSlash(path.Join(dir, e))), err)
			}
			n++
		}
	}
	return n, nil
}

// IsTemp reports whether a file name is one of this package's temporary
// names.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, TempMark)
}

// explain words an error of the root's methods: a symbolic link leading out
// of the root is named; anything else is "cannot VERB PATH: REASON".
func explain(r *os.Root, root, name, verb string, err error) error {
	full := filepath.Join(root, filepath.FromSlash(name))
	if link := escapingLink(r, root, name); link != "" {
		return ioerr.Cannot(verb, full, LinkOutError(link, root))
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return ioerr.Cannot(verb, full, err)
}

// LinkOutError is the reason a path is refused: link, below root, is a
// symbolic link that leads out of it.
func LinkOutError(link, root string) error {
	return fmt.Errorf("%s is a symbolic link that leads out of %s (refused)", link, root)
}

// EscapingLink gives the first component of name (slash-separated) below
// root that is a symbolic link resolving outside root, or "" when there is
// none: what to name when os.Root refuses a path.
func EscapingLink(root, name string) string {
	r, err := os.OpenRoot(root)
	if err != nil {
		return ""
	}
	defer r.Close()
	return escapingLink(r, root, name)
}

// escapingLink gives the first component of name below root (itself
// included) that is a symbolic link resolving outside root, or "".
func escapingLink(r *os.Root, root, name string) string {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return ""
	}
	parts := strings.Split(name, "/")
	for i := range parts {
		p := strings.Join(parts[:i+1], "/")
		st, err := r.Lstat(p)
		if err != nil {
			return ""
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		full := filepath.Join(root, filepath.FromSlash(p))
		target, err := filepath.EvalSymlinks(full)
		if err != nil {
			return full
		}
		if rel, err := filepath.Rel(realRoot, target); err != nil || !filepath.IsLocal(rel) {
			return full
		}
	}
	return ""
}
