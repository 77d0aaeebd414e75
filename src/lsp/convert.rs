//! candor's types as LSP types: findings as diagnostics, actions as code
//! actions, byte offsets as positions in the negotiated encoding, paths as URIs.
//!
//! Positions go through `position::LineIndex` and nowhere else: UTF-16 code
//! units unless the client offered UTF-8 (bytes) or UTF-32 (chars).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{
    ClientCapabilities, CodeAction, CodeActionKind, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    DiagnosticTag, DocumentChanges, Location, NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier, Position,
    PositionEncodingKind, Range, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};
use serde::{Deserialize, Serialize};

use super::actions::{self, Action};
use super::config::Problem;
use crate::finding::{Edit, Finding, FindingKind};
use crate::position::{ColumnUnit, LineIndex, Span};
use crate::rules::{RuleSet, Severity, META_CATEGORY};
use crate::source::SourceFile;

/// The `source` of every diagnostic candor publishes.
pub const SOURCE: &str = "candor";

/// The kind of the fix-all action (a `source.fixAll` kind, as editors expect).
pub const FIX_ALL_KIND: &str = "source.fixAll.candor";

/// The position encoding to use: UTF-8 when the client offers it, then
/// UTF-32, else the protocol's default UTF-16.
pub fn negotiate_encoding(capabilities: &ClientCapabilities) -> (ColumnUnit, PositionEncodingKind) {
    let offered = capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_deref())
        .unwrap_or_default();
    for (kind, unit) in [
        (PositionEncodingKind::UTF8, ColumnUnit::Bytes),
        (PositionEncodingKind::UTF32, ColumnUnit::Chars),
    ] {
        if offered.contains(&kind) {
            return (unit, kind);
        }
    }
    (ColumnUnit::Utf16, PositionEncodingKind::UTF16)
}

/// The LSP position of a byte offset.
pub fn position(index: &LineIndex, text: &str, offset: usize, unit: ColumnUnit) -> Position {
    let at = index.line_col(text, offset, unit);
    Position::new((at.line - 1) as u32, (at.column - 1) as u32)
}

/// The LSP range of a byte span.
pub fn range(source: &SourceFile, span: Span, unit: ColumnUnit) -> Range {
    let index = source.line_index();
    Range::new(
        position(index, &source.text, span.start, unit),
        position(index, &source.text, span.end, unit),
    )
}

/// The byte offset of an LSP position (clamped into the text).
pub fn offset(source: &SourceFile, position: Position, unit: ColumnUnit) -> usize {
    source
        .line_index()
        .offset(&source.text, position.line as usize, position.character as usize, unit)
}

/// What a diagnostic carries for its code actions: the ready edits, valid for
/// `version` of the document only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticData {
    pub version: i32,
    /// The rule's suggested wording (or the sentence a disclosure needs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// `safe` or `unsafe` when the rule has a fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix_safety: Option<String>,
    pub actions: Vec<ActionData>,
}

/// One code action, ready to send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionData {
    pub title: String,
    pub preferred: bool,
    pub edits: Vec<TextEdit>,
}

/// A finding as a diagnostic of document `uri` at `version`.
pub fn diagnostic(
    source: &SourceFile,
    uri: &Uri,
    version: i32,
    finding: &Finding,
    rules: &RuleSet,
    unit: ColumnUnit,
) -> Diagnostic {
    let range = range(source, finding.span, unit);
    let actions = actions::for_finding(source, finding, rules)
        .into_iter()
        .map(|action| action_data(source, action, unit))
        .collect();
    let data = DiagnosticData {
        version,
        suggestion: finding.suggestion.as_deref().map(str::to_string),
        fix_safety: finding.fix.as_ref().map(|f| f.safety.as_str().to_string()),
        actions,
    };
    let related_information = (finding.kind == FindingKind::Disclosure)
        .then_some(finding.suggestion.as_ref())
        .flatten()
        .map(|suggestion| {
            vec![DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), range),
                message: format!("add this near here: {suggestion}"),
            }]
        });
    Diagnostic {
        range,
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        code_description: None,
        source: Some(SOURCE.into()),
        message: finding.message.to_string(),
        related_information,
        tags: (*finding.rule == format!("{META_CATEGORY}/unused-suppression"))
            .then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: serde_json::to_value(data).ok(),
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

fn action_data(source: &SourceFile, action: Action, unit: ColumnUnit) -> ActionData {
    ActionData {
        title: action.title,
        preferred: action.preferred,
        edits: text_edits(source, &action.edits, unit),
    }
}

/// Byte edits as LSP text edits.
pub fn text_edits(source: &SourceFile, edits: &[Edit], unit: ColumnUnit) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit::new(range(source, e.span, unit), e.replacement.clone()))
        .collect()
}

