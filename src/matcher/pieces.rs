//! A pattern split at its gaps, for the set: the pieces that must all be
//! found in a sentence for the pattern to match there.
//!
//! Many patterns find two things near each other: "evidence … limited",
//! `{result}` and, a few words on, `{duration}`. Searched whole, each walk
//! of the set's automaton that starts at "results" goes on through the gap
//! (`[^.;!?]{0,60}?`, `(?:{word}+\s+){0,3}?`) until every such pattern has
//! given up: in the 8 MB corpus, walks longer than 16 bytes were 57% of
//! the automaton's steps, 2.15 steps per byte of text. Split, the set
//! searches for the pieces on either side of each gap, each walk ends with
//! its piece, and a pattern is reported when all of one of its ways to
//! match (a [`Term`]) were found. That is a superset of where it matches
//! (the gap's bounds and the pieces' order are not checked), which is all
//! the set promises: the pattern alone confirms each report.
//!
//! A gap is a repetition that spans words (it takes letters and spaces),
//! many characters or a word at a time: `[^.;!?]{0,60}?`,
//! `(?:{word}+\s+){0,3}?`. The rest of a word (`regrow{letter}*`), white
//! space and short optional parts (`(?:s|es)?`) are not gaps: the walks
//! through them are short, and split there, pieces like "regrow" would be
//! found in more sentences than the pattern, each report costing a search
//! with the pattern alone.
//!
//! The set also checks the pieces' order, as far as where each first and
//! last matched tells it (see [`Plan::patterns`]): without that, pieces
//! found apart made 18% more reports, each a search with the pattern
//! alone, and took back most of what the shorter walks saved.
//!
//! Measured on the 8 MB corpus: 13.1 M steps of the automaton where there
//! were 18.9 M, for 162 k reports where there were 159 k; 512 pieces of
//! 334 patterns, 110 k NFA states where there were 125 k.

use std::borrow::{Borrow, Cow};
use std::collections::HashMap;

use regex_syntax::hir::{Class, Hir, HirKind, Look, Repetition};

/// A repetition that spans words and may take this many times its part or
/// more (or without bound) is a gap.
const GAP_REPEATS: u32 = 8;

/// At most this many terms for one node: past it the node is kept whole.
const MAX_TERMS: usize = 16;

/// One way for a pattern to match: its pieces, in order, each of which
/// must match (anchored) somewhere in the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub pieces: Vec<Hir>,
    /// Whether the match may start before the first piece (it starts with
    /// a gap, or with a part that may match nothing).
    pub leading_gap: bool,
}

/// `hir`'s terms: it matches in a text only if all the pieces of one of
/// them do. One term of one piece, `hir` itself, if it has no gap.
pub fn split(hir: Hir) -> Vec<Term> {
    let terms: Option<Vec<Term>> = sequences(&hir).0.and_then(|ways| ways.into_iter().map(term).collect());
    terms.unwrap_or_else(|| {
        vec![Term {
            pieces: vec![hir],
            leading_gap: false,
        }]
    })
}

/// Whether `hir` has a gap the set splits it at.
#[cfg(test)]
pub fn has_gap(hir: &Hir) -> bool {
    sequences(hir).0.is_some()
}

