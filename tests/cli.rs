//! The `candor` binary as a user runs it: output, exit codes, errors, config.

use std::path::Path;

use assert_cmd::Command;

fn candor() -> Command {
    let mut cmd = Command::cargo_bin("candor").unwrap();
    cmd.env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

const CLAIM: &str = "tests/fixtures/docs/claim.md";

#[test]
fn human_output_annotates_the_claim_and_exits_1() {
    let r = run(candor().args(["check", "--isolated", CLAIM]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("check_human_claim", r.stdout);
}

#[test]
fn json_output_is_the_contract() {
    let r = run(candor().args(["check", "--isolated", "--format", "json", CLAIM]));
    assert_eq!(r.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["path"], CLAIM);
    assert_eq!(d["category"], "early-results");
    let text = std::fs::read_to_string(CLAIM).unwrap();
    let (start, end) = (
        d["span"]["start"].as_u64().unwrap() as usize,
        d["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "See new growth in just 4 weeks");
    insta::assert_snapshot!("check_json_claim", r.stdout);
}

#[test]
fn same_input_same_output_byte_for_byte() {
    let a = run(candor().args([
        "check",
        "--isolated",
        "--format",
        "json",
        "tests/fixtures/docs/claim.md",
        "corpus",
    ]));
    let b = run(candor().args([
        "check",
        "--isolated",
        "--format",
        "json",
        "tests/fixtures/docs/claim.md",
        "corpus",
    ]));
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn spans_survive_bom_crlf_and_emphasis() {
    let path = "tests/fixtures/docs/bom-crlf.md";
    let r = run(candor().args(["check", "--isolated", "--format", "json", path]));
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let bytes = std::fs::read(path).unwrap();
    let d = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["category"] == "early-results")
        .expect("the claim is found");
    let (start, end) = (
        d["span"]["start"].as_u64().unwrap() as usize,
        d["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&bytes[start..end], b"See *new growth* in just 4 weeks");
    assert_eq!(
        (d["span"]["line"].as_u64(), d["span"]["column"].as_u64()),
        (Some(3), Some(44))
    );
}

#[test]
fn the_reference_guide_lints_clean() {
    let r = run(candor().args([
        "check",
        "--isolated",
        "--format",
        "json",
        "corpus/honest/stem-cell-hair-restoration.txt",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["diagnostics"], serde_json::json!([]), "{}", r.stdout);
    assert_eq!(r.code, 0);
}

#[test]
fn unreadable_files_are_named_and_the_rest_is_linted() {
    let r = run(candor().args([
        "check",
        "--isolated",
        "--format",
        "json",
        "tests/fixtures/docs/archive.md",
        CLAIM,
        "tests/fixtures/docs/latin1.txt",
        "tests/fixtures/docs/missing.md",
    ]));
    assert_eq!(r.code, 2);
    insta::assert_snapshot!("unreadable_stderr", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["path"], CLAIM);
    assert_eq!(doc["summary"]["files"], 1);
}

/// `check` reads files ahead while the rules' automaton builds, up to
/// 4 MiB of text; the files after that are read at their turn. Either way,
/// the same findings and errors, in order.
#[test]
fn files_past_the_read_ahead_are_linted_alike() {
    let dir = tempfile::tempdir().unwrap();
    let claim = std::fs::read(CLAIM).unwrap();
    std::fs::write(dir.path().join("a-claim.md"), &claim).unwrap();
    // Past the budget, and only white space, so it lints at once.
    std::fs::write(dir.path().join("b-blank.txt"), "\n".repeat(5 << 20)).unwrap();
    std::fs::write(dir.path().join("c-binary.md"), b"\0\x01\x02 binary").unwrap();
    std::fs::write(dir.path().join("d-claim.md"), &claim).unwrap();
    let r = run(candor()
        .args(["check", "--isolated", "--format", "json"])
        .arg(dir.path()));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("c-binary.md"), "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["summary"]["files"], 3, "{}", r.stdout);

    let alone = run(candor().args(["check", "--isolated", "--format", "json", CLAIM]));
    let alone: serde_json::Value = serde_json::from_str(&alone.stdout).unwrap();
    let expected: Vec<serde_json::Value> = alone["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| serde_json::json!({"rule": d["rule"], "span": d["span"], "message": d["message"]}))
        .collect();
    assert!(!expected.is_empty());
    for name in ["a-claim.md", "d-claim.md"] {
        let found: Vec<serde_json::Value> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["path"].as_str().unwrap().ends_with(name))
            .map(|d| serde_json::json!({"rule": d["rule"], "span": d["span"], "message": d["message"]}))
            .collect();
        assert_eq!(found, expected, "{name}");
    }
}

#[test]
fn standard_input_with_a_filename() {
    let r = run(candor()
        .args([
            "check",
            "--isolated",
            "--format",
            "json",
            "--stdin-filename",
            "draft.md",
            "-",
        ])
        .write_stdin("Visible results in just 3 weeks.\n"));
    assert_eq!(r.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["path"], "draft.md");
}

#[test]
fn fail_on_chooses_the_gate() {
    let pack = "tests/fixtures/packs/good";
    let draft = "Every course comes with a lifetime warranty.\n";
    let warn = run(candor()
        .args(["check", "--isolated", "--rules", pack, "-"])
        .write_stdin(draft));
    assert_eq!(warn.code, 1, "warnings fail by default");
    let gate = run(candor()
        .args(["check", "--isolated", "--rules", pack, "--fail-on", "error", "-"])
        .write_stdin(draft));
    assert_eq!(gate.code, 0, "{}", gate.stdout);
}

#[test]
fn broken_packs_are_refused_with_a_pointer_into_the_toml() {
    for (pack, needle) in [
        ("broken-unknown-key", "unknown field `catgory`"),
        ("broken-regex", "invalid regex"),
        ("broken-answered-no", "invalid regex"),
        ("broken-missing", "missing field `message`"),
        (
            "broken-duplicate",
            "duplicate rule id `early-results/visible-before-8-weeks`",
        ),
        ("broken-category", "unknown category `guarantees`"),
    ] {
        let dir = format!("tests/fixtures/packs/{pack}");
        let r = run(candor().args(["check", "--isolated", "--rules", &dir, CLAIM]));
        assert_eq!(r.code, 2, "{pack}: {}", r.stderr);
        assert!(r.stderr.contains(needle), "{pack}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("{dir}/pack.toml")),
            "{pack} names the file: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "nothing is linted with a refused pack");
        insta::assert_snapshot!(format!("broken_pack_{pack}"), r.stderr);
    }
}

#[test]
fn test_rules_runs_a_teams_pack() {
    let good = run(candor().args(["test-rules", "--isolated", "tests/fixtures/packs/good"]));
    assert_eq!(good.code, 0, "{}", good.stdout);
    assert!(good.stdout.contains("0 failed"));
    let bad = run(candor().args([
        "test-rules",
        "--isolated",
        "--no-default-rules",
        "tests/fixtures/packs/failing",
    ]));
    assert_eq!(bad.code, 1);
    insta::assert_snapshot!("test_rules_failing", bad.stdout);
}

#[test]
fn rules_and_explain() {
    let list = run(candor().args(["rules", "--isolated"]));
    assert_eq!(list.code, 0);
    assert!(list.stdout.contains("early-results/visible-before-8-weeks"));
    let explain = run(candor().args(["explain", "--isolated", "early-results/visible-before-8-weeks"]));
    assert_eq!(explain.code, 0);
    assert!(explain.stdout.contains("## Why"));
    let missing = run(candor().args(["explain", "--isolated", "early-results/visible-before-8-week"]));
    assert_eq!(missing.code, 2);
    assert!(missing
        .stderr
        .contains("did you mean `early-results/visible-before-8-weeks`"));
}

#[test]
fn config_is_discovered_upward_and_strict() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("content/pages");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(nested.join("offer.md"), "See new growth in just 4 weeks!\n").unwrap();
    std::fs::write(dir.path().join("candor.toml"), "ignore = [\"early-results\"]\n").unwrap();
    let mut cmd = candor();
    cmd.current_dir(&nested).args(["check", "offer.md"]);
    let quiet = run(&mut cmd);
    assert_eq!(quiet.code, 0, "{}", quiet.stdout);

    std::fs::write(
        dir.path().join("candor.toml"),
        "ignore = [\"early-results\"]\nfail_on = \"error\"\n",
    )
    .unwrap();
    let mut cmd = candor();
    cmd.current_dir(&nested).args(["check", "offer.md"]);
    let broken = run(&mut cmd);
    assert_eq!(broken.code, 2);
    assert!(broken.stderr.contains("unknown field `fail_on`"), "{}", broken.stderr);
    assert!(broken.stderr.contains("did you mean `fail-on`?"), "{}", broken.stderr);
}

#[test]
fn folders_skip_unknown_extensions_and_respect_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join(".gitignore"), "drafts/\n").unwrap();
    std::fs::create_dir_all(root.join("drafts")).unwrap();
    let claim = "See new growth in just 4 weeks!\n";
    for name in ["a.md", "b.txt", "c.rs", "drafts/d.md", ".hidden.md"] {
        std::fs::write(root.join(name), claim).unwrap();
    }
    let mut cmd = candor();
    cmd.current_dir(root)
        .args(["check", "--isolated", "--format", "json", "--no-disclosures"]);
    let r = run(&mut cmd);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let paths: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec!["a.md", "b.txt"]);
}

/// `include` and `exclude` in `candor.toml` choose among the walked files,
/// by paths relative to the config's folder, from wherever the run starts.
#[test]
fn config_globs_choose_the_walked_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for folder in ["content/drafts", "content/pages", "other"] {
        std::fs::create_dir_all(root.join(folder)).unwrap();
    }
    let claim = "See new growth in just 4 weeks!\n";
    for name in [
        "content/a.md",
        "content/pages/b.md",
        "content/drafts/c.md",
        "other/d.md",
    ] {
        std::fs::write(root.join(name), claim).unwrap();
    }
    let paths = |from: &Path, args: &[&str]| -> Vec<String> {
        let mut cmd = candor();
        cmd.current_dir(from)
            .args(["check", "--format", "json", "--no-disclosures"])
            .args(args);
        let r = run(&mut cmd);
        let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect(&r.stderr);
        doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        paths(root, &[]),
        [
            "content/a.md",
            "content/drafts/c.md",
            "content/pages/b.md",
            "other/d.md"
        ]
    );
    std::fs::write(
        root.join("candor.toml"),
        "include = [\"content/**\"]\nexclude = [\"content/drafts\"]\n",
    )
    .unwrap();
    assert_eq!(paths(root, &[]), ["content/a.md", "content/pages/b.md"]);
    assert_eq!(paths(&root.join("content"), &[]), ["a.md", "pages/b.md"]);
    assert_eq!(paths(root, &["other", "content/drafts"]), Vec::<String>::new());
}

#[test]
fn suppressions_scope_and_report_unused() {
    let text = "<!-- candor-disable-next-line early-results -- quoting a competitor -->\nSee new growth in just 4 weeks!\n\n<!-- candor-disable early-results -->\nVisible results in just 3 weeks.\n<!-- candor-enable early-results -->\n\nRegrowth in just 2 weeks.\n\n<!-- candor-disable-next-line guarantee -->\nNothing to see here.\n";
    let r = run(candor()
        .args([
            "check",
            "--isolated",
            "--format",
            "json",
            "--stdin-filename",
            "s.md",
            "-",
        ])
        .write_stdin(text));
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let got: Vec<(String, u64)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["span"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("early-results/visible-before-8-weeks".to_string(), 8),
            ("candor/unused-suppression".to_string(), 10),
        ]
    );
}

#[test]
fn debug_views_show_byte_ranges() {
    let r = run(candor().args(["debug", "sentences", "--isolated", CLAIM]));
    assert_eq!(r.code, 0);
    insta::assert_snapshot!("debug_sentences", r.stdout);
}

#[test]
fn usage_errors_exit_2() {
    let r = run(candor().args(["check", "--format", "yaml"]));
    assert_eq!(r.code, 2);
    assert!(Path::new(CLAIM).exists());
}

#[test]
fn config_show_prints_the_effective_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("candor.toml"),
        "ignore = [\"single-session\"]\nfail-on = \"error\"\n",
    )
    .unwrap();
    let mut cmd = candor();
    cmd.current_dir(dir.path()).args(["config", "--show"]);
    let r = run(&mut cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("ignore = [\"single-session\"]"), "{}", r.stdout);
    assert!(r.stdout.contains("fail-on = \"error\""), "{}", r.stdout);
}

#[test]
fn format_in_forces_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("page.php"),
        "<p>See new growth in just 4 weeks!</p><script>x = 'Regrowth in 2 weeks'</script>\n",
    )
    .unwrap();
    let mut cmd = candor();
    cmd.current_dir(dir.path()).args([
        "check",
        "--isolated",
        "--no-disclosures",
        "--format",
        "json",
        "--format-in",
        "html",
        "page.php",
    ]);
    let r = run(&mut cmd);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "the script is not linted: {}", r.stdout);
    assert_eq!(diagnostics[0]["span"]["column"], 4);
}

