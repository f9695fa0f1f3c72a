//! Partner search benchmark: sends searches over HTTP to a running server, as the browser does, and runs the
//! same searches straight against the database (the floor: `partners::ssr::search`, all its queries, no HTTP,
//! no session, no serialisation). Prints p50/p95/p99 latency and requests per second.
//!
//! Run it through `scripts/bench-search.sh`, which generates the dataset and starts the server. By hand:
//!   BENCH_URL=http://127.0.0.1:3000 BENCH_DATABASE_URL=sqlite://… cargo bench -p server --bench partner_search
//! Settings: BENCH_ROUNDS (default 20 per search), BENCH_CONCURRENCY (default 2), BENCH_PASSWORD.
mod common;

use app::partners::{PartnerQuery, SearchPartners};
use common::{Client, encode, env, summary};
use leptos::server_fn::ServerFn;
use std::time::{Duration, Instant};

/// The searches: common and rare words, names, a word being typed, filters alone and with words, deep pages.
fn searches() -> Vec<(&'static str, PartnerQuery)> {
    let q = |q: &str| PartnerQuery { q: q.into(), ..Default::default() };
    vec![
        ("everyone, no filter", PartnerQuery::default()),
        ("common word", q("project")),
        ("common word + country + subject", PartnerQuery { q: "pupils".into(), countries: vec!["IT".into()], subject: "science".into(), ..Default::default() }),
        ("rare word", q("kalomi")),
        ("rare word + filter", PartnerQuery { q: "marnorvik".into(), looking_now: true, ..Default::default() }),
        ("surname", q("rossi")),
        ("name + town prefix", q("maria ros")),
        ("typing a prefix", q("biodiv")),
        ("2 countries + subject + age", PartnerQuery { countries: vec!["FR".into(), "IT".into()], subject: "biology".into(), age: "from_12_to_15".into(), ..Default::default() }),
        ("language + looking now", PartnerQuery { language: "de".into(), looking_now: true, ..Default::default() }),
        ("Plus + open to Plus", PartnerQuery { programme: "etwinning_plus".into(), open_to_plus: true, ..Default::default() }),
        ("word, sorted by activity", PartnerQuery { q: "music".into(), sort: "recent".into(), ..Default::default() }),
        ("country, page 50", PartnerQuery { countries: vec!["TR".into()], page: 50, ..Default::default() }),
    ]
}

