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
use crate::rules::{ContextKind, Disclosure, RuleSet};
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

/// How often each pattern of one kind of signal matched, and the words of its first match.
struct Tally(Vec<(usize, String)>);

impl Tally {
    fn of(blocks: &[Block], regexes: &[regex::Regex]) -> Tally {
        Tally(
            regexes
                .iter()
                .map(|re| {
                    let mut hits = blocks.iter().flat_map(|b| re.find_iter(&b.text));
                    let first = hits.next().map(|h| h.as_str().to_lowercase());
                    (first.as_ref().map_or(0, |_| 1 + hits.count()), first.unwrap_or_default())
                })
                .collect(),
        )
    }

    /// Every match of every pattern.
    fn total(&self) -> usize {
        self.0.iter().map(|(n, _)| n).sum()
    }

    /// How many patterns matched at all.
    fn kinds(&self) -> usize {
        self.0.iter().filter(|(n, _)| *n > 0).count()
    }

    /// The pattern that matched most often (the first of equals).
    fn strongest(&self) -> Option<&(usize, String)> {
        self.0
            .iter()
            .filter(|(n, _)| *n > 0)
            .fold(None, |best: Option<&(usize, String)>, t| match best {
                Some(b) if b.0 >= t.0 => Some(b),
                _ => Some(t),
            })
    }

    /// The first words each matching pattern matched, quoted: “exosome”, “growth factors”, …
    fn words(&self) -> String {
        const SHOWN: usize = 4;
        let matched: Vec<&str> = self.0.iter().filter(|(n, _)| *n > 0).map(|(_, w)| w.as_str()).collect();
        let mut out: Vec<String> = matched.iter().take(SHOWN).map(|w| format!("“{w}”")).collect();
        if matched.len() > SHOWN {
            out.push("…".into());
        }
        if out.is_empty() {
            String::new()
        } else {
            format!(": {}", out.join(", "))
        }
    }
}

/// A treatment page names the treatment often enough, addresses a prospective
/// patient in enough ways, and is not mainly about another subject: no `other`
/// pattern matches as often as the treatment is named.
fn classify(doc: &Segmented<'_>, rules: &RuleSet) -> (bool, String) {
    let m = &rules.matcher;
    let signals = &rules.treatment;
    if m.treatment_subject.is_empty() {
        return (false, "not a treatment page: no treatment signals are loaded".into());
    }
    let subject = Tally::of(doc.blocks, &m.treatment_subject);
    let offer = Tally::of(doc.blocks, &m.treatment_offer);
    let other = Tally::of(doc.blocks, &m.treatment_other);
    let named = subject.total();
    let strongest = other.strongest();
    let outweighed = strongest.is_some_and(|(n, _)| *n >= named);
    let is_page = named >= signals.min_subject && offer.kinds() >= signals.min_offer && !outweighed;
    let other_part = match strongest {
        Some((n, word)) if outweighed => format!("another subject matches as often or more: {n} time(s), “{word}”"),
        Some((n, word)) => format!("another subject matches less often: {n} time(s), “{word}”"),
        None => "no other subject".into(),
    };
    let reason = format!(
        "{}: names the treatment {named} time(s) (needs {}){}; addresses the reader as a patient in {} way(s) (needs {}){}; {other_part}",
        if is_page { "a treatment page" } else { "not a treatment page" },
        signals.min_subject,
        subject.words(),
        offer.kinds(),
        signals.min_offer,
        offer.words(),
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
/// matches there and the copy does not take it back.
pub fn asserted_presence(rules: &RuleSet, index: usize, sentence: &str) -> Option<std::ops::Range<usize>> {
    let m = &rules.matcher;
    m.disclosures[index].iter().find_map(|re| {
        re.find_iter(sentence).map(|hit| hit.start()..hit.end()).find(|range| {
            let context = m.context.classify(sentence, range.clone(), std::slice::from_ref(range));
            context.is_none_or(|d| discloses_in(d.context))
        })
    })
}

/// Whether a mention in this context still tells the reader the thing.
///
/// A negated mention ("no redness, no downtime") or a question ("Will my scalp
/// be red?") does not. The other contexts do: disclosures are often
/// conditional ("if your hair loss is advanced, we refer you for a transplant
/// assessment"), warnings ("avoid swimming for 48 hours") or listed ("effects
/// such as redness"), and none of those takes the information back.
fn discloses_in(context: ContextKind) -> bool {
    !matches!(context, ContextKind::Negated | ContextKind::Question)
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
