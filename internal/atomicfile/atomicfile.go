// Package atomicfile writes files so that readers never see a partial one:
// the data goes to a temporary file in the same folder, which is then
// renamed over the target. The folder is created when missing.
package atomicfile

import (
	"os"
	"path/filepath"

	"github.com/itudoc/itudoc/internal/ioerr"
)

// Write writes data to path atomically, with mode 0644, creating its folder
// if need be. On failure the target is untouched and no temporary file is
// left.
func Write(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ioerr.Cannot("create", dir, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return ioerr.Cannot("write", path, err)
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return ioerr.Cannot("write", path, werr)
	}
	return nil
}
