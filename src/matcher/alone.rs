//! One pattern compiled to run alone: a forward NFA, its lazy DFA, and a
//! backtracker (or PikeVM, for long texts) for captures and for where an
//! unanchored match starts. It answers as `regex_automata::meta::Regex`
//! would (leftmost-first), without the reverse automata `meta` builds to
//! find a match's start.
//!
//! Why not `meta`: a pattern runs alone mostly from a start its set already
//! found, with one anchored forward search, so the reverse NFA (two thirds of
//! a pattern's NFA states) and its lazy DFA were built for the rare second
//! match in a sentence. Here they are built the first time a pattern needs
//! a match's start. And `meta` compiles each pattern with a new NFA
//! compiler, whose UTF-8 map (10,000 entries) was allocated and filled again
//! for every pattern: a third of compiling them in a profile of 8 MB. Here
//! each thread keeps one compiler.

use std::cell::RefCell;
use std::sync::OnceLock;

use regex_automata::hybrid::dfa::{self as lazy, DFA};
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, WhichCaptures, NFA};
use regex_automata::util::captures::{Captures, GroupInfo};
use regex_automata::util::iter::Searcher;
use regex_automata::{Anchored, Input, Match, MatchKind};
use regex_syntax::hir::Hir;

use super::shared::{Create, Shared};

/// Size limit for one compiled pattern's NFA.
const NFA_SIZE_LIMIT: usize = 1 << 26;

/// The lazy DFA's cache per thread, as `meta` sizes it: capped lower, the
/// patterns that locate disclosures rebuilt their states until the DFA gave
/// up, and a 64 MB run took 20-35% longer.
const DFA_CACHE_CAPACITY: usize = 2 << 20;

thread_local! {
    /// Each thread's NFA compiler, kept between patterns (see the module doc).
    static COMPILER: RefCell<thompson::Compiler> = RefCell::new({
        let mut compiler = thompson::Compiler::new();
        compiler.configure(thompson::Config::new().nfa_size_limit(Some(NFA_SIZE_LIMIT)));
        compiler
    });
}

/// `source` parsed as a pattern alone is: case-insensitive. The error says
/// what is wrong.
pub fn parse(source: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(source)
        .map_err(|err| {
            // A syntax error's message quotes the pattern; its last line says what is wrong.
            let text = err.to_string();
            text.lines().last().unwrap_or(&text).trim().to_string()
        })
}

/// A compiled pattern (see the module doc).
pub struct Pattern {
    source: Box<str>,
    nfa: NFA,
    /// `None` if the NFA is too big for the DFA's cache: the other engines
    /// answer alone.
    dfa: Option<DFA>,
    backtrack: BoundedBacktracker,
    pikevm: PikeVM,
    /// The engines' caches, shared by the threads (see `shared`).
    caches: Shared<Cache>,
    /// The reverse lazy DFA, built the first time a match's start is
    /// needed (`None`: it could not be, the other engines answer).
    reverse: OnceLock<Option<DFA>>,
}

/// One search's caches for a [`Pattern`]'s engines.
struct Cache {
    dfa: Option<lazy::Cache>,
    /// Made on first use, like the reverse DFA.
    reverse: Option<lazy::Cache>,
    backtrack: backtrack::Cache,
    /// Made on first use: only texts too long for the backtracker need it,
    /// and its tables grow with the pattern's states, for every pattern on
    /// every thread (214 of an 8 MB run's 3,858 page faults when made up
    /// front).
    pikevm: Option<pikevm::Cache>,
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pattern")
            .field("states", &self.nfa.states().len())
            .finish()
    }
}

impl Pattern {
    /// Compile `source`, case-insensitive; the error says what is wrong.
    pub fn new(source: &str) -> Result<Pattern, String> {
        Pattern::from_hir(source, &parse(source)?)
    }

    /// Compile `hir`, which is `source` parsed (see [`parse`]), or the
    /// same tree built another way (see `splice`).
    pub fn from_hir(source: &str, hir: &Hir) -> Result<Pattern, String> {
        let nfa = COMPILER.with_borrow(|compiler| {
            compiler.build_from_hir(hir).map_err(|err| match err.size_limit() {
                Some(limit) => format!("compiled pattern exceeds {limit} bytes; simplify it"),
                None => err.to_string(),
            })
        })?;
        let dfa = lazy_dfa(nfa.clone(), MatchKind::LeftmostFirst);
        let backtrack = BoundedBacktracker::builder()
            .build_from_nfa(nfa.clone())
            .map_err(|err| err.to_string())?;
        let pikevm = PikeVM::builder()
            .build_from_nfa(nfa.clone())
            .map_err(|err| err.to_string())?;
        let (d, b) = (dfa.clone(), backtrack.clone());
        let create: Create<Cache> = Box::new(move || Cache {
            dfa: d.as_ref().map(DFA::create_cache),
            reverse: None,
            backtrack: b.create_cache(),
            pikevm: None,
        });
        Ok(Pattern {
            source: source.into(),
            nfa,
            dfa,
            backtrack,
            pikevm,
            caches: Shared::new(create),
            reverse: OnceLock::new(),
        })
    }

