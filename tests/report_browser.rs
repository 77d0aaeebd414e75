//! The audit report as a person sees it: headless Chromium opens report.html
//! from disk, and the rendered DOM must hold the chart and the findings. The
//! screenshot is kept in target/test-output/audit-report/ for a person to
//! look at. Skipped (with a message) only when Chromium is missing and
//! CANDOR_REQUIRE_BROWSER is unset; CI sets it, so there a missing browser fails.
#![cfg(feature = "audit")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{site, Server};

const BROWSER_TIMEOUT: Duration = Duration::from_secs(90);

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CANDOR_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
}

/// Where the report and its screenshot are kept after the test.
fn output_dir() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().to_path_buf();
    let dir = target.join("test-output").join("audit-report");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Run the browser with the flags that keep it offline and quiet; stdout, or a panic on failure or timeout.
fn run_browser(browser: &Path, profile: &Path, extra: &[String], url: &str) -> String {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
        out
    });
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium exited with {status}");
            break;
        }
        if started.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {BROWSER_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

#[test]
fn report_renders_in_a_browser() {
    let Some(browser) = chromium() else {
        if std::env::var_os("CANDOR_REQUIRE_BROWSER").is_some() {
            panic!("CANDOR_REQUIRE_BROWSER is set but no Chromium was found (install the `chromium` package)");
        }
        println!("SKIPPED report_renders_in_a_browser: Chromium is not installed (apt-get install chromium); set CANDOR_REQUIRE_BROWSER=1 to make this a failure");
        return;
    };
    let server = Server::start(site::handle);
    let out = output_dir();
    let status = Command::new(env!("CARGO_BIN_EXE_candor"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args([
            "audit",
            "--isolated",
            "--no-default-rules",
            "--rules",
            "tests/fixtures/audit/rules",
        ])
        .args(["tests/fixtures/audit/site", "--sitemap", &server.url("/sitemap.xml")])
        .args(["--timeout", "1", "--max-size", "1MB", "--delay", "10", "--out"])
        .arg(&out)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    drop(server);
    let report = out.join("report.html");
    let url = format!("file://{}", report.canonicalize().unwrap().display());
    let profile = tempfile::tempdir().unwrap();

    let dom = run_browser(&browser, profile.path(), &["--dump-dom".to_string()], &url);
    assert!(dom.contains("<svg"), "no chart in the rendered DOM");
    let bars = dom.matches("<rect class=\"bar").count();
    assert!(bars >= 2, "the chart has {bars} bars");
    for expected in [
        "<table class=\"grid\"",
        "<table class=\"rank\"",
        "<li class=\"finding sev-error\">",
        "<mark>guaranteed regrowth</mark>",
        "<table class=\"failures\"",
    ] {
        assert!(dom.contains(expected), "rendered DOM lacks {expected}");
    }
    assert!(!dom.contains("<script"), "the report runs no script");

    let shot = out.join("report.png");
    run_browser(
        &browser,
        profile.path(),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000".to_string(),
        ],
        &url,
    );
    let png = std::fs::read(&shot).expect("chromium wrote the screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(png.len() > 20_000, "a blank page would be smaller: {} bytes", png.len());
    println!("screenshot: {}", shot.display());
}
