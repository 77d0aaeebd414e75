//! Typed slots: durations and percentages captured by patterns, normalised to numbers.
//!
//! The vocabulary (number words, ordinals, units in days, whole phrases) is
//! data from rules/slots/. From it this module builds the regex a pattern's
//! `{duration}` or `{percent}` expands to, and parses a captured slot into a
//! value a rule's condition can test: a duration's lower bound in days
//! ("a month or two" → 30, "by your second session" → 28, "overnight" → 0).

use crate::rules::{SlotCondition, SlotGrammar};

/// The slots a pattern may capture.
pub const SLOT_NAMES: [&str; 2] = ["duration", "percent"];

/// Builds slot regexes from the grammar and parses captured slots.
#[derive(Debug, Clone)]
pub struct SlotParser {
    /// Number words, longest first so "a couple of" wins over "a".
    numbers: Vec<(String, f64)>,
    ordinals: Vec<(String, f64)>,
    units: Vec<(String, f64)>,
    phrases: Vec<(String, f64)>,
}

impl SlotParser {
    pub fn new(grammar: &SlotGrammar) -> Self {
        let sorted = |map: &std::collections::BTreeMap<String, f64>| {
            let mut v: Vec<(String, f64)> = map.iter().map(|(k, v)| (k.to_lowercase(), *v)).collect();
            v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
            v
        };
        SlotParser {
            numbers: sorted(&grammar.numbers),
            ordinals: sorted(&grammar.ordinals),
            units: sorted(&grammar.units),
            phrases: sorted(&grammar.phrases),
        }
    }

    /// The regex (without a group) a slot expands to, or `None` for an unknown slot.
    pub fn regex(&self, slot: &str) -> Option<String> {
        match slot {
            "duration" => Some(self.duration_regex()),
            "percent" => Some(r"\d{1,3}(?:[.,]\d+)?\s?(?:%|percent|per\s?cent)".to_string()),
            _ => None,
        }
    }

    fn duration_regex(&self) -> String {
        let alt = |items: &[(String, f64)]| {
            items
                .iter()
                .map(|(w, _)| regex::escape(w).replace("\\ ", r"\s+").replace(' ', r"\s+"))
                .collect::<Vec<_>>()
                .join("|")
        };
        let number = format!(r"(?:\d+(?:[.,]\d+)?|(?:{})(?-u:\b))", alt(&self.numbers));
        // "4-6", "four to six", "eight-to-twelve", "2 or 3".
        let range = format!(r"{number}(?:\s*(?:[-–—]|[-–—]?(?:to|or|and|through)[-–—]?)\s*{number})?");
        let unit = format!("(?:{})", alt(&self.units));
        let ordinal = format!(r"(?:\d+(?:st|nd|rd|th)|{})", alt(&self.ordinals));
        // After a unit ("week 4", "day ten") only digits and one-word numbers
        // count: "month a" or "week an" are not durations.
        let counts: Vec<(String, f64)> = self
            .numbers
            .iter()
            .filter(|(w, _)| w.len() > 2 && !w.contains(' '))
            .cloned()
            .collect();
        let counted = format!(r"(?:\d+|(?:{}))(?-u:\b)", alt(&counts));
        let mut forms = vec![
            format!(r"{range}[\s-]*(?:(?:more|full|short|long|whole)\s+)?{unit}(?-u:\b)"),
            format!(r"(?:very\s+)?{ordinal}\s+{unit}(?-u:\b)"),
            format!(r"{unit}\s+{counted}"),
        ];
        if !self.phrases.is_empty() {
            forms.push(format!("(?:{})(?-u:\\b)", alt(&self.phrases)));
        }
        format!("(?-u:\\b)(?:{})", forms.join("|"))
    }

    /// Whether a captured slot satisfies a rule's condition.
    pub fn satisfies(&self, slot: &str, text: &str, condition: &SlotCondition) -> bool {
        let value = match slot {
            "duration" => self.duration_days(text),
            "percent" => leading_number(text),
            _ => None,
        };
        let Some(value) = value else { return false };
        let days_ok =
            condition.max_days.is_none_or(|max| value <= max) && condition.min_days.is_none_or(|min| value >= min);
        let count_ok = condition.max.is_none_or(|max| value <= max) && condition.min.is_none_or(|min| value >= min);
        days_ok && count_ok
    }

