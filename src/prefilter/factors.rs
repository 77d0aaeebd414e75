//! Required literals of a regex: sets of strings, one of each set in every
//! match, read off the pattern's syntax tree.
//!
//! `see\s+(?:results?|regrowth)\s+in\s+{duration}` cannot match a sentence
//! that lacks "see", lacks both "result" and "regrowth", or lacks every
//! duration unit. Each such set is a [`Clause`]; a pattern's clauses are all
//! necessary, so a text missing any one of them cannot hold a match. The
//! analysis is conservative: where it cannot tell (a large class, an optional
//! part, a cased non-ASCII letter) it asks for nothing, so the clauses are
//! always a superset test, never a reason to miss a match.
//!
//! Literals are ASCII-lowercased: the patterns run case-insensitively, and the
//! prefilter searches ASCII-case-insensitively. The two non-ASCII letters
//! that Unicode folds onto ASCII ones (K KELVIN SIGN, ſ LONG S) are the
//! prefilter's to handle ([`ascii_fold_escapes`]).

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

/// A set of literals, one of which every match contains.
pub type Clause = Vec<Vec<u8>>;

/// Most strings a finite language may have before it is summarised by clauses.
const MAX_STRINGS: usize = 64;
/// Longest string a run of exact parts grows to; past it, a new run starts.
const MAX_LEN: usize = 24;
/// Most characters of a class read as a set of one-character strings.
const MAX_CLASS: usize = 12;
/// Most clauses kept per pattern: each extra one costs prefilter hits.
const MAX_CLAUSES: usize = 3;

/// What the analysis knows of a sub-expression.
#[derive(Debug, Clone, Default)]
struct Summary {
    /// Every string the sub-expression matches, when that is a small finite set.
    exact: Option<Vec<Vec<u8>>>,
    /// Sets of literals, one of each in every match.
    clauses: Vec<Clause>,
}

impl Summary {
    fn exact(strings: Vec<Vec<u8>>) -> Summary {
        Summary {
            exact: Some(normalise(strings)),
            clauses: Vec::new(),
        }
    }

    fn empty() -> Summary {
        Summary::exact(vec![Vec::new()])
    }

    fn unknown() -> Summary {
        Summary::default()
    }

    /// Every clause, the exact set included as one.
    fn all_clauses(self) -> Vec<Clause> {
        let mut clauses = self.clauses;
        clauses.extend(self.exact);
        clauses
    }

    /// The most selective clause, if any.
    fn best(&self) -> Option<Clause> {
        self.exact
            .iter()
            .chain(&self.clauses)
            .filter(|c| usable(c))
            .max_by_key(|c| score(c))
            .cloned()
    }
}

/// The clauses every match of `hir` satisfies, most selective first. Empty
/// when nothing is required that the prefilter can search for.
pub fn required(hir: &Hir) -> Vec<Clause> {
    let mut clauses: Vec<Clause> = summarise(hir)
        .all_clauses()
        .into_iter()
        .map(minimal)
        .filter(usable)
        .collect();
    clauses.sort_by(|a, b| score(b).cmp(&score(a)).then_with(|| a.cmp(b)));
    clauses.dedup();
    clauses.truncate(MAX_CLAUSES);
    clauses
}

