//! The embedded rule packs: every rule's examples pass, and every rule documents itself.
//!
//! Examples are the rules' own tests (`examples.flag` / `.pass` / `.fix`), run
//! through `candor::rule_tests::run` exactly as `candor test-rules` runs them.
//! The meta tests hold each rule to STYLE.md practice 3: required fields,
//! enough examples, one message style, ids that name the bad pattern, fixes
//! that converge, and patterns that stay linear.

use std::collections::BTreeMap;

use candor::rules::{FixSafety, Rule, CLAIM_CATEGORIES};
use candor::{lint, Format, LintOptions, RuleSet, SourceFile};
use regex::Regex;

fn rules() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(RuleSet::embedded)
}

fn claim_rules() -> impl Iterator<Item = &'static Rule> {
    rules().rules.iter()
}

/// Collect every problem, then fail once with all of them.
fn assert_no_problems(what: &str, problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} {what}:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn every_example_behaves() {
    let report = candor::rule_tests::run(rules());
    let problems = report
        .failures
        .iter()
        .map(|f| format!("{} ({}): {}", f.rule, f.pack, f.problem))
        .collect();
    assert_no_problems("failing rule examples", problems);
    assert!(report.examples > 0);
}

#[test]
fn required_fields_are_filled() {
    let mut problems = Vec::new();
    for rule in claim_rules() {
        let fields = [
            ("summary", Some(rule.summary.as_str())),
            ("message", Some(&*rule.message)),
            ("rationale", Some(rule.rationale.as_str())),
            ("source", Some(rule.source.as_str())),
            ("suggestion", rule.suggestion.as_deref()),
        ];
        for (name, value) in fields {
            if value.is_none_or(|v| v.trim().is_empty()) {
                problems.push(format!("{}: `{name}` is empty", rule.id));
            }
        }
        if rule.fix.as_ref().and_then(|f| f.note.as_ref()).is_none() {
            problems.push(format!("{}: `fix.note` should say why the fix is (un)safe", rule.id));
        }
    }
    assert_no_problems("rules with missing documentation", problems);
}

#[test]
fn every_rule_has_flag_and_pass_examples_and_one_pass_exercises_context() {
    let options = LintOptions {
        explain_context: true,
        no_disclosures: true,
        ..LintOptions::default()
    };
    let mut problems = Vec::new();
    for rule in claim_rules() {
        if rule.examples.flag.len() < 2 {
            problems.push(format!("{}: fewer than 2 examples.flag", rule.id));
        }
        if rule.examples.pass.len() < 2 {
            problems.push(format!("{}: fewer than 2 examples.pass", rule.id));
        }
        // At least one pass example must name the bad claim (the pattern
        // matches) and be let off by context: a denial, question, warning,
        // attribution or hypothetical, not merely unrelated text.
        let context_pass = rule.examples.pass.iter().any(|text| {
            let source = SourceFile::from_text("example.md", Format::Markdown, text);
            lint(&source, rules(), &options)
                .dismissed
                .iter()
                .any(|d| d.rule == rule.id)
        });
        if !context_pass {
            problems.push(format!(
                "{}: no examples.pass names the claim and is dismissed by context (deny, question, attribute or warn)",
                rule.id
            ));
        }
    }
    assert_no_problems("rules with too few or too easy examples", problems);
}

#[test]
fn messages_share_one_style() {
    // Lowercase start, one line, no final period: "promises visible change at 4 weeks; …".
    let style = Regex::new(r"^[a-z][^\n]*[^.\s]$").unwrap();
    let placeholder = Regex::new(r"\{([a-z_-]+)\}").unwrap();
    let mut problems = Vec::new();
    for rule in claim_rules() {
        if !style.is_match(&rule.message) {
            problems.push(format!("{}: message {:?}", rule.id, rule.message));
        }
        for cap in placeholder.captures_iter(&rule.message) {
            let name = &cap[1];
            if !rule.patterns.iter().any(|p| p.contains(&format!("{{{name}}}"))) {
                problems.push(format!(
                    "{}: message uses `{{{name}}}`, which no pattern captures",
                    rule.id
                ));
            }
        }
        if rule.summary.trim_end().ends_with(|c: char| c.is_alphanumeric()) {
            problems.push(format!(
                "{}: summary is a sentence and should end with a period",
                rule.id
            ));
        }
    }
    assert_no_problems("messages off style", problems);
}

#[test]
fn ids_name_category_and_pattern() {
    let id = Regex::new(r"^[a-z-]+/[a-z0-9-]+$").unwrap();
    let mut problems = Vec::new();
    for rule in claim_rules() {
        if !id.is_match(&rule.id) {
            problems.push(format!("{}: id is not `category/name`", rule.id));
        }
        if rule.id.split('/').next() != Some(&*rule.category) {
            problems.push(format!(
                "{}: id does not start with its category `{}`",
                rule.id, rule.category
            ));
        }
        if rule.pack != format!("rules/claims/{}.toml", rule.category) {
            problems.push(format!(
                "{}: lives in {}, not in its category's pack",
                rule.id, rule.pack
            ));
        }
    }
    assert_no_problems("badly named rules", problems);
}

