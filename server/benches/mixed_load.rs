//! Mixed load (docs/reliability.md, issue 15) against running servers seeded with the demo;
//! `scripts/bench-mixed.sh` starts them. BENCH_CONNECTIONS keep-alive connections (default 50), spread over the
//! servers in BENCH_URLS, for BENCH_SECONDS (default 60), each picking its next request by weight: partner
//! searches, Twinboard pages, posts, chat messages, uploads, and sign-ins of a class of pupils of one school (one
//! address). Prints, per kind, the requests, their answers (done, refused, server errors, connections lost) and
//! p50/p99; then checks in the database (BENCH_DATABASE_URL) that every acknowledged post and chat message is
//! there. Exits non-zero on a server error, a lost connection or a lost write.
mod common;

use common::{Client, encode, env, summary};
use leptos::server_fn::ServerFn;
use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

const PASSWORD: &str = common::DEMO_PASSWORD;
/// Members of the demo's first TwinSpace, "Water in our towns".
const MEMBERS: [&str; 3] = ["teacher1@demo.opentwin.test", "teacher3@demo.opentwin.test", "teacher10@demo.opentwin.test"];
const SEARCH_WORDS: [&str; 8] = ["", "science", "water", "Martin", "history robots", "music", "art", "maths"];

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    Search,
    Board,
    Post,
    Chat,
    Upload,
    PupilSignIn,
}

/// Out of 100 requests.
const MIX: [(Kind, u32); 6] = [(Kind::Search, 30), (Kind::Board, 40), (Kind::Post, 10), (Kind::Chat, 12), (Kind::Upload, 3), (Kind::PupilSignIn, 5)];

/// The kind whose share of `MIX` holds `pick` (0..100).
fn pick_kind(pick: u32) -> Kind {
    let mut upto = 0;
    for (kind, weight) in MIX {
        upto += weight;
        if pick < upto {
            return kind;
        }
    }
    Kind::Board
}

#[derive(Default)]
struct Outcomes {
    times: Vec<Duration>,
    done: usize,
    refused: BTreeMap<u16, usize>,
    server_errors: Vec<String>,
    lost_connections: usize,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let urls: Vec<String> = env("BENCH_URLS", "http://127.0.0.1:3000").split(',').map(str::to_owned).collect();
    let connections: usize = env("BENCH_CONNECTIONS", "50").parse().expect("BENCH_CONNECTIONS is a number");
    let seconds: u64 = env("BENCH_SECONDS", "60").parse().expect("BENCH_SECONDS is a number");
    let database_url = std::env::var("BENCH_DATABASE_URL").expect("BENCH_DATABASE_URL: the servers' database");

