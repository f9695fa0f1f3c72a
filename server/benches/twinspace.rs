//! TwinSpace benchmarks against running servers seeded with the demo; `scripts/bench-twinspace.sh` starts them.
//!
//! 1. Twinboard: the page of a TwinSpace with 50 posts, rendered on the server for a signed-in member, over
//!    BENCH_CONNECTIONS keep-alive connections (default 100) for BENCH_SECONDS (default 10): requests per second
//!    and latency percentiles.
//! 2. Chat: BENCH_CLIENTS websockets (default 1,000) in the room, spread over the servers in BENCH_URLS (two
//!    processes on one PostgreSQL show the LISTEN/NOTIFY fan-out); a teacher sends BENCH_MESSAGES messages
//!    (default 20) through the server function; the delay from sending to each client's receipt.
mod common;

use common::{Client, encode, env, summary};
use futures_util::StreamExt;
use leptos::server_fn::ServerFn;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let urls: Vec<String> = env("BENCH_URLS", &env("BENCH_URL", "http://127.0.0.1:3000")).split(',').map(str::to_owned).collect();
    let project: i32 = env("BENCH_PROJECT", "1").parse().unwrap();
    let connections: usize = env("BENCH_CONNECTIONS", "100").parse().unwrap();
    let seconds: u64 = env("BENCH_SECONDS", "10").parse().unwrap();
    let clients: usize = env("BENCH_CLIENTS", "1000").parse().unwrap();
    let messages: usize = env("BENCH_MESSAGES", "20").parse().unwrap();
    let base = urls[0].clone();

    // Claire Martin founded the demo's first project.
    let mut client = Client::connect(&base).await;
    let cookie = client.sign_in("teacher1@demo.opentwin.test", "opentwin-demo").await;

    // The board gets to 50 posts (the demo has 3).
    let board = format!("/projects/{project}/space");
    for n in 0..47 {
        let body = format!("project={project}&body={}", encode(&format!("Update number {n}: our pupils measured the river again and wrote down what they saw.")));
        let (status, _, text) = client.post(app::twinspace::CreatePost::PATH, body, Some(&cookie)).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&text));
    }
    let (status, size) = client.get(&board, &cookie).await;
    assert_eq!(status, 200);
    println!("Twinboard: {board} with 50 posts, {size} bytes of HTML; {connections} connections for {seconds} s against {base}");
    for _ in 0..200 {
        client.get(&board, &cookie).await;
    }

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..connections {
        let (base, cookie, board) = (base.clone(), cookie.clone(), board.clone());
        workers.push(tokio::spawn(async move {
            let mut client = Client::connect(&base).await;
            let mut times = Vec::new();
            while Instant::now() < deadline {
                let sent = Instant::now();
                let (status, _) = client.get(&board, &cookie).await;
                assert_eq!(status, 200);
                times.push(sent.elapsed());
            }
            times
        }));
    }
    let mut times = Vec::new();
    for worker in workers {
        times.extend(worker.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (p50, p95, p99) = summary(times.clone());
    println!("  {} requests in {elapsed:.1} s = {:.0} req/s; p50 {p50:.1} ms, p95 {p95:.1} ms, p99 {p99:.1} ms", times.len(), times.len() as f64 / elapsed);

    // Chat: every client notes when each bench message reaches it.
    println!("\nChat: {clients} websockets over {} server(s), {messages} messages", urls.len());
    let received: Arc<Mutex<Vec<(usize, Instant)>>> = Arc::new(Mutex::new(Vec::new()));
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel::<()>(clients);
    let connect_started = Instant::now();
    for n in 0..clients {
        let url = format!("{}/projects/{project}/chat/socket", urls[n % urls.len()].replace("http://", "ws://"));
        let mut request = url.into_client_request().unwrap();
        request.headers_mut().insert("cookie", cookie.parse().unwrap());
        let (received, ready) = (received.clone(), ready_tx.clone());
        tokio::spawn(async move {
            let (mut socket, _) = tokio_tungstenite::connect_async(request).await.expect("websocket opens");
            ready.send(()).await.unwrap();
            while let Some(Ok(frame)) = socket.next().await {
                if let Message::Text(text) = frame {
                    if let Ok(message) = serde_json::from_str::<app::twinspace::chat::ChatMessage>(&text) {
                        if let Some(number) = message.body.strip_prefix("bench message ").and_then(|n| n.parse().ok()) {
                            received.lock().unwrap().push((number, Instant::now()));
                        }
                    }
                }
            }
        });
        if n % 100 == 99 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    for _ in 0..clients {
        ready_rx.recv().await.unwrap();
    }
    println!("  {clients} connected in {:.1} s", connect_started.elapsed().as_secs_f64());
    tokio::time::sleep(Duration::from_millis(500)).await;

    let mut sent_at = HashMap::new();
    for number in 0..messages {
        sent_at.insert(number, Instant::now());
        let body = format!("project={project}&body={}", encode(&format!("bench message {number}")));
        let (status, _, text) = client.post(app::twinspace::chat::SendChatMessage::PATH, body, Some(&cookie)).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&text));
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let expected = clients * messages;
    let wait_until = Instant::now() + Duration::from_secs(30);
    while received.lock().unwrap().len() < expected && Instant::now() < wait_until {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let got = received.lock().unwrap().clone();
    let delays: Vec<Duration> = got.iter().map(|(number, at)| at.duration_since(sent_at[number])).collect();
    let (p50, p95, p99) = summary(delays);
    println!("  delivered {} of {expected}; from send to receipt: p50 {p50:.1} ms, p95 {p95:.1} ms, p99 {p99:.1} ms", got.len());
    std::process::exit(0);
}
