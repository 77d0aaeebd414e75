//! Running rule examples: every `examples.flag` must be flagged by its rule,
//! every `examples.pass` must not be, and every `examples.fix` must rewrite
//! exactly. One code path for `cargo test` and `candor test-rules`.

use crate::lint::{lint, LintOptions};
use crate::rules::RuleSet;
use crate::source::{Format, SourceFile};

/// One example that did not behave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub pack: String,
    pub problem: String,
}

/// Totals and failures of one run over a rule set's examples.
#[derive(Debug, Clone, Default)]
pub struct ExampleReport {
    pub rules: usize,
    pub examples: usize,
    pub failures: Vec<ExampleFailure>,
}

/// Run every rule's examples (and every disclosure's) against `rules`.
pub fn run(rules: &RuleSet) -> ExampleReport {
    let mut report = ExampleReport::default();
    // The disclosures' examples need the whole set; built first, it also
    // answers for the rules' examples, which check no disclosures.
    rules.matcher.prepare(crate::matcher::Scope::All);
    let options = LintOptions {
        no_disclosures: true,
        keep_overlaps: true,
        ..LintOptions::default()
    };
    for rule in &rules.rules {
        report.rules += 1;
        let fail = |problem: String| ExampleFailure {
            rule: rule.id.to_string(),
            pack: rule.pack.clone(),
            problem,
        };
        for text in &rule.examples.flag {
            report.examples += 1;
            let hits = findings_of(rules, &options, text, &rule.id);
            if hits == 0 {
                report.failures.push(fail(format!("not flagged: {text:?}")));
            }
        }
        for text in &rule.examples.pass {
            report.examples += 1;
            if findings_of(rules, &options, text, &rule.id) > 0 {
                report.failures.push(fail(format!("flagged but should pass: {text:?}")));
            }
        }
        for example in &rule.examples.fix {
            report.examples += 1;
            let fixed = apply_rule_fixes(rules, &options, &example.before, &rule.id);
            if fixed != example.after {
                report.failures.push(fail(format!(
                    "fix of {:?} gave {fixed:?}, expected {:?}",
                    example.before, example.after
                )));
            } else if apply_rule_fixes(rules, &options, &fixed, &rule.id) != fixed {
                report
                    .failures
                    .push(fail(format!("fixing {fixed:?} again changes it: fixes must converge")));
            }
        }
    }
    for (index, disclosure) in rules.disclosures.iter().enumerate() {
        report.rules += 1;
        let fail = |problem: String| ExampleFailure {
            rule: disclosure.rule_id(),
            pack: disclosure.pack.clone(),
            problem,
        };
        for (texts, want) in [
            (&disclosure.examples_present, true),
            (&disclosure.examples_missing, false),
        ] {
            for text in texts {
                report.examples += 1;
                if discloses(rules, index, text) != want {
                    let what = if want {
                        "does not count as disclosing"
                    } else {
                        "counts as disclosing but should not"
                    };
                    report.failures.push(fail(format!("{what}: {text:?}")));
                }
            }
        }
    }
    report
}

fn findings_of(rules: &RuleSet, options: &LintOptions, text: &str, rule: &str) -> usize {
    let source = SourceFile::from_text("example.md", Format::Markdown, text);
    lint(&source, rules, options)
        .findings
        .iter()
        .filter(|f| *f.rule == *rule)
        .count()
}

fn apply_rule_fixes(rules: &RuleSet, options: &LintOptions, text: &str, rule: &str) -> String {
    let source = SourceFile::from_text("example.md", Format::Markdown, text);
    let mut edits: Vec<_> = lint(&source, rules, options)
        .findings
        .into_iter()
        .filter(|f| *f.rule == *rule)
        .filter_map(|f| f.fix)
        .flat_map(|fix| fix.edits)
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut out = text.to_string();
    let mut floor = usize::MAX;
    for edit in edits {
        if edit.span.end <= floor {
            out.replace_range(edit.span.range(), &edit.replacement);
            floor = edit.span.start;
        }
    }
    out
}

/// Whether `text` makes disclosure `index`: every part in some asserted sentence.
pub fn discloses(rules: &RuleSet, index: usize, text: &str) -> bool {
    let source = SourceFile::from_text("example.md", Format::Markdown, text);
    let mut made = vec![false; rules.disclosures[index].parts.len()];
    let mut sentences = Vec::new();
    for block in crate::extract::extract(&source).blocks {
        rules.matcher.segmenter.split_into(&block.text, &mut sentences);
        for sentence in &sentences {
            let parts = crate::disclosure::parts_in(rules, index, sentence.text(&block.text));
            for (made, hit) in made.iter_mut().zip(parts) {
                *made |= hit.is_some();
            }
        }
    }
    made.iter().all(|m| *m)
}
