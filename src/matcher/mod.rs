//! The compiled rule set: which rule patterns match where in a block.
//!
//! Every claim and document pattern is tested in one pass per sentence (a
//! set of all of them, see `set`); only the patterns that match there run
//! again, alone, to find where they match and what their slots captured.
//! Patterns are expanded (`{term}`, `{duration}`, `{percent}`),
//! case-insensitive, with ASCII word boundaries.

mod alone;
mod build;
mod document;
mod expand;
mod pattern;
mod pieces;
mod set;
mod shared;
mod splice;
mod widen;

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

use regex_automata::{Anchored, Input, Match, PatternID};

use crate::context::ContextClassifier;
use crate::rules::SlotCondition;
use crate::segment::{Segmenter, Sentence};
use crate::slots::SlotParser;

pub use alone::Pattern;
pub use build::Lexicons;
pub use document::{BlockHits, PatternSet};
pub use pattern::{LazyRegex, PatternError, PatternOwner};
pub use set::{Scope, SentenceSet};

thread_local! {
    /// The patterns a set found in a sentence, each with where its leftmost
    /// match starts, reused by every sentence a thread reads.
    static MATCHED: RefCell<Vec<(usize, Option<usize>)>> = const { RefCell::new(Vec::new()) };
}

/// A rule's pattern (its regex is the same index of [`Matcher::set`]),
/// with the slot conditions it captures for.
#[derive(Debug)]
struct RulePattern {
    rule: usize,
    /// Its place among the rule's own patterns.
    number: usize,
    slots: Vec<(String, SlotCondition)>,
}

impl RulePattern {
    fn owner(&self) -> PatternOwner {
        PatternOwner::Rule {
            rule: self.rule,
            pattern: self.number,
        }
    }
}

/// A claim pattern the set found in sentence `sentence`, and where its
/// leftmost match starts (when the set could tell).
#[derive(Clone, Copy)]
struct Found {
    sentence: usize,
    index: usize,
    start: Option<usize>,
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
    /// Unique among the matchers of a process (see [`Matcher::id`]).
    id: u64,
    /// Every claim pattern (as many as `patterns`, in their order), then
    /// every document pattern (see [`Matcher::document`]).
    set: Arc<SentenceSet>,
    patterns: Vec<RulePattern>,
    exceptions: Vec<Vec<LazyRegex>>,
    /// Per rule, its `answered_no` patterns (see [`Matcher::asked`]).
    answered_no: Vec<Vec<LazyRegex>>,
    /// Per rule, its `table_exceptions` (see [`Matcher::excused_across`]).
    table_exceptions: Vec<Vec<LazyRegex>>,
    /// Per rule, its category, numbered in order of first appearance.
    categories: Vec<usize>,
    category_count: usize,
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
    /// The rules whose `answered_no` patterns match `question`. Questions
    /// answered no are few, so these patterns run alone rather than in the
    /// set.
    pub fn asked<'q>(&'q self, question: &'q str) -> impl Iterator<Item = usize> + 'q {
        self.answered_no
            .iter()
            .enumerate()
            .filter(move |(_, patterns)| patterns.iter().any(|p| p.get().is_match(question)))
            .map(|(rule, _)| rule)
    }

    /// Whether `rule`'s table exceptions excuse its claim in a table cell
    /// whose label on the other axis is `label`. Table cells are few, so
    /// these patterns run alone.
    pub fn excused_across(&self, rule: usize, label: &str) -> bool {
        self.table_exceptions[rule].iter().any(|p| p.get().is_match(label))
    }

    /// Find every rule match in `text`, sentence by sentence, appending to `out`.
    /// Overlapping matches of one category keep the first (earliest, then
    /// longest; on the same words, the rule loaded last, so a project's own
    /// pack overrides the defaults).
    pub fn find(&self, text: &str, sentences: &[Sentence], out: &mut Vec<RawMatch>) {
        self.find_with(text, sentences, Scope::All, false, out, None);
    }

