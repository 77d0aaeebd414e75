//! The machine output formats as CI reads them.
//!
//! One run of the binary over tests/fixtures/formats per format, snapshotted:
//! a file name with a space and a comma, one with non-ASCII, `%` and `#`, a
//! clean file and an unreadable one, linted with a test pack whose messages hold
//! `%`, `:`, `,`, quotes, `<>&`, newlines, a tab and a control character. Then
//! each format is read back as its consumer would (SARIF against the official
//! schema, XML with a conforming parser, workflow commands unescaped) and
//! compared with the JSON contract, which serves as the oracle.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats");
const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sarif-schema-2.1.0.json");
const FORMATS: [&str; 5] = ["sarif", "github", "checkstyle", "junit", "rdjson"];
/// Everything in the fixture folder: findings, a clean file, an unreadable file.
const ALL: [&str; 2] = ["docs", "unreadable/binary.md"];

struct Run {
    code: i32,
    stdout: String,
}

/// `candor check` in `dir` with only the escaping test pack loaded.
fn check_in(dir: &Path, format: &str, paths: &[&str]) -> Run {
    let output = Command::cargo_bin("candor")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--isolated", "--no-default-rules", "--rules"])
        .arg(Path::new(FIXTURES).join("rules"))
        .args(["--format", format])
        .args(paths)
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
    }
}

fn check(format: &str, paths: &[&str]) -> Run {
    check_in(Path::new(FIXTURES), format, paths)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// The JSON contract's diagnostics for the whole fixture folder.
fn oracle() -> (Vec<Value>, Vec<Value>) {
    let doc = json(&check("json", &ALL).stdout);
    let diagnostics = doc["diagnostics"].as_array().unwrap().clone();
    assert_eq!(diagnostics.len(), 7, "the fixture's findings changed");
    (diagnostics, doc["errors"].as_array().unwrap().clone())
}

fn str_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string `{key}` in {value}"))
}

/// What a format that carries message and suggestion in one field must say.
fn message_with_suggestion(d: &Value) -> String {
    match d["suggestion"].as_str() {
        Some(s) => format!("{}\nSuggestion: {s}", str_of(d, "message")),
        None => str_of(d, "message").to_string(),
    }
}

#[test]
fn every_format_is_snapshotted() {
    for format in FORMATS {
        let run = check(format, &ALL);
        assert_eq!(run.code, 2, "{format}: an unreadable file exits 2");
        let stable = run.stdout.replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::with_settings!({ omit_expression => true }, {
            insta::assert_snapshot!(format!("format_{format}"), stable);
        });
    }
}

fn sarif_errors(log: &Value) -> Vec<String> {
    let schema = json(&std::fs::read_to_string(SCHEMA).unwrap());
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    // Fixes, a file error, paths with spaces, commas, `%`, `#` and non-ASCII.
    let full = json(&check("sarif", &ALL).stdout);
    assert_eq!(sarif_errors(&full), Vec::<String>::new());
    // A clean run.
    let clean = check("sarif", &["docs/clean.md"]);
    assert_eq!(clean.code, 0);
    assert_eq!(sarif_errors(&json(&clean.stdout)), Vec::<String>::new());
    // The embedded rules, with their real documentation as rule help.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("offer page.md"), "See new growth in just 4 weeks!\n").unwrap();
    let output = Command::cargo_bin("candor")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--format", "sarif", "offer page.md"])
        .output()
        .unwrap();
    let embedded = json(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(sarif_errors(&embedded), Vec::<String>::new());
    let results = embedded["runs"][0]["results"].as_array().unwrap();
    assert!(results
        .iter()
        .any(|r| r["ruleId"] == "early-results/visible-before-8-weeks"));

    // The validation is real: a broken log is refused.
    let mut broken = full.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert_eq!(sarif_errors(&broken).len(), 2, "{:?}", sarif_errors(&broken));
    // The schema's `uri-reference` format is newer than its draft 4, so the
    // validator skips it; check every `uri` with the draft 7 format instead.
    let uri_reference = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&serde_json::json!({"format": "uri-reference"}))
        .unwrap();
    assert!(
        !uri_reference.is_valid(&"docs/clinic page, v2.md".into()),
        "the check is real"
    );
    let mut uris = Vec::new();
    collect_uris(&full, &mut uris);
    assert_eq!(uris.len(), 1 + 7 + 4, "notification, results, fixes: {uris:?}");
    for uri in uris {
        assert!(uri_reference.is_valid(&uri), "{uri}");
    }
}

