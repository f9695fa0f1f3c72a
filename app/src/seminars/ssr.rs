//! Server side of online seminars: entities, who may see, organise and register, the places, attendance and its
//! certificate, and the calendar file.
use super::{Attendee, CAPACITY, DESCRIPTION_MAX, MINUTES, SeminarCard, SeminarForm, SeminarList, SeminarView, TITLE_MAX};
use crate::{
    access::{self, PlatformRole, Viewer},
    accounts::ssr::entity as accounts,
    certificates::{CertificateKind, ssr as certificates},
    error::{AppError, Problem},
    forms::{one_line, paragraphs, web_address, whole_number},
    i18n::td_string,
    notifications::ssr::{Event, Mail, notify},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set, TransactionSession,
    TransactionTrait, sea_query::Expr,
};
use std::collections::{HashMap, HashSet};

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "seminars")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub title: String,
        #[sea_orm(column_type = "Text")]
        pub description: String,
        pub speaker: String,
        pub language: String,
        pub starts_at: DateTimeUtc,
        pub minutes: i32,
        pub capacity: i32,
        pub join_url: String,
        pub recording_url: Option<String>,
        pub materials_url: Option<String>,
        pub organiser_id: Option<i32>,
        pub created_at: DateTimeUtc,
        /// The annual theme it took up (the year's).
        pub theme_year: Option<i32>,
        /// Cancelled by its organiser before it began.
        pub cancelled_at: Option<DateTimeUtc>,
        /// Its registered people were reminded of it (`send_reminders`), once.
        pub reminded_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod registration_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "seminar_registrations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub seminar_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i32,
        pub registered_at: DateTimeUtc,
        pub attended_at: Option<DateTimeUtc>,
        pub certificate: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity as seminars;
use registration_entity as registrations;

/// Validated teachers and the support services see seminars; pupils and teachers waiting for validation do not.
fn may_see(viewer: &Viewer) -> bool {
    access::may_see_teachers(viewer)
}

/// The support services organise seminars.
pub fn may_organise(viewer: &Viewer) -> bool {
    viewer.role != PlatformRole::Member
}

/// The organiser runs their seminar; the Central Support Service and administrators every one.
fn manages(viewer: &Viewer, seminar: &seminars::Model) -> bool {
    may_organise(viewer) && (seminar.organiser_id == Some(viewer.id) || matches!(viewer.role, PlatformRole::CssModerator | PlatformRole::Administrator))
}

/// Who may take a place: anyone who sees seminars, except those who run this one.
fn may_register(viewer: &Viewer, seminar: &seminars::Model) -> bool {
    may_see(viewer) && !manages(viewer, seminar) && seminar.organiser_id != Some(viewer.id)
}

fn ends_at(seminar: &seminars::Model) -> DateTime<Utc> {
    seminar.starts_at + chrono::TimeDelta::minutes(seminar.minutes as i64)
}

async fn visible(db: &impl ConnectionTrait, viewer: &Viewer, id: i32) -> Result<seminars::Model, AppError> {
    if !may_see(viewer) {
        return Err(AppError::NotFound);
    }
    seminars::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// Cards for some seminars: two queries whatever their number.
async fn cards(db: &impl ConnectionTrait, viewer: &Viewer, rows: Vec<seminars::Model>) -> Result<Vec<SeminarCard>, AppError> {
    let ids: Vec<i32> = rows.iter().map(|s| s.id).collect();
    let counts: HashMap<i32, i64> = registrations::Entity::find()
        .select_only()
        .column(registrations::Column::SeminarId)
        .column_as(registrations::Column::AccountId.count(), "n")
        .filter(registrations::Column::SeminarId.is_in(ids.clone()))
        .group_by(registrations::Column::SeminarId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mine: HashSet<i32> = registrations::Entity::find()
        .select_only()
        .column(registrations::Column::SeminarId)
        .filter(registrations::Column::SeminarId.is_in(ids))
        .filter(registrations::Column::AccountId.eq(viewer.id))
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|s| SeminarCard {
            id: s.id,
            registered_count: counts.get(&s.id).copied().unwrap_or(0) as u32,
            registered: mine.contains(&s.id),
            theme_year: s.theme_year,
            cancelled: s.cancelled_at.is_some(),
            title: s.title,
            speaker: s.speaker,
            language: s.language,
            starts_at: s.starts_at,
            minutes: s.minutes.max(0) as u32,
            capacity: s.capacity.max(0) as u32,
        })
        .collect())
}