    /// [`find`](Self::find), optionally keeping every overlapping match (a
    /// rule's own examples test that rule, whatever else matches them), and
    /// filling `hits` with the document patterns' [`PatternSet::hits`] from
    /// the same pass over each sentence. The pass searches for the document
    /// patterns only in [`Scope::All`] (and `hits` needs it).
    pub fn find_with(
        &self,
        text: &str,
        sentences: &[Sentence],
        scope: Scope,
        keep_overlaps: bool,
        out: &mut Vec<RawMatch>,
        mut hits: Option<&mut BlockHits>,
    ) {
        let first = out.len();
        let claims = self.patterns.len();
        // Where the patterns the set reports match: spans only, which the
        // DFA finds cheaply. Captures and slot conditions wait for step two.
        let mut searcher = self.set.searcher(scope);
        MATCHED.with_borrow_mut(|matched| {
            for (s, sentence) in sentences.iter().enumerate() {
                let body = sentence.text(text);
                searcher.which(body, matched);
                let split = matched.partition_point(|&(p, _)| p < claims);
                if let Some(hits) = hits.as_deref_mut() {
                    for &(p, start) in &matched[split..] {
                        hits.add(s, p - claims, start);
                    }
                }
                // A rule's patterns are numbered together and `matched` is
                // ascending, so each rule's exceptions run once per sentence.
                let mut excused_for = (usize::MAX, Vec::new());
                for &(index, start) in &matched[..split] {
                    let rule = self.patterns[index].rule;
                    if excused_for.0 != rule {
                        excused_for = (rule, excused(&self.exceptions[rule], body));
                    }
                    let at = Found {
                        sentence: s,
                        index,
                        start,
                    };
                    self.spans(text, sentence, at, &excused_for.1, out);
                }
            }
        });
        out[first..].sort_by(|a, b| {
            (a.start.cmp(&b.start))
                .then(b.end.cmp(&a.end))
                .then(b.rule.cmp(&a.rule))
                .then(a.pattern.cmp(&b.pattern))
        });
        // Sorted by start (and so by sentence), a match overlaps an earlier
        // kept one of its category exactly when that category's furthest
        // kept end in the sentence lies past the match's start. Only a match
        // that would be kept pays for its captures; if its slots fail their
        // condition, it is dropped and the next one may take its place.
        let mut reach = vec![0; self.category_count];
        let mut sentence = usize::MAX;
        let mut kept: Vec<RawMatch> = Vec::new();
        for mut m in out.drain(first..) {
            if m.sentence != sentence {
                sentence = m.sentence;
                reach.iter_mut().for_each(|r| *r = 0);
            }
            let category = self.categories[m.rule];
            if !keep_overlaps && reach[category] > m.start {
                continue;
            }
            if !self.resolve(text, &sentences[m.sentence], &mut m) {
                continue;
            }
            reach[category] = reach[category].max(m.end);
            kept.push(m);
        }
        out.extend(kept);
    }

    /// Append where pattern `found.index` matches in its sentence (spans
    /// only), leaving out what its rule's exceptions excuse there.
    fn spans(&self, text: &str, sentence: &Sentence, found: Found, excused: &[Range<usize>], out: &mut Vec<RawMatch>) {
        let Found {
            sentence: s,
            index,
            start,
        } = found;
        let rule = self.patterns[index].rule;
        for m in matches_from(self.set.regex(index), sentence.text(text), start) {
            if overlaps_any(excused, m.range()) {
                continue;
            }
            out.push(RawMatch {
                rule,
                pattern: index,
                sentence: s,
                start: sentence.start + m.start(),
                end: sentence.start + m.end(),
                captures: Vec::new(),
            });
        }
    }

    /// Fill in a match's named captures and test its slot conditions: false
    /// if a slot fails its condition. Patterns without named groups (most)
    /// need nothing.
    fn resolve(&self, text: &str, sentence: &Sentence, m: &mut RawMatch) -> bool {
        let regex = self.set.regex(m.pattern);
        let names = || regex.group_info().pattern_names(PatternID::ZERO).flatten();
        if names().next().is_none() {
            return true;
        }
        let body = sentence.text(text);
        let (start, end) = (m.start - sentence.start, m.end - sentence.start);
        // Anchored at the match and ending with it, the regex finds the
        // match itself (the text around still decides its word boundaries),
        // and the search costs the match's length, not the sentence's.
        let mut caps = regex.create_captures();
        regex.captures(Input::new(body).range(start..end).anchored(Anchored::Yes), &mut caps);
        if caps.get_match().map(|w| w.range()) != Some(start..end) {
            return false;
        }
        let pattern = &self.patterns[m.pattern];
        let slots_ok = pattern.slots.iter().all(|(name, condition)| {
            caps.get_group_by_name(name)
                .is_some_and(|c| self.slots.satisfies(name, &body[c.range()], condition))
        });
        if !slots_ok {
            return false;
        }
        m.captures = names()
            .filter_map(|name| {
                caps.get_group_by_name(name)
                    .map(|c| (name.to_string(), sentence.start + c.start..sentence.start + c.end))
            })
            .collect();
        true
    }

    /// An identity no other matcher of this process shares, so results kept
    /// for one rule set are never taken for another's.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The compiled regex of pattern `index` (a [`RawMatch::pattern`]).
    pub fn pattern(&self, index: usize) -> &Pattern {
        self.set.regex(index)
    }

    /// Build the set's automaton for `scope` now (parsing its patterns in
    /// parallel) rather than on the first sentence, so a run's first files
    /// do not wait in turn.
    pub fn prepare(&self, scope: Scope) {
        self.set.prepare(scope);
    }

    /// Whether the set's automaton for `scope` is built (by
    /// [`Matcher::prepare`] or a first sentence).
    pub fn is_prepared(&self, scope: Scope) -> bool {
        self.set.is_built(scope)
    }