fn collect_uris(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                if key == "uri" {
                    out.push(value.clone());
                } else {
                    collect_uris(value, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_uris(v, out)),
        _ => {}
    }
}

fn percent_decode(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&uri[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn sarif_locations_rules_fixes_and_notifications() {
    let log = json(&check("sarif", &ALL).stdout);
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    // Every loaded rule, then candor's own check that fired (an unused suppression).
    let ids: Vec<&str> = rules.iter().map(|r| str_of(r, "id")).collect();
    assert_eq!(
        ids,
        [
            "guarantee/formats-guaranteed",
            "overstated-evidence/formats-miracle",
            "early-results/formats-instant",
            "guarantee/formats-no-side-effects",
            "candor/unused-suppression"
        ]
    );
    let (diagnostics, _) = oracle();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    for (result, d) in results.iter().zip(&diagnostics) {
        assert_eq!(result["ruleId"], d["rule"]);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], d["rule"]);
        assert_eq!(str_of(&result["message"], "text"), message_with_suggestion(d));
        let location = &result["locations"][0]["physicalLocation"];
        let uri = str_of(&location["artifactLocation"], "uri");
        assert!(!uri.contains([' ', ',', '#']) && uri.is_ascii(), "{uri}");
        assert_eq!(percent_decode(uri), str_of(d, "path"));
        // Bytes and UTF-16 columns both point at the flagged text.
        let region = &location["region"];
        let text = std::fs::read_to_string(Path::new(FIXTURES).join(str_of(d, "path"))).unwrap();
        let start = region["byteOffset"].as_u64().unwrap() as usize;
        let end = start + region["byteLength"].as_u64().unwrap() as usize;
        assert_eq!(str_of(&region["snippet"], "text"), &text[start..end]);
        assert_eq!(start as u64, d["span"]["start"].as_u64().unwrap());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let utf16 = text[line_start..start].encode_utf16().count() + 1;
        assert_eq!(region["startColumn"].as_u64().unwrap() as usize, utf16);
        assert_eq!(region["startLine"], d["span"]["line"]);
        // Fixes exactly where the rule has a replacement.
        let fixed = matches!(
            str_of(d, "rule"),
            "guarantee/formats-guaranteed" | "overstated-evidence/formats-miracle"
        );
        assert_eq!(result["fixes"].is_array(), fixed, "{result}");
        let fingerprint = str_of(&result["partialFingerprints"], "candorFingerprint/v1");
        assert!(fingerprint.ends_with(":1"), "{fingerprint}");
    }
    // The emoji before it counts two UTF-16 code units: one column more than in characters.
    let emoji = results
        .iter()
        .zip(&diagnostics)
        .find(|(_, d)| d["path"] == "docs/über 100% #1.md")
        .unwrap();
    let region = &emoji.0["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        region["startColumn"].as_u64().unwrap(),
        emoji.1["span"]["column"].as_u64().unwrap() + 1
    );
    assert_eq!(
        emoji.0["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "docs/%C3%BCber%20100%25%20%231.md"
    );

    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "unreadable/binary.md"
    );
}

/// `(rule, fingerprint) → start line` of every result.
fn fingerprints(dir: &Path) -> BTreeMap<(String, String), u64> {
    let log = json(&check_in(dir, "sarif", &["docs"]).stdout);
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let key = (
                str_of(r, "ruleId").to_string(),
                str_of(&r["partialFingerprints"], "candorFingerprint/v1").to_string(),
            );
            (
                key,
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
            )
        })
        .collect()
}

#[test]
fn sarif_fingerprints_survive_edits_above_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for entry in std::fs::read_dir(Path::new(FIXTURES).join("docs")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, docs.join(path.file_name().unwrap())).unwrap();
    }
    let before = fingerprints(dir.path());
    for entry in std::fs::read_dir(&docs).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("An added intro.\n\nAnd    another\nline.\n\n{text}")).unwrap();
    }
    let after = fingerprints(dir.path());
    assert_eq!(before.len(), 7);
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    assert!(before.iter().all(|(key, line)| after[key] == line + 5));
}

