//! `--format json`: the machine-readable contract of TAXONOMY.md.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use super::{FileError, FileReport, Renderer, Summary};
use crate::finding::Finding;
use crate::position::ColumnUnit;
use crate::source::Location;

/// A file with at least this many findings is rendered on all cores, this
/// many at a time (so the text held at once stays a few megabytes). A
/// run-on page can carry hundreds of thousands, which the main thread
/// rendered alone after the workers had linted the page, while they idled:
/// the 10 MB one-line file's 488,062 took 380 ms so, 190 ms on two cores.
const PARALLEL_FINDINGS: usize = 8192;

/// Findings rendered by one task of a parallel window.
const TASK_FINDINGS: usize = 512;

#[derive(Serialize)]
struct Diagnostic<'a> {
    path: &'a str,
    rule: &'a str,
    category: &'a str,
    severity: &'static str,
    message: &'a str,
    span: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a str>,
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

/// Writes diagnostics as each file arrives, so memory holds one file's
/// findings rather than the run's; the summary, any unreadable files and
/// suppressions (few) follow at the end. The bytes are exactly those of
/// serializing the whole document at once with `serde_json`'s pretty printer.
#[derive(Default)]
pub struct JsonRenderer {
    /// Diagnostics written so far.
    written: usize,
    /// One diagnostic, serialized (reused).
    buf: Vec<u8>,
    errors: Vec<FileError>,
    suppressions: Vec<Suppression>,
    /// Add a `suppressions` list (only then is the key present).
    pub report_suppressions: bool,
}

/// Everything after the diagnostics, serialized together.
#[derive(Serialize)]
struct Tail<'a> {
    summary: &'a Summary,
    #[serde(skip_serializing_if = "<[FileError]>::is_empty")]
    errors: &'a [FileError],
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<&'a [Suppression]>,
}

const HEAD: &str = "{\n  \"version\": 1,\n  \"diagnostics\": [";

impl JsonRenderer {
    /// Write one diagnostic, the document's head before the first.
    fn diagnostic(&mut self, out: &mut dyn Write, d: &Diagnostic<'_>) -> io::Result<()> {
        self.buf.clear();
        write_diagnostic(&mut self.buf, d, self.written == 0)?;
        self.written += 1;
        out.write_all(&self.buf)
    }

    /// The findings of `report`, in order: one by one, or a window at a
    /// time on all cores when there are `parallel_from` or more.
    fn findings(&mut self, out: &mut dyn Write, report: &FileReport<'_>, parallel_from: usize) -> io::Result<()> {
        let findings = &report.output.findings;
        if findings.len() < parallel_from {
            for finding in findings {
                self.diagnostic(out, &diagnostic_of(report, finding))?;
            }
            return Ok(());
        }
        for window in findings.chunks(parallel_from) {
            let first = self.written == 0;
            let parts: Vec<io::Result<Vec<u8>>> = window
                .par_chunks(TASK_FINDINGS)
                .enumerate()
                .map(|(task, chunk)| {
                    let mut buf = Vec::new();
                    for (i, finding) in chunk.iter().enumerate() {
                        let head = first && task == 0 && i == 0;
                        write_diagnostic(&mut buf, &diagnostic_of(report, finding), head)?;
                    }
                    Ok(buf)
                })
                .collect();
            for part in parts {
                out.write_all(&part?)?;
            }
            self.written += window.len();
        }
        Ok(())
    }
}

fn diagnostic_of<'a>(report: &'a FileReport<'_>, finding: &'a Finding) -> Diagnostic<'a> {
    Diagnostic {
        path: &report.source.path,
        rule: &finding.rule,
        category: &finding.category,
        severity: finding.severity.as_str(),
        message: &finding.message,
        span: report.source.locate(finding.span, ColumnUnit::Chars),
        suggestion: finding.suggestion.as_deref(),
    }
}

