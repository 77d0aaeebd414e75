//! Which patterns can match where: one Aho-Corasick pass over a text finds
//! the required literals of every pattern, and only patterns whose required
//! literals all occur in a sentence are run on it.
//!
//! A pattern's requirements are clauses (see [`factors`]): sets of literals,
//! one of each in every match. Its most selective clause is its anchor: a
//! literal of the anchor occurring in a unit (a sentence, or a whole block)
//! makes the pattern a candidate there, and its other clauses are checked
//! against the unit's literals. A pattern with no clause is a candidate
//! everywhere. The test is a superset: it never drops a unit a pattern
//! matches in, and most (pattern, sentence) pairs never reach a regex.

pub mod factors;

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

pub use factors::Clause;

/// The compiled literal index of a list of patterns.
#[derive(Debug, Clone)]
pub struct Prefilter {
    /// Every distinct literal, then the fold escapes.
    automaton: Option<AhoCorasick>,
    /// Literal ids below this are literals; from it on, fold escapes.
    literals: usize,
    /// Per literal: the patterns whose anchor clause holds it.
    anchored: Vec<Vec<u32>>,
    /// Per pattern: its other clauses, as literal ids.
    rest: Vec<Vec<Vec<u32>>>,
    /// Patterns that require nothing searchable.
    unfiltered: Vec<u32>,
    patterns: usize,
}

/// Reusable buffers for [`Prefilter::candidates`]; one per thread.
#[derive(Debug, Default)]
pub struct Scratch {
    /// The literals of the current unit.
    unit: Seen,
    /// The literals of the whole text, when asked for.
    whole: Seen,
    /// Candidate patterns being collected.
    found: Vec<u32>,
}

/// Literal ids that occurred, as a bitset and as a list (to clear the
/// bitset and walk the anchors).
#[derive(Debug, Default)]
struct Seen {
    bits: Vec<u64>,
    hits: Vec<u32>,
    /// A fold escape (K, ſ) occurred: every pattern is a candidate.
    escaped: bool,
}

