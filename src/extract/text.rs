//! Plain text → prose blocks: paragraphs split at blank lines and page
//! breaks, list lines, caption lines and short title-like lines as units of
//! their own; a word hyphenated across a line break (as `pdftotext` leaves
//! it) is read whole.

use super::stamps::{chat_marker, cue_marker, is_timestamp};
use super::{line_comments, BlockKind, Extracted, OffsetMapBuilder};
use crate::position::Span;

/// Extract blocks and comments from plain text.
pub fn extract(src: &str) -> Extracted {
    let mut out = Extracted::default();
    line_comments(src, 0, &mut out.comments);
    let mut builder: Option<(BlockKind, OffsetMapBuilder)> = None;
    // The line break to read between this line and the next: a space, or
    // nothing after a hyphenated word's first part.
    let mut pending_break: Option<(Span, &str)> = None;
    // Whether the file is a chat export (a line has opened with its stamp).
    let mut in_chat = false;
    let mut offset = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &src[offset..];
    let mut lines = body.split_inclusive('\n').peekable();
    while let Some(raw) = lines.next() {
        let line_start = offset;
        offset += raw.len();
        let content = raw.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        let is_comment = trimmed.starts_with("<!--") && trimmed.ends_with("-->");
        // A form feed opens a PDF's next page: its running header is no
        // part of the last page's paragraph.
        if content.starts_with('\u{c}') {
            flush(&mut builder, &mut out);
            pending_break = None;
        }
        if trimmed.is_empty() || is_comment || is_timestamp(trimmed) {
            flush(&mut builder, &mut out);
            pending_break = None;
            continue;
        }
        let lead = content.len() - content.trim_start().len();
        let chat = chat_marker(trimmed);
        in_chat |= chat > 0;
        let cue = if chat > 0 { chat } else { cue_marker(trimmed) };
        let marker = if cue > 0 { cue } else { list_marker(trimmed) };
        let next_blank = lines.peek().is_none_or(|next| next.trim().is_empty());
        // In a chat export each line of a message is a message of its own:
        // "no surgery, no scar 😉" on one line does not negate "It makes new
        // hair follicles" on the next.
        let starts_unit = marker > 0 || in_chat || (builder.is_none() && next_blank && is_title_like(trimmed));
        if starts_unit || builder.as_ref().is_some_and(|(kind, _)| *kind == BlockKind::Heading) {
            flush(&mut builder, &mut out);
            pending_break = None;
        }
        let kind = if cue > 0 || in_chat {
            BlockKind::Paragraph
        } else if marker > 0 {
            BlockKind::ListItem
        } else if starts_unit {
            BlockKind::Heading
        } else {
            BlockKind::Paragraph
        };
        let (_, b) = builder.get_or_insert_with(|| (kind, OffsetMapBuilder::new()));
        if let Some((span, joiner)) = pending_break.take() {
            b.push_replacement(joiner, span);
        }
        let item = &trimmed[marker..];
        let item_text = item.trim_start();
        let item_start = line_start + lead + marker + (item.len() - item_text.len());
        let line_end = line_start + content.trim_end().len();
        let continues = lines.peek().map(|next| next.trim_start());
        if is_hyphenated(item_text, continues) {
            b.push_verbatim(&item_text[..item_text.len() - 1], item_start);
            pending_break = Some((Span::new(line_end - 1, offset), ""));
        } else {
            b.push_verbatim(item_text, item_start);
            pending_break = Some((Span::new(line_end, offset), " "));
        }
    }
    flush(&mut builder, &mut out);
    out
}

fn flush(builder: &mut Option<(BlockKind, OffsetMapBuilder)>, out: &mut Extracted) {
    if let Some((kind, b)) = builder.take() {
        out.push_block(kind, b);
    }
}

/// Byte length of a list marker (`- `, `* `, `• `, `1. `, `2) `) at the start of `line`.
fn list_marker(line: &str) -> usize {
    for bullet in ["- ", "* ", "• ", "+ ", "– "] {
        if line.starts_with(bullet) {
            return bullet.len();
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return digits + 2;
        }
    }
    0
}

