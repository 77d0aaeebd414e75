//! Markdown → prose blocks, with pulldown-cmark's source offsets.
//!
//! Events are assembled into blocks by a small state machine: block-level
//! starts and ends open and close blocks, inline text is appended with
//! [`OffsetMapBuilder::push_aligned`] against the original slice, and code
//! and front matter keys are left out. An HTML block (a `<div>`, a
//! `<details>`, an MDX component) is read as the HTML reader reads a page.
//! Image alt text becomes a block of its own so that it does not run into
//! the surrounding sentence.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{line_comments, BlockKind, Extracted, OffsetMapBuilder};
use crate::position::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Item,
    Quote,
}

struct Assembler<'a> {
    src: &'a str,
    out: Extracted,
    current: Option<(BlockKind, OffsetMapBuilder)>,
    alt: Vec<OffsetMapBuilder>,
    containers: Vec<Container>,
    in_cell: bool,
    skip: usize,
    /// Whether the skipped block is the front matter.
    in_front_matter: bool,
    /// The rank of the heading being read (see `Block::level`).
    heading_level: u8,
    /// Tables the HTML blocks so far have held: the next block's are
    /// numbered after them.
    html_tables: u32,
}

/// Extract blocks and comments from Markdown source.
pub fn extract(src: &str) -> Extracted {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &src[bom..];
    let mut asm = Assembler {
        src,
        out: Extracted::default(),
        current: None,
        alt: Vec::new(),
        containers: Vec::new(),
        in_cell: false,
        skip: 0,
        in_front_matter: false,
        heading_level: 0,
        html_tables: 0,
    };
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        asm.event(event, Span::new(range.start + bom, range.end + bom));
    }
    asm.flush();
    asm.out
}

