//! ConText-style context: is a matched claim asserted, or negated, questioned,
//! hypothetical, attributed to someone else or warned against?
//!
//! Triggers are phrases from rules/context/ with a kind, a direction and a
//! window in words. A trigger reaches a match when it stands on the trigger's
//! side of it, within the window, with no terminator ("but", "however", ";")
//! between them. Pseudo-triggers ("not only") contain a trigger word but
//! trigger nothing; a trigger inside any claim match is part of the claim
//! ("no side effects"), not context for another. A clause-scoped trigger
//! ("no", "if") also stops at a clause break, and an attribution trigger
//! spoken by the copy itself ("we promise", "our clinic claims that") is no
//! attribution. A sentence that ends in `?` and opens with a question word is a
//! question, unless it opens like a pitch ("why wait", "did you know").

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::rules::{ContextKind, ContextLexicon, Direction, Scope, Voice};

/// How many words may stand between the copy's own voice and the verb of
/// saying it governs ("we can promise"); further away, the verb has its own
/// subject ("an agency listing I read this spring described …").
const FIRST_PERSON_REACH: usize = 2;

/// How many words may stand between a third-party speaker and its verb of
/// saying ("a coordinator had told him", "a leaflet in my hotel lobby said").
const THIRD_PARTY_REACH: usize = 4;

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
        scope: Scope,
        voice: Voice,
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
    rhetorical_openers: Vec<String>,
    clause_breaks: Vec<String>,
    /// The copy's own voice ("we", "our clinic").
    first_person: AhoCorasick,
    /// Other speakers ("the clinic", "a coordinator").
    third_party: AhoCorasick,
    /// Openings of a contrast clause ("unlike").
    contrast: AhoCorasick,
}

/// A claim match in a sentence, with the pattern that found it.
#[derive(Debug, Clone)]
pub struct ClaimSpan<'a> {
    pub range: std::ops::Range<usize>,
    /// `None`: every trigger overlapping the claim is part of it.
    pub pattern: Option<&'a regex::Regex>,
}