/// Where an edit goes: to document `uri`, checked against `version` when the
/// client takes versioned edits.
#[derive(Debug, Clone, Copy)]
pub struct EditTarget<'a> {
    pub uri: &'a Uri,
    pub version: i32,
    /// The client accepts `documentChanges` (and so refuses stale edits).
    pub versioned: bool,
}

/// Text edits of one document as a workspace edit.
pub fn workspace_edit(target: EditTarget<'_>, edits: Vec<TextEdit>) -> WorkspaceEdit {
    if target.versioned {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: target.uri.clone(),
                    version: Some(target.version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit::new(HashMap::from([(target.uri.clone(), edits)]))
    }
}

/// The quick fixes the client's diagnostics carry, for the document at `target.version`.
/// Diagnostics from an older version are skipped: their edits would land in the wrong place.
pub fn quick_fixes(target: EditTarget<'_>, diagnostics: &[Diagnostic]) -> Vec<CodeAction> {
    let mut out = Vec::new();
    for diagnostic in diagnostics.iter().filter(|d| d.source.as_deref() == Some(SOURCE)) {
        let Some(data) = diagnostic
            .data
            .clone()
            .and_then(|d| serde_json::from_value::<DiagnosticData>(d).ok())
        else {
            continue;
        };
        if data.version != target.version {
            continue;
        }
        for action in data.actions {
            out.push(CodeAction {
                title: action.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(workspace_edit(target, action.edits)),
                is_preferred: Some(action.preferred),
                ..CodeAction::default()
            });
        }
    }
    out
}

/// "Fix all safe fixes in this document", when there is one to apply.
pub fn fix_all(
    target: EditTarget<'_>,
    source: &SourceFile,
    findings: &[Finding],
    unit: ColumnUnit,
) -> Option<CodeAction> {
    let edits = crate::fix::select_edits(findings, crate::fix::Applicability::Safe);
    if edits.is_empty() {
        return None;
    }
    Some(CodeAction {
        title: "Fix all safe fixes in this document".into(),
        kind: Some(CodeActionKind::from(FIX_ALL_KIND)),
        edit: Some(workspace_edit(target, text_edits(source, &edits, unit))),
        ..CodeAction::default()
    })
}

/// A config or rule pack problem as a diagnostic on its file.
pub fn problem_diagnostic(problem: &Problem, unit: ColumnUnit) -> Diagnostic {
    let range = match &problem.text {
        Some(text) => {
            let index = LineIndex::new(text);
            Range::new(
                position(&index, text, problem.span.start, unit),
                position(&index, text, problem.span.end, unit),
            )
        }
        None => Range::default(),
    };
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(SOURCE.into()),
        message: format!(
            "{}; candor goes on with the last configuration that loaded",
            problem.message
        ),
        ..Diagnostic::default()
    }
}

/// The file a `file:` URI names.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().is_some_and(|s| s.as_str().eq_ignore_ascii_case("file")) {
        return None;
    }
    let decoded = uri.path().as_estr().decode().into_string().ok()?;
    // `file:///C:/x` on Windows: the drive follows the first slash.
    let trimmed = if cfg!(windows) && decoded.as_bytes().get(2) == Some(&b':') {
        &decoded[1..]
    } else {
        &decoded[..]
    };
    Some(PathBuf::from(trimmed))
}

