//! HTML → prose blocks, with html5gum's source offsets.
//!
//! Tokenizing is done by [html5gum], a WHATWG-conformant tokenizer (it passes
//! the html5lib tokenizer tests) with byte spans for text, tags and attribute
//! values. It was chosen over html5ever, whose tokenizer reports line numbers
//! but no byte offsets, so a decoded word cannot be mapped back to its bytes;
//! and over lol_html, a streaming rewriter that hands out raw, undecoded text
//! chunks, brings a CSS selector engine we do not need, and implements only
//! the tokenizer states a rewriter needs. html5gum has no dependencies and no
//! `unsafe`. Its emitter interface lets [`recorder`] see every piece of decoded
//! text with the tokenizer's exact position, so `&mdash;` maps to the seven
//! bytes it came from and every other character to its own bytes.
//!
//! A tokenizer leaves two jobs of the tree builder undone, and this module does
//! the part of them that text needs: it switches the tokenizer into raw-text,
//! RCDATA and script states after `<script>`, `<style>`, `<title>`…, and keeps
//! a small stack of open containers (lists, tables, headings, quotes, links)
//! with the parser's implied end tags, so that a stray `</p>` or an unclosed
//! `<li>` does what a browser does to the text. Block-level elements and `<br>`
//! end a block; inline elements do not. Whitespace collapses as in CSS
//! `white-space: normal`; `&nbsp;` becomes a space that does not collapse.
//!
//! Linted: `<title>`, meta description (and Open Graph / Twitter
//! descriptions), headings, paragraphs, list items, table cells, block quotes,
//! `alt` text, `aria-label`, link and button text (a block of their own when
//! they stand alone). Skipped: script, style, noscript, template, textarea,
//! SVG and MathML, code. Content hidden with `hidden` or `display: none` is
//! read: accordion panels and tabs are hidden that way until a reader opens
//! them, and what they say is the page's copy. Comments are kept only when
//! they are candor's own, so that suppression directives work.

mod elements;
mod recorder;
mod sink;

use std::convert::Infallible;

use html5gum::emitters::callback::{Callback, CallbackEvent};
use html5gum::{State, Tokenizer};

use self::elements::Skip;
use self::recorder::{Hooks, Pieces, Recorder, Run};
use self::sink::Sink;
use super::{BlockKind, CellAt, Comment, Extracted, OffsetMapBuilder};
use crate::position::Span;

/// Extract blocks and candor comments from HTML source.
pub fn extract(src: &str) -> Extracted {
    let base = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let mut asm = Assembler::new(&src[base..], base);
    let tokenizer = Tokenizer::new_with_emitter(&src[base..], Recorder::new(Hook(&mut asm)));
    if let Err(never) = tokenizer.finish() {
        match never {}
    }
    asm.finish()
}

/// An element on the open-element stack.
#[derive(Debug)]
struct Open {
    name: Vec<u8>,
    id: u32,
    /// A row's table and row, a cell's place (see [`CellAt`]).
    cell: Option<CellAt>,
    /// Rows opened in a table; in a row, the column its next cell starts at.
    children: u32,
    /// In a table: the columns that cells of earlier rows span down into.
    spanned: Vec<Spanned>,
}

/// Columns `start..end` are taken by a cell above, down to row `last`.
#[derive(Debug, Clone, Copy)]
struct Spanned {
    start: u32,
    end: u32,
    last: u32,
}

/// Content being skipped, and how its end is found.
#[derive(Debug)]
struct Skipping {
    name: Vec<u8>,
    rule: Skip,
    depth: usize,
    start: usize,
}

/// Which inline element holds all of a block's text so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Unset,
    One(u32, BlockKind),
    Mixed,
}

/// Attributes that carry prose or decide whether another one does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attr {
    Alt,
    AriaLabel,
    Colspan,
    Content,
    Name,
    Property,
    Rowspan,
    Type,
    Value,
}

impl Attr {
    const ALL: usize = 9;

