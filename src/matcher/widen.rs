//! What a set searches for: each pattern lowered (the set reads sentences
//! with their ASCII letters lowered) and everything past ASCII widened to
//! any character past ASCII, so the set is a small automaton that says
//! "may match" where the pattern alone says "matches".
//!
//! A set only chooses which patterns run alone (see `set`), so a superset is
//! enough, and on ASCII text a widened pattern is exact (but where it turns
//! case-insensitivity off: there it takes either case).
//!
//! - Lowering instead of case folding: the patterns run alone are
//!   case-insensitive, and folding every letter of every literal was most of
//!   parsing the sets, made each letter a class of two bytes, and split the
//!   bytes into ~110 classes. Lowered, the claim patterns had 64 byte
//!   classes (each lazy-DFA state half the size; see [`JOINED`] for how the
//!   joint set keeps to 64), and a one-sentence run, which is mostly
//!   building the sets, went from 132 to 75 ms. Two characters
//!   past ASCII fold into ASCII letters (the Kelvin sign, the long s); a
//!   sentence holding one is left to the patterns alone.
//! - Everything past ASCII widened: `\s`, `\w` and `\d` under Unicode have
//!   hundreds of ranges there, and `é` in a literal matches `É` alone. The
//!   widened part is written at the byte level (a lead byte, then
//!   continuation bytes), not as a Unicode class: that class is a dozen
//!   UTF-8 sequences, repeated at every step of a gap like
//!   `[^.;!?]{0,60}?`. A class's ASCII part shares its first byte class
//!   with the lead bytes. An unbounded run of such a character (`\s+`
//!   between two words) is a run of bytes, one class in a loop (see
//!   `byte_run`): the set's NFA went from 110,250 to 100,430 states.
//!
//! Gaps keep their bounds. Unbounded (`[^.;!?]{0,60}?` as `[^.;!?]*?`), the
//! sets were smaller and a 64 MB run used 6% less CPU, but a walk through
//! text without clause punctuation went on to the end of the sentence: the
//! 10 MB one-line file took 2.6 s instead of 1.8. (The gaps that span words
//! are now left out of the set altogether, see `pieces`; the others, such
//! as `[^0-9A-Za-z]{0,8}`, keep their bounds.)

use std::cell::Cell;

use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition,
};

use super::expand::placeholder_term;

/// The characters past ASCII that simple case folding maps ASCII letters
/// to: the long s (`s`) and the Kelvin sign (`k`). Lowering the text does
/// not turn them into letters the set knows, so the set does not decide a
/// sentence that holds one (see `set`).
pub const FOLDED_INTO_ASCII: [char; 2] = ['\u{17F}', '\u{212A}'];

/// `pattern`, as the set searches for it: folded to lower case (the set
/// reads sentences with their ASCII letters lowered) and widened. Only
/// patterns that compiled alone get here (user packs at load, the embedded
/// ones in the tests), so it parses.
pub fn widened_hir(pattern: &str) -> Hir {
    parsed_and_widened(pattern).expect("a pattern that compiles alone parses")
}

/// [`widened_hir`], or `None` if `pattern` does not parse.
pub fn parsed_and_widened(pattern: &str) -> Option<Hir> {
    let hir = parse(pattern)?;
    Some(widened(&hir, None).unwrap_or(hir))
}

/// A pattern's skeleton (see `Expander::skeleton`) lowered and widened like
/// [`widened_hir`], with each of its `placeholders` replaced by the widened
/// term `terms` gives for it: the same automaton as the expanded pattern's,
/// for a fraction of the parsing. `None` if the placeholders were not all
/// found as groups (a term written inside a class, say): the caller parses
/// the expanded pattern instead.
pub fn widened_skeleton<'t>(
    skeleton: &str,
    placeholders: usize,
    terms: &dyn Fn(usize) -> Option<&'t Hir>,
) -> Option<Hir> {
    let hir = parse(skeleton)?;
    let splice = Splice {
        terms,
        spliced: Cell::new(0),
    };
    let widened = widened(&hir, Some(&splice)).unwrap_or(hir);
    (splice.spliced.get() == placeholders).then_some(widened)
}

