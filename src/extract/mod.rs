//! Markup → prose [`Block`]s, each with an [`OffsetMap`] back to source bytes.
//!
//! Extraction decides what is prose (headings, paragraphs, list items, table
//! cells, alt text, titles) and what is not (code, scripts, markup). Block text
//! is what a reader sees; the offset map turns any range of it back into the
//! byte range of the file that produced it.

mod html;
mod markdown;
mod offset_map;
mod stamps;
mod text;

pub use offset_map::{OffsetMap, OffsetMapBuilder};

use serde::Serialize;

use crate::position::Span;
use crate::source::{Format, SourceFile};

/// What part of a document a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Title,
    Description,
    Heading,
    Paragraph,
    ListItem,
    TableCell,
    BlockQuote,
    AltText,
    LinkText,
    Label,
}

impl BlockKind {
    /// Headings, list items, cells and labels are sentence units of their own.
    pub fn is_unit(self) -> bool {
        !matches!(
            self,
            BlockKind::Paragraph | BlockKind::BlockQuote | BlockKind::Description
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Title => "title",
            BlockKind::Description => "description",
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::ListItem => "list-item",
            BlockKind::TableCell => "table-cell",
            BlockKind::BlockQuote => "block-quote",
            BlockKind::AltText => "alt-text",
            BlockKind::LinkText => "link-text",
            BlockKind::Label => "label",
        }
    }
}

/// A run of prose as a reader sees it.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    pub map: OffsetMap,
    /// Where a cell of an HTML table stands; Markdown's pipe tables are
    /// placed from their source lines instead (see `frame`).
    pub cell: Option<CellAt>,
    /// A section heading's rank, 1 (`<h1>`, `#`) to 6; 0 for every other
    /// block, and for headings that head no section (`<summary>`, `<dt>`,
    /// a plain-text heading line).
    pub level: u8,
}

/// A table cell's place: which table of the page, its row and column there,
/// from 0, and how many columns and rows it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellAt {
    pub table: u32,
    pub row: u32,
    pub column: u32,
    pub columns: u32,
    /// `u32::MAX`: to the end of the table.
    pub rows: u32,
}

impl Default for CellAt {
    fn default() -> Self {
        CellAt {
            table: 0,
            row: 0,
            column: 0,
            columns: 1,
            rows: 1,
        }
    }
}

impl Block {
    /// The source span of a range of this block's text.
    pub fn source_span(&self, start: usize, end: usize) -> Span {
        self.map.span(start, end)
    }
}

/// A comment in the source (suppression directives live in comments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The whole comment, `<!--` to `-->`.
    pub span: Span,
    /// The text between the delimiters.
    pub body: String,
}

/// Everything extraction yields for one file.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub blocks: Vec<Block>,
    pub comments: Vec<Comment>,
}

impl Extracted {
    /// Add a block built with `builder`, unless it holds only whitespace:
    /// the block added, for the caller to place (its cell, its rank).
    pub(crate) fn push_block(&mut self, kind: BlockKind, builder: OffsetMapBuilder) -> Option<&mut Block> {
        if builder.text().trim().is_empty() {
            return None;
        }
        let (text, map) = builder.finish();
        self.blocks.push(Block {
            kind,
            text,
            map,
            cell: None,
            level: 0,
        });
        self.blocks.last_mut()
    }
}

/// Extract prose blocks and comments from a source file.
pub fn extract(source: &SourceFile) -> Extracted {
    match source.format {
        Format::Markdown => markdown::extract(&source.text),
        Format::Text => text::extract(&source.text),
        Format::Html => html::extract(&source.text),
    }
}

#[cfg(test)]
mod proptests;

/// Collect `<!-- … -->` comments that start a line (plain text has no other comments).
pub(crate) fn line_comments(text: &str, base: usize, out: &mut Vec<Comment>) {
    let mut from = 0;
    while let Some(found) = text[from..].find("<!--") {
        let start = from + found;
        let Some(close) = text[start + 4..].find("-->") else {
            break;
        };
        let end = start + 4 + close + 3;
        out.push(Comment {
            span: Span::new(base + start, base + end),
            body: text[start + 4..end - 3].to_string(),
        });
        from = end;
    }
}
