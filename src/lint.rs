//! The one engine call: a source file and a rule set in, findings out.
//!
//! extract → segment → match → context → findings (+ disclosures) → suppress.
//! Every front end (CLI, LSP, audit, tests) calls [`lint`]; `candor check`
//! may [`prepare`] a file first, while the rules' automaton is still building.

use std::borrow::Cow;
use std::sync::Arc;

use rayon::prelude::*;

mod answer;
mod answered_no;

use crate::context::{ClaimSpan, SentenceContext};
use crate::directive;
use crate::disclosure::{self, DocumentVerdict, Segmented};
use crate::extract::{self, Block};
use crate::finding::{Dismissed, Edit, Finding, FindingKind, Fix};
use crate::frame::{self, Frame};
use crate::matcher::{BlockHits, RawMatch, Scope};
use crate::memo::BlockMemo;
use crate::position::Span;
use crate::rules::{ContextKind, FixSafety, RuleSet};
use crate::segment::Sentence;
use crate::source::SourceFile;
use crate::suppress::{self, ActiveSuppression, SuppressOptions};
use answer::Answer;

/// Per-run choices that change what a lint reports.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Keep the matches context dismissed, with their triggers.
    pub explain_context: bool,
    /// Disclosure profile for this file (`None`: the default profile).
    pub profile: Option<String>,
    /// Skip the document-level disclosure check.
    pub no_disclosures: bool,
    /// Report every rule's match even where another rule of the same
    /// category matched the same words (rule examples test one rule each).
    pub keep_overlaps: bool,
    pub suppress: SuppressOptions,
}

/// Everything linting one file produced.
#[derive(Debug, Clone, Default)]
pub struct LintOutput {
    /// Sorted by position.
    pub findings: Vec<Finding>,
    pub dismissed: Vec<Dismissed>,
    pub suppressions: Vec<ActiveSuppression>,
    pub document: Option<DocumentVerdict>,
}

impl LintOutput {
    /// The claims the parts of one document produced, in order. A run-on
    /// page's claims are hundreds of thousands of findings: they are moved
    /// once, into room reserved for all of them (or not at all when there is
    /// one part), not copied each time the vector grows.
    fn claims_of(parts: impl IntoIterator<Item = LintOutput>) -> LintOutput {
        let mut parts = parts.into_iter();
        let mut all = parts.next().unwrap_or_default();
        let rest: Vec<LintOutput> = parts.collect();
        all.findings.reserve(rest.iter().map(|p| p.findings.len()).sum());
        all.dismissed.reserve(rest.iter().map(|p| p.dismissed.len()).sum());
        for part in rest {
            all.findings.extend(part.findings);
            all.dismissed.extend(part.dismissed);
        }
        all
    }

    /// Move `other`'s findings and dismissals here, as they are.
    fn absorb(&mut self, other: LintOutput) {
        self.findings.extend(other.findings);
        self.dismissed.extend(other.dismissed);
    }

    /// Add the findings of a block read a second way (`extra`) that this
    /// output, the block's first reading, does not hold already: the same
    /// rule over some of the same text. A cell read with its row's label and
    /// with its column's header may find one claim twice, its match reaching
    /// less or more of it. A claim lies in one sentence, so only findings
    /// starting in the extra one's sentence are compared: a run-on page's
    /// thousands of short answers each look at a few.
    fn add_new(&mut self, mut extra: LintOutput) {
        extra.findings.sort_by_key(|f| (f.span.start, f.span.end));
        let first = self.findings.len();
        for finding in extra.findings {
            let (sorted, added) = self.findings.split_at(first);
            let near = |found: &[Finding]| {
                let from = finding.sentence.start.min(finding.span.start);
                starting_in(found, |f| f.span.start, from, finding.span.end)
                    .iter()
                    .any(|f| f.rule == finding.rule && overlap(&f.span, &finding.span))
            };
            if !near(sorted) && !near(added) {
                self.findings.push(finding);
            }
        }
        if !extra.dismissed.is_empty() {
            self.add_new_dismissals(extra.dismissed);
        }
    }

    /// [`add_new`](Self::add_new) for dismissals (kept with
    /// `--explain-context`). A dismissal carries no sentence span, so the
    /// longest dismissed match bounds how far before one an overlapping one
    /// can start: a run-on page of dismissed answers stays linear.
    fn add_new_dismissals(&mut self, mut extra: Vec<Dismissed>) {
        let start = |d: &Dismissed| d.span.start;
        self.dismissed.sort_by_key(|d| (d.span.start, d.span.end));
        extra.sort_by_key(|d| (d.span.start, d.span.end));
        let longest = self
            .dismissed
            .iter()
            .chain(&extra)
            .map(|d| d.span.end - d.span.start)
            .max()
            .unwrap_or(0);
        let first = self.dismissed.len();
        for dismissed in extra {
            let (sorted, added) = self.dismissed.split_at(first);
            let near = |found: &[Dismissed]| {
                starting_in(
                    found,
                    start,
                    dismissed.span.start.saturating_sub(longest),
                    dismissed.span.end,
                )
                .iter()
                .any(|d| d.rule == dismissed.rule && overlap(&d.span, &dismissed.span))
            };
            if !near(sorted) && !near(added) {
                self.dismissed.push(dismissed);
            }
        }
    }
}

