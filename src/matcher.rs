//! The compiled rule set: every claim pattern tested in one pass per block.
//!
//! Patterns are expanded (`{term}` from the vocabulary, `{duration}` and
//! `{percent}` from the slot grammar), made case-insensitive and given ASCII
//! word boundaries (Unicode `\b` knocks the lazy DFA off its fast path on
//! non-ASCII text; see DESIGN.md). A `RegexSet` over all patterns runs once
//! per block; only the patterns it reports run again, per sentence, to find
//! where they match and what their slots captured.

use std::collections::BTreeMap;
use std::ops::Range;

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use crate::context::ContextClassifier;
use crate::rules::{ContextLexicon, Disclosure, Rule, SlotCondition, SlotGrammar, TreatmentSignals};
use crate::segment::{Segmenter, Sentence};
use crate::slots::{SlotParser, SLOT_NAMES};

/// Which pack item a pattern belongs to (for errors that point into the pack).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternOwner {
    Rule { rule: usize, pattern: usize },
    Exception { rule: usize, pattern: usize },
    Disclosure { disclosure: usize, pattern: usize },
    Treatment { pattern: usize },
    Lexicon,
}

/// A pattern that could not be expanded or compiled.
#[derive(Debug, Clone)]
pub struct PatternError {
    pub owner: PatternOwner,
    pub message: String,
}

/// A rule's pattern, expanded. Its own regex is compiled on first use: the
/// rule set's `RegexSet` already checked it, and most patterns never hit.
#[derive(Debug)]
struct RulePattern {
    rule: usize,
    source: String,
    regex: OnceLock<Regex>,
    slots: Vec<(String, SlotCondition)>,
}

/// Size limit for one pattern: as large as the whole set's, so a pattern the
/// set accepted always compiles alone.
const PATTERN_SIZE_LIMIT: usize = 1 << 26;

fn build_pattern(source: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source)
        .case_insensitive(true)
        .size_limit(PATTERN_SIZE_LIMIT)
        .build()
}

impl RulePattern {
    fn regex(&self) -> &Regex {
        self.regex
            .get_or_init(|| build_pattern(&self.source).expect("the rule set's RegexSet compiled this pattern"))
    }
}

/// One place a rule's pattern matched, in block-text coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMatch {
    pub rule: usize,
    /// Which compiled pattern matched (see [`Matcher::pattern`]).
    pub pattern: usize,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    /// Named captures (slots and any `(?P<name>…)`), as ranges of block text.
    pub captures: Vec<(String, Range<usize>)>,
}

/// Every compiled pattern and lexicon the engine runs.
#[derive(Debug)]
pub struct Matcher {
    set: RegexSet,
    patterns: Vec<RulePattern>,
    exceptions: Vec<Vec<Regex>>,
    categories: Vec<String>,
    /// Every document-level pattern: treatment signals, then each
    /// disclosure's presence patterns and exceptions.
    pub document: PatternSet,
    /// Which of `document` are which treatment signals.
    pub treatment: TreatmentPatterns,
    /// Per disclosure, in rule-set order, which of `document` belong to it.
    pub disclosures: Vec<DisclosurePatterns>,
    pub context: ContextClassifier,
    pub slots: SlotParser,
    pub segmenter: Segmenter,
}

/// The treatment signals, as ranges of [`Matcher::document`].
#[derive(Debug, Clone)]
pub struct TreatmentPatterns {
    pub subject: std::ops::Range<usize>,
    pub offer: std::ops::Range<usize>,
    pub other: std::ops::Range<usize>,
}

/// One disclosure's patterns, as indices into [`Matcher::document`].
#[derive(Debug)]
pub struct DisclosurePatterns {
    /// Per part, the patterns any of which says it.
    pub parts: Vec<Vec<usize>>,
    /// A sentence matching one of these says nothing for the disclosure.
    pub exceptions: Vec<usize>,
}

