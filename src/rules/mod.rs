//! The rule model: rules, disclosures, lexicons and their loading from packs.
//!
//! A [`RuleSet`] is everything the engine knows, built from TOML packs
//! (embedded defaults, `--rules` folders, config): claim rules, disclosure
//! checks and profiles, the vocabulary that patterns share, the context
//! trigger lexicon, the slot grammar and the segmenter's abbreviations.
//! Matching lives in `matcher`; this module holds no regex engine state.

pub mod embedded;
mod model;
mod pack;
pub mod select;

pub use model::*;
pub use pack::{load_dir, PackSource};
pub use select::Selection;

use crate::diagnostic::TomlErrors;
use crate::matcher::Matcher;

/// The claim categories of TAXONOMY.md.
pub const CLAIM_CATEGORIES: [&str; 8] = [
    "early-results",
    "transplant-equivalence",
    "drug-substitution",
    "universal-candidacy",
    "guarantee",
    "overstated-evidence",
    "single-session",
    "product-misidentification",
];

/// The category prefix of document-level disclosure findings.
pub const DISCLOSURE_PREFIX: &str = "disclosure/";

/// The category of candor's own findings about the input (unused suppressions).
pub const META_CATEGORY: &str = "candor";

/// Everything the engine needs to lint, compiled once per run.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub disclosures: Vec<Disclosure>,
    pub profiles: Vec<Profile>,
    pub treatment: TreatmentSignals,
    pub context: ContextLexicon,
    pub slots: SlotGrammar,
    pub abbreviations: Vec<String>,
    pub matcher: Matcher,
}

impl RuleSet {
    /// The rule packs embedded in the binary, with nothing deselected.
    pub fn embedded() -> RuleSet {
        Self::load(&embedded::sources(), &Selection::default()).expect("embedded rule packs are valid (tests/rules.rs)")
    }

    /// Load, validate and compile packs; any error refuses the whole set.
    pub fn load(sources: &[PackSource], selection: &Selection) -> Result<RuleSet, TomlErrors> {
        pack::load(sources, selection)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| *r.id == *id)
    }

    pub fn disclosure(&self, name: &str) -> Option<&Disclosure> {
        self.disclosures.iter().find(|d| d.name == name)
    }
}