fn overlap(a: &Span, b: &Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// The items of `sorted` (by `start`) that start in `from..to`.
fn starting_in<T>(sorted: &[T], start: impl Fn(&T) -> usize, from: usize, to: usize) -> &[T] {
    let lo = sorted.partition_point(|item| start(item) < from);
    let hi = sorted.partition_point(|item| start(item) < to).max(lo);
    &sorted[lo..hi]
}

/// Lint one source file.
pub fn lint(source: &SourceFile, rules: &RuleSet, options: &LintOptions) -> LintOutput {
    lint_with(source, rules, options, &mut BlockMemo::none())
}

/// [`lint`], reusing what `memo` kept of this document's last lint for the
/// blocks whose text is unchanged (the language server keeps one per document).
pub fn lint_with(source: &SourceFile, rules: &RuleSet, options: &LintOptions, memo: &mut BlockMemo) -> LintOutput {
    memo.begin(rules);
    let output = lint_once(source, &prepare(source, rules), rules, options, memo);
    memo.end();
    output
}

/// A document's blocks, and how they sit on the page: what a lint needs
/// before any pattern runs, so it can be made while the rules' automaton is
/// still being built (see `cli::check`).
pub struct Prepared {
    extracted: extract::Extracted,
    layout: frame::Layout,
}

/// Extract `source`'s blocks and lay them out (frames, table labels).
pub fn prepare(source: &SourceFile, rules: &RuleSet) -> Prepared {
    let extracted = extract::extract(source);
    let layout = frame::layout(
        &extracted.blocks,
        &source.text,
        &rules.matcher.context,
        &rules.matcher.segmenter,
    );
    Prepared { extracted, layout }
}

impl Prepared {
    /// The blocks extracted from the source.
    pub fn extracted(&self) -> &extract::Extracted {
        &self.extracted
    }
}

/// [`lint`] from what [`prepare`] made of `source`.
pub fn lint_prepared(source: &SourceFile, prepared: &Prepared, rules: &RuleSet, options: &LintOptions) -> LintOutput {
    lint_once(source, prepared, rules, options, &mut BlockMemo::none())
}

/// A document at least this large (and linted without a memo) has its
/// blocks linted in parallel; a block's sentences are, past this size too.
const PARALLEL_BYTES: usize = 256 << 10;

/// Sentences of one huge block matched together on one thread.
const SENTENCE_CHUNK: usize = 64;

/// Whether a block is matched in chunks of its sentences, in parallel.
fn huge(text: &str, sentences: &[Sentence]) -> bool {
    text.len() >= PARALLEL_BYTES && sentences.len() > SENTENCE_CHUNK
}

/// Whether a lint checks the page's disclosures.
fn checks_disclosures(rules: &RuleSet, options: &LintOptions) -> bool {
    !options.no_disclosures && !rules.disclosures.is_empty()
}

/// Which of the rules' patterns a lint with `options` searches for: the
/// document patterns only where it checks disclosures.
pub fn scope(rules: &RuleSet, options: &LintOptions) -> Scope {
    if checks_disclosures(rules, options) {
        Scope::All
    } else {
        Scope::Leading
    }
}

/// What linting one block produced.
#[derive(Default)]
struct BlockLint {
    sentences: Vec<Sentence>,
    output: LintOutput,
    /// The document patterns' hits, when the pass that found the claims
    /// read the block's own sentences and the page's disclosures are checked.
    hits: Option<BlockHits>,
}

/// What every block of one document is linted with.
struct Page<'a> {
    blocks: &'a [Block],
    layout: &'a frame::Layout,
    rules: &'a RuleSet,
    options: &'a LintOptions,
}

fn lint_once(
    source: &SourceFile,
    prepared: &Prepared,
    rules: &RuleSet,
    options: &LintOptions,
    memo: &mut BlockMemo,
) -> LintOutput {
    let Prepared { extracted, layout } = prepared;
    let blocks = &extracted.blocks;
    let page = Page {
        blocks,
        layout,
        rules,
        options,
    };
    let linted: Vec<BlockLint> = if !memo.is_enabled() && source.text.len() >= PARALLEL_BYTES {
        (0..blocks.len())
            .into_par_iter()
            .map(|i| lint_block(&page, i, None))
            .collect()
    } else {
        let mut linted = Vec::with_capacity(blocks.len());
        for i in 0..blocks.len() {
            linted.push(lint_block(&page, i, Some(&mut *memo)));
        }
        linted
    };
    let mut outputs = Vec::with_capacity(linted.len());
    let mut sentences = Vec::with_capacity(linted.len());
    let mut scanned = Vec::with_capacity(linted.len());
    for block in linted {
        outputs.push(block.output);
        sentences.push(block.sentences);
        scanned.push(block.hits);
    }
    let mut output = LintOutput::claims_of(outputs);

    if checks_disclosures(rules, options) {
        let document = &rules.matcher.document;
        let hits: Vec<BlockHits> = blocks
            .iter()
            .zip(&sentences)
            .zip(scanned)
            .map(|((block, sentences), scanned)| {
                memo.document(&block.text, || {
                    scanned.unwrap_or_else(|| {
                        if huge(&block.text, sentences) {
                            document.hits_in_chunks(&block.text, sentences, SENTENCE_CHUNK)
                        } else {
                            document.hits(&block.text, sentences)
                        }
                    })
                })
            })
            .collect();
        let doc = Segmented {
            blocks: &extracted.blocks,
            sentences: &sentences,
            hits: &hits,
        };
        let (verdict, missing) = disclosure::check(&doc, rules, options.profile.as_deref(), &source.text);
        output.findings.extend(missing);
        output.document = Some(verdict);
    }

    let directives = directive::parse(&extracted.comments);
    let known = |selector: &str| {
        rules
            .rules
            .iter()
            .any(|r| crate::rules::select::selects(selector, &r.id, &r.category))
            || rules
                .disclosures
                .iter()
                .any(|d| crate::rules::select::selects(selector, &d.rule_id(), &d.category()))
    };
    output.suppressions = suppress::apply(
        &source.text,
        source.line_index(),
        &directives,
        &mut output.findings,
        &known,
        options.suppress,
    );
    // In place: a stable sort's scratch was a third of a run-on page's
    // findings again (33 MB for 488,062). Findings that tie on the key (the
    // same rule at the same span) are the same finding to every report, and
    // the order of the rest does not depend on the sort's stability; the
    // result stays the same from run to run, as the input order does.
    output.findings.sort_unstable_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    output.dismissed.sort_by_key(|d| (d.span.start, d.span.end));
    output
}