/// Patterns tested together: one `RegexSet` pass over a text says which of
/// them match somewhere in it, so only those run again where it matters.
#[derive(Debug, Default)]
pub struct PatternSet {
    pub regexes: Vec<Regex>,
    set: Option<RegexSet>,
}

impl PatternSet {
    fn new(regexes: Vec<Regex>) -> Result<Self, regex::Error> {
        let set = RegexSetBuilder::new(regexes.iter().map(Regex::as_str))
            .case_insensitive(true)
            .size_limit(1 << 26)
            .dfa_size_limit(1 << 24)
            .build()?;
        Ok(PatternSet {
            regexes,
            set: Some(set),
        })
    }

    /// Whether pattern `index` matches somewhere in `text`, for every pattern.
    pub fn matches(&self, text: &str) -> Vec<bool> {
        match &self.set {
            Some(set) => {
                let hits = set.matches(text);
                (0..self.regexes.len()).map(|i| hits.matched(i)).collect()
            }
            None => vec![false; self.regexes.len()],
        }
    }
}

/// Inputs to [`Matcher::compile`] beyond the rules.
pub struct Lexicons<'a> {
    pub disclosures: &'a [Disclosure],
    pub treatment: &'a TreatmentSignals,
    pub context: &'a ContextLexicon,
    pub terms: &'a BTreeMap<String, String>,
    pub slots: &'a SlotGrammar,
    pub abbreviations: &'a [String],
}

