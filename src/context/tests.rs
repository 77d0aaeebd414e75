//! Tests of the context classifier: triggers, scopes, speakers, frames and pitches.

use super::*;
use crate::rules::Trigger;

fn classifier() -> ContextClassifier {
    ContextClassifier::new(&lexicon()).unwrap()
}

fn lexicon() -> ContextLexicon {
    let trig = |kind, direction, scope, phrases: &[&str]| Trigger {
        kind,
        direction,
        window: 6,
        scope,
        voice: if phrases.contains(&"promise") {
            Voice::NotFirstPerson
        } else if phrases.contains(&"told") {
            Voice::ThirdParty
        } else {
            Voice::Any
        },
        phrases: phrases.iter().map(|s| s.to_string()).collect(),
    };
    let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    ContextLexicon {
        triggers: vec![
            trig(
                ContextKind::Negated,
                Direction::Forward,
                Scope::Sentence,
                &["not", "does not", "wouldn't", "never"],
            ),
            trig(ContextKind::Negated, Direction::Forward, Scope::Clause, &["no"]),
            trig(ContextKind::Hypothetical, Direction::Forward, Scope::Clause, &["if"]),
            trig(
                ContextKind::Attributed,
                Direction::Forward,
                Scope::Sentence,
                &["that promises"],
            ),
            trig(
                ContextKind::Attributed,
                Direction::Forward,
                Scope::Sentence,
                &["promise"],
            ),
            trig(ContextKind::Attributed, Direction::Forward, Scope::Sentence, &["told"]),
            trig(
                ContextKind::Warning,
                Direction::Backward,
                Scope::Sentence,
                &["is overselling", "does not support"],
            ),
        ],
        pseudo: strings(&["not only"]),
        terminators: strings(&["but", ";"]),
        question_openers: strings(&["does", "is", "why"]),
        rhetorical_openers: strings(&["why wait", "did you know"]),
        affirmative_answers: strings(&["yes", "of course"]),
        negative_answers: strings(&["no", "never", "you will not need"]),
        label_denials: strings(&["no", "false"]),
        list_joiners: strings(&["or", "and", "a"]),
        reported_continuations: strings(&["and that"]),
        answer_conditions: strings(&["unless"]),
        clause_breaks: strings(&[",", ":", "—"]),
        first_person: strings(&["we", "our clinic"]),
        third_party: strings(&["coordinator", "clinic"]),
        subordinate_openers: strings(&["unlike", "who"]),
    }
}

fn ctx(sentence: &str, claim: &str) -> Option<ContextKind> {
    let start = sentence.find(claim).unwrap();
    let range = start..start + claim.len();
    classifier()
        .classify(sentence, range.clone(), &[range])
        .map(|d| d.context)
}

/// A phrase written with one apostrophe is found with the other too.
#[test]
fn a_phrase_is_found_with_either_apostrophe() {
    for sentence in ["I wouldn't stop finasteride.", "I wouldn’t stop finasteride."] {
        assert_eq!(
            ctx(sentence, "stop finasteride"),
            Some(ContextKind::Negated),
            "{sentence}"
        );
    }
}

#[test]
fn negation_attribution_warning_question() {
    assert_eq!(
        ctx("It is not a transplant.", "a transplant"),
        Some(ContextKind::Negated)
    );
    assert_eq!(
        ctx(
            "A clinic that promises regrowth in 4 weeks lies.",
            "regrowth in 4 weeks"
        ),
        Some(ContextKind::Attributed)
    );
    assert_eq!(
        ctx("Regrowth in 4 weeks is overselling.", "Regrowth in 4 weeks"),
        Some(ContextKind::Warning)
    );
    assert_eq!(
        ctx("Does this replace finasteride?", "replace finasteride"),
        Some(ContextKind::Question)
    );
    assert_eq!(ctx("Want regrowth in 4 weeks?", "regrowth in 4 weeks"), None);
}

