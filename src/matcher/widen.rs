//! What a set searches for: each pattern with its large Unicode classes
//! widened to all of non-ASCII, so the set is a smaller automaton that says
//! "may match" where the pattern alone says "matches".
//!
//! A set only chooses which patterns run alone (see `set`), so a superset is
//! enough. `\s`, `\w` and `\d` under Unicode have hundreds of ranges beyond
//! ASCII: they made two thirds of the document set's NFA states (110k, 40k
//! widened) and split the bytes into ~190 classes (~120 widened), which sets
//! the size of every lazy-DFA state. Their ASCII part stays exact, so on an
//! ASCII sentence the widened set answers exactly what the patterns do.
//!
//! "All of non-ASCII" is written at the byte level (a lead byte, then
//! continuation bytes), not as a Unicode class: the class is a dozen UTF-8
//! sequences, repeated at every step of a gap like `[^.;!?]{0,60}?`, which
//! is why classes with one huge range (`[^.;!?]`, all of non-ASCII but a
//! few) are widened too. That cut the claim set's NFA from 144k to 126k
//! states and its compile from 67 to 40 ms. A class with a few characters
//! past ASCII (a case-folded `k` with its Kelvin sign, `[’']`) is left as
//! it is: it costs a few states at most.
//!
//! Gaps keep their bounds. Unbounded (`[^.;!?]{0,60}?` as `[^.;!?]*?`), the
//! sets were smaller and a 64 MB run used 6% less CPU, but a walk through
//! text without clause punctuation went on to the end of the sentence: the
//! 10 MB one-line file took 2.6 s instead of 1.8.

use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition,
};

/// A class with more ranges than this past ASCII is widened...
const MAX_NON_ASCII_RANGES: usize = 4;
/// ...and so is one with more characters than this past ASCII (`[^.;!?]`
/// has one range: all of them).
const MAX_NON_ASCII_CHARS: u32 = 256;

/// `pattern` (parsed as the set's patterns are: case-insensitive), widened.
/// Only patterns that compiled alone get here (user packs at load, the
/// embedded ones in the tests), so it parses.
pub fn widened_hir(pattern: &str) -> Hir {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .expect("a pattern that compiles alone parses");
    widen(hir)
}

/// `hir` with every large Unicode class replaced by its ASCII part plus all
/// non-ASCII characters: it matches wherever `hir` does, and more only where
/// such a class meets a non-ASCII character.
fn widen(hir: Hir) -> Hir {
    widened(&hir).unwrap_or(hir)
}

/// [`widen`], or `None` where nothing in `hir` is widened (most of a
/// pattern: literals and small classes are not copied).
fn widened(hir: &Hir) -> Option<Hir> {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => widen_class(class),
        // Built field by field: cloning the node would copy its whole
        // subtree only to replace it.
        HirKind::Repetition(repetition) => widened(&repetition.sub).map(|sub| {
            Hir::repetition(Repetition {
                min: repetition.min,
                max: repetition.max,
                greedy: repetition.greedy,
                sub: Box::new(sub),
            })
        }),
        HirKind::Capture(capture) => widened(&capture.sub).map(|sub| {
            Hir::capture(Capture {
                index: capture.index,
                name: capture.name.clone(),
                sub: Box::new(sub),
            })
        }),
        HirKind::Concat(parts) => widened_parts(parts).map(Hir::concat),
        HirKind::Alternation(parts) => widened_parts(parts).map(Hir::alternation),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(Class::Bytes(_)) | HirKind::Look(_) => None,
    }
}

/// The parts of a concatenation or alternation, if any of them is widened.
fn widened_parts(parts: &[Hir]) -> Option<Vec<Hir>> {
    let changed: Vec<Option<Hir>> = parts.iter().map(widened).collect();
    if changed.iter().all(Option::is_none) {
        return None;
    }
    Some(
        changed
            .into_iter()
            .zip(parts)
            .map(|(widened, part)| widened.unwrap_or_else(|| part.clone()))
            .collect(),
    )
}

