//! Claims joined to others, which take their context from them: the items
//! of a list of claims ("ads promising “new hair in two weeks”, a
//! “permanent cure” or a “non-surgical transplant”") and a clause of
//! reported speech that goes on ("a coordinator told me that … and that most
//! men could stop taking finasteride").

use super::{ClaimSpan, ContextClassifier, ContextKind, Dismissal, Entry, SentenceContext};

impl ContextClassifier {
    /// For each claim, the first and last claim of the list it is an item
    /// of (see [`listed`](Self::listed)); empty when no claim is joined to
    /// another, as in most sentences, which then allocate nothing.
    pub(super) fn lists(&self, sentence: &str, claims: &[ClaimSpan<'_>]) -> Vec<(usize, usize)> {
        let joined = |a: usize| {
            let (end, start) = (claims[a].range.end, claims[a + 1].range.start);
            end <= start && self.joins(&sentence[end..start])
        };
        let mut lists: Vec<(usize, usize)> = Vec::new();
        for c in 1..claims.len() {
            if joined(c - 1) {
                if lists.is_empty() {
                    lists = (0..claims.len()).map(|c| (c, c)).collect();
                }
                lists[c].0 = lists[c - 1].0;
            }
        }
        // Two claims are joined where they share a first item.
        for c in (0..lists.len().saturating_sub(1)).rev() {
            if lists[c + 1].0 == lists[c].0 {
                lists[c].1 = lists[c + 1].1;
            }
        }
        lists
    }

    /// The context a claim in a list of claims takes from the list ("ads
    /// promising “new hair in two weeks”, a “permanent cure” or a
    /// “non-surgical transplant”"): its first item's, from a trigger before
    /// the list, or its last item's, from a trigger after it. Not a
    /// negation's: "not a transplant and regrows hair in weeks" denies its
    /// first claim only.
    pub(super) fn listed(&self, context: &SentenceContext<'_>, target: usize) -> Option<Dismissal> {
        let claims = context.claims;
        let (first, last) = context.lists.get(target).copied().unwrap_or((target, target));
        let kept = |d: &Dismissal| d.context != ContextKind::Negated;
        let before = (first != target)
            .then(|| self.governing(context, first))
            .flatten()
            .filter(|d| kept(d) && d.trigger_range.end <= claims[first].range.start);
        before.or_else(|| {
            (last != target)
                .then(|| self.governing(context, last))
                .flatten()
                .filter(|d| kept(d) && d.trigger_range.start >= claims[last].range.end)
        })
    }

    /// The context of a claim in a "that" clause joined to an earlier one
    /// ("a coordinator told me that the injections contained … and that
    /// most men could stop taking finasteride"): the second clause is
    /// reported as the first is, however long the first. Only reported
    /// words: a negation or a warning keeps to its own reach, and the
    /// copy's own "we told you that …" stays its own.
    pub(super) fn reported_on(&self, context: &SentenceContext<'_>, target: usize) -> Option<Dismissal> {
        let scan = &context.scan;
        let start = context.claims[target].range.start;
        let reported = scan.hits.iter().take_while(|h| h.end <= start).any(|h| {
            matches!(
                self.entries[h.entry],
                Entry::Trigger {
                    kind: ContextKind::Attributed,
                    ..
                }
            )
        });
        if !reported {
            return None;
        }
        // Only the words within reach are searched.
        let from = scan.word_start(scan.word_index(start).saturating_sub(REPORTED_CLAUSE_REACH + 2));
        let before = &scan.sentence[from..start];
        let joined = from
            + self
                .reported_continuations
                .iter()
                .filter_map(|j| rfind_ignore_case(before, j))
                .max()?;
        if scan.words(joined, start) > REPORTED_CLAUSE_REACH {
            return None;
        }
        self.governing_range(context, joined..joined, None)
            .filter(|d| d.context == ContextKind::Attributed && d.trigger_range.end <= joined)
    }

    /// Whether `gap`, the text between two claims, only joins them as
    /// items of a list: commas, quotation marks and `list-joiners`.
    fn joins(&self, gap: &str) -> bool {
        let marks = |c: char| {
            c.is_whitespace() || matches!(c, ',' | '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | '/' | '&')
        };
        gap.split(marks)
            .filter(|word| !word.is_empty())
            .all(|word| self.list_joiners.iter().any(|j| j.eq_ignore_ascii_case(word)))
            && gap.chars().all(|c| marks(c) || c.is_alphabetic())
    }
}

/// How many words a claim may stand after the "and that" that opens its
/// clause (see `reported_on`).
const REPORTED_CLAUSE_REACH: usize = 8;

/// The last place `needle` (lower case) stands in `haystack`, in any ASCII case.
fn rfind_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?)
        .rev()
        .find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n) && (i == 0 || !h[i - 1].is_ascii_alphanumeric()))
}
