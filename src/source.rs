//! Reading a file into a [`SourceFile`]: format detection, binary refusal and decoding.
//!
//! Markdown and plain text must be UTF-8 (a BOM is allowed and kept, so byte
//! offsets stay those of the file on disk). HTML may declare a legacy charset;
//! it is decoded with `encoding_rs` and a [`Transcoding`] maps every offset of
//! the decoded text back to the original bytes.

use std::fmt;
use std::path::Path;

use crate::position::{ColumnUnit, LineCol, LineIndex, Span};

/// The markup a file is written in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Text,
    Html,
}

impl Format {
    /// The format of a path found while walking a folder; `None` for files to skip.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" | "mdx" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Text),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }

    /// The format of a path named explicitly: unknown extensions are plain text.
    pub fn for_explicit_path(path: &Path) -> Format {
        Format::from_extension(path).unwrap_or(Format::Text)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Html => "html",
        })
    }
}

/// Why a file could not be turned into text.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum SourceError {
    #[error("cannot read: {0}")]
    Io(String),
    #[error("binary file (NUL byte at offset {offset}); candor lints text only")]
    Binary { offset: usize },
    #[error("not valid UTF-8 at line {line}, column {column} (byte {offset}); re-save the file as UTF-8")]
    NotUtf8 { offset: usize, line: usize, column: usize },
}

/// Offsets of decoded text mapped back to the bytes of a legacy-encoded file.
#[derive(Debug, Clone, Default)]
pub struct Transcoding {
    /// `(decoded offset, original offset)` at the start of every character, ascending.
    points: Vec<(u32, u32)>,
    decoded_len: usize,
    original_len: usize,
    pub encoding: &'static str,
}

impl Transcoding {
    /// The original byte offset of a decoded offset.
    pub fn original(&self, decoded: usize) -> usize {
        if decoded >= self.decoded_len {
            return self.original_len;
        }
        match self.points.binary_search_by_key(&(decoded as u32), |p| p.0) {
            Ok(i) => self.points[i].1 as usize,
            Err(0) => decoded,
            Err(i) => self.points[i - 1].1 as usize,
        }
    }
}

/// One file's text, ready for extraction.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (or the `--stdin-filename`), `/`-separated for output.
    pub path: String,
    pub format: Format,
    /// The text; offsets into it are those of the file unless `transcoding` is set.
    pub text: String,
    pub transcoding: Option<Transcoding>,
    line_index: LineIndex,
}

/// A span located in the original file: bytes, and 1-based lines and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl SourceFile {
    /// Read and decode a file from disk.
    pub fn read(path: &Path, format: Format) -> Result<SourceFile, SourceError> {
        let bytes = std::fs::read(path).map_err(|e| SourceError::Io(e.to_string()))?;
        SourceFile::from_bytes(display_path(path), format, bytes)
    }

    /// Decode bytes already in memory (standard input, a fetched page).
    pub fn from_bytes(path: String, format: Format, bytes: Vec<u8>) -> Result<SourceFile, SourceError> {
        Self::from_bytes_with_charset(path, format, bytes, None)
    }

    /// Decode bytes, with a charset label from outside the file (an HTTP header) taking
    /// precedence over what the file declares, but not over a BOM.
    pub fn from_bytes_with_charset(
        path: String,
        format: Format,
        bytes: Vec<u8>,
        charset: Option<&str>,
    ) -> Result<SourceFile, SourceError> {
        let sniff = &bytes[..bytes.len().min(8192)];
        let bom = encoding_rs::Encoding::for_bom(&bytes).map(|(enc, _)| enc);
        if bom.is_none() {
            if let Some(offset) = memchr::memchr(0, sniff) {
                return Err(SourceError::Binary { offset });
            }
        }
        let declared = match (bom, format) {
            (Some(enc), _) => Some(enc),
            (None, Format::Html) => charset
                .and_then(|label| encoding_rs::Encoding::for_label(label.trim().as_bytes()))
                .or_else(|| crate::charset::sniff_html_meta(sniff)),
            (None, _) => None,
        };
        let (text, transcoding) = match declared {
            Some(enc) if enc != encoding_rs::UTF_8 => {
                let (text, map) = transcode(&bytes, enc);
                (text, Some(map))
            }
            _ => (utf8(bytes)?, None),
        };
        Ok(SourceFile::from_parts(path, format, text, transcoding))
    }

    /// A source from text that is already UTF-8 (tests, the LSP's open documents).
    pub fn from_text(path: impl Into<String>, format: Format, text: impl Into<String>) -> SourceFile {
        SourceFile::from_parts(path.into(), format, text.into(), None)
    }

    fn from_parts(path: String, format: Format, text: String, transcoding: Option<Transcoding>) -> SourceFile {
        let line_index = LineIndex::new(&text);
        SourceFile {
            path,
            format,
            text,
            transcoding,
            line_index,
        }
    }

    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    /// Length of a leading UTF-8 byte-order mark in `text` (0 or 3).
    pub fn bom_len(&self) -> usize {
        if self.text.starts_with('\u{feff}') {
            3
        } else {
            0
        }
    }

    /// Line and column of a text offset, columns in `unit`.
    pub fn line_col(&self, offset: usize, unit: ColumnUnit) -> LineCol {
        self.line_index.line_col(&self.text, offset, unit)
    }

    /// Byte offset in the original file of a text offset.
    pub fn original_offset(&self, offset: usize) -> usize {
        match &self.transcoding {
            Some(map) => map.original(offset),
            None => offset,
        }
    }

    /// A span located in the original file, columns in `unit`.
    pub fn locate(&self, span: Span, unit: ColumnUnit) -> Location {
        let start = self.line_col(span.start, unit);
        let end = self.line_col(span.end, unit);
        Location {
            start: self.original_offset(span.start),
            end: self.original_offset(span.end),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

/// A path for output: as given, with `/` separators and no leading `./`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    match text.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => text,
    }
}

