//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//!
//! One run. `tool.driver.rules` lists every loaded rule and disclosure (plus
//! candor's own suppression checks when they fire), so a rule's index and help
//! do not depend on what this run found and a clean run still says what it
//! checked. Regions give lines and UTF-16 columns (`run.columnKind`) plus byte
//! offsets into the file; `partialFingerprints` hash the path, rule and
//! normalised sentence, never line numbers, so an alert survives edits above it.
//! Unreadable files become tool execution notifications.

mod log;
mod rules;

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use rayon::prelude::*;

use self::log::*;
use self::rules::{descriptor_for_disclosure, descriptor_for_rule, descriptor_for_unknown, Descriptor};
use super::stream::PrettyArray;
use super::{message_with_suggestion, render_chunks, FileError, FileReport, Renderer, Summary, CHUNK, GROUP};
use crate::baseline::Fingerprints;
use crate::finding::{Finding, Fix};
use crate::position::{ColumnUnit, Span};
use crate::rules::{RuleSet, Severity};
use crate::source::SourceFile;

const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The `partialFingerprints` key; bump the version if the hashed text changes.
pub const FINGERPRINT_KEY: &str = "candorFingerprint/v1";

/// Writes each file's results as the file is reported, and the rest of the
/// log (the rules, which grow as candor's own checks fire, and the
/// notifications) after them, so memory holds a file's results, not a run's.
/// JSON keys have no order: `results` simply comes first in the run.
pub struct SarifRenderer {
    rules: Vec<Descriptor>,
    index: HashMap<String, usize>,
    /// The results array (with the log up to it).
    results: PrettyArray,
    notifications: Vec<Notification>,
    /// How often each fingerprint was seen in the current file, for the
    /// `:n` occurrence suffix (a fingerprint hashes the path: no other file
    /// shares it).
    seen: HashMap<String, usize>,
}

pub(super) fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a URI reference: relative paths stay relative; every byte but
/// the unreserved ones and `/` is percent-encoded (space → `%20`), so `#`,
/// `?`, `:` and `%` in a file name cannot be read as URI syntax.
pub fn uri(path: &str) -> String {
    let (prefix, rest) = match path.as_bytes() {
        [b'/', ..] => ("file://", path),
        [drive, b':', b'/', ..] if drive.is_ascii_alphabetic() => ("file:///", path),
        _ => ("", path),
    };
    let mut out = String::from(prefix);
    for (i, &byte) in rest.as_bytes().iter().enumerate() {
        let drive_colon = !prefix.is_empty() && i == 1 && byte == b':';
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) || drive_colon {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn region(source: &SourceFile, span: Span, snippet: bool) -> Region {
    let at = source.locate(span, ColumnUnit::Utf16);
    Region {
        start_line: at.line,
        start_column: at.column,
        end_line: at.end_line,
        end_column: at.end_column,
        byte_offset: at.start,
        byte_length: at.end - at.start,
        snippet: snippet.then(|| Message {
            text: source.text[span.range()].to_string(),
        }),
    }
}

fn artifact(path: &str) -> ArtifactLocation {
    ArtifactLocation { uri: uri(path) }
}

fn sarif_fix(source: &SourceFile, fix: &Fix) -> SarifFix {
    SarifFix {
        description: Message {
            text: format!("{} fix", fix.safety.as_str()),
        },
        artifact_changes: [ArtifactChange {
            artifact_location: artifact(&source.path),
            replacements: fix
                .edits
                .iter()
                .map(|edit| Replacement {
                    deleted_region: region(source, edit.span, false),
                    inserted_content: Message {
                        text: edit.replacement.clone(),
                    },
                })
                .collect(),
        }],
    }
}

impl SarifRenderer {
    pub fn new(rules: &RuleSet) -> Self {
        let descriptors: Vec<Descriptor> = (rules.rules.iter().map(descriptor_for_rule))
            .chain(rules.disclosures.iter().map(descriptor_for_disclosure))
            .collect();
        let index = descriptors.iter().enumerate().map(|(i, d)| (d.id.clone(), i)).collect();
        SarifRenderer {
            rules: descriptors,
            index,
            results: PrettyArray::new(
                format!(
                    "{{\n  \"$schema\": {},\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"results\": [",
                    serde_json::Value::from(SCHEMA)
                ),
                "        ",
            ),
            notifications: Vec::new(),
            seen: HashMap::new(),
        }
    }

    fn rule_index(&mut self, finding: &Finding) -> usize {
        if let Some(&index) = self.index.get(&*finding.rule) {
            return index;
        }
        self.rules.push(descriptor_for_unknown(finding));
        self.index.insert(finding.rule.to_string(), self.rules.len() - 1);
        self.rules.len() - 1
    }

    /// What a result takes from the results before it: its rule's index
    /// (candor's own checks are indexed as they first fire) and the
    /// occurrence that suffixes its fingerprint.
    fn ordered(&mut self, finding: &Finding, hash: String) -> Ordered {
        let occurrence = {
            let seen = self.seen.entry(hash.clone()).or_default();
            *seen += 1;
            *seen
        };
        Ordered {
            rule_index: self.rule_index(finding),
            fingerprint: format!("{hash}:{occurrence}"),
        }
    }
}

/// The parts of a result that depend on the results before it.
struct Ordered {
    rule_index: usize,
    fingerprint: String,
}

fn result(source: &SourceFile, finding: &Finding, ordered: Ordered) -> SarifResult {
    let context = finding.sentence.contains(&finding.span) && finding.sentence != finding.span;
    SarifResult {
        rule_id: finding.rule.to_string(),
        rule_index: ordered.rule_index,
        level: level(finding.severity),
        message: Message {
            text: message_with_suggestion(finding),
        },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact(&source.path),
                region: Some(region(source, finding.span, true)),
                context_region: context.then(|| region(source, finding.sentence, true)),
            },
        }],
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, ordered.fingerprint)]),
        fixes: finding.fix.iter().map(|fix| sarif_fix(source, fix)).collect(),
    }
}