/// Append one element of the `diagnostics` array to `buf`, after the
/// document's head if it is the `first`, else after a comma, as
/// `serde_json`'s pretty printer would lay it out (two levels deep): by
/// hand, since a run may write hundreds of thousands and the layout is
/// fixed.
fn write_diagnostic(buf: &mut Vec<u8>, d: &Diagnostic<'_>, first: bool) -> io::Result<()> {
    buf.extend_from_slice(if first { HEAD.as_bytes() } else { b"," });
    let fields = [
        ("path", d.path),
        ("rule", d.rule),
        ("category", d.category),
        ("severity", d.severity),
        ("message", d.message),
    ];
    for (i, (key, value)) in fields.into_iter().enumerate() {
        buf.extend_from_slice(if i == 0 { b"\n    {\n      \"" } else { b",\n      \"" });
        buf.extend_from_slice(key.as_bytes());
        buf.extend_from_slice(b"\": ");
        serde_json::to_writer(&mut *buf, value)?;
    }
    let span = &d.span;
    let numbers = [
        ("start", span.start),
        ("end", span.end),
        ("line", span.line),
        ("column", span.column),
        ("end_line", span.end_line),
        ("end_column", span.end_column),
    ];
    for (i, (key, value)) in numbers.into_iter().enumerate() {
        let open: &[u8] = if i == 0 {
            b",\n      \"span\": {\n        \""
        } else {
            b",\n        \""
        };
        buf.extend_from_slice(open);
        write!(buf, "{key}\": {value}")?;
    }
    buf.extend_from_slice(b"\n      }");
    if let Some(suggestion) = d.suggestion {
        buf.extend_from_slice(b",\n      \"suggestion\": ");
        serde_json::to_writer(&mut *buf, suggestion)?;
    }
    buf.extend_from_slice(b"\n    }");
    Ok(())
}