    /// The leftmost-first match in `input`, as `meta::Regex::search`.
    pub fn search(&self, input: &Input<'_>) -> Option<Match> {
        let mut cache = self.caches.get();
        self.search_with(&mut cache, input)
    }

    /// The leftmost-first match in `haystack`.
    pub fn find(&self, haystack: &str) -> Option<Match> {
        self.search(&Input::new(haystack))
    }

    fn search_with(&self, cache: &mut Cache, input: &Input<'_>) -> Option<Match> {
        let end = match (&self.dfa, &mut cache.dfa) {
            (Some(dfa), Some(dfa_cache)) => match dfa.try_search_fwd(dfa_cache, input) {
                Ok(None) => return None,
                Ok(Some(end)) => end,
                // The DFA gave up (or met a Unicode word boundary next to
                // text past ASCII): the other engines answer.
                Err(_) => return self.slow_search(cache, input),
            },
            _ => return self.slow_search(cache, input),
        };
        if input.get_anchored().is_anchored() || input.start() == end.offset() {
            return Some(Match::new(end.pattern(), input.start()..end.offset()));
        }
        // The match ends at `end`; where it starts, a reverse search from
        // there says, as in `meta`. (A backtracker over the span before it
        // cost the span's length times the pattern's states, and anchored
        // forward probes at each position a walk each: the 10 MB one-line
        // file, whose sentences hold many matches, took 3.6 and 1.85 s
        // instead of 1.23.)
        let span = input.clone().range(input.start()..end.offset());
        if let Some(reverse) = self.reverse() {
            let reverse_cache = cache.reverse.get_or_insert_with(|| reverse.create_cache());
            if let Ok(Some(start)) = reverse.try_search_rev(reverse_cache, &span.clone().anchored(Anchored::Yes)) {
                return Some(Match::new(end.pattern(), start.offset()..end.offset()));
            }
        }
        // Look-around still sees the whole text, so cutting the span at
        // `end` changes no match that ends by it.
        self.slow_search(cache, &span)
    }

    /// The reverse lazy DFA, built on first use.
    fn reverse(&self) -> Option<&DFA> {
        self.reverse
            .get_or_init(|| {
                let hir = parse(&self.source).ok()?;
                let nfa = thompson::Compiler::new()
                    .configure(
                        thompson::Config::new()
                            .nfa_size_limit(Some(NFA_SIZE_LIMIT))
                            .which_captures(WhichCaptures::None)
                            .reverse(true),
                    )
                    .build_from_hir(&hir)
                    .ok()?;
                // All matches, so the search backwards finds the leftmost start.
                lazy_dfa(nfa, MatchKind::All)
            })
            .as_ref()
    }

    /// This thread's PikeVM cache, made the first time it is needed.
    fn pikevm_cache<'c>(&self, cache: &'c mut Cache) -> &'c mut pikevm::Cache {
        cache.pikevm.get_or_insert_with(|| self.pikevm.create_cache())
    }

    /// The match in `input` by backtracking, or the PikeVM where the text is
    /// too long for the backtracker's bounds (as `meta` chooses).
    fn slow_search(&self, cache: &mut Cache, input: &Input<'_>) -> Option<Match> {
        let mut slots = [None, None];
        let pid = if input.get_span().len() <= self.backtrack.max_haystack_len() {
            self.backtrack
                .try_search_slots(&mut cache.backtrack, input, &mut slots)
                .expect("the haystack is within the backtracker's bounds")
        } else {
            self.pikevm.search_slots(self.pikevm_cache(cache), input, &mut slots)
        }?;
        let (start, end) = (slots[0]?.get(), slots[1]?.get());
        Some(Match::new(pid, start..end))
    }

    /// Every leftmost-first match in `input`, in order, as
    /// `meta::Regex::find_iter` (an empty match never follows a match at the
    /// same place).
    pub fn find_iter<'r, 'h>(&'r self, input: impl Into<Input<'h>>) -> impl Iterator<Item = Match> + 'r
    where
        'h: 'r,
    {
        let mut cache = self.caches.get();
        Searcher::new(input.into())
            .into_matches_iter(move |input| Ok(self.search_with(&mut cache, input)))
            .infallible()
    }

    /// Whether `haystack` holds a match.
    pub fn is_match(&self, haystack: &str) -> bool {
        let input = Input::new(haystack).earliest(true);
        let mut cache = self.caches.get();
        let cache = &mut *cache;
        if let (Some(dfa), Some(dfa_cache)) = (&self.dfa, &mut cache.dfa) {
            if let Ok(found) = dfa.try_search_fwd(dfa_cache, &input) {
                return found.is_some();
            }
        }
        self.slow_search(cache, &input).is_some()
    }

    /// Fill `caps` with the leftmost-first match in `input` and its groups.
    pub fn captures(&self, input: Input<'_>, caps: &mut Captures) {
        caps.set_pattern(None);
        let mut cache = self.caches.get();
        let Some(found) = self.search_with(&mut cache, &input) else {
            return;
        };
        // Captures on the match's own span, anchored: the backtracker (or
        // the PikeVM) only reads the match.
        let exact = input.clone().span(found.start()..found.end()).anchored(Anchored::Yes);
        if exact.get_span().len() <= self.backtrack.max_haystack_len() {
            self.backtrack
                .try_captures(&mut cache.backtrack, exact, caps)
                .expect("the haystack is within the backtracker's bounds");
        } else {
            self.pikevm.captures(self.pikevm_cache(&mut cache), exact, caps);
        }
    }

    /// Room for this pattern's groups.
    pub fn create_captures(&self) -> Captures {
        Captures::all(self.nfa.group_info().clone())
    }

    /// The pattern's groups and their names.
    pub fn group_info(&self) -> &GroupInfo {
        self.nfa.group_info()
    }
}