fn summarise(hir: &Hir) -> Summary {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Summary::empty(),
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(text) if text.chars().all(caseless_or_ascii) => Summary::exact(vec![lit.0.to_vec()]),
            _ => Summary::unknown(),
        },
        HirKind::Class(Class::Unicode(class)) => class_strings(class).map_or_else(Summary::unknown, Summary::exact),
        HirKind::Class(Class::Bytes(class)) => {
            let bytes: Vec<u8> = class.ranges().iter().flat_map(|r| r.start()..=r.end()).collect();
            if bytes.len() <= MAX_CLASS && bytes.iter().all(u8::is_ascii) {
                Summary::exact(bytes.into_iter().map(|b| vec![b]).collect())
            } else {
                Summary::unknown()
            }
        }
        HirKind::Capture(capture) => summarise(&capture.sub),
        HirKind::Repetition(rep) => {
            let sub = summarise(&rep.sub);
            match (rep.min, rep.max) {
                (0, Some(1)) => match sub.exact {
                    Some(mut strings) if strings.len() < MAX_STRINGS => {
                        strings.push(Vec::new());
                        Summary::exact(strings)
                    }
                    _ => Summary::unknown(),
                },
                (0, _) => Summary::unknown(),
                (1, Some(1)) => sub,
                _ => Summary {
                    exact: None,
                    clauses: sub.all_clauses(),
                },
            }
        }
        HirKind::Concat(subs) => concat(subs),
        HirKind::Alternation(subs) => alternation(subs),
    }
}

/// Runs of exact parts are crossed ("result" × {"", "s"}); where a run
/// cannot grow, it becomes a clause and a new run starts.
fn concat(subs: &[Hir]) -> Summary {
    let mut clauses = Vec::new();
    let mut run: Vec<Vec<u8>> = vec![Vec::new()];
    let mut whole = true;
    for sub in subs {
        let summary = summarise(sub);
        match summary.exact {
            Some(strings) => match cross(&run, &strings) {
                Some(crossed) => run = crossed,
                None => {
                    whole = false;
                    clauses.push(std::mem::replace(&mut run, strings));
                }
            },
            None => {
                whole = false;
                clauses.push(std::mem::replace(&mut run, vec![Vec::new()]));
                clauses.extend(summary.clauses);
            }
        }
    }
    if whole {
        return Summary::exact(run);
    }
    clauses.push(run);
    Summary {
        exact: None,
        clauses: clauses.into_iter().map(normalise).collect(),
    }
}

/// One branch must match: the union of each branch's best clause is required.
fn alternation(subs: &[Hir]) -> Summary {
    let summaries: Vec<Summary> = subs.iter().map(summarise).collect();
    let exact: Option<Vec<Vec<u8>>> = summaries
        .iter()
        .map(|s| s.exact.clone())
        .collect::<Option<Vec<_>>>()
        .map(|sets| sets.concat());
    if let Some(strings) = exact.filter(|s| s.len() <= MAX_STRINGS) {
        return Summary::exact(strings);
    }
    let union: Option<Clause> = summaries
        .iter()
        .map(Summary::best)
        .collect::<Option<Vec<_>>>()
        .map(|clauses| clauses.concat());
    Summary {
        exact: None,
        clauses: union.into_iter().map(normalise).collect(),
    }
}

/// Every concatenation of a string of `left` with one of `right`, if the
/// result stays small enough to search for as a whole.
fn cross(left: &[Vec<u8>], right: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if left.len() * right.len() > MAX_STRINGS {
        return None;
    }
    let mut out = Vec::with_capacity(left.len() * right.len());
    for l in left {
        for r in right {
            if l.len() + r.len() > MAX_LEN {
                return None;
            }
            out.push([l.as_slice(), r.as_slice()].concat());
        }
    }
    Some(normalise(out))
}

/// A small class as one-character strings, or `None`.
fn class_strings(class: &ClassUnicode) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    for range in class.ranges() {
        for c in range.start()..=range.end() {
            if out.len() >= MAX_CLASS * 2 || !caseless_or_ascii(c) {
                return None;
            }
            out.push(c.to_string().into_bytes());
        }
    }
    let out = normalise(out);
    (out.len() <= MAX_CLASS).then_some(out)
}

/// Lowercase ASCII, sorted, deduplicated.
fn normalise(mut strings: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    for s in &mut strings {
        s.make_ascii_lowercase();
    }
    strings.sort();
    strings.dedup();
    strings
}

