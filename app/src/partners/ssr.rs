//! The partner index and the queries over it.
//!
//! Why an index table: at 1.2 million teachers, search cannot join accounts, schools and interests and scan
//! text with LIKE. `partner_index` holds one row per publicly visible teacher (the same rule as
//! `access::ssr::publicly_visible_teachers`, applied when the row is written), with the text indexed for
//! full-text search and the controlled lists as bitmasks. `index::refresh` is called by every change that can
//! alter a row: validation decisions, role changes, suspension, "My interests", activity.
use super::{Counts, Ignored, PAGE_SIZE, PartnerQuery, PartnerResults, Sort, Suggestion, search_words};
use crate::{
    access::{self, Viewer},
    countries::{self, Programme},
    error::AppError,
    teachers::{
        interests::{self, AGE_RANGES, SUBJECTS},
        ssr::{cards, entity as contacts, interest_entity},
    },
};
use sea_orm::{
    ConnectionTrait, DbBackend, EntityTrait, QueryResult, TransactionSession, TransactionTrait,
    sea_query::{Alias, Asterisk, Expr, ExprTrait, JoinType, Order, Query, SelectStatement},
};
use std::collections::HashSet;

pub mod counts;
mod words;

pub mod index {
    use crate::{
        access::ssr::publicly_visible_teachers,
        accounts::ssr::entity as accounts,
        countries::{Programme, ssr::entity as countries},
        schools::ssr::entity as schools,
        teachers::ssr::interest_entity as interests,
    };
    use sea_orm::{
        ConnectionTrait, DbErr, EntityTrait, QueryFilter, ColumnTrait,
        sea_query::{Expr, ExprTrait, Func, InsertStatement, JoinType, Query},
    };

    pub mod entity {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "partner_index")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub account_id: i32,
            pub country_code: String,
            pub plus: bool,
            pub display_name: String,
            pub school_name: String,
            pub city: String,
            #[sea_orm(column_type = "Text")]
            pub introduction: String,
            #[sea_orm(column_type = "Text")]
            pub project_idea: String,
            pub subjects: i64,
            pub age_ranges: i64,
            pub languages: i64,
            pub themes: i64,
            pub open_to_plus: bool,
            pub looking_now: bool,
            pub last_active_at: DateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
    use entity::Column as P;

    /// What changed in the index, for the option counts each process keeps in memory (`counts`, migration m0027).
    pub mod change_entity {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "partner_index_changes")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            /// The teacher whose row was written or removed; none: every row may have changed.
            pub account_id: Option<i32>,
            pub changed_at: DateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// Records that one teacher's row (`Some`) or every row (`None`) changed, in the caller's transaction.
    async fn changed(db: &impl ConnectionTrait, account_id: Option<i32>) -> Result<(), DbErr> {
        use sea_orm::{ActiveValue::NotSet, Set};
        change_entity::Entity::insert(change_entity::ActiveModel { id: NotSet, account_id: Set(account_id), changed_at: Set(chrono::Utc::now()) })
            .exec_without_returning(db)
            .await?;
        Ok(())
    }

    /// Forgets the changes older than `kept`: a process that has not looked for longer reloads everything.
    pub async fn forget_changes(db: &impl ConnectionTrait, kept: chrono::TimeDelta) -> Result<u64, DbErr> {
        let before = chrono::Utc::now() - kept;
        Ok(change_entity::Entity::delete_many().filter(change_entity::Column::ChangedAt.lt(before)).exec(db).await?.rows_affected)
    }

    /// `INSERT INTO partner_index SELECT …` from the sources, for every visible teacher or for one account.
    /// The one place that says what a row holds; the migration, `refresh`, `rebuild` and the scale generator
    /// all use it.
    pub fn fill_statement(only: Option<i32>) -> InsertStatement {
        let text = |column: Expr| Expr::expr(Func::coalesce([column, Expr::val("")]));
        let number = |column: Expr| Expr::expr(Func::coalesce([column, Expr::val(0i64)]));
        let flag = |column: Expr| Expr::expr(Func::coalesce([column, Expr::val(false)]));
        let mut select = Query::select();
        select
            .from(accounts::Entity)
            .join(JoinType::InnerJoin, countries::Entity, Expr::col((countries::Entity, countries::Column::Code)).equals((accounts::Entity, accounts::Column::CountryCode)))
            .join(JoinType::LeftJoin, schools::Entity, Expr::col((schools::Entity, schools::Column::Id)).equals((accounts::Entity, accounts::Column::SchoolId)))
            .join(JoinType::LeftJoin, interests::Entity, Expr::col((interests::Entity, interests::Column::AccountId)).equals((accounts::Entity, accounts::Column::Id)))
            .column((accounts::Entity, accounts::Column::Id))
            .column((accounts::Entity, accounts::Column::CountryCode))
            .expr(Expr::col((countries::Entity, countries::Column::Programme)).eq(Programme::EtwinningPlus.as_str()))
            .column((accounts::Entity, accounts::Column::DisplayName))
            .expr(text(Expr::col((schools::Entity, schools::Column::Name))))
            .expr(text(Expr::col((schools::Entity, schools::Column::City))))
            .expr(text(Expr::col((interests::Entity, interests::Column::Introduction))))
            .expr(text(Expr::col((interests::Entity, interests::Column::ProjectIdea))))
            .expr(number(Expr::col((interests::Entity, interests::Column::Subjects))))
            .expr(number(Expr::col((interests::Entity, interests::Column::AgeRanges))))
            .expr(number(Expr::col((interests::Entity, interests::Column::Languages))))
            .expr(number(Expr::col((interests::Entity, interests::Column::Themes))))
            .expr(flag(Expr::col((interests::Entity, interests::Column::OpenToPlus))))
            .expr(flag(Expr::col((interests::Entity, interests::Column::LookingNow))))
            .expr(Func::coalesce([
                Expr::col((accounts::Entity, accounts::Column::LastActiveAt)),
                Expr::col((accounts::Entity, accounts::Column::CreatedAt)),
            ]))
            .cond_where(publicly_visible_teachers());
        if let Some(id) = only {
            select.and_where(Expr::col((accounts::Entity, accounts::Column::Id)).eq(id));
        }
        Query::insert()
            .into_table(entity::Entity)
            .columns([
                P::AccountId, P::CountryCode, P::Plus, P::DisplayName, P::SchoolName, P::City, P::Introduction, P::ProjectIdea,
                P::Subjects, P::AgeRanges, P::Languages, P::Themes, P::OpenToPlus, P::LookingNow, P::LastActiveAt,
            ])
            .select_from(select)
            .expect("the select has as many columns as the insert")
            .to_owned()
    }

