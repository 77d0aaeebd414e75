//! Open documents: their text and version, and incremental edits applied in
//! the negotiated position encoding.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use crate::finding::Finding;
use crate::position::ColumnUnit;
use crate::source::{Format, SourceFile};

/// One document the client has open.
#[derive(Debug)]
pub struct Document {
    pub uri: Uri,
    /// The file on disk, for `file:` URIs.
    pub path: Option<PathBuf>,
    pub version: i32,
    /// The current text, with its line index.
    pub source: SourceFile,
    /// Findings for `version`; `None` while an edit has not been linted yet.
    pub findings: Option<Vec<Finding>>,
    /// What the last lint matched, block by block, for the next one to reuse.
    pub memo: crate::memo::BlockMemo,
    /// The version whose diagnostics the client last received.
    pub published: Option<i32>,
}

impl Document {
    pub fn new(uri: Uri, format: Format, version: i32, text: String) -> Document {
        let path = super::convert::uri_to_path(&uri);
        let name = path
            .as_deref()
            .map_or_else(|| uri.as_str().to_string(), crate::source::display_path);
        Document {
            uri,
            path,
            version,
            source: SourceFile::from_text(name, format, text),
            findings: None,
            memo: crate::memo::BlockMemo::new(),
            published: None,
        }
    }

    /// Apply a `didChange`'s edits in order; each range is in `unit` and
    /// relative to the text as the edits before it left it.
    pub fn apply_changes(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>, unit: ColumnUnit) {
        for change in changes {
            let text = match change.range {
                None => change.text,
                Some(range) => {
                    let index = self.source.line_index();
                    let text = &self.source.text;
                    let start = index.offset(text, range.start.line as usize, range.start.character as usize, unit);
                    let end = index.offset(text, range.end.line as usize, range.end.character as usize, unit);
                    let (start, end) = (start.min(end), start.max(end));
                    let mut text = std::mem::take(&mut self.source.text);
                    text.replace_range(start..end, &change.text);
                    text
                }
            };
            self.source = SourceFile::from_text(std::mem::take(&mut self.source.path), self.source.format, text);
        }
        self.version = version;
        self.findings = None;
    }

    /// Whether the client has not yet seen diagnostics for this version.
    pub fn is_stale(&self) -> bool {
        self.findings.is_none() || self.published != Some(self.version)
    }
}

/// The format to lint a document as: from its language id, else its extension;
/// `None` for documents candor does not read.
pub fn format_of(language_id: &str, path: Option<&Path>, uri: &Uri) -> Option<Format> {
    match language_id {
        "markdown" | "mdx" => Some(Format::Markdown),
        "html" => Some(Format::Html),
        "plaintext" | "text" => Some(Format::Text),
        _ => {
            let name = path.map_or_else(|| PathBuf::from(uri.path().as_str()), Path::to_path_buf);
            Format::from_extension(&name)
        }
    }
}

/// The open documents, by URI (as text: `Uri` caches its parse in cells, so
/// it makes a poor map key).
#[derive(Debug, Default)]
pub struct Documents {
    open: HashMap<String, Document>,
}

impl Documents {
    pub fn open(&mut self, document: Document) {
        self.open.insert(document.uri.as_str().to_string(), document);
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.open.remove(uri.as_str())
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri.as_str())
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.open.get_mut(uri.as_str())
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Document> {
        self.open.values_mut()
    }

    /// Forget every document's findings (the configuration changed).
    pub fn invalidate(&mut self) {
        for document in self.open.values_mut() {
            document.findings = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn change(line: u32, from: u32, to_line: u32, to: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(line, from), Position::new(to_line, to))),
            range_length: None,
            text: text.into(),
        }
    }

    fn doc(text: &str) -> Document {
        Document::new("file:///tmp/a.md".parse().unwrap(), Format::Markdown, 1, text.into())
    }

    #[test]
    fn edits_apply_in_utf16_after_multibyte_text() {
        // "한글 😀 " is 6 UTF-16 units before "x": Hangul 1 each, the emoji 2.
        let mut d = doc("한글 😀 x\nnext\n");
        d.apply_changes(
            2,
            vec![change(0, 6, 0, 7, "y"), change(1, 0, 1, 4, "last")],
            ColumnUnit::Utf16,
        );
        assert_eq!(d.source.text, "한글 😀 y\nlast\n");
        assert_eq!(d.version, 2);
        assert!(d.findings.is_none());
    }

    #[test]
    fn edits_apply_in_utf8_bytes_and_across_lines() {
        let mut d = doc("é ü\nかな x\n");
        // "かな " is 7 bytes.
        d.apply_changes(2, vec![change(0, 2, 1, 7, "-")], ColumnUnit::Bytes);
        assert_eq!(d.source.text, "é-x\n");
        d.apply_changes(3, vec![change(1, 0, 1, 0, "tail")], ColumnUnit::Bytes);
        assert_eq!(d.source.text, "é-x\ntail");
    }

    #[test]
    fn later_edits_see_earlier_ones_and_full_text_replaces() {
        let mut d = doc("abc\n");
        d.apply_changes(
            2,
            vec![change(0, 0, 0, 0, "ab\n"), change(1, 3, 1, 3, "!")],
            ColumnUnit::Utf16,
        );
        assert_eq!(d.source.text, "ab\nabc!\n");
        d.apply_changes(
            3,
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "new".into(),
            }],
            ColumnUnit::Utf16,
        );
        assert_eq!(d.source.text, "new");
    }

    #[test]
    fn formats_by_language_then_extension() {
        let uri: Uri = "file:///x/page.htm".parse().unwrap();
        assert_eq!(format_of("markdown", None, &uri), Some(Format::Markdown));
        assert_eq!(format_of("plaintext", None, &uri), Some(Format::Text));
        assert_eq!(format_of("unknown", None, &uri), Some(Format::Html));
        assert_eq!(format_of("rust", None, &"file:///x/a.rs".parse().unwrap()), None);
    }
}
