//! Errors that point into a TOML file (rule packs, config) as miette diagnostics.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};

/// One problem at one place in a TOML file.
#[derive(Debug, Clone, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(candor::toml))]
pub struct TomlError {
    pub message: String,
    #[source_code]
    pub src: NamedSource<Arc<str>>,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

/// Every problem found in a set of TOML files; the set is refused whole.
#[derive(Debug, Clone, thiserror::Error, Diagnostic)]
#[error("{what} refused: {} error(s); nothing was linted with it", errors.len())]
#[diagnostic(code(candor::refused))]
pub struct TomlErrors {
    pub what: String,
    #[related]
    pub errors: Vec<TomlError>,
}

/// A TOML file's name and text, shared by the errors that point into it.
#[derive(Debug, Clone)]
pub struct TomlFile {
    pub name: String,
    pub text: Arc<str>,
}

impl TomlFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        TomlFile {
            name: name.into(),
            text: text.into(),
        }
    }

    pub fn error(
        &self,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> TomlError {
        TomlError {
            message: message.into(),
            src: NamedSource::new(self.name.clone(), self.text.clone()).with_language("toml"),
            span: SourceSpan::from(span.start..span.end.max(span.start)),
            label: label.into(),
            help: None,
        }
    }

    /// A `toml` parse or schema error, at the span `toml` reports.
    pub fn from_toml(&self, err: &toml::de::Error) -> TomlError {
        let span = err.span().unwrap_or(0..0);
        let mut error = self.error(span, err.message().trim().to_string(), "here");
        error.help = did_you_mean(err.message());
        error
    }
}

impl TomlError {
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// For serde's "unknown field `x`, expected one of `a`, `b`": the closest expected name.
fn did_you_mean(message: &str) -> Option<String> {
    let unknown = message.split('`').nth(1)?;
    if !message.contains("unknown field") && !message.contains("unknown variant") {
        return None;
    }
    let expected = message.split("expected").nth(1)?;
    let best = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .min_by_key(|candidate| edit_distance(unknown, candidate))?;
    (edit_distance(unknown, best) <= unknown.len().max(3) / 2).then(|| format!("did you mean `{best}`?"))
}

/// Levenshtein distance, for "did you mean" help on short key names.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_field() {
        assert_eq!(
            did_you_mean("unknown field `catgory`, expected one of `id`, `category`, `severity`"),
            Some("did you mean `category`?".into())
        );
        assert_eq!(did_you_mean("unknown field `zzzzzzz`, expected `id`"), None);
    }
}
