//! The map from a block's text offsets back to source byte offsets.
//!
//! A block's text is built from pieces: verbatim slices of the source (most of
//! it), and replacements (an entity decoded to one character, a line break
//! folded to a space). Each piece is one segment; a verbatim segment maps byte
//! for byte, a replacement maps as a whole to the source range it replaced.

use crate::position::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    text_start: usize,
    src_start: usize,
    src_end: usize,
    verbatim: bool,
}

/// Text offsets → source offsets for one block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    segments: Vec<Segment>,
    text_len: usize,
}

impl OffsetMap {
    /// The same map for text cut from `by` bytes into the source (an HTML
    /// block of a Markdown file, extracted on its own).
    pub fn shifted(mut self, by: usize) -> Self {
        for segment in &mut self.segments {
            segment.src_start += by;
            segment.src_end += by;
        }
        self
    }

    /// Source span of text range `start..end`. A range that starts or ends
    /// inside a replacement widens to the whole replaced source.
    pub fn span(&self, start: usize, end: usize) -> Span {
        if self.segments.is_empty() {
            return Span::new(0, 0);
        }
        let src_start = self.map_start(start);
        let src_end = if end <= start { src_start } else { self.map_end(end) };
        Span::new(src_start, src_end.max(src_start))
    }

    /// Source offset of a text offset (as the start of a range).
    pub fn to_source(&self, offset: usize) -> usize {
        self.map_start(offset)
    }

    fn segment_at(&self, offset: usize) -> usize {
        match self.segments.binary_search_by_key(&offset, |s| s.text_start) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    fn text_end(&self, index: usize) -> usize {
        self.segments.get(index + 1).map_or(self.text_len, |s| s.text_start)
    }

    fn map_start(&self, offset: usize) -> usize {
        if offset >= self.text_len {
            return self.segments.last().map_or(0, |s| s.src_end);
        }
        let seg = self.segments[self.segment_at(offset)];
        if seg.verbatim {
            seg.src_start + (offset - seg.text_start)
        } else {
            seg.src_start
        }
    }

    fn map_end(&self, offset: usize) -> usize {
        let index = self.segment_at(offset - 1);
        let seg = self.segments[index];
        if seg.verbatim {
            seg.src_start + (offset - seg.text_start)
        } else {
            seg.src_end
        }
    }

    /// Text ranges that are verbatim copies of the source, with their source start.
    pub fn verbatim_runs(&self) -> impl Iterator<Item = (std::ops::Range<usize>, usize)> + '_ {
        self.segments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.verbatim)
            .map(|(i, s)| (s.text_start..self.text_end(i), s.src_start))
    }
}

/// Builds a block's text and its offset map together.
#[derive(Debug, Default)]
pub struct OffsetMapBuilder {
    text: String,
    map: OffsetMap,
}

