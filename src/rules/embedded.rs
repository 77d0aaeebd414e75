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
