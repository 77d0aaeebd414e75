//! Plain text → prose blocks: paragraphs split at blank lines, list lines and
//! short title-like lines as units of their own.

use super::{line_comments, BlockKind, Extracted, OffsetMapBuilder};
use crate::position::Span;

/// Extract blocks and comments from plain text.
pub fn extract(src: &str) -> Extracted {
    let mut out = Extracted::default();
    line_comments(src, 0, &mut out.comments);
    let mut builder: Option<(BlockKind, OffsetMapBuilder)> = None;
    let mut pending_break: Option<Span> = None;
    let mut offset = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &src[offset..];
    let mut lines = body.split_inclusive('\n').peekable();
    while let Some(raw) = lines.next() {
        let line_start = offset;
        offset += raw.len();
        let content = raw.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        let is_comment = trimmed.starts_with("<!--") && trimmed.ends_with("-->");
        if trimmed.is_empty() || is_comment {
            flush(&mut builder, &mut out);
            pending_break = None;
            continue;
        }
        let lead = content.len() - content.trim_start().len();
        let marker = list_marker(trimmed);
        let next_blank = lines.peek().is_none_or(|next| next.trim().is_empty());
        let starts_unit = marker > 0 || (builder.is_none() && next_blank && is_title_like(trimmed));
        if starts_unit || builder.as_ref().is_some_and(|(kind, _)| *kind == BlockKind::Heading) {
            flush(&mut builder, &mut out);
            pending_break = None;
        }
        let kind = if marker > 0 {
            BlockKind::ListItem
        } else if starts_unit {
            BlockKind::Heading
        } else {
            BlockKind::Paragraph
        };
        let (_, b) = builder.get_or_insert_with(|| (kind, OffsetMapBuilder::new()));
        if let Some(span) = pending_break.take() {
            b.push_replacement(" ", span);
        }
        let item = &trimmed[marker..];
        let item_text = item.trim_start();
        b.push_verbatim(item_text, line_start + lead + marker + (item.len() - item_text.len()));
        pending_break = Some(Span::new(line_start + content.trim_end().len(), offset));
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

/// A short line standing alone without closing punctuation reads as a title.
fn is_title_like(line: &str) -> bool {
    line.chars().count() <= 120 && !line.ends_with(['.', ',', ';', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;

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