impl Matcher {
    pub fn compile(rules: &[Rule], lex: &Lexicons<'_>) -> Result<Matcher, Vec<PatternError>> {
        let slots = SlotParser::new(lex.slots);
        let expander = Expander {
            terms: lex.terms,
            slots: &slots,
        };
        let mut errors = Vec::new();
        let mut compile = |pattern: &str, owner: PatternOwner| -> Option<(String, Regex)> {
            let expanded = match expander.expand(pattern) {
                Ok(expanded) => expanded,
                Err(message) => {
                    errors.push(PatternError { owner, message });
                    return None;
                }
            };
            match RegexBuilder::new(&expanded)
                .case_insensitive(true)
                .size_limit(1 << 24)
                .build()
            {
                Ok(regex) => Some((expanded, regex)),
                Err(err) => {
                    errors.push(PatternError {
                        owner,
                        message: format!("invalid regex: {}", regex_message(&err)),
                    });
                    None
                }
            }
        };

        let mut patterns = Vec::new();
        let mut sources = Vec::new();
        let mut exceptions = Vec::new();
        let mut owners = Vec::new();
        let mut expansion_errors = Vec::new();
        for (r, rule) in rules.iter().enumerate() {
            for (p, pattern) in rule.patterns.iter().enumerate() {
                let owner = PatternOwner::Rule { rule: r, pattern: p };
                match expander.expand(pattern) {
                    Ok(expanded) => {
                        let slots = rule
                            .slots
                            .iter()
                            .filter(|(name, _)| expanded.contains(&format!("(?P<{name}>")))
                            .map(|(n, c)| (n.clone(), c.clone()))
                            .collect();
                        sources.push(unanchored(&expanded));
                        owners.push(owner);
                        patterns.push(RulePattern {
                            rule: r,
                            source: expanded,
                            regex: OnceLock::new(),
                            slots,
                        });
                    }
                    Err(message) => expansion_errors.push(PatternError { owner, message }),
                }
            }
            let exc = rule
                .exceptions
                .iter()
                .enumerate()
                .filter_map(|(p, e)| compile(e, PatternOwner::Exception { rule: r, pattern: p }).map(|(_, re)| re))
                .collect();
            exceptions.push(exc);
        }
        // Treatment signals first, then every disclosure's patterns: one set
        // tests them all in a single pass per block.
        let mut document = Vec::new();
        let mut treatment_index = 0;
        let mut signals = |list: &[String], document: &mut Vec<Regex>| -> std::ops::Range<usize> {
            let start = document.len();
            for pat in list {
                let owner = PatternOwner::Treatment {
                    pattern: treatment_index,
                };
                treatment_index += 1;
                if let Some((_, regex)) = compile(pat, owner) {
                    document.push(regex);
                }
            }
            start..document.len()
        };
        let treatment = TreatmentPatterns {
            subject: signals(&lex.treatment.subject, &mut document),
            offer: signals(&lex.treatment.offer, &mut document),
            other: signals(&lex.treatment.other, &mut document),
        };
        let disclosures = lex
            .disclosures
            .iter()
            .enumerate()
            .map(|(d, disclosure)| {
                let mut index = 0;
                let mut compile_all = |patterns: &[String]| -> Vec<usize> {
                    patterns
                        .iter()
                        .filter_map(|pat| {
                            let owner = PatternOwner::Disclosure {
                                disclosure: d,
                                pattern: index,
                            };
                            index += 1;
                            let (_, regex) = compile(pat, owner)?;
                            document.push(regex);
                            Some(document.len() - 1)
                        })
                        .collect()
                };
                let parts = disclosure.parts.iter().map(|p| compile_all(&p.patterns)).collect();
                let exceptions = compile_all(&disclosure.exceptions);
                DisclosurePatterns { parts, exceptions }
            })
            .collect();
        let document = PatternSet::new(document).unwrap_or_else(|err| {
            errors.push(PatternError {
                owner: PatternOwner::Lexicon,
                message: format!(
                    "disclosure and treatment patterns do not compile as a whole: {}",
                    regex_message(&err)
                ),
            });
            PatternSet::default()
        });

        errors.extend(expansion_errors);
        let set = RegexSetBuilder::new(&sources)
            .case_insensitive(true)
            .size_limit(1 << 26)
            .dfa_size_limit(1 << 24)
            .build();
        let context = ContextClassifier::new(lex.context);
        match (set, context) {
            (Ok(set), Ok(context)) if errors.is_empty() => Ok(Matcher {
                set,
                patterns,
                exceptions,
                categories: rules.iter().map(|r| r.category.clone()).collect(),
                disclosures,
                document,
                treatment,
                context,
                slots,
                segmenter: Segmenter::new(lex.abbreviations.iter().cloned()),
            }),
            (set, context) => {
                if let Err(err) = set {
                    // Pin the failure on the patterns that fail alone, if any.
                    let alone: Vec<PatternError> = patterns
                        .iter()
                        .zip(&owners)
                        .filter_map(|(pattern, owner)| {
                            build_pattern(&pattern.source).err().map(|e| PatternError {
                                owner: *owner,
                                message: format!("invalid regex: {}", regex_message(&e)),
                            })
                        })
                        .collect();
                    if alone.is_empty() {
                        errors.push(PatternError {
                            owner: PatternOwner::Lexicon,
                            message: format!("the rule set does not compile as a whole: {}", regex_message(&err)),
                        });
                    }
                    errors.extend(alone);
                }
                if let Err(message) = context {
                    errors.push(PatternError {
                        owner: PatternOwner::Lexicon,
                        message,
                    });
                }
                Err(errors)
            }
        }
    }

    /// Find every rule match in `text`, sentence by sentence, appending to `out`.
    /// Overlapping matches of one category keep the first (earliest, then
    /// longest; on the same words, the rule loaded last, so a project's own
    /// pack overrides the defaults).
    pub fn find(&self, text: &str, sentences: &[Sentence], out: &mut Vec<RawMatch>) {
        self.find_with(text, sentences, false, out);
    }

