//! `candor audit`: audit local files or live pages and write the client
//! report; a progress bar on a terminal, a one-line summary at the end.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Args as ClapArgs;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::setup;
use super::{Outcome, RuleArgs};
use candor::audit::fetch::FetchConfig;
use candor::audit::report::{self, ReportMeta};
use candor::audit::run::{self, AuditConfig, Progress};
use candor::audit::schedule::Politeness;
use candor::audit::{inputs, Page, PageStatus};
use candor::config::FailOn;
use candor::lint::LintOptions;
use candor::profiles::ProfileMap;
use candor::suppress::SuppressOptions;
use candor::walk::Filters;

/// `candor audit`.
#[derive(Debug, Clone, ClapArgs)]
pub struct AuditArgs {
    /// Files, folders and page URLs (http:// or https://) to audit.
    pub inputs: Vec<String>,
    /// A sitemap.xml (a file or a URL) whose pages to audit; sitemap indexes
    /// are followed. Repeatable.
    #[arg(long, value_name = "FILE_OR_URL", help_heading = "Input")]
    pub sitemap: Vec<String>,
    /// Audit at most this many pages (files first, then URLs in the order given).
    #[arg(long, value_name = "N", default_value_t = 10_000, help_heading = "Input")]
    pub max_pages: usize,

    /// The folder to write report.html, findings.csv and audit.json into (created if missing).
    #[arg(long, value_name = "DIR", help_heading = "Output")]
    pub out: PathBuf,
    /// Pages per site whose findings report.html shows one by one, worst
    /// first; the ranking lists every page, and findings.csv and audit.json
    /// hold every finding.
    #[arg(long, value_name = "N", default_value_t = report::DETAIL_PAGES, help_heading = "Output")]
    pub detail_pages: usize,
    /// Exit 1 when a finding at or above this severity is found. Without it an
    /// audit that wrote its report exits 0, whatever it found.
    #[arg(long, value_enum, help_heading = "Output")]
    pub fail_on: Option<FailOn>,

    /// Seconds to wait for a server's answer, and again for the whole body.
    #[arg(long, value_name = "SECS", default_value = "20", value_parser = parse_seconds, help_heading = "Fetching")]
    pub timeout: Duration,
    /// Seconds to wait for the host name to resolve and the connection (and TLS) to open.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_seconds, help_heading = "Fetching")]
    pub connect_timeout: Duration,
    /// Redirects followed per page before it counts as failed.
    #[arg(long, value_name = "N", default_value_t = 5, help_heading = "Fetching")]
    pub max_redirects: u32,
    /// Largest page read (after gzip decoding), e.g. 5MB, 800KB, 1048576; larger pages fail as too large.
    #[arg(long, value_name = "SIZE", default_value = "5MB", value_parser = parse_size, help_heading = "Fetching")]
    pub max_size: u64,
    /// Requests in flight to one host at most.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..), help_heading = "Fetching")]
    pub per_host: u32,
    /// Milliseconds between the starts of two requests to one host.
    #[arg(long, value_name = "MS", default_value_t = 250, help_heading = "Fetching")]
    pub delay: u64,
    /// Worker threads for fetching, across all hosts.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=64), help_heading = "Fetching")]
    pub jobs: u32,

    #[command(flatten)]
    pub disclosures: super::DisclosureArgs,

    #[command(flatten)]
    pub rules: RuleArgs,
}

