//! Micro-benchmarks of each pipeline stage on one large document, and of the
//! pathological shapes that would expose quadratic paths: a 10 MB one-line
//! file, 10,000 nested list items, a 5 MB HTML table, 200,000 questions and
//! short answers in one block (and 40,000 whose dismissals are kept).
//!
//! cargo bench --bench pipeline

use candor::extract::extract;
use candor::{lint, Format, LintOptions, RuleSet, SourceFile};

fn main() {
    divan::main();
}

/// A realistic 1 MB Markdown page: honest prose with a claim every ~15 sentences.
fn large_markdown() -> String {
    let honest = "A serious protocol runs four to six sessions across an eight-to-twelve-week course, with maintenance every three to six months — 명동 클리닉. ";
    let warning = "A clinic that promises visible regrowth at four weeks is selling you an expectation. ";
    let claim = "See new growth in just 4 weeks, guaranteed! ";
    let mut out = String::from("# Exosome hair treatment\n\n");
    let mut i = 0;
    while out.len() < 1 << 20 {
        out.push_str(match i % 15 {
            0 => claim,
            7 => warning,
            _ => honest,
        });
        if i % 6 == 5 {
            out.push_str("\n\n## Section\n\n- a list item that says little\n- another item\n\n");
        }
        i += 1;
    }
    out
}

/// The same prose as a 1 MB clinic page: a head, navigation and a script
/// that are not copy, paragraphs with inline markup and entities, lists.
fn large_html() -> String {
    let mut out = String::from(
        "<!DOCTYPE html><html><head><title>Exosome hair treatment</title><style>p{margin:0}</style></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/book\">Book</a></nav><main><h1>Exosome hair treatment</h1>\n",
    );
    for (i, paragraph) in large_markdown().split("\n\n").enumerate() {
        if out.len() >= 1 << 20 {
            break;
        }
        match paragraph.strip_prefix("## ") {
            Some(heading) => out.push_str(&format!("<h2>{heading}</h2>\n")),
            None if paragraph.starts_with("- ") => {
                out.push_str("<ul>");
                for item in paragraph.lines() {
                    out.push_str(&format!("<li>{}</li>", item.trim_start_matches("- ")));
                }
                out.push_str("</ul>\n");
            }
            None => out.push_str(&format!(
                "<p class=\"copy\">{}</p>\n",
                paragraph
                    .replacen("four to six", "<strong>four to six</strong>", 1)
                    .replace('—', "&mdash;")
            )),
        }
        if i % 50 == 0 {
            out.push_str("<script>window.dataLayer = window.dataLayer || [];</script>\n");
        }
    }
    out.push_str("</main></body></html>\n");
    out
}

fn rules() -> RuleSet {
    RuleSet::embedded()
}

/// The 1 MB page as Markdown and as HTML.
#[divan::bench(args = [Format::Markdown, Format::Html])]
fn extract_page(bencher: divan::Bencher, format: Format) {
    let source = match format {
        Format::Html => SourceFile::from_text("a.html", format, large_html()),
        _ => SourceFile::from_text("a.md", format, large_markdown()),
    };
    bencher
        .counter(divan::counter::BytesCount::new(source.text.len()))
        .bench(|| extract(&source));
}

#[divan::bench]
fn segment(bencher: divan::Bencher) {
    let rules = rules();
    let source = SourceFile::from_text("a.md", Format::Markdown, large_markdown());
    let blocks = extract(&source).blocks;
    let mut sentences = Vec::new();
    bencher
        .counter(divan::counter::BytesCount::new(source.text.len()))
        .bench_local(|| {
            let mut n = 0;
            for block in &blocks {
                rules.matcher.segmenter.split_into(&block.text, &mut sentences);
                n += sentences.len();
            }
            n
        });
}

