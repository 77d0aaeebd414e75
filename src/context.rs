//! ConText-style context: is a matched claim asserted, or negated, questioned,
//! hypothetical, attributed to someone else or warned against?
//!
//! Triggers are phrases from rules/context/ with a kind, a direction and a
//! window in words. A trigger reaches a match when it stands on the trigger's
//! side of it, within the window, with no terminator ("but", "however", ";")
//! between them. Pseudo-triggers ("not only") contain a trigger word but
//! trigger nothing; a trigger inside any claim match is part of the claim
//! ("no side effects"), not context for another. A sentence that ends in `?`
//! and opens with a question word is a question.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::rules::{ContextKind, ContextLexicon, Direction};

/// Why a match was not taken as asserted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dismissal {
    pub context: ContextKind,
    /// The trigger phrase as it stands in the sentence, and its byte range there.
    pub trigger: String,
    pub trigger_range: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Copy)]
enum Entry {
    Trigger {
        kind: ContextKind,
        direction: Direction,
        window: usize,
    },
    Pseudo,
    Terminator,
}

/// The compiled context lexicon.
#[derive(Debug, Clone)]
pub struct ContextClassifier {
    automaton: AhoCorasick,
    entries: Vec<Entry>,
    question_openers: Vec<String>,
}

/// A lexicon phrase found in a sentence.
#[derive(Debug, Clone, Copy)]
struct Hit {
    entry: usize,
    start: usize,
    end: usize,
}

impl ContextClassifier {
    pub fn new(lexicon: &ContextLexicon) -> Result<Self, String> {
        let mut phrases: Vec<String> = Vec::new();
        let mut entries = Vec::new();
        for trigger in &lexicon.triggers {
            for phrase in &trigger.phrases {
                phrases.push(phrase.to_lowercase());
                entries.push(Entry::Trigger {
                    kind: trigger.kind,
                    direction: trigger.direction,
                    window: trigger.window,
                });
            }
        }
        for phrase in &lexicon.pseudo {
            phrases.push(phrase.to_lowercase());
            entries.push(Entry::Pseudo);
        }
        for phrase in &lexicon.terminators {
            phrases.push(phrase.to_lowercase());
            entries.push(Entry::Terminator);
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&phrases)
            .map_err(|e| format!("context lexicon: {e}"))?;
        Ok(ContextClassifier {
            automaton,
            entries,
            question_openers: lexicon.question_openers.iter().map(|w| w.to_lowercase()).collect(),
        })
    }

    /// Decide the context of the match at `target` in `sentence`, given every
    /// claim match in the sentence (`claims`, including `target`).
    /// `None` means asserted.
    pub fn classify(
        &self,
        sentence: &str,
        target: std::ops::Range<usize>,
        claims: &[std::ops::Range<usize>],
    ) -> Option<Dismissal> {
        let hits: Vec<Hit> = self
            .automaton
            .find_iter(sentence)
            .filter(|m| is_word_bounded(sentence, m.start(), m.end()))
            .map(|m| Hit {
                entry: m.pattern().as_usize(),
                start: m.start(),
                end: m.end(),
            })
            .collect();
        let terminators: Vec<&Hit> = hits
            .iter()
            .filter(|h| matches!(self.entries[h.entry], Entry::Terminator))
            .collect();
        let blocked = |from: usize, to: usize| terminators.iter().any(|t| t.start >= from && t.end <= to);

        let mut best: Option<(usize, Dismissal)> = None;
        for hit in &hits {
            let Entry::Trigger {
                kind,
                direction,
                window,
            } = self.entries[hit.entry]
            else {
                continue;
            };
            if claims.iter().any(|c| c.start < hit.end && hit.start < c.end) {
                continue;
            }
            let reach = if hit.end <= target.start && direction != Direction::Backward {
                Some((hit.end, target.start))
            } else if hit.start >= target.end && direction != Direction::Forward {
                Some((target.end, hit.start))
            } else {
                None
            };
            let Some((from, to)) = reach else { continue };
            let distance = sentence[from..to].split_whitespace().count();
            if distance > window || blocked(from, to) {
                continue;
            }
            if best.as_ref().is_none_or(|(d, _)| distance < *d) {
                best = Some((
                    distance,
                    Dismissal {
                        context: kind,
                        trigger: sentence[hit.start..hit.end].to_string(),
                        trigger_range: hit.start..hit.end,
                    },
                ));
            }
        }
        if let Some((_, dismissal)) = best {
            return Some(dismissal);
        }
        self.question(sentence)
    }

