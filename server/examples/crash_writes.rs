//! The two sides of `scripts/crash-test.sh`, which kills the server with SIGKILL while this writes to it.
//!
//! `crash_writes write` (env CRASH_URL, CRASH_LOG, CRASH_ROUND): writes as a TwinSpace's members and newcomers
//! would, all at once — sign-ups, Twinboard posts, comments, chat messages, uploads, reports — until the server
//! stops answering (or CRASH_SECONDS pass). Every write the server acknowledged is appended to CRASH_LOG the
//! moment its answer arrives; refusals and server errors are counted and printed.
//!
//! `crash_writes verify` (env CRASH_LOG, CRASH_DATABASE_URL, CRASH_DATA_DIR): every acknowledged write must be in
//! the database, and every acknowledged upload's file in the store with its size. Exits non-zero on any loss.
#[path = "../benches/common/mod.rs"]
mod common;

use common::{Client, encode, env};
use leptos::server_fn::ServerFn;
use std::{
    io::Write,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// "Water in our towns": teacher1 founded it; teacher3 and teacher10 are members.
const PROJECT_TITLE: &str = common::DEMO_PROJECT;
const PASSWORD: &str = common::DEMO_PASSWORD;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("write") => write().await,
        Some("verify") => std::process::exit(verify().await),
        _ => {
            eprintln!("usage: crash_writes write|verify (see the file's header)");
            std::process::exit(2);
        }
    }
}

/// What the writers saw, beyond what they logged.
#[derive(Default, Debug)]
struct Tally {
    acknowledged: usize,
    refused: Vec<String>,
    server_errors: Vec<String>,
}

struct Log(Mutex<std::fs::File>);

impl Log {
    /// One line per acknowledged write, written through at once (the driver is not the one killed, but a line
    /// must never be half there).
    fn note(&self, line: String) {
        let mut file = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let _ = file.write_all(format!("{line}\n").as_bytes());
    }
}

