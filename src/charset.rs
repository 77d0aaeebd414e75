//! Finding the charset an HTML page declares in its first bytes (`<meta charset>`
//! or `http-equiv="Content-Type"`), as the HTML5 prescan does.

use std::sync::OnceLock;

use regex::bytes::Regex;

/// The encoding declared by a `<meta>` in `head`, if any.
pub fn sniff_html_meta(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    static META: OnceLock<Regex> = OnceLock::new();
    let meta = META.get_or_init(|| {
        Regex::new(r#"(?i-u)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#).expect("charset regex is valid")
    });
    let head = &head[..head.len().min(1024)];
    let label = meta.captures(head)?.get(1)?.as_bytes();
    let encoding = encoding_rs::Encoding::for_label(label)?;
    // A page that says UTF-16 in ASCII is not UTF-16 (HTML5 8.2.2.2).
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return Some(encoding_rs::UTF_8);
    }
    Some(encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_meta_forms() {
        assert_eq!(sniff_html_meta(b"<meta charset=\"EUC-KR\">"), Some(encoding_rs::EUC_KR));
        assert_eq!(
            sniff_html_meta(b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=shift_jis\">"),
            Some(encoding_rs::SHIFT_JIS)
        );
        assert_eq!(sniff_html_meta(b"<p>no meta</p>"), None);
    }
}
