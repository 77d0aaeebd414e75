//! `findings.csv`: one row per finding, RFC 4180 quoting, for spreadsheets.

use std::io::{self, Write};

use crate::audit::Audit;

/// The header row.
pub const COLUMNS: [&str; 11] = [
    "site",
    "page",
    "path_or_url",
    "line",
    "column",
    "rule",
    "category",
    "severity",
    "message",
    "suggestion",
    "sentence",
];

/// Write `findings.csv`: pages in report order, findings in position order.
/// `page` is the page's title (its address when it has none); `sentence` is
/// the offending sentence of a claim, empty for a missing disclosure.
pub fn write(audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(COLUMNS)?;
    for (page, audited, f) in audit.findings() {
        let sentence = f.excerpt.as_ref().map(|e| e.sentence()).unwrap_or_default();
        writer.write_record([
            page.site.as_str(),
            audited.label(&page.address),
            page.address.as_str(),
            &f.location.line.to_string(),
            &f.location.column.to_string(),
            &f.finding.rule,
            &f.finding.category,
            f.finding.severity.as_str(),
            &f.finding.message,
            f.finding.suggestion.as_deref().unwrap_or(""),
            &sentence,
        ])?;
    }
    writer.flush()
}
