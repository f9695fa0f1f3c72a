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
    forwarded_for: Option<String>,
}

impl Client {
    pub async fn connect(base: &str) -> Client {
        Client::try_connect(base, None).await.expect("the server answers at BENCH_URL")
    }

    /// A connection that says it comes through a proxy for `forwarded_for` (the server believes it only from its
    /// `trusted_proxies`): tests that play many clients from one machine.
    pub async fn try_connect(base: &str, forwarded_for: Option<String>) -> Result<Client, String> {
        let host = base.trim_start_matches("http://").trim_end_matches('/').to_owned();
        let stream = TcpStream::connect(&host).await.map_err(|err| err.to_string())?;
        stream.set_nodelay(true).map_err(|err| err.to_string())?;
        let (sender, connection) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.map_err(|err| err.to_string())?;
        tokio::spawn(connection);
        Ok(Client { sender, origin: format!("http://{host}"), host, forwarded_for })
    }

    pub async fn post(&mut self, path: &str, body: String, cookie: Option<&str>) -> (u16, Vec<String>, Bytes) {
        self.try_post(path, body, cookie).await.expect("the server answers")
    }

    /// A form post as the hydrated page sends it; the status, the cookies set and the body. An error: the
    /// connection failed.
    pub async fn try_post(&mut self, path: &str, body: String, cookie: Option<&str>) -> Result<(u16, Vec<String>, Bytes), String> {
        self.try_send(path, "application/x-www-form-urlencoded", Bytes::from(body), cookie).await
    }

    /// A post of any body; the status, the cookies set (or, for a redirect, its target last) and the body.
    pub async fn try_send(&mut self, path: &str, content_type: &str, body: Bytes, cookie: Option<&str>) -> Result<(u16, Vec<String>, Bytes), String> {
        let mut request = Request::post(path)
            .header("host", &self.host)
            .header("origin", &self.origin)
            .header("content-type", content_type)
            .header("accept", "application/json");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        if let Some(address) = &self.forwarded_for {
            request = request.header("x-forwarded-for", address);
        }
        self.sender.ready().await.map_err(|err| err.to_string())?;
        let response = self.sender.send_request(request.body(Full::new(body)).map_err(|err| err.to_string())?).await.map_err(|err| err.to_string())?;
        let status = response.status().as_u16();
        let mut cookies: Vec<String> = response.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok().map(str::to_owned)).collect();
        cookies.extend(response.headers().get("location").and_then(|v| v.to_str().ok()).map(|target| format!("location:{target}")));
        let body = response.into_body().collect().await.map_err(|err| err.to_string())?.to_bytes();
        Ok((status, cookies, body))
    }
}

impl Client {
    /// `GET path` with a session; the status and the body's length.
    pub async fn get(&mut self, path: &str, cookie: &str) -> (u16, usize) {
        self.try_get(path, cookie).await.map(|(status, body)| (status, body.len())).expect("the server answers")
    }

    /// `GET path` with a session; the status and the body.
    pub async fn try_get(&mut self, path: &str, cookie: &str) -> Result<(u16, Bytes), String> {
        let mut request = Request::get(path).header("host", &self.host).header("cookie", cookie);
        if let Some(address) = &self.forwarded_for {
            request = request.header("x-forwarded-for", address);
        }
        self.sender.ready().await.map_err(|err| err.to_string())?;
        let response = self.sender.send_request(request.body(Full::new(Bytes::new())).map_err(|err| err.to_string())?).await.map_err(|err| err.to_string())?;
        let status = response.status().as_u16();
        let body = response.into_body().collect().await.map_err(|err| err.to_string())?.to_bytes();
        Ok((status, body))
    }

    /// Signs in through the server function, as the sign-in form does; the session cookie.
    pub async fn sign_in(&mut self, email: &str, password: &str) -> String {
        self.try_sign_in(email, password).await.unwrap_or_else(|err| panic!("{err}"))
    }

    pub async fn try_sign_in(&mut self, email: &str, password: &str) -> Result<String, String> {
        let (status, cookies, _) = self.try_post(app::accounts::SignIn::PATH, format!("email={}&password={}", encode(email), encode(password)), None).await?;
        session_of(&cookies).ok_or_else(|| format!("sign-in of {email} failed with status {status}"))
    }
}

/// The demo data's first project, which the benchmarks and tests write to, and the demo's password.
pub const DEMO_PROJECT: &str = "Water in our towns";
pub const DEMO_PASSWORD: &str = "opentwin-demo";

impl Client {
    /// The id of a project of the signed-in teacher found by its title on "my projects" (the title is the link to
    /// its space: `<a href="/projects/{id}/space">Water in our towns</a>`).
    pub async fn project_titled(&mut self, cookie: &str, title: &str) -> Option<i32> {
        let (status, body) = self.try_get("/projects/mine", cookie).await.ok()?;
        if status != 200 {
            return None;
        }
        let html = String::from_utf8_lossy(&body);
        let at = html.find(title)?;
        html[..at].rsplit("/projects/").next().and_then(|rest| rest.split_once("/space\"")).and_then(|(id, _)| id.parse().ok())
    }
}

/// The session cookie among those a response set.
pub fn session_of(cookies: &[String]) -> Option<String> {
    cookies.iter().find(|c| c.starts_with("opentwin_session=")).map(|c| c.split(';').next().unwrap_or_default().to_owned())
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
