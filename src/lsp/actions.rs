//! Code actions as byte edits of a document: apply a finding's fix or
//! suggestion, add a missing disclosure, disable a rule for a line, remove an
//! unused suppression, and every safe fix at once.
//!
//! Everything here works on byte offsets of the document text; `convert`
//! turns the edits into LSP ranges in the negotiated encoding.

use crate::finding::{Edit, Finding, FindingKind};
use crate::position::{ColumnUnit, Span};
use crate::rules::{FixSafety, RuleSet, META_CATEGORY};
use crate::source::{Format, SourceFile};

/// One action a finding offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    /// The action an editor may apply with one keystroke.
    pub preferred: bool,
    pub edits: Vec<Edit>,
}

/// The placeholder a suppression's reason starts as; the user replaces it.
pub const REASON_PLACEHOLDER: &str = "reason";

/// The actions for one finding, the fix or rewrite first.
pub fn for_finding(source: &SourceFile, finding: &Finding, rules: &RuleSet) -> Vec<Action> {
    let mut actions = Vec::new();
    match finding.kind {
        FindingKind::Claim => actions.extend(apply_fix(finding).or_else(|| rewrite(finding))),
        FindingKind::Disclosure => actions.extend(insert_disclosure(source, finding, rules)),
        FindingKind::Meta => actions.extend(remove_unused_suppression(source, finding)),
    }
    if finding.kind != FindingKind::Meta {
        actions.push(disable_line(source, finding));
    }
    actions
}

/// The rule's fix, as the engine computed it.
fn apply_fix(finding: &Finding) -> Option<Action> {
    let fix = finding.fix.as_ref()?;
    let first = fix.edits.first()?;
    let title = match fix.safety {
        FixSafety::Safe => format!("Replace with {}", quote(&first.replacement)),
        _ => format!("Rewrite with {} (unsafe fix: read it first)", quote(&first.replacement)),
    };
    Some(Action {
        title,
        preferred: fix.safety == FixSafety::Safe,
        edits: fix.edits.clone(),
    })
}

/// The rule's suggested wording in place of the claim: the whole sentence
/// when the suggestion is a sentence, else the matched words.
fn rewrite(finding: &Finding) -> Option<Action> {
    let suggestion = finding.suggestion.as_ref()?;
    let trimmed = suggestion.trim();
    let is_sentence = trimmed.chars().next().is_some_and(char::is_uppercase) && trimmed.ends_with(['.', '!', '?']);
    let (span, what) = if is_sentence && finding.sentence.contains(&finding.span) {
        (finding.sentence, "the sentence")
    } else {
        (finding.span, "the claim")
    };
    Some(Action {
        title: format!("Rewrite {what} to read {} (a rewrite: read it first)", quote(trimmed)),
        preferred: false,
        edits: vec![Edit {
            span,
            replacement: trimmed.to_string(),
        }],
    })
}

/// The disclosure's suggested sentence, added after the title or heading the
/// finding points at (after the first `</h1>` in HTML).
fn insert_disclosure(source: &SourceFile, finding: &Finding, rules: &RuleSet) -> Option<Action> {
    let disclosure = rules.disclosures.iter().find(|d| d.rule_id() == *finding.rule)?;
    let sentence = disclosure.suggestion.trim();
    let text = &source.text;
    let index = source.line_index();
    let after_anchor = |end: usize| index.offset(text, index.line_of(end), usize::MAX, ColumnUnit::Bytes);
    let (at, insert) = match source.format {
        Format::Html => {
            let lower = text.to_ascii_lowercase();
            let at = lower
                .find("</h1>")
                .map_or_else(|| after_anchor(finding.span.end), |i| i + "</h1>".len());
            let nl = newline_at(text, at);
            (at, format!("{nl}<p>{}</p>", escape_html(sentence)))
        }
        Format::Markdown | Format::Text => {
            let at = after_anchor(finding.span.end);
            let nl = newline_at(text, at);
            let rest = &text[at..];
            let next_line = rest.strip_prefix(nl).unwrap_or(rest);
            let next_blank = next_line.lines().next().is_none_or(|l| l.trim().is_empty());
            let tail = if next_blank { "" } else { nl };
            (at, format!("{nl}{nl}{sentence}{tail}"))
        }
    };
    Some(Action {
        title: format!("Add the {} disclosure: {}", disclosure.name, quote(sentence)),
        preferred: true,
        edits: vec![Edit {
            span: Span::new(at, at),
            replacement: insert,
        }],
    })
}

