//! Running an audit: gather the pages, read or politely fetch each one, lint
//! it, and assemble the [`Audit`] the report is written from.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::excerpt;
use super::fetch::{self, FetchConfig, Fetcher};
use super::inputs;
use super::robots::{Robots, Verdict, MAX_ROBOTS_BYTES};
use super::schedule::{self, Politeness, Work};
use super::score;
use super::{Audit, Audited, Failure, FailureKind, FetchInfo, Page, PageFinding, PageStatus, LOCAL_SITE};
use crate::finding::FindingKind;
use crate::lint::{self, LintOptions};
use crate::position::ColumnUnit;
use crate::source::{display_path, Format, SourceFile};
use crate::walk::{Filters, Input};
use crate::RuleSet;

/// Everything an audit needs besides its inputs.
pub struct AuditConfig<'a> {
    pub rules: &'a RuleSet,
    /// Options for every page; the profile is replaced by `profile_for`.
    pub lint: LintOptions,
    /// The disclosure profile of a page, by its address (a path or URL).
    pub profile_for: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// Include/exclude globs for walked folders.
    pub filters: Filters,
    pub fetch: FetchConfig,
    pub politeness: Politeness,
    /// Pages audited at most; the rest are counted in `pages_over_limit`.
    pub max_pages: usize,
}

/// Told as an audit proceeds (the CLI draws a progress bar).
pub trait Progress: Sync {
    /// The number of pages to audit is known.
    fn start(&self, _pages: usize) {}
    /// One page is done, whatever its status.
    fn page_done(&self, _page: &Page) {}
}

/// A [`Progress`] that ignores everything.
pub struct Silent;

impl Progress for Silent {}

/// What one host's robots.txt fetch decided.
enum HostRules {
    Robots(Robots),
    /// The host could not be reached at all: its pages fail with this, unfetched.
    Unreachable(Failure),
}

/// Audit the pages named by `inputs` (paths, folders, URLs) and `sitemaps`.
pub fn audit(inputs: &[String], sitemaps: &[String], config: &AuditConfig<'_>, progress: &dyn Progress) -> Audit {
    let fetcher = Fetcher::new(config.fetch.clone());
    // The rules' automaton is built (its patterns parsed on all cores) while
    // the inputs are gathered (a walk, sitemaps and robots.txt fetched),
    // rather than by the first page's lint, alone.
    let scope = crate::lint::scope(config.rules, &config.lint);
    let gathered = std::thread::scope(|threads| {
        threads.spawn(|| config.rules.matcher.prepare(scope));
        inputs::gather(inputs, sitemaps, &config.filters, &fetcher, config.max_pages)
    });
    progress.start(gathered.files.len() + gathered.urls.len());

    let mut pages: Vec<Page> = gathered
        .files
        .par_iter()
        .map(|input| {
            let page = local_page(input, config);
            progress.page_done(&page);
            page
        })
        .collect();

    let items: Vec<(String, String)> = gathered
        .urls
        .iter()
        .map(|url| {
            let site = fetch::parse_http_url(url)
                .map(|u| fetch::site_of(&u))
                .unwrap_or_default();
            (site, url.clone())
        })
        .collect();
    let work = Work {
        prepare: |url: &String| host_rules(&fetcher, url),
        gate: |rules: &HostRules, url: &String| gate(rules, url),
        fetch: |_: &HostRules, url: &String| fetcher.page(url),
        finish: |url: &String, outcome: fetch::Outcome| fetched_page(url, outcome, config),
        done: |_: &String, page: &Page| progress.page_done(page),
    };
    pages.extend(schedule::run(&items, config.politeness, &work));

    mark_duplicates(&mut pages);
    pages.sort_by(|a, b| (a.site != LOCAL_SITE, &a.site, &a.address).cmp(&(b.site != LOCAL_SITE, &b.site, &b.address)));
    Audit {
        pages,
        input_errors: gathered.errors,
        disclosures: config.rules.disclosures.iter().map(|d| d.name.clone()).collect(),
        pages_over_limit: gathered.over_limit,
    }
}

fn local_page(input: &Input, config: &AuditConfig<'_>) -> Page {
    let address = display_path(&input.path);
    let status = match std::fs::read(&input.path) {
        Err(e) => PageStatus::Failed(Failure::new(FailureKind::Read, format!("cannot read: {e}"))),
        Ok(bytes) => match SourceFile::from_bytes(address.clone(), input.format, bytes) {
            Ok(source) => PageStatus::Audited(Box::new(lint_page(&source, &address, config))),
            Err(e) => PageStatus::Failed(Failure::new(FailureKind::Decode, e.to_string())),
        },
    };
    Page {
        site: LOCAL_SITE.to_string(),
        address,
        fetch: None,
        status,
    }
}

