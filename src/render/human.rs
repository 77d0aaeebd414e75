//! `--format human`: annotated snippets (miette), a disclosure checklist per
//! treatment page, and a closing count.

use std::io::{self, Write};
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};

use super::snippet::{Snippet, Windowed};
use super::wrap::filled;

use super::{render_chunks, FileError, FileReport, Renderer, Summary, CHUNK, GROUP};
use crate::disclosure::DocumentVerdict;
use crate::finding::{Finding, FindingKind};
use crate::position::ColumnUnit;
use crate::rules::Severity;

/// Renders findings for a person at a terminal.
pub struct HumanRenderer {
    handler: GraphicalReportHandler,
    /// Also show dismissed matches and the document verdict.
    pub explain_context: bool,
    /// List active suppressions with their reasons.
    pub report_suppressions: bool,
    color: bool,
    /// Columns a report fills (the snippet's lines are cut to fit).
    width: usize,
}

impl HumanRenderer {
    pub fn new(color: bool, width: usize) -> Self {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        // Messages and help come filled (see `wrap`): miette only indents them.
        HumanRenderer {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_width(width)
                .with_wrap_lines(false)
                .with_context_lines(1),
            explain_context: false,
            report_suppressions: false,
            color,
            width,
        }
    }

    fn paint(&self, text: &str, code: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// One finding as a miette diagnostic.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
struct Report {
    message: String,
    code: String,
    severity: miette::Severity,
    src: Snippet,
    span: SourceSpan,
    label: String,
    help: Option<String>,
}

impl Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.label.clone()),
            self.span,
        ))))
    }
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

fn label(finding: &Finding) -> String {
    match finding.kind {
        FindingKind::Claim => finding.category.to_string(),
        FindingKind::Disclosure => "the disclosure belongs on this page".into(),
        FindingKind::Meta => "this comment".into(),
    }
}

/// "7 of 10 disclosures present (profile clinic-page); missing: course (maintenance), product, timeline"
fn checklist(document: &DocumentVerdict) -> String {
    let total = document.present.len() + document.missing.len();
    let profile = document
        .profile
        .as_deref()
        .map(|p| format!(" (profile {p})"))
        .unwrap_or_default();
    format!(
        "{} of {total} disclosure{} present{profile}; missing: {}",
        document.present.len(),
        if total == 1 { "" } else { "s" },
        document.missing_list()
    )
}

impl Renderer for HumanRenderer {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        self.write_file(out, report)
    }

    fn file_error(&mut self, _out: &mut dyn Write, _error: &FileError) -> io::Result<()> {
        // File errors go to standard error, written by the caller as they happen.
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let files = summary.files;
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        if summary.findings() == 0 {
            writeln!(
                out,
                "{} No findings in {}.",
                self.paint("✓", "32"),
                plural(files, "file")
            )
        } else {
            writeln!(
                out,
                "Found {}, {}, {} in {}.",
                self.paint(&plural(summary.errors, "error"), "31;1"),
                self.paint(&plural(summary.warnings, "warning"), "33;1"),
                plural(summary.infos, "info"),
                plural(files, "file")
            )
        }
    }
}

impl HumanRenderer {
    /// One finding's report: its message, snippet and help.
    fn write_finding(&self, out: &mut dyn Write, named: &Windowed, finding: &Finding) -> io::Result<()> {
        let help = match (&finding.suggestion, finding.kind) {
            (Some(s), _) => Some(format!("{s}\n(candor explain {})", finding.rule)),
            (None, FindingKind::Claim) => Some(format!("candor explain {}", finding.rule)),
            (None, _) => None,
        };
        // miette indents the message by four columns ("  × "), the help
        // by eight ("  help: "), within its width less two.
        let help = help.map(|help| filled(&help, self.width.saturating_sub(10)));
        let diagnostic = Report {
            message: filled(&finding.message, self.width.saturating_sub(6)),
            code: finding.rule.to_string(),
            severity: miette_severity(finding.severity),
            src: named.snippet(),
            span: SourceSpan::from(finding.span.range()),
            label: label(finding),
            help,
        };
        let mut rendered = String::new();
        self.handler
            .render_report(&mut rendered, &diagnostic)
            .map_err(|e| io::Error::other(e.to_string()))?;
        writeln!(out, "{rendered}")
    }

