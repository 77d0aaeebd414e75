//! Applying fixes: choosing edits by safety, resolving overlaps, and writing
//! the result atomically without ever losing the user's text.
//!
//! Edits are applied in source order; an edit that overlaps one already taken
//! is skipped (the earlier start wins, then the rule id), so the outcome is
//! deterministic. A file is written through a temporary file in its own
//! folder, then renamed over the original, keeping its permissions; it is not
//! written when its bytes on disk changed since they were read.

use std::io::Write;
use std::path::Path;

use crate::finding::{Edit, Finding};
use crate::rules::FixSafety;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// Only `safe` fixes (`--fix`).
    Safe,
    /// `safe` and `unsafe` fixes (`--unsafe-fixes`).
    Unsafe,
}

impl Applicability {
    pub fn allows(self, safety: FixSafety) -> bool {
        match safety {
            FixSafety::Safe => true,
            FixSafety::Unsafe => self == Applicability::Unsafe,
            FixSafety::DisplayOnly => false,
        }
    }
}

/// The edits of `findings` that `applicability` allows, in application order,
/// with overlapping ones dropped.
pub fn select_edits(findings: &[Finding], applicability: Applicability) -> Vec<Edit> {
    let mut edits: Vec<(Edit, &str)> = findings
        .iter()
        .filter_map(|f| {
            f.fix
                .as_ref()
                .filter(|fix| applicability.allows(fix.safety))
                .map(|fix| (fix, &*f.rule))
        })
        .flat_map(|(fix, rule)| fix.edits.iter().map(move |e| (e.clone(), rule)))
        .collect();
    edits.sort_by(|(a, ra), (b, rb)| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(a.span.end.cmp(&b.span.end))
            .then(ra.cmp(rb))
    });
    let mut taken: Vec<Edit> = Vec::with_capacity(edits.len());
    for (edit, _) in edits {
        if taken
            .last()
            .is_none_or(|last| last.span.end <= edit.span.start && last.span != edit.span)
        {
            taken.push(edit);
        }
    }
    taken
}

/// `text` with `edits` (sorted, non-overlapping) applied.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Why a fixed file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the file changed on disk since it was read; not written (run candor again)")]
    Changed,
    #[error("cannot write: {0}")]
    Io(#[from] std::io::Error),
}

/// Replace `path`'s contents with `new` if they are still `original`:
/// a temporary file in the same folder, permissions copied, then a rename.
pub fn write_atomic(path: &Path, original: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let current = std::fs::read(path)?;
    if current != original {
        return Err(WriteError::Changed);
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(path)?.permissions();
    let mut temp = tempfile::Builder::new().prefix(".candor-fix-").tempfile_in(dir)?;
    temp.write_all(new)?;
    temp.as_file().sync_all()?;
    temp.as_file().set_permissions(permissions)?;
    temp.persist(path).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

/// A unified diff of a fix, headed with the path.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{FindingKind, Fix};
    use crate::position::Span;
    use crate::rules::Severity;

    fn finding(rule: &str, start: usize, end: usize, replacement: &str, safety: FixSafety) -> Finding {
        Finding {
            rule: rule.into(),
            category: "guarantee".into(),
            severity: Severity::Error,
            kind: FindingKind::Claim,
            message: "".into(),
            span: Span::new(start, end),
            sentence: Span::new(start, end),
            suggestion: None,
            fix: Some(Fix {
                safety,
                edits: vec![Edit {
                    span: Span::new(start, end),
                    replacement: replacement.into(),
                }],
            }),
        }
    }

    #[test]
    fn overlaps_resolve_deterministically_and_safety_filters() {
        let text = "a permanent cure, 😀 guaranteed";
        let cure = text.find("cure").unwrap();
        let findings = vec![
            finding("guarantee/b", 2, cure + 4, "lasting treatment", FixSafety::Unsafe),
            finding("guarantee/a", cure, cure + 4, "treatment", FixSafety::Safe),
            finding("guarantee/c", text.len() - 10, text.len(), "expected", FixSafety::Safe),
        ];
        let safe = select_edits(&findings, Applicability::Safe);
        assert_eq!(apply_edits(text, &safe), "a permanent treatment, 😀 expected");
        let all = select_edits(&findings, Applicability::Unsafe);
        assert_eq!(apply_edits(text, &all), "a lasting treatment, 😀 expected");
    }

    #[test]
    fn atomic_write_refuses_a_changed_file_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        assert!(matches!(
            write_atomic(&path, b"stale", b"new"),
            Err(WriteError::Changed)
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        write_atomic(&path, b"old", b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        }
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left behind"
        );
    }
}