    /// Brings one account's row in line with its sources: written if the account is a visible teacher,
    /// removed otherwise. Call it after any change to the account, its school or its interests.
    /// An upsert, then a delete if the person is not visible: two refreshes of one account at once (a form
    /// sent twice) both succeed.
    pub async fn refresh(db: &impl ConnectionTrait, account_id: i32) -> Result<(), DbErr> {
        let before = followed(db, account_id).await?;
        let mut upsert = fill_statement(Some(account_id));
        upsert.on_conflict(
            sea_orm::sea_query::OnConflict::column(P::AccountId)
                .update_columns([
                    P::CountryCode, P::Plus, P::DisplayName, P::SchoolName, P::City, P::Introduction, P::ProjectIdea,
                    P::Subjects, P::AgeRanges, P::Languages, P::Themes, P::OpenToPlus, P::LookingNow, P::LastActiveAt,
                ])
                .to_owned(),
        );
        db.execute(&upsert).await?;
        let visible = Query::select().column(accounts::Column::Id).from(accounts::Entity).cond_where(publicly_visible_teachers()).to_owned();
        entity::Entity::delete_many()
            .filter(P::AccountId.eq(account_id))
            .filter(P::AccountId.not_in_subquery(visible))
            .exec(db)
            .await?;
        // Only a change the option counts or the words kept in memory would see is recorded (a saved form with
        // nothing new, a sign-in: none).
        if followed(db, account_id).await? != before {
            changed(db, Some(account_id)).await?;
        }
        Ok(())
    }

    /// What partner search's option counts read of one teacher's row (`counts`): account, country, programme,
    /// subjects, age ranges, languages, open to eTwinning Plus, looking now.
    pub type Counted = (i32, String, bool, i64, i64, i64, bool, bool);

    /// A query of the index reading the `Counted` columns.
    pub fn counted_columns<S: sea_orm::QuerySelect>(select: S) -> S {
        select.select_only().columns([P::AccountId, P::CountryCode, P::Plus, P::Subjects, P::AgeRanges, P::Languages, P::OpenToPlus, P::LookingNow])
    }

    /// What the copies in memory follow of one teacher's row (`counts`): everything but the activity time, which
    /// changes at every sign-in and is read from the index itself.
    async fn followed(db: &impl ConnectionTrait, account_id: i32) -> Result<Option<entity::Model>, DbErr> {
        let row = entity::Entity::find_by_id(account_id).one(db).await?;
        Ok(row.map(|row| entity::Model { last_active_at: chrono::DateTime::<chrono::Utc>::MIN_UTC, ..row }))
    }

    /// A country moved between eTwinning and eTwinning Plus (reference data): its teachers' rows follow.
    pub async fn set_programme(db: &impl ConnectionTrait, country_code: &str, plus: bool) -> Result<(), DbErr> {
        entity::Entity::update_many()
            .col_expr(P::Plus, Expr::val(plus).into())
            .filter(P::CountryCode.eq(country_code))
            .exec(db)
            .await?;
        changed(db, None).await
    }

    /// Rebuilds the whole index from its sources (after bulk loads; `server reindex`).
    pub async fn rebuild(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
        entity::Entity::delete_many().exec(db).await?;
        let rows = db.execute(&fill_statement(None)).await?.rows_affected();
        if db.get_database_backend() == sea_orm::DbBackend::Sqlite {
            // Merged into one piece: a bulk fill leaves SQLite's full-text index in many, each read by every search.
            db.execute_unprepared("INSERT INTO partner_text(partner_text) VALUES ('optimize')").await?;
        }
        change_entity::Entity::delete_many().exec(db).await?;
        changed(db, None).await?;
        Ok(rows)
    }

    /// Records that a person was active now: recent-activity order uses it.
    pub async fn touch(db: &impl ConnectionTrait, account_id: i32) -> Result<(), DbErr> {
        let now = chrono::Utc::now();
        accounts::Entity::update_many()
            .col_expr(accounts::Column::LastActiveAt, Expr::val(now).into())
            .filter(accounts::Column::Id.eq(account_id))
            .exec(db)
            .await?;
        entity::Entity::update_many()
            .col_expr(P::LastActiveAt, Expr::val(now).into())
            .filter(P::AccountId.eq(account_id))
            .exec(db)
            .await?;
        Ok(())
    }
}

use index::entity::{self as partner, Column as P};

