//! Document-level patterns (treatment signals, disclosure presence and
//! exceptions), and which of them match in each sentence of a block.
//!
//! They share one automaton with the claim patterns (see `Matcher`), so
//! linting reads each sentence once for both; [`PatternSet::hits`] is for
//! the blocks read without their claims (a table cell read with its row's
//! label, an edited block whose claims the editor kept).

use std::sync::Arc;

use rayon::prelude::*;

use super::pattern::PatternOwner;
use super::set::{Scope, SentenceSet};
use super::MATCHED;
use crate::segment::Sentence;

/// Document-level patterns: one set pass per sentence says which of them
/// match there; only those run alone. They are the set's patterns from
/// `first` on (the claim patterns come before them).
#[derive(Debug)]
pub struct PatternSet {
    pub(super) set: Arc<SentenceSet>,
    pub(super) first: usize,
    pub(super) owners: Vec<PatternOwner>,
}

/// Which document patterns may match in each sentence of one block (what
/// the set reports, see [`Searcher::which`](super::set::Searcher::which)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockHits {
    /// The patterns that may match in some sentence of the block, ascending
    /// (a block without any allocates nothing: a huge table has thousands).
    block: Vec<u32>,
    /// (sentence, pattern) pairs, sorted.
    sentences: Vec<(u32, u32)>,
    /// For each pair, where the pattern's leftmost match in the sentence
    /// starts (`u32::MAX`: not known, see [`Searcher::which`](super::set::Searcher::which)).
    starts: Vec<u32>,
}

impl BlockHits {
    /// Record that pattern `p` may match in sentence `s` (sentences in
    /// order, and patterns ascending within one), its leftmost match
    /// starting at `start` when known.
    pub(super) fn add(&mut self, s: usize, p: usize, start: Option<usize>) {
        let p = p as u32;
        if let Err(at) = self.block.binary_search(&p) {
            self.block.insert(at, p);
        }
        self.sentences.push((s as u32, p));
        self.starts.push(start.map_or(u32::MAX, |at| at as u32));
    }

    /// The hits of consecutive chunks of a block's sentences, `chunk`
    /// sentences each (the last maybe fewer), as the block's.
    pub fn join(parts: Vec<BlockHits>, chunk: usize) -> BlockHits {
        let mut all = BlockHits::default();
        for (c, part) in parts.into_iter().enumerate() {
            let offset = u32::try_from(c * chunk).expect("sentence numbers fit in u32");
            all.block.extend(part.block);
            all.sentences
                .extend(part.sentences.into_iter().map(|(s, p)| (s + offset, p)));
            all.starts.extend(part.starts);
        }
        all.block.sort_unstable();
        all.block.dedup();
        all
    }

    /// Whether pattern `p` may match in some sentence of the block.
    pub fn in_block(&self, p: usize) -> bool {
        self.block.binary_search(&(p as u32)).is_ok()
    }

    /// The sentences some pattern matches in, ascending.
    pub fn sentences(&self) -> impl Iterator<Item = usize> + '_ {
        self.sentences
            .chunk_by(|a, b| a.0 == b.0)
            .map(|pairs| pairs[0].0 as usize)
    }

    /// Each sentence some pattern may match in, ascending, with those
    /// patterns (ascending) and where each one's leftmost match starts,
    /// when known: for a pass over the hits rather than a search per
    /// pattern.
    pub fn by_sentence(&self) -> impl Iterator<Item = (usize, impl Iterator<Item = (usize, Option<usize>)> + '_)> {
        let mut from = 0;
        self.sentences.chunk_by(|a, b| a.0 == b.0).map(move |pairs| {
            let starts = &self.starts[from..from + pairs.len()];
            from += pairs.len();
            let found = pairs
                .iter()
                .zip(starts)
                .map(|(&(_, p), &start)| (p as usize, (start != u32::MAX).then_some(start as usize)));
            (pairs[0].0 as usize, found)
        })
    }

    /// Whether pattern `p` may match in sentence `s` (see
    /// [`Searcher::which`](super::set::Searcher::which)).
    pub fn in_sentence(&self, s: usize, p: usize) -> bool {
        self.sentences.binary_search(&(s as u32, p as u32)).is_ok()
    }

    /// Where pattern `p`'s leftmost match in sentence `s` starts, when known.
    pub fn start_in(&self, s: usize, p: usize) -> Option<usize> {
        let pair = self.sentences.binary_search(&(s as u32, p as u32)).ok()?;
        Some(self.starts[pair])
            .filter(|&start| start != u32::MAX)
            .map(|start| start as usize)
    }
}

impl PatternSet {
    /// Which patterns match in each of the `sentences` of `text`.
    pub fn hits(&self, text: &str, sentences: &[Sentence]) -> BlockHits {
        let mut hits = BlockHits::default();
        let mut searcher = self.set.searcher(Scope::All);
        MATCHED.with_borrow_mut(|matched| {
            for (s, sentence) in sentences.iter().enumerate() {
                searcher.which(sentence.text(text), matched);
                let ours = matched.partition_point(|&(p, _)| p < self.first);
                for &(p, start) in &matched[ours..] {
                    hits.add(s, p - self.first, start);
                }
            }
        });
        hits
    }

    /// [`PatternSet::hits`] of a long run of sentences, `chunk` of them at a
    /// time, in parallel.
    pub fn hits_in_chunks(&self, text: &str, sentences: &[Sentence], chunk: usize) -> BlockHits {
        let parts: Vec<BlockHits> = sentences
            .par_chunks(chunk)
            .map(|sentences| self.hits(text, sentences))
            .collect();
        BlockHits::join(parts, chunk)
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
    pub fn regex(&self, index: usize) -> &super::Pattern {
        self.set.regex(self.first + index)
    }

    pub fn len(&self) -> usize {
        self.owners.len()
    }

    pub fn is_empty(&self) -> bool {
        self.owners.is_empty()
    }

    /// The document patterns, in order.
    pub(super) fn members(&self) -> impl Iterator<Item = &super::LazyRegex> {
        self.set.members().skip(self.first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pass over the hits sentence by sentence says what a search per
    /// (sentence, pattern) says, joined chunks included.
    #[test]
    fn by_sentence_agrees_with_the_searches() {
        let mut first = BlockHits::default();
        first.add(0, 3, Some(4));
        first.add(0, 7, None);
        first.add(2, 1, Some(0));
        let mut second = BlockHits::default();
        second.add(1, 7, Some(9));
        let hits = BlockHits::join(vec![first, second], 3);
        type Found = Vec<(usize, Option<usize>)>;
        let seen: Vec<(usize, Found)> = hits.by_sentence().map(|(s, found)| (s, found.collect())).collect();
        assert_eq!(
            seen,
            [
                (0, vec![(3, Some(4)), (7, None)]),
                (2, vec![(1, Some(0))]),
                (4, vec![(7, Some(9))]),
            ]
        );
        for (s, found) in &seen {
            for &(p, start) in found {
                assert!(hits.in_sentence(*s, p));
                assert_eq!(hits.start_in(*s, p), start);
            }
        }
        assert_eq!(hits.sentences().collect::<Vec<_>>(), [0, 2, 4]);
    }
}