impl Assembler<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) {
        match event {
            Event::Start(tag) => self.start(tag, span),
            Event::End(tag) => self.end(tag),
            _ if self.skip > 0 => {
                if let (Event::Text(text), true) = (event, self.in_front_matter) {
                    self.front_matter(&text, span);
                }
            }
            Event::Text(text) => {
                let slice = &self.src[span.range()];
                self.target().push_aligned(&text, slice, span.start);
            }
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                self.target().push_replacement(" ", span);
            }
            Event::SoftBreak | Event::HardBreak => self.target().push_replacement(" ", span),
            Event::InlineHtml(html) | Event::Html(html) => {
                line_comments(&html, span.start, &mut self.out.comments);
                if html.trim_start().to_ascii_lowercase().starts_with("<br") {
                    self.target().push_replacement(" ", span);
                }
            }
            Event::FootnoteReference(_) | Event::TaskListMarker(_) | Event::Rule => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, span: Span) {
        match tag {
            Tag::Heading { level, .. } => {
                self.open(BlockKind::Heading);
                self.heading_level = level as u8;
            }
            Tag::Paragraph => {
                let kind = self.paragraph_kind();
                self.open(kind);
            }
            Tag::Item => {
                self.flush();
                self.containers.push(Container::Item);
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.containers.push(Container::Quote);
            }
            Tag::TableCell => {
                self.in_cell = true;
                self.open(BlockKind::TableCell);
            }
            Tag::List(_) | Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::FootnoteDefinition(_) => self.flush(),
            Tag::CodeBlock(_) => {
                self.flush();
                self.skip += 1;
            }
            Tag::MetadataBlock(_) => {
                self.flush();
                self.skip += 1;
                self.in_front_matter = true;
            }
            Tag::HtmlBlock => {
                self.flush();
                self.html_block(span);
                self.skip += 1;
            }
            Tag::Image { .. } => self.alt.push(OffsetMapBuilder::new()),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock => {
                self.skip -= 1;
                self.in_front_matter = false;
            }
            TagEnd::Image => {
                if let Some(alt) = self.alt.pop() {
                    self.emit(BlockKind::AltText, alt);
                }
            }
            TagEnd::Heading(_) | TagEnd::Paragraph => self.flush(),
            TagEnd::TableCell => {
                self.flush();
                self.in_cell = false;
            }
            TagEnd::Item | TagEnd::BlockQuote(_) => {
                self.flush();
                self.containers.pop();
            }
            _ => {}
        }
    }

    fn paragraph_kind(&self) -> BlockKind {
        match self.containers.last() {
            Some(Container::Item) => BlockKind::ListItem,
            Some(Container::Quote) => BlockKind::BlockQuote,
            None => BlockKind::Paragraph,
        }
    }

    fn open(&mut self, kind: BlockKind) {
        self.flush();
        self.current = Some((kind, OffsetMapBuilder::new()));
    }

    fn target(&mut self) -> &mut OffsetMapBuilder {
        if !self.alt.is_empty() {
            return self.alt.last_mut().expect("not empty");
        }
        if self.current.is_none() {
            let kind = if self.in_cell {
                BlockKind::TableCell
            } else {
                self.paragraph_kind()
            };
            self.current = Some((kind, OffsetMapBuilder::new()));
        }
        &mut self.current.as_mut().expect("just opened").1
    }

    fn flush(&mut self) {
        if let Some((kind, builder)) = self.current.take() {
            self.emit(kind, builder);
        }
    }

    fn emit(&mut self, kind: BlockKind, builder: OffsetMapBuilder) {
        let level = self.heading_level;
        if let Some(block) = self
            .out
            .push_block(kind, builder)
            .filter(|b| b.kind == BlockKind::Heading)
        {
            block.level = level;
        }
    }

    /// An HTML block, read by the HTML reader: its blocks and comments,
    /// with offsets into the Markdown source and its tables numbered after
    /// those of the blocks before it. A `<div>` wrapper or a component
    /// (`<Testimonial author="…">` over a paragraph of text) holds copy the
    /// page shows.
    fn html_block(&mut self, span: Span) {
        let raw = &self.src[span.range()];
        // A block that opens with a comment, a declaration or a processing
        // instruction is no element of the page: only its comments count.
        if raw.trim_start().starts_with("<!") || raw.trim_start().starts_with("<?") {
            line_comments(raw, span.start, &mut self.out.comments);
            return;
        }
        let html = super::html::extract(raw);
        let mut tables = 0;
        for mut block in html.blocks {
            block.map = std::mem::take(&mut block.map).shifted(span.start);
            if let Some(cell) = &mut block.cell {
                cell.table += self.html_tables;
                tables = tables.max(cell.table + 1 - self.html_tables);
            }
            self.out.blocks.push(block);
        }
        self.html_tables += tables;
        self.out
            .comments
            .extend(html.comments.into_iter().map(|c| super::Comment {
                span: Span::new(c.span.start + span.start, c.span.end + span.start),
                body: c.body,
            }));
    }

    /// Front matter: the values a site publishes (`title`, `description`,
    /// `seo_description`, a `faq` list's questions and answers) are prose;
    /// keys and everything else are not.
    fn front_matter(&mut self, _text: &str, span: Span) {
        let raw = &self.src[span.range()];
        let mut offset = span.start;
        for line in raw.split_inclusive('\n') {
            if let Some((kind, value, at)) = front_matter_value(line) {
                let mut builder = OffsetMapBuilder::new();
                builder.push_verbatim(value, offset + at);
                self.emit(kind, builder);
            }
            offset += line.len();
        }
    }
}