/// The lazy DFA of `nfa`, configured as `meta` configures it (it gives up
/// when its cache keeps filling, and the other engines answer); `None` if
/// the NFA is too big for its cache.
fn lazy_dfa(nfa: NFA, kind: MatchKind) -> Option<DFA> {
    DFA::builder()
        .configure(
            DFA::config()
                .match_kind(kind)
                .unicode_word_boundary(true)
                .cache_capacity(DFA_CACHE_CAPACITY)
                .minimum_cache_clear_count(Some(3))
                .minimum_bytes_per_state(Some(10)),
        )
        .build_from_nfa(nfa)
        .ok()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use regex_automata::meta::Regex;

    use super::*;

    /// Pieces of patterns: literals, classes, gaps, alternations,
    /// repetitions, anchors, word boundaries, groups.
    fn piece() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("a".to_string()),
            Just("ab".to_string()),
            Just("b".to_string()),
            Just("é".to_string()),
            Just(r"\s+".to_string()),
            Just(r"\w".to_string()),
            Just(r"[^.;]{0,3}?".to_string()),
            Just(r"(?-u:\b)".to_string()),
            Just(r"\b".to_string()),
            Just("^".to_string()),
            Just("$".to_string()),
            Just(r"\d".to_string()),
            Just("".to_string()),
        ];
        leaf.prop_recursive(3, 12, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
                prop::collection::vec(inner.clone(), 2..4).prop_map(|v| format!("(?:{})", v.join("|"))),
                inner.clone().prop_map(|p| format!("({p})?")),
                inner.clone().prop_map(|p| format!("(?:{p})*")),
                inner.prop_map(|p| format!("(?:{p}){{1,2}}?")),
            ]
        })
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec!["a", "b", "A", "é", "É", " ", ".", "1", "ab", "—"]),
            0..12,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        /// Every answer is `meta`'s: matches, starts, anchored searches,
        /// captures, and whether anything matches.
        #[test]
        fn answers_as_meta(pattern in piece(), text in text(), at in 0usize..14) {
            let ours = Pattern::new(&pattern).unwrap();
            let meta = Regex::builder()
                .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
                .build(&pattern)
                .unwrap();
            let found: Vec<Match> = ours.find_iter(text.as_str()).collect();
            let expected: Vec<Match> = meta.find_iter(text.as_str()).collect();
            prop_assert_eq!(found, expected);
            prop_assert_eq!(ours.is_match(&text), meta.is_match(&text));
            let at = (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            let anchored = Input::new(text.as_str()).range(at..).anchored(Anchored::Yes);
            prop_assert_eq!(ours.search(&anchored), meta.search(&anchored));
            let (mut a, mut b) = (ours.create_captures(), meta.create_captures());
            ours.captures(Input::new(text.as_str()), &mut a);
            meta.captures(Input::new(text.as_str()), &mut b);
            prop_assert_eq!(a.get_match(), b.get_match());
            prop_assert_eq!(a.iter().collect::<Vec<_>>(), b.iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn long_texts_take_the_pikevm_and_agree() {
        let pattern = r"(?P<d>\d+)\s+weeks?";
        let text = format!("{} in 12 weeks", "filler ".repeat(40_000));
        let ours = Pattern::new(pattern).unwrap();
        let meta = Regex::new(&format!("(?i){pattern}")).unwrap();
        assert!(text.len() > ours.backtrack.max_haystack_len());
        assert_eq!(
            ours.find_iter(text.as_str()).collect::<Vec<_>>(),
            meta.find_iter(text.as_str()).collect::<Vec<_>>()
        );
        let (mut a, mut b) = (ours.create_captures(), meta.create_captures());
        ours.captures(Input::new(text.as_str()), &mut a);
        meta.captures(Input::new(text.as_str()), &mut b);
        assert_eq!(a.get_group_by_name("d"), b.get_group_by_name("d"));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert_eq!(Pattern::new("(unclosed").unwrap_err(), "error: unclosed group");
        assert!(Pattern::new(r"\w{1000}{1000}").unwrap_err().contains("exceeds"));
    }
}
