//! `report.html`: the client report, one self-contained page (inline CSS and
//! SVG, no script, no external asset) that opens from disk.
//!
//! Every string that comes from an audited page, a URL, a server or a rule
//! pack goes through [`esc`]; the only markup in the file is written here.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::ReportMeta;
use crate::audit::score::{self, ERROR_WEIGHT, INFO_WEIGHT, WARNING_WEIGHT};
use crate::audit::{fetch, Audit, Audited, Page, PageFinding, PageStatus, Site};
use crate::finding::FindingKind;
use crate::rules::Severity;

const STYLE: &str = include_str!("report.css");

/// Escape text for HTML element content and quoted attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The report as it is written: markup gathers in a buffer that goes out
/// page by page, so a report of thousands of pages is never one string (on
/// the 64 MB corpus it is 49 MB, and growing it was a twentieth of the
/// audit's CPU, on one core, after the lint).
struct Html<'w> {
    buf: String,
    out: &'w mut dyn Write,
}

impl Html<'_> {
    /// Bytes gathered before they go out.
    const CHUNK: usize = 64 * 1024;

    fn flush_if_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= Self::CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.write_all(self.buf.as_bytes())?;
        self.buf.clear();
        Ok(())
    }
}

impl std::ops::Deref for Html<'_> {
    type Target = String;
    fn deref(&self) -> &String {
        &self.buf
    }
}

impl std::ops::DerefMut for Html<'_> {
    fn deref_mut(&mut self) -> &mut String {
        &mut self.buf
    }
}

/// Write the report.
pub fn write(audit: &Audit, meta: &ReportMeta, out: &mut dyn Write) -> io::Result<()> {
    let sites = audit.sites();
    let mut h = Html {
        buf: String::with_capacity(2 * Html::CHUNK),
        out,
    };
    let h = &mut h;
    let names: Vec<&str> = sites.iter().map(|s| s.name).collect();
    let title = if names.is_empty() {
        "Content audit".to_string()
    } else {
        format!("Content audit: {}", names.join(", "))
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(&title)
    );
    cover(h, audit, &sites, meta);
    if sites.len() > 1 {
        overview(h, &sites);
    }
    for (index, site) in sites.iter().enumerate() {
        site_section(h, audit, site, index, meta.detail_pages)?;
    }
    if !audit.input_errors.is_empty() {
        h.push_str("<section class=\"site\">\n<h2>Inputs that could not be read</h2>\n<table class=\"failures\">\n<thead><tr><th>Input</th><th>Problem</th><th>Detail</th></tr></thead>\n<tbody>\n");
        for e in &audit.input_errors {
            let _ = writeln!(
                h,
                "<tr><td class=\"addr\">{}</td><td><span class=\"pill fail\">{}</span></td><td>{}</td></tr>",
                esc(&e.input),
                esc(e.kind.describe()),
                esc(&e.detail)
            );
        }
        h.push_str("</tbody>\n</table>\n</section>\n");
    }
    method(h, audit);
    let _ = write!(
        h,
        "<footer>Made with candor {} on {}. Scores and findings are editorial guidance, not legal advice.</footer>\n</main>\n</body>\n</html>\n",
        esc(&meta.version),
        esc(&meta.date)
    );
    h.flush()
}

