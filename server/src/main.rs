//! The OpenTwin server: the composition root. Configuration, database, router, background tasks and the
//! command line live here; nothing else in the workspace reads the environment.
// Pages render on the server only (islands), so this crate is where their deeply nested view types are laid out
// in a release build (see ARCHITECTURE.md, "Views").
#![recursion_limit = "256"]
/// Pages allocate many small strings; mimalloc serves them from per-thread pages where glibc's arenas spent a
/// quarter of the CPU (docs/performance.md, "The Twinboard").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod certificates;
mod chat;
mod config;
mod materials;
mod pictures;
mod pupil_data;
mod routes;
mod newsletter;
mod seminars;
mod storage;
mod tasks;

use clap::{Parser, Subcommand};
use config::{Config, redact_url};
use std::{path::PathBuf, process::ExitCode};

#[derive(Parser)]
#[command(name = "server", about = "OpenTwin: school collaboration across Europe", version)]
struct Cli {
    /// The runtime settings file.
    #[arg(long, global = true, default_value = "Leptos.toml", env = "OPENTWIN_CONFIG")]
    config: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations and serve the platform (the default).
    Serve,
    /// Apply pending migrations, then exit.
    Migrate,
    /// Fill an empty database with a small demo: schools, teachers and projects in several countries.
    SeedDemo,
    /// Create the first administrator. The password is read from standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Give a staff account a platform role: member, nso_moderator (with --country), css_moderator or admin.
    SetRole {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
        /// ISO code of the country an NSO moderator serves; default: the person's own.
        #[arg(long, default_value = "")]
        country: String,
    },
    /// Fill an empty database with a deterministic synthetic dataset the size of the real platform, for
    /// benchmarks (see docs/performance.md). Never on a real installation.
    GenerateScale {
        #[arg(long, default_value_t = 1_200_000)]
        teachers: u32,
        #[arg(long, default_value_t = 295_000)]
        schools: u32,
        #[arg(long, default_value_t = 160_000)]
        projects: u32,
        #[arg(long, default_value_t = 2005)]
        seed: u64,
        /// The password of the benchmark's account (bench@scale.opentwin.test).
        #[arg(long, default_value = "opentwin-bench")]
        bench_password: String,
    },
    /// Rebuild the partner search index from accounts, schools and interests.
    Reindex,
    /// Check the data: the database's own integrity check, and every TwinSpace file's row against the store.
    /// Fails on a damaged database or a file lost; lists the files no row names (left by uploads cut off by a
    /// crash: `sweep-storage` removes them).
    Check {
        /// Only files older than this many minutes count as without a row (younger ones may be uploads under way).
        #[arg(long, default_value_t = 60)]
        minutes: i64,
    },
    /// Remove stored files that no row names, left by uploads cut off by a crash, older than --minutes. Serving
    /// processes do this hourly for files older than an hour.
    SweepStorage {
        #[arg(long, default_value_t = 60)]
        minutes: i64,
    },
    /// Show the newest messages of the mail outbox.
    Outbox {
        /// Only messages to this address.
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(&cli.config) {
        Ok(config) => config,
        Err(err) => return fail(err),
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(&config.log))
        .with_target(false)
        .init();
    // Rendering a page walks its view tree recursively; a debug build's frames are large, and the deepest pages
    // (the materials page) come close to the default 2 MiB. 8 MiB of address space per worker costs nothing
    // until used.
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().thread_stack_size(8 * 1024 * 1024).build() {
        Ok(runtime) => runtime,
        Err(err) => return fail(format!("cannot start the async runtime: {err}")),
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve), config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(message),
    }
}

/// Operators get one line, never a panic trace.
fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}

