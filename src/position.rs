//! Byte spans and the one conversion point from byte offsets to line/column.
//!
//! Every finding carries a [`Span`] of byte offsets into the file as read from
//! disk. Renderers, the LSP and SARIF turn it into lines and columns here and
//! nowhere else: columns in characters (JSON, human), UTF-16 code units (LSP,
//! SARIF) or bytes (UTF-8 LSP clients).

use serde::Serialize;

/// A half-open range of byte offsets into a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    /// Unicode scalar values (the JSON contract and human output).
    Chars,
    /// UTF-16 code units (LSP default, SARIF).
    Utf16,
    /// Bytes (LSP clients that negotiate UTF-8).
    Bytes,
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Line starts of one text, built once with `memchr`.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset at which 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and column of `offset` in `text`, columns in `unit`.
    /// An offset inside a multi-byte character is clamped to its start.
    pub fn line_col(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let prefix = &text[self.starts[line]..offset];
        let column = match unit {
            ColumnUnit::Bytes => prefix.len(),
            ColumnUnit::Chars if prefix.is_ascii() => prefix.len(),
            ColumnUnit::Chars => prefix.chars().count(),
            ColumnUnit::Utf16 => prefix.chars().map(char::len_utf16).sum(),
        };
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// Byte offset of a 0-based line and 0-based column counted in `unit`;
    /// columns past the end of the line clamp to the line end (before `\r\n`
    /// or `\n`, so an edit never lands between the two), lines past the end
    /// to the end of the text.
    pub fn offset(&self, text: &str, line: usize, column: usize, unit: ColumnUnit) -> usize {
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).map_or(text.len(), |next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' && end < text.len() {
            end -= 1;
        }
        let line_text = &text[start..end];
        let mut counted = 0;
        for (i, ch) in line_text.char_indices() {
            if counted >= column {
                return start + i;
            }
            counted += match unit {
                ColumnUnit::Bytes => ch.len_utf8(),
                ColumnUnit::Chars => 1,
                ColumnUnit::Utf16 => ch.len_utf16(),
            };
        }
        end
    }
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_each_unit() {
        let text = "ab\n한글 😀x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            index.line_col(text, x, ColumnUnit::Chars),
            LineCol { line: 2, column: 5 }
        );
        assert_eq!(
            index.line_col(text, x, ColumnUnit::Utf16),
            LineCol { line: 2, column: 6 }
        );
        assert_eq!(
            index.line_col(text, x, ColumnUnit::Bytes),
            LineCol { line: 2, column: 12 }
        );
        assert_eq!(index.offset(text, 1, 5, ColumnUnit::Utf16), x);
        assert_eq!(index.offset(text, 1, 4, ColumnUnit::Chars), x);
    }

    #[test]
    fn offsets_clamp_to_the_line_end_before_crlf() {
        let text = "ab\r\ncd\n";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, 0, 2, ColumnUnit::Utf16), 2);
        assert_eq!(index.offset(text, 0, 99, ColumnUnit::Utf16), 2);
        assert_eq!(index.offset(text, 1, 99, ColumnUnit::Bytes), 6);
        assert_eq!(index.offset(text, 2, 0, ColumnUnit::Bytes), 7);
        assert_eq!(index.offset(text, 9, 0, ColumnUnit::Bytes), 7);
    }

    #[test]
    fn end_of_text_and_empty_lines() {
        let text = "a\n\nb";
        let index = LineIndex::new(text);
        assert_eq!(
            index.line_col(text, 2, ColumnUnit::Chars),
            LineCol { line: 2, column: 1 }
        );
        assert_eq!(
            index.line_col(text, 4, ColumnUnit::Chars),
            LineCol { line: 3, column: 2 }
        );
    }
}
