//! Rule packs: the TOML schema, validation and loading into a [`RuleSet`].
//!
//! A pack file may hold any of: `[[rule]]`, `[[disclosure]]`, `[[profile]]`,
//! `[terms]`, `[context]`, `[slots]`, `[segment]`, `[treatment]`. Every file
//! is parsed with unknown keys refused; then the whole set is validated
//! (categories, duplicate ids, terms, regexes), and every problem is reported
//! with a span into its file. One problem refuses the whole set.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::model::*;
use super::{RuleSet, Selection, CLAIM_CATEGORIES};
use crate::diagnostic::{TomlError, TomlErrors, TomlFile};
use crate::matcher::{Lexicons, Matcher, PatternError, PatternOwner};

/// One pack file's name and text.
#[derive(Debug, Clone)]
pub struct PackSource {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    #[serde(default)]
    rule: Vec<RuleDef>,
    #[serde(default)]
    disclosure: Vec<DisclosureDef>,
    #[serde(default)]
    profile: Vec<Spanned<Profile>>,
    #[serde(default)]
    terms: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    context: Option<ContextDef>,
    #[serde(default)]
    slots: Option<SlotsDef>,
    #[serde(default)]
    segment: Option<SegmentDef>,
    #[serde(default)]
    treatment: Option<TreatmentDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: Spanned<String>,
    category: Spanned<String>,
    #[serde(default)]
    severity: Option<Severity>,
    #[serde(default)]
    status: Status,
    summary: String,
    message: String,
    #[serde(default)]
    suggestion: Option<String>,
    rationale: String,
    source: String,
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    exceptions: Vec<Spanned<String>>,
    #[serde(default)]
    answered_no: Vec<Spanned<String>>,
    #[serde(default)]
    table_exceptions: Vec<Spanned<String>>,
    #[serde(default)]
    slots: BTreeMap<Spanned<String>, SlotCondition>,
    #[serde(default)]
    contexts: Vec<ContextKind>,
    #[serde(default)]
    fix: Option<FixSpec>,
    #[serde(default)]
    examples: Examples,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DisclosureDef {
    name: Spanned<String>,
    #[serde(default)]
    severity: Option<Severity>,
    summary: String,
    message: String,
    suggestion: String,
    placement: String,
    rationale: String,
    source: String,
    /// Patterns for a disclosure of one part; `part` tables for several.
    #[serde(default)]
    presence: Vec<Spanned<String>>,
    #[serde(default)]
    part: Vec<PartDef>,
    #[serde(default)]
    exceptions: Vec<Spanned<String>>,
    #[serde(default)]
    examples: DisclosureExamples,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartDef {
    name: Spanned<String>,
    presence: Vec<Spanned<String>>,
}

impl DisclosureDef {
    /// Every presence pattern, part by part, then the exceptions: the order the
    /// matcher compiles them in, so a bad pattern's index finds its span.
    fn pattern_spans(&self) -> Vec<std::ops::Range<usize>> {
        self.presence
            .iter()
            .chain(self.part.iter().flat_map(|p| &p.presence))
            .chain(&self.exceptions)
            .map(|p| p.span())
            .collect()
    }

    fn parts(&self) -> Vec<PresencePart> {
        let texts = |v: &[Spanned<String>]| v.iter().map(|p| p.get_ref().clone()).collect();
        if self.part.is_empty() {
            return vec![PresencePart {
                name: self.name.get_ref().clone(),
                patterns: texts(&self.presence),
            }];
        }
        self.part
            .iter()
            .map(|p| PresencePart {
                name: p.name.get_ref().clone(),
                patterns: texts(&p.presence),
            })
            .collect()
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DisclosureExamples {
    #[serde(default)]
    present: Vec<String>,
    #[serde(default)]
    missing: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ContextDef {
    #[serde(default)]
    trigger: Vec<Trigger>,
    #[serde(default)]
    pseudo: Vec<String>,
    #[serde(default)]
    terminators: Vec<String>,
    #[serde(default)]
    question_openers: Vec<String>,
    #[serde(default)]
    rhetorical_openers: Vec<String>,
    #[serde(default)]
    affirmative_answers: Vec<String>,
    #[serde(default)]
    negative_answers: Vec<String>,
    #[serde(default)]
    label_denials: Vec<String>,
    #[serde(default)]
    list_joiners: Vec<String>,
    #[serde(default)]
    reported_continuations: Vec<String>,
    #[serde(default)]
    answer_conditions: Vec<String>,
    #[serde(default)]
    clause_breaks: Vec<String>,
    #[serde(default)]
    first_person: Vec<String>,
    #[serde(default)]
    third_party: Vec<String>,
    /// `contrast-openers` was its name when it held contrasts alone.
    #[serde(default, alias = "contrast-openers")]
    subordinate_openers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SlotsDef {
    #[serde(default)]
    numbers: BTreeMap<String, f64>,
    #[serde(default)]
    ordinals: BTreeMap<String, f64>,
    #[serde(default)]
    units: BTreeMap<String, f64>,
    #[serde(default)]
    phrases: BTreeMap<String, f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SegmentDef {
    abbreviations: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TreatmentDef {
    subject: Vec<Spanned<String>>,
    offer: Vec<Spanned<String>>,
    #[serde(default)]
    other: Vec<Spanned<String>>,
    #[serde(default = "one")]
    min_offer: usize,
    #[serde(default = "one")]
    min_subject: usize,
}

fn one() -> usize {
    1
}

/// Read every `*.toml` below `dir` (sorted) as pack sources.
pub fn load_dir(dir: &Path) -> std::io::Result<Vec<PackSource>> {
    let mut files = Vec::new();
    collect_toml(dir, &mut files)?;
    files.sort();
    files
        .into_iter()
        .map(|path| {
            Ok(PackSource {
                name: crate::source::display_path(&path),
                text: std::fs::read_to_string(&path)
                    .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?,
            })
        })
        .collect()
}

fn collect_toml(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_toml(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// Where a spanned item was defined: which file, which bytes.
struct At<'a> {
    file: &'a TomlFile,
    span: std::ops::Range<usize>,
}

pub(super) fn load(sources: &[PackSource], selection: &Selection) -> Result<RuleSet, TomlErrors> {
    let mut errors = Vec::new();
    let mut parsed = Vec::new();
    for source in sources {
        let file = TomlFile::new(source.name.clone(), source.text.as_str());
        match toml::from_str::<PackFile>(&source.text) {
            Ok(pack) => parsed.push((file, pack)),
            Err(err) => errors.push(file.from_toml(&err)),
        }
    }

    let mut terms: BTreeMap<String, String> = BTreeMap::new();
    let mut context = ContextLexicon::default();
    let mut slots = SlotGrammar::default();
    let mut abbreviations = Vec::new();
    let mut treatment = TreatmentSignals::default();
    let mut treatment_sites: [Vec<At>; 3] = Default::default();
    let mut profiles = Vec::new();
    for (file, pack) in &parsed {
        for (name, value) in &pack.terms {
            if terms.insert(name.get_ref().clone(), value.get_ref().clone()).is_some() {
                errors.push(file.error(
                    name.span(),
                    format!("term `{}` is defined twice", name.get_ref()),
                    "defined again here",
                ));
            }
        }
        if let Some(def) = &pack.context {
            context.triggers.extend(def.trigger.iter().cloned());
            context.pseudo.extend(def.pseudo.iter().cloned());
            context.terminators.extend(def.terminators.iter().cloned());
            context.question_openers.extend(def.question_openers.iter().cloned());
            context
                .rhetorical_openers
                .extend(def.rhetorical_openers.iter().cloned());
            context
                .affirmative_answers
                .extend(def.affirmative_answers.iter().cloned());
            context.negative_answers.extend(def.negative_answers.iter().cloned());
            context.label_denials.extend(def.label_denials.iter().cloned());
            context.list_joiners.extend(def.list_joiners.iter().cloned());
            context
                .reported_continuations
                .extend(def.reported_continuations.iter().cloned());
            context.answer_conditions.extend(def.answer_conditions.iter().cloned());
            context.clause_breaks.extend(def.clause_breaks.iter().cloned());
            context.first_person.extend(def.first_person.iter().cloned());
            context.third_party.extend(def.third_party.iter().cloned());
            context
                .subordinate_openers
                .extend(def.subordinate_openers.iter().cloned());
        }
        if let Some(def) = &pack.slots {
            slots.numbers.extend(def.numbers.clone());
            slots.ordinals.extend(def.ordinals.clone());
            slots.units.extend(def.units.clone());
            slots.phrases.extend(def.phrases.clone());
        }
        if let Some(def) = &pack.segment {
            abbreviations.extend(def.abbreviations.iter().cloned());
        }
        if let Some(def) = &pack.treatment {
            let texts = |v: &[Spanned<String>]| v.iter().map(|s| s.get_ref().clone()).collect::<Vec<_>>();
            treatment.subject.extend(texts(&def.subject));
            treatment.offer.extend(texts(&def.offer));
            treatment.other.extend(texts(&def.other));
            treatment.min_offer = def.min_offer;
            treatment.min_subject = def.min_subject;
            for (sites, list) in treatment_sites.iter_mut().zip([&def.subject, &def.offer, &def.other]) {
                sites.extend(list.iter().map(|p| At { file, span: p.span() }));
            }
        }
        for profile in &pack.profile {
            profiles.push((file, profile));
        }
    }

    let mut rules = Vec::new();
    let mut rule_sites = Vec::new();
    let mut seen: HashMap<String, ()> = HashMap::new();
    for (file, pack) in &parsed {
        for def in &pack.rule {
            let id = def.id.get_ref();
            if seen.insert(id.clone(), ()).is_some() {
                errors.push(file.error(def.id.span(), format!("duplicate rule id `{id}`"), "defined again here"));
                continue;
            }
            if !valid_id(id) {
                errors.push(
                    file.error(
                        def.id.span(),
                        format!("rule id `{id}` is not of the form `category/name`"),
                        "this id",
                    )
                    .with_help(
                        "ids are lowercase words joined by `-`, a `/` after the category: `guarantee/risk-free`",
                    ),
                );
            }
            let category = def.category.get_ref();
            if !CLAIM_CATEGORIES.contains(&category.as_str()) {
                let nearest = CLAIM_CATEGORIES
                    .iter()
                    .min_by_key(|c| crate::diagnostic::edit_distance(category, c))
                    .expect("categories are not empty");
                errors.push(
                    file.error(
                        def.category.span(),
                        format!("unknown category `{category}`"),
                        "not a claim category",
                    )
                    .with_help(format!(
                        "did you mean `{nearest}`? categories: {}",
                        CLAIM_CATEGORIES.join(", ")
                    )),
                );
            }
            if def.patterns.is_empty() {
                errors.push(file.error(def.id.span(), format!("rule `{id}` has no patterns"), "this rule"));
            }
            for name in def.slots.keys() {
                if !def
                    .patterns
                    .iter()
                    .any(|p| p.get_ref().contains(&format!("{{{}}}", name.get_ref())))
                {
                    errors.push(file.error(
                        name.span(),
                        format!("slot `{}` is not captured by any pattern of `{id}`", name.get_ref()),
                        "unused condition",
                    ));
                }
            }
            if !selection.enabled(id, category) {
                continue;
            }
            let spans = |list: &[Spanned<String>]| list.iter().map(|p| p.span()).collect();
            rule_sites.push(RuleSite {
                file,
                patterns: spans(&def.patterns),
                exceptions: spans(&def.exceptions),
                answered_no: spans(&def.answered_no),
                table_exceptions: spans(&def.table_exceptions),
            });
            rules.push(Rule {
                id: id.as_str().into(),
                category: category.as_str().into(),
                severity: selection
                    .severity(id, category)
                    .or(def.severity)
                    .unwrap_or(Severity::Error),
                status: def.status,
                summary: def.summary.clone(),
                message: def.message.as_str().into(),
                suggestion: def.suggestion.as_deref().map(Into::into),
                rationale: def.rationale.clone(),
                source: def.source.clone(),
                patterns: def.patterns.iter().map(|p| p.get_ref().clone()).collect(),
                exceptions: def.exceptions.iter().map(|p| p.get_ref().clone()).collect(),
                answered_no: def.answered_no.iter().map(|p| p.get_ref().clone()).collect(),
                table_exceptions: def.table_exceptions.iter().map(|p| p.get_ref().clone()).collect(),
                slots: def
                    .slots
                    .iter()
                    .map(|(k, v)| (k.get_ref().clone(), v.clone()))
                    .collect(),
                contexts: def.contexts.clone(),
                fix: def.fix.clone(),
                examples: def.examples.clone(),
                pack: file.name.clone(),
            });
        }
    }

    let mut disclosures = Vec::new();
    let mut disclosure_sites = Vec::new();
    // Disclosures `select` / `ignore` turned off: profiles may still name them.
    let mut deselected: Vec<String> = Vec::new();
    for (file, pack) in &parsed {
        for def in &pack.disclosure {
            let name = def.name.get_ref();
            if disclosures.iter().any(|d: &Disclosure| &d.name == name) || deselected.contains(name) {
                errors.push(file.error(
                    def.name.span(),
                    format!("duplicate disclosure `{name}`"),
                    "defined again here",
                ));
                continue;
            }
            match (def.presence.is_empty(), def.part.is_empty()) {
                (true, true) => errors.push(
                    file.error(
                        def.name.span(),
                        format!("disclosure `{name}` has no presence patterns"),
                        "this disclosure",
                    )
                    .with_help("add `presence = [...]`, or `[[disclosure.part]]` tables with `name` and `presence`"),
                ),
                (false, false) => errors.push(
                    file.error(
                        def.name.span(),
                        format!("disclosure `{name}` has both `presence` and `part` tables"),
                        "this disclosure",
                    )
                    .with_help("move the `presence` patterns into a `[[disclosure.part]]` of their own"),
                ),
                _ => {}
            }
            for part in &def.part {
                if part.presence.is_empty() {
                    errors.push(file.error(
                        part.name.span(),
                        format!(
                            "part `{}` of disclosure `{name}` has no presence patterns",
                            part.name.get_ref()
                        ),
                        "this part",
                    ));
                }
            }
            let category = format!("{}{name}", super::DISCLOSURE_PREFIX);
            if !selection.enabled(&category, &category) {
                deselected.push(name.clone());
                continue;
            }
            disclosure_sites.push((file, def.pattern_spans()));
            disclosures.push(Disclosure {
                name: name.clone(),
                severity: selection
                    .severity(&category, &category)
                    .or(def.severity)
                    .unwrap_or(Severity::Warning),
                summary: def.summary.clone(),
                message: def.message.clone(),
                suggestion: def.suggestion.clone(),
                placement: def.placement.clone(),
                rationale: def.rationale.clone(),
                source: def.source.clone(),
                parts: def.parts(),
                exceptions: def.exceptions.iter().map(|p| p.get_ref().clone()).collect(),
                examples_present: def.examples.present.clone(),
                examples_missing: def.examples.missing.clone(),
                pack: file.name.clone(),
            });
        }
    }
    for (file, profile) in &profiles {
        for name in &profile.get_ref().requires {
            if !disclosures.iter().any(|d| &d.name == name) && !deselected.contains(name) {
                errors.push(file.error(
                    profile.span(),
                    format!(
                        "profile `{}` requires unknown disclosure `{name}`",
                        profile.get_ref().name
                    ),
                    "this profile",
                ));
            }
        }
    }

    let treatment_sites: Vec<At> = treatment_sites.into_iter().flatten().collect();
    // Patterns of the embedded packs compile on first use (the test suite
    // compiles them all); anything else compiles now, so a broken user
    // pattern is refused at load. Vocabulary from outside the binary
    // changes every pattern that uses it.
    let outside: Vec<&str> = sources
        .iter()
        .filter(|s| !super::embedded::is_embedded(s))
        .map(|s| s.name.as_str())
        .collect();
    let vocabulary_outside = parsed.iter().any(|(file, pack)| {
        outside.contains(&file.name.as_str())
            && (!pack.terms.is_empty() || pack.slots.is_some() || pack.treatment.is_some())
    });
    let compile_at_load = |owner: PatternOwner| -> bool {
        vocabulary_outside
            || match owner {
                PatternOwner::Rule { rule, .. }
                | PatternOwner::Exception { rule, .. }
                | PatternOwner::AnsweredNo { rule, .. }
                | PatternOwner::TableException { rule, .. } => outside.contains(&rules[rule].pack.as_str()),
                PatternOwner::Disclosure { disclosure, .. } => outside.contains(&disclosures[disclosure].pack.as_str()),
                PatternOwner::Treatment { .. } | PatternOwner::Lexicon => false,
            }
    };
    let lexicons = Lexicons {
        disclosures: &disclosures,
        treatment: &treatment,
        context: &context,
        terms: &terms,
        slots: &slots,
        abbreviations: &abbreviations,
        compile_at_load: &compile_at_load,
    };
    let matcher = Matcher::compile(&rules, &lexicons);
    match &matcher {
        Ok(_) => {}
        Err(pattern_errors) => {
            for err in pattern_errors {
                let at = locate(err, &rule_sites, &disclosure_sites, &treatment_sites);
                errors.push(match at {
                    Some(at) => at.file.error(at.span, err.message.clone(), "in this pattern"),
                    None => TomlFile::new("<rules>", "").error(0..0, err.message.clone(), "here"),
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(TomlErrors {
            what: "rule pack".into(),
            errors,
        });
    }
    let matcher = matcher.expect("errors were reported above");
    let profiles = profiles.into_iter().map(|(_, p)| p.get_ref().clone()).collect();
    Ok(RuleSet {
        rules,
        disclosures,
        profiles,
        treatment,
        context,
        slots,
        abbreviations,
        matcher,
    })
}

/// A rule's file and the spans of each of its lists of patterns.
struct RuleSite<'a> {
    file: &'a TomlFile,
    patterns: Vec<std::ops::Range<usize>>,
    exceptions: Vec<std::ops::Range<usize>>,
    answered_no: Vec<std::ops::Range<usize>>,
    table_exceptions: Vec<std::ops::Range<usize>>,
}

/// The pack location of a pattern the matcher could not compile.
fn locate<'a>(
    err: &PatternError,
    rules: &[RuleSite<'a>],
    disclosures: &[(&'a TomlFile, Vec<std::ops::Range<usize>>)],
    treatment: &[At<'a>],
) -> Option<At<'a>> {
    use crate::matcher::PatternOwner::*;
    let in_rule = |rule: usize, list: for<'s> fn(&'s RuleSite<'a>) -> &'s [std::ops::Range<usize>], pattern: usize| {
        let site = rules.get(rule)?;
        Some(At {
            file: site.file,
            span: list(site).get(pattern)?.clone(),
        })
    };
    match err.owner {
        Rule { rule, pattern } => in_rule(rule, |s| &s.patterns, pattern),
        Exception { rule, pattern } => in_rule(rule, |s| &s.exceptions, pattern),
        AnsweredNo { rule, pattern } => in_rule(rule, |s| &s.answered_no, pattern),
        TableException { rule, pattern } => in_rule(rule, |s| &s.table_exceptions, pattern),
        Disclosure { disclosure, pattern } => {
            let (file, patterns) = disclosures.get(disclosure)?;
            Some(At {
                file,
                span: patterns.get(pattern)?.clone(),
            })
        }
        Treatment { pattern } => treatment.get(pattern).map(|at| At {
            file: at.file,
            span: at.span.clone(),
        }),
        Lexicon => None,
    }
}

fn valid_id(id: &str) -> bool {
    let Some((category, name)) = id.split_once('/') else {
        return false;
    };
    let word = |s: &str, digits: bool| {
        !s.is_empty()
            && !s.starts_with('-')
            && !s.ends_with('-')
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-' || (digits && b.is_ascii_digit()))
    };
    word(category, false) && word(name, true)
}

impl From<TomlError> for TomlErrors {
    fn from(error: TomlError) -> Self {
        TomlErrors {
            what: "rule pack".into(),
            errors: vec![error],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_one(pack: &str, selection: &Selection) -> Result<RuleSet, TomlErrors> {
        load(
            &[PackSource {
                name: "p.toml".into(),
                text: pack.into(),
            }],
            selection,
        )
    }

    const DISCLOSURE: &str = "name = \"d\"\nsummary = \"s\"\nmessage = \"m\"\nsuggestion = \"x\"\nplacement = \"p\"\nrationale = \"r\"\nsource = \"s\"\n";

    #[test]
    fn a_disclosure_needs_presence_or_parts_not_both() {
        let none = format!("[[disclosure]]\n{DISCLOSURE}");
        let err = load_one(&none, &Selection::default()).unwrap_err();
        assert!(err.errors[0].message.contains("has no presence patterns"), "{err:?}");
        let both = format!(
            "[[disclosure]]\n{DISCLOSURE}presence = ['a']\n[[disclosure.part]]\nname = \"x\"\npresence = ['b']\n"
        );
        let err = load_one(&both, &Selection::default()).unwrap_err();
        assert!(err.errors[0].message.contains("both `presence` and `part`"), "{err:?}");
        let parts = format!("[[disclosure]]\n{DISCLOSURE}[[disclosure.part]]\nname = \"x\"\npresence = ['b']\n[[disclosure.part]]\nname = \"y\"\npresence = ['c', 'd']\n");
        let rules = load_one(&parts, &Selection::default()).unwrap();
        let names: Vec<_> = rules.disclosures[0].parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["x", "y"]);
        assert_eq!(rules.matcher.disclosures[0].parts[1], [1, 2]);
    }

    #[test]
    fn an_ignored_disclosure_is_not_loaded_but_profiles_may_name_it() {
        let pack =
            format!("[[disclosure]]\n{DISCLOSURE}presence = ['a']\n[[profile]]\nname = \"p\"\nrequires = [\"d\"]\n");
        let selection = Selection {
            ignore: vec!["disclosure/d".into()],
            ..Selection::default()
        };
        let rules = load_one(&pack, &selection).unwrap();
        assert!(rules.disclosures.is_empty());
        let bad = pack.replace("requires = [\"d\"]", "requires = [\"e\"]");
        let err = load_one(&bad, &selection).unwrap_err();
        assert!(err.errors[0].message.contains("unknown disclosure `e`"), "{err:?}");
    }

    /// Packs written before relative clauses joined the contrasts still load.
    #[test]
    fn subordinate_openers_keep_their_old_name() {
        for key in ["subordinate-openers", "contrast-openers"] {
            let rules = load_one(&format!("[context]\n{key} = [\"unlike\"]\n"), &Selection::default()).unwrap();
            assert_eq!(rules.context.subordinate_openers, ["unlike"], "{key}");
        }
    }

    #[test]
    fn ids() {
        assert!(valid_id("guarantee/risk-free"));
        assert!(valid_id("early-results/before-8-weeks"));
        assert!(!valid_id("Guarantee/x"));
        assert!(!valid_id("guarantee"));
        assert!(!valid_id("guarantee/-x"));
    }
}