/// The filters of a query once checked: what is on its list is used, the rest is reported in `ignored`.
#[derive(Debug, Default)]
struct Plan {
    words: Vec<String>,
    /// On SQLite, the whole words of the index that the last word begins, when it is longer than the prefix
    /// indexes (see `expand_last_word`).
    last_terms: Option<Vec<String>>,
    countries: Vec<String>,
    plus: Option<bool>,
    subject: Option<i64>,
    age: Option<i64>,
    language: Option<i64>,
    open_to_plus: bool,
    looking_now: bool,
    sort: Option<Sort>,
    page: u64,
    ignored: Vec<Ignored>,
}

fn unknown(filter: &str, value: &str) -> Ignored {
    Ignored::UnknownValue { filter: filter.to_owned(), value: value.chars().take(40).collect() }
}

fn plan(query: &PartnerQuery) -> Plan {
    let mut plan = Plan { open_to_plus: query.open_to_plus, looking_now: query.looking_now, ..Default::default() };
    let (words, too_many) = search_words(&query.q);
    if words.is_empty() && !query.q.trim().is_empty() {
        plan.ignored.push(Ignored::NothingToSearch);
    }
    if too_many {
        plan.ignored.push(Ignored::TooManyWords);
    }
    plan.words = words;
    for raw in query.countries.iter().take(46) {
        let code = raw.trim().to_uppercase();
        if code.is_empty() {
            continue;
        }
        if countries::is_known(&code) {
            if !plan.countries.contains(&code) {
                plan.countries.push(code);
            }
        } else {
            plan.ignored.push(unknown("country", raw));
        }
    }
    plan.plus = match query.programme.as_str() {
        "" => None,
        value => match Programme::parse(value) {
            Some(programme) => Some(programme == Programme::EtwinningPlus),
            None => {
                plan.ignored.push(unknown("programme", value));
                None
            }
        },
    };
    let mut on_list = |filter: &str, value: &str, bit: Option<i64>| -> Option<i64> {
        if value.is_empty() {
            return None;
        }
        if bit.is_none() {
            plan.ignored.push(unknown(filter, value));
        }
        bit
    };
    plan.subject = on_list("subject", &query.subject, interests::bit(SUBJECTS.iter().copied(), &query.subject));
    plan.age = on_list("age", &query.age, interests::bit(AGE_RANGES.iter().copied(), &query.age));
    plan.language = on_list("language", &query.language, interests::bit(interests::language_keys(), &query.language));
    plan.sort = Sort::parse(&query.sort);
    if plan.sort.is_none() {
        plan.ignored.push(unknown("sort", &query.sort));
    }
    plan.page = u64::from(Ord::max(query.page, 1));
    plan
}

/// The filters whose options are counted. Each count applies every filter except its own, so it says what
/// choosing that option would give.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Facet {
    Country,
    Programme,
    Subject,
    Age,
    Language,
    OpenToPlus,
    LookingNow,
}

const FTS_TABLE: &str = "partner_text";

/// The text as a full-text query: every word must match; the last one may be the start of a word (search as
/// you type) once it has two letters. Words are letters and digits only, so no operator can be smuggled in.
/// Whether a word (the last one) is also taken as the start of longer words: from two letters, which the
/// SQLite prefix indexes cover.
fn is_prefix(word: &str) -> bool {
    word.chars().count() >= 2
}

fn text_query(backend: DbBackend, plan: &Plan) -> String {
    let words = &plan.words;
    let last = words.len().saturating_sub(1);
    let prefix = |index: usize, word: &str| index == last && is_prefix(word);
    if let (DbBackend::Sqlite, Some(terms)) = (backend, &plan.last_terms) {
        // The same search, with the last word's prefix spelled out as the whole words it begins. FTS5 wants the
        // AND spelled out before a group in brackets.
        let mut query: Vec<String> = words[..last].iter().map(|word| format!("\"{word}\"")).collect();
        query.push(format!("({})", terms.iter().map(|term| format!("\"{term}\"")).collect::<Vec<_>>().join(" OR ")));
        return query.join(" AND ");
    }
    match backend {
        DbBackend::Postgres => words
            .iter()
            .enumerate()
            .map(|(index, word)| if prefix(index, word) { format!("'{word}':*") } else { format!("'{word}'") })
            .collect::<Vec<_>>()
            .join(" & "),
        _ => words
            .iter()
            .enumerate()
            .map(|(index, word)| if prefix(index, word) { format!("\"{word}\"*") } else { format!("\"{word}\"") })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The longest prefix SQLite's full-text index keeps (`prefix='2 3 4 5 6'`, migration m0006).
const INDEXED_PREFIX: usize = 6;

/// A last word longer than the prefix indexes begins at most this many whole words to be spelled out.
const MAX_TERMS: usize = 64;

/// On SQLite, a last word longer than the indexed prefixes ("project" typed in full) is looked up in the index's
/// vocabulary as the whole words it begins ("project", "projects", …): FTS5 would otherwise gather every word
/// of the prefix again each time it is asked about one row, ≈ 20 ms a row at a million teachers. Left as a
/// prefix when it begins too many words or is not plain ASCII (the vocabulary holds words without accents).
async fn expand_last_word(db: &impl ConnectionTrait, plan: &mut Plan) -> Result<(), AppError> {
    let Some(last) = plan.words.last() else { return Ok(()) };
    if db.get_database_backend() != DbBackend::Sqlite
        || last.chars().count() <= INDEXED_PREFIX
        || !last.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Ok(());
    }
    // Every term beginning with `last` sorts between it and `last` followed by the highest character.
    let rows = db
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT term FROM partner_text_vocab WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
            [last.clone().into(), format!("{last}\u{10FFFF}").into(), (MAX_TERMS as i64 + 1).into()],
        ))
        .await?;
    if rows.is_empty() || rows.len() > MAX_TERMS {
        return Ok(());
    }
    plan.last_terms = Some(rows.iter().map(|row| row.try_get::<String>("", "term")).collect::<Result<_, _>>()?);
    Ok(())
}

