//! Runtime configuration: `Leptos.toml`'s `[server]` table, each setting overridable by `OPENTWIN_<SETTING>`.
//!
//! This is the one place that reads the environment. Every setting is checked here, at start, so a bad value
//! stops the server with one line naming it instead of failing later in a request.
use std::{collections::BTreeMap, net::SocketAddr, path::PathBuf};

pub const ENV_PREFIX: &str = "OPENTWIN_";

/// Every setting the server knows, in the order they are documented.
const SETTINGS: &[&str] = &[
    "site_addr",
    "public_url",
    "data_dir",
    "database_url",
    "db_max_connections",
    "sqlite_reads_on_request_thread",
    "site_root",
    "file_store",
    "s3_endpoint",
    "s3_bucket",
    "s3_region",
    "s3_access_key_id",
    "s3_secret_access_key",
    "max_upload_mb",
    "max_image_mb",
    "project_storage_mb",
    "parallel_uploads",
    "partner_searches_per_minute",
    "smtp_url",
    "mail_from",
    "log",
    "env",
    "drain_seconds",
    "shutdown_limit_seconds",
    "trusted_proxies",
];

// public_url and the upload limits are read by the features that send mail and accept uploads.
#[allow(dead_code)]
#[derive(Debug, Clone)]
pub struct Config {
    pub site_addr: SocketAddr,
    pub public_url: String,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub db_max_connections: u32,
    /// SQLite: the pages' reads run on the request's own thread (`app::db::local`), not on the pool's.
    pub sqlite_reads_on_request_thread: bool,
    pub site_root: String,
    /// Where uploaded files are kept.
    pub file_store: FileStore,
    pub max_upload_bytes: u64,
    pub max_image_bytes: u64,
    /// What one TwinSpace's files may add up to.
    pub project_storage_bytes: u64,
    /// Uploads read at the same time, server-wide.
    pub parallel_uploads: usize,
    /// Partner searches one account may run a minute, after a burst (0: no limit).
    pub partner_searches_per_minute: u32,
    /// None: mail stays in the outbox.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub log: String,
    pub production: bool,
    /// After SIGTERM, how long `/readyz` answers 503 before the listener closes.
    pub drain: std::time::Duration,
    /// Then, how long requests in flight may take to finish.
    pub shutdown_limit: std::time::Duration,
    /// Reverse proxies whose forwarding headers name the client (for throttling per address).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// Where uploaded files are kept (see `storage`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStore {
    /// The data directory of this server.
    Local,
    /// An S3-compatible object store, shared by every server process.
    S3 { endpoint: Option<String>, bucket: String, region: String, access_key_id: String, secret_access_key: Secret },
}

/// A value never written to logs or messages.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "***" })
    }
}

/// A configuration problem, shown to the operator as one line.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(String);

fn problem(setting: &str, what: impl std::fmt::Display) -> ConfigError {
    ConfigError(format!("setting `{setting}` (or {ENV_PREFIX}{}): {what}", setting.to_uppercase()))
}

