//! Document-level patterns (treatment signals, disclosure presence and
//! exceptions), and which of them may match in a block and its sentences.

use regex::Regex;

use super::pattern::{LazyRegex, PatternOwner};
use super::SCRATCH;
use crate::prefilter::Prefilter;
use crate::segment::Sentence;

/// Document-level patterns: one prefilter pass per block says which of
/// them may match where; only those run.
#[derive(Debug)]
pub struct PatternSet {
    pub(super) regexes: Vec<LazyRegex>,
    pub(super) owners: Vec<PatternOwner>,
    pub(super) prefilter: Prefilter,
}

/// Which document patterns may match in one block: anywhere in it (a match
/// may cross sentences), and inside each sentence.
#[derive(Debug, Clone, Default)]
pub struct BlockHits {
    /// Per pattern: may match somewhere in the block.
    block: Vec<bool>,
    /// (sentence, pattern) pairs, sorted.
    sentences: Vec<(u32, u32)>,
}

impl BlockHits {
    /// Whether pattern `p` may match somewhere in the block.
    pub fn in_block(&self, p: usize) -> bool {
        self.block[p]
    }

    /// Whether pattern `p` may match inside sentence `s`.
    pub fn in_sentence(&self, s: usize, p: usize) -> bool {
        self.sentences.binary_search(&(s as u32, p as u32)).is_ok()
    }
}

impl PatternSet {
    /// Which patterns may match in `text` and in each of its `sentences`
    /// (a superset: run [`PatternSet::regex`] to know).
    pub fn hits(&self, text: &str, sentences: &[Sentence]) -> BlockHits {
        let mut hits = BlockHits {
            block: vec![false; self.regexes.len()],
            sentences: Vec::new(),
        };
        SCRATCH.with_borrow_mut(|scratch| {
            self.prefilter.candidates_and_whole(
                text,
                sentences,
                |s| s.start..s.end,
                scratch,
                |unit, p| match unit {
                    Some(s) => hits.sentences.push((s as u32, p as u32)),
                    None => hits.block[p] = true,
                },
            );
        });
        hits
    }

    /// [`PatternSet::hits`] of `text` read as one sentence.
    pub fn hits_in_sentence(&self, text: &str) -> BlockHits {
        self.hits(
            text,
            &[Sentence {
                start: 0,
                end: text.len(),
            }],
        )
    }

    /// Pattern `index`, compiled.
    pub fn regex(&self, index: usize) -> &Regex {
        self.regexes[index].get()
    }

    pub fn len(&self) -> usize {
        self.regexes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.regexes.is_empty()
    }
}
