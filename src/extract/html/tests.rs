//! Small pages through the HTML extractor: kinds, text, and source spans.

use super::*;
use crate::source::{Format, SourceFile};

/// Each block as (kind, text, the source its whole text maps to).
fn blocks(src: &str) -> Vec<(BlockKind, String, String)> {
    extract(src)
        .blocks
        .iter()
        .map(|b| {
            let span = b.map.span(0, b.text.len());
            (b.kind, b.text.clone(), src[span.range()].to_string())
        })
        .collect()
}

fn texts(src: &str) -> Vec<(BlockKind, String)> {
    blocks(src).into_iter().map(|(k, t, _)| (k, t)).collect()
}

fn pairs(list: &[(BlockKind, &str)]) -> Vec<(BlockKind, String)> {
    list.iter().map(|(k, t)| (*k, t.to_string())).collect()
}

use BlockKind::*;

#[test]
fn head_title_and_descriptions() {
    let src = r#"<!DOCTYPE html><html><head>
<meta charset="utf-8">
<title>Scalp &amp; Hair | Clinic</title>
<meta name="description" content="Regrowth in   4 weeks.">
<meta property="og:title" content="OG title">
<meta content="Twitter text" name="twitter:description">
<meta name="keywords" content="not, prose">
<meta property="og:image" content="x.png">
</head><body></body></html>"#;
    let got = blocks(src);
    assert_eq!(
        got.iter().map(|(k, t, _)| (*k, t.clone())).collect::<Vec<_>>(),
        pairs(&[
            (Title, "Scalp & Hair | Clinic"),
            (Description, "Regrowth in 4 weeks."),
            (Description, "OG title"),
            (Description, "Twitter text"),
        ])
    );
    assert_eq!(got[0].2, "Scalp &amp; Hair | Clinic");
    assert_eq!(got[1].2, "Regrowth in   4 weeks.");
}

#[test]
fn body_structure_gives_kinds() {
    let src = "<body><h1>Head <em>line</em></h1>
<p>First para
   wraps.</p>
<ul><li>one<li>two <b>bold</b></li></ul>
<ol><li><p>para in item</p></li></ol>
<table><tr><th>H<td>cell one<td>cell two</table>
<blockquote><p>quoted</p></blockquote>
<dl><dt>term<dd>definition</dl>
<div>loose div text</div>
<details><summary>Question?</summary>Answer.</details>
</body>";
    assert_eq!(
        texts(src),
        pairs(&[
            (Heading, "Head line"),
            (Paragraph, "First para wraps."),
            (ListItem, "one"),
            (ListItem, "two bold"),
            (ListItem, "para in item"),
            (TableCell, "H"),
            (TableCell, "cell one"),
            (TableCell, "cell two"),
            (BlockQuote, "quoted"),
            (Heading, "term"),
            (ListItem, "definition"),
            (Paragraph, "loose div text"),
            (Heading, "Question?"),
            (Paragraph, "Answer."),
        ])
    );
}

#[test]
fn alt_aria_links_and_buttons() {
    let src = r##"<nav aria-label="Main menu"><a href="/">Home</a> | <a href="/b">Book</a></nav>
<p>Read <a href="/x">our guide</a> before booking.</p>
<p><a href="/y">Guaranteed results in 4 weeks</a></p>
<ul><li><a href="/z">Menu item</a></li></ul>
<h2><a href="#t">Heading link</a></h2>
<button type="button">Book a free consultation</button>
<input type="submit" value="Send now"> <input type="hidden" value="secret" alt="no">
<p>Before <img src="a.jpg" alt="Hair after  two sessions"> and after.</p>"##;
    assert_eq!(
        texts(src),
        pairs(&[
            (Label, "Main menu"),
            (Paragraph, "Home | Book"),
            (Paragraph, "Read our guide before booking."),
            (LinkText, "Guaranteed results in 4 weeks"),
            (LinkText, "Menu item"),
            (Heading, "Heading link"),
            (Label, "Book a free consultation"),
            (Label, "Send now"),
            (Paragraph, "Before and after."),
            (AltText, "Hair after two sessions"),
        ])
    );
}

#[test]
fn non_prose_content_is_skipped() {
    let src = r#"<head><style>p::before { content: "100% guaranteed"; } </p></style>
<script>var x = "<p>regrow in 2 weeks</p>"; if (a < b && c) {}</script></head>
<body><p>Visible one.</p>
<noscript><p>Enable JavaScript for instant results</p></noscript>
<template><p>Template text</p><template>nested</template><p>still template</p></template>
<svg viewBox="0 0 1 1"><title>svg title</title><text>svg text</text></svg>
<math><mi>x</mi></math>
<p>Use <code>regrow(4 weeks)</code> daily, <kbd>Ctrl</kbd> too.</p>
<textarea>typed text</textarea>
<p>Visible two.</p></body>"#;
    assert_eq!(
        texts(src),
        pairs(&[
            (Paragraph, "Visible one."),
            (Paragraph, "Use daily, too."),
            (Paragraph, "Visible two."),
        ])
    );
}