/// A question may open after a label, a lead-in or at a missed sentence
/// boundary, and then asks only about what follows its opening.
#[test]
fn a_question_opens_after_a_colon_a_comma_or_at_a_capitalised_question_word() {
    assert_eq!(
        ctx(
            "Results you can expect: Does this replace finasteride?",
            "replace finasteride"
        ),
        Some(ContextKind::Question)
    );
    assert_eq!(
        ctx(
            "— Sora Clinic, Apgujeong Does this replace finasteride?",
            "replace finasteride"
        ),
        Some(ContextKind::Question)
    );
    assert_eq!(
        ctx("Regrowth in 4 weeks: does it last?", "Regrowth in 4 weeks"),
        None,
        "a claim before the question is asserted"
    );
    assert_eq!(ctx("Regrowth in 4 weeks: why wait?", "Regrowth in 4 weeks"), None);
    assert_eq!(
        ctx(
            "Our patients see regrowth in 4 weeks, is it not amazing?",
            "regrowth in 4 weeks"
        ),
        None,
        "a tag question asks nothing of the claim before it"
    );
    assert_eq!(
        ctx("Since 2023, does this replace finasteride?", "replace finasteride"),
        Some(ContextKind::Question)
    );
}

#[test]
fn pseudo_terminators_and_claims_block_triggers() {
    assert_eq!(
        ctx("Not only regrowth in 4 weeks, but more.", "regrowth in 4 weeks"),
        None
    );
    assert_eq!(ctx("Not cheap, but regrowth in 4 weeks.", "regrowth in 4 weeks"), None);
    assert_eq!(ctx("Nothingnot regrowth.", "regrowth"), None);
    let s = "No pain and no downtime.";
    assert_eq!(
        ctx(
            "It does not — on the evidence — replace finasteride.",
            "replace finasteride"
        ),
        Some(ContextKind::Negated)
    );
    assert_eq!(
        ctx(
            "The evidence does not support regrowth in 4 weeks.",
            "regrowth in 4 weeks"
        ),
        Some(ContextKind::Negated),
        "a longer backward phrase does not hide the forward one inside it"
    );
    let a = 0..7;
    let b = s.find("no downtime").unwrap()..s.len() - 1;
    assert_eq!(classifier().classify(s, b.clone(), &[a, b]), None);
}

#[test]
fn clause_scope_speakers_and_pitches() {
    assert_eq!(ctx("No surgery, new hair in 4 weeks.", "new hair in 4 weeks"), None);
    assert_eq!(
        ctx("No new hair in 4 weeks.", "new hair in 4 weeks"),
        Some(ContextKind::Negated)
    );
    assert_eq!(
        ctx("If a clinic says new hair in 4 weeks, leave.", "new hair in 4 weeks"),
        Some(ContextKind::Hypothetical)
    );
    assert_eq!(
        ctx("If you are thinning, new hair in 4 weeks.", "new hair in 4 weeks"),
        None
    );
    assert_eq!(ctx("We promise new hair in 4 weeks.", "new hair in 4 weeks"), None);
    assert_eq!(
        ctx("Our clinic can promise new hair in 4 weeks.", "new hair in 4 weeks"),
        None
    );
    assert_eq!(
        ctx(
            "Clinics that promises new hair in 4 weeks mislead.",
            "new hair in 4 weeks"
        ),
        Some(ContextKind::Attributed)
    );
    assert_eq!(
        ctx("Some clinics promise new hair in 4 weeks.", "new hair in 4 weeks"),
        Some(ContextKind::Attributed)
    );
    assert_eq!(
        ctx(
            "We warn about clinics that promises new hair in 4 weeks.",
            "new hair in 4 weeks"
        ),
        Some(ContextKind::Attributed),
        "only a verb of saying takes the copy as its speaker"
    );
    assert_eq!(
        ctx("A coordinator had told him new hair in 4 weeks.", "new hair in 4 weeks"),
        Some(ContextKind::Attributed)
    );
    assert_eq!(ctx("Results told: new hair in 4 weeks.", "new hair in 4 weeks"), None);
    assert_eq!(ctx("Why wait for new hair in 4 weeks?", "new hair in 4 weeks"), None);
    assert_eq!(
        ctx(
            "Unlike clinics that promises miracles, new hair in 4 weeks.",
            "new hair in 4 weeks"
        ),
        None,
        "a trigger inside an unlike-clause stays there"
    );
    assert_eq!(
        ctx(
            "Unlike clinics that promises new hair in 4 weeks, we wait.",
            "new hair in 4 weeks"
        ),
        Some(ContextKind::Attributed)
    );
    // A relative clause holds its negation as a contrast holds its trigger.
    assert_eq!(
        ctx(
            "For patients who are not ready for surgery, new hair in 4 weeks.",
            "new hair in 4 weeks"
        ),
        None,
        "a negation inside a who-clause stays there"
    );
    assert_eq!(
        ctx(
            "For patients who are not ready for new hair in 4 weeks.",
            "new hair in 4 weeks"
        ),
        Some(ContextKind::Negated),
        "within its clause it still negates"
    );
    assert_eq!(
        ctx("Patients are not ready, new hair in 4 weeks.", "new hair in 4 weeks"),
        Some(ContextKind::Negated),
        "a sentence's own negation reaches past a comma"
    );
    let c = classifier();
    assert_eq!(
        c.frame("Phrases that promises too much:").map(|d| d.context),
        Some(ContextKind::Attributed)
    );
    assert_eq!(
        c.frame("No surgery, no pills:"),
        None,
        "only warnings and attributions frame"
    );
    assert_eq!(ctx("Did you know new hair in 4 weeks?", "new hair in 4 weeks"), None);
    assert_eq!(
        ctx("Why is new hair in 4 weeks rare?", "new hair in 4 weeks"),
        Some(ContextKind::Question)
    );
}

