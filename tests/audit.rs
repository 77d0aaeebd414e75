//! `candor audit` end to end: a fixture clinic site served on 127.0.0.1 by the
//! test itself (claims, a redirect, a 404, a slow page, robots.txt, a sitemap
//! index, EUC-KR pages, a PNG, gzip, oversized pages, a redirect loop, a dead
//! port), and a folder of local files. Assertions read audit.json,
//! findings.csv and report.html as a client or a machine would.
#![cfg(feature = "audit")]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

use common::{site, Server};

/// Every test run gives up after this long, so nothing can hang.
const RUN_TIMEOUT: Duration = Duration::from_secs(90);

fn candor() -> Command {
    let mut cmd = Command::cargo_bin("candor").unwrap();
    cmd.env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .timeout(RUN_TIMEOUT);
    cmd
}

/// The fixed test rule pack, instead of the embedded ones.
const RULES: [&str; 4] = [
    "--isolated",
    "--no-default-rules",
    "--rules",
    "tests/fixtures/audit/rules",
];

struct Audited {
    code: i32,
    stderr: String,
    json: Value,
    csv: Vec<BTreeMap<String, String>>,
    html: String,
}

fn audit(args: &[&str], out: &Path) -> Audited {
    let output = candor()
        .arg("audit")
        .args(RULES)
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}\n{stderr}"));
    let json: Value = serde_json::from_str(&read("audit.json")).unwrap();
    let csv_text = read("findings.csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let csv = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect();
    let html = read("report.html");
    Audited {
        code: output.status.code().unwrap_or(-1),
        stderr,
        json,
        csv,
        html,
    }
}

/// The `pages` entry for a URL.
fn page<'a>(json: &'a Value, url: &str) -> &'a Value {
    json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["url"] == url || p["path"] == url)
        .unwrap_or_else(|| panic!("no page {url} in {:#}", json["pages"]))
}

