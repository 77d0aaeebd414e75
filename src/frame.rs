//! Document structure as context: what frames a block, and what a table cell is read with.
//!
//! A list, block quote or table right after a lead-in ("Red flags", "The
//! following phrases are banned on calls:") quotes claims rather than making
//! them, and so does a table column under a "Don't write" or "The ad says"
//! header. A table cell is elliptical: "7 to 10 days" means something only
//! with its row's label ("Time to visible change"), so it is matched with it.
//! An HTML table's cells know their row and column from the extractor; a
//! Markdown pipe table is read from its rows: a row is a source line, a
//! column is the number of `|` before the cell. The first row is the header.

use std::collections::HashMap;
use std::ops::Range;

use crate::context::{ContextClassifier, Dismissal};
use crate::extract::{Block, BlockKind};
use crate::position::{LineIndex, Span};
use crate::segment::{Segmenter, Sentence};

/// The most words a table cell has and still reads as a fragment.
const MAX_FRAGMENT_WORDS: usize = 6;

/// A question of at most this many words, standing as a block of its own,
/// labels the fragment after it (see `heading_fragments`).
const MAX_QUESTION_WORDS: usize = 16;

/// A trigger outside a block that frames it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub dismissal: Dismissal,
    /// Where the trigger stands in the source.
    pub trigger_span: Span,
}

/// Per block (by index): the frame around it, the block that labels its
/// table row, and the header of its table column.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub frames: Vec<Option<Frame>>,
    pub labels: Vec<Option<usize>>,
    /// A fragment cell's column header, for a table whose rows are the
    /// things compared and whose columns say what of them ("Treatment |
    /// Sessions | Results", then "Our therapy | 1 | In 2 weeks"): the cell is
    /// read with it as well as with its row's label.
    pub headers: Vec<Option<usize>>,
}

/// A table cell's place: the row it starts on (an HTML table's row, a
/// Markdown row's source line), its column, and how many of each it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cell {
    block: usize,
    line: usize,
    column: usize,
    columns: usize,
    rows: usize,
}

/// Work out frames and row labels for every block of a document.
pub fn layout(blocks: &[Block], source: &str, context: &ContextClassifier, segmenter: &Segmenter) -> Layout {
    let mut layout = Layout {
        frames: vec![None; blocks.len()],
        labels: vec![None; blocks.len()],
        headers: vec![None; blocks.len()],
    };
    // Each heading's own frame, found once for all three uses.
    let heading_frames: Vec<Option<Frame>> = blocks
        .iter()
        .map(|b| {
            (b.kind == BlockKind::Heading)
                .then(|| lead_in(b, context, segmenter))
                .flatten()
        })
        .collect();
    let mut rows = Rows::new(source, blocks);
    let mut sentences = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        if !framed_kind(blocks[i].kind) {
            i += 1;
            continue;
        }
        let start = i;
        while i < blocks.len() && framed_kind(blocks[i].kind) {
            i += 1;
        }
        let lead = start.checked_sub(1).and_then(|prev| match blocks[prev].kind {
            BlockKind::Heading => heading_frames[prev].clone(),
            _ => lead_in(&blocks[prev], context, segmenter),
        });
        for frame in &mut layout.frames[start..i] {
            frame.clone_from(&lead);
        }
        // A quote's own credit line ("norwood3_dan wrote:", a forum's
        // `<cite>` inside the `<blockquote>`) frames the rest of its run.
        let mut credit: Option<Frame> = None;
        for (block, frame) in blocks[start..i].iter().zip(&mut layout.frames[start..i]) {
            if let Some(credit) = &credit {
                frame.get_or_insert_with(|| credit.clone());
            } else if block.kind == BlockKind::BlockQuote {
                credit = lead_in(block, context, segmenter);
            }
        }
        // An unframed lead-in labels the list items under it: "Who it's for:"
        // + "Scarring alopecia" is a candidacy claim neither makes alone. An
        // item that opens with a whole sentence has its own subject and verb
        // ("Redness usually settles within 24-48 hours, …" under "Results
        // you can expect"), and is read alone.
        if lead.is_none() && start > 0 && introduces(&blocks[start - 1]) {
            for (k, block) in blocks.iter().enumerate().take(i).skip(start) {
                if block.kind == BlockKind::ListItem && !opens_with_sentence(&block.text, segmenter, &mut sentences) {
                    layout.labels[k] = Some(start - 1);
                }
            }
        }
        tables(&blocks[start..i], start, &mut rows, context, &mut layout);
    }
    section_frames(blocks, &heading_frames, &mut layout);
    heading_fragments(blocks, &heading_frames, &mut layout);
    layout
}