/// Parsed case-sensitively: case folding every letter of every literal was
/// most of the parse, and lowering does its work for ASCII.
fn parse(pattern: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new().build().parse(pattern).ok()
}

/// Where a skeleton's placeholders get their widened terms.
struct Splice<'s, 't> {
    terms: &'s dyn Fn(usize) -> Option<&'t Hir>,
    spliced: Cell<usize>,
}

impl Splice<'_, '_> {
    /// The widened term a placeholder group stands for.
    fn term(&self, capture: &Capture) -> Option<Hir> {
        let term = (self.terms)(placeholder_term(capture.name.as_deref()?)?)?.clone();
        self.spliced.set(self.spliced.get() + 1);
        Some(term)
    }
}

/// `hir` lowered and widened, or `None` where nothing in it changes (most
/// of a pattern: lower-case ASCII literals are not copied). Widened, it
/// matches the lowered text wherever `hir` (case-insensitive) matches the
/// text, and more only where a class or literal meets a non-ASCII
/// character. Placeholders become the terms `splice` has for them.
fn widened(hir: &Hir, splice: Option<&Splice<'_, '_>>) -> Option<Hir> {
    match hir.kind() {
        HirKind::Literal(literal) => widen_literal(&literal.0),
        HirKind::Class(Class::Unicode(class)) => widen_class(class),
        HirKind::Class(Class::Bytes(class)) => lower_bytes(class),
        HirKind::Repetition(repetition) => widened_repetition(repetition, splice),
        HirKind::Capture(capture) => match splice.and_then(|splice| splice.term(capture)) {
            Some(term) => Some(term),
            None => widened(&capture.sub, splice).map(|sub| {
                Hir::capture(Capture {
                    index: capture.index,
                    name: capture.name.clone(),
                    sub: Box::new(sub),
                })
            }),
        },
        HirKind::Concat(parts) => widened_parts(parts, splice).map(Hir::concat),
        HirKind::Alternation(parts) => widened_parts(parts, splice).map(Hir::alternation),
        HirKind::Empty | HirKind::Look(_) => None,
    }
}

/// A repetition with its part widened, if it is; an unbounded one of a
/// character widened past ASCII (see [`byte_run`]) as a run of bytes.
/// Built field by field: cloning the node would copy its whole subtree
/// only to replace it.
fn widened_repetition(repetition: &Repetition, splice: Option<&Splice<'_, '_>>) -> Option<Hir> {
    let sub = widened(&repetition.sub, splice);
    let sub = match repetition.max {
        None => byte_run(sub.as_ref().unwrap_or(&repetition.sub)).or(sub),
        Some(_) => sub,
    };
    sub.map(|sub| {
        Hir::repetition(Repetition {
            min: repetition.min,
            max: repetition.max,
            greedy: repetition.greedy,
            sub: Box::new(sub),
        })
    })
}

/// For a character widened past ASCII (a byte class that takes the lead
/// bytes, then a loop of continuation bytes: see [`widen_class`] and
/// [`any_non_ascii_char`]), the class of all of its bytes, which an
/// unbounded run of it may loop over instead: one class in a loop, where
/// the run of characters was a class and a loop in a loop, twice the
/// states, at every gap between two words of every pattern. A run of `n`
/// characters or more is a run of `n` bytes or more, so the set takes all
/// it took; a bounded run counts characters, and keeps them.
fn byte_run(hir: &Hir) -> Option<Hir> {
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let [first, rest] = parts.as_slice() else {
        return None;
    };
    let (HirKind::Class(Class::Bytes(first)), HirKind::Repetition(rest)) = (first.kind(), rest.kind()) else {
        return None;
    };
    let leads = first
        .ranges()
        .last()
        .is_some_and(|r| r.start() <= 0xC0 && r.end() == 0xFF);
    let continuation = matches!(rest.sub.kind(), HirKind::Class(Class::Bytes(c))
        if c.ranges().iter().map(|r| (r.start(), r.end())).eq([(0x80, 0xBF)]));
    if !(leads && continuation && rest.min == 0 && rest.max.is_none()) {
        return None;
    }
    let mut bytes = first.clone();
    bytes.push(ClassBytesRange::new(0x80, 0xBF));
    Some(Hir::class(Class::Bytes(bytes)))
}