/// A part of a way to match: a piece (the pattern's nodes in a row), or a
/// gap between pieces (what the pattern has there). Borrowed: a piece is
/// copied out of the pattern once, when its term is made.
#[derive(Clone)]
enum Part<'h> {
    Piece(Vec<&'h Hir>),
    Gap(Cow<'h, Hir>),
}

/// The ways a node can match, each a sequence of pieces and gaps.
type Ways<'h> = Vec<Vec<Part<'h>>>;

/// What a node can take, gathered on the way up so that telling a gap
/// needs no second walk of the tree.
#[derive(Clone, Copy, Default)]
struct Takes {
    letters: bool,
    spaces: bool,
    /// It holds an unbounded repetition of letters (`{word}+`).
    words: bool,
}

impl Takes {
    /// What a literal or class takes.
    fn of_leaf(hir: &Hir) -> Takes {
        Takes {
            letters: takes_letters(hir),
            spaces: takes_in(hir, b' ', b' '),
            words: false,
        }
    }

    fn or(self, other: Takes) -> Takes {
        Takes {
            letters: self.letters || other.letters,
            spaces: self.spaces || other.spaces,
            words: self.words || other.words,
        }
    }
}

/// The ways `hir` can match, each a sequence of pieces and gaps (`None` if
/// it has no gap: it is one piece; or if splitting it would make more than
/// [`MAX_TERMS`] ways), and what it takes.
fn sequences(hir: &Hir) -> (Option<Ways<'_>>, Takes) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => (None, Takes::default()),
        HirKind::Literal(_) | HirKind::Class(_) => (None, Takes::of_leaf(hir)),
        HirKind::Capture(capture) => sequences(&capture.sub),
        HirKind::Repetition(repetition) => {
            let (inner, sub) = sequences(&repetition.sub);
            let takes = Takes {
                words: sub.words || (repetition.max.is_none() && sub.letters),
                ..sub
            };
            // A gap takes letters and spaces (it spans words), many times
            // or a word at a time.
            let gap = sub.letters && sub.spaces && (repetition.max.is_none_or(|max| max >= GAP_REPEATS) || sub.words);
            (repeated(hir, repetition, gap, inner), takes)
        }
        HirKind::Concat(parts) => {
            let (split, takes) = each_split(parts);
            (split.and_then(|split| concatenated(parts, split)), takes)
        }
        HirKind::Alternation(branches) => {
            let (split, takes) = each_split(branches);
            (split.and_then(|split| alternated(branches, split)), takes)
        }
    }
}

/// The ways of a repetition (`hir`), a gap or holding some (`inner`).
fn repeated<'h>(hir: &'h Hir, repetition: &'h Repetition, gap: bool, inner: Option<Ways<'h>>) -> Option<Ways<'h>> {
    if gap {
        return Some(vec![vec![Part::Gap(Cow::Borrowed(hir))]]);
    }
    let inner = inner?;
    if repetition.min == 0 {
        // It may be left out: all it promises is a gap.
        return Some(vec![vec![Part::Gap(Cow::Borrowed(hir))]]);
    }
    // One copy, then the others.
    let others = Hir::repetition(Repetition {
        min: repetition.min - 1,
        max: repetition.max.map(|max| max - 1),
        greedy: repetition.greedy,
        sub: repetition.sub.clone(),
    });
    Some(
        inner
            .into_iter()
            .map(|mut way| {
                way.push(Part::Gap(Cow::Owned(others.clone())));
                way
            })
            .collect(),
    )
}

/// The ways of a concatenation: each way of each part after each way of
/// the parts before it.
fn concatenated<'h>(parts: &'h [Hir], split: Vec<Option<Ways<'h>>>) -> Option<Ways<'h>> {
    let mut ways: Ways<'h> = vec![Vec::new()];
    for (part, split) in parts.iter().zip(split) {
        let options = split.unwrap_or_else(|| vec![vec![Part::Piece(vec![part])]]);
        if ways.len() * options.len() > MAX_TERMS {
            return None;
        }
        ways = ways
            .iter()
            .flat_map(|way| options.iter().map(move |option| joined(way, option)))
            .collect();
    }
    Some(ways)
}

/// The ways of an alternation: each branch's.
fn alternated<'h>(branches: &'h [Hir], split: Vec<Option<Ways<'h>>>) -> Option<Ways<'h>> {
    let mut ways = Vec::new();
    for (branch, split) in branches.iter().zip(split) {
        ways.extend(split.unwrap_or_else(|| vec![vec![Part::Piece(vec![branch])]]));
        if ways.len() > MAX_TERMS {
            return None;
        }
    }
    Some(ways)
}

/// The ways of each of `parts` (see [`sequences`]), `None` if none of them
/// has a gap (without allocating: that is most of a pattern's nodes), and
/// what they take.
fn each_split(parts: &[Hir]) -> (Option<Vec<Option<Ways<'_>>>>, Takes) {
    let mut split: Option<Vec<_>> = None;
    let mut takes = Takes::default();
    for (i, part) in parts.iter().enumerate() {
        let (ways, part_takes) = sequences(part);
        takes = takes.or(part_takes);
        match (&mut split, ways) {
            (Some(all), ways) => all.push(ways),
            (None, Some(ways)) => {
                let mut all = Vec::with_capacity(parts.len());
                all.resize_with(i, || None);
                all.push(Some(ways));
                split = Some(all);
            }
            (None, None) => {}
        }
    }
    (split, takes)
}