/// Segment, match and classify block `i`: its sentences, and the claims it
/// makes. A huge block (a run-on page) is matched in chunks of sentences in
/// parallel; matching and context never look across sentences.
fn lint_block(page: &Page<'_>, i: usize, memo: Option<&mut BlockMemo>) -> BlockLint {
    let Page {
        blocks,
        layout,
        rules,
        options,
    } = page;
    let block = &blocks[i];
    let mut linted = BlockLint::default();
    rules.matcher.segmenter.split_into(&block.text, &mut linted.sentences);
    let reading = Reading {
        next: blocks.get(i + 1),
        labels_next: layout.labels.get(i + 1) == Some(&Some(i)),
        across: layout.headers[i].map(|h| &blocks[h]),
        previous: i.checked_sub(1).map(|p| &blocks[p]),
        ..Reading::new(block, layout.labels[i].map(|l| &blocks[l]), layout.frames[i].as_ref())
    };
    let labelled_sentences;
    let reading_sentences = if reading.prefix == 0 {
        &linted.sentences
    } else {
        let mut split = Vec::new();
        rules.matcher.segmenter.split_into(&reading.text, &mut split);
        labelled_sentences = split;
        &labelled_sentences
    };
    // The pass that finds the claims also says where the document patterns
    // may match, when it reads the block's own sentences (a label before
    // them would shift every sentence).
    let want_hits = reading.prefix == 0 && checks_disclosures(rules, options);
    let find = |sentences: &[Sentence], out: &mut Vec<RawMatch>| -> Option<BlockHits> {
        let mut hits = want_hits.then(BlockHits::default);
        rules.matcher.find_with(
            &reading.text,
            sentences,
            scope(rules, options),
            options.keep_overlaps,
            out,
            hits.as_mut(),
        );
        hits
    };
    // Matches of a chunk count sentences from the chunk's first, `offset`.
    let claims_in = |offset: usize, mut matches: Vec<RawMatch>, output: &mut LintOutput| {
        for m in &mut matches {
            m.sentence += offset;
        }
        matches.retain(|m| m.end > reading.prefix);
        if !matches.is_empty() {
            // At most a finding per match: reserved at once, a run-on
            // page's findings are not copied as their vector doubles.
            output.findings.reserve(matches.len());
            claims(&reading, reading_sentences, &matches, rules, options, output);
        }
    };
    match memo {
        Some(memo) if !options.keep_overlaps => {
            let mut matches = Vec::new();
            memo.claims(&reading.text, &mut matches, |out| {
                linted.hits = find(reading_sentences, out)
            });
            claims_in(0, matches, &mut linted.output);
        }
        _ if huge(&reading.text, reading_sentences) => {
            let (chunks, hits): (Vec<LintOutput>, Vec<Option<BlockHits>>) = reading_sentences
                .par_chunks(SENTENCE_CHUNK)
                .enumerate()
                .map(|(c, chunk)| {
                    let mut matches = Vec::new();
                    let hits = find(chunk, &mut matches);
                    let mut output = LintOutput::default();
                    claims_in(c * SENTENCE_CHUNK, matches, &mut output);
                    (output, hits)
                })
                .unzip();
            linted.output = LintOutput::claims_of(chunks);
            linted.hits = want_hits.then(|| BlockHits::join(hits.into_iter().flatten().collect(), SENTENCE_CHUNK));
        }
        _ => {
            let mut matches = Vec::new();
            linted.hits = find(reading_sentences, &mut matches);
            claims_in(0, matches, &mut linted.output);
        }
    }
    // The block read other ways: what they find joins the first reading's
    // findings (sorted by start) once, at the end.
    let mut extra = LintOutput::default();
    answered_no::findings(&reading, reading_sentences, rules, &linted.output.findings, &mut extra);
    if let Some(header) = layout.headers[i].map(|h| &blocks[h]) {
        let by_column = Reading {
            across: layout.labels[i].map(|l| &blocks[l]),
            ..Reading::new(block, Some(header), layout.frames[i].as_ref())
        };
        extra.absorb(reread(&by_column, rules, options));
    }
    if reading.prefix == 0 {
        for pair in linted.sentences.windows(2) {
            let (question, answer) = (pair[0], pair[1]);
            if frame::is_short_question(question.text(&block.text)) && frame::is_short_answer(answer.text(&block.text))
            {
                let answered = Reading::answer(block, question, answer, layout.frames[i].as_ref());
                extra.absorb(reread(&answered, rules, options));
            }
        }
    }
    if !extra.findings.is_empty() || !extra.dismissed.is_empty() {
        linted.output.add_new(extra);
    }
    linted
}

