//! One snapshot per corpus document: the human and JSON output of `candor
//! check`, so a reviewer sees exactly what a rule change changes. Documents
//! under corpus/honest/ must have no claim findings (asserted as well).

use std::path::Path;

use candor::render::{human::HumanRenderer, json::JsonRenderer, FileReport, Renderer, Summary};
use candor::{lint, FindingKind, Format, LintOptions, RuleSet, SourceFile};

fn render(renderer: &mut dyn Renderer, report: &FileReport<'_>, summary: &Summary) -> String {
    let mut out = Vec::new();
    renderer.file(&mut out, report).unwrap();
    renderer.finish(&mut out, summary).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn corpus_documents() {
    let rules = RuleSet::embedded();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::glob!("../corpus", "**/*.{md,txt,html}", |path| {
        let relative = path.strip_prefix(root).unwrap();
        let format = Format::from_extension(path).unwrap();
        let bytes = std::fs::read(path).unwrap();
        let source = SourceFile::from_bytes(relative.to_string_lossy().replace('\\', "/"), format, bytes).unwrap();
        let output = lint(&source, &rules, &LintOptions::default());
        if relative.starts_with("corpus/honest") {
            let claims: Vec<_> = output
                .findings
                .iter()
                .filter(|f| f.kind == FindingKind::Claim)
                .collect();
            assert!(claims.is_empty(), "{}: honest copy flagged: {claims:#?}", source.path);
        }
        let mut summary = Summary {
            files: 1,
            ..Summary::default()
        };
        for f in &output.findings {
            summary.count(f.severity);
        }
        let report = FileReport {
            source: &source,
            output: &output,
        };
        let human = render(&mut HumanRenderer::new(false, 80), &report, &summary);
        let json = render(&mut JsonRenderer::default(), &report, &summary);
        insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("{human}\n{json}"));
        });
    });
}