/// Fetch a host's robots.txt once, before any of its pages.
fn host_rules(fetcher: &Fetcher, url: &str) -> HostRules {
    let Ok(uri) = fetch::parse_http_url(url) else {
        return HostRules::Robots(Robots::allow_all());
    };
    let robots_url = fetch::robots_url(&uri);
    match fetcher.resource(&robots_url, MAX_ROBOTS_BYTES) {
        (_, Ok(fetched)) => HostRules::Robots(Robots::parse(&String::from_utf8_lossy(&fetched.body))),
        // RFC 9309: a server error means "assume complete disallow".
        (
            FetchInfo {
                http_status: Some(status @ 500..),
                ..
            },
            Err(_),
        ) => HostRules::Robots(Robots::disallow_all(format!(
            "robots.txt answered HTTP {status}; a server error there means no page may be fetched"
        ))),
        // Any other answer (404, 401, too many redirects, too large) allows everything.
        (
            FetchInfo {
                http_status: Some(_), ..
            },
            Err(_),
        ) => HostRules::Robots(Robots::allow_all()),
        (_, Err(failure)) if failure.kind == FailureKind::TooManyRedirects || failure.kind == FailureKind::TooLarge => {
            HostRules::Robots(Robots::allow_all())
        }
        (_, Err(failure)) => HostRules::Unreachable(Failure::new(
            failure.kind,
            format!(
                "{} (while fetching {robots_url}; the host was not contacted again)",
                failure.detail
            ),
        )),
    }
}

/// A page decided by its host's robots.txt without a request.
fn gate(rules: &HostRules, url: &str) -> Option<Page> {
    let site = fetch::parse_http_url(url)
        .map(|u| fetch::site_of(&u))
        .unwrap_or_default();
    let page = |status| Page {
        site: site.clone(),
        address: url.to_string(),
        fetch: None,
        status,
    };
    match rules {
        HostRules::Unreachable(failure) => Some(page(PageStatus::Failed(failure.clone()))),
        HostRules::Robots(robots) => {
            let path = fetch::parse_http_url(url)
                .map(|u| fetch::path_and_query(&u))
                .unwrap_or_default();
            match robots.check(&path) {
                Verdict::Allowed => None,
                Verdict::Disallowed(rule) => Some(page(PageStatus::SkippedByRobots { rule })),
            }
        }
    }
}

fn fetched_page(url: &str, (info, result): fetch::Outcome, config: &AuditConfig<'_>) -> Page {
    let site = fetch::parse_http_url(url)
        .map(|u| fetch::site_of(&u))
        .unwrap_or_default();
    let status = match result {
        Err(failure) => PageStatus::Failed(failure),
        Ok(fetched) => {
            match SourceFile::from_bytes_with_charset(
                url.to_string(),
                Format::Html,
                fetched.body,
                fetched.charset.as_deref(),
            ) {
                Ok(source) => PageStatus::Audited(Box::new(lint_page(&source, url, config))),
                Err(e) => PageStatus::Failed(Failure::new(FailureKind::Decode, e.to_string())),
            }
        }
    };
    Page {
        site,
        address: url.to_string(),
        fetch: Some(info),
        status,
    }
}

/// Lint one page and keep what the report shows.
fn lint_page(source: &SourceFile, address: &str, config: &AuditConfig<'_>) -> Audited {
    let options = LintOptions {
        profile: (config.profile_for)(address),
        ..config.lint.clone()
    };
    // The lint's own extraction serves the excerpts too.
    let prepared = lint::prepare(source, config.rules);
    let output = lint::lint_prepared(source, &prepared, config.rules, &options);
    let extracted = prepared.extracted();
    let blocks = excerpt::Blocks::new(extracted);
    let findings: Vec<PageFinding> = output
        .findings
        .into_iter()
        .map(|finding| PageFinding {
            location: source.locate(finding.span, ColumnUnit::Chars),
            excerpt: (finding.kind == FindingKind::Claim)
                .then(|| blocks.excerpt(&finding))
                .flatten(),
            finding,
        })
        .collect();
    let verdict = output.document;
    Audited {
        title: excerpt::title(extracted, source.format),
        score: score::page_score(findings.iter().map(|f| &f.finding)),
        findings,
        treatment_page: verdict.as_ref().map(|v| v.treatment_page),
        disclosures_present: verdict
            .as_ref()
            .map(|v| v.present.iter().map(|(name, _)| name.clone()).collect())
            .unwrap_or_default(),
        disclosures_missing: verdict.map(|v| v.missing).unwrap_or_default(),
        encoding: source.transcoding.as_ref().map(|t| t.encoding.to_string()),
    }
}

/// A URL that redirected to a page audited under its own address, or to the
/// same place as an earlier URL, is a duplicate: its findings would count twice.
fn mark_duplicates(pages: &mut [Page]) {
    let audited: HashSet<String> = pages
        .iter()
        .filter(|p| matches!(p.status, PageStatus::Audited(_)))
        .map(|p| p.address.clone())
        .collect();
    let mut first_at: HashMap<String, String> = HashMap::new();
    let mut order: Vec<usize> = (0..pages.len()).collect();
    // Pages that are their own final URL keep their findings first.
    order.sort_by_key(|&i| {
        (
            final_url(&pages[i]) != Some(pages[i].address.as_str()),
            pages[i].address.clone(),
        )
    });
    for i in order {
        let page = &mut pages[i];
        if !matches!(page.status, PageStatus::Audited(_)) {
            continue;
        }
        let Some(target) = final_url(page).map(str::to_string) else {
            continue;
        };
        if target != page.address && audited.contains(&target) {
            page.status = PageStatus::Duplicate { of: target };
        } else if let Some(first) = first_at.get(&target) {
            page.status = PageStatus::Duplicate { of: first.clone() };
        } else {
            first_at.insert(target, page.address.clone());
        }
    }
}

fn final_url(page: &Page) -> Option<&str> {
    page.fetch.as_ref()?.final_url.as_deref()
}