/// `title: "…"`, `description: …` or `  - answer: "…"` (an item of a
/// list) → the value without quotes and its offset in `line`.
fn front_matter_value(line: &str) -> Option<(BlockKind, &str, usize)> {
    let (key, rest) = line.split_once(':')?;
    let name = key.trim();
    let name = name.strip_prefix("- ").unwrap_or(name).trim();
    let kind = match name {
        "title" => BlockKind::Title,
        "description" | "summary" | "excerpt" | "subtitle" | "tagline" | "lead" | "intro" | "headline" => {
            BlockKind::Description
        }
        _ if name.ends_with("_description") || name.ends_with("-description") => BlockKind::Description,
        "question" | "answer" | "q" | "a" => BlockKind::Paragraph,
        _ => return None,
    };
    let after_key = key.len() + 1;
    let value = rest.trim_end_matches(['\r', '\n']).trim_end();
    let lead = value.len() - value.trim_start().len();
    let mut value = value.trim_start();
    let mut at = after_key + lead;
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            value = &value[1..value.len() - 1];
            at += 1;
        }
    }
    (!value.is_empty()).then_some((kind, value, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(src: &str) -> Vec<(BlockKind, String, String)> {
        extract(src)
            .blocks
            .iter()
            .map(|b| {
                (
                    b.kind,
                    b.text.clone(),
                    src[b.map.span(0, b.text.len()).range()].to_string(),
                )
            })
            .collect()
    }

    /// An HTML block is read as a page: a `<div>` wrapper or a component
    /// over a paragraph of text, with offsets into the Markdown source; one
    /// that opens with a comment gives its comment only.
    #[test]
    fn html_blocks_are_read_as_the_page_shows_them() {
        let src = "# Page\n\n<div class=\"note\">\nRegrowth in 2 weeks.\n</div>\n\n<Testimonial author=\"Ken\">\nMy crown filled in.\n</Testimonial>\n\n<!-- a note -->\n";
        let got = blocks(src);
        assert_eq!(
            got,
            vec![
                (BlockKind::Heading, "Page".into(), "Page".into()),
                (
                    BlockKind::Paragraph,
                    "Regrowth in 2 weeks.".into(),
                    "Regrowth in 2 weeks.".into()
                ),
                (
                    BlockKind::Paragraph,
                    "My crown filled in.".into(),
                    "My crown filled in.".into()
                ),
            ]
        );
        assert_eq!(extract(src).comments.len(), 1);
    }

    /// What a site publishes from its front matter is read: descriptions
    /// for search results and a `faq` list's questions and answers.
    #[test]
    fn published_front_matter_values_are_prose() {
        let src = "---\ntitle: T\nseo_description: \"A non-surgical transplant.\"\nfaq:\n  - question: \"Does it hurt?\"\n    answer: \"Not at all.\"\nlayout: treatment\n---\n";
        let got: Vec<_> = blocks(src).into_iter().map(|(k, t, _)| (k, t)).collect();
        assert_eq!(
            got,
            vec![
                (BlockKind::Title, "T".into()),
                (BlockKind::Description, "A non-surgical transplant.".into()),
                (BlockKind::Paragraph, "Does it hurt?".into()),
                (BlockKind::Paragraph, "Not at all.".into()),
            ]
        );
        // A `description:` line in a code block is code.
        assert_eq!(blocks("# T\n\n```yaml\ndescription: Regrowth\n```\n").len(), 1);
    }

    #[test]
    fn kinds_and_spans() {
        let src = "---\ntitle: \"Fast hair\"\ntags: [x]\n---\n# Head *line*\n\nPara with `code` and [link](u).\r\nNext &amp; line.\n\n- item one\n- item ![alt text](i.png) two\n\n| a | b |\n|---|---|\n| cell | x |\n\n```\ncode block\n```\n<!-- candor-disable x -->\n> quoted\n";
        let got = blocks(src);
        let kinds: Vec<_> = got.iter().map(|b| b.0).collect();
        use BlockKind::*;
        assert_eq!(
            kinds,
            vec![
                Title, Heading, Paragraph, ListItem, AltText, ListItem, TableCell, TableCell, TableCell, TableCell,
                BlockQuote
            ]
        );
        assert_eq!(got[0].1, "Fast hair");
        assert_eq!(got[1].2, "Head *line");
        assert_eq!(got[2].1, "Para with   and link. Next & line.");
        assert_eq!(got[4].1, "alt text");
        let comments = extract(src).comments;
        assert_eq!(comments.len(), 1);
        assert_eq!(comments[0].body, " candor-disable x ");
    }
}
