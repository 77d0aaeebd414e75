//! Baselines: record today's findings so that only new ones are reported.
//!
//! A finding's fingerprint hashes its path, rule and the whitespace-normalised
//! text of its sentence — not its line — so findings survive lines moving.
//! The file is JSON, sorted, one finding per entry with the sentence for review.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::finding::Finding;
use crate::position::Span;
use crate::source::SourceFile;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
    /// The sentence, for a reviewer (not used for matching).
    pub sentence: String,
}

/// A baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// The sentence a finding sits in, with whitespace folded (for fingerprints and reviewers).
pub fn normalised_sentence(source: &SourceFile, finding: &Finding) -> String {
    fold_space(&source.text[finding.sentence.range()])
}

/// `text`'s words, one space between each.
fn fold_space(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    folded
}

/// A fingerprint stable under lines moving: path, rule and normalised
/// sentence (a normalised sentence folds to itself, so hashes the same).
/// SARIF output and `--baseline` fingerprint every finding: the sentence is
/// folded into one string and hashed at once (a sha2 update per word took a
/// SARIF log of the one-line file 6% more CPU).
pub fn fingerprint(path: &str, rule: &str, sentence: &str) -> String {
    hash_folded(path, rule, &fold_space(sentence))
}

/// [`fingerprint`] of a sentence already folded.
fn hash_folded(path: &str, rule: &str, folded: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [path, rule, folded] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hex(hasher)
}

/// [`fingerprint`] of `finding`, without its baseline entry.
pub fn fingerprint_of(source: &SourceFile, finding: &Finding) -> String {
    fingerprint(&source.path, &finding.rule, &source.text[finding.sentence.range()])
}

/// [`fingerprint_of`] for one file's findings in order: a sentence is
/// folded once, and hashed once per rule. A run-on page has hundreds of
/// findings to a sentence, many of one rule: folding and hashing each
/// finding's 2 KB sentence was 28% of a SARIF log of the one-line file.
pub struct Fingerprints<'s> {
    source: &'s SourceFile,
    /// The sentence of the last finding, folded, and its hash per rule.
    sentence: Option<Span>,
    folded: String,
    hashes: Vec<(Arc<str>, String)>,
}

impl<'s> Fingerprints<'s> {
    pub fn new(source: &'s SourceFile) -> Self {
        Fingerprints {
            source,
            sentence: None,
            folded: String::new(),
            hashes: Vec::new(),
        }
    }

    /// The fingerprint of `finding`, as [`fingerprint_of`] gives it.
    pub fn of(&mut self, finding: &Finding) -> String {
        if self.sentence != Some(finding.sentence) {
            self.sentence = Some(finding.sentence);
            self.folded = fold_space(&self.source.text[finding.sentence.range()]);
            self.hashes.clear();
        }
        if let Some((_, hash)) = self.hashes.iter().find(|(rule, _)| **rule == *finding.rule) {
            return hash.clone();
        }
        let hash = hash_folded(&self.source.path, &finding.rule, &self.folded);
        self.hashes.push((finding.rule.clone(), hash.clone()));
        hash
    }
}

/// The first 16 bytes of the hash, in lower-case hex.
fn hex(hasher: Sha256) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(32);
    for &byte in hasher.finalize().iter().take(16) {
        out.push(DIGITS[usize::from(byte >> 4)].into());
        out.push(DIGITS[usize::from(byte & 0xf)].into());
    }
    out
}

impl Baseline {
    pub fn entry(source: &SourceFile, finding: &Finding) -> Entry {
        let sentence = normalised_sentence(source, finding);
        Entry {
            path: source.path.clone(),
            rule: finding.rule.to_string(),
            fingerprint: fingerprint(&source.path, &finding.rule, &sentence),
            sentence,
        }
    }

    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("baseline {} is not a candor baseline: {e}", path.display()))
    }

    pub fn write(mut self, path: &Path) -> std::io::Result<()> {
        self.version = 1;
        self.findings.sort();
        let mut text = serde_json::to_string_pretty(&self).map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(path, text)
    }

    /// How many times each fingerprint is recorded.
    pub fn counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for entry in &self.findings {
            *counts.entry(entry.fingerprint.clone()).or_insert(0) += 1;
        }
        counts
    }
}

/// Drop findings the baseline records (each recorded entry absorbs one finding).
pub fn filter(source: &SourceFile, findings: &mut Vec<Finding>, remaining: &mut BTreeMap<String, usize>) {
    let mut fingerprints = Fingerprints::new(source);
    findings.retain(|finding| match remaining.get_mut(&fingerprints.of(finding)) {
        Some(count) if *count > 0 => {
            *count -= 1;
            false
        }
        _ => true,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hashing the sentence word by word gives the fingerprint of its
    /// normalised string, whatever white space the sentence holds.
    #[test]
    fn a_findings_fingerprint_is_its_entrys() {
        let text = "  Guaranteed\tregrowth\u{a0} in 4 weeks!\n\nNo  side\r\neffects, ever.  Our results are permanent.";
        let source = SourceFile::from_bytes("a.md".into(), crate::Format::Markdown, text.as_bytes().to_vec()).unwrap();
        let rules = crate::RuleSet::embedded();
        let output = crate::lint(&source, &rules, &crate::LintOptions::default());
        assert!(output.findings.len() >= 2, "{:?}", output.findings);
        let mut fingerprints = Fingerprints::new(&source);
        for finding in &output.findings {
            assert_eq!(
                fingerprint_of(&source, finding),
                Baseline::entry(&source, finding).fingerprint
            );
            assert_eq!(fingerprints.of(finding), fingerprint_of(&source, finding));
        }
    }

    #[test]
    fn fingerprints_ignore_position_but_not_text() {
        let a = fingerprint("a.md", "guarantee/x", "Guaranteed results.");
        assert_eq!(a, fingerprint("a.md", "guarantee/x", "Guaranteed results."));
        assert_ne!(a, fingerprint("a.md", "guarantee/x", "Guaranteed results!"));
        assert_ne!(a, fingerprint("b.md", "guarantee/x", "Guaranteed results."));
        assert_eq!(a.len(), 32);
    }
}
