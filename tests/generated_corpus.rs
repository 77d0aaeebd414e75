//! The benchmark corpus's sentences as a labelled test set: the generator
//! (examples/gen_corpus.rs) knows which of its sentences are honest and which
//! overpromise, so every honest sentence, with each opener and closer a page
//! gives it, must stay quiet wherever a page puts it (a paragraph, a list
//! item under each heading, a table cell beside a heading's label), and every
//! overpromise must be flagged. On the 8 MB corpus, a quarter of the claim
//! findings were once on honest sentences behind an opener, and no test saw it.

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

use candor::{lint, FindingKind, Format, LintOptions, RuleSet, SourceFile};
use gen_corpus::{fill, Rng, CLAIMS, CLOSERS, HEADINGS, HONEST, NEGATIVES, OPENERS};

/// Each honest or cautionary sentence: bare, behind each opener (the first
/// letter lowered, as the generator does), and with each closer.
fn honest_sentences(rng: &mut Rng) -> Vec<String> {
    let mut out = Vec::new();
    for base in HONEST.iter().chain(NEGATIVES) {
        out.push(fill(rng, base));
        for opener in OPENERS {
            // "Dr. Cho notes that does this replace minoxidil?" is not
            // English, though the generator writes it.
            if base.contains('?') && !opener.trim_end().ends_with([',', ':']) {
                continue;
            }
            let mut chars = base.chars();
            let first: String = chars.next().into_iter().flat_map(char::to_lowercase).collect();
            out.push(fill(rng, &format!("{opener}{first}{}", chars.as_str())));
        }
        for closer in CLOSERS {
            out.push(fill(rng, &format!("{base}{closer}")));
        }
    }
    out
}

/// The claim findings of `text` linted as `format`, as (rule, flagged text).
fn claims(text: &str, format: Format, rules: &RuleSet) -> Vec<(String, String)> {
    let source = SourceFile::from_text("generated", format, text);
    let output = lint(&source, rules, &LintOptions::default());
    output
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Claim)
        .map(|f| (f.rule.to_string(), text[f.sentence.range()].to_string()))
        .collect()
}

#[test]
fn honest_sentences_stay_quiet_wherever_a_page_puts_them() {
    let rules = RuleSet::embedded();
    let mut rng = Rng(7);
    let sentences = honest_sentences(&mut rng);
    let mut markdown = String::new();
    let mut html = String::new();
    let mut text = String::new();
    for (i, sentence) in sentences.iter().enumerate() {
        let heading = HEADINGS[i % HEADINGS.len()];
        markdown.push_str(&format!(
            "## {heading}\n\n{sentence}\n\n- {sentence}\n\n| {heading} | {sentence} |\n|---|---|\n\n"
        ));
        html.push_str(&format!(
            "<h2>{heading}</h2><p>{sentence}</p><ul><li>{sentence}</li></ul>\n"
        ));
        text.push_str(&format!("{heading}\n\n{sentence}\n\n- {sentence}\n\n"));
    }
    let mut flagged = claims(&markdown, Format::Markdown, &rules);
    flagged.extend(claims(&html, Format::Html, &rules));
    flagged.extend(claims(&text, Format::Text, &rules));
    flagged.sort();
    flagged.dedup();
    assert!(
        flagged.is_empty(),
        "{} honest sentences flagged:\n  {}",
        flagged.len(),
        flagged
            .iter()
            .map(|(rule, text)| format!("{rule}: {text}"))
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

#[test]
fn every_overpromise_is_flagged() {
    let rules = RuleSet::embedded();
    let mut rng = Rng(11);
    let prefixes = ["", "{clinic} exclusive: ", "New at {clinic}: ", "Limited offer! "];
    let missed: Vec<String> = CLAIMS
        .iter()
        .flat_map(|claim| prefixes.iter().map(move |prefix| format!("{prefix}{claim}")))
        .map(|template| fill(&mut rng, &template))
        .filter(|sentence| claims(sentence, Format::Text, &rules).is_empty())
        .collect();
    assert!(
        missed.is_empty(),
        "overpromises not flagged:\n  {}",
        missed.join("\n  ")
    );
}
