//! `candor rules`, `candor explain` and `candor test-rules`.

use std::fmt::Write as _;
use std::path::Path;

use super::setup::{self, report_error};
use super::{Outcome, RuleArgs};
use candor::rule_tests;
use candor::RuleSet;

fn load(args: &RuleArgs, extra: Option<&Path>) -> Option<RuleSet> {
    let config = setup::config(args).map_err(|r| report_error(&r)).ok()?;
    setup::rule_set(args, &config, extra).map_err(|r| report_error(&r)).ok()
}

/// `candor rules`: one line per rule.
pub fn list(args: &RuleArgs) -> anyhow::Result<Outcome> {
    let Some(rules) = load(args, None) else {
        return Ok(Outcome::Error);
    };
    let mut out = String::new();
    let width = rules
        .rules
        .iter()
        .map(|r| r.id.len())
        .chain(rules.disclosures.iter().map(|d| d.rule_id().len()))
        .max()
        .unwrap_or(10);
    for rule in &rules.rules {
        let status = format!("{:?}", rule.status).to_lowercase();
        writeln!(
            out,
            "{:width$}  {:26} {:7}  {:6}  {}  [{}]",
            rule.id, rule.category, rule.severity, status, rule.summary, rule.pack
        )?;
    }
    for d in &rules.disclosures {
        writeln!(
            out,
            "{:width$}  {:26} {:7}  {:6}  {}  [{}]",
            d.rule_id(),
            d.category(),
            d.severity,
            "stable",
            d.summary,
            d.pack
        )?;
    }
    print!("{out}");
    Ok(Outcome::Clean)
}

/// `candor explain RULE`: the rule's documentation, from its one TOML table.
pub fn explain(id: &str, args: &RuleArgs) -> anyhow::Result<Outcome> {
    let Some(rules) = load(args, None) else {
        return Ok(Outcome::Error);
    };
    let mut out = String::new();
    if let Some(rule) = rules.rule(id) {
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
    } else if let Some(d) = rules.disclosures.iter().find(|d| d.rule_id() == id || d.name == id) {
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
    } else {
        let nearest = rules
            .rules
            .iter()
            .map(|r| r.id.clone())
            .chain(rules.disclosures.iter().map(|d| d.rule_id()))
            .min_by_key(|candidate| candor::diagnostic::edit_distance(id, candidate));
        eprintln!(
            "error: no rule `{id}`{}",
            nearest
                .map(|n| format!("; did you mean `{n}`? (`candor rules` lists them)"))
                .unwrap_or_default()
        );
        return Ok(Outcome::Error);
    }
    print!("{out}");
    Ok(Outcome::Clean)
}

/// `candor test-rules [DIR]`: run examples; report every failure by rule id.
pub fn test_rules(dir: Option<&Path>, args: &RuleArgs) -> anyhow::Result<Outcome> {
    let Some(rules) = load(args, dir) else {
        return Ok(Outcome::Error);
    };
    let report = rule_tests::run(&rules);
    for failure in &report.failures {
        println!("FAIL {} ({}): {}", failure.rule, failure.pack, failure.problem);
    }
    println!(
        "{} rules, {} examples: {} passed, {} failed",
        report.rules,
        report.examples,
        report.examples - report.failures.len(),
        report.failures.len()
    );
    Ok(if report.failures.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