    /// Compile every pattern now: the errors of those that fail. The test
    /// suite runs this on the embedded packs, whose patterns otherwise
    /// compile on first use.
    pub fn compile_all(&self) -> Vec<PatternError> {
        pattern::compile_now(self.owned_patterns().collect())
    }
}

/// `regex`'s non-empty matches in `text`, in order, given where a set saw
/// the leftmost one start: the first is found by one forward search anchored
/// there, where `find` would also search backwards to learn the start (the
/// reverse searches were most of what confirming matches cost); the others
/// by searching on from its end. Where the start is unknown, or nothing
/// matches there (the set's patterns are widened and split, so its start
/// may be early), the whole text is searched.
pub fn matches_from<'t>(
    regex: &'t Pattern,
    text: &'t str,
    start: Option<usize>,
) -> impl Iterator<Item = regex_automata::Match> + 't {
    let first = start
        .and_then(|at| regex.search(&Input::new(text).range(at..).anchored(Anchored::Yes)))
        .filter(|m| !m.is_empty());
    let rest = Input::new(text).range(first.map_or(0, |m| m.end())..);
    first.into_iter().chain(regex.find_iter(rest).filter(|m| !m.is_empty()))
}

/// Where any of a rule's exceptions match `body`, sorted by start.
/// Exceptions are local: "stem cell-derived" excuses the "stem cell" it
/// overlaps, not another claim in the sentence. An exception meant for the
/// whole sentence is written to span it (`(?s)^.*…`). An exception with a
/// group named `excused` excuses only what that group matched: one that
/// needs the sentence's opening to recognise its main clause ("At our
/// branch, a transplant adds …") must not excuse a claim made in that
/// opening ("Our course adds new follicles, a transplant is not needed").
/// Each entry is a start and the furthest end of any range starting no later.
fn excused(exceptions: &[LazyRegex], body: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = exceptions
        .iter()
        .flat_map(|e| {
            let pattern = e.get();
            pattern
                .find_iter(body)
                .filter_map(move |m| excused_part(pattern, body, m))
        })
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut furthest = 0;
    for range in &mut ranges {
        furthest = furthest.max(range.end);
        range.end = furthest;
    }
    ranges
}

/// What exception `pattern`'s match `found` excuses: its group `excused`
/// (nothing when that group took no part), or else the whole match.
fn excused_part(pattern: &Pattern, body: &str, found: Match) -> Option<Range<usize>> {
    let Some(group) = pattern.group_info().to_index(PatternID::ZERO, EXCUSED_GROUP) else {
        return Some(found.range());
    };
    let mut caps = pattern.create_captures();
    pattern.captures(Input::new(body).span(found.range()).anchored(Anchored::Yes), &mut caps);
    caps.get_group(group).map(|span| span.range())
}

/// The name of the group that says what an exception excuses.
const EXCUSED_GROUP: &str = "excused";

/// Whether `hit` overlaps one of the ranges [`excused`] found.
fn overlaps_any(excused: &[Range<usize>], hit: Range<usize>) -> bool {
    let before = excused.partition_point(|r| r.start < hit.end);
    before > 0 && excused[before - 1].end > hit.start
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pass that finds a block's claims reports the same document hits
    /// as the document patterns' own pass, on every block of the
    /// hand-written corpus, in one go and in chunks.
    #[test]
    fn the_claims_pass_reports_the_document_hits() {
        let rules = crate::rules::RuleSet::embedded();
        let m = &rules.matcher;
        let mut checked = 0;
        for source in crate::source::corpus_files() {
            for block in crate::extract::extract(&source).blocks {
                let sentences = m.segmenter.split(&block.text);
                let mut hits = BlockHits::default();
                m.find_with(
                    &block.text,
                    &sentences,
                    Scope::All,
                    false,
                    &mut Vec::new(),
                    Some(&mut hits),
                );
                assert_eq!(hits, m.document.hits(&block.text, &sentences), "{}", block.text);
                assert_eq!(
                    hits,
                    m.document.hits_in_chunks(&block.text, &sentences, 2),
                    "{}",
                    block.text
                );
                checked += usize::from(hits.sentences().next().is_some());
            }
        }
        assert!(checked > 100, "only {checked} blocks with hits");
    }

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

    #[test]
    fn an_exception_with_an_excused_group_excuses_only_that_group() {
        let exc = [LazyRegex::new(
            r"(?s)^(?:[^,]+,\s+)?(?P<excused>a\s+transplant\s+(?:adds|is)\b[^:;]*)",
        )];
        let body = "Our course adds new follicles, a transplant is not needed.";
        let course = body.find("adds new follicles").unwrap();
        let transplant = body.find("a transplant").unwrap();
        let excused = excused(&exc, body);
        assert!(!overlaps_any(&excused, course..course + 18));
        assert!(overlaps_any(&excused, transplant..transplant + 12));
    }
}
