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
//! question, unless it opens like a pitch ("why wait", "did you know"); the
//! sentence after it may answer it yes ([`ContextClassifier::answers_yes`]),
//! which the lint reads across sentences.
//!
//! A sentence is scanned once ([`SentenceContext`]) and each claim in it is
//! classified against that scan, looking only as far as the widest window.

mod joined;
mod scan;

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::rules::{ContextKind, ContextLexicon, Direction, Scope, Voice};
use crate::segment::Sentence;
use scan::{is_word_bounded, Hit, Scan};

/// How many words may stand between the copy's own voice and the verb of
/// saying it governs ("we can promise"); further away, the verb has its own
/// subject ("an agency listing I read this spring described …").
const FIRST_PERSON_REACH: usize = 2;

/// How many words may stand between a third-party speaker and its verb of
/// saying ("a coordinator had told him", "a leaflet in my hotel lobby said").
const THIRD_PARTY_REACH: usize = 4;

/// How much of a sentence's opening is read for a question or pitch opener.
const OPENING_BYTES: usize = 80;

/// Why a match was not taken as asserted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dismissal {
    pub context: ContextKind,
    /// The trigger phrase as it stands in the sentence, and its byte range there.
    pub trigger: String,
    pub trigger_range: Range<usize>,
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
    /// Every phrase of every list, searched in one pass: the lexicon's
    /// entries first, then the lists [`List`] names, where `ends` says.
    automaton: AhoCorasick,
    /// Where each list's phrases end in the automaton: the entries, the
    /// clause breaks, the copy's own voice ("we", "our clinic"), other
    /// speakers ("the clinic", "a coordinator"), openings of a subordinate
    /// clause ("unlike", "who").
    ends: [usize; 5],
    entries: Vec<Entry>,
    question_openers: Vec<String>,
    rhetorical_openers: Vec<String>,
    affirmative_answers: Vec<String>,
    negative_answers: Vec<String>,
    label_denials: Vec<String>,
    list_joiners: Vec<String>,
    /// Lowered, each with the space after it.
    reported_continuations: Vec<String>,
    answer_conditions: Vec<String>,
    /// The widest trigger window, in words, and the longest phrase, in bytes:
    /// the bounds of where a trigger for a claim can stand.
    max_window: usize,
    max_phrase: usize,
}

/// A claim match in a sentence, with the pattern that found it.
#[derive(Debug, Clone)]
pub struct ClaimSpan<'a> {
    pub range: Range<usize>,
    /// `None`: every trigger overlapping the claim is part of it.
    pub pattern: Option<&'a crate::matcher::Pattern>,
}

impl ClaimSpan<'_> {
    /// Whether the phrase at `hit` is part of this claim: it overlaps the
    /// claim, and the claim's pattern no longer matches the claim's text
    /// without it.
    fn owns(&self, sentence: &str, hit: Range<usize>) -> bool {
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

/// One sentence, scanned once, with the claims found in it: classify each
/// claim with [`ContextClassifier::classify_at`].
#[derive(Debug)]
pub struct SentenceContext<'a> {
    scan: Scan<'a>,
    claims: &'a [ClaimSpan<'a>],
    /// Per hit: whether some claim owns it (it is part of a claim, not context).
    owned: Vec<bool>,
    /// Per claim: the first and last claim of its list; empty when no
    /// claim is in a list (see `lists`).
    lists: Vec<(usize, usize)>,
    question: Option<Dismissal>,
}

