//! The audit's data model: every page asked for, what happened to it, and
//! what linting it found, grouped into sites for the client report.
//!
//! `candor audit` gathers inputs (files, folders, URLs, sitemaps: [`inputs`]),
//! fetches live pages politely ([`fetch`], [`robots`], [`schedule`]), lints
//! each one with [`crate::lint`] ([`run`]), scores it ([`score`]) and writes
//! the report ([`report`]). The types here are what the report writers read;
//! they hold no source text beyond the excerpts a report shows.

pub mod excerpt;
pub mod fetch;
pub mod inputs;
pub mod report;
pub mod robots;
pub mod run;
pub mod schedule;
pub mod score;
pub mod sitemap;

use serde::Serialize;

use crate::finding::{Finding, FindingKind};
use crate::rules::Severity;
use crate::source::Location;

/// The site name of pages read from disk.
pub const LOCAL_SITE: &str = "local files";

/// Everything one audit produced.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    /// Sorted by site, then address.
    pub pages: Vec<Page>,
    /// Inputs that named no page: a sitemap that could not be read, a path that does not exist.
    pub input_errors: Vec<InputError>,
    /// The disclosures the rule set checks, in rule-pack order (the coverage grid's columns).
    pub disclosures: Vec<String>,
    /// Pages left out because `--max-pages` was reached.
    pub pages_over_limit: usize,
}

/// One page asked for.
#[derive(Debug, Clone)]
pub struct Page {
    /// Host (with port when not the default) of a URL, or [`LOCAL_SITE`].
    pub site: String,
    /// The URL as requested or the path as given (`/`-separated).
    pub address: String,
    /// What the server said, for URLs.
    pub fetch: Option<FetchInfo>,
    pub status: PageStatus,
}

/// What happened to a page.
#[derive(Debug, Clone)]
pub enum PageStatus {
    /// Read (or fetched) and linted.
    Audited(Box<Audited>),
    /// Could not be read or fetched.
    Failed(Failure),
    /// robots.txt does not allow candor to fetch it.
    SkippedByRobots { rule: String },
    /// It redirected to a page that is audited under its own address.
    Duplicate { of: String },
}

impl PageStatus {
    /// The status name used in audit.json and the report.
    pub fn name(&self) -> &'static str {
        match self {
            PageStatus::Audited(_) => "audited",
            PageStatus::Failed(_) => "failed",
            PageStatus::SkippedByRobots { .. } => "skipped-by-robots",
            PageStatus::Duplicate { .. } => "duplicate",
        }
    }
}

/// A linted page.
#[derive(Debug, Clone)]
pub struct Audited {
    /// The page's `<title>` (or first heading), when extraction found one.
    pub title: Option<String>,
    /// Sorted by position.
    pub findings: Vec<PageFinding>,
    /// 0-100; see [`score`].
    pub score: u32,
    /// The disclosure check's verdict: `None` when no disclosures are checked.
    pub treatment_page: Option<bool>,
    pub disclosures_present: Vec<String>,
    pub disclosures_missing: Vec<String>,
    /// The encoding the page was decoded from, when not UTF-8.
    pub encoding: Option<String>,
}

impl Audited {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.finding.severity == severity).count()
    }

    /// A name for people: the title, else the address.
    pub fn label<'a>(&'a self, address: &'a str) -> &'a str {
        self.title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(address)
    }
}

/// A finding with what a report shows of it.
#[derive(Debug, Clone)]
pub struct PageFinding {
    pub finding: Finding,
    /// Where it is in the original file (bytes, 1-based line and column in characters).
    pub location: Location,
    /// The offending sentence as the linter read it; `None` for document-level findings.
    pub excerpt: Option<excerpt::Excerpt>,
}

impl PageFinding {
    pub fn is_claim(&self) -> bool {
        self.finding.kind == FindingKind::Claim
    }
}

/// What the server answered for a URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FetchInfo {
    /// The HTTP status of the last response, when one arrived.
    pub http_status: Option<u16>,
    /// The URL after redirects, when one arrived.
    pub final_url: Option<String>,
    pub content_type: Option<String>,
    /// Body bytes read (after gzip decoding).
    pub bytes: usize,
    /// Milliseconds from the request to the last body byte.
    #[serde(skip)]
    pub elapsed_ms: u64,
}

/// Why a page could not be audited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub kind: FailureKind,
    /// What happened, in words, for the report.
    pub detail: String,
}

