//! Server side of learning events: entities, who may see, organise, enrol and take part, places and the waiting
//! list, units and their activities, progress, completion and its certificate.
use super::{Activity, DAYS, DESCRIPTION_MAX, Enrolment, MESSAGE_MAX, EventCard, EventForm, EventList, EventView, PLACES, Participant, TEXT_MAX, TITLE_MAX, UNITS_MAX, UnitPost, UnitView};
use crate::{
    access::{self, PlatformRole, Viewer},
    accounts::ssr::entity as accounts,
    certificates::{CertificateKind, ssr as certificates},
    error::{AppError, Problem},
    forms::{one_line, paragraphs, whole_number},
    twinspace::ContentMark,
    i18n::td_string,
    notifications::ssr::{Event, Mail, notify},
    throttle::ssr::{self as throttle, Limit},
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
    sea_query::{Expr, OnConflict},
};
use std::collections::HashMap;

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "learning_events")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub title: String,
        #[sea_orm(column_type = "Text")]
        pub description: String,
        pub language: String,
        pub starts_on: Date,
        pub ends_on: Date,
        pub places: i32,
        pub organiser_id: Option<i32>,
        pub theme_year: Option<i32>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod unit_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "learning_units")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub event_id: i32,
        pub position: i32,
        pub title: String,
        #[sea_orm(column_type = "Text")]
        pub instructions: String,
        pub activity: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod enrolment_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "learning_enrolments")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub event_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i32,
        /// "enrolled" or "waiting".
        pub state: String,
        pub enrolled_at: DateTimeUtc,
        pub completed_at: Option<DateTimeUtc>,
        pub certificate: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod progress_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "learning_progress")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub unit_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i32,
        pub done_at: DateTimeUtc,
        #[sea_orm(column_type = "Text", nullable)]
        pub work: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod post_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "learning_posts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub unit_id: i32,
        pub author_id: Option<i32>,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub created_at: DateTimeUtc,
        /// Hidden by a moderator (`crate::moderation`): gone for the others, shown with why to its author and the
        /// organisers.
        pub hidden_at: Option<DateTimeUtc>,
        pub hidden_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use enrolment_entity as enrolments;
use entity as events;
use post_entity as posts;
use progress_entity as progress;
use unit_entity as units;

const ENROLLED: &str = "enrolled";
const WAITING: &str = "waiting";

/// Validated teachers and the support services see learning events; pupils and teachers waiting for
/// validation do not.
fn may_see(viewer: &Viewer) -> bool {
    access::may_see_teachers(viewer)
}

/// The support services organise learning events.
pub fn may_organise(viewer: &Viewer) -> bool {
    may_see(viewer) && viewer.role != PlatformRole::Member
}

/// The organiser runs their event; the Central Support Service and administrators every one.
fn manages(viewer: &Viewer, event: &events::Model) -> bool {
    may_organise(viewer) && (event.organiser_id == Some(viewer.id) || matches!(viewer.role, PlatformRole::CssModerator | PlatformRole::Administrator))
}

/// Validated teachers take part (support staff organise), like contacts and projects.
fn may_enrol(viewer: &Viewer) -> bool {
    access::may_have_contacts(viewer)
}

/// Dates are the platform's one clock (UTC): an event runs from the start of its first day to the end of its last.
fn today(now: DateTime<Utc>) -> NaiveDate {
    now.date_naive()
}

fn started(event: &events::Model, now: DateTime<Utc>) -> bool {
    today(now) >= event.starts_on
}

fn ended(event: &events::Model, now: DateTime<Utc>) -> bool {
    today(now) > event.ends_on
}