/// A section heading that frames ("Myths we hear at consultation", "Claims
/// we found") frames its section, up to the next heading of its rank or
/// above: the headings ranked below it, and the `<summary>` and `<dt>`
/// there, each stating a myth; and the lists, quotes and tables, which
/// show the claims, though a paragraph stands between ("Our officers
/// recorded these in advertising."). A list with a lead-in of its own ("Why
/// choose us:") is that lead-in's. The paragraphs answer or explain, and are
/// read as they are.
fn section_frames(blocks: &[Block], heading_frames: &[Option<Frame>], layout: &mut Layout) {
    for (h, heading) in blocks.iter().enumerate() {
        let Some(frame) = heading_frames[h].as_ref().filter(|_| heading.level > 0) else {
            continue;
        };
        let mut own_lead_in = false;
        for (k, block) in blocks.iter().enumerate().skip(h + 1) {
            if block.kind == BlockKind::Heading && (1..=heading.level).contains(&block.level) {
                break;
            }
            let framed = framed_kind(block.kind);
            if !framed {
                own_lead_in = block.kind == BlockKind::Paragraph && introduces(block);
            }
            if block.kind == BlockKind::Heading || (framed && !own_lead_in) {
                layout.frames[k].get_or_insert_with(|| frame.clone());
            }
        }
    }
}

/// A heading labels the fragment paragraphs right under it, as plain-text
/// leaflets lay out lists: "WHO CAN BENEFIT" then "Scarring alopecia." —
/// unless the heading frames them ("Myths"). A question standing as a block
/// of its own labels the fragment right after it, its answer, as FAQ pages
/// lay them out in `<dt>`/`<dd>` or styled `<div>`s: "How many sessions will
/// I need?" then "Just one."
fn heading_fragments(blocks: &[Block], heading_frames: &[Option<Frame>], layout: &mut Layout) {
    let stands = |block: &Block| matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem);
    for (q, question) in blocks.iter().enumerate() {
        let answers = |answer: &Block| stands(answer) && is_short_answer(&answer.text);
        if stands(question)
            && is_short_question(&question.text)
            && blocks.get(q + 1).is_some_and(answers)
            && layout.labels[q + 1].is_none()
        {
            layout.labels[q + 1] = Some(q);
        }
    }
    for (h, heading) in blocks.iter().enumerate() {
        if heading.kind != BlockKind::Heading || heading_frames[h].is_some() {
            continue;
        }
        for (k, block) in blocks.iter().enumerate().skip(h + 1) {
            if block.kind != BlockKind::Paragraph || !is_fragment(&block.text) {
                break;
            }
            layout.labels[k] = Some(h);
        }
    }
}

/// Blocks a lead-in can introduce.
fn framed_kind(kind: BlockKind) -> bool {
    matches!(
        kind,
        BlockKind::ListItem | BlockKind::BlockQuote | BlockKind::TableCell | BlockKind::AltText
    )
}

/// Whether a block introduces what follows: a heading, or a paragraph ending in `:`.
fn introduces(block: &Block) -> bool {
    match block.kind {
        BlockKind::Heading => true,
        BlockKind::Paragraph => block.text.trim_end().ends_with(':'),
        _ => false,
    }
}

/// The frame a heading, or a paragraph (or a quote's credit line) ending in
/// `:`, puts on what follows it.
fn lead_in(block: &Block, context: &ContextClassifier, segmenter: &Segmenter) -> Option<Frame> {
    let text = block.text.trim_end();
    let (from, framing) = match block.kind {
        BlockKind::Heading => (0, text),
        BlockKind::Paragraph | BlockKind::BlockQuote if text.ends_with(':') => {
            let mut sentences = Vec::new();
            segmenter.split_into(text, &mut sentences);
            let last = sentences.last()?;
            (last.start, last.text(text))
        }
        _ => return None,
    };
    let dismissal = context.frame(framing)?;
    let trigger_span = block.source_span(from + dismissal.trigger_range.start, from + dismissal.trigger_range.end);
    Some(Frame {
        dismissal,
        trigger_span,
    })
}

