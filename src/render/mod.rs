//! Renderers: one output format per module, all fed the same findings.
//!
//! A run calls [`Renderer::file`] once per linted file in sorted path order
//! (files that could not be read go to [`Renderer::file_error`] in the same
//! order), then [`Renderer::finish`] with the totals. Renderers are leaves:
//! they turn findings into bytes and never reach back into matching.

pub mod checkstyle;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod rdjson;
pub mod sarif;
mod snippet;
mod stream;
mod wrap;
mod xml;

use std::io::{self, Write};

use rayon::prelude::*;

use crate::finding::Finding;
use crate::lint::LintOutput;
use crate::rules::Severity;
use crate::source::SourceFile;

/// One linted file, as renderers see it.
pub struct FileReport<'a> {
    pub source: &'a SourceFile,
    pub output: &'a LintOutput,
}

/// A file that could not be linted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

/// Totals for the end of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    #[serde(skip)]
    pub unreadable: usize,
    /// Findings fixed by `--fix` (counted before re-linting).
    #[serde(skip)]
    pub fixed: usize,
}

impl Summary {
    pub fn count(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// A finding's message with its suggestion on a second line, for formats
/// that have one text field per finding (CI annotations, XML attributes).
pub fn message_with_suggestion(finding: &Finding) -> String {
    match &finding.suggestion {
        Some(suggestion) => format!("{}\nSuggestion: {suggestion}", finding.message),
        None => finding.message.to_string(),
    }
}

/// A file with more findings than this renders them in chunks of this many
/// on all cores; fewer, on the one thread that renders the file.
pub(crate) const CHUNK: usize = 1024;

/// Findings rendered, in chunks, before they are written: what memory holds
/// of a file's output (~11 MB of human output on the 10 MB one-line file,
/// ~60 MB of SARIF, whose results carry its 2 KB run-on sentence).
pub(crate) const GROUP: usize = 16 * CHUNK;

/// `group`'s chunks of [`CHUNK`] findings rendered on all cores, each with
/// its share of `prepared` (one per finding), in order, with how many
/// findings each holds.
pub(crate) fn render_chunks<T: Sync, P: Send>(
    group: &[T],
    prepared: Vec<P>,
    render: impl Fn(&[T], Vec<P>) -> io::Result<Vec<u8>> + Sync,
) -> Vec<(usize, io::Result<Vec<u8>>)> {
    (group.par_chunks(CHUNK))
        .zip(prepared.into_par_iter().chunks(CHUNK))
        .map(|(chunk, prepared)| (chunk.len(), render(chunk, prepared)))
        .collect()
}

/// A page with more findings than a group of chunks, linted with the
/// default rules, for the tests of rendering in chunks.
#[cfg(test)]
pub(crate) fn many_findings() -> (SourceFile, LintOutput) {
    let text = "Guaranteed regrowth in 4 weeks, with no side effects.\n\n".repeat((GROUP + CHUNK) / 3 + 7);
    let source = SourceFile::from_bytes("page.md".into(), crate::source::Format::Markdown, text.into_bytes())
        .expect("the page decodes");
    let output = crate::lint::lint(
        &source,
        &crate::RuleSet::embedded(),
        &crate::lint::LintOptions::default(),
    );
    assert!(
        output.findings.len() > GROUP + CHUNK,
        "{} findings",
        output.findings.len()
    );
    (source, output)
}

/// An output format.
pub trait Renderer {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()>;

    fn file_error(&mut self, _out: &mut dyn Write, _error: &FileError) -> io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}