/// A clause without the strings that contain another of its strings: if
/// "result" occurs, the clause holds whether or not "results" does.
fn minimal(clause: Clause) -> Clause {
    let mut clause = normalise(clause);
    clause.sort_by_key(Vec::len);
    let mut kept: Clause = Vec::with_capacity(clause.len());
    for s in clause {
        if !kept.iter().any(|k| contains(&s, k)) {
            kept.push(s);
        }
    }
    kept.sort();
    kept
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether a clause is worth searching for: no empty string (always there),
/// no single letter or digit that nearly every sentence holds. Two letters
/// are kept: "hr" and "wk" stand among the duration units, and a clause is
/// only as selective as its weakest literal.
fn usable(clause: &Clause) -> bool {
    !clause.is_empty()
        && clause
            .iter()
            .all(|s| s.len() >= 2 || (!s.is_empty() && s.iter().any(|b| !b.is_ascii_alphanumeric() && *b != b' ')))
}

/// How selective a clause is: its shortest literal (longer is rarer, up to a
/// point), then fewer alternatives.
fn score(clause: &Clause) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = clause.iter().map(Vec::len).min().unwrap_or(0);
    (shortest.min(8), std::cmp::Reverse(clause.len()))
}

/// Whether `c` matches only itself under ASCII case-insensitive search:
/// ASCII, or a character with no case variants at all.
fn caseless_or_ascii(c: char) -> bool {
    if c.is_ascii() {
        return true;
    }
    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    class.case_fold_simple();
    class.ranges().len() == 1 && class.ranges()[0].start() == class.ranges()[0].end()
}

/// The non-ASCII characters Unicode simple case folding maps onto ASCII
/// letters (K KELVIN SIGN onto k, ſ LONG S onto s). A case-insensitive
/// pattern's "k" matches them; an ASCII-case-insensitive search does not.
pub fn ascii_fold_escapes() -> Vec<char> {
    let mut class = ClassUnicode::new([ClassUnicodeRange::new('a', 'z')]);
    class.case_fold_simple();
    class
        .ranges()
        .iter()
        .flat_map(|r| r.start()..=r.end())
        .filter(|c| !c.is_ascii())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clauses(pattern: &str) -> Vec<Vec<String>> {
        let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).unwrap();
        required(&hir)
            .into_iter()
            .map(|c| c.into_iter().map(|s| String::from_utf8(s).unwrap()).collect())
            .collect()
    }

    #[test]
    fn literals_and_alternations() {
        assert_eq!(
            clauses(r"\bsee\s+(?:results?|Regrowth)\b"),
            [vec!["regrowth", "result"], vec!["see"]]
        );
        assert_eq!(clauses(r"guaranteed"), [vec!["guaranteed"]]);
        assert_eq!(clauses(r"(?:foo|fab)bar"), [vec!["fabbar", "foobar"]]);
    }

    #[test]
    fn optional_and_unbounded_parts_require_nothing() {
        assert!(clauses(r"(?:never)?\s+\w+").is_empty());
        assert!(clauses(r"a|\w+").is_empty(), "a branch that needs nothing");
        assert_eq!(clauses(r"(?:cure)+d?"), [vec!["cure"]]);
    }

    #[test]
    fn short_words_and_cased_non_ascii_are_not_searched() {
        assert!(clauses(r"\ba\s+\d+").is_empty());
        assert!(clauses("é").is_empty());
        assert_eq!(clauses("100%"), [vec!["100%"]]);
        assert_eq!(clauses("—"), [vec!["—"]]);
    }

    #[test]
    fn long_runs_split_into_clauses() {
        let c = clauses(r"abcdefghijklmnopqrstuvw\b명동");
        assert_eq!(c, [vec!["abcdefghijklmnopqrstuvw"], vec!["명동"]]);
    }

    #[test]
    fn kelvin_and_long_s_fold_onto_ascii() {
        assert_eq!(ascii_fold_escapes(), ['\u{17F}', '\u{212A}']);
    }
}
