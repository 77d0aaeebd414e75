//! Patterns run together: one lazy-DFA pass over a sentence says which of
//! them match in it; only those then run alone, to find where and what they
//! captured.
//!
//! The set is one automaton over every pattern, built on first use (or ahead
//! of a run with [`SentenceSet::prepare`]). Its DFA states are built as text
//! needs them and kept in a per-thread cache; the cache is sized so that the
//! states a corpus of treatment pages needs (about 20 MB for the embedded
//! claim rules) fit without being thrown away and rebuilt, which would cost
//! more than the search itself.

use std::cell::RefCell;
use std::sync::OnceLock;

use regex::Regex;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;
use regex_automata::{meta, Input, MatchKind, PatternSet};

use super::pattern::LazyRegex;

/// Per thread, the lazy DFA may grow to this before it starts over.
const SET_CACHE_CAPACITY: usize = 64 << 20;

thread_local! {
    /// Which patterns of a set matched, reused by every sentence a thread reads.
    static MATCHED: RefCell<PatternSet> = RefCell::new(PatternSet::new(0));
}

/// Patterns searched together, sentence by sentence.
#[derive(Debug)]
pub struct SentenceSet {
    patterns: Vec<LazyRegex>,
    set: OnceLock<Option<meta::Regex>>,
}

impl SentenceSet {
    pub fn new(patterns: Vec<LazyRegex>) -> Self {
        SentenceSet {
            patterns,
            set: OnceLock::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Pattern `index` alone, compiled.
    pub fn regex(&self, index: usize) -> &Regex {
        self.patterns[index].get()
    }

    /// Pattern `index` alone, compiled or not.
    pub fn member(&self, index: usize) -> &LazyRegex {
        &self.patterns[index]
    }

    pub fn members(&self) -> impl Iterator<Item = &LazyRegex> {
        self.patterns.iter()
    }

    /// Build the set now rather than on the first sentence.
    pub fn prepare(&self) {
        self.set();
    }

    fn set(&self) -> Option<&meta::Regex> {
        self.set
            .get_or_init(|| {
                if self.patterns.is_empty() {
                    return None;
                }
                let sources: Vec<&str> = self.patterns.iter().map(LazyRegex::source).collect();
                let set = meta::Builder::new()
                    .syntax(syntax::Config::new().case_insensitive(true))
                    .configure(
                        meta::Config::new()
                            .match_kind(MatchKind::All)
                            .which_captures(WhichCaptures::Implicit)
                            .nfa_size_limit(None)
                            .hybrid_cache_capacity(SET_CACHE_CAPACITY)
                            .onepass(false)
                            .backtrack(false)
                            .auto_prefilter(false),
                    )
                    .build_many(&sources)
                    .expect("patterns that parse alone build as a set (no size limit)");
                Some(set)
            })
            .as_ref()
    }

    /// The patterns that match somewhere in `sentence`, ascending, into `out`.
    pub fn which(&self, sentence: &str, out: &mut Vec<usize>) {
        out.clear();
        let Some(set) = self.set() else { return };
        MATCHED.with_borrow_mut(|matched| {
            if matched.capacity() < set.pattern_len() {
                *matched = PatternSet::new(set.pattern_len());
            }
            debug_assert!(matched.is_empty());
            set.which_overlapping_matches(&Input::new(sentence), matched);
            // Walking and clearing a pattern set visits every pattern: only
            // the sentences where something matched pay for it.
            if !matched.is_empty() {
                out.extend(matched.iter().map(|p| p.as_usize()));
                matched.clear();
            }
        });
    }
}
