//! Probes: sentences written to find what the rules miss, kept so what they
//! found stays fixed. `tests/fixtures/probes/claims.md` holds one
//! overpromise per paragraph (ad copy, captions, testimonials, FAQ pairs in
//! one paragraph, "Label: value" lines, non-native English), and
//! `honest.md` one sentence per paragraph that names such claims to deny,
//! question, attribute or warn against them, or states the honest figures.
//! Most were written by someone who had not read the rules.
//!
//! Every honest paragraph stays quiet; every claim is flagged but the few
//! listed in `KNOWN_MISSES`, which say what candor cannot read yet. Whole
//! documents probe the same on the structures real copy uses, each
//! overpromising one labelled and each with an honest twin: a clinic page,
//! a four-page clinic site, a page-builder landing page with promotional
//! messages, and an agency listicle beside a journalist's feature.

use std::collections::HashMap;

use candor::{lint, FindingKind, Format, LintOptions, RuleSet, SourceFile};

/// Claims candor does not flag, and why. A miss that starts being flagged
/// fails the test too, so this list stays true.
const KNOWN_MISSES: &[(&str, &str)] = &[
    (
        "Many patient who was refused transplant, now have full hair.",
        "non-native grammar: no pattern reads \"refused transplant … now have full hair\"",
    ),
    (
        "Bald to full in 30 days.",
        "a pattern for it was one more copy of the duration vocabulary (+0.46% instructions)",
    ),
    (
        "Hair become more thick from very first week, so our customer are always very surprise.",
        "non-native grammar: \"more thick\" is not in the outcome vocabulary",
    ),
    (
        "Day 14 vs Day 0 🔥 same lighting, no filter — the density speaks for itself #exosomehair #myeongdong",
        "a caption: \"Day 14 vs Day 0\" claims only with the photograph it captions",
    ),
    (
        "> Walked out of the clinic and my hair honestly looked denser in the elevator mirror. Unreal.",
        "\"walked out … looked denser\": an immediate result told as a story, with no time word",
    ),
    (
        "★★★★☆ 'Cancelled my Istanbul transplant booking after this, honestly it does the same job.'",
        "\"it does the same job\": the transplant it is compared with is in the clause before",
    ),
    (
        "> I stopped fin the week I booked and my hair is better than ever — best decision! ★★★★★",
        "\"fin\" (forum slang for finasteride) is not in the drug vocabulary: it is a word too",
    ),
    (
        "Q: I've been completely bald for 15 years, is it too late? A: Never too late, our exosomes reach every scalp.",
        "\"Never too late\" says no with more words after it, so it is not read as an answer",
    ),
    (
        "Lichen planopilaris or frontal fibrosing alopecia? Our stem cell mesotherapy brings those areas back as well.",
        "the claim is in the second sentence, about \"those areas\" the question names: a 9-word answer is not read with its question",
    ),
];

/// The paragraphs of a probe file, each with its byte range.
fn paragraphs(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for part in text.split("\n\n") {
        let trimmed = part.trim();
        if !trimmed.is_empty() {
            out.push((at + part.find(trimmed).unwrap_or(0), trimmed));
        }
        at += part.len() + 2;
    }
    out
}

/// For each paragraph of `path`, the rules of the claim findings in it.
fn flagged(path: &str) -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(path).expect("probe file");
    let rules = RuleSet::embedded();
    let source = SourceFile::from_text(path, Format::Markdown, text.clone());
    let options = LintOptions {
        no_disclosures: true,
        ..LintOptions::default()
    };
    let findings = lint(&source, &rules, &options).findings;
    paragraphs(&text)
        .into_iter()
        .map(|(start, paragraph)| {
            let end = start + paragraph.len();
            let rules = findings
                .iter()
                .filter(|f| f.kind == FindingKind::Claim && f.span.start >= start && f.span.start < end)
                .map(|f| f.rule.to_string())
                .collect();
            (paragraph.to_string(), rules)
        })
        .collect()
}

