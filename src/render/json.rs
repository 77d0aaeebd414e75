//! `--format json`: the machine-readable contract of TAXONOMY.md.

use std::io::{self, Write};

use serde::Serialize;

use super::{FileError, FileReport, Renderer, Summary};
use crate::position::ColumnUnit;
use crate::source::Location;

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
    /// Write one element of the `diagnostics` array as `serde_json`'s pretty
    /// printer would (the element sits two levels deep): by hand, since a
    /// run may write hundreds of thousands and the layout is fixed.
    fn diagnostic(&mut self, out: &mut dyn Write, d: &Diagnostic<'_>) -> io::Result<()> {
        let buf = &mut self.buf;
        buf.clear();
        buf.extend_from_slice(if self.written == 0 { HEAD.as_bytes() } else { b"," });
        self.written += 1;
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
        out.write_all(buf)
    }
}

impl Renderer for JsonRenderer {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        for finding in &report.output.findings {
            let diagnostic = Diagnostic {
                path: &report.source.path,
                rule: &finding.rule,
                category: &finding.category,
                severity: finding.severity.as_str(),
                message: &finding.message,
                span: report.source.locate(finding.span, ColumnUnit::Chars),
                suggestion: finding.suggestion.as_deref(),
            };
            self.diagnostic(out, &diagnostic)?;
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