async fn write() {
    let url = env("CRASH_URL", "http://127.0.0.1:3000");
    let round: u32 = env("CRASH_ROUND", "0").parse().expect("CRASH_ROUND is a number");
    let seconds: u64 = env("CRASH_SECONDS", "20").parse().expect("CRASH_SECONDS is a number");
    let log = Arc::new(Log(Mutex::new(
        std::fs::OpenOptions::new().create(true).append(true).open(env("CRASH_LOG", "crash.log")).expect("CRASH_LOG can be written"),
    )));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    // Each round plays another school's network behind the trusted proxy, so that the per-address limits of a
    // real school (sign-ins, sign-ups) are not what this measures.
    let address = move |n: u32| format!("10.{}.{}.{}", (round >> 8) & 255, round & 255, n % 250 + 1);

    let session = |email: &'static str, n: u32| {
        let (url, address) = (url.clone(), address(n));
        async move {
            let mut client = Client::try_connect(&url, Some(address)).await.ok()?;
            let cookie = client.try_sign_in(email, PASSWORD).await.ok()?;
            Some((client, cookie))
        }
    };
    let Some((mut founder, founder_cookie)) = session("teacher1@demo.opentwin.test", 1).await else {
        eprintln!("round {round}: the server did not let teacher1 sign in (stopped before?)");
        return;
    };
    let project = match founder.project_titled(&founder_cookie, PROJECT_TITLE).await {
        Some(project) => project,
        None => {
            eprintln!("round {round}: the demo project was not found");
            return;
        }
    };
    let first_post = first_post(&mut founder, &founder_cookie, project).await;

    let mut writers = Vec::new();
    // Twinboard posts and chat messages by the founder, as fast as the server takes them.
    for kind in ["post", "chat"] {
        let (log, tally) = (log.clone(), tally.clone());
        let Some((mut client, cookie)) = session("teacher1@demo.opentwin.test", 2).await else { return };
        writers.push(tokio::spawn(async move {
            for n in 0.. {
                if Instant::now() > deadline {
                    break;
                }
                let marker = format!("crash {kind} {round}-{n}");
                let (path, body) = match kind {
                    "post" => (app::twinspace::CreatePost::PATH, format!("project={project}&body={}&request=r{round}-p{n}", encode(&marker))),
                    _ => (app::twinspace::chat::SendChatMessage::PATH, format!("project={project}&body={}&request=r{round}-c{n}", encode(&marker))),
                };
                match client.try_post(path, body, Some(&cookie)).await {
                    Ok((200, _, _)) => acknowledged(&log, &tally, format!("{kind}\t{marker}")),
                    Ok((status, _, text)) => answered(&tally, kind, status, &text),
                    Err(_) => break,
                }
            }
        }));
    }
    // Comments by a member on the board's first post.
    if let Some(post) = first_post {
        let (log, tally) = (log.clone(), tally.clone());
        let Some((mut client, cookie)) = session("teacher3@demo.opentwin.test", 3).await else { return };
        writers.push(tokio::spawn(async move {
            for n in 0.. {
                if Instant::now() > deadline {
                    break;
                }
                let marker = format!("crash comment {round}-{n}");
                let body = format!("post={post}&body={}&request=r{round}-m{n}", encode(&marker));
                match client.try_post(app::twinspace::AddComment::PATH, body, Some(&cookie)).await {
                    Ok((200, _, _)) => acknowledged(&log, &tally, format!("comment\t{marker}")),
                    Ok((status, _, text)) => answered(&tally, "comment", status, &text),
                    Err(_) => break,
                }
            }
        }));
    }
    // Uploads, a few a round (a person may send 300 a day), through the materials form.
    {
        let (log, tally) = (log.clone(), tally.clone());
        let email = if round % 2 == 0 { "teacher1@demo.opentwin.test" } else { "teacher3@demo.opentwin.test" };
        let Some((mut client, cookie)) = session(email, 4).await else { return };
        writers.push(tokio::spawn(async move {
            for n in 0..2 {
                let name = format!("crash-{round}-{n}.txt");
                let size = 200_000 + 1_000 * (round as usize % 100);
                let mut body = format!("--B\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\nr{round}-u{n}\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n").into_bytes();
                body.extend(std::iter::repeat_n(b'w', size));
                body.extend_from_slice(b"\r\n--B--\r\n");
                match client.try_send(&format!("/projects/{project}/materials"), "multipart/form-data; boundary=B", body.into(), Some(&cookie)).await {
                    Ok((303, headers, _)) if headers.iter().any(|h| h.starts_with("location:") && h.contains("outcome=uploaded")) => {
                        acknowledged(&log, &tally, format!("upload\t{name}\t{size}"))
                    }
                    Ok((status, headers, text)) => answered(&tally, &format!("upload {headers:?}"), status, &text),
                    Err(_) => break,
                }
            }
        }));
    }
    // Sign-ups of new teachers, each from its own address.
    {
        let (log, tally, url) = (log.clone(), tally.clone(), url.clone());
        writers.push(tokio::spawn(async move {
            for n in 0.. {
                if Instant::now() > deadline {
                    break;
                }
                let Ok(mut client) = Client::try_connect(&url, Some(address(10 + n))).await else { break };
                let email = format!("crash-{round}-{n}@example.test");
                let body = format!(
                    "form[email]={}&form[password]=crash-test-password&form[display_name]=Crash+Test&form[country]=FR&form[staff_role]=teacher&form[new_school_name]=Crash+school+{round}&form[new_school_city]=Lyon&form[new_school_kind]=primary",
                    encode(&email)
                );
                match client.try_post(app::accounts::SignUp::PATH, body, None).await {
                    Ok((200, _, _)) => acknowledged(&log, &tally, format!("signup\t{email}")),
                    Ok((status, _, text)) => answered(&tally, "signup", status, &text),
                    Err(_) => break,
                }
            }
        }));
    }
    // One report a round by a member about one of the founder's posts of this round (50 a day each).
    {
        let (log, tally) = (log.clone(), tally.clone());
        let email = if round % 2 == 0 { "teacher3@demo.opentwin.test" } else { "teacher10@demo.opentwin.test" };
        let Some((mut client, cookie)) = session(email, 5).await else { return };
        writers.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let Ok((200, _, board)) = client.try_post(app::twinspace::LoadBoard::PATH, format!("project={project}"), Some(&cookie)).await else { return };
            let board: serde_json::Value = serde_json::from_slice(&board).unwrap_or_default();
            let prefix = format!("crash post {round}-");
            let Some(post) = board["posts"].as_array().into_iter().flatten().find(|p| p["body"].as_str().is_some_and(|b| b.starts_with(&prefix))) else { return };
            let (id, marker) = (post["id"].as_i64().unwrap_or_default(), post["body"].as_str().unwrap_or_default().to_owned());
            let body = format!("kind=post&target={id}&reason=spam&request=r{round}-report");
            match client.try_post(app::moderation::FileReport::PATH, body, Some(&cookie)).await {
                Ok((200, _, _)) => acknowledged(&log, &tally, format!("report\t{marker}")),
                Ok((status, _, text)) => answered(&tally, "report", status, &text),
                Err(_) => {}
            }
        }));
    }
    for writer in writers {
        let _ = writer.await;
    }
    let tally = tally.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    println!("round {round}: {} writes acknowledged, {} refused, {} server errors", tally.acknowledged, tally.refused.len(), tally.server_errors.len());
    for line in tally.refused.iter().chain(&tally.server_errors).take(5) {
        println!("  {line}");
    }
}

