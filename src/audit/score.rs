//! The page score of the audit report: 100 minus weighted findings, floored at 0.
//!
//! Each page starts at 100 and loses [`ERROR_WEIGHT`] points per error (an
//! overpromising claim), [`WARNING_WEIGHT`] per warning (a missing
//! disclosure, by default) and [`INFO_WEIGHT`] per info; it never goes below
//! 0. A site's score is the mean of its audited pages' scores, rounded. Pages
//! that could not be fetched have no score and do not count. The formula is
//! printed in the report and in docs/audit.md; change all three together.

use crate::finding::Finding;
use crate::rules::Severity;

/// Points an error costs.
pub const ERROR_WEIGHT: u32 = 10;
/// Points a warning costs.
pub const WARNING_WEIGHT: u32 = 4;
/// Points an info costs.
pub const INFO_WEIGHT: u32 = 1;

/// The formula in words, as the report prints it.
pub const FORMULA: &str = "score = max(0, 100 − 10 × errors − 4 × warnings − 1 × infos)";

/// Points a finding of `severity` costs.
pub fn weight(severity: Severity) -> u32 {
    match severity {
        Severity::Error => ERROR_WEIGHT,
        Severity::Warning => WARNING_WEIGHT,
        Severity::Info => INFO_WEIGHT,
    }
}

/// A page's score from its findings.
pub fn page_score<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> u32 {
    let lost: u32 = findings.into_iter().map(|f| weight(f.severity)).sum();
    100u32.saturating_sub(lost)
}

/// The mean of page scores, rounded half up; `None` for no pages.
pub fn site_score(scores: impl IntoIterator<Item = u32>) -> Option<u32> {
    let (sum, n) = scores
        .into_iter()
        .fold((0u64, 0u64), |(s, n), x| (s + u64::from(x), n + 1));
    (n > 0).then(|| ((sum * 2 + n) / (2 * n)) as u32)
}

/// A word for a score band, used for colour and for readers who do not see colour.
pub fn band(score: u32) -> &'static str {
    match score {
        80..=100 => "good",
        50..=79 => "fair",
        _ => "poor",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::FindingKind;
    use crate::position::Span;

    fn finding(severity: Severity) -> Finding {
        Finding {
            rule: "r".into(),
            category: "c".into(),
            severity,
            kind: FindingKind::Claim,
            message: "".into(),
            span: Span::new(0, 1),
            sentence: Span::new(0, 1),
            suggestion: None,
            fix: None,
        }
    }

    #[test]
    fn weights_and_floor() {
        assert_eq!(page_score(&[]), 100);
        let mixed = [
            finding(Severity::Error),
            finding(Severity::Warning),
            finding(Severity::Warning),
            finding(Severity::Info),
        ];
        assert_eq!(page_score(&mixed), 100 - 10 - 8 - 1);
        let many: Vec<Finding> = (0..11).map(|_| finding(Severity::Error)).collect();
        assert_eq!(page_score(&many), 0);
    }

    #[test]
    fn site_score_is_the_rounded_mean() {
        assert_eq!(site_score([]), None);
        assert_eq!(site_score([100, 81]), Some(91));
        assert_eq!(site_score([100, 80, 0]), Some(60));
        assert_eq!(band(80), "good");
        assert_eq!(band(79), "fair");
        assert_eq!(band(49), "poor");
    }
}
