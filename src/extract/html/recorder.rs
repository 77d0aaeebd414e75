//! An html5gum emitter that records where each piece of decoded text came from.
//!
//! The tokenizer folds consecutive character tokens into one string and gives
//! the span of the whole run. Character references and newline normalisation
//! make that string differ from the source, so a run's span alone cannot map a
//! word back to its bytes. This wrapper sees every `emit_string` and
//! `push_attribute_value` call together with the tokenizer's position at that
//! moment, which html5gum keeps exact (it steps back over lookahead before it
//! emits). Each piece is then either a verbatim copy of its source bytes or a
//! replacement for them (`&mdash;` → `—`, `\r\n` → `\n`): see [`runs`].

use std::convert::Infallible;
use std::ops::Range;

use html5gum::emitters::callback::{Callback, CallbackEmitter};
use html5gum::{Emitter, ForwardingEmitter, State};

/// What the assembler behind the emitter offers it.
pub trait Hooks: Callback<Infallible, usize> {
    /// Pieces of the text run being accumulated.
    fn text_pieces(&mut self) -> &mut Pieces;
    /// Pieces of the attribute value being accumulated.
    fn attr_pieces(&mut self) -> &mut Pieces;
    /// The state the tokenizer switches to after the tag just emitted.
    fn next_state(&mut self) -> Option<State>;
    /// Whether the current node is SVG or MathML (CDATA sections are then real).
    fn in_foreign(&mut self) -> bool;
}

/// Text lengths and source end offsets of the pieces of one string, in order.
#[derive(Debug, Default)]
pub struct Pieces {
    ends: Vec<(usize, usize)>,
    len: usize,
}

impl Pieces {
    fn record(&mut self, len: usize, src_end: usize) {
        self.len += len;
        self.ends.push((self.len, src_end));
    }

    pub fn clear(&mut self) {
        self.ends.clear();
        self.len = 0;
    }

    /// The runs of `value`, which starts at `src_start` in `src`; clears the pieces.
    pub fn take_runs(&mut self, value: &str, src_start: usize, src: &str, out: &mut Vec<Run>) {
        runs(value, &self.ends, src_start, src, out);
        self.clear();
    }
}

/// A range of decoded text and the source bytes it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: Range<usize>,
    pub src: Range<usize>,
    /// The text is a byte-for-byte copy of the source range.
    pub verbatim: bool,
}

/// Turn recorded pieces into runs: equal bytes are verbatim, a piece whose
/// source only has extra bytes in front (the `\n` of a `\r\n` folded into the
/// `\r` before it) is verbatim over its tail, anything else is a replacement.
/// Adjacent verbatim runs merge, so a character emitted byte by byte is whole.
pub fn runs(value: &str, pieces: &[(usize, usize)], src_start: usize, src: &str, out: &mut Vec<Run>) {
    out.clear();
    let (text, bytes) = (value.as_bytes(), src.as_bytes());
    let (mut text_at, mut src_at) = (0, src_start.min(bytes.len()));
    for &(text_end, src_end) in pieces {
        let text_end = text_end.min(text.len());
        let src_end = src_end.clamp(src_at, bytes.len());
        let piece = &text[text_at..text_end];
        let source = &bytes[src_at..src_end];
        let run = if piece == source {
            Run {
                text: text_at..text_end,
                src: src_at..src_end,
                verbatim: true,
            }
        } else if !piece.is_empty() && source.ends_with(piece) {
            // The skipped bytes belong to the replacement before (`\r` → `\n` grows to `\r\n`).
            let skipped_to = src_end - piece.len();
            if let Some(last) = out.last_mut().filter(|l| !l.verbatim && l.src.end == src_at) {
                last.src.end = skipped_to;
            }
            Run {
                text: text_at..text_end,
                src: src_end - piece.len()..src_end,
                verbatim: true,
            }
        } else {
            Run {
                text: text_at..text_end,
                src: src_at..src_end,
                verbatim: false,
            }
        };
        push_merged(out, run);
        text_at = text_end;
        src_at = src_end;
    }
    if text_at < text.len() {
        push_merged(
            out,
            Run {
                text: text_at..text.len(),
                src: src_at..src_at,
                verbatim: false,
            },
        );
    }
    // A verbatim run that splits a character cannot be sliced: give up on the
    // detail and map the whole string to its whole source.
    if out
        .iter()
        .any(|r| !value.is_char_boundary(r.text.start) || !value.is_char_boundary(r.text.end))
    {
        let end = out.last().map_or(src_at, |r| r.src.end);
        out.clear();
        out.push(Run {
            text: 0..text.len(),
            src: src_start.min(end)..end,
            verbatim: false,
        });
    }
}

