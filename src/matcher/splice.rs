//! The vocabulary parsed once: each term and slot, parsed (and widened, for
//! the sets) the first time a pattern needs it, then spliced into every
//! pattern that uses it.
//!
//! Expanded, the claim patterns are ~120 KB of regex, mostly the same terms
//! over and over (`{regrow}` alone is 700 bytes), and parsing them was most
//! of building the sets: the fixed cost every run pays before its first
//! sentence. A pattern's skeleton (`Expander::skeleton`) has a placeholder
//! group where it uses a term or a slot; the set's automaton is built from
//! the skeleton with each placeholder replaced by that term's widened HIR.
//!
//! A pattern compiled alone (`alone::Pattern`) is spliced the same way, from
//! its terms parsed as they are (case-insensitive, not widened), with its
//! groups numbered as in its expanded text: parsing was half of compiling
//! patterns alone (26-30 of 45-60 ms of CPU in an 8 MB run), and most of
//! the text parsed was the same terms again.

use std::sync::OnceLock;

use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};

use super::alone;
use super::expand::{placeholder_term, Expander};
use super::pattern::LazyRegex;
use super::widen::{parsed_and_widened, widened_hir, widened_skeleton};
use crate::slots::SLOT_NAMES;

/// Every term, then every slot, by placeholder number (see
/// `Expander::skeleton`), as text; `None` for a term that does not expand
/// (the patterns that use it fail to load).
#[derive(Debug, Default)]
pub struct Vocabulary {
    terms: Vec<Option<Term>>,
    /// Where the slots begin in `terms`.
    slots: usize,
    /// Each term parsed as a pattern alone parses it, when first spliced.
    parsed: Vec<OnceLock<Option<Hir>>>,
}

#[derive(Debug)]
struct Term {
    /// The term with its own terms as placeholders, and how many.
    skeleton: Option<(String, usize)>,
    expanded: String,
}

impl Vocabulary {
    pub fn new(expander: &Expander<'_>) -> Vocabulary {
        let terms = expander.terms.values().map(|text| {
            Some(Term {
                skeleton: expander.skeleton(text),
                expanded: expander.expand(text).ok()?,
            })
        });
        // A slot's regex goes into a pattern as it is, not expanded.
        let slots = SLOT_NAMES.iter().map(|&name| {
            Some(Term {
                skeleton: None,
                expanded: expander.slots.regex(name)?,
            })
        });
        let terms: Vec<Option<Term>> = terms.chain(slots).collect();
        Vocabulary {
            slots: terms.len() - SLOT_NAMES.len(),
            parsed: terms.iter().map(|_| OnceLock::new()).collect(),
            terms,
        }
    }

    /// A pattern's `skeleton` (with `placeholders` of them) parsed as a
    /// pattern alone is (see `alone::parse`), each placeholder replaced by
    /// its term as parsed once: the tree its expanded text parses to, node
    /// for node (the smart constructors that merge literals and factor
    /// alternations run again over the spliced parts), its groups numbered
    /// alike. `None` where a term does not splice (one with groups of its
    /// own, whose numbers depend on the pattern; one that does not parse
    /// alone): the caller parses the expanded pattern, and reports its
    /// errors.
    pub fn alone(&self, skeleton: &str, placeholders: usize) -> Option<Hir> {
        let mut splice = AloneSplice {
            vocabulary: self,
            spliced: 0,
            groups: 0,
            names: Vec::new(),
            slots: Vec::new(),
        };
        let hir = splice.hir(&alone::parse(skeleton).ok()?)?;
        (splice.spliced == placeholders).then_some(hir)
    }

    /// Term `id` parsed as a pattern alone is, its own terms spliced in;
    /// `None` if it has groups (a slot, say) or does not parse alone.
    fn parsed(&self, id: usize) -> Option<&Hir> {
        let term = self.terms.get(id)?.as_ref()?;
        self.parsed[id]
            .get_or_init(|| {
                let spliced = term
                    .skeleton
                    .as_ref()
                    .and_then(|(skeleton, count)| self.alone(skeleton, *count));
                let hir = spliced.or_else(|| alone::parse(&term.expanded).ok())?;
                (hir.properties().explicit_captures_len() == 0).then_some(hir)
            })
            .as_ref()
    }
}

/// One pattern's splice for a pattern alone (see [`Vocabulary::alone`]).
struct AloneSplice<'v> {
    vocabulary: &'v Vocabulary,
    spliced: usize,
    /// Groups so far: the expanded text numbers them in order of opening,
    /// which is the order this walk meets them in.
    groups: u32,
    /// Their names: a name used twice is the expanded pattern's error to
    /// report.
    names: Vec<Box<str>>,
    /// The slots used so far: a slot's first use is a named group, later
    /// ones are not (as `Expander::expand` writes them).
    slots: Vec<&'static str>,
}

