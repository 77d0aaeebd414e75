//! `candor lsp` as an editor sees it: the built binary as a child process,
//! spoken to in JSON-RPC over its stdin and stdout. Every read has a timeout,
//! so a hung server fails the test instead of hanging the run.
#![cfg(feature = "lsp")]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(20);

/// A minimal LSP client around a `candor lsp` child process.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: mpsc::Receiver<Value>,
    /// Messages read but not yet asked for, in arrival order.
    backlog: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start(root: Option<&Path>, encodings: &[&str]) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_candor"))
            .arg("lsp")
            .current_dir(root.unwrap_or(Path::new(env!("CARGO_MANIFEST_DIR"))))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start candor lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            backlog: Vec::new(),
            next_id: 0,
        };
        let root_uri = root.map(|r| Value::String(uri(r)));
        let init = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "capabilities": {
                    "general": { "positionEncodings": encodings },
                    "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
                    "textDocument": { "publishDiagnostics": { "relatedInformation": true } }
                }
            }),
        );
        client.notify("initialized", json!({}));
        (client, init["result"].clone())
    }

    fn send(&mut self, message: &Value) {
        self.send_raw(message.to_string().as_bytes());
    }

    fn send_raw(&mut self, body: &[u8]) {
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body);
        self.stdin.write_all(&frame).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Send a request and wait for its response (the whole message).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(|m| m["id"] == json!(id) && m.get("method").is_none())
    }

    /// The first message, read or waiting, that `matches`; server requests are answered on the way.
    fn wait_for(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&matches) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.incoming.recv_timeout(left) {
                Ok(message) => message,
                Err(_) => panic!(
                    "no matching message from the server within {TIMEOUT:?}; unread: {:#?}",
                    self.backlog
                ),
            };
            if message.get("method").is_some() && message.get("id").is_some() {
                // A request from the server (client/registerCapability): accept it.
                let reply = json!({ "jsonrpc": "2.0", "id": message["id"], "result": null });
                self.send(&reply);
            }
            if matches(&message) {
                return message;
            }
            self.backlog.push(message);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let message = self.wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i32, changes: Value) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
        self.diagnostics(uri)
    }

    /// `shutdown` then `exit`; the exit code.
    fn shutdown(mut self) -> i32 {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null);
        self.notify("exit", Value::Null);
        self.exit_code()
    }

    fn exit_code(&mut self) -> i32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().expect("exited normally");
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A column in the given encoding: the length of `prefix` in its units.
fn column(prefix: &str, encoding: &str) -> u64 {
    match encoding {
        "utf-8" => prefix.len() as u64,
        _ => prefix.encode_utf16().count() as u64,
    }
}

/// The byte offset of an LSP position, as a client counts it.
fn offset_of(text: &str, position: &Value, encoding: &str) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap();
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut counted = 0;
    for (i, ch) in text[start..].char_indices() {
        if counted >= character || ch == '\n' {
            return start + i;
        }
        counted += if encoding == "utf-8" {
            ch.len_utf8()
        } else {
            ch.len_utf16()
        } as u64;
    }
    text.len()
}

/// Apply a code action's workspace edit to `text`, as a client would.
fn apply(text: &str, action: &Value, encoding: &str) -> String {
    let edit = &action["edit"];
    let edits: Vec<Value> = match edit.get("documentChanges") {
        Some(changes) => changes[0]["edits"].as_array().unwrap().clone(),
        None => edit["changes"]
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .as_array()
            .unwrap()
            .clone(),
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset_of(text, &e["range"]["start"], encoding),
                offset_of(text, &e["range"]["end"], encoding),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, &new);
    }
    out
}

const CLAIM: &str = "See new growth in just 4 weeks!";