    /// A sentence ending in `?` that opens with a question word asks rather than claims.
    fn question(&self, sentence: &str) -> Option<Dismissal> {
        let trimmed = sentence
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ')' | '”' | '’' | '*' | '_'));
        if !trimmed.ends_with('?') {
            return None;
        }
        let start = sentence.len() - sentence.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let first = sentence[start..]
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .next()?;
        let first_lower = first.to_lowercase();
        self.question_openers.contains(&first_lower).then(|| Dismissal {
            context: ContextKind::Question,
            trigger: format!("{first} … ?"),
            trigger_range: start..start + first.len(),
        })
    }
}

fn is_word_bounded(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric();
    let phrase = &text[start..end];
    let before_ok = !phrase.starts_with(word) || !text[..start].chars().next_back().is_some_and(word);
    let after_ok = !phrase.ends_with(word) || !text[end..].chars().next().is_some_and(word);
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Trigger;

    fn classifier() -> ContextClassifier {
        let trig = |kind, direction, phrases: &[&str]| Trigger {
            kind,
            direction,
            window: 6,
            phrases: phrases.iter().map(|s| s.to_string()).collect(),
        };
        ContextClassifier::new(&ContextLexicon {
            triggers: vec![
                trig(ContextKind::Negated, Direction::Forward, &["not", "no", "does not"]),
                trig(ContextKind::Attributed, Direction::Forward, &["that promises"]),
                trig(ContextKind::Warning, Direction::Backward, &["is overselling"]),
            ],
            pseudo: vec!["not only".into()],
            terminators: vec!["but".into(), ";".into()],
            question_openers: vec!["does".into(), "is".into()],
        })
        .unwrap()
    }

    fn ctx(sentence: &str, claim: &str) -> Option<ContextKind> {
        let start = sentence.find(claim).unwrap();
        let range = start..start + claim.len();
        classifier()
            .classify(sentence, range.clone(), &[range])
            .map(|d| d.context)
    }

    #[test]
    fn negation_attribution_warning_question() {
        assert_eq!(
            ctx("It is not a transplant.", "a transplant"),
            Some(ContextKind::Negated)
        );
        assert_eq!(
            ctx(
                "A clinic that promises regrowth in 4 weeks lies.",
                "regrowth in 4 weeks"
            ),
            Some(ContextKind::Attributed)
        );
        assert_eq!(
            ctx("Regrowth in 4 weeks is overselling.", "Regrowth in 4 weeks"),
            Some(ContextKind::Warning)
        );
        assert_eq!(
            ctx("Does this replace finasteride?", "replace finasteride"),
            Some(ContextKind::Question)
        );
        assert_eq!(ctx("Want regrowth in 4 weeks?", "regrowth in 4 weeks"), None);
    }

    #[test]
    fn pseudo_terminators_and_claims_block_triggers() {
        assert_eq!(
            ctx("Not only regrowth in 4 weeks, but more.", "regrowth in 4 weeks"),
            None
        );
        assert_eq!(ctx("Not cheap, but regrowth in 4 weeks.", "regrowth in 4 weeks"), None);
        assert_eq!(ctx("Nothingnot regrowth.", "regrowth"), None);
        let s = "No pain and no downtime.";
        let a = 0..7;
        let b = s.find("no downtime").unwrap()..s.len() - 1;
        assert_eq!(classifier().classify(s, b.clone(), &[a, b]), None);
    }
}
