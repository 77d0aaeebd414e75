//! `candor check` on HTML pages written in UTF-8 (BOM, CRLF), EUC-KR and
//! Shift_JIS: a claim is reported with byte offsets, lines and columns that
//! point into the file as it is on disk.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const RULE: &str = "early-results/visible-before-8-weeks";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/html")
        .join(name)
}

/// Run `candor check --format json` on `path`; the exit code and the parsed output.
fn check_json(path: &Path) -> (Option<i32>, Value) {
    let output = Command::cargo_bin("candor")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), json)
}

fn claims(json: &Value) -> Vec<&Value> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == RULE)
        .collect()
}

/// 1-based line and column (in characters) of `offset`, from the decoded bytes before it.
fn line_column(bytes: &[u8], offset: usize, encoding: &'static encoding_rs::Encoding) -> (u64, u64) {
    let (before, _) = encoding.decode_without_bom_handling(&bytes[..offset]);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line as u64, column as u64)
}

#[test]
fn claims_point_into_the_original_bytes() {
    let cases = [
        (
            "clinic-utf8.html",
            encoding_rs::UTF_8,
            "See new growth in just 4&nbsp;weeks",
        ),
        (
            "clinic-euc-kr.html",
            encoding_rs::EUC_KR,
            "See new growth (모발) in just 4&nbsp;weeks",
        ),
        (
            "clinic-shift-jis.html",
            encoding_rs::SHIFT_JIS,
            "See new growth (発毛) in just 4 weeks",
        ),
    ];
    for (name, encoding, matched) in cases {
        let path = fixture(name);
        let bytes = std::fs::read(&path).unwrap();
        let (code, json) = check_json(&path);
        assert_eq!(code, Some(1), "{name}: findings exit 1");
        // The UTF-8 page also has a suppressed claim and one inside a script: neither is reported.
        let found = claims(&json);
        assert_eq!(found.len(), 1, "{name}: {json:#}");
        let span = &found[0]["span"];
        let (start, end) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        let (expected, _, _) = encoding.encode(matched);
        assert_eq!(
            &bytes[start..end],
            &*expected,
            "{name}: the span slices the file on disk"
        );
        assert_eq!(
            (span["line"].as_u64().unwrap(), span["column"].as_u64().unwrap()),
            line_column(&bytes, start, encoding),
            "{name}: start line and column"
        );
        assert_eq!(
            (span["end_line"].as_u64().unwrap(), span["end_column"].as_u64().unwrap()),
            line_column(&bytes, end, encoding),
            "{name}: end line and column"
        );
    }
}

#[test]
fn htm_files_are_found_when_walking_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("clinic-shift-jis.html"), dir.path().join("page.htm")).unwrap();
    let (code, json) = check_json(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(claims(&json).len(), 1, "{json:#}");
    assert_eq!(json["summary"]["files"], 1);
}
