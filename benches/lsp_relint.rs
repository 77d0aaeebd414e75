//! Re-lint latency of `candor lsp`: apply a one-character edit to a 50 KB
//! Markdown document, lint it and convert the findings to diagnostics — the
//! work the server does for each keystroke (`candor::lsp::relint`).
//!
//! `cargo bench --bench lsp_relint`; the target is a median under 10 ms.
//! Unchanged blocks come from the document's memo (`candor::BlockMemo`), so
//! a keystroke re-matches one block; the first lint after the rules load
//! pays for everything and is measured apart.

use candor::lsp::config::Settings;
use candor::lsp::documents::Document;
use candor::lsp::relint;
use candor::position::ColumnUnit;
use candor::source::Format;
use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

const SIZE: usize = 50 * 1024;

fn main() {
    divan::main();
}

/// 50 KB of the corpus's Markdown (honest, mixed and overpromising copy,
/// so there are findings to convert), cut at a line end.
fn document() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<std::path::PathBuf> = walk(&root);
    files.sort();
    let mut text = String::new();
    while text.len() < SIZE {
        for file in &files {
            text.push_str(&std::fs::read_to_string(file).expect("corpus file"));
            text.push('\n');
        }
    }
    let cut = text[..SIZE].rfind('\n').map_or(SIZE, |i| i + 1);
    text.truncate(cut);
    text
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("corpus folder") {
        let path = entry.expect("corpus entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out
}

#[divan::bench(sample_count = 200)]
fn relint_50kb_after_one_char_edit(bencher: divan::Bencher) {
    let settings = Settings::defaults();
    let text = document();
    let line = (text.lines().count() / 2) as u32;
    let uri = "file:///bench/page.md".parse().expect("a URI");
    let mut document = Document::new(uri, Format::Markdown, 1, text);
    let first = relint(&mut document, &settings, ColumnUnit::Utf16);
    assert!(!first.is_empty(), "the benchmark document has findings to convert");
    let mut version = 1;
    bencher.bench_local(|| {
        // Type a character at the start of a middle line, then delete it, so
        // the document stays 50 KB.
        version += 1;
        let inserted = version % 2 == 0;
        let end = if inserted { 0 } else { 1 };
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(line, 0), Position::new(line, end))),
            range_length: None,
            text: if inserted { "x".into() } else { String::new() },
        };
        document.apply_changes(version, vec![change], ColumnUnit::Utf16);
        divan::black_box(relint(&mut document, &settings, ColumnUnit::Utf16))
    });
}

/// The first lint of a 50 KB document by a server that has just loaded its
/// rules: building the pattern sets and a cold DFA cache, paid once per
/// session (and again when the configuration reloads).
#[divan::bench(sample_count = 10)]
fn first_lint_50kb_fresh_rules(bencher: divan::Bencher) {
    let text = document();
    bencher
        .with_inputs(|| {
            let uri = "file:///bench/page.md".parse().expect("a URI");
            (
                Settings::defaults(),
                Document::new(uri, Format::Markdown, 1, text.clone()),
            )
        })
        .bench_local_values(|(settings, mut document)| {
            divan::black_box(relint(&mut document, &settings, ColumnUnit::Utf16));
            (settings, document)
        });
}
