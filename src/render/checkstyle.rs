//! `--format checkstyle`: Checkstyle XML, the lingua franca of CI lint reports.
//!
//! `<checkstyle version="4.3">` holds one `<file name=…>` per linted file (files
//! without findings too, as Checkstyle itself writes them) and one
//! `<error line column severity message source/>` per finding, `source` being
//! the rule id. Columns are characters, as in the JSON contract. A file that
//! could not be read gets one `<error>` without a position, so CI shows it.

use std::io::{self, Write};

use super::{message_with_suggestion, xml, FileError, FileReport, Renderer, Summary};
use crate::position::ColumnUnit;

/// Streams the XML file by file.
#[derive(Debug, Default)]
pub struct CheckstyleRenderer {
    started: bool,
}

impl CheckstyleRenderer {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
            writeln!(out, r#"<checkstyle version="4.3">"#)?;
        }
        Ok(())
    }
}

impl Renderer for CheckstyleRenderer {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        self.start(out)?;
        let source = report.source;
        let findings = &report.output.findings;
        if findings.is_empty() {
            return writeln!(out, r#"  <file name="{}"/>"#, xml::attr(&source.path));
        }
        writeln!(out, r#"  <file name="{}">"#, xml::attr(&source.path))?;
        for finding in findings {
            let at = source.locate(finding.span, ColumnUnit::Chars);
            writeln!(
                out,
                r#"    <error line="{}" column="{}" severity="{}" message="{}" source="{}"/>"#,
                at.line,
                at.column,
                finding.severity.as_str(),
                xml::attr(&message_with_suggestion(finding)),
                xml::attr(&finding.rule)
            )?;
        }
        writeln!(out, "  </file>")
    }

    fn file_error(&mut self, out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        self.start(out)?;
        writeln!(out, r#"  <file name="{}">"#, xml::attr(&error.path))?;
        writeln!(
            out,
            r#"    <error severity="error" message="{}" source="candor"/>"#,
            xml::attr(&error.message)
        )?;
        writeln!(out, "  </file>")
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.start(out)?;
        writeln!(out, "</checkstyle>")
    }
}
