//! Scores disclosure findings against the labelled corpus: precision and
//! recall per disclosure, gated at 0.90 each, and silence on the reference
//! guide and on documents that are not treatment pages.
//!
//! Each `corpus/**/<name>.labels.toml` says `treatment_page = true|false` and,
//! for treatment pages, `missing_disclosures = [...]`, judged against every
//! disclosure (the `clinic-page` profile). A disclosure finding is a true
//! positive when its name is listed, a false positive when it is not; a listed
//! name without a finding is a false negative.
//!
//! HTML documents count once the HTML extractor reads them. An HTML document
//! whose extracted text still holds tags went through the plain-text
//! extractor, where tags run headings into paragraphs ("Who should not have
//! it</h2> <p>It is not suitable …" reads as negated); such documents are
//! scored and printed apart, and not gated.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use candor::extract::extract;
use candor::{lint, FindingKind, Format, LintOptions, RuleSet, SourceFile};
use serde::Deserialize;

const PRECISION: f64 = 0.90;
const RECALL: f64 = 0.90;
const REFERENCE: &str = "corpus/honest/stem-cell-hair-restoration.txt";

#[derive(Deserialize)]
struct Labels {
    treatment_page: bool,
    #[serde(default)]
    missing_disclosures: Vec<String>,
}

/// One labelled document, linted.
struct Scored {
    path: String,
    labels: Labels,
    /// Disclosure names candor reported missing.
    found: Vec<String>,
    /// candor's treatment-page verdict.
    page: bool,
    /// Gated: not HTML read as plain text.
    gated: bool,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn labelled_documents(root: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for folder in std::fs::read_dir(root.join("corpus")).unwrap() {
        let folder = folder.unwrap().path();
        if !folder.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&folder).unwrap() {
            let labels = entry.unwrap().path();
            let Some(stem) = labels
                .file_name()
                .and_then(|n| n.to_str()?.strip_suffix(".labels.toml"))
            else {
                continue;
            };
            let document = ["md", "txt", "html"]
                .iter()
                .map(|ext| folder.join(format!("{stem}.{ext}")))
                .find(|p| p.is_file())
                .unwrap_or_else(|| panic!("{}: no document beside the labels", labels.display()));
            out.push((document, labels));
        }
    }
    out.sort();
    out
}

fn score(root: &Path, rules: &RuleSet) -> Vec<Scored> {
    labelled_documents(root)
        .into_iter()
        .map(|(document, labels)| {
            let labels: Labels = toml::from_str(&std::fs::read_to_string(&labels).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", labels.display()));
            let path = document
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let format = Format::from_extension(&document).unwrap();
            let source = SourceFile::from_bytes(path.clone(), format, std::fs::read(&document).unwrap()).unwrap();
            let output = lint(&source, rules, &LintOptions::default());
            let found = output
                .findings
                .iter()
                .filter(|f| f.kind == FindingKind::Disclosure)
                .map(|f| {
                    f.category
                        .trim_start_matches(candor::rules::DISCLOSURE_PREFIX)
                        .to_string()
                })
                .collect();
            let html_as_text = format == Format::Html && extract(&source).blocks.iter().any(|b| b.text.contains("</"));
            Scored {
                path,
                labels,
                found,
                page: output.document.is_some_and(|d| d.treatment_page),
                gated: !html_as_text,
            }
        })
        .collect()
}

/// Per disclosure name, the counts over `docs`.
fn tally<'a>(docs: impl Iterator<Item = &'a Scored>) -> BTreeMap<String, Counts> {
    let mut table: BTreeMap<String, Counts> = BTreeMap::new();
    for doc in docs {
        let expected: &[String] = if doc.labels.treatment_page {
            &doc.labels.missing_disclosures
        } else {
            &[]
        };
        for name in &doc.found {
            let c = table.entry(name.clone()).or_default();
            if expected.contains(name) {
                c.tp += 1;
            } else {
                c.fp += 1;
            }
        }
        for name in expected.iter().filter(|n| !doc.found.contains(n)) {
            table.entry(name.clone()).or_default().fn_ += 1;
        }
    }
    table
}

fn total(table: &BTreeMap<String, Counts>) -> Counts {
    table.values().fold(Counts::default(), |a, c| Counts {
        tp: a.tp + c.tp,
        fp: a.fp + c.fp,
        fn_: a.fn_ + c.fn_,
    })
}

fn print_table(title: &str, table: &BTreeMap<String, Counts>) {
    println!(
        "\n{title}\n{:<14} {:>4} {:>4} {:>4} {:>9} {:>7}",
        "disclosure", "tp", "fp", "fn", "precision", "recall"
    );
    for (name, c) in table.iter().chain(std::iter::once((&"all".to_string(), &total(table)))) {
        println!(
            "{name:<14} {:>4} {:>4} {:>4} {:>9.3} {:>7.3}",
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall()
        );
    }
}

