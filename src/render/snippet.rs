//! The source text miette shows around a finding, read from a few lines
//! around it rather than from the start of the file.
//!
//! miette's own `SourceCode` for a string walks from the file's first byte to
//! the finding to count lines, so a file with thousands of findings was
//! walked thousands of times (a 64 MB run in human output took 114 s). Here
//! the lines are counted once per file, and miette reads a window of whole
//! lines around each finding; the line numbers and columns it prints, and
//! everything else it draws, are what it drew from the whole text.
//!
//! Except on a long line: miette draws whole lines, so a finding in a
//! paragraph of prose drew the whole paragraph on one terminal line, the
//! underline padded out under it, and every finding on a 10 MB one-line file
//! drew all of it (its 488,062 findings took 220 s). The finding's line is
//! cut at words to fit the report's width, the text on either side of the
//! finding shared between them; a context line that does not fit is left
//! out; and no window reaches past [`REACH`] bytes either side of its
//! finding. The line and column printed are still the finding's own. Where
//! the text shown starts or ends inside a line, a "…" says so: it is not in
//! the text, so each report's [`Snippet`] keeps it, with the text it marks,
//! for as long as the report.

use std::ops::Range;
use std::sync::Arc;

use elsa::sync::FrozenVec;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use unicode_width::UnicodeWidthChar;

/// Bytes of text shown on either side of a finding, at most.
const REACH: usize = 512;

/// Columns of its line shown on each side of a finding at least, however
/// wide the finding.
const MIN_SIDE: usize = 10;

/// The mark where a line is cut, and the columns it takes with the space
/// beside it.
const CUT: &str = "…";
const CUT_COLUMNS: usize = 2;

/// Columns miette gives a tab (its default).
const TAB_WIDTH: usize = 4;

/// A file's text, its line breaks as miette counts them, and its name.
#[derive(Debug, Clone)]
pub struct Windowed {
    name: String,
    language: String,
    text: Arc<str>,
    /// Where each line after the first starts: after `\n`, `\r\n` or a lone `\r`.
    starts: Arc<[usize]>,
    /// The report's width in columns, gutter included.
    width: usize,
}

