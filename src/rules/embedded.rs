//! The rule packs in rules/, embedded at build time (see build.rs).

use super::PackSource;

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The embedded packs as sources named `rules/<path>`.
pub fn sources() -> Vec<PackSource> {
    PACKS
        .iter()
        .map(|(name, text)| PackSource {
            name: format!("rules/{name}"),
            text: (*text).to_string(),
        })
        .collect()
}

/// Whether `source` holds the text of an embedded pack, unchanged: its
/// patterns are the ones the test suite compiles.
pub fn is_embedded(source: &PackSource) -> bool {
    PACKS.iter().any(|(_, text)| source.text == *text)
}
