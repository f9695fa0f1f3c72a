//! Settings the server passes to the app as Leptos context (the app never reads the environment).
#[derive(Debug, Clone)]
pub struct SiteSettings {
    /// How people reach the platform, without a trailing slash: the base of links in e-mails.
    pub public_url: String,
    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` headers are believed (see `accounts::ssr::client_ip`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// What one TwinSpace's files may add up to (the `project_storage_mb` setting), in bytes.
    pub project_storage_bytes: u64,
}
