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
