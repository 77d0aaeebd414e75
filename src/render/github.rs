//! `--format github`: GitHub Actions workflow commands, one annotation per finding.
//!
//! `::error file=…,line=…,endLine=…,col=…,endColumn=…,title=…::message`, with
//! `::warning` and `::notice` for the lower severities. The runner splits a
//! command at `::` and its properties at `,`, so property values escape `:` and
//! `,` as well as the `%`, CR and LF that the message escapes (the escaping of
//! actions/toolkit's `command.ts`). Columns are counted in characters, as in the
//! JSON contract; GitHub accepts `col`/`endColumn` only for a one-line range.

use std::io::{self, Write};

use super::{message_with_suggestion, FileError, FileReport, Renderer, Summary};
use crate::position::ColumnUnit;
use crate::rules::Severity;

/// Streams one workflow command per finding and per unreadable file.
#[derive(Debug, Default)]
pub struct GithubRenderer;

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escape a command's message (the text after the second `::`).
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            _ => out.push(ch),
        }
    }
    out
}

/// Escape a property value (`file=…`, `title=…`).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl Renderer for GithubRenderer {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let source = report.source;
        let file = escape_property(&source.path);
        for finding in &report.output.findings {
            let at = source.locate(finding.span, ColumnUnit::Chars);
            write!(
                out,
                "::{} file={file},line={},endLine={}",
                command(finding.severity),
                at.line,
                at.end_line
            )?;
            if at.line == at.end_line {
                write!(out, ",col={},endColumn={}", at.column, at.end_column)?;
            }
            writeln!(
                out,
                ",title={}::{}",
                escape_property(&finding.rule),
                escape_data(&message_with_suggestion(finding))
            )?;
        }
        Ok(())
    }

    fn file_error(&mut self, out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        writeln!(
            out,
            "::error file={},title=candor::{}",
            escape_property(&error.path),
            escape_data(&error.message)
        )
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        // Annotations only: the exit code and the job log carry the verdict.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("100%: a, b\r\nc"), "100%25: a, b%0D%0Ac");
        assert_eq!(escape_property("docs/a: b, 100%.md"), "docs/a%3A b%2C 100%25.md");
        // `%` first, so an escape is never escaped twice.
        assert_eq!(escape_property("%3A"), "%253A");
    }
}
