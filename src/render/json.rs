//! `--format json`: the machine-readable contract of TAXONOMY.md.

use std::io::{self, Write};

use serde::Serialize;

use super::{FileError, FileReport, Renderer, Summary};
use crate::position::ColumnUnit;
use crate::source::Location;

#[derive(Serialize)]
struct Diagnostic {
    path: String,
    rule: String,
    category: String,
    severity: &'static str,
    message: String,
    span: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<String>,
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: &'a [Diagnostic],
    summary: &'a Summary,
    #[serde(skip_serializing_if = "<[FileError]>::is_empty")]
    errors: &'a [FileError],
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<&'a [Suppression]>,
}

/// An active suppression, listed with `--report-suppressions`.
#[derive(Serialize)]
struct Suppression {
    path: String,
    span: Location,
    selectors: Vec<String>,
    reason: Option<String>,
    suppressed: usize,
}

/// Collects diagnostics (small) and writes one JSON document at the end.
#[derive(Default)]
pub struct JsonRenderer {
    diagnostics: Vec<Diagnostic>,
    errors: Vec<FileError>,
    suppressions: Vec<Suppression>,
    /// Add a `suppressions` list (only then is the key present).
    pub report_suppressions: bool,
}

impl Renderer for JsonRenderer {
    fn file(&mut self, _out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        for finding in &report.output.findings {
            self.diagnostics.push(Diagnostic {
                path: report.source.path.clone(),
                rule: finding.rule.clone(),
                category: finding.category.clone(),
                severity: finding.severity.as_str(),
                message: finding.message.clone(),
                span: report.source.locate(finding.span, ColumnUnit::Chars),
                suggestion: finding.suggestion.clone(),
            });
        }
        if self.report_suppressions {
            for s in &report.output.suppressions {
                self.suppressions.push(Suppression {
                    path: report.source.path.clone(),
                    span: report.source.locate(s.span, ColumnUnit::Chars),
                    selectors: s.selectors.clone(),
                    reason: s.reason.clone(),
                    suppressed: s.suppressed,
                });
            }
        }
        Ok(())
    }

    fn file_error(&mut self, _out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        self.errors.push(error.clone());
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let doc = Document {
            version: 1,
            diagnostics: &self.diagnostics,
            summary,
            errors: &self.errors,
            suppressions: self.report_suppressions.then_some(self.suppressions.as_slice()),
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
