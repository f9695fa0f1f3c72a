//! Server side of the feature: entities, rules, queries.
use super::{MAX_PAGE_CHARS, PageSummary, PageView, PagesView};
use crate::ui::render_markdown;
use crate::{
    access::{Viewer, twinspace::{Act, SpaceResource}},
    error::{AppError, Problem},
    twinspace::{ContentMark, ssr::{Guarded, guard, names, plain_text, seen}},
};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "space_pages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub project_id: i32,
        pub author_id: i32,
        pub title: String,
        /// Markdown as written.
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub published: bool,
        pub public: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// Set when a moderator hid it: gone for everyone but its author and the space's moderators.
        pub hidden_at: Option<DateTimeUtc>,
        #[sea_orm(column_type = "Text", nullable)]
        pub hidden_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

fn summary(row: &entity::Model, author: String, mark: ContentMark) -> PageSummary {
    PageSummary {
        mark,
        id: row.id,
        title: row.title.clone(),
        author,
        published: row.published,
        public: row.public,
        updated_at: row.updated_at,
    }
}

/// The space's pages the viewer may see: published ones, plus drafts they may read (their own; all of them
/// for administrators).
pub async fn pages(db: &impl ConnectionTrait, viewer: &Viewer, project: i32) -> Result<PagesView, AppError> {
    let space = guard(db, Some(viewer), project, SpaceResource::Page, Act::Read, false).await?;
    let rows = entity::Entity::find()
        .filter(entity::Column::ProjectId.eq(project))
        .order_by_asc(entity::Column::Title)
        .order_by_asc(entity::Column::Id)
        .all(db)
        .await?;
    let rows: Vec<entity::Model> = rows
        .into_iter()
        .filter(|row| row.published || space.may(SpaceResource::Draft, Act::Read, row.author_id == viewer.id))
        .filter(|row| seen(&space, row.author_id == viewer.id, row.hidden_reason.as_ref(), row.hidden_at, false).is_some())
        .collect();
    let authors = names(db, rows.iter().map(|r| r.author_id)).await?;
    Ok(PagesView {
        may_create: space.may(SpaceResource::Page, Act::Create, false),
        space: space.overview(),
        pages: rows
            .iter()
            .map(|row| {
                let mark = seen(&space, row.author_id == viewer.id, row.hidden_reason.as_ref(), row.hidden_at, false).unwrap_or_default();
                summary(row, authors.get(&row.author_id).cloned().unwrap_or_default(), mark)
            })
            .collect(),
    })
}

/// One page. A published public page of an approved project is for everyone (it is on the public project
/// page); anything else only through the TwinSpace policy.
pub async fn page(db: &impl ConnectionTrait, viewer: Option<&Viewer>, page: i32) -> Result<PageView, AppError> {
    let row = entity::Entity::find_by_id(page).one(db).await?.ok_or(AppError::NotFound)?;
    let own = viewer.is_some_and(|v| v.id == row.author_id);
    let resource = if row.published { SpaceResource::Page } else { SpaceResource::Draft };
    let (project, space) = match guard(db, viewer, row.project_id, resource, Act::Read, own).await {
        Ok(space) => (space.project.clone(), Some(space)),
        Err(AppError::NotFound | AppError::Forbidden) if row.published && row.public && row.hidden_at.is_none() => {
            let project = crate::projects::ssr::entity::Entity::find_by_id(row.project_id).one(db).await?.ok_or(AppError::NotFound)?;
            if !project.status().approved() || !project.listed || project.hidden_at.is_some() {
                return Err(AppError::NotFound);
            }
            (project, None)
        }
        Err(AppError::Forbidden) => return Err(AppError::NotFound),
        Err(err) => return Err(err),
    };
    let mark = match &space {
        Some(space) => seen(space, own, row.hidden_reason.as_ref(), row.hidden_at, false).ok_or(AppError::NotFound)?,
        None => ContentMark::Visible,
    };
    let author_account = crate::accounts::ssr::entity::Entity::find_by_id(row.author_id).one(db).await?;
    // On the public copy, the author is named only if a teacher and the members show teachers' names; a
    // pupil is never named in public.
    let named = space.is_some() || (project.show_members && author_account.as_ref().is_some_and(|a| a.kind == crate::accounts::ssr::KIND_STAFF));
    let author = author_account.filter(|_| named).map(|a| a.display_name).unwrap_or_default();
    let may = |resource, act| space.as_ref().is_some_and(|s| s.may(resource, act, own));
    Ok(PageView {
        project_id: project.id,
        project_title: project.title.clone(),
        html: render_markdown(&row.body),
        markdown: may(SpaceResource::Page, Act::Update).then(|| row.body.clone()),
        may_delete: may(SpaceResource::Page, Act::Delete),
        may_publish: may(SpaceResource::Publication, Act::Update),
        in_space: space.is_some(),
        may_report: viewer.is_some() && !own,
        summary: summary(&row, author, mark),
    })
}

