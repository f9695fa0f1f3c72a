//! Partner search's option counts over a copy of the partner index kept in memory.
//!
//! Why: counting every option of a broad search in SQL reads up to every row of the index once per filter,
//! 0.3–1.8 s at 1.2 million teachers. The counts depend on six small columns, which fit in 32 bytes a teacher
//! (≈ 38 MB at that size); counting them in one pass over memory takes milliseconds. With words, the full-text
//! index still says which teachers match, in one statement returning their ids.
//!
//! The copy follows the index through `partner_index_changes` (migration m0027), which `index::refresh` writes
//! for one teacher and `index::set_programme` / `index::rebuild` for everyone, so every server process on one
//! database sees a change made through another before its next fresh count. `super::count_facets` (SQL) stays
//! the reference: the tests compare both on SQLite and PostgreSQL. On PostgreSQL the copy also holds the match
//! lists of the commonest words (`words`).
use super::{
    Facet, Facets, Plan,
    index::{Counted, change_entity as changes, counted_columns, entity as partner},
    text_query,
    words::{self, KeptWords},
};
use crate::{
    countries::Programme,
    error::AppError,
    teachers::interests::{self, AGE_RANGES, SUBJECTS},
};
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::{collections::HashSet, sync::Arc};

/// How long changes are kept in `partner_index_changes` (the server forgets older ones every hour).
pub const CHANGES_KEPT: TimeDelta = TimeDelta::hours(2);
/// Changes are read again this far back: a transaction that wrote one may commit after a later one was read.
const OVERLAP: TimeDelta = TimeDelta::minutes(2);
/// More changed teachers than this at once are read by reloading everything.
const MOST_APPLIED: usize = 20_000;
/// Rows read per statement when loading everything.
const LOAD_CHUNK: u64 = 100_000;

const PLUS: u8 = 1;
const OPEN_TO_PLUS: u8 = 2;
const LOOKING_NOW: u8 = 4;

/// What the counts need of one teacher's row.
#[derive(Clone, Copy, Debug)]
struct Record {
    account_id: i32,
    /// Index into `KeptIndex::countries`.
    country: u8,
    flags: u8,
    subjects: u64,
    ages: u64,
    languages: u64,
}

/// The index's rows in order of account, the country codes they name, and on PostgreSQL the commonest words.
#[derive(Clone, Default)]
struct KeptIndex {
    records: Vec<Record>,
    countries: Vec<String>,
    words: KeptWords,
}

impl KeptIndex {
    fn record(&mut self, (account_id, country, plus, subjects, ages, languages, open_to_plus, looking_now): Counted) -> Result<Record, AppError> {
        let country = match self.countries.iter().position(|code| *code == country) {
            Some(index) => index,
            None => {
                self.countries.push(country);
                self.countries.len() - 1
            }
        };
        let flag = |on: bool, bit: u8| if on { bit } else { 0 };
        Ok(Record {
            account_id,
            country: u8::try_from(country).map_err(|_| AppError::Internal)?,
            flags: flag(plus, PLUS) | flag(open_to_plus, OPEN_TO_PLUS) | flag(looking_now, LOOKING_NOW),
            subjects: subjects as u64,
            ages: ages as u64,
            languages: languages as u64,
        })
    }

    /// Brings the rows of `accounts` in line with `rows`, the index's current rows among them (absent: removed).
    fn apply(&mut self, accounts: &[i32], rows: Vec<Counted>) -> Result<(), AppError> {
        let mut fresh = std::collections::HashMap::new();
        for row in rows {
            fresh.insert(row.0, self.record(row)?);
        }
        for account in accounts {
            let at = self.records.binary_search_by_key(account, |record| record.account_id);
            match (at, fresh.remove(account)) {
                (Ok(index), Some(record)) => self.records[index] = record,
                (Err(index), Some(record)) => self.records.insert(index, record),
                (Ok(index), None) => {
                    self.records.remove(index);
                }
                (Err(_), None) => {}
            }
        }
        Ok(())
    }
}