#[test]
fn coordinated_negations_do_not_cancel() {
    let c = classifier();
    let claim = crate::matcher::Pattern::new(r"(?i)\bno\s+pills").unwrap();
    let check = |s: &str| {
        let start = s.find("no pills").unwrap();
        let range = start..start + 8;
        let spans = [ClaimSpan {
            range: range.clone(),
            pattern: Some(&claim),
        }];
        c.classify_claims(s, range, &spans).map(|d| d.context)
    };
    assert_eq!(check("With no surgery and no pills."), None);
    assert_eq!(check("It does not mean no pills."), Some(ContextKind::Negated));
}

#[test]
fn a_trigger_inside_a_claim_counts_unless_the_pattern_needs_it() {
    let c = classifier();
    let claim = crate::matcher::Pattern::new(r"(?i)results\b[^.]{0,30}?\bin 4 weeks").unwrap();
    let s = "Results will not appear in 4 weeks.";
    let range = 0..s.len() - 1;
    let spans = [ClaimSpan {
        range: range.clone(),
        pattern: Some(&claim),
    }];
    assert_eq!(
        c.classify_claims(s, range.clone(), &spans).map(|d| d.context),
        Some(ContextKind::Negated)
    );
    let claim = crate::matcher::Pattern::new(r"(?i)\bno\s+downtime").unwrap();
    let s = "Enjoy no downtime.";
    let range = s.find("no").unwrap()..s.len() - 1;
    let spans = [ClaimSpan {
        range: range.clone(),
        pattern: Some(&claim),
    }];
    assert_eq!(c.classify_claims(s, range, &spans), None);
}

/// Every list is searched in the one pass: each finds its own phrases,
/// overlapping ones included ("clinic" in "our clinic"), a phrase listed
/// twice is found by both lists, and only clause breaks skip the word test
/// ("we" inside "weekly" is no speaker).
#[test]
fn one_pass_finds_each_lists_phrases() {
    let mut lexicon_classifier = classifier();
    let s = "Unlike our clinic, weekly we promise: the coordinator said no, but not only";
    let at = |phrase: &str| {
        let start = s.find(phrase).unwrap();
        start..start + phrase.len()
    };
    let scan = lexicon_classifier.scan(s);
    assert_eq!(scan.subordinate, [at("Unlike")]);
    assert_eq!(
        scan.first_person,
        [at("our clinic"), at(" we ").start + 1..at(" we ").end - 1]
    );
    assert_eq!(scan.third_party, [at("clinic"), at("coordinator")]);
    assert_eq!(
        scan.breaks,
        [at(","), at(":"), at(", but")].map(|r| r.start..r.start + 1)
    );
    let hits: Vec<&str> = scan.hits.iter().map(|h| &s[h.start..h.end]).collect();
    assert_eq!(hits, ["promise", "no", "but"], "'not' inside 'not only' is voided");
    // A phrase in two lists: found by each.
    lexicon_classifier = ContextClassifier::new(&ContextLexicon {
        third_party: vec!["clinic".into(), "our clinic".into()],
        ..lexicon()
    })
    .unwrap();
    let scan = lexicon_classifier.scan(s);
    assert_eq!(scan.first_person[0], at("our clinic"));
    assert_eq!(
        scan.third_party[..2],
        [at("our clinic"), at("clinic")],
        "by end, then start"
    );
}