async fn run(command: Command, config: Config) -> Result<(), String> {
    config.prepare_data_dir().map_err(|err| err.to_string())?;
    app::db::local::read_on_request_thread(config.sqlite_reads_on_request_thread);
    let db = app::db::connect_migrated(&config.database_url, config.db_max_connections)
        .await
        .map_err(|err| format!("cannot connect to the database {} or migrate it: {err}", redact_url(&config.database_url)))?;
    app::countries::ssr::sync_reference_data(&db)
        .await
        .map_err(|err| format!("cannot load the reference data: {err}"))?;

    match command {
        Command::Migrate => {
            println!("database is up to date");
            Ok(())
        }
        Command::SeedDemo => {
            app::demo::refuse_in_production(&db, config.production, true).await?;
            let seeded = app::demo::seed(&db).await.map_err(|err| format!("cannot seed the demo: {err}"))?;
            println!("{}", if seeded { "demo data created" } else { "the database already has data; demo skipped" });
            Ok(())
        }
        Command::CreateAdmin { email, name } => {
            let mut password = String::new();
            std::io::stdin().read_line(&mut password).map_err(|err| format!("cannot read the password: {err}"))?;
            let password = password.trim_end_matches(['\r', '\n']);
            let id = app::accounts::ssr::create_administrator(&db, &email, &name, password)
                .await
                .map_err(describe)?;
            println!("administrator {email} created (account {id})");
            Ok(())
        }
        Command::SetRole { email, role, country } => {
            // The operator at the command line acts with an administrator's authority.
            let operator = app::access::Viewer {
                id: 0,
                display_name: "command line".into(),
                kind: app::access::AccountKind::Staff,
                role: app::access::PlatformRole::Administrator,
                country_code: None,
                status: app::accounts::AccountStatus::Validated,
            };
            app::accounts::ssr::assign_role(&db, &operator, &email, &role, &country).await.map_err(describe)?;
            println!("{email} is now {role}");
            Ok(())
        }
        Command::GenerateScale { teachers, schools, projects, seed, bench_password } => {
            let size = app::scale::Size { teachers, schools, projects, seed };
            let started = std::time::Instant::now();
            let progress = |step: &str| println!("[{:>6.1} s] {step}", started.elapsed().as_secs_f64());
            let done = app::scale::generate(&db, size, &bench_password, progress)
                .await
                .map_err(|err| format!("cannot generate the dataset: {err}"))?;
            if done {
                println!("generated {teachers} teachers, {schools} schools, {projects} projects in {:.1} s", started.elapsed().as_secs_f64());
            } else {
                println!("the database already has schools; nothing generated");
            }
            Ok(())
        }
        Command::Reindex => {
            let rows = app::partners::ssr::index::rebuild(&db).await.map_err(|err| format!("cannot rebuild the index: {err}"))?;
            println!("partner index rebuilt: {rows} teachers");
            Ok(())
        }
        Command::Check { minutes } => {
            let problems = app::db::integrity_problems(&db).await.map_err(|err| format!("cannot check the database: {err}"))?;
            let store = storage::open(&config)?;
            let older_than = chrono::TimeDelta::minutes(minutes.max(0));
            let files = app::twinspace::materials::ssr::check_storage(&db, &store, older_than).await.map_err(describe)?;
            let staged = storage::local_folder(&config).map(|dir| materials::staged_files(dir, older_than)).unwrap_or_default();
            println!("database: {}", if problems.is_empty() { "integrity check passed".to_owned() } else { problems.join("\n") });
            println!("files of rows missing from the store: {}", files.missing.len());
            for key in &files.missing {
                println!("  missing: {key}");
            }
            println!("files without a row (older than {minutes} min): {} stored, {} partly written", files.orphans.len(), staged.len());
            match problems.is_empty() && files.missing.is_empty() {
                true => Ok(()),
                false => Err("the data is not consistent (see above)".into()),
            }
        }
        Command::SweepStorage { minutes } => {
            let store = storage::open(&config)?;
            let older_than = chrono::TimeDelta::minutes(minutes.max(0));
            let removed = app::twinspace::materials::ssr::sweep_orphans(&db, &store, older_than).await.map_err(describe)?;
            let staged = storage::local_folder(&config).map(|dir| materials::remove_staged_files(dir, older_than)).unwrap_or(0);
            println!("removed {removed} stored and {staged} partly written files that no row names");
            Ok(())
        }
        Command::Outbox { to, limit } => {
            let mails = app::mail::ssr::outbox(&db, to.as_deref(), limit).await.map_err(|err| err.to_string())?;
            if mails.is_empty() {
                println!("the outbox is empty");
            }
            for mail in mails {
                let state = if mail.sent_at.is_some() { "sent" } else { "unsent" };
                println!("--- #{} {} to {} ({state})\nSubject: {}\n\n{}", mail.id, mail.created_at.to_rfc3339(), mail.recipient, mail.subject, mail.body);
            }
            Ok(())
        }
        Command::Serve => {
            app::demo::refuse_in_production(&db, config.production, false).await?;
            routes::serve(config, db).await
        }
    }
}

/// An application error as one line for the operator.
fn describe(err: app::error::AppError) -> String {
    match err.field() {
        Some(field) => format!("{field}: {err}"),
        None => err.to_string(),
    }
}
