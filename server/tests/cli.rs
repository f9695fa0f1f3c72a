//! The server binary's answers to bad settings: one clear line on stderr and a non-zero exit, never a panic.
use std::process::Command;

fn server(env: &[(&str, &str)], args: &[&str]) -> (i32, String) {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let data = std::env::temp_dir().join(format!("opentwin-cli-{}-{n}", std::process::id()));
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .env("OPENTWIN_DATA_DIR", &data)
        .env("OPENTWIN_LOG", "error")
        .args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("the server binary runs");
    let _ = std::fs::remove_dir_all(&data);
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn one_line_error(stderr: &str) -> &str {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "exactly one line, got: {stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    lines[0]
}

#[test]
fn a_bad_database_url_names_the_setting() {
    let (code, stderr) = server(&[("OPENTWIN_DATABASE_URL", "mysql://root:secret@localhost/x")], &["migrate"]);
    assert_eq!(code, 1);
    let line = one_line_error(&stderr);
    assert!(line.contains("database_url") && !line.contains("secret"), "{line}");
}

#[test]
fn an_unreachable_postgres_is_one_line() {
    let (code, stderr) = server(&[("OPENTWIN_DATABASE_URL", "postgres://nobody:pw@127.0.0.1:1/none")], &["migrate"]);
    assert_eq!(code, 1);
    let line = one_line_error(&stderr);
    assert!(line.contains("cannot connect to the database") && line.contains("***"), "{line}");
}

#[test]
fn an_unwritable_data_directory_is_one_line() {
    let (code, stderr) = server(&[("OPENTWIN_DATA_DIR", "/proc/opentwin-cannot-be-here")], &["migrate"]);
    assert_eq!(code, 1);
    assert!(one_line_error(&stderr).contains("data_dir"));
}

#[test]
fn a_port_in_use_is_one_line() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let (code, stderr) = server(&[("OPENTWIN_SITE_ADDR", &address)], &["serve"]);
    assert_eq!(code, 1);
    let line = one_line_error(&stderr);
    assert!(line.contains("cannot listen") && line.contains(&address), "{line}");
}

#[test]
fn a_misspelt_setting_is_refused() {
    let (code, stderr) = server(&[("OPENTWIN_SITE_ADRESS", "127.0.0.1:1")], &["migrate"]);
    assert_eq!(code, 1);
    assert!(one_line_error(&stderr).contains("OPENTWIN_SITE_ADRESS"));
}

/// `GET path` on a plain TCP connection: the status code, or None when nothing listens.
fn status(address: &str, path: &str) -> Option<u16> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).ok()?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    answer.split_whitespace().nth(1)?.parse().ok()
}

/// SIGTERM, as an orchestrator sends it: `/readyz` turns 503 at once while the server still answers (so a load
/// balancer takes it out of rotation), then the listener closes and the process exits cleanly.
#[cfg(unix)]
#[test]
fn sigterm_drains_first_then_stops() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let address = format!("127.0.0.1:{port}");
    let data = std::env::temp_dir().join(format!("opentwin-cli-drain-{}", std::process::id()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .env("OPENTWIN_DATA_DIR", &data)
        .env("OPENTWIN_LOG", "error")
        .env("OPENTWIN_SITE_ADDR", &address)
        .env("OPENTWIN_DRAIN_SECONDS", "3")
        .arg("serve")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("the server starts");
    let started = std::time::Instant::now();
    while status(&address, "/readyz") != Some(200) {
        assert!(started.elapsed().as_secs() < 60, "ready within a minute");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let terminated = std::time::Instant::now();
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(status(&address, "/readyz"), Some(503), "not ready while draining");
    assert_eq!(status(&address, "/healthz"), Some(200), "still serving while draining");
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    assert!(terminated.elapsed() >= std::time::Duration::from_secs(3), "the drain lasted its period");
    assert_eq!(status(&address, "/healthz"), None, "the listener is closed");
    let _ = std::fs::remove_dir_all(&data);
}