    /// [`find`](Self::find), optionally keeping every overlapping match (a
    /// rule's own examples test that rule, whatever else matches them).
    pub fn find_with(&self, text: &str, sentences: &[Sentence], keep_overlaps: bool, out: &mut Vec<RawMatch>) {
        let first = out.len();
        let hits = self.set.matches(text);
        if !hits.matched_any() {
            return;
        }
        for index in hits.iter() {
            let pattern = &self.patterns[index];
            for (s, sentence) in sentences.iter().enumerate() {
                let body = sentence.text(text);
                let regex = pattern.regex();
                if !regex.is_match(body) {
                    continue;
                }
                // Where the rule's exceptions match this sentence, found once.
                let excused = excused(&self.exceptions[pattern.rule], body);
                for caps in regex.captures_iter(body) {
                    let whole = caps.get(0).expect("group 0 always matches");
                    if whole.is_empty() || overlaps_any(&excused, whole.range()) {
                        continue;
                    }
                    let slots_ok = pattern.slots.iter().all(|(name, condition)| {
                        caps.name(name)
                            .is_some_and(|m| self.slots.satisfies(name, m.as_str(), condition))
                    });
                    if !slots_ok {
                        continue;
                    }
                    let captures = regex
                        .capture_names()
                        .flatten()
                        .filter_map(|name| {
                            caps.name(name)
                                .map(|m| (name.to_string(), sentence.start + m.start()..sentence.start + m.end()))
                        })
                        .collect();
                    out.push(RawMatch {
                        rule: pattern.rule,
                        pattern: index,
                        sentence: s,
                        start: sentence.start + whole.start(),
                        end: sentence.start + whole.end(),
                        captures,
                    });
                }
            }
        }
        let found = &mut out[first..];
        found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(b.rule.cmp(&a.rule)));
        if keep_overlaps {
            return;
        }
        // Sorted by start, a match overlaps an earlier kept one of its
        // category exactly when that category's furthest kept end (in the
        // same sentence) lies past the match's start.
        let mut reach: BTreeMap<(&str, usize), usize> = BTreeMap::new();
        let mut kept: Vec<RawMatch> = Vec::with_capacity(found.len());
        for m in out.drain(first..) {
            let key = (self.categories[m.rule].as_str(), m.sentence);
            let end = reach.entry(key).or_insert(0);
            if *end <= m.start {
                *end = (*end).max(m.end);
                kept.push(m);
            }
        }
        out.extend(kept);
    }
}

impl Matcher {
    /// The compiled regex of pattern `index` (a [`RawMatch::pattern`]).
    pub fn pattern(&self, index: usize) -> &Regex {
        self.patterns[index].regex()
    }
}

/// `pattern` without its `^` and `$` anchors, for the block-wide prefilter:
/// a pattern anchored to its sentence ("Guaranteed." alone) must still pass
/// the filter that sees the whole block. Dropping an anchor only widens a
/// match, so the filter stays a superset; the per-sentence regex keeps them.
fn unanchored(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // `[^…]` and `[]…]`: neither `^` nor a leading `]` closes or anchors.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().expect("peeked"));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().expect("peeked"));
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '^' | '$' if !in_class => {}
            _ => out.push(c),
        }
    }
    out
}

/// Where any of a rule's exceptions match `body`, sorted by start.
/// Exceptions are local: "stem cell-derived" excuses the "stem cell" it
/// overlaps, not another claim in the sentence. An exception meant for the
/// whole sentence is written to span it (`(?s)^.*…`).
/// Each entry is a start and the furthest end of any range starting no later.
fn excused(exceptions: &[Regex], body: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = exceptions
        .iter()
        .flat_map(|e| e.find_iter(body).map(|m| m.range()))
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut furthest = 0;
    for range in &mut ranges {
        furthest = furthest.max(range.end);
        range.end = furthest;
    }
    ranges
}

/// Whether `hit` overlaps one of the ranges [`excused`] found.
fn overlaps_any(excused: &[Range<usize>], hit: Range<usize>) -> bool {
    let before = excused.partition_point(|r| r.start < hit.end);
    before > 0 && excused[before - 1].end > hit.start
}

/// Expands `{term}` and `{slot}` references and makes `\b` ASCII.
struct Expander<'a> {
    terms: &'a BTreeMap<String, String>,
    slots: &'a SlotParser,
}

