package parser

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"time"
)

// typeCacheVersion changes whenever what the cache holds for a key
// changes: the checker's settings, the export format, the key's inputs.
const typeCacheVersion = "schemagen type cache 1"

// typeCache keeps the export data that [sourceLoader] writes, one file per
// key, in subfolders named after the key's first two hex digits, as the go
// command keeps its build cache. An entry is written once, to a temporary
// file renamed into place, and starts with the hash of its data, which a
// read checks. Entries unused for five days are removed, at most once a
// day. Errors of writing are ignored: the cache only saves time. A nil
// *typeCache keeps nothing.
type typeCache struct {
	dir string
	now func() time.Time
	// verify makes has read and check the entry, and remove it when
	// damaged, rather than look for its file.
	verify bool
}

// Ages of [typeCache] entries.
const (
	typeCacheTouch = time.Hour      // an entry read is marked used again after this
	typeCacheTrim  = 24 * time.Hour // the cache is trimmed at most this often
	typeCacheKeep  = 5 * 24 * time.Hour
)

// openTypeCache returns the cache in dir, or nil when dir is empty.
func openTypeCache(dir string) *typeCache {
	if dir == "" {
		return nil
	}
	return &typeCache{dir: dir, now: time.Now}
}

// defaultTypeCacheDir is the cache [Load] uses when [Config] names none:
// types/ under $SCHEMAGEN_CACHE when set, else under schemagen/ in the user
// cache dir (os.UserCacheDir, as the go command's own cache), else none.
func defaultTypeCacheDir() string {
	if base := os.Getenv("SCHEMAGEN_CACHE"); base != "" {
		return filepath.Join(base, "types")
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "schemagen", "types")
}

// path is the file of key's entry.
func (c *typeCache) path(key string) string {
	return filepath.Join(c.dir, key[:2], key)
}

// has reports whether the cache holds key.
func (c *typeCache) has(key string) bool {
	if c == nil {
		return false
	}
	if c.verify {
		_, err := c.get(key)
		return err == nil
	}
	_, err := os.Stat(c.path(key))
	return err == nil
}

// verifying returns the cache with has checking every entry it finds.
func (c *typeCache) verifying() *typeCache {
	if c == nil {
		return nil
	}
	v := *c
	v.verify = true
	return &v
}

// get returns the data of key, and marks it used.
func (c *typeCache) get(key string) ([]byte, error) {
	if c == nil {
		return nil, fs.ErrNotExist
	}
	file := c.path(key)
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	sum, data, ok := bytes.Cut(raw, []byte("\n"))
	if got := sha256.Sum256(data); !ok || hex.EncodeToString(got[:]) != string(sum) {
		os.Remove(file)
		return nil, fmt.Errorf("type cache entry %s: damaged", key)
	}
	if now := c.now(); c.modTime(file).Before(now.Add(-typeCacheTouch)) {
		os.Chtimes(file, now, now)
	}
	return data, nil
}

// put stores data under key.
func (c *typeCache) put(key string, data []byte) {
	if c == nil {
		return
	}
	file := c.path(key)
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), key+".tmp*")
	if err != nil {
		return
	}
	sum := sha256.Sum256(data)
	_, err = tmp.WriteString(hex.EncodeToString(sum[:]) + "\n")
	if err == nil {
		_, err = tmp.Write(data)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
}

// remove removes key's entry.
func (c *typeCache) remove(key string) {
	if c != nil {
		os.Remove(c.path(key))
	}
}

// modTime returns the modification time of file, or the zero time.
func (c *typeCache) modTime(file string) time.Time {
	fi, err := os.Stat(file)
	if err != nil {
		return time.Time{}
	}
	return fi.ModTime()
}