impl Renderer for JsonRenderer {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        self.findings(out, report, PARALLEL_FINDINGS)?;
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
        if self.written == 0 {
            out.write_all(HEAD.as_bytes())?;
            out.write_all(b"],\n")?;
        } else {
            out.write_all(b"\n  ],\n")?;
        }
        let tail = serde_json::to_string_pretty(&Tail {
            summary,
            errors: &self.errors,
            suppressions: self.report_suppressions.then_some(self.suppressions.as_slice()),
        })?;
        // The tail's own braces are the document's: keep what is between them.
        let inner = tail
            .strip_prefix("{\n")
            .and_then(|t| t.strip_suffix("\n}"))
            .expect("a struct serializes as a non-empty object");
        out.write_all(inner.as_bytes())?;
        out.write_all(b"\n}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Location;

    /// The document as the renderer used to write it: all at once.
    #[derive(Serialize)]
    struct Document<'a> {
        version: u32,
        diagnostics: &'a [Diagnostic<'a>],
        summary: &'a Summary,
        #[serde(skip_serializing_if = "<[FileError]>::is_empty")]
        errors: &'a [FileError],
        #[serde(skip_serializing_if = "Option::is_none")]
        suppressions: Option<&'a [Suppression]>,
    }

    fn diagnostic(i: usize) -> Diagnostic<'static> {
        let path: &'static str = ["pages/ü 0.md", "pages/ü 1.md", "pages/ü 2.md"][i % 3];
        Diagnostic {
            path,
            rule: "guarantee/no-downtime",
            category: "guarantee",
            severity: "error",
            message: "says \"no downtime\"\n\tand more",
            span: Location {
                start: i,
                end: i + 3,
                line: 1,
                column: 2,
                end_line: 1,
                end_column: 5,
            },
            suggestion: i.is_multiple_of(2).then_some("Expect redness for 24-48 hours."),
        }
    }

    fn streamed(diagnostics: &[Diagnostic], errors: &[FileError], suppressions: Option<Vec<Suppression>>) -> String {
        let mut renderer = JsonRenderer {
            report_suppressions: suppressions.is_some(),
            suppressions: suppressions.unwrap_or_default(),
            errors: errors.to_vec(),
            ..JsonRenderer::default()
        };
        let mut out = Vec::new();
        for d in diagnostics {
            renderer.diagnostic(&mut out, d).unwrap();
        }
        renderer.finish(&mut out, &Summary::default()).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn whole(diagnostics: &[Diagnostic], errors: &[FileError], suppressions: Option<&[Suppression]>) -> String {
        let doc = Document {
            version: 1,
            diagnostics,
            summary: &Summary::default(),
            errors,
            suppressions,
        };
        serde_json::to_string_pretty(&doc).unwrap() + "\n"
    }

    /// A file's findings rendered a window at a time on all cores are the
    /// bytes rendered one by one: windows of several tasks, a short last
    /// window, and a file after them.
    #[test]
    fn parallel_windows_write_the_same_bytes() {
        use crate::finding::{Finding, FindingKind};
        use crate::lint::LintOutput;
        use crate::position::Span;
        use crate::rules::Severity;
        use crate::source::{Format, SourceFile};

        let line = "Regrowth in 4 weeks, «guaranteed».\n";
        let source = SourceFile::from_text("pages/ü.md", Format::Markdown, line.repeat(1100));
        let findings = (0..1100)
            .map(|i| {
                let at = i * line.len();
                Finding {
                    rule: "early-results/visible-before-8-weeks".into(),
                    category: "early-results".into(),
                    severity: Severity::Error,
                    kind: FindingKind::Claim,
                    message: format!("finding {i}: \"quoted\"").into(),
                    span: Span::new(at + 12, at + 19),
                    sentence: Span::new(at, at + line.len() - 1),
                    suggestion: i.is_multiple_of(3).then(|| "Expect new growth at 8-12 weeks.".into()),
                    fix: None,
                }
            })
            .collect();
        let output = LintOutput {
            findings,
            ..LintOutput::default()
        };
        let report = FileReport {
            source: &source,
            output: &output,
        };
        let render = |parallel_from: usize| {
            let mut renderer = JsonRenderer::default();
            let mut out = Vec::new();
            renderer.findings(&mut out, &report, parallel_from).unwrap();
            renderer.findings(&mut out, &report, usize::MAX).unwrap();
            renderer.finish(&mut out, &Summary::default()).unwrap();
            String::from_utf8(out).unwrap()
        };
        let one_by_one = render(usize::MAX);
        assert_eq!(render(1030), one_by_one);
        assert_eq!(render(1), one_by_one);
        let parsed: serde_json::Value = serde_json::from_str(&one_by_one).unwrap();
        assert_eq!(parsed["diagnostics"].as_array().unwrap().len(), 2200);
        assert_eq!(parsed["diagnostics"][1099]["message"], "finding 1099: \"quoted\"");
    }

    #[test]
    fn streaming_writes_the_bytes_of_the_whole_document() {
        let error = FileError {
            path: "bad.md".into(),
            message: "not UTF-8".into(),
        };
        for n in [0, 1, 3] {
            let diagnostics: Vec<Diagnostic> = (0..n).map(diagnostic).collect();
            assert_eq!(
                streamed(&diagnostics, &[], None),
                whole(&diagnostics, &[], None),
                "{n} diagnostics"
            );
            let errors = std::slice::from_ref(&error);
            assert_eq!(streamed(&diagnostics, errors, None), whole(&diagnostics, errors, None));
            let listed = || {
                vec![Suppression {
                    path: "a.md".into(),
                    span: diagnostic(0).span,
                    selectors: vec!["guarantee".into()],
                    reason: Some("quoted".into()),
                    suppressed: 2,
                }]
            };
            assert_eq!(
                streamed(&diagnostics, &[], Some(listed())),
                whole(&diagnostics, &[], Some(&listed()))
            );
            assert_eq!(
                streamed(&diagnostics, &[], Some(Vec::new())),
                whole(&diagnostics, &[], Some(&[]))
            );
        }
    }
}