/// `<!-- candor-disable-next-line RULE -- reason -->` on its own line above
/// the finding's line, keeping the line's indentation and block-quote markers.
///
/// In Markdown, when the finding's sentence began on the line above, a comment
/// line between the two would end the paragraph (an HTML block interrupts
/// one) and change the rendered page; there the comment goes at the end of
/// the line above instead, where it is inline HTML and still precedes the line.
fn disable_line(source: &SourceFile, finding: &Finding) -> Action {
    let text = &source.text;
    let index = source.line_index();
    let line = index.line_of(finding.span.start);
    let start = index.line_start(line);
    let comment = format!(
        "<!-- candor-disable-next-line {} -- {REASON_PLACEHOLDER} -->",
        finding.rule
    );
    let title = format!("Disable {} for this line", finding.rule);
    if source.format == Format::Markdown && line > 0 && finding.sentence.start < start {
        let above_end = index.offset(text, line - 1, usize::MAX, ColumnUnit::Bytes);
        let at = text[..above_end].trim_end_matches([' ', '\t']).len();
        return Action {
            title,
            preferred: false,
            edits: vec![Edit {
                span: Span::new(at, above_end),
                replacement: format!(" {comment}"),
            }],
        };
    }
    let rest = &text[start..];
    let keep = |c: char| c == ' ' || c == '\t' || (source.format == Format::Markdown && c == '>');
    let prefix = &rest[..rest.len() - rest.trim_start_matches(keep).len()];
    let nl = newline_at(text, index.offset(text, line, usize::MAX, ColumnUnit::Bytes));
    Action {
        title,
        preferred: false,
        edits: vec![Edit {
            span: Span::new(start, start),
            replacement: format!("{prefix}{comment}{nl}"),
        }],
    }
}

/// Delete a suppression comment that suppresses nothing (its line too, when
/// the comment stands alone on it).
fn remove_unused_suppression(source: &SourceFile, finding: &Finding) -> Option<Action> {
    if *finding.rule != format!("{META_CATEGORY}/unused-suppression") {
        return None;
    }
    let text = &source.text;
    let index = source.line_index();
    let span = finding.span;
    let line = index.line_of(span.start);
    let line_start = index.line_start(line);
    let next_start = if line + 1 < index.line_count() {
        index.line_start(line + 1)
    } else {
        text.len()
    };
    let alone = text[line_start..span.start].trim().is_empty() && text[span.end..next_start].trim().is_empty();
    let delete = if alone {
        Span::new(line_start, next_start)
    } else {
        let before = text[..span.start].trim_end_matches([' ', '\t']).len();
        Span::new(before, span.end)
    };
    Some(Action {
        title: "Remove the unused suppression".into(),
        preferred: true,
        edits: vec![Edit {
            span: delete,
            replacement: String::new(),
        }],
    })
}

/// The line break used at `at` (the end of a line), `\n` by default.
fn newline_at(text: &str, at: usize) -> &'static str {
    if text[at..].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// Text in curly quotes, cut to a title's length.
