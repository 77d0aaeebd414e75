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
use super::{message_with_suggestion, render_chunks, FileError, FileReport, Renderer, Summary, CHUNK, GROUP};
use crate::finding::Finding;
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

fn diagnostic(source: &SourceFile, finding: &Finding) -> Diagnostic {
    let suggestions = finding
        .fix
        .iter()
        .flat_map(|fix| &fix.edits)
        .map(|edit| Suggestion {
            range: range(source, edit.span),
            text: edit.replacement.clone(),
        })
        .collect();
    Diagnostic {
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
    }
}

impl Renderer for RdjsonRenderer {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let source = report.source;
        let findings = &report.output.findings;
        if findings.len() <= CHUNK {
            for finding in findings {
                self.diagnostics.push(out, &diagnostic(source, finding))?;
            }
            return Ok(());
        }
        let indent = self.diagnostics.indent();
        for group in findings.chunks(GROUP) {
            let chunks = render_chunks(group, vec![(); group.len()], |chunk, _| {
                PrettyArray::render(indent, chunk.iter().map(|finding| diagnostic(source, finding)))
            });
            for (count, rendered) in chunks {
                self.diagnostics.push_rendered(out, &rendered?, count)?;
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A file with more diagnostics than a group of chunks, serialised chunk
    /// by chunk on all cores, reads as the same diagnostics serialised one by
    /// one, in order.
    #[test]
    fn many_diagnostics_serialise_as_one_by_one() {
        let (source, output) = crate::render::many_findings();
        let report = FileReport {
            source: &source,
            output: &output,
        };
        let mut chunked = Vec::new();
        let mut renderer = RdjsonRenderer::default();
        renderer.file(&mut chunked, &report).unwrap();
        renderer.finish(&mut chunked, &Summary::default()).unwrap();
        let mut one_by_one = Vec::new();
        let mut renderer = RdjsonRenderer::default();
        for finding in &output.findings {
            renderer
                .diagnostics
                .push(&mut one_by_one, &diagnostic(&source, finding))
                .unwrap();
        }
        renderer.finish(&mut one_by_one, &Summary::default()).unwrap();
        assert_eq!(
            String::from_utf8(chunked).unwrap(),
            String::from_utf8(one_by_one).unwrap()
        );
    }
}
