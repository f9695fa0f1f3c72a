//! Rules and queries of the directory, profiles and contacts. Every function takes the viewer and asks
//! `access` first; a teacher the viewer may not see does not exist for them.
use super::{
    ContactBook, ContactState, IncomingRequest, TeacherCard, TeacherProfile,
    interests::{self, AGE_RANGES, Interests, InterestsForm, SUBJECTS, THEMES},
};
use crate::{
    access::{self, Viewer, ssr::publicly_visible_teachers},
    accounts::{rules, ssr::entity as accounts},
    error::{AppError, Problem},
    notifications::ssr::{Event, Mail, notify},
    schools::ssr::entity as schools,
    throttle::ssr as throttle,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;

const PENDING: &str = "pending";
const ACCEPTED: &str = "accepted";
const DECLINED: &str = "declined";

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "contacts")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub requester_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub addressee_id: i32,
        pub status: String,
        pub message: Option<String>,
        pub created_at: DateTimeUtc,
        pub responded_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod interest_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "teacher_interests")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i32,
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
        pub updated_at: DateTimeUtc,
        pub taught_subjects: i64,
        pub taught_ages: i64,
        pub spoken_languages: i64,
        /// Country codes separated by commas.
        pub preferred_countries: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

fn to_interests(row: Option<interest_entity::Model>) -> Interests {
    let Some(row) = row else { return Interests::default() };
    let owned = |list: Vec<&str>| list.into_iter().map(str::to_owned).collect();
    Interests {
        subjects: owned(interests::entries(SUBJECTS.iter().copied(), row.subjects)),
        age_ranges: owned(interests::entries(AGE_RANGES.iter().copied(), row.age_ranges)),
        languages: owned(interests::entries(interests::language_keys(), row.languages)),
        themes: owned(interests::entries(THEMES.iter().copied(), row.themes)),
        taught_subjects: owned(interests::entries(SUBJECTS.iter().copied(), row.taught_subjects)),
        taught_ages: owned(interests::entries(AGE_RANGES.iter().copied(), row.taught_ages)),
        spoken_languages: owned(interests::entries(interests::language_keys(), row.spoken_languages)),
        preferred_countries: row.preferred_countries.split(',').filter(|code| !code.is_empty()).map(str::to_owned).collect(),
        introduction: row.introduction,
        project_idea: row.project_idea,
        open_to_plus: row.open_to_plus,
        looking_now: row.looking_now,
    }
}

