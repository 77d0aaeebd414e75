//! Block text → sentences.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and
//! brackets after it) when whitespace and a capital, digit or opening quote
//! follow; at a full-width `！`, `？` or `。` (machine-translated Korean
//! copy) whatever follows. A period after a known abbreviation (from rules/) or an initial
//! does not end one, nor does anything followed by a lowercase word; a period
//! between digits is never followed by whitespace. Headings, list items and
//! cells are units of their own: extraction already made them blocks.

use std::collections::HashSet;

/// A sentence: a byte range of its block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

impl Sentence {
    /// Whether a sentence's text ends in a question mark (before closing quotes,
    /// brackets or emphasis marks).
    pub fn is_question(text: &str) -> bool {
        matches!(Sentence::last_mark(text), Some('?' | '？'))
    }

    /// Whether a sentence's text ends in a mark that closes a statement,
    /// an exclamation or a question, full-width ones too.
    pub fn is_closed(text: &str) -> bool {
        Sentence::last_mark(text).is_some_and(|m| matches!(m, '.' | '!' | '?') || WIDE_MARKS.contains(&m))
    }

    /// The last character of `text` before any closing quotes, brackets,
    /// emphasis marks and white space: its terminal punctuation, if any.
    pub fn last_mark(text: &str) -> Option<char> {
        text.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '*' | '_')
        })
        .chars()
        .next_back()
    }

    pub fn text<'a>(&self, block_text: &'a str) -> &'a str {
        &block_text[self.start..self.end]
    }
}

/// The longest sentence, in bytes. Text that runs on past it with no
/// sentence end (a minified page, a table flattened onto one line) is read
/// in pieces cut at whitespace: no claim pattern spans more than a few
/// hundred bytes, and a sentence is what context is weighed within.
pub const MAX_SENTENCE: usize = 2048;

/// Splits text into sentences using an abbreviation list.
#[derive(Debug, Clone, Default)]
pub struct Segmenter {
    /// Lowercase abbreviations without their final period (`e.g`, `dr`, `vs`).
    abbreviations: HashSet<String>,
}

impl Segmenter {
    pub fn new<I: IntoIterator<Item = String>>(abbreviations: I) -> Self {
        Segmenter {
            abbreviations: abbreviations
                .into_iter()
                .map(|a| a.trim_end_matches('.').to_lowercase())
                .collect(),
        }
    }

    /// Split `text` into sentences.
    pub fn split(&self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        self.split_into(text, &mut out);
        out
    }

    /// Split `text` into sentences, appending them to `out` (reused across blocks).
    pub fn split_into(&self, text: &str, out: &mut Vec<Sentence>) {
        out.clear();
        let bytes = text.as_bytes();
        let mut start = skip_space(text, 0);
        let mut i = start;
        let mut terminals = Terminals::new(bytes);
        while i < bytes.len() {
            let Some(at) = terminals.next_from(i) else {
                break;
            };
            let (end, next) = self.boundary(text, start, at);
            i = next.max(at + 1);
            if let Some(end) = end {
                push_bounded(text, start, end, out);
                start = skip_space(text, end);
                i = i.max(start);
            }
        }
        push_bounded(text, start, text.trim_end().len(), out);
    }

    /// Whether the terminal punctuation at `at` ends a sentence: the sentence end
    /// (if it does) and where to continue scanning.
    fn boundary(&self, text: &str, start: usize, at: usize) -> (Option<usize>, usize) {
        let bytes = text.as_bytes();
        let mut end = at;
        let mut periods = 0;
        let mut marks = 0;
        let mut wide = false;
        while end < bytes.len() {
            if text[end..].starts_with('…') {
                end += '…'.len_utf8();
                marks += 1;
            } else if let Some(mark) = WIDE_MARKS.iter().find(|m| text[end..].starts_with(**m)) {
                end += mark.len_utf8();
                marks += 1;
                wide = true;
            } else if matches!(bytes[end], b'.') {
                end += 1;
                periods += 1;
            } else if matches!(bytes[end], b'!' | b'?') {
                end += 1;
                marks += 1;
            } else {
                break;
            }
        }
        while let Some(c) = text[end..].chars().next() {
            if matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»' | '*' | '_') {
                end += c.len_utf8();
            } else {
                break;
            }
        }
        let Some(next) = text[end..].chars().next() else {
            return (Some(end), end);
        };
        // Copy in full-width marks leaves no space after them.
        if !next.is_whitespace() {
            return (wide.then_some(end), end);
        }
        let following = skip_space(text, end);
        let Some(first) = text[following..].chars().next() else {
            return (Some(end), end);
        };
        if first.is_lowercase() {
            return (None, end);
        }
        if periods == 1 && marks == 0 && self.is_abbreviation(&text[start..at]) {
            return (None, end);
        }
        (Some(end), end)
    }

    fn is_abbreviation(&self, before: &str) -> bool {
        let word_start = before
            .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '"' | '“'))
            .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
        let word = &before[word_start..];
        if word.is_empty() {
            return false;
        }
        let mut chars = word.chars();
        let single_initial = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
        single_initial || self.abbreviations.contains(&word.to_lowercase())
    }
}

/// Push `start..end` as one sentence, or as pieces of at most
/// [`MAX_SENTENCE`] bytes cut after whitespace (mid-word only where a piece
/// has none).
fn push_bounded(text: &str, mut start: usize, end: usize, out: &mut Vec<Sentence>) {
    while end > start + MAX_SENTENCE {
        let mut cut = start + MAX_SENTENCE;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(space) = text[start..cut].rfind(char::is_whitespace) {
            if space > 0 {
                cut = start + space;
            }
        }
        out.push(Sentence {
            start,
            end: text[..cut].trim_end().len().max(start + 1),
        });
        start = skip_space(text, cut);
    }
    if end > start {
        out.push(Sentence { start, end });
    }
}