impl ClaimSpan<'_> {
    /// Whether the phrase at `hit` is part of this claim: it overlaps the
    /// claim, and the claim's pattern no longer matches the claim's text
    /// without it.
    fn owns(&self, sentence: &str, hit: std::ops::Range<usize>) -> bool {
        let claim = &self.range;
        if !(claim.start < hit.end && hit.start < claim.end) {
            return false;
        }
        let Some(pattern) = self.pattern else { return true };
        let cut = hit.start.max(claim.start)..hit.end.min(claim.end);
        let without = format!(
            "{} {}",
            &sentence[claim.start..cut.start],
            &sentence[cut.end..claim.end]
        );
        !pattern.is_match(&without)
    }
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
                    scope: trigger.scope,
                    voice: trigger.voice,
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
        // Standard semantics report every phrase, overlapping ones included:
        // "is not true" (backward) must not hide "is not" (forward).
        let build = |phrases: &[String]| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(phrases)
                .map_err(|e| format!("context lexicon: {e}"))
        };
        let lower = |list: &[String]| list.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>();
        Ok(ContextClassifier {
            automaton: build(&phrases)?,
            entries,
            question_openers: lower(&lexicon.question_openers),
            rhetorical_openers: lower(&lexicon.rhetorical_openers),
            clause_breaks: lexicon.clause_breaks.clone(),
            first_person: build(&lower(&lexicon.first_person))?,
            third_party: build(&lower(&lexicon.third_party))?,
            contrast: build(&lower(&lexicon.contrast_openers))?,
        })
    }

    /// Whether the phrase at `start` stands in a contrast clause ("unlike
    /// clinics that promise …,"): opened before it, not yet closed by a break.
    fn in_contrast(&self, sentence: &str, start: usize) -> bool {
        self.contrast
            .find_overlapping_iter(&sentence[..start])
            .filter(|m| is_word_bounded(sentence, m.start(), m.end()))
            .any(|m| !self.crosses_clause(sentence, m.end(), start))
    }

    /// Whether `sentence[from..to]` crosses a clause break.
    fn crosses_clause(&self, sentence: &str, from: usize, to: usize) -> bool {
        let between = &sentence[from..to];
        self.clause_breaks.iter().any(|b| between.contains(b.as_str()))
    }

    /// Whether a speaker from `speakers` stands within `reach` words before
    /// `trigger_start`, in the same clause ("we promise", "the clinic's
    /// homepage promised").
    fn spoken_by(
        &self,
        speakers: &AhoCorasick,
        reach: usize,
        sentence: &str,
        trigger_start: usize,
        blocked: &dyn Fn(usize, usize) -> bool,
    ) -> bool {
        speakers
            .find_overlapping_iter(&sentence[..trigger_start])
            .filter(|m| is_word_bounded(sentence, m.start(), m.end()))
            .any(|m| {
                let between = &sentence[m.end()..trigger_start];
                between.split_whitespace().count() <= reach
                    && !self.crosses_clause(sentence, m.end(), trigger_start)
                    && !blocked(m.end(), trigger_start)
            })
    }

    /// Decide the context of the match at `target` in `sentence`, given every
    /// claim match in the sentence (`claims`, including `target`); any trigger
    /// overlapping a claim is taken as part of it. `None` means asserted.
    pub fn classify(
        &self,
        sentence: &str,
        target: std::ops::Range<usize>,
        claims: &[std::ops::Range<usize>],
    ) -> Option<Dismissal> {
        let spans: Vec<ClaimSpan> = claims
            .iter()
            .map(|range| ClaimSpan {
                range: range.clone(),
                pattern: None,
            })
            .collect();
        self.classify_claims(sentence, target, &spans)
    }

    /// [`classify`](Self::classify), where each claim knows the pattern that
    /// found it, so a trigger inside a claim is part of the claim only when the
    /// pattern needs it ("no side effects"), and context when it came through
    /// a gap ("results do not appear in 4 weeks").
    pub fn classify_claims(
        &self,
        sentence: &str,
        target: std::ops::Range<usize>,
        claims: &[ClaimSpan<'_>],
    ) -> Option<Dismissal> {
        let hits = self.hits(sentence);
        let terminators: Vec<&Hit> = hits
            .iter()
            .filter(|h| matches!(self.entries[h.entry], Entry::Terminator))
            .collect();
        let blocked = |from: usize, to: usize| terminators.iter().any(|t| t.start >= from && t.end <= to);

        // A claim that carries its own negation ("no pills") is coordinated
        // with a determiner before it ("no surgery and no pills"), not negated
        // by it; sentential negation ("it is not true that …") still applies.
        let target_claim = claims.iter().find(|c| c.range == target);
        let self_negated = target_claim.is_some_and(|c| {
            hits.iter().any(|h| {
                matches!(
                    self.entries[h.entry],
                    Entry::Trigger {
                        kind: ContextKind::Negated,
                        ..
                    }
                ) && c.owns(sentence, h.start..h.end)
            })
        });
        let mut best: Option<(usize, Dismissal)> = None;
        for hit in &hits {
            let Entry::Trigger {
                kind,
                direction,
                window,
                scope,
                voice,
            } = self.entries[hit.entry]
            else {
                continue;
            };
            if claims.iter().any(|c| c.owns(sentence, hit.start..hit.end)) {
                continue;
            }
            if self_negated && kind == ContextKind::Negated && scope == Scope::Clause {
                continue;
            }
            let reach = if hit.end <= target.start && direction != Direction::Backward {
                Some((hit.end, target.start))
            } else if hit.start >= target.end && direction != Direction::Forward {
                Some((target.end, hit.start))
            } else if hit.start < target.end && target.start < hit.end {
                // Inside the claim, through a gap of its pattern: it governs
                // the rest of the claim ("results will not appear in 4 weeks").
                Some((hit.end.min(target.end), hit.end.min(target.end)))
            } else {
                None
            };
            let Some((from, to)) = reach else { continue };
            let distance = sentence[from..to].split_whitespace().count();
            if distance > window || blocked(from, to) {
                continue;
            }
            let clause_bound = scope == Scope::Clause || self.in_contrast(sentence, hit.start);
            if clause_bound && self.crosses_clause(sentence, from, to) {
                continue;
            }
            if !self.voiced(voice, sentence, hit.start, &blocked) {
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

    /// Every lexicon phrase in `sentence`, whole words only, without the
    /// triggers inside a pseudo-trigger ("not" in "not only"); a longer
    /// trigger around a pseudo-trigger stays ("if you expect" around "if you").
    fn hits(&self, sentence: &str) -> Vec<Hit> {
        let found: Vec<Hit> = self
            .automaton
            .find_overlapping_iter(sentence)
            .filter(|m| is_word_bounded(sentence, m.start(), m.end()))
            .map(|m| Hit {
                entry: m.pattern().as_usize(),
                start: m.start(),
                end: m.end(),
            })
            .collect();
        let pseudo: Vec<&Hit> = found
            .iter()
            .filter(|h| matches!(self.entries[h.entry], Entry::Pseudo))
            .collect();
        found
            .iter()
            .filter(|h| {
                !matches!(self.entries[h.entry], Entry::Trigger { .. })
                    || !pseudo.iter().any(|p| p.start <= h.start && h.end <= p.end)
            })
            .copied()
            .collect()
    }

    /// Whether a trigger with `voice` at `start` has the speaker it needs.
    fn voiced(&self, voice: Voice, sentence: &str, start: usize, blocked: &dyn Fn(usize, usize) -> bool) -> bool {
        let first_person = || self.spoken_by(&self.first_person, FIRST_PERSON_REACH, sentence, start, blocked);
        match voice {
            Voice::Any => true,
            Voice::NotFirstPerson => !first_person(),
            Voice::ThirdParty => {
                self.spoken_by(&self.third_party, THIRD_PARTY_REACH, sentence, start, blocked) && !first_person()
            }
        }
    }

    /// Whether `text` (a heading, a lead-in sentence, a column header) puts
    /// what follows it in someone else's mouth or warns against it: the first
    /// warning or attribution trigger in it, wherever it stands ("Red flags",
    /// "The following phrases are banned:", "The ad says").
    pub fn frame(&self, text: &str) -> Option<Dismissal> {
        let hits = self.hits(text);
        let terminators: Vec<&Hit> = hits
            .iter()
            .filter(|h| matches!(self.entries[h.entry], Entry::Terminator))
            .collect();
        let blocked = |from: usize, to: usize| terminators.iter().any(|t| t.start >= from && t.end <= to);
        hits.iter()
            .filter_map(|hit| {
                let Entry::Trigger { kind, voice, .. } = self.entries[hit.entry] else {
                    return None;
                };
                let framing = matches!(kind, ContextKind::Warning | ContextKind::Attributed);
                (framing && self.voiced(voice, text, hit.start, &blocked)).then_some((kind, hit))
            })
            .min_by_key(|(_, hit)| (hit.start, std::cmp::Reverse(hit.end)))
            .map(|(kind, hit)| Dismissal {
                context: kind,
                trigger: text[hit.start..hit.end].to_string(),
                trigger_range: hit.start..hit.end,
            })
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
        let opening = sentence[start..].to_lowercase();
        let pitch = self
            .rhetorical_openers
            .iter()
            .any(|r| opening.starts_with(r.as_str()) && !opening[r.len()..].starts_with(|c: char| c.is_alphanumeric()));
        if pitch {
            return None;
        }
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
        let trig = |kind, direction, scope, phrases: &[&str]| Trigger {
            kind,
            direction,
            window: 6,
            scope,
            voice: if phrases.contains(&"promise") {
                Voice::NotFirstPerson
            } else if phrases.contains(&"told") {
                Voice::ThirdParty
            } else {
                Voice::Any
            },
            phrases: phrases.iter().map(|s| s.to_string()).collect(),
        };
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        ContextClassifier::new(&ContextLexicon {
            triggers: vec![
                trig(
                    ContextKind::Negated,
                    Direction::Forward,
                    Scope::Sentence,
                    &["not", "does not"],
                ),
                trig(ContextKind::Negated, Direction::Forward, Scope::Clause, &["no"]),
                trig(ContextKind::Hypothetical, Direction::Forward, Scope::Clause, &["if"]),
                trig(
                    ContextKind::Attributed,
                    Direction::Forward,
                    Scope::Sentence,
                    &["that promises"],
                ),
                trig(
                    ContextKind::Attributed,
                    Direction::Forward,
                    Scope::Sentence,
                    &["promise"],
                ),
                trig(ContextKind::Attributed, Direction::Forward, Scope::Sentence, &["told"]),
                trig(
                    ContextKind::Warning,
                    Direction::Backward,
                    Scope::Sentence,
                    &["is overselling", "does not support"],
                ),
            ],
            pseudo: strings(&["not only"]),
            terminators: strings(&["but", ";"]),
            question_openers: strings(&["does", "is", "why"]),
            rhetorical_openers: strings(&["why wait", "did you know"]),
            clause_breaks: strings(&[",", ":", "—"]),
            first_person: strings(&["we", "our clinic"]),
            third_party: strings(&["coordinator", "clinic"]),
            contrast_openers: strings(&["unlike"]),
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
        assert_eq!(
            ctx(
                "It does not — on the evidence — replace finasteride.",
                "replace finasteride"
            ),
            Some(ContextKind::Negated)
        );
        assert_eq!(
            ctx(
                "The evidence does not support regrowth in 4 weeks.",
                "regrowth in 4 weeks"
            ),
            Some(ContextKind::Negated),
            "a longer backward phrase does not hide the forward one inside it"
        );
        let a = 0..7;
        let b = s.find("no downtime").unwrap()..s.len() - 1;
        assert_eq!(classifier().classify(s, b.clone(), &[a, b]), None);
    }

    #[test]
    fn clause_scope_speakers_and_pitches() {
        assert_eq!(ctx("No surgery, new hair in 4 weeks.", "new hair in 4 weeks"), None);
        assert_eq!(
            ctx("No new hair in 4 weeks.", "new hair in 4 weeks"),
            Some(ContextKind::Negated)
        );
        assert_eq!(
            ctx("If a clinic says new hair in 4 weeks, leave.", "new hair in 4 weeks"),
            Some(ContextKind::Hypothetical)
        );
        assert_eq!(
            ctx("If you are thinning, new hair in 4 weeks.", "new hair in 4 weeks"),
            None
        );
        assert_eq!(ctx("We promise new hair in 4 weeks.", "new hair in 4 weeks"), None);
        assert_eq!(
            ctx("Our clinic can promise new hair in 4 weeks.", "new hair in 4 weeks"),
            None
        );
        assert_eq!(
            ctx(
                "Clinics that promises new hair in 4 weeks mislead.",
                "new hair in 4 weeks"
            ),
            Some(ContextKind::Attributed)
        );
        assert_eq!(
            ctx("Some clinics promise new hair in 4 weeks.", "new hair in 4 weeks"),
            Some(ContextKind::Attributed)
        );
        assert_eq!(
            ctx(
                "We warn about clinics that promises new hair in 4 weeks.",
                "new hair in 4 weeks"
            ),
            Some(ContextKind::Attributed),
            "only a verb of saying takes the copy as its speaker"
        );
        assert_eq!(
            ctx("A coordinator had told him new hair in 4 weeks.", "new hair in 4 weeks"),
            Some(ContextKind::Attributed)
        );
        assert_eq!(ctx("Results told: new hair in 4 weeks.", "new hair in 4 weeks"), None);
        assert_eq!(ctx("Why wait for new hair in 4 weeks?", "new hair in 4 weeks"), None);
        assert_eq!(
            ctx(
                "Unlike clinics that promises miracles, new hair in 4 weeks.",
                "new hair in 4 weeks"
            ),
            None,
            "a trigger inside an unlike-clause stays there"
        );
        assert_eq!(
            ctx(
                "Unlike clinics that promises new hair in 4 weeks, we wait.",
                "new hair in 4 weeks"
            ),
            Some(ContextKind::Attributed)
        );
        let c = classifier();
        assert_eq!(
            c.frame("Phrases that promises too much:").map(|d| d.context),
            Some(ContextKind::Attributed)
        );
        assert_eq!(
            c.frame("No surgery, no pills:"),
            None,
            "only warnings and attributions frame"
        );
        assert_eq!(ctx("Did you know new hair in 4 weeks?", "new hair in 4 weeks"), None);
        assert_eq!(
            ctx("Why is new hair in 4 weeks rare?", "new hair in 4 weeks"),
            Some(ContextKind::Question)
        );
    }

    #[test]
    fn coordinated_negations_do_not_cancel() {
        let c = classifier();
        let claim = regex::Regex::new(r"(?i)\bno\s+pills").unwrap();
        let check = |s: &str| {
            let start = s.find("no pills").unwrap();
            let range = start..start + 8;
            let spans = [ClaimSpan {
                range: range.clone(),
                pattern: Some(&claim),
            }];
            c.classify_claims(s, range, &spans).map(|d| d.context)
        };
        assert_eq!(check("With no surgery and no pills."), None);
        assert_eq!(check("It does not mean no pills."), Some(ContextKind::Negated));
    }

    #[test]
    fn a_trigger_inside_a_claim_counts_unless_the_pattern_needs_it() {
        let c = classifier();
        let claim = regex::Regex::new(r"(?i)results\b[^.]{0,30}?\bin 4 weeks").unwrap();
        let s = "Results will not appear in 4 weeks.";
        let range = 0..s.len() - 1;
        let spans = [ClaimSpan {
            range: range.clone(),
            pattern: Some(&claim),
        }];
        assert_eq!(
            c.classify_claims(s, range.clone(), &spans).map(|d| d.context),
            Some(ContextKind::Negated)
        );
        let claim = regex::Regex::new(r"(?i)\bno\s+downtime").unwrap();
        let s = "Enjoy no downtime.";
        let range = s.find("no").unwrap()..s.len() - 1;
        let spans = [ClaimSpan {
            range: range.clone(),
            pattern: Some(&claim),
        }];
        assert_eq!(c.classify_claims(s, range, &spans), None);
    }
}