/// Human output is rendered on the threads that lint each file, except
/// against a baseline, which filters findings in file order and so renders
/// them in order too: both ways print the same bytes.
#[test]
fn human_output_is_the_same_rendered_on_the_pool_or_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let baseline = dir.path().join("baseline.json");
    let recorded = run(candor()
        .args(["check", "--isolated", "--write-baseline"])
        .arg(&baseline)
        .arg(&empty));
    assert_eq!(recorded.code, 0, "{}", recorded.stderr);

    let pooled = run(candor().args(["check", "--isolated", "corpus"]));
    let ordered = run(candor()
        .args(["check", "--isolated", "--baseline"])
        .arg(&baseline)
        .arg("corpus"));
    assert_eq!((pooled.code, ordered.code), (1, 1), "{}", ordered.stderr);
    assert!(pooled.stdout.matches("╭─[").count() > 100, "{}", pooled.stdout);
    assert_eq!(pooled.stdout, ordered.stdout);
}

/// Human output on a terminal is as wide as the terminal; piped, 100
/// columns. The binary runs on a pseudo-terminal of a set width (Python's
/// `pty`, which every machine this builds on has).
#[test]
fn human_output_fits_the_terminal_it_is_written_to() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.txt");
    let filler = "This paragraph goes on about the clinic, its coordinators and its aftercare sheets. ".repeat(4);
    std::fs::write(
        &page,
        format!("{filler}Our therapy offers guaranteed regrowth for everyone. {filler}\n"),
    )
    .unwrap();
    let binary = assert_cmd::cargo::cargo_bin("candor");
    const ON_A_TERMINAL: &str = r#"
import fcntl, os, pty, struct, sys, termios
binary, page, columns = sys.argv[1], sys.argv[2], int(sys.argv[3])
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    os.execv(binary, [binary, "check", "--color", "never", page])
out = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
"#;
    // The widest row of source text (a line number, a bar, then the text).
    let widest = |output: &str| {
        output
            .lines()
            .filter(|row| {
                row.trim_start()
                    .split_once(" │ ")
                    .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
            })
            .map(|row| row.trim_end_matches('\r').chars().count())
            .max()
            .unwrap()
    };
    for columns in [70, 140] {
        let output = std::process::Command::new("python3")
            .args(["-c", ON_A_TERMINAL])
            .arg(&binary)
            .arg(&page)
            .arg(columns.to_string())
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.contains("guaranteed regrowth"), "{stdout}");
        let widest = widest(&stdout);
        assert!(
            widest <= columns && widest > columns - 20,
            "{widest} columns on a terminal of {columns}:\n{stdout}"
        );
    }
    let piped = run(candor().arg("check").arg(&page));
    let widest = widest(&piped.stdout);
    assert!(
        widest <= 100 && widest > 80,
        "{widest} columns piped:\n{}",
        piped.stdout
    );
}