fn acknowledged(log: &Log, tally: &Mutex<Tally>, line: String) {
    log.note(line);
    tally.lock().unwrap_or_else(std::sync::PoisonError::into_inner).acknowledged += 1;
}

fn answered(tally: &Mutex<Tally>, kind: &str, status: u16, text: &[u8]) {
    let line = format!("{kind}: {status} {:.200}", String::from_utf8_lossy(text));
    let mut tally = tally.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if status >= 500 { tally.server_errors.push(line) } else { tally.refused.push(line) }
}

async fn first_post(client: &mut Client, cookie: &str, project: i32) -> Option<i64> {
    let (status, _, board) = client.try_post(app::twinspace::LoadBoard::PATH, format!("project={project}"), Some(cookie)).await.ok()?;
    if status != 200 {
        return None;
    }
    let board: serde_json::Value = serde_json::from_slice(&board).ok()?;
    board["posts"].as_array()?.last()?["id"].as_i64()
}

/// Every acknowledged write, looked for; 0 when all are there.
async fn verify() -> i32 {
    use sea_orm::{ConnectionTrait, Statement};
    let log = std::fs::read_to_string(env("CRASH_LOG", "crash.log")).expect("CRASH_LOG can be read");
    let data_dir = std::path::PathBuf::from(env("CRASH_DATA_DIR", "data"));
    let db = app::db::connect(&env("CRASH_DATABASE_URL", ""), 2).await.expect("CRASH_DATABASE_URL opens");
    let backend = db.get_database_backend();
    let column = |sql: &str| {
        let db = db.clone();
        let sql = sql.to_owned();
        async move {
            let rows = db.query_all_raw(Statement::from_string(backend, sql)).await.expect("the check's query runs");
            rows.iter().filter_map(|row| row.try_get_by_index::<String>(0).ok()).collect::<std::collections::HashSet<String>>()
        }
    };
    let posts = column("SELECT body FROM twinboard_posts").await;
    let comments = column("SELECT body FROM twinboard_comments").await;
    let chat = column("SELECT body FROM chat_messages").await;
    let emails = column("SELECT email FROM accounts WHERE email IS NOT NULL").await;
    let reported = column("SELECT p.body FROM reports r JOIN twinboard_posts p ON p.id = r.target_id WHERE r.target_kind = 'post'").await;
    let rows = db.query_all_raw(Statement::from_string(backend, "SELECT name, object_key, size FROM materials".to_owned())).await.expect("materials can be read");
    let files: std::collections::HashMap<String, (String, i64)> = rows
        .iter()
        .filter_map(|row| Some((row.try_get_by_index::<String>(0).ok()?, (row.try_get_by_index::<String>(1).ok()?, row.try_get_by_index::<i64>(2).ok()?))))
        .collect();

    let mut counts: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    let mut lost = Vec::new();
    for line in log.lines().filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let found = match fields.as_slice() {
            ["post", marker] => posts.contains(*marker),
            ["comment", marker] => comments.contains(*marker),
            ["chat", marker] => chat.contains(*marker),
            ["signup", email] => emails.contains(*email),
            ["report", marker] => reported.contains(*marker),
            ["upload", name, size] => files.get(*name).is_some_and(|(key, stored)| {
                let on_disk = std::fs::metadata(data_dir.join(key)).map(|m| m.len() as i64).ok();
                stored.to_string() == *size && on_disk == Some(*stored)
            }),
            _ => {
                eprintln!("unreadable line in the log: {line}");
                false
            }
        };
        let entry = counts.entry(fields[0]).or_default();
        entry.0 += 1;
        if !found {
            entry.1 += 1;
            lost.push(line.to_owned());
        }
    }
    let total: usize = counts.values().map(|(n, _)| n).sum();
    println!("acknowledged writes: {total}");
    for (kind, (n, missing)) in &counts {
        println!("  {kind:<8} {n:>7} acknowledged, {missing} missing");
    }
    for line in lost.iter().take(20) {
        println!("  LOST: {line}");
    }
    if lost.is_empty() { 0 } else { 1 }
}
