package source_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/source"
)

// tree makes files and symbolic links under a new directory. A spec is
// "name" for a file, "name/" for a directory, "name -> target" for a link.
func tree(t *testing.T, specs ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, s := range specs {
		if name, target, ok := strings.Cut(s, " -> "); ok {
			if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
				t.Fatal(err)
			}
			continue
		}
		p := filepath.Join(root, s)
		if strings.HasSuffix(s, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestExpand(t *testing.T) {
	root := tree(t,
		"logs/", "logs/a.log", "logs/sub/", "logs/sub/b.log", "logs/.hidden", "logs/.git/", "logs/.git/c.log",
		"other/", "other/d.log",
		"logs/to-other -> ../other", // a link to a directory inside the tree
		"logs/to-file -> ../other/d.log",
		"logs/sub/loop -> ..", // back up to logs: a loop
		"logs/broken -> nowhere",
		"linkdir -> logs", // a directory given as a link
	)
	rel := func(paths []string) []string {
		var out []string
		for _, p := range paths {
			r, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(r))
		}
		return out
	}
	tests := []struct {
		name    string
		paths   []string
		want    []string
		wantErr []string // the paths the errors name
	}{
		{"directory", []string{"logs"},
			[]string{"logs/a.log", "logs/sub/b.log", "logs/to-file", "logs/to-other/d.log"},
			[]string{"logs/broken", "logs/sub/loop"}},
		{"directory given as a link", []string{"linkdir"},
			[]string{"linkdir/a.log", "linkdir/sub/b.log", "linkdir/to-file", "linkdir/to-other/d.log"},
			[]string{"linkdir/broken", "linkdir/sub/loop"}},
		{"missing path first, the rest still read", []string{"nosuch", "other", "logs/a.log"},
			[]string{"other/d.log", "logs/a.log"}, []string{"nosuch"}},
		{"broken link given", []string{"logs/broken", "other"}, []string{"other/d.log"}, []string{"logs/broken"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var paths []string
			for _, p := range tt.paths {
				paths = append(paths, filepath.Join(root, p))
			}
			got, errs := source.Expand(paths)
			if diff := cmp.Diff(tt.want, rel(got)); diff != "" {
				t.Errorf("inputs (-want +got):\n%s", diff)
			}
			var errPaths []string
			for _, err := range errs {
				var pe *fs.PathError
				if !errors.As(err, &pe) {
					t.Fatalf("error %v is %T, want *fs.PathError", err, err)
				}
				errPaths = append(errPaths, pe.Path)
			}
			if diff := cmp.Diff(tt.wantErr, rel(errPaths)); diff != "" {
				t.Errorf("errors name (-want +got):\n%s\nerrors: %v", diff, errs)
			}
		})
	}
}

func TestExpandUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every directory; the broken-link and loop cases cover the same path")
	}
	root := tree(t, "a/", "a/locked/", "a/locked/x.log", "a/z.log", "b.log")
	locked := filepath.Join(root, "a", "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o755)
	got, errs := source.Expand([]string{filepath.Join(root, "a"), filepath.Join(root, "b.log")})
	want := []string{filepath.Join(root, "a", "z.log"), filepath.Join(root, "b.log")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	if len(errs) != 1 {
		t.Errorf("errors %v, want one for %s", errs, locked)
	}
}

func TestExpandNoPaths(t *testing.T) {
	got, errs := source.Expand(nil)
	if diff := cmp.Diff([]string{source.Stdin}, got); diff != "" || errs != nil {
		t.Errorf("Expand(nil) = %v, %v; want stdin", got, errs)
	}
}
