//! Patterns run together: one pass over a sentence says which of them match
//! in it; only those then run alone, to find where and what they captured.
//!
//! The set is one lazy DFA over every pattern, searched *anchored* at each
//! character of the sentence: from each position it follows the patterns
//! that can start there until none can go on. A pattern matches somewhere
//! in the sentence exactly when it matches from one of those positions.
//!
//! The automaton is built from the patterns lowered and widened (see
//! `widen`), each split at its gaps into pieces that must all be found
//! (see `pieces`), and reads each sentence with its ASCII letters lowered:
//! next to non-ASCII text, and where a pattern's pieces are found apart, it
//! may report a pattern that does not match in a sentence, never leave out
//! one that does, so whoever acts on a report confirms it
//! with the pattern alone.
//!
//! Why anchored: an unanchored search of a few hundred patterns restarts
//! every pattern at every byte, so each DFA state is a product of all the
//! partial matches in flight. On varied prose those products rarely repeat
//! and the DFA spent its time building states (4 µs per byte of the
//! hand-written corpus, 64 MB of cache for 230 KB of text); anchored, a state
//! is what one starting point has matched so far, and the same corpus needs
//! 0.5 µs per byte the first time and a tenth of that once its states
//! exist. On repetitive pages the unanchored search ran at ~6 ns per byte
//! and the anchored one runs at ~11.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::{Pool, PoolGuard};
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};

use super::pattern::LazyRegex;
use super::pieces::{self, Found, Plan, Term};
use super::shared::Create;
use super::splice::{Spliced, Vocabulary};
use super::widen::FOLDED_INTO_ASCII;

/// Per thread, the lazy DFA grows to this before it starts over.
const CACHE_CAPACITY: usize = 32 << 20;

/// Patterns searched together, sentence by sentence.
#[derive(Debug)]
pub struct SentenceSet {
    patterns: Vec<LazyRegex>,
    /// How many of `patterns`, from the first, are in [`Scope::Leading`].
    leading: usize,
    /// The terms the patterns' skeletons splice in.
    pub(super) vocabulary: Arc<Vocabulary>,
    /// An automaton per [`Scope`], built when first needed.
    engines: [OnceLock<Option<Engine>>; 2],
    cache_capacity: usize,
}

/// Which of a set's patterns a search looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// All of them.
    All,
    /// Only the leading ones (a rule set's claim patterns, before its
    /// document patterns): a run that checks no disclosures has no use for
    /// the others: without their pieces, an 8 MB run takes a fifth less CPU.
    Leading,
}

type ScratchPool = Pool<Scratch, Create<Scratch>>;

/// The set's automaton and each thread's cache of its states.
struct Engine {
    /// Searches for the patterns' pieces (see `pieces`).
    dfa: DFA,
    /// Which pieces make which patterns.
    plan: Plan,
    scratch: ScratchPool,
    /// Which bytes can begin a match, per start state (rows), and which
    /// row the byte before a position selects (`starts[256]`: the text's
    /// first position). Most positions (inside words, on spaces) begin
    /// nothing; they are skipped without touching the DFA.
    rows: Vec<[bool; 256]>,
    starts: [u8; 257],
    /// Finds the characters lowering does not reach (see `widen`).
    folded: [memchr::memmem::Finder<'static>; 2],
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("patterns", &self.dfa.pattern_len())
            .finish()
    }
}

/// One thread's DFA cache and the pieces found in the current sentence.
struct Scratch {
    cache: Cache,
    /// The pieces found in this sentence (cleared after each).
    found: Found,
    /// The sentence with its ASCII letters lowered, as the set reads it.
    lowered: Vec<u8>,
    /// The pieces of each match state met (see [`Matched`]).
    matched: Matched,
}

/// Per match state of one thread's cache, the pieces it matches: reading
/// them from the state itself missed the processor's cache at most matches
/// (a match state is rarely the one met before). Forgotten whenever the
/// cache starts over, since state ids then mean other states.
#[derive(Default)]
struct Matched {
    clears: usize,
    states: HashMap<LazyStateID, (u32, u32), BuildHasherDefault<IdHasher>>,
    pieces: Vec<u32>,
}

