//! One pattern of a pack, made ready to run: expanded, and compiled alone
//! when first needed.
//!
//! A pattern runs alone only in the sentences where its set says it matches
//! (see `set`), so most patterns of a run are never compiled alone: that
//! waits for the first sentence that needs it ([`LazyRegex`]). Patterns from
//! a pack outside the binary are compiled at load, so a user's broken
//! pattern is refused there and then, never mid-run; the embedded packs are
//! compiled whole by the test suite.

use std::sync::{Arc, OnceLock};

use super::alone::Pattern;
use super::expand::Expander;
use super::splice::Vocabulary;

/// Which pack item a pattern belongs to (for errors that point into the pack).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternOwner {
    Rule {
        rule: usize,
        pattern: usize,
    },
    Exception {
        rule: usize,
        pattern: usize,
    },
    /// A question whose answer "no" makes a rule's claim.
    AnsweredNo {
        rule: usize,
        pattern: usize,
    },
    /// A table cell's other label that excuses a rule's claim in the cell.
    TableException {
        rule: usize,
        pattern: usize,
    },
    Disclosure {
        disclosure: usize,
        pattern: usize,
    },
    Treatment {
        pattern: usize,
    },
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
    /// The pattern with its terms as placeholders, and how many (see
    /// `Expander::skeleton`): the sets and the compile alone splice the
    /// terms in rather than parse them again (see `splice`).
    skeleton: Option<(Box<str>, usize)>,
    /// Where the terms of `skeleton` come from.
    vocabulary: Option<Arc<Vocabulary>>,
    regex: OnceLock<Pattern>,
}

impl LazyRegex {
    /// A pattern (already expanded) to compile on first use.
    pub fn new(source: impl Into<String>) -> Self {
        LazyRegex {
            source: source.into(),
            skeleton: None,
            vocabulary: None,
            regex: OnceLock::new(),
        }
    }

    /// The pattern with its terms as placeholders, and how many there are.
    pub fn skeleton(&self) -> Option<(&str, usize)> {
        self.skeleton.as_ref().map(|(text, count)| (&**text, *count))
    }

    /// The compiled regex. Patterns not embedded in the binary were compiled
    /// at load ([`compile_now`]); the embedded ones are compiled by the tests.
    pub fn get(&self) -> &Pattern {
        self.regex.get_or_init(|| {
            self.compile()
                .expect("a pattern compiles (user packs at load, the embedded packs in the tests)")
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    fn try_compile(&self) -> Result<(), String> {
        if self.regex.get().is_some() {
            return Ok(());
        }
        let regex = self.compile().map_err(|message| format!("invalid regex: {message}"))?;
        let _ = self.regex.set(regex);
        Ok(())
    }

    /// The pattern compiled alone, from its terms spliced in where its
    /// skeleton allows, else from its expanded text.
    fn compile(&self) -> Result<Pattern, String> {
        let spliced = self
            .vocabulary
            .as_deref()
            .zip(self.skeleton())
            .and_then(|(vocabulary, (skeleton, count))| vocabulary.alone(skeleton, count));
        match spliced {
            Some(hir) => Pattern::from_hir(&self.source, &hir),
            None => Pattern::new(&self.source),
        }
    }
}

/// Expands patterns, collecting the errors.
pub struct Compiler<'a> {
    pub expander: Expander<'a>,
    /// The terms and slots the patterns' skeletons splice in.
    pub vocabulary: Arc<Vocabulary>,
    pub errors: Vec<PatternError>,
}

impl<'a> Compiler<'a> {
    pub fn new(expander: Expander<'a>) -> Self {
        Compiler {
            vocabulary: Arc::new(Vocabulary::new(&expander)),
            expander,
            errors: Vec::new(),
        }
    }

    /// Expand `pattern`; `None` (with the error recorded) if it refers to an unknown term.
    pub fn prepare(&mut self, pattern: &str, owner: PatternOwner) -> Option<LazyRegex> {
        match self.expander.expand(pattern) {
            Ok(expanded) => {
                let skeleton = self.expander.skeleton(pattern);
                Some(LazyRegex {
                    vocabulary: skeleton.is_some().then(|| self.vocabulary.clone()),
                    skeleton: skeleton.map(|(text, count)| (text.into_boxed_str(), count)),
                    ..LazyRegex::new(expanded)
                })
            }
            Err(message) => {
                self.errors.push(PatternError { owner, message });
                None
            }
        }
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