/// Whether `line` ends in the first part of a word hyphenated across the
/// line break: a lowercase letter and `-`, with the next line (`next`)
/// going on in lowercase ("every-" over "one is a candidate"). A compound
/// broken at its own hyphen ("well-" over "known") is read joined too; no
/// claim pattern needs its hyphen.
fn is_hyphenated(line: &str, next: Option<&str>) -> bool {
    let Some(first_part) = line.strip_suffix('-') else {
        return false;
    };
    first_part.ends_with(|c: char| c.is_ascii_lowercase())
        && next.is_some_and(|n| n.starts_with(|c: char| c.is_ascii_lowercase()) && list_marker(n) == 0)
}

/// A short line standing alone without closing punctuation reads as a title.
fn is_title_like(line: &str) -> bool {
    line.chars().count() <= 120 && !line.ends_with(['.', ',', ';', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each caption of a transcript is a block of its own, read without
    /// its timestamp; a time of day in prose is not a caption.
    #[test]
    fn caption_lines_are_blocks_of_their_own() {
        let src = "Title\n\n[00:04] um I finally did it\n[00:09] don't judge me\n(1:02:45) no side effects at all\n0:41\nhi\n10:30 or 11:00 works.\n";
        let out = extract(src);
        let got: Vec<_> = out.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (BlockKind::Heading, "Title"),
                (BlockKind::Paragraph, "um I finally did it"),
                (BlockKind::Paragraph, "don't judge me"),
                (BlockKind::Paragraph, "no side effects at all"),
                (BlockKind::Paragraph, "hi 10:30 or 11:00 works."),
            ]
        );
        let cue = &out.blocks[3];
        assert_eq!(&src[cue.map.span(0, cue.text.len()).range()], "no side effects at all");
    }

    /// Text as `pdftotext` leaves it: a page break between pages, words
    /// hyphenated at line ends; every offset still points at the source.
    #[test]
    fn page_breaks_split_and_hyphenated_words_are_joined() {
        let src =
            "Men and women, every-\none is a candidate. A dash -\nstays.\n\u{c}Seoul Clinic | 2\nNext page- Text\n";
        let out = extract(src);
        let got: Vec<_> = out.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            got,
            vec![
                "Men and women, everyone is a candidate. A dash - stays.",
                "Seoul Clinic | 2 Next page- Text",
            ]
        );
        let block = &out.blocks[0];
        let at = block.text.find("everyone").unwrap();
        let span = block.map.span(at, at + "everyone".len());
        assert_eq!(&src[span.range()], "every-\none");
        let one = block.text.find("one is").unwrap();
        assert_eq!(&src[block.map.span(one, one + 3).range()], "one");
    }

    /// A chat export's messages, and each line of a message, are blocks of
    /// their own, read without stamp and sender.
    #[test]
    fn chat_messages_are_blocks_of_their_own() {
        let src = "12/03/2026, 14:26 - Seoul Glow Clinic: Thank you 🙏\nno surgery, no scar\nIt makes new hair follicles\n12/03/2026, 14:27 - Daniel R: ok?\n";
        let out = extract(src);
        let got: Vec<_> = out.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (BlockKind::Paragraph, "Thank you 🙏"),
                (BlockKind::Paragraph, "no surgery, no scar"),
                (BlockKind::Paragraph, "It makes new hair follicles"),
                (BlockKind::Paragraph, "ok?"),
            ]
        );
        let last = &out.blocks[3];
        assert_eq!(&src[last.map.span(0, 3).range()], "ok?");
    }

    #[test]
    fn paragraphs_titles_and_lists() {
        let src = "Title line\n\nFirst line\r\nwraps here.\n\n- one\n- two\n";
        let out = extract(src);
        let got: Vec<_> = out.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (BlockKind::Heading, "Title line"),
                (BlockKind::Paragraph, "First line wraps here."),
                (BlockKind::ListItem, "one"),
                (BlockKind::ListItem, "two"),
            ]
        );
        let para = &out.blocks[1];
        assert_eq!(
            &src[para.map.span(0, para.text.len()).range()],
            "First line\r\nwraps here."
        );
    }
}