impl Windowed {
    pub fn new(name: String, language: String, text: Arc<str>, width: usize) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::new();
        let mut at = 0;
        while let Some(found) = memchr::memchr2(b'\n', b'\r', &bytes[at..]) {
            let i = at + found;
            at = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            };
            starts.push(at);
        }
        Windowed {
            name,
            language,
            text,
            starts: starts.into(),
            width,
        }
    }

    /// A view of the text for one report, with its own scratch for the
    /// cut marks.
    pub fn snippet(&self) -> Snippet {
        Snippet {
            windowed: self.clone(),
            scratch: FrozenVec::new(),
        }
    }

    /// The 0-based line holding `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    /// The character boundary at or before `offset`.
    fn char_floor(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The character boundary at or after `offset`, within the text.
    fn char_ceil(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset += 1;
        }
        offset
    }

    /// A cut at `offset` inside a word moved on to the start of the next
    /// word, if one starts within a few bytes and before `limit`.
    fn word_after(&self, offset: usize, limit: usize) -> usize {
        let bytes = self.text.as_bytes();
        if offset == 0 || bytes[offset - 1].is_ascii_whitespace() {
            return offset;
        }
        let ahead = &bytes[offset..(offset + 64).min(limit).max(offset)];
        memchr::memchr(b' ', ahead).map_or(offset, |space| offset + space + 1)
    }

    /// A cut at `offset` inside a word moved back to the end of the word
    /// before it, if one ends within a few bytes and after `limit`.
    fn word_before(&self, offset: usize, limit: usize) -> usize {
        let bytes = self.text.as_bytes();
        if offset == bytes.len() || bytes[offset].is_ascii_whitespace() {
            return offset;
        }
        let from = offset.saturating_sub(64).max(limit).min(offset);
        memchr::memrchr(b' ', &bytes[from..offset]).map_or(offset, |space| from + space)
    }

    /// Where 0-based `line` starts (the end of the text past the last line).
    fn start_of(&self, line: usize) -> usize {
        match line {
            0 => 0,
            _ => self.starts.get(line - 1).copied().unwrap_or(self.text.len()),
        }
    }

    /// Where 0-based `line` ends, before its line break.
    fn end_of(&self, line: usize) -> usize {
        let next = self.start_of(line + 1);
        if line >= self.starts.len() {
            return next;
        }
        let bytes = self.text.as_bytes();
        let mut end = next;
        if bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > 0 && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        end
    }

    /// From `at` back towards `limit`, where the last `budget` columns
    /// before `at` begin; `None` if all of them fit.
    fn columns_back(&self, limit: usize, at: usize, budget: usize) -> Option<usize> {
        if plain(&self.text.as_bytes()[limit.max(at.saturating_sub(budget.saturating_add(1)))..at]) {
            return (at - limit > budget).then(|| at - budget);
        }
        let mut used = 0;
        for (i, c) in self.text[limit..at].char_indices().rev() {
            used += columns(c);
            if used > budget {
                return Some(limit + i + c.len_utf8());
            }
        }
        None
    }

    /// From `at` on towards `limit`, where the first `budget` columns after
    /// `at` end; `None` if all of them fit.
    fn columns_on(&self, at: usize, limit: usize, budget: usize) -> Option<usize> {
        if plain(&self.text.as_bytes()[at..limit.min(at.saturating_add(budget).saturating_add(1))]) {
            return (limit - at > budget).then(|| at + budget);
        }
        let mut used = 0;
        for (i, c) in self.text[at..limit].char_indices() {
            used += columns(c);
            if used > budget {
                return Some(at + i);
            }
        }
        None
    }

    /// The columns of `from..to`, counted up to `cap` and one more.
    fn width_of(&self, from: usize, to: usize, cap: usize) -> usize {
        let reach = to.min(from.saturating_add(cap).saturating_add(1));
        if plain(&self.text.as_bytes()[from..reach]) {
            return reach - from;
        }
        let mut used = 0;
        for c in self.text[from..to].chars() {
            used += columns(c);
            if used > cap {
                break;
            }
        }
        used.min(cap + 1)
    }

    fn line_fits(&self, line: usize, room: usize) -> bool {
        self.columns_on(self.start_of(line), self.end_of(line), room).is_none()
    }

    /// Where the finding `start..end` (on lines `first..=last`) is cut to
    /// fit `room` columns: the first byte shown, if its line is cut before
    /// it, and the end of what is shown, if after it. Each cut falls between
    /// words where a space is near.
    fn fit(
        &self,
        start: usize,
        end: usize,
        (first, last): (usize, usize),
        room: usize,
    ) -> (Option<usize>, Option<usize>) {
        // A span may start or end inside a `\r\n`.
        let (line_start, line_end) = (self.start_of(first).min(start), self.end_of(last).max(end));
        let (left, right) = if first == last {
            let free = room.saturating_sub(self.width_of(start, end, room)).max(2 * MIN_SIDE);
            let need_left = self.width_of(line_start, start, free);
            let need_right = self.width_of(end, line_end, free);
            if need_left + need_right <= free {
                return (None, None);
            }
            // Half each; a side that needs less gives the rest to the other.
            let left = need_left.min((free / 2).max(free.saturating_sub(need_right)));
            (left, free - left)
        } else {
            let first_part = self.width_of(start, self.end_of(first).max(start), room);
            let last_part = self.width_of(self.start_of(last), end, room);
            (
                room.saturating_sub(first_part).max(MIN_SIDE),
                room.saturating_sub(last_part).max(MIN_SIDE),
            )
        };
        // A side that does not fit is cut to leave room for its mark.
        let cut_start = self
            .columns_back(line_start, start, left)
            .and_then(|_| self.columns_back(line_start, start, left.saturating_sub(CUT_COLUMNS)))
            .map(|cut| self.word_after(cut, start))
            // Fewer bytes than a mark's before the cut fit in the columns
            // left for the mark, unless they hold a tab: then the cut stays,
            // unmarked at the text's very start (see `marked`).
            .filter(|&cut| cut - line_start >= CUT.len() || self.width_of(line_start, cut, CUT_COLUMNS) > CUT_COLUMNS);
        let cut_end = self
            .columns_on(end, line_end, right)
            .and_then(|_| self.columns_on(end, line_end, right.saturating_sub(CUT_COLUMNS)))
            .map(|cut| self.word_before(cut, end));
        (cut_start, cut_end)
    }
}