/// The claims of a short text read a second way: a table cell with its
/// column's header ("Results: In 2 weeks"), a short answer with the
/// question before it in its block. Such texts are short: no memo, no
/// chunks, and no document patterns (the block's own reading found those).
fn reread(reading: &Reading<'_>, rules: &RuleSet, options: &LintOptions) -> LintOutput {
    let mut sentences = Vec::new();
    rules.matcher.segmenter.split_into(&reading.text, &mut sentences);
    let mut matches = Vec::new();
    rules.matcher.find_with(
        &reading.text,
        &sentences,
        scope(rules, options),
        options.keep_overlaps,
        &mut matches,
        None,
    );
    matches.retain(|m| m.end > reading.prefix);
    let mut output = LintOutput::default();
    if !matches.is_empty() {
        claims(reading, &sentences, &matches, rules, options, &mut output);
    }
    // An answer read with its question in one block was read as answering
    // it by the block's own reading.
    if reading.base == 0 {
        let mut answers = LintOutput::default();
        answered_no::findings(reading, &sentences, rules, &output.findings, &mut answers);
        output.absorb(answers);
    }
    output
}

/// A block as it is matched: its own text, or, for a table cell, its row's
/// label and its text ("Time to visible change: 7 to 10 days"), plus the frame
/// a lead-in or column header puts around it.
struct Reading<'a> {
    block: &'a Block,
    label: Option<&'a Block>,
    frame: Option<&'a Frame>,
    text: Cow<'a, str>,
    /// Bytes of `text` before the block's own (the label and its joiner).
    prefix: usize,
    /// The block after this one, where a question ending this one may be
    /// answered ("<summary>Can I stop finasteride?</summary><p>Yes, …").
    next: Option<&'a Block>,
    /// Whether this block labels the next (a row's first cell, a term, a
    /// heading): a value there that denies it ("Guaranteed regrowth |
    /// Myth") denies this block's last sentence.
    labels_next: bool,
    /// A table cell's label on the other axis: its column's header when the
    /// cell is read with its row's label, its row's label when read with its
    /// column's header. A rule's `table_exceptions` look at it.
    across: Option<&'a Block>,
    /// The block before this one, where a question answered no at the
    /// start of this one may be asked (see `answered_no`).
    previous: Option<&'a Block>,
    /// Where the reading's own text, and its label's, start in their
    /// blocks: 0, but for a short answer read with the question before it
    /// in one block (see [`Reading::answer`]).
    base: usize,
    label_base: usize,
}

impl<'a> Reading<'a> {
    fn new(block: &'a Block, label: Option<&'a Block>, frame: Option<&'a Frame>) -> Self {
        let (text, prefix) = match label {
            Some(label) => {
                let (text, prefix) = labelled(&label.text, &block.text);
                (Cow::Owned(text), prefix)
            }
            None => (Cow::Borrowed(block.text.as_str()), 0),
        };
        Reading {
            block,
            label,
            frame,
            text,
            prefix,
            next: None,
            labels_next: false,
            across: None,
            previous: None,
            base: 0,
            label_base: 0,
        }
    }

    /// A short answer (`answer`) read with the question before it in the
    /// same block, as a question block labels the answer after it: "How
    /// many sessions will I need? Just one." reads "How many sessions will
    /// I need: Just one."
    fn answer(block: &'a Block, question: Sentence, answer: Sentence, frame: Option<&'a Frame>) -> Self {
        let (text, prefix) = labelled(question.text(&block.text), answer.text(&block.text));
        Reading {
            block,
            label: Some(block),
            frame,
            text: Cow::Owned(text),
            prefix,
            next: None,
            labels_next: false,
            across: None,
            previous: None,
            base: answer.start,
            label_base: question.start,
        }
    }

    /// The source span of `start..end` of the reading, clipped to the block.
    fn span(&self, start: usize, end: usize) -> Span {
        let at = |offset: usize| self.base + offset.saturating_sub(self.prefix);
        self.block.source_span(at(start), at(end))
    }

    /// The source span of a trigger at `start..end`, in the label or the block.
    fn trigger_span(&self, start: usize, end: usize) -> Span {
        match self.label {
            Some(label) if end <= self.prefix => {
                let len = self.prefix - 2;
                label.source_span(self.label_base + start.min(len), self.label_base + end.min(len))
            }
            _ => self.span(start, end),
        }
    }

    /// Where `start..end` of the reading, past its label, is in the block's text.
    fn in_block(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        Some((
            self.base + start.checked_sub(self.prefix)?,
            self.base + end - self.prefix,
        ))
    }
}

/// `text` read with its label, "label: text", and the bytes before `text`.
/// A question's mark goes too: "When will I see results?" over "In 2
/// weeks." reads as the answer states it. A claim the label makes alone is
/// dropped (it ends before the text).
fn labelled(label: &str, text: &str) -> (String, usize) {
    let label = label.trim_end_matches([' ', ':', '?']);
    (format!("{label}: {text}"), label.len() + 2)
}