/// Full-width sentence marks: `！`, `？`, `。`.
const WIDE_MARKS: [char; 3] = ['！', '？', '。'];

/// Where `.`, `!`, `?`, `…` and the full-width marks are in a text, in
/// order, found with `memchr`'s vector searches: byte by byte, this scan was
/// two thirds of splitting sentences.
struct Terminals<'t> {
    bytes: &'t [u8],
    /// The first `…` at or after the last position asked for (`None`: none).
    ellipsis: Option<usize>,
    /// The first full-width mark likewise.
    wide: Option<usize>,
}

impl<'t> Terminals<'t> {
    fn new(bytes: &'t [u8]) -> Self {
        Terminals {
            bytes,
            ellipsis: memchr::memmem::find(bytes, "…".as_bytes()),
            wide: find_wide(bytes, 0),
        }
    }

    /// The first terminal at or after `from`.
    fn next_from(&mut self, from: usize) -> Option<usize> {
        let rest = self.bytes.get(from..)?;
        if self.ellipsis.is_some_and(|e| e < from) {
            self.ellipsis = memchr::memmem::find(rest, "…".as_bytes()).map(|e| from + e);
        }
        if self.wide.is_some_and(|w| w < from) {
            self.wide = find_wide(self.bytes, from);
        }
        let mark = memchr::memchr3(b'.', b'!', b'?', rest).map(|m| from + m);
        [mark, self.ellipsis, self.wide].into_iter().flatten().min()
    }
}

/// The first full-width mark at or after `from`. Their UTF-8 forms begin
/// with bytes (0xEF, 0xE3) that English and Hangul text seldom holds, unlike
/// the 0xE2 of curly quotes and dashes.
fn find_wide(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(found) = memchr::memchr2(0xEF, 0xE3, bytes.get(at..)?) {
        let candidate = at + found;
        let mut utf8 = [0; 3];
        if WIDE_MARKS
            .iter()
            .any(|m| bytes[candidate..].starts_with(m.encode_utf8(&mut utf8).as_bytes()))
        {
            return Some(candidate);
        }
        at = candidate + 1;
    }
    None
}

fn skip_space(text: &str, from: usize) -> usize {
    from + (text[from..].len() - text[from..].trim_start().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The vector searches stop where a byte-by-byte scan for the
        /// terminals does, in order, over text with other three-byte
        /// characters that begin as `…` does.
        #[test]
        fn terminals_are_found_where_a_byte_scan_finds_them(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", " ", ".", "!", "?", "…", "—", "’", "é", "Dr.", "！", "。", "？", "～", "\u{feff}"]),
                0..40,
            ),
            from in 0usize..8,
        ) {
            let text = parts.concat();
            let naive: Vec<usize> = text
                .char_indices()
                .filter(|&(at, c)| at >= from && matches!(c, '.' | '!' | '?' | '…' | '！' | '？' | '。'))
                .map(|(at, _)| at)
                .collect();
            let mut terminals = Terminals::new(text.as_bytes());
            let mut found = Vec::new();
            let mut at = from;
            while let Some(next) = terminals.next_from(at) {
                proptest::prop_assert!(next >= at, "{} before {}", next, at);
                found.push(next);
                at = next + 1;
            }
            proptest::prop_assert_eq!(found, naive);
        }
    }

    fn split(text: &str) -> Vec<&str> {
        let seg = Segmenter::new(["e.g".into(), "i.e".into(), "dr".into(), "vs".into(), "etc".into()]);
        let mut out = Vec::new();
        seg.split_into(text, &mut out);
        out.iter().map(|s| s.text(text)).collect()
    }

    #[test]
    fn abbreviations_decimals_ellipses_quotes() {
        assert_eq!(
            split("Dr. Kim uses 0.5 mm needles, e.g. for the crown. It works! \"Really?\" (Yes.) Then… wait... More."),
            vec![
                "Dr. Kim uses 0.5 mm needles, e.g. for the crown.",
                "It works!",
                "\"Really?\"",
                "(Yes.)",
                "Then… wait...",
                "More."
            ]
        );
        assert_eq!(
            split("Is it a transplant? No. It is not."),
            vec!["Is it a transplant?", "No.", "It is not."]
        );
        assert_eq!(split("Compare A vs. B today"), vec!["Compare A vs. B today"]);
        assert_eq!(
            split("Hair is growing in 2 week！ Very very effective。No need worry～"),
            vec![
                "Hair is growing in 2 week！",
                "Very very effective。",
                "No need worry～"
            ]
        );
        assert_eq!(split("  "), Vec::<&str>::new());
    }

    #[test]
    fn run_on_text_is_read_in_bounded_pieces_cut_at_whitespace() {
        let words = "regrowth in 4 weeks and no downtime ".repeat(200);
        let pieces = split(&words);
        assert!(pieces.len() > 1);
        for piece in &pieces {
            assert!(piece.len() <= MAX_SENTENCE, "{}", piece.len());
            assert_eq!(piece.trim(), *piece, "cut at whitespace, not within a word");
        }
        assert_eq!(pieces.join(" "), words.trim_end(), "nothing lost or doubled");
        // No whitespace at all: cut on a character boundary.
        let blob = "명".repeat(1000);
        let pieces = split(&blob);
        assert_eq!(pieces.concat(), blob);
        assert!(pieces.iter().all(|p| p.len() <= MAX_SENTENCE));
    }
}