/// How a query meets the text, which decides its plan.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Text {
    /// Start from the full-text matches, then look each row up: right when the words are selective, and
    /// needed to rank by relevance.
    MatchesFirst,
    /// Walk the rows (in the order wanted) and ask the full-text index about each: right when the words are
    /// common, so that the first page is found after a few rows.
    RowsFirst,
    /// SQLite: walk the rows in the order wanted and keep those among the matches, gathered once into a list
    /// first. Between the two above: each row costs a look in memory instead of a question to the full-text
    /// index, for the price of reading every match once.
    HitList,
    /// Rows of `HITS`, the text matches already gathered: no text condition.
    Gathered,
}

/// The temporary table of one search's text matches (see `count_facets`).
const HITS: &str = "partner_hits";

/// The visible teachers matching the plan, leaving out the filter of `skip` (and the viewer, if given).
fn matching(backend: DbBackend, plan: &Plan, text: Text, exclude: Option<i32>, skip: Option<Facet>) -> SelectStatement {
    let mut select = Query::select();
    if text == Text::Gathered {
        // Named like the index, so that every condition below applies unchanged.
        select.from_as(Alias::new(HITS), partner::Entity);
    } else {
        select.from(partner::Entity);
    }
    if let Some(viewer) = exclude {
        select.and_where(Expr::col((partner::Entity, P::AccountId)).ne(viewer));
    }
    if !plan.countries.is_empty() && skip != Some(Facet::Country) {
        select.and_where(Expr::col((partner::Entity, P::CountryCode)).is_in(plan.countries.clone()));
    }
    if let (Some(plus), false) = (plan.plus, skip == Some(Facet::Programme)) {
        select.and_where(Expr::col((partner::Entity, P::Plus)).eq(plus));
    }
    for (facet, bit, column) in [
        (Facet::Subject, plan.subject, P::Subjects),
        (Facet::Age, plan.age, P::AgeRanges),
        (Facet::Language, plan.language, P::Languages),
    ] {
        if let (Some(bit), false) = (bit, skip == Some(facet)) {
            select.and_where(Expr::col((partner::Entity, column)).bit_and(bit).ne(0));
        }
    }
    if plan.open_to_plus && skip != Some(Facet::OpenToPlus) {
        select.and_where(Expr::col((partner::Entity, P::OpenToPlus)).eq(true));
    }
    if plan.looking_now && skip != Some(Facet::LookingNow) {
        select.and_where(Expr::col((partner::Entity, P::LookingNow)).eq(true));
    }
    // The text last: SQLite asks about it only for the rows that passed the filters above.
    if !plan.words.is_empty() && text != Text::Gathered {
        let words = text_query(backend, plan);
        match (backend, text) {
            (DbBackend::Postgres, _) => {
                select.and_where(Expr::cust_with_values("partner_index.search @@ to_tsquery('simple', $1)", [words]));
            }
            (_, Text::RowsFirst) => {
                // A count, not EXISTS: recent SQLite turns EXISTS into a join that starts from the matches, which
                // is the plan this form exists to avoid.
                select.and_where(Expr::cust_with_values(
                    "(SELECT COUNT(*) FROM partner_text WHERE partner_text MATCH ? AND partner_text.rowid = partner_index.account_id) > 0",
                    [words],
                ));
            }
            (_, Text::HitList) => {
                // The unary plus keeps SQLite from starting at the list: it walks the rows in order and looks each
                // up in the list, which it gathers once.
                select.and_where(Expr::cust_with_values(
                    "+partner_index.account_id IN (SELECT rowid FROM partner_text WHERE partner_text MATCH ?)",
                    [words],
                ));
            }
            _ => {
                select
                    .join(
                        JoinType::InnerJoin,
                        Alias::new(FTS_TABLE),
                        Expr::col((Alias::new(FTS_TABLE), Alias::new("rowid"))).equals((partner::Entity, P::AccountId)),
                    )
                    .and_where(Expr::cust_with_values("partner_text MATCH ?", [words]));
            }
        }
    }
    select
}

/// Whether an index row passes the plan's filters other than the text, leaving out the filter of `skip`.
fn passes(row: &partner::Model, plan: &Plan, skip: Facet) -> bool {
    let bit_ok = |facet: Facet, bit: Option<i64>, mask: i64| skip == facet || bit.is_none_or(|bit| mask & bit != 0);
    (skip == Facet::Country || plan.countries.is_empty() || plan.countries.contains(&row.country_code))
        && (skip == Facet::Programme || plan.plus.is_none_or(|plus| plus == row.plus))
        && bit_ok(Facet::Subject, plan.subject, row.subjects)
        && bit_ok(Facet::Age, plan.age, row.age_ranges)
        && bit_ok(Facet::Language, plan.language, row.languages)
        && (skip == Facet::OpenToPlus || !plan.open_to_plus || row.open_to_plus)
        && (skip == Facet::LookingNow || !plan.looking_now || row.looking_now)
}

fn int(row: &QueryResult, name: &str) -> Result<i64, AppError> {
    Ok(row.try_get::<i64>("", name)?)
}

/// Counts per value of one column among the teachers matching all filters but the facet's own.
async fn group_counts(db: &impl ConnectionTrait, plan: &Plan, text: Text, facet: Facet, column: P) -> Result<Vec<QueryResult>, AppError> {
    let mut select = matching(db.get_database_backend(), plan, text, None, Some(facet));
    select
        .expr_as(Expr::col((partner::Entity, column)), Alias::new("k"))
        .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
        .group_by_col((partner::Entity, column));
    Ok(db.query_all(&select).await?)
}

