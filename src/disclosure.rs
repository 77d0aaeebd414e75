//! Required disclosures: which of the things its profile requires does a
//! treatment page leave out?
//!
//! A disclosure is made when each of its parts is: one of the part's presence
//! patterns matches in a sentence the copy does not take back ("no side
//! effects" negates the very thing it mentions, so it discloses none) and no
//! exception of the disclosure matches that sentence ("zero redness").
//! Whether the document is a treatment page at all is `treatment`'s decision.

use std::ops::Range;

use serde::Serialize;

use crate::context::Dismissal;
use crate::extract::{Block, BlockKind};
use crate::finding::{Finding, FindingKind};
use crate::matcher::{matches_from, BlockHits};
use crate::position::Span;
use crate::rules::{ContextKind, Disclosure, RuleSet};
use crate::segment::Sentence;

/// What the disclosure check decided about a document, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentVerdict {
    pub treatment_page: bool,
    pub reason: String,
    pub profile: Option<String>,
    /// Disclosures made, with where (the first part found).
    pub present: Vec<(String, Span)>,
    pub missing: Vec<String>,
    /// Missing disclosures some of whose parts were made: name, parts not made.
    pub partial: Vec<(String, Vec<String>)>,
}

impl DocumentVerdict {
    /// The missing disclosures as a reader wants them: `course (maintenance), product`.
    pub fn missing_list(&self) -> String {
        self.missing
            .iter()
            .map(|name| match self.partial.iter().find(|(n, _)| n == name) {
                Some((_, parts)) => format!("{name} ({})", parts.join(", ")),
                None => name.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A document's blocks, each with its sentences and the document patterns
/// that match in them.
pub struct Segmented<'a> {
    pub blocks: &'a [Block],
    pub sentences: &'a [Vec<Sentence>],
    pub hits: &'a [BlockHits],
}

/// Decide whether the document is a treatment page and, if so, report every
/// disclosure its profile requires that it does not make.
pub fn check(
    doc: &Segmented<'_>,
    rules: &RuleSet,
    profile: Option<&str>,
    text: &str,
) -> (DocumentVerdict, Vec<Finding>) {
    let (treatment_page, reason) = crate::treatment::classify(doc, rules);
    let required = required(rules, profile);
    let mut verdict = DocumentVerdict {
        treatment_page,
        reason,
        profile: required.as_ref().map(|(name, _)| name.to_string()),
        present: Vec::new(),
        missing: Vec::new(),
        partial: Vec::new(),
    };
    let Some((_, names)) = required.filter(|_| treatment_page) else {
        return (verdict, Vec::new());
    };
    let place = placement(doc.blocks, text);
    let mut findings = Vec::new();
    for (index, disclosure) in rules.disclosures.iter().enumerate() {
        if !names.contains(&disclosure.name.as_str()) {
            continue;
        }
        let found = find_parts(doc, rules, index);
        if let Some(first) = found.iter().flatten().min_by_key(|s| s.start) {
            if found.iter().all(Option::is_some) {
                verdict.present.push((disclosure.name.clone(), *first));
                continue;
            }
        }
        let unmade: Vec<String> = disclosure
            .parts
            .iter()
            .zip(&found)
            .filter(|(_, span)| span.is_none())
            .map(|(part, _)| part.name.clone())
            .collect();
        let made: Vec<String> = disclosure
            .parts
            .iter()
            .zip(&found)
            .filter(|(_, span)| span.is_some())
            .map(|(part, _)| part.name.clone())
            .collect();
        verdict.missing.push(disclosure.name.clone());
        if !made.is_empty() {
            verdict.partial.push((disclosure.name.clone(), unmade.clone()));
        }
        findings.push(missing_finding(disclosure, &made, &unmade, place));
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

/// Where each part of disclosure `index` is first made in the document.
fn find_parts(doc: &Segmented<'_>, rules: &RuleSet, index: usize) -> Vec<Option<Span>> {
    let mut found = vec![None; rules.disclosures[index].parts.len()];
    let patterns = &rules.matcher.disclosures[index];
    for ((block, sentences), hits) in doc.blocks.iter().zip(doc.sentences).zip(doc.hits) {
        if !patterns.parts.iter().flatten().any(|&p| hits.in_block(p)) {
            continue;
        }
        for s in hits.sentences() {
            let sentence = &sentences[s];
            let place = |hit: Range<usize>| block.source_span(sentence.start + hit.start, sentence.start + hit.end);
            made_in(rules, index, sentence.text(&block.text), (hits, s), &mut found, place);
            if found.iter().all(Option::is_some) {
                return found;
            }
        }
    }
    found
}

/// Which parts of disclosure `index` `sentence` makes, and where: one entry
/// per part, `None` where the sentence does not make it. A question makes
/// none, whatever word it opens with: "Redness?" tells the reader nothing.
pub fn parts_in(rules: &RuleSet, index: usize, sentence: &str) -> Vec<Option<Range<usize>>> {
    let hits = rules.matcher.document.hits_in_sentence(sentence);
    let mut found = vec![None; rules.disclosures[index].parts.len()];
    made_in(rules, index, sentence, (&hits, 0), &mut found, |range| range);
    found
}

/// Fill each part of disclosure `index` still `None` in `found` that
/// `sentence` (sentence `s` of the block `hits` describe) makes, with `place`
/// of where. Only the document patterns the set found there run, and only
/// for the parts not found yet; an exception the set reports counts once its
/// own regex agrees (the set may report more than matches).
fn made_in<T>(
    rules: &RuleSet,
    index: usize,
    sentence: &str,
    (hits, s): (&BlockHits, usize),
    found: &mut [Option<T>],
    place: impl Fn(Range<usize>) -> T,
) {
    let m = &rules.matcher;
    let patterns = &m.disclosures[index];
    let matches = |p: usize| hits.in_sentence(s, p);
    let makes_any = || patterns.parts.iter().flatten().any(|&p| matches(p));
    let excepted = |e: usize| matches(e) && m.document.regex(e).is_match(sentence);
    if !makes_any() || Sentence::is_question(sentence) || patterns.exceptions.iter().any(|&e| excepted(e)) {
        return;
    }
    let discloses = |range: &Range<usize>| {
        let context = m.context.classify(sentence, range.clone(), std::slice::from_ref(range));
        context.is_none_or(|d| discloses_in(d.context) || colon_between(sentence, &d, range))
    };
    for (part, slot) in patterns.parts.iter().zip(found.iter_mut()) {
        if slot.is_some() {
            continue;
        }
        *slot = part.iter().filter(|&&p| matches(p)).find_map(|&p| {
            matches_from(m.document.regex(p), sentence, hits.start_in(s, p))
                .map(|hit| hit.range())
                .find(|range| discloses(range))
                .map(&place)
        });
    }
}

/// Whether a mention in this context still tells the reader the thing.
///
/// A negated mention ("no redness, no downtime") or a question ("Will my scalp
/// be red?", and any sentence ending in `?`) does not. The other contexts do: disclosures are often
/// conditional ("if your hair loss is advanced, we refer you for a transplant
/// assessment"), warnings ("avoid swimming for 48 hours") or listed ("effects
/// such as redness"), and none of those takes the information back. A colon
/// between a negation and the mention ends the negation for a disclosure:
/// what follows it is what the copy offers instead ("not a single session:
/// four to six visits over ten weeks").
fn discloses_in(context: ContextKind) -> bool {
    !matches!(context, ContextKind::Negated | ContextKind::Question)
}

fn colon_between(sentence: &str, negation: &Dismissal, mention: &Range<usize>) -> bool {
    negation.context == ContextKind::Negated
        && negation.trigger_range.end <= mention.start
        && sentence[negation.trigger_range.end..mention.start].contains(':')
}

/// Where a missing disclosure is reported: the page's main heading (its
/// first `<h1>` or `#`), where an editor would look and a reader would
/// start, else its title (an HTML `<title>` is not shown on the page, but a
/// page with no `<h1>` has nothing better), else its first heading, else its
/// first block.
fn placement(blocks: &[Block], text: &str) -> Span {
    let anchor = blocks
        .iter()
        .find(|b| b.kind == BlockKind::Heading && b.level == 1)
        .or_else(|| blocks.iter().find(|b| b.kind == BlockKind::Title))
        .or_else(|| blocks.iter().find(|b| b.kind == BlockKind::Heading))
        .or_else(|| blocks.first());
    match anchor {
        Some(block) => block.source_span(0, block.text.len()),
        None => Span::new(0, text.find('\n').unwrap_or(text.len())),
    }
}

fn missing_finding(disclosure: &Disclosure, made: &[String], unmade: &[String], place: Span) -> Finding {
    let message = if made.is_empty() {
        disclosure.message.clone()
    } else {
        format!(
            "{} (the page gives the {} but not the {})",
            disclosure.message,
            made.join(" and "),
            unmade.join(" or ")
        )
    };
    Finding {
        rule: disclosure.rule_id().into(),
        category: disclosure.category().into(),
        severity: disclosure.severity,
        kind: FindingKind::Disclosure,
        message: message.into(),
        span: place,
        sentence: place,
        suggestion: Some(format!("{} ({})", disclosure.suggestion, disclosure.placement).into()),
        fix: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{embedded, PackSource, Selection};
    use crate::source::{Format, SourceFile};

    /// The embedded packs plus a two-part disclosure with an exception.
    fn rules() -> RuleSet {
        let mut sources = embedded::sources();
        sources.push(PackSource {
            name: "test.toml".into(),
            text: r#"
[[disclosure]]
name = "test-course"
summary = "s"
message = "does not give the course"
suggestion = "Four sessions, then maintenance every six months."
placement = "by the price"
rationale = "r"
source = "s"
exceptions = ['''\bzero\s+sessions''', '''\bzero\b[^.;!?]{0,12}\bextra\s+sessions''']
[[disclosure.part]]
name = "sessions"
presence = ['''\bfour\s+sessions''']
[[disclosure.part]]
name = "maintenance"
presence = ['''\bmaintenance\s+every\s+six\s+months''']

[[profile]]
name = "test"
requires = ["test-course"]
"#
            .into(),
        });
        RuleSet::load(&sources, &Selection::default()).unwrap()
    }

    fn index(rules: &RuleSet) -> usize {
        rules.disclosures.iter().position(|d| d.name == "test-course").unwrap()
    }

    fn made(rules: &RuleSet, sentence: &str) -> Vec<bool> {
        parts_in(rules, index(rules), sentence)
            .iter()
            .map(Option::is_some)
            .collect()
    }

    #[test]
    fn each_part_is_found_where_the_copy_asserts_it() {
        let rules = rules();
        assert_eq!(made(&rules, "A course is four sessions."), [true, false]);
        assert_eq!(made(&rules, "Then maintenance every six months."), [false, true]);
        assert_eq!(
            made(&rules, "You will not need four sessions."),
            [false, false],
            "negated"
        );
        assert_eq!(made(&rules, "Do I need four sessions?"), [false, false], "questioned");
        assert_eq!(
            made(&rules, "If you have thin hair, expect four sessions."),
            [true, false],
            "conditional"
        );
        assert_eq!(
            made(&rules, "Not a single visit: four sessions."),
            [true, false],
            "colon ends the negation"
        );
        assert_eq!(
            made(&rules, "Zero sessions, or four sessions, whatever."),
            [false, false],
            "exception"
        );
        // An exception counts only where its own regex matches: the document
        // set is widened (its `\s` takes any non-ASCII character) and reports
        // the exception in the em-dash sentence.
        assert_eq!(
            made(&rules, "Zero, as in not one, of the extra sessions: four sessions."),
            [true, false],
            "not an exception: the gap is longer than its bound"
        );
        assert_eq!(
            made(&rules, "Zero—sessions aside, a course is four sessions."),
            [true, false],
            "not an exception"
        );
        assert_eq!(made(&rules, "Zero\u{2003}sessions, or four sessions."), [false, false]);
    }

    fn verdict(rules: &RuleSet, text: &str) -> (DocumentVerdict, Vec<Finding>) {
        let page = format!(
            "# Exosome mesotherapy\n\nOur clinic offers exosome mesotherapy. Book a consultation; \
             each session costs ₩300,000.\n\n{text}\n"
        );
        let source = SourceFile::from_text("page.md", Format::Markdown, page);
        let output = crate::lint(
            &source,
            rules,
            &crate::LintOptions {
                profile: Some("test".into()),
                ..Default::default()
            },
        );
        let findings = output
            .findings
            .into_iter()
            .filter(|f| f.kind == FindingKind::Disclosure)
            .collect();
        (output.document.unwrap(), findings)
    }

    #[test]
    fn a_disclosure_is_made_only_when_every_part_is() {
        let rules = rules();
        let (doc, findings) = verdict(&rules, "A course is four sessions. Then maintenance every six months.");
        assert!(doc.treatment_page, "{}", doc.reason);
        assert_eq!(doc.present.len(), 1);
        assert!(findings.is_empty());

        let (doc, findings) = verdict(&rules, "A course is four sessions.");
        assert_eq!(doc.missing, ["test-course"]);
        assert_eq!(doc.missing_list(), "test-course (maintenance)");
        assert_eq!(
            &*findings[0].message,
            "does not give the course (the page gives the sessions but not the maintenance)"
        );
        assert_eq!(
            findings[0].suggestion.as_deref(),
            Some("Four sessions, then maintenance every six months. (by the price)")
        );
        let (doc, findings) = verdict(&rules, "Nothing about it.");
        assert_eq!(doc.missing_list(), "test-course");
        assert_eq!(&*findings[0].message, "does not give the course");
    }

    /// A missing disclosure is reported at the page's main heading, not at
    /// an HTML `<title>` the page does not show; at the title if there is
    /// no `<h1>`.
    #[test]
    fn a_missing_disclosure_is_reported_at_the_main_heading() {
        let placed = |html: &str| {
            let blocks = crate::extract::extract(&SourceFile::from_text("p.html", Format::Html, html)).blocks;
            html[placement(&blocks, html).range()].to_string()
        };
        let head = "<head><title>Exosome therapy | Clinic</title></head>";
        assert_eq!(
            placed(&format!("{head}<body><h2>Intro</h2><h1>Exosome therapy</h1></body>")),
            "Exosome therapy"
        );
        assert_eq!(
            placed(&format!("{head}<body><h2>Intro</h2></body>")),
            "Exosome therapy | Clinic"
        );
        assert_eq!(placed("<body><p>Text</p><h3>Intro</h3></body>"), "Intro");
    }
}