/// Seminars to come (and running) soonest first, and the latest 20 past ones.
pub async fn list(db: &impl ConnectionTrait, viewer: &Viewer, now: DateTime<Utc>) -> Result<SeminarList, AppError> {
    if !may_see(viewer) {
        return Err(AppError::NotFound);
    }
    // A seminar lasts at most `MINUTES.1`: anything that started before that has ended.
    let longest = now - chrono::TimeDelta::minutes(MINUTES.1 as i64);
    let recent = seminars::Entity::find().filter(seminars::Column::StartsAt.gt(longest)).order_by_asc(seminars::Column::StartsAt).limit(200).all(db).await?;
    let (upcoming, mut past): (Vec<_>, Vec<_>) = recent.into_iter().partition(|s| ends_at(s) > now);
    past.reverse();
    let older = seminars::Entity::find().filter(seminars::Column::StartsAt.lte(longest)).order_by_desc(seminars::Column::StartsAt).limit(20).all(db).await?;
    past.extend(older);
    past.truncate(20);
    Ok(SeminarList { upcoming: cards(db, viewer, upcoming).await?, past: cards(db, viewer, past).await?, may_organise: may_organise(viewer) })
}

/// A seminar's page, as the viewer may see it.
pub async fn seminar(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, now: DateTime<Utc>) -> Result<SeminarView, AppError> {
    let row = visible(db, viewer, id).await?;
    let manager = manages(viewer, &row);
    let own = registrations::Entity::find_by_id((id, viewer.id)).one(db).await?;
    let organiser = match row.organiser_id {
        Some(organiser) => accounts::Entity::find_by_id(organiser).one(db).await?.map(|a| a.display_name).unwrap_or_default(),
        None => String::new(),
    };
    let attendees = if manager {
        let rows = registrations::Entity::find().filter(registrations::Column::SeminarId.eq(id)).order_by_asc(registrations::Column::RegisteredAt).all(db).await?;
        let people: HashMap<i32, accounts::Model> = accounts::Entity::find()
            .filter(accounts::Column::Id.is_in(rows.iter().map(|r| r.account_id).collect::<Vec<_>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        Some(
            rows.into_iter()
                .filter_map(|r| {
                    let person = people.get(&r.account_id)?;
                    Some(Attendee { account_id: r.account_id, name: person.display_name.clone(), country_code: person.country_code.clone(), attended: r.attended_at.is_some() })
                })
                .collect(),
        )
    } else {
        None
    };
    let (begun, ended) = (now >= row.starts_at, now >= ends_at(&row));
    let cancelled = row.cancelled_at.is_some();
    let join_url = ((own.is_some() || manager) && !cancelled).then(|| row.join_url.clone());
    let may_register = may_register(viewer, &row) && !cancelled;
    let may_cancel = manager && !begun && !cancelled;
    let certificate = own.and_then(|r| r.certificate);
    let (description, recording_url, materials_url) = (row.description.clone(), row.recording_url.clone(), row.materials_url.clone());
    let card = cards(db, viewer, vec![row]).await?.remove(0);
    Ok(SeminarView { card, description, organiser, join_url, recording_url, materials_url, begun, ended, may_register, may_cancel, certificate, attendees })
}

/// Creates a seminar (support staff only); every field is checked before anything is stored.
/// Who may schedule a seminar: support staff who see seminars.
pub fn may_create(viewer: &Viewer) -> bool {
    may_see(viewer) && may_organise(viewer)
}

pub async fn create(db: &impl ConnectionTrait, viewer: &Viewer, form: &SeminarForm, now: DateTime<Utc>) -> Result<i32, AppError> {
    if !may_create(viewer) {
        return Err(AppError::Forbidden);
    }
    let title = one_line("title", &form.title, TITLE_MAX)?;
    let description = paragraphs("description", &form.description, DESCRIPTION_MAX)?;
    let speaker = one_line("speaker", &form.speaker, TITLE_MAX)?;
    let language = form.language.trim();
    if !crate::teachers::interests::is_language(language) {
        return Err(AppError::invalid("language", Problem::ChooseLanguage));
    }
    let starts_at = chrono::NaiveDateTime::parse_from_str(form.starts_at.trim(), "%Y-%m-%dT%H:%M")
        .map(|naive| naive.and_utc())
        .ok()
        .filter(|at| *at > now && *at < now + chrono::TimeDelta::days(2 * 365))
        .ok_or_else(|| AppError::invalid("starts_at", Problem::SeminarDate))?;
    let minutes = whole_number("minutes", &form.minutes, MINUTES)?;
    let capacity = whole_number("capacity", &form.capacity, CAPACITY)?;
    let join_url = web_address("join_url", &form.join_url, true)?.unwrap_or_default();
    let theme_year = crate::annual_theme::ssr::take_up(db, form.annual_theme.as_deref(), now).await?;
    let row = seminars::ActiveModel {
        title: Set(title),
        description: Set(description),
        speaker: Set(speaker),
        language: Set(language.to_owned()),
        starts_at: Set(starts_at),
        minutes: Set(minutes),
        capacity: Set(capacity),
        join_url: Set(join_url),
        recording_url: Set(None),
        materials_url: Set(None),
        organiser_id: Set(Some(viewer.id)),
        created_at: Set(now),
        theme_year: Set(theme_year),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Registers the viewer while places are left and the seminar has not begun; or takes a registration back
/// before it begins. Two people taking the last place at once: one gets it, the other is told it is full.
pub async fn register(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, id: i32, register: bool, now: DateTime<Utc>) -> Result<(), AppError> {
    if !may_see(viewer) {
        return Err(AppError::NotFound);
    }
    // The seminar's row is locked (PostgreSQL; SQLite's write lock is already held): places are counted once.
    let txn = crate::db::begin(db).await?;
    let row = seminars::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or(AppError::NotFound)?;
    if !may_register(viewer, &row) {
        return Err(AppError::Forbidden);
    }
    if now >= row.starts_at {
        return Err(AppError::invalid("seminar", Problem::SeminarBegun));
    }
    if register && row.cancelled_at.is_some() {
        return Err(AppError::invalid("seminar", Problem::SeminarCancelled));
    }
    let existing = registrations::Entity::find_by_id((id, viewer.id)).one(&txn).await?;
    match (register, existing) {
        (true, Some(_)) | (false, None) => {}
        (true, None) => {
            let taken = registrations::Entity::find().filter(registrations::Column::SeminarId.eq(id)).count(&txn).await?;
            if taken >= row.capacity.max(0) as u64 {
                return Err(AppError::invalid("seminar", Problem::SeminarFull));
            }
            registrations::ActiveModel {
                seminar_id: Set(id),
                account_id: Set(viewer.id),
                registered_at: Set(now),
                attended_at: Set(None),
                certificate: Set(None),
            }
            .insert(&txn)
            .await?;
        }
        (false, Some(_)) => {
            registrations::Entity::delete_by_id((id, viewer.id)).exec(&txn).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// The organiser marks a registered person present, once the seminar has begun: a certificate of attendance
/// (in the person's language when downloaded) and a line in their notification centre. Marking twice changes
/// nothing.
pub async fn mark_attended(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    id: i32,
    account: i32,
    now: DateTime<Utc>,
    public_url: &str,
) -> Result<(), AppError> {
    let row = visible(db, viewer, id).await?;
    if !manages(viewer, &row) {
        return Err(AppError::NotFound);
    }
    if now < row.starts_at {
        return Err(AppError::invalid("seminar", Problem::SeminarNotBegun));
    }
    if row.cancelled_at.is_some() {
        return Err(AppError::invalid("seminar", Problem::SeminarCancelled));
    }
    let txn = crate::db::begin(db).await?;
    registrations::Entity::find_by_id((id, account)).one(&txn).await?.ok_or(AppError::NotFound)?;
    // Claimed first: of two marks at the same moment (a double click, the organiser and the CSS), one issues.
    let claimed = registrations::Entity::update_many()
        .col_expr(registrations::Column::AttendedAt, Expr::value(now))
        .filter(registrations::Column::SeminarId.eq(id))
        .filter(registrations::Column::AccountId.eq(account))
        .filter(registrations::Column::AttendedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected == 0 {
        return Ok(());
    }
    let person = accounts::Entity::find_by_id(account).one(&txn).await?.ok_or(AppError::NotFound)?;
    // Issued in the name of the organiser's support organisation (a national one when it is one), whoever marks.
    let organiser = match row.organiser_id {
        Some(organiser) => accounts::Entity::find_by_id(organiser).one(&txn).await?,
        None => None,
    };
    let country = organiser.filter(|o| o.platform_role == PlatformRole::NsoModerator.as_str()).and_then(|o| o.country_code);
    let year = chrono::Datelike::year(&row.starts_at);
    let code = certificates::issue_as(&txn, CertificateKind::SeminarAttendance, person.id, &person.display_name, None, year, country.as_deref(), &row.title).await?;
    registrations::Entity::update_many()
        .col_expr(registrations::Column::Certificate, Expr::value(code.clone()))
        .filter(registrations::Column::SeminarId.eq(id))
        .filter(registrations::Column::AccountId.eq(account))
        .exec(&txn)
        .await?;
    let locale = person.locale();
    let mail = Mail {
        subject: td_string!(locale, mail_seminar_certificate_subject).to_string(),
        body: td_string!(locale, mail_seminar_certificate_body, name = person.display_name.as_str(), title = row.title.as_str(), url = public_url, id = id).to_string(),
    };
    notify(&txn, &person, Event::SeminarCertificate { title: &row.title }, &format!("/seminars/{id}"), Some(mail)).await?;
    txn.commit().await?;
    Ok(())
}

/// The accounts registered for a seminar, in one statement: those a cancellation or a reminder tells.
async fn registered_people(db: &impl ConnectionTrait, id: i32) -> Result<Vec<accounts::Model>, AppError> {
    let registered = registrations::Entity::find()
        .select_only()
        .column(registrations::Column::AccountId)
        .filter(registrations::Column::SeminarId.eq(id))
        .into_query();
    Ok(accounts::Entity::find().filter(accounts::Column::Id.in_subquery(registered)).all(db).await?)
}

/// The organiser cancels a seminar before it begins: it stays listed, marked cancelled, takes no registration
/// and gives no link to join; each registered person is told (notification and, as they chose, mail in their
/// language). Cancelling twice tells nobody twice.
pub async fn cancel(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, id: i32, now: DateTime<Utc>, public_url: &str) -> Result<(), AppError> {
    let row = visible(db, viewer, id).await?;
    if !manages(viewer, &row) {
        return Err(AppError::NotFound);
    }
    if now >= row.starts_at {
        return Err(AppError::invalid("seminar", Problem::SeminarBegun));
    }
    let txn = crate::db::begin(db).await?;
    // Claimed first: of two cancellations at once (a double click, the organiser and the CSS), one tells people.
    let claimed = seminars::Entity::update_many()
        .col_expr(seminars::Column::CancelledAt, Expr::value(now))
        .filter(seminars::Column::Id.eq(id))
        .filter(seminars::Column::CancelledAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected == 0 {
        return Ok(());
    }
    let people = registered_people(&txn, id).await?;
    let when = row.starts_at.format("%Y-%m-%d %H:%M").to_string();
    for person in &people {
        let locale = person.locale();
        let mail = Mail {
            subject: td_string!(locale, mail_seminar_cancelled_subject).to_string(),
            body: td_string!(locale, mail_seminar_cancelled_body, name = person.display_name.as_str(), title = row.title.as_str(), date = when.as_str(), url = public_url, id = id)
                .to_string(),
        };
        notify(&txn, person, Event::SeminarCancelled { title: &row.title }, &format!("/seminars/{id}"), Some(mail)).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// How long before a seminar begins its registered people are reminded of it.
pub const REMINDER_BEFORE: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// Reminds the registered people of every seminar beginning within `REMINDER_BEFORE` (not cancelled): a line in
/// their notification centre and a mail in their language with the time and the link to join. Each seminar is
/// claimed first with a conditional update, in the transaction that tells its people, so a reminder goes out once
/// whatever the number of server processes or restarts; someone who registers after it went out is not reminded.
/// Answers how many people were told. Run by the server's background task.
pub async fn send_reminders(db: &(impl ConnectionTrait + TransactionTrait), now: DateTime<Utc>, public_url: &str) -> Result<u32, AppError> {
    let due = seminars::Entity::find()
        .filter(seminars::Column::StartsAt.gt(now))
        .filter(seminars::Column::StartsAt.lte(now + REMINDER_BEFORE))
        .filter(seminars::Column::CancelledAt.is_null())
        .filter(seminars::Column::RemindedAt.is_null())
        .order_by_asc(seminars::Column::StartsAt)
        .limit(50)
        .all(db)
        .await?;
    let mut told = 0;
    for row in due {
        let txn = crate::db::begin(db).await?;
        let claimed = seminars::Entity::update_many()
            .col_expr(seminars::Column::RemindedAt, Expr::value(now))
            .filter(seminars::Column::Id.eq(row.id))
            .filter(seminars::Column::RemindedAt.is_null())
            .filter(seminars::Column::CancelledAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected == 0 {
            continue;
        }
        let people = registered_people(&txn, row.id).await?;
        let when = row.starts_at.format("%Y-%m-%d %H:%M").to_string();
        for person in &people {
            let locale = person.locale();
            let mail = Mail {
                subject: td_string!(locale, mail_seminar_reminder_subject).to_string(),
                body: td_string!(
                    locale,
                    mail_seminar_reminder_body,
                    name = person.display_name.as_str(),
                    title = row.title.as_str(),
                    date = when.as_str(),
                    join = row.join_url.as_str(),
                    url = public_url,
                    id = row.id
                )
                .to_string(),
            };
            notify(&txn, person, Event::SeminarReminder { title: &row.title }, &format!("/seminars/{}", row.id), Some(mail)).await?;
        }
        txn.commit().await?;
        told += people.len() as u32;
    }
    Ok(told)
}

/// The organiser adds (or changes) the recording's and the materials' addresses.
pub async fn set_recording(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, recording: &str, materials: &str) -> Result<(), AppError> {
    let row = visible(db, viewer, id).await?;
    if !manages(viewer, &row) {
        return Err(AppError::NotFound);
    }
    let recording = web_address("recording_url", recording, false)?;
    let materials = web_address("materials_url", materials, false)?;
    seminars::ActiveModel { id: Set(id), recording_url: Set(recording), materials_url: Set(materials), ..Default::default() }.update(db).await?;
    Ok(())
}

/// The calendar file of a seminar (iCalendar): its time in UTC, which every calendar shows in its owner's time
/// zone; the link to join only for those who may have it.
pub async fn calendar(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, public_url: &str) -> Result<String, AppError> {
    use icalendar::{Calendar, Component, EventLike};
    let view = seminar(db, viewer, id, Utc::now()).await?;
    let page = format!("{}/seminars/{id}", public_url.trim_end_matches('/'));
    // Stored text is checked, but older rows and CR LF from forms must not end a line of the file early.
    let title = view.card.title.replace(['\r', '\n'], " ");
    let mut description = view.description.replace("\r\n", "\n").replace('\r', "\n");
    if let Some(join) = &view.join_url {
        description.push_str(&format!("\n\n{join}"));
    }
    description.push_str(&format!("\n\n{page}"));
    let host = public_url.split("://").nth(1).unwrap_or("opentwin").trim_end_matches('/');
    let mut event = icalendar::Event::new();
    event
        .uid(&format!("seminar-{id}@{host}"))
        .summary(&title)
        .description(&description)
        .starts(view.card.starts_at)
        .ends(view.card.ends_at())
        .location(view.join_url.as_deref().unwrap_or(&page))
        .add_property("URL", &page);
    // A cancelled seminar's file says so (RFC 5545 STATUS): calendars that import it again mark or drop the event.
    if view.card.cancelled {
        event.add_property("STATUS", "CANCELLED");
    }
    let event = event.done();
    Ok(Calendar::new().name(&title).push(event).done().to_string())
}
