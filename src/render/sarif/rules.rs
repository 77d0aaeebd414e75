//! SARIF `reportingDescriptor`s: a rule's own documentation as `tool.driver.rules`.
//!
//! Help is built from the same fields `candor explain` prints (summary,
//! rationale, source, suggestion, fix safety, examples), as plain text and as
//! Markdown; there are no help URIs, the help travels with the log.

use std::fmt::Write as _;

use serde::Serialize;

use super::level;
use super::log::Message;
use crate::finding::{Finding, FindingKind};
use crate::rules::{Disclosure, Rule, Status, META_CATEGORY};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Descriptor {
    pub id: String,
    name: String,
    short_description: Message,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Message>,
    help: Help,
    default_configuration: Configuration,
    properties: Properties,
}

#[derive(Serialize, Default)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Properties {
    category: String,
    tags: Vec<String>,
}

impl Help {
    /// A paragraph, with an optional bold label.
    fn para(&mut self, label: Option<&str>, body: &str) {
        match label {
            Some(label) => {
                let _ = write!(self.text, "{label}: {body}\n\n");
                let _ = write!(self.markdown, "**{label}:** {}\n\n", markdown(body));
            }
            None => {
                let _ = write!(self.text, "{body}\n\n");
                let _ = write!(self.markdown, "{}\n\n", markdown(body));
            }
        }
    }

    /// A bulleted list under a label; nothing when the list is empty.
    fn list(&mut self, label: &str, items: impl IntoIterator<Item = String>) {
        let items: Vec<String> = items.into_iter().collect();
        if items.is_empty() {
            return;
        }
        let _ = writeln!(self.text, "{label}:");
        let _ = write!(self.markdown, "**{label}:**\n\n");
        for item in &items {
            let _ = writeln!(self.text, "- {item}");
            let _ = writeln!(self.markdown, "- {}", markdown(item));
        }
        self.text.push('\n');
        self.markdown.push('\n');
    }

    fn done(mut self) -> Help {
        let trim = |s: &mut String| s.truncate(s.trim_end().len());
        trim(&mut self.text);
        trim(&mut self.markdown);
        self
    }
}

/// Escape the characters Markdown would read as markup.
fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if "\\`*_[]<>#|~".contains(ch) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

fn quoted(examples: &[String]) -> impl Iterator<Item = String> + '_ {
    examples.iter().map(|e| format!("“{e}”"))
}

fn name(id: &str) -> String {
    id.rsplit('/').next().unwrap_or(id).to_string()
}

pub fn descriptor_for_rule(rule: &Rule) -> Descriptor {
    let mut help = Help::default();
    help.para(None, &rule.summary);
    help.para(Some("Why"), &rule.rationale);
    help.para(Some("Source"), &rule.source);
    if let Some(suggestion) = &rule.suggestion {
        help.para(Some("Instead"), suggestion);
    }
    if let Some(fix) = &rule.fix {
        let safety = fix.safety.as_str();
        match &fix.note {
            Some(note) => help.para(Some("Fix"), &format!("{safety}; {note}")),
            None => help.para(Some("Fix"), safety),
        }
    }
    help.list("Flagged", quoted(&rule.examples.flag));
    help.list("Not flagged", quoted(&rule.examples.pass));
    help.list(
        "Rewrites",
        rule.examples
            .fix
            .iter()
            .map(|f| format!("“{}” → “{}”", f.before, f.after)),
    );
    let mut tags = vec![rule.category.to_string(), "claim".to_string()];
    if rule.status == Status::Preview {
        tags.push("preview".into());
    }
    Descriptor {
        id: rule.id.to_string(),
        name: name(&rule.id),
        short_description: Message {
            text: rule.summary.clone(),
        },
        full_description: Some(Message {
            text: rule.rationale.clone(),
        }),
        help: help.done(),
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: Properties {
            category: rule.category.to_string(),
            tags,
        },
    }
}

