use proptest::prelude::*;
use regex::RegexBuilder;

use super::*;

fn prefilter_for(patterns: &[&str]) -> Prefilter {
    let clauses: Vec<Vec<Clause>> = patterns
        .iter()
        .map(|p| factors::required(&regex_syntax::ParserBuilder::new().build().parse(p).unwrap()))
        .collect();
    Prefilter::new(&clauses)
}

fn candidates(prefilter: &Prefilter, text: &str, units: &[Range<usize>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    prefilter.candidates(text, units, Range::clone, &mut Scratch::default(), |u, p| {
        out.push((u, p))
    });
    out
}

#[test]
fn a_pattern_is_a_candidate_only_where_all_its_clauses_occur() {
    let prefilter = prefilter_for(&[r"see\s+results", r"guaranteed", r"\w+"]);
    let text = "We see results. Results guaranteed! I see.";
    let units = [0..15, 16..35, 36..42];
    assert_eq!(
        candidates(&prefilter, text, &units),
        [(0, 0), (0, 2), (1, 1), (1, 2), (2, 2)]
    );
    assert_eq!(prefilter.unfiltered(), 1);
}

#[test]
fn literals_outside_units_or_across_them_count_for_none() {
    let prefilter = prefilter_for(&["guaranteed"]);
    let text = "guaran|teed guaranteed";
    assert!(candidates(&prefilter, text, &[0..6, 7..11]).is_empty());
    assert_eq!(candidates(&prefilter, text, &[0..6, 12..22]), [(1, 0)]);
}

#[test]
fn a_kelvin_sign_makes_every_pattern_a_candidate() {
    let prefilter = prefilter_for(&["weeks", "guaranteed"]);
    let text = "four wee\u{212A}s";
    let whole = std::iter::once(0..text.len()).collect::<Vec<_>>();
    assert_eq!(candidates(&prefilter, text, &whole), [(0, 0), (0, 1)]);
    let regex = RegexBuilder::new("weeks").case_insensitive(true).build().unwrap();
    assert!(regex.is_match(text), "the reason for the escape");
}

/// Pieces the generated patterns are made of.
fn piece() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("week".to_string()),
        Just("weeks?".to_string()),
        Just("Results".to_string()),
        Just("see".to_string()),
        Just("no".to_string()),
        Just(r"\s+".to_string()),
        Just(r"\w+".to_string()),
        Just(r"[,:]".to_string()),
        Just(r"\b".to_string()),
        Just("—".to_string()),
        Just("명동".to_string()),
        Just("[0-9]".to_string()),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|v| format!("(?:{})", v.join("|"))),
            inner.clone().prop_map(|p| format!("(?:{p})?")),
            inner.clone().prop_map(|p| format!("(?:{p})+")),
            inner.prop_map(|p| format!("(?:{p}){{2}}")),
        ]
    })
}

fn word() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "week",
        "WEEKS",
        "wee\u{212A}",
        "reſults",
        "results",
        "see",
        "See",
        "no",
        " ",
        "  ",
        ",",
        ":",
        ". ",
        "—",
        "명동",
        "4",
        "x",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The prefilter never drops a sentence a pattern matches in.
    #[test]
    fn never_drops_a_match(patterns in prop::collection::vec(piece(), 1..5), words in prop::collection::vec(word(), 0..40)) {
        let text = words.concat();
        // Units: split at ". ", as the segmenter would at sentence ends.
        let mut units = Vec::new();
        let mut start = 0;
        for (at, _) in text.match_indices(". ") {
            units.push(start..at + 1);
            start = at + 2;
        }
        units.push(start..text.len());
        let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
        let prefilter = prefilter_for(&refs);
        let found = candidates(&prefilter, &text, &units);
        for (p, pattern) in patterns.iter().enumerate() {
            let regex = RegexBuilder::new(pattern).case_insensitive(true).build().unwrap();
            for (u, unit) in units.iter().enumerate() {
                if regex.is_match(&text[unit.clone()]) {
                    prop_assert!(found.contains(&(u, p)), "pattern {pattern:?} matches unit {:?} but was filtered", &text[unit.clone()]);
                }
            }
        }
    }
}
