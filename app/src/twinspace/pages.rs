//! TwinSpace pages (activities): written in Markdown, shown as sanitised HTML. A page starts as a draft (its
//! author and the administrators see it); administrators publish it and choose whether it is public (shown on
//! the project's public page) or private to the members.
use super::SpaceOverview;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageSummary {
    pub id: i32,
    pub title: String,
    pub author: String,
    pub published: bool,
    pub public: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub mark: super::ContentMark,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PagesView {
    pub space: SpaceOverview,
    pub pages: Vec<PageSummary>,
    pub may_create: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageView {
    pub project_id: i32,
    pub project_title: String,
    pub summary: PageSummary,
    /// Rendered from Markdown and sanitised on the server: safe to insert as HTML.
    pub html: String,
    /// The Markdown, for those who may edit it.
    pub markdown: Option<String>,
    pub may_delete: bool,
    pub may_publish: bool,
    /// Signed in and not the author: may report it.
    pub may_report: bool,
    /// The viewer is inside the TwinSpace (not reading the public copy).
    pub in_space: bool,
}

pub const MAX_PAGE_CHARS: usize = 50_000;

#[server(prefix = "/api")]
pub async fn load_pages(project: i32) -> Result<PagesView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::pages(&db, &viewer, project).await.map_err(crate::error::respond_with)
}

/// Anyone may call this: a public page of an approved project is for everyone; the rest goes through the
/// TwinSpace policy.
#[server(prefix = "/api")]
pub async fn load_page(page: i32) -> Result<PageView, AppError> {
    let db = crate::db::conn()?;
    let viewer = crate::accounts::ssr::viewer_of_request(&db).await?;
    ssr::page(&db, viewer.as_ref(), page).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn create_page(project: i32, title: String, body: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let create = async |txn: &sea_orm::DatabaseTransaction| ssr::create(txn, &viewer, project, &title, &body).await;
    let id = crate::requests::ssr::once(&db, viewer.id, &request, create).await.map_err(crate::error::respond_with)?.value();
    leptos_axum::redirect(&format!("/projects/{project}/space/pages/{id}"));
    Ok(())
}

#[server(prefix = "/api")]
pub async fn update_page(page: i32, title: String, body: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::update(&db, &viewer, page, &title, &body).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn delete_page(page: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let project = ssr::delete(&db, &viewer, page).await.map_err(crate::error::respond_with)?;
    leptos_axum::redirect(&format!("/projects/{project}/space/pages"));
    Ok(())
}

/// Checkboxes: present when ticked.
#[server(prefix = "/api")]
pub async fn set_page_visibility(page: i32, #[server(default)] published: Option<String>, #[server(default)] public: Option<String>) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::set_visibility(&db, &viewer, page, published.is_some(), public.is_some()).await.map_err(crate::error::respond_with)
}

/// Markdown to HTML that cannot run anything: no scripts, no event handlers, no `javascript:` links, no
/// styles; links get `rel="noopener noreferrer nofollow"`; images only from this site.
pub fn render_markdown(markdown: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        use pulldown_cmark::{Options, Parser, html};
        let mut raw = String::with_capacity(markdown.len() * 2);
        html::push_html(&mut raw, Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH));
        ammonia::Builder::default()
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .link_rel(Some("noopener noreferrer nofollow"))
            .attribute_filter(|element, attribute, value| {
                // Pictures from elsewhere would tell other sites who reads the page.
                let this_site = crate::forms::is_same_site_path(value);
                if element == "img" && attribute == "src" && !this_site {
                    None
                } else {
                    Some(value.into())
                }
            })
            .clean(&raw)
            .to_string()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = markdown;
        String::new()
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{MAX_PAGE_CHARS, PageSummary, PageView, PagesView, render_markdown};
    use crate::{
        access::{Viewer, twinspace::{Act, SpaceResource}},
        error::{AppError, Problem},
        twinspace::{ContentMark, ssr::{guard, names, plain_text, seen}},
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

    async fn guarded(db: &impl ConnectionTrait, viewer: &Viewer, page: i32, resource: SpaceResource, act: Act) -> Result<entity::Model, AppError> {
        let row = entity::Entity::find_by_id(page).one(db).await?.ok_or(AppError::NotFound)?;
        let own = row.author_id == viewer.id;
        // A draft one may not read does not exist for them.
        if !row.published && guard(db, Some(viewer), row.project_id, SpaceResource::Draft, Act::Read, own).await.is_err() {
            return Err(AppError::NotFound);
        }
        let space = guard(db, Some(viewer), row.project_id, resource, act, own).await?;
        seen(&space, own, row.hidden_reason.as_ref(), row.hidden_at, false).ok_or(AppError::NotFound)?;
        Ok(row)
    }

    /// An edit by anyone but an administrator takes a public page back to private: what the world reads is
    /// what an administrator chose to show.
    pub async fn update(db: &impl ConnectionTrait, viewer: &Viewer, page: i32, raw_title: &str, body: &str) -> Result<(), AppError> {
        let row = guarded(db, viewer, page, SpaceResource::Page, Act::Update).await?;
        let administrator = guard(db, Some(viewer), row.project_id, SpaceResource::Publication, Act::Update, false).await.is_ok();
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
        let row = guarded(db, viewer, page, SpaceResource::Page, Act::Delete).await?;
        crate::moderation::ssr::keep_as_evidence(db, crate::moderation::ReportKind::Page, page, row.hidden_at.is_some()).await?;
        entity::Entity::delete_by_id(page).exec(db).await?;
        Ok(row.project_id)
    }

    /// Administrators publish a draft (or take it back) and make it public or private. An unpublished page is
    /// never public.
    pub async fn set_visibility(db: &impl ConnectionTrait, viewer: &Viewer, page: i32, published: bool, public: bool) -> Result<(), AppError> {
        let row = guarded(db, viewer, page, SpaceResource::Publication, Act::Update).await?;
        let mut row: entity::ActiveModel = row.into();
        row.published = Set(published);
        row.public = Set(published && public);
        row.update(db).await?;
        Ok(())
    }

    /// Published public pages of a project, for its public page (the caller has checked the project).
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
}
