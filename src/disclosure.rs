//! Document-level checks: is this a treatment page, and which required
//! disclosures does it leave out?
//!
//! A document is a treatment page when it names the treatment often enough
//! and offers it to the reader (signals from rules/disclosures/), and is not
//! mainly about something else (careers, privacy, news). A disclosure is
//! present when one of its presence patterns matches in an asserted sentence:
//! "no side effects" negates the very thing it mentions, so it discloses none.

use serde::Serialize;

use crate::extract::{Block, BlockKind};
use crate::finding::{Finding, FindingKind};
use crate::position::Span;
use crate::rules::{Disclosure, RuleSet};
use crate::segment::Sentence;

/// What the disclosure check decided about a document, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentVerdict {
    pub treatment_page: bool,
    pub reason: String,
    pub profile: Option<String>,
    /// Disclosures found, with where.
    pub present: Vec<(String, Span)>,
    pub missing: Vec<String>,
}

/// A document's blocks, each with its sentences.
pub struct Segmented<'a> {
    pub blocks: &'a [Block],
    pub sentences: &'a [Vec<Sentence>],
}

/// Decide whether the document is a treatment page and, if so, report every
/// disclosure its profile requires that it does not make.
pub fn check(
    doc: &Segmented<'_>,
    rules: &RuleSet,
    profile: Option<&str>,
    text: &str,
) -> (DocumentVerdict, Vec<Finding>) {
    let (treatment_page, reason) = classify(doc, rules);
    let required = required(rules, profile);
    let mut verdict = DocumentVerdict {
        treatment_page,
        reason,
        profile: required.as_ref().map(|(name, _)| name.to_string()),
        present: Vec::new(),
        missing: Vec::new(),
    };
    if !treatment_page {
        return (verdict, Vec::new());
    }
    let Some((_, names)) = required else {
        return (verdict, Vec::new());
    };
    let place = placement(doc.blocks, text);
    let mut findings = Vec::new();
    for (index, disclosure) in rules.disclosures.iter().enumerate() {
        if !names.iter().any(|n| *n == disclosure.name) {
            continue;
        }
        match find_presence(doc, rules, index) {
            Some(span) => verdict.present.push((disclosure.name.clone(), span)),
            None => {
                verdict.missing.push(disclosure.name.clone());
                findings.push(missing_finding(disclosure, place));
            }
        }
    }
    (verdict, findings)
}

/// The profile's name and required disclosures: the one asked for, else
/// `clinic-page`, else every loaded disclosure.
fn required<'a>(rules: &'a RuleSet, profile: Option<&'a str>) -> Option<(&'a str, Vec<&'a str>)> {
    let wanted = profile.unwrap_or("clinic-page");
    if let Some(p) = rules.profiles.iter().find(|p| p.name == wanted) {
        return Some((&p.name, p.requires.iter().map(String::as_str).collect()));
    }
    if profile.is_some() || rules.disclosures.is_empty() {
        return None;
    }
    Some(("all", rules.disclosures.iter().map(|d| d.name.as_str()).collect()))
}

fn classify(doc: &Segmented<'_>, rules: &RuleSet) -> (bool, String) {
    let m = &rules.matcher;
    let signals = &rules.treatment;
    if m.treatment_subject.is_empty() {
        return (false, "no treatment signals are loaded".into());
    }
    let count_hits = |regexes: &[regex::Regex]| -> (usize, usize) {
        let mut total = 0;
        let mut distinct = 0;
        for re in regexes {
            let n: usize = doc.blocks.iter().map(|b| re.find_iter(&b.text).count()).sum();
            total += n;
            distinct += usize::from(n > 0);
        }
        (total, distinct)
    };
    let (subject, _) = count_hits(&m.treatment_subject);
    let (_, offer) = count_hits(&m.treatment_offer);
    let (_, other) = count_hits(&m.treatment_other);
    let is_page = subject >= signals.min_subject && offer >= signals.min_offer && other < offer;
    let reason = format!(
        "{} treatment page: names the treatment {subject} time(s) (needs {}), {offer} kind(s) of offer to the reader (needs {}), {other} sign(s) of another subject",
        if is_page { "a" } else { "not a" },
        signals.min_subject,
        signals.min_offer,
    );
    (is_page, reason)
}

/// The first asserted sentence where a presence pattern of disclosure `index` matches.
fn find_presence(doc: &Segmented<'_>, rules: &RuleSet, index: usize) -> Option<Span> {
    for (block, sentences) in doc.blocks.iter().zip(doc.sentences) {
        for sentence in sentences {
            if let Some(hit) = asserted_presence(rules, index, sentence.text(&block.text)) {
                return Some(block.source_span(sentence.start + hit.start, sentence.start + hit.end));
            }
        }
    }
    None
}

/// Where in `sentence` disclosure `index` is made, if a presence pattern
/// matches there and the copy asserts it (not "no side effects").
pub fn asserted_presence(rules: &RuleSet, index: usize, sentence: &str) -> Option<std::ops::Range<usize>> {
    let m = &rules.matcher;
    m.disclosures[index].iter().find_map(|re| {
        re.find_iter(sentence).map(|hit| hit.start()..hit.end()).find(|range| {
            m.context
                .classify(sentence, range.clone(), std::slice::from_ref(range))
                .is_none()
        })
    })
}

/// Where a missing disclosure is reported: the title or first heading, else the first block.
fn placement(blocks: &[Block], text: &str) -> Span {
    let anchor = blocks
        .iter()
        .find(|b| b.kind == BlockKind::Title)
        .or_else(|| blocks.iter().find(|b| b.kind == BlockKind::Heading))
        .or_else(|| blocks.first());
    match anchor {
        Some(block) => block.source_span(0, block.text.len()),
        None => Span::new(0, text.find('\n').unwrap_or(text.len())),
    }
}

fn missing_finding(disclosure: &Disclosure, place: Span) -> Finding {
    Finding {
        rule: disclosure.rule_id(),
        category: disclosure.category(),
        severity: disclosure.severity,
        kind: FindingKind::Disclosure,
        message: disclosure.message.clone(),
        span: place,
        sentence: place,
        suggestion: Some(format!("{} ({})", disclosure.suggestion, disclosure.placement)),
        fix: None,
    }
}