fn utf8(bytes: Vec<u8>) -> Result<String, SourceError> {
    String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&err.as_bytes()[..offset]).unwrap_or_default();
        let pos = LineIndex::new(valid).line_col(valid, offset, ColumnUnit::Chars);
        SourceError::NotUtf8 {
            offset,
            line: pos.line,
            column: pos.column,
        }
    })
}

/// Decode `bytes` one input byte at a time so that each decoded character
/// knows the original offset where it started.
fn transcode(bytes: &[u8], encoding: &'static encoding_rs::Encoding) -> (String, Transcoding) {
    let (bytes, bom_len) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((_, len)) => (&bytes[len..], len),
        None => (bytes, 0),
    };
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() * 3 / 2 + 16);
    let mut points = Vec::with_capacity(bytes.len());
    let mut char_start = 0;
    for (i, byte) in bytes.iter().enumerate() {
        let last = i + 1 == bytes.len();
        let before = text.len();
        text.reserve(16);
        let (_, _, _) = decoder.decode_to_string(std::slice::from_ref(byte), &mut text, last);
        if text.len() > before {
            for (offset, _) in text[before..].char_indices() {
                points.push(((before + offset) as u32, (bom_len + char_start) as u32));
            }
            char_start = i + 1;
        }
    }
    let map = Transcoding {
        points,
        decoded_len: text.len(),
        original_len: bom_len + bytes.len(),
        encoding: encoding.name(),
    };
    (text, map)
}

/// Every file of the hand-written corpus (`corpus/`), read: the tests that
/// hold two ways of linting to the same answer run over it.
#[cfg(test)]
pub(crate) fn corpus_files() -> Vec<SourceFile> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    ignore::Walk::new(dir)
        .map(|entry| entry.expect("corpus/ walks").into_path())
        .filter_map(|path| {
            let format = Format::from_extension(&path).filter(|_| path.is_file())?;
            let bytes = std::fs::read(&path).expect("corpus files read");
            Some(SourceFile::from_bytes(path.display().to_string(), format, bytes).expect("corpus files decode"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_binary_and_reports_bad_utf8_position() {
        let err = SourceFile::from_bytes("a.md".into(), Format::Markdown, b"ab\0cd".to_vec()).unwrap_err();
        assert_eq!(err, SourceError::Binary { offset: 2 });
        let err = SourceFile::from_bytes("a.md".into(), Format::Markdown, b"ok\nab\xffc".to_vec()).unwrap_err();
        assert_eq!(
            err,
            SourceError::NotUtf8 {
                offset: 5,
                line: 2,
                column: 3
            }
        );
    }

    #[test]
    fn keeps_bom_so_offsets_are_file_offsets() {
        let file = SourceFile::from_bytes("a.md".into(), Format::Markdown, b"\xef\xbb\xbfHi".to_vec()).unwrap();
        assert_eq!(file.bom_len(), 3);
        assert_eq!(&file.text[3..], "Hi");
    }

    #[test]
    fn euc_kr_offsets_map_to_original_bytes() {
        let (bytes, _, _) = encoding_rs::EUC_KR.encode("<meta charset=\"euc-kr\"><p>모발 regrowth</p>");
        let file = SourceFile::from_bytes("a.html".into(), Format::Html, bytes.to_vec()).unwrap();
        let at = file.text.find("regrowth").unwrap();
        let original = file.original_offset(at);
        assert_eq!(&bytes[original..original + 8], b"regrowth");
        assert_eq!(file.transcoding.as_ref().unwrap().encoding, "EUC-KR");
    }
}
