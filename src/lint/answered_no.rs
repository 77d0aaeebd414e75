//! Questions answered no: "Do I need to keep taking finasteride? No." makes
//! the claim neither sentence makes alone. A rule says which questions, in
//! its `answered_no` patterns; the lexicon's `negative-answers` say which
//! answers say no. The finding is on the words that say no, where the
//! editor must change the copy.

use std::borrow::Cow;

use super::answer::ANSWER_SENTENCES;
use super::{starting_in, LintOutput, Reading};
use crate::finding::{Finding, FindingKind};
use crate::rules::RuleSet;
use crate::segment::Sentence;

/// At most this many characters of the question go into the message.
const QUESTION_CHARS: usize = 80;

/// Findings for the sentences of `reading` that answer no to a question
/// some rule's `answered_no` patterns match: the sentence before, or the
/// last of the block before for the block's first. An answer that claims
/// the rule's category in its own words already has its finding among
/// `claimed` (sorted by start); new findings go to `output`, in order.
pub(super) fn findings(
    reading: &Reading<'_>,
    sentences: &[Sentence],
    rules: &RuleSet,
    claimed: &[Finding],
    output: &mut LintOutput,
) {
    let text = reading.text.as_ref();
    // A table cell read with its row's label answers the label when that
    // is a question ("Keep taking pills? | No, stop after treatment").
    if let Some(label) = reading.label.filter(|label| Sentence::is_question(&label.text)) {
        let cell = Sentence {
            start: reading.prefix,
            end: text.len(),
        };
        answered(reading, &label.text, (cell, cell.end), rules, claimed, output);
        return;
    }
    for (s, answer) in sentences.iter().enumerate() {
        // The question first: a sentence not after one is not read at all.
        let question = match s.checked_sub(1) {
            Some(q) => Cow::Borrowed(sentences[q].text(text)),
            None => match reading.previous.and_then(|block| last_question(&block.text, rules)) {
                Some(question) => Cow::Owned(question),
                None => continue,
            },
        };
        if !Sentence::is_question(&question) {
            continue;
        }
        let end = sentences[s..]
            .iter()
            .take(ANSWER_SENTENCES)
            .take_while(|a| !Sentence::is_question(a.text(text)))
            .last()
            .map_or(answer.end, |a| a.end);
        answered(reading, &question, (*answer, end), rules, claimed, output);
    }
}

/// The findings for `answer` (of `reading`), if it answers `question` no:
/// one for each rule whose `answered_no` patterns the question matches,
/// unless the answer, up to `end`, claims the rule's category itself (in
/// `claimed`, or in what `output` already holds).
fn answered(
    reading: &Reading<'_>,
    question: &str,
    (answer, end): (Sentence, usize),
    rules: &RuleSet,
    claimed: &[Finding],
    output: &mut LintOutput,
) {
    let Some(no) = rules.matcher.context.answers_no(answer.text(&reading.text)) else {
        return;
    };
    let answer_span = reading.span(answer.start, end);
    for r in rules.matcher.asked(question) {
        let rule = &rules.rules[r];
        let framed = reading.frame.is_some_and(|f| !rule.fires_in(f.dismissal.context));
        // Both lists are sorted by start, and a claim in the answer starts in it.
        let in_answer = |found: &[Finding]| {
            starting_in(found, |f| f.span.start, answer_span.start, answer_span.end)
                .iter()
                .any(|f| f.category == rule.category)
        };
        if framed || in_answer(claimed) || in_answer(&output.findings) {
            continue;
        }
        output.findings.push(Finding {
            rule: rule.id.clone(),
            category: rule.category.clone(),
            severity: rule.severity,
            kind: FindingKind::Claim,
            message: format!(
                "{} (the answer \"no\" to \"{}\")",
                rule.message,
                clipped(question.trim())
            )
            .into(),
            span: reading.span(answer.start + no.start, answer.start + no.end),
            sentence: reading.span(answer.start, answer.end),
            suggestion: rule.suggestion.clone(),
            fix: None,
        });
    }
}

/// The last sentence of a block, if the block ends with a question.
fn last_question(block: &str, rules: &RuleSet) -> Option<String> {
    if !Sentence::is_question(block) {
        return None;
    }
    let mut sentences = Vec::new();
    rules.matcher.segmenter.split_into(block, &mut sentences);
    sentences.last().map(|last| last.text(block).to_string())
}

/// `text`, cut to [`QUESTION_CHARS`] with a mark where it is cut.
fn clipped(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(QUESTION_CHARS) {
        Some((at, _)) => Cow::Owned(format!("{}…", text[..at].trim_end())),
        None => Cow::Borrowed(text),
    }
}