impl Matched {
    /// The pieces match state `sid` matches.
    fn pieces(&mut self, dfa: &DFA, cache: &Cache, sid: LazyStateID) -> &[u32] {
        if cache.clear_count() != self.clears {
            self.clears = cache.clear_count();
            self.states.clear();
            self.pieces.clear();
        }
        let pieces = &mut self.pieces;
        let (from, len) = *self.states.entry(sid).or_insert_with(|| {
            let from = pieces.len();
            pieces.extend((0..dfa.match_len(cache, sid)).map(|k| dfa.match_pattern(cache, sid, k).as_u32()));
            (from as u32, (pieces.len() - from) as u32)
        });
        &self.pieces[from as usize..(from + len) as usize]
    }
}

/// Hashes a state id (one `u32`) by one multiplication, its high half
/// folded into the low one: ids are multiples of the row length, so the
/// product's low bits, which pick the bucket, would be zero.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8 | u64::from(byte)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u32(&mut self, n: u32) {
        let product = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = product ^ (product >> 32);
    }
}

impl SentenceSet {
    /// The set of `patterns`, the first `leading` of which [`Scope::Leading`]
    /// searches for alone.
    pub fn new(patterns: Vec<LazyRegex>, leading: usize, vocabulary: Arc<Vocabulary>) -> Self {
        SentenceSet {
            leading: leading.min(patterns.len()),
            patterns,
            vocabulary,
            engines: [OnceLock::new(), OnceLock::new()],
            cache_capacity: CACHE_CAPACITY,
        }
    }

    /// A set whose automaton starts over as soon as its cache (`bytes`, or
    /// the least it can work with) is full: the tests' way to make it so.
    #[cfg(test)]
    fn with_cache_capacity(patterns: Vec<LazyRegex>, bytes: usize) -> Self {
        SentenceSet {
            cache_capacity: bytes,
            ..SentenceSet::new(patterns, 0, Arc::default())
        }
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Pattern `index` alone, compiled.
    pub fn regex(&self, index: usize) -> &super::Pattern {
        self.patterns[index].get()
    }

    pub fn members(&self) -> impl Iterator<Item = &LazyRegex> {
        self.patterns.iter()
    }

    /// The patterns of the automaton that answers for `scope`, and its
    /// slot. [`Scope::All`]'s answers for both once it is built (a search
    /// for fewer patterns ignores the others' reports), and when the
    /// leading patterns are all there are: a run needs one automaton.
    fn scoped(&self, scope: Scope) -> (&[LazyRegex], &OnceLock<Option<Engine>>) {
        let whole = (&self.patterns[..], &self.engines[0]);
        match scope {
            Scope::Leading if self.leading < self.patterns.len() && whole.1.get().is_none() => {
                (&self.patterns[..self.leading], &self.engines[1])
            }
            _ => whole,
        }
    }

    /// Build `scope`'s automaton now rather than on the first sentence,
    /// parsing its patterns on all cores (they parse independently).
    pub fn prepare(&self, scope: Scope) {
        let (patterns, engine) = self.scoped(scope);
        if engine.get().is_some() {
            return;
        }
        // Parsed before taking the lock, never inside it: a thread waiting
        // on a parallel iterator takes on other queued work, and work that
        // needs this set would then wait on its own thread's initialisation
        // (the language server lints while the sets build).
        let spliced = Spliced::new(&self.vocabulary);
        let terms: Vec<Vec<Term>> = patterns.par_iter().map(|p| pieces::split(spliced.pattern(p))).collect();
        engine.get_or_init(|| Engine::build(terms, self.cache_capacity));
    }

    /// Whether `scope`'s automaton is built.
    pub fn is_built(&self, scope: Scope) -> bool {
        self.scoped(scope).1.get().is_some()
    }

    /// The automaton that answers for `scope`, and how many patterns it has.
    fn engine(&self, scope: Scope) -> (Option<&Engine>, usize) {
        let (patterns, engine) = self.scoped(scope);
        let engine = engine.get_or_init(|| {
            let spliced = Spliced::new(&self.vocabulary);
            let terms = patterns.iter().map(|p| pieces::split(spliced.pattern(p))).collect();
            Engine::build(terms, self.cache_capacity)
        });
        (engine.as_ref(), patterns.len())
    }

    /// A search of `scope`'s patterns, sentence by sentence (see
    /// [`Searcher::which`]). It holds one of the automaton's caches until
    /// dropped: taken from the pool once per block rather than once per
    /// sentence (the pool's locks and hand-backs were 1.6% of a 64 MB
    /// run's CPU).
    pub fn searcher(&self, scope: Scope) -> Searcher<'_> {
        let (engine, patterns) = self.engine(scope);
        Searcher {
            engine: engine.map(|engine| (engine, engine.scratch.get())),
            patterns,
        }
    }

