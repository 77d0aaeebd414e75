//! The types a loaded rule pack is made of.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a rule is settled or still being tried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Stable,
    Preview,
}

/// How the copy relates to a matched claim (ConText's dimensions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContextKind {
    /// The copy says it.
    Asserted,
    /// "It is not a transplant."
    Negated,
    /// "Does this replace finasteride?"
    Question,
    /// "If a clinic claims …", "the patient hoping to …"
    Hypothetical,
    /// "Clinics that promise …", "marketing copy claims …"
    Attributed,
    /// "Be wary of …", "… is overselling"
    Warning,
}

impl ContextKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContextKind::Asserted => "asserted",
            ContextKind::Negated => "negated",
            ContextKind::Question => "question",
            ContextKind::Hypothetical => "hypothetical",
            ContextKind::Attributed => "attributed",
            ContextKind::Warning => "warning",
        }
    }
}

/// How safe it is to apply a rule's fix without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixSafety {
    /// A wording swap that keeps the meaning honest; `--fix` applies it.
    Safe,
    /// A rewrite a person should read; applied only with `--unsafe-fixes`.
    Unsafe,
    /// Shown as a suggestion, never applied.
    DisplayOnly,
}

impl FixSafety {
    pub fn as_str(self) -> &'static str {
        match self {
            FixSafety::Safe => "safe",
            FixSafety::Unsafe => "unsafe",
            FixSafety::DisplayOnly => "display-only",
        }
    }
}

/// A rule's fix: the text that replaces the matched span.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FixSpec {
    pub safety: FixSafety,
    /// Replacement for the matched text; `{name}` interpolates captures. Without
    /// it the suggestion is offered as display-only wording.
    #[serde(default)]
    pub replacement: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// An example rewrite the rule's fix must produce.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FixExample {
    pub before: String,
    pub after: String,
}

/// Copy a rule must flag and copy it must leave alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub flag: Vec<String>,
    #[serde(default)]
    pub pass: Vec<String>,
    #[serde(default)]
    pub fix: Vec<FixExample>,
}

/// A condition on a typed slot a pattern captured.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SlotCondition {
    /// Durations: the lower bound, in days, must be at most this.
    #[serde(default, alias = "max_days")]
    pub max_days: Option<f64>,
    #[serde(default, alias = "min_days")]
    pub min_days: Option<f64>,
    /// Counts (sessions, percentages): the value must be at least / at most this.
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
}

/// One claim rule, as loaded.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Shared with every finding the rule makes (see [`crate::finding::Finding`]).
    pub id: Arc<str>,
    pub category: Arc<str>,
    pub severity: super::Severity,
    pub status: Status,
    pub summary: String,
    pub message: Arc<str>,
    pub suggestion: Option<Arc<str>>,
    pub rationale: String,
    pub source: String,
    /// Patterns as written in the pack.
    pub patterns: Vec<String>,
    /// Patterns that excuse a match they overlap ("stem cell-derived" excuses
    /// "stem cell"); one written to span the sentence excuses the sentence.
    pub exceptions: Vec<String>,
    /// Patterns a question matches whose answer "no" makes the rule's claim
    /// ("Do I need to keep taking finasteride?" answered "No.").
    pub answered_no: Vec<String>,
    /// Patterns that, matching a table cell's label on the other axis (its
    /// row's label when the cell is read with its column header, and the
    /// reverse), excuse the rule's claim in that cell: "Sessions: 1" in the
    /// row "Maintenance visit" counts one visit, not the course.
    pub table_exceptions: Vec<String>,
    pub slots: BTreeMap<String, SlotCondition>,
    /// Contexts besides `asserted` in which the rule still fires.
    pub contexts: Vec<ContextKind>,
    pub fix: Option<FixSpec>,
    pub examples: Examples,
    /// The pack file the rule came from.
    pub pack: String,
}

impl Rule {
    pub fn fires_in(&self, context: ContextKind) -> bool {
        context == ContextKind::Asserted || self.contexts.contains(&context)
    }
}

/// A thing a treatment page must disclose.
#[derive(Debug, Clone)]
pub struct Disclosure {
    pub name: String,
    pub severity: Severity,
    pub summary: String,
    pub message: String,
    pub suggestion: String,
    pub placement: String,
    pub rationale: String,
    pub source: String,
    /// What the page must say, in parts; the disclosure is made when every
    /// part is. A disclosure written with a plain `presence` list has one part.
    pub parts: Vec<PresencePart>,
    /// Patterns that, matching a sentence, stop it counting for any part
    /// ("zero redness", "virtually no side effects").
    pub exceptions: Vec<String>,
    pub examples_present: Vec<String>,
    pub examples_missing: Vec<String>,
    pub pack: String,
}

impl Disclosure {
    pub fn category(&self) -> String {
        format!("{}{}", super::DISCLOSURE_PREFIX, self.name)
    }

    pub fn rule_id(&self) -> String {
        self.category()
    }
}

/// One thing a disclosure must say ("the number of sessions"), and the
/// patterns any of which, asserted in a sentence, says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresencePart {
    pub name: String,
    pub patterns: Vec<String>,
}

/// Which disclosures a kind of document must make.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    #[serde(default)]
    pub summary: String,
    pub requires: Vec<String>,
}