/// `way` then `then`, the piece that ends one and the piece that begins the
/// other run together.
fn joined<'h>(way: &[Part<'h>], then: &[Part<'h>]) -> Vec<Part<'h>> {
    let mut out = way.to_vec();
    for part in then {
        match (out.last_mut(), part) {
            (Some(Part::Piece(last)), Part::Piece(next)) => last.extend(next),
            _ => out.push(part.clone()),
        }
    }
    out
}

/// A sequence as a term: pieces that may match nothing are gaps too (the
/// set cannot look for them). `None` if no piece is left.
///
/// A piece after the first loses the white space and optional parts it
/// begins with (`\s+` after a gap of words): it would start a walk at every
/// space. Where what comes before it in the pattern must end outside a
/// word, it starts with that look instead (`\b{start-half}`): without it,
/// "see" would start a walk inside every word holding an "s". The first
/// piece keeps its beginning, as the pattern whole began with it.
fn term(sequence: Vec<Part<'_>>) -> Option<Term> {
    let mut pieces: Vec<Hir> = Vec::new();
    let mut leading_gap = false;
    // What came since the last piece (gaps, pieces that may match nothing).
    let mut between: Vec<Hir> = Vec::new();
    // Whether the byte before the current part is surely not a word byte.
    let mut outside_word = false;
    for part in sequence {
        let hir = match part {
            Part::Gap(hir) => hir.into_owned(),
            Part::Piece(nodes) => {
                let whole = |nodes: &[&Hir]| Hir::concat(nodes.iter().map(|&node| node.clone()).collect());
                if nodes.iter().all(|node| may_be_empty(node)) {
                    whole(&nodes)
                } else if pieces.is_empty() && between.is_empty() {
                    outside_word = run_ends_outside_words(&nodes);
                    pieces.push(whole(&nodes));
                    continue;
                } else {
                    let alone = trimmed_run(&nodes, outside_word);
                    outside_word = run_ends_outside_words(&nodes);
                    match pieces.last_mut() {
                        // A piece that may start inside a word ("free" in
                        // `[^.;!?]{0,80}?(?:free|refund)`) would start a
                        // walk at every "f": it stays joined to the piece
                        // before.
                        Some(last) if !starts_at_edge(&alone) => {
                            let joined = std::iter::once(std::mem::replace(last, Hir::empty()))
                                .chain(between.drain(..))
                                .chain(nodes.iter().map(|&node| node.clone()));
                            *last = Hir::concat(joined.collect());
                        }
                        _ if may_be_empty(&alone) => between.push(whole(&nodes)),
                        _ => {
                            between.clear();
                            pieces.push(alone);
                        }
                    }
                    continue;
                }
            }
        };
        leading_gap |= pieces.is_empty();
        outside_word = after(outside_word, &hir);
        between.push(hir);
    }
    (!pieces.is_empty()).then_some(Term { pieces, leading_gap })
}

/// Whether the byte after `hir` is surely not a word byte, given whether
/// the byte before it is.
fn after(outside_word: bool, hir: &Hir) -> bool {
    ends_outside_words(hir) && (outside_word || !may_be_empty(hir))
}

fn may_be_empty(hir: &Hir) -> bool {
    hir.properties().minimum_len().is_none_or(|n| n == 0)
}

/// Whether `hir` can only start at the edge of a word or of the text, or
/// with a character other than a letter or digit.
fn starts_at_edge(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Look(look) => matches!(
            look,
            Look::Start
                | Look::StartLF
                | Look::StartCRLF
                | Look::WordAscii
                | Look::WordUnicode
                | Look::WordStartAscii
                | Look::WordStartUnicode
                | Look::WordStartHalfAscii
                | Look::WordStartHalfUnicode
        ),
        HirKind::Literal(literal) => literal.0.first().is_some_and(|b| !b.is_ascii_alphanumeric()),
        HirKind::Class(_) => !takes_alphanumerics(hir),
        HirKind::Repetition(r) => r.min > 0 && starts_at_edge(&r.sub),
        HirKind::Capture(c) => starts_at_edge(&c.sub),
        HirKind::Concat(parts) => parts.first().is_some_and(starts_at_edge),
        HirKind::Alternation(branches) => branches.iter().all(starts_at_edge),
        HirKind::Empty => false,
    }
}