    /// [`Searcher::which`], for one sentence.
    pub fn which(&self, sentence: &str, scope: Scope, out: &mut Vec<(usize, Option<usize>)>) {
        self.searcher(scope).which(sentence, out);
    }
}

/// A search of a set's patterns, holding one thread's cache of its
/// automaton (see [`SentenceSet::searcher`]).
pub struct Searcher<'s> {
    engine: Option<(&'s Engine, PoolGuard<'s, Scratch, Create<Scratch>>)>,
    /// How many patterns the scope has.
    patterns: usize,
}

impl Searcher<'_> {
    /// The patterns that may match somewhere in `sentence`, ascending, into
    /// `out`, each with where its leftmost match starts: the walks go in order
    /// of position, so the first one to match a pattern's first piece (see
    /// `pieces`) started where its leftmost match does, or before. Every
    /// pattern that matches is there, and others may be; a start may lie
    /// before the real one, never after (the widened piece matches wherever
    /// the pattern's match begins). `None` where the automaton could not
    /// decide the sentence, or where a pattern's match may begin before its
    /// first piece (a leading gap). All the patterns of the scope, and perhaps
    /// others (see [`SentenceSet::scoped`]).
    pub fn which(&mut self, sentence: &str, out: &mut Vec<(usize, Option<usize>)>) {
        out.clear();
        let Some((engine, scratch)) = &mut self.engine else {
            return;
        };
        let mut lowered = std::mem::take(&mut scratch.lowered);
        lowered.clear();
        lowered.extend_from_slice(sentence.as_bytes());
        lowered.make_ascii_lowercase();
        let decided = !engine.holds_folded(sentence.as_bytes()) && engine.scan(&lowered, scratch).is_ok();
        scratch.lowered = lowered;
        if !decided {
            // The automaton cannot decide this sentence (a Unicode word
            // boundary in a user's pattern, next to non-ASCII text; a
            // Kelvin sign or long s): every pattern is a candidate, and
            // runs alone.
            out.extend((0..self.patterns).map(|p| (p, None)));
            scratch.found.clear();
            return;
        }
        engine.plan.patterns(&scratch.found, out);
        scratch.found.clear();
    }
}

/// The DFA gave up on a sentence.
struct GaveUp;

/// For each kind of byte before a position (a row per distinct answer),
/// which bytes lead from the anchored start state somewhere other than the
/// dead state, and begin a character.
///
/// A continuation byte begins no match of a pattern alone, but a widened
/// piece may take it: one that opens with a run of bytes past ASCII (`\s+`
/// widened, see `widen::byte_run`) went on from every byte of a Korean word
/// to the end of its run. Walks from continuation bytes were 11% of the
/// automaton's steps on the 8 MB corpus (1.54 M of 13.5 M).
///
/// Also returns the cache the answers were computed in: it holds the states
/// one byte past each start, the largest and costliest ones to build, so
/// every thread's cache starts as a copy of it rather than empty.
fn start_rows(dfa: &DFA) -> (Vec<[bool; 256]>, [u8; 257], Cache) {
    let mut cache = dfa.create_cache();
    let mut rows: Vec<[bool; 256]> = Vec::new();
    let mut starts = [0u8; 257];
    for (slot, behind) in (0..=256usize).map(|b| (b, u8::try_from(b).ok())) {
        let config = start::Config::new().anchored(Anchored::Yes).look_behind(behind);
        let mut live = [true; 256];
        for (byte, live) in live.iter_mut().enumerate() {
            let byte = u8::try_from(byte).expect("0..256");
            // The start state is looked up again for each byte: a step may
            // fill the cache, which then starts over without it. A start the
            // DFA cannot compute (a quit byte behind) leaves every byte live,
            // and the scan finds out.
            *live = dfa
                .start_state(&mut cache, &config)
                .ok()
                .and_then(|sid| dfa.next_state(&mut cache, sid, byte).ok())
                .is_none_or(|next| !next.is_dead());
        }
        live[0x80..0xC0].fill(false);
        let index = match rows.iter().position(|known| *known == live) {
            Some(index) => index,
            None => {
                rows.push(live);
                rows.len() - 1
            }
        };
        starts[slot] = u8::try_from(index).expect("a handful of start states");
    }
    (rows, starts, cache)
}

