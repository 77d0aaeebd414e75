//! Fetching one URL over HTTP(S) with the audit's limits, and naming every
//! way it can fail.
//!
//! One blocking `ureq` agent (rustls, gzip) is shared by all worker threads.
//! Limits: a connect timeout (DNS and connect), a read timeout (response
//! headers, and again the whole body), a redirect limit, and a body size cap
//! checked against Content-Length before reading and enforced while reading.
//! Status codes are inspected here rather than turned into errors, so a 404
//! is reported with its status and final URL like any other answer.

use std::time::{Duration, Instant};

use ureq::http::Uri;
use ureq::ResponseExt;

use super::{Failure, FailureKind, FetchInfo};

/// The User-Agent candor sends.
pub fn user_agent() -> String {
    format!("candor/{} (+content audit)", env!("CARGO_PKG_VERSION"))
}

/// The limits of every request.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Resolving the host and connecting (including TLS).
    pub connect_timeout: Duration,
    /// Waiting for the response headers; and, separately, reading the body.
    pub read_timeout: Duration,
    pub max_redirects: u32,
    /// Largest body read, after decompression.
    pub max_bytes: u64,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(20),
            max_redirects: 5,
            max_bytes: 5 * 1024 * 1024,
        }
    }
}

/// A response whose body was read.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub info: FetchInfo,
    pub body: Vec<u8>,
    /// The `charset` parameter of the Content-Type header.
    pub charset: Option<String>,
}

/// What a fetch ended with: the response metadata that arrived, and the body or why not.
pub type Outcome = (FetchInfo, Result<Fetched, Failure>);

/// A shared HTTP client with the audit's limits.
pub struct Fetcher {
    agent: ureq::Agent,
    config: FetchConfig,
}

impl Fetcher {
    pub fn new(config: FetchConfig) -> Fetcher {
        let agent = ureq::Agent::config_builder()
            .user_agent(user_agent())
            .http_status_as_error(false)
            .max_redirects(config.max_redirects)
            .max_redirects_will_error(true)
            .timeout_resolve(Some(config.connect_timeout))
            .timeout_connect(Some(config.connect_timeout))
            .timeout_send_request(Some(config.read_timeout))
            .timeout_recv_response(Some(config.read_timeout))
            .timeout_recv_body(Some(config.read_timeout))
            .build()
            .new_agent();
        Fetcher { agent, config }
    }

    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// Fetch a page: it must answer 2xx with an HTML Content-Type (or none)
    /// and a body no larger than the cap.
    pub fn page(&self, url: &str) -> Outcome {
        self.get(url, self.config.max_bytes, |info| match info.content_type.as_deref() {
            None => Ok(()),
            Some(ct) if is_html(ct) => Ok(()),
            Some(ct) => Err(Failure::new(
                FailureKind::NotHtml,
                format!("Content-Type is {ct}; only HTML pages are audited"),
            )),
        })
    }

    /// Fetch any resource (robots.txt, a sitemap) of at most `max_bytes`: it must answer 2xx.
    pub fn resource(&self, url: &str, max_bytes: u64) -> Outcome {
        self.get(url, max_bytes, |_| Ok(()))
    }

    fn get(&self, url: &str, max_bytes: u64, accept: impl Fn(&FetchInfo) -> Result<(), Failure>) -> Outcome {
        let started = Instant::now();
        let mut info = FetchInfo::default();
        let result = (|| {
            let uri = parse_http_url(url)?;
            let mut response = self
                .agent
                .get(uri)
                .call()
                .map_err(|e| failure(e, max_bytes, &self.config))?;
            let status = response.status().as_u16();
            info.http_status = Some(status);
            info.final_url = Some(response.get_uri().to_string());
            info.content_type = response
                .headers()
                .get(ureq::http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_string());
            if !(200..300).contains(&status) {
                let reason = response.status().canonical_reason().unwrap_or("");
                return Err(Failure::new(
                    FailureKind::HttpStatus,
                    format!("HTTP {status} {reason}").trim_end().to_string(),
                ));
            }
            accept(&info)?;
            if let Some(length) = response.body().content_length().filter(|&n| n > max_bytes) {
                return Err(too_large(max_bytes, Some(length)));
            }
            let charset = response.body().charset().map(str::to_string);
            let body = response
                .body_mut()
                .with_config()
                .limit(max_bytes)
                .read_to_vec()
                .map_err(|e| failure(e, max_bytes, &self.config))?;
            Ok(Fetched {
                info: FetchInfo::default(),
                body,
                charset,
            })
        })();
        info.elapsed_ms = started.elapsed().as_millis() as u64;
        match result {
            Ok(mut fetched) => {
                info.bytes = fetched.body.len();
                fetched.info = info.clone();
                (info, Ok(fetched))
            }
            Err(failure) => (info, Err(failure)),
        }
    }
}