/// Classify the matches of one block and turn the asserted ones into findings.
fn claims(
    reading: &Reading<'_>,
    sentences: &[Sentence],
    matches: &[RawMatch],
    rules: &RuleSet,
    options: &LintOptions,
    output: &mut LintOutput,
) {
    // Matches come sorted by position, so each sentence's are contiguous: scan
    // the sentence once and classify each of its claims against the scan.
    for group in matches.chunk_by(|a, b| a.sentence == b.sentence) {
        let sentence = sentences[group[0].sentence];
        let spans: Vec<ClaimSpan> = group
            .iter()
            .map(|o| ClaimSpan {
                range: o.start - sentence.start..o.end - sentence.start,
                pattern: Some(rules.matcher.pattern(o.pattern)),
            })
            .collect();
        let text = sentence.text(&reading.text);
        let context = rules.matcher.context.sentence(text, &spans);
        let answer = answer::answer(reading, sentences, group[0].sentence, matches, rules, options);
        let at = SentenceAt {
            reading,
            sentence,
            context: &context,
            answer: &answer,
            rules,
            options,
        };
        for (index, m) in group.iter().enumerate() {
            claim(&at, m, index, output);
        }
    }
}

/// One sentence of a reading, with its context and what linting it needs.
struct SentenceAt<'a> {
    reading: &'a Reading<'a>,
    sentence: Sentence,
    context: &'a SentenceContext<'a>,
    /// How the sentence, if a question, is answered.
    answer: &'a Answer<'a>,
    rules: &'a RuleSet,
    options: &'a LintOptions,
}

impl SentenceAt<'_> {
    fn text(&self) -> &str {
        &self.reading.text
    }
}

/// Classify match `index` of a sentence and, if it is asserted, turn it into a finding.
fn claim(at: &SentenceAt<'_>, m: &RawMatch, index: usize, output: &mut LintOutput) {
    let rule = &at.rules.rules[m.rule];
    let matcher = &at.rules.matcher;
    if at
        .reading
        .across
        .is_some_and(|label| matcher.excused_across(m.rule, &label.text))
    {
        return;
    }
    let span = at.reading.span(m.start, m.end);
    let in_sentence_context = at
        .rules
        .matcher
        .context
        .classify_at(at.context, index)
        .filter(|d| {
            let affirmed = at.answer.yes && !at.answer.claims.contains(&rule.category.as_ref());
            !(d.context == ContextKind::Question && affirmed)
        })
        .map(|d| {
            let trigger_span = at.reading.trigger_span(
                at.sentence.start + d.trigger_range.start,
                at.sentence.start + d.trigger_range.end,
            );
            (d, trigger_span)
        });
    let denied = || at.answer.denies(m.end);
    let framed = || at.reading.frame.map(|f| (f.dismissal.clone(), f.trigger_span));
    if let Some((dismissal, trigger_span)) = in_sentence_context.or_else(denied).or_else(framed) {
        if !rule.fires_in(dismissal.context) {
            if at.options.explain_context {
                output.dismissed.push(Dismissed {
                    rule: rule.id.clone(),
                    span,
                    context: dismissal.context,
                    trigger: dismissal.trigger,
                    trigger_span,
                });
            }
            return;
        }
    }
    let capture = |name: &str| -> Option<&str> {
        match name {
            "0" | "match" => Some(&at.text()[m.start.max(at.reading.prefix)..m.end]),
            _ => m
                .captures
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, r)| &at.text()[r.clone()]),
        }
    };
    // A group the match did not take part in ("{percent}" where "9 out of
    // 10" matched): a message names the whole match instead, and a fix that
    // needs it is not offered.
    let missing = std::cell::Cell::new(false);
    let or_match = |name: &str| capture(name).or_else(|| capture("0"));
    let recorded = |name: &str| {
        let value = capture(name);
        missing.set(missing.get() || value.is_none());
        value
    };
    let fix = rule.fix.as_ref().and_then(|spec| {
        let replacement = spec.replacement.as_ref()?;
        let (start, end) = at.reading.in_block(m.start, m.end)?;
        if spec.safety == FixSafety::DisplayOnly || !is_verbatim(at.reading.block, start, end) {
            return None;
        }
        let replacement = interpolate(replacement, &recorded);
        (!missing.get()).then(|| Fix {
            safety: spec.safety,
            edits: vec![Edit {
                span,
                replacement: match_case(&at.text()[m.start..m.end], &replacement),
            }],
        })
    });
    output.findings.push(Finding {
        rule: rule.id.clone(),
        category: rule.category.clone(),
        severity: rule.severity,
        kind: FindingKind::Claim,
        message: filled(&rule.message, &or_match),
        span,
        sentence: at.reading.span(at.sentence.start, at.sentence.end),
        suggestion: rule.suggestion.as_ref().map(|s| filled(s, &or_match)),
        fix,
    });
}

/// Whether block text `start..end` is one verbatim run of the source, so an
/// edit of its source span cannot cut through markup.
fn is_verbatim(block: &Block, start: usize, end: usize) -> bool {
    block
        .map
        .verbatim_runs()
        .any(|(run, _)| run.start <= start && end <= run.end)
}

/// A rule's text with its captures filled in: the rule's own, shared, when
/// it has nothing to fill.
fn filled<'a>(template: &Arc<str>, capture: &dyn Fn(&str) -> Option<&'a str>) -> Arc<str> {
    if template.contains('{') {
        interpolate(template, capture).into()
    } else {
        Arc::clone(template)
    }
}