/// `hir` without the optional parts and the repetitions of characters
/// other than letters and digits (white space, dashes) it begins with, in
/// each of its branches (`need` of `(?:'ll|\s+will)?\s+(?:ever\s+)?need`),
/// and starting with `\b{start-half}` where the byte before it is surely
/// not a word byte (`outside_word` says so of the byte before `hir`).
fn trimmed(hir: &Hir, outside_word: bool) -> Hir {
    let after_word_edge = |hir: Hir| match outside_word {
        true => Hir::concat(vec![Hir::look(Look::WordStartHalfAscii), hir]),
        false => hir,
    };
    match hir.kind() {
        HirKind::Repetition(_) if skipped(hir) => Hir::empty(),
        HirKind::Capture(c) => trimmed(&c.sub, outside_word),
        HirKind::Alternation(branches) => {
            Hir::alternation(branches.iter().map(|branch| trimmed(branch, outside_word)).collect())
        }
        HirKind::Concat(parts) => trimmed_run(parts, outside_word),
        _ => after_word_edge(hir.clone()),
    }
}

/// [`trimmed`] of the nodes of a run, concatenated.
fn trimmed_run<H: Borrow<Hir>>(parts: &[H], outside_word: bool) -> Hir {
    let skip = parts.iter().take_while(|&part| skipped(part.borrow())).count();
    let outside = parts[..skip]
        .iter()
        .fold(outside_word, |outside, part| after(outside, part.borrow()));
    let Some((first, rest)) = parts[skip..].split_first() else {
        return Hir::empty();
    };
    let trimmed = std::iter::once(trimmed(first.borrow(), outside));
    Hir::concat(trimmed.chain(rest.iter().map(|part| part.borrow().clone())).collect())
}

/// Whether a node at the start of a piece after a gap is left out (see
/// [`trimmed`]).
fn skipped(part: &Hir) -> bool {
    matches!(part.kind(), HirKind::Repetition(r) if r.min == 0 || !takes_alphanumerics(&r.sub))
}

/// Whether every non-empty match of `hir` ends with a byte that is not an
/// ASCII word byte (`[0-9A-Za-z_]`; bytes past ASCII are not).
fn ends_outside_words(hir: &Hir) -> bool {
    const WORD: [(u8, u8); 4] = [(b'0', b'9'), (b'A', b'Z'), (b'_', b'_'), (b'a', b'z')];
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(literal) => literal
            .0
            .last()
            .is_some_and(|b| !WORD.iter().any(|&(lo, hi)| (lo..=hi).contains(b))),
        HirKind::Class(class) => !WORD.iter().any(|&(lo, hi)| class_takes(class, lo, hi)),
        HirKind::Repetition(r) => ends_outside_words(&r.sub),
        HirKind::Capture(c) => ends_outside_words(&c.sub),
        HirKind::Alternation(branches) => branches.iter().all(ends_outside_words),
        HirKind::Concat(parts) => run_ends_outside_words(parts),
    }
}

/// [`ends_outside_words`] of the nodes of a run, concatenated: the last
/// node that must match something, and every node after it, do.
fn run_ends_outside_words<H: Borrow<Hir>>(parts: &[H]) -> bool {
    let last = parts.iter().rposition(|part| !may_be_empty(part.borrow())).unwrap_or(0);
    parts[last..].iter().all(|part| ends_outside_words(part.borrow()))
}

/// Whether `hir` can match an ASCII letter or digit somewhere.
fn takes_alphanumerics(hir: &Hir) -> bool {
    takes_letters(hir) || takes_in(hir, b'0', b'9')
}

/// Whether `hir` can match an ASCII letter somewhere.
fn takes_letters(hir: &Hir) -> bool {
    takes_in(hir, b'a', b'z') || takes_in(hir, b'A', b'Z')
}

/// Whether `hir` can match a character in `lo..=hi` (ASCII) somewhere.
fn takes_in(hir: &Hir, lo: u8, hi: u8) -> bool {
    match hir.kind() {
        HirKind::Literal(literal) => literal.0.iter().any(|b| (lo..=hi).contains(b)),
        HirKind::Class(class) => class_takes(class, lo, hi),
        HirKind::Repetition(r) => takes_in(&r.sub, lo, hi),
        HirKind::Capture(c) => takes_in(&c.sub, lo, hi),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().any(|part| takes_in(part, lo, hi)),
        HirKind::Empty | HirKind::Look(_) => false,
    }
}