// trim removes the entries (and stray temporary files) unused for
// typeCacheKeep, unless the cache was trimmed within typeCacheTrim.
func (c *typeCache) trim() {
	if c == nil {
		return
	}
	now := c.now()
	stamp := filepath.Join(c.dir, "trim.txt")
	if c.modTime(stamp).After(now.Add(-typeCacheTrim)) {
		return
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return
	}
	if err := os.WriteFile(stamp, []byte(strconv.FormatInt(now.Unix(), 10)+"\n"), 0o644); err != nil {
		return
	}
	os.Chtimes(stamp, now, now)
	subs, _ := os.ReadDir(c.dir)
	for _, sub := range subs {
		if !sub.IsDir() || len(sub.Name()) != 2 {
			continue
		}
		entries, _ := os.ReadDir(filepath.Join(c.dir, sub.Name()))
		for _, e := range entries {
			if fi, err := e.Info(); err == nil && fi.ModTime().Before(now.Add(-typeCacheKeep)) {
				os.Remove(filepath.Join(c.dir, sub.Name(), e.Name()))
			}
		}
	}
}

// hashFiles reads the files of every package whose export data the roots
// may need, GOMAXPROCS at a time, for computeKeys and, on a miss, for
// parsing: the bytes hashed are the bytes parsed.
func (ld *sourceLoader) hashFiles() {
	type job struct {
		n *node
		i int
	}
	var jobs []job
	for _, n := range ld.nodes {
		if n.source || n.unsafe {
			continue
		}
		n.files = make([][]byte, len(n.pkg.GoFiles))
		for i := range n.pkg.GoFiles {
			jobs = append(jobs, job{n, i})
		}
	}
	errs := make([]error, len(jobs))
	parallel(len(jobs), func(k int) {
		j := jobs[k]
		j.n.files[j.i], errs[k] = os.ReadFile(j.n.pkg.GoFiles[j.i])
	})
	for k, err := range errs {
		if err != nil {
			// go/packages would report it when parsing; so does
			// checkSource, for a package type-checked next to the roots.
			jobs[k].n.source = true
		}
	}
	ld.markSource()
}

// computeKeys computes the cache key of every package not type-checked
// from source next to the roots, dependencies first: a hash of this
// program's go/types and export format, the target's type sizes, the
// package's path, name, language version, files (names and contents) and
// the keys of its imports. It also sets stored: the cache holds the key,
// and every dependency is stored too.
func (ld *sourceLoader) computeKeys() {
	prefix := typeCacheVersion + "\n" + runtime.Version() + "\n" + toolsVersion() + "\n" +
		ld.target + "\n"
	for _, n := range ld.nodes {
		if n.source || n.unsafe {
			continue
		}
		h := sha256.New()
		fmt.Fprintf(h, "%s%q %q %q std=%t\n", prefix, n.pkg.PkgPath, n.pkg.Name, goVersion(n.pkg), isStandard(n.pkg))
		for i, name := range n.pkg.GoFiles {
			sum := sha256.Sum256(n.files[i])
			fmt.Fprintf(h, "file %q %x\n", name, sum)
		}
		paths := make([]string, 0, len(n.imports))
		for path := range n.imports {
			paths = append(paths, path)
		}
		slices.Sort(paths)
		n.stored = ld.cache != nil
		for _, path := range paths {
			imp := n.imports[path]
			switch {
			case imp == nil:
				fmt.Fprintf(h, "import %q missing\n", path)
				n.stored = false
			case imp.unsafe:
				fmt.Fprintf(h, "import %q unsafe\n", path)
			default:
				fmt.Fprintf(h, "import %q %q %s\n", path, imp.pkg.PkgPath, imp.key)
				n.stored = n.stored && imp.stored
			}
		}
		n.key = hex.EncodeToString(h.Sum(nil))
		n.stored = n.stored && ld.cache.has(n.key)
	}
}

// toolsVersion is the version of golang.org/x/tools this program is
// built with (its export data writer and reader), or "unknown".
func toolsVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "golang.org/x/tools" {
				if m.Replace != nil {
					m = m.Replace
				}
				return m.Path + "@" + m.Version + " " + m.Sum
			}
		}
	}
	return "unknown"
}
