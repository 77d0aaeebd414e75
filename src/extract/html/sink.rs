//! A block's text as CSS `white-space: normal` renders it: runs of ASCII
//! whitespace collapse to one space, leading and trailing space is dropped,
//! and a no-break space becomes a plain space that does not collapse. The
//! offset map is built alongside, each collapsed run mapping to its source.

use super::recorder::Run;
use crate::extract::OffsetMapBuilder;
use crate::position::Span;

/// Text of one block being built, with whitespace collapsing.
#[derive(Debug, Default)]
pub struct Sink {
    builder: OffsetMapBuilder,
    /// A whitespace run not yet written: its source, and whether it is one space.
    pending: Option<(Span, bool)>,
}

impl Sink {
    /// Append a run of decoded text; true when it held anything but whitespace.
    pub fn push(&mut self, text: &str, run: &Run, base: usize) -> bool {
        let src = Span::new(base + run.src.start, base + run.src.end);
        if run.verbatim {
            self.verbatim(text, src.start)
        } else {
            self.replacement(text, src)
        }
    }

    fn verbatim(&mut self, text: &str, src: usize) -> bool {
        let bytes = text.as_bytes();
        let mut added = false;
        let mut i = 0;
        while i < bytes.len() {
            if is_space(bytes[i]) {
                let j = i + bytes[i..].iter().take_while(|b| is_space(**b)).count();
                self.space(Span::new(src + i, src + j), &text[i..j] == " ");
                i = j;
            } else if bytes[i..].starts_with(NBSP) {
                self.word_replacement(" ", Span::new(src + i, src + i + 2));
                added = true;
                i += 2;
            } else {
                // Words and the single spaces between them are pushed as one
                // stretch: a single space stands for itself, as `space` and
                // `flush_space` would push it, one word at a time.
                let in_word = |j: usize| !is_space(bytes[j]) && !bytes[j..].starts_with(NBSP);
                let mut j = i + 1;
                while j < bytes.len() && (in_word(j) || (bytes[j] == b' ' && j + 1 < bytes.len() && in_word(j + 1))) {
                    j += 1;
                }
                self.flush_space();
                self.builder.push_verbatim(&text[i..j], src + i);
                added = true;
                i = j;
            }
        }
        added
    }

    fn replacement(&mut self, text: &str, src: Span) -> bool {
        if text.bytes().all(is_space) {
            self.space(src, false);
            return false;
        }
        // Most replacements are entities with no non-breaking space to fold:
        // those are pushed as they are, without a copy.
        if text.contains('\u{a0}') {
            self.word_replacement(&text.replace('\u{a0}', " "), src);
        } else {
            self.word_replacement(text, src);
        }
        true
    }

    fn word_replacement(&mut self, text: &str, src: Span) {
        self.flush_space();
        self.builder.push_replacement(text, src);
    }

    /// Whitespace (or skipped content) at `src`: one space if text follows.
    /// A run split across tokenizer pieces (`\r`, then `\n  `) stays one run;
    /// whitespace on both sides of a tag keeps the first side.
    pub fn space(&mut self, src: Span, single: bool) {
        if self.builder.is_empty() {
            return;
        }
        match &mut self.pending {
            None => self.pending = Some((src, single)),
            Some((run, one)) if run.end == src.start => {
                *run = Span::new(run.start, src.end);
                *one = false;
            }
            Some(_) => {}
        }
    }

    fn flush_space(&mut self) {
        match self.pending.take() {
            Some((span, true)) => self.builder.push_verbatim(" ", span.start),
            Some((span, false)) => self.builder.push_replacement(" ", span),
            None => {}
        }
    }

    pub fn take(&mut self) -> OffsetMapBuilder {
        self.pending = None;
        std::mem::take(&mut self.builder)
    }
}

const NBSP: &[u8] = "\u{a0}".as_bytes();

/// ASCII whitespace as HTML and CSS define it.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}
