//! Document-level patterns (treatment signals, disclosure presence and
//! exceptions), and which of them match in each sentence of a block.

use rayon::prelude::*;
use regex_automata::meta::Regex;

use super::pattern::PatternOwner;
use super::set::SentenceSet;
use super::MATCHED;
use crate::segment::Sentence;

/// Document-level patterns: one set pass per sentence says which of them
/// match there; only those run alone.
#[derive(Debug)]
pub struct PatternSet {
    pub(super) set: SentenceSet,
    pub(super) owners: Vec<PatternOwner>,
}

/// Which document patterns may match in each sentence of one block (what
/// the set reports, see [`SentenceSet::which`]).
#[derive(Debug, Clone, Default)]
pub struct BlockHits {
    /// Per pattern: may match in some sentence of the block.
    block: Vec<bool>,
    /// (sentence, pattern) pairs, sorted.
    sentences: Vec<(u32, u32)>,
    /// For each pair, where the pattern's leftmost match in the sentence
    /// starts (`u32::MAX`: not known, see [`SentenceSet::which`]).
    starts: Vec<u32>,
}

impl BlockHits {
    /// Whether pattern `p` may match in some sentence of the block.
    pub fn in_block(&self, p: usize) -> bool {
        self.block[p]
    }

    /// The sentences some pattern matches in, ascending.
    pub fn sentences(&self) -> impl Iterator<Item = usize> + '_ {
        self.sentences
            .chunk_by(|a, b| a.0 == b.0)
            .map(|pairs| pairs[0].0 as usize)
    }

    /// Whether pattern `p` may match in sentence `s` (see
    /// [`SentenceSet::which`]).
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
        let mut hits = BlockHits {
            block: vec![false; self.set.len()],
            sentences: Vec::new(),
            starts: Vec::new(),
        };
        MATCHED.with_borrow_mut(|matched| {
            for (s, sentence) in sentences.iter().enumerate() {
                self.set.which(sentence.text(text), matched);
                for &(p, start) in matched.iter() {
                    hits.block[p] = true;
                    hits.sentences.push((s as u32, p as u32));
                    hits.starts.push(start.map_or(u32::MAX, |at| at as u32));
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
        let mut all = BlockHits {
            block: vec![false; self.set.len()],
            sentences: Vec::new(),
            starts: Vec::new(),
        };
        for (c, part) in parts.into_iter().enumerate() {
            let offset = u32::try_from(c * chunk).expect("sentence numbers fit in u32");
            for (all, part) in all.block.iter_mut().zip(part.block) {
                *all |= part;
            }
            all.sentences
                .extend(part.sentences.into_iter().map(|(s, p)| (s + offset, p)));
            all.starts.extend(part.starts);
        }
        all
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
        self.set.regex(index)
    }

    pub fn len(&self) -> usize {
        self.set.len()
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}