    /// Whether the attribute's value is prose a block is made of (the
    /// others decide what a tag means).
    fn is_prose(self) -> bool {
        matches!(self, Attr::Alt | Attr::AriaLabel | Attr::Content | Attr::Value)
    }

    fn of(name: &[u8]) -> Option<Attr> {
        Some(match name {
            b"alt" => Attr::Alt,
            b"aria-label" => Attr::AriaLabel,
            b"colspan" => Attr::Colspan,
            b"content" => Attr::Content,
            b"rowspan" => Attr::Rowspan,
            b"name" => Attr::Name,
            b"property" => Attr::Property,
            b"type" => Attr::Type,
            b"value" => Attr::Value,
            _ => return None,
        })
    }
}

/// The start tag being read.
#[derive(Debug, Default)]
struct Tag {
    name: Vec<u8>,
    start: usize,
    /// Where the start tag ends (past its `>`).
    end: usize,
    current: Option<Attr>,
    /// Value text and runs of each attribute of interest (the first of duplicates).
    attrs: [Option<(String, Vec<Run>)>; Attr::ALL],
}

impl Tag {
    fn attr(&self, attr: Attr) -> Option<&(String, Vec<Run>)> {
        self.attrs[attr as usize].as_ref()
    }

    fn attr_is(&self, attr: Attr, values: &[&str]) -> bool {
        self.attr(attr)
            .is_some_and(|(v, _)| values.iter().any(|w| v.trim().eq_ignore_ascii_case(w)))
    }
}

/// Tokens → blocks.
struct Assembler<'a> {
    body: &'a str,
    base: usize,
    out: Extracted,
    stack: Vec<Open>,
    skip: Option<Skipping>,
    block: Sink,
    kind: Option<BlockKind>,
    owner: Owner,
    tag: Tag,
    text_pieces: Pieces,
    attr_pieces: Pieces,
    next_state: Option<State>,
    runs: Vec<Run>,
    next_id: u32,
}

impl<'a> Assembler<'a> {
    fn new(body: &'a str, base: usize) -> Self {
        Assembler {
            body,
            base,
            out: Extracted::default(),
            stack: Vec::new(),
            skip: None,
            block: Sink::default(),
            kind: None,
            owner: Owner::Unset,
            tag: Tag::default(),
            text_pieces: Pieces::default(),
            attr_pieces: Pieces::default(),
            next_state: None,
            runs: Vec::new(),
            next_id: 0,
        }
    }

    /// Blocks in document order: alt text and labels are emitted when their tag
    /// closes, before the paragraph around them ends.
    fn finish(mut self) -> Extracted {
        self.flush();
        self.out.blocks.sort_by_key(|b| b.map.to_source(0));
        self.out
    }

