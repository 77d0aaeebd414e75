//! What the engine reports: findings, their fixes, and dismissed matches.

use std::sync::Arc;

use serde::Serialize;

use crate::position::Span;
use crate::rules::{ContextKind, FixSafety, Severity};

/// What produced a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A sentence asserts an overpromise.
    Claim,
    /// A treatment page leaves out a required disclosure.
    Disclosure,
    /// About candor's own directives (an unused or unreasoned suppression).
    Meta,
}

/// One text replacement in the source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// Edits that together fix a finding, and how safe they are to apply unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub safety: FixSafety,
    pub edits: Vec<Edit>,
}

/// One thing wrong, at one place.
///
/// Its texts are shared with the rule that made it (`Arc<str>`): a long
/// run-on page yields hundreds of thousands of findings, and a copy of each
/// rule's message and suggestion per finding was most of their memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Arc<str>,
    pub category: Arc<str>,
    pub severity: Severity,
    pub kind: FindingKind,
    pub message: Arc<str>,
    /// Where it is: offsets into the source text.
    pub span: Span,
    /// The sentence (or block) around it, for reports and baseline fingerprints.
    pub sentence: Span,
    pub suggestion: Option<Arc<str>>,
    pub fix: Option<Fix>,
}

impl Finding {
    /// The order of output: by position, then rule.
    pub fn sort_key(&self) -> (usize, usize, &str) {
        (self.span.start, self.span.end, &self.rule)
    }
}

/// A match the context classifier did not take as asserted (`--explain-context`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dismissed {
    pub rule: Arc<str>,
    pub span: Span,
    pub context: ContextKind,
    pub trigger: String,
    pub trigger_span: Span,
}