fn rules_at<'a>(json: &'a Value, path: &str) -> Vec<&'a str> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| d["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn audits_the_fixture_site_and_records_every_outcome() {
    let server = Server::start(site::handle);
    // A port nothing listens on: bind one, note it, close it.
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dead_url = format!("http://127.0.0.1:{dead}/x.html");
    let out = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let r = audit(
        &[
            "--sitemap",
            &server.url("/sitemap.xml"),
            &dead_url,
            "--timeout",
            "1",
            "--connect-timeout",
            "2",
            "--max-size",
            "1MB",
            "--max-redirects",
            "3",
            "--delay",
            "20",
        ],
        out.path(),
    );
    let elapsed = started.elapsed();
    println!("fixture site audit: {elapsed:?}");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json = &r.json;
    let url = |p: &str| server.url(p);
    let status = |p: &str| page(json, &url(p))["status"].as_str().unwrap().to_string();
    let failure = |p: &str| {
        page(json, &url(p))["failure"]["kind"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };

    // Pages with claims, and the disclosure verdicts of the test pack.
    let clinic = page(json, &url("/clinic.html"));
    assert_eq!(clinic["status"], "audited");
    assert_eq!(clinic["http_status"], 200);
    assert_eq!(clinic["treatment_page"], true);
    assert_eq!(clinic["disclosures"]["present"], serde_json::json!(["course"]));
    assert_eq!(clinic["disclosures"]["missing"], serde_json::json!(["side-effects"]));
    assert_eq!(clinic["findings"]["errors"], 2);
    assert_eq!(clinic["findings"]["warnings"], 1);
    assert_eq!(clinic["score"], 100 - 2 * 10 - 4);
    let mut clinic_rules = rules_at(json, &url("/clinic.html"));
    clinic_rules.sort();
    assert_eq!(
        clinic_rules,
        [
            "disclosure/side-effects",
            "early-results/test-weeks",
            "guarantee/test-guaranteed"
        ]
    );
    let about = page(json, &url("/about.html"));
    assert_eq!(
        (about["status"].as_str(), about["treatment_page"].as_bool()),
        (Some("audited"), Some(false))
    );
    assert_eq!(about["score"], 100);

    // A 301 is followed; the final URL is recorded. A redirect to a page audited
    // in its own right is a duplicate, not counted twice.
    let old = page(json, &url("/old-offer"));
    assert_eq!(old["status"], "audited");
    assert_eq!(old["final_url"], url("/offer.html"));
    assert_eq!(old["http_status"], 200);
    assert_eq!(status("/moved"), "duplicate");
    assert_eq!(page(json, &url("/moved"))["duplicate_of"], url("/clinic.html"));

    // Failures, each with its kind.
    assert_eq!(
        (status("/missing.html"), failure("/missing.html")),
        ("failed".into(), "http-status".into())
    );
    assert_eq!(page(json, &url("/missing.html"))["http_status"], 404);
    assert_eq!(failure("/slow.html"), "timeout");
    assert_eq!(failure("/logo.png"), "not-html");
    assert_eq!(page(json, &url("/logo.png"))["content_type"], "image/png");
    assert_eq!(failure("/big.html"), "too-large");
    assert_eq!(failure("/stream.html"), "too-large");
    assert_eq!(failure("/loop"), "too-many-redirects");
    assert_eq!(page(json, &dead_url)["failure"]["kind"], "connect");
    assert_eq!(page(json, &dead_url)["site"], format!("127.0.0.1:{dead}"));

    // robots.txt: the disallowed page is recorded and never requested.
    assert_eq!(status("/private/draft.html"), "skipped-by-robots");
    assert_eq!(
        page(json, &url("/private/draft.html"))["robots_rule"],
        "Disallow: /private/"
    );
    let requests = server.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    assert!(!paths.contains(&"/private/draft.html"), "{paths:?}");
    assert_eq!(paths.iter().filter(|p| **p == "/robots.txt").count(), 1, "{paths:?}");
    assert!(
        paths.contains(&"/sitemap-pages.xml"),
        "the sitemap index was followed: {paths:?}"
    );
    // The user agent, gzip, and the per-host limit of 2.
    let agent = format!("candor/{} (+content audit)", env!("CARGO_PKG_VERSION"));
    assert!(
        requests.iter().all(|r| r.user_agent.as_deref() == Some(agent.as_str())),
        "{requests:?}"
    );
    let gzip = requests.iter().find(|r| r.path == "/gzip.html").unwrap();
    assert!(gzip.accept_encoding.as_deref().unwrap_or("").contains("gzip"));
    assert_eq!(status("/gzip.html"), "audited");
    assert_eq!(rules_at(json, &url("/gzip.html")), ["guarantee/test-guaranteed"]);
    assert!(server.peak.load(std::sync::atomic::Ordering::SeqCst) <= 2);

    // EUC-KR by HTTP header and by <meta>: decoded, and spans point at the original bytes.
    for path in ["/korean-header.html", "/korean-meta.html"] {
        let p = page(json, &url(path));
        assert_eq!(
            (p["status"].as_str(), p["encoding"].as_str()),
            (Some("audited"), Some("EUC-KR")),
            "{path}"
        );
        let d = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"] == url(path))
            .unwrap_or_else(|| panic!("no finding on {path}"));
        assert_eq!(d["rule"], "early-results/test-weeks");
        let bytes = site::korean(path.contains("meta"));
        let (start, end) = (
            d["span"]["start"].as_u64().unwrap() as usize,
            d["span"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&bytes[start..end], b"new growth in just 3 weeks");
    }

    // Summary, the CSV and the report agree with the JSON.
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["files"], 6, "audited pages: {:#}", json["pages"]);
    assert_eq!(r.csv.len(), diagnostics.len());
    let row = r
        .csv
        .iter()
        .find(|row| row["rule"] == "guarantee/test-guaranteed" && row["path_or_url"] == url("/clinic.html"))
        .unwrap();
    assert_eq!(row["site"], format!("127.0.0.1:{}", server.port));
    assert_eq!(row["severity"], "error");
    assert_eq!(row["category"], "guarantee");
    assert!(row["sentence"].contains("guaranteed regrowth"), "{row:?}");
    assert!(
        row["sentence"].contains("\"&gt;") || row["sentence"].contains("\"><img"),
        "quotes survive: {row:?}"
    );
    assert!(!row["suggestion"].is_empty());
    assert!(row["line"].parse::<usize>().unwrap() > 1);
    let html = &r.html;
    for expected in [
        "<svg",
        "Findings by category",
        "Disclosure coverage",
        "Pages, worst first",
        "<mark>guaranteed regrowth</mark>",
        "Timed out",
        "Not an HTML page",
        "Page too large",
        "Too many redirects",
        "Connection failed",
        "Skipped: robots.txt",
        "HTTP 404",
        "score = max(0, 100",
    ] {
        assert!(html.contains(expected), "report.html lacks {expected:?}");
    }
    assert!(r.stderr.contains("Audited 6 of 15 page(s)"), "{}", r.stderr);
    // 15 pages at 20 ms apart on one host, a 1 s timeout: well under the run timeout.
    assert!(elapsed < Duration::from_secs(30), "took {elapsed:?}");
}