pub fn run(args: &AuditArgs) -> anyhow::Result<Outcome> {
    if args.inputs.is_empty() && args.sitemap.is_empty() {
        eprintln!("error: nothing to audit: name files, folders or URLs, or --sitemap FILE_OR_URL");
        return Ok(Outcome::Error);
    }
    let Some((config, rules)) = setup::load(&args.rules, None) else {
        return Ok(Outcome::Error);
    };
    let filters = Filters::new(
        config.root.clone().unwrap_or_else(|| PathBuf::from(".")),
        config.include.as_deref().unwrap_or_default(),
        config.exclude.as_deref().unwrap_or_default(),
    )
    .map_err(anyhow::Error::msg)?;
    let profiles = ProfileMap::new(&config, args.disclosures.profile.clone()).map_err(anyhow::Error::msg)?;
    profiles.check_names(&rules).map_err(anyhow::Error::msg)?;
    let profile_for = |address: &str| {
        if inputs::is_url(address) {
            profiles.without_path()
        } else {
            profiles.profile_for(Path::new(address))
        }
    };
    let audit_config = AuditConfig {
        rules: &rules,
        lint: LintOptions {
            explain_context: false,
            profile: None,
            no_disclosures: args.disclosures.no_disclosures,
            suppress: SuppressOptions {
                require_reason: config.require_reason.unwrap_or(false),
            },
            keep_overlaps: false,
        },
        profile_for: &profile_for,
        filters,
        fetch: FetchConfig {
            connect_timeout: args.connect_timeout,
            read_timeout: args.timeout,
            max_redirects: args.max_redirects,
            max_bytes: args.max_size,
        },
        politeness: Politeness {
            per_host: args.per_host as usize,
            delay: Duration::from_millis(args.delay),
            threads: args.jobs as usize,
        },
        max_pages: args.max_pages,
    };

    let started = Instant::now();
    let bar = Bar::new();
    let audit = run::audit(&args.inputs, &args.sitemap, &audit_config, &bar);
    bar.0.finish_and_clear();
    let written = report::write_all(
        &audit,
        &args.out,
        &ReportMeta {
            detail_pages: args.detail_pages,
            ..ReportMeta::now()
        },
    )
    .map_err(|e| anyhow::anyhow!("cannot write the report into {}: {e}", args.out.display()))?;

    let count = |name: &str| audit.pages.iter().filter(|p| p.status.name() == name).count();
    let mut not_audited = Vec::new();
    for (name, label) in [
        ("failed", "failed"),
        ("skipped-by-robots", "skipped by robots.txt"),
        ("duplicate", "duplicate"),
    ] {
        let n = count(name);
        if n > 0 {
            not_audited.push(format!("{n} {label}"));
        }
    }
    let findings = audit.findings().count();
    eprintln!(
        "Audited {} of {} page(s){} in {:.1}s: {findings} finding(s).",
        count("audited"),
        audit.pages.len(),
        if not_audited.is_empty() {
            String::new()
        } else {
            format!(" ({})", not_audited.join(", "))
        },
        started.elapsed().as_secs_f64()
    );
    if audit.pages_over_limit > 0 {
        // Said here as well as in the report: a run that stops at the limit
        // otherwise reads like a whole site audited.
        eprintln!(
            "warning: {} more page(s) were listed but not audited: the audit stops at --max-pages {}; raise it to audit them.",
            audit.pages_over_limit, args.max_pages
        );
    }
    for error in &audit.input_errors {
        eprintln!("warning: {}: {}", error.input, error.detail);
    }
    eprintln!("Report: {}", written[0].display());
    if audit.pages.is_empty() && !audit.input_errors.is_empty() {
        eprintln!("error: no input named a page to audit");
        return Ok(Outcome::Error);
    }
    let failed = args
        .fail_on
        .is_some_and(|gate| audit.findings().any(|(_, _, f)| gate.fails(f.finding.severity)));
    Ok(if failed { Outcome::Findings } else { Outcome::Clean })
}

/// The progress bar: pages done / total on standard error, drawn only on a terminal.
struct Bar(ProgressBar);

impl Bar {
    fn new() -> Bar {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed_precise} [{bar:32}] {pos}/{len} pages  {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        Bar(bar)
    }
}

impl Progress for Bar {
    fn start(&self, pages: usize) {
        self.0.set_length(pages as u64);
    }

    fn page_done(&self, page: &Page) {
        let mark = match page.status {
            PageStatus::Audited(_) => "",
            PageStatus::Failed(_) => "failed: ",
            PageStatus::SkippedByRobots { .. } => "robots.txt: ",
            PageStatus::Duplicate { .. } => "duplicate: ",
        };
        self.0.set_message(format!("{mark}{}", page.address));
        self.0.inc(1);
    }
}

/// Seconds as a decimal number (`0.5`, `20`).
fn parse_seconds(text: &str) -> Result<Duration, String> {
    let secs: f64 = text
        .trim()
        .trim_end_matches('s')
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(secs > 0.0 && secs <= 3600.0) {
        return Err(format!("`{text}`: give a number of seconds above 0 and at most 3600"));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// A byte size: a number with an optional B, KB, MB or GB suffix (powers of 1024).
fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim().to_ascii_uppercase();
    let digits_end = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits_end);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (e.g. 5MB)"))?;
    let factor = match unit.trim() {
        "" | "B" => 1u64,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        other => return Err(format!("`{other}` is not a size unit; use B, KB, MB or GB")),
    };
    let bytes = (number * factor as f64) as u64;
    if bytes == 0 {
        return Err("the size must be above 0".into());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_seconds() {
        assert_eq!(parse_size("5MB"), Ok(5 * 1024 * 1024));
        assert_eq!(parse_size("800kb"), Ok(800 * 1024));
        assert_eq!(parse_size("1048576"), Ok(1_048_576));
        assert!(parse_size("5 parsecs").is_err());
        assert!(parse_size("0").is_err());
        assert_eq!(parse_seconds("0.5"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_seconds("20s"), Ok(Duration::from_secs(20)));
        assert!(parse_seconds("-1").is_err());
        assert!(parse_seconds("soon").is_err());
    }
}