impl AloneSplice<'_> {
    fn hir(&mut self, hir: &Hir) -> Option<Hir> {
        Some(match hir.kind() {
            HirKind::Capture(capture) => match capture.name.as_deref().and_then(placeholder_term) {
                Some(id) => {
                    self.spliced += 1;
                    self.placeholder(id)?
                }
                None => {
                    let index = self.group(capture.name.as_deref())?;
                    Hir::capture(Capture {
                        index,
                        name: capture.name.clone(),
                        sub: Box::new(self.hir(&capture.sub)?),
                    })
                }
            },
            HirKind::Concat(parts) => Hir::concat(self.all(parts)?),
            HirKind::Alternation(parts) => Hir::alternation(self.all(parts)?),
            HirKind::Repetition(repetition) => Hir::repetition(Repetition {
                min: repetition.min,
                max: repetition.max,
                greedy: repetition.greedy,
                sub: Box::new(self.hir(&repetition.sub)?),
            }),
            _ => hir.clone(),
        })
    }

    fn all(&mut self, parts: &[Hir]) -> Option<Vec<Hir>> {
        parts.iter().map(|part| self.hir(part)).collect()
    }

    /// The next group's number; `None` if its name was taken.
    fn group(&mut self, name: Option<&str>) -> Option<u32> {
        if let Some(name) = name {
            if self.names.iter().any(|taken| **taken == *name) {
                return None;
            }
            self.names.push(name.into());
        }
        self.groups += 1;
        Some(self.groups)
    }

    /// What placeholder `id` stands for: its term, or its slot, in a named
    /// group the first time.
    fn placeholder(&mut self, id: usize) -> Option<Hir> {
        let hir = self.vocabulary.parsed(id)?.clone();
        let Some(&slot) = id.checked_sub(self.vocabulary.slots).and_then(|k| SLOT_NAMES.get(k)) else {
            return Some(hir);
        };
        if self.slots.contains(&slot) {
            return Some(hir);
        }
        self.slots.push(slot);
        Some(Hir::capture(Capture {
            index: self.group(Some(slot))?,
            name: Some(slot.into()),
            sub: Box::new(hir),
        }))
    }
}

/// The widened terms of one set's build, each made when first spliced.
pub struct Spliced<'v> {
    vocabulary: &'v Vocabulary,
    widened: Vec<OnceLock<Option<Hir>>>,
}