/// The count of each entry of a list, from counts per bitmask value: a teacher counts for every entry they have.
fn expand<'a>(rows: &[QueryResult], list: impl IntoIterator<Item = &'a str>) -> Result<Counts, AppError> {
    let mut per_mask = Vec::with_capacity(rows.len());
    for row in rows {
        per_mask.push((int(row, "k")?, int(row, "n")?));
    }
    Ok(list
        .into_iter()
        .enumerate()
        .map(|(bit, key)| {
            let n: i64 = per_mask.iter().filter(|(mask, _)| mask & (1 << bit) != 0).map(|(_, n)| n).sum();
            (key.to_owned(), n as u64)
        })
        .collect())
}

/// (teachers with the flag, all teachers) from counts grouped by a yes/no column.
fn flag_counts(rows: &[QueryResult]) -> Result<(u64, u64), AppError> {
    let (mut yes, mut all) = (0, 0);
    for row in rows {
        let n = int(row, "n")? as u64;
        all += n;
        if row.try_get::<bool>("", "k")? {
            yes += n;
        }
    }
    Ok((yes, all))
}

/// The counts next to every filter option, over every visible teacher (the viewer included: see `search`),
/// and how many teachers the words alone match.
#[derive(Debug, Clone, Default)]
struct Facets {
    countries: Counts,
    programmes: Counts,
    subjects: Counts,
    ages: Counts,
    languages: Counts,
    flags: Counts,
    text_matches: u64,
}

/// Words matching more teachers than this are "common": results are found rows first, in order of recent
/// activity (ranking hundreds of thousands of matches by relevance would cost more than it tells).
const COMMON: u64 = 20_000;

/// On SQLite, common words matching at most this many teachers are gathered into a list first (`Text::HitList`):
/// reading 150,000 matches costs ≈ 25 ms, while asking the full-text index row by row costs ≈ 0.1 ms a row and
/// finds a page after ≈ 24 × (all teachers / matches) rows, 180 for 150,000 matches and 1,000 for 28,000.
const HIT_LIST: u64 = 150_000;

/// With words, the text matches are gathered once into a temporary table (one connection, one
/// transaction), and every count reads that instead of asking the full-text index again.
async fn count_facets(db: &(impl ConnectionTrait + TransactionTrait), plan: &Plan) -> Result<Facets, AppError> {
    if plan.words.is_empty() {
        let mut facets = count_each(db, plan, Text::MatchesFirst).await?;
        facets.text_matches = facets.countries.iter().map(|(_, n)| n).sum();
        return Ok(facets);
    }
    let backend = db.get_database_backend();
    let txn = crate::db::begin(db).await?;
    let text_only = Plan { words: plan.words.clone(), last_terms: plan.last_terms.clone(), ..Default::default() };
    let mut gather = matching(backend, &text_only, Text::MatchesFirst, None, None);
    gather.columns([
        (partner::Entity, P::AccountId),
        (partner::Entity, P::CountryCode),
        (partner::Entity, P::Plus),
        (partner::Entity, P::Subjects),
        (partner::Entity, P::AgeRanges),
        (partner::Entity, P::Languages),
        (partner::Entity, P::OpenToPlus),
        (partner::Entity, P::LookingNow),
    ]);
    // Created, then filled: PostgreSQL takes no parameters in CREATE TABLE … AS.
    txn.execute_unprepared(match backend {
        DbBackend::Postgres => {
            "CREATE TEMPORARY TABLE partner_hits (account_id integer, country_code varchar(2), plus boolean, subjects bigint, \
             age_ranges bigint, languages bigint, open_to_plus boolean, looking_now boolean) ON COMMIT DROP"
        }
        _ => {
            "CREATE TEMPORARY TABLE partner_hits (account_id integer, country_code text, plus integer, subjects integer, \
             age_ranges integer, languages integer, open_to_plus integer, looking_now integer)"
        }
    })
    .await?;
    let mut statement = backend.build(&gather);
    statement.sql = format!("INSERT INTO {HITS} {}", statement.sql);
    txn.execute_raw(statement).await?;
    let mut facets = count_each(&txn, plan, Text::Gathered).await?;
    let mut total = Query::select();
    total.from(Alias::new(HITS)).expr_as(Expr::col(Asterisk).count(), Alias::new("n"));
    facets.text_matches = txn.query_one(&total).await?.map(|row| int(&row, "n")).transpose()?.unwrap_or(0) as u64;
    if backend != DbBackend::Postgres {
        txn.execute_unprepared(&format!("DROP TABLE temp.{HITS}")).await?;
    }
    txn.commit().await?;
    Ok(facets)
}

async fn count_each(db: &impl ConnectionTrait, plan: &Plan, text: Text) -> Result<Facets, AppError> {
    let mut countries = Vec::new();
    for row in group_counts(db, plan, text, Facet::Country, P::CountryCode).await? {
        countries.push((row.try_get::<String>("", "k")?, int(&row, "n")? as u64));
    }
    let (plus, all) = flag_counts(&group_counts(db, plan, text, Facet::Programme, P::Plus).await?)?;
    Ok(Facets {
        countries,
        programmes: vec![(Programme::Etwinning.as_str().to_owned(), all - plus), (Programme::EtwinningPlus.as_str().to_owned(), plus)],
        subjects: expand(&group_counts(db, plan, text, Facet::Subject, P::Subjects).await?, SUBJECTS.iter().copied())?,
        ages: expand(&group_counts(db, plan, text, Facet::Age, P::AgeRanges).await?, AGE_RANGES.iter().copied())?,
        languages: expand(&group_counts(db, plan, text, Facet::Language, P::Languages).await?, interests::language_keys())?,
        flags: vec![
            ("open_to_plus".to_owned(), flag_counts(&group_counts(db, plan, text, Facet::OpenToPlus, P::OpenToPlus).await?)?.0),
            ("looking_now".to_owned(), flag_counts(&group_counts(db, plan, text, Facet::LookingNow, P::LookingNow).await?)?.0),
        ],
        text_matches: 0,
    })
}