/// Whether a Content-Type names HTML.
pub fn is_html(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    mime == "text/html" || mime == "application/xhtml+xml"
}

/// An absolute http(s) URL with a host, or why not.
pub fn parse_http_url(url: &str) -> Result<Uri, Failure> {
    let invalid = |why: &str| Failure::new(FailureKind::InvalidUrl, format!("{url}: {why}"));
    let uri: Uri = url.parse().map_err(|e| invalid(&format!("{e}")))?;
    match uri.scheme_str() {
        Some("http") | Some("https") => {}
        _ => return Err(invalid("only http:// and https:// addresses can be fetched")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(invalid("no host"));
    }
    Ok(uri)
}

/// The site a URL belongs to: its host, with the port when it is not the scheme's default.
pub fn site_of(uri: &Uri) -> String {
    let host = uri.host().unwrap_or_default().to_ascii_lowercase();
    let default_port = match uri.scheme_str() {
        Some("https") => 443,
        _ => 80,
    };
    match uri.port_u16() {
        Some(port) if port != default_port => format!("{host}:{port}"),
        _ => host,
    }
}

/// The robots.txt URL of a URL's origin.
pub fn robots_url(uri: &Uri) -> String {
    let authority = uri.authority().map(|a| a.as_str()).unwrap_or_default();
    // Drop any user:password@ part.
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    format!("{}://{authority}/robots.txt", uri.scheme_str().unwrap_or("http"))
}

/// The path and query of a URL, as robots.txt rules see it.
pub fn path_and_query(uri: &Uri) -> String {
    uri.path_and_query()
        .map(|pq| pq.as_str().to_string())
        .filter(|pq| !pq.is_empty())
        .unwrap_or_else(|| "/".to_string())
}

fn too_large(max_bytes: u64, length: Option<u64>) -> Failure {
    let size = length.map(|n| format!(" ({} bytes)", n)).unwrap_or_default();
    Failure::new(
        FailureKind::TooLarge,
        format!("the body is larger than the {max_bytes}-byte limit{size}; raise --max-size to audit it"),
    )
}

/// Name a ureq error's kind.
fn failure(error: ureq::Error, max_bytes: u64, config: &FetchConfig) -> Failure {
    use std::io::ErrorKind as Io;
    use ureq::Error as E;
    let kind = match &error {
        E::HostNotFound => FailureKind::Dns,
        E::ConnectionFailed | E::ConnectProxyFailed(_) => FailureKind::Connect,
        E::Timeout(_) => FailureKind::Timeout,
        E::TooManyRedirects => FailureKind::TooManyRedirects,
        E::BodyExceedsLimit(_) => return too_large(max_bytes, None),
        E::Tls(_) | E::Rustls(_) | E::Pem(_) | E::TlsRequired => FailureKind::Tls,
        E::BadUri(_) | E::Http(_) => FailureKind::InvalidUrl,
        E::Io(io) => match io.kind() {
            Io::TimedOut | Io::WouldBlock => FailureKind::Timeout,
            Io::NotFound => FailureKind::Dns,
            _ => FailureKind::Connect,
        },
        _ => FailureKind::Protocol,
    };
    let detail = match &error {
        E::HostNotFound => "the host name does not resolve".to_string(),
        E::Timeout(which) => {
            let limit = match which {
                ureq::Timeout::Resolve | ureq::Timeout::Connect => config.connect_timeout,
                _ => config.read_timeout,
            };
            format!(
                "no answer within {} s ({which}); raise --timeout or --connect-timeout to wait longer",
                limit.as_secs_f64()
            )
        }
        E::TooManyRedirects => "more redirects than --max-redirects allows".to_string(),
        other => other.to_string(),
    };
    Failure::new(kind, detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_sites_and_robots() {
        let uri = parse_http_url("https://User:pw@Clinic.example:8443/a/b?q=1").unwrap();
        assert_eq!(site_of(&uri), "clinic.example:8443");
        assert_eq!(robots_url(&uri), "https://Clinic.example:8443/robots.txt");
        assert_eq!(path_and_query(&uri), "/a/b?q=1");
        let plain = parse_http_url("http://clinic.example:80").unwrap();
        assert_eq!(site_of(&plain), "clinic.example");
        assert_eq!(path_and_query(&plain), "/");
        for bad in ["ftp://x/y", "javascript:alert(1)", "/relative", "http://"] {
            assert_eq!(parse_http_url(bad).unwrap_err().kind, FailureKind::InvalidUrl, "{bad}");
        }
    }

    #[test]
    fn html_content_types() {
        assert!(is_html("text/html; charset=EUC-KR"));
        assert!(is_html("Application/XHTML+xml"));
        assert!(!is_html("image/png"));
        assert!(!is_html("text/plain"));
    }
}