/// Whether `class` holds a character (or byte) in `lo..=hi` (ASCII).
fn class_takes(class: &Class, lo: u8, hi: u8) -> bool {
    let overlaps = |start: u32, end: u32| start <= u32::from(hi) && end >= u32::from(lo);
    match class {
        Class::Unicode(class) => class
            .ranges()
            .iter()
            .any(|r| overlaps(r.start().into(), r.end().into())),
        Class::Bytes(class) => class
            .ranges()
            .iter()
            .any(|r| overlaps(r.start().into(), r.end().into())),
    }
}

/// Which pieces make which patterns: the set's automaton searches for the
/// pieces (each once, however many patterns share it), and a pattern is
/// reported when all the pieces of one of its terms were found.
#[derive(Debug)]
pub struct Plan {
    terms: Vec<PlannedTerm>,
    /// Per piece, the fewest bytes it matches.
    shortest: Vec<usize>,
    /// Per piece, the terms it is the first piece of: a term is checked
    /// when its first piece is found.
    first_of: Vec<Vec<u32>>,
}

#[derive(Debug)]
struct PlannedTerm {
    pattern: u32,
    pieces: Box<[u32]>,
    leading_gap: bool,
}

impl Plan {
    /// The plan for patterns split into `terms` (one list per pattern), and
    /// the distinct pieces, numbered as the plan numbers them.
    pub fn new(patterns: Vec<Vec<Term>>) -> (Plan, Vec<Hir>) {
        let mut pieces: Vec<Hir> = Vec::new();
        // Pieces by their hash, each with its number: the same piece (a
        // `{duration}` and what follows it) often ends several patterns.
        let mut numbers: HashMap<u64, Vec<u32>> = HashMap::new();
        let mut terms = Vec::new();
        let mut first_of: Vec<Vec<u32>> = Vec::new();
        for (pattern, list) in patterns.into_iter().enumerate() {
            for term in list {
                let ids: Box<[u32]> = term
                    .pieces
                    .into_iter()
                    .map(|piece| {
                        let same = numbers.entry(hash_of(&piece)).or_default();
                        if let Some(&known) = same.iter().find(|&&n| pieces[n as usize] == piece) {
                            return known;
                        }
                        let number = u32::try_from(pieces.len()).expect("pieces fit in u32");
                        same.push(number);
                        pieces.push(piece);
                        first_of.push(Vec::new());
                        number
                    })
                    .collect();
                let id = u32::try_from(terms.len()).expect("terms fit in u32");
                first_of[ids[0] as usize].push(id);
                terms.push(PlannedTerm {
                    pattern: u32::try_from(pattern).expect("patterns fit in u32"),
                    pieces: ids,
                    leading_gap: term.leading_gap,
                });
            }
        }
        let shortest = pieces
            .iter()
            .map(|p| p.properties().minimum_len().unwrap_or(0))
            .collect();
        (
            Plan {
                terms,
                shortest,
                first_of,
            },
            pieces,
        )
    }

    /// The patterns whose terms the pieces `found` complete, into `out`
    /// ascending, each with where its match may start: the first piece's
    /// start, or `None` if the match may start before it.
    ///
    /// A term is complete when each of its pieces was found, each after
    /// the first time the one before it was (the last time a piece matched
    /// lies after where the piece before it first ended): in a sentence
    /// that holds each piece once, the pieces' order is checked.
    pub fn patterns(&self, found: &Found, out: &mut Vec<(usize, Option<usize>)>) {
        for &piece in &found.list {
            for &t in &self.first_of[piece] {
                let term = &self.terms[t as usize];
                let mut after = 0;
                let in_order = term.pieces.iter().all(|&p| {
                    let p = p as usize;
                    let ok = found.first[p] != usize::MAX && found.last[p] >= after;
                    after = found.first[p].saturating_add(self.shortest[p]);
                    ok
                });
                if in_order {
                    out.push((term.pattern as usize, (!term.leading_gap).then_some(found.first[piece])));
                }
            }
        }
        // Sorted, a pattern's `None` comes before its starts, and the
        // earliest start before the others: the first of each is its answer.
        out.sort_unstable();
        out.dedup_by_key(|&mut (pattern, _)| pattern);
    }
}

/// The pieces found in one sentence, and where each first and last
/// matched from.
#[derive(Debug, Clone)]
pub struct Found {
    /// Per piece, where it first matched (`usize::MAX`: it did not).
    first: Vec<usize>,
    last: Vec<usize>,
    /// The pieces found, in the order they were.
    list: Vec<usize>,
}

impl Found {
    /// None found yet, of `pieces`.
    pub fn new(pieces: usize) -> Found {
        Found {
            first: vec![usize::MAX; pieces],
            last: vec![0; pieces],
            list: Vec::new(),
        }
    }

