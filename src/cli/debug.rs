//! `candor debug extract|sentences|matches FILE`: each stage's output with byte ranges.

use std::fmt::Write as _;
use std::path::Path;

use clap::ValueEnum;

use super::setup;
use super::{Outcome, RuleArgs};
use candor::extract::extract;
use candor::source::{Format, SourceFile};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Stage {
    /// Prose blocks and their source ranges.
    Extract,
    /// Sentences of each block, with source ranges.
    Sentences,
    /// Every rule match, with its context verdict.
    Matches,
}

pub fn run(stage: Stage, file: &Path, format_in: Option<Format>, args: &RuleArgs) -> anyhow::Result<Outcome> {
    let format = format_in.unwrap_or_else(|| Format::for_explicit_path(file));
    let source = match SourceFile::read(file, format) {
        Ok(source) => source,
        Err(err) => {
            eprintln!("error: {}: {err}", file.display());
            return Ok(Outcome::Error);
        }
    };
    let Some((_, rules)) = setup::load(args, None) else {
        return Ok(Outcome::Error);
    };
    print!("{}", render(stage, &source, &rules));
    Ok(Outcome::Clean)
}

/// The text of a debug view (kept apart from printing for snapshot tests).
pub fn render(stage: Stage, source: &SourceFile, rules: &candor::RuleSet) -> String {
    let mut out = String::new();
    let extracted = extract(source);
    let mut sentences = Vec::new();
    for block in &extracted.blocks {
        let span = block.source_span(0, block.text.len());
        let _ = writeln!(
            out,
            "{:>6}..{:<6} {:11} {:?}",
            span.start,
            span.end,
            block.kind.name(),
            block.text
        );
        if stage == Stage::Extract {
            continue;
        }
        rules.matcher.segmenter.split_into(&block.text, &mut sentences);
        for s in &sentences {
            let span = block.source_span(s.start, s.end);
            let _ = writeln!(
                out,
                "  {:>6}..{:<6} sentence {:?}",
                span.start,
                span.end,
                s.text(&block.text)
            );
        }
    }
    if stage == Stage::Matches {
        let output = candor::lint(
            source,
            rules,
            &candor::LintOptions {
                explain_context: true,
                ..Default::default()
            },
        );
        for f in &output.findings {
            let _ = writeln!(
                out,
                "{:>6}..{:<6} asserted   {} {:?}",
                f.span.start,
                f.span.end,
                f.rule,
                &source.text[f.span.range()]
            );
        }
        for d in &output.dismissed {
            let _ = writeln!(
                out,
                "{:>6}..{:<6} {:10} {} {:?} (trigger {:?} at {}..{})",
                d.span.start,
                d.span.end,
                d.context.as_str(),
                d.rule,
                &source.text[d.span.range()],
                d.trigger,
                d.trigger_span.start,
                d.trigger_span.end
            );
        }
        if let Some(doc) = &output.document {
            let _ = writeln!(out, "document: {}", doc.reason);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extract_view_of_an_html_page() {
        let page = "<!DOCTYPE html>\n<html><head><title>Scalp care &amp; growth factors</title>\n\
<meta name=\"description\" content=\"Growth factors,  explained.\">\n\
<style>p::before { content: \"guaranteed\" }</style></head>\n\
<body><nav aria-label=\"Main\"><a href=\"/\">Home</a></nav>\n\
<h1>Growth-factor <em>scalp</em> care</h1>\n\
<p>See new growth in just 4&nbsp;weeks!<br>Results&nbsp;vary &mdash; ask us.</p>\n\
<ul><li>Mild redness<li><a href=\"/book\">Book now</a></ul>\n\
<img src=\"a.jpg\" alt=\"Before &amp; after\">\n\
<script>var claim = \"regrow in 2 weeks\";</script>\n</body></html>\n";
        let source = SourceFile::from_text("page.html", Format::Html, page);
        insta::assert_snapshot!(render(Stage::Extract, &source, &candor::RuleSet::embedded()), @r#"
    35..66     title       "Scalp care & growth factors"
   109..136    description "Growth factors, explained."
   220..224    label       "Main"
   238..242    link-text   "Home"
   257..290    heading     "Growth-factor scalp care"
   299..335    paragraph   "See new growth in just 4 weeks!"
   339..372    paragraph   "Results vary — ask us."
   385..397    list-item   "Mild redness"
   417..425    link-text   "Book now"
   457..475    alt-text    "Before & after"
"#);
    }
}