/// Row labels and column-header frames for the tables in `run`: an HTML
/// table's cells know their place; a Markdown pipe table's are placed from
/// its source lines.
fn tables(run: &[Block], offset: usize, rows: &mut Rows<'_>, context: &ContextClassifier, layout: &mut Layout) {
    let in_run = || run.iter().enumerate().filter(|(_, b)| b.kind == BlockKind::TableCell);
    let piped: Vec<Cell> = in_run()
        .filter(|(_, b)| b.cell.is_none())
        .filter_map(|(k, b)| rows.cell(b, offset + k))
        .collect();
    if let Some(first) = piped.first() {
        table(&piped, first.line, run, offset, context, layout);
    }
    let mut placed: Vec<(u32, Cell)> = in_run()
        .filter_map(|(k, b)| {
            b.cell.map(|at| {
                let cell = Cell {
                    block: offset + k,
                    line: at.row as usize,
                    column: at.column as usize,
                    columns: at.columns as usize,
                    rows: at.rows as usize,
                };
                (at.table, cell)
            })
        })
        .collect();
    // A table's cells, in document order, whatever tables are nested in it.
    placed.sort_by_key(|&(table, cell)| (table, cell.block));
    for one in placed.chunk_by(|a, b| a.0 == b.0) {
        let cells: Vec<Cell> = one.iter().map(|&(_, cell)| cell).collect();
        // The first row, even where its cells hold no text.
        table(&cells, 0, run, offset, context, layout);
    }
}

/// Row labels and column-header frames for one table's `cells`, whose
/// header is the row on `header_line`.
fn table(
    cells: &[Cell],
    header_line: usize,
    run: &[Block],
    offset: usize,
    context: &ContextClassifier,
    layout: &mut Layout,
) {
    let label_column = cells.iter().map(|c| c.column).min().unwrap_or(0);
    // Frames first: a row label that is itself framed ("Don't write") is a
    // quoted phrase, not a label. Each header is read once, and frames every
    // column it spans.
    let mut header_frames: Vec<(Range<usize>, Frame)> = cells
        .iter()
        .filter(|c| c.line == header_line)
        .filter_map(|header| {
            let block = &run[header.block - offset];
            let dismissal = context.frame(&block.text)?;
            let trigger_span = block.source_span(dismissal.trigger_range.start, dismissal.trigger_range.end);
            Some((
                header.column..header.column.saturating_add(header.columns),
                Frame {
                    dismissal,
                    trigger_span,
                },
            ))
        })
        .collect();
    header_frames.sort_by_key(|(columns, _)| columns.start);
    if !header_frames.is_empty() {
        for cell in cells.iter().filter(|c| c.line != header_line) {
            if let Some(frame) = spanning(&header_frames, cell.column) {
                layout.frames[cell.block] = Some(frame.clone());
            }
        }
    }
    // The label column's cells, by the row they start on; one that spans
    // rows labels each of them.
    let mut labels: Vec<&Cell> = cells.iter().filter(|c| c.column == label_column).collect();
    labels.sort_by_key(|c| c.line);
    let label_of = |line: usize| {
        let before = labels.partition_point(|c| c.line <= line);
        let label = labels[..before].last()?;
        (line < label.line.saturating_add(label.rows)).then_some(label.block)
    };
    let mut headers: Vec<(Range<usize>, usize)> = cells
        .iter()
        .filter(|c| c.line == header_line && c.column != label_column)
        .filter(|c| !run[c.block - offset].text.trim().is_empty())
        .map(|c| (c.column..c.column.saturating_add(c.columns), c.block))
        .collect();
    headers.sort_by_key(|(columns, _)| columns.start);
    for cell in cells.iter().filter(|c| c.line != header_line) {
        if cell.column != label_column && is_fragment(&run[cell.block - offset].text) {
            layout.labels[cell.block] = label_of(cell.line).filter(|&label| layout.frames[label].is_none());
            if layout.frames[cell.block].is_none() {
                layout.headers[cell.block] = spanning(&headers, cell.column).copied();
            }
        }
    }
}

/// What `spans` (sorted by their first column, apart) has over `column`: a
/// binary search, as a table may be thousands of columns wide.
fn spanning<T>(spans: &[(Range<usize>, T)], column: usize) -> Option<&T> {
    let before = spans.partition_point(|(columns, _)| columns.start <= column);
    spans[..before]
        .last()
        .filter(|(columns, _)| columns.contains(&column))
        .map(|(_, found)| found)
}

