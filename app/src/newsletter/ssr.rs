//! Server side of the newsletter: entities, who may write, read and receive it, subscriptions with their
//! unsubscribe tokens, and the sending, a batch of subscribers per transaction.
use super::{BODY_MAX, Edition, NewsletterCard, NewsletterHome, NewsletterView, SUBJECT_MAX, one_click_path, unsubscribe_path};
use crate::{
    access::{self, Viewer},
    accounts::ssr::entity as accounts,
    error::{AppError, Problem},
    forms::{one_line, paragraphs},
    i18n::td_string,
    locale::platform_language,
    mail::ssr as mail,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
    sea_query::{Expr, OnConflict},
};
use std::collections::HashMap;

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "newsletters")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub author_id: Option<i32>,
        pub created_at: DateTimeUtc,
        pub send_requested_at: Option<DateTimeUtc>,
        /// Every subscriber whose account id is at most this has had their mail.
        pub sent_through: i32,
        pub sent_count: i32,
        pub finished_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod edition_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "newsletter_editions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub newsletter_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub language: String,
        pub subject: String,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod subscription_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "newsletter_subscriptions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i32,
        pub token: String,
        pub subscribed_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use edition_entity as editions;
use entity as newsletters;
use subscription_entity as subscriptions;

/// Validated teachers and the support services read and receive the newsletter; pupils (who have no address),
/// people not yet validated and anyone suspended do not.
pub fn may_subscribe(viewer: &Viewer) -> bool {
    access::may_see_teachers(viewer) && viewer.status == crate::accounts::AccountStatus::Validated
}

/// The Central Support Service writes and sends it.
pub fn may_write(viewer: &Viewer) -> bool {
    access::is_central_support(viewer)
}

async fn editions_of(db: &impl ConnectionTrait, ids: Vec<i32>) -> Result<HashMap<i32, Vec<editions::Model>>, AppError> {
    let mut by_newsletter: HashMap<i32, Vec<editions::Model>> = HashMap::new();
    if ids.is_empty() {
        return Ok(by_newsletter);
    }
    for row in editions::Entity::find().filter(editions::Column::NewsletterId.is_in(ids)).order_by_asc(editions::Column::Language).all(db).await? {
        by_newsletter.entry(row.newsletter_id).or_default().push(row);
    }
    Ok(by_newsletter)
}

/// The version for a reader of `language`: theirs, else English.
fn version_for<'a>(versions: &'a [editions::Model], language: &str) -> Option<&'a editions::Model> {
    versions.iter().find(|e| e.language == language).or_else(|| versions.iter().find(|e| e.language == "en"))
}

/// A newsletter for a list; its sending's progress is for its writers only.
fn card(row: &newsletters::Model, versions: &[editions::Model], language: &str, writer: bool) -> NewsletterCard {
    NewsletterCard {
        id: row.id,
        subject: version_for(versions, language).map(|e| e.subject.clone()).unwrap_or_default(),
        sent_at: row.send_requested_at,
        sending: writer && row.send_requested_at.is_some() && row.finished_at.is_none(),
        sent_count: if writer { row.sent_count.max(0) as u32 } else { 0 },
        languages: versions.iter().map(|e| e.language.clone()).collect(),
    }
}

pub async fn is_subscribed(db: &impl ConnectionTrait, account: i32) -> Result<bool, AppError> {
    Ok(subscriptions::Entity::find_by_id(account).one(db).await?.is_some())
}

pub async fn home(db: &impl ConnectionTrait, viewer: &Viewer, language: &str) -> Result<NewsletterHome, AppError> {
    if !may_subscribe(viewer) {
        return Err(AppError::NotFound);
    }
    let sent = newsletters::Entity::find()
        .filter(newsletters::Column::SendRequestedAt.is_not_null())
        .order_by_desc(newsletters::Column::SendRequestedAt)
        .limit(50)
        .all(db)
        .await?;
    let writer = may_write(viewer);
    let unsent = if writer {
        let mut rows = newsletters::Entity::find()
            .filter(newsletters::Column::SendRequestedAt.is_null())
            .order_by_desc(newsletters::Column::Id)
            .limit(50)
            .all(db)
            .await?;
        // Those still being sent are listed with the drafts too: their writers follow the count.
        rows.extend(sent.iter().filter(|row| row.finished_at.is_none()).cloned());
        Some(rows)
    } else {
        None
    };
    let ids = sent.iter().chain(unsent.iter().flatten()).map(|row| row.id).collect();
    let versions = editions_of(db, ids).await?;
    let cards = |rows: &[newsletters::Model]| -> Vec<NewsletterCard> {
        rows.iter().map(|row| card(row, versions.get(&row.id).map(Vec::as_slice).unwrap_or_default(), language, writer)).collect()
    };
    Ok(NewsletterHome { subscribed: is_subscribed(db, viewer.id).await?, archive: cards(&sent), drafts: unsent.as_deref().map(cards) })
}