/// Undo the runner's escaping of a workflow command's message or property.
fn unescape_command(text: &str) -> String {
    text.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn github_commands_unescape_to_the_json_contract() {
    let run = check("github", &ALL);
    let (diagnostics, errors) = oracle();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), diagnostics.len() + errors.len(), "one line per finding");
    for (line, d) in lines.iter().zip(&diagnostics) {
        let (command, rest) = line.strip_prefix("::").unwrap().split_once(' ').unwrap();
        let expected = match str_of(d, "severity") {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        assert_eq!(command, expected);
        // The message is after the first `::`; properties cannot contain one.
        let (properties, message) = rest.split_once("::").unwrap();
        assert!(!message.contains(['\n', '\r']));
        assert_eq!(unescape_command(message), message_with_suggestion(d));
        let properties: BTreeMap<&str, String> = properties
            .split(',')
            .map(|p| {
                let (key, value) = p.split_once('=').unwrap();
                (key, unescape_command(value))
            })
            .collect();
        assert_eq!(properties["file"], str_of(d, "path"));
        assert_eq!(properties["title"], str_of(d, "rule"));
        assert_eq!(properties["line"], d["span"]["line"].to_string());
        assert_eq!(properties["endLine"], d["span"]["end_line"].to_string());
        // Columns only for a one-line range, as GitHub requires.
        let one_line = d["span"]["line"] == d["span"]["end_line"];
        assert_eq!(properties.contains_key("col"), one_line, "{line}");
        if one_line {
            assert_eq!(properties["col"], d["span"]["column"].to_string());
            assert_eq!(properties["endColumn"], d["span"]["end_column"].to_string());
        }
    }
    assert!(lines
        .last()
        .unwrap()
        .starts_with("::error file=unreadable/binary.md,title=candor::binary file"));
    assert!(run.stdout.contains("file=docs/clinic page%2C v2.md,"));
    assert!(run.stdout.contains("file=docs/über 100%25 #1.md,"));
}

/// What an XML attribute can carry of a string: XML 1.0 has no form for most
/// control characters, so the renderers write U+FFFD for them.
fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if c < ' ' => '\u{fffd}',
            c => c,
        })
        .collect()
}

fn parse_xml(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not well-formed XML ({e}):\n{text}"))
}

#[test]
fn checkstyle_is_well_formed_and_round_trips() {
    let run = check("checkstyle", &ALL);
    let doc = parse_xml(&run.stdout);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "checkstyle");
    assert_eq!(root.attribute("version"), Some("4.3"));
    let files: Vec<_> = root.children().filter(|n| n.has_tag_name("file")).collect();
    let names: Vec<_> = files.iter().map(|f| f.attribute("name").unwrap()).collect();
    assert_eq!(
        names,
        [
            "docs/clean.md",
            "docs/clinic page, v2.md",
            "docs/über 100% #1.md",
            "unreadable/binary.md"
        ]
    );
    let (diagnostics, _) = oracle();
    let errors: Vec<_> = files[..3]
        .iter()
        .flat_map(|f| f.children().filter(|n| n.has_tag_name("error")))
        .collect();
    assert_eq!(errors.len(), diagnostics.len());
    for (error, d) in errors.iter().zip(&diagnostics) {
        assert_eq!(error.parent().unwrap().attribute("name"), d["path"].as_str());
        assert_eq!(error.attribute("line").unwrap(), d["span"]["line"].to_string());
        assert_eq!(error.attribute("column").unwrap(), d["span"]["column"].to_string());
        assert_eq!(error.attribute("severity"), d["severity"].as_str());
        assert_eq!(error.attribute("source"), d["rule"].as_str());
        assert_eq!(
            error.attribute("message").unwrap(),
            xml_safe(&message_with_suggestion(d))
        );
    }
    let unreadable = files[3].first_element_child().unwrap();
    assert_eq!(unreadable.attribute("severity"), Some("error"));
    assert!(unreadable.attribute("message").unwrap().starts_with("binary file"));
}