    /// Piece `piece` matched from `from` (positions ascending).
    pub fn record(&mut self, piece: usize, from: usize) {
        if self.first[piece] == usize::MAX {
            self.first[piece] = from;
            self.list.push(piece);
        }
        self.last[piece] = from;
    }

    /// Forget the pieces found, for the next sentence.
    pub fn clear(&mut self) {
        for &piece in &self.list {
            self.first[piece] = usize::MAX;
        }
        self.list.clear();
    }
}

/// A hash of `hir`'s lengths and the top of its tree (the parser's tree
/// has no `Hash`): pieces that differ mostly differ there, and the few that
/// share a hash are compared whole.
fn hash_of(hir: &Hir) -> u64 {
    fn mix(state: u64, value: u64) -> u64 {
        (state.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
    }
    fn walk(hir: &Hir, depth: u32, state: u64) -> u64 {
        let state = match hir.kind() {
            HirKind::Empty => mix(state, 1),
            HirKind::Literal(literal) => literal.0.iter().fold(mix(state, 2), |s, &b| mix(s, b.into())),
            HirKind::Class(_) => mix(state, 3),
            HirKind::Look(look) => mix(mix(state, 4), look.as_repr().into()),
            HirKind::Repetition(r) => mix(mix(mix(state, 5), r.min.into()), r.max.map_or(u64::MAX, u64::from)),
            HirKind::Capture(_) => mix(state, 6),
            HirKind::Concat(_) => mix(state, 7),
            HirKind::Alternation(_) => mix(state, 8),
        };
        if depth == 0 {
            return state;
        }
        match hir.kind() {
            HirKind::Repetition(r) => walk(&r.sub, depth - 1, state),
            HirKind::Capture(c) => walk(&c.sub, depth - 1, state),
            HirKind::Concat(parts) | HirKind::Alternation(parts) => parts
                .iter()
                .fold(mix(state, parts.len() as u64), |s, part| walk(part, depth - 1, s)),
            _ => state,
        }
    }
    let props = hir.properties();
    let lengths = mix(
        props.minimum_len().map_or(u64::MAX, |n| n as u64),
        props.maximum_len().map_or(u64::MAX, |n| n as u64),
    );
    walk(hir, 3, lengths)
}

#[cfg(test)]
mod tests {
    use regex_automata::meta::Regex;

    use super::super::widen::widened_hir;
    use super::*;

    /// `pattern` as the set takes it (lowered, widened), split.
    fn terms(pattern: &str) -> Vec<Term> {
        split(widened_hir(pattern))
    }

    /// Whether `piece` matches somewhere in `text` (lower case, as the set reads it).
    fn finds(piece: &Hir, text: &str) -> bool {
        Regex::builder()
            .build_from_hir(piece)
            .expect("a piece compiles")
            .is_match(text)
    }

    #[test]
    fn a_pattern_without_gaps_is_one_piece() {
        for pattern in [
            r"\bguaranteed\s+results\b",
            r"\bregrow[a-z]*\b",
            r"\bno\s+(?:more\s+)?pills",
        ] {
            let hir = widened_hir(pattern);
            assert_eq!(
                split(hir.clone()),
                [Term {
                    pieces: vec![hir],
                    leading_gap: false
                }],
                "{pattern}"
            );
        }
    }

    #[test]
    fn splits_where_a_gap_spans_words() {
        let [term] = &terms(r"(?-u:\b)evidence(?-u:\b)[^.;!?]{0,60}?(?-u:\b)limited")[..] else {
            panic!("one term");
        };
        assert!(!term.leading_gap);
        let [first, second] = &term.pieces[..] else {
            panic!("two pieces")
        };
        assert!(finds(first, "the evidence") && !finds(first, "limited"));
        assert!(finds(second, "is limited") && !finds(second, "evidence"));
    }

    /// After a gap of words, a piece starts at the next word: without its
    /// white space, and only where a word begins.
    #[test]
    fn a_piece_after_words_starts_where_a_word_does() {
        let [term] = &terms(r"(?-u:\b)not\s+(?:[a-z]+\s+){0,3}?(?:candidates?|suitable)")[..] else {
            panic!("one term");
        };
        let [_, second] = &term.pieces[..] else {
            panic!("two pieces")
        };
        assert!(finds(second, "all candidates"));
        assert!(finds(second, "candidates"), "at the start of the text");
        assert!(!finds(second, "noncandidates"), "inside a word");
        assert_eq!(
            second.properties().minimum_len(),
            Some("suitable".len().min("candidate".len()))
        );
    }

    /// "free" in "carefree" would start a walk at every "f" of the text:
    /// a piece that may start inside a word stays joined to the one before.
    #[test]
    fn a_piece_that_may_start_inside_a_word_stays_joined() {
        let pattern = r"(?-u:\b)if(?-u:\b)[^.;!?]{0,80}?(?:free|refund)";
        assert_eq!(
            terms(pattern),
            [Term {
                pieces: vec![widened_hir(pattern)],
                leading_gap: false
            }]
        );
    }

    #[test]
    fn each_branch_with_a_gap_is_a_term() {
        let found = terms(r"(?:(?-u:\b)see(?-u:\b)[^.;!?]{0,20}?(?-u:\b)results|(?-u:\b)guaranteed)");
        let shapes: Vec<usize> = found.iter().map(|t| t.pieces.len()).collect();
        assert_eq!(shapes, [2, 1]);
    }

    /// A pattern that may begin with its gap does not say where its match
    /// starts.
    #[test]
    fn a_leading_gap_is_said() {
        let [term] = &terms(r"[^.;!?]{0,20}?(?-u:\b)weeks")[..] else {
            panic!("one term")
        };
        assert!(term.leading_gap);
        assert!(finds(&term.pieces[0], "in weeks"));
    }

    #[test]
    fn too_many_ways_keep_the_pattern_whole() {
        let branch = r"(?:(?-u:\b)a(?-u:\b)[^.;!?]{0,20}?(?-u:\b)b|(?-u:\b)c(?-u:\b)[^.;!?]{0,20}?(?-u:\b)d)";
        let pattern = branch.repeat(5);
        assert_eq!(terms(&pattern).len(), 1);
        assert_eq!(terms(&branch.repeat(2)).len(), 4);
    }

    /// Shared pieces are searched for once; a pattern is reported once
    /// all the pieces of one of its terms were found, from its first
    /// piece's start (or from nowhere known, after a leading gap).
    #[test]
    fn the_plan_reports_patterns_whose_pieces_were_all_found() {
        let piece = |p: &str| widened_hir(p);
        let (evidence, limited, weeks) = (piece(r"\bevidence"), piece(r"\blimited"), piece(r"\bweeks"));
        let (plan, pieces) = Plan::new(vec![
            vec![Term {
                pieces: vec![evidence.clone(), limited.clone()],
                leading_gap: false,
            }],
            vec![Term {
                pieces: vec![limited.clone()],
                leading_gap: false,
            }],
            vec![
                Term {
                    pieces: vec![weeks.clone()],
                    leading_gap: false,
                },
                Term {
                    pieces: vec![limited],
                    leading_gap: true,
                },
            ],
        ]);
        assert_eq!(pieces, [evidence, piece(r"\blimited"), weeks]);
        let mut found = Found::new(pieces.len());
        let mut report = |matched: &[(usize, usize)]| {
            matched.iter().for_each(|&(p, from)| found.record(p, from));
            let mut out = Vec::new();
            plan.patterns(&found, &mut out);
            found.clear();
            out
        };
        assert_eq!(report(&[(0, 0), (1, 9)]), [(0, Some(0)), (1, Some(9)), (2, None)]);
        assert_eq!(report(&[(0, 3)]), []);
        assert_eq!(report(&[(2, 5)]), [(2, Some(5))]);
        assert_eq!(report(&[(1, 0), (2, 5)]), [(1, Some(0)), (2, None)]);
        // "limited" only before "evidence" ends: pattern 0 cannot match.
        assert_eq!(report(&[(1, 0), (0, 9)]), [(1, Some(0)), (2, None)]);
        assert_eq!(
            report(&[(0, 0), (1, 4)]),
            [(1, Some(4)), (2, None)],
            "inside 'evidence'"
        );
        assert_eq!(
            report(&[(0, 0), (1, 8)]),
            [(0, Some(0)), (1, Some(8)), (2, None)],
            "right after it"
        );
        // A later "limited" will do, and the earliest "evidence" is the start.
        assert_eq!(
            report(&[(1, 0), (0, 9), (0, 30), (1, 40)]),
            [(0, Some(9)), (1, Some(0)), (2, None)]
        );
    }
}