impl Failure {
    pub fn new(kind: FailureKind, detail: impl Into<String>) -> Self {
        Failure {
            kind,
            detail: detail.into(),
        }
    }
}

/// The kinds of failure a report distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailureKind {
    /// Not an http(s) URL, or not a URL at all.
    InvalidUrl,
    /// The host name does not resolve.
    Dns,
    /// No connection (refused, unreachable, reset).
    Connect,
    /// A connect or read timeout passed.
    Timeout,
    /// The TLS handshake or certificate failed.
    Tls,
    /// More redirects than `--max-redirects`.
    TooManyRedirects,
    /// The server answered 4xx or 5xx.
    HttpStatus,
    /// The body is larger than `--max-size`.
    TooLarge,
    /// The Content-Type is not HTML.
    NotHtml,
    /// The server broke HTTP or sent a body that does not decompress.
    Protocol,
    /// The bytes are not text (binary, invalid UTF-8).
    Decode,
    /// A local file could not be read.
    Read,
}

impl FailureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::InvalidUrl => "invalid-url",
            FailureKind::Dns => "dns",
            FailureKind::Connect => "connect",
            FailureKind::Timeout => "timeout",
            FailureKind::Tls => "tls",
            FailureKind::TooManyRedirects => "too-many-redirects",
            FailureKind::HttpStatus => "http-status",
            FailureKind::TooLarge => "too-large",
            FailureKind::NotHtml => "not-html",
            FailureKind::Protocol => "protocol",
            FailureKind::Decode => "decode",
            FailureKind::Read => "read",
        }
    }

    /// A heading for people.
    pub fn describe(self) -> &'static str {
        match self {
            FailureKind::InvalidUrl => "Not a web address",
            FailureKind::Dns => "Host not found",
            FailureKind::Connect => "Connection failed",
            FailureKind::Timeout => "Timed out",
            FailureKind::Tls => "Secure connection failed",
            FailureKind::TooManyRedirects => "Too many redirects",
            FailureKind::HttpStatus => "Error from the server",
            FailureKind::TooLarge => "Page too large",
            FailureKind::NotHtml => "Not an HTML page",
            FailureKind::Protocol => "Broken response",
            FailureKind::Decode => "Not readable text",
            FailureKind::Read => "File could not be read",
        }
    }
}

/// An input that named no page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputError {
    pub input: String,
    pub kind: FailureKind,
    pub detail: String,
}

/// The pages of one site, for per-site summaries.
pub struct Site<'a> {
    pub name: &'a str,
    pub pages: Vec<&'a Page>,
}

impl Audit {
    /// Pages grouped by site, local files first, then hosts in name order.
    pub fn sites(&self) -> Vec<Site<'_>> {
        let mut sites: Vec<Site<'_>> = Vec::new();
        for page in &self.pages {
            match sites.iter_mut().find(|s| s.name == page.site) {
                Some(site) => site.pages.push(page),
                None => sites.push(Site {
                    name: &page.site,
                    pages: vec![page],
                }),
            }
        }
        sites.sort_by_key(|s| (s.name != LOCAL_SITE, s.name));
        sites
    }

    /// Every finding of every audited page, with its page.
    pub fn findings(&self) -> impl Iterator<Item = (&Page, &Audited, &PageFinding)> {
        self.pages.iter().flat_map(|page| match &page.status {
            PageStatus::Audited(audited) => audited
                .findings
                .iter()
                .map(|f| (page, audited.as_ref(), f))
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    }
}

impl Site<'_> {
    pub fn audited(&self) -> impl Iterator<Item = (&Page, &Audited)> {
        self.pages.iter().filter_map(|page| match &page.status {
            PageStatus::Audited(audited) => Some((*page, audited.as_ref())),
            _ => None,
        })
    }

    /// The mean score of the audited pages, rounded; `None` when none was audited.
    pub fn score(&self) -> Option<u32> {
        score::site_score(self.audited().map(|(_, a)| a.score))
    }

    /// Findings per category, most first (ties by name).
    pub fn categories(&self) -> Vec<(String, FindingKind, usize)> {
        let mut counts: Vec<(String, FindingKind, usize)> = Vec::new();
        for (_, audited) in self.audited() {
            for f in &audited.findings {
                match counts.iter_mut().find(|(c, _, _)| **c == *f.finding.category) {
                    Some(entry) => entry.2 += 1,
                    None => counts.push((f.finding.category.to_string(), f.finding.kind, 1)),
                }
            }
        }
        counts.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        counts
    }
}