impl Config {
    /// Reads the file, applies environment overrides, and checks every value.
    pub fn load(path: &std::path::Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|err| ConfigError(format!("cannot read {}: {err}", path.display())))?;
        let env: BTreeMap<String, String> = std::env::vars().filter(|(key, _)| key.starts_with(ENV_PREFIX)).collect();
        Config::from_sources(&text, &env)
    }

    /// The pure part of `load`, for tests: file text plus `OPENTWIN_*` variables.
    pub fn from_sources(text: &str, env: &BTreeMap<String, String>) -> Result<Config, ConfigError> {
        let file: toml::Table = text.parse().map_err(|err| ConfigError(format!("Leptos.toml is not valid TOML: {err}")))?;
        let table = match file.get("server") {
            Some(toml::Value::Table(table)) => table.clone(),
            Some(_) => return Err(ConfigError("`server` in Leptos.toml must be a table".into())),
            None => toml::Table::new(),
        };
        if let Some(unknown) = table.keys().find(|key| !SETTINGS.contains(&key.as_str())) {
            return Err(ConfigError(format!("unknown setting `{unknown}` in [server]; known: {}", SETTINGS.join(", "))));
        }
        if let Some(unknown) = env.keys().find(|key| {
            let name = key[ENV_PREFIX.len()..].to_lowercase();
            !SETTINGS.contains(&name.as_str()) && name != "config"
        }) {
            return Err(ConfigError(format!("unknown environment variable {unknown}; known settings: {}", SETTINGS.join(", "))));
        }

        let raw = |setting: &str| -> Result<String, ConfigError> {
            if let Some(value) = env.get(&format!("{ENV_PREFIX}{}", setting.to_uppercase())) {
                return Ok(value.clone());
            }
            match table.get(setting) {
                Some(toml::Value::String(value)) => Ok(value.clone()),
                Some(toml::Value::Integer(value)) => Ok(value.to_string()),
                Some(toml::Value::Boolean(value)) => Ok(value.to_string()),
                Some(other) => Err(problem(setting, format!("unsupported value {other}"))),
                None => Err(problem(setting, "is missing")),
            }
        };
        let number = |setting: &str, min: u64, max: u64| -> Result<u64, ConfigError> {
            let value = raw(setting)?;
            let parsed: u64 = value.trim().parse().map_err(|_| problem(setting, format!("{value:?} is not a whole number")))?;
            if !(min..=max).contains(&parsed) {
                return Err(problem(setting, format!("{parsed} is outside {min}..={max}")));
            }
            Ok(parsed)
        };

        let site_addr_raw = raw("site_addr")?;
        let site_addr = site_addr_raw
            .parse()
            .map_err(|_| problem("site_addr", format!("{site_addr_raw:?} is not an address like 127.0.0.1:3000")))?;

        let public_url = raw("public_url")?.trim_end_matches('/').to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(problem("public_url", format!("{public_url:?} must start with http:// or https://")));
        }

        let data_dir = PathBuf::from(raw("data_dir")?);
        if data_dir.as_os_str().is_empty() {
            return Err(problem("data_dir", "is empty"));
        }

        let database_url = raw("database_url")?.trim().to_owned();
        let database_url = if database_url.is_empty() {
            format!("sqlite://{}?mode=rwc", data_dir.join("opentwin.db").display())
        } else if app::db::Backend::of_url(&database_url).is_some() {
            database_url
        } else {
            return Err(problem(
                "database_url",
                format!("{:?} is neither sqlite:… nor postgres://…", redact_url(&database_url)),
            ));
        };

        let smtp_url = raw("smtp_url")?.trim().to_owned();
        let smtp_url = if smtp_url.is_empty() {
            None
        } else if smtp_url.starts_with("smtp://") || smtp_url.starts_with("smtps://") {
            Some(smtp_url)
        } else {
            return Err(problem("smtp_url", format!("{:?} must start with smtp:// or smtps://", redact_url(&smtp_url))));
        };
        let mail_from = raw("mail_from")?;
        if !mail_from.contains('@') {
            return Err(problem("mail_from", format!("{mail_from:?} is not an e-mail address")));
        }

        let log = raw("log")?;
        tracing_subscriber::EnvFilter::try_new(&log).map_err(|err| problem("log", err))?;

        let production = match raw("env")?.to_lowercase().as_str() {
            "dev" | "development" => false,
            "prod" | "production" => true,
            other => return Err(problem("env", format!("{other:?} is neither dev nor prod"))),
        };

        let file_store = match raw("file_store")?.trim().to_lowercase().as_str() {
            "local" | "" => FileStore::Local,
            "s3" => {
                let endpoint = raw("s3_endpoint")?.trim().trim_end_matches('/').to_owned();
                if !(endpoint.is_empty() || endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
                    return Err(problem("s3_endpoint", format!("{:?} must start with http:// or https://", redact_url(&endpoint))));
                }
                let bucket = raw("s3_bucket")?.trim().to_owned();
                // S3's own rule for bucket names (3–63 of a-z, 0-9, '.', '-').
                if !(3..=63).contains(&bucket.len()) || !bucket.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-') {
                    return Err(problem("s3_bucket", format!("{bucket:?} is not a bucket name (3 to 63 of a-z, 0-9, '.', '-')")));
                }
                let region = raw("s3_region")?.trim().to_owned();
                if region.is_empty() {
                    return Err(problem("s3_region", "is empty"));
                }
                let access_key_id = raw("s3_access_key_id")?.trim().to_owned();
                let secret_access_key = Secret(raw("s3_secret_access_key")?.trim().to_owned());
                if access_key_id.is_empty() != secret_access_key.0.is_empty() {
                    return Err(problem("s3_secret_access_key", "the access key id and the secret access key go together"));
                }
                FileStore::S3 { endpoint: (!endpoint.is_empty()).then_some(endpoint), bucket, region, access_key_id, secret_access_key }
            }
            other => return Err(problem("file_store", format!("{other:?} is neither local nor s3"))),
        };

        let trusted_proxies = raw("trusted_proxies")?
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| entry.parse().map_err(|_| problem("trusted_proxies", format!("{entry:?} is not an IP address"))))
            .collect::<Result<Vec<std::net::IpAddr>, _>>()?;

        Ok(Config {
            trusted_proxies,
            site_addr,
            public_url,
            data_dir,
            database_url,
            db_max_connections: number("db_max_connections", 1, 1000)? as u32,
            // Optional: a settings file written before it existed keeps working, with the default.
            sqlite_reads_on_request_thread: match raw("sqlite_reads_on_request_thread").unwrap_or_else(|_| "true".to_owned()).trim().to_lowercase().as_str() {
                "true" | "yes" | "on" | "1" => true,
                "false" | "no" | "off" | "0" => false,
                other => return Err(problem("sqlite_reads_on_request_thread", format!("{other:?} is neither true nor false"))),
            },
            site_root: raw("site_root")?,
            file_store,
            max_upload_bytes: number("max_upload_mb", 1, 1024)? * 1024 * 1024,
            max_image_bytes: number("max_image_mb", 1, 1024)? * 1024 * 1024,
            project_storage_bytes: number("project_storage_mb", 1, 10_000_000)? * 1024 * 1024,
            parallel_uploads: number("parallel_uploads", 1, 10_000)? as usize,
            partner_searches_per_minute: number("partner_searches_per_minute", 0, 1_000_000)? as u32,
            smtp_url,
            mail_from,
            log,
            production,
            drain: std::time::Duration::from_secs(number("drain_seconds", 0, 600)?),
            shutdown_limit: std::time::Duration::from_secs(number("shutdown_limit_seconds", 1, 3600)?),
        })
    }

    /// Cookies are marked Secure when people reach the platform over https.
    pub fn https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// Creates the data directory if needed and proves it is writable, so the failure is a clear line at start
    /// rather than a lost upload later.
    pub fn prepare_data_dir(&self) -> Result<(), ConfigError> {
        std::fs::create_dir_all(&self.data_dir)
            .map_err(|err| problem("data_dir", format!("cannot create {}: {err}", self.data_dir.display())))?;
        let probe = self.data_dir.join(".write-test");
        std::fs::write(&probe, b"ok")
            .and_then(|_| std::fs::remove_file(&probe))
            .map_err(|err| problem("data_dir", format!("{} is not writable: {err}", self.data_dir.display())))
    }
}

