//! CI gating as a content team uses it: fixes, diffs, baselines,
//! changed lines against real git repositories, suppression reports.

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;

const PACK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/packs/good");

fn candor(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("candor").unwrap();
    cmd.env("NO_COLOR", "1")
        .current_dir(dir)
        .args(["check", "--isolated", "--no-disclosures", "--rules", PACK]);
    cmd
}

fn json(cmd: &mut Command) -> (i32, serde_json::Value) {
    let out = cmd.args(["--format", "json"]).output().unwrap();
    let doc =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), doc)
}

fn rules_of(doc: &serde_json::Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn fix_applies_safe_fixes_keeping_bom_crlf_and_multibyte_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("offer.md");
    let original = "\u{feff}# 명동 Offer 😀\r\n\r\nEvery course comes with a *lifetime* warranty — and a lifetime warranty.\r\nIt is one-and-done.\r\n";
    std::fs::write(&path, original).unwrap();

    let out = candor(dir.path()).args(["--fix", "offer.md"]).output().unwrap();
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        "\u{feff}# 명동 Offer 😀\r\n\r\nEvery course comes with a *lifetime* warranty — and a maintenance plan.\r\nIt is one-and-done.\r\n",
        "only the verbatim safe fix applies; a match across emphasis is not cut"
    );
    assert_eq!(out.status.code(), Some(1), "remaining findings are reported");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("single-session/team-one-and-done"));
    assert!(String::from_utf8(out.stderr).unwrap().contains("Fixed 1 finding(s)."));

    let again = candor(dir.path()).args(["--fix", "offer.md"]).output().unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        fixed,
        "a second --fix changes nothing more"
    );
    assert!(!String::from_utf8(again.stderr).unwrap().contains("Fixed"));

    candor(dir.path())
        .args(["--unsafe-fixes", "offer.md"])
        .output()
        .unwrap();
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("It is a course of four to six sessions.\r\n"));
}

#[test]
fn diff_prints_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("offer.md");
    std::fs::write(&path, "A lifetime warranty.\n").unwrap();
    let out = candor(dir.path()).args(["--diff", "offer.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("diff_output", String::from_utf8(out.stdout).unwrap());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "A lifetime warranty.\n");
}

#[test]
fn fix_from_stdin_prints_the_fixed_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = candor(dir.path())
        .args(["--fix", "--stdin-filename", "x.md", "-"])
        .write_stdin("A lifetime warranty.\n")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "A maintenance plan.\n");
}

#[test]
fn baseline_survives_lines_moving_and_reports_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    std::fs::write(&page, "Intro.\n\nEvery course has a lifetime warranty.\n").unwrap();
    let out = candor(dir.path())
        .args(["--write-baseline", "baseline.json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let recorded = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert!(
        recorded.contains("\"sentence\": \"Every course has a lifetime warranty.\""),
        "{recorded}"
    );

    std::fs::write(
        &page,
        "New intro.\n\nMore text.\n\nEvery course has a lifetime warranty.\n\nIt is one-and-done.\n",
    )
    .unwrap();
    let (code, doc) = json(candor(dir.path()).args(["--baseline", "baseline.json", "."]));
    assert_eq!(rules_of(&doc), vec!["single-session/team-one-and-done"]);
    assert_eq!(code, 1);

    std::fs::write(&page, "Every course has a lifetime warranty.\n").unwrap();
    let (code, doc) = json(candor(dir.path()).args(["--baseline", "baseline.json", "."]));
    assert_eq!((code, rules_of(&doc).len()), (0, 0));
}

fn git(dir: &Path, args: &[&str]) {
    let status = Process::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn changed_since_reports_only_changed_lines_with_renames_spaces_and_subfolders() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/old pages")).unwrap();
    std::fs::write(
        root.join("content/old pages/a page.md"),
        "A lifetime warranty.\n\nIntro.\n",
    )
    .unwrap();
    std::fs::write(root.join("content/b.md"), "A lifetime warranty.\n").unwrap();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "base"]);

    git(root, &["mv", "content/old pages", "content/new pages"]);
    std::fs::write(
        root.join("content/new pages/a page.md"),
        "A lifetime warranty.\n\nIntro.\n\nIt is one-and-done.\n",
    )
    .unwrap();
    std::fs::write(root.join("content/c new.md"), "A lifetime warranty.\n").unwrap();

    let sub = root.join("content");
    let (_, doc) = json(candor(&sub).args(["--changed-since", "main", "."]));
    let got: Vec<(String, String, u64)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().into(),
                d["rule"].as_str().unwrap().into(),
                d["span"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("c new.md".into(), "guarantee/team-lifetime-warranty".into(), 1),
            (
                "new pages/a page.md".into(),
                "single-session/team-one-and-done".into(),
                5
            ),
        ]
    );

    let bad = candor(&sub)
        .args(["--changed-since", "no-such-ref", "."])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8(bad.stderr)
        .unwrap()
        .contains("--changed-since no-such-ref"));
}

#[test]
fn suppressions_need_reasons_when_configured_and_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("candor.toml"), "require-reason = true\n").unwrap();
    std::fs::write(
        dir.path().join("page.md"),
        "<!-- candor-disable-next-line guarantee -- quoting a competitor's ad -->\nA lifetime warranty.\n\n<!-- candor-disable-next-line single-session -->\nIt is one-and-done.\n",
    )
    .unwrap();
    let mut cmd = Command::cargo_bin("candor").unwrap();
    cmd.current_dir(dir.path()).env("NO_COLOR", "1").args([
        "check",
        "--no-disclosures",
        "--rules",
        PACK,
        "--report-suppressions",
        "page.md",
    ]);
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("page.md:1:1: suppression of guarantee (1 finding(s)): quoting a competitor's ad"),
        "{stdout}"
    );
    assert!(
        stdout.contains("page.md:4:1: suppression of single-session (1 finding(s)): (no reason given)"),
        "{stdout}"
    );
    assert!(stdout.contains("candor/suppression-without-reason"), "{stdout}");
}
