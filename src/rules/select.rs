//! Which rules run and at what severity: selection by id or category prefix.
//!
//! A selector names a rule (`guarantee/risk-free`), a category (`guarantee`,
//! `disclosure/course`) or a prefix of either ending at a `/` (`disclosure`).

use std::collections::BTreeMap;

use super::Severity;

/// Rules to run and severities to change, from config and flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// When non-empty, only rules matching one of these run.
    pub select: Vec<String>,
    /// Rules matching one of these do not run.
    pub ignore: Vec<String>,
    /// Severity overrides; the most specific selector wins.
    pub severity: BTreeMap<String, Severity>,
}

impl Selection {
    pub fn enabled(&self, id: &str, category: &str) -> bool {
        let selected = self.select.is_empty() || self.select.iter().any(|s| selects(s, id, category));
        selected && !self.ignore.iter().any(|s| selects(s, id, category))
    }

    pub fn severity(&self, id: &str, category: &str) -> Option<Severity> {
        self.severity
            .iter()
            .filter(|(s, _)| selects(s, id, category))
            .max_by_key(|(s, _)| s.len())
            .map(|(_, severity)| *severity)
    }
}

/// Whether `selector` names `id`, `category`, or a `/`-prefix of either.
pub fn selects(selector: &str, id: &str, category: &str) -> bool {
    let prefix =
        |name: &str| name == selector || (name.starts_with(selector) && name[selector.len()..].starts_with('/'));
    prefix(id) || prefix(category)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors() {
        assert!(selects("guarantee", "guarantee/risk-free", "guarantee"));
        assert!(selects("guarantee/risk-free", "guarantee/risk-free", "guarantee"));
        assert!(!selects("guar", "guarantee/risk-free", "guarantee"));
        assert!(selects("disclosure", "disclosure/course", "disclosure/course"));
        let mut sel = Selection::default();
        sel.ignore.push("guarantee".into());
        sel.severity.insert("early-results".into(), Severity::Warning);
        sel.severity.insert("early-results/weeks".into(), Severity::Info);
        assert!(!sel.enabled("guarantee/x", "guarantee"));
        assert_eq!(
            sel.severity("early-results/weeks", "early-results"),
            Some(Severity::Info)
        );
        assert_eq!(
            sel.severity("early-results/other", "early-results"),
            Some(Severity::Warning)
        );
    }
}