impl Engine {
    /// The set of the patterns split into `terms` (widened, see `widen`).
    fn build(terms: Vec<Vec<Term>>, cache_capacity: usize) -> Option<Engine> {
        if terms.is_empty() {
            return None;
        }
        let (plan, hirs) = Plan::new(terms);
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(None),
            )
            .build_many_from_hir(&hirs)
            .expect("patterns that compile alone build as a set (no size limit)");
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(cache_capacity)
                    .skip_cache_capacity_check(true)
                    .minimum_cache_clear_count(None)
                    .unicode_word_boundary(true),
            )
            .build_from_nfa(nfa)
            .expect("a lazy DFA builds from any NFA within its cache capacity");
        // Freeing the pieces' trees took ~8 ms after the automaton was
        // built, on the path to the first sentence; another thread frees
        // them while linting starts.
        let len = hirs.len();
        std::thread::spawn(move || drop(hirs));
        let (rows, starts, warm) = start_rows(&dfa);
        let create: Create<Scratch> = Box::new(move || Scratch {
            cache: warm.clone(),
            found: Found::new(len),
            lowered: Vec::new(),
            matched: Matched::default(),
        });
        let folded =
            FOLDED_INTO_ASCII.map(|c| memchr::memmem::Finder::new(c.encode_utf8(&mut [0; 4]).as_bytes()).into_owned());
        Some(Engine {
            dfa,
            plan,
            scratch: Pool::new(create),
            rows,
            starts,
            folded,
        })
    }

    /// Whether `text` holds a character that case folding maps to an ASCII
    /// letter (see `widen`).
    fn holds_folded(&self, text: &[u8]) -> bool {
        !text.is_ascii() && self.folded.iter().any(|finder| finder.find(text).is_some())
    }

    /// Record in `scratch` every pattern that matches starting at some
    /// character of `text`.
    fn scan(&self, text: &[u8], scratch: &mut Scratch) -> Result<(), GaveUp> {
        let Scratch {
            cache, found, matched, ..
        } = scratch;
        let dfa = &self.dfa;
        let mut record = |cache: &Cache, sid, from: usize| {
            for &p in matched.pieces(dfa, cache, sid) {
                found.record(p as usize, from);
            }
        };
        // Through `text.len()`: a pattern may match the empty text at the end.
        for at in 0..=text.len() {
            let row = match at {
                0 => self.starts[256],
                _ => self.starts[usize::from(text[at - 1])],
            };
            // Only at character boundaries (no row takes a continuation
            // byte) and where some pattern can begin.
            if text
                .get(at)
                .is_some_and(|&byte| !self.rows[usize::from(row)][usize::from(byte)])
            {
                continue;
            }
            let config = start::Config::new()
                .anchored(Anchored::Yes)
                .look_behind(at.checked_sub(1).map(|b| text[b]));
            let mut sid = dfa.start_state(cache, &config).map_err(|_| GaveUp)?;
            let mut end = true;
            for &byte in &text[at..] {
                sid = dfa.next_state(cache, sid, byte).map_err(|_| GaveUp)?;
                if sid.is_tagged() {
                    if sid.is_dead() {
                        end = false;
                        break;
                    }
                    if sid.is_quit() {
                        return Err(GaveUp);
                    }
                    if sid.is_match() {
                        record(cache, sid, at);
                    }
                }
            }
            if end {
                sid = dfa.next_eoi_state(cache, sid).map_err(|_| GaveUp)?;
                if sid.is_match() {
                    record(cache, sid, at);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn set(patterns: &[String]) -> SentenceSet {
        SentenceSet::new(
            patterns.iter().map(|p| LazyRegex::new(p.as_str())).collect(),
            patterns.len(),
            Arc::default(),
        )
    }

    /// Every embedded pattern in one set still makes rows of 64
    /// transitions (see `widen::JOINED`): a pattern naming a byte the set
    /// did not tell apart before can double the automaton's memory.
    #[test]
    fn the_embedded_set_has_at_most_64_byte_classes() {
        let rules = crate::rules::RuleSet::embedded();
        let engine = rules.matcher.set.engine(Scope::All).0.expect("patterns");
        let classes = engine.dfa.byte_classes().alphabet_len();
        assert!(classes <= 64, "{classes} byte classes (with end of input)");
    }

    fn which(set: &SentenceSet, text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        set.which(text, Scope::All, &mut out);
        out.into_iter().map(|(p, _)| p).collect()
    }

    /// The leading patterns' own automaton reports what the whole set
    /// reports of them, and nothing of the others; a scope that takes
    /// every pattern shares the whole set's automaton.
    #[test]
    fn the_leading_scope_searches_only_the_leading_patterns() {
        let patterns = [r"\bweeks?\b", r"\bresults\b", r"\bconsultation\b"].map(LazyRegex::new);
        let s = SentenceSet::new(patterns.into(), 2, Arc::default());
        let text = "Results in a week, after a consultation";
        let mut leading = Vec::new();
        s.which(text, Scope::Leading, &mut leading);
        assert_eq!(leading, [(0, Some(13)), (1, Some(0))]);
        let mut all = Vec::new();
        s.which(text, Scope::All, &mut all);
        assert_eq!(all, [(0, Some(13)), (1, Some(0)), (2, Some(27))]);
        assert!(s.is_built(Scope::Leading) && s.is_built(Scope::All));

        let whole = set(&[r"\bweeks?\b".to_string()]);
        whole.prepare(Scope::Leading);
        assert!(whole.is_built(Scope::All), "one automaton for both scopes");

        // Once the whole set is built, it answers for the leading patterns
        // too, with the others' reports as well (which the caller ignores).
        let s = SentenceSet::new(
            [r"\bweeks?\b", r"\bconsultation\b"].map(LazyRegex::new).into(),
            1,
            Arc::default(),
        );
        s.prepare(Scope::All);
        assert!(s.is_built(Scope::Leading));
        s.which("a week, a consultation", Scope::Leading, &mut leading);
        assert_eq!(leading, [(0, Some(2)), (1, Some(10))]);
    }

    /// A walk starts only where a character does, even for a piece that
    /// opens with a run of bytes past ASCII (`\s+` widened takes them all).
    #[test]
    fn no_walk_starts_inside_a_character() {
        let s = set(&[r"\s+limited".into(), r"명동".into()]);
        let engine = s.engine(Scope::All).0.expect("patterns");
        for row in &engine.rows {
            assert!(
                row[0x80..0xC0].iter().all(|live| !live),
                "a row takes a continuation byte"
            );
            assert!(row[0xC0..].iter().any(|&live| live), "a lead byte begins a character");
        }
        // The set may report more than matches (`명동` widened is any two
        // characters past ASCII), never less.
        assert_eq!(which(&s, "명동 limited"), [0, 1]);
        assert_eq!(which(&s, "in Myeongdong\u{a0}limited"), [0]);
    }

    #[test]
    fn reports_the_patterns_that_match_anywhere() {
        let s = set(&[
            r"(?-u:\b)week(?-u:\b)".into(),
            r"^results".into(),
            r"hair$".into(),
            r"명동".into(),
            r"no\s+downtime".into(),
        ]);
        assert_eq!(which(&s, "Results in a WEEK, no  downtime"), [0, 1, 4]);
        assert_eq!(which(&s, "weeks of results for your hair"), [2]);
        assert_eq!(which(&s, "명동 clinic"), [3]);
        assert!(which(&s, "").is_empty());
        assert!(which(&set(&[]), "week").is_empty());
    }

    /// A pattern split at its gap is reported where its pieces are found
    /// in order, from its first piece's start; the pattern alone decides.
    #[test]
    fn split_patterns_are_reported_where_their_pieces_are_in_order() {
        let s = set(&[
            r"(?-u:\b)evidence(?-u:\b)[^.;!?]{0,60}?(?-u:\b)limited".into(),
            r"\bweeks".into(),
        ]);
        let mut out = Vec::new();
        s.which("The evidence is limited", Scope::All, &mut out);
        assert_eq!(out, [(0, Some(4))]);
        assert!(which(&s, "Limited, not evidence").is_empty(), "out of order");
        assert!(which(&s, "Unlimited evidence").is_empty());
        // Found in order across a semicolon: reported, and the pattern
        // alone says no.
        assert_eq!(which(&s, "Evidence; but limited"), [0]);
        assert!(s.regex(0).find("Evidence; but limited").is_none());
    }

    /// Pieces the generated patterns are made of: literals, classes, gaps,
    /// anchors and word boundaries, ASCII and not.
    fn piece() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("week".to_string()),
            Just("weeks?".to_string()),
            Just("Results".to_string()),
            Just("no".to_string()),
            Just(r"\s+".to_string()),
            Just(r"[^.;!?]{0,12}?".to_string()),
            Just(r"(?:[a-z]+\s+){0,2}?".to_string()),
            Just(r"(?-u:\b)results".to_string()),
            Just(r"(?-u:\b)".to_string()),
            Just("^".to_string()),
            Just("$".to_string()),
            Just("—".to_string()),
            Just("명동".to_string()),
            Just("[0-9]".to_string()),
            Just("(?-i:Week)".to_string()),
            Just(r"(?-i:[A-R]\w)".to_string()),
            Just("[é-ö]".to_string()),
        ];
        leaf.prop_recursive(3, 12, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
                prop::collection::vec(inner.clone(), 2..4).prop_map(|v| format!("(?:{})", v.join("|"))),
                inner.clone().prop_map(|p| format!("(?:{p})?")),
                inner.prop_map(|p| format!("(?:{p}){{1,2}}")),
            ]
        })
    }

    fn word() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "week",
            "WEEKS",
            "wee\u{212A}s",
            "results",
            "Results",
            "no",
            " ",
            "  ",
            ",",
            ". ",
            "—",
            "명동",
            "4",
            "x",
            "\u{17F}",
            "Week",
            "É",
            "Ö",
            "Bé",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The set reports every pattern whose own regex matches, each with
        /// where its leftmost(-first) match starts, or a start before it
        /// (the set's patterns are widened); maybe others too, but not in
        /// ASCII text.
        #[test]
        fn agrees_with_each_pattern_alone(
            patterns in prop::collection::vec(piece(), 1..6),
            words in prop::collection::vec(word(), 0..30),
        ) {
            let text = words.concat();
            let s = set(&patterns);
            let leftmost: Vec<(usize, Option<usize>)> = (0..patterns.len())
                .filter_map(|i| s.regex(i).find(&text).map(|m| (i, Some(m.start()))))
                .collect();
            let mut from = Vec::new();
            s.which(&text, Scope::All, &mut from);
            for (p, start) in &leftmost {
                let reported = from.iter().find(|(q, _)| q == p).map(|&(_, at)| at);
                prop_assert!(reported.is_some_and(|at| at <= *start), "pattern {} text {:?}", p, text);
            }
            // Widening only reaches non-ASCII text: on ASCII the set is exact,
            // unless a pattern turns case-insensitivity off (the set, reading
            // lowered text, then takes either case) or is split at a gap (the
            // set then finds its pieces anywhere in the sentence).
            let split = patterns.iter().any(|p| pieces::has_gap(&super::super::widen::widened_hir(p)));
            if text.is_ascii() && !split && !patterns.iter().any(|p| p.contains("(?-i")) {
                prop_assert_eq!(&from, &leftmost, "text {:?}", text);
            }
            // The same with a cache that fills (and starts over) every few bytes.
            let small = SentenceSet::with_cache_capacity(patterns.iter().map(|p| LazyRegex::new(p.as_str())).collect(), 0);
            prop_assert_eq!(which(&small, &text), which(&s, &text), "small cache, text {:?}", text);
        }
    }
}