#[test]
fn junit_is_well_formed_with_a_case_per_file() {
    let run = check("junit", &ALL);
    let doc = parse_xml(&run.stdout);
    let suite = doc.descendants().find(|n| n.has_tag_name("testsuite")).unwrap();
    assert_eq!(suite.attribute("name"), Some("candor"));
    assert_eq!(
        [
            suite.attribute("tests"),
            suite.attribute("failures"),
            suite.attribute("errors")
        ],
        [Some("4"), Some("2"), Some("1")]
    );
    let cases: Vec<_> = suite.children().filter(|n| n.has_tag_name("testcase")).collect();
    let classnames: Vec<_> = cases.iter().map(|c| c.attribute("classname").unwrap()).collect();
    assert_eq!(
        classnames,
        [
            "docs/clean.md",
            "docs/clinic page, v2.md",
            "docs/über 100% #1.md",
            "unreadable/binary.md"
        ]
    );
    assert_eq!(
        cases[0].children().filter(|n| n.is_element()).count(),
        0,
        "a clean file passes"
    );
    let (diagnostics, _) = oracle();
    let failures: Vec<_> = cases
        .iter()
        .flat_map(|c| c.children().filter(|n| n.has_tag_name("failure")))
        .collect();
    assert_eq!(failures.len(), diagnostics.len());
    for (failure, d) in failures.iter().zip(&diagnostics) {
        let message = format!("{}: {}", str_of(d, "rule"), str_of(d, "message"));
        assert_eq!(failure.attribute("message").unwrap(), xml_safe(&message));
        assert_eq!(failure.attribute("type"), d["severity"].as_str());
        let body = failure.text().unwrap();
        let at = format!("{}:{}:{}:", str_of(d, "path"), d["span"]["line"], d["span"]["column"]);
        assert!(body.starts_with(&at), "{body}");
        if let Some(suggestion) = d["suggestion"].as_str() {
            assert!(
                body.contains(&format!("Suggestion: {}", xml_safe(suggestion))),
                "{body}"
            );
        }
    }
    let error = cases[3].first_element_child().unwrap();
    assert_eq!(error.tag_name().name(), "error");
    assert!(error.attribute("message").unwrap().starts_with("binary file"));
}

#[test]
fn rdjson_uses_byte_columns_and_only_real_fixes_as_suggestions() {
    let result = json(&check("rdjson", &ALL).stdout);
    assert_eq!(result["source"]["name"], "candor");
    let (diagnostics, errors) = oracle();
    let rd = result["diagnostics"].as_array().unwrap();
    assert_eq!(rd.len(), diagnostics.len() + errors.len());
    for (r, d) in rd.iter().zip(&diagnostics) {
        assert_eq!(r["location"]["path"], d["path"]);
        assert_eq!(r["code"]["value"], d["rule"]);
        assert_eq!(str_of(r, "message"), message_with_suggestion(d));
        assert_eq!(r["severity"], str_of(d, "severity").to_uppercase());
        // 1-based UTF-8 byte columns, end exclusive.
        let text = std::fs::read_to_string(Path::new(FIXTURES).join(str_of(d, "path"))).unwrap();
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let offset = |p: &Value| {
            let line = p["line"].as_u64().unwrap() as usize;
            let before: usize = lines[..line - 1].iter().map(|l| l.len()).sum();
            before + p["column"].as_u64().unwrap() as usize - 1
        };
        let range = &r["location"]["range"];
        assert_eq!(offset(&range["start"]) as u64, d["span"]["start"].as_u64().unwrap());
        assert_eq!(offset(&range["end"]) as u64, d["span"]["end"].as_u64().unwrap());
        // Suggestions are fix edits, never a rule's prose advice.
        let suggestions = r["suggestions"].as_array();
        match str_of(d, "rule") {
            "guarantee/formats-guaranteed" => assert_eq!(suggestions.unwrap()[0]["text"], "expected"),
            "overstated-evidence/formats-miracle" => assert_eq!(suggestions.unwrap()[0]["text"], "new"),
            _ => assert!(suggestions.is_none(), "{r}"),
        }
    }
    let last = rd.last().unwrap();
    assert_eq!(last["location"]["path"], "unreadable/binary.md");
    assert_eq!(last["severity"], "ERROR");
}

/// JUnit's cases wait in an anonymous temporary file (the suite's counts come
/// first): without a temporary folder the run stops with a clear error.
#[test]
fn junit_says_when_it_cannot_spool_its_cases() {
    let output = Command::cargo_bin("candor")
        .unwrap()
        .current_dir(FIXTURES)
        .env("TMPDIR", Path::new(FIXTURES).join("no such folder"))
        .args(["check", "--isolated", "--no-default-rules", "--rules"])
        .arg(Path::new(FIXTURES).join("rules"))
        .args(["--format", "junit", "docs"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("cannot create a temporary file for the JUnit report"),
        "{stderr}"
    );
}
