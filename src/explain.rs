//! A rule's documentation as Markdown, from its one TOML table.
//!
//! `candor explain` prints it and the language server shows it on hover, so a
//! rule's explanation is written once (in its pack) and rendered once (here).

use std::fmt::Write as _;

use crate::rules::{Disclosure, Rule, RuleSet};

/// The Markdown explanation of a claim rule (by id) or a disclosure (by
/// `disclosure/<name>` or `<name>`); `None` when no such rule is loaded.
pub fn explain_markdown(rules: &RuleSet, id: &str) -> Option<String> {
    if let Some(rule) = rules.rule(id) {
        return Some(rule_markdown(rule));
    }
    rules
        .disclosures
        .iter()
        .find(|d| d.rule_id() == id || d.name == id)
        .map(disclosure_markdown)
}

/// The loaded rule or disclosure id nearest to `id`, for "did you mean" help.
pub fn nearest_id(rules: &RuleSet, id: &str) -> Option<String> {
    rules
        .rules
        .iter()
        .map(|r| r.id.to_string())
        .chain(rules.disclosures.iter().map(Disclosure::rule_id))
        .min_by_key(|candidate| crate::diagnostic::edit_distance(id, candidate))
}

fn rule_markdown(rule: &Rule) -> String {
    let mut out = String::new();
    write_rule(&mut out, rule).expect("writing to a String cannot fail");
    out
}

fn disclosure_markdown(d: &Disclosure) -> String {
    let mut out = String::new();
    write_disclosure(&mut out, d).expect("writing to a String cannot fail");
    out
}

fn write_rule(out: &mut String, rule: &Rule) -> std::fmt::Result {
    writeln!(out, "# {}\n", rule.id)?;
    writeln!(
        out,
        "category: {}  severity: {}  status: {:?}  pack: {}\n",
        rule.category, rule.severity, rule.status, rule.pack
    )?;
    writeln!(out, "## What it flags\n\n{}\n", rule.summary)?;
    writeln!(out, "## Why\n\n{}\n\nSource: {}\n", rule.rationale, rule.source)?;
    writeln!(out, "## Message\n\n{}\n", rule.message)?;
    if let Some(s) = &rule.suggestion {
        writeln!(out, "## Write instead\n\n{s}\n")?;
    }
    if let Some(fix) = &rule.fix {
        writeln!(
            out,
            "## Fix safety\n\n{}{}\n",
            fix.safety.as_str(),
            fix.note.as_ref().map(|n| format!(": {n}")).unwrap_or_default()
        )?;
    }
    writeln!(out, "## Flags\n")?;
    for e in &rule.examples.flag {
        writeln!(out, "- {e}")?;
    }
    writeln!(out, "\n## Leaves alone\n")?;
    for e in &rule.examples.pass {
        writeln!(out, "- {e}")?;
    }
    Ok(())
}

fn write_disclosure(out: &mut String, d: &Disclosure) -> std::fmt::Result {
    writeln!(out, "# {}\n", d.rule_id())?;
    writeln!(out, "severity: {}  pack: {}\n", d.severity, d.pack)?;
    writeln!(out, "## What it checks\n\n{}\n", d.summary)?;
    writeln!(out, "## Why\n\n{}\n\nSource: {}\n", d.rationale, d.source)?;
    writeln!(out, "## Message when missing\n\n{}\n", d.message)?;
    writeln!(out, "## Sentence to add\n\n{} ({})\n", d.suggestion, d.placement)?;
    if d.parts.len() > 1 {
        let parts: Vec<&str> = d.parts.iter().map(|p| p.name.as_str()).collect();
        writeln!(out, "## Made when the page gives all of\n\n{}\n", parts.join("; "))?;
    }
    writeln!(out, "## Counts as disclosed\n")?;
    for e in &d.examples_present {
        writeln!(out, "- {e}")?;
    }
    writeln!(out, "\n## Does not count\n")?;
    for e in &d.examples_missing {
        writeln!(out, "- {e}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_a_rule_from_its_table() {
        let rules = RuleSet::embedded();
        let rule = &rules.rules[0];
        let text = explain_markdown(&rules, &rule.id).unwrap();
        assert!(text.starts_with(&format!("# {}\n", rule.id)));
        assert!(text.contains(&rule.rationale));
        assert!(text.contains(&format!("- {}", rule.examples.flag[0])));
        assert!(text.contains(&format!("- {}", rule.examples.pass[0])));
        assert_eq!(explain_markdown(&rules, "no-such/rule"), None);
    }

    #[test]
    fn nearest_id_for_a_typo() {
        let rules = RuleSet::embedded();
        let id = rules.rules[0].id.clone();
        let typo = id.replacen('e', "a", 1);
        assert_eq!(nearest_id(&rules, &typo).as_deref(), Some(&*id));
    }
}