#[test]
fn answers_that_say_yes() {
    let c = classifier();
    for yes in [
        "Yes, after the third session.",
        "yes!",
        "A: Yes.",
        "Of course.",
        "  Yes",
    ] {
        assert!(c.answers_yes(yes), "{yes:?}");
    }
    for not_yes in [
        "No.",
        "Of course not.",
        "Yesterday I did.",
        "Yes no",
        "Ask your doctor.",
        "",
    ] {
        assert!(!c.answers_yes(not_yes), "{not_yes:?}");
    }
}

/// An answer says no in the lexicon's words, whole words only, and its no
/// is plain unless the sentence makes it conditional.
#[test]
fn answers_no_finds_the_words_that_say_no() {
    let c = classifier();
    let no = |s: &str| c.answers_no(s).map(|r| s[r].to_string());
    assert_eq!(no("No, not after the course."), Some("No".to_string()));
    assert_eq!(no("A: no."), Some("no".to_string()));
    assert_eq!(no("“You will not need one.”"), Some("You will not need".to_string()));
    assert_eq!(no("No, unless your doctor says so."), None);
    assert_eq!(no("Not necessarily."), None);
    assert_eq!(no("Nobody knows."), None);
    assert_eq!(no("No one can promise that."), None);
    assert_eq!(no("No-one can promise that."), None);
    assert_eq!(no("No — not after the course."), Some("No".to_string()));
    assert_eq!(no("Yes."), None);
    assert_eq!(no(""), None);
}

/// An answer denies a question outright when its words that say no stand
/// before a mark or the end, conditional or not.
#[test]
fn denies_takes_a_no_that_stands_alone() {
    let c = classifier();
    let no = |s: &str| c.denies(s).map(|r| s[r].to_string());
    assert_eq!(
        no("No. Only transplanted follicles are permanent."),
        Some("No".to_string())
    );
    assert_eq!(no("No, unless your doctor says so."), Some("No".to_string()));
    assert_eq!(no("No"), Some("No".to_string()));
    // It goes on to say what is not needed: a claim of its own, perhaps.
    assert_eq!(no("You will not need one."), None);
    assert_eq!(no("No one can promise that."), None);
    assert_eq!(no("Yes."), None);
}

/// A no that answers on its own, set off by a dash, does not negate what
/// follows the dash: in a sentence or as a label's value.
#[test]
fn a_no_set_off_by_a_dash_answers_and_negates_nothing_after_it() {
    assert_eq!(ctx("Never — stop finasteride.", "stop finasteride"), None);
    assert_eq!(ctx("No — stop finasteride.", "stop finasteride"), None);
    assert_eq!(
        ctx("Pills afterwards: No – stop finasteride.", "stop finasteride"),
        None
    );
    assert_eq!(ctx("No -- stop finasteride.", "stop finasteride"), None);
    // Without the dash, or with the no inside the clause, it negates.
    assert_eq!(
        ctx("Never stop finasteride.", "stop finasteride"),
        Some(ContextKind::Negated)
    );
    assert_eq!(ctx("No, not a transplant.", "a transplant"), Some(ContextKind::Negated));
    assert_eq!(
        ctx("It is not — as some say — a transplant.", "a transplant"),
        Some(ContextKind::Negated)
    );
    let c = classifier();
    assert_eq!(c.denies("No — keep taking it.").map(|r| r.len()), Some(2));
    // "Never, ever": one word before a comma still negates.
    assert_eq!(
        ctx("Never, stop finasteride.", "stop finasteride"),
        Some(ContextKind::Negated)
    );
}
