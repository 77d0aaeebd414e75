//! What a set searches for: each pattern with its large Unicode classes
//! widened to all of non-ASCII, so the set is a smaller automaton that says
//! "may match" where the pattern alone says "matches".
//!
//! A set only chooses which patterns run alone (see `set`), so a superset is
//! enough. `\s`, `\w` and `\d` under Unicode have hundreds of ranges beyond
//! ASCII: they made two thirds of the document set's NFA states (110k, 40k
//! widened) and split the bytes into ~190 classes (~120 widened), which sets
//! the size of every lazy-DFA state. Their ASCII part stays exact, so on an
//! ASCII sentence the widened set answers exactly what the patterns do; a
//! class with few ranges past ASCII (a case-folded `k` with its Kelvin sign,
//! `[^.;!?]`) is left as it is, since it costs a few states at most.
//!
//! Gaps keep their bounds. Unbounded (`[^.;!?]{0,60}?` as `[^.;!?]*?`), the
//! sets were smaller and a 64 MB run used 6% less CPU, but a walk through
//! text without clause punctuation went on to the end of the sentence: the
//! 10 MB one-line file took 2.6 s instead of 1.8.

use regex_syntax::hir::{Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition};

/// A class with more ranges than this past ASCII is widened.
const MAX_NON_ASCII_RANGES: usize = 4;

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
        HirKind::Class(Class::Unicode(class)) => widen_class(class).map(Hir::class),
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
fn widen_class(class: &ClassUnicode) -> Option<Class> {
    let beyond_ascii = class.ranges().iter().filter(|r| !r.end().is_ascii()).count();
    if beyond_ascii <= MAX_NON_ASCII_RANGES {
        return None;
    }
    let ascii = class
        .ranges()
        .iter()
        .filter(|r| r.start().is_ascii())
        .map(|r| ClassUnicodeRange::new(r.start(), r.end().min('\x7f')));
    let all_beyond = ClassUnicodeRange::new('\u{80}', char::MAX);
    Some(Class::Unicode(ClassUnicode::new(ascii.chain([all_beyond]))))
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
}