/// Whether `bytes` are all printable ASCII, a column each: most lines, and
/// measured without walking them character by character.
fn plain(bytes: &[u8]) -> bool {
    bytes.iter().all(|b| matches!(b, b' '..=b'~'))
}

/// The columns miette draws `c` in.
#[inline]
fn columns(c: char) -> usize {
    match c {
        '\t' => TAB_WIDTH,
        // Most of the text: no table to look up.
        ' '..='~' => 1,
        _ => c.width().unwrap_or(0),
    }
}

impl Windowed {
    /// What [`SourceCode::read_span`] reads for a [`Snippet`]: a window
    /// around `span`, with the cut marks written to `scratch`.
    fn read<'a>(
        &'a self,
        scratch: &'a FrozenVec<Box<[u8]>>,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (from, to) = (span.offset(), span.offset() + span.len());
        let lines = (self.line_of(from), self.line_of(to));
        // The gutter: the widest line number, a space either side and a bar.
        let gutter = (lines.1 + context_lines_after + 2).to_string().len() + 4;
        let room = self.width.saturating_sub(gutter);
        let (cut_start, cut_end) = self.fit(from, to, lines, room);
        // Context lines that fit, and a line more than asked on each side,
        // so miette stops within the window just where it would have
        // stopped in the whole text.
        let mut first = lines.0;
        while cut_start.is_none()
            && first > 0
            && lines.0 - first <= context_lines_before
            && self.line_fits(first - 1, room)
        {
            first -= 1;
        }
        let mut last = lines.1;
        while cut_end.is_none()
            && last < self.starts.len()
            && last - lines.1 <= context_lines_after
            && self.line_fits(last + 1, room)
        {
            last += 1;
        }
        let reach_start = self.word_after(self.char_floor(from.saturating_sub(REACH)), from);
        let reach_end = self.word_before(self.char_ceil(to + REACH), to);
        let start = cut_start.unwrap_or(self.start_of(first).max(reach_start));
        let end = match cut_end {
            Some(cut) => cut,
            None => self.start_of(last + 1).min(reach_end),
        }
        .max(start);
        // Cut inside a line, the window's first line is part of that one.
        let first = self.line_of(start);
        let window = &self.text.as_bytes()[start..end];
        let relative = SourceSpan::new((span.offset() - start).into(), span.len());
        let inner = window.read_span(&relative, context_lines_before, context_lines_after)?;
        let column = match start > self.start_of(first) {
            // miette counted from the cut; the finding's line began before it.
            true if self.line_of(span.offset()) == first => span.offset() - self.start_of(first),
            _ => inner.column(),
        };
        let (data, shown) = self.marked(scratch, inner.data(), inner.span().offset() + start, start..end);
        let contents = MietteSpanContents::new_named(
            self.name.clone(),
            data,
            shown,
            inner.line() + first,
            column,
            inner.line_count() + first,
        )
        .with_language(self.language.clone());
        Ok(Box::new(contents))
    }

    /// `data`, the text at `from` within `window`, with a mark before it
    /// where it starts at a cut inside a line, and after it where it ends
    /// at one, and the span it stands for: a mark before it stands for the
    /// bytes it takes, so that every other byte keeps its offset. Unmarked,
    /// `data` itself. (miette shows less than whole lines itself with no
    /// context lines, and marks nothing; neither does this, then.)
    fn marked<'a>(
        &self,
        scratch: &'a FrozenVec<Box<[u8]>>,
        data: &'a [u8],
        from: usize,
        window: Range<usize>,
    ) -> (&'a [u8], SourceSpan) {
        let bytes = self.text.as_bytes();
        let to = from + data.len();
        let blank = |at: usize| matches!(bytes.get(at), Some(b' ' | b'\t'));
        let line_break = |at: usize| matches!(bytes.get(at), Some(b'\n' | b'\r'));
        // A mark stands for bytes before the text: a cut that leaves fewer
        // than its three is not made (see `fit`).
        let before = match from == window.start && from > self.start_of(self.line_of(from)) {
            true if from > CUT.len() && blank(from - 1) => "… ",
            true if from >= CUT.len() => CUT,
            _ => "",
        };
        let after = match to > from && to == window.end && to < bytes.len() && !line_break(to) && !line_break(to - 1) {
            true if blank(to) => " …",
            true => CUT,
            false => "",
        };
        if before.is_empty() && after.is_empty() {
            return (data, SourceSpan::new(from.into(), data.len()));
        }
        let marked = scratch.push_get([before.as_bytes(), data, after.as_bytes()].concat().into());
        (marked, SourceSpan::new((from - before.len()).into(), marked.len()))
    }
}

