//! The request handlers: a rule's explanation on hover, and the code actions
//! of an open document.

use std::sync::Arc;

use lsp_types::{
    CodeActionKind, CodeActionOrCommand, CodeActionParams, Diagnostic, Hover, HoverContents, HoverParams,
    MarkupContent, MarkupKind, Uri,
};

use super::config::Settings;
use super::convert::{self, EditTarget};
use super::documents::Document;
use super::{lint_if_needed, Server};

impl Server {
    pub(super) fn hover(&mut self, params: HoverParams) -> Option<Hover> {
        let at = params.text_document_position_params;
        let uri = at.text_document.uri;
        let unit = self.unit;
        let (document, settings) = self.linted(&uri)?;
        let offset = convert::offset(&document.source, at.position, unit);
        let mut hits = document
            .findings
            .iter()
            .flatten()
            .filter(|f| f.span.start <= offset && offset <= f.span.end)
            .peekable();
        let range = convert::range(&document.source, hits.peek()?.span, unit);
        let mut sections: Vec<String> = Vec::new();
        for finding in hits {
            let text = crate::explain::explain_markdown(&settings.rules, &finding.rule)
                .unwrap_or_else(|| format!("**{}**: {}", finding.rule, finding.message));
            if !sections.contains(&text) {
                sections.push(text);
            }
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: sections.join("\n---\n\n"),
            }),
            range: Some(range),
        })
    }

    pub(super) fn code_actions(&mut self, params: CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
        let uri = params.text_document.uri;
        let unit = self.unit;
        let versioned = self.client.versioned_edits;
        let (document, settings) = self.linted(&uri)?;
        let target = EditTarget {
            uri: &uri,
            version: document.version,
            versioned,
        };
        let findings = document.findings.as_deref().unwrap_or_default();
        let wanted = |kind: &str| {
            params.context.only.as_ref().is_none_or(|only| {
                only.iter()
                    .any(|o| kind == o.as_str() || kind.starts_with(&format!("{}.", o.as_str())))
            })
        };
        let mut actions = Vec::new();
        if wanted(CodeActionKind::QUICKFIX.as_str()) {
            // Diagnostics whose `data` a client dropped get it back from the
            // current findings, matched by rule and range.
            let diagnostics: Vec<Diagnostic> = params
                .context
                .diagnostics
                .iter()
                .map(|d| {
                    if d.data.is_some() || d.source.as_deref() != Some(convert::SOURCE) {
                        return d.clone();
                    }
                    findings
                        .iter()
                        .map(|f| {
                            convert::diagnostic(&document.source, &uri, document.version, f, &settings.rules, unit)
                        })
                        .find(|fresh| fresh.range == d.range && fresh.code == d.code)
                        .unwrap_or_else(|| d.clone())
                })
                .collect();
            actions.extend(convert::quick_fixes(target, &diagnostics));
        }
        if wanted(convert::FIX_ALL_KIND) {
            actions.extend(convert::fix_all(target, &document.source, findings, unit));
        }
        Some(actions.into_iter().map(CodeActionOrCommand::CodeAction).collect())
    }

    /// An open document, linted, with the settings it was linted with.
    fn linted(&mut self, uri: &Uri) -> Option<(&Document, Arc<Settings>)> {
        let document = self.documents.get_mut(uri)?;
        let settings = self.workspace.settings_for(document.path.as_deref());
        lint_if_needed(document, &settings);
        Some((document, settings))
    }
}