    fn event(&mut self, event: CallbackEvent<'_>, span: html5gum::Span<usize>) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag = Tag {
                    name: name.to_vec(),
                    start: span.start,
                    ..Tag::default()
                };
            }
            CallbackEvent::AttributeName { name } => {
                self.attr_pieces.clear();
                self.tag.current = Attr::of(name).filter(|a| self.tag.attrs[*a as usize].is_none());
            }
            CallbackEvent::AttributeValue { value } => match self.tag.current.take() {
                // Kept while skipping too: the tag may break out of foreign content.
                Some(attr) => {
                    let value = String::from_utf8_lossy(value).into_owned();
                    let mut runs = Vec::new();
                    // Only prose is mapped back to the source.
                    if attr.is_prose() {
                        self.attr_pieces.take_runs(&value, span.start, self.body, &mut runs);
                    } else {
                        self.attr_pieces.clear();
                    }
                    self.tag.attrs[attr as usize] = Some((value, runs));
                }
                _ => self.attr_pieces.clear(),
            },
            CallbackEvent::CloseStartTag { self_closing } => {
                self.tag.end = span.end;
                self.start_tag(self_closing);
            }
            CallbackEvent::EndTag { name } => {
                self.tag.current = None;
                self.end_tag(name, span.end);
            }
            CallbackEvent::String { value } => self.text(value, span.start),
            CallbackEvent::Comment { value } => self.comment(value, span),
            CallbackEvent::Doctype { .. } | CallbackEvent::Error(_) => {}
        }
    }

    fn start_tag(&mut self, self_closing: bool) {
        let tag = std::mem::take(&mut self.tag);
        let name = tag.name.as_slice();
        if let Some(skipping) = &mut self.skip {
            let breaks_out = match skipping.rule {
                Skip::Foreign => elements::breaks_out_of_foreign(name),
                Skip::Inline => elements::is_block(name),
                Skip::Raw | Skip::Subtree => false,
            };
            if !breaks_out {
                if name == skipping.name && !(skipping.rule == Skip::Foreign && self_closing) {
                    skipping.depth += 1;
                }
                if skipping.rule != Skip::Foreign {
                    self.next_state = elements::tokenizer_state(name);
                }
                return;
            }
            self.skip = None;
        }
        self.attribute_blocks(&tag);
        // A line break in a heading breaks the line, not the sentence: hero
        // banners set "Wake up to fuller hair<br>within ten days" so.
        if name == b"br" && self.container_kind() == BlockKind::Heading {
            self.block
                .space(Span::new(self.base + tag.start, self.base + tag.end), false);
        } else if elements::is_block(name) {
            self.flush();
        }
        if let Some(rule) = elements::skip(name) {
            if rule != Skip::Foreign {
                self.next_state = elements::tokenizer_state(name);
            }
            if !(rule == Skip::Foreign && self_closing) {
                self.skip = Some(Skipping {
                    name: tag.name,
                    rule,
                    depth: 1,
                    start: tag.start,
                });
            }
            return;
        }
        self.next_state = elements::tokenizer_state(name);
        self.close_implied(name);
        if elements::is_tracked(name) && !elements::is_void(name) {
            self.next_id += 1;
            let cell = self.place(&tag);
            self.stack.push(Open {
                name: tag.name,
                id: self.next_id,
                cell,
                children: 0,
                spanned: Vec::new(),
            });
        }
    }

    fn end_tag(&mut self, name: &[u8], end: usize) {
        if let Some(skipping) = &mut self.skip {
            let breaks_out = match skipping.rule {
                Skip::Foreign => matches!(name, b"p" | b"br"),
                Skip::Inline => elements::is_block(name),
                Skip::Raw | Skip::Subtree => false,
            };
            if !breaks_out {
                if name == skipping.name {
                    skipping.depth -= 1;
                    if skipping.depth == 0 {
                        let (start, rule) = (skipping.start, skipping.rule);
                        self.skip = None;
                        // Code and inline SVG are shown, and separate the words around
                        // them; scripts and templates are not shown at all.
                        if matches!(rule, Skip::Inline | Skip::Foreign) {
                            self.block.space(Span::new(self.base + start, self.base + end), false);
                        }
                    }
                }
                return;
            }
            self.skip = None;
        }
        if elements::is_block(name) {
            self.flush();
        }
        // Any heading end tag closes the open heading, whatever its level.
        let closes = |open: &Open| {
            if is_heading(name) {
                is_heading(&open.name)
            } else {
                open.name == name
            }
        };
        if let Some(at) = self.stack.iter().rposition(closes) {
            self.stack.truncate(at);
        }
    }

    /// Close what a start tag implicitly ends: an open `li` at a new `li`, a
    /// cell at a new cell, a heading at a new heading, a link at a new link.
    fn close_implied(&mut self, name: &[u8]) {
        let Some((closes, stops)) = elements::implied_close(name) else {
            return;
        };
        let heading = closes.contains(&b"h1".as_slice());
        for at in (0..self.stack.len()).rev() {
            let open = self.stack[at].name.as_slice();
            if closes.contains(&open) {
                self.stack.truncate(at);
                return;
            }
            // A heading closes another only when it is the current node.
            if heading || stops.contains(&open) {
                return;
            }
        }
    }

    fn text(&mut self, value: &[u8], start: usize) {
        if self.skip.is_some() {
            self.text_pieces.clear();
            return;
        }
        let value = String::from_utf8_lossy(value);
        let mut runs = std::mem::take(&mut self.runs);
        self.text_pieces.take_runs(&value, start, self.body, &mut runs);
        if self.kind.is_none() {
            self.kind = Some(self.container_kind());
        }
        let owner = self.standalone();
        for run in &runs {
            if self.block.push(&value[run.text.clone()], run, self.base) {
                self.owner = match (self.owner, owner) {
                    (Owner::Unset, Some((id, kind))) => Owner::One(id, kind),
                    (Owner::One(a, _), Some((b, _))) if a == b => self.owner,
                    _ => Owner::Mixed,
                };
            }
        }
        self.runs = runs;
    }

    fn comment(&mut self, value: &[u8], span: html5gum::Span<usize>) {
        let body = String::from_utf8_lossy(value);
        if body.trim_start().starts_with("candor-") {
            self.out.comments.push(Comment {
                span: Span::new(self.base + span.start, self.base + span.end),
                body: body.into_owned(),
            });
        }
    }

    /// Where a row or cell opening now stands in its table: rows counted
    /// within the innermost open table, cells placed in the innermost open
    /// row as HTML's table model places them, past the columns that cells
    /// above span down into, each taking its `colspan`.
    fn place(&mut self, tag: &Tag) -> Option<CellAt> {
        match tag.name.as_slice() {
            b"tr" => {
                let table = self.stack.iter_mut().rev().find(|open| open.name == b"table")?;
                table.children += 1;
                Some(CellAt {
                    table: table.id,
                    row: table.children - 1,
                    ..CellAt::default()
                })
            }
            b"td" | b"th" => {
                let at = self.stack.iter().rposition(|open| open.name == b"tr")?;
                let row = self.stack[at].cell?;
                let (columns, rows) = spans(tag);
                let mut column = self.stack[at].children;
                if let Some(table) = self.stack.iter_mut().rev().find(|open| open.id == row.table) {
                    table.spanned.retain(|taken| taken.last >= row.row);
                    while let Some(taken) = table
                        .spanned
                        .iter()
                        .find(|taken| (taken.start..taken.end).contains(&column))
                    {
                        column = taken.end;
                    }
                    if rows > 1 {
                        table.spanned.push(Spanned {
                            start: column,
                            end: column.saturating_add(columns),
                            last: row.row.saturating_add(rows - 1),
                        });
                    }
                }
                self.stack[at].children = column.saturating_add(columns);
                Some(CellAt {
                    column,
                    columns,
                    rows,
                    ..row
                })
            }
            _ => None,
        }
    }

    /// The kind the innermost container gives new text.
    fn container_kind(&self) -> BlockKind {
        self.stack
            .iter()
            .rev()
            .find_map(|open| elements::container_kind(&open.name))
            .unwrap_or(BlockKind::Paragraph)
    }

    /// The innermost link or button inside the current container, if any.
    fn standalone(&self) -> Option<(u32, BlockKind)> {
        for open in self.stack.iter().rev() {
            if let Some(kind) = elements::standalone_kind(&open.name) {
                return Some((open.id, kind));
            }
            if elements::container_kind(&open.name).is_some() {
                return None;
            }
        }
        None
    }

    /// `alt`, `aria-label`, meta descriptions and input button labels: blocks of their own.
    fn attribute_blocks(&mut self, tag: &Tag) {
        let name = tag.name.as_slice();
        if matches!(name, b"img" | b"area" | b"input") && !tag.attr_is(Attr::Type, &["hidden"]) {
            self.attribute_block(BlockKind::AltText, tag.attr(Attr::Alt));
        }
        self.attribute_block(BlockKind::Label, tag.attr(Attr::AriaLabel));
        if name == b"input" && tag.attr_is(Attr::Type, &["submit", "button", "reset"]) {
            self.attribute_block(BlockKind::Label, tag.attr(Attr::Value));
        }
        if name == b"meta" {
            const KEYS: &[&str] = &["description", "og:title", "og:description", "twitter:description"];
            if tag.attr_is(Attr::Name, KEYS) || tag.attr_is(Attr::Property, KEYS) {
                self.attribute_block(BlockKind::Description, tag.attr(Attr::Content));
            }
        }
    }

    fn attribute_block(&mut self, kind: BlockKind, value: Option<&(String, Vec<Run>)>) {
        let Some((text, runs)) = value else {
            return;
        };
        let mut sink = Sink::default();
        for run in runs {
            sink.push(&text[run.text.clone()], run, self.base);
        }
        self.emit(kind, sink.take());
    }

    fn flush(&mut self) {
        let base = self.kind.take().unwrap_or(BlockKind::Paragraph);
        let kind = match std::mem::replace(&mut self.owner, Owner::Unset) {
            Owner::One(_, kind) if !matches!(base, BlockKind::Heading | BlockKind::Title) => kind,
            _ => base,
        };
        let builder = self.block.take();
        self.emit(kind, builder);
    }

    fn emit(&mut self, kind: BlockKind, builder: OffsetMapBuilder) {
        let open = || self.stack.iter().rev();
        let level = match kind {
            BlockKind::Heading => open().find_map(|open| match open.name.as_slice() {
                [b'h', digit @ b'1'..=b'6'] => Some(digit - b'0'),
                _ => None,
            }),
            _ => None,
        };
        let cell = match kind {
            BlockKind::TableCell => open().find_map(|open| open.cell.filter(|_| open.name != b"tr")),
            _ => None,
        };
        // A cell or heading with no text adds no block, and places none.
        if let Some(block) = self.out.push_block(kind, builder) {
            block.level = level.unwrap_or(0);
            block.cell = cell;
        }
    }
}