impl Expander<'_> {
    fn expand(&self, pattern: &str) -> Result<String, String> {
        let mut out = String::with_capacity(pattern.len() * 2);
        let mut used_slots = Vec::new();
        self.expand_into(pattern, &mut out, &mut used_slots, 0)?;
        Ok(out)
    }

    fn expand_into(&self, pattern: &str, out: &mut String, used: &mut Vec<String>, depth: usize) -> Result<(), String> {
        if depth > 8 {
            return Err("terms nest more than 8 deep (a term that refers to itself?)".into());
        }
        let mut chars = pattern.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'b')) => out.push_str("(?-u:\\b)"),
                    Some((_, next)) => {
                        out.push('\\');
                        out.push(next);
                    }
                    None => out.push('\\'),
                },
                '{' => {
                    let rest = &pattern[i + 1..];
                    let name_len = rest
                        .find(|ch: char| !(ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_'))
                        .unwrap_or(rest.len());
                    let name = &rest[..name_len];
                    let is_ref =
                        rest[name_len..].starts_with('}') && name.starts_with(|ch: char| ch.is_ascii_lowercase());
                    if !is_ref {
                        out.push('{');
                        continue;
                    }
                    for _ in 0..=name_len {
                        chars.next();
                    }
                    if SLOT_NAMES.contains(&name) {
                        let regex = self.slots.regex(name).expect("slot names have regexes");
                        if used.iter().any(|u| u == name) {
                            out.push_str(&format!("(?:{regex})"));
                        } else {
                            used.push(name.to_string());
                            out.push_str(&format!("(?P<{name}>{regex})"));
                        }
                    } else if let Some(term) = self.terms.get(name) {
                        out.push_str("(?:");
                        self.expand_into(term, out, used, depth + 1)?;
                        out.push(')');
                    } else {
                        return Err(format!(
                            "unknown term `{{{name}}}`; define it under [terms] in a pack, or use a slot ({})",
                            SLOT_NAMES.join(", ")
                        ));
                    }
                }
                _ => out.push(c),
            }
        }
        Ok(())
    }
}

/// The useful part of a regex error (the crate's message includes the pattern).
fn regex_message(err: &regex::Error) -> String {
    match err {
        regex::Error::Syntax(text) => text.lines().last().unwrap_or(text).trim().to_string(),
        regex::Error::CompiledTooBig(limit) => format!("compiled pattern exceeds {limit} bytes; simplify it"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefilter_drops_anchors_outside_classes() {
        assert_eq!(unanchored(r"^\W*guaranteed[^.$]\$$"), r"\W*guaranteed[^.$]\$");
        assert_eq!(unanchored(r"(?:^|:)a[]^]b"), r"(?:|:)a[]^]b");
    }

    #[test]
    fn exceptions_excuse_only_what_they_overlap() {
        let exc = [Regex::new(r"stem cells?-derived").unwrap()];
        let body = "Millions of stem cell-derived exosomes; we inject live stem cells.";
        let derived = body.find("stem cell-derived").unwrap();
        let live = body.find("live stem cells").unwrap();
        let excused = excused(&exc, body);
        assert!(overlaps_any(&excused, derived - 12..derived + 9));
        assert!(!overlaps_any(&excused, live..live + 15));
    }

    #[test]
    fn expands_terms_slots_and_boundaries() {
        let mut terms = BTreeMap::new();
        terms.insert("hair".to_string(), r"hair|follicles?".to_string());
        terms.insert("grow".to_string(), r"re-?grow\w*|new {hair}".to_string());
        let mut grammar = SlotGrammar::default();
        grammar.units.insert("weeks".into(), 7.0);
        let slots = SlotParser::new(&grammar);
        let e = Expander {
            terms: &terms,
            slots: &slots,
        };
        let out = e.expand(r"\b{grow}\b in {duration} a{2,3}").unwrap();
        assert!(out.starts_with(r"(?-u:\b)(?:re-?grow\w*|new (?:hair|follicles?))(?-u:\b) in (?P<duration>"));
        assert!(out.ends_with("a{2,3}"));
        assert!(e.expand("{nope}").unwrap_err().contains("unknown term `{nope}`"));
    }
}
