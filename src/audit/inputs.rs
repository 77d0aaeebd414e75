//! What an audit covers: local files and folders (walked as `check` walks
//! them), page URLs, and the pages listed by sitemaps (indexes followed).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::fetch::{parse_http_url, Fetcher};
use super::sitemap::{self, Sitemap, MAX_SITEMAP_BYTES};
use super::{FailureKind, InputError};
use crate::source::display_path;
use crate::walk::{self, Filters, Input};

/// How deep sitemap indexes are followed (an index of indexes of sitemaps is 3).
const MAX_SITEMAP_DEPTH: usize = 3;
/// How many sitemaps one audit reads at most.
const MAX_SITEMAPS: usize = 1000;

/// The pages an audit will read, and the inputs that named none.
#[derive(Debug, Default)]
pub struct Gathered {
    pub files: Vec<Input>,
    /// Absolute http(s) URLs, first mention first, without repeats.
    pub urls: Vec<String>,
    pub errors: Vec<InputError>,
    /// URLs left out by the page limit.
    pub over_limit: usize,
}

/// Whether a command-line input is a URL rather than a path.
pub fn is_url(input: &str) -> bool {
    input.contains("://")
}

/// Gather the pages named by `inputs` (paths or URLs) and `sitemaps` (paths
/// or URLs), keeping at most `max_pages` of them (files first).
pub fn gather(
    inputs: &[String],
    sitemaps: &[String],
    filters: &Filters,
    fetcher: &Fetcher,
    max_pages: usize,
) -> Gathered {
    let mut gathered = Gathered::default();
    let mut seen = HashSet::new();
    let mut paths = Vec::new();
    for input in inputs {
        if is_url(input) {
            add_url(&mut gathered, &mut seen, input, input);
        } else {
            paths.push(PathBuf::from(input));
        }
    }
    if !paths.is_empty() {
        let (files, errors) = walk::collect(&paths, None, filters);
        gathered.files = files;
        gathered
            .errors
            .extend(errors.into_iter().map(|(path, message)| InputError {
                input: display_path(&path),
                kind: FailureKind::Read,
                detail: message,
            }));
    }
    let mut read = 0;
    for sitemap in sitemaps {
        follow(&mut gathered, &mut seen, fetcher, sitemap, None, 1, &mut read);
    }
    let room = max_pages.saturating_sub(gathered.files.len());
    gathered.over_limit = gathered.files.len().saturating_sub(max_pages) + gathered.urls.len().saturating_sub(room);
    gathered.files.truncate(max_pages);
    gathered.urls.truncate(room);
    gathered
}

fn add_url(gathered: &mut Gathered, seen: &mut HashSet<String>, url: &str, named_by: &str) {
    match parse_http_url(url) {
        Ok(uri) => {
            let normal = uri.to_string();
            if seen.insert(normal.clone()) {
                gathered.urls.push(normal);
            }
        }
        Err(failure) => gathered.errors.push(InputError {
            input: named_by.to_string(),
            kind: failure.kind,
            detail: failure.detail,
        }),
    }
}

/// Read one sitemap (a URL, or a path relative to `parent`'s folder) and what it lists.
fn follow(
    gathered: &mut Gathered,
    seen: &mut HashSet<String>,
    fetcher: &Fetcher,
    location: &str,
    parent: Option<&Path>,
    depth: usize,
    read: &mut usize,
) {
    let error = |kind: FailureKind, detail: String| InputError {
        input: format!("sitemap {location}"),
        kind,
        detail,
    };
    if *read >= MAX_SITEMAPS {
        gathered.errors.push(error(
            FailureKind::Read,
            format!("not read: an audit reads at most {MAX_SITEMAPS} sitemaps"),
        ));
        return;
    }
    *read += 1;
    let (bytes, folder) = if is_url(location) {
        match fetcher.resource(location, MAX_SITEMAP_BYTES) {
            (_, Ok(fetched)) => (fetched.body, None),
            (_, Err(failure)) => {
                gathered.errors.push(error(failure.kind, failure.detail));
                return;
            }
        }
    } else {
        let path = match parent {
            Some(folder) => folder.join(location),
            None => PathBuf::from(location),
        };
        match std::fs::read(&path) {
            Ok(bytes) => (bytes, path.parent().map(Path::to_path_buf)),
            Err(e) => {
                gathered
                    .errors
                    .push(error(FailureKind::Read, format!("cannot read: {e}")));
                return;
            }
        }
    };
    match sitemap::parse(&bytes) {
        Ok(Sitemap::Pages(urls)) => {
            for url in urls {
                add_url(gathered, seen, &url, &format!("sitemap {location}"));
            }
        }
        Ok(Sitemap::Index(children)) if depth < MAX_SITEMAP_DEPTH => {
            for child in children {
                follow(gathered, seen, fetcher, &child, folder.as_deref(), depth + 1, read);
            }
        }
        Ok(Sitemap::Index(_)) => gathered.errors.push(error(
            FailureKind::Read,
            format!("sitemap indexes nested deeper than {MAX_SITEMAP_DEPTH} levels are not followed"),
        )),
        Err(message) => gathered.errors.push(error(FailureKind::Decode, message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::fetch::FetchConfig;

    #[test]
    fn local_sitemap_index_and_limits() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("index.xml"),
            "<sitemapindex><sitemap><loc>pages.xml</loc></sitemap><sitemap><loc>missing.xml</loc></sitemap></sitemapindex>",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("pages.xml"),
            "<urlset><url><loc>https://a.example/1</loc></url><url><loc>https://a.example/1</loc></url>\
             <url><loc>mailto:x@y</loc></url><url><loc>https://a.example/2</loc></url></urlset>",
        )
        .unwrap();
        let index = dir.path().join("index.xml").to_string_lossy().into_owned();
        let fetcher = Fetcher::new(FetchConfig::default());
        let g = gather(
            &["https://b.example/".into()],
            &[index],
            &Filters::default(),
            &fetcher,
            2,
        );
        assert_eq!(g.urls, ["https://b.example/", "https://a.example/1"]);
        assert_eq!(g.over_limit, 1);
        let kinds: Vec<_> = g.errors.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [FailureKind::InvalidUrl, FailureKind::Read], "{:?}", g.errors);
    }
}
