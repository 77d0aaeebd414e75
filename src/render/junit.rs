//! `--format junit`: JUnit XML, the test report GitLab, Jenkins and Azure read.
//!
//! One `<testsuite name="candor">` with one `<testcase>` per linted file
//! (`classname` and `name` are the path): a file without findings passes, each
//! finding is a `<failure>` (`message` = rule and message, `type` = severity,
//! the body gives the location, the claim's text and the suggestion), and a file
//! that could not be read is an `<error>`. The counts on the suite count test
//! cases, so `tests - failures - errors` is the number of clean files.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};

use super::{xml, FileError, FileReport, Renderer, Summary};
use crate::finding::FindingKind;
use crate::position::ColumnUnit;

/// Writes the test cases to an anonymous temporary file as files are
/// reported, then the suite with its counts (which open the document)
/// around them: memory holds a file's cases, not a run's.
#[derive(Debug, Default)]
pub struct JunitRenderer {
    cases: Option<BufWriter<File>>,
    tests: usize,
    failures: usize,
    errors: usize,
}

impl JunitRenderer {
    /// The spool, created on first use (in the system's temporary folder;
    /// it has no name and is gone when the run ends).
    fn cases(&mut self) -> io::Result<&mut BufWriter<File>> {
        let cases = match self.cases.take() {
            Some(cases) => cases,
            None => BufWriter::new(tempfile::tempfile().map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("cannot create a temporary file for the JUnit report: {e}"),
                )
            })?),
        };
        Ok(self.cases.insert(cases))
    }

    fn open_case(&mut self, path: &str) -> io::Result<()> {
        let path = xml::attr(path);
        write!(
            self.cases()?,
            r#"    <testcase name="{path}" classname="{path}" file="{path}""#
        )
    }
}

impl Renderer for JunitRenderer {
    fn file(&mut self, _out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let source = report.source;
        let findings = &report.output.findings;
        self.tests += 1;
        self.open_case(&source.path)?;
        if findings.is_empty() {
            return self.cases()?.write_all(b"/>\n");
        }
        self.failures += 1;
        self.cases()?.write_all(b">\n")?;
        for finding in findings {
            let at = source.locate(finding.span, ColumnUnit::Chars);
            let mut body = format!(
                "{}:{}:{}: {} [{}]\n{}\n",
                source.path, at.line, at.column, finding.severity, finding.rule, finding.message
            );
            if finding.kind == FindingKind::Claim {
                let _ = writeln!(body, "Flagged: {}", &source.text[finding.span.range()]);
            }
            if let Some(suggestion) = &finding.suggestion {
                let _ = writeln!(body, "Suggestion: {suggestion}");
            }
            writeln!(
                self.cases()?,
                r#"      <failure message="{}" type="{}">{}</failure>"#,
                xml::attr(&format!("{}: {}", finding.rule, finding.message)),
                finding.severity,
                xml::text(&body)
            )?;
        }
        self.cases()?.write_all(b"    </testcase>\n")
    }

    fn file_error(&mut self, _out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        self.tests += 1;
        self.errors += 1;
        self.open_case(&error.path)?;
        writeln!(
            self.cases()?,
            ">\n      <error message=\"{}\" type=\"unreadable\"/>\n    </testcase>",
            xml::attr(&error.message)
        )
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        let counts = format!(
            r#"tests="{}" failures="{}" errors="{}""#,
            self.tests, self.failures, self.errors
        );
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<testsuites name="candor" {counts}>"#)?;
        writeln!(out, r#"  <testsuite name="candor" {counts} skipped="0">"#)?;
        if let Some(cases) = self.cases.take() {
            let mut file = cases.into_inner().map_err(io::IntoInnerError::into_error)?;
            file.rewind()?;
            io::copy(&mut file, out)?;
        }
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")
    }
}
