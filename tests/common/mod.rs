//! A tiny HTTP/1.1 server on 127.0.0.1 and the fixture clinic site it serves,
//! for the audit tests. It binds 127.0.0.1:0 only, answers each connection on
//! its own thread, logs every request, and stops when dropped (or after a
//! fixed deadline, so a failing test cannot leave it running).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The longest a server lives, whatever the test does.
const DEADLINE: Duration = Duration::from_secs(120);

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    pub user_agent: Option<String>,
    pub accept_encoding: Option<String>,
}

/// One response to send.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering (a slow page).
    pub delay: Duration,
    /// Send no Content-Length; the body ends when the connection closes.
    pub until_close: bool,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
            until_close: false,
        }
    }

    pub fn html(body: &str) -> Response {
        Response::new(200, "text/html; charset=utf-8", body)
    }

    pub fn redirect(status: u16, location: &str) -> Response {
        let mut r = Response::new(status, "text/html", "moved");
        r.headers.push(("Location".into(), location.into()));
        r
    }

    pub fn header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Handler = dyn Fn(&Request, u16) -> Response + Send + Sync;

/// A running server.
pub struct Server {
    pub port: u16,
    pub log: Arc<Mutex<Vec<Request>>>,
    /// The most requests (other than to `slow_path`) in flight at once.
    pub peak: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serve `handler` on 127.0.0.1 at a free port. Requests to a path
    /// containing `slow` are not counted in `peak` (the client gives up on
    /// them while the server still sleeps).
    pub fn start(handler: impl Fn(&Request, u16) -> Response + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let peak = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let thread = {
            let (log, peak, stop) = (log.clone(), peak.clone(), stop.clone());
            std::thread::spawn(move || {
                let started = Instant::now();
                let active = Arc::new(AtomicUsize::new(0));
                while !stop.load(Ordering::SeqCst) && started.elapsed() < DEADLINE {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let (log, peak, active, handler) =
                                (log.clone(), peak.clone(), active.clone(), handler.clone());
                            std::thread::spawn(move || serve(stream, port, &*handler, &log, &peak, &active));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        Server {
            port,
            log,
            peak,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(
    mut stream: TcpStream,
    port: u16,
    handler: &Handler,
    log: &Mutex<Vec<Request>>,
    peak: &AtomicUsize,
    active: &AtomicUsize,
) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut lines = head.lines();
    let path = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("/")
        .to_string();
    let header = |name: &str| {
        head.lines()
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_string())
    };
    let request = Request {
        path: path.clone(),
        user_agent: header("user-agent"),
        accept_encoding: header("accept-encoding"),
    };
    log.lock().unwrap().push(request.clone());
    let counted = !path.contains("slow");
    if counted {
        let now = active.fetch_add(1, Ordering::SeqCst) + 1;
        peak.fetch_max(now, Ordering::SeqCst);
    }
    let response = handler(&request, port);
    std::thread::sleep(response.delay);
    let mut out = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", response.status);
    for (k, v) in &response.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    if !response.until_close {
        out.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    }
    out.push_str("\r\n");
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(&response.body);
    let _ = stream.flush();
    if counted {
        active.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The fixture clinic site.
pub mod site {
    use super::{Request, Response};
    use std::io::Write;
    use std::time::Duration;

    pub const CLINIC: &str = include_str!("../fixtures/audit/site/clinic.html");
    pub const ABOUT: &str = include_str!("../fixtures/audit/site/about.html");
    pub const OFFER: &str = include_str!("../fixtures/audit/site/offer.html");

    /// A Korean clinic page; the claim is English so the test pack finds it.
    pub fn korean(meta: bool) -> Vec<u8> {
        let meta = if meta { "<meta charset=\"euc-kr\">" } else { "" };
        let html = format!(
            "<!DOCTYPE html><html><head>{meta}<title>모발 재생 클리닉</title></head><body>\n\
             <h1>엑소좀 두피 치료</h1>\n<p>엑소좀 치료로 See new growth in just 3 weeks! 지금 book 하세요.</p>\n</body></html>\n"
        );
        let (bytes, _, had_errors) = encoding_rs::EUC_KR.encode(&html);
        assert!(!had_errors);
        bytes.into_owned()
    }

    /// Every page the sitemap lists, by path.
    pub const LISTED: [&str; 14] = [
        "/clinic.html",
        "/about.html",
        "/old-offer",
        "/moved",
        "/missing.html",
        "/slow.html",
        "/private/draft.html",
        "/korean-header.html",
        "/korean-meta.html",
        "/logo.png",
        "/gzip.html",
        "/big.html",
        "/stream.html",
        "/loop",
    ];

    pub fn handle(request: &Request, port: u16) -> Response {
        let base = format!("http://127.0.0.1:{port}");
        match request.path.as_str() {
            "/robots.txt" => Response::new(200, "text/plain", "User-agent: *\nDisallow: /private/\nAllow: /\n"),
            "/sitemap.xml" => Response::new(
                200,
                "application/xml",
                format!(
                    "<?xml version=\"1.0\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                     <sitemap><loc>{base}/sitemap-pages.xml</loc></sitemap></sitemapindex>"
                ),
            ),
            "/sitemap-pages.xml" => {
                let urls: String = LISTED
                    .iter()
                    .map(|p| format!("<url><loc>{base}{p}</loc></url>\n"))
                    .collect();
                Response::new(
                    200,
                    "application/xml",
                    format!("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{urls}</urlset>"),
                )
            }
            "/clinic.html" => Response::html(CLINIC),
            "/about.html" => Response::html(ABOUT),
            "/offer.html" => Response::html(OFFER),
            "/old-offer" => Response::redirect(301, "/offer.html"),
            "/moved" => Response::redirect(301, &format!("{base}/clinic.html")),
            "/loop" => Response::redirect(302, "/loop"),
            "/slow.html" => {
                let mut r = Response::html("<p>Too late.</p>");
                r.delay = Duration::from_secs(3);
                r
            }
            "/private/draft.html" => Response::html("<p>Guaranteed regrowth, draft.</p>"),
            "/korean-header.html" => Response::new(200, "text/html; charset=EUC-KR", korean(false)),
            "/korean-meta.html" => Response::new(200, "text/html", korean(true)),
            "/logo.png" => Response::new(200, "image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
            "/gzip.html" => {
                let body = "<html><head><title>Gzip offer</title></head><body><p>Exosome boosters: guaranteed regrowth.</p></body></html>";
                let accepts = request.accept_encoding.as_deref().unwrap_or("").contains("gzip");
                if accepts {
                    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                    gz.write_all(body.as_bytes()).unwrap();
                    Response::new(200, "text/html", gz.finish().unwrap()).header("Content-Encoding", "gzip")
                } else {
                    Response::html(body)
                }
            }
            "/big.html" => Response::html(&format!("<p>{}</p>", "exosome ".repeat(256 * 1024))),
            "/stream.html" => {
                let mut r = Response::html(&format!("<p>{}</p>", "booster ".repeat(256 * 1024)));
                r.until_close = true;
                r
            }
            _ => Response::new(404, "text/html", "<h1>Not found</h1>"),
        }
    }
}