/// Tags and attributes candor itself writes into report.html.
const REPORT_TAGS: [&str; 38] = [
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "header",
    "footer",
    "section",
    "article",
    "nav",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "p",
    "a",
    "br",
    "small",
    "strong",
    "code",
    "span",
    "div",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "ol",
    "ul",
    "li",
    "blockquote",
    "mark",
    "figure",
    "figcaption",
];
const SVG_TAGS: [&str; 3] = ["svg", "rect", "text"];

#[test]
fn page_text_never_becomes_markup_in_the_report() {
    let server = Server::start(site::handle);
    let out = tempfile::tempdir().unwrap();
    let r = audit(&[&server.url("/clinic.html"), "--delay", "0"], out.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let tokens = html5gum::Tokenizer::new(r.html.as_str());
    let mut tags = BTreeSet::new();
    let mut text = String::new();
    for token in tokens {
        match token.unwrap() {
            html5gum::Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                for (attr, value) in &tag.attributes {
                    let attr = String::from_utf8_lossy(attr);
                    assert!(
                        !attr.to_ascii_lowercase().starts_with("on"),
                        "event handler {attr} on <{name}>"
                    );
                    if attr == "href" {
                        let value = String::from_utf8_lossy(value);
                        assert!(
                            value.starts_with('#') || value.starts_with("http://127.0.0.1:"),
                            "unexpected link {value}"
                        );
                    }
                }
                tags.insert(name);
            }
            html5gum::Token::String(s) => text.push_str(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    let unexpected: Vec<&String> = tags
        .iter()
        .filter(|t| !REPORT_TAGS.contains(&t.as_str()) && !SVG_TAGS.contains(&t.as_str()))
        .collect();
    assert!(unexpected.is_empty(), "tags from page text: {unexpected:?}");
    assert!(!tags.contains("script") && !tags.contains("img"));
    // The page's text is there, as text.
    assert!(text.contains("alert(1)") && text.contains("onerror=alert(2)"), "{text}");
    assert!(!r.html.to_ascii_lowercase().contains("<script"));
    assert!(!r.html.contains("<img"));
}

#[test]
fn audits_local_files_and_gates_only_when_asked() {
    let out = tempfile::tempdir().unwrap();
    let r = audit(&["tests/fixtures/audit/site"], out.path());
    assert_eq!(r.code, 0, "findings alone do not fail an audit: {}", r.stderr);
    let clinic = page(&r.json, "tests/fixtures/audit/site/clinic.html");
    assert_eq!(clinic["site"], "local files");
    assert_eq!(clinic["status"], "audited");
    assert!(clinic.get("http_status").is_none());
    assert_eq!(r.json["summary"]["files"], 4);
    assert!(r.html.contains("local files"));
    // The same input gives the same report, byte for byte.
    let again = tempfile::tempdir().unwrap();
    let second = audit(&["tests/fixtures/audit/site"], again.path());
    assert_eq!(r.html, second.html);
    assert_eq!(r.json, second.json);

    let gated = tempfile::tempdir().unwrap();
    let output = candor()
        .arg("audit")
        .args(RULES)
        .args(["tests/fixtures/audit/site", "--fail-on", "error", "--out"])
        .arg(gated.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        gated.path().join("report.html").is_file(),
        "the report is written before the gate"
    );
}

/// An audit that stops at `--max-pages` says so on standard error and in
/// its reports, and audits the pages it kept.
#[test]
fn an_audit_stopped_at_its_page_limit_says_so() {
    let out = tempfile::tempdir().unwrap();
    let r = audit(&["tests/fixtures/audit/site", "--max-pages", "2"], out.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json["summary"]["files"], 2);
    assert_eq!(r.json["pages_over_limit"], 2, "{:#}", r.json);
    assert!(
        r.stderr
            .contains("warning: 2 more page(s) were listed but not audited: the audit stops at --max-pages 2"),
        "{}",
        r.stderr
    );
    assert!(
        r.html.contains("2 more pages were listed but not audited"),
        "{}",
        r.html
    );
}

/// `--detail-pages` bounds the pages report.html details, worst first; the
/// ranking still lists every page, and the CSV and JSON every finding.
#[test]
fn the_report_details_the_worst_pages_up_to_its_limit() {
    let out = tempfile::tempdir().unwrap();
    let all = audit(&["tests/fixtures/audit/site"], out.path());
    let out = tempfile::tempdir().unwrap();
    let one = audit(&["tests/fixtures/audit/site", "--detail-pages", "1"], out.path());
    assert_eq!(one.code, 0, "{}", one.stderr);
    let articles = |html: &str| html.matches("<article class=\"page\"").count();
    assert!(articles(&all.html) > 1, "{}", all.html);
    assert_eq!(articles(&one.html), 1, "{}", one.html);
    // The one shown is the worst, the first in the ranking, and only it is linked.
    assert_eq!(one.html.matches("<a href=\"#p0-").count(), 1);
    assert!(one.html.contains("<a href=\"#p0-0\">") && one.html.contains("id=\"p0-0\""));
    // Claims and missing disclosures, as the details list them.
    let listed =
        |html: &str| html.matches("<li class=\"finding sev-").count() + html.matches("<li class=\"sev-").count();
    let note = format!(
        "The other {} with findings {} {} more finding",
        match articles(&all.html) - 1 {
            1 => "1 page".to_string(),
            n => format!("{n} pages"),
        },
        match articles(&all.html) - 1 {
            1 => "carries",
            _ => "carry",
        },
        listed(&all.html) - listed(&one.html)
    );
    assert!(one.html.contains(&note), "{note:?} not in {}", one.html);
    assert_eq!(one.csv.len(), all.csv.len(), "the CSV keeps every finding");
    assert_eq!(one.json, all.json, "audit.json does not depend on the report's detail");
    assert!(!all.html.contains("Shown one by one here"), "under the limit, no note");
    // The coverage grid keeps a row for the detailed page alone, under the
    // totals of every treatment page.
    let grid = |html: &str| {
        let at = html.find("<h3>Disclosure coverage").unwrap();
        let end = at + html[at..].find("</table>").unwrap();
        html[at..end].to_string()
    };
    assert_eq!(grid(&one.html).matches("<tr><td class=\"addr\">").count(), 1);
    assert_eq!(grid(&all.html).matches("<tr><td class=\"addr\">").count(), 4);
    let totals = |html: &str| {
        let grid = grid(html);
        let at = grid.find("<tr class=\"total\">").unwrap();
        grid[at..at + grid[at..].find("</tr>").unwrap()].to_string()
    };
    assert_eq!(totals(&one.html), totals(&all.html));
}

#[test]
fn usage_errors_exit_2() {
    let out = tempfile::tempdir().unwrap();
    let output = candor()
        .args(["audit", "--isolated", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("nothing to audit"));
    let output = candor()
        .args(["audit", "--isolated", "x", "--max-size", "lots", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    // Inputs that name no page at all: the report lists them, and the run fails.
    let output = candor()
        .args([
            "audit",
            "--isolated",
            "no/such/folder",
            "--sitemap",
            "no-such-sitemap.xml",
            "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&std::fs::read(out.path().join("audit.json")).unwrap()).unwrap();
    assert_eq!(json["errors"].as_array().unwrap().len(), 2);
    assert!(json["pages"].as_array().unwrap().is_empty());
}