async fn load(db: &impl ConnectionTrait, words_from: u64) -> Result<KeptIndex, AppError> {
    let mut copy = KeptIndex::default();
    let mut after = i32::MIN;
    loop {
        let rows: Vec<Counted> = counted_columns(partner::Entity::find())
            .filter(partner::Column::AccountId.gt(after))
            .order_by_asc(partner::Column::AccountId)
            .limit(LOAD_CHUNK)
            .into_tuple()
            .all(db)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.0;
        let full = rows.len() as u64 == LOAD_CHUNK;
        copy.records.reserve(rows.len());
        for row in rows {
            let record = copy.record(row)?;
            copy.records.push(record);
        }
        if !full {
            break;
        }
    }
    copy.words = KeptWords::load(db, words_from).await?;
    Ok(copy)
}

/// The copy as last read, and up to when the changes were read.
struct Synced {
    copy: Arc<KeptIndex>,
    read_until: DateTime<Utc>,
    /// The changes read in the overlap: read again, they are not applied twice.
    applied: HashSet<i32>,
}

/// One process's copy of the index's counted columns. Loaded on first use (the server's background task counts
/// the unfiltered search at start), then kept in step with the changes.
pub struct FacetStore {
    synced: tokio::sync::Mutex<Option<Synced>>,
    /// How many times everything was read: once at start, then after a change to every row.
    loads: std::sync::atomic::AtomicUsize,
    /// Words matching at least this many teachers have their matches kept (PostgreSQL).
    words_from: u64,
}

impl Default for FacetStore {
    fn default() -> FacetStore {
        FacetStore::new()
    }
}

impl FacetStore {
    pub fn new() -> FacetStore {
        FacetStore::keeping_words_from(words::KEPT_FROM)
    }

    /// A store keeping the matches of words that match at least `teachers` (tests: 1, every word).
    pub fn keeping_words_from(teachers: u64) -> FacetStore {
        FacetStore { synced: Default::default(), loads: Default::default(), words_from: teachers }
    }

    /// How many words' matches the copy keeps (none before it is read).
    pub async fn words_kept(&self) -> usize {
        self.synced.lock().await.as_ref().map_or(0, |state| state.copy.words.kept())
    }

    /// Whether the copy has been read once: counts from now on take milliseconds.
    pub fn is_loaded(&self) -> bool {
        self.loads() > 0
    }