/// Signals that a document presents the treatment to a prospective patient.
#[derive(Debug, Clone, Default)]
pub struct TreatmentSignals {
    /// The treatment is named (exosomes, growth factors, "stem cell" hair treatment).
    pub subject: Vec<String>,
    /// It is offered to the reader (book, consultation, price, sessions, candidate).
    pub offer: Vec<String>,
    /// The document is about something else (careers, privacy, news).
    pub other: Vec<String>,
    /// How many distinct offer signals make a treatment page.
    pub min_offer: usize,
    /// How many subject mentions make the treatment the page's subject.
    pub min_subject: usize,
}

/// A context trigger: phrases that, near a match, change how the copy relates to it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    pub kind: ContextKind,
    pub direction: Direction,
    /// How many words away from the match the trigger still reaches.
    #[serde(default = "default_window")]
    pub window: usize,
    /// Whether the trigger's reach also stops at a clause break.
    #[serde(default)]
    pub scope: Scope,
    /// Whose words the phrases report, when they are verbs of saying.
    #[serde(default)]
    pub voice: Voice,
    pub phrases: Vec<String>,
}

/// Who must stand before a verb-of-saying trigger for it to attribute a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Voice {
    /// The phrase names its speaker itself ("clinics that", "some ads").
    #[default]
    Any,
    /// Anyone but the copy: "we advertise", "our clinic claims that" stay asserted.
    NotFirstPerson,
    /// A named third party: "the packaging promises", "a coordinator told him";
    /// "this serum promises" stays asserted.
    ThirdParty,
}

/// How far a trigger reaches besides its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Up to a terminator ("but", ";") or the sentence's end: "does not — on
    /// the evidence — substitute for finasteride".
    #[default]
    Sentence,
    /// Also up to a clause break (`,`, `:`, a dash): "No surgery, new hair in
    /// four weeks" asserts the second clause; "If a clinic promises X, …" does not.
    Clause,
}

fn default_window() -> usize {
    8
}

/// Where a trigger's scope lies relative to the trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The trigger precedes what it modifies ("not a transplant").
    Forward,
    /// The trigger follows what it modifies ("… is a myth").
    Backward,
    /// Either side.
    Both,
}

/// The context lexicon: triggers, pseudo-triggers and scope terminators.
#[derive(Debug, Clone, Default)]
pub struct ContextLexicon {
    pub triggers: Vec<Trigger>,
    /// Phrases containing a trigger word that do not trigger ("not only", "no doubt").
    pub pseudo: Vec<String>,
    /// Words and marks that end a trigger's scope ("but", "however", ";").
    pub terminators: Vec<String>,
    /// Words that open a question when the sentence ends in `?`.
    pub question_openers: Vec<String>,
    /// Openings that make a `?` sentence a pitch, not a question ("why wait",
    /// "did you know", "ready for").
    pub rhetorical_openers: Vec<String>,
    /// Words that open an answer saying yes ("yes", "absolutely"): a
    /// question answered so in the sentence after it asserts what it asked
    /// ("Can I stop finasteride? Yes, after the third session.").
    pub affirmative_answers: Vec<String>,
    /// Openings of an answer saying no ("no", "not any more", "you will not
    /// need"): a question a rule's `answered_no` patterns match, answered so,
    /// makes the rule's claim ("Do I need to keep taking finasteride? No.").
    pub negative_answers: Vec<String>,
    /// Values that deny a "Label: value" line's label ("Permanent results:
    /// No."): a claim within the label is then not asserted.
    pub label_denials: Vec<String>,
    /// Words that join the items of a list of claims ("“X”, a “Y” or a
    /// “Z”"): each item is read in the list's context.
    pub list_joiners: Vec<String>,
    /// Words that carry reported speech on into another clause ("… and
    /// that …"): the clause after them is reported too.
    pub reported_continuations: Vec<String>,
    /// Words that make an answer's no conditional ("No, unless your doctor
    /// says so"): it then makes no claim.
    pub answer_conditions: Vec<String>,
    /// Marks that end a clause-scoped trigger's reach.
    pub clause_breaks: Vec<String>,
    /// The copy speaking for itself ("we", "our clinic"): an attribution
    /// trigger right after one ("we promise", "our doctors claim that") is the
    /// copy's own claim, not someone else's.
    pub first_person: Vec<String>,
    /// Speakers other than the copy ("the clinic", "a coordinator", "ads").
    pub third_party: Vec<String>,
    /// Openings of a subordinate clause, a contrast ("unlike", "compared
    /// with") or a relative clause ("who", "which"): a trigger inside one
    /// stays inside it ("Unlike agencies that sell you six visits, ours is a
    /// one-visit solution" and "For patients who are not yet ready for
    /// surgery, exosomes deliver transplant-like density" assert their
    /// second clause).
    pub subordinate_openers: Vec<String>,
}

/// The vocabulary of durations, counts and percentages.
#[derive(Debug, Clone, Default)]
pub struct SlotGrammar {
    /// Number words → value ("four" = 4, "a" = 1, "a couple of" = 2).
    pub numbers: BTreeMap<String, f64>,
    /// Ordinal words → value ("second" = 2, "2nd" handled by digits).
    pub ordinals: BTreeMap<String, f64>,
    /// Units → days ("week" = 7, "session" = 14).
    pub units: BTreeMap<String, f64>,
    /// Whole phrases → days ("overnight" = 0, "immediately" = 0).
    pub phrases: BTreeMap<String, f64>,
}