/// The URL without its password, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..scheme_end + 3], &credentials[..colon], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = include_str!("../../Leptos.toml");

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_shipped_file_is_valid_and_defaults_to_sqlite_in_the_data_dir() {
        let config = Config::from_sources(FILE, &env(&[])).expect("Leptos.toml must load");
        assert_eq!(config.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url, "sqlite://data/opentwin.db?mode=rwc");
        assert_eq!(config.max_upload_bytes, 20 * 1024 * 1024);
    }

    #[test]
    fn environment_overrides_the_file() {
        let config = Config::from_sources(
            FILE,
            &env(&[("OPENTWIN_SITE_ADDR", "0.0.0.0:8080"), ("OPENTWIN_DATABASE_URL", "postgres://u:secret@db/x")]),
        )
        .unwrap();
        assert_eq!(config.site_addr.to_string(), "0.0.0.0:8080");
        assert_eq!(config.database_url, "postgres://u:secret@db/x");
    }

    #[test]
    fn a_bad_value_names_the_setting() {
        let err = Config::from_sources(FILE, &env(&[("OPENTWIN_SITE_ADDR", "nowhere")])).unwrap_err().to_string();
        assert!(err.contains("site_addr") && err.contains("nowhere"), "{err}");
        let err = Config::from_sources(FILE, &env(&[("OPENTWIN_DATABASE_URL", "mysql://x:pw@h/db")])).unwrap_err().to_string();
        assert!(err.contains("database_url") && !err.contains("pw"), "{err}");
        let err = Config::from_sources(FILE, &env(&[("OPENTWIN_MAX_UPLOAD_MB", "0")])).unwrap_err().to_string();
        assert!(err.contains("max_upload_mb"), "{err}");
        let err = Config::from_sources(FILE, &env(&[("OPENTWIN_SITE_ADRR", "x")])).unwrap_err().to_string();
        assert!(err.contains("OPENTWIN_SITE_ADRR"), "{err}");
        let err = Config::from_sources(FILE, &env(&[("OPENTWIN_SQLITE_READS_ON_REQUEST_THREAD", "maybe")])).unwrap_err().to_string();
        assert!(err.contains("sqlite_reads_on_request_thread") && err.contains("maybe"), "{err}");
    }

    #[test]
    fn sqlite_reads_stay_on_the_request_thread_unless_turned_off_even_in_an_older_settings_file() {
        assert!(Config::from_sources(FILE, &env(&[])).unwrap().sqlite_reads_on_request_thread);
        assert!(!Config::from_sources(FILE, &env(&[("OPENTWIN_SQLITE_READS_ON_REQUEST_THREAD", "false")])).unwrap().sqlite_reads_on_request_thread);
        let older = FILE.lines().filter(|line| !line.starts_with("sqlite_reads_on_request_thread")).collect::<Vec<_>>().join("\n");
        assert!(Config::from_sources(&older, &env(&[])).unwrap().sqlite_reads_on_request_thread);
    }

    #[test]
    fn files_go_to_the_data_directory_or_to_an_s3_bucket_whose_secret_stays_out_of_messages() {
        assert_eq!(Config::from_sources(FILE, &env(&[])).unwrap().file_store, FileStore::Local);
        let s3 = [
            ("OPENTWIN_FILE_STORE", "s3"),
            ("OPENTWIN_S3_ENDPOINT", "http://127.0.0.1:5000/"),
            ("OPENTWIN_S3_BUCKET", "opentwin-files"),
            ("OPENTWIN_S3_ACCESS_KEY_ID", "key"),
            ("OPENTWIN_S3_SECRET_ACCESS_KEY", "very-secret"),
        ];
        let config = Config::from_sources(FILE, &env(&s3)).unwrap();
        let FileStore::S3 { endpoint, bucket, region, .. } = &config.file_store else { panic!("{:?}", config.file_store) };
        assert_eq!((endpoint.as_deref(), bucket.as_str(), region.as_str()), (Some("http://127.0.0.1:5000"), "opentwin-files", "us-east-1"));
        assert!(!format!("{config:?}").contains("very-secret"));
        for (setting, value, named) in [
            ("OPENTWIN_FILE_STORE", "ftp", "file_store"),
            ("OPENTWIN_S3_BUCKET", "Not A Bucket", "s3_bucket"),
            ("OPENTWIN_S3_ENDPOINT", "127.0.0.1:5000", "s3_endpoint"),
            ("OPENTWIN_S3_SECRET_ACCESS_KEY", "", "s3_secret_access_key"),
        ] {
            let mut bad: Vec<(&str, &str)> = s3.iter().copied().filter(|(key, _)| *key != setting).collect();
            bad.push((setting, value));
            let err = Config::from_sources(FILE, &env(&bad)).unwrap_err().to_string();
            assert!(err.contains(named) && !err.contains("very-secret"), "{err}");
        }
    }

    #[test]
    fn a_missing_value_names_the_setting() {
        let err = Config::from_sources("[server]\nsite_addr = \"127.0.0.1:1\"\n", &env(&[])).unwrap_err().to_string();
        assert!(err.contains("`public_url`") && err.contains("missing"), "{err}");
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact_url("postgres://me:pw@host/db"), "postgres://me:***@host/db");
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