#[test]
fn every_category_has_at_least_three_rules() {
    let mut counts: BTreeMap<&str, usize> = CLAIM_CATEGORIES.iter().map(|c| (*c, 0)).collect();
    for rule in claim_rules() {
        *counts.entry(&*rule.category).or_default() += 1;
    }
    let thin: Vec<String> = counts
        .iter()
        .filter(|(_, n)| **n < 3)
        .map(|(c, n)| format!("{c}: {n} rules"))
        .collect();
    assert_no_problems("categories with fewer than 3 rules", thin);
}

#[test]
fn fixes_are_declared_consistently() {
    // Convergence itself is checked by `rule_tests::run` on every examples.fix.
    let mut problems = Vec::new();
    for rule in claim_rules() {
        let Some(fix) = &rule.fix else { continue };
        match (fix.safety, &fix.replacement) {
            (FixSafety::DisplayOnly, Some(_)) => problems.push(format!(
                "{}: a display-only fix has a replacement it never applies",
                rule.id
            )),
            (FixSafety::Safe | FixSafety::Unsafe, None) => {
                problems.push(format!("{}: an applicable fix needs a replacement", rule.id))
            }
            (FixSafety::Safe | FixSafety::Unsafe, Some(_)) if rule.examples.fix.is_empty() => {
                problems.push(format!("{}: a fix with a replacement needs examples.fix", rule.id))
            }
            _ => {}
        }
        for example in &rule.examples.fix {
            if !rule.examples.flag.iter().any(|f| f == &example.before) && example.before == example.after {
                problems.push(format!(
                    "{}: examples.fix {:?} changes nothing",
                    rule.id, example.before
                ));
            }
        }
    }
    assert_no_problems("inconsistent fixes", problems);
}

/// A message or suggestion never shows a placeholder its match left
/// unfilled ("({percent})" where "9 out of 10" matched).
#[test]
fn messages_fill_every_placeholder() {
    let options = LintOptions {
        no_disclosures: true,
        ..LintOptions::default()
    };
    let placeholder = Regex::new(r"\{[0-9A-Za-z_-]+\}").unwrap();
    let mut problems = Vec::new();
    for rule in claim_rules() {
        for example in &rule.examples.flag {
            let source = SourceFile::from_text("example.md", Format::Markdown, example.as_str());
            for finding in lint(&source, rules(), &options).findings {
                let texts = [Some(&*finding.message), finding.suggestion.as_deref()];
                for text in texts.into_iter().flatten() {
                    if placeholder.is_match(text) {
                        problems.push(format!("{}: {text:?} for {example:?}", finding.rule));
                    }
                }
            }
        }
    }
    assert_no_problems("unfilled placeholders", problems);
}

#[test]
fn every_fix_is_offered_where_its_rule_fires() {
    // Under normal linting (overlaps resolved), the rule that owns a fix must
    // be the one reported on its own fix examples, or its fix is never offered.
    let options = LintOptions {
        no_disclosures: true,
        ..LintOptions::default()
    };
    let mut problems = Vec::new();
    for rule in claim_rules() {
        for example in &rule.examples.fix {
            let source = SourceFile::from_text("example.md", Format::Markdown, &example.before);
            let offered = lint(&source, rules(), &options)
                .findings
                .iter()
                .any(|f| f.rule == rule.id && f.fix.is_some());
            if !offered {
                problems.push(format!("{}: no fix offered for {:?}", rule.id, example.before));
            }
        }
    }
    assert_no_problems("fixes another rule shadows", problems);
}

#[test]
fn every_embedded_pattern_compiles() {
    // Embedded patterns compile on first use, not at load: this is where a
    // pattern too large for the engine would show.
    let problems = rules()
        .matcher
        .compile_all()
        .iter()
        .map(|e| format!("{:?}: {}", e.owner, e.message))
        .collect();
    assert_no_problems("patterns that do not compile", problems);
}

#[test]
fn patterns_stay_linear_and_bounded() {
    // The regex crate is linear-time anyway; this keeps patterns readable and
    // their matches short: no quantified groups without a bound, and no
    // unbounded gaps except in a whole-sentence exception (`(?s)^.*…`).
    let unbounded_group = Regex::new(r"\)[*+]").unwrap();
    let unbounded_gap = Regex::new(r"(?:\.|\[\^[^\]]*\])[*+]").unwrap();
    let mut problems = Vec::new();
    for rule in claim_rules() {
        for pattern in &rule.patterns {
            if unbounded_group.is_match(pattern) || unbounded_gap.is_match(pattern) {
                problems.push(format!("{}: unbounded repetition in {pattern:?}", rule.id));
            }
        }
        for exception in &rule.exceptions {
            if unbounded_group.is_match(exception) {
                problems.push(format!("{}: unbounded group in exception {exception:?}", rule.id));
            }
            if unbounded_gap.is_match(exception) && !exception.starts_with("(?s)^") {
                problems.push(format!("{}: unbounded gap in exception {exception:?}", rule.id));
            }
        }
    }
    assert_no_problems("patterns with unbounded repetition", problems);
}

#[test]
fn the_reference_guide_lints_clean() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/honest/stem-cell-hair-restoration.txt"
    );
    let source = SourceFile::read(std::path::Path::new(path), Format::Text).expect("the reference copy is readable");
    let options = LintOptions {
        no_disclosures: true,
        ..LintOptions::default()
    };
    let findings: Vec<String> = lint(&source, rules(), &options)
        .findings
        .iter()
        .map(|f| format!("{} at {}: {:?}", f.rule, f.span.start, &source.text[f.span.range()]))
        .collect();
    assert_no_problems("claim findings in the reference guide", findings);
}
