//! Questions answered in the text after them: answered yes, a question
//! asserts what it asks ("Can I stop finasteride? Yes, after the third
//! session."); denied outright, it asserts nothing, though it asks without
//! a question word ("Permanent?" over "No.").

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
    /// without a question word. The words that say no, and where they are.
    pub no: Option<(Dismissal, Span)>,
}

/// How sentence `s` of `reading`, if it is a question, is answered (see [`Answer`]).
pub(super) fn answer<'r>(
    reading: &Reading<'_>,
    sentences: &[Sentence],
    s: usize,
    matches: &[RawMatch],
    rules: &'r RuleSet,
    options: &LintOptions,
) -> Answer<'r> {
    let context = &rules.matcher.context;
    if !Sentence::is_question(sentences[s].text(&reading.text)) {
        return Answer::default();
    }
    // The trigger's range is in the answer, and the span says where that is.
    let denial = |text: &str, words: std::ops::Range<usize>, span: Span| Answer {
        no: Some((
            Dismissal {
                context: ContextKind::Question,
                trigger: text[words.clone()].to_string(),
                trigger_range: words,
            },
            span,
        )),
        ..Answer::default()
    };
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
                denial(next.text(&reading.text), words, span)
            }
            None => Answer::default(),
        },
        None => {
            let Some(next) = reading.next else {
                return Answer::default();
            };
            if let Some(words) = context.denies(&next.text) {
                let span = next.source_span(words.start, words.end);
                return denial(&next.text, words, span);
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
