//! What HTML elements mean for prose: block boundaries, skipped content,
//! containers that give a block its kind, and the tokenizer state a start tag
//! switches to (HTML §13.2.6, the parts a text extractor needs).

use html5gum::State;

use crate::extract::BlockKind;

/// How an element's content is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Raw text, script data or escapable raw text: one string up to the end tag.
    Raw,
    /// Parsed but never rendered (`template`): left at its own end tag.
    Subtree,
    /// Inline content that is not prose (`code`): left at its end tag or at a
    /// block boundary, so that an unclosed `<code>` cannot hide the page.
    Inline,
    /// SVG and MathML: foreign content, left at the end tag or at an HTML
    /// element that breaks out of it.
    Foreign,
}

/// The skip rule for an element, if its content is not linted.
pub fn skip(name: &[u8]) -> Option<Skip> {
    match name {
        b"script" | b"style" | b"noscript" | b"textarea" | b"iframe" | b"xmp" | b"noembed" | b"noframes" => {
            Some(Skip::Raw)
        }
        b"template" => Some(Skip::Subtree),
        b"code" | b"kbd" | b"samp" => Some(Skip::Inline),
        b"svg" | b"math" => Some(Skip::Foreign),
        _ => None,
    }
}

/// Elements whose start or end ends the current block (CSS `display: block`
/// and friends in the user-agent style sheet, plus `br`).
pub fn is_block(name: &[u8]) -> bool {
    matches!(
        name,
        b"address"
            | b"article"
            | b"aside"
            | b"blockquote"
            | b"body"
            | b"br"
            | b"caption"
            | b"center"
            | b"dd"
            | b"details"
            | b"dialog"
            | b"dir"
            | b"div"
            | b"dl"
            | b"dt"
            | b"fieldset"
            | b"figcaption"
            | b"figure"
            | b"footer"
            | b"form"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"header"
            | b"hgroup"
            | b"hr"
            | b"html"
            | b"legend"
            | b"li"
            | b"listing"
            | b"main"
            | b"menu"
            | b"nav"
            | b"ol"
            | b"optgroup"
            | b"option"
            | b"p"
            | b"plaintext"
            | b"pre"
            | b"search"
            | b"section"
            | b"select"
            | b"summary"
            | b"table"
            | b"tbody"
            | b"td"
            | b"tfoot"
            | b"th"
            | b"thead"
            | b"title"
            | b"tr"
            | b"ul"
    )
}

/// Void elements have no end tag and no content.
pub fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"source"
            | b"track"
            | b"wbr"
    )
}

/// The kind a container gives the text inside it, for the elements kept on the
/// open-element stack. `None` for elements kept only for nesting (lists, tables).
pub fn container_kind(name: &[u8]) -> Option<BlockKind> {
    Some(match name {
        b"title" => BlockKind::Title,
        // A definition list's term heads its definitions as `<summary>` heads
        // `<details>`: "Candidates" over "All ages, including scarring
        // alopecia" is read as one, and "Myths" frames what it heads.
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"summary" | b"dt" => BlockKind::Heading,
        b"li" | b"dd" => BlockKind::ListItem,
        b"td" | b"th" | b"caption" => BlockKind::TableCell,
        b"blockquote" => BlockKind::BlockQuote,
        _ => return None,
    })
}

/// Elements tracked on the open-element stack: containers, the list and table
/// elements that scope them, and the inline elements that can stand alone.
pub fn is_tracked(name: &[u8]) -> bool {
    container_kind(name).is_some()
        || matches!(name, b"ul" | b"ol" | b"dl" | b"menu" | b"table" | b"tr")
        || standalone_kind(name).is_some()
}

/// The kind of a block whose only text is inside this inline element.
pub fn standalone_kind(name: &[u8]) -> Option<BlockKind> {
    match name {
        b"a" => Some(BlockKind::LinkText),
        b"button" => Some(BlockKind::Label),
        _ => None,
    }
}

/// A list of element names.
pub type Names = &'static [&'static [u8]];

/// Open elements a new start tag `name` closes first (the parser's implied end
/// tags), and the elements that stop the search.
pub fn implied_close(name: &[u8]) -> Option<(Names, Names)> {
    const LIST: Names = &[b"ul", b"ol", b"menu", b"table"];
    const DEFS: Names = &[b"dl", b"table"];
    const ROW: Names = &[b"tr", b"table"];
    const TABLE: Names = &[b"table"];
    const NONE: Names = &[];
    Some(match name {
        b"li" => (&[b"li"], LIST),
        b"dt" | b"dd" => (&[b"dt", b"dd"], DEFS),
        b"td" | b"th" => (&[b"td", b"th"], ROW),
        b"tr" => (&[b"tr"], TABLE),
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => (&[b"h1", b"h2", b"h3", b"h4", b"h5", b"h6"], NONE),
        b"a" => (&[b"a"], NONE),
        b"button" => (&[b"button"], NONE),
        _ => return None,
    })
}

/// HTML start tags that end foreign content (§13.2.6.5, "any other start tag"
/// breakout list; `font`, which breaks out only with some attributes, is left in).
pub fn breaks_out_of_foreign(name: &[u8]) -> bool {
    matches!(
        name,
        b"b" | b"big"
            | b"blockquote"
            | b"body"
            | b"br"
            | b"center"
            | b"code"
            | b"dd"
            | b"div"
            | b"dl"
            | b"dt"
            | b"em"
            | b"embed"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"hr"
            | b"i"
            | b"img"
            | b"li"
            | b"listing"
            | b"menu"
            | b"meta"
            | b"nobr"
            | b"ol"
            | b"p"
            | b"pre"
            | b"ruby"
            | b"s"
            | b"small"
            | b"span"
            | b"strong"
            | b"strike"
            | b"sub"
            | b"sup"
            | b"table"
            | b"tt"
            | b"u"
            | b"ul"
            | b"var"
    )
}

/// The tokenizer state an HTML start tag switches to (the tree builder's job,
/// which a tokenizer alone cannot know). Scripting is taken as enabled, as in a
/// browser, so `noscript` is raw text.
pub fn tokenizer_state(name: &[u8]) -> Option<State> {
    match name {
        b"title" | b"textarea" => Some(State::RcData),
        b"script" => Some(State::ScriptData),
        b"style" | b"xmp" | b"iframe" | b"noembed" | b"noframes" | b"noscript" => Some(State::RawText),
        b"plaintext" => Some(State::PlainText),
        _ => None,
    }
}
