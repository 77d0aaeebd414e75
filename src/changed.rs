//! `--changed-since REF`: which lines of which files changed relative to a git ref.
//!
//! Reads `git diff --unified=0 -M REF` (committed, staged and unstaged changes
//! against REF) plus untracked files, which count as wholly changed. Paths are
//! kept absolute so that a run from a subfolder, or with relative paths,
//! compares like with like.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Added or changed lines (1-based, inclusive ranges) per absolute path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangedLines {
    files: BTreeMap<PathBuf, FileChange>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum FileChange {
    /// A new or untracked file: every line is new.
    #[default]
    Whole,
    Lines(Vec<(usize, usize)>),
}

impl ChangedLines {
    /// Ask git, from `cwd`, what changed since `reference`.
    pub fn from_git(cwd: &Path, reference: &str) -> Result<ChangedLines, String> {
        let root = git(cwd, &["rev-parse", "--show-toplevel"])?;
        let root = PathBuf::from(root.trim_end_matches(['\n', '\r']));
        let diff = git(
            &root,
            &[
                "-c",
                "core.quotePath=false",
                "diff",
                "--unified=0",
                "--no-color",
                "--no-ext-diff",
                "-M",
                reference,
                "--",
            ],
        )?;
        let mut changed = parse_diff(&root, &diff);
        let untracked = git(
            &root,
            &[
                "-c",
                "core.quotePath=false",
                "ls-files",
                "-z",
                "--others",
                "--exclude-standard",
            ],
        )?;
        for name in untracked.split('\0').filter(|n| !n.is_empty()) {
            changed.files.insert(root.join(name), FileChange::Whole);
        }
        Ok(changed)
    }

    /// Whether the file changed at all.
    pub fn file_changed(&self, path: &Path) -> bool {
        self.files.contains_key(&absolute(path))
    }

    /// Whether any line in `first..=last` of the file changed.
    pub fn lines_changed(&self, path: &Path, first: usize, last: usize) -> bool {
        match self.files.get(&absolute(path)) {
            None => false,
            Some(FileChange::Whole) => true,
            Some(FileChange::Lines(ranges)) => ranges.iter().any(|&(a, b)| a <= last && first <= b),
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

fn git(cwd: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(cwd)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| "git printed a path that is not UTF-8".to_string())
}

/// Parse a zero-context unified diff into added line ranges per file.
fn parse_diff(root: &Path, diff: &str) -> ChangedLines {
    let mut changed = ChangedLines::default();
    let mut current: Option<PathBuf> = None;
    for line in diff.lines() {
        if let Some(name) = line.strip_prefix("+++ ") {
            current = (name != "/dev/null").then(|| root.join(unquote(name).trim_start_matches("b/")));
            if let Some(path) = &current {
                changed.files.insert(canonical_or(path), FileChange::Lines(Vec::new()));
            }
        } else if let Some(rest) = line.strip_prefix("rename to ") {
            // A rename without content changes has no hunks but is still a changed file.
            let path = root.join(unquote(rest));
            changed
                .files
                .entry(canonical_or(&path))
                .or_insert(FileChange::Lines(Vec::new()));
        } else if line.starts_with("@@ ") {
            let (Some(path), Some((start, count))) = (&current, new_range(line)) else {
                continue;
            };
            if count == 0 {
                continue;
            }
            if let Some(FileChange::Lines(ranges)) = changed.files.get_mut(&canonical_or(path)) {
                ranges.push((start, start + count - 1));
            }
        }
    }
    changed
}

fn canonical_or(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `@@ -a,b +c,d @@` → `(c, d)` (`d` defaults to 1).
fn new_range(header: &str) -> Option<(usize, usize)> {
    let plus = header.split_whitespace().find(|part| part.starts_with('+'))?;
    let mut parts = plus[1..].splitn(2, ',');
    let start = parts.next()?.parse().ok()?;
    let count = parts.next().map_or(Some(1), |c| c.parse().ok())?;
    Some((start, count))
}

/// Undo git's C-style quoting of unusual paths (`"b/caf\303\251.md"`).
fn unquote(name: &str) -> String {
    let name = name.trim_end_matches('\t');
    let Some(inner) = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) else {
        return name.to_string();
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut chars = inner.bytes().peekable();
    while let Some(b) = chars.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match chars.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(d @ b'0'..=b'7') => {
                let mut value = u32::from(d - b'0');
                for _ in 0..2 {
                    if let Some(&next @ b'0'..=b'7') = chars.peek() {
                        value = value * 8 + u32::from(next - b'0');
                        chars.next();
                    }
                }
                bytes.push(value as u8);
            }
            Some(other) => bytes.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_and_quoting() {
        assert_eq!(new_range("@@ -3,0 +4,2 @@ heading"), Some((4, 2)));
        assert_eq!(new_range("@@ -3 +3 @@"), Some((3, 1)));
        assert_eq!(unquote("\"b/caf\\303\\251 x.md\""), "b/café x.md");
        let root = Path::new("/repo");
        let diff =
            "diff --git a/x y.md b/x y.md\n--- a/x y.md\n+++ b/x y.md\n@@ -1,0 +2,3 @@\n+a\n@@ -9 +12 @@\n-b\n+c\n";
        let changed = parse_diff(root, diff);
        assert_eq!(
            changed.files.get(Path::new("/repo/x y.md")),
            Some(&FileChange::Lines(vec![(2, 4), (12, 12)]))
        );
    }
}