impl Renderer for SarifRenderer {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let source = report.source;
        let findings = &report.output.findings;
        if findings.len() <= CHUNK {
            let mut fingerprints = Fingerprints::new(source);
            for finding in findings {
                let ordered = self.ordered(finding, fingerprints.of(finding));
                self.results.push(out, &result(source, finding, ordered))?;
            }
        } else {
            for group in findings.chunks(GROUP) {
                // Hashing a sentence is the costly part of what a result
                // takes from those before it; counting is not.
                let hashes: Vec<String> = group
                    .par_chunks(CHUNK)
                    .flat_map_iter(|chunk| {
                        let mut fingerprints = Fingerprints::new(source);
                        chunk.iter().map(move |f| fingerprints.of(f))
                    })
                    .collect();
                let ordered: Vec<Ordered> = (group.iter().zip(hashes))
                    .map(|(finding, hash)| self.ordered(finding, hash))
                    .collect();
                let indent = self.results.indent();
                let chunks = render_chunks(group, ordered, |chunk, ordered| {
                    let results = chunk.iter().zip(ordered).map(|(f, o)| result(source, f, o));
                    PrettyArray::render(indent, results)
                });
                for (count, rendered) in chunks {
                    self.results.push_rendered(out, &rendered?, count)?;
                }
            }
        }
        self.seen.clear();
        Ok(())
    }

    fn file_error(&mut self, _out: &mut dyn Write, error: &FileError) -> io::Result<()> {
        self.notifications.push(Notification {
            level: "error",
            message: Message {
                text: error.message.clone(),
            },
            locations: vec![Location {
                physical_location: PhysicalLocation {
                    artifact_location: artifact(&error.path),
                    region: None,
                    context_region: None,
                },
            }],
        });
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.results.close(out)?;
        out.write_all(b",\n")?;
        let rest = RunRest {
            tool: Tool {
                driver: Driver {
                    name: "candor",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: &self.rules,
                },
            },
            invocations: [Invocation {
                execution_successful: self.notifications.is_empty(),
                tool_execution_notifications: &self.notifications,
            }],
            column_kind: "utf16CodeUnits",
        };
        // The run's remaining members: `rest` printed alone, without its
        // braces, moved from two spaces in to six.
        let text = serde_json::to_string_pretty(&rest)?;
        let lines: Vec<&str> = text.lines().collect();
        let members: Vec<String> = lines[1..lines.len() - 1]
            .iter()
            .map(|line| format!("    {line}"))
            .collect();
        out.write_all(members.join("\n").as_bytes())?;
        writeln!(out, "\n    }}\n  ]\n}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baseline::fingerprint_of;

    #[test]
    fn uris_are_percent_encoded_references() {
        assert_eq!(uri("docs/clinic page, v2.md"), "docs/clinic%20page%2C%20v2.md");
        assert_eq!(uri("docs/über #1 100%.md"), "docs/%C3%BCber%20%231%20100%25.md");
        assert_eq!(uri("/srv/site/a b.md"), "file:///srv/site/a%20b.md");
        assert_eq!(uri("C:/site/a.md"), "file:///C:/site/a.md");
        assert_eq!(uri("a:b.md"), "a%3Ab.md");
    }

    /// A file with more results than a group of chunks, serialised chunk by
    /// chunk on all cores, group after group, reads as the same results
    /// serialised one by one, in order (occurrences counted across groups).
    #[test]
    fn many_results_serialise_as_one_by_one() {
        let (source, output) = crate::render::many_findings();
        let rules = RuleSet::embedded();
        let report = FileReport {
            source: &source,
            output: &output,
        };
        let mut chunked = Vec::new();
        let mut renderer = SarifRenderer::new(&rules);
        renderer.file(&mut chunked, &report).unwrap();
        renderer.results.close(&mut chunked).unwrap();
        let mut one_by_one = Vec::new();
        let mut renderer = SarifRenderer::new(&rules);
        for finding in &output.findings {
            let ordered = renderer.ordered(finding, fingerprint_of(&source, finding));
            renderer
                .results
                .push(&mut one_by_one, &result(&source, finding, ordered))
                .unwrap();
        }
        renderer.results.close(&mut one_by_one).unwrap();
        assert_eq!(
            String::from_utf8(chunked).unwrap(),
            String::from_utf8(one_by_one).unwrap()
        );
    }
}
