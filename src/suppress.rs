//! Applying suppression directives to findings, and reporting the directives
//! that suppress nothing, name nothing known, or lack a required reason.

use crate::directive::{Directive, DirectiveKind};
use crate::finding::{Finding, FindingKind};
use crate::position::{LineIndex, Span};
use crate::rules::{select::selects, Severity, META_CATEGORY};

/// How suppressions are checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct SuppressOptions {
    /// A directive without ` -- reason` is itself an error.
    pub require_reason: bool,
}

/// A directive that suppressed something, with its reason (`--report-suppressions`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ActiveSuppression {
    pub span: Span,
    pub selectors: Vec<String>,
    pub reason: Option<String>,
    pub suppressed: usize,
}

/// Where a directive applies.
struct Scope<'a> {
    directive: &'a Directive,
    region: Span,
    used: usize,
}

/// Remove suppressed findings; return the active suppressions, and add
/// findings about the directives themselves.
pub fn apply(
    text: &str,
    lines: &LineIndex,
    directives: &[Directive],
    findings: &mut Vec<Finding>,
    known: &dyn Fn(&str) -> bool,
    options: SuppressOptions,
) -> Vec<ActiveSuppression> {
    let mut scopes = scopes(text, lines, directives);
    findings.retain(|finding| {
        if finding.kind == FindingKind::Meta {
            return true;
        }
        let mut suppressed = false;
        for scope in scopes.iter_mut() {
            let covers = scope.region.start <= finding.span.start
                && finding.span.start < scope.region.end.max(scope.region.start + 1);
            let names = scope.directive.selectors.is_empty()
                || scope
                    .directive
                    .selectors
                    .iter()
                    .any(|s| selects(s, &finding.rule, &finding.category));
            if covers && names {
                scope.used += 1;
                suppressed = true;
            }
        }
        !suppressed
    });

    let mut active = Vec::new();
    for scope in &scopes {
        let d = scope.directive;
        let meta = |rule: &str, severity, message: String| Finding {
            rule: format!("{META_CATEGORY}/{rule}").into(),
            category: META_CATEGORY.into(),
            severity,
            kind: FindingKind::Meta,
            message: message.into(),
            span: d.span,
            sentence: d.span,
            suggestion: None,
            fix: None,
        };
        let unknown: Vec<&String> = d.selectors.iter().filter(|s| !known(s)).collect();
        if !unknown.is_empty() {
            findings.push(meta(
                "unknown-suppression",
                Severity::Warning,
                format!("suppression names no loaded rule or category: {}", join(&unknown)),
            ));
        } else if scope.used == 0 {
            findings.push(meta(
                "unused-suppression",
                Severity::Info,
                "suppression suppresses nothing; remove it".into(),
            ));
        }
        if options.require_reason && d.reason.is_none() {
            let mut f = meta(
                "suppression-without-reason",
                Severity::Error,
                "suppression gives no reason, and this project requires one".into(),
            );
            f.suggestion = Some("add the reason after ` -- `, e.g. `<!-- candor-disable-next-line guarantee -- quoting a competitor's ad -->`".into());
            findings.push(f);
        }
        if scope.used > 0 {
            active.push(ActiveSuppression {
                span: d.span,
                selectors: d.selectors.clone(),
                reason: d.reason.clone(),
                suppressed: scope.used,
            });
        }
    }
    active
}

fn join(items: &[&String]) -> String {
    items.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

/// The region each disabling directive covers. `enable` closes the latest open
/// `disable` with the same selectors (or all open ones when it names none).
fn scopes<'a>(text: &str, lines: &LineIndex, directives: &'a [Directive]) -> Vec<Scope<'a>> {
    let mut scopes: Vec<Scope<'a>> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for d in directives {
        match d.kind {
            DirectiveKind::DisableFile => scopes.push(Scope {
                directive: d,
                region: Span::new(0, text.len()),
                used: 0,
            }),
            DirectiveKind::DisableNextLine => scopes.push(Scope {
                directive: d,
                region: next_line(text, lines, d.span.end),
                used: 0,
            }),
            DirectiveKind::Disable => {
                open.push(scopes.len());
                scopes.push(Scope {
                    directive: d,
                    region: Span::new(d.span.end, text.len()),
                    used: 0,
                });
            }
            DirectiveKind::Enable => {
                let closes = |i: &usize| d.selectors.is_empty() || scopes[*i].directive.selectors == d.selectors;
                if let Some(pos) = open.iter().rposition(closes) {
                    let i = open.remove(pos);
                    scopes[i].region.end = d.span.start;
                } else if d.selectors.is_empty() {
                    for i in open.drain(..) {
                        scopes[i].region.end = d.span.start;
                    }
                }
            }
        }
    }
    scopes
}

/// The first non-blank line after the line holding `offset`.
fn next_line(text: &str, lines: &LineIndex, offset: usize) -> Span {
    let mut line = lines.line_of(offset.saturating_sub(1)) + 1;
    while line < lines.line_count() {
        let start = lines.line_start(line);
        let end = if line + 1 < lines.line_count() {
            lines.line_start(line + 1)
        } else {
            text.len()
        };
        if !text[start..end].trim().is_empty() {
            return Span::new(start, end);
        }
        line += 1;
    }
    Span::new(text.len(), text.len())
}
