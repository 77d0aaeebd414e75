//! Writing an audit to a folder: `report.html` for the client, `findings.csv`
//! for spreadsheets and `audit.json` for machines. Each writer is a leaf that
//! reads the [`Audit`] and writes bytes.

pub mod csv;
pub mod html;
pub mod json;

use std::io;
use std::path::{Path, PathBuf};

use super::Audit;

/// The files an audit writes, by name.
pub const REPORT_HTML: &str = "report.html";
pub const FINDINGS_CSV: &str = "findings.csv";
pub const AUDIT_JSON: &str = "audit.json";

/// What the report says about its own making, and how much of the audit
/// report.html details.
#[derive(Debug, Clone)]
pub struct ReportMeta {
    /// The day the report was made (UTC, `YYYY-MM-DD`).
    pub date: String,
    pub version: String,
    /// Pages per site whose findings report.html shows one by one, worst
    /// first. The ranking lists every page, and findings.csv and
    /// audit.json hold every finding: a site of 17,000 pages made a 159 MB
    /// report.html that no client reads and a browser opens slowly.
    pub detail_pages: usize,
}

/// [`ReportMeta::detail_pages`] unless `candor audit --detail-pages` says.
pub const DETAIL_PAGES: usize = 200;

impl ReportMeta {
    /// Today, or the day of `SOURCE_DATE_EPOCH` when set (reproducible reports).
    pub fn now() -> ReportMeta {
        let seconds = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0)
            });
        ReportMeta {
            date: civil_date(seconds),
            version: env!("CARGO_PKG_VERSION").to_string(),
            detail_pages: DETAIL_PAGES,
        }
    }
}

/// Write the three report files into `dir` (created if missing); return their paths.
///
/// The three are written at once, on rayon's threads: one after another
/// they were the audit's serial tail, after every page was linted (15% of
/// a 64 MB audit's CPU samples). The first error, in the order of the
/// paths, is the one returned; each file is whole or absent.
pub fn write_all(audit: &Audit, dir: &Path, meta: &ReportMeta) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let html_path = dir.join(REPORT_HTML);
    let csv_path = dir.join(FINDINGS_CSV);
    let json_path = dir.join(AUDIT_JSON);
    let (html, (csv, json)) = rayon::join(
        || write_file(&html_path, |out| html::write(audit, meta, out)),
        || {
            rayon::join(
                || write_file(&csv_path, |out| csv::write(audit, out)),
                || write_file(&json_path, |out| json::write(audit, out)),
            )
        },
    );
    html.and(csv).and(json)?;
    Ok(vec![html_path, csv_path, json_path])
}

/// Write through a temporary file in the same folder, so a reader never sees half a report.
fn write_file(path: &Path, body: impl FnOnce(&mut dyn io::Write) -> io::Result<()>) -> io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut out = io::BufWriter::new(tmp.as_file_mut());
        body(&mut out)?;
        io::Write::flush(&mut out)?;
    }
    // Temporary files are private (0600); a report is for sharing.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// `YYYY-MM-DD` of a Unix time in UTC (Howard Hinnant's civil-from-days).
fn civil_date(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(951_782_400), "2000-02-29");
        assert_eq!(civil_date(1_735_689_599), "2024-12-31");
    }
}
