//! Server side of the notification centre: the one writer (`notify`), the reader's list and count, the
//! preferences, and the summary mails (`send_digests`, run by the server's background task).
use super::{Centre, Delivery, Kind, Notification, PAGE, title};
use crate::{
    access::{AccountKind, Viewer},
    accounts::ssr::entity as accounts,
    error::{AppError, Problem},
    i18n::td_string,
    mail::ssr as mail,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
    sea_query::{Expr, OnConflict},
};
use std::collections::BTreeMap;

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "notifications")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub account_id: i32,
        pub kind: String,
        pub event: String,
        /// A JSON object of the names the text is made of.
        #[sea_orm(column_type = "Text")]
        pub params: String,
        pub link: String,
        pub created_at: DateTimeUtc,
        pub read_at: Option<DateTimeUtc>,
        /// "daily" or "weekly" while it waits for that summary mail.
        pub digest: Option<String>,
        pub mailed_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod preference_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "notification_preferences")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub kind: String,
        pub delivery: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod digest_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "notification_digests")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub period: String,
        pub last_sent_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use digest_entity as digests;
use entity as rows;
use preference_entity as preferences;

/// What happened, with the names its text needs. Each event belongs to one kind of news.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    ContactRequest { from: &'a str },
    /// To the one who asked: the request was accepted (a refusal is not announced).
    ContactAccepted { from: &'a str },
    Cofound { from: &'a str, title: &'a str },
    /// To the founder: the co-founder's answer.
    CofoundAccepted { from: &'a str, title: &'a str },
    CofoundDeclined { from: &'a str, title: &'a str },
    /// A teacher invited into a running project's TwinSpace.
    SpaceInvitation { from: &'a str, title: &'a str },
    /// Something new in a TwinSpace the reader belongs to (one line until read, see `notify_each_once`).
    SpaceActivity { title: &'a str },
    ProjectOpen { title: &'a str },
    ProjectRejected { title: &'a str, reason: &'a str },
    LabelAwarded { title: &'a str, year: i32 },
    LabelRefused { title: &'a str, reason: &'a str },
    EuropeanLabel { title: &'a str, year: i32 },
    SchoolLabelAwarded { school: &'a str },
    SchoolLabelRefused { school: &'a str, reason: &'a str },
    Prize { title: &'a str, year: i32 },
    /// A moderator's notice (content hidden, restored or deleted, a warning, a suspension); details are on
    /// the notices page.
    Moderation { reason: &'a str },
    SeminarCertificate { title: &'a str },
    /// To those registered: the organiser cancelled it.
    SeminarCancelled { title: &'a str },
    /// To those registered: it begins within a day.
    SeminarReminder { title: &'a str },
    GroupApproved { name: &'a str },
    GroupRefused { name: &'a str },
    GroupInvited { name: &'a str, from: &'a str },
    /// To a group's moderators: someone asks to join.
    GroupRequest { name: &'a str, from: &'a str },
    /// A request to join accepted.
    GroupWelcome { name: &'a str },
    /// To a group's moderators: a post there was reported.
    GroupReport { name: &'a str },
    /// A place in a learning event freed up for the first person waiting.
    LearningEventPlace { title: &'a str },
    /// Every unit done: the certificate is ready.
    LearningEventCompleted { title: &'a str },
    /// To a learning event's participants: its organiser writes (the message shows under the line).
    LearningEventMessage { title: &'a str, message: &'a str },
}

impl Event<'_> {
    fn kind(&self) -> Kind {
        match self {
            Event::ContactRequest { .. } | Event::ContactAccepted { .. } => Kind::Contacts,
            Event::Cofound { .. }
            | Event::CofoundAccepted { .. }
            | Event::CofoundDeclined { .. }
            | Event::SpaceInvitation { .. }
            | Event::ProjectOpen { .. }
            | Event::ProjectRejected { .. } => Kind::Projects,
            Event::SpaceActivity { .. } => Kind::TwinSpace,
            Event::LabelAwarded { .. }
            | Event::LabelRefused { .. }
            | Event::EuropeanLabel { .. }
            | Event::SchoolLabelAwarded { .. }
            | Event::SchoolLabelRefused { .. }
            | Event::Prize { .. } => Kind::Labels,
            Event::Moderation { .. } => Kind::Moderation,
            Event::SeminarCertificate { .. } | Event::SeminarCancelled { .. } | Event::SeminarReminder { .. } | Event::LearningEventPlace { .. } | Event::LearningEventCompleted { .. } | Event::LearningEventMessage { .. } => Kind::Events,
            Event::GroupApproved { .. } | Event::GroupRefused { .. } | Event::GroupInvited { .. } | Event::GroupRequest { .. } | Event::GroupWelcome { .. } | Event::GroupReport { .. } => Kind::Groups,
        }
    }

    /// The stored name and names.
    fn stored(&self) -> (&'static str, BTreeMap<String, String>) {
        let mut params = BTreeMap::new();
        let mut put = |name: &str, value: &str| {
            params.insert(name.to_owned(), value.to_owned());
        };
        let event = match *self {
            Event::ContactRequest { from } => {
                put("from", from);
                "contact_request"
            }
            Event::ContactAccepted { from } => {
                put("from", from);
                "contact_accepted"
            }
            Event::Cofound { from, title } => {
                put("from", from);
                put("title", title);
                "cofound"
            }
            Event::CofoundAccepted { from, title } => {
                put("from", from);
                put("title", title);
                "cofound_accepted"
            }
            Event::CofoundDeclined { from, title } => {
                put("from", from);
                put("title", title);
                "cofound_declined"
            }
            Event::SpaceInvitation { from, title } => {
                put("from", from);
                put("title", title);
                "space_invitation"
            }
            Event::SpaceActivity { title } => {
                put("title", title);
                "space_activity"
            }
            Event::ProjectOpen { title } => {
                put("title", title);
                "project_open"
            }
            Event::ProjectRejected { title, reason } => {
                put("title", title);
                put("reason", reason);
                "project_rejected"
            }
            Event::LabelAwarded { title, year } => {
                put("title", title);
                put("year", &year.to_string());
                "label_awarded"
            }
            Event::LabelRefused { title, reason } => {
                put("title", title);
                put("reason", reason);
                "label_refused"
            }
            Event::EuropeanLabel { title, year } => {
                put("title", title);
                put("year", &year.to_string());
                "european_label"
            }
            Event::SchoolLabelAwarded { school } => {
                put("school", school);
                "school_label_awarded"
            }
            Event::SchoolLabelRefused { school, reason } => {
                put("school", school);
                put("reason", reason);
                "school_label_refused"
            }
            Event::Prize { title, year } => {
                put("title", title);
                put("year", &year.to_string());
                "prize"
            }
            Event::Moderation { reason } => {
                put("reason", reason);
                "moderation"
            }
            Event::SeminarCertificate { title } => {
                put("title", title);
                "seminar_certificate"
            }
            Event::SeminarCancelled { title } => {
                put("title", title);
                "seminar_cancelled"
            }
            Event::SeminarReminder { title } => {
                put("title", title);
                "seminar_reminder"
            }
            Event::GroupApproved { name } => {
                put("name", name);
                "group_approved"
            }
            Event::GroupRefused { name } => {
                put("name", name);
                "group_refused"
            }
            Event::GroupInvited { name, from } => {
                put("name", name);
                put("from", from);
                "group_invited"
            }
            Event::GroupRequest { name, from } => {
                put("name", name);
                put("from", from);
                "group_request"
            }
            Event::GroupWelcome { name } => {
                put("name", name);
                "group_welcome"
            }
            Event::GroupReport { name } => {
                put("name", name);
                "group_report"
            }
            Event::LearningEventPlace { title } => {
                put("title", title);
                "learning_event_place"
            }
            Event::LearningEventCompleted { title } => {
                put("title", title);
                "learning_event_completed"
            }
            Event::LearningEventMessage { title, message } => {
                put("title", title);
                put("message", message);
                "learning_event_message"
            }
        };
        (event, params)
    }
}

/// The mail a notification sends when its reader chose "at once": the feature's own full text.
pub struct Mail {
    pub subject: String,
    pub body: String,
}

/// `digest` of a notification whose reader chose mail at once but whose feature wrote no mail of its own: the
/// background task mails its line and link (`send_waiting_mails`), claimed like a summary so never twice.
const AT_ONCE: &str = "now";

/// What `digest` holds for news that waits for a mail under this delivery.
fn waiting_for(delivery: Delivery, own_mail: bool) -> Option<String> {
    match delivery {
        Delivery::Daily | Delivery::Weekly => Some(delivery.as_str().to_owned()),
        Delivery::Immediate if !own_mail => Some(AT_ONCE.to_owned()),
        Delivery::Immediate | Delivery::InApp => None,
    }
}

/// Tells a person something: the one place that writes a notification. In the caller's transaction, so the news
/// exists exactly when the change does; by the reader's choice for its kind it also puts the feature's mail in
/// the outbox now (`mail`; a feature without one gets its line and link mailed by the background task), or
/// leaves it for the daily or weekly summary. People without an address (pupils) get it in the centre only.
pub async fn notify(db: &impl ConnectionTrait, to: &accounts::Model, event: Event<'_>, link: &str, mail: Option<Mail>) -> Result<(), AppError> {
    let delivery = match &to.email {
        Some(_) => delivery_of(db, to.id, event.kind()).await?,
        None => Delivery::InApp,
    };
    let now = chrono::Utc::now();
    let mut mailed_at = None;
    let own_mail = mail.is_some();
    if let (Delivery::Immediate, Some(email), Some(mail)) = (delivery, &to.email, mail) {
        mail::enqueue(db, email, &mail.subject, &mail.body).await?;
        mailed_at = Some(now);
    }
    row(to.id, &event, link, now, waiting_for(delivery, own_mail), mailed_at).insert(db).await?;
    Ok(())
}

fn row(
    account: i32,
    event: &Event<'_>,
    link: &str,
    now: chrono::DateTime<chrono::Utc>,
    digest: Option<String>,
    mailed_at: Option<chrono::DateTime<chrono::Utc>>,
) -> rows::ActiveModel {
    let (name, params) = event.stored();
    rows::ActiveModel {
        account_id: Set(account),
        kind: Set(event.kind().as_str().to_owned()),
        event: Set(name.to_owned()),
        params: Set(serde_json::to_string(&params).unwrap_or_else(|_| "{}".to_owned())),
        link: Set(link.chars().take(300).collect()),
        created_at: Set(now),
        read_at: Set(None),
        digest: Set(digest),
        mailed_at: Set(mailed_at),
        ..Default::default()
    }
}

/// Tells each of these people the same news about the same page, except those who have not yet read it: a busy
/// TwinSpace makes one line ("something new in ...") until its reader has seen it, not one per post. A handful
/// of statements whatever the number of people (who already has it, their choices, one insert).
pub async fn notify_each_once(db: &impl ConnectionTrait, to: &[accounts::Model], event: Event<'_>, link: &str) -> Result<(), AppError> {
    if to.is_empty() {
        return Ok(());
    }
    let link: String = link.chars().take(300).collect();
    let (name, _) = event.stored();
    let ids: Vec<i32> = to.iter().map(|person| person.id).collect();
    let unread: std::collections::HashSet<i32> = rows::Entity::find()
        .select_only()
        .column(rows::Column::AccountId)
        .filter(rows::Column::AccountId.is_in(ids.clone()))
        .filter(rows::Column::Event.eq(name))
        .filter(rows::Column::Link.eq(link.as_str()))
        .filter(rows::Column::ReadAt.is_null())
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let kind = event.kind();
    let chosen: std::collections::HashMap<i32, Delivery> = preferences::Entity::find()
        .filter(preferences::Column::AccountId.is_in(ids))
        .filter(preferences::Column::Kind.eq(kind.as_str()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| Some((p.account_id, Delivery::parse(&p.delivery)?)))
        .collect();
    let now = chrono::Utc::now();
    let new: Vec<rows::ActiveModel> = to
        .iter()
        .filter(|person| !unread.contains(&person.id))
        .map(|person| {
            let delivery = match &person.email {
                Some(_) => chosen.get(&person.id).copied().unwrap_or(kind.default_delivery()),
                None => Delivery::InApp,
            };
            row(person.id, &event, &link, now, waiting_for(delivery, false), None)
        })
        .collect();
    if !new.is_empty() {
        rows::Entity::insert_many(new).exec(db).await?;
    }
    Ok(())
}

/// Mails the news whose readers chose mail at once and whose feature wrote none: the line in the reader's
/// language and the page's address. Each one claimed in the transaction that puts its mail in the outbox, so a
/// restart or a second process sends nothing twice. The number of mails.
pub async fn send_waiting_mails(db: &(impl ConnectionTrait + TransactionTrait), now: chrono::DateTime<chrono::Utc>, public_url: &str) -> Result<u32, AppError> {
    let waiting = rows::Entity::find().filter(rows::Column::Digest.eq(AT_ONCE)).order_by_asc(rows::Column::Id).limit(200).all(db).await?;
    let mut sent = 0;
    for news in waiting {
        let txn = crate::db::begin(db).await?;
        let claimed = rows::Entity::update_many()
            .col_expr(rows::Column::Digest, Expr::value(Option::<String>::None))
            .col_expr(rows::Column::MailedAt, Expr::value(now))
            .filter(rows::Column::Id.eq(news.id))
            .filter(rows::Column::Digest.eq(AT_ONCE))
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            // Another process mailed it meanwhile, or its reader changed their choice.
            txn.rollback().await?;
            continue;
        }
        if let Some(person) = accounts::Entity::find_by_id(news.account_id).one(&txn).await?
            && let Some(email) = &person.email
        {
            let locale = person.locale();
            let line = shown(news);
            let subject = title(locale, &line.event, &line.params);
            let mut body = format!("{subject}\n\n{public_url}{}\n", line.link);
            if let Some(more) = line.reason().or(line.message()) {
                body.push_str(&format!("\n{more}\n"));
            }
            body.push_str(&format!("\n{}\n", td_string!(locale, mail_digest_footer, url = public_url)));
            mail::enqueue(&txn, email, &subject, &body).await?;
            sent += 1;
        }
        txn.commit().await?;
    }
    Ok(sent)
}

async fn delivery_of(db: &impl ConnectionTrait, account: i32, kind: Kind) -> Result<Delivery, AppError> {
    let chosen = preferences::Entity::find_by_id((account, kind.as_str().to_owned())).one(db).await?;
    Ok(chosen.and_then(|p| Delivery::parse(&p.delivery)).unwrap_or(kind.default_delivery()))
}

/// Everyone with an address chooses how they hear of things; pupils have none and see the centre only.
fn receives_mail(viewer: &Viewer) -> bool {
    viewer.kind != AccountKind::Pupil
}

fn shown(row: rows::Model) -> Notification {
    Notification {
        id: row.id,
        params: serde_json::from_str(&row.params).unwrap_or_default(),
        event: row.event,
        link: row.link,
        at: row.created_at,
        unread: row.read_at.is_none(),
    }
}

/// The viewer's newest notifications and their choices; what is shown is marked read (it stays "new" on the
/// page that shows it).
pub async fn centre(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Centre, AppError> {
    let list = rows::Entity::find().filter(rows::Column::AccountId.eq(viewer.id)).order_by_desc(rows::Column::Id).limit(PAGE).all(db).await?;
    if let (Some(newest), Some(oldest)) = (list.first(), list.last())
        && list.iter().any(|n| n.read_at.is_none())
    {
        // Only what this page shows: older unread news stays new until it is shown.
        rows::Entity::update_many()
            .col_expr(rows::Column::ReadAt, Expr::value(chrono::Utc::now()))
            .filter(rows::Column::AccountId.eq(viewer.id))
            .filter(rows::Column::Id.between(oldest.id, newest.id))
            .filter(rows::Column::ReadAt.is_null())
            .exec(db)
            .await?;
    }
    let preferences = if receives_mail(viewer) { Some(chosen(db, viewer.id).await?) } else { None };
    Ok(Centre { notifications: list.into_iter().map(shown).collect(), preferences })
}

/// The delivery of every kind for a person (the default where they never chose).
pub async fn chosen(db: &impl ConnectionTrait, account: i32) -> Result<Vec<(Kind, Delivery)>, AppError> {
    let rows = preferences::Entity::find().filter(preferences::Column::AccountId.eq(account)).all(db).await?;
    Ok(Kind::ALL
        .into_iter()
        .map(|kind| {
            let row = rows.iter().find(|r| r.kind == kind.as_str());
            (kind, row.and_then(|r| Delivery::parse(&r.delivery)).unwrap_or(kind.default_delivery()))
        })
        .collect())
}

/// The header's count.
pub async fn unread(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<u32, AppError> {
    Ok(unread_count(viewer).into_tuple::<i64>().one(db).await?.unwrap_or(0) as u32)
}

/// Notifications stored after `after` (by id), oldest first, at most `limit`: (id, recipient). What the header's
/// live counters look for (`moderation::ssr::BadgeWatch`).
pub async fn recipients_after(db: &impl ConnectionTrait, after: i32, limit: u64) -> Result<Vec<(i32, i32)>, sea_orm::DbErr> {
    rows::Entity::find()
        .select_only()
        .column(rows::Column::Id)
        .column(rows::Column::AccountId)
        .filter(rows::Column::Id.gt(after))
        .order_by_asc(rows::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// The newest notification's id (0 for none).
pub async fn newest_id(db: &impl ConnectionTrait) -> Result<i32, sea_orm::DbErr> {
    let newest = rows::Entity::find().select_only().column(rows::Column::Id).order_by_desc(rows::Column::Id).into_tuple::<i32>().one(db).await?;
    Ok(newest.unwrap_or(0))
}

/// The statement that counts a person's unread notifications, so that the header's badge can read it together
/// with its other counters (`moderation::ssr::badge`).
pub fn unread_count(viewer: &Viewer) -> sea_orm::Select<rows::Entity> {
    rows::Entity::find()
        .select_only()
        .column_as(rows::Column::Id.count(), "n")
        .filter(rows::Column::AccountId.eq(viewer.id))
        .filter(rows::Column::ReadAt.is_null())
}

/// Stores a person's choices. Every value is checked before anything is written.
pub async fn set_preferences(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, chosen: &[(Kind, String)]) -> Result<(), AppError> {
    if !receives_mail(viewer) {
        return Err(AppError::NotFound);
    }
    let mut parsed = Vec::with_capacity(chosen.len());
    for (kind, value) in chosen {
        let delivery = Delivery::parse(value.trim()).ok_or_else(|| AppError::invalid(kind.as_str(), Problem::ChooseDelivery))?;
        parsed.push((*kind, delivery));
    }
    let txn = crate::db::begin(db).await?;
    for (kind, delivery) in parsed {
        preferences::Entity::insert(preferences::ActiveModel {
            account_id: Set(viewer.id),
            kind: Set(kind.as_str().to_owned()),
            delivery: Set(delivery.as_str().to_owned()),
        })
        .on_conflict(OnConflict::columns([preferences::Column::AccountId, preferences::Column::Kind]).update_column(preferences::Column::Delivery).to_owned())
        .exec(&txn)
        .await?;
        // News already waiting for a mail follows the new choice; without a mail it stays in the centre.
        let waiting = waiting_for(delivery, false);
        rows::Entity::update_many()
            .col_expr(rows::Column::Digest, Expr::value(waiting))
            .filter(rows::Column::AccountId.eq(viewer.id))
            .filter(rows::Column::Kind.eq(kind.as_str()))
            .filter(rows::Column::Digest.is_not_null())
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// How long a summary period lasts.
fn period_length(period: Delivery) -> chrono::TimeDelta {
    match period {
        Delivery::Weekly => chrono::TimeDelta::days(7),
        _ => chrono::TimeDelta::days(1),
    }
}

/// Sends the summary mails that are due at `now`: a person's daily (weekly) summary goes out when the last one
/// went out a day (week) ago, or, for the first, when the oldest waiting news is that old. Each summary is one
/// transaction that claims its notifications (only those still waiting), puts the mail in the outbox and notes
/// the time: a restart in between sends nothing twice, nor do two server processes at once. The number sent.
pub async fn send_digests(db: &(impl ConnectionTrait + TransactionTrait), now: chrono::DateTime<chrono::Utc>, public_url: &str) -> Result<u32, AppError> {
    let mut sent = 0;
    // Everyone with news waiting, a page of people at a time (in order, so that nobody waits behind others).
    let mut after = 0;
    loop {
        let people: Vec<i32> = rows::Entity::find()
            .select_only()
            .column(rows::Column::AccountId)
            .filter(rows::Column::Digest.is_in([Delivery::Daily.as_str(), Delivery::Weekly.as_str()]))
            .filter(rows::Column::AccountId.gt(after))
            .distinct()
            .order_by_asc(rows::Column::AccountId)
            .limit(500)
            .into_tuple()
            .all(db)
            .await?;
        let Some(&last) = people.last() else { break };
        after = last;
        for account in people {
            for period in [Delivery::Daily, Delivery::Weekly] {
                sent += send_digest(db, account, period, now, public_url).await?;
            }
        }
    }
    Ok(sent)
}

/// When a person's summary of a period is due: a period after the last one, or after the oldest news waiting.
async fn due(db: &impl ConnectionTrait, account: i32, period: Delivery, oldest: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> Result<bool, AppError> {
    let last = digests::Entity::find_by_id((account, period.as_str().to_owned())).one(db).await?.map(|d| d.last_sent_at);
    Ok(now - last.unwrap_or(oldest) >= period_length(period))
}

/// One person's summary of one period, if it is due: 1 when a mail went to the outbox.
async fn send_digest(
    db: &(impl ConnectionTrait + TransactionTrait),
    account: i32,
    delivery: Delivery,
    now: chrono::DateTime<chrono::Utc>,
    public_url: &str,
) -> Result<u32, AppError> {
    let period = delivery.as_str();
    let news = rows::Entity::find()
        .filter(rows::Column::AccountId.eq(account))
        .filter(rows::Column::Digest.eq(period))
        .order_by_asc(rows::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let Some(oldest) = news.first().map(|n| n.created_at) else { return Ok(0) };
    if !due(db, account, delivery, oldest, now).await? {
        return Ok(0);
    }
    let txn = crate::db::begin(db).await?;
    // Checked again inside the transaction: another process may have sent this summary since.
    if !due(&txn, account, delivery, oldest, now).await? {
        return Ok(0);
    }
    let ids: Vec<i32> = news.iter().map(|n| n.id).collect();
    let claimed = rows::Entity::update_many()
        .col_expr(rows::Column::Digest, Expr::value(Option::<String>::None))
        .col_expr(rows::Column::MailedAt, Expr::value(now))
        .filter(rows::Column::Id.is_in(ids.clone()))
        .filter(rows::Column::Digest.eq(period))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != ids.len() as u64 {
        // Another process sent (part of) this summary meanwhile.
        txn.rollback().await?;
        return Ok(0);
    }
    // Someone who no longer has an address (erased, or a pupil) gets no mail; what waited is settled all the same.
    let mailed = if let Some(person) = accounts::Entity::find_by_id(account).one(&txn).await?
        && let Some(email) = &person.email
    {
        let locale = person.locale();
        let mut body = td_string!(locale, mail_digest_body, name = person.display_name.as_str()).to_string();
        for item in news.into_iter().map(shown) {
            body.push_str(&format!("\n- {}\n  {public_url}{}\n", title(locale, &item.event, &item.params), item.link));
        }
        body.push_str(&format!("\n{}\n", td_string!(locale, mail_digest_footer, url = public_url)));
        mail::enqueue(&txn, email, &td_string!(locale, mail_digest_subject).to_string(), &body).await?;
        1
    } else {
        0
    };
    digests::Entity::insert(digests::ActiveModel { account_id: Set(account), period: Set(period.to_owned()), last_sent_at: Set(now) })
        .on_conflict(OnConflict::columns([digests::Column::AccountId, digests::Column::Period]).update_column(digests::Column::LastSentAt).to_owned())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(mailed)
}
