//! The offending sentence of a finding as a reader sees it, split around the
//! matched words, read back from the extracted blocks rather than the markup.
//!
//! A finding's `sentence` and `span` are source byte spans. The block whose
//! source covers the sentence is found, and each source offset is turned back
//! into a block-text offset through the block's offset map (monotonic, so a
//! binary search inverts it). The result is the text the linter read: entities
//! decoded, tags gone, whitespace folded.

use serde::Serialize;

use crate::extract::{Block, BlockKind, Extracted};
use crate::finding::Finding;
use crate::position::Span;
use crate::source::Format;

/// Longest excerpt kept, in characters either side of the match.
const MAX_CONTEXT_CHARS: usize = 240;

/// A sentence split around the matched words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    pub before: String,
    pub matched: String,
    pub after: String,
}

impl Excerpt {
    /// The whole sentence.
    pub fn sentence(&self) -> String {
        format!("{}{}{}", self.before, self.matched, self.after)
    }
}

/// Where each block's text sits in the source, computed once per page: a
/// page's findings each looked for their block through every block's offset
/// map, which was an eighth of `candor audit`'s CPU on the 64 MB corpus.
pub struct Blocks<'a> {
    extracted: &'a Extracted,
    /// Source span of each block with text, in block order.
    spans: Vec<(Span, usize)>,
    /// Whether those spans run in source order without overlapping, so that
    /// the one that covers a span is found by binary search.
    ordered: bool,
}

impl<'a> Blocks<'a> {
    pub fn new(extracted: &'a Extracted) -> Self {
        let spans: Vec<(Span, usize)> = extracted
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| !b.text.is_empty())
            .map(|(i, b)| (b.source_span(0, b.text.len()), i))
            .collect();
        let ordered = spans.windows(2).all(|w| w[0].0.end <= w[1].0.start);
        Blocks {
            extracted,
            spans,
            ordered,
        }
    }

    /// The first block (in block order) whose source covers `span`.
    fn covering(&self, span: Span) -> Option<&'a Block> {
        let found = if self.ordered {
            // Blocks before the first that ends at or after `span` end too
            // soon, and blocks after it start too late.
            let first = self.spans.partition_point(|(s, _)| s.end < span.end);
            self.spans.get(first).copied().filter(|(s, _)| s.contains(&span))
        } else {
            self.spans.iter().copied().find(|(s, _)| s.contains(&span))
        };
        found.map(|(_, i)| &self.extracted.blocks[i])
    }

    /// The excerpt of a claim finding; `None` when no block holds its sentence.
    pub fn excerpt(&self, finding: &Finding) -> Option<Excerpt> {
        let block = self
            .covering(finding.sentence)
            .or_else(|| self.covering(finding.span))?;
        let sentence_start = text_offset(block, finding.sentence.start);
        let sentence_end = text_offset(block, finding.sentence.end).max(sentence_start);
        let start = text_offset(block, finding.span.start).clamp(sentence_start, sentence_end);
        let end = text_offset(block, finding.span.end).clamp(start, sentence_end);
        let text = &block.text;
        Some(Excerpt {
            before: tail_chars(text[sentence_start..start].trim_start(), MAX_CONTEXT_CHARS),
            matched: text[start..end].to_string(),
            after: head_chars(text[end..sentence_end].trim_end(), MAX_CONTEXT_CHARS),
        })
    }
}

/// The document's title, else (in Markdown and plain text, where the first
/// heading names the document) its first heading, as extraction read it.
pub fn title(extracted: &Extracted, format: Format) -> Option<String> {
    let pick = |kind: BlockKind| extracted.blocks.iter().find(|b| b.kind == kind);
    let block =
        pick(BlockKind::Title).or_else(|| (format != Format::Html).then(|| pick(BlockKind::Heading)).flatten())?;
    let title = block.text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then(|| head_chars(&title, 160))
}

