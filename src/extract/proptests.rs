//! Property tests of the offset maps that every extractor builds.
//!
//! Documents are generated from fragments of each format (words in several
//! scripts, emphasis, links, entities, escapes, CRLF, BOM, lists, tables,
//! headings, quotes, front matter; tags, attributes, comments, scripts and
//! malformed nesting; caption cues, chat stamps, page breaks and hyphenated
//! line ends) and every block of every extraction must satisfy:
//! each verbatim run of its text is the very bytes of the source it names;
//! any text range maps to a source range inside the file, on character
//! boundaries, that moves forward as the text range does; and text hidden in
//! code, scripts and styles never reaches a block.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use super::{extract, Extracted};
use crate::source::{Format, SourceFile};

/// A word no extractor may ever show: it only appears inside code, scripts,
/// styles and other non-prose content.
const HIDDEN: &str = "ZQXJ";

const WORDS: &[&str] = &[
    "hair",
    "Regrowth",
    "in",
    "4",
    "weeks.",
    "café",
    "naïve",
    "Zürich",
    "모발",
    "탈모가",
    "줄었어요.",
    "😀",
    "👍🏽",
    "e.g.",
    "Dr.",
    "100%",
    "—",
    "“quoted”",
    "it’s",
    "1.5",
    "x",
    "Ａ",
    "ß",
    "ﬁ",
];

const ENTITIES: &[&str] = &[
    "&amp;",
    "&mdash;",
    "&#8217;",
    "&nbsp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&#x1F600;",
    "&copy;",
    "&hellip;",
];

const EOLS: &[&str] = &["\n", "\r\n"];

fn words() -> impl Strategy<Value = String> {
    vec(select(WORDS), 1..5).prop_map(|w| w.join(" "))
}

fn eol() -> impl Strategy<Value = &'static str> {
    select(EOLS)
}

fn bom() -> impl Strategy<Value = &'static str> {
    prop_oneof![3 => Just(""), 1 => Just("\u{feff}")]
}

// ---- Markdown ----

fn md_inline() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => words(),
        1 => words().prop_map(|w| format!("*{w}*")),
        1 => words().prop_map(|w| format!("**{w}**")),
        1 => words().prop_map(|w| format!("_{w}_")),
        1 => words().prop_map(|w| format!("[{w}](https://example.test/a?b=1&c=2)")),
        1 => words().prop_map(|w| format!("![{w}](img.png)")),
        1 => Just(format!("`{HIDDEN} code`")),
        1 => Just(format!("``{HIDDEN} `tick` code``")),
        1 => select(ENTITIES).prop_map(String::from),
        1 => select(&["\\*", "\\_", "\\[", "\\\\", "\\#", "\\&"][..]).prop_map(String::from),
        1 => Just("<br>".to_string()),
        1 => Just("<!-- candor-disable guarantee -->".to_string()),
        1 => Just("<span>inline html</span>".to_string()),
    ]
}

fn md_line() -> impl Strategy<Value = String> {
    vec(md_inline(), 1..5).prop_map(|parts| parts.join(" "))
}

fn md_block() -> impl Strategy<Value = String> {
    (md_line(), md_line(), eol()).prop_flat_map(|(a, b, nl)| {
        prop_oneof![
            4 => Just(format!("{a}{nl}{b}")),
            1 => Just(format!("## {a}")),
            1 => Just(format!("- {a}{nl}- {b}")),
            1 => Just(format!("1. {a}{nl}2. {b}")),
            1 => Just(format!("> {a}{nl}> {b}")),
            1 => Just(format!("| h1 | h2 |{nl}|----|----|{nl}| {a} | {b} |")),
            1 => Just(format!("```{nl}{HIDDEN} fenced {a}{nl}```")),
            1 => Just(format!("<script>{HIDDEN} var a = 1;</script>")),
        ]
    })
}

fn markdown() -> impl Strategy<Value = String> {
    (bom(), any::<bool>(), words(), vec(md_block(), 1..6), eol()).prop_map(|(bom, front, title, blocks, nl)| {
        let front = if front {
            format!("---{nl}title: \"{title}\"{nl}tags: [{HIDDEN}]{nl}---{nl}")
        } else {
            String::new()
        };
        format!("{bom}{front}{}{nl}", blocks.join(&format!("{nl}{nl}")))
    })
}

// ---- HTML ----

fn html_inline() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => words(),
        1 => words().prop_map(|w| format!("<b>{w}</b>")),
        1 => words().prop_map(|w| format!("<a href=\"/p?a=1&amp;b=2\">{w}</a>")),
        1 => words().prop_map(|w| format!("<a href=/x>{w}")),
        1 => words().prop_map(|w| format!("<span class=x>{w}</span>")),
        1 => words().prop_map(|w| format!("<em>{w}")),
        1 => words().prop_map(|w| format!("<img src=i.png alt=\"{w} &amp; more\">")),
        1 => select(WORDS).prop_map(|w| format!("<img alt={w}>")),
        1 => select(ENTITIES).prop_map(String::from),
        1 => select(&["</i>", "</p>", "<br>", "<br/>", "<wbr>", "a < b", "&bare", "&copy", "&#", "\r\n", "  \t ", "\r"][..])
            .prop_map(String::from),
        1 => Just(format!("<code>{HIDDEN} x</code>")),
        1 => Just("<!-- a note -->".to_string()),
        1 => Just("<!-- candor-disable-next-line guarantee -- quoting -->".to_string()),
    ]
}