/// The parts of a concatenation or alternation, if any of them is widened.
fn widened_parts(parts: &[Hir], splice: Option<&Splice<'_, '_>>) -> Option<Vec<Hir>> {
    let changed: Vec<Option<Hir>> = parts.iter().map(|part| widened(part, splice)).collect();
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

/// Runs of ASCII bytes the sets do not tell apart: a class or literal that
/// takes one byte of a run takes the whole run. The set's automaton splits
/// the bytes into classes of contiguous bytes it never needs to tell apart,
/// and a lazy-DFA state is a row of transitions, one per class plus one for
/// the end of the text, rounded up to a power of two: with both kinds of
/// pattern in one set, 68 classes made rows of 128 transitions; with these
/// runs joined, 62 make rows of 64. Control characters join the white space
/// around them (prose holds none), `"#$` are one byte to the set, and so
/// are `{|}~` (a table's `|` is the only one patterns name).
const JOINED: [(u8, u8); 3] = [(0x00, 0x1F), (b'"', b'$'), (b'{', 0x7F)];

/// The [`JOINED`] run `byte` belongs to.
fn joined_run(byte: u8) -> Option<(u8, u8)> {
    JOINED
        .iter()
        .copied()
        .find(|&(start, end)| (start..=end).contains(&byte))
}

/// Whether byte ranges take part but not all of a [`JOINED`] run.
fn splits_joined(ranges: &[(u8, u8)]) -> bool {
    let takes = |b: u8| ranges.iter().any(|&(start, end)| (start..=end).contains(&b));
    JOINED.iter().any(|&(start, end)| {
        let taken = (start..=end).filter(|&b| takes(b)).count();
        taken > 0 && taken < usize::from(end - start) + 1
    })
}

/// Byte ranges with every [`JOINED`] run they touch taken whole, in no order.
fn with_joined_runs(mut ranges: Vec<(u8, u8)>) -> Vec<(u8, u8)> {
    let touched: Vec<(u8, u8)> = JOINED
        .iter()
        .copied()
        .filter(|&(start, end)| ranges.iter().any(|&(s, e)| s <= end && e >= start))
        .collect();
    ranges.extend(touched);
    ranges
}

/// A byte class of the [`JOINED`] run `(start, end)`.
fn run_class((start, end): (u8, u8)) -> Hir {
    Hir::class(Class::Bytes(ClassBytes::new([ClassBytesRange::new(start, end)])))
}

/// A literal with its ASCII letters lowered, each byte of a [`JOINED`] run
/// widened to its run and each character past ASCII widened to any such character
/// (the pattern alone matches it in either case); `None` if it is
/// lower-case ASCII outside those runs already.
fn widen_literal(bytes: &[u8]) -> Option<Hir> {
    if !bytes
        .iter()
        .any(|&b| b.is_ascii_uppercase() || !b.is_ascii() || joined_run(b).is_some())
    {
        return None;
    }
    // A `(?-u)` byte literal is not UTF-8: its bytes past ASCII stay as they
    // are, since the text's are not lowered.
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let mut parts = Vec::new();
    let mut run = Vec::new();
    for &b in bytes {
        let widened = match (joined_run(b), b) {
            (Some(run), _) => run_class(run),
            (None, 0x80..=0xFF) if utf8 && (b & 0xC0) == 0x80 => continue,
            (None, 0xC0..=0xFF) if utf8 => any_non_ascii_char(),
            (None, _) => {
                run.push(b.to_ascii_lowercase());
                continue;
            }
        };
        if !run.is_empty() {
            parts.push(Hir::literal(std::mem::take(&mut run)));
        }
        parts.push(widened);
    }
    if !run.is_empty() {
        parts.push(Hir::literal(run));
    }
    Some(Hir::concat(parts))
}

/// A class with its ASCII letters lowered, its [`JOINED`] runs whole,
/// and its part past ASCII, if any, widened to all of it; `None` if that
/// changes nothing.
fn widen_class(class: &ClassUnicode) -> Option<Hir> {
    let ascii: Vec<(u8, u8)> = class
        .ranges()
        .iter()
        .filter(|r| r.start().is_ascii())
        .map(|r| (r.start() as u8, r.end().min('\x7f') as u8))
        .collect();
    let beyond = class.ranges().last().is_some_and(|r| !r.end().is_ascii());
    if !beyond && !has_upper(&ascii) && !splits_joined(&ascii) {
        return None;
    }
    let lowered = with_joined_runs(lower(&ascii));
    if beyond {
        // An ASCII character or a lead byte, then any continuation bytes:
        // one class and a loop, where an alternation of the ASCII part and
        // `any_non_ascii_char` was twice the states at every step of a gap.
        // In valid text no continuation byte follows an ASCII character.
        let first = lowered.iter().copied().chain([(0xC0, 0xFF)]);
        return Some(Hir::concat(vec![
            Hir::class(Class::Bytes(ClassBytes::new(
                first.map(|(start, end)| ClassBytesRange::new(start, end)),
            ))),
            continuation_bytes(),
        ]));
    }
    Some(Hir::class(Class::Unicode(ClassUnicode::new(lowered.iter().map(
        |&(start, end)| ClassUnicodeRange::new(char::from(start), char::from(end)),
    )))))
}

/// A `(?-u)` byte class with its ASCII letters lowered and its [`JOINED`]
/// runs whole.
fn lower_bytes(class: &ClassBytes) -> Option<Hir> {
    let ranges: Vec<(u8, u8)> = class.ranges().iter().map(|r| (r.start(), r.end())).collect();
    (has_upper(&ranges) || splits_joined(&ranges)).then(|| {
        Hir::class(Class::Bytes(ClassBytes::new(
            with_joined_runs(lower(&ranges))
                .iter()
                .map(|&(start, end)| ClassBytesRange::new(start, end)),
        )))
    })
}

/// Whether byte ranges take any of `A-Z`.
fn has_upper(ranges: &[(u8, u8)]) -> bool {
    ranges.iter().any(|&(start, end)| start <= b'Z' && end >= b'A')
}

/// Byte ranges with `A-Z` replaced by `a-z`, in no order: the class built
/// from them sorts and merges them.
fn lower(ranges: &[(u8, u8)]) -> Vec<(u8, u8)> {
    let mut out: Vec<(u8, u8)> = Vec::with_capacity(ranges.len() + 1);
    for &(start, end) in ranges {
        // The part below `A`, the upper-case part (moved), the part above `Z`.
        if start < b'A' {
            out.push((start, end.min(b'A' - 1)));
        }
        let (upper_start, upper_end) = (start.max(b'A'), end.min(b'Z'));
        if upper_start <= upper_end {
            out.push((upper_start + 32, upper_end + 32));
        }
        if end > b'Z' {
            out.push((start.max(b'Z' + 1), end));
        }
    }
    out
}

/// Any one character past ASCII, read as bytes: a lead byte and the
/// continuation bytes after it. As a Unicode class, all of non-ASCII is a
/// dozen UTF-8 byte sequences, compiled again at every step of a bounded
/// gap (`[^.;!?]{0,60}?` is sixty of them); this is two NFA states. It
/// accepts more than UTF-8 does, which the set can afford, and a walk only
/// starts at a character boundary, so in valid text it takes exactly one
/// character at each step.
fn any_non_ascii_char() -> Hir {
    let lead = Hir::class(Class::Bytes(ClassBytes::new([ClassBytesRange::new(0xC0, 0xFF)])));
    Hir::concat(vec![lead, continuation_bytes()])
}

/// Any number of UTF-8 continuation bytes.
fn continuation_bytes() -> Hir {
    Hir::repetition(Repetition {
        min: 0,
        max: None,
        greedy: true,
        sub: Box::new(Hir::class(Class::Bytes(ClassBytes::new([ClassBytesRange::new(
            0x80, 0xBF,
        )])))),
    })
}

#[cfg(test)]
mod tests {
    use regex_automata::meta::Regex;
    use regex_automata::nfa::thompson::NFA;

    use super::*;

    /// Whether the widened `pattern` matches `text` read as the set reads it.
    fn set_matches(pattern: &str, text: &str) -> bool {
        let regex = Regex::builder().build_from_hir(&widened_hir(pattern)).unwrap();
        regex.is_match(text.to_ascii_lowercase().as_bytes())
    }

    #[test]
    fn lowered_text_meets_lowered_patterns() {
        assert!(set_matches("Stem Cells", "STEM cells"));
        assert!(
            set_matches("(?-i)USD", "usd"),
            "case-sensitive parts widen to either case"
        );
        assert!(set_matches(r"[A-C]\d", "b4") && !set_matches(r"[A-C]\d", "d4"));
        assert!(set_matches(r"(?-u:[A-Z])", "Q") && !set_matches(r"(?-u:[A-Z])", "1"));
        assert!(!set_matches("stem", "STEP"));
    }

    #[test]
    fn classes_take_all_of_non_ascii_and_keep_their_ascii_part() {
        assert!(set_matches(r"stem\s+cells", "STEM \t cells"));
        assert!(
            set_matches(r"stem\s+cells", "stem\u{2003}cells"),
            "a Unicode space, as before"
        );
        assert!(set_matches(r"stem\s+cells", "stem—cells"), "any non-ASCII now");
        assert!(!set_matches(r"stem\s+cells", "stem-cells"), "ASCII stays exact");
        assert!(set_matches(r"(?-u:\b)grow\w*", "growth") && set_matches(r"(?-u:\b)grow\w*", "growé"));
        assert!(set_matches("^[^.;!?]x", "—x") && !set_matches("^[^.;!?]x", ".x"));
    }

    #[test]
    fn literals_past_ascii_take_any_character_past_ascii() {
        // The pattern alone matches `É` for `é`: the set takes any character there.
        assert!(set_matches("résumé", "RÉSUMÉ") && set_matches("résumé", "r—sum—"));
        assert!(set_matches("명동", "명동 clinic") && !set_matches("명동", "명 clinic"));
        assert!(!set_matches("résumé", "resume"), "never an ASCII letter");
    }

    #[test]
    fn joined_runs_are_one_byte_to_the_set() {
        assert!(set_matches(r"\$\d", "#5") && set_matches(r"\$\d", "\"5"));
        assert!(set_matches(r"[|:]\s*x", "{ x") && set_matches(r"a\|b", "a~b"));
        assert!(
            set_matches(r"stem\s+cells", "stem\x01cells"),
            "controls join white space"
        );
        assert!(set_matches(r"(?-u:[\x22])", "$"), "byte classes too");
        assert!(
            !set_matches(r"\$\d", "%5") && !set_matches(r"a\|b", "a:b"),
            "neighbours stay apart"
        );
        let ranges = |class: &[(u8, u8)]| {
            let class = ClassBytes::new(
                with_joined_runs(class.to_vec())
                    .iter()
                    .map(|&(s, e)| ClassBytesRange::new(s, e)),
            );
            class.ranges().iter().map(|r| (r.start(), r.end())).collect::<Vec<_>>()
        };
        assert_eq!(ranges(&[(b'$', b'%')]), [(b'"', b'%')]);
        assert_eq!(ranges(&[(b'a', b'z')]), [(b'a', b'z')]);
        assert!(splits_joined(&[(b'|', b'|')]) && !splits_joined(&[(b'{', 0x7F)]) && !splits_joined(&[(b'a', b'b')]));
    }

    /// Simple case folding maps exactly two characters past ASCII to ASCII
    /// letters: those the set leaves to the patterns alone.
    #[test]
    fn only_two_characters_fold_into_ascii_letters() {
        let letters = Regex::new("(?i)^[a-z]$").unwrap();
        let folding: Vec<char> = ('\u{80}'..=char::MAX)
            .filter(|c| letters.is_match(c.encode_utf8(&mut [0; 4]).as_bytes()))
            .collect();
        assert_eq!(folding, FOLDED_INTO_ASCII);
    }

    #[test]
    fn shrinks_the_automaton() {
        let states = |hir: &Hir| NFA::compiler().build_from_hir(hir).unwrap().states().len();
        let exact = |pattern: &str| {
            regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .build()
                .parse(pattern)
                .unwrap()
        };
        assert!(states(&widened_hir(r"\w+\s+\d")) * 10 < states(&exact(r"\w+\s+\d")));
        // A case-folded `k` or `s` is three or two bytes besides its ASCII letters.
        assert!(states(&widened_hir("skin ski")) < states(&exact("skin ski")));
    }

    /// An unbounded run is a run of bytes: past ASCII it may take a
    /// character as several, never fewer, and on ASCII it stays exact.
    #[test]
    fn an_unbounded_run_is_one_class_of_bytes() {
        assert!(set_matches(r"stem\s+cells", "stem\u{2003}\u{3000}cells"));
        assert!(
            set_matches(r"x\s{2,}y", "x\u{2003}y"),
            "one character, three bytes: more, as a set may"
        );
        assert!(!set_matches(r"x\s{2,}y", "x y") && set_matches(r"x\s{2,}y", "x  y"));
        assert!(!set_matches(r"x\w*y", "x-y") && set_matches(r"x\w*y", "xéy"));
        let run = widened_hir(r"\s+");
        let HirKind::Repetition(repetition) = run.kind() else {
            panic!("{run:?}")
        };
        let HirKind::Class(Class::Bytes(class)) = repetition.sub.kind() else {
            panic!("{run:?}")
        };
        assert_eq!(class.ranges().last().map(|r| (r.start(), r.end())), Some((0x80, 0xFF)));
        let states = |hir: &Hir| NFA::compiler().build_from_hir(hir).unwrap().states().len();
        let HirKind::Class(Class::Unicode(space)) = parse(r"\s").unwrap().into_kind() else {
            unreachable!()
        };
        let by_character = Hir::repetition(Repetition {
            sub: Box::new(widen_class(&space).unwrap()),
            ..repetition.clone()
        });
        assert!(states(&run) < states(&by_character), "{run:?}");
    }

    #[test]
    fn a_gap_counts_characters_not_bytes() {
        // Three characters of three bytes each fill a gap of three, not of nine.
        assert!(set_matches("x[^.;!?]{0,3}y", "x명동—y"), "three non-ASCII characters");
        assert!(!set_matches("x[^.;!?]{0,3}y", "x명동—ay"), "four characters");
        assert!(
            !set_matches("x[^.;!?]{0,3}y", "x명.y"),
            "ASCII punctuation stays excluded"
        );
        let states = |hir: &Hir| NFA::compiler().build_from_hir(hir).unwrap().states().len();
        let exact = regex_syntax::ParserBuilder::new()
            .build()
            .parse("[^.;!?]{0,60}")
            .unwrap();
        assert!(states(&widened_hir("[^.;!?]{0,60}")) < states(&exact));
    }

    #[test]
    fn lowers_byte_ranges_across_the_letters() {
        let lowered = |ranges: &[(u8, u8)]| -> Vec<(u8, u8)> {
            let class = ClassBytes::new(lower(ranges).iter().map(|&(s, e)| ClassBytesRange::new(s, e)));
            class.ranges().iter().map(|r| (r.start(), r.end())).collect()
        };
        assert_eq!(lowered(&[(b'A', b'Z')]), [(b'a', b'z')]);
        assert_eq!(lowered(&[(b'0', b'C')]), [(b'0', b'@'), (b'a', b'c')]);
        assert_eq!(lowered(&[(b'X', b'c')]), [(b'[', b'c'), (b'x', b'z')]);
        assert_eq!(lowered(&[(0, 0x7F)]), [(0, b'@'), (b'[', 0x7F)]);
        assert_eq!(lowered(&[(b'a', b'z')]), [(b'a', b'z')]);
        assert!(has_upper(&[(b'0', b'C')]) && has_upper(&[(b'Z', b'a')]));
        assert!(!has_upper(&[(0, b'@'), (b'[', 0x7F)]));
    }
}
