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
    for ch in input.chars() {
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
    out
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
}