/// A question short enough to label the answer after it.
pub fn is_short_question(text: &str) -> bool {
    Sentence::is_question(text) && text.split_whitespace().nth(MAX_QUESTION_WORDS).is_none()
}

/// An answer short enough to need its question to mean anything ("Just
/// one.", "In 2 weeks.").
pub fn is_short_answer(text: &str) -> bool {
    !Sentence::is_question(text) && is_fragment(text)
}

/// A cell short enough to need its row label to mean anything ("7 to 10
/// days", "A single visit"); a cell that is a sentence stands on its own.
fn is_fragment(text: &str) -> bool {
    // Counting stops past the limit: counting every word of every paragraph
    // was 1.4% of the instructions of a run over 1 MB of pages.
    text.split_whitespace().nth(MAX_FRAGMENT_WORDS).is_none()
}

/// Whether `text` opens with a whole sentence: one of more words than a
/// fragment has, ending in `.`, `!` or `?` (a closing quote or bracket may
/// follow). `sentences` is scratch space.
fn opens_with_sentence(text: &str, segmenter: &Segmenter, sentences: &mut Vec<Sentence>) -> bool {
    if is_fragment(text) {
        return false;
    }
    sentences.clear();
    segmenter.split_into(text, sentences);
    sentences.first().is_some_and(|first| {
        let first = first.text(text);
        !is_fragment(first) && Sentence::is_closed(first)
    })
}

/// The source's lines, as far as table cells need them: built only for a
/// document with cells, and each line checked for `|` once.
struct Rows<'s> {
    source: &'s str,
    lines: Option<LineIndex>,
    piped: HashMap<usize, bool>,
}

impl<'s> Rows<'s> {
    fn new(source: &'s str, blocks: &[Block]) -> Self {
        let cells = blocks.iter().any(|b| b.kind == BlockKind::TableCell);
        Rows {
            source,
            lines: cells.then(|| LineIndex::new(source)),
            piped: HashMap::new(),
        }
    }