pub async fn newsletter(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, language: &str) -> Result<NewsletterView, AppError> {
    if !may_subscribe(viewer) {
        return Err(AppError::NotFound);
    }
    let row = newsletters::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let writer = may_write(viewer);
    // Drafts are their writers' only.
    if row.send_requested_at.is_none() && !writer {
        return Err(AppError::NotFound);
    }
    let versions = editions_of(db, vec![id]).await?.remove(&id).unwrap_or_default();
    let html = version_for(&versions, language).map(|e| crate::ui::render_markdown(&e.body)).unwrap_or_default();
    let unsent = row.send_requested_at.is_none();
    Ok(NewsletterView {
        card: card(&row, &versions, language, writer),
        html,
        may_send: writer && unsent && versions.iter().any(|e| e.language == "en"),
        editions: (writer && unsent)
            .then(|| versions.iter().map(|e| Edition { language: e.language.clone(), subject: e.subject.clone(), body: e.body.clone() }).collect()),
    })
}

fn checked_edition(subject: &str, body: &str) -> Result<(String, String), AppError> {
    // A subject is a mail header: one line.
    let subject = one_line("subject", subject, SUBJECT_MAX)?;
    let body = paragraphs("body", body, BODY_MAX)?;
    Ok((subject, body))
}

/// A newsletter with its English version (the one every reader without their own version gets).
pub async fn create(db: &impl ConnectionTrait, viewer: &Viewer, subject: &str, body: &str) -> Result<i32, AppError> {
    if !may_write(viewer) {
        return Err(AppError::Forbidden);
    }
    let (subject, body) = checked_edition(subject, body)?;
    let now = Utc::now();
    let row = newsletters::ActiveModel {
        author_id: Set(Some(viewer.id)),
        created_at: Set(now),
        send_requested_at: Set(None),
        sent_through: Set(0),
        sent_count: Set(0),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    editions::ActiveModel { newsletter_id: Set(row.id), language: Set("en".into()), subject: Set(subject), body: Set(body), updated_at: Set(now) }
        .insert(db)
        .await?;
    Ok(row.id)
}

/// Writes one language's version, while the newsletter is not sent (checked again inside the transaction, so
/// a version saved while sending begins cannot slip in half-way).
pub async fn save_edition(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    id: i32,
    language: &str,
    subject: &str,
    body: &str,
) -> Result<(), AppError> {
    if !may_write(viewer) {
        return Err(AppError::Forbidden);
    }
    let language = platform_language(language).ok_or(AppError::invalid("language", Problem::ChooseLanguage))?;
    let (subject, body) = checked_edition(subject, body)?;
    let txn = crate::db::begin(db).await?;
    let row = newsletters::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or(AppError::NotFound)?;
    if row.send_requested_at.is_some() {
        return Err(AppError::invalid("language", Problem::NewsletterSent));
    }
    editions::Entity::insert(editions::ActiveModel {
        newsletter_id: Set(id),
        language: Set(language),
        subject: Set(subject),
        body: Set(body),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([editions::Column::NewsletterId, editions::Column::Language])
            .update_columns([editions::Column::Subject, editions::Column::Body, editions::Column::UpdatedAt])
            .to_owned(),
    )
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Starts the sending, once: a second request (another writer, a double click) finds it begun.
pub async fn request_sending(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, id: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    if !may_write(viewer) {
        return Err(AppError::Forbidden);
    }
    let txn = crate::db::begin(db).await?;
    newsletters::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or(AppError::NotFound)?;
    if editions::Entity::find_by_id((id, "en".to_owned())).one(&txn).await?.is_none() {
        return Err(AppError::invalid("language", Problem::EnglishFirst));
    }
    let begun = newsletters::Entity::update_many()
        .col_expr(newsletters::Column::SendRequestedAt, Expr::value(now))
        .filter(newsletters::Column::Id.eq(id))
        .filter(newsletters::Column::SendRequestedAt.is_null())
        .exec(&txn)
        .await?;
    if begun.rows_affected == 0 {
        return Err(AppError::invalid("language", Problem::NewsletterSent));
    }
    txn.commit().await?;
    Ok(())
}

/// An unsubscribe token: 192 random bits, in hexadecimal.
pub fn fresh_token() -> String {
    use password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 24];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Subscribes (with a new unsubscribe token) or unsubscribes; doing what is already so changes nothing.
pub async fn set_subscribed(db: &impl ConnectionTrait, viewer: &Viewer, subscribe: bool) -> Result<(), AppError> {
    if !may_subscribe(viewer) {
        return Err(AppError::NotFound);
    }
    if subscribe {
        subscriptions::Entity::insert(subscriptions::ActiveModel { account_id: Set(viewer.id), token: Set(fresh_token()), subscribed_at: Set(Utc::now()) })
            .on_conflict(OnConflict::column(subscriptions::Column::AccountId).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?;
    } else {
        subscriptions::Entity::delete_by_id(viewer.id).exec(db).await?;
    }
    Ok(())
}

/// Unsubscribes the holder of a newsletter's link. Whether anyone was unsubscribed (a token that was never
/// given, or whose subscriber left already, unsubscribes nobody).
pub async fn unsubscribe(db: &impl ConnectionTrait, token: &str) -> Result<bool, AppError> {
    let token = token.trim();
    if token.is_empty() || token.len() > 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(false);
    }
    let gone = subscriptions::Entity::delete_many().filter(subscriptions::Column::Token.eq(token)).exec(db).await?;
    Ok(gone.rows_affected > 0)
}

/// The Markdown as a mail's text: links to the platform's own pages (`[Seminars](/seminars)`, which the page
/// shows as they are) become whole addresses, which a mail program can open.
pub fn absolute_links(markdown: &str, public_url: &str) -> String {
    markdown.replace("](/", &format!("]({public_url}/"))
}

/// One batch of the oldest newsletter being sent: the next `batch` subscribers after the cursor each get their
/// mail in the outbox, and the cursor moves past them, in one transaction; the cursor only moves from where this
/// batch found it, so two processes never send a batch twice. The number of mails put in the outbox, or none
/// when nothing is being sent.
pub async fn send_batch(db: &(impl ConnectionTrait + TransactionTrait), public_url: &str, batch: u64) -> Result<Option<u32>, AppError> {
    let txn = crate::db::begin(db).await?;
    // Locked (PostgreSQL; SQLite's transaction holds the write lock already): a second process waits, then
    // finds the cursor this batch moved, instead of preparing the same batch for nothing.
    let Some(row) = newsletters::Entity::find()
        .filter(newsletters::Column::SendRequestedAt.is_not_null())
        .filter(newsletters::Column::FinishedAt.is_null())
        .order_by_asc(newsletters::Column::Id)
        .lock_exclusive()
        .one(&txn)
        .await?
    else {
        return Ok(None);
    };
    let versions = editions_of(&txn, vec![row.id]).await?.remove(&row.id).unwrap_or_default();
    let next: Vec<subscriptions::Model> = subscriptions::Entity::find()
        .filter(subscriptions::Column::AccountId.gt(row.sent_through))
        .order_by_asc(subscriptions::Column::AccountId)
        .limit(batch)
        .all(&txn)
        .await?;
    let people: HashMap<i32, accounts::Model> = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(next.iter().map(|s| s.account_id)))
        .all(&txn)
        .await?
        .into_iter()
        .map(|person| (person.id, person))
        .collect();
    let mut mailed = 0;
    for subscription in &next {
        // Someone suspended, or without an address any more, is passed over (and stays subscribed).
        let Some(person) = people.get(&subscription.account_id).filter(|p| may_subscribe(&p.viewer())) else { continue };
        let (Some(email), Some(version)) = (&person.email, version_for(&versions, &person.locale)) else { continue };
        let locale = person.locale();
        let link = format!("{public_url}{}", unsubscribe_path(&subscription.token));
        let footer = td_string!(locale, newsletter_mail_footer, site = public_url, link = link.as_str()).to_string();
        let body = format!("{}\n\n-- \n{footer}\n", absolute_links(&version.body, public_url));
        mail::enqueue_list(&txn, email, &version.subject, &body, &format!("{public_url}{}", one_click_path(&subscription.token))).await?;
        mailed += 1;
    }
    let finished = (next.len() as u64) < batch;
    let moved = newsletters::Entity::update_many()
        .col_expr(newsletters::Column::SentThrough, Expr::value(next.last().map_or(row.sent_through, |s| s.account_id)))
        .col_expr(newsletters::Column::SentCount, Expr::value(row.sent_count + mailed))
        .col_expr(newsletters::Column::FinishedAt, Expr::value(finished.then(Utc::now)))
        .filter(newsletters::Column::Id.eq(row.id))
        .filter(newsletters::Column::SentThrough.eq(row.sent_through))
        .filter(newsletters::Column::FinishedAt.is_null())
        .exec(&txn)
        .await?;
    if moved.rows_affected == 0 {
        // Another process sent this batch meanwhile.
        txn.rollback().await?;
        return Ok(Some(0));
    }
    txn.commit().await?;
    Ok(Some(mailed as u32))
}