#[test]
fn initialize_negotiates_the_position_encoding() {
    let (client, result) = Client::start(None, &["utf-8", "utf-16"]);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(
        result["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental sync"
    );
    assert_eq!(result["capabilities"]["hoverProvider"], true);
    assert_eq!(
        result["capabilities"]["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.candor"])
    );
    assert_eq!(result["serverInfo"]["name"], "candor");
    assert_eq!(client.shutdown(), 0);

    let (client, result) = Client::start(None, &[]);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn a_claim_is_published_and_an_incremental_edit_clears_it() {
    let (mut client, _) = Client::start(None, &[]);
    let uri = "file:///tmp/candor-lsp-test/offer.md";
    let text = format!("# Offer\n\n{CLAIM}\n");
    let diagnostics = client.open(uri, "markdown", &text);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(d["source"], "candor");
    assert_eq!(d["code"], "early-results/visible-before-8-weeks");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["range"]["start"], json!({ "line": 2, "character": 0 }));
    assert_eq!(d["range"]["end"], json!({ "line": 2, "character": CLAIM.len() - 1 }));
    assert!(d["message"].as_str().unwrap().contains("4 weeks"));
    assert!(d["data"]["actions"].as_array().is_some_and(|a| !a.is_empty()));

    // Delete " in just 4 weeks" (columns 14..30 of line 2).
    let diagnostics = client.change(
        uri,
        2,
        json!([{ "range": { "start": { "line": 2, "character": 14 }, "end": { "line": 2, "character": 30 } }, "text": "" }]),
    );
    assert_eq!(diagnostics, Vec::<Value>::new());

    // Closing clears what was published.
    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
    assert_eq!(client.diagnostics(uri), Vec::<Value>::new());
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn positions_after_hangul_kana_accents_and_emoji_in_both_encodings() {
    let prefix = "한국어 かな café 😀: ";
    let text = format!("{prefix}{CLAIM}\n");
    for encoding in ["utf-16", "utf-8"] {
        let (mut client, result) = Client::start(None, &[encoding]);
        assert_eq!(result["capabilities"]["positionEncoding"], encoding);
        let uri = "file:///tmp/candor-lsp-test/multibyte.md";
        let diagnostics = client.open(uri, "markdown", &text);
        assert_eq!(diagnostics.len(), 1, "{encoding}: {diagnostics:#?}");
        let range = &diagnostics[0]["range"];
        assert_eq!(range["start"]["character"], column(prefix, encoding), "{encoding}");
        let end = format!("{prefix}{}", &CLAIM[..CLAIM.len() - 1]);
        assert_eq!(range["end"]["character"], column(&end, encoding), "{encoding}");

        // Replace "4" with "12" by a range counted in this encoding: no longer early.
        let four = format!("{prefix}See new growth in just ");
        let at = column(&four, encoding);
        let diagnostics = client.change(
            uri,
            2,
            json!([{ "range": { "start": { "line": 0, "character": at }, "end": { "line": 0, "character": at + 1 } }, "text": "12" }]),
        );
        assert_eq!(diagnostics, Vec::<Value>::new(), "{encoding}");
        assert_eq!(client.shutdown(), 0);
    }
}

#[test]
fn code_actions_rewrite_or_disable_and_the_edit_applies() {
    let (mut client, _) = Client::start(None, &[]);
    let uri = "file:///tmp/candor-lsp-test/actions.md";
    let text = format!("# Offer\n\nÉtude 😀. {CLAIM} Book today.\n");
    let diagnostics = client.open(uri, "markdown", &text);
    assert_eq!(diagnostics.len(), 1);
    let response = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": diagnostics[0]["range"],
            "context": { "diagnostics": diagnostics }
        }),
    );
    let actions = response["result"].as_array().unwrap().clone();
    let titles: Vec<&str> = actions.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(actions.len(), 2, "{titles:?}");
    assert!(
        titles[0].starts_with("Rewrite the sentence to read “Visible change"),
        "{titles:?}"
    );
    assert!(titles[0].contains("read it first"), "{titles:?}");
    assert_eq!(titles[1], "Disable early-results/visible-before-8-weeks for this line");
    assert!(actions.iter().all(|a| a["kind"] == "quickfix"));

    let rewritten = apply(&text, &actions[0], "utf-16");
    assert!(
        rewritten.starts_with("# Offer\n\nÉtude 😀. Visible change, where it emerges, appears at eight"),
        "{rewritten}"
    );
    assert!(rewritten.ends_with("is under way. Book today.\n"), "{rewritten}");

    let disabled = apply(&text, &actions[1], "utf-16");
    assert_eq!(
        disabled,
        format!("# Offer\n\n<!-- candor-disable-next-line early-results/visible-before-8-weeks -- reason -->\nÉtude 😀. {CLAIM} Book today.\n")
    );
    let diagnostics = client.change(uri, 2, json!([{ "text": disabled }]));
    assert_eq!(
        diagnostics,
        Vec::<Value>::new(),
        "the suppression comment silences the line"
    );
    assert_eq!(client.shutdown(), 0);
}

/// A workspace with a rule pack whose rule has a safe fix.
fn workspace_with_safe_fix() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("candor.toml"), "rules = [\"packs\"]\n").unwrap();
    std::fs::create_dir(dir.path().join("packs")).unwrap();
    std::fs::write(
        dir.path().join("packs/fixture.toml"),
        r#"[[rule]]
id = "guarantee/lsp-fixture-zorblax"
category = "guarantee"
summary = "A fixture rule for the LSP tests."
message = "calls the serum zorblax"
suggestion = "Say serum."
rationale = "Test fixture."
source = "tests/lsp.rs"
patterns = ['\bzorblax\b']
fix = { safety = "safe", replacement = "plain" }
"#,
    )
    .unwrap();
    dir
}