/// One report's view of a [`Windowed`] text.
#[derive(Debug)]
pub struct Snippet {
    windowed: Windowed,
    /// The marked windows this report has read: they must live as long as
    /// the report's borrow of its source.
    scratch: FrozenVec<Box<[u8]>>,
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        self.windowed
            .read(&self.scratch, span, context_lines_before, context_lines_after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};

    #[derive(Debug, thiserror::Error)]
    #[error("a finding")]
    struct Probe<S: SourceCode + std::fmt::Debug + 'static> {
        src: S,
        span: SourceSpan,
    }

    impl<S: SourceCode + std::fmt::Debug + 'static> Diagnostic for Probe<S> {
        fn source_code(&self) -> Option<&dyn SourceCode> {
            Some(&self.src)
        }
        fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
            Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
                Some("here".into()),
                self.span,
            ))))
        }
    }

    fn render(diagnostic: &dyn Diagnostic, context: usize) -> String {
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(80)
            .with_context_lines(context);
        let mut out = String::new();
        handler.render_report(&mut out, diagnostic).unwrap();
        out
    }

    /// A finding on a long line shows at most [`REACH`] bytes either side,
    /// under the line and column the whole text gave it.
    #[test]
    fn a_long_line_is_cut_around_the_finding() {
        let line = "명동 clinic: guaranteed regrowth in four weeks. ".repeat(200);
        let text: Arc<str> = format!("first line\n{line}\nlast line\n").into();
        let windowed = Windowed::new("page.txt".into(), "text".into(), text.clone(), 80);
        let named = NamedSource::new("page.txt", text.clone()).with_language("text");
        let header = |rendered: &str| rendered.lines().find(|l| l.contains("╭─[")).map(str::to_string);
        for start in [11, 20, 600, 5_000, text.len() - 40] {
            let start = (start..).find(|&i| text.is_char_boundary(i)).unwrap();
            let end = (start + 10..).find(|&i| text.is_char_boundary(i)).unwrap();
            let span = SourceSpan::new(start.into(), end - start);
            let probe = |src| render(&Probe { src, span }, 1);
            let whole = render(
                &Probe {
                    src: named.clone(),
                    span,
                },
                1,
            );
            let window = probe(windowed.snippet());
            assert_eq!(header(&window), header(&whole), "span {start}..{end}");
            assert!(window.contains(&text[start..end]), "{window}");
            // The window's text, its gutter and label; the whole line is 11 KB.
            assert!(
                window.len() < 6 * REACH,
                "{} bytes drawn for {start}..{end}",
                window.len()
            );
            assert!(whole.len() > line.len(), "the whole text drew the whole line");
        }
    }

    /// Where the text shown starts or ends inside its line, a "…" says so,
    /// and the underline stays under the finding's own words.
    #[test]
    fn a_cut_line_is_marked_where_it_is_cut() {
        let line = "Our clinic offers careful care for every visitor. ".repeat(6)
            + "See new growth in just 4 weeks with our exosome program. "
            + &"We answer questions within the hour. ".repeat(5);
        let text: Arc<str> = format!("# Page\n\n{line}\n").into();
        let windowed = Windowed::new("page.md".into(), "markdown".into(), text.clone(), 80);
        let rows = |start: usize, len: usize| {
            let span = SourceSpan::new(start.into(), len);
            let rendered = render(
                &Probe {
                    src: windowed.snippet(),
                    span,
                },
                1,
            );
            let rows: Vec<String> = rendered.lines().map(str::to_string).collect();
            let at = rows.iter().position(|r| r.starts_with(" 3 │ ")).expect(&rendered);
            (rows[at].clone(), rows[at + 1].clone())
        };
        let finding = text.find("See new growth").unwrap();
        let (row, underline) = rows(finding, "See new growth in just 4 weeks".len());
        assert!(row.starts_with(" 3 │ … ") && row.ends_with(" …"), "{row}");
        // The underline begins under the finding's first letter.
        let column = |row: &str, byte: usize| row[..byte].chars().count();
        assert_eq!(
            column(&underline, underline.find('─').unwrap()),
            column(&row, row.find("See new").unwrap())
        );
        // At the line's start, nothing is cut before it.
        let (row, _) = rows(text.find("Our clinic").unwrap(), 10);
        assert!(row.starts_with(" 3 │ Our clinic") && row.ends_with(" …"), "{row}");
        // At its end, nothing after it.
        let (row, _) = rows(text.len() - 10, 5);
        assert!(row.starts_with(" 3 │ … ") && !row.ends_with('…'), "{row}");
    }

    /// Rows of source text: a line number and a bar before them.
    fn source_rows(rendered: &str) -> impl Iterator<Item = &str> {
        rendered.lines().filter(|row| {
            let row = row.trim_start();
            row.split_once(" │ ")
                .is_some_and(|(number, _)| number.chars().all(|c| c.is_ascii_digit()))
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// On lines of any length, of ASCII, Hangul, tabs and line ends, a
        /// finding that fits shows its text on rows that fit the report's
        /// width, under the line and column the whole text gave it.
        #[test]
        fn long_lines_are_cut_to_the_report_width(
            words in proptest::collection::vec(
                proptest::prop_oneof![
                    24 => "[a-z]{1,9}",
                    4 => "명동|클리닉",
                    1 => "\t",
                    // Not a lone `\r`: miette numbers the lines after it
                    // as lines but draws it inside a row, with the line
                    // before it (so does the whole text).
                    1 => "\n|\r\n|\n\n",
                ],
                1..400,
            ),
            at in 0.0..1.0f64,
            len in 0usize..24,
            width in 40usize..120,
        ) {
            let text: String = words.iter().map(|w| format!("{w} ")).collect();
            let text: Arc<str> = text.into();
            let start = (text.len() as f64 * at) as usize;
            let start = (start..).find(|&i| text.is_char_boundary(i)).unwrap();
            // No finding starts inside a `\r\n` (where the column miette
            // counts in the whole text is one less).
            let start = if text[..start].ends_with('\r') { start + 1 } else { start };
            let end = ((start + len).min(text.len())..).find(|&i| text.is_char_boundary(i)).unwrap();
            let span = SourceSpan::new(start.into(), end - start);
            let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
                .with_width(width)
                .with_context_lines(1);
            let mut window = String::new();
            let windowed = Windowed::new("page.txt".into(), "text".into(), text.clone(), width);
            handler.render_report(&mut window, &Probe { src: windowed.snippet(), span }).unwrap();
            let mut whole = String::new();
            let named = NamedSource::new("page.txt", text.clone()).with_language("text");
            handler.render_report(&mut whole, &Probe { src: named, span }).unwrap();
            // The location; the indent before it follows the widest line
            // number shown, and the window may show fewer context lines.
            let header = |rendered: &str| rendered.lines().find(|l| l.contains("╭─[")).map(|l| l.trim_start().to_string());
            proptest::prop_assert_eq!(header(&window), header(&whole));
            // A row shows its whole line, or a part of it marked where it is cut.
            let lines = |rendered: &str| -> Vec<(String, String)> {
                source_rows(rendered)
                    .filter_map(|row| row.trim_start().split_once(" │ "))
                    .map(|(number, content)| (number.to_string(), content.to_string()))
                    .collect()
            };
            let whole_lines = lines(&whole);
            // The gutter of a finding over several lines comes first.
            let text_of = |content: &str| content.trim_start_matches(['╭', '├', '╰', '─', '▶', '│', ' ']).to_string();
            for (number, content) in lines(&window) {
                let Some((_, full)) = whole_lines.iter().find(|(n, _)| *n == number) else { continue };
                let (content, full) = (text_of(&content), text_of(full));
                if content == full {
                    continue;
                }
                let (head, rest) = match content.strip_prefix("… ").or_else(|| content.strip_prefix('…')) {
                    Some(rest) => (true, rest),
                    None => (false, content.as_str()),
                };
                let (tail, inner) = match rest.strip_suffix(" …").or_else(|| rest.strip_suffix('…')) {
                    Some(inner) => (true, inner),
                    None => (false, rest),
                };
                // A tab's spaces depend on its column, which a cut moves.
                let squeezed = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
                let (full, inner) = (squeezed(&full), squeezed(inner));
                // An unmarked side shows where its line starts or ends (but
                // for blank space: at the text's very start, fewer bytes
                // than a mark's are cut unmarked).
                proptest::prop_assert!(
                    full.contains(&inner) && (head || full.starts_with(&inner)) && (tail || full.ends_with(&inner)),
                    "line {number} cut without a mark: {content:?} of {full:?}"
                );
            }
            let finding = &text[start..end];
            if !finding.contains(['\n', '\r']) && finding.chars().map(columns).sum::<usize>() + 2 * MIN_SIDE + 8 <= width {
                for row in source_rows(&window) {
                    let columns: usize = row.chars().map(columns).sum();
                    proptest::prop_assert!(columns <= width, "{columns} columns: {row:?}\n{window}");
                }
            }
        }
    }

    /// Every span of a text with LF, CRLF and lone CR line ends, multibyte
    /// characters, empty lines and long line numbers renders as it did from
    /// the whole text.
    #[test]
    fn a_window_renders_what_the_whole_text_rendered() {
        let mut text = String::new();
        for i in 0..120 {
            let end = ["\n", "\r\n", "\r", "\n\n"][i % 4];
            text.push_str(&format!("line {i}: 명동 clinic — guaranteed regrowth{end}"));
        }
        text.push_str("last line without an end");
        let text: Arc<str> = text.into();
        let windowed = Windowed::new("page.md".into(), "markdown".into(), text.clone(), 80);
        let named = NamedSource::new("page.md", text.clone()).with_language("markdown");
        let offsets: Vec<usize> = (0..text.len())
            .filter(|&i| text.is_char_boundary(i))
            .step_by(7)
            .collect();
        for &start in &offsets {
            for len in [0, 1, 5, 40, 200] {
                let end = (start + len).min(text.len());
                let end = (end..=text.len()).find(|&e| text.is_char_boundary(e)).unwrap();
                let span = SourceSpan::new(start.into(), end - start);
                for context in [0, 1, 2] {
                    let whole = render(
                        &Probe {
                            src: named.clone(),
                            span,
                        },
                        context,
                    );
                    let window = render(
                        &Probe {
                            src: windowed.snippet(),
                            span,
                        },
                        context,
                    );
                    assert_eq!(window, whole, "span {start}..{end}, context {context}");
                }
            }
        }
    }
}