#[test]
fn candor_comments_are_collected_and_others_are_not() {
    let src = "<p>a</p><!-- layout note --><!-- candor-disable-next-line guarantee -- quoting -->\n<p>b</p>";
    let out = extract(src);
    assert_eq!(out.comments.len(), 1);
    let comment = &out.comments[0];
    assert_eq!(comment.body, " candor-disable-next-line guarantee -- quoting ");
    assert_eq!(
        &src[comment.span.range()],
        "<!-- candor-disable-next-line guarantee -- quoting -->"
    );
}

#[test]
fn entities_map_to_their_source() {
    let src = "<p>Results&nbsp;in 4&#8239;weeks &mdash; it&#8217;s &amp;c &copy no &unknown; &#x1F600;.</p>";
    let out = extract(src);
    let block = &out.blocks[0];
    assert_eq!(block.text, "Results in 4\u{202f}weeks — it’s &c © no &unknown; 😀.");
    let source_of = |needle: &str| {
        let at = block.text.find(needle).unwrap();
        &src[block.map.span(at, at + needle.len()).range()]
    };
    assert_eq!(source_of("—"), "&mdash;");
    assert_eq!(source_of("’"), "&#8217;");
    assert_eq!(source_of("&c"), "&amp;c");
    assert_eq!(source_of("©"), "&copy");
    assert_eq!(source_of("&unknown;"), "&unknown;");
    assert_eq!(source_of("😀"), "&#x1F600;");
    assert_eq!(source_of("Results in"), "Results&nbsp;in");
    assert_eq!(source_of("4\u{202f}weeks"), "4&#8239;weeks");
}

#[test]
fn attribute_entities_and_unquoted_values() {
    let src = "<img alt=Before&amp;after><img alt='it&#8217;s &quot;fine&quot;'><img alt=\"x\r\n y\">";
    let got = blocks(src);
    assert_eq!(got[0].1, "Before&after");
    assert_eq!(got[0].2, "Before&amp;after");
    assert_eq!(got[1].1, "it’s \"fine\"");
    assert_eq!(got[1].2, "it&#8217;s &quot;fine&quot;");
    assert_eq!(got[2].1, "x y");
    assert_eq!(got[2].2, "x\r\n y");
}

#[test]
fn br_and_blocks_split_but_inline_tags_do_not() {
    let src = "<p>See new growth<br>in just 4 weeks</p><p>one<span>two</span> <i>three</i></p><p>a<hr>b</p>";
    assert_eq!(
        texts(src),
        pairs(&[
            (Paragraph, "See new growth"),
            (Paragraph, "in just 4 weeks"),
            (Paragraph, "onetwo three"),
            (Paragraph, "a"),
            (Paragraph, "b"),
        ])
    );
}

#[test]
fn whitespace_collapses_and_maps_to_its_run() {
    let src = "<p>\r\n  alpha \r\n\t beta\u{a0}gamma  </p>";
    let block = &extract(src).blocks[0];
    assert_eq!(block.text, "alpha beta gamma");
    assert_eq!(&src[block.map.span(5, 6).range()], " \r\n\t ");
    assert_eq!(&src[block.map.span(10, 11).range()], "\u{a0}");
    assert_eq!(
        &src[block.map.span(0, block.text.len()).range()],
        "alpha \r\n\t beta\u{a0}gamma"
    );
}

#[test]
fn malformed_markup_is_handled_as_a_browser_does() {
    let src = "<p>unclosed para<p>second</p></p>stray<li>loose item<li>next</li>
<ul><li>outer<ul><li>inner</ul>tail</ul>
<p class=lead id=x>unquoted <b>attrs<p>after bold
<table><tr><td>one<tr><td>two</table>
<a href=1>first<a href=2>second link</a>
<h1>one<h2>two</h2>
<h3>mismatched</h4><p>not a heading</p>
<code>never closed<p>back to prose";
    assert_eq!(
        texts(src),
        pairs(&[
            (Paragraph, "unclosed para"),
            (Paragraph, "second"),
            (Paragraph, "stray"),
            (ListItem, "loose item"),
            (ListItem, "next"),
            (ListItem, "outer"),
            (ListItem, "inner"),
            (ListItem, "tail"),
            (Paragraph, "unquoted attrs"),
            (Paragraph, "after bold"),
            (TableCell, "one"),
            (TableCell, "two"),
            (Paragraph, "firstsecond link"),
            (Heading, "one"),
            (Heading, "two"),
            (Heading, "mismatched"),
            (Paragraph, "not a heading"),
            (Paragraph, "back to prose"),
        ])
    );
}

