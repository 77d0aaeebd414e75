//! The vocabulary as the sets parse it: each term parsed and widened once,
//! then spliced into every pattern that uses it.
//!
//! Expanded, the claim patterns are ~120 KB of regex, mostly the same terms
//! over and over (`{regrow}` alone is 700 bytes), and parsing them was most
//! of building the sets: the fixed cost every run pays before its first
//! sentence. A pattern's skeleton (`Expander::skeleton`) has a placeholder
//! group where it uses a term or a slot; the set's automaton is built from
//! the skeleton with each placeholder replaced by that term's widened HIR.

use std::sync::OnceLock;

use regex_syntax::hir::Hir;

use super::expand::Expander;
use super::pattern::LazyRegex;
use super::widen::{parsed_and_widened, widened_hir, widened_skeleton};
use crate::slots::SLOT_NAMES;

/// Every term, then every slot, by placeholder number (see
/// `Expander::skeleton`), as text; `None` for a term that does not expand
/// (the patterns that use it fail to load).
#[derive(Debug, Default)]
pub struct Vocabulary {
    terms: Vec<Option<Term>>,
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
        Vocabulary {
            terms: terms.chain(slots).collect(),
        }
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
        let mut compiler = super::super::pattern::Compiler {
            expander: Expander {
                terms: &terms,
                slots: &slots,
            },
            errors: Vec::new(),
        };
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
}
