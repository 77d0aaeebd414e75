//! Probes: sentences written to find what the rules miss, kept so what they
//! found stays fixed. `tests/fixtures/probes/claims.md` holds one
//! overpromise per paragraph (ad copy, captions, testimonials, FAQ pairs in
//! one paragraph, "Label: value" lines, non-native English), and
//! `honest.md` one sentence per paragraph that names such claims to deny,
//! question, attribute or warn against them, or states the honest figures.
//! About half were written by someone who had not read the rules.
//!
//! Every honest paragraph stays quiet; every claim is flagged but the few
//! listed in `KNOWN_MISSES`, which say what candor cannot read yet.

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