pub fn descriptor_for_disclosure(disclosure: &Disclosure) -> Descriptor {
    let mut help = Help::default();
    help.para(None, &disclosure.summary);
    help.para(Some("Why"), &disclosure.rationale);
    help.para(Some("Source"), &disclosure.source);
    help.para(Some("Add"), &disclosure.suggestion);
    help.para(Some("Where"), &disclosure.placement);
    help.list("Counts as present", quoted(&disclosure.examples_present));
    help.list("Does not count", quoted(&disclosure.examples_missing));
    let category = disclosure.category();
    Descriptor {
        id: disclosure.rule_id(),
        name: disclosure.name.clone(),
        short_description: Message {
            text: disclosure.summary.clone(),
        },
        full_description: Some(Message {
            text: disclosure.rationale.clone(),
        }),
        help: help.done(),
        default_configuration: Configuration {
            level: level(disclosure.severity),
        },
        properties: Properties {
            tags: vec![category.clone(), "disclosure".into()],
            category,
        },
    }
}

/// A rule the rule set does not define: candor's checks of its own directives.
pub fn descriptor_for_unknown(finding: &Finding) -> Descriptor {
    let summary = if *finding.category == *META_CATEGORY {
        "A candor suppression comment that needs attention.".to_string()
    } else {
        format!("Findings of `{}`.", finding.rule)
    };
    let kind = match finding.kind {
        FindingKind::Claim => "claim",
        FindingKind::Disclosure => "disclosure",
        FindingKind::Meta => "meta",
    };
    let mut help = Help::default();
    help.para(None, &summary);
    Descriptor {
        id: finding.rule.to_string(),
        name: name(&finding.rule),
        short_description: Message { text: summary },
        full_description: None,
        help: help.done(),
        default_configuration: Configuration {
            level: level(finding.severity),
        },
        properties: Properties {
            category: finding.category.to_string(),
            tags: vec![finding.category.to_string(), kind.into()],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;

    fn disclosure() -> Disclosure {
        Disclosure {
            name: "course".into(),
            severity: Severity::Warning,
            summary: "Says how many sessions a course takes.".into(),
            message: "the page does not say how many sessions a course takes".into(),
            suggestion: "A course is typically 4-6 sessions over 8-12 weeks.".into(),
            placement: "under the treatment's description".into(),
            rationale: "Patients judge results after the *whole* course.".into(),
            source: "reference guide (Protocol structure)".into(),
            parts: vec![],
            exceptions: vec![],
            examples_present: vec!["Four to six sessions, two weeks apart.".into()],
            examples_missing: vec!["One quick session.".into()],
            pack: "test".into(),
        }
    }

    /// The descriptor as JSON, checked against SARIF's `reportingDescriptor`.
    fn valid(descriptor: &Descriptor) -> serde_json::Value {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sarif-schema-2.1.0.json");
        let sarif: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let schema = serde_json::json!({
            "$ref": "#/definitions/reportingDescriptor",
            "definitions": sarif["definitions"],
        });
        let validator = jsonschema::draft4::new(&schema).unwrap();
        let value = serde_json::to_value(descriptor).unwrap();
        let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}\n{value:#}");
        value
    }

    #[test]
    fn disclosure_help_says_what_to_add_and_where() {
        let value = valid(&descriptor_for_disclosure(&disclosure()));
        assert_eq!(value["id"], "disclosure/course");
        assert_eq!(value["defaultConfiguration"]["level"], "warning");
        assert_eq!(
            value["properties"]["tags"],
            serde_json::json!(["disclosure/course", "disclosure"])
        );
        let markdown = value["help"]["markdown"].as_str().unwrap();
        assert!(markdown.contains("after the \\*whole\\* course"), "{markdown}");
        assert!(
            markdown.contains("**Where:** under the treatment's description"),
            "{markdown}"
        );
        let text = value["help"]["text"].as_str().unwrap();
        assert!(text.contains("Does not count:\n- “One quick session.”"), "{text}");
    }
}
