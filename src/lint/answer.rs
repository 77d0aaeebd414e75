//! Questions answered in the text after them: answered yes, a question
//! asserts what it asks ("Can I stop finasteride? Yes, after the third
//! session."); denied outright, it asserts nothing, though it asks without
//! a question word ("Permanent?" over "No."). A "Label: value" line is
//! read the same way: "Permanent results: No." denies its label.

use super::{scope, Reading};
use crate::context::Dismissal;
use crate::lint::LintOptions;
use crate::matcher::RawMatch;
use crate::position::Span;
use crate::rules::{ContextKind, RuleSet};
use crate::segment::Sentence;

/// How many sentences after a question answered yes are read as its answer.
pub(super) const ANSWER_SENTENCES: usize = 3;

/// How the text after a question answers it (in this block, or at the
/// start of the next when the question ends this one).
#[derive(Default)]
pub(super) struct Answer<'r> {
    /// Answered yes ("Can I stop finasteride? Yes, after the third
    /// session."): the question asserts what it asks, but for the
    /// categories the answer claims in its own words, in its first
    /// sentences up to the next question (`claims`): a question it answers
    /// need not repeat them ("Absolutely. Most clients stop taking it.").
    pub yes: bool,
    pub claims: Vec<&'r str>,
    /// Denied outright ("Permanent?" over "No. Only transplanted follicles
    /// are permanent."): the question asserts nothing, though it asks
    /// without a question word.
    pub no: Option<Denial>,
}

/// The words that deny a question or a label, and what they deny.
pub(super) struct Denial {
    pub dismissal: Dismissal,
    /// Where the words are.
    pub span: Span,
    /// Where what they deny ends in the reading: a match past it is not
    /// denied (a label line's value may make the claim itself).
    pub until: usize,
}

impl Answer<'_> {
    /// The denial of a match that ends at `end` of the reading, if any.
    pub fn denies(&self, end: usize) -> Option<(Dismissal, Span)> {
        self.no
            .as_ref()
            .filter(|no| end <= no.until)
            .map(|no| (no.dismissal.clone(), no.span))
    }
}

/// An answer that denies: the words that say no (at `words` of `text`,
/// found at `span`) and where what they deny ends in the reading.
fn denial<'r>(context: ContextKind, text: &str, words: std::ops::Range<usize>, span: Span, until: usize) -> Answer<'r> {
    Answer {
        no: Some(Denial {
            dismissal: Dismissal {
                context,
                trigger: text[words.clone()].to_string(),
                trigger_range: words,
            },
            span,
            until,
        }),
        ..Answer::default()
    }
}

/// How sentence `s` of `reading`, a label, is denied by its value, if it
/// is: "Permanent results: No." in one line, or a row's first cell, a term
/// or a heading over the value it labels ("Guaranteed regrowth | Myth").
fn label_denied<'r>(reading: &Reading<'_>, sentences: &[Sentence], s: usize, rules: &RuleSet) -> Answer<'r> {
    let context = &rules.matcher.context;
    let sentence = sentences[s];
    let text = sentence.text(&reading.text);
    if let Some((colon, words)) = context.denies_label(text) {
        let span = reading.trigger_span(sentence.start + words.start, sentence.start + words.end);
        return denial(ContextKind::Negated, text, words, span, sentence.start + colon);
    }
    let value = reading.next.filter(|_| reading.labels_next && s + 1 == sentences.len());
    match value.and_then(|next| Some((next, context.denies_as_value(&next.text)?))) {
        Some((next, words)) => {
            let span = next.source_span(words.start, words.end);
            denial(ContextKind::Negated, &next.text, words, span, sentence.end)
        }
        None => Answer::default(),
    }
}

/// How sentence `s` of `reading` is answered (see [`Answer`]): a question
/// by the text after it, a label by its value.
pub(super) fn answer<'r>(
    reading: &Reading<'_>,
    sentences: &[Sentence],
    s: usize,
    matches: &[RawMatch],
    rules: &'r RuleSet,
    options: &LintOptions,
) -> Answer<'r> {
    let context = &rules.matcher.context;
    let sentence = sentences[s];
    if !Sentence::is_question(sentence.text(&reading.text)) {
        return label_denied(reading, sentences, s, rules);
    }
    let (question, until) = (ContextKind::Question, sentence.end);
    // How many of `answer`'s sentences answer; the categories `found` (its
    // matches, numbered from `first`) claims in them.
    let categories = |text: &str, answer: &[Sentence], found: &[RawMatch], first: usize| -> Vec<&'r str> {
        let within = answer
            .iter()
            .take(ANSWER_SENTENCES)
            .take_while(|a| !Sentence::is_question(a.text(text)))
            .count();
        // Sorted by position, so by sentence: no walk of a run-on page's
        // every match for each of its questions.
        let from = found.partition_point(|m| m.sentence < first);
        found[from..]
            .iter()
            .take_while(|m| m.sentence < first + within)
            .map(|m| rules.rules[m.rule].category.as_ref())
            .collect()
    };
    match sentences.get(s + 1) {
        Some(next) if context.answers_yes(next.text(&reading.text)) => Answer {
            yes: true,
            claims: categories(&reading.text, &sentences[s + 1..], matches, s + 1),
            no: None,
        },
        Some(next) => match context.denies(next.text(&reading.text)) {
            Some(words) => {
                let span = reading.trigger_span(next.start + words.start, next.start + words.end);
                denial(question, next.text(&reading.text), words, span, until)
            }
            None => Answer::default(),
        },
        None => {
            let Some(next) = reading.next else {
                return Answer::default();
            };
            if let Some(words) = context.denies(&next.text) {
                let span = next.source_span(words.start, words.end);
                return denial(question, &next.text, words, span, until);
            }
            if !context.answers_yes(&next.text) {
                return Answer::default();
            }
            // The next block is matched here, for a question that ends a
            // block and is answered yes: rare enough not to share the work.
            let mut answer = Vec::new();
            rules.matcher.segmenter.split_into(&next.text, &mut answer);
            answer.truncate(ANSWER_SENTENCES);
            let mut found = Vec::new();
            rules
                .matcher
                .find_with(&next.text, &answer, scope(rules, options), false, &mut found, None);
            Answer {
                yes: true,
                claims: categories(&next.text, &answer, &found, 0),
                no: None,
            }
        }
    }
}