fn print_errors<'a>(docs: impl Iterator<Item = &'a Scored>) {
    for doc in docs {
        let expected: &[String] = if doc.labels.treatment_page {
            &doc.labels.missing_disclosures
        } else {
            &[]
        };
        let extra: Vec<_> = doc.found.iter().filter(|n| !expected.contains(n)).collect();
        let absent: Vec<_> = expected.iter().filter(|n| !doc.found.contains(n)).collect();
        if doc.page != doc.labels.treatment_page {
            println!(
                "{}: labelled treatment_page = {}, candor says {}",
                doc.path, doc.labels.treatment_page, doc.page
            );
        }
        if !extra.is_empty() || !absent.is_empty() {
            println!(
                "{}: reported but disclosed {extra:?}; missing but not reported {absent:?}",
                doc.path
            );
        }
    }
}

#[test]
fn disclosure_findings_match_the_labelled_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = RuleSet::embedded();
    let docs = score(root, &rules);
    assert!(
        docs.len() >= 40,
        "expected the labelled corpus, found {} documents",
        docs.len()
    );

    let gated = tally(docs.iter().filter(|d| d.gated));
    let html = docs.iter().filter(|d| d.gated && d.path.ends_with(".html")).count();
    print_table(
        &format!(
            "Disclosure findings over {} documents, {html} of them HTML (gated)",
            docs.iter().filter(|d| d.gated).count()
        ),
        &gated,
    );
    let as_text: Vec<&Scored> = docs.iter().filter(|d| !d.gated).collect();
    if !as_text.is_empty() {
        print_table(
            &format!(
                "HTML documents read as plain text, without the HTML extractor ({}; not gated)",
                as_text.len()
            ),
            &tally(as_text.iter().copied()),
        );
    }
    println!();
    print_errors(docs.iter());

    let reference = docs
        .iter()
        .find(|d| d.path == REFERENCE)
        .expect("the reference guide is in the corpus");
    assert!(
        reference.found.is_empty(),
        "{REFERENCE} must make every disclosure, but candor reports {:?}",
        reference.found
    );
    let not_pages: Vec<_> = docs
        .iter()
        .filter(|d| d.gated && !d.labels.treatment_page && !d.found.is_empty())
        .map(|d| (&d.path, &d.found))
        .collect();
    assert!(
        not_pages.is_empty(),
        "documents that are not treatment pages got disclosure findings: {not_pages:?}"
    );

    let all = total(&gated);
    assert!(
        all.precision() >= PRECISION && all.recall() >= RECALL,
        "disclosure precision {:.3} / recall {:.3} is below {PRECISION} / {RECALL}",
        all.precision(),
        all.recall()
    );
}

/// TAXONOMY.md's disclosure names, which `clinic-page` must require.
const TAXONOMY: [&str; 10] = [
    "adjunct",
    "course",
    "timeline",
    "candidacy",
    "drug-therapy",
    "product",
    "oversight",
    "side-effects",
    "aftercare",
    "evidence",
];

#[test]
fn embedded_disclosures_document_themselves_and_pass_their_examples() {
    let rules = RuleSet::embedded();
    let mut problems = Vec::new();
    for d in &rules.disclosures {
        let id = d.rule_id();
        for (field, text) in [
            ("summary", &d.summary),
            ("suggestion", &d.suggestion),
            ("placement", &d.placement),
            ("rationale", &d.rationale),
            ("source", &d.source),
        ] {
            if text.trim().is_empty() {
                problems.push(format!("{id}: empty `{field}`"));
            }
        }
        // Messages read as the end of "this page …": lowercase, no final period.
        if !d.message.starts_with(|c: char| c.is_lowercase()) || d.message.ends_with('.') {
            problems.push(format!("{id}: message should start lowercase and end without a period"));
        }
        if d.examples_present.len() < 2 || d.examples_missing.len() < 2 {
            problems.push(format!("{id}: needs at least 2 present and 2 missing examples"));
        }
    }
    let clinic = rules
        .profiles
        .iter()
        .find(|p| p.name == "clinic-page")
        .expect("a clinic-page profile");
    for name in TAXONOMY {
        if !clinic.requires.iter().any(|r| r == name) {
            problems.push(format!("clinic-page does not require `{name}`"));
        }
    }
    let report = candor::rule_tests::run(&rules);
    problems.extend(
        report
            .failures
            .iter()
            .filter(|f| f.rule.starts_with(candor::rules::DISCLOSURE_PREFIX))
            .map(|f| format!("{} ({}): {}", f.rule, f.pack, f.problem)),
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
