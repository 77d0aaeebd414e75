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
//! Except on a long line: miette draws whole lines, and every finding on a
//! 10 MB one-line file drew all of it (its 488,062 findings took 220 s). A
//! window reaches at most [`REACH`] bytes either side of its finding; past
//! that a line is cut, and the line and column printed are still the
//! finding's own.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Bytes of text shown on either side of a finding, at most.
const REACH: usize = 512;

/// A file's text, its line breaks as miette counts them, and its name.
#[derive(Debug, Clone)]
pub struct Windowed {
    name: String,
    language: String,
    text: Arc<str>,
    /// Where each line after the first starts: after `\n`, `\r\n` or a lone `\r`.
    starts: Arc<[usize]>,
}

impl Windowed {
    pub fn new(name: String, language: String, text: Arc<str>) -> Self {
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

    /// A cut at `offset` moved on to the start of the next word, if one
    /// starts within a few bytes.
    fn word_after(&self, offset: usize) -> usize {
        let ahead = &self.text.as_bytes()[offset..(offset + 64).min(self.text.len())];
        match offset {
            0 => 0,
            _ => memchr::memchr(b' ', ahead).map_or(offset, |space| offset + space + 1),
        }
    }

    /// A cut at `offset` moved back to the end of the word before it, if one
    /// ends within a few bytes.
    fn word_before(&self, offset: usize) -> usize {
        let behind = &self.text.as_bytes()[offset.saturating_sub(64)..offset];
        match offset == self.text.len() {
            true => offset,
            false => memchr::memrchr(b' ', behind).map_or(offset, |space| offset - behind.len() + space),
        }
    }

    /// Where 0-based `line` starts (the end of the text past the last line).
    fn start_of(&self, line: usize) -> usize {
        match line {
            0 => 0,
            _ => self.starts.get(line - 1).copied().unwrap_or(self.text.len()),
        }
    }
}

impl SourceCode for Windowed {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // A line more than asked on each side, so miette stops within the
        // window just where it would have stopped in the whole text.
        let first = self.line_of(span.offset()).saturating_sub(context_lines_before + 1);
        let last = self.line_of(span.offset() + span.len()) + context_lines_after + 2;
        let reach_start = self.word_after(self.char_floor(span.offset().saturating_sub(REACH)));
        let reach_end = self.word_before(self.char_ceil(span.offset() + span.len() + REACH));
        let start = self.start_of(first).max(reach_start);
        let end = self.start_of(last).min(reach_end).max(start);
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
        let contents = MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + start).into(), inner.span().len()),
            inner.line() + first,
            column,
            inner.line_count() + first,
        )
        .with_language(self.language.clone());
        Ok(Box::new(contents))
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
        let windowed = Windowed::new("page.txt".into(), "text".into(), text.clone());
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
            let window = probe(windowed.clone());
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
        let windowed = Windowed::new("page.md".into(), "markdown".into(), text.clone());
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
                            src: windowed.clone(),
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