/// Takes the viewer out of the counts: they never see themselves in results, so they must not be counted.
/// Counts are computed over everyone so that one cached set serves every viewer.
async fn leave_out_viewer(db: &impl ConnectionTrait, plan: &Plan, viewer: i32, facets: &mut Facets) -> Result<(), AppError> {
    let Some(me) = partner::Entity::find_by_id(viewer).one(db).await? else { return Ok(()) };
    if !plan.words.is_empty() {
        let text_only = Plan { words: plan.words.clone(), last_terms: plan.last_terms.clone(), ..Default::default() };
        let mut select = matching(db.get_database_backend(), &text_only, Text::RowsFirst, None, None);
        select.expr(Expr::col((partner::Entity, P::AccountId))).and_where(Expr::col((partner::Entity, P::AccountId)).eq(viewer));
        if db.query_one(&select).await?.is_none() {
            return Ok(());
        }
    }
    let less = |counts: &mut Counts, key: &str| {
        if let Some((_, n)) = counts.iter_mut().find(|(k, _)| k == key) {
            *n = n.saturating_sub(1);
        }
    };
    let less_bits = |counts: &mut Counts, mask: i64| {
        for (bit, (_, n)) in counts.iter_mut().enumerate() {
            if mask & (1 << bit) != 0 {
                *n = n.saturating_sub(1);
            }
        }
    };
    if passes(&me, plan, Facet::Country) {
        less(&mut facets.countries, &me.country_code);
    }
    if passes(&me, plan, Facet::Programme) {
        less(&mut facets.programmes, if me.plus { Programme::EtwinningPlus.as_str() } else { Programme::Etwinning.as_str() });
    }
    if passes(&me, plan, Facet::Subject) {
        less_bits(&mut facets.subjects, me.subjects);
    }
    if passes(&me, plan, Facet::Age) {
        less_bits(&mut facets.ages, me.age_ranges);
    }
    if passes(&me, plan, Facet::Language) {
        less_bits(&mut facets.languages, me.languages);
    }
    if me.open_to_plus && passes(&me, plan, Facet::OpenToPlus) {
        less(&mut facets.flags, "open_to_plus");
    }
    if me.looking_now && passes(&me, plan, Facet::LookingNow) {
        less(&mut facets.flags, "looking_now");
    }
    Ok(())
}

/// How fast one account may search for partners: a burst of 40 (a few queries typed, the search as you type
/// asking at most four times a second), then the `partner_searches_per_minute` setting (60: one a second). Each new combination of filters makes the database
/// count afresh, so a script running through combinations would take the CPU from everyone; a person never
/// notices the limit. Kept in memory: each server process counts its own, which is enough to stop a flood.
pub struct SearchPace(Option<governor::DefaultKeyedRateLimiter<i32>>);

impl SearchPace {
    pub const BURST: u32 = 40;

    /// One search a `60 / per_minute` seconds after the burst; 0: no limit (benchmarks of raw capacity).
    pub fn new(per_minute: u32) -> SearchPace {
        use std::num::NonZeroU32;
        SearchPace(NonZeroU32::new(per_minute).map(|rate| {
            let burst = NonZeroU32::new(Self::BURST).unwrap_or(NonZeroU32::MIN);
            governor::RateLimiter::keyed(governor::Quota::per_minute(rate).allow_burst(burst))
        }))
    }

    /// Counts one search by `account`; refuses with `TooFast` when it comes too soon.
    pub fn check(&self, account: i32) -> Result<(), AppError> {
        let Some(limiter) = &self.0 else { return Ok(()) };
        if limiter.len() > 100_000 {
            // Accounts that stopped searching are forgotten, so that memory stays bounded.
            limiter.retain_recent();
        }
        limiter.check_key(&account).map_err(|_| AppError::TooFast)
    }
}

/// Recently computed counts, shared by every viewer, and the copy of the index they are counted from
/// (`counts::FacetStore`). The broad searches are also the most repeated; counts a few seconds old are fine,
/// while results are always read fresh. The server keeps one per process.
pub struct CountCache {
    entries: std::sync::Mutex<std::collections::HashMap<String, (std::time::Instant, Facets)>>,
    ttl: std::time::Duration,
    store: counts::FacetStore,
}

impl CountCache {
    /// Entries kept at most; when full, the expired ones go, and if none has expired, all of them.
    const CAPACITY: usize = 10_000;

    pub fn new(ttl: std::time::Duration) -> CountCache {
        CountCache { entries: Default::default(), ttl, store: counts::FacetStore::new() }
    }

    /// The same, keeping in memory the matches of every word that at least `teachers` have (PostgreSQL; tests: 1).
    #[doc(hidden)]
    pub fn keeping_words_from(ttl: std::time::Duration, teachers: u64) -> CountCache {
        CountCache { entries: Default::default(), ttl, store: counts::FacetStore::keeping_words_from(teachers) }
    }

    /// How many words' matches the copy of the index keeps in memory (PostgreSQL).
    #[doc(hidden)]
    pub async fn words_kept(&self) -> usize {
        self.store.words_kept().await
    }

