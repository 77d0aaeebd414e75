//! Building a [`Matcher`] from a rule set's packs: every pattern expanded
//! into the one set (claims, then document patterns); the context lexicon,
//! slot grammar and segmenter compiled alongside.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::expand::Expander;
use super::pattern::{self, Compiler, LazyRegex, PatternError, PatternOwner};
use super::set::SentenceSet;
use super::{DisclosurePatterns, Matcher, PatternSet, RulePattern, TreatmentPatterns};
use crate::context::ContextClassifier;
use crate::rules::{ContextLexicon, Disclosure, Rule, SlotGrammar, TreatmentSignals};
use crate::segment::Segmenter;
use crate::slots::SlotParser;

/// Inputs to [`Matcher::compile`] beyond the rules.
pub struct Lexicons<'a> {
    pub disclosures: &'a [Disclosure],
    pub treatment: &'a TreatmentSignals,
    pub context: &'a ContextLexicon,
    pub terms: &'a BTreeMap<String, String>,
    pub slots: &'a SlotGrammar,
    pub abbreviations: &'a [String],
    /// Which patterns to compile at load rather than on first use: those
    /// the embedded packs' tests have not already compiled.
    pub compile_at_load: &'a dyn Fn(PatternOwner) -> bool,
}

impl Matcher {
    pub fn compile(rules: &[Rule], lex: &Lexicons<'_>) -> Result<Matcher, Vec<PatternError>> {
        let slots = SlotParser::new(lex.slots);
        let mut compiler = Compiler::new(Expander {
            terms: lex.terms,
            slots: &slots,
        });

        let mut patterns = Vec::new();
        let mut regexes = Vec::new();
        let mut exceptions = Vec::new();
        let mut answered_no = Vec::new();
        let mut table_exceptions = Vec::new();
        for (r, rule) in rules.iter().enumerate() {
            for (p, source) in rule.patterns.iter().enumerate() {
                let Some(regex) = compiler.prepare(source, PatternOwner::Rule { rule: r, pattern: p }) else {
                    continue;
                };
                let slots = rule
                    .slots
                    .iter()
                    .filter(|(name, _)| regex.source().contains(&format!("(?P<{name}>")))
                    .map(|(n, c)| (n.clone(), c.clone()))
                    .collect();
                regexes.push(regex);
                patterns.push(RulePattern {
                    rule: r,
                    number: p,
                    slots,
                });
            }
            exceptions.push(prepare_each(&mut compiler, &rule.exceptions, |pattern| {
                PatternOwner::Exception { rule: r, pattern }
            }));
            answered_no.push(prepare_each(&mut compiler, &rule.answered_no, |pattern| {
                PatternOwner::AnsweredNo { rule: r, pattern }
            }));
            table_exceptions.push(prepare_each(&mut compiler, &rule.table_exceptions, |pattern| {
                PatternOwner::TableException { rule: r, pattern }
            }));
        }
        let (document, treatment, disclosures) = document_patterns(&mut compiler, lex);
        let context = ContextClassifier::new(lex.context);
        let mut errors = compiler.errors;
        let context = match context {
            Ok(context) => Some(context),
            Err(message) => {
                errors.push(PatternError {
                    owner: PatternOwner::Lexicon,
                    message,
                });
                None
            }
        };
        let (Some(context), true) = (context, errors.is_empty()) else {
            return Err(errors);
        };
        let mut category_names: Vec<&str> = Vec::new();
        let categories = rules
            .iter()
            .map(|rule| match category_names.iter().position(|c| **c == *rule.category) {
                Some(known) => known,
                None => {
                    category_names.push(&rule.category);
                    category_names.len() - 1
                }
            })
            .collect();
        // One automaton for both kinds of pattern: linting reads each
        // sentence once, not once per kind (a set scan of the 8 MB corpus
        // took a third less time than the two scans it replaced).
        let first = regexes.len();
        regexes.extend(document.regexes);
        let set = Arc::new(SentenceSet::new(regexes, first, compiler.vocabulary.clone()));
        let document = PatternSet {
            set: set.clone(),
            first,
            owners: document.owners,
        };
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let matcher = Matcher {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            set,
            categories,
            category_count: category_names.len(),
            patterns,
            exceptions,
            answered_no,
            table_exceptions,
            document,
            treatment,
            disclosures,
            context,
            slots,
            segmenter: Segmenter::new(lex.abbreviations.iter().cloned()),
        };
        let at_load = matcher
            .owned_patterns()
            .filter(|(owner, _)| (lex.compile_at_load)(*owner))
            .collect();
        let errors = pattern::compile_now(at_load);
        if errors.is_empty() {
            Ok(matcher)
        } else {
            Err(errors)
        }
    }

