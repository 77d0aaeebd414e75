//! Pattern expansion: `{term}` references from the vocabulary, `{duration}`
//! and `{percent}` slots from the slot grammar, and ASCII word boundaries.
//!
//! Unicode `\b` knocks the lazy DFA off its fast path on non-ASCII text (see
//! DESIGN.md), so every `\b` a pack writes becomes `(?-u:\b)`.

use std::collections::BTreeMap;

use crate::slots::{SlotParser, SLOT_NAMES};

/// Expands `{term}` and `{slot}` references and makes `\b` ASCII.
pub struct Expander<'a> {
    pub terms: &'a BTreeMap<String, String>,
    pub slots: &'a SlotParser,
}

/// Where a pattern's skeleton (see [`Expander::skeleton`]) has term
/// `term`: a group named so that no pack can mean it. Not empty: regex
/// syntax drops the repetition of a group that can only match nothing.
pub fn placeholder(term: usize, occurrence: usize) -> String {
    format!("(?P<{PLACEHOLDER}{term}_{occurrence}>\\x{{E000}})")
}

/// The term a placeholder group's name stands for.
pub fn placeholder_term(name: &str) -> Option<usize> {
    let (term, _) = name.strip_prefix(PLACEHOLDER)?.split_once('_')?;
    term.parse().ok()
}

const PLACEHOLDER: &str = "__candor_term_";

impl Expander<'_> {
    pub fn expand(&self, pattern: &str) -> Result<String, String> {
        let mut out = String::with_capacity(pattern.len() * 2);
        let mut used_slots = Vec::new();
        self.expand_into(pattern, &mut out, &mut used_slots, 0, None)?;
        Ok(out)
    }

    /// `pattern` expanded, but with each `{term}` and `{slot}` left as a
    /// placeholder group, with how many there are; `None` where there is
    /// none, or where the pattern sets flags, which would change how a term
    /// parses. The sets parse each term once and splice it in (see
    /// `splice`). Their automata do not capture, so a slot is a term too.
    pub fn skeleton(&self, pattern: &str) -> Option<(String, usize)> {
        if sets_flags(pattern) {
            return None;
        }
        let mut out = String::with_capacity(pattern.len() * 2);
        let mut placeholders = 0;
        self.expand_into(pattern, &mut out, &mut Vec::new(), 0, Some(&mut placeholders))
            .ok()?;
        (placeholders > 0).then_some((out, placeholders))
    }

    /// A reference's placeholder number: terms in order of name, then
    /// slots (see `splice::Vocabulary`).
    fn placeholder_id(&self, name: &str) -> Option<usize> {
        match SLOT_NAMES.iter().position(|&slot| slot == name) {
            Some(slot) => Some(self.terms.len() + slot),
            None => self.terms.keys().position(|k| k == name),
        }
    }

    fn expand_into(
        &self,
        pattern: &str,
        out: &mut String,
        used: &mut Vec<String>,
        depth: usize,
        mut placeholders: Option<&mut usize>,
    ) -> Result<(), String> {
        if depth > 8 {
            return Err("terms nest more than 8 deep (a term that refers to itself?)".into());
        }
        let mut chars = pattern.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'b')) => out.push_str("(?-u:\\b)"),
                    Some((_, next)) => {
                        out.push('\\');
                        out.push(next);
                    }
                    None => out.push('\\'),
                },
                '{' => {
                    let rest = &pattern[i + 1..];
                    let name_len = rest
                        .find(|ch: char| !(ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_'))
                        .unwrap_or(rest.len());
                    let name = &rest[..name_len];
                    let is_ref =
                        rest[name_len..].starts_with('}') && name.starts_with(|ch: char| ch.is_ascii_lowercase());
                    if !is_ref {
                        out.push('{');
                        continue;
                    }
                    for _ in 0..=name_len {
                        chars.next();
                    }
                    if let Some(count) = placeholders.as_deref_mut() {
                        let Some(id) = self.placeholder_id(name) else {
                            return Err(format!("unknown term `{{{name}}}`"));
                        };
                        out.push_str(&placeholder(id, *count));
                        *count += 1;
                    } else if SLOT_NAMES.contains(&name) {
                        let regex = self.slots.regex(name).expect("slot names have regexes");
                        if used.iter().any(|u| u == name) {
                            out.push_str(&format!("(?:{regex})"));
                        } else {
                            used.push(name.to_string());
                            out.push_str(&format!("(?P<{name}>{regex})"));
                        }
                    } else if let Some(term) = self.terms.get(name) {
                        out.push_str("(?:");
                        self.expand_into(term, out, used, depth + 1, None)?;
                        out.push(')');
                    } else {
                        return Err(format!(
                            "unknown term `{{{name}}}`; define it under [terms] in a pack, or use a slot ({})",
                            SLOT_NAMES.join(", ")
                        ));
                    }
                }
                _ => out.push(c),
            }
        }
        Ok(())
    }
}

/// Whether `pattern` sets flags (`(?i)`, `(?x:…)`, …): a term parsed
/// alone would not see them.
fn sets_flags(pattern: &str) -> bool {
    pattern
        .match_indices("(?")
        .any(|(i, _)| pattern[i + 2..].starts_with(|c: char| "imsxuUR-".contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::SlotGrammar;

    #[test]
    fn expands_terms_slots_and_boundaries() {
        let mut terms = BTreeMap::new();
        terms.insert("hair".to_string(), r"hair|follicles?".to_string());
        terms.insert("grow".to_string(), r"re-?grow\w*|new {hair}".to_string());
        let mut grammar = SlotGrammar::default();
        grammar.units.insert("weeks".into(), 7.0);
        let slots = SlotParser::new(&grammar);
        let e = Expander {
            terms: &terms,
            slots: &slots,
        };
        let out = e.expand(r"\b{grow}\b in {duration} a{2,3}").unwrap();
        assert!(out.starts_with(r"(?-u:\b)(?:re-?grow\w*|new (?:hair|follicles?))(?-u:\b) in (?P<duration>"));
        assert!(out.ends_with("a{2,3}"));
        assert!(e.expand("{nope}").unwrap_err().contains("unknown term `{nope}`"));
    }

    #[test]
    fn skeletons_leave_terms_and_slots_as_placeholders() {
        let mut terms = BTreeMap::new();
        terms.insert("hair".to_string(), r"hair|follicles?".to_string());
        terms.insert("grow".to_string(), r"re-?grow\w*|new {hair}".to_string());
        let slots = SlotParser::new(&SlotGrammar::default());
        let e = Expander {
            terms: &terms,
            slots: &slots,
        };
        // Numbered terms first (`grow`, `hair`), then slots (`duration`).
        let (skeleton, count) = e.skeleton(r"\b{grow}\b in {duration} or {grow}").unwrap();
        assert_eq!(count, 3);
        assert_eq!(
            skeleton,
            format!(
                r"(?-u:\b){}(?-u:\b) in {} or {}",
                placeholder(0, 0),
                placeholder(2, 1),
                placeholder(0, 2)
            )
        );
        assert_eq!(placeholder_term("__candor_term_2_1"), Some(2));
        assert_eq!(placeholder_term("duration"), None);
        assert_eq!(
            ["grow", "hair", "duration", "percent"].map(|name| e.placeholder_id(name)),
            [0, 1, 2, 3].map(Some)
        );
        assert_eq!(e.skeleton("(?x) {grow}"), None, "flags would reach into the term");
        assert_eq!(e.skeleton("{nope}"), None);
    }
}