fn quote(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        format!("“{text}”")
    } else {
        let cut: String = text.chars().take(MAX - 1).collect();
        format!("“{}…”", cut.trim_end())
    }
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Fix;
    use crate::fix::{apply_edits as apply, select_edits, Applicability};
    use crate::lint::{lint, LintOptions};
    use crate::rules::Severity;

    fn finding(rule: &str, kind: FindingKind, span: Span, sentence: Span) -> Finding {
        Finding {
            rule: rule.into(),
            category: rule.split('/').next().unwrap().into(),
            severity: Severity::Error,
            kind,
            message: "m".into(),
            span,
            sentence,
            suggestion: None,
            fix: None,
        }
    }

    fn claim_in(text: &str, claim: &str) -> Finding {
        let at = text.find(claim).unwrap();
        finding(
            "guarantee/x",
            FindingKind::Claim,
            Span::new(at, at + claim.len()),
            Span::new(at, at + claim.len()),
        )
    }

    #[test]
    fn a_suggestion_sentence_replaces_the_sentence() {
        let text = "Intro.\n\nSee new growth in just 4 weeks! More.\n";
        let source = SourceFile::from_text("a.md", Format::Markdown, text);
        let findings = lint(&source, &RuleSet::embedded(), &LintOptions::default()).findings;
        let claim = findings.iter().find(|f| f.kind == FindingKind::Claim).unwrap();
        let actions = for_finding(&source, claim, &RuleSet::embedded());
        assert!(
            actions[0]
                .title
                .starts_with("Rewrite the sentence to read “Visible change"),
            "{}",
            actions[0].title
        );
        assert!(actions[0].title.contains("read it first"));
        let fixed = apply(text, &actions[0].edits);
        assert!(
            fixed.starts_with("Intro.\n\nVisible change, where it emerges"),
            "{fixed}"
        );
        assert!(fixed.ends_with("under way. More.\n"), "{fixed}");
    }

    #[test]
    fn disabling_a_line_keeps_quote_markers_and_silences_the_finding() {
        let rules = RuleSet::embedded();
        for (format, text) in [
            (Format::Markdown, "# Offer\n\n> See new growth in just 4 weeks!\n"),
            (
                Format::Markdown,
                "Our offer is simple.\nSee new growth in just 4 weeks!\n",
            ),
            (Format::Text, "Offer\r\n\r\n  See new growth in just 4 weeks!\r\n"),
        ] {
            let source = SourceFile::from_text("a", format, text);
            let findings = lint(&source, &rules, &LintOptions::default()).findings;
            assert_eq!(findings.len(), 1, "{text:?}");
            let action = for_finding(&source, &findings[0], &rules).pop().unwrap();
            assert_eq!(action.title, format!("Disable {} for this line", findings[0].rule));
            let fixed = apply(text, &action.edits);
            let after = SourceFile::from_text("a", format, fixed.clone());
            let left = lint(&after, &rules, &LintOptions::default()).findings;
            assert!(left.is_empty(), "{fixed:?}: {left:?}");
            if text.contains("> See") {
                assert!(fixed.contains("> <!-- candor-disable-next-line"), "{fixed}");
            }
            if text.contains("\r\n") {
                assert!(fixed.contains("-- reason -->\r\n  See"), "{fixed:?}");
            }
        }
    }

    #[test]
    fn inside_a_wrapped_markdown_sentence_the_comment_ends_the_line_above() {
        let rules = RuleSet::embedded();
        let text = "Book today, and you will\nsee new growth in just 4 weeks.\n";
        let source = SourceFile::from_text("a.md", Format::Markdown, text);
        let findings = lint(&source, &rules, &LintOptions::default()).findings;
        assert_eq!(findings.len(), 1, "{findings:?}");
        let action = for_finding(&source, &findings[0], &rules).pop().unwrap();
        let fixed = apply(text, &action.edits);
        assert_eq!(
            fixed,
            "Book today, and you will <!-- candor-disable-next-line early-results/visible-before-8-weeks -- reason -->\nsee new growth in just 4 weeks.\n"
        );
        let after = SourceFile::from_text("a.md", Format::Markdown, fixed);
        let output = lint(&after, &rules, &LintOptions::default());
        assert!(output.findings.is_empty(), "{:?}", output.findings);
        assert_eq!(crate::extract::extract(&after).blocks.len(), 1, "still one paragraph");
    }

    #[test]
    fn disclosures_go_after_the_heading_line() {
        let md = "# Exosome therapy\nBook now.\n";
        let sentence = "It is an adjunct, not a transplant.";
        let place = |text: &str, format| {
            let source = SourceFile::from_text("a", format, text);
            let end = text.find('\n').unwrap();
            let f = finding(
                "disclosure/test-adjunct",
                FindingKind::Disclosure,
                Span::new(2, end),
                Span::new(2, end),
            );
            let rules = rules_with_disclosure(sentence);
            apply(text, &for_finding(&source, &f, &rules)[0].edits)
        };
        assert_eq!(
            place(md, Format::Markdown),
            "# Exosome therapy\n\nIt is an adjunct, not a transplant.\n\nBook now.\n"
        );
        assert_eq!(
            place("# Exosome therapy\n\nBook now.\n", Format::Markdown),
            "# Exosome therapy\n\nIt is an adjunct, not a transplant.\n\nBook now.\n"
        );
        assert_eq!(
            place("<title>X</title>\n<h1>Exosomes</h1>\n<p>Book</p>\n", Format::Html),
            "<title>X</title>\n<h1>Exosomes</h1>\n<p>It is an adjunct, not a transplant.</p>\n<p>Book</p>\n"
        );
    }

    fn rules_with_disclosure(sentence: &str) -> RuleSet {
        let mut sources = crate::rules::embedded::sources();
        sources.push(crate::rules::PackSource {
            name: "test.toml".into(),
            text: format!(
                r#"[[disclosure]]
name = "test-adjunct"
summary = "s"
message = "m"
suggestion = "{sentence}"
placement = "after the introduction"
rationale = "r"
source = "s"
presence = ['\badjunct\b']
"#
            ),
        });
        RuleSet::load(&sources, &Default::default()).unwrap()
    }

    #[test]
    fn unused_suppressions_are_removed_with_their_line() {
        let text = "Intro.\n<!-- candor-disable-next-line early-results -- quoted -->\nHonest copy.\n";
        let rules = RuleSet::embedded();
        let source = SourceFile::from_text("a.md", Format::Markdown, text);
        let findings = lint(&source, &rules, &LintOptions::default()).findings;
        assert_eq!(findings.len(), 1);
        let actions = for_finding(&source, &findings[0], &rules);
        assert_eq!(actions.len(), 1);
        assert_eq!(apply(text, &actions[0].edits), "Intro.\nHonest copy.\n");
    }

    #[test]
    fn safe_fixes_skip_overlaps_and_unsafe_ones() {
        let text = "aaa bbb ccc";
        let with_fix = |claim: &str, replacement: &str, safety| {
            let mut f = claim_in(text, claim);
            f.fix = Some(Fix {
                safety,
                edits: vec![Edit {
                    span: f.span,
                    replacement: replacement.into(),
                }],
            });
            f
        };
        let findings = vec![
            with_fix("ccc", "C", FixSafety::Safe),
            with_fix("aaa bbb", "AB", FixSafety::Safe),
            with_fix("bbb", "B", FixSafety::Safe),
            with_fix("aaa", "A", FixSafety::Unsafe),
        ];
        assert_eq!(apply(text, &select_edits(&findings, Applicability::Safe)), "AB C");
        let action = for_finding(
            &SourceFile::from_text("a", Format::Text, text),
            &findings[3],
            &RuleSet::embedded(),
        );
        assert!(action[0].title.contains("unsafe fix"), "{}", action[0].title);
        assert!(!action[0].preferred);
    }
}