    /// The lower bound of a duration in days.
    pub fn duration_days(&self, text: &str) -> Option<f64> {
        let lower = normalise(text);
        if let Some((_, days)) = self.phrases.iter().find(|(p, _)| lower == *p) {
            return Some(*days);
        }
        let (count, rest) = self.count(&lower)?;
        // The unit follows the count ("4 weeks") or, in "week 4", precedes it.
        let unit_in = |text: &str| {
            self.units
                .iter()
                .find(|(u, _)| text.split(|c: char| !c.is_alphanumeric()).any(|word| word == u))
                .map(|(_, d)| *d)
        };
        let unit_days = unit_in(rest).or_else(|| unit_in(&lower[..lower.len() - rest.len()]))?;
        Some(count * unit_days)
    }

    /// The first count in `text` (digits, a number word, an ordinal) and the text after it.
    fn count<'a>(&self, text: &'a str) -> Option<(f64, &'a str)> {
        let mut at = 0;
        while at < text.len() {
            let rest = &text[at..];
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                let digits = rest
                    .find(|c: char| !c.is_ascii_digit() && c != '.' && c != ',')
                    .unwrap_or(rest.len());
                let value = rest[..digits].replace(',', ".").parse().ok()?;
                return Some((value, &rest[digits..]));
            }
            for (word, value) in self.numbers.iter().chain(&self.ordinals) {
                if rest.starts_with(word.as_str()) && !rest[word.len()..].starts_with(|c: char| c.is_alphabetic()) {
                    return Some((*value, &rest[word.len()..]));
                }
            }
            at += rest.find(char::is_whitespace).map_or(rest.len(), |i| i + 1);
        }
        None
    }
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn leading_number(text: &str) -> Option<f64> {
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    digits.replace(',', ".").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parser() -> SlotParser {
        let mut g = SlotGrammar::default();
        for (k, v) in [
            ("a", 1.0),
            ("four", 4.0),
            ("a couple of", 2.0),
            ("thirty", 30.0),
            ("twelve", 12.0),
            ("eight", 8.0),
            ("ten", 10.0),
        ] {
            g.numbers.insert(k.into(), v);
        }
        g.ordinals.insert("second".into(), 2.0);
        g.ordinals.insert("first".into(), 1.0);
        for (k, v) in [
            ("week", 7.0),
            ("weeks", 7.0),
            ("month", 30.0),
            ("days", 1.0),
            ("day", 1.0),
            ("fortnight", 14.0),
            ("session", 14.0),
        ] {
            g.units.insert(k.into(), v);
        }
        g.phrases.insert("overnight".into(), 0.0);
        SlotParser::new(&g)
    }

    #[test]
    fn durations_normalise_to_lower_bound_days() {
        let p = parser();
        for (text, days) in [
            ("4 weeks", 28.0),
            ("four weeks", 28.0),
            ("a month", 30.0),
            ("thirty days", 30.0),
            ("a fortnight", 14.0),
            ("second session", 28.0),
            ("overnight", 0.0),
            ("a couple of weeks", 14.0),
            ("twelve weeks", 84.0),
            ("4-6 weeks", 28.0),
            ("week 4", 28.0),
            ("day ten", 10.0),
            ("eight-to-twelve weeks", 56.0),
            ("very first session", 14.0),
        ] {
            assert_eq!(p.duration_days(text), Some(days), "{text}");
        }
    }

    #[test]
    fn regex_finds_durations() {
        let p = parser();
        let re = regex::Regex::new(&format!("(?i){}", p.regex("duration").unwrap())).unwrap();
        for text in [
            "in 4 weeks",
            "in four-week",
            "a month or two",
            "by your second session",
            "overnight",
            "4 to 6 weeks",
            "by week 4",
            "at day ten",
            "eight-to-twelve-week mark",
        ] {
            assert!(re.is_match(text), "{text}");
        }
        assert!(!re.is_match("weekly"));
        let whole = |text: &str| re.find(text).map(|m| m.as_str().to_string());
        assert_eq!(whole("every month a new"), None, "`month a` is not `month 1`");
        assert_eq!(
            whole("the eight-to-twelve-week mark").as_deref(),
            Some("eight-to-twelve-week")
        );
        assert_eq!(whole("by week four").as_deref(), Some("week four"));
    }

    #[test]
    fn conditions() {
        let p = parser();
        let c = SlotCondition {
            max_days: Some(55.0),
            ..Default::default()
        };
        assert!(p.satisfies("duration", "4 weeks", &c));
        assert!(!p.satisfies("duration", "twelve weeks", &c));
        let pc = SlotCondition {
            min: Some(90.0),
            ..Default::default()
        };
        assert!(p.satisfies("percent", "97%", &pc));
        assert!(!p.satisfies("percent", "40 percent", &pc));
    }
}