impl OffsetMapBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Append `text`, which is the source's bytes at `src_start..` verbatim.
    pub fn push_verbatim(&mut self, text: &str, src_start: usize) {
        if text.is_empty() {
            return;
        }
        let text_start = self.text.len();
        let src_end = src_start + text.len();
        match self.map.segments.last_mut() {
            Some(last) if last.verbatim && last.src_end == src_start && self.map.text_len == text_start => {
                last.src_end = src_end;
            }
            _ => self.map.segments.push(Segment {
                text_start,
                src_start,
                src_end,
                verbatim: true,
            }),
        }
        self.text.push_str(text);
        self.map.text_len = self.text.len();
    }

    /// Append `text` standing for the source range `src` (an entity, a line break).
    pub fn push_replacement(&mut self, text: &str, src: Span) {
        if text.is_empty() {
            return;
        }
        self.map.segments.push(Segment {
            text_start: self.text.len(),
            src_start: src.start,
            src_end: src.end,
            verbatim: false,
        });
        self.text.push_str(text);
        self.map.text_len = self.text.len();
    }

    /// Append decoded `text` for source `src_text` at `src_start`, aligning the two
    /// so that characters present verbatim keep exact offsets (backslash escapes
    /// and entities become replacements).
    pub fn push_aligned(&mut self, text: &str, src_text: &str, src_start: usize) {
        if text == src_text {
            return self.push_verbatim(text, src_start);
        }
        let (tb, sb) = (text.as_bytes(), src_text.as_bytes());
        let (mut i, mut j) = (0, 0);
        while i < tb.len() {
            let run = tb[i..]
                .iter()
                .zip(&sb[j.min(sb.len())..])
                .enumerate()
                .take_while(|(k, (a, b))| a == b && !starts_construct(&sb[j + k..]))
                .count();
            let run = floor_boundary(text, i + run) - i;
            if run > 0 {
                self.push_verbatim(&text[i..i + run], src_start + j);
                i += run;
                j += run;
                continue;
            }
            // A mismatch: consume one source construct and the text it produced.
            let (src_len, text_len) = replacement_at(&text[i..], &src_text[j.min(src_text.len())..]);
            if src_len == 0 {
                // Cannot align: the rest maps to the rest of the source as a whole.
                let rest_src = Span::new(src_start + j.min(sb.len()), src_start + sb.len());
                return self.push_replacement(&text[i..], rest_src);
            }
            self.push_replacement(
                &text[i..i + text_len],
                Span::new(src_start + j, src_start + j + src_len),
            );
            i += text_len;
            j += src_len;
        }
    }

    pub fn finish(self) -> (String, OffsetMap) {
        (self.text, self.map)
    }
}

/// The source length and text length of the construct where `text` and `src` diverge.
fn replacement_at(text: &str, src: &str) -> (usize, usize) {
    let first_text = text.chars().next().map_or(0, char::len_utf8);
    if src.starts_with('\\') && src.len() > 1 && src[1..].starts_with(&text[..first_text]) {
        return (1 + first_text, first_text);
    }
    if src.starts_with('&') {
        if let Some(semi) = src[..src.len().min(40)].find(';') {
            // An entity decodes to one or two characters; take the second only if
            // the source after the entity does not continue with it.
            let after = &src[semi + 1..];
            let mut chars = text.char_indices();
            chars.next();
            let one = chars.next().map_or(text.len(), |(k, _)| k);
            let two = text[one..].chars().next().map_or(one, |c| one + c.len_utf8());
            let text_len = if one < text.len() && !after.starts_with(&text[one..two]) {
                two
            } else {
                one
            };
            return (semi + 1, text_len);
        }
    }
    if src.starts_with("\r\n") && text.starts_with('\n') {
        return (2, 1);
    }
    (0, 0)
}

/// Whether source bytes start an entity (`&amp;`, `&#39;`) or a backslash escape,
/// which decode to other text and must not be matched as verbatim.
fn starts_construct(src: &[u8]) -> bool {
    match src.first() {
        Some(b'&') => {
            let name = src[1..]
                .iter()
                .take(32)
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
                .count();
            name > 0 && src.get(1 + name) == Some(&b';')
        }
        Some(b'\\') => src.get(1).is_some_and(|b| b.is_ascii_punctuation()),
        _ => false,
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_and_replacements_map_back() {
        let src = "a &amp; b\r\nc";
        let mut b = OffsetMapBuilder::new();
        b.push_aligned("a & b", &src[..9], 0);
        b.push_replacement(" ", Span::new(9, 11));
        b.push_verbatim("c", 11);
        let (text, map) = b.finish();
        assert_eq!(text, "a & b c");
        assert_eq!(map.span(0, 1), Span::new(0, 1));
        assert_eq!(map.span(2, 3), Span::new(2, 7));
        assert_eq!(map.span(4, 7), Span::new(8, 12));
        assert_eq!(&src[map.span(0, 7).range()], src);
    }

    #[test]
    fn escapes_align() {
        let src = r"no \*stars\* here";
        let mut b = OffsetMapBuilder::new();
        b.push_aligned("no *stars* here", src, 10);
        let (_, map) = b.finish();
        assert_eq!(map.span(4, 9), Span::new(15, 20));
        assert_eq!(map.span(11, 15), Span::new(23, 27));
    }
}
