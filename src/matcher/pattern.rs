//! One pattern of a pack, made ready to run: expanded, parsed, reduced to
//! the literals every match needs, and compiled when first used.
//!
//! Compiling a regex costs about half a millisecond, and a run touches only
//! the patterns whose literals occur in its text, so compilation waits for
//! the first sentence that needs it ([`LazyRegex`]). Parsing is cheap and
//! catches every syntax error at load time; patterns from a pack outside the
//! binary are also compiled at load, so a user's pack fails there and then,
//! never mid-run. The embedded packs are compiled whole by the test suite.

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

use super::expand::Expander;
use crate::prefilter::{factors, Clause};

/// Size limit for one compiled pattern.
const PATTERN_SIZE_LIMIT: usize = 1 << 26;

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

/// An expanded pattern, compiled on first use.
#[derive(Debug)]
pub struct LazyRegex {
    source: String,
    regex: OnceLock<Regex>,
}

impl LazyRegex {
    /// A pattern (already expanded) to compile on first use.
    pub fn new(source: impl Into<String>) -> Self {
        LazyRegex {
            source: source.into(),
            regex: OnceLock::new(),
        }
    }

    /// The compiled regex. Its source parsed at load time, and patterns not
    /// embedded in the binary were compiled there too ([`compile_now`]).
    pub fn get(&self) -> &Regex {
        self.regex.get_or_init(|| {
            build(&self.source).expect("a parsed pattern compiles (the embedded packs are compiled whole by the tests)")
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    fn try_compile(&self) -> Result<(), String> {
        if self.regex.get().is_some() {
            return Ok(());
        }
        let regex = build(&self.source).map_err(|e| format!("invalid regex: {}", regex_message(&e)))?;
        let _ = self.regex.set(regex);
        Ok(())
    }
}

fn build(source: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source)
        .case_insensitive(true)
        .size_limit(PATTERN_SIZE_LIMIT)
        .build()
}

/// A pattern ready to run, with the literal clauses its matches need.
#[derive(Debug)]
pub struct Prepared {
    pub regex: LazyRegex,
    pub clauses: Vec<Clause>,
}

/// Expands and parses patterns, collecting the errors.
pub struct Compiler<'a> {
    pub expander: Expander<'a>,
    pub errors: Vec<PatternError>,
}

impl Compiler<'_> {
    /// Expand and parse `pattern`; `None` (with the error recorded) if it is broken.
    pub fn prepare(&mut self, pattern: &str, owner: PatternOwner) -> Option<Prepared> {
        let expanded = match self.expander.expand(pattern) {
            Ok(expanded) => expanded,
            Err(message) => {
                self.errors.push(PatternError { owner, message });
                return None;
            }
        };
        let hir = match regex_syntax::ParserBuilder::new().build().parse(&expanded) {
            Ok(hir) => hir,
            Err(err) => {
                self.errors.push(PatternError {
                    owner,
                    message: format!("invalid regex: {}", syntax_message(&err.to_string())),
                });
                return None;
            }
        };
        Some(Prepared {
            clauses: factors::required(&hir),
            regex: LazyRegex::new(expanded),
        })
    }
}

/// Compile the given patterns now, in parallel; the errors of those that fail, in order.
pub fn compile_now(patterns: Vec<(PatternOwner, &LazyRegex)>) -> Vec<PatternError> {
    use rayon::prelude::*;
    patterns
        .par_iter()
        .filter_map(|&(owner, regex)| regex.try_compile().err().map(|message| PatternError { owner, message }))
        .collect()
}

/// The useful part of a regex error (the crate's message includes the pattern).
fn regex_message(err: &regex::Error) -> String {
    match err {
        regex::Error::Syntax(text) => syntax_message(text),
        regex::Error::CompiledTooBig(limit) => format!("compiled pattern exceeds {limit} bytes; simplify it"),
        other => other.to_string(),
    }
}

fn syntax_message(text: &str) -> String {
    text.lines().last().unwrap_or(text).trim().to_string()
}