#[divan::bench]
fn match_rules(bencher: divan::Bencher) {
    let rules = rules();
    let source = SourceFile::from_text("a.md", Format::Markdown, large_markdown());
    let blocks = extract(&source).blocks;
    let segmented: Vec<_> = blocks.iter().map(|b| rules.matcher.segmenter.split(&b.text)).collect();
    let mut matches = Vec::new();
    bencher
        .counter(divan::counter::BytesCount::new(source.text.len()))
        .bench_local(|| {
            let mut n = 0;
            for (block, sentences) in blocks.iter().zip(&segmented) {
                matches.clear();
                rules.matcher.find(&block.text, sentences, &mut matches);
                n += matches.len();
            }
            n
        });
}

#[divan::bench]
fn context(bencher: divan::Bencher) {
    let rules = rules();
    let sentence = "A clinic that promises visible regrowth at four weeks is selling you an expectation that the biology does not support.";
    let start = sentence.find("visible").unwrap();
    let range = start..start + "visible regrowth at four weeks".len();
    bencher.bench(|| {
        rules
            .matcher
            .context
            .classify(sentence, range.clone(), std::slice::from_ref(&range))
    });
}

#[divan::bench]
fn lint_large_markdown(bencher: divan::Bencher) {
    let rules = rules();
    let source = SourceFile::from_text("a.md", Format::Markdown, large_markdown());
    bencher
        .counter(divan::counter::BytesCount::new(source.text.len()))
        .bench(|| lint(&source, &rules, &LintOptions::default()));
}

mod pathological {
    use super::*;

    /// 200,000 questions and short answers in one block: each answer is read
    /// with its question, and each "no" checked against the block's findings.
    #[divan::bench(sample_count = 5)]
    fn questions_200000(bencher: divan::Bencher) {
        let rules = rules();
        let pairs = [
            "Do I still need minoxidil? No.",
            "When will I see results? In 2 weeks.",
            "How many sessions does it take? Only one.",
            "Is it painful? Mildly.",
        ];
        let text: Vec<&str> = (0..200_000).map(|k| pairs[k % pairs.len()]).collect();
        let source = SourceFile::from_text("q.txt", Format::Text, text.join(" "));
        bencher.bench(|| lint(&source, &rules, &LintOptions::default()));
    }

    /// 40,000 short answers that context dismisses in both readings, with
    /// `--explain-context`: each second reading's dismissal is checked
    /// against the block's own.
    #[divan::bench(sample_count = 5)]
    fn dismissed_answers_40000(bencher: divan::Bencher) {
        let rules = rules();
        let text = "When will I see results? Ads say regrowth in 2 weeks. ".repeat(40_000);
        let source = SourceFile::from_text("q.txt", Format::Text, text);
        let options = LintOptions {
            explain_context: true,
            ..LintOptions::default()
        };
        bencher.bench(|| lint(&source, &rules, &options));
    }

    #[divan::bench(sample_count = 5)]
    fn one_line_10mb(bencher: divan::Bencher) {
        let rules = rules();
        let line = "regrowth results guaranteed with exosomes in 4 weeks and no downtime ".repeat(10 << 20 >> 6);
        let source = SourceFile::from_text("a.txt", Format::Text, line);
        bencher.bench(|| lint(&source, &rules, &LintOptions::default()));
    }

    #[divan::bench(sample_count = 5)]
    fn nested_list_10000(bencher: divan::Bencher) {
        let rules = rules();
        let mut text = String::new();
        for depth in 0..10_000 {
            text.push_str(&"  ".repeat(depth % 50));
            text.push_str("- See new growth in just 4 weeks, an item\n");
        }
        let source = SourceFile::from_text("a.md", Format::Markdown, text);
        bencher.bench(|| lint(&source, &rules, &LintOptions::default()));
    }

    #[divan::bench(sample_count = 5)]
    fn html_table_5mb(bencher: divan::Bencher) {
        let rules = rules();
        let mut text = String::from("<html><body><table>");
        while text.len() < 5 << 20 {
            text.push_str(
                "<tr><td>Session plan</td><td>See new growth in just 4 weeks &amp; more</td><td>₩350,000</td></tr>",
            );
        }
        text.push_str("</table></body></html>");
        let source = SourceFile::from_text("a.html", Format::Html, text);
        bencher.bench(|| lint(&source, &rules, &LintOptions::default()));
    }
}