fn html_line() -> impl Strategy<Value = String> {
    vec(html_inline(), 1..6).prop_map(|parts| parts.join(" "))
}

fn html_block() -> impl Strategy<Value = String> {
    (html_line(), html_line(), words(), eol()).prop_flat_map(|(a, b, w, nl)| {
        prop_oneof![
            4 => Just(format!("<p>{a}</p>")),
            1 => Just(format!("<p>{a}{nl}{b}")),
            1 => Just(format!("<h2>{a}</h2>")),
            1 => Just(format!("<ul>{nl}<li>{a}{nl}<li>{b}</ul>")),
            1 => Just(format!("<table><tr><th>{w}<td>{a}</td><td>{b}</table>")),
            1 => Just(format!("<blockquote><p>{a}</blockquote>")),
            1 => Just(format!("<div aria-label=\"{w}\">{a}</div>")),
            1 => Just(format!("<title>{w}</title>")),
            1 => Just(format!("<meta name=description content=\"{w} &mdash; {w}\">")),
            1 => Just(format!("<script>{HIDDEN} if (a < b && c) {{ document.write('<p>x</p>'); }}</script>")),
            1 => Just(format!("<style>p::before {{ content: \"{HIDDEN}\"; }}</style>")),
            1 => Just(format!("<noscript><p>{HIDDEN}</p></noscript>")),
            1 => Just(format!("<template><p>{HIDDEN} {a}</p></template>")),
            1 => Just(format!("<svg><title>{HIDDEN}</title><text>{HIDDEN}</text></svg>")),
            1 => Just(format!("<pre><code>{HIDDEN} block</code></pre>")),
            1 => Just("</div></li></td>".to_string()),
        ]
    })
}

fn html() -> impl Strategy<Value = String> {
    (bom(), any::<bool>(), vec(html_block(), 1..8), eol()).prop_map(|(bom, doctype, blocks, nl)| {
        let doctype = if doctype { "<!DOCTYPE html>" } else { "" };
        format!("{bom}{doctype}{}{nl}", blocks.join(nl))
    })
}

// ---- Plain text ----

fn text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => words(),
        1 => words().prop_map(|w| format!("- {w}")),
        1 => words().prop_map(|w| format!("2) {w}")),
        1 => Just("<!-- candor-disable x -->".to_string()),
        1 => Just(String::new()),
        1 => Just("   ".to_string()),
        // A transcript's cues, a chat export's stamps, a page break and a
        // word hyphenated across the line break.
        1 => words().prop_map(|w| format!("[01:02] {w}")),
        1 => Just("0:41".to_string()),
        1 => words().prop_map(|w| format!("12/03/2026, 14:22 - Seoul Clinic: {w}")),
        1 => words().prop_map(|w| format!("\u{c}{w}")),
        1 => words().prop_map(|w| format!("{w} regen-")),
    ];
    (bom(), vec((line, eol()), 1..12))
        .prop_map(|(bom, lines)| format!("{bom}{}", lines.into_iter().map(|(l, nl)| l + nl).collect::<String>()))
}

// ---- The properties ----

/// Every block of `out` maps back into `source` exactly and monotonically.
fn check(source: &str, out: &Extracted) -> Result<(), TestCaseError> {
    for block in &out.blocks {
        let text = &block.text;
        // A Markdown line that opens with a tag (`<br>`, `<span>`) starts an
        // HTML block, which CommonMark passes to the page as it is: a code
        // span there is no code, and the page shows its backticks.
        let shown_raw = text.contains(&format!("`{HIDDEN}"));
        prop_assert!(
            !text.contains(HIDDEN) || shown_raw,
            "hidden text reached a {:?} block: {:?}",
            block.kind,
            text
        );
        for (run, src_start) in block.map.verbatim_runs() {
            let copied = source.get(src_start..src_start + run.len());
            prop_assert_eq!(copied, Some(&text[run.clone()]), "verbatim run {:?} of {:?}", run, text);
        }
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let mut last_start = 0;
        for (i, &a) in bounds.iter().enumerate() {
            let mut last_end = 0;
            for &b in bounds[i..].iter().take(48) {
                let span = block.map.span(a, b);
                prop_assert!(
                    span.start <= span.end && span.end <= source.len(),
                    "{a}..{b} → {span:?}"
                );
                prop_assert!(
                    source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
                    "{a}..{b} → {span:?} splits a character"
                );
                prop_assert!(span.end >= last_end, "end moved back at {a}..{b}");
                last_end = span.end;
            }
            let start = block.map.span(a, text.len()).start;
            prop_assert!(start >= last_start, "start moved back at {a}");
            last_start = start;
        }
    }
    Ok(())
}

fn run(format: Format, source: &str) -> Result<(), TestCaseError> {
    let file = SourceFile::from_text("doc", format, source);
    check(source, &extract(&file))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn markdown_maps_back(source in markdown()) {
        run(Format::Markdown, &source)?;
    }

    #[test]
    fn html_maps_back(source in html()) {
        run(Format::Html, &source)?;
    }

    #[test]
    fn text_maps_back(source in text()) {
        run(Format::Text, &source)?;
    }
}
