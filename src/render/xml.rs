//! XML escaping for the XML formats (checkstyle, junit).
//!
//! XML 1.0 cannot carry most C0 control characters at all, not even as
//! character references, so those become U+FFFD; the rest are escaped so that
//! a parser returns exactly the text we had (attribute-value normalisation
//! would otherwise turn a newline in an attribute into a space).

/// Escape text for an attribute value in double or single quotes.
pub fn attr(text: &str) -> String {
    escape(text, true)
}

/// Escape text for element content.
pub fn text(text: &str) -> String {
    escape(text, false)
}

fn escape(input: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    let mut rest = input;
    // Runs of printable ASCII other than markup and quotes go as they are
    // (char by char, escaping was 15% of a JUnit report of many findings).
    while let Some(at) = rest
        .bytes()
        .position(|b| !matches!(b, b' '..=b'~') || b"&<>\"'".contains(&b))
    {
        out.push_str(&rest[..at]);
        let ch = rest[at..].chars().next().expect("a position found in the text");
        escape_char(&mut out, ch, attribute);
        rest = &rest[at + ch.len_utf8()..];
    }
    out.push_str(rest);
    out
}

fn escape_char(out: &mut String, ch: char, attribute: bool) {
    match ch {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' if attribute => out.push_str("&quot;"),
        '\'' if attribute => out.push_str("&apos;"),
        '\n' if !attribute => out.push('\n'),
        // CR is normalised away by parsers even in content; tab and LF in attributes.
        '\t' | '\n' | '\r' => out.push_str(&format!("&#{};", ch as u32)),
        // Forbidden in XML 1.0 in any form.
        '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
        // Allowed but invisible and easily mangled: DEL and the C1 controls.
        '\u{7f}'..='\u{9f}' => out.push_str(&format!("&#x{:X};", ch as u32)),
        _ => out.push(ch),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_quotes_and_controls() {
        assert_eq!(
            attr("a<b>&\"c\" 'd'\n\te\r"),
            "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;&#10;&#9;e&#13;"
        );
        assert_eq!(text("a<b>&\"c\"\nd\r"), "a&lt;b&gt;&amp;\"c\"\nd&#13;");
        assert_eq!(attr("bell\u{7}nul\u{0}\u{ffff}"), "bell\u{fffd}nul\u{fffd}\u{fffd}");
        assert_eq!(text("del\u{7f}\u{85}"), "del&#x7F;&#x85;");
        assert_eq!(text("tab\there"), "tab&#9;here");
    }

    proptest::proptest! {
        /// Copying runs of plain ASCII whole escapes as escaping each
        /// character did.
        #[test]
        fn runs_escape_as_characters_do(input in "[ -~\t\n\r\u{0}-\u{1f}\u{7f}-\u{9f}명동\u{fffe}\u{ffff}]{0,40}") {
            for attribute in [false, true] {
                let mut one_by_one = String::new();
                input.chars().for_each(|ch| escape_char(&mut one_by_one, ch, attribute));
                proptest::prop_assert_eq!(escape(&input, attribute), one_by_one);
            }
        }
    }
}