/// The widened class, or `None` if `class` is small enough to keep.
fn widen_class(class: &ClassUnicode) -> Option<Hir> {
    let beyond: Vec<(u32, u32)> = class
        .ranges()
        .iter()
        .filter(|r| !r.end().is_ascii())
        .map(|r| (u32::from(r.start()).max(0x80), u32::from(r.end())))
        .collect();
    let chars_beyond: u32 = beyond.iter().map(|(start, end)| end - start + 1).sum();
    if beyond.len() <= MAX_NON_ASCII_RANGES && chars_beyond <= MAX_NON_ASCII_CHARS {
        return None;
    }
    let ascii: Vec<ClassUnicodeRange> = class
        .ranges()
        .iter()
        .filter(|r| r.start().is_ascii())
        .map(|r| ClassUnicodeRange::new(r.start(), r.end().min('\x7f')))
        .collect();
    if ascii.is_empty() {
        return Some(any_non_ascii_char());
    }
    Some(Hir::alternation(vec![
        Hir::class(Class::Unicode(ClassUnicode::new(ascii))),
        any_non_ascii_char(),
    ]))
}

/// Any one character past ASCII, read as bytes: a lead byte and the
/// continuation bytes after it. As a Unicode class, all of non-ASCII is a
/// dozen UTF-8 byte sequences, compiled again at every step of a bounded
/// gap (`[^.;!?]{0,60}?` is sixty of them); this is two NFA states. It
/// accepts more than UTF-8 does, which the set can afford, and a walk only
/// starts at a character boundary, so in valid text it takes exactly one
/// character at each step.
fn any_non_ascii_char() -> Hir {
    let bytes = |start, end| Hir::class(Class::Bytes(ClassBytes::new([ClassBytesRange::new(start, end)])));
    Hir::concat(vec![
        bytes(0xC0, 0xFF),
        Hir::repetition(Repetition {
            min: 0,
            max: None,
            greedy: true,
            sub: Box::new(bytes(0x80, 0xBF)),
        }),
    ])
}

#[cfg(test)]
mod tests {
    use regex_automata::meta::Regex;
    use regex_automata::nfa::thompson::NFA;

    use super::*;

    fn widened(pattern: &str) -> Regex {
        Regex::builder().build_from_hir(&widened_hir(pattern)).unwrap()
    }

    #[test]
    fn large_classes_take_all_of_non_ascii_and_keep_their_ascii_part() {
        let space = widened(r"stem\s+cells");
        assert!(space.is_match("STEM \t cells"));
        assert!(space.is_match("stem\u{2003}cells"), "a Unicode space, as before");
        assert!(space.is_match("stem—cells"), "any non-ASCII now");
        assert!(!space.is_match("stem-cells"), "ASCII stays exact");
        let word = widened(r"(?-u:\b)grow\w*");
        assert!(word.is_match("growth") && word.is_match("growé"));
    }

    #[test]
    fn small_classes_and_literals_stay_exact() {
        // Case-folded `k` includes the Kelvin sign, `s` the long s.
        let folded = widened("skin");
        assert!(folded.is_match("\u{17F}\u{212A}IN"));
        assert!(!folded.is_match("ski—n"));
        let korean = widened("명동");
        assert!(korean.is_match("명동 clinic") && !korean.is_match("명 clinic"));
        let gap = widened("^[^.;!?]x");
        assert!(gap.is_match("—x") && !gap.is_match(".x"));
    }

    #[test]
    fn shrinks_the_automaton() {
        let states = |hir: &Hir| NFA::compiler().build_from_hir(hir).unwrap().states().len();
        let pattern = r"\w+\s+\d";
        let exact = regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(pattern)
            .unwrap();
        assert!(states(&widened_hir(pattern)) * 10 < states(&exact));
    }

    #[test]
    fn a_gap_counts_characters_not_bytes() {
        // Three characters of three bytes each fill a gap of three, not of nine.
        let gap = widened("x[^.;!?]{0,3}y");
        assert!(gap.is_match("x명동—y"), "three non-ASCII characters");
        assert!(!gap.is_match("x명동—ay"), "four characters");
        assert!(!gap.is_match("x명.y"), "ASCII punctuation stays excluded");
        let states = |hir: &Hir| NFA::compiler().build_from_hir(hir).unwrap().states().len();
        let exact = regex_syntax::ParserBuilder::new()
            .build()
            .parse("[^.;!?]{0,60}")
            .unwrap();
        assert!(states(&widened_hir("[^.;!?]{0,60}")) < states(&exact));
    }
}