fn cover(h: &mut String, audit: &Audit, sites: &[Site<'_>], meta: &ReportMeta) {
    let audited = audit
        .pages
        .iter()
        .filter(|p| matches!(p.status, PageStatus::Audited(_)))
        .count();
    let claims = audit
        .findings()
        .filter(|(_, _, f)| f.finding.kind == FindingKind::Claim)
        .count();
    let missing = audit
        .findings()
        .filter(|(_, _, f)| f.finding.kind == FindingKind::Disclosure)
        .count();
    let _ = write!(
        h,
        "<header class=\"cover\">\n<p class=\"eyebrow\">Content audit · {date}</p>\n\
         <h1>Treatment claims and disclosures</h1>\n\
         <p class=\"lede\">{audited} of {total} page{s} audited across {nsites} site{ss}. \
         {claims} overpromising claim{cs} and {missing} missing disclosure{ms} found.</p>\n</header>\n",
        date = esc(&meta.date),
        total = audit.pages.len(),
        s = plural(audit.pages.len()),
        nsites = sites.len(),
        ss = plural(sites.len()),
        cs = plural(claims),
        ms = plural(missing),
    );
    if audit.pages_over_limit > 0 {
        let _ = writeln!(
            h,
            "<p class=\"note\">{} more page{} were listed but not audited: the audit stopped at its page limit (--max-pages).</p>",
            audit.pages_over_limit,
            plural(audit.pages_over_limit)
        );
    }
}

fn overview(h: &mut String, sites: &[Site<'_>]) {
    h.push_str("<section class=\"overview\">\n<h2>Sites</h2>\n<table class=\"rank\">\n<thead><tr><th>Site</th><th class=\"num\">Score</th><th class=\"num\">Audited</th><th class=\"num\">Not audited</th><th class=\"num\">Errors</th><th class=\"num\">Warnings</th></tr></thead>\n<tbody>\n");
    for (index, site) in sites.iter().enumerate() {
        let audited = site.audited().count();
        let count = |sev| site.audited().map(|(_, a)| a.count(sev)).sum::<usize>();
        let _ = writeln!(
            h,
            "<tr><td><a href=\"#site-{index}\">{}</a></td><td class=\"num\">{}</td><td class=\"num\">{audited}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(site.name),
            site.score().map_or_else(|| "–".to_string(), score_badge),
            site.pages.len() - audited,
            count(Severity::Error),
            count(Severity::Warning),
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn site_section(h: &mut Html<'_>, audit: &Audit, site: &Site<'_>, index: usize, detail_pages: usize) -> io::Result<()> {
    let audited: Vec<(&Page, &Audited)> = site.audited().collect();
    let ranked = worst_first(&audited);
    let detailed = detailed(&ranked, detail_pages);
    let claims: usize = audited
        .iter()
        .map(|(_, a)| a.findings.iter().filter(|f| f.is_claim()).count())
        .sum();
    let missing: usize = audited.iter().map(|(_, a)| a.disclosures_missing.len()).sum();
    let not_audited = site.pages.len() - audited.len();
    let _ = write!(
        h,
        "<section class=\"site\" id=\"site-{index}\">\n<h2>{}</h2>\n<div class=\"cards\">\n",
        esc(site.name)
    );
    match site.score() {
        Some(s) => {
            let _ = writeln!(
                h,
                "<div class=\"card score {band}\"><span class=\"big\">{s}</span><span class=\"label\">average score · {band}</span></div>",
                band = score::band(s)
            );
        }
        None => h.push_str("<div class=\"card score\"><span class=\"big\">–</span><span class=\"label\">no page audited</span></div>\n"),
    }
    for (n, label) in [
        (audited.len(), "pages audited"),
        (claims, "overpromising claims"),
        (missing, "missing disclosures"),
        (not_audited, "pages not audited"),
    ] {
        let _ = writeln!(
            h,
            "<div class=\"card\"><span class=\"big\">{n}</span><span class=\"label\">{label}</span></div>"
        );
    }
    h.push_str("</div>\n");

    h.push_str("<h3>Findings by category</h3>\n");
    chart(h, &site.categories());
    coverage(h, audit, &audited, &ranked, &detailed);
    ranking(h, &ranked, &detailed, index);
    details(h, &ranked, &detailed, index)?;
    failures(h, site);
    h.push_str("</section>\n");
    Ok(())
}

/// A horizontal bar chart of findings per category, as inline SVG.
fn chart(h: &mut String, categories: &[(String, FindingKind, usize)]) {
    if categories.is_empty() {
        h.push_str("<p class=\"clean\">No findings on this site.</p>\n");
        return;
    }
    const LABEL: u32 = 250;
    const BAR_MAX: u32 = 360;
    const ROW: u32 = 30;
    const BAR: u32 = 20;
    let max = categories.iter().map(|c| c.2).max().unwrap_or(1).max(1) as u32;
    let width = LABEL + BAR_MAX + 60;
    let height = ROW * categories.len() as u32 + 8;
    let _ = writeln!(
        h,
        "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"chart-title\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"system-ui, sans-serif\" font-size=\"13\">"
    );
    h.push_str("<title>Findings by category</title>\n");
    for (i, (category, kind, count)) in categories.iter().enumerate() {
        let y = 4 + ROW * i as u32;
        let w = ((*count as u32 * BAR_MAX) / max).max(3);
        let (fill, class) = match kind {
            FindingKind::Claim => ("#b42318", "bar claim"),
            FindingKind::Disclosure => ("#b54708", "bar disclosure"),
            FindingKind::Meta => ("#667085", "bar meta"),
        };
        let _ = writeln!(
            h,
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" fill=\"#344054\">{label}</text>\
             <rect class=\"{class}\" x=\"{LABEL}\" y=\"{y}\" width=\"{w}\" height=\"{BAR}\" rx=\"3\" fill=\"{fill}\"><title>{label}: {count}</title></rect>\
             <text x=\"{cx}\" y=\"{ty}\" fill=\"#101828\" font-weight=\"600\">{count}</text>",
            lx = LABEL - 10,
            ty = y + 15,
            label = esc(category),
            cx = LABEL + w + 8,
        );
    }
    h.push_str("</svg>\n<figcaption><span class=\"key claim\"></span>overpromising claims <span class=\"key disclosure\"></span>missing disclosures</figcaption></figure>\n");
}

/// The pages × disclosures grid: which disclosures each treatment page
/// makes, a page a row, under a row of how many pages make each. When some
/// pages with findings are not detailed, only the detailed pages have rows:
/// a row for each of 17,000 pages was 11 MB of the report.
fn coverage(
    h: &mut String,
    audit: &Audit,
    audited: &[(&Page, &Audited)],
    ranked: &[(&Page, &Audited)],
    detailed: &[bool],
) {
    h.push_str("<h3>Disclosure coverage</h3>\n");
    if audit.disclosures.is_empty() {
        h.push_str("<p class=\"note\">No disclosure checks were loaded for this audit.</p>\n");
        return;
    }
    if audited.is_empty() {
        h.push_str("<p class=\"note\">No page was audited.</p>\n");
        return;
    }
    let treatment: Vec<&Audited> = audited
        .iter()
        .map(|(_, a)| *a)
        .filter(|a| a.treatment_page == Some(true))
        .collect();
    let all_detailed = ranked
        .iter()
        .zip(detailed)
        .all(|((_, a), shown)| *shown || a.findings.is_empty());
    let rows: Vec<(&Page, &Audited)> = match all_detailed {
        true => audited.to_vec(),
        false => ranked
            .iter()
            .zip(detailed)
            .filter(|(_, shown)| **shown)
            .map(|(row, _)| *row)
            .collect(),
    };
    h.push_str("<p class=\"hint\">What each treatment page tells a prospective patient: ✓ said, ✗ missing, – not required by the page's profile. Pages that do not present the treatment need no disclosures.");
    if !all_detailed {
        let _ = write!(
            h,
            " Rows for the {} page{} detailed below; <code>audit.json</code> lists every page's disclosures, made and missing.",
            rows.len(),
            plural(rows.len())
        );
    }
    h.push_str("</p>\n<div class=\"scroll\"><table class=\"grid\">\n<thead><tr><th>Page</th>");
    for name in &audit.disclosures {
        let _ = write!(h, "<th class=\"rot\"><span>{}</span></th>", esc(name));
    }
    let _ = write!(
        h,
        "</tr>\n<tr class=\"total\"><th>Treatment pages that say it, of {}</th>",
        treatment.len()
    );
    for name in &audit.disclosures {
        let n = treatment
            .iter()
            .filter(|a| a.disclosures_present.contains(name))
            .count();
        let _ = write!(h, "<td class=\"num\">{n}</td>");
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for (page, a) in rows {
        let _ = write!(h, "<tr><td class=\"addr\">{}</td>", page_label(page, a));
        if a.treatment_page != Some(true) {
            let _ = writeln!(
                h,
                "<td class=\"na\" colspan=\"{}\">not a treatment page</td></tr>",
                audit.disclosures.len()
            );
            continue;
        }
        for name in &audit.disclosures {
            if a.disclosures_present.contains(name) {
                let _ = write!(h, "<td class=\"yes\" title=\"{} is disclosed\">✓</td>", esc(name));
            } else if a.disclosures_missing.contains(name) {
                let _ = write!(h, "<td class=\"no\" title=\"{} is missing\">✗</td>", esc(name));
            } else {
                h.push_str("<td class=\"na\">–</td>");
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table></div>\n");
}

/// Audited pages in report order, worst first.
fn worst_first<'a>(audited: &[(&'a Page, &'a Audited)]) -> Vec<(&'a Page, &'a Audited)> {
    let mut ranked = audited.to_vec();
    ranked.sort_by(|a, b| (a.1.score, &a.0.address).cmp(&(b.1.score, &b.0.address)));
    ranked
}

/// Which of the `ranked` pages report.html details: the first `limit` with
/// findings.
fn detailed(ranked: &[(&Page, &Audited)], limit: usize) -> Vec<bool> {
    let mut left = limit;
    ranked
        .iter()
        .map(|(_, a)| {
            let shown = !a.findings.is_empty() && left > 0;
            left -= usize::from(shown);
            shown
        })
        .collect()
}

fn ranking(h: &mut String, ranked: &[(&Page, &Audited)], detailed: &[bool], site: usize) {
    if ranked.is_empty() {
        return;
    }
    h.push_str("<h3>Pages, worst first</h3>\n<table class=\"rank\">\n<thead><tr><th class=\"num\">Score</th><th>Page</th><th class=\"num\">Errors</th><th class=\"num\">Warnings</th><th class=\"num\">Info</th></tr></thead>\n<tbody>\n");
    for (i, ((page, a), shown)) in ranked.iter().zip(detailed).enumerate() {
        let name = match shown {
            true => format!("<a href=\"#p{site}-{i}\">{}</a>", page_label(page, a)),
            false => page_label(page, a),
        };
        let _ = writeln!(
            h,
            "<tr><td class=\"num\">{}</td><td class=\"addr\">{name}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            score_badge(a.score),
            a.count(Severity::Error),
            a.count(Severity::Warning),
            a.count(Severity::Info),
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

fn details(h: &mut Html<'_>, ranked: &[(&Page, &Audited)], detailed: &[bool], site: usize) -> io::Result<()> {
    if ranked.iter().all(|(_, a)| a.findings.is_empty()) {
        return Ok(());
    }
    h.push_str("<h3>Findings by page</h3>\n");
    let (mut pages, mut findings) = (0, 0);
    for ((_, a), shown) in ranked.iter().zip(detailed) {
        if !shown && !a.findings.is_empty() {
            pages += 1;
            findings += a.findings.len();
        }
    }
    if pages > 0 {
        let shown = detailed.iter().filter(|&&d| d).count();
        let _ = writeln!(
            h,
            "<p class=\"note\">Shown one by one here: the {shown} lowest-scoring page{} with findings. \
             The other {pages} page{} with findings {} {findings} more finding{}, listed in <code>findings.csv</code> \
             and <code>audit.json</code> (<code>--detail-pages</code> sets how many pages are shown).</p>",
            plural(shown),
            plural(pages),
            if pages == 1 { "carries" } else { "carry" },
            plural(findings),
        );
    }
    for (i, ((page, a), shown)) in ranked.iter().zip(detailed).enumerate() {
        if !shown {
            continue;
        }
        let _ = write!(
            h,
            "<article class=\"page\" id=\"p{site}-{i}\">\n<header><div><h4>{}</h4><p class=\"addr\">{}</p></div>{}</header>\n",
            match &a.title {
                Some(title) => esc(title),
                None => link(&page.address),
            },
            address_line(page, a),
            score_badge(a.score)
        );
        let claims: Vec<&PageFinding> = a
            .findings
            .iter()
            .filter(|f| f.finding.kind != FindingKind::Disclosure)
            .collect();
        if !claims.is_empty() {
            h.push_str("<ol class=\"findings\">\n");
            for f in claims {
                finding(h, f);
            }
            h.push_str("</ol>\n");
        }
        let missing: Vec<&PageFinding> = a
            .findings
            .iter()
            .filter(|f| f.finding.kind == FindingKind::Disclosure)
            .collect();
        if !missing.is_empty() {
            h.push_str("<h5>Missing disclosures</h5>\n<ul class=\"missing\">\n");
            for f in missing {
                let name = f
                    .finding
                    .category
                    .strip_prefix("disclosure/")
                    .unwrap_or(&f.finding.category);
                let _ = write!(
                    h,
                    "<li class=\"sev-{}\"><strong>{}</strong> — {}",
                    f.finding.severity.as_str(),
                    esc(name),
                    esc(&sentence_case(&f.finding.message))
                );
                if let Some(s) = &f.finding.suggestion {
                    let _ = write!(h, "<p class=\"suggestion\"><span>Add</span>{}</p>", esc(s));
                }
                h.push_str("</li>\n");
            }
            h.push_str("</ul>\n");
        }
        h.push_str("</article>\n");
        h.flush_if_full()?;
    }
    Ok(())
}

fn finding(h: &mut String, f: &PageFinding) {
    let sev = f.finding.severity.as_str();
    let _ = write!(
        h,
        "<li class=\"finding sev-{sev}\">\n<div class=\"meta\"><span class=\"sev\">{sev}</span> <span class=\"cat\">{}</span> <code>{}</code> <span class=\"where\">line {}, column {}</span></div>\n",
        esc(&f.finding.category),
        esc(&f.finding.rule),
        f.location.line,
        f.location.column
    );
    if let Some(e) = &f.excerpt {
        let _ = writeln!(
            h,
            "<blockquote>{}<mark>{}</mark>{}</blockquote>",
            esc(&e.before),
            esc(&e.matched),
            esc(&e.after)
        );
    }
    let _ = writeln!(
        h,
        "<p class=\"message\">{}</p>",
        esc(&sentence_case(&f.finding.message))
    );
    if let Some(s) = &f.finding.suggestion {
        let _ = writeln!(h, "<p class=\"suggestion\"><span>Write instead</span>{}</p>", esc(s));
    }
    h.push_str("</li>\n");
}

fn failures(h: &mut String, site: &Site<'_>) {
    let rows: Vec<&Page> = site
        .pages
        .iter()
        .copied()
        .filter(|p| !matches!(p.status, PageStatus::Audited(_)))
        .collect();
    if rows.is_empty() {
        return;
    }
    h.push_str("<h3>Pages not audited</h3>\n<table class=\"failures\">\n<thead><tr><th>Page</th><th>Why</th><th>Detail</th></tr></thead>\n<tbody>\n");
    for page in rows {
        let (pill, class, detail) = match &page.status {
            PageStatus::Failed(f) => (f.kind.describe().to_string(), "fail", f.detail.clone()),
            PageStatus::SkippedByRobots { rule } => (
                "Skipped: robots.txt".to_string(),
                "skip",
                format!("robots.txt does not allow candor here ({rule})"),
            ),
            PageStatus::Duplicate { of } => (
                "Duplicate".to_string(),
                "skip",
                format!("redirects to {of}, audited as its own page"),
            ),
            PageStatus::Audited(_) => continue,
        };
        let status = page
            .fetch
            .as_ref()
            .and_then(|f| f.http_status)
            .map(|s| format!(" <span class=\"http\">HTTP {s}</span>"))
            .unwrap_or_default();
        let _ = writeln!(
            h,
            "<tr><td class=\"addr\">{}</td><td><span class=\"pill {class}\">{}</span>{status}</td><td>{}</td></tr>",
            link(&page.address),
            esc(&pill),
            esc(&detail)
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

fn method(h: &mut String, audit: &Audit) {
    let _ = write!(
        h,
        "<section class=\"method\">\n<h2>How to read this report</h2>\n\
         <p><strong>Score.</strong> Each page starts at 100 and loses {ERROR_WEIGHT} points per error, \
         {WARNING_WEIGHT} per warning and {INFO_WEIGHT} per info finding, down to 0: <code>{}</code>. \
         A site's score is the average of its audited pages' scores, rounded. 80 and above is good, 50–79 fair, below 50 poor. \
         Pages that could not be fetched have no score.</p>\n\
         <p><strong>Errors</strong> are sentences that overpromise: results before eight weeks, transplant equivalence, \
         dropping finasteride or minoxidil, everyone a candidate, guarantees, overstated evidence, one session for good, \
         or a misnamed product. The highlighted words are what triggered the finding; the suggested wording says the same thing honestly.</p>\n\
         <p><strong>Warnings</strong> are, by default, disclosures a treatment page leaves out ({}). \
         Only pages that present the treatment to a prospective patient are checked for them.</p>\n\
         <p><strong>Not audited</strong> pages were not fetched (robots.txt asked candor to stay away), failed to load, \
         were not HTML, were too large, or redirected to a page audited under its own address.</p>\n</section>\n",
        esc(score::FORMULA),
        if audit.disclosures.is_empty() {
            "none were checked in this audit".to_string()
        } else {
            esc(&audit.disclosures.join(", "))
        }
    );
}

fn score_badge(score: u32) -> String {
    format!("<span class=\"badge {}\">{score}</span>", score::band(score))
}

/// The page's name, and its address under it when the name is a title.
fn page_label(page: &Page, a: &Audited) -> String {
    match &a.title {
        Some(t) if !t.trim().is_empty() => format!("{}<br><small>{}</small>", esc(t), esc(&page.address)),
        _ => esc(&page.address),
    }
}

/// The address (when the heading is a title), HTTP status, redirect and encoding of a page.
fn address_line(page: &Page, a: &Audited) -> String {
    let mut parts = Vec::new();
    if a.title.is_some() {
        parts.push(link(&page.address));
    }
    if let Some(info) = &page.fetch {
        if let Some(status) = info.http_status {
            parts.push(format!("HTTP {status}"));
        }
        if let Some(final_url) = info.final_url.as_deref().filter(|u| *u != page.address) {
            parts.push(format!("redirected to {}", link(final_url)));
        }
    }
    if let Some(encoding) = &a.encoding {
        parts.push(format!("decoded from {}", esc(encoding)));
    }
    parts.join(" · ")
}

/// A link for http(s) addresses (opened only when clicked), plain text otherwise.
fn link(address: &str) -> String {
    match fetch::parse_http_url(address) {
        Ok(_) => format!("<a href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>", esc(address)),
        Err(_) => esc(address),
    }
}

fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#""><img src=x onerror='a()'>&"#),
            "&quot;&gt;&lt;img src=x onerror=&#39;a()&#39;&gt;&amp;"
        );
        assert_eq!(link("javascript:alert(1)"), "javascript:alert(1)");
        assert!(link("https://a.example/?a=1&b=2").contains("href=\"https://a.example/?a=1&amp;b=2\""));
    }
}
