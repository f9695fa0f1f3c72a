//! What the benchmarks share: a keep-alive HTTP/1 client speaking to the real server as a browser does, sign-in,
//! and percentiles.
#![allow(dead_code)] // Each benchmark uses some of these.
use http_body_util::{BodyExt, Full};
use hyper::{Request, body::Bytes};
use leptos::server_fn::ServerFn;
use std::time::Duration;
use tokio::net::TcpStream;

pub fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

pub struct Client {
    sender: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
    host: String,
    origin: String,
}

impl Client {
    pub async fn connect(base: &str) -> Client {
        let host = base.trim_start_matches("http://").trim_end_matches('/').to_owned();
        let stream = TcpStream::connect(&host).await.expect("the server answers at BENCH_URL");
        stream.set_nodelay(true).unwrap();
        let (sender, connection) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.unwrap();
        tokio::spawn(connection);
        Client { sender, origin: format!("http://{host}"), host }
    }

    pub async fn post(&mut self, path: &str, body: String, cookie: Option<&str>) -> (u16, Vec<String>, Bytes) {
        let mut request = Request::post(path)
            .header("host", &self.host)
            .header("origin", &self.origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        self.sender.ready().await.unwrap();
        let response = self.sender.send_request(request.body(Full::new(Bytes::from(body))).unwrap()).await.unwrap();
        let status = response.status().as_u16();
        let cookies = response.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok().map(str::to_owned)).collect();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, cookies, body)
    }
}

impl Client {
    /// `GET path` with a session; the status and the body's length.
    pub async fn get(&mut self, path: &str, cookie: &str) -> (u16, usize) {
        let request = Request::get(path).header("host", &self.host).header("cookie", cookie).body(Full::new(Bytes::new())).unwrap();
        self.sender.ready().await.unwrap();
        let response = self.sender.send_request(request).await.unwrap();
        let status = response.status().as_u16();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, body.len())
    }

    /// Signs in through the server function, as the sign-in form does; the session cookie.
    pub async fn sign_in(&mut self, email: &str, password: &str) -> String {
        let (status, cookies, _) = self.post(app::accounts::SignIn::PATH, format!("email={}&password={}", encode(email), encode(password)), None).await;
        cookies
            .iter()
            .find(|c| c.starts_with("opentwin_session="))
            .map(|c| c.split(';').next().unwrap().to_owned())
            .unwrap_or_else(|| panic!("sign-in of {email} failed with status {status}"))
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

/// p50, p95 and p99 in milliseconds.
pub fn summary(mut times: Vec<Duration>) -> (f64, f64, f64) {
    times.sort();
    (percentile(&times, 0.50), percentile(&times, 0.95), percentile(&times, 0.99))
}
