//! Lexing candor's suppression directives out of comments.
//!
//! `<!-- candor-disable-next-line guarantee, early-results/weeks -- quoting an ad -->`
//! `<!-- candor-disable guarantee -->` … `<!-- candor-enable guarantee -->`
//! `<!-- candor-disable-file overstated-evidence -- a review of claims -->`
//! No selector means every rule. Text after ` -- ` is the reason.

use crate::extract::Comment;
use crate::position::Span;

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    DisableNextLine,
    Disable,
    Enable,
    DisableFile,
}

/// One parsed directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// Rule ids or categories; empty means all.
    pub selectors: Vec<String>,
    pub reason: Option<String>,
    /// The whole comment.
    pub span: Span,
}

/// The directives among `comments`, in source order.
pub fn parse(comments: &[Comment]) -> Vec<Directive> {
    comments.iter().filter_map(parse_one).collect()
}

fn parse_one(comment: &Comment) -> Option<Directive> {
    let body = comment.body.trim();
    let (word, rest) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
    let kind = match word {
        "candor-disable-next-line" => DirectiveKind::DisableNextLine,
        "candor-disable" => DirectiveKind::Disable,
        "candor-enable" => DirectiveKind::Enable,
        "candor-disable-file" => DirectiveKind::DisableFile,
        _ => return None,
    };
    let (list, reason) = match rest.split_once("--") {
        Some((list, reason)) => (list, Some(reason.trim().to_string()).filter(|r| !r.is_empty())),
        None => (rest, None),
    };
    let selectors = list
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    Some(Directive {
        kind,
        selectors,
        reason,
        span: comment.span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(body: &str) -> Comment {
        Comment {
            span: Span::new(0, body.len() + 7),
            body: body.into(),
        }
    }

    #[test]
    fn parses_kinds_selectors_reasons() {
        let d = parse(&[
            comment(" candor-disable-next-line guarantee, early-results/weeks -- quoting an ad "),
            comment(" candor-enable "),
            comment(" just a comment "),
        ]);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].kind, DirectiveKind::DisableNextLine);
        assert_eq!(d[0].selectors, vec!["guarantee", "early-results/weeks"]);
        assert_eq!(d[0].reason.as_deref(), Some("quoting an ad"));
        assert_eq!(d[1].kind, DirectiveKind::Enable);
        assert!(d[1].selectors.is_empty());
    }
}
