//! A team adds its own disclosure: a rule pack with presence patterns and a
//! suggestion, a profile that requires it, and candor.toml choosing the
//! profile per folder. Run end to end through the `candor` binary.

use std::path::Path;

use assert_cmd::Command;

/// A clinic page that makes all ten built-in disclosures, and no refund policy.
const PAGE: &str = "\
# Exosome scalp mesotherapy at Hana Clinic

Exosome scalp mesotherapy is a regenerative adjunct, not a hair transplant: it supports the follicles you still have and cannot add follicles where they have been lost.

A course is four to six sessions over eight to twelve weeks, followed by maintenance sessions every three to six months. Any change is judged at eight to twelve weeks and stabilises over the following months.

Patients with scarring alopecia are not candidates; we refer them to a dermatologist. Finasteride and minoxidil remain the first-line options for pattern hair loss, and the course is added to them.

We use ExoDerm-S, an umbilical-cord-derived exosome product with MFDS approval no. 2023-123. The physician you meet at consultation signs your protocol, and you receive written consent in your language.

Expect redness for 24 to 48 hours. For 48 hours after a session, avoid sweating, swimming and scalp massage. The published evidence is positive but modest.

Book a consultation: each session costs ₩300,000.
";

const REFUNDS: &str = "\nUnused sessions are refunded in full if you cancel before your course ends.\n";

/// The team's pack: one disclosure, one profile that requires it.
const PACK: &str = r#"
[[disclosure]]
name = "refund-policy"
severity = "error"
summary = "Says what happens to prepaid sessions a patient cannot attend."
message = "does not say whether unused prepaid sessions are refunded; visitors leave Korea before the course ends"
suggestion = "Unused sessions are refunded in full if you cancel before your course ends."
placement = "next to the price"
rationale = "Most complaints from foreign patients concern prepaid packages they could not complete."
source = "our complaints log, 2026"
presence = [
  '''\brefund\w*\b[^.;!?]{0,60}?\b(?:unused|remaining|cancel\w*|pro[\s-]?rata)''',
  '''\b(?:unused|remaining|prepaid)\s+sessions?\b[^.;!?]{0,60}?\brefund\w*''',
]
examples.present = [
  "Unused sessions are refunded in full if you cancel before your course ends.",
  "We refund remaining sessions pro rata.",
]
examples.missing = [
  "No refunds on unused sessions.",
  "All packages are prepaid.",
]

[[profile]]
name = "clinic-with-refunds"
summary = "Our clinic pages: what the treatment is, and our refund policy."
requires = ["adjunct", "course", "refund-policy"]
"#;

const CONFIG: &str = r#"
rules = ["candor-rules"]
default-profile = "clinic-with-refunds"

[profiles]
"blog/**" = "editorial"
"clinics/**" = "clinic-with-refunds"
"#;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn candor(dir: &Path, args: &[&str]) -> Run {
    let output = Command::cargo_bin("candor")
        .unwrap()
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("candor.toml", CONFIG);
    write("candor-rules/refunds.toml", PACK);
    write("clinics/exosome.md", PAGE);
    write("clinics/exosome-refunds.md", &format!("{PAGE}{REFUNDS}"));
    write("blog/exosome.md", PAGE);
    dir
}

/// (path, category, suggestion) of every disclosure finding in JSON output.
fn disclosures(stdout: &str) -> Vec<(String, String, String)> {
    let doc: serde_json::Value = serde_json::from_str(stdout).unwrap();
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["category"].as_str().unwrap().starts_with("disclosure/"))
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["category"].as_str().unwrap().to_string(),
                d["suggestion"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_page_missing_the_teams_disclosure_gets_its_finding_and_suggestion() {
    let dir = site();
    let r = candor(dir.path(), &["check", "--format", "json", "clinics/exosome.md"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let found = disclosures(&r.stdout);
    assert_eq!(found.len(), 1, "{found:?}");
    let (path, category, suggestion) = &found[0];
    assert_eq!(path, "clinics/exosome.md");
    assert_eq!(category, "disclosure/refund-policy");
    assert!(
        suggestion.starts_with("Unused sessions are refunded in full") && suggestion.contains("next to the price"),
        "{suggestion}"
    );
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["severity"], "error");
}

#[test]
fn the_page_that_makes_it_is_clean() {
    let dir = site();
    let r = candor(dir.path(), &["check", "clinics/exosome-refunds.md"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("No findings in 1 file"), "{}", r.stdout);
}

#[test]
fn profiles_follow_the_folder_globs() {
    let dir = site();
    let r = candor(dir.path(), &["check", "--format", "json", "clinics", "blog"]);
    let found = disclosures(&r.stdout);
    assert_eq!(
        found
            .iter()
            .map(|(p, c, _)| (p.as_str(), c.as_str()))
            .collect::<Vec<_>>(),
        vec![("clinics/exosome.md", "disclosure/refund-policy")],
        "blog/ uses `editorial`, which does not require the refund policy"
    );
}

#[test]
fn the_profile_flag_overrides_the_config() {
    let dir = site();
    let r = candor(dir.path(), &["check", "--profile", "clinic-page", "clinics/exosome.md"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let r = candor(dir.path(), &["check", "--no-disclosures", "clinics/exosome.md"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn human_output_lists_the_missing_disclosures_per_page() {
    let dir = site();
    let r = candor(dir.path(), &["check", "clinics/exosome.md"]);
    assert!(
        r.stdout.contains(
            "clinics/exosome.md: 2 of 3 disclosures present (profile clinic-with-refunds); missing: refund-policy"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("candor explain disclosure/refund-policy"),
        "{}",
        r.stdout
    );
}

#[test]
fn explain_context_shows_the_verdict_and_where_each_disclosure_is_made() {
    let dir = site();
    let r = candor(
        dir.path(),
        &["check", "--explain-context", "clinics/exosome-refunds.md"],
    );
    assert!(
        r.stdout
            .contains("clinics/exosome-refunds.md: a treatment page: names the treatment"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("15:21: disclosure/refund-policy made here: \"refunded in full if you cancel\""),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("disclosure/adjunct made here"), "{}", r.stdout);
}

#[test]
fn the_teams_pack_passes_its_own_examples_and_explains_itself() {
    let dir = site();
    let r = candor(dir.path(), &["test-rules", "candor-rules"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("FAIL"), "{}", r.stdout);
    let r = candor(dir.path(), &["explain", "disclosure/refund-policy"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Unused sessions are refunded in full"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_unknown_profile_is_an_error_not_a_silent_pass() {
    let dir = site();
    std::fs::write(
        dir.path().join("candor.toml"),
        format!("{CONFIG}\n").replace("\"editorial\"", "\"editorail\""),
    )
    .unwrap();
    let r = candor(dir.path(), &["check", "blog"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("unknown disclosure profile `editorail`; did you mean `editorial`?"),
        "{}",
        r.stderr
    );
}