impl Prefilter {
    /// Index patterns by their clauses, given per pattern, most selective first.
    pub fn new(clauses: &[Vec<Clause>]) -> Prefilter {
        let mut literal_ids: HashMap<&[u8], u32> = HashMap::new();
        let mut literals: Vec<&[u8]> = Vec::new();
        let ids: Vec<Vec<Vec<u32>>> = clauses
            .iter()
            .map(|pattern| {
                pattern
                    .iter()
                    .map(|clause| {
                        clause
                            .iter()
                            .map(|lit| {
                                *literal_ids.entry(lit.as_slice()).or_insert_with(|| {
                                    literals.push(lit);
                                    literals.len() as u32 - 1
                                })
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mut anchored = vec![Vec::new(); literals.len()];
        let mut rest = Vec::with_capacity(ids.len());
        let mut unfiltered = Vec::new();
        for (p, mut pattern) in ids.into_iter().enumerate() {
            if pattern.is_empty() {
                unfiltered.push(p as u32);
                rest.push(Vec::new());
                continue;
            }
            let anchor = pattern.remove(0);
            for id in anchor {
                anchored[id as usize].push(p as u32);
            }
            rest.push(pattern);
        }
        let escapes: Vec<String> = factors::ascii_fold_escapes().iter().map(char::to_string).collect();
        let count = literals.len();
        let automaton = (count > 0).then(|| {
            let mut needles: Vec<&[u8]> = literals.clone();
            needles.extend(escapes.iter().map(String::as_bytes));
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&needles)
                .expect("literal sets of a rule set are small enough for a DFA")
        });
        Prefilter {
            automaton,
            literals: count,
            anchored,
            rest,
            unfiltered,
            patterns: clauses.len(),
        }
    }

    /// How many patterns are indexed.
    pub fn len(&self) -> usize {
        self.patterns
    }

    pub fn is_empty(&self) -> bool {
        self.patterns == 0
    }

    /// How many patterns run on every unit, their literals unknown.
    pub fn unfiltered(&self) -> usize {
        self.unfiltered.len()
    }

    /// For each unit of `text` (sorted, non-overlapping; `range` gives a
    /// unit's bytes), every pattern that may match inside it:
    /// `emit(unit, pattern)`, units in order, patterns ascending within a unit.
    pub fn candidates<U>(
        &self,
        text: &str,
        units: &[U],
        range: impl Fn(&U) -> Range<usize>,
        scratch: &mut Scratch,
        mut emit: impl FnMut(usize, usize),
    ) {
        self.scan(text, units, range, false, scratch, |unit, p| {
            if let Some(unit) = unit {
                emit(unit, p);
            }
        });
    }

    /// [`candidates`](Self::candidates), and then every pattern that may
    /// match anywhere in `text` (across units too) as `emit(None, pattern)`.
    pub fn candidates_and_whole<U>(
        &self,
        text: &str,
        units: &[U],
        range: impl Fn(&U) -> Range<usize>,
        scratch: &mut Scratch,
        emit: impl FnMut(Option<usize>, usize),
    ) {
        self.scan(text, units, range, true, scratch, emit);
    }

    fn scan<U>(
        &self,
        text: &str,
        units: &[U],
        range: impl Fn(&U) -> Range<usize>,
        whole: bool,
        scratch: &mut Scratch,
        mut emit: impl FnMut(Option<usize>, usize),
    ) {
        scratch.unit.reset(self.literals);
        scratch.whole.reset(self.literals);
        let mut unit = 0;
        if let Some(automaton) = &self.automaton {
            for hit in automaton.find_overlapping_iter(text) {
                let id = hit.pattern().as_usize();
                if whole {
                    scratch.whole.record(id, self.literals);
                }
                // Hits arrive in order of their end: once one ends past a
                // unit, no later hit can lie inside it.
                while unit < units.len() && range(&units[unit]).end < hit.end() {
                    self.finish(&mut scratch.unit, &mut scratch.found, &mut |p| emit(Some(unit), p));
                    unit += 1;
                }
                if unit == units.len() && !whole {
                    break;
                }
                if unit < units.len() && range(&units[unit]).start <= hit.start() {
                    scratch.unit.record(id, self.literals);
                }
            }
        }
        while unit < units.len() {
            self.finish(&mut scratch.unit, &mut scratch.found, &mut |p| emit(Some(unit), p));
            unit += 1;
        }
        if whole {
            self.finish(&mut scratch.whole, &mut scratch.found, &mut |p| emit(None, p));
        }
    }

    /// Emit the candidates of what `seen` holds, ascending, and clear it.
    fn finish(&self, seen: &mut Seen, found: &mut Vec<u32>, emit: &mut dyn FnMut(usize)) {
        if seen.escaped {
            (0..self.patterns).for_each(&mut *emit);
        } else if seen.hits.is_empty() {
            self.unfiltered.iter().for_each(|&p| emit(p as usize));
        } else {
            found.clear();
            found.extend_from_slice(&self.unfiltered);
            for &lit in &seen.hits {
                found.extend(self.anchored[lit as usize].iter().copied().filter(|&p| {
                    self.rest[p as usize]
                        .iter()
                        .all(|clause| clause.iter().any(|&id| seen.has(id)))
                }));
            }
            found.sort_unstable();
            found.dedup();
            found.iter().for_each(|&p| emit(p as usize));
        }
        seen.clear();
    }
}

impl Seen {
    fn reset(&mut self, literals: usize) {
        let words = literals.div_ceil(64);
        if self.bits.len() < words {
            self.bits.resize(words, 0);
        }
        self.clear();
    }

    fn record(&mut self, id: usize, literals: usize) {
        if id >= literals {
            self.escaped = true;
            return;
        }
        let (word, mask) = (id / 64, 1u64 << (id % 64));
        if self.bits[word] & mask == 0 {
            self.bits[word] |= mask;
            self.hits.push(id as u32);
        }
    }

    fn has(&self, id: u32) -> bool {
        self.bits[id as usize / 64] & (1 << (id % 64)) != 0
    }

    fn clear(&mut self) {
        for &id in &self.hits {
            self.bits[id as usize / 64] = 0;
        }
        self.hits.clear();
        self.escaped = false;
    }
}

#[cfg(test)]
mod tests;
