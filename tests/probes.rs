//! Probes: sentences written to find what the rules miss, kept so what they
//! found stays fixed. `tests/fixtures/probes/claims.md` holds one
//! overpromise per paragraph (ad copy, captions, testimonials, FAQ pairs in
//! one paragraph, "Label: value" lines, non-native English), and
//! `honest.md` one sentence per paragraph that names such claims to deny,
//! question, attribute or warn against them, or states the honest figures.
//! About half were written by someone who had not read the rules.
//!
//! Every honest paragraph stays quiet; every claim is flagged but the few
//! listed in `KNOWN_MISSES`, which say what candor cannot read yet. Two
//! clinic pages in HTML, one overpromising (with labels) and one honest,
//! probe the same on the structures real sites use.

use candor::{lint, FindingKind, Format, LintOptions, RuleSet, SourceFile};

/// Claims candor does not flag, and why. A miss that starts being flagged
/// fails the test too, so this list stays true.
const KNOWN_MISSES: &[(&str, &str)] = &[
    (
        "Many patient who was refused transplant, now have full hair.",
        "non-native grammar: no pattern reads \"refused transplant … now have full hair\"",
    ),
    (
        "Bald to full in 30 days.",
        "a pattern for it was one more copy of the duration vocabulary (+0.46% instructions)",
    ),
    (
        "I flew home to Sydney after my first session and my wife noticed the extra density by the following weekend.",
        "\"the following weekend\" is not in the duration vocabulary",
    ),
    (
        "Hair become more thick from very first week, so our customer are always very surprise.",
        "non-native grammar: \"more thick\" is not in the outcome vocabulary",
    ),
];

/// The paragraphs of a probe file, each with its byte range.
fn paragraphs(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for part in text.split("\n\n") {
        let trimmed = part.trim();
        if !trimmed.is_empty() {
            out.push((at + part.find(trimmed).unwrap_or(0), trimmed));
        }
        at += part.len() + 2;
    }
    out
}

/// For each paragraph of `path`, the rules of the claim findings in it.
fn flagged(path: &str) -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(path).expect("probe file");
    let rules = RuleSet::embedded();
    let source = SourceFile::from_text(path, Format::Markdown, text.clone());
    let options = LintOptions {
        no_disclosures: true,
        ..LintOptions::default()
    };
    let findings = lint(&source, &rules, &options).findings;
    paragraphs(&text)
        .into_iter()
        .map(|(start, paragraph)| {
            let end = start + paragraph.len();
            let rules = findings
                .iter()
                .filter(|f| f.kind == FindingKind::Claim && f.span.start >= start && f.span.start < end)
                .map(|f| f.rule.to_string())
                .collect();
            (paragraph.to_string(), rules)
        })
        .collect()
}

#[test]
fn every_probed_claim_is_flagged_but_the_known_misses() {
    let results = flagged("tests/fixtures/probes/claims.md");
    assert!(results.len() >= 80, "{} claim paragraphs", results.len());
    let mut wrong = Vec::new();
    for (paragraph, rules) in &results {
        let known = KNOWN_MISSES.iter().any(|(miss, _)| miss == paragraph);
        match (rules.is_empty(), known) {
            (true, false) => wrong.push(format!("not flagged: {paragraph}")),
            (false, true) => wrong.push(format!("flagged now, take it off KNOWN_MISSES: {paragraph} {rules:?}")),
            _ => {}
        }
    }
    for (miss, _) in KNOWN_MISSES {
        if !results.iter().any(|(paragraph, _)| paragraph == miss) {
            wrong.push(format!(
                "KNOWN_MISSES names a paragraph the probe does not have: {miss}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_probed_honest_sentence_stays_quiet() {
    let results = flagged("tests/fixtures/probes/honest.md");
    assert!(results.len() >= 90, "{} honest paragraphs", results.len());
    let wrong: Vec<String> = results
        .iter()
        .filter(|(_, rules)| !rules.is_empty())
        .map(|(paragraph, rules)| format!("{paragraph} {rules:?}"))
        .collect();
    assert!(wrong.is_empty(), "honest copy flagged:\n{}", wrong.join("\n"));
}

/// A clinic page as sites for foreign patients are built (hero, cards, a
/// comparison table, `<details>` and `<dl>` FAQs, testimonials), and its
/// labels: each claim's words in page order, a tab, its category. Claims
/// in short cells and answers only show with their row label, column
/// header or question, so a finding may sit on the line before.
#[test]
fn the_probed_clinic_page_is_flagged_where_its_labels_say() {
    const KNOWN_MISSES: &[&str] = &[
        // "I am completely bald. Can you still help me?" answered "Absolutely.":
        // the claim is in the sentence before the question.
        "Absolutely.",
    ];
    let page = std::fs::read_to_string("tests/fixtures/probes/overpromising-clinic.html").expect("page");
    let labels = std::fs::read_to_string("tests/fixtures/probes/overpromising-clinic.labels.txt").expect("labels");
    let rules = RuleSet::embedded();
    let source = SourceFile::from_text("clinic.html", Format::Html, page.clone());
    let found: Vec<(usize, String)> = lint(&source, &rules, &LintOptions::default())
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Claim)
        .map(|f| (page[..f.span.start].matches('\n').count() + 1, f.rule.to_string()))
        .collect();
    let mut at = 0;
    let mut wrong = Vec::new();
    for label in labels.lines().filter(|l| !l.trim().is_empty()) {
        let (text, category) = label.split_once('\t').expect("text, tab, category");
        let Some(pos) = page[at..].find(text).map(|p| p + at) else {
            wrong.push(format!("label not in the page, in order: {text}"));
            continue;
        };
        at = pos;
        let line = page[..pos].matches('\n').count() + 1;
        let flagged = found
            .iter()
            .any(|(l, rule)| l.abs_diff(line) <= 1 && rule.starts_with(&format!("{category}/")));
        let known = KNOWN_MISSES.contains(&text);
        if flagged == known {
            wrong.push(format!(
                "line {line} {category} {text:?}: flagged {flagged}, a known miss {known}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The same structures on an honest clinic's page: FAQ questions that name
/// a claim answered honestly, a myth-and-fact table, "permanent",
/// "guaranteed", "best" and "new hair" in honest senses.
#[test]
fn the_probed_honest_clinic_page_stays_quiet() {
    let page = std::fs::read_to_string("tests/fixtures/probes/honest-clinic.html").expect("page");
    let rules = RuleSet::embedded();
    let source = SourceFile::from_text("honest.html", Format::Html, page.clone());
    let flagged: Vec<&str> = lint(&source, &rules, &LintOptions::default())
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Claim)
        .map(|f| &page[f.span.range()])
        .collect();
    assert!(flagged.is_empty(), "{flagged:?}");
}
