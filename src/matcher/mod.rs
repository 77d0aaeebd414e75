//! The compiled rule set: which rule patterns match where in a block.
//!
//! One Aho-Corasick pass over a block finds the literals every pattern
//! requires ([`crate::prefilter`]); each pattern then runs only on the
//! sentences that hold all of its required literals, to find where it
//! matches and what its slots captured. Patterns are expanded (`{term}`,
//! `{duration}`, `{percent}`), case-insensitive, with ASCII word boundaries,
//! and compiled on first use.

mod build;
mod document;
mod expand;
mod pattern;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Range;

use regex::Regex;

use crate::context::ContextClassifier;
use crate::prefilter::{Prefilter, Scratch};
use crate::rules::SlotCondition;
use crate::segment::{Segmenter, Sentence};
use crate::slots::SlotParser;

pub use build::Lexicons;
pub use document::{BlockHits, PatternSet};
pub use pattern::{LazyRegex, PatternError, PatternOwner};

thread_local! {
    /// The prefilter's buffers, reused by every block a thread lints.
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// A rule's pattern, expanded, with the slot conditions it captures for.
#[derive(Debug)]
struct RulePattern {
    owner: PatternOwner,
    rule: usize,
    regex: LazyRegex,
    slots: Vec<(String, SlotCondition)>,
}

/// One place a rule's pattern matched, in block-text coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMatch {
    pub rule: usize,
    /// Which compiled pattern matched (see [`Matcher::pattern`]).
    pub pattern: usize,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    /// Named captures (slots and any `(?P<name>…)`), as ranges of block text.
    pub captures: Vec<(String, Range<usize>)>,
}

/// Every compiled pattern and lexicon the engine runs.
#[derive(Debug)]
pub struct Matcher {
    claims: Prefilter,
    patterns: Vec<RulePattern>,
    exceptions: Vec<Vec<LazyRegex>>,
    categories: Vec<String>,
    /// Every document-level pattern: treatment signals, then each
    /// disclosure's presence patterns and exceptions.
    pub document: PatternSet,
    /// Which of `document` are which treatment signals.
    pub treatment: TreatmentPatterns,
    /// Per disclosure, in rule-set order, which of `document` belong to it.
    pub disclosures: Vec<DisclosurePatterns>,
    pub context: ContextClassifier,
    pub slots: SlotParser,
    pub segmenter: Segmenter,
}

/// The treatment signals, as ranges of [`Matcher::document`].
#[derive(Debug, Clone)]
pub struct TreatmentPatterns {
    pub subject: Range<usize>,
    pub offer: Range<usize>,
    pub other: Range<usize>,
}

/// One disclosure's patterns, as indices into [`Matcher::document`].
#[derive(Debug)]
pub struct DisclosurePatterns {
    /// Per part, the patterns any of which says it.
    pub parts: Vec<Vec<usize>>,
    /// A sentence matching one of these says nothing for the disclosure.
    pub exceptions: Vec<usize>,
}

impl Matcher {
    /// Find every rule match in `text`, sentence by sentence, appending to `out`.
    /// Overlapping matches of one category keep the first (earliest, then
    /// longest; on the same words, the rule loaded last, so a project's own
    /// pack overrides the defaults).
    pub fn find(&self, text: &str, sentences: &[Sentence], out: &mut Vec<RawMatch>) {
        self.find_with(text, sentences, false, out);
    }

    /// [`find`](Self::find), optionally keeping every overlapping match (a
    /// rule's own examples test that rule, whatever else matches them).
    pub fn find_with(&self, text: &str, sentences: &[Sentence], keep_overlaps: bool, out: &mut Vec<RawMatch>) {
        let first = out.len();
        SCRATCH.with_borrow_mut(|scratch| {
            self.claims.candidates(
                text,
                sentences,
                |s| s.start..s.end,
                scratch,
                |s, index| self.run(text, &sentences[s], s, index, out),
            );
        });
        let found = &mut out[first..];
        found.sort_by(|a, b| {
            (a.start.cmp(&b.start))
                .then(b.end.cmp(&a.end))
                .then(b.rule.cmp(&a.rule))
                .then(a.pattern.cmp(&b.pattern))
        });
        if keep_overlaps {
            return;
        }
        // Sorted by start, a match overlaps an earlier kept one of its
        // category exactly when that category's furthest kept end (in the
        // same sentence) lies past the match's start.
        let mut reach: BTreeMap<(&str, usize), usize> = BTreeMap::new();
        let mut kept: Vec<RawMatch> = Vec::with_capacity(found.len());
        for m in out.drain(first..) {
            let key = (self.categories[m.rule].as_str(), m.sentence);
            let end = reach.entry(key).or_insert(0);
            if *end <= m.start {
                *end = (*end).max(m.end);
                kept.push(m);
            }
        }
        out.extend(kept);
    }