impl<'v> Spliced<'v> {
    pub fn new(vocabulary: &'v Vocabulary) -> Self {
        Spliced {
            vocabulary,
            widened: vocabulary.terms.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// `regex` lowered and widened for the set (see `widen`), its terms
    /// spliced in where its skeleton allows.
    pub fn pattern(&self, regex: &LazyRegex) -> Hir {
        regex
            .skeleton()
            .and_then(|(skeleton, count)| widened_skeleton(skeleton, count, &|id| self.term(id)))
            .unwrap_or_else(|| widened_hir(regex.source()))
    }

    /// Term `id` widened; `None` for one that does not expand or parse
    /// alone (the skeleton then falls back to its expanded pattern).
    fn term(&self, id: usize) -> Option<&Hir> {
        let term = self.vocabulary.terms.get(id)?.as_ref()?;
        self.widened[id]
            .get_or_init(|| {
                let spliced = term
                    .skeleton
                    .as_ref()
                    .and_then(|(skeleton, count)| widened_skeleton(skeleton, *count, &|id| self.term(id)));
                // A term need not parse alone (it is only ever parsed in
                // its patterns); then no placeholder of it splices.
                spliced.or_else(|| parsed_and_widened(&term.expanded))
            })
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};

    use super::*;

    /// `hir` without its groups: a skeleton's placeholders take group
    /// numbers, so the slots' groups are numbered differently than in the
    /// expanded pattern, and the sets do not capture.
    fn ungrouped(hir: &Hir) -> Hir {
        match hir.kind() {
            HirKind::Capture(Capture { sub, .. }) => ungrouped(sub),
            HirKind::Repetition(r) => Hir::repetition(Repetition {
                sub: Box::new(ungrouped(&r.sub)),
                ..r.clone()
            }),
            HirKind::Concat(parts) => Hir::concat(parts.iter().map(ungrouped).collect()),
            HirKind::Alternation(parts) => Hir::alternation(parts.iter().map(ungrouped).collect()),
            _ => hir.clone(),
        }
    }

    /// The embedded patterns, spliced, are the automata their expanded
    /// text would make: the same widened HIR, node for node.
    #[test]
    fn spliced_patterns_are_the_expanded_patterns() {
        let rules = crate::rules::RuleSet::embedded();
        let m = &rules.matcher;
        let mut spliced = 0;
        let terms = Spliced::new(&m.set.vocabulary);
        for p in m.set.members() {
            spliced += usize::from(p.skeleton().is_some());
            assert_eq!(
                ungrouped(&terms.pattern(p)),
                ungrouped(&widened_hir(p.source())),
                "{}",
                p.source()
            );
        }
        assert!(spliced > 100, "only {spliced} patterns spliced");
    }

    /// A term where a placeholder cannot stand (inside a class) leaves the
    /// pattern to be parsed expanded.
    #[test]
    fn a_term_that_does_not_splice_falls_back_to_the_expanded_pattern() {
        let terms = [
            ("hair".to_string(), "hair|locks".to_string()),
            ("q".to_string(), "xy".to_string()),
        ]
        .into_iter()
        .collect();
        let slots = crate::slots::SlotParser::new(&crate::rules::SlotGrammar::default());
        let mut compiler = super::super::pattern::Compiler::new(Expander {
            terms: &terms,
            slots: &slots,
        });
        let owner = super::super::pattern::PatternOwner::Lexicon;
        let vocabulary = Vocabulary::new(&compiler.expander);
        let spliced = Spliced::new(&vocabulary);
        for pattern in [r"thin {hair}", r"[{q}]+ {hair}", r"(?s)a.{hair}"] {
            let regex = compiler.prepare(pattern, owner).unwrap();
            assert_eq!(
                ungrouped(&spliced.pattern(&regex)),
                ungrouped(&widened_hir(regex.source())),
                "{pattern}"
            );
        }
        let mut skeleton = |p: &str| compiler.prepare(p, owner).unwrap().skeleton().map(|(_, n)| n);
        assert_eq!(skeleton(r"thin {hair}"), Some(1));
        assert_eq!(
            skeleton(r"[{q}]+ {hair}"),
            Some(2),
            "the class's placeholder is found missing later"
        );
        assert_eq!(skeleton(r"(?s)a.{hair}"), None, "flags: parsed expanded");
        assert_eq!(skeleton("no terms"), None);
    }

    /// Every embedded pattern with a skeleton, spliced for compiling
    /// alone, is the tree its expanded text parses to: same nodes, same
    /// group numbers and names.
    #[test]
    fn patterns_alone_splice_to_their_expanded_tree() {
        let rules = crate::rules::RuleSet::embedded();
        let m = &rules.matcher;
        let vocabulary = &m.set.vocabulary;
        let (mut spliced, mut parsed) = (0, 0);
        for (_, p) in m.owned_patterns() {
            let Some((skeleton, count)) = p.skeleton() else {
                parsed += 1;
                continue;
            };
            let expanded = alone::parse(p.source()).unwrap();
            let hir = vocabulary
                .alone(skeleton, count)
                .unwrap_or_else(|| panic!("{}", p.source()));
            assert_eq!(hir, expanded, "{}", p.source());
            spliced += 1;
        }
        assert!(spliced > 150, "only {spliced} patterns spliced ({parsed} parsed)");
    }

    fn alone_of(terms: &[(&str, &str)], pattern: &str) -> (Option<Hir>, Result<Hir, String>) {
        let terms = terms.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let slots = crate::slots::SlotParser::new(&crate::rules::SlotGrammar::default());
        let expander = Expander {
            terms: &terms,
            slots: &slots,
        };
        let vocabulary = Vocabulary::new(&expander);
        let spliced = expander
            .skeleton(pattern)
            .and_then(|(skeleton, count)| vocabulary.alone(&skeleton, count));
        (spliced, alone::parse(&expander.expand(pattern).unwrap()))
    }

    /// Slots are named groups the first time only, numbered among the
    /// pattern's own groups; terms nest.
    #[test]
    fn slots_and_groups_are_numbered_as_expanded() {
        let terms = [("hair", "hair|locks"), ("grow", "re-?grow|new {hair}")];
        for pattern in [
            r"(?P<what>{grow}) in {duration}, then (\w+) {duration} {hair}",
            r"{percent} (?:of )?({hair}) {percent}",
            r"\b{grow}\b",
        ] {
            let (spliced, expanded) = alone_of(&terms, pattern);
            assert_eq!(spliced.expect(pattern), expanded.unwrap(), "{pattern}");
        }
    }

    /// Where splicing could answer otherwise than the expanded text, the
    /// expanded text is parsed: a term with a group of its own (its number
    /// depends on the pattern), and a name given twice (an error the
    /// expanded text reports).
    #[test]
    fn terms_with_groups_and_names_given_twice_are_parsed_expanded() {
        let terms = [("hair", "(hair)|locks"), ("thin", "thin{duration}")];
        let (spliced, expanded) = alone_of(&terms, r"thin {hair}");
        assert!(spliced.is_none() && expanded.is_ok());
        let (spliced, expanded) = alone_of(&terms, r"{thin} {duration}");
        assert!(spliced.is_none() && expanded.is_ok(), "a slot in a term");
        let (spliced, expanded) = alone_of(&terms, r"(?P<duration>x) {duration}");
        assert!(spliced.is_none() && expanded.is_err());
        let (spliced, expanded) = alone_of(&terms, r"{duration} (?P<duration>x)");
        assert!(spliced.is_none() && expanded.is_err());
    }
}