#[test]
fn bom_offsets_are_file_offsets() {
    let src = "\u{feff}<p>Hi &amp; bye</p>";
    let got = blocks(src);
    assert_eq!(got[0].1, "Hi & bye");
    assert_eq!(got[0].2, "Hi &amp; bye");
}

#[test]
fn foreign_content_ends_at_breakout_tags() {
    let src = "<svg><desc>hidden</desc><p>breaks out</p>";
    assert_eq!(texts(src), pairs(&[(Paragraph, "breaks out")]));
    let src = "<p>logo<svg><path/><img alt=\"breakout alt\">x</p><p>a<script>s()</script>b</p>";
    assert_eq!(
        texts(src),
        pairs(&[(Paragraph, "logox"), (AltText, "breakout alt"), (Paragraph, "ab")])
    );
    let src = "<svg/><p>after self-closing svg</p><svg><![CDATA[ <p>cdata</p> ]]></svg><p>end</p>";
    assert_eq!(
        texts(src),
        pairs(&[(Paragraph, "after self-closing svg"), (Paragraph, "end")])
    );
}

/// A page in a legacy encoding: the finding's located start and end slice the
/// bytes on disk to the matched text as that encoding writes it.
fn assert_located_in_original(page: &str, encoding: &'static encoding_rs::Encoding, matched: &str) {
    use crate::position::ColumnUnit;
    let (bytes, _, unmappable) = encoding.encode(page);
    assert!(!unmappable, "{} cannot write the test page", encoding.name());
    let file = SourceFile::from_bytes("page.html".into(), Format::Html, bytes.to_vec()).unwrap();
    assert_eq!(file.transcoding.as_ref().map(|t| t.encoding), Some(encoding.name()));
    let output = crate::lint(&file, &crate::RuleSet::embedded(), &crate::LintOptions::default());
    let finding = output
        .findings
        .iter()
        .find(|f| &*f.rule == "early-results/visible-before-8-weeks")
        .expect("the claim is found");
    assert_eq!(&file.text[finding.span.range()], matched);
    let located = file.locate(finding.span, ColumnUnit::Chars);
    let (expected, _, _) = encoding.encode(matched);
    assert_eq!(&bytes[located.start..located.end], &*expected);
    let line = page[..finding.span.start].matches('\n').count() + 1;
    assert_eq!(located.line, line);
}

#[test]
fn euc_kr_page_findings_slice_original_bytes() {
    let page = "<html><head><meta charset=\"euc-kr\"><title>두피 관리</title></head>\n<body><h1>성장인자 두피 관리</h1>\n<p>모발 관리 안내입니다. See new growth (모발) in just 4&nbsp;weeks!</p></body></html>\n";
    assert_located_in_original(page, encoding_rs::EUC_KR, "See new growth (모발) in just 4&nbsp;weeks");
}

#[test]
fn shift_jis_page_findings_slice_original_bytes() {
    let page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">\n<title>発毛ケア</title>\n<p>ご案内です。See new growth (発毛) in just 4 weeks!</p>\n";
    assert_located_in_original(page, encoding_rs::SHIFT_JIS, "See new growth (発毛) in just 4 weeks");
}

#[test]
fn tag_names_are_case_insensitive_and_odd_references_follow_the_spec() {
    let src = "<P>Upper<BR>case <IMG ALT=\"Alt upper\"></P><SCRIPT>hidden()</SCRIPT><H2>Head</H2>\
<p>1 &lt; 2 &#0; &#x110000; &#128; a < b &bare &amp</p><p>plain<plaintext><p>not a tag</p>";
    assert_eq!(
        texts(src),
        pairs(&[
            (Paragraph, "Upper"),
            (Paragraph, "case"),
            (AltText, "Alt upper"),
            (Heading, "Head"),
            (Paragraph, "1 < 2 \u{fffd} \u{fffd} € a < b &bare &"),
            (Paragraph, "plain"),
            (Paragraph, "<p>not a tag</p>"),
        ])
    );
}