    /// Every pattern with the pack item it came from.
    pub(super) fn owned_patterns(&self) -> impl Iterator<Item = (PatternOwner, &LazyRegex)> {
        let claims = self.patterns.iter().map(RulePattern::owner).zip(self.set.members());
        let exceptions = owned_each(&self.exceptions, |rule, pattern| PatternOwner::Exception {
            rule,
            pattern,
        });
        let answered_no = owned_each(&self.answered_no, |rule, pattern| PatternOwner::AnsweredNo {
            rule,
            pattern,
        });
        let table_exceptions = owned_each(&self.table_exceptions, |rule, pattern| PatternOwner::TableException {
            rule,
            pattern,
        });
        let document = self.document.owners.iter().copied().zip(self.document.members());
        claims
            .chain(exceptions)
            .chain(answered_no)
            .chain(table_exceptions)
            .chain(document)
    }
}

/// One of a rule's lists of patterns (exceptions, `answered_no`), prepared,
/// each owned as `owner` says from its place in the list.
fn prepare_each(
    compiler: &mut Compiler<'_>,
    sources: &[String],
    owner: impl Fn(usize) -> PatternOwner,
) -> Vec<LazyRegex> {
    sources
        .iter()
        .enumerate()
        .filter_map(|(p, source)| compiler.prepare(source, owner(p)))
        .collect()
}

/// Per rule, a list of patterns, each with its owner: `owner(rule, pattern)`.
fn owned_each(
    lists: &[Vec<LazyRegex>],
    owner: impl Fn(usize, usize) -> PatternOwner + Copy,
) -> impl Iterator<Item = (PatternOwner, &LazyRegex)> {
    lists.iter().enumerate().flat_map(move |(rule, list)| {
        list.iter()
            .enumerate()
            .map(move |(pattern, regex)| (owner(rule, pattern), regex))
    })
}

/// The document-level patterns as they are added.
#[derive(Default)]
struct DocumentPatterns {
    regexes: Vec<LazyRegex>,
    owners: Vec<PatternOwner>,
}

impl DocumentPatterns {
    /// Expand and add one pattern; its index, if it expanded.
    fn add(&mut self, compiler: &mut Compiler<'_>, pattern: &str, owner: PatternOwner) -> Option<usize> {
        self.regexes.push(compiler.prepare(pattern, owner)?);
        self.owners.push(owner);
        Some(self.regexes.len() - 1)
    }
}

/// Treatment signals first, then every disclosure's patterns, numbered
/// from 0 (the set takes them after the claim patterns).
fn document_patterns(
    compiler: &mut Compiler<'_>,
    lex: &Lexicons<'_>,
) -> (DocumentPatterns, TreatmentPatterns, Vec<DisclosurePatterns>) {
    let mut doc = DocumentPatterns::default();
    let mut treatment_index = 0;
    let mut signals = |list: &[String], doc: &mut DocumentPatterns, compiler: &mut Compiler<'_>| {
        let start = doc.regexes.len();
        for pattern in list {
            let owner = PatternOwner::Treatment {
                pattern: treatment_index,
            };
            treatment_index += 1;
            doc.add(compiler, pattern, owner);
        }
        start..doc.regexes.len()
    };
    let treatment = TreatmentPatterns {
        subject: signals(&lex.treatment.subject, &mut doc, compiler),
        offer: signals(&lex.treatment.offer, &mut doc, compiler),
        other: signals(&lex.treatment.other, &mut doc, compiler),
    };
    let disclosures = lex
        .disclosures
        .iter()
        .enumerate()
        .map(|(d, disclosure)| {
            let mut index = 0;
            let mut add_all = |patterns: &[String], doc: &mut DocumentPatterns| -> Vec<usize> {
                patterns
                    .iter()
                    .filter_map(|pattern| {
                        let owner = PatternOwner::Disclosure {
                            disclosure: d,
                            pattern: index,
                        };
                        index += 1;
                        doc.add(compiler, pattern, owner)
                    })
                    .collect()
            };
            let parts = disclosure
                .parts
                .iter()
                .map(|p| add_all(&p.patterns, &mut doc))
                .collect();
            let exceptions = add_all(&disclosure.exceptions, &mut doc);
            DisclosurePatterns { parts, exceptions }
        })
        .collect();
    (doc, treatment, disclosures)
}