#[test]
fn fix_all_applies_every_safe_fix_in_one_edit() {
    let dir = workspace_with_safe_fix();
    let (mut client, _) = Client::start(Some(dir.path()), &[]);
    let uri = uri(&dir.path().join("page.md"));
    let text = "# 한국 Zorblax serum\n\nOur zorblax serum. The zorblax formula.\n";
    let diagnostics = client.open(&uri, "markdown", text);
    assert_eq!(diagnostics.len(), 3, "{diagnostics:#?}");
    let response = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [], "only": ["source.fixAll"] }
        }),
    );
    let actions = response["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.candor");
    assert_eq!(actions[0]["title"], "Fix all safe fixes in this document");
    let fixed = apply(text, &actions[0], "utf-16");
    assert_eq!(fixed, "# 한국 Plain serum\n\nOur plain serum. The plain formula.\n");

    // The quick fix of one diagnostic is that diagnostic's fix, preferred.
    let response = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": diagnostics[1]["range"],
            "context": { "diagnostics": [diagnostics[1]], "only": ["quickfix"] }
        }),
    );
    let actions = response["result"].as_array().unwrap();
    assert_eq!(actions[0]["title"], "Replace with “plain”");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(apply(text, &actions[0], "utf-16"), text.replacen("zorblax", "plain", 1));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn hover_explains_the_rule_under_the_cursor() {
    let (mut client, _) = Client::start(None, &[]);
    let uri = "file:///tmp/candor-lsp-test/hover.md";
    client.open(uri, "markdown", &format!("# Offer\n\n{CLAIM}\n"));
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 10 } }),
    );
    let contents = &hover["result"]["contents"];
    assert_eq!(contents["kind"], "markdown");
    let value = contents["value"].as_str().unwrap();
    assert!(value.starts_with("# early-results/visible-before-8-weeks"), "{value}");
    for section in [
        "## What it flags",
        "## Why",
        "Source: ",
        "## Write instead",
        "## Flags",
        "## Leaves alone",
    ] {
        assert!(value.contains(section), "{section} missing from {value}");
    }
    assert_eq!(hover["result"]["range"]["start"], json!({ "line": 2, "character": 0 }));

    let nothing = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 2 } }),
    );
    assert_eq!(nothing["result"], Value::Null);
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn malformed_messages_are_answered_or_logged_and_serving_goes_on() {
    let (mut client, _) = Client::start(None, &[]);
    client.send_raw(b"{this is not json");
    let log = client.wait_for(|m| m["method"] == "window/logMessage");
    assert!(
        log["params"]["message"].as_str().unwrap().contains("invalid JSON"),
        "{log}"
    );

    client.send_raw(br#"{"jsonrpc":"2.0","id":"bad","method":42}"#);
    let error = client.wait_for(|m| m["id"] == "bad");
    assert_eq!(error["error"]["code"], -32600);

    let unknown = client.request("candor/noSuchMethod", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let bad_params = client.request("textDocument/hover", json!({ "position": "nowhere" }));
    assert_eq!(bad_params["error"]["code"], -32602);

    // Still serving.
    let uri = "file:///tmp/candor-lsp-test/after.md";
    assert_eq!(client.open(uri, "markdown", CLAIM).len(), 1);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 1 } }),
    );
    assert!(hover["result"]["contents"]["value"].is_string());
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn a_broken_config_is_a_diagnostic_on_the_config_and_linting_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("candor.toml");
    std::fs::write(&config, "# settings\nignroe = [\"guarantee\"]\n").unwrap();
    let (mut client, _) = Client::start(Some(dir.path()), &[]);
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert_eq!(watchers[0]["globPattern"], "**/candor.toml");

    let config_uri = uri(&config);
    let problems = client.diagnostics(&config_uri);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["range"]["start"], json!({ "line": 1, "character": 0 }));
    assert_eq!(problems[0]["range"]["end"], json!({ "line": 1, "character": 6 }));
    assert!(problems[0]["message"]
        .as_str()
        .unwrap()
        .contains("did you mean `ignore`?"));

    let doc = uri(&dir.path().join("offer.md"));
    assert_eq!(
        client.open(&doc, "markdown", CLAIM).len(),
        1,
        "linted with the defaults"
    );

    // Fixed on disk: the watcher's notification reloads, the problem clears,
    // and the new config (ignoring early-results) applies to open documents.
    std::fs::write(&config, "ignore = [\"early-results\"]\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config_uri, "type": 2 }] }),
    );
    assert_eq!(client.diagnostics(&doc), Vec::<Value>::new());
    assert_eq!(client.diagnostics(&config_uri), Vec::<Value>::new());
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn exit_without_shutdown_exits_1() {
    let (mut client, _) = Client::start(None, &[]);
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_code(), 1);
}
