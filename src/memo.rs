//! What matching found in each block of a document's last lint, reused for
//! the blocks an edit left alone.
//!
//! An editor re-lints the whole document on every keystroke, but a keystroke
//! changes one block. Matching (the claim and document pattern sets, and the
//! patterns they report) is most of a lint and depends only on a block's
//! text, so its results are kept by that text; everything after matching
//! (context, frames, disclosures, suppressions) runs again, since it looks
//! across blocks. The CLI lints each file once and keeps nothing.

use std::collections::HashMap;

use crate::matcher::{BlockHits, RawMatch};
use crate::rules::RuleSet;

/// Matching results by block text, for one document.
#[derive(Debug, Default)]
pub struct BlockMemo {
    enabled: bool,
    /// The rule set the results came from: another set, or a reloaded one,
    /// starts the memo over.
    rules: u64,
    claims: HashMap<Box<str>, Entry<Vec<RawMatch>>>,
    document: HashMap<Box<str>, Entry<BlockHits>>,
    /// Bumped by each lint; entries a lint did not use are dropped after it.
    generation: u64,
}

#[derive(Debug)]
struct Entry<T> {
    value: T,
    used: u64,
}

impl BlockMemo {
    /// A memo that keeps results between lints of one document.
    pub fn new() -> Self {
        BlockMemo {
            enabled: true,
            ..BlockMemo::default()
        }
    }

    /// A memo that keeps nothing (a file linted once).
    pub fn none() -> Self {
        BlockMemo::default()
    }

    /// Whether this memo keeps anything.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Start a lint with `rules`.
    pub(crate) fn begin(&mut self, rules: &RuleSet) {
        let id = rules.matcher.id();
        if self.rules != id {
            self.claims.clear();
            self.document.clear();
            self.rules = id;
        }
        self.generation += 1;
    }

    /// End a lint: forget the blocks it did not read.
    pub(crate) fn end(&mut self) {
        let generation = self.generation;
        self.claims.retain(|_, e| e.used == generation);
        self.document.retain(|_, e| e.used == generation);
    }

    /// The claim matches of a block reading `text`, found by `find` when not known.
    pub(crate) fn claims(&mut self, text: &str, out: &mut Vec<RawMatch>, find: impl FnOnce(&mut Vec<RawMatch>)) {
        if !self.enabled {
            return find(out);
        }
        let generation = self.generation;
        if let Some(entry) = self.claims.get_mut(text) {
            entry.used = generation;
            out.extend_from_slice(&entry.value);
            return;
        }
        let first = out.len();
        find(out);
        self.claims.insert(
            text.into(),
            Entry {
                value: out[first..].to_vec(),
                used: generation,
            },
        );
    }

    /// The document-pattern hits of a block of `text`, found by `find` when not known.
    pub(crate) fn document(&mut self, text: &str, find: impl FnOnce() -> BlockHits) -> BlockHits {
        if !self.enabled {
            return find();
        }
        let generation = self.generation;
        if let Some(entry) = self.document.get_mut(text) {
            entry.used = generation;
            return entry.value.clone();
        }
        let value = find();
        self.document.insert(
            text.into(),
            Entry {
                value: value.clone(),
                used: generation,
            },
        );
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{lint, lint_with, LintOptions};
    use crate::source::{Format, SourceFile};

    /// Every corpus document, then the same with one edit in its middle:
    /// linting with a memo gives what linting afresh gives.
    #[test]
    fn a_memo_changes_nothing_but_the_work() {
        let rules = RuleSet::embedded();
        let options = LintOptions::default();
        let mut checked = 0;
        for SourceFile { path, format, text, .. } in crate::source::corpus_files() {
            let mut memo = BlockMemo::new();
            let mut edited = text.clone();
            let middle = (0..=text.len() / 2)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            edited.insert_str(middle, " Guaranteed results in 4 weeks. ");
            for version in [&text, &edited, &text] {
                let source = SourceFile::from_text("page", format, version.clone());
                let fresh = lint(&source, &rules, &options);
                let kept = lint_with(&source, &rules, &options, &mut memo);
                assert_eq!(
                    format!("{:?}", kept.findings),
                    format!("{:?}", fresh.findings),
                    "{}",
                    path
                );
                assert_eq!(kept.document, fresh.document);
            }
            checked += 1;
        }
        assert!(checked > 40, "{checked} documents");
    }

    #[test]
    fn a_memo_forgets_blocks_no_longer_read_and_other_rule_sets() {
        let rules = RuleSet::embedded();
        let mut memo = BlockMemo::new();
        let options = LintOptions::default();
        let first = SourceFile::from_text("a.md", Format::Markdown, "Guaranteed results.\n\nNo downtime.\n");
        lint_with(&first, &rules, &options, &mut memo);
        assert_eq!(memo.claims.len(), 2);
        let second = SourceFile::from_text("a.md", Format::Markdown, "No downtime.\n");
        lint_with(&second, &rules, &options, &mut memo);
        assert_eq!(memo.claims.len(), 1);
        let other = RuleSet::embedded();
        lint_with(&second, &other, &options, &mut memo);
        assert_eq!(memo.rules, other.matcher.id());
        assert_ne!(rules.matcher.id(), other.matcher.id());
    }
}
