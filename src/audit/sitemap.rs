//! Reading a sitemap (sitemaps.org protocol): the page URLs of a `<urlset>`,
//! or the child sitemaps of a `<sitemapindex>`; gzip-compressed files too.

use std::io::Read;

/// The protocol's size limit for one sitemap, uncompressed.
pub const MAX_SITEMAP_BYTES: u64 = 50 * 1024 * 1024;

/// What a sitemap lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sitemap {
    /// Page URLs, in document order.
    Pages(Vec<String>),
    /// Child sitemap URLs, in document order.
    Index(Vec<String>),
}

/// Parse a sitemap's bytes (gzip-compressed or not).
pub fn parse(bytes: &[u8]) -> Result<Sitemap, String> {
    let inflated;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        inflated = gunzip(bytes)?;
        &inflated[..]
    } else {
        bytes
    };
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8 ({e}); sitemaps must be UTF-8"))?;
    let text = text.trim_start_matches('\u{feff}');
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("not well-formed XML: {e}"))?;
    let root = doc.root_element();
    let child_locs = |entry: &str| -> Vec<String> {
        root.children()
            .filter(|n| n.is_element() && n.tag_name().name() == entry)
            .filter_map(|n| {
                n.children()
                    .find(|c| c.is_element() && c.tag_name().name() == "loc")
                    .and_then(|loc| loc.text())
                    .map(|t| t.trim().to_string())
            })
            .filter(|loc| !loc.is_empty())
            .collect()
    };
    match root.tag_name().name() {
        "urlset" => Ok(Sitemap::Pages(child_locs("url"))),
        "sitemapindex" => Ok(Sitemap::Index(child_locs("sitemap"))),
        other => Err(format!(
            "the root element is <{other}>; a sitemap has <urlset> or <sitemapindex>"
        )),
    }
}

fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(MAX_SITEMAP_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("gzip data does not decompress: {e}"))?;
    if out.len() as u64 > MAX_SITEMAP_BYTES {
        return Err(format!("larger than {MAX_SITEMAP_BYTES} bytes uncompressed"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlset_and_index() {
        let urlset = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc> https://a.example/one </loc><lastmod>2024-01-01</lastmod></url>
  <url><loc>https://a.example/two?x=1&amp;y=2</loc></url>
  <url><lastmod>2024-01-01</lastmod></url>
</urlset>"#;
        assert_eq!(
            parse(urlset.as_bytes()).unwrap(),
            Sitemap::Pages(vec![
                "https://a.example/one".into(),
                "https://a.example/two?x=1&y=2".into()
            ])
        );
        let index = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://a.example/s1.xml</loc></sitemap></sitemapindex>"#;
        assert_eq!(
            parse(index.as_bytes()).unwrap(),
            Sitemap::Index(vec!["https://a.example/s1.xml".into()])
        );
    }

    #[test]
    fn gzip_and_errors() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"<urlset><url><loc>http://a/x</loc></url></urlset>")
            .unwrap();
        let bytes = gz.finish().unwrap();
        assert_eq!(parse(&bytes).unwrap(), Sitemap::Pages(vec!["http://a/x".into()]));
        assert!(parse(b"<html></html>").unwrap_err().contains("<html>"));
        assert!(parse(b"<urlset>").unwrap_err().contains("XML"));
    }
}
