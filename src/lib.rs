//! candor: an editorial content linter and claims checker for treatment copy.
//!
//! It reads drafts and web pages, finds sentences that overpromise about
//! exosome and growth-factor scalp treatments, finds the disclosures a
//! treatment page leaves out, and reports each at its exact place with the
//! reason and honest wording to use instead.
//!
//! ```
//! use candor::{lint, LintOptions, RuleSet, SourceFile, Format};
//!
//! let rules = RuleSet::embedded();
//! let file = SourceFile::from_text("offer.md", Format::Markdown, "See new growth in just 4 weeks!\n");
//! let output = lint(&file, &rules, &LintOptions::default());
//! assert!(output.findings.iter().any(|f| &*f.category == "early-results"));
//! ```
#![warn(clippy::print_stdout, clippy::print_stderr)]

#[cfg(feature = "audit")]
pub mod audit;
pub mod baseline;
pub mod changed;
pub mod charset;
pub mod config;
pub mod context;
pub mod diagnostic;
pub mod directive;
pub mod disclosure;
pub mod explain;
pub mod extract;
pub mod finding;
pub mod fix;
pub mod frame;
pub mod lint;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod matcher;
pub mod memo;
pub mod parallel;
pub mod position;
pub mod profiles;
pub mod render;
pub mod rule_tests;
pub mod rules;
pub mod segment;
pub mod slots;
pub mod source;
pub mod suppress;
pub mod treatment;
pub mod walk;

pub use finding::{Finding, FindingKind, Fix};
pub use lint::{lint, lint_with, LintOptions, LintOutput};
pub use memo::BlockMemo;
pub use rules::{RuleSet, Severity};
pub use source::{Format, SourceFile};