/// Replace `{name}` with the named capture's text; unknown names stay as written.
pub fn interpolate<'a>(template: &str, capture: &dyn Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if after[..close]
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-') =>
            {
                match capture(&after[..close]) {
                    Some(value) => out.push_str(value),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Give a replacement the capitalisation of the text it replaces ("Cure" → "Treatment").
fn match_case(original: &str, replacement: &str) -> String {
    let starts_upper = original.chars().next().is_some_and(char::is_uppercase);
    let all_upper = original.chars().filter(|c| c.is_alphabetic()).count() > 1
        && original.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    if all_upper {
        replacement.to_uppercase()
    } else if starts_upper {
        let mut chars = replacement.chars();
        chars
            .next()
            .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
    } else {
        replacement.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Large documents (many blocks, and a block of run-on text) are linted
    /// in parallel; a memo's lint runs block by block: same findings.
    #[test]
    fn parallel_and_sequential_lints_agree() {
        let rules = RuleSet::embedded();
        let paragraph = "Our clinic guarantees regrowth in 4 weeks with no downtime. \
                         A clinic that promises visible regrowth at four weeks is selling an expectation.\n\n";
        let mut text = paragraph.repeat(PARALLEL_BYTES / paragraph.len() + 1);
        text.push_str(&"stop finasteride and see results in two weeks ".repeat(PARALLEL_BYTES / 40));
        let source = SourceFile::from_text("big.md", crate::source::Format::Markdown, text);
        let options = LintOptions::default();
        let parallel = lint(&source, &rules, &options);
        let sequential = lint_with(&source, &rules, &options, &mut BlockMemo::new());
        assert!(parallel.findings.len() > 1000, "{}", parallel.findings.len());
        assert_eq!(format!("{:?}", parallel.findings), format!("{:?}", sequential.findings));
        assert_eq!(parallel.document, sequential.document);
    }

    /// A short answer is read alone and with its question: a match context
    /// dismisses in both readings is one dismissal, on a run-on page too.
    #[test]
    fn a_match_dismissed_by_both_readings_is_kept_once() {
        let rules = RuleSet::embedded();
        let options = LintOptions {
            explain_context: true,
            ..LintOptions::default()
        };
        let pair = "When will I see results? Ads say regrowth in 2 weeks. ";
        for repeats in [1, 500] {
            let text = pair.repeat(repeats);
            let source = SourceFile::from_text("faq.txt", crate::source::Format::Text, text.clone());
            let output = lint(&source, &rules, &options);
            assert!(output.findings.iter().all(|f| f.kind != FindingKind::Claim));
            let dismissed: Vec<&str> = output.dismissed.iter().map(|d| &text[d.span.range()]).collect();
            assert_eq!(dismissed, vec!["regrowth in 2 weeks"; repeats]);
        }
    }

    /// A question denied outright by the text after it asserts nothing,
    /// though it asks without a question word; answered yes, it asserts.
    #[test]
    fn a_question_denied_outright_asserts_nothing() {
        let rules = RuleSet::embedded();
        let claims = |text: &str, format| spans(&rules, format, text);
        let markdown = crate::source::Format::Markdown;
        let html = crate::source::Format::Html;
        assert!(claims("Permanent? No. Only transplanted follicles are permanent.", markdown).is_empty());
        assert!(claims("<dl><dt>Permanent?</dt><dd>No, it needs maintenance.</dd></dl>", html).is_empty());
        assert!(claims(
            "<table><tr><th></th><th>Exosomes</th><th>Transplant</th></tr>\
             <tr><td>Adds new follicles?</td><td>No.</td><td>Yes</td></tr></table>",
            html
        )
        .is_empty());
        assert_eq!(claims("Permanent? Yes!", markdown), ["Permanent?"]);
        assert_eq!(
            claims("One session enough? No need for more!", markdown),
            ["One session enough"]
        );
    }

    /// A "Label: value" line whose value denies its label asserts nothing
    /// A "that" clause joined to a reported one is reported too, however
    /// long the first; the copy's own "we told you" stays a claim.
    #[test]
    fn a_clause_joined_to_reported_speech_is_reported() {
        let rules = RuleSet::embedded();
        let claims = |text: &str| spans(&rules, crate::source::Format::Markdown, text);
        assert!(claims(
            "When I called a third clinic, a coordinator told me that the injections contained \
             \"your own stem cells\" and that most men could stop taking finasteride after three sessions."
        )
        .is_empty());
        assert_eq!(
            claims("We told you that the serum is gentle and that it gives regrowth in 2 weeks."),
            ["regrowth in 2 weeks"]
        );
    }

    /// The items of a list of claims are read in the list's context, from
    /// a trigger before its first item or after its last, however far the
    /// items reach; a negation stays with its own claim, and a list ends
    /// at words that are not list words.
    #[test]
    fn a_list_of_claims_is_read_in_the_context_of_the_list() {
        let rules = RuleSet::embedded();
        let claims = |text: &str| spans(&rules, crate::source::Format::Markdown, text);
        assert!(claims(
            "You will see advertisements nearby promising \"new hair in two weeks\", a \"permanent cure\" \
             or a \"non-surgical transplant\"."
        )
        .is_empty());
        assert_eq!(
            claims("Forget ads promising a non-surgical transplant, because we give you regrowth in 2 weeks and a permanent cure."),
            ["regrowth in 2 weeks", "permanent cure"]
        );
        assert_eq!(
            claims("Clinics promising a non-surgical transplant say so; our serum gives regrowth in 2 weeks, a permanent cure."),
            ["regrowth in 2 weeks", "permanent cure"]
        );
    }

    /// in the label, as a table row of the two reads; a claim the value
    /// makes stays, and so does a value that goes on to say more.
    #[test]
    fn a_label_denied_by_its_value_asserts_nothing() {
        let rules = RuleSet::embedded();
        let claims = |text: &str, format| spans(&rules, format, text);
        let markdown = crate::source::Format::Markdown;
        assert!(claims("Permanent results: No. Maintenance every 3-6 months.", markdown).is_empty());
        assert!(claims("Replaces a transplant: not true.", markdown).is_empty());
        assert!(claims(
            "| Claim | Verdict |\n|---|---|\n| Guaranteed regrowth | Myth |\n",
            markdown
        )
        .is_empty());
        let html = crate::source::Format::Html;
        assert!(claims(
            "<table><tr><th></th><th>Exosomes</th><th>Transplant</th></tr>\
             <tr><td>Adds new follicles</td><td>&#10007; Works on existing follicles only</td><td>&#10003;</td></tr></table>",
            html
        )
        .is_empty());
        assert_eq!(
            claims(
                "<table><tr><th></th><th>Exosomes</th><th>Transplant</th></tr>\
                 <tr><td>Adds new follicles</td><td>&#10003;</td><td>&#10007;</td></tr></table>",
                html
            ),
            ["Adds new follicles"]
        );
        assert_eq!(claims("Maintenance needed: No.", markdown), ["Maintenance needed: No."]);
        assert_eq!(claims("Side effects: none.", markdown), ["Side effects: none."]);
        assert_eq!(
            claims("Guaranteed regrowth: no surgery needed.", markdown),
            ["Guaranteed regrowth"]
        );
    }

    /// A definition list's term heads its definition: it labels a short one
    /// and frames what it introduces.
    #[test]
    fn a_definition_term_labels_and_frames_its_definition() {
        let rules = RuleSet::embedded();
        let text = "<dl><dt>Candidates</dt><dd>All ages, including scarring alopecia</dd>\
                    <dt>Myths</dt><dd>Regrowth in 2 weeks</dd><dt>Sessions</dt><dd>Just one</dd></dl>";
        assert_eq!(
            spans(&rules, crate::source::Format::Html, text),
            ["All ages, including scarring alopecia", "Just one"]
        );
    }

    /// A question answered yes asserts what it asked, unless the answer
    /// says it in its own words; answered no, or not answered, it asks.
    #[test]
    fn a_question_answered_yes_asserts_what_it_asked() {
        let rules = RuleSet::embedded();
        let claims = |text: &str| spans(&rules, crate::source::Format::Markdown, text);
        assert_eq!(
            claims("Can I stop finasteride? Yes, after your third session."),
            ["stop finasteride"]
        );
        assert_eq!(claims("**Can I stop finasteride?** A: Of course.").len(), 1);
        assert!(claims("Can I stop finasteride? No. Keep taking it.").is_empty());
        assert!(claims("Can I stop finasteride? Of course not.").is_empty());
        assert!(claims("Can I stop finasteride? Ask your dermatologist.").is_empty());
        // The answer makes the claim itself: the question is not flagged again.
        let answered =
            claims("Can I stop finasteride? Absolutely. Most clients stop taking finasteride after one session.");
        assert_eq!(answered.len(), 1, "{answered:?}");
        assert!(!answered[0].contains("Can I"), "{answered:?}");
        // Asked in one block and answered in the next, as FAQ headings,
        // `<summary>` and `<dt>` do.
        assert_eq!(
            claims("## Can I stop finasteride?\n\nYes, after your third session.\n"),
            ["stop finasteride"]
        );
        assert!(claims("## Can I stop finasteride?\n\nNo. Keep taking it.\n").is_empty());
        let across = claims(
            "## Can I stop finasteride?\n\nAbsolutely. Most clients stop taking finasteride after one session.\n",
        );
        assert_eq!(across.len(), 1, "{across:?}");
        let html = |text: &str| -> usize {
            let source = SourceFile::from_text("faq.html", crate::source::Format::Html, text);
            lint(&source, &rules, &LintOptions::default())
                .findings
                .iter()
                .filter(|f| f.kind == FindingKind::Claim)
                .count()
        };
        assert_eq!(
            html("<details><summary>Can I stop finasteride?</summary><p>Yes, after the course.</p></details>"),
            1
        );
        assert_eq!(
            html("<dl><dt>Can I stop finasteride?</dt><dd>Ask your dermatologist.</dd></dl>"),
            0
        );
    }

    /// The text under each claim finding of `text`.
    fn spans(rules: &RuleSet, format: crate::source::Format, text: &str) -> Vec<String> {
        rules_and_spans(rules, format, text)
            .into_iter()
            .map(|(_, span)| span)
            .collect()
    }

    /// The claim findings of `text`, as (rule, the text under the finding).
    fn rules_and_spans(rules: &RuleSet, format: crate::source::Format, text: &str) -> Vec<(String, String)> {
        let source = SourceFile::from_text("t", format, text);
        lint(&source, rules, &LintOptions::default())
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Claim)
            .map(|f| (f.rule.to_string(), text[f.span.range()].to_string()))
            .collect()
    }

    /// A question a rule's `answered_no` patterns match, answered no, makes
    /// the rule's claim; the finding is on the words that say no. A no made
    /// conditional, a question the rule does not ask, and an answer that
    /// makes the claim itself add none.
    #[test]
    fn a_question_answered_no_makes_the_claim_its_denial_does() {
        let rules = RuleSet::embedded();
        let claims = |format, text: &str| rules_and_spans(&rules, format, text);
        let markdown = |text: &str| claims(crate::source::Format::Markdown, text);
        let stop = |words: &str| vec![("drug-substitution/stop-medication".to_string(), words.to_string())];
        assert_eq!(
            markdown("Do I still need minoxidil? Not after your course."),
            stop("Not after")
        );
        assert_eq!(
            markdown("Still taking pills for your hair? You don't have to anymore."),
            stop("You don't have to")
        );
        // Asked in a heading, answered in the paragraph after it.
        assert_eq!(
            markdown("## Do I need to keep taking finasteride?\n\nNo. The course is enough.\n"),
            stop("No")
        );
        // Asked in a row's label, answered in its cell.
        assert_eq!(
            markdown(
                "| | Ours | Pills |\n|---|---|---|\n| Keep taking pills? | No, stop after treatment | Ongoing |\n"
            ),
            stop("No")
        );
        assert_eq!(
            markdown("Will I need a hair transplant later? No, never."),
            vec![(
                "transplant-equivalence/replaces-transplant".to_string(),
                "No".to_string()
            )]
        );
        assert!(markdown("Should I keep taking minoxidil? No, unless your doctor says so.").is_empty());
        assert!(markdown("Do I need to stop finasteride before the session? No, keep taking it.").is_empty());
        assert!(markdown("Do I need to keep taking finasteride? Yes, unless your doctor says otherwise.").is_empty());
        assert!(markdown("Do I need to keep taking finasteride?\n\nAsk your prescribing doctor.\n").is_empty());
        // The answer claims it in its own words: that finding stands alone.
        let own = markdown("Do I still need finasteride? No. Most clients stop taking finasteride after one session.");
        assert_eq!(own.len(), 1, "{own:?}");
        assert_ne!(own[0].1, "No", "{own:?}");
        let html = claims(
            crate::source::Format::Html,
            "<details><summary>Do I still need minoxidil?</summary><p>Nope.</p></details>",
        );
        assert_eq!(html, stop("Nope"));
    }

    /// A table whose rows are the things compared is read down its columns:
    /// a fragment cell with its column's header. A claim both readings find
    /// is one finding.
    #[test]
    fn cells_are_read_with_their_column_header() {
        let rules = RuleSet::embedded();
        let claims = |format, text: &str| rules_and_spans(&rules, format, text);
        let html = "<table><tr><th>Treatment<th>Sessions<th>Results\
                    <tr><td>Our exosome therapy<td>1<td>In 2 weeks\
                    <tr><td>Minoxidil<td>Daily<td>About 4 months</table>";
        assert_eq!(
            claims(crate::source::Format::Html, html),
            [
                ("single-session/one-session-enough".to_string(), "1".to_string()),
                (
                    "early-results/visible-before-8-weeks".to_string(),
                    "In 2 weeks".to_string()
                ),
            ]
        );
        // Read by its row's label and by its column's header alike: once.
        let both = "| | Ours |\n|---|---|\n| Visits | A single visit |\n";
        assert_eq!(claims(crate::source::Format::Markdown, both).len(), 1);
    }

    /// A short answer is read with the question before it in its block,
    /// and its finding points into the answer; a claim the question makes
    /// alone stays a question.
    #[test]
    fn a_short_answer_is_read_with_its_question() {
        let rules = RuleSet::embedded();
        let text = "Is it painful? Mildly. When will I see results? In 2 weeks. Do results last forever? No.";
        assert_eq!(
            rules_and_spans(&rules, crate::source::Format::Markdown, text),
            [(
                "early-results/visible-before-8-weeks".to_string(),
                "In 2 weeks".to_string()
            )]
        );
    }

    /// A lint that checks no disclosures searches with the claims' own
    /// automaton, and finds the claims a full lint finds, on every file of
    /// the hand-written corpus.
    #[test]
    fn the_claims_automaton_finds_the_claims_of_the_whole_set() {
        let (claims_only, whole) = (RuleSet::embedded(), RuleSet::embedded());
        let no_disclosures = LintOptions {
            no_disclosures: true,
            ..LintOptions::default()
        };
        let mut claims = 0;
        for source in crate::source::corpus_files() {
            let found = lint(&source, &claims_only, &no_disclosures).findings;
            let mut full = lint(&source, &whole, &LintOptions::default()).findings;
            full.retain(|f| f.kind != FindingKind::Disclosure);
            assert_eq!(format!("{found:?}"), format!("{full:?}"), "{}", source.path);
            claims += found.len();
        }
        assert!(claims > 100, "only {claims} claims");
        assert!(claims_only.matcher.is_prepared(Scope::Leading));
        assert!(
            !claims_only.matcher.is_prepared(Scope::All),
            "no document patterns searched"
        );
        assert!(whole.matcher.is_prepared(Scope::All));
    }

    #[test]
    fn interpolation_and_case() {
        let cap = |name: &str| (name == "duration").then_some("4 weeks");
        assert_eq!(
            interpolate("results at {duration} {x} {", &cap),
            "results at 4 weeks {x} {"
        );
        assert_eq!(match_case("Cure", "treatment"), "Treatment");
        assert_eq!(match_case("CURE", "treatment"), "TREATMENT");
        assert_eq!(match_case("cure", "treatment"), "treatment");
    }
}
