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
    /// Per line: whether it is all ASCII, so a column is a byte count and
    /// many positions on one long line do not each rescan it.
    ascii: Vec<bool>,
    /// On long non-ASCII lines, every `CHECKPOINT` bytes: the byte offset and
    /// the chars and UTF-16 units from its line start to there, so a column
    /// is counted from the nearest checkpoint, not from the line start.
    checkpoints: Vec<Checkpoint>,
}

/// Bytes between column checkpoints on a long non-ASCII line.
const CHECKPOINT: usize = 4096;

#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    offset: usize,
    chars: usize,
    utf16: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let ends = starts.iter().skip(1).copied().chain([text.len()]);
        let mut ascii = Vec::with_capacity(starts.len());
        let mut checkpoints = Vec::new();
        for (&start, end) in starts.iter().zip(ends) {
            let line = &text[start..end.max(start)];
            ascii.push(line.is_ascii());
            if !line.is_ascii() && line.len() > CHECKPOINT {
                let (mut chars, mut utf16, mut next) = (0, 0, CHECKPOINT);
                for (i, c) in line.char_indices() {
                    if i >= next {
                        checkpoints.push(Checkpoint {
                            offset: start + i,
                            chars,
                            utf16,
                        });
                        next = i + CHECKPOINT;
                    }
                    chars += 1;
                    utf16 += c.len_utf16();
                }
            }
        }
        LineIndex {
            starts,
            ascii,
            checkpoints,
        }
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
        let line_start = self.starts[line];
        let ascii_line = self.ascii.get(line).copied().unwrap_or(false);
        let nearest = self.checkpoints.partition_point(|c| c.offset <= offset);
        let base = nearest
            .checked_sub(1)
            .map(|i| self.checkpoints[i])
            .filter(|c| c.offset >= line_start)
            .unwrap_or(Checkpoint {
                offset: line_start,
                chars: 0,
                utf16: 0,
            });
        let rest = &text[base.offset..offset];
        let column = match unit {
            ColumnUnit::Bytes => offset - line_start,
            _ if ascii_line => offset - line_start,
            ColumnUnit::Chars if rest.is_ascii() => base.chars + rest.len(),
            ColumnUnit::Chars => base.chars + rest.chars().count(),
            ColumnUnit::Utf16 => base.utf16 + rest.chars().map(char::len_utf16).sum::<usize>(),
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
        assert_eq!(
            index.line_col(text, 1, ColumnUnit::Utf16),
            LineCol { line: 1, column: 2 },
            "an ASCII line counts bytes"
        );
        assert_eq!(index.offset(text, 1, 5, ColumnUnit::Utf16), x);
        assert_eq!(index.offset(text, 1, 4, ColumnUnit::Chars), x);
    }

    #[test]
    fn long_lines_count_columns_from_checkpoints() {
        let line = "한글 😀 x ".repeat(2000);
        let text = format!("ab\n{line}end\n");
        let index = LineIndex::new(&text);
        for offset in [3, 1000, 5003, text.len() - 4, text.len() - 1] {
            let offset = floor_char_boundary(&text, offset);
            let prefix = &text[3..offset];
            assert_eq!(
                index.line_col(&text, offset, ColumnUnit::Chars).column,
                prefix.chars().count() + 1
            );
            assert_eq!(
                index.line_col(&text, offset, ColumnUnit::Utf16).column,
                prefix.chars().map(char::len_utf16).sum::<usize>() + 1
            );
        }
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