    /// The copy of the index the counts come from, read now if it has not been yet: a process is ready to serve
    /// partner search once it is (`/readyz` asks; ≈ 2 s at 1.2 million teachers, milliseconds for a school's demo).
    pub async fn ready(&self, db: &impl ConnectionTrait) -> Result<(), AppError> {
        if self.store.is_loaded() { Ok(()) } else { warm_counts(db, self).await }
    }

    /// How many times the copy of the index was read whole (tests: once, then after a change to every row).
    #[doc(hidden)]
    pub fn copies_loaded(&self) -> usize {
        self.store.loads()
    }

    fn get(&self, key: &str) -> Option<Facets> {
        let entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        entries.get(key).filter(|(at, _)| at.elapsed() < self.ttl).map(|(_, facets)| facets.clone())
    }

    fn put(&self, key: String, facets: Facets) {
        let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.len() >= Self::CAPACITY {
            let ttl = self.ttl;
            entries.retain(|_, (at, _)| at.elapsed() < ttl);
            if entries.len() >= Self::CAPACITY {
                entries.clear();
            }
        }
        entries.insert(key, (std::time::Instant::now(), facets));
    }
}

/// Counts the options of the search everyone starts with (no words, no filters) into the cache, so that the
/// first visitor after a quiet spell does not wait for them (nor for the copy of the index to load). The
/// server calls it every few seconds.
pub async fn warm_counts(db: &impl ConnectionTrait, cache: &CountCache) -> Result<(), AppError> {
    let plan = plan(&PartnerQuery::default());
    let facets = cache.store.count(db, &plan).await?;
    cache.put(count_key(&plan), facets);
    Ok(())
}

/// What the counts depend on: the plan without page and order.
fn count_key(plan: &Plan) -> String {
    let mut countries = plan.countries.clone();
    countries.sort();
    format!(
        "{:?}|{countries:?}|{:?}|{:?}|{:?}|{:?}|{}|{}",
        plan.words, plan.plus, plan.subject, plan.age, plan.language, plan.open_to_plus, plan.looking_now
    )
}

/// Partner search: a page of results, the total, a count next to every filter option, and what was ignored.
/// `cache`: where recent counts are kept and counted from (the server's); `None` counts afresh in SQL, the
/// reference the tests compare the kept counts with.
pub async fn search(
    db: &(impl ConnectionTrait + TransactionTrait),
    cache: Option<&CountCache>,
    viewer: &Viewer,
    query: &PartnerQuery,
) -> Result<PartnerResults, AppError> {
    search_with_thresholds(db, cache, viewer, query, Thresholds::default()).await
}

/// The numbers of text matches that choose a plan: above `common`, words are common (results in order of
/// activity, rows first); on SQLite, common words matching at most `hit_list` teachers are gathered into a list
/// first. Tests set them low, so that every plan is tried on a small database.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Thresholds {
    pub common: u64,
    pub hit_list: u64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds { common: COMMON, hit_list: HIT_LIST }
    }
}

/// `search`, with other thresholds for the plans.
#[doc(hidden)]
pub async fn search_with_thresholds(
    db: &(impl ConnectionTrait + TransactionTrait),
    cache: Option<&CountCache>,
    viewer: &Viewer,
    query: &PartnerQuery,
    thresholds: Thresholds,
) -> Result<PartnerResults, AppError> {
    if !access::may_see_teachers(viewer) {
        return Err(AppError::NotFound);
    }
    let backend = db.get_database_backend();
    let mut plan = plan(query);
    expand_last_word(db, &mut plan).await?;

    let key = count_key(&plan);
    let mut facets = match cache.and_then(|cache| cache.get(&key)) {
        Some(facets) => facets,
        None => {
            // Counting afresh is the expensive part of a search (milliseconds in memory, up to a second or two
            // in SQL at the real platform's size): at most as many at once as there are cores, so that a stream of
            // new combinations queues instead of taking every database connection and the CPU from everyone else.
            static COLD_COUNTS: std::sync::LazyLock<tokio::sync::Semaphore> =
                std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));
            let _turn = COLD_COUNTS.acquire().await.map_err(|_| AppError::Internal)?;
            // Another search may have counted the same combination while this one waited.
            if let Some(facets) = cache.and_then(|cache| cache.get(&key)) {
                facets
            } else if let Some(cache) = cache {
                let facets = cache.store.count(db, &plan).await?;
                cache.put(key, facets.clone());
                facets
            } else {
                count_facets(db, &plan).await?
            }
        }
    };
    leave_out_viewer(db, &plan, viewer.id, &mut facets).await?;
    // The country counts (every other filter applied) add up to the total.
    let total = facets
        .countries
        .iter()
        .filter(|(code, _)| plan.countries.is_empty() || plan.countries.contains(code))
        .map(|(_, n)| n)
        .sum::<u64>();

    let pages = Ord::max(total.div_ceil(PAGE_SIZE), 1);
    // On SQLite, walking rows asks the full-text index once per row: fine for whole words and for prefixes
    // the index keeps (up to 6 letters), too slow for a longer prefix not spelled out as whole words.
    // (PostgreSQL plans the walk itself.)
    let long_prefix = backend != DbBackend::Postgres
        && plan.last_terms.is_none()
        && plan.words.last().is_some_and(|word| is_prefix(word) && word.chars().count() > INDEXED_PREFIX);
    let common = facets.text_matches > thresholds.common && !long_prefix;
    let text = match backend {
        _ if !common => Text::MatchesFirst,
        DbBackend::Sqlite if facets.text_matches <= thresholds.hit_list => Text::HitList,
        _ => Text::RowsFirst,
    };
    let mut page = matching(backend, &plan, text, Some(viewer.id), None);
    page.expr_as(Expr::col((partner::Entity, P::AccountId)), Alias::new("id"));
    if !plan.words.is_empty() && plan.sort != Some(Sort::Recent) && !common {
        match backend {
            DbBackend::Postgres => {
                let text = text_query(backend, &plan);
                page.order_by_expr(
                    Expr::cust_with_values("ts_rank(partner_index.search, to_tsquery('simple', $1))", [text]),
                    Order::Desc,
                );
            }
            // Weights of the columns: name, school, introduction, project idea.
            _ => {
                page.order_by_expr(Expr::cust("bm25(partner_text, 10.0, 4.0, 1.0, 2.0)"), Order::Asc);
            }
        }
    }
    page.order_by((partner::Entity, P::LastActiveAt), Order::Desc)
        .order_by((partner::Entity, P::AccountId), Order::Desc)
        .limit(PAGE_SIZE)
        .offset((plan.page - 1).saturating_mul(PAGE_SIZE));
    // Past the last page there is nothing to read (and a huge OFFSET would walk every row).
    let ids: Vec<i32> = if plan.page > pages {
        Vec::new()
    } else {
        db.query_all(&page).await?.iter().map(|row| row.try_get::<i32>("", "id")).collect::<Result<_, _>>()?
    };
    let results = cards(db, &ids).await?;

    let Facets { countries, programmes, subjects, ages, languages, flags, .. } = facets;
    Ok(PartnerResults { results, total, page: plan.page, pages, countries, programmes, subjects, ages, languages, flags, ignored: plan.ignored })
}