/// The first text offset (at a character boundary) whose source offset is at
/// or after `source`.
fn text_offset(block: &Block, source: usize) -> usize {
    let text = &block.text;
    let (mut lo, mut hi) = (0, text.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if block.map.to_source(mid) < source {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let mut at = lo.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

fn head_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

fn tail_chars(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let (cut, _) = text.char_indices().nth(count - max).unwrap_or((0, ' '));
    format!("…{}", &text[cut..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{lint, LintOptions};
    use crate::source::SourceFile;
    use crate::RuleSet;

    /// The early-results finding the embedded rules make in `file`.
    fn early_result(file: &SourceFile) -> Finding {
        let output = lint(file, &RuleSet::embedded(), &LintOptions::default());
        output
            .findings
            .into_iter()
            .find(|f| &*f.category == "early-results")
            .expect("an early-results claim")
    }

    #[test]
    fn reads_the_sentence_back_from_markdown() {
        let text = "# Offer\n\nOur clinic is modern. You will **see new growth in just 4 weeks** with us. Book now.\n";
        let file = SourceFile::from_text("a.md", Format::Markdown, text);
        let finding = early_result(&file);
        let extracted = crate::extract::extract(&file);
        let got = Blocks::new(&extracted).excerpt(&finding).unwrap();
        assert!(got.matched.starts_with("see new growth"), "{got:?}");
        assert_eq!(got.sentence(), "You will see new growth in just 4 weeks with us.");
        assert!(!got.sentence().contains("**"));
        assert_eq!(title(&extracted, Format::Markdown).as_deref(), Some("Offer"));
    }

    #[test]
    fn the_covering_block_is_the_first_in_block_order() {
        let rules = RuleSet::embedded();
        let (mut spans, mut ordered) = (0, 0);
        let files = crate::source::corpus_files();
        let pages = files.len();
        for file in files {
            let output = lint(&file, &rules, &LintOptions::default());
            let extracted = crate::extract::extract(&file);
            let blocks = Blocks::new(&extracted);
            ordered += usize::from(blocks.ordered);
            let mut linear = Blocks::new(&extracted);
            linear.ordered = false;
            for finding in &output.findings {
                for span in [
                    finding.sentence,
                    finding.span,
                    Span::new(finding.span.start, finding.span.start),
                ] {
                    let (got, want) = (blocks.covering(span), linear.covering(span));
                    assert_eq!(
                        got.map(|b| b as *const Block),
                        want.map(|b| b as *const Block),
                        "{}: {span:?}",
                        file.path
                    );
                    spans += 1;
                }
            }
        }
        // Every page of the corpus has its blocks in source order; the
        // linear search answers where a page would not.
        assert!(
            spans > 300 && ordered == pages,
            "{spans} spans, {ordered} of {pages} pages in order"
        );
    }

    #[test]
    fn blocks_nested_in_a_paragraph_are_searched_in_block_order() {
        // Alt and link text are blocks of their own inside the paragraph's
        // source span: the spans overlap, and the linear search answers.
        let text = "<html><body><p>You will <a href=\"/offer\">see new growth</a> in just 4 weeks \
                    <img src=\"a.png\" alt=\"before and after\"> with us.</p></body></html>";
        let file = SourceFile::from_text("a.html", Format::Html, text);
        let finding = early_result(&file);
        let extracted = crate::extract::extract(&file);
        let blocks = Blocks::new(&extracted);
        assert!(!blocks.ordered, "{:?}", extracted.blocks);
        let got = blocks.excerpt(&finding).unwrap();
        assert!(got.matched.starts_with("see new growth"), "{got:?}");
    }

    #[test]
    fn long_context_is_cut_with_an_ellipsis() {
        assert_eq!(head_chars("abcdef", 3), "abc…");
        assert_eq!(tail_chars("abcdef", 3), "…def");
        assert_eq!(tail_chars("ab", 3), "ab");
    }
}
