//! `candor rules`, `candor explain` and `candor test-rules`.

use std::fmt::Write as _;
use std::path::Path;

use super::setup;
use super::{Outcome, RuleArgs};
use candor::rule_tests;
use candor::RuleSet;

fn load(args: &RuleArgs, extra: Option<&Path>) -> Option<RuleSet> {
    setup::load(args, extra).map(|(_, rules)| rules)
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
    match candor::explain::explain_markdown(&rules, id) {
        Some(text) => {
            print!("{text}");
            Ok(Outcome::Clean)
        }
        None => {
            eprintln!(
                "error: no rule `{id}`{}",
                candor::explain::nearest_id(&rules, id)
                    .map(|n| format!("; did you mean `{n}`? (`candor rules` lists them)"))
                    .unwrap_or_default()
            );
            Ok(Outcome::Error)
        }
    }
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