    /// How many times everything was read.
    pub fn loads(&self) -> usize {
        self.loads.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The copy, with every change recorded until now applied.
    async fn current(&self, db: &impl ConnectionTrait) -> Result<Arc<KeptIndex>, AppError> {
        let mut synced = self.synced.lock().await;
        let now = Utc::now();
        if let Some(state) = synced.as_mut()
            && now - state.read_until < CHANGES_KEPT - OVERLAP * 2
        {
            let news: Vec<changes::Model> = changes::Entity::find()
                .filter(changes::Column::ChangedAt.gte(state.read_until - OVERLAP))
                .order_by_asc(changes::Column::Id)
                .all(db)
                .await?;
            let unseen: Vec<&changes::Model> = news.iter().filter(|change| !state.applied.contains(&change.id)).collect();
            let mut accounts: Vec<i32> = unseen.iter().filter_map(|change| change.account_id).collect();
            accounts.sort_unstable();
            accounts.dedup();
            if unseen.iter().all(|change| change.account_id.is_some()) && accounts.len() <= MOST_APPLIED {
                if !accounts.is_empty() {
                    let mut rows = Vec::new();
                    for chunk in accounts.chunks(500) {
                        rows.extend(
                            counted_columns(partner::Entity::find())
                                .filter(partner::Column::AccountId.is_in(chunk.iter().copied()))
                                .into_tuple::<Counted>()
                                .all(db)
                                .await?,
                        );
                    }
                    // Copied only if a count is still reading the previous one.
                    let copy = Arc::make_mut(&mut state.copy);
                    copy.apply(&accounts, rows)?;
                    copy.words.apply(db, &accounts).await?;
                }
                state.applied = news.iter().map(|change| change.id).collect();
                state.read_until = now;
                return Ok(state.copy.clone());
            }
        }
        // First use, a change to every row, or too long since the last look: everything, afresh. The changes
        // already recorded are in what it reads, so they count as applied (else a recent change to every row
        // would have every count read everything again until it left the overlap); those recorded while it
        // reads are read next time, and applying one twice changes nothing.
        let recorded = changes::Entity::find()
            .select_only()
            .column(changes::Column::Id)
            .filter(changes::Column::ChangedAt.gte(now - OVERLAP))
            .into_tuple::<i32>()
            .all(db)
            .await?;
        let copy = Arc::new(load(db, self.words_from).await?);
        self.loads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        *synced = Some(Synced { copy: copy.clone(), read_until: now, applied: recorded.into_iter().collect() });
        Ok(copy)
    }

    /// The counts of every option for `plan`, as `super::count_facets` computes them in SQL.
    pub(super) async fn count(&self, db: &impl ConnectionTrait, plan: &Plan) -> Result<Facets, AppError> {
        let copy = self.current(db).await?;
        let hits = match copy.words.hits(&plan.words) {
            Some(kept) => Some(kept),
            None if plan.words.is_empty() => None,
            None => Some(text_hits(db, plan).await?),
        };
        let filters = Filters::of(plan);
        tokio::task::spawn_blocking(move || tally(&copy, &filters, hits.as_deref())).await.map_err(|_| AppError::Internal)
    }
}

/// The ids of the teachers the words match, in order: one statement, its answer one list, as a row per match
/// would cost more than the counting.
async fn text_hits(db: &impl ConnectionTrait, plan: &Plan) -> Result<Vec<i32>, AppError> {
    let backend = db.get_database_backend();
    let sql = match backend {
        // The narrow copy of the words (migration m0028): a common word matches a third of the teachers, whose rows
        // are read for their ids.
        DbBackend::Postgres => "SELECT string_agg(account_id::text, ',') AS ids FROM partner_words WHERE search @@ to_tsquery('simple', $1)",
        _ => "SELECT group_concat(rowid) AS ids FROM partner_text WHERE partner_text MATCH ?",
    };
    let row = db.query_one_raw(sea_orm::Statement::from_sql_and_values(backend, sql, [text_query(backend, plan).into()])).await?;
    let ids: Option<String> = match row {
        Some(row) => row.try_get("", "ids")?,
        None => None,
    };
    words::ids_in_order(ids)
}

/// The plan's filters other than the text, as the tally tests them.
struct Filters {
    countries: Vec<String>,
    plus: Option<bool>,
    subject: Option<u64>,
    age: Option<u64>,
    language: Option<u64>,
    open_to_plus: bool,
    looking_now: bool,
}

impl Filters {
    fn of(plan: &Plan) -> Filters {
        Filters {
            countries: plan.countries.clone(),
            plus: plan.plus,
            subject: plan.subject.map(|bit| bit as u64),
            age: plan.age.map(|bit| bit as u64),
            language: plan.language.map(|bit| bit as u64),
            open_to_plus: plan.open_to_plus,
            looking_now: plan.looking_now,
        }
    }
}

fn bit(facet: Facet) -> u8 {
    1 << facet as u8
}

/// Counts per option, for the teachers among `hits` (all of them without words): a teacher counts for an
/// option of a filter when they pass every other filter, as in SQL where each count leaves its own filter out.
fn tally(copy: &KeptIndex, filters: &Filters, hits: Option<&[i32]>) -> Facets {
    let wanted: Vec<bool> = copy.countries.iter().map(|code| filters.countries.is_empty() || filters.countries.contains(code)).collect();
    let mut countries = vec![0u64; copy.countries.len()];
    let (mut plus, mut programmes_all) = (0u64, 0u64);
    let (mut subjects, mut ages, mut languages) = ([0u64; 64], [0u64; 64], [0u64; 64]);
    let (mut open_to_plus, mut looking_now) = (0u64, 0u64);
    let mut matches = 0u64;
    let bits = |counts: &mut [u64; 64], mut mask: u64| {
        while mask != 0 {
            counts[mask.trailing_zeros() as usize] += 1;
            mask &= mask - 1;
        }
    };
    let mut count = |record: &Record| {
        let mut fails = 0u8;
        if !wanted[record.country as usize] {
            fails |= bit(Facet::Country);
        }
        if filters.plus.is_some_and(|wanted| wanted != (record.flags & PLUS != 0)) {
            fails |= bit(Facet::Programme);
        }
        if filters.subject.is_some_and(|wanted| record.subjects & wanted == 0) {
            fails |= bit(Facet::Subject);
        }
        if filters.age.is_some_and(|wanted| record.ages & wanted == 0) {
            fails |= bit(Facet::Age);
        }
        if filters.language.is_some_and(|wanted| record.languages & wanted == 0) {
            fails |= bit(Facet::Language);
        }
        if filters.open_to_plus && record.flags & OPEN_TO_PLUS == 0 {
            fails |= bit(Facet::OpenToPlus);
        }
        if filters.looking_now && record.flags & LOOKING_NOW == 0 {
            fails |= bit(Facet::LookingNow);
        }
        // Counted for every filter it passes all the others of: all of them, or the one it fails alone.
        if fails & fails.wrapping_sub(1) != 0 {
            return;
        }
        let counted = |facet: Facet| fails == 0 || fails == bit(facet);
        if counted(Facet::Country) {
            countries[record.country as usize] += 1;
        }
        if counted(Facet::Programme) {
            programmes_all += 1;
            plus += u64::from(record.flags & PLUS != 0);
        }
        if counted(Facet::Subject) {
            bits(&mut subjects, record.subjects);
        }
        if counted(Facet::Age) {
            bits(&mut ages, record.ages);
        }
        if counted(Facet::Language) {
            bits(&mut languages, record.languages);
        }
        if counted(Facet::OpenToPlus) {
            open_to_plus += u64::from(record.flags & OPEN_TO_PLUS != 0);
        }
        if counted(Facet::LookingNow) {
            looking_now += u64::from(record.flags & LOOKING_NOW != 0);
        }
    };
    match hits {
        None => copy.records.iter().for_each(&mut count),
        Some(hits) => {
            // Both in order of account: each hit is found after the last one.
            let mut from = 0;
            for id in hits {
                from += copy.records[from..].partition_point(|record| record.account_id < *id);
                if let Some(record) = copy.records.get(from).filter(|record| record.account_id == *id) {
                    matches += 1;
                    count(record);
                }
            }
        }
    }
    let mut by_country: Vec<(String, u64)> =
        copy.countries.iter().zip(&countries).filter(|(_, n)| **n > 0).map(|(code, n)| (code.clone(), *n)).collect();
    by_country.sort();
    if hits.is_none() {
        matches = by_country.iter().map(|(_, n)| n).sum();
    }
    Facets {
        countries: by_country,
        programmes: vec![
            (Programme::Etwinning.as_str().to_owned(), programmes_all - plus),
            (Programme::EtwinningPlus.as_str().to_owned(), plus),
        ],
        subjects: listed(&subjects, SUBJECTS.iter().copied()),
        ages: listed(&ages, AGE_RANGES.iter().copied()),
        languages: listed(&languages, interests::language_keys()),
        flags: vec![("open_to_plus".to_owned(), open_to_plus), ("looking_now".to_owned(), looking_now)],
        text_matches: matches,
    }
}

/// The count of each entry of a list, from the counts per bit.
fn listed<'a>(counts: &[u64; 64], keys: impl Iterator<Item = &'a str>) -> crate::partners::Counts {
    keys.enumerate().map(|(bit, key)| (key.to_owned(), counts.get(bit).copied().unwrap_or(0))).collect()
}