    /// Where a pipe-table cell stands, or `None` for a cell not on a `|` row.
    fn cell(&mut self, block: &Block, index: usize) -> Option<Cell> {
        let source = self.source;
        let lines = self.lines.as_ref()?;
        let at = block.source_span(0, 0).start.min(source.len());
        let number = lines.line_of(at);
        let line = lines.line_start(number);
        let piped = *self.piped.entry(number).or_insert_with(|| {
            let end = if number + 1 < lines.line_count() {
                lines.line_start(number + 1)
            } else {
                source.len()
            };
            source[line..end].contains('|')
        });
        if !piped {
            return None;
        }
        let before = &source.as_bytes()[line..at];
        let column = (0..before.len())
            .filter(|&k| before[k] == b'|' && (k == 0 || before[k - 1] != b'\\'))
            .count();
        Some(Cell {
            block: index,
            line,
            column,
            columns: 1,
            rows: 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;
    use crate::source::{Format, SourceFile};

    fn describe(src: &str) -> Vec<(String, Option<String>, Option<String>)> {
        describe_as(Format::Markdown, src)
    }

    fn describe_as(format: Format, src: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let rules = RuleSet::embedded();
        let file = SourceFile::from_text("t", format, src);
        let blocks = crate::extract::extract(&file).blocks;
        let layout = layout(&blocks, src, &rules.matcher.context, &rules.matcher.segmenter);
        blocks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                (
                    b.text.clone(),
                    layout.frames[i]
                        .as_ref()
                        .map(|f| src[f.trigger_span.range()].to_string()),
                    layout.labels[i].map(|l| blocks[l].text.clone()),
                )
            })
            .collect()
    }

    /// A framing section heading frames the headings ranked below it, in
    /// Markdown and HTML, up to the next heading of its rank; the
    /// paragraphs that answer them are read as they are.
    #[test]
    fn a_myths_section_frames_its_headings() {
        let framed = |format, src| -> Vec<(String, Option<String>)> {
            describe_as(format, src).into_iter().map(|(t, f, _)| (t, f)).collect()
        };
        let pair = |t: &str, f: Option<&str>| (t.to_string(), f.map(str::to_string));
        let markdown =
            "## Myths we hear\n\n### “A non-surgical transplant.”\n\nIt isn't.\n\n#### Regrowth in 2 weeks\n\n\
                        ## Our results\n\n### Regrowth in 2 weeks\n";
        assert_eq!(
            framed(Format::Markdown, markdown),
            vec![
                pair("Myths we hear", None),
                pair("“A non-surgical transplant.”", Some("Myths")),
                pair("It isn't.", None),
                pair("Regrowth in 2 weeks", Some("Myths")),
                pair("Our results", None),
                pair("Regrowth in 2 weeks", None),
            ]
        );
        let html = "<h2>Common myths</h2><details><summary>Permanent results</summary><p>No.</p></details>\
                    <h3>Regrowth in 2 weeks</h3><h1>Prices</h1><h2>Regrowth in 2 weeks</h2>";
        let got = framed(Format::Html, html);
        let frames: Vec<bool> = got.iter().map(|(_, f)| f.is_some()).collect();
        assert_eq!(frames, [false, true, false, true, false, false], "{got:?}");
    }

    /// A framing section heading frames the lists of its section, though a
    /// paragraph stands between, but not a list with a lead-in of its own.
    #[test]
    fn a_framing_section_frames_its_lists() {
        let got = describe(
            "## Claims we found\n\nOur officers recorded these.\n\n- one\n\nWhy us:\n\n- two\n\n## Our offer\n\n- three\n",
        );
        let framed: Vec<_> = got.iter().map(|(t, f, _)| (t.as_str(), f.is_some())).collect();
        assert_eq!(
            framed,
            vec![
                ("Claims we found", false),
                ("Our officers recorded these.", false),
                ("one", true),
                ("Why us:", false),
                ("two", false),
                ("Our offer", false),
                ("three", false),
            ]
        );
    }

    #[test]
    fn lead_ins_frame_lists_and_quotes() {
        let got = describe("### Red flags\n\n- one\n- two\n\nThe clinic said:\n\n> three\n\nWhy us:\n\n- four\n");
        let framed: Vec<_> = got.iter().map(|(t, f, _)| (t.as_str(), f.as_deref())).collect();
        assert_eq!(
            framed,
            vec![
                ("Red flags", None),
                ("one", Some("Red flags")),
                ("two", Some("Red flags")),
                ("The clinic said:", None),
                ("three", Some("said")),
                ("Why us:", None),
                ("four", None),
            ]
        );
        let labels: Vec<_> = got.iter().map(|(t, _, l)| (t.as_str(), l.as_deref())).collect();
        assert_eq!(
            labels[6],
            ("four", Some("Why us:")),
            "an unframed lead-in labels its list"
        );
        assert_eq!(labels[1], ("one", None), "a framing lead-in does not");
    }

    #[test]
    fn a_list_item_that_opens_with_a_sentence_is_read_alone() {
        let got = describe(
            "Results you can expect:\n\n- Visible thickening\n- Does it replace minoxidil? No.\n- Redness usually settles within 24-48 hours, and a transient shed is expected. — Hanbit Clinic\n- Thicker hair for men and women with any kind of hair loss\n",
        );
        let labelled: Vec<_> = got[1..].iter().map(|(t, _, l)| (&t[..12], l.is_some())).collect();
        assert_eq!(
            labelled,
            vec![
                ("Visible thic", true),
                ("Does it repl", true),
                ("Redness usua", false),
                ("Thicker hair", true),
            ]
        );
    }

    /// A text's blocks and their layout.
    fn laid_out(format: Format, src: &str) -> (Vec<Block>, Layout) {
        let rules = RuleSet::embedded();
        let file = SourceFile::from_text("t", format, src);
        let blocks = crate::extract::extract(&file).blocks;
        let layout = layout(&blocks, src, &rules.matcher.context, &rules.matcher.segmenter);
        (blocks, layout)
    }

    #[test]
    fn headings_label_the_fragments_under_them() {
        let src = "WHO CAN BENEFIT\n\nScarring alopecia.\n\nHair loss after chemotherapy.\n\nA long paragraph that is a whole sentence on its own and needs no label.\n";
        let (_, layout) = laid_out(Format::Text, src);
        assert_eq!(layout.labels, vec![None, Some(0), Some(0), None]);
    }

    /// A question standing as a block labels the fragment after it, its
    /// answer; not a sentence, and not a second fragment.
    #[test]
    fn a_question_block_labels_its_short_answer() {
        let src = "When will I see results?\n\nIn 2 weeks.\n\nAnd more.\n\nIs it painful?\n\nMost patients describe a mild sting that fades within minutes.\n";
        let (_, layout) = laid_out(Format::Markdown, src);
        assert_eq!(layout.labels, vec![None, Some(0), None, None, None]);
    }

    #[test]
    fn tables_give_labels_and_header_frames() {
        let expected = vec![
            ("The ad says", None, None),
            ("Honest", None, None),
            ("Time", None, None),
            ("2 weeks", Some("The ad says"), Some("Time")),
            ("12 weeks", None, Some("Time")),
        ];
        let markdown = describe("| | The ad says | Honest |\n|---|---|---|\n| Time | 2 weeks | 12 weeks |\n");
        assert_eq!(cells(&markdown), expected);
        // An HTML table, its header row of `th` (one empty), a body, and an
        // implied end to every cell and row.
        let html = describe_as(
            Format::Html,
            "<table><thead><tr><th></th><th>The ad says</th><th>Honest</th></tr></thead>\
             <tbody><tr><td>Time<td>2 weeks<td>12 weeks</tbody></table>",
        );
        assert_eq!(cells(&html), expected);
    }

    /// A header that spans columns frames each of them, and a row label that
    /// spans rows labels each of them.
    #[test]
    fn spanning_cells_frame_and_label_what_they_span() {
        let html = describe_as(
            Format::Html,
            "<table><tr><th>Topic<th colspan=2>The ad says<th>Honest\
             <tr><td rowspan=2>Time<td>2 weeks<td>4 weeks<td>12 weeks\
             <tr><td>3 sessions<td>1 visit<td>4 to 6 sessions</table>",
        );
        assert_eq!(
            cells(&html),
            vec![
                ("Topic", None, None),
                ("The ad says", None, None),
                ("Honest", None, None),
                ("Time", None, None),
                ("2 weeks", Some("The ad says"), Some("Time")),
                ("4 weeks", Some("The ad says"), Some("Time")),
                ("12 weeks", None, Some("Time")),
                ("3 sessions", Some("The ad says"), Some("Time")),
                ("1 visit", Some("The ad says"), Some("Time")),
                ("4 to 6 sessions", None, Some("Time")),
            ]
        );
    }

    /// A fragment cell is read with its column's header too, unless a frame
    /// covers it; the label column's cells and the header row are not.
    #[test]
    fn fragment_cells_know_their_column_header() {
        let src = "| Treatment | Sessions | The ad says |\n|---|---|---|\n| Our therapy | 1 | In 2 weeks |\n";
        let (blocks, layout) = laid_out(Format::Markdown, src);
        let headers: Vec<(&str, Option<&str>)> = blocks
            .iter()
            .zip(&layout.headers)
            .map(|(b, h)| (b.text.as_str(), h.map(|h| blocks[h].text.as_str())))
            .collect();
        assert_eq!(
            headers,
            vec![
                ("Treatment", None),
                ("Sessions", None),
                ("The ad says", None),
                ("Our therapy", None),
                ("1", Some("Sessions")),
                ("In 2 weeks", None),
            ]
        );
    }

    /// The blocks that hold text, as (text, frame, label).
    fn cells(got: &[(String, Option<String>, Option<String>)]) -> Vec<(&str, Option<&str>, Option<&str>)> {
        got.iter()
            .filter(|(t, _, _)| !t.is_empty())
            .map(|(t, f, l)| (t.as_str(), f.as_deref(), l.as_deref()))
            .collect()
    }

    /// Each HTML table is read alone: a second table's first row is its own header.
    #[test]
    fn html_tables_are_read_one_by_one() {
        let html = describe_as(
            Format::Html,
            "<table><tr><th>The ad says</th></tr><tr><td>2 weeks</td></tr></table>\
             <table><tr><th>Time</th><th>Honest</th></tr><tr><td>Visible change</td><td>12 weeks</td></tr></table>",
        );
        assert_eq!(
            cells(&html),
            vec![
                ("The ad says", None, None),
                ("2 weeks", Some("The ad says"), None),
                ("Time", None, None),
                ("Honest", None, None),
                ("Visible change", None, None),
                ("12 weeks", None, Some("Visible change")),
            ]
        );
    }
}