/// The `file:` URI of an absolute path.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/:".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{lint, LintOptions};
    use crate::source::Format;

    fn capabilities(encodings: &[&str]) -> ClientCapabilities {
        serde_json::from_value(serde_json::json!({ "general": { "positionEncodings": encodings } })).unwrap()
    }

    #[test]
    fn encoding_prefers_utf8_and_defaults_to_utf16() {
        assert_eq!(
            negotiate_encoding(&capabilities(&["utf-16", "utf-8"])).0,
            ColumnUnit::Bytes
        );
        assert_eq!(
            negotiate_encoding(&capabilities(&["utf-32", "utf-16"])).0,
            ColumnUnit::Chars
        );
        assert_eq!(negotiate_encoding(&capabilities(&["utf-16"])).0, ColumnUnit::Utf16);
        assert_eq!(negotiate_encoding(&ClientCapabilities::default()).0, ColumnUnit::Utf16);
    }

    #[test]
    fn ranges_in_each_encoding_after_accents_hangul_kana_and_emoji() {
        let prefix = "Café 한국어 かな 😀: ";
        let text = format!("{prefix}See new growth in just 4 weeks!\n");
        let source = SourceFile::from_text("a.md", Format::Markdown, text.clone());
        let rules = RuleSet::embedded();
        let findings = lint(&source, &rules, &LintOptions::default()).findings;
        let finding = &findings[0];
        let start = finding.span.start;
        assert!(text[start..].starts_with("See new growth"), "{finding:?}");
        let before = &text[..start];
        let utf16 = before.encode_utf16().count() as u32;
        let chars = before.chars().count() as u32;
        for (unit, column) in [
            (ColumnUnit::Utf16, utf16),
            (ColumnUnit::Bytes, start as u32),
            (ColumnUnit::Chars, chars),
        ] {
            let r = range(&source, finding.span, unit);
            assert_eq!(r.start, Position::new(0, column), "{unit:?}");
            assert_eq!(offset(&source, r.start, unit), start, "{unit:?}");
            assert_eq!(offset(&source, r.end, unit), finding.span.end, "{unit:?}");
        }
        assert_eq!(
            (utf16, chars),
            (16, 15),
            "the emoji counts twice in UTF-16, once as a char"
        );
    }

    #[test]
    fn diagnostics_carry_rule_source_and_actions() {
        let text = "See new growth in just 4 weeks!\n";
        let source = SourceFile::from_text("a.md", Format::Markdown, text);
        let rules = RuleSet::embedded();
        let findings = lint(&source, &rules, &LintOptions::default()).findings;
        let uri: Uri = "file:///tmp/a.md".parse().unwrap();
        let d = diagnostic(&source, &uri, 3, &findings[0], &rules, ColumnUnit::Utf16);
        assert_eq!(d.code, Some(NumberOrString::String(findings[0].rule.to_string())));
        assert_eq!(d.source.as_deref(), Some("candor"));
        assert_eq!(d.severity, Some(DiagnosticSeverity::ERROR));
        let target = EditTarget {
            uri: &uri,
            version: 3,
            versioned: false,
        };
        let actions = quick_fixes(target, std::slice::from_ref(&d));
        assert_eq!(actions.len(), 2);
        assert!(actions[1].title.starts_with("Disable early-results/"));
        let stale = EditTarget { version: 4, ..target };
        assert!(
            quick_fixes(stale, &[d]).is_empty(),
            "edits for another version are not offered"
        );
    }

    #[test]
    fn uris_and_paths_round_trip() {
        let path = Path::new("/tmp/my notes/é #1.md");
        let uri = path_to_uri(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/my%20notes/%C3%A9%20%231.md");
        assert_eq!(uri_to_path(&uri).unwrap(), path);
        assert_eq!(uri_to_path(&"untitled:Untitled-1".parse().unwrap()), None);
    }

    #[test]
    fn problems_point_into_the_file() {
        let problem = Problem {
            file: Some("/x/candor.toml".into()),
            message: "unknown field `ignroe`".into(),
            text: Some("# é\nignroe = 1\n".into()),
            span: 5..11,
        };
        let d = problem_diagnostic(&problem, ColumnUnit::Utf16);
        assert_eq!(d.range, Range::new(Position::new(1, 0), Position::new(1, 6)));
    }
}
