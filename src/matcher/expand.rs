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

impl Expander<'_> {
    pub fn expand(&self, pattern: &str) -> Result<String, String> {
        let mut out = String::with_capacity(pattern.len() * 2);
        let mut used_slots = Vec::new();
        self.expand_into(pattern, &mut out, &mut used_slots, 0)?;
        Ok(out)
    }

    fn expand_into(&self, pattern: &str, out: &mut String, used: &mut Vec<String>, depth: usize) -> Result<(), String> {
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
                    if SLOT_NAMES.contains(&name) {
                        let regex = self.slots.regex(name).expect("slot names have regexes");
                        if used.iter().any(|u| u == name) {
                            out.push_str(&format!("(?:{regex})"));
                        } else {
                            used.push(name.to_string());
                            out.push_str(&format!("(?P<{name}>{regex})"));
                        }
                    } else if let Some(term) = self.terms.get(name) {
                        out.push_str("(?:");
                        self.expand_into(term, out, used, depth + 1)?;
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
}