fn title(raw: &str) -> Result<String, AppError> {
    let title = plain_text("title", raw, 200)?;
    if title.contains('\n') { Err(AppError::invalid("title", Problem::TextCharacters)) } else { Ok(title) }
}

/// A new page starts as a draft.
pub async fn create(db: &impl ConnectionTrait, viewer: &Viewer, project: i32, raw_title: &str, body: &str) -> Result<i32, AppError> {
    guard(db, Some(viewer), project, SpaceResource::Page, Act::Create, false).await?;
    let now = chrono::Utc::now();
    let row = entity::ActiveModel {
        project_id: Set(project),
        author_id: Set(viewer.id),
        title: Set(title(raw_title)?),
        body: Set(plain_text("body", body, MAX_PAGE_CHARS)?),
        published: Set(false),
        public: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// A page and its space, if the viewer may do `act` to it.
async fn guarded(db: &impl ConnectionTrait, viewer: &Viewer, page: i32, resource: SpaceResource, act: Act) -> Result<(entity::Model, Guarded), AppError> {
    let row = entity::Entity::find_by_id(page).one(db).await?.ok_or(AppError::NotFound)?;
    let own = row.author_id == viewer.id;
    // A draft one may not read does not exist for them.
    if !row.published && guard(db, Some(viewer), row.project_id, SpaceResource::Draft, Act::Read, own).await.is_err() {
        return Err(AppError::NotFound);
    }
    let space = guard(db, Some(viewer), row.project_id, resource, act, own).await?;
    seen(&space, own, row.hidden_reason.as_ref(), row.hidden_at, false).ok_or(AppError::NotFound)?;
    Ok((row, space))
}

/// An edit by anyone but an administrator takes a public page back to private: what the world reads is
/// what an administrator chose to show.
pub async fn update(db: &impl ConnectionTrait, viewer: &Viewer, page: i32, raw_title: &str, body: &str) -> Result<(), AppError> {
    let (row, space) = guarded(db, viewer, page, SpaceResource::Page, Act::Update).await?;
    let administrator = space.may(SpaceResource::Publication, Act::Update, false);
    let mut row: entity::ActiveModel = row.into();
    if !administrator {
        row.public = Set(false);
    }
    row.title = Set(title(raw_title)?);
    row.body = Set(plain_text("body", body, MAX_PAGE_CHARS)?);
    row.updated_at = Set(chrono::Utc::now());
    row.update(db).await?;
    Ok(())
}

/// Returns the page's project, to go back to its list.
pub async fn delete(db: &impl ConnectionTrait, viewer: &Viewer, page: i32) -> Result<i32, AppError> {
    let (row, _) = guarded(db, viewer, page, SpaceResource::Page, Act::Delete).await?;
    crate::moderation::ssr::keep_as_evidence(db, crate::moderation::ReportKind::Page, page, row.hidden_at.is_some()).await?;
    entity::Entity::delete_by_id(page).exec(db).await?;
    Ok(row.project_id)
}

/// Administrators publish a draft (or take it back) and make it public or private. An unpublished page is
/// never public.
pub async fn set_visibility(db: &impl ConnectionTrait, viewer: &Viewer, page: i32, published: bool, public: bool) -> Result<(), AppError> {
    let (row, space) = guarded(db, viewer, page, SpaceResource::Publication, Act::Update).await?;
    let was_published = row.published;
    let mut row: entity::ActiveModel = row.into();
    row.published = Set(published);
    row.public = Set(published && public);
    row.update(db).await?;
    // A page's members hear of it when it is published (a draft is its authors' business).
    if published && !was_published {
        let link = format!("/projects/{}/space/pages/{page}", space.project.id);
        crate::twinspace::ssr::tell_members(db, &space.project, viewer.id, &link).await?;
    }
    Ok(())
}

/// Published public pages of a project, for its public page (the caller has checked the project).
/// The published pages of a project (public or not), by title: what a Quality Label application may link to.
pub async fn published_titles(db: &impl ConnectionTrait, project: i32) -> Result<Vec<(i32, String)>, AppError> {
    Ok(entity::Entity::find()
        .filter(entity::Column::ProjectId.eq(project))
        .filter(entity::Column::Published.eq(true))
        .filter(entity::Column::HiddenAt.is_null())
        .order_by_asc(entity::Column::Title)
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id, row.title))
        .collect())
}

pub async fn public_titles(db: &impl ConnectionTrait, project: i32) -> Result<Vec<(i32, String)>, AppError> {
    Ok(entity::Entity::find()
        .filter(entity::Column::ProjectId.eq(project))
        .filter(entity::Column::Published.eq(true))
        .filter(entity::Column::Public.eq(true))
        .filter(entity::Column::HiddenAt.is_null())
        .order_by_asc(entity::Column::Title)
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id, row.title))
        .collect())
}
