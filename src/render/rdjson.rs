//! `--format rdjson`: reviewdog's Diagnostic Format (`DiagnosticResult`, rdjson).
//!
//! Field names follow reviewdog's proto/rdf/reviewdog.proto and its JSON
//! schema: `{source: {name}, diagnostics: [{message, location: {path, range:
//! {start: {line, column}, end}}, severity, code: {value}, suggestions}]}`.
//! Columns there are 1-based UTF-8 byte counts and the end is exclusive, which
//! is `ColumnUnit::Bytes` here. reviewdog posts `suggestions` as code
//! suggestions a reviewer commits with one click, so only a finding's real fix
//! edits become suggestions; a rule's advice (prose, not a replacement for the
//! span) goes into the message.

use std::io::{self, Write};

use serde::Serialize;

use super::stream::PrettyArray;
use super::{message_with_suggestion, FileError, FileReport, Renderer, Summary};
use crate::position::ColumnUnit;
use crate::rules::Severity;
use crate::source::{Location as Located, SourceFile};

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Location {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<Range>,
}

#[derive(Serialize)]
struct Code {
    value: String,
}

#[derive(Serialize)]
struct Suggestion {
    range: Range,
    text: String,
}

#[derive(Serialize)]
struct Diagnostic {
    message: String,
    location: Location,
    severity: &'static str,
    code: Code,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<Suggestion>,
}

/// Writes one `DiagnosticResult`, its diagnostics as each file is reported
/// (memory holds a file's, not a run's).
pub struct RdjsonRenderer {
    diagnostics: PrettyArray,
}

impl Default for RdjsonRenderer {
    fn default() -> Self {
        // The result up to its diagnostics, as serde_json's pretty printer lays it out.
        let head = "{\n  \"source\": {\n    \"name\": \"candor\"\n  },\n  \"diagnostics\": [";
        RdjsonRenderer {
            diagnostics: PrettyArray::new(head.into(), "    "),
        }
    }
}

/// The proto enum's name, as protojson writes it.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

fn range(source: &SourceFile, span: crate::position::Span) -> Range {
    let at: Located = source.locate(span, ColumnUnit::Bytes);
    Range {
        start: Position {
            line: at.line,
            column: at.column,
        },
        end: Position {
            line: at.end_line,
            column: at.end_column,
        },
    }
}

impl Renderer for RdjsonRenderer {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let source = report.source;
        for finding in &report.output.findings {
            let suggestions = finding
                .fix
                .iter()
                .flat_map(|fix| &fix.edits)
                .map(|edit| Suggestion {
                    range: range(source, edit.span),
                    text: edit.replacement.clone(),
                })
                .collect();
            let diagnostic = Diagnostic {
                message: message_with_suggestion(finding),
                location: Location {
                    path: source.path.clone(),
                    range: Some(range(source, finding.span)),
                },
                severity: severity(finding.severity),
                code: Code {
                    value: finding.rule.to_string(),
                },
                suggestions,
            };
            self.diagnostics.push(out, &diagnostic)?;
        }
        Ok(())
    }

    fn file_error(&mut self, out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        let diagnostic = Diagnostic {
            message: error.message.clone(),
            location: Location {
                path: error.path.clone(),
                range: None,
            },
            severity: "ERROR",
            code: Code { value: "candor".into() },
            suggestions: Vec::new(),
        };
        self.diagnostics.push(out, &diagnostic)
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.diagnostics.close(out)?;
        writeln!(out, "\n}}")
    }
}