#[test]
fn every_probed_claim_is_flagged_but_the_known_misses() {
    let results = flagged("tests/fixtures/probes/claims.md");
    assert!(results.len() >= 80, "{} claim paragraphs", results.len());
    let mut wrong = Vec::new();
    for (paragraph, rules) in &results {
        let known = KNOWN_MISSES.iter().any(|(miss, _)| miss == paragraph);
        match (rules.is_empty(), known) {
            (true, false) => wrong.push(format!("not flagged: {paragraph}")),
            (false, true) => wrong.push(format!("flagged now, take it off KNOWN_MISSES: {paragraph} {rules:?}")),
            _ => {}
        }
    }
    for (miss, _) in KNOWN_MISSES {
        if !results.iter().any(|(paragraph, _)| paragraph == miss) {
            wrong.push(format!(
                "KNOWN_MISSES names a paragraph the probe does not have: {miss}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_probed_honest_sentence_stays_quiet() {
    let results = flagged("tests/fixtures/probes/honest.md");
    assert!(results.len() >= 90, "{} honest paragraphs", results.len());
    let wrong: Vec<String> = results
        .iter()
        .filter(|(_, rules)| !rules.is_empty())
        .map(|(paragraph, rules)| format!("{paragraph} {rules:?}"))
        .collect();
    assert!(wrong.is_empty(), "honest copy flagged:\n{}", wrong.join("\n"));
}

/// A clinic page as sites for foreign patients are built (hero, cards, a
/// comparison table, `<details>` and `<dl>` FAQs, testimonials), and its
/// labels: the page, each claim's words in page order, its category, tab
/// separated. Claims in short cells and answers only show with their row
/// label, column header or question, so a finding may sit on the line
/// before.
#[test]
fn the_probed_clinic_page_is_flagged_where_its_labels_say() {
    const KNOWN_MISSES: &[(&str, &str)] = &[(
        "Absolutely.",
        "\"I am completely bald. Can you still help me?\" answered so: the claim is in the sentence before the question",
    )];
    let dir = "tests/fixtures/probes";
    let labels = std::fs::read_to_string("tests/fixtures/probes/overpromising-clinic.labels.txt").expect("labels");
    let found = site_findings(dir, &["overpromising-clinic.html"]);
    let wrong = labels_checked(dir, &labels, &found, KNOWN_MISSES);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The same structures on an honest clinic's page: FAQ questions that name
/// a claim answered honestly, a myth-and-fact table, "permanent",
/// "guaranteed", "best" and "new hair" in honest senses.
#[test]
fn the_probed_honest_clinic_page_stays_quiet() {
    let page = std::fs::read_to_string("tests/fixtures/probes/honest-clinic.html").expect("page");
    let rules = RuleSet::embedded();
    let source = SourceFile::from_text("honest.html", Format::Html, page.clone());
    let flagged: Vec<&str> = lint(&source, &rules, &LintOptions::default())
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Claim)
        .map(|f| &page[f.span.range()])
        .collect();
    assert!(flagged.is_empty(), "{flagged:?}");
}

/// Claim findings on each page of a probe site, as (page, line, rule).
fn site_findings(dir: &str, pages: &[&str]) -> Vec<(String, usize, String, String)> {
    let rules = RuleSet::embedded();
    let mut found = Vec::new();
    for page in pages {
        let html = std::fs::read_to_string(format!("{dir}/{page}")).expect("page");
        let format = match page.rsplit('.').next() {
            Some("html") => Format::Html,
            Some("md") => Format::Markdown,
            _ => Format::Text,
        };
        let source = SourceFile::from_text(*page, format, html.clone());
        for f in lint(&source, &rules, &LintOptions::default()).findings {
            if f.kind == FindingKind::Claim {
                let line = html[..f.span.start].matches('\n').count() + 1;
                found.push((
                    page.to_string(),
                    line,
                    f.rule.to_string(),
                    html[f.span.range()].to_string(),
                ));
            }
        }
    }
    found
}

/// A page's text without its tags, the entities the probe pages use
/// decoded, and the source line of each of its bytes: labels are written as
/// the page reads, across `<em>` and `&rsquo;`.
fn visible_text(html: &str) -> (String, Vec<usize>) {
    const ENTITIES: &[(&str, &str)] = &[
        ("&rsquo;", "’"),
        ("&mdash;", "—"),
        ("&middot;", "·"),
        ("&amp;", "&"),
        ("&copy;", "©"),
        ("&nbsp;", " "),
    ];
    let (mut text, mut lines) = (String::new(), Vec::new());
    let (mut line, mut rest) = (1, html);
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            line += rest[..end].matches('\n').count();
            rest = &rest[end..];
            continue;
        }
        let (piece, len) = match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((entity, decoded)) => (*decoded, entity.len()),
            None if c.is_whitespace() => (" ", c.len_utf8()),
            None => (&rest[..c.len_utf8()], c.len_utf8()),
        };
        // Whitespace collapses, as a browser shows it.
        if !(piece == " " && text.ends_with(' ')) {
            text.push_str(piece);
            lines.extend(std::iter::repeat_n(line, piece.len()));
        }
        line += usize::from(c == '\n');
        rest = &rest[len..];
    }
    (text, lines)
}

/// Each label ("file, tab, the claim's words as the reader sees them, tab,
/// category") checked against the findings: flagged with its category on its
/// line or the one before or after, unless it is one of `known_misses`
/// (which must then not be flagged). What is wrong, one line each.
fn labels_checked(
    dir: &str,
    labels: &str,
    found: &[(String, usize, String, String)],
    known_misses: &[(&str, &str)],
) -> Vec<String> {
    let mut wrong = Vec::new();
    // Each page read once: its source, its text as the reader sees it, and
    // the source line of each byte of that text; and where its last label
    // was found, as labels come in page order ("No" under one question,
    // then under the next).
    let mut pages: HashMap<&str, (String, String, Vec<usize>, usize)> = HashMap::new();
    for label in labels.lines().filter(|l| !l.trim().is_empty()) {
        let mut parts = label.split('\t');
        let (Some(page), Some(text), Some(category)) = (parts.next(), parts.next(), parts.next()) else {
            panic!("page, tab, text, tab, category: {label}");
        };
        let (source, visible, lines, at) = pages.entry(page).or_insert_with(|| {
            let source = std::fs::read_to_string(format!("{dir}/{page}")).expect("page");
            let (visible, lines) = if page.ends_with(".html") {
                visible_text(&source)
            } else {
                let mut line = 1;
                let lines = source
                    .bytes()
                    .map(|b| {
                        let this = line;
                        line += usize::from(b == b'\n');
                        this
                    })
                    .collect();
                (source.clone(), lines)
            };
            (source, visible, lines, 0)
        });
        // After the page's last label, else anywhere; alt text and other
        // attributes are not in the visible text, but in the source.
        let found_at = visible[*at..]
            .find(text)
            .map(|p| p + *at)
            .or_else(|| visible.find(text));
        let line = match found_at {
            Some(pos) => {
                *at = pos;
                lines[pos]
            }
            None => match source.find(text) {
                Some(pos) => source[..pos].matches('\n').count() + 1,
                None => {
                    wrong.push(format!("label not in {page}: {text}"));
                    continue;
                }
            },
        };
        let flagged = found
            .iter()
            .any(|(p, l, rule, _)| p == page && l.abs_diff(line) <= 1 && rule.starts_with(&format!("{category}/")));
        let known = known_misses.iter().any(|(miss, _)| *miss == text);
        if flagged == known {
            wrong.push(format!(
                "{page}:{line} {category} {text:?}: flagged {flagged}, a known miss {known}"
            ));
        }
    }
    wrong
}

const SITE_PAGES: &[&str] = &["index.html", "treatment.html", "faq.html", "reviews.html"];

/// A four-page clinic site written by someone who had not read the rules
/// (hero, cards, a price table, `<details>` and heading FAQs, reviews in
/// `<blockquote>`, a `hidden` summary, JSON-LD, a script and a style that
/// say "guaranteed"), and its labels: page, the claim's words as the page
/// reads (its first place there), category. A finding may sit on the line
/// before or after.
#[test]
fn the_probed_clinic_site_is_flagged_where_its_labels_say() {
    let dir = "tests/fixtures/probes/site-overpromising";
    let labels = std::fs::read_to_string("tests/fixtures/probes/site-overpromising.labels.txt").expect("labels");
    let found = site_findings(dir, SITE_PAGES);
    let wrong = labels_checked(dir, &labels, &found, SITE_KNOWN_MISSES);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Content hidden until a reader opens it is read: the treatment page's
    // `hidden` summary repeats three claims, and they are flagged there too.
    let page = std::fs::read_to_string(format!("{dir}/treatment.html")).expect("page");
    let hidden_line = page[..page.find(" hidden").expect("a hidden section")]
        .matches('\n')
        .count()
        + 1;
    assert!(
        found
            .iter()
            .any(|(p, l, _, _)| p == "treatment.html" && (hidden_line..hidden_line + 4).contains(l)),
        "no finding in the hidden section"
    );
}

/// The same site written honestly, with a myths section of quoted claims
/// under a "Myths" heading, answered below each.
#[test]
fn the_probed_honest_clinic_site_stays_quiet() {
    let found = site_findings("tests/fixtures/probes/site-honest", SITE_PAGES);
    assert!(found.is_empty(), "{found:#?}");
}

/// Claims on the probe site candor does not flag, and why.
const SITE_KNOWN_MISSES: &[(&str, &str)] = &[
    (
        "My hairline looked thicker in the mirror on day three",
        "\"on\" is not a time word of the duration slot: \"the results on your second visit\" and \"density on day one\" name when something is looked at",
    ),
    (
        "my Norwood 6 was hopeless. RootBloom grew the lot back",
        "two sentences: the candidacy is in the first, the result in the second",
    ),
];

/// An agency's "best clinics" listicle (rankings, blurbs, a price table,
/// verdict boxes, a pull quote) and a journalist's critical feature that
/// quotes and reports the same claims; both written blind.
#[test]
fn the_probed_listicle_is_flagged_where_its_labels_say_and_the_feature_stays_quiet() {
    let dir = "tests/fixtures/probes/editorial";
    let labels = std::fs::read_to_string("tests/fixtures/probes/editorial.labels.txt").expect("labels");
    let found = site_findings(dir, &["agency-listicle.md"]);
    let wrong = labels_checked(dir, &labels, &found, EDITORIAL_KNOWN_MISSES);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let feature = site_findings(dir, &["news-feature.md"]);
    assert!(feature.is_empty(), "{feature:#?}");
}

/// A page-builder landing page (nested divs, icon lists, a ✓/✗ comparison
/// table, an accordion FAQ hidden until opened, a review carousel) and
/// promotional messages, with an honest twin of the page and a consent
/// form; written blind.
#[test]
fn the_probed_landing_page_is_flagged_where_its_labels_say_and_its_twin_stays_quiet() {
    let dir = "tests/fixtures/probes/landing";
    let labels = std::fs::read_to_string("tests/fixtures/probes/landing.labels.txt").expect("labels");
    let found = site_findings(dir, &["landing.html", "sms-and-email.txt"]);
    let wrong = labels_checked(dir, &labels, &found, LANDING_KNOWN_MISSES);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let honest = site_findings(dir, &["landing-honest.html", "consent-form.txt"]);
    assert!(honest.is_empty(), "{honest:#?}");
}

/// Claims in the listicle candor does not flag, and why.
const EDITORIAL_KNOWN_MISSES: &[(&str, &str)] = &[
    (
        "I went from a Norwood 5 to a full head of hair in one weekend",
        "\"a full head of hair\" is not read as a result before a time: read so, \"a full head of hair after a single treatment\" (single-session's claim) became an early-results finding too",
    ),
    (
        "Fly in Friday, fly out Sunday with a fuller head of hair",
        "a time told by weekdays is not in the duration vocabulary",
    ),
    (
        "I cancelled my transplant booking the same day",
        "a transplant replaced, told as a story: no pattern reads it",
    ),
];

/// Claims on the landing page and in the messages candor does not flag, and why.
const LANDING_KNOWN_MISSES: &[(&str, &str)] = &[
    (
        "success rate across 12,000 patients",
        "a counter widget puts \"98\", \"%\" and its caption in separate blocks",
    ),
    (
        "fly in, treat once, fly home done for good",
        "\"treat once … done for good\" is no single-session pattern",
    ),
];

/// An auto-captioned vlog transcript and social captions, with a
/// dermatologist's interview that quotes the same claims to debunk them;
/// written blind.
#[test]
fn the_probed_transcript_and_captions_are_flagged_where_their_labels_say_and_the_interview_stays_quiet() {
    let dir = "tests/fixtures/probes/media";
    let labels = std::fs::read_to_string("tests/fixtures/probes/media.labels.txt").expect("labels");
    let found = site_findings(dir, &["youtube-transcript.txt", "instagram-captions.md"]);
    let wrong = labels_checked(dir, &labels, &found, MEDIA_KNOWN_MISSES);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let interview = site_findings(dir, &["doctor-interview.md"]);
    assert!(interview.is_empty(), "{interview:#?}");
}

/// An agency's five-day package page (itinerary, ✓ checklist, price and
/// comparison tables, testimonials, `<details>` FAQ, JSON-LD) and its honest
/// twin, whose price table lists a trial and a maintenance visit of one
/// session; and a `<dl>` FAQ with short answers; written blind.
#[test]
fn the_probed_package_page_and_faq_are_flagged_where_their_labels_say_and_the_twin_stays_quiet() {
    let dir = "tests/fixtures/probes/package";
    let labels = std::fs::read_to_string("tests/fixtures/probes/package.labels.txt").expect("labels");
    let found = site_findings(dir, &["package.html", "clinic-faq.html"]);
    let wrong = labels_checked(dir, &labels, &found, PACKAGE_KNOWN_MISSES);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let honest = site_findings(dir, &["package-honest.html"]);
    assert!(honest.is_empty(), "{honest:#?}");
}

/// Claims in the transcript and captions candor does not flag, and why.
const MEDIA_KNOWN_MISSES: &[(&str, &str)] = &[
    (
        "the exosomes are live stem cells that they inject right into your scalp",
        "reported speech (\"they said\") that the vlogger endorses is read as the clinic's claim, not the copy's",
    ),
    (
        "I honestly think one is enough for most people",
        "\"one\" stands for \"sessions\" on the caption before; captions are read one by one",
    ),
];

/// Claims on the package page and in the FAQ candor does not flag, and why.
const PACKAGE_KNOWN_MISSES: &[(&str, &str)] = &[(
    "Usually within 10 days of your first session.",
    "an answer of seven words is not read with its question (answers of up to six are)",
)];

/// A clinic's press release (dateline, executives' quotes, footnotes,
/// boilerplate), a brochure as `pdftotext` extracts it (hard wraps, words
/// hyphenated across lines, page breaks, running footers, two interleaved
/// columns) and an honest newsletter with a myths-and-facts table; written
/// blind.
#[test]
fn the_probed_press_release_and_brochure_are_flagged_where_their_labels_say_and_the_newsletter_stays_quiet() {
    let dir = "tests/fixtures/probes/print";
    let labels = std::fs::read_to_string("tests/fixtures/probes/print.labels.txt").expect("labels");
    let found = site_findings(dir, &["press-release.md", "brochure-pdf.txt"]);
    let wrong = labels_checked(dir, &labels, &found, PRINT_KNOWN_MISSES);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let newsletter = site_findings(dir, &["newsletter-honest.md"]);
    assert!(newsletter.is_empty(), "{newsletter:#?}");
}

/// A machine-translated clinic page (non-native English, full-width
/// punctuation), a before-and-after gallery with claims in captions and alt
/// text, and patient reviews with the clinic's replies; written blind.
#[test]
fn the_probed_translated_page_gallery_and_replies_are_flagged_where_their_labels_say() {
    let dir = "tests/fixtures/probes/translated";
    let labels = std::fs::read_to_string("tests/fixtures/probes/translated.labels.txt").expect("labels");
    let found = site_findings(dir, &["translated.html", "gallery.html", "review-replies.html"]);
    let wrong = labels_checked(dir, &labels, &found, TRANSLATED_KNOWN_MISSES);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Claims in the press release and the brochure candor does not flag, and why.
const PRINT_KNOWN_MISSES: &[(&str, &str)] = &[
    (
        "The clinic describes BloomCell as a breakthrough in regenerative medicine.",
        "a press release names its clinic in the third person; \"the clinic describes\" is read as reported speech, as a journalist's report must be",
    ),
    (
        "A. Only one. A single BloomCell session permanently re-",
        "\"Only one.\" after a \"Q.\" line is not read with its question, and \"permanently reactivates\" is no permanence pattern",
    ),
];

/// Claims on the translated page, the gallery and the replies candor does not flag, and why.
const TRANSLATED_KNOWN_MISSES: &[(&str, &str)] = &[];

/// Honest documents that discuss the claims without making them, written
/// blind: a regulator's consumer warning (a list of the claims it found, a
/// table of why each misleads), an agency's audit report (a "Claim as
/// published" column, quoted banner copy), a dermatologist's pros-and-cons
/// post and a plain-text study summary with its numbers.
#[test]
fn the_probed_critical_documents_stay_quiet() {
    let dir = "tests/fixtures/probes/critical";
    let found = site_findings(
        dir,
        &[
            "regulator-notice.html",
            "audit-report.md",
            "derm-blog.md",
            "study-summary.txt",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

/// A promotional HTML email built from layout tables (a hidden preheader,
/// icon-and-text cells), its honest aftercare twin, and a WhatsApp export
/// of a coordinator's chat with a patient; written blind.
#[test]
fn the_probed_email_and_chat_are_flagged_where_their_labels_say_and_the_aftercare_email_stays_quiet() {
    let dir = "tests/fixtures/probes/messages";
    let labels = std::fs::read_to_string("tests/fixtures/probes/messages.labels.txt").expect("labels");
    let found = site_findings(dir, &["email-promo.html", "whatsapp-export.txt"]);
    let wrong = labels_checked(dir, &labels, &found, MESSAGES_KNOWN_MISSES);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let honest = site_findings(dir, &["email-honest.html"]);
    assert!(honest.is_empty(), "{honest:#?}");
}

/// Claims in the email and the chat candor does not flag, and why.
const MESSAGES_KNOWN_MISSES: &[(&str, &str)] = &[
    (
        "No need",
        "answers \"And then I have to come back every few months?\"; the question's \"every few months\" stands between \"come back\" and its mark, where the answered-no pattern wants the question to end",
    ),
    (
        "Yes 100%",
        "\"100%\" with nothing after it affirms \"will the results stay?\", which names no claim a rule knows",
    ),
    (
        "this customer was totally bald before",
        "a before-and-after photo's caption implies the claim; it states none",
    ),
];

/// A static-site page source (front matter with a description for search
/// results and a `faq` list, shortcodes, an MDX component, footnotes), its
/// honest twin, and a patient's diary whose commenters overpromise;
/// written blind.
#[test]
fn the_probed_site_source_and_diary_are_flagged_where_their_labels_say_and_the_twin_stays_quiet() {
    let dir = "tests/fixtures/probes/static-site";
    let labels = std::fs::read_to_string("tests/fixtures/probes/static-site.labels.txt").expect("labels");
    let found = site_findings(dir, &["site-treatment.md", "patient-diary.md"]);
    let wrong = labels_checked(dir, &labels, &found, &[]);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let honest = site_findings(dir, &["site-honest.md"]);
    assert!(honest.is_empty(), "{honest:#?}");
}

/// A careful clinic's four-page site (a comparison table whose rows are
/// denied cell by cell, a price list with a trial and a maintenance
/// session, an accordion FAQ of short answers); written blind.
#[test]
fn the_probed_careful_clinic_site_stays_quiet() {
    let dir = "tests/fixtures/probes/careful-site";
    let found = site_findings(dir, &["home.html", "treatment.html", "faq.html", "prices.html"]);
    assert!(found.is_empty(), "{found:#?}");
}

/// A forum thread: a clinic's representative and two enthusiasts claim in
/// their own voice; skeptics quote them in `<blockquote>`s under "X
/// wrote:" and rebut them; written blind.
#[test]
fn the_probed_forum_thread_is_flagged_where_its_labels_say() {
    let dir = "tests/fixtures/probes/forum";
    let labels = std::fs::read_to_string("tests/fixtures/probes/forum.labels.txt").expect("labels");
    let found = site_findings(dir, &["thread.html"]);
    let wrong = labels_checked(dir, &labels, &found, FORUM_KNOWN_MISSES);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // A post quoted under its credit line ("X wrote:") is the quoted
    // poster's, not the replier's: no finding on a quoting line.
    let page = std::fs::read_to_string(format!("{dir}/thread.html")).expect("page");
    let quoting: Vec<usize> = page
        .lines()
        .enumerate()
        .filter(|(_, line)| line.contains("<blockquote>"))
        .map(|(n, _)| n + 1)
        .collect();
    let in_quotes: Vec<_> = found.iter().filter(|(_, line, _, _)| quoting.contains(line)).collect();
    assert!(!quoting.is_empty() && in_quotes.is_empty(), "{in_quotes:#?}");
}

/// Claims in the forum thread candor does not flag, and why.
const FORUM_KNOWN_MISSES: &[(&str, &str)] = &[];
