//! One sentence as the context lexicon sees it: every phrase found, indexed by position.
//!
//! Classifying a claim asks questions about the words around it: how many
//! words lie between two places, whether a terminator or a clause break stands
//! between them, which speaker comes just before a verb of saying. A scan is
//! built once per sentence and answers each question with a binary search, so
//! a sentence holding thousands of claims (a page that is one long line) costs
//! time in proportion to its length, not to its length squared.

use std::ops::Range;

/// A lexicon phrase found in a sentence: which entry, where.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub entry: usize,
    pub start: usize,
    pub end: usize,
}

/// A sentence's lexicon phrases, sorted for queries.
#[derive(Debug)]
pub(super) struct Scan<'s> {
    pub sentence: &'s str,
    /// Triggers (less those inside a pseudo-trigger) and terminators, by start.
    pub hits: Vec<Hit>,
    /// By start.
    pub terminators: Vec<Range<usize>>,
    /// By start.
    pub breaks: Vec<Range<usize>>,
    /// Speakers and subordinate-clause openers, by end.
    pub first_person: Vec<Range<usize>>,
    pub third_party: Vec<Range<usize>>,
    pub subordinate: Vec<Range<usize>>,
    /// Where each whitespace-separated word starts.
    word_starts: Vec<usize>,
}

impl<'s> Scan<'s> {
    pub fn new(sentence: &'s str) -> Self {
        let mut word_starts = Vec::new();
        let mut in_word = false;
        for (i, c) in sentence.char_indices() {
            let space = c.is_whitespace();
            if !space && !in_word {
                word_starts.push(i);
            }
            in_word = !space;
        }
        Scan {
            sentence,
            hits: Vec::new(),
            terminators: Vec::new(),
            breaks: Vec::new(),
            first_person: Vec::new(),
            third_party: Vec::new(),
            subordinate: Vec::new(),
            word_starts,
        }
    }

    /// How many words `sentence[from..to]` holds (as `split_whitespace` counts them).
    pub fn words(&self, from: usize, to: usize) -> usize {
        if from >= to {
            return 0;
        }
        let starts = self.word_index(to) - self.word_index(from);
        let mid_word = from > 0
            && self.sentence[from..].chars().next().is_some_and(|c| !c.is_whitespace())
            && self.sentence[..from]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_whitespace());
        starts + usize::from(mid_word)
    }

    /// How many words start before `at`.
    pub fn word_index(&self, at: usize) -> usize {
        self.word_starts.partition_point(|&s| s < at)
    }

    /// Where word `index` starts (the sentence's end past the last word).
    pub fn word_start(&self, index: usize) -> usize {
        self.word_starts.get(index).copied().unwrap_or(self.sentence.len())
    }

    /// Whether a terminator stands inside `from..to`.
    pub fn blocked(&self, from: usize, to: usize) -> bool {
        contains_one(&self.terminators, from, to)
    }

    /// Whether a clause break stands inside `from..to`.
    pub fn crosses_clause(&self, from: usize, to: usize) -> bool {
        contains_one(&self.breaks, from, to)
    }

    /// Where the nearest of `speakers` ends that ends within `reach` words
    /// before `at`, in the same clause and with no terminator between.
    pub fn speaker(&self, speakers: &[Range<usize>], reach: usize, at: usize) -> Option<usize> {
        let before = speakers.partition_point(|s| s.end <= at);
        for speaker in speakers[..before].iter().rev() {
            if self.words(speaker.end, at) > reach {
                break;
            }
            if !self.crosses_clause(speaker.end, at) && !self.blocked(speaker.end, at) {
                return Some(speaker.end);
            }
        }
        None
    }

    /// Whether `at` stands in a subordinate clause (a contrast, a relative
    /// clause): an opener before it with no clause break since (the nearest
    /// opener decides).
    pub fn in_subordinate(&self, at: usize) -> bool {
        let before = self.subordinate.partition_point(|c| c.end <= at);
        before > 0 && !self.crosses_clause(self.subordinate[before - 1].end, at)
    }
}

/// Whether one of `ranges` (sorted by start) lies wholly inside `from..to`.
fn contains_one(ranges: &[Range<usize>], from: usize, to: usize) -> bool {
    let first = ranges.partition_point(|r| r.start < from);
    ranges[first..].iter().take_while(|r| r.start < to).any(|r| r.end <= to)
}

/// Whether `start..end` of `text` is whole words (or starts/ends in punctuation).
pub(super) fn is_word_bounded(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric();
    let phrase = &text[start..end];
    let before_ok = !phrase.starts_with(word) || !text[..start].chars().next_back().is_some_and(word);
    let after_ok = !phrase.ends_with(word) || !text[end..].chars().next().is_some_and(word);
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_count_as_split_whitespace_does() {
        let s = "Results  will not\tappear in four weeks.";
        let scan = Scan::new(s);
        for from in 0..=s.len() {
            for to in from..=s.len() {
                if s.is_char_boundary(from) && s.is_char_boundary(to) {
                    assert_eq!(
                        scan.words(from, to),
                        s[from..to].split_whitespace().count(),
                        "{from}..{to}"
                    );
                }
            }
        }
    }

    #[test]
    fn ranges_inside_and_speakers_in_reach() {
        let mut scan = Scan::new("we can honestly, truly promise it");
        scan.breaks = std::iter::once(15..16).collect();
        scan.first_person = std::iter::once(0..2).collect();
        assert!(scan.crosses_clause(10, 20));
        assert!(!scan.crosses_clause(16, 30));
        assert!(
            scan.speaker(&scan.first_person, 4, 24).is_none(),
            "a clause break parts them"
        );
        let scan = Scan {
            first_person: std::iter::once(0..2).collect(),
            ..Scan::new("we can promise it")
        };
        assert!(scan.speaker(&scan.first_person, 1, 7).is_some());
        assert!(scan.speaker(&scan.first_person, 0, 7).is_none());
    }
}