    // The members' sessions, the space, and a class of 30 pupils made by its founder.
    let mut client = Client::connect(&urls[0]).await;
    let mut members = Vec::new();
    for email in MEMBERS {
        members.push(client.sign_in(email, PASSWORD).await);
    }
    let project = client.project_titled(&members[0], common::DEMO_PROJECT).await.expect("the demo's first project and its space");
    // Pupils' names are letters only.
    let names: Vec<String> = (0..30u8).map(|n| format!("Pupil {}{}", (b'A' + n / 26) as char, (b'a' + n % 26) as char)).collect();
    let (status, _, logins) = client.post(app::twinspace::CreatePupils::PATH, format!("project={project}&names={}", encode(&names.join("\n"))), Some(&members[0])).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&logins));
    let pupils: Vec<app::twinspace::PupilLogin> = serde_json::from_slice(&logins).expect("the pupils' logins");
    println!(
        "mixed load: {connections} connections over {} server(s) for {seconds} s; TwinSpace {project}, {} pupils of one school",
        urls.len(),
        pupils.len()
    );

    let (members, pupils) = (Arc::new(members), Arc::new(pupils));
    let outcomes: Arc<Mutex<BTreeMap<Kind, Outcomes>>> = Arc::default();
    let written: Arc<Mutex<Vec<String>>> = Arc::default();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..connections {
        let (url, members, pupils, outcomes, written) = (urls[worker % urls.len()].clone(), members.clone(), pupils.clone(), outcomes.clone(), written.clone());
        workers.push(tokio::spawn(async move {
            let mut client = Client::connect(&url).await;
            let mut n: u64 = 0;
            while Instant::now() < deadline {
                n += 1;
                // A cheap spread that differs per worker and per request.
                let pick = ((worker as u64 * 7919 + n * 104_729) % 100) as u32;
                let kind = pick_kind(pick);
                let member = &members[(worker + n as usize) % members.len()];
                let marker = format!("load {worker}-{n}");
                let sent = Instant::now();
                // An upload refused before its body was read ends the connection (the server will not read 50 KB
                // it refuses); a browser opens a new one for its next request, and so does this client.
                let mut connection_ended = false;
                let answer = match kind {
                    Kind::Search => {
                        let words = SEARCH_WORDS[(n as usize + worker) % SEARCH_WORDS.len()];
                        let body = format!("query[q]={}&query[page]=1&query[sort]=relevance&query[open_to_plus]=false&query[looking_now]=false", encode(words));
                        client.try_post(app::partners::SearchPartners::PATH, body, Some(member)).await.map(|(status, _, text)| (status, text))
                    }
                    Kind::Board => client.try_get(&format!("/projects/{project}/space"), member).await,
                    Kind::Post => {
                        let body = format!("project={project}&body={}&request=load-p-{worker}-{n}", encode(&marker));
                        client.try_post(app::twinspace::CreatePost::PATH, body, Some(member)).await.map(|(status, _, text)| (status, text))
                    }
                    Kind::Chat => {
                        let body = format!("project={project}&body={}&request=load-c-{worker}-{n}", encode(&marker));
                        client.try_post(app::twinspace::chat::SendChatMessage::PATH, body, Some(member)).await.map(|(status, _, text)| (status, text))
                    }
                    Kind::Upload => {
                        let mut body = format!("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"load-{worker}-{n}.txt\"\r\nContent-Type: text/plain\r\n\r\n").into_bytes();
                        body.extend(std::iter::repeat_n(b'u', 50 * 1024));
                        body.extend_from_slice(b"\r\n--B--\r\n");
                        let path = format!("/projects/{project}/materials");
                        match client.try_send(&path, "multipart/form-data; boundary=B", body.into(), Some(member)).await {
                            // The form's answer is a redirect to the materials page, saying how it went.
                            Ok((303, headers, text)) if headers.iter().any(|h| h.contains("outcome=uploaded")) => Ok((200, text)),
                            Ok((303, headers, _)) => {
                                connection_ended = true;
                                Ok((429, headers.join(" ").into()))
                            }
                            other => {
                                connection_ended = true;
                                other.map(|(status, _, text)| (status, text))
                            }
                        }
                    }
                    Kind::PupilSignIn => {
                        let pupil = &pupils[(worker + n as usize) % pupils.len()];
                        let body = format!("username={}&password={}", encode(&pupil.username), encode(&pupil.password));
                        client.try_post(app::accounts::PupilSignIn::PATH, body, None).await.map(|(status, _, text)| (status, text))
                    }
                };
                let took = sent.elapsed();
                let lost = {
                    let mut outcomes = outcomes.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    let entry = outcomes.entry(kind).or_default();
                    match answer {
                        Ok((status, _)) if status < 400 => {
                            entry.done += 1;
                            entry.times.push(took);
                            if matches!(kind, Kind::Post | Kind::Chat) {
                                written.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(marker);
                            }
                            false
                        }
                        Ok((status, _)) if status < 500 => {
                            *entry.refused.entry(status).or_default() += 1;
                            entry.times.push(took);
                            false
                        }
                        Ok((status, text)) => {
                            entry.server_errors.push(format!("{status} {:.200}", String::from_utf8_lossy(&text)));
                            false
                        }
                        Err(_) => {
                            entry.lost_connections += 1;
                            true
                        }
                    }
                };
                if lost || connection_ended {
                    match Client::try_connect(&url, None).await {
                        Ok(again) => client = again,
                        Err(_) => break,
                    }
                }
            }
        }));
    }
    for worker in workers {
        worker.await.expect("a worker ran to its end");
    }
    let elapsed = started.elapsed().as_secs_f64();

    let outcomes = outcomes.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let total: usize = outcomes.values().map(|o| o.times.len() + o.server_errors.len() + o.lost_connections).sum();
    println!("{total} requests in {elapsed:.1} s = {:.0} req/s\n", total as f64 / elapsed);
    println!("{:<14} {:>8} {:>8} {:>18} {:>7} {:>6} {:>8} {:>8}", "kind", "requests", "done", "refused (status)", "errors", "lost", "p50 ms", "p99 ms");
    let mut failures = 0;
    for (kind, o) in outcomes.iter() {
        let (p50, _, p99) = summary(o.times.clone());
        let refused = o.refused.iter().map(|(status, n)| format!("{n} ({status})")).collect::<Vec<_>>().join(" ");
        let requests = o.times.len() + o.server_errors.len() + o.lost_connections;
        println!("{:<14} {requests:>8} {:>8} {refused:>18} {:>7} {:>6} {p50:>8.1} {p99:>8.1}", format!("{kind:?}"), o.done, o.server_errors.len(), o.lost_connections);
        for error in o.server_errors.iter().take(3) {
            println!("    {error}");
        }
        failures += o.server_errors.len() + o.lost_connections;
    }

    // Every acknowledged post and chat message is stored.
    use sea_orm::{ConnectionTrait, Statement};
    let db = app::db::connect(&database_url, 2).await.expect("BENCH_DATABASE_URL opens");
    let backend = db.get_database_backend();
    let mut stored = std::collections::HashSet::new();
    for table in ["twinboard_posts", "chat_messages"] {
        let sql = format!("SELECT body FROM {table} WHERE body LIKE 'load %'");
        for row in db.query_all_raw(Statement::from_string(backend, sql)).await.expect("the check's query runs") {
            stored.insert(row.try_get_by_index::<String>(0).expect("a body"));
        }
    }
    let written = written.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let lost = written.iter().filter(|marker| !stored.contains(*marker)).count();
    println!("\nwrites acknowledged (posts, chat): {}; missing from the database: {lost}", written.len());
    if failures + lost > 0 {
        std::process::exit(1);
    }
}