/// A cell's `colspan` and `rowspan`, read as browsers read them: a value
/// that is not a number counts as 1, `colspan` is at most 1,000, and a
/// `rowspan` of 0 reaches the end of the table (HTML: of its row group).
fn spans(tag: &Tag) -> (u32, u32) {
    let number = |attr| -> Option<u32> {
        let (value, _) = tag.attr(attr)?;
        let value = value.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let value = value.strip_prefix('+').unwrap_or(value);
        let digits = value.bytes().take_while(u8::is_ascii_digit).count();
        // More digits than fit overflow to the limit, as they would clamp.
        Some(
            value[..digits]
                .parse::<u32>()
                .unwrap_or(if digits > 0 { u32::MAX } else { 1 }),
        )
    };
    let columns = number(Attr::Colspan).unwrap_or(1).clamp(1, 1000);
    let rows = match number(Attr::Rowspan).unwrap_or(1) {
        0 => u32::MAX,
        rows => rows.min(65_534),
    };
    (columns, rows)
}

fn is_heading(name: &[u8]) -> bool {
    matches!(name, b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6")
}

/// The assembler as html5gum's callback (borrowed, so it outlives the tokenizer).
struct Hook<'b, 'a>(&'b mut Assembler<'a>);

impl Callback<Infallible, usize> for Hook<'_, '_> {
    fn handle_event(&mut self, event: CallbackEvent<'_>, span: html5gum::Span<usize>) -> Option<Infallible> {
        self.0.event(event, span);
        None
    }
}

impl Hooks for Hook<'_, '_> {
    fn text_pieces(&mut self) -> &mut Pieces {
        &mut self.0.text_pieces
    }

    fn attr_pieces(&mut self) -> &mut Pieces {
        &mut self.0.attr_pieces
    }

    fn next_state(&mut self) -> Option<State> {
        self.0.next_state.take()
    }

    fn in_foreign(&mut self) -> bool {
        self.0.skip.as_ref().is_some_and(|s| s.rule == Skip::Foreign)
    }
}

#[cfg(test)]
mod tests;
