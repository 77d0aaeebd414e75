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
}

/// Collects diagnostics (small) and writes one JSON document at the end.
#[derive(Default)]
pub struct JsonRenderer {
    diagnostics: Vec<Diagnostic>,
    errors: Vec<FileError>,
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
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