/// Table cells know their table, row and column, through implied ends,
/// row groups and a table nested in a cell.
#[test]
fn table_cells_know_their_place() {
    let src = "<table><thead><tr><th>a<th>b</thead><tbody><tr><td>c<td>d\
               <table><tr><td>inner</table></td></tr></tbody></table>\
               <table><tr><td>second</td></tr></table>";
    let file = SourceFile::from_text("t.html", Format::Html, src);
    type Place = Option<(u32, u32, u32)>;
    let places: Vec<(String, Place)> = crate::extract::extract(&file)
        .blocks
        .iter()
        .map(|b| (b.text.clone(), b.cell.map(|c| (c.table, c.row, c.column))))
        .collect();
    let (outer, inner, second) = (places[0].1.unwrap().0, places[4].1.unwrap().0, places[5].1.unwrap().0);
    assert!(outer != inner && inner != second && outer != second, "{places:?}");
    assert_eq!(
        places,
        vec![
            ("a".to_string(), Some((outer, 0, 0))),
            ("b".to_string(), Some((outer, 0, 1))),
            ("c".to_string(), Some((outer, 1, 0))),
            ("d".to_string(), Some((outer, 1, 1))),
            ("inner".to_string(), Some((inner, 0, 0))),
            ("second".to_string(), Some((second, 0, 0))),
        ]
    );
}

/// Cells are placed as HTML's table model places them: a `colspan` takes
/// columns, a `rowspan` takes the column in the rows below it, and values
/// that are not numbers count as 1.
#[test]
fn table_cells_take_the_columns_and_rows_they_span() {
    let src = "<table>\
               <tr><th rowspan=\"2\">label<th colspan=\" +2\">wide<th colspan=x>odd\
               <tr><td>b1<td>b2<td>b3\
               <tr><td>c0<td rowspan=0>tall<td colspan=0>c2\
               <tr><td>d0<td>d2\
               </table>";
    let file = SourceFile::from_text("t.html", Format::Html, src);
    let places: Vec<(String, (u32, u32, u32, u32))> = crate::extract::extract(&file)
        .blocks
        .iter()
        .map(|b| {
            let c = b.cell.unwrap();
            (b.text.clone(), (c.row, c.column, c.columns, c.rows))
        })
        .collect();
    let expected = [
        ("label", (0, 0, 1, 2)),
        ("wide", (0, 1, 2, 1)),
        ("odd", (0, 3, 1, 1)),
        ("b1", (1, 1, 1, 1)),
        ("b2", (1, 2, 1, 1)),
        ("b3", (1, 3, 1, 1)),
        ("c0", (2, 0, 1, 1)),
        ("tall", (2, 1, 1, u32::MAX)),
        ("c2", (2, 2, 1, 1)),
        ("d0", (3, 0, 1, 1)),
        ("d2", (3, 2, 1, 1)),
    ];
    let expected: Vec<(String, _)> = expected.iter().map(|&(t, p)| (t.to_string(), p)).collect();
    assert_eq!(places, expected);
}

/// Content hidden until a reader opens it (an accordion panel, a tab) is
/// the page's copy, and read: `hidden`, `display: none`, `aria-hidden`.
#[test]
fn hidden_content_is_read() {
    let src = "<div class=\"faq\"><button aria-expanded=\"false\">Side effects?</button>\
               <div hidden><p>None at all.</p></div></div><p style=\"display:none\">b</p>";
    assert_eq!(
        texts(src),
        pairs(&[(Label, "Side effects?"), (Paragraph, "None at all."), (Paragraph, "b")])
    );
}

/// A `<br>` in a heading breaks the line, not the sentence; elsewhere it
/// ends the block, as lines of a label list or an address.
#[test]
fn a_line_break_in_a_heading_keeps_its_sentence() {
    let src = "<h1>Wake up to fuller hair<br>within ten days</h1><p>Sessions: 4<br>Price: ask</p>";
    let got = blocks(src);
    assert_eq!(got[0].1, "Wake up to fuller hair within ten days");
    assert_eq!(got[0].2, "Wake up to fuller hair<br>within ten days");
    assert_eq!(
        texts(src)[1..],
        pairs(&[(Paragraph, "Sessions: 4"), (Paragraph, "Price: ask")])
    );
}

/// An empty cell adds no block, and leaves the place of the cell before it
/// alone.
#[test]
fn an_empty_cell_does_not_move_the_cell_before_it() {
    let got = extract("<table><tr><td>A</td><td> </td></tr><tr><td></td><td>B</td></tr></table>").blocks;
    let places: Vec<(&str, u32, u32)> = got
        .iter()
        .map(|b| {
            let at = b.cell.expect("a cell");
            (b.text.as_str(), at.row, at.column)
        })
        .collect();
    assert_eq!(places, [("A", 0, 0), ("B", 1, 1)]);
}
