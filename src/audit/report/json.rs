//! `audit.json`: the JSON contract of TAXONOMY.md (`version`, `diagnostics`,
//! `summary`) plus a `pages` array with what happened to every page.

use std::io::{self, Write};

use serde::Serialize;

use crate::audit::{fetch, Audit, Failure, InputError, Page, PageStatus};
use crate::render::Summary;
use crate::rules::Severity;
use crate::source::Location;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<Diagnostic<'a>>,
    summary: Summary,
    pages: Vec<PageEntry<'a>>,
    #[serde(skip_serializing_if = "<[InputError]>::is_empty")]
    errors: &'a [InputError],
    #[serde(skip_serializing_if = "is_zero")]
    pages_over_limit: usize,
}

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

#[derive(Serialize)]
struct PageEntry<'a> {
    site: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    failure: Option<&'a Failure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    robots_rule: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicate_of: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    http_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    final_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<Counts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    treatment_page: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    disclosures: Option<Disclosures<'a>>,
}

#[derive(Serialize)]
struct Counts {
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct Disclosures<'a> {
    present: &'a [String],
    missing: &'a [String],
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Write `audit.json`.
pub fn write(audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
    let mut summary = Summary::default();
    let mut diagnostics = Vec::new();
    for (page, _, f) in audit.findings() {
        summary.count(f.finding.severity);
        diagnostics.push(Diagnostic {
            path: &page.address,
            rule: &f.finding.rule,
            category: &f.finding.category,
            severity: f.finding.severity.as_str(),
            message: &f.finding.message,
            span: f.location,
            suggestion: f.finding.suggestion.as_deref(),
        });
    }
    diagnostics
        .sort_by(|a, b| (a.path, a.span.start, a.span.end, a.rule).cmp(&(b.path, b.span.start, b.span.end, b.rule)));
    summary.files = audit
        .pages
        .iter()
        .filter(|p| matches!(p.status, PageStatus::Audited(_)))
        .count();
    let doc = Document {
        version: 1,
        diagnostics,
        summary,
        pages: audit.pages.iter().map(entry).collect(),
        errors: &audit.input_errors,
        pages_over_limit: audit.pages_over_limit,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn entry(page: &Page) -> PageEntry<'_> {
    let is_url = page.fetch.is_some() || fetch::parse_http_url(&page.address).is_ok();
    let info = page.fetch.as_ref();
    let mut entry = PageEntry {
        site: &page.site,
        url: is_url.then_some(page.address.as_str()),
        path: (!is_url).then_some(page.address.as_str()),
        status: page.status.name(),
        failure: None,
        robots_rule: None,
        duplicate_of: None,
        http_status: info.and_then(|i| i.http_status),
        final_url: info.and_then(|i| i.final_url.as_deref()),
        content_type: info.and_then(|i| i.content_type.as_deref()),
        title: None,
        encoding: None,
        score: None,
        findings: None,
        treatment_page: None,
        disclosures: None,
    };
    match &page.status {
        PageStatus::Audited(audited) => {
            entry.title = audited.title.as_deref();
            entry.encoding = audited.encoding.as_deref();
            entry.score = Some(audited.score);
            entry.findings = Some(Counts {
                errors: audited.count(Severity::Error),
                warnings: audited.count(Severity::Warning),
                infos: audited.count(Severity::Info),
            });
            entry.treatment_page = audited.treatment_page;
            entry.disclosures = audited.treatment_page.filter(|t| *t).map(|_| Disclosures {
                present: &audited.disclosures_present,
                missing: &audited.disclosures_missing,
            });
        }
        PageStatus::Failed(failure) => entry.failure = Some(failure),
        PageStatus::SkippedByRobots { rule } => entry.robots_rule = Some(rule),
        PageStatus::Duplicate { of } => entry.duplicate_of = Some(of),
    }
    entry
}