    /// Run pattern `index` on sentence `s`, appending its matches.
    fn run(&self, text: &str, sentence: &Sentence, s: usize, index: usize, out: &mut Vec<RawMatch>) {
        let pattern = &self.patterns[index];
        let body = sentence.text(text);
        let regex = pattern.regex.get();
        if !regex.is_match(body) {
            return;
        }
        // Where the rule's exceptions match this sentence, found once.
        let excused = excused(&self.exceptions[pattern.rule], body);
        for caps in regex.captures_iter(body) {
            let whole = caps.get(0).expect("group 0 always matches");
            if whole.is_empty() || overlaps_any(&excused, whole.range()) {
                continue;
            }
            let slots_ok = pattern.slots.iter().all(|(name, condition)| {
                caps.name(name)
                    .is_some_and(|m| self.slots.satisfies(name, m.as_str(), condition))
            });
            if !slots_ok {
                continue;
            }
            let captures = regex
                .capture_names()
                .flatten()
                .filter_map(|name| {
                    caps.name(name)
                        .map(|m| (name.to_string(), sentence.start + m.start()..sentence.start + m.end()))
                })
                .collect();
            out.push(RawMatch {
                rule: pattern.rule,
                pattern: index,
                sentence: s,
                start: sentence.start + whole.start(),
                end: sentence.start + whole.end(),
                captures,
            });
        }
    }

    /// The compiled regex of pattern `index` (a [`RawMatch::pattern`]).
    pub fn pattern(&self, index: usize) -> &Regex {
        self.patterns[index].regex.get()
    }

    /// How many claim patterns the prefilter cannot narrow to sentences
    /// (they run on every sentence), of how many.
    pub fn unfiltered_patterns(&self) -> (usize, usize) {
        (self.claims.unfiltered(), self.claims.len())
    }

    /// Compile every pattern now: the errors of those that fail. The test
    /// suite runs this on the embedded packs, whose patterns otherwise
    /// compile on first use.
    pub fn compile_all(&self) -> Vec<PatternError> {
        pattern::compile_now(self.owned_patterns().collect())
    }
}

/// Where any of a rule's exceptions match `body`, sorted by start.
/// Exceptions are local: "stem cell-derived" excuses the "stem cell" it
/// overlaps, not another claim in the sentence. An exception meant for the
/// whole sentence is written to span it (`(?s)^.*…`).
/// Each entry is a start and the furthest end of any range starting no later.
fn excused(exceptions: &[LazyRegex], body: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = exceptions
        .iter()
        .flat_map(|e| e.get().find_iter(body).map(|m| m.range()))
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut furthest = 0;
    for range in &mut ranges {
        furthest = furthest.max(range.end);
        range.end = furthest;
    }
    ranges
}

/// Whether `hit` overlaps one of the ranges [`excused`] found.
fn overlaps_any(excused: &[Range<usize>], hit: Range<usize>) -> bool {
    let before = excused.partition_point(|r| r.start < hit.end);
    before > 0 && excused[before - 1].end > hit.start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exceptions_excuse_only_what_they_overlap() {
        let exc = [LazyRegex::new(r"stem cells?-derived")];
        let body = "Millions of stem cell-derived exosomes; we inject live stem cells.";
        let derived = body.find("stem cell-derived").unwrap();
        let live = body.find("live stem cells").unwrap();
        let excused = excused(&exc, body);
        assert!(overlaps_any(&excused, derived - 12..derived + 9));
        assert!(!overlaps_any(&excused, live..live + 15));
    }
}