fn push_merged(out: &mut Vec<Run>, run: Run) {
    if run.text.is_empty() {
        return;
    }
    if let Some(last) = out.last_mut() {
        if last.verbatim && run.verbatim && last.text.end == run.text.start && last.src.end == run.src.start {
            last.text.end = run.text.end;
            last.src.end = run.src.end;
            return;
        }
    }
    out.push(run);
}

/// The emitter: html5gum's callback emitter, plus piece recording and the
/// tree builder's tokenizer-state switches.
pub struct Recorder<C: Hooks> {
    inner: CallbackEmitter<C, Infallible, usize>,
    position: usize,
}

impl<C: Hooks> Recorder<C> {
    pub fn new(hooks: C) -> Self {
        Recorder {
            inner: CallbackEmitter::new(hooks),
            position: 0,
        }
    }
}

impl<C: Hooks> ForwardingEmitter for Recorder<C> {
    type Token = Infallible;

    fn inner(&mut self) -> &mut impl Emitter<Token = Infallible> {
        &mut self.inner
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn move_position(&mut self, offset: isize) {
        self.position = self.position.saturating_add_signed(offset);
        self.inner.move_position(offset);
    }

    fn emit_string(&mut self, s: &[u8]) {
        self.inner.emit_string(s);
        let at = self.position;
        self.inner.callback_mut().text_pieces().record(s.len(), at);
    }

    fn push_attribute_value(&mut self, s: &[u8]) {
        // The inner emitter reports the attribute's name first, which clears
        // the previous attribute's pieces; record this piece after it.
        self.inner.push_attribute_value(s);
        let at = self.position;
        self.inner.callback_mut().attr_pieces().record(s.len(), at);
    }

    fn emit_current_tag(&mut self) -> Option<State> {
        // The inner emitter's own choice is off (naive switching is disabled).
        let _ = self.inner.emit_current_tag();
        self.inner.callback_mut().next_state()
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&mut self) -> bool {
        self.inner.callback_mut().in_foreign()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_become_verbatim_and_replacement_runs() {
        let src = "a &amp; b\r\nc";
        let value = "a & b\nc";
        // "a " | "&" for "&amp;" | " b" | "\n" for "\r" | "c" after the skipped "\n"
        let pieces = [(2, 2), (3, 7), (5, 9), (6, 10), (7, 12)];
        let mut out = Vec::new();
        runs(value, &pieces, 0, src, &mut out);
        assert_eq!(
            out,
            vec![
                Run {
                    text: 0..2,
                    src: 0..2,
                    verbatim: true
                },
                Run {
                    text: 2..3,
                    src: 2..7,
                    verbatim: false
                },
                Run {
                    text: 3..5,
                    src: 7..9,
                    verbatim: true
                },
                Run {
                    text: 5..6,
                    src: 9..11,
                    verbatim: false
                },
                Run {
                    text: 6..7,
                    src: 11..12,
                    verbatim: true
                },
            ]
        );
    }

    #[test]
    fn bytes_of_one_character_merge() {
        let src = "é!";
        let mut out = Vec::new();
        runs("é!", &[(1, 1), (2, 2), (3, 3)], 0, src, &mut out);
        assert_eq!(
            out,
            vec![Run {
                text: 0..3,
                src: 0..3,
                verbatim: true
            }]
        );
    }
}