/// The server function's form body, as the hydrated page sends it.
fn form(query: &PartnerQuery) -> String {
    let mut fields = vec![format!("query[q]={}", encode(&query.q))];
    for (index, country) in query.countries.iter().enumerate() {
        fields.push(format!("query[countries][{index}]={country}"));
    }
    for (key, value) in [("programme", &query.programme), ("subject", &query.subject), ("age", &query.age), ("language", &query.language), ("sort", &query.sort)] {
        fields.push(format!("query[{key}]={}", encode(value)));
    }
    fields.push(format!("query[open_to_plus]={}", query.open_to_plus));
    fields.push(format!("query[looking_now]={}", query.looking_now));
    fields.push(format!("query[page]={}", query.page.max(1)));
    fields.join("&")
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let base = env("BENCH_URL", "http://127.0.0.1:3000");
    let database_url = std::env::var("BENCH_DATABASE_URL").expect("BENCH_DATABASE_URL: the benchmark's database");
    let rounds: usize = env("BENCH_ROUNDS", "20").parse().expect("BENCH_ROUNDS is a number");
    let concurrency: usize = env("BENCH_CONCURRENCY", "2").parse().expect("BENCH_CONCURRENCY is a number");
    let password = env("BENCH_PASSWORD", "opentwin-bench");

    let db = app::db::connect(&database_url, 4).await.expect("the benchmark's database");
    let viewer = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        app::accounts::ssr::entity::Entity::find()
            .filter(app::accounts::ssr::entity::Column::Email.eq(app::scale::BENCH_EMAIL))
            .one(&db)
            .await
            .unwrap()
            .expect("the dataset of `server generate-scale`")
            .viewer()
    };

    let mut client = Client::connect(&base).await;
    let cookie = client.sign_in(app::scale::BENCH_EMAIL, &password).await;

    let searches = searches();
    println!("partner search: {} searches x {rounds} rounds; server {base}; database {}", searches.len(), app::db::Backend::of_url(&database_url).map(|b| format!("{b:?}")).unwrap_or_default());
    // Warm-up, and a check that each search answers.
    for (label, query) in &searches {
        let (status, _, body) = client.post(SearchPartners::PATH, form(query), Some(&cookie)).await;
        assert_eq!(status, 200, "{label}: {}", String::from_utf8_lossy(&body));
        let found: app::partners::PartnerResults = serde_json::from_slice(&body).unwrap();
        // The server counts from its copy of the index in memory; the direct call without a cache counts in SQL.
        let raw = app::partners::ssr::search(&db, None, &viewer, query).await.unwrap();
        assert_eq!(found.total, raw.total, "{label}: HTTP and direct calls agree");
        let sorted = |counts: &app::partners::Counts| {
            let mut counts = counts.clone();
            counts.sort();
            counts
        };
        assert_eq!(sorted(&found.countries), sorted(&raw.countries), "{label}: counts in memory and in SQL agree");
        assert_eq!((&found.programmes, &found.subjects, &found.ages), (&raw.programmes, &raw.subjects, &raw.ages), "{label}");
        assert_eq!((&found.languages, &found.flags), (&raw.languages, &raw.flags), "{label}");
        println!("  {label:<34} {:>9} teachers", found.total);
    }

    // Cold: counting every option afresh, as the first search of its kind does (median of three): from a copy of
    // the index in memory as the server does (a cache that keeps nothing, its copy loaded first), and in SQL.
    let fresh = app::partners::ssr::CountCache::new(Duration::ZERO);
    let started = Instant::now();
    app::partners::ssr::warm_counts(&db, &fresh).await.unwrap();
    println!("\nthe index's copy loaded, and the unfiltered search counted, in {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
    println!("\n{:<34} {:>9} {:>9}", "cold (ms), no HTTP, median of 3", "in memory", "in SQL");
    for (label, query) in &searches {
        let mut kept = Vec::new();
        let mut sql = Vec::new();
        for _ in 0..3 {
            let started = Instant::now();
            app::partners::ssr::search(&db, Some(&fresh), &viewer, query).await.unwrap();
            kept.push(started.elapsed());
            let started = Instant::now();
            app::partners::ssr::search(&db, None, &viewer, query).await.unwrap();
            sql.push(started.elapsed());
        }
        println!("  {label:<34} {:>9.1} {:>9.1}", summary(kept).0, summary(sql).0);
    }

    // Steady state: the server keeps counts for 30 s (`CountCache`); the direct calls get a cache of their own,
    // so both sides do the same work and the difference is HTTP, sessions and serialisation.
    let cache = app::partners::ssr::CountCache::new(Duration::from_secs(30));
    println!("\n{:<34} {:>9} {:>9} {:>9} | {:>9} {:>9} | {:>6}", "steady state (ms)", "http p50", "http p95", "http p99", "raw p50", "raw p95", "ratio");
    let mut all_http = Vec::new();
    let mut all_raw = Vec::new();
    for (label, query) in &searches {
        let mut raw = Vec::with_capacity(rounds);
        let mut http = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let started = Instant::now();
            app::partners::ssr::search(&db, Some(&cache), &viewer, query).await.unwrap();
            raw.push(started.elapsed());
            let started = Instant::now();
            let (status, _, _) = client.post(SearchPartners::PATH, form(query), Some(&cookie)).await;
            http.push(started.elapsed());
            assert_eq!(status, 200);
        }
        all_http.extend(http.iter().copied());
        all_raw.extend(raw.iter().copied());
        let (h50, h95, h99) = summary(http);
        let (r50, r95, _) = summary(raw);
        println!("{label:<34} {h50:>9.1} {h95:>9.1} {h99:>9.1} | {r50:>9.1} {r95:>9.1} | {:>6.2}", h95 / r95.max(0.001));
    }
    let (h50, h95, h99) = summary(all_http);
    let (r50, r95, _) = summary(all_raw);
    println!("{:<34} {h50:>9.1} {h95:>9.1} {h99:>9.1} | {r50:>9.1} {r95:>9.1} | {:>6.2}", "ALL (one at a time)", h95 / r95.max(0.001));

    // Throughput: `concurrency` clients, each with its own connection, running every search `rounds` times.
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..concurrency {
        let (base, cookie, searches) = (base.clone(), cookie.clone(), searches.clone());
        workers.push(tokio::spawn(async move {
            let mut client = Client::connect(&base).await;
            let mut times = Vec::new();
            for round in 0..rounds {
                for index in 0..searches.len() {
                    let (_, query) = &searches[(index + worker + round) % searches.len()];
                    let started = Instant::now();
                    let (status, _, _) = client.post(SearchPartners::PATH, form(query), Some(&cookie)).await;
                    assert_eq!(status, 200);
                    times.push(started.elapsed());
                }
            }
            times
        }));
    }
    let mut times = Vec::new();
    for worker in workers {
        times.extend(worker.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    let requests = times.len();
    let (c50, c95, c99) = summary(times);
    println!(
        "{:<34} {c50:>9.1} {c95:>9.1} {c99:>9.1} | {requests} requests in {elapsed:.1} s = {:.1} req/s",
        format!("ALL ({concurrency} clients at once)"),
        requests as f64 / elapsed
    );
}