/// How many suggestions the dashboard shows, and how many recently active candidates are scored for them.
const SUGGESTIONS: usize = 6;
const CANDIDATES: u64 = 400;

/// Suggested partners: teachers in other countries who share at least one subject with the viewer's
/// interests (and a language, if the viewer named any), ranked by how much they share, with a bonus for the
/// countries the viewer prefers and for teachers looking for partners now; the viewer's contacts
/// and pending requests are left out. Scores the most recently active candidates, so the cost stays bounded
/// at any scale.
pub async fn suggestions(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Vec<Suggestion>, AppError> {
    if !access::may_have_contacts(viewer) {
        return Ok(Vec::new());
    }
    let Some(mine) = interest_entity::Entity::find_by_id(viewer.id).one(db).await? else { return Ok(Vec::new()) };
    if mine.subjects == 0 {
        return Ok(Vec::new());
    }
    let mut select = Query::select();
    select
        .from(partner::Entity)
        .columns([P::AccountId, P::CountryCode, P::Subjects, P::AgeRanges, P::Languages, P::Themes, P::LookingNow])
        .and_where(Expr::col(P::AccountId).ne(viewer.id))
        .and_where(Expr::col(P::Subjects).bit_and(mine.subjects).ne(0))
        .order_by(P::LastActiveAt, Order::Desc)
        .limit(CANDIDATES);
    if let Some(country) = &viewer.country_code {
        select.and_where(Expr::col(P::CountryCode).ne(country.as_str()));
    }
    if mine.languages != 0 {
        select.and_where(Expr::col(P::Languages).bit_and(mine.languages).ne(0));
    }
    let linked: HashSet<i32> = {
        use sea_orm::{ColumnTrait, Condition, QueryFilter};
        contacts::Entity::find()
            .filter(Condition::any().add(contacts::Column::RequesterId.eq(viewer.id)).add(contacts::Column::AddresseeId.eq(viewer.id)))
            .all(db)
            .await?
            .into_iter()
            .map(|row| if row.requester_id == viewer.id { row.addressee_id } else { row.requester_id })
            .collect()
    };
    let shared = |a: i64, b: i64| (a & b).count_ones() as i64;
    let mut scored = Vec::new();
    for row in db.query_all(&select).await? {
        let id: i32 = row.try_get("", "account_id")?;
        if linked.contains(&id) {
            continue;
        }
        let (subjects, ages, languages, themes) =
            (int(&row, "subjects")?, int(&row, "age_ranges")?, int(&row, "languages")?, int(&row, "themes")?);
        let looking_now: bool = row.try_get("", "looking_now")?;
        let country: String = row.try_get("", "country_code")?;
        let preferred = mine.preferred_countries.split(',').any(|code| code == country);
        let score = 3 * shared(subjects, mine.subjects)
            + 2 * shared(ages, mine.age_ranges)
            + 2 * shared(languages, mine.languages)
            + shared(themes, mine.themes)
            + if looking_now { 2 } else { 0 }
            + if preferred { 2 } else { 0 };
        scored.push((score, id, subjects, ages, languages, looking_now));
    }
    // Highest score first; among equals, the order of recent activity (kept by the stable sort).
    scored.sort_by(|a, b| b.0.cmp(&a.0));
    scored.truncate(SUGGESTIONS);
    let ids: Vec<i32> = scored.iter().map(|s| s.1).collect();
    let cards = cards(db, &ids).await?;
    let owned = |list: Vec<&str>| list.into_iter().map(str::to_owned).collect();
    Ok(cards
        .into_iter()
        .filter_map(|card| {
            let (_, _, subjects, ages, languages, looking_now) = *scored.iter().find(|s| s.1 == card.id)?;
            Some(Suggestion {
                shared_subjects: owned(interests::entries(SUBJECTS.iter().copied(), subjects & mine.subjects)),
                shared_ages: owned(interests::entries(AGE_RANGES.iter().copied(), ages & mine.age_ranges)),
                shared_languages: owned(interests::entries(interests::language_keys(), languages & mine.languages)),
                looking_now,
                card,
            })
        })
        .collect())
}
