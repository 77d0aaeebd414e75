//! Messages and help filled to a report's width once per thread, not once
//! per finding: a rule's message and help are the same on each of its
//! findings, and miette filling them again for each was 8% of a 64 MB
//! human run's CPU.

use std::cell::RefCell;
use std::collections::HashMap;

/// Texts a thread remembers per width before it starts over (a message may
/// quote its finding, so a run can have many).
const REMEMBERED: usize = 4096;

thread_local! {
    static FILLED: RefCell<HashMap<usize, HashMap<String, String>>> = RefCell::default();
}

/// `text` filled to `width` columns, as miette fills it behind an indent of
/// the same width on every line: broken at spaces (textwrap's default finds
/// Unicode line-break opportunities, which cost a further 5%) and, where a
/// word must be, at its hyphens.
pub fn filled(text: &str, width: usize) -> String {
    FILLED.with_borrow_mut(|memo| {
        let memo = memo.entry(width).or_default();
        if let Some(done) = memo.get(text) {
            return done.clone();
        }
        if memo.len() >= REMEMBERED {
            memo.clear();
        }
        let options = textwrap::Options::new(width).word_separator(textwrap::WordSeparator::AsciiSpace);
        let done = textwrap::fill(text, options);
        memo.insert(text.to_string(), done.clone());
        done
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Filled, then indented line by line as miette does when it does not
    /// wrap, a text reads as miette wrapping it behind the indent did.
    #[test]
    fn filled_then_indented_is_what_miette_wrapped() {
        let texts = [
            "promises visible change at 4 weeks; change emerges at 8-12 weeks at the earliest",
            "Visible change, where it emerges, appears at eight to twelve weeks, once a course of sessions is under way.\n(candor explain early-results/visible-before-8-weeks)",
            "a-very-long-hyphenated-compound-that-cannot-fit-on-one-line-of-the-report-at-all-whatever-the-width and then some",
            "명동 클리닉 guaranteed regrowth — 명동 클리닉 guaranteed regrowth — 명동 클리닉 guaranteed regrowth",
            "short",
        ];
        for width in [40, 80, 100] {
            for (first, rest) in [("  × ", "  │ "), ("  help: ", "        ")] {
                for text in texts {
                    let options = textwrap::Options::new(width - 2)
                        .initial_indent(first)
                        .subsequent_indent(rest)
                        .word_separator(textwrap::WordSeparator::AsciiSpace);
                    let wrapped = textwrap::fill(text, options);
                    let inner = width - 2 - textwrap::core::display_width(first);
                    for _ in 0..2 {
                        let indented: Vec<String> = filled(text, inner)
                            .lines()
                            .enumerate()
                            .map(|(i, line)| format!("{}{line}", if i == 0 { first } else { rest }))
                            .collect();
                        assert_eq!(indented.join("\n"), wrapped, "width {width}: {text}");
                    }
                }
            }
        }
    }
}
