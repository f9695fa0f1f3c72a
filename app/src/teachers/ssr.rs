//! Rules and queries of the directory, profiles and contacts. Every function takes the viewer and asks
//! `access` first; a teacher the viewer may not see does not exist for them.
use super::{ContactBook, ContactState, IncomingRequest, TeacherCard, TeacherProfile};
use crate::{
    access::{self, Viewer, ssr::publicly_visible_teachers},
    accounts::{rules, ssr::entity as accounts},
    countries::ssr::entity as countries,
    error::{AppError, Problem},
    mail::ssr as mail,
    schools::ssr::entity as schools,
    throttle::ssr as throttle,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, ExprTrait, Func},
};
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

/// Cards for accounts, in the given order, keeping only publicly visible teachers. Three queries, whatever the
/// number of teachers.
async fn cards(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Vec<TeacherCard>, AppError> {
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
    let countries: HashMap<String, String> =
        countries::Entity::find().all(db).await?.into_iter().map(|c| (c.code, c.name)).collect();
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
                country_name: countries.get(&country_code).cloned().unwrap_or_default(),
                country_code,
            }
        })
        .collect())
}

/// The directory: visible teachers, optionally of one country and whose name contains the text; 50 at most.
pub async fn find(db: &impl ConnectionTrait, viewer: &Viewer, country: &str, name: &str) -> Result<Vec<TeacherCard>, AppError> {
    if !access::may_see_teachers(viewer) {
        return Err(AppError::NotFound);
    }
    let mut query = accounts::Entity::find()
        .select_only()
        .column(accounts::Column::Id)
        .filter(publicly_visible_teachers())
        .filter(accounts::Column::Id.ne(viewer.id))
        .order_by_asc(accounts::Column::DisplayName)
        .limit(50);
    let country = country.trim().to_uppercase();
    if !country.is_empty() {
        query = query.filter(accounts::Column::CountryCode.eq(country));
    }
    let name: String = name.trim().chars().take(100).collect();
    if !name.is_empty() {
        let lower_name = Expr::expr(Func::lower(Expr::col(accounts::Column::DisplayName)));
        query = query.filter(Condition::all().add(lower_name.like(crate::db::contains_pattern(&name))));
    }
    let ids: Vec<i32> = query.into_tuple().all(db).await?;
    cards(db, &ids).await
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
    Ok(TeacherProfile { card, staff_role: person.staff_role, contact, viewer_has_contacts: access::may_have_contacts(viewer) })
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
    if let Some(email) = addressee.email {
        mail::enqueue(
            db,
            &email,
            "A teacher wants to add you as a contact",
            &format!(
                "Hello {},\n\n{} would like to add you as a contact on OpenTwin. Answer at {public_url}/contacts\n",
                addressee.display_name, viewer.display_name
            ),
        )
        .await?;
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
    Ok(())
}

/// Ends a contact, or withdraws a request the viewer sent.
pub async fn remove(db: &impl ConnectionTrait, viewer: &Viewer, other: i32) -> Result<(), AppError> {
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