    /// What [`Renderer::file`] writes for `report`: it depends on the file
    /// alone, so a run may render files on the threads that lint them (see
    /// `cli::check`) and write the bytes in order.
    pub fn write_file(&self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let source = report.source;
        let output = report.output;
        if self.report_suppressions {
            for s in &output.suppressions {
                let at = source.locate(s.span, ColumnUnit::Chars);
                let names = if s.selectors.is_empty() {
                    "all rules".to_string()
                } else {
                    s.selectors.join(", ")
                };
                let reason = s.reason.as_deref().unwrap_or("(no reason given)");
                let count = s.suppressed;
                writeln!(
                    out,
                    "{}:{}:{}: suppression of {names} ({count} finding(s)): {reason}",
                    source.path, at.line, at.column
                )?;
            }
        }
        if output.findings.is_empty()
            && !(self.explain_context && (output.document.is_some() || !output.dismissed.is_empty()))
        {
            return Ok(());
        }
        let text: Arc<str> = Arc::from(source.text.as_str());
        let named = Windowed::new(source.path.clone(), source.format.to_string(), text, self.width);
        if output.findings.len() <= CHUNK {
            for finding in &output.findings {
                self.write_finding(out, &named, finding)?;
            }
        } else {
            for group in output.findings.chunks(GROUP) {
                let chunks = render_chunks(group, vec![(); group.len()], |chunk, _| {
                    let mut rendered = Vec::new();
                    for finding in chunk {
                        self.write_finding(&mut rendered, &named, finding)?;
                    }
                    Ok(rendered)
                });
                for (_, rendered) in chunks {
                    out.write_all(&rendered?)?;
                }
            }
        }
        if let Some(document) = output.document.as_ref().filter(|d| d.treatment_page) {
            if !document.missing.is_empty() {
                writeln!(out, "{}: {}\n", source.path, checklist(document))?;
            }
        }
        if self.explain_context {
            if let Some(document) = &output.document {
                writeln!(out, "{}: {}", source.path, document.reason)?;
                for (name, span) in &document.present {
                    let at = source.locate(*span, ColumnUnit::Chars);
                    writeln!(
                        out,
                        "{}:{}:{}: disclosure/{name} made here: {:?}",
                        source.path,
                        at.line,
                        at.column,
                        &source.text[span.range()]
                    )?;
                }
            }
            for dismissed in &output.dismissed {
                let at = source.locate(dismissed.span, ColumnUnit::Chars);
                writeln!(
                    out,
                    "{}:{}:{}: dismissed {} ({}): {:?}, trigger {:?}",
                    source.path,
                    at.line,
                    at.column,
                    dismissed.rule,
                    dismissed.context.as_str(),
                    &source.text[dismissed.span.range()],
                    dismissed.trigger
                )?;
            }
            writeln!(out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file with more findings than a group of chunks is rendered chunk by
    /// chunk on all cores, group after group, and reads as its findings
    /// rendered one by one, in order.
    #[test]
    fn many_findings_render_as_one_by_one() {
        let (source, output) = crate::render::many_findings();
        let human = HumanRenderer::new(false, 100);
        let mut whole = Vec::new();
        let report = FileReport {
            source: &source,
            output: &output,
        };
        human.write_file(&mut whole, &report).unwrap();
        let named = Windowed::new(
            source.path.clone(),
            source.format.to_string(),
            source.text.as_str().into(),
            100,
        );
        let mut one_by_one = Vec::new();
        for finding in &output.findings {
            human.write_finding(&mut one_by_one, &named, finding).unwrap();
        }
        if let Some(document) = output
            .document
            .as_ref()
            .filter(|d| d.treatment_page && !d.missing.is_empty())
        {
            writeln!(one_by_one, "{}: {}\n", source.path, checklist(document)).unwrap();
        }
        assert_eq!(
            String::from_utf8(whole).unwrap(),
            String::from_utf8(one_by_one).unwrap()
        );
    }
}