async fn visible(db: &impl ConnectionTrait, viewer: &Viewer, id: i32) -> Result<events::Model, AppError> {
    if !may_see(viewer) {
        return Err(AppError::NotFound);
    }
    events::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// How a forum post shows to the viewer: a hidden one only to its author and the organisers, with why.
fn mark(manages: bool, viewer: &Viewer, post: &posts::Model) -> Option<ContentMark> {
    match &post.hidden_at {
        None => Some(ContentMark::Visible),
        Some(_) if manages || post.author_id == Some(viewer.id) => Some(ContentMark::Hidden { reason: post.hidden_reason.clone().unwrap_or_default() }),
        Some(_) => None,
    }
}

/// Cards for some events: three queries whatever their number.
async fn cards(db: &impl ConnectionTrait, viewer: &Viewer, rows: Vec<events::Model>) -> Result<Vec<EventCard>, AppError> {
    let ids: Vec<i32> = rows.iter().map(|e| e.id).collect();
    let counts: HashMap<(i32, String), i64> = enrolments::Entity::find()
        .select_only()
        .column(enrolments::Column::EventId)
        .column(enrolments::Column::State)
        .column_as(enrolments::Column::AccountId.count(), "n")
        .filter(enrolments::Column::EventId.is_in(ids.clone()))
        .group_by(enrolments::Column::EventId)
        .group_by(enrolments::Column::State)
        .into_tuple::<(i32, String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(event, state, n)| ((event, state), n))
        .collect();
    let mine: HashMap<i32, enrolments::Model> =
        enrolments::Entity::find().filter(enrolments::Column::EventId.is_in(ids)).filter(enrolments::Column::AccountId.eq(viewer.id)).all(db).await?.into_iter().map(|e| (e.event_id, e)).collect();
    // The viewer's place on each waiting list they are on, in the order places are given (`promote_first_waiting`).
    let waits_in: Vec<i32> = mine.values().filter(|m| m.state == WAITING).map(|m| m.event_id).collect();
    let mut places: HashMap<i32, u32> = HashMap::new();
    if !waits_in.is_empty() {
        let queues = enrolments::Entity::find()
            .select_only()
            .column(enrolments::Column::EventId)
            .column(enrolments::Column::AccountId)
            .filter(enrolments::Column::EventId.is_in(waits_in))
            .filter(enrolments::Column::State.eq(WAITING))
            .order_by_asc(enrolments::Column::EnrolledAt)
            .order_by_asc(enrolments::Column::AccountId)
            .into_tuple::<(i32, i32)>()
            .all(db)
            .await?;
        let mut ahead: HashMap<i32, u32> = HashMap::new();
        for (event, account) in queues {
            let n = ahead.entry(event).or_default();
            *n += 1;
            if account == viewer.id {
                places.insert(event, *n);
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|e| EventCard {
            id: e.id,
            enrolled_count: counts.get(&(e.id, ENROLLED.to_owned())).copied().unwrap_or(0) as u32,
            waiting_count: counts.get(&(e.id, WAITING.to_owned())).copied().unwrap_or(0) as u32,
            completed: mine.get(&e.id).is_some_and(|m| m.completed_at.is_some()),
            enrolment: mine.get(&e.id).map(|m| if m.state == ENROLLED { Enrolment::Enrolled } else { Enrolment::Waiting(places.get(&e.id).copied().unwrap_or(1)) }),
            title: e.title,
            language: e.language,
            starts_on: e.starts_on,
            ends_on: e.ends_on,
            places: e.places.max(0) as u32,
            theme_year: e.theme_year,
        })
        .collect())
}

/// Running events, those to come (soonest first) and the latest 20 past ones: their cards made at once.
pub async fn list(db: &impl ConnectionTrait, viewer: &Viewer, now: DateTime<Utc>) -> Result<EventList, AppError> {
    if !may_see(viewer) {
        return Err(AppError::NotFound);
    }
    let day = today(now);
    let running = events::Entity::find().filter(events::Column::StartsOn.lte(day)).filter(events::Column::EndsOn.gte(day)).order_by_asc(events::Column::EndsOn).limit(50).all(db).await?;
    let upcoming = events::Entity::find().filter(events::Column::StartsOn.gt(day)).order_by_asc(events::Column::StartsOn).order_by_asc(events::Column::Id).limit(50).all(db).await?;
    let past = events::Entity::find().filter(events::Column::EndsOn.lt(day)).order_by_desc(events::Column::EndsOn).order_by_desc(events::Column::Id).limit(20).all(db).await?;
    let (r, u) = (running.len(), upcoming.len());
    let mut running = cards(db, viewer, running.into_iter().chain(upcoming).chain(past).collect()).await?;
    let past = running.split_off(r + u);
    let upcoming = running.split_off(r);
    Ok(EventList { running, upcoming, past, may_organise: may_organise(viewer) })
}

/// An event's page: the programme for everyone who sees it; the units' contents for its participants (enrolled,
/// not waiting) and organisers; participants' progress and work for the organisers.
pub async fn event(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, now: DateTime<Utc>) -> Result<EventView, AppError> {
    let row = visible(db, viewer, id).await?;
    let manages = manages(viewer, &row);
    let own = enrolments::Entity::find_by_id((id, viewer.id)).one(db).await?;
    let enrolled = own.as_ref().is_some_and(|e| e.state == ENROLLED);
    let unit_rows = units::Entity::find().filter(units::Column::EventId.eq(id)).order_by_asc(units::Column::Position).order_by_asc(units::Column::Id).all(db).await?;
    let unit_ids: Vec<i32> = unit_rows.iter().map(|u| u.id).collect();
    let opened = enrolled || manages;
    let mine: HashMap<i32, progress::Model> = progress::Entity::find()
        .filter(progress::Column::UnitId.is_in(unit_ids.clone()))
        .filter(progress::Column::AccountId.eq(viewer.id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.unit_id, p))
        .collect();
    let post_rows = if opened {
        posts::Entity::find().filter(posts::Column::UnitId.is_in(unit_ids.clone())).order_by_asc(posts::Column::Id).limit(2000).all(db).await?
    } else {
        Vec::new()
    };
    let people = crate::accounts::ssr::by_ids(db, post_rows.iter().filter_map(|p| p.author_id)).await?;
    let mut by_unit: HashMap<i32, Vec<UnitPost>> = HashMap::new();
    for p in post_rows {
        let Some(mark) = mark(manages, viewer, &p) else { continue };
        by_unit.entry(p.unit_id).or_default().push(UnitPost {
            id: p.id,
            author: p.author_id.and_then(|a| people.get(&a)).map(|a| a.display_name.clone()).unwrap_or_default(),
            may_report: p.author_id != Some(viewer.id),
            body: p.body,
            at: p.created_at,
            mark,
        });
    }
    let units_shown: Vec<UnitView> = unit_rows
        .iter()
        .map(|u| UnitView {
            id: u.id,
            position: u.position.max(0) as u32,
            title: u.title.clone(),
            activity: Activity::parse(&u.activity).unwrap_or(Activity::Read),
            instructions: opened.then(|| u.instructions.clone()),
            done: mine.contains_key(&u.id),
            posts: by_unit.remove(&u.id).unwrap_or_default(),
            work: mine.get(&u.id).and_then(|p| p.work.clone()),
        })
        .collect();
    let (mut participants, mut waiting) = (Vec::new(), Vec::new());
    if manages {
        let rows = enrolments::Entity::find()
            .filter(enrolments::Column::EventId.eq(id))
            .order_by_asc(enrolments::Column::EnrolledAt)
            .order_by_asc(enrolments::Column::AccountId)
            .all(db)
            .await?;
        let accounts = crate::accounts::ssr::by_ids(db, rows.iter().map(|r| r.account_id)).await?;
        let done: Vec<progress::Model> = progress::Entity::find().filter(progress::Column::UnitId.is_in(unit_ids)).all(db).await?;
        for r in rows {
            let Some(account) = accounts.get(&r.account_id) else { continue };
            if r.state == WAITING {
                waiting.push(account.display_name.clone());
                continue;
            }
            let theirs: Vec<&progress::Model> = done.iter().filter(|p| p.account_id == r.account_id).collect();
            participants.push(Participant {
                account_id: r.account_id,
                name: account.display_name.clone(),
                country_code: account.country_code.clone(),
                done: theirs.len() as u32,
                completed: r.completed_at.is_some(),
                // In the programme's order.
                works: unit_rows.iter().filter_map(|u| Some((u.title.clone(), theirs.iter().find(|p| p.unit_id == u.id)?.work.clone()?))).collect(),
            });
        }
    }
    let organiser = match row.organiser_id {
        Some(o) => accounts::Entity::find_by_id(o).one(db).await?.map(|a| a.display_name).unwrap_or_default(),
        None => String::new(),
    };
    let (is_started, is_ended) = (started(&row, now), ended(&row, now));
    let description = row.description.clone();
    let card = cards(db, viewer, vec![row]).await?.remove(0);
    Ok(EventView {
        done_units: units_shown.iter().filter(|u| u.done).count() as u32,
        card,
        description,
        organiser,
        started: is_started,
        ended: is_ended,
        may_enrol: may_enrol(viewer) && !manages,
        active: enrolled && is_started && !is_ended,
        units: units_shown,
        certificate: own.and_then(|e| e.certificate),
        manages,
        participants,
        waiting,
    })
}


fn day(field: &str, raw: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| AppError::invalid(field, Problem::LearningEventDates { min: DAYS.0 as u32, max: DAYS.1 as u32 }))
}

/// Creates an event (support staff only); every field is checked before anything is stored. It starts after
/// today, within two years, and lasts two to four weeks.
pub async fn create(db: &impl ConnectionTrait, viewer: &Viewer, form: &EventForm, now: DateTime<Utc>) -> Result<i32, AppError> {
    if !may_organise(viewer) {
        return Err(AppError::Forbidden);
    }
    let title = one_line("title", &form.title, TITLE_MAX)?;
    let description = paragraphs("description", &form.description, DESCRIPTION_MAX)?;
    let language = form.language.trim();
    if !crate::teachers::interests::is_language(language) {
        return Err(AppError::invalid("language", Problem::ChooseLanguage));
    }
    let dates = Problem::LearningEventDates { min: DAYS.0 as u32, max: DAYS.1 as u32 };
    let starts_on = day("starts_on", &form.starts_on)?;
    if starts_on <= today(now) || starts_on > today(now) + chrono::TimeDelta::days(2 * 365) {
        return Err(AppError::invalid("starts_on", dates));
    }
    let ends_on = day("ends_on", &form.ends_on)?;
    let length = (ends_on - starts_on).num_days() + 1;
    if !(DAYS.0..=DAYS.1).contains(&length) {
        return Err(AppError::invalid("ends_on", dates));
    }
    let places = whole_number("places", &form.places, PLACES)?;
    let theme_year = crate::annual_theme::ssr::take_up(db, form.annual_theme.as_deref(), now).await?;
    let row = events::ActiveModel {
        title: Set(title),
        description: Set(description),
        language: Set(language.to_owned()),
        starts_on: Set(starts_on),
        ends_on: Set(ends_on),
        places: Set(places),
        organiser_id: Set(Some(viewer.id)),
        theme_year: Set(theme_year),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// The organiser adds a unit at the end of the programme, while the event has not started (so that no one's
/// progress changes under them).
pub async fn add_unit(db: &impl ConnectionTrait, viewer: &Viewer, event: i32, title: &str, instructions: &str, activity: &str, now: DateTime<Utc>) -> Result<i32, AppError> {
    visible(db, viewer, event).await?;
    // Locked (PostgreSQL; SQLite's write lock is already held): two units added at once get their own positions.
    let row = events::Entity::find_by_id(event).lock_exclusive().one(db).await?.ok_or(AppError::NotFound)?;
    if !manages(viewer, &row) {
        return Err(AppError::Forbidden);
    }
    if started(&row, now) {
        return Err(AppError::form(Problem::LearningEventStarted));
    }
    let title = one_line("title", title, TITLE_MAX)?;
    let instructions = paragraphs("instructions", instructions, TEXT_MAX)?;
    let activity = Activity::parse(activity.trim()).ok_or(AppError::invalid("activity", Problem::ChooseActivity))?;
    let count = units::Entity::find().filter(units::Column::EventId.eq(event)).count(db).await?;
    if count >= UNITS_MAX {
        return Err(AppError::invalid("title", Problem::TooManyUnits { max: UNITS_MAX as u32 }));
    }
    let unit = units::ActiveModel {
        event_id: Set(event),
        position: Set(count as i32 + 1),
        title: Set(title),
        instructions: Set(instructions),
        activity: Set(activity.as_str().to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(unit.id)
}

/// A unit its event's organiser may still change: the event has not started (so that no one's progress changes
/// under them). Called inside a transaction: the event's row is locked (PostgreSQL; SQLite's write lock is already
/// held) and the unit read again under the lock, so two changes at once (a double click on "Delete") see each
/// other's result and positions stay one to n.
async fn changeable_unit(db: &impl ConnectionTrait, viewer: &Viewer, unit: i32, now: DateTime<Utc>) -> Result<units::Model, AppError> {
    if !may_see(viewer) {
        return Err(AppError::NotFound);
    }
    let event_id = units::Entity::find_by_id(unit).one(db).await?.ok_or(AppError::NotFound)?.event_id;
    let event = events::Entity::find_by_id(event_id).lock_exclusive().one(db).await?.ok_or(AppError::NotFound)?;
    if !manages(viewer, &event) {
        return Err(AppError::Forbidden);
    }
    if started(&event, now) {
        return Err(AppError::form(Problem::LearningEventStarted));
    }
    units::Entity::find_by_id(unit).one(db).await?.ok_or(AppError::NotFound)
}

/// The organiser corrects a unit (title, instructions, activity) while the event has not started; every field is
/// checked before anything is stored.
pub async fn edit_unit(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    unit: i32,
    title: &str,
    instructions: &str,
    activity: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = crate::db::begin(db).await?;
    let found = changeable_unit(&txn, viewer, unit, now).await?;
    let title = one_line("title", title, TITLE_MAX)?;
    let instructions = paragraphs("instructions", instructions, TEXT_MAX)?;
    let activity = Activity::parse(activity.trim()).ok_or(AppError::invalid("activity", Problem::ChooseActivity))?;
    units::ActiveModel { id: Set(found.id), title: Set(title), instructions: Set(instructions), activity: Set(activity.as_str().to_owned()), ..Default::default() }
        .update(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The organiser removes a unit while the event has not started; the units after it move up one place. What was
/// written in it before the start (the organiser's own forum posts) goes with it.
pub async fn remove_unit(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, unit: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    // Here only: its `max` would shadow `Ord::max` on plain numbers in the rest of the module.
    use sea_orm::sea_query::ExprTrait;
    let txn = crate::db::begin(db).await?;
    let found = changeable_unit(&txn, viewer, unit, now).await?;
    posts::Entity::delete_many().filter(posts::Column::UnitId.eq(found.id)).exec(&txn).await?;
    progress::Entity::delete_many().filter(progress::Column::UnitId.eq(found.id)).exec(&txn).await?;
    units::Entity::delete_by_id(found.id).exec(&txn).await?;
    units::Entity::update_many()
        .col_expr(units::Column::Position, Expr::col(units::Column::Position).sub(1))
        .filter(units::Column::EventId.eq(found.event_id))
        .filter(units::Column::Position.gt(found.position))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Messages the organisers may send to one event's participants in a day: announcements, not a conversation.
pub const MESSAGES_PER_DAY: Limit = Limit { max: 10, window: chrono::TimeDelta::days(1) };

/// The organiser writes to every enrolled participant (not those waiting) until the event ends: a line in each
/// one's notification centre with the message under it, and a mail in their language as they chose. Answers how
/// many were told. Runs inside the caller's transaction (`requests::ssr::once`: a form sent twice tells nobody
/// twice).
pub async fn message_participants(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    event: i32,
    message: &str,
    now: DateTime<Utc>,
    public_url: &str,
) -> Result<u32, AppError> {
    let row = visible(db, viewer, event).await?;
    if !manages(viewer, &row) {
        return Err(AppError::Forbidden);
    }
    if ended(&row, now) {
        return Err(AppError::invalid("message", Problem::LearningEventOver));
    }
    let message = paragraphs("message", message, MESSAGE_MAX)?;
    throttle::hit(db, &format!("learning-event-message:{event}"), MESSAGES_PER_DAY).await?;
    let enrolled: Vec<i32> = enrolments::Entity::find()
        .select_only()
        .column(enrolments::Column::AccountId)
        .filter(enrolments::Column::EventId.eq(event))
        .filter(enrolments::Column::State.eq(ENROLLED))
        .into_tuple::<i32>()
        .all(db)
        .await?;
    let people = accounts::Entity::find().filter(accounts::Column::Id.is_in(enrolled)).all(db).await?;
    let link = format!("/learning-events/{event}");
    for person in &people {
        let locale = person.locale();
        let mail = Mail {
            subject: td_string!(locale, mail_learning_event_message_subject, title = row.title.as_str()).to_string(),
            body: td_string!(locale, mail_learning_event_message_body, name = person.display_name.as_str(), title = row.title.as_str(), message = message.as_str(), url = public_url, id = event)
                .to_string(),
        };
        notify(db, person, Event::LearningEventMessage { title: &row.title, message: &message }, &link, Some(mail)).await?;
    }
    Ok(people.len() as u32)
}

/// Enrols the viewer until the event ends: a place while one is left, else the waiting list. Leaving frees the
/// place for the first person waiting, who is told. The event's row is locked meanwhile (PostgreSQL; SQLite's
/// write lock is already held), so places are counted once. Someone who completed it keeps it (and their
/// certificate).
pub async fn enrol(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, id: i32, enrol: bool, now: DateTime<Utc>) -> Result<(), AppError> {
    if !may_see(viewer) {
        return Err(AppError::NotFound);
    }
    let txn = crate::db::begin(db).await?;
    let row = events::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or(AppError::NotFound)?;
    if !may_enrol(viewer) || manages(viewer, &row) {
        return Err(AppError::Forbidden);
    }
    if ended(&row, now) {
        return Err(AppError::invalid("event", Problem::LearningEventOver));
    }
    let existing = enrolments::Entity::find_by_id((id, viewer.id)).one(&txn).await?;
    match (enrol, existing) {
        (true, Some(_)) | (false, None) => {}
        (true, None) => {
            let taken = enrolments::Entity::find().filter(enrolments::Column::EventId.eq(id)).filter(enrolments::Column::State.eq(ENROLLED)).count(&txn).await?;
            let state = if taken < row.places.max(0) as u64 { ENROLLED } else { WAITING };
            enrolments::ActiveModel {
                event_id: Set(id),
                account_id: Set(viewer.id),
                state: Set(state.to_owned()),
                enrolled_at: Set(now),
                completed_at: Set(None),
                certificate: Set(None),
            }
            .insert(&txn)
            .await?;
        }
        (false, Some(mine)) => {
            if mine.completed_at.is_some() {
                return Err(AppError::invalid("event", Problem::LearningEventCompleted));
            }
            enrolments::Entity::delete_by_id((id, viewer.id)).exec(&txn).await?;
            let unit_ids = units::Entity::find().select_only().column(units::Column::Id).filter(units::Column::EventId.eq(id)).into_tuple::<i32>().all(&txn).await?;
            progress::Entity::delete_many().filter(progress::Column::UnitId.is_in(unit_ids)).filter(progress::Column::AccountId.eq(viewer.id)).exec(&txn).await?;
            if mine.state == ENROLLED {
                promote_first_waiting(&txn, &row).await?;
            }
        }
    }
    txn.commit().await?;
    Ok(())
}

/// The first person on the waiting list (who is still a validated teacher) takes the freed place, and is told.
async fn promote_first_waiting(db: &impl ConnectionTrait, event: &events::Model) -> Result<(), AppError> {
    let queue = enrolments::Entity::find()
        .filter(enrolments::Column::EventId.eq(event.id))
        .filter(enrolments::Column::State.eq(WAITING))
        .order_by_asc(enrolments::Column::EnrolledAt)
        .order_by_asc(enrolments::Column::AccountId)
        .all(db)
        .await?;
    for waiting in queue {
        let Some(person) = accounts::Entity::find_by_id(waiting.account_id).filter(access::ssr::publicly_visible_teachers()).one(db).await? else { continue };
        enrolments::Entity::update_many()
            .col_expr(enrolments::Column::State, Expr::value(ENROLLED))
            .filter(enrolments::Column::EventId.eq(event.id))
            .filter(enrolments::Column::AccountId.eq(person.id))
            .exec(db)
            .await?;
        notify(db, &person, Event::LearningEventPlace { title: &event.title }, &format!("/learning-events/{}", event.id), None).await?;
        return Ok(());
    }
    Ok(())
}

/// A unit the viewer may work on now: they are enrolled (not waiting) and the event is running.
async fn workable(db: &impl ConnectionTrait, viewer: &Viewer, unit: i32, now: DateTime<Utc>) -> Result<(events::Model, units::Model), AppError> {
    if !may_see(viewer) {
        return Err(AppError::NotFound);
    }
    let unit = units::Entity::find_by_id(unit).one(db).await?.ok_or(AppError::NotFound)?;
    let event = visible(db, viewer, unit.event_id).await?;
    let enrolled = enrolments::Entity::find_by_id((event.id, viewer.id)).one(db).await?.is_some_and(|e| e.state == ENROLLED);
    if !enrolled || !may_enrol(viewer) {
        return Err(AppError::Forbidden);
    }
    if !started(&event, now) || ended(&event, now) {
        return Err(AppError::invalid("unit", Problem::LearningEventNotRunning));
    }
    Ok((event, unit))
}

/// Records a unit as done (again: the work is replaced, the first time kept).
async fn record(db: &impl ConnectionTrait, unit: i32, account: i32, work: Option<String>, now: DateTime<Utc>) -> Result<(), AppError> {
    let mut upsert = OnConflict::columns([progress::Column::UnitId, progress::Column::AccountId]);
    if work.is_some() {
        upsert.update_column(progress::Column::Work);
    } else {
        upsert.do_nothing();
    }
    let row = progress::ActiveModel { unit_id: Set(unit), account_id: Set(account), done_at: Set(now), work: Set(work) };
    match progress::Entity::insert(row).on_conflict(upsert).exec_without_returning(db).await {
        Ok(_) | Err(sea_orm::DbErr::RecordNotInserted) => Ok(()),
        Err(err) => Err(err.into()),
    }
}

/// When the participant has done every unit: completion, the certificate (issued once, in the name of the
/// organiser's support organisation) and a line in their notification centre.
async fn complete_if_done(db: &impl ConnectionTrait, event: &events::Model, account: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    let unit_ids = units::Entity::find().select_only().column(units::Column::Id).filter(units::Column::EventId.eq(event.id)).into_tuple::<i32>().all(db).await?;
    let done = progress::Entity::find().filter(progress::Column::UnitId.is_in(unit_ids.clone())).filter(progress::Column::AccountId.eq(account)).count(db).await?;
    if unit_ids.is_empty() || done < unit_ids.len() as u64 {
        return Ok(());
    }
    // Claimed first: two last units done at once issue one certificate.
    let claimed = enrolments::Entity::update_many()
        .col_expr(enrolments::Column::CompletedAt, Expr::value(now))
        .filter(enrolments::Column::EventId.eq(event.id))
        .filter(enrolments::Column::AccountId.eq(account))
        .filter(enrolments::Column::CompletedAt.is_null())
        .exec(db)
        .await?;
    if claimed.rows_affected == 0 {
        return Ok(());
    }
    let person = accounts::Entity::find_by_id(account).one(db).await?.ok_or(AppError::NotFound)?;
    let organiser = match event.organiser_id {
        Some(organiser) => accounts::Entity::find_by_id(organiser).one(db).await?,
        None => None,
    };
    let country = organiser.filter(|o| o.platform_role == PlatformRole::NsoModerator.as_str()).and_then(|o| o.country_code);
    let year = chrono::Datelike::year(&event.ends_on);
    let code = certificates::issue_as(db, CertificateKind::LearningEvent, person.id, &person.display_name, None, year, country.as_deref(), &event.title).await?;
    enrolments::Entity::update_many()
        .col_expr(enrolments::Column::Certificate, Expr::value(code))
        .filter(enrolments::Column::EventId.eq(event.id))
        .filter(enrolments::Column::AccountId.eq(account))
        .exec(db)
        .await?;
    notify(db, &person, Event::LearningEventCompleted { title: &event.title }, &format!("/learning-events/{}", event.id), None).await?;
    Ok(())
}

pub async fn mark_read(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, unit: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    let txn = crate::db::begin(db).await?;
    let (event, unit) = workable(&txn, viewer, unit, now).await?;
    if unit.activity != Activity::Read.as_str() {
        return Err(AppError::Forbidden);
    }
    record(&txn, unit.id, viewer.id, None, now).await?;
    complete_if_done(&txn, &event, viewer.id, now).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn submit(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, unit: i32, work: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    let txn = crate::db::begin(db).await?;
    let (event, unit) = workable(&txn, viewer, unit, now).await?;
    if unit.activity != Activity::Submit.as_str() {
        return Err(AppError::Forbidden);
    }
    let work = paragraphs("work", work, TEXT_MAX)?;
    record(&txn, unit.id, viewer.id, Some(work), now).await?;
    complete_if_done(&txn, &event, viewer.id, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Writes in a "discuss" unit's forum: a participant (which does the unit) or an organiser (who leads it).
pub async fn post(db: &impl ConnectionTrait, viewer: &Viewer, unit: i32, body: &str, now: DateTime<Utc>) -> Result<i32, AppError> {
    let found = units::Entity::find_by_id(unit).one(db).await?.ok_or(AppError::NotFound)?;
    let event = visible(db, viewer, found.event_id).await?;
    let leads = manages(viewer, &event);
    if !leads {
        workable(db, viewer, unit, now).await?;
    } else if ended(&event, now) {
        return Err(AppError::invalid("unit", Problem::LearningEventNotRunning));
    }
    if found.activity != Activity::Discuss.as_str() {
        return Err(AppError::Forbidden);
    }
    let body = paragraphs("body", body, TEXT_MAX)?;
    let row = posts::ActiveModel { unit_id: Set(unit), author_id: Set(Some(viewer.id)), body: Set(body), created_at: Set(now), ..Default::default() }.insert(db).await?;
    if !leads {
        record(db, unit, viewer.id, None, now).await?;
        complete_if_done(db, &event, viewer.id, now).await?;
    }
    Ok(row.id)
}

// ---------------------------------------------------------------------------------------------------------
// Reports on forum posts (`moderation` files and decides them; the event answers what it knows)

/// A reported forum post as the moderation queue needs it.
pub struct ReportedPost {
    pub author: Option<i32>,
    pub hidden: bool,
    pub text: String,
    pub link: String,
    /// The country whose support organisation runs the event (none: the Central Support Service).
    pub organised_by: Option<String>,
}

pub async fn reported(db: &impl ConnectionTrait, post: i32) -> Result<Option<ReportedPost>, AppError> {
    let Some(row) = posts::Entity::find_by_id(post).one(db).await? else { return Ok(None) };
    let Some(unit) = units::Entity::find_by_id(row.unit_id).one(db).await? else { return Ok(None) };
    let Some(event) = events::Entity::find_by_id(unit.event_id).one(db).await? else { return Ok(None) };
    let organiser = match event.organiser_id {
        Some(organiser) => accounts::Entity::find_by_id(organiser).one(db).await?,
        None => None,
    };
    Ok(Some(ReportedPost {
        author: row.author_id,
        hidden: row.hidden_at.is_some(),
        text: row.body,
        link: format!("/learning-events/{}#learning-post-{}", event.id, row.id),
        organised_by: organiser.filter(|o| o.platform_role == PlatformRole::NsoModerator.as_str()).and_then(|o| o.country_code),
    }))
}

/// Whether the viewer reads this post where it is (the same answer as the event's page gives).
pub async fn may_read_post(db: &impl ConnectionTrait, viewer: &Viewer, post: i32) -> Result<bool, AppError> {
    let Some(row) = posts::Entity::find_by_id(post).one(db).await? else { return Ok(false) };
    let Some(unit) = units::Entity::find_by_id(row.unit_id).one(db).await? else { return Ok(false) };
    match event(db, viewer, unit.event_id, Utc::now()).await {
        Ok(view) => Ok(view.units.iter().any(|u| u.posts.iter().any(|p| p.id == post))),
        Err(AppError::NotFound | AppError::Forbidden) => Ok(false),
        Err(err) => Err(err),
    }
}

/// A moderator deletes a reported post. The unit stays done for its author: they took part.
pub async fn delete_post(db: &impl ConnectionTrait, post: i32) -> Result<(), AppError> {
    posts::Entity::delete_by_id(post).exec(db).await?;
    Ok(())
}