impl ContextClassifier {
    pub fn new(lexicon: &ContextLexicon) -> Result<Self, String> {
        let mut phrases: Vec<String> = Vec::new();
        let mut entries = Vec::new();
        let listed = Spellings::of(lexicon);
        for trigger in &lexicon.triggers {
            let entry = Entry::Trigger {
                kind: trigger.kind,
                direction: trigger.direction,
                window: trigger.window,
                scope: trigger.scope,
                voice: trigger.voice,
            };
            for phrase in listed.each(&trigger.phrases) {
                phrases.push(phrase);
                entries.push(entry);
            }
        }
        for phrase in listed.each(&lexicon.pseudo) {
            phrases.push(phrase);
            entries.push(Entry::Pseudo);
        }
        for phrase in listed.each(&lexicon.terminators) {
            phrases.push(phrase);
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
        let max_phrase = phrases.iter().map(String::len).max().unwrap_or(0);
        // One automaton, one pass per sentence: five automata, one per
        // list, were five passes, a tenth of an 8 MB run's CPU samples.
        let mut ends = [0; 5];
        ends[0] = phrases.len();
        let lists = [
            lexicon.clause_breaks.clone(),
            listed.each(&lexicon.first_person).collect(),
            listed.each(&lexicon.third_party).collect(),
            listed.each(&lexicon.subordinate_openers).collect(),
        ];
        for (end, list) in ends[1..].iter_mut().zip(lists) {
            phrases.extend(list);
            *end = phrases.len();
        }
        Ok(ContextClassifier {
            automaton: build(&phrases)?,
            ends,
            max_window: lexicon.triggers.iter().map(|t| t.window).max().unwrap_or(0),
            max_phrase,
            entries,
            question_openers: lower(&lexicon.question_openers),
            rhetorical_openers: lower(&lexicon.rhetorical_openers),
            affirmative_answers: lower(&lexicon.affirmative_answers),
            negative_answers: lower(&lexicon.negative_answers),
            label_denials: lower(&lexicon.label_denials),
            list_joiners: lower(&lexicon.list_joiners),
            reported_continuations: lexicon
                .reported_continuations
                .iter()
                .map(|w| format!("{} ", w.to_lowercase()))
                .collect(),
            answer_conditions: lower(&lexicon.answer_conditions),
        })
    }

    /// Every lexicon phrase in `sentence`, whole words only, without the
    /// triggers inside a pseudo-trigger ("not" in "not only"); a longer
    /// trigger around a pseudo-trigger stays ("if you expect" around "if you").
    fn scan<'s>(&self, sentence: &'s str) -> Scan<'s> {
        // Each list's phrases found, as its own automaton found them: in
        // the order the search reports them, sorted by position (stable).
        let mut found: [Vec<(usize, Range<usize>)>; 5] = Default::default();
        for m in self.automaton.find_overlapping_iter(sentence) {
            let list = self.ends.partition_point(|&end| end <= m.pattern().as_usize());
            // Clause breaks are punctuation: they need no word bounds.
            if list == 1 || is_word_bounded(sentence, m.start(), m.end()) {
                let first = if list == 0 { 0 } else { self.ends[list - 1] };
                found[list].push((m.pattern().as_usize() - first, m.start()..m.end()));
            }
        }
        for list in &mut found {
            list.sort_by_key(|(_, r)| (r.start, r.end));
        }
        let [lexicon, breaks, first_person, third_party, subordinate] = found;
        let pseudo: Vec<&Range<usize>> = lexicon
            .iter()
            .filter(|(e, _)| matches!(self.entries[*e], Entry::Pseudo))
            .map(|(_, r)| r)
            .collect();
        let mut scan = Scan::new(sentence);
        for (entry, range) in &lexicon {
            let voided = || {
                let lo = pseudo.partition_point(|p| p.start + self.max_phrase < range.start);
                let hi = pseudo.partition_point(|p| p.start <= range.start);
                pseudo[lo..hi].iter().any(|p| range.end <= p.end)
            };
            match self.entries[*entry] {
                Entry::Trigger { .. } if voided() => {}
                Entry::Trigger { .. } => scan.hits.push(Hit {
                    entry: *entry,
                    start: range.start,
                    end: range.end,
                }),
                Entry::Terminator => {
                    scan.terminators.push(range.clone());
                    scan.hits.push(Hit {
                        entry: *entry,
                        start: range.start,
                        end: range.end,
                    });
                }
                Entry::Pseudo => {}
            }
        }
        let ranges = |list: Vec<(usize, Range<usize>)>| list.into_iter().map(|(_, r)| r).collect::<Vec<_>>();
        let by_end = |list: Vec<(usize, Range<usize>)>| {
            let mut v = ranges(list);
            v.sort_by_key(|r| (r.end, r.start));
            v
        };
        scan.breaks = ranges(breaks);
        scan.first_person = by_end(first_person);
        scan.third_party = by_end(third_party);
        scan.subordinate = by_end(subordinate);
        scan
    }

    /// Scan `sentence` once and work out which lexicon phrases the `claims` in
    /// it own, ready for [`classify_at`](Self::classify_at) per claim.
    pub fn sentence<'a>(&self, sentence: &'a str, claims: &'a [ClaimSpan<'a>]) -> SentenceContext<'a> {
        let scan = self.scan(sentence);
        let mut order: Vec<usize> = (0..claims.len()).collect();
        order.sort_by_key(|&c| claims[c].range.start);
        let longest = claims.iter().map(|c| c.range.len()).max().unwrap_or(0);
        let owned = scan
            .hits
            .iter()
            .map(|hit| {
                let is_trigger = matches!(self.entries[hit.entry], Entry::Trigger { .. });
                let from = order.partition_point(|&c| claims[c].range.start + longest < hit.start);
                is_trigger
                    && order[from..]
                        .iter()
                        .take_while(|&&c| claims[c].range.start < hit.end)
                        .any(|&c| claims[c].owns(sentence, hit.start..hit.end))
            })
            .collect();
        SentenceContext {
            question: self.question(sentence),
            lists: self.lists(sentence, claims),
            scan,
            claims,
            owned,
        }
    }

    /// Decide the context of the match at `target` in `sentence`, given every
    /// claim match in the sentence (`claims`, including `target`); any trigger
    /// overlapping a claim is taken as part of it. `None` means asserted.
    pub fn classify(&self, sentence: &str, target: Range<usize>, claims: &[Range<usize>]) -> Option<Dismissal> {
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
    pub fn classify_claims(&self, sentence: &str, target: Range<usize>, claims: &[ClaimSpan<'_>]) -> Option<Dismissal> {
        let mut spans: Vec<ClaimSpan> = claims.to_vec();
        let index = match spans.iter().position(|c| c.range == target) {
            Some(index) => index,
            None => {
                spans.push(ClaimSpan {
                    range: target,
                    pattern: None,
                });
                spans.len() - 1
            }
        };
        let context = self.sentence(sentence, &spans);
        self.classify_at(&context, index)
    }

    /// The context of claim `target` (an index into the sentence's claims).
    pub fn classify_at(&self, context: &SentenceContext<'_>, target: usize) -> Option<Dismissal> {
        self.governing(context, target)
            .or_else(|| self.listed(context, target))
            .or_else(|| self.reported_on(context, target))
            .or_else(|| {
                let start = context.claims[target].range.start;
                (context.question.as_ref())
                    .filter(|q| q.trigger_range.start <= start)
                    .cloned()
            })
    }

    /// The context a trigger in the sentence gives claim `target` directly.
    fn governing(&self, context: &SentenceContext<'_>, target: usize) -> Option<Dismissal> {
        let claim = &context.claims[target];
        self.governing_range(context, claim.range.clone(), Some(claim))
    }

    /// The context a trigger gives `range` of the sentence: a claim's, or
    /// (with no `claim`) the point where a clause opens.
    fn governing_range(
        &self,
        context: &SentenceContext<'_>,
        range: Range<usize>,
        claim: Option<&ClaimSpan<'_>>,
    ) -> Option<Dismissal> {
        let scan = &context.scan;
        let sentence = scan.sentence;
        // Only a trigger within the widest window of the claim can reach it.
        let lo = scan
            .word_start(scan.word_index(range.start).saturating_sub(self.max_window + 1))
            .saturating_sub(self.max_phrase);
        let hi = scan.word_start(scan.word_index(range.end) + self.max_window + 1);
        let first = scan.hits.partition_point(|h| h.start < lo);
        let last = scan.hits.partition_point(|h| h.start < hi);
        let near = first..last;

        // A claim that carries its own negation ("no pills") is coordinated
        // with a determiner before it ("no surgery and no pills"), not negated
        // by it; sentential negation ("it is not true that …") still applies.
        let self_negated = scan.hits[near.clone()].iter().any(|h| {
            matches!(
                self.entries[h.entry],
                Entry::Trigger {
                    kind: ContextKind::Negated,
                    ..
                }
            ) && claim.is_some_and(|claim| claim.owns(sentence, h.start..h.end))
        });
        let mut best: Option<(usize, Dismissal)> = None;
        for (offset, hit) in scan.hits[near.clone()].iter().enumerate() {
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
            if context.owned[near.start + offset] {
                continue;
            }
            if self_negated && kind == ContextKind::Negated && scope == Scope::Clause {
                continue;
            }
            let reach = if hit.end <= range.start && direction != Direction::Backward {
                Some((hit.end, range.start))
            } else if hit.start >= range.end && direction != Direction::Forward {
                Some((range.end, hit.start))
            } else if hit.start < range.end && range.start < hit.end {
                // Inside the claim, through a gap of its pattern: it governs
                // the rest of the claim ("results will not appear in 4 weeks").
                Some((hit.end.min(range.end), hit.end.min(range.end)))
            } else {
                None
            };
            let Some((from, to)) = reach else { continue };
            if kind == ContextKind::Negated
                && hit.end <= range.start
                && self.answered_before(sentence, hit, range.start)
            {
                continue;
            }
            let distance = scan.words(from, to);
            if distance > window || scan.blocked(from, to) {
                continue;
            }
            let clause_bound = scope == Scope::Clause || scan.in_subordinate(hit.start);
            if clause_bound && scan.crosses_clause(from, to) {
                continue;
            }
            if !self.voiced(voice, scan, hit.start) {
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
        best.map(|(_, dismissal)| dismissal)
    }

    /// Whether a trigger with `voice` at `start` has the speaker it needs. A
    /// third party speaks when it stands nearer the verb than the copy's own
    /// voice: "a patient told us another clinic promised …" reports the
    /// clinic; "our clinic promises …" (both at once) is the copy's.
    fn voiced(&self, voice: Voice, scan: &Scan<'_>, start: usize) -> bool {
        let first_person = scan.speaker(&scan.first_person, FIRST_PERSON_REACH, start);
        match voice {
            Voice::Any => true,
            Voice::NotFirstPerson => first_person.is_none(),
            Voice::ThirdParty => scan
                .speaker(&scan.third_party, THIRD_PARTY_REACH, start)
                .is_some_and(|third| first_person.is_none_or(|first| third > first)),
        }
    }

    /// Whether `text` (a heading, a lead-in sentence, a column header) puts
    /// what follows it in someone else's mouth or warns against it: the first
    /// warning or attribution trigger in it, wherever it stands ("Red flags",
    /// "The following phrases are banned:", "The ad says").
    pub fn frame(&self, text: &str) -> Option<Dismissal> {
        let scan = self.scan(text);
        scan.hits
            .iter()
            .filter_map(|hit| {
                let Entry::Trigger { kind, voice, .. } = self.entries[hit.entry] else {
                    return None;
                };
                let framing = matches!(kind, ContextKind::Warning | ContextKind::Attributed);
                (framing && self.voiced(voice, &scan, hit.start)).then_some((kind, hit))
            })
            .min_by_key(|(_, hit)| (hit.start, std::cmp::Reverse(hit.end)))
            .map(|(kind, hit)| Dismissal {
                context: kind,
                trigger: text[hit.start..hit.end].to_string(),
                trigger_range: hit.start..hit.end,
            })
    }

    /// A sentence ending in `?` that opens with a question word asks rather than claims.
    /// The question may open after a label or a lead-in ("Results you can
    /// expect: Does it replace minoxidil?", "Since 2023, does it …?") or
    /// where a sentence boundary was missed ("— Sora Clinic, Apgujeong Does
    /// it replace minoxidil?"): after a colon or comma, or at a capitalised
    /// question word. It then covers what follows its opening only.
    fn question(&self, sentence: &str) -> Option<Dismissal> {
        if !Sentence::is_question(sentence) {
            return None;
        }
        let after_marks = sentence.match_indices([':', ',']).map(|(at, _)| at + 1);
        let capitalised = sentence
            .match_indices(|c: char| c.is_whitespace())
            .map(|(at, space)| at + space.len())
            .filter(|&at| sentence[at..].starts_with(|c: char| c.is_uppercase()));
        std::iter::once(0)
            .chain(after_marks)
            .chain(capitalised)
            .find_map(|from| self.asks_from(sentence, from))
    }

    /// Where `sentence`, the one after a question, opens by answering it no
    /// ("No, not after the course.", "You will not need one."): the words
    /// that say no, whole words of the lexicon's `negative-answers`; a word
    /// that is an entry alone must stand alone ("No, …", "Nope."), as "No
    /// one", "No single answer" and "No doubt" open other sentences. A no
    /// the sentence then makes conditional ("No, unless your doctor says
    /// so", "No, not if your follicles are still alive") is not plain.
    pub fn answers_no(&self, sentence: &str) -> Option<std::ops::Range<usize>> {
        let words = self.says_no(sentence)?;
        let rest = sentence[words.end..].to_lowercase();
        let conditional = self.answer_conditions.iter().any(|word| {
            rest.match_indices(word.as_str())
                .any(|(at, _)| is_word_bounded(&rest, at, at + word.len()))
        });
        (!conditional).then_some(words)
    }

    /// Where `sentence`, the one after a question, denies it outright: the
    /// words that say no (as [`answers_no`](Self::answers_no) finds them,
    /// conditional or not) before a mark or the end ("No.", "No, unless
    /// …", "Not at all —", "Never!"). The question then asserted nothing,
    /// though it asked without a question word ("Permanent?" over "No. Only
    /// transplanted follicles are permanent."); "No need for more" goes on
    /// to say something else.
    pub fn denies(&self, sentence: &str) -> Option<std::ops::Range<usize>> {
        let words = self.says_no(sentence)?;
        let rest = sentence[words.end..].trim_start();
        (!rest.starts_with(char::is_alphanumeric)).then_some(words)
    }

    /// Where `sentence` is a "Label: value" line whose value denies its
    /// label ("Permanent results: No.", as a table row "Permanent results |
    /// No" reads too): the label's end (its colon) and the words that deny,
    /// from `label-denials`, before a mark or the end. A claim that ends
    /// within the label is then not asserted; one that runs into the value
    /// ("Maintenance required: No") is made by it.
    pub fn denies_label(&self, sentence: &str) -> Option<(usize, std::ops::Range<usize>)> {
        let colon = sentence.find(": ")?;
        let value = colon + 1;
        let words = self.denies_as_value(&sentence[value..])?;
        Some((colon, value + words.start..value + words.end))
    }

    /// Where `value`, a label's value (after its colon, or in the cell or
    /// definition its label heads), denies the label: see
    /// [`denies_label`](Self::denies_label).
    pub fn denies_as_value(&self, value: &str) -> Option<std::ops::Range<usize>> {
        // A cross, as comparison tables mark what a column lacks ("✗ Works
        // on existing follicles only"), denies whatever follows it.
        let trimmed = value.trim_start();
        if let Some(cross) = trimmed.chars().next().filter(|c| CROSSES.contains(c)) {
            let start = value.len() - trimmed.len();
            return Some(start..start + cross.len_utf8());
        }
        let words = opening_phrase(&self.label_denials, value)?;
        let rest = value[words.end..].trim_start();
        (!rest.starts_with(char::is_alphanumeric)).then_some(words)
    }

    /// Whether the negation at `hit` is an answer of its own, set off by a
    /// dash from `claim_start` after it: "Never — stop all medication" (a
    /// sentence, or a label's value: "Daily pills afterwards: Never — …")
    /// answers what came before and does not reach past its dash, nor a
    /// phrase of no past its comma.
    fn answered_before(&self, sentence: &str, hit: &Hit, claim_start: usize) -> bool {
        let opens = |from: usize| answer_opening(&sentence[from..]).0 + from == hit.start;
        let value = sentence[..hit.start]
            .trim_end()
            .strip_suffix(':')
            .map(|label| label.len() + 1);
        let start = if opens(0) {
            0
        } else if let Some(value) = value.filter(|&v| opens(v)) {
            value
        } else {
            return false;
        };
        let Some(words) = self.says_no(&sentence[start..]) else {
            return false;
        };
        let rest = &sentence[start + words.end..];
        let after = rest.trim_start();
        // A phrase of no answers before a comma too ("Not at all, totally
        // painless"); one word goes on ("Never, ever stop finasteride").
        const MARKS: [&str; 5] = ["—", "–", "--", "- ", ","];
        let phrase = sentence[start + words.start..start + words.end].contains(' ');
        let marks = if phrase { &MARKS[..] } else { &MARKS[..4] };
        let mark = marks.iter().find(|d| after.starts_with(**d));
        mark.is_some_and(|d| start + words.end + (rest.len() - after.len()) + d.len() <= claim_start)
    }

    /// The words of `negative-answers` `sentence` opens with (see
    /// [`answers_no`](Self::answers_no)).
    fn says_no(&self, sentence: &str) -> Option<std::ops::Range<usize>> {
        opening_phrase(&self.negative_answers, sentence)
    }

    /// Whether `sentence`, the one after a question, answers it yes
    /// ("Yes, after your third session.", "A: Absolutely."): then the
    /// question asserts what it asked.
    pub fn answers_yes(&self, sentence: &str) -> bool {
        let (_, opening) = answer_opening(sentence);
        self.affirmative_answers.iter().any(|yes| {
            let Some(rest) = opening.strip_prefix(yes.as_str()) else {
                return false;
            };
            // "Of course not", "Absolutely never": the word, then a
            // negation trigger of the lexicon.
            let next = rest.trim_start_matches(' ');
            let denied = self.scan(next).hits.iter().any(|hit| {
                hit.start == 0
                    && matches!(
                        self.entries[hit.entry],
                        Entry::Trigger {
                            kind: ContextKind::Negated,
                            ..
                        }
                    )
            });
            !rest.starts_with(|c: char| c.is_alphanumeric()) && !denied
        })
    }

    /// Whether the question opens at `from` in `sentence` (see [`question`](Self::question)).
    fn asks_from(&self, sentence: &str, from: usize) -> Option<Dismissal> {
        let rest = &sentence[from..];
        let start = from + rest.len() - rest.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let first = sentence[start..]
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .next()?;
        let first_lower = first.to_lowercase();
        if !self.question_openers.contains(&first_lower) {
            return None;
        }
        let opening: String = sentence[start..]
            .char_indices()
            .take_while(|(i, _)| *i < OPENING_BYTES)
            .map(|(_, c)| c)
            .collect::<String>()
            .to_lowercase();
        let pitch = self
            .rhetorical_openers
            .iter()
            .any(|r| opening.starts_with(r.as_str()) && !opening[r.len()..].starts_with(|c: char| c.is_alphanumeric()));
        (!pitch).then(|| Dismissal {
            context: ContextKind::Question,
            trigger: format!("{first} … ?"),
            trigger_range: start..start + first.len(),
        })
    }
}

/// The longest of `phrases` (lowered) that `sentence` opens with as an
/// answer does (see [`answer_opening`]), and where it is. A one-word phrase
/// counts only standing alone, before a mark or the end: "No one", "No
/// doubt" and "Never stop without asking your doctor" say no such thing.
/// A dash counts as a mark, spaced or not ("Never — stop all medication").
fn opening_phrase(phrases: &[String], sentence: &str) -> Option<Range<usize>> {
    let (start, opening) = answer_opening(sentence);
    let words = phrases
        .iter()
        .filter(|no| {
            opening.strip_prefix(no.as_str()).is_some_and(|rest| {
                // A spaced dash sets the word off as a mark does: "Never — …".
                // "No-one", "Never-ending" are words of their own.
                let dashed = rest.trim_start().starts_with(['—', '–', '-']);
                let compound = rest
                    .strip_prefix('-')
                    .is_some_and(|r| r.starts_with(char::is_alphanumeric));
                let alone = no.contains(' ') || !rest.starts_with(char::is_whitespace) || dashed;
                alone && !compound && !rest.starts_with(|c: char| c.is_alphanumeric())
            })
        })
        .map(|no| no.chars().count())
        .max()?;
    let len: usize = sentence[start..].chars().take(words).map(char::len_utf8).sum();
    Some(start..start + len)
}

/// Marks that say a row's label does not hold for a column: ✗ ✘ ❌ × ✕ ⨯ ⛔.
const CROSSES: [char; 7] = ['✗', '✘', '❌', '×', '✕', '⨯', '⛔'];

/// The phrases the lexicon lists, lowered: a phrase with an apostrophe is
/// searched with either ("wouldn't", "wouldn’t"), so the lexicon need only
/// write one, though many of its phrases were written with both.
struct Spellings(std::collections::HashSet<String>);

impl Spellings {
    fn of(lexicon: &ContextLexicon) -> Self {
        let lists = [
            &lexicon.pseudo,
            &lexicon.terminators,
            &lexicon.first_person,
            &lexicon.third_party,
            &lexicon.subordinate_openers,
        ];
        let triggers = lexicon.triggers.iter().map(|t| &t.phrases);
        let all = lists.into_iter().chain(triggers).flatten();
        Spellings(all.map(|p| p.to_lowercase()).collect())
    }

    /// Each of `phrases` lowered, then its other spelling if the lexicon
    /// does not list that too.
    fn each<'p>(&'p self, phrases: &'p [String]) -> impl Iterator<Item = String> + 'p {
        phrases.iter().flat_map(move |phrase| {
            let phrase = phrase.to_lowercase();
            let other = if phrase.contains('\'') {
                Some(phrase.replace('\'', "’"))
            } else if phrase.contains('’') {
                Some(phrase.replace('’', "'"))
            } else {
                None
            };
            let other = other.filter(|o| !self.0.contains(o));
            std::iter::once(phrase).chain(other)
        })
    }
}

/// Where an answer's words begin in `sentence` (past marks and an "A:"), and
/// its opening lowered, a character for each of the sentence's, with curly
/// apostrophes made straight as the lexicon writes them.
fn answer_opening(sentence: &str) -> (usize, String) {
    let mut start = sentence.len() - sentence.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
    if sentence
        .get(start..start + 2)
        .is_some_and(|a| a.eq_ignore_ascii_case("a:"))
    {
        let rest = &sentence[start + 2..];
        start += 2 + rest.len() - rest.trim_start().len();
    }
    let opening = sentence[start..]
        .chars()
        .take(32)
        .map(|c| match c {
            '’' => '\'',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect();
    (start, opening)
}

#[cfg(test)]
mod tests;