/// Anyone signed in (pending and rejected people too) may fill in their own interests; others see them once
/// the person is a visible teacher (through `profile`).
pub async fn my_interests(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Interests, AppError> {
    Ok(to_interests(interest_entity::Entity::find_by_id(viewer.id).one(db).await?))
}

/// Saves "My interests". Ticked boxes that are not on the lists are ignored: nothing unknown is stored.
pub async fn save_interests(db: &impl ConnectionTrait, viewer: &Viewer, form: &InterestsForm) -> Result<(), AppError> {
    if !access::may_describe_interests(viewer) {
        return Err(AppError::NotFound);
    }
    let introduction = rules::short_text("introduction", &form.introduction, 2000, false)?;
    let project_idea = rules::short_text("project_idea", &form.project_idea, 1000, false)?;
    let row = interest_entity::ActiveModel {
        account_id: Set(viewer.id),
        introduction: Set(introduction),
        project_idea: Set(project_idea),
        subjects: Set(interests::mask(SUBJECTS.iter().copied(), |k| form.subjects.contains_key(k))),
        age_ranges: Set(interests::mask(AGE_RANGES.iter().copied(), |k| form.age_ranges.contains_key(k))),
        languages: Set(interests::mask(interests::language_keys(), |k| form.languages.contains_key(k))),
        themes: Set(interests::mask(THEMES.iter().copied(), |k| form.themes.contains_key(k))),
        open_to_plus: Set(!form.open_to_plus.is_empty()),
        looking_now: Set(!form.looking_now.is_empty()),
        updated_at: Set(chrono::Utc::now()),
        taught_subjects: Set(interests::mask(SUBJECTS.iter().copied(), |k| form.taught_subjects.contains_key(k))),
        taught_ages: Set(interests::mask(AGE_RANGES.iter().copied(), |k| form.taught_ages.contains_key(k))),
        spoken_languages: Set(interests::mask(interests::language_keys(), |k| form.spoken_languages.contains_key(k))),
        // Only codes of the reference list, in its order.
        preferred_countries: Set(crate::countries::COUNTRIES
            .iter()
            .filter(|(code, ..)| form.preferred_countries.contains_key(*code))
            .map(|(code, ..)| *code)
            .collect::<Vec<_>>()
            .join(",")),
    };
    interest_entity::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(interest_entity::Column::AccountId)
                .update_columns([
                    interest_entity::Column::Introduction,
                    interest_entity::Column::ProjectIdea,
                    interest_entity::Column::Subjects,
                    interest_entity::Column::AgeRanges,
                    interest_entity::Column::Languages,
                    interest_entity::Column::Themes,
                    interest_entity::Column::OpenToPlus,
                    interest_entity::Column::LookingNow,
                    interest_entity::Column::UpdatedAt,
                    interest_entity::Column::TaughtSubjects,
                    interest_entity::Column::TaughtAges,
                    interest_entity::Column::SpokenLanguages,
                    interest_entity::Column::PreferredCountries,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    crate::partners::ssr::index::touch(db, viewer.id).await?;
    crate::partners::ssr::index::refresh(db, viewer.id).await?;
    Ok(())
}

/// Where a person's picture is served, versioned by when it was replaced so that browsers fetch a new one.
fn picture_url(person: &accounts::Model) -> Option<String> {
    person.picture_at.map(|at| format!("/pictures/{}?v={}", person.id, at.timestamp()))
}

/// The picture address of any account (the viewer's own, say), visible or not.
pub async fn picture_of(db: &impl ConnectionTrait, account_id: i32) -> Result<Option<String>, AppError> {
    let person = accounts::Entity::find_by_id(account_id).one(db).await?;
    Ok(person.and_then(|person| picture_url(&person)))
}

/// Cards for accounts, in the given order, keeping only publicly visible teachers. Three queries, whatever the
/// number of teachers.
pub async fn cards(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Vec<TeacherCard>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let people: HashMap<i32, accounts::Model> = accounts::Entity::find()
        .filter(publicly_visible_teachers())
        .filter(accounts::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|person| (person.id, person))
        .collect();
    let school_ids: Vec<i32> = people.values().filter_map(|p| p.school_id).collect();
    let schools: HashMap<i32, schools::Model> =
        schools::Entity::find().filter(schools::Column::Id.is_in(school_ids)).all(db).await?.into_iter().map(|s| (s.id, s)).collect();
    let labels = crate::certificates::ssr::labels_held(db, ids).await?;
    let this_year = crate::db::this_year();
    Ok(ids
        .iter()
        .filter_map(|id| people.get(id))
        .map(|person| {
            let school = person.school_id.and_then(|id| schools.get(&id));
            let country_code = person.country_code.clone().unwrap_or_default();
            TeacherCard {
                id: person.id,
                display_name: person.display_name.clone(),
                school_name: school.map(|s| s.name.clone()).unwrap_or_default(),
                city: school.map(|s| s.city.clone()).unwrap_or_default(),
                country_code,
                picture: picture_url(person),
                quality_labels: labels.get(&person.id).copied().unwrap_or(0),
                school_label_until: school.and_then(|s| crate::schools::ssr::label_valid_until(s, this_year)),
            }
        })
        .collect())
}

/// The row between two people, in either direction.
async fn link(db: &impl ConnectionTrait, a: i32, b: i32) -> Result<Option<entity::Model>, AppError> {
    Ok(entity::Entity::find()
        .filter(
            Condition::any()
                .add(Condition::all().add(entity::Column::RequesterId.eq(a)).add(entity::Column::AddresseeId.eq(b)))
                .add(Condition::all().add(entity::Column::RequesterId.eq(b)).add(entity::Column::AddresseeId.eq(a))),
        )
        .one(db)
        .await?)
}

/// Whether two people are contacts (an accepted request either way): projects invite only contacts.
pub async fn are_contacts(db: &impl ConnectionTrait, a: i32, b: i32) -> Result<bool, AppError> {
    Ok(link(db, a, b).await?.is_some_and(|row| row.status == ACCEPTED))
}

fn state(viewer: i32, row: Option<&entity::Model>) -> ContactState {
    match row {
        None => ContactState::None,
        Some(row) if row.status == ACCEPTED => ContactState::Contacts,
        Some(row) if row.requester_id == viewer && row.status == PENDING => ContactState::RequestSent,
        Some(row) if row.requester_id == viewer => ContactState::Declined,
        Some(row) if row.status == PENDING => ContactState::RequestReceived,
        // The viewer declined them once: as if nothing had happened, so the viewer may still ask.
        Some(_) => ContactState::None,
    }
}

pub async fn profile(db: &impl ConnectionTrait, viewer: &Viewer, id: i32) -> Result<TeacherProfile, AppError> {
    if !access::may_see_teachers(viewer) && viewer.id != id {
        return Err(AppError::NotFound);
    }
    let card = cards(db, &[id]).await?.into_iter().next().ok_or(AppError::NotFound)?;
    let person = accounts::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let contact = if viewer.id == id { ContactState::Yourself } else { state(viewer.id, link(db, viewer.id, id).await?.as_ref()) };
    let interests = to_interests(interest_entity::Entity::find_by_id(id).one(db).await?);
    let recognition = crate::certificates::ssr::held_by(db, id)
        .await?
        .into_iter()
        .filter(|c| c.kind != crate::certificates::CertificateKind::SchoolLabel)
        .collect();
    Ok(TeacherProfile {
        recognition,
        card,
        staff_role: person.staff_role,
        contact,
        viewer_has_contacts: access::may_have_contacts(viewer),
        interests,
    })
}

/// Asks a teacher to become a contact, with an optional note. If they had already asked the viewer, this
/// accepts their request instead.
pub async fn send_request(db: &impl ConnectionTrait, viewer: &Viewer, to: i32, message: &str, public_url: &str) -> Result<(), AppError> {
    if !access::may_have_contacts(viewer) {
        return Err(AppError::NotFound);
    }
    if to == viewer.id {
        return Err(AppError::form(Problem::CannotContactSelf));
    }
    let addressee = accounts::Entity::find_by_id(to)
        .filter(publicly_visible_teachers())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let message = rules::short_text("message", message, 500, false)?;
    throttle::hit(db, &format!("contact-request:{}", viewer.id), throttle::CONTACT_REQUESTS_PER_ACCOUNT).await?;
    let now = chrono::Utc::now();
    match link(db, viewer.id, to).await? {
        Some(row) if row.status == ACCEPTED => return Err(AppError::form(Problem::AlreadyContacts)),
        Some(row) if row.requester_id == viewer.id && row.status == PENDING => {
            return Err(AppError::form(Problem::AlreadyRequested));
        }
        Some(row) if row.requester_id == viewer.id => return Err(AppError::form(Problem::RequestDeclined)),
        Some(row) if row.status == PENDING => {
            let mut row: entity::ActiveModel = row.into();
            row.status = Set(ACCEPTED.to_owned());
            row.responded_at = Set(Some(now));
            row.update(db).await?;
            return Ok(());
        }
        Some(row) => {
            // The viewer had declined them; now the viewer asks in turn.
            entity::Entity::delete_by_id((row.requester_id, row.addressee_id)).exec(db).await?;
        }
        None => {}
    }
    entity::ActiveModel {
        requester_id: Set(viewer.id),
        addressee_id: Set(to),
        status: Set(PENDING.to_owned()),
        message: Set((!message.is_empty()).then_some(message)),
        created_at: Set(now),
        responded_at: Set(None),
    }
    .insert(db)
    .await?;
    {
        // The addressee hears of it in their notification centre, and by mail as they chose.
        use crate::i18n::td_string;
        let to = addressee.locale();
        let body = td_string!(
            to,
            mail_contact_body,
            name = addressee.display_name.as_str(),
            from = viewer.display_name.as_str(),
            url = public_url
        )
        .to_string();
        let mail = Mail { subject: td_string!(to, mail_contact_subject).to_string(), body };
        notify(db, &addressee, Event::ContactRequest { from: &viewer.display_name }, "/contacts", Some(mail)).await?;
    }
    Ok(())
}

pub async fn answer(db: &impl ConnectionTrait, viewer: &Viewer, from: i32, accept: bool) -> Result<(), AppError> {
    if !access::may_have_contacts(viewer) {
        return Err(AppError::NotFound);
    }
    let row = entity::Entity::find_by_id((from, viewer.id))
        .filter(entity::Column::Status.eq(PENDING))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut row: entity::ActiveModel = row.into();
    row.status = Set(if accept { ACCEPTED } else { DECLINED }.to_owned());
    row.responded_at = Set(Some(chrono::Utc::now()));
    row.update(db).await?;
    // The one who asked hears of a yes; a no is not announced.
    if accept && let Some(requester) = accounts::Entity::find_by_id(from).one(db).await? {
        notify(db, &requester, Event::ContactAccepted { from: &viewer.display_name }, "/contacts", None).await?;
    }
    Ok(())
}

/// Ends a contact, or withdraws a request the viewer sent.
pub async fn remove(db: &impl ConnectionTrait, viewer: &Viewer, other: i32) -> Result<(), AppError> {
    if !access::may_have_contacts(viewer) {
        return Err(AppError::NotFound);
    }
    let row = link(db, viewer.id, other).await?.ok_or(AppError::NotFound)?;
    let removable = row.status == ACCEPTED || (row.requester_id == viewer.id && row.status == PENDING);
    if !removable {
        return Err(AppError::NotFound);
    }
    entity::Entity::delete_by_id((row.requester_id, row.addressee_id)).exec(db).await?;
    Ok(())
}

/// The viewer's contacts, requests to answer, and requests waiting for others. People who are no longer visible
/// (suspended, say) drop out of every list.
pub async fn book(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<ContactBook, AppError> {
    if !access::may_have_contacts(viewer) {
        return Ok(ContactBook::default());
    }
    let rows = entity::Entity::find()
        .filter(Condition::any().add(entity::Column::RequesterId.eq(viewer.id)).add(entity::Column::AddresseeId.eq(viewer.id)))
        .order_by_asc(entity::Column::CreatedAt)
        .all(db)
        .await?;
    let other = |row: &entity::Model| if row.requester_id == viewer.id { row.addressee_id } else { row.requester_id };
    let ids: Vec<i32> = rows.iter().map(other).collect();
    let cards: HashMap<i32, TeacherCard> = cards(db, &ids).await?.into_iter().map(|card| (card.id, card)).collect();
    let mut book = ContactBook::default();
    for row in &rows {
        let Some(card) = cards.get(&other(row)).cloned() else { continue };
        match state(viewer.id, Some(row)) {
            ContactState::Contacts => book.contacts.push(card),
            ContactState::RequestReceived => book.incoming.push(IncomingRequest { from: card, message: row.message.clone() }),
            ContactState::RequestSent => book.outgoing.push(card),
            _ => {}
        }
    }
    book.contacts.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    Ok(book)
}

/// The accounts a person is contacts with (accepted either way), visible or not.
pub async fn contact_ids(db: &impl ConnectionTrait, account: i32) -> Result<Vec<i32>, AppError> {
    let rows = entity::Entity::find()
        .filter(Condition::any().add(entity::Column::RequesterId.eq(account)).add(entity::Column::AddresseeId.eq(account)))
        .filter(entity::Column::Status.eq(ACCEPTED))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|row| if row.requester_id == account { row.addressee_id } else { row.requester_id }).collect())
}
