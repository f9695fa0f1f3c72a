//! Server side of the TwinSpace. `guard` is the door every function goes through: it loads the project, works
//! out how the viewer stands towards it and asks `access::twinspace::may`. Those who may not even read the
//! space learn nothing (404); a member guessing the address of something they may not read gets 404 too; a
//! member trying to change what they may not change gets 403.
use super::{
    BOARD_PAGE_SIZE, Board, CommentView, ContentMark, Invited, MAX_PUPILS_AT_ONCE, Member, MembersView, PostView, PublicSettings, PupilLogin, PupilRow, PupilsView,
    SpaceOverview,
};
use crate::{
    access::{
        self, Viewer,
        ssr::publicly_visible_teachers,
        twinspace::{Act, SpaceResource, SpaceRole, Standing, approves_pupils_work, may, moderates_space, must_wait_for_approval, sees_content},
    },
    accounts::{AccountStatus, ssr::{self as accounts_ssr, KIND_PUPIL, KIND_STAFF, entity as accounts}},
    error::{AppError, Problem},
    projects::{
        ProjectStatus, plus_rule_holds,
        ssr::{add_member, entity as projects, invitation_entity as invitations, member_entity as members},
    },
    throttle::ssr as throttle,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionSession, TransactionTrait, sea_query::{Expr, OnConflict},
};
use crate::teachers::pictures::ssr::PictureStore;
use crate::i18n::Locale;
use std::collections::{HashMap, HashSet};

pub mod post_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "twinboard_posts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub project_id: i32,
        pub author_id: i32,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub pinned: bool,
        pub created_at: DateTimeUtc,
        pub edited_at: Option<DateTimeUtc>,
    /// A pupil's work in a space that asks for approval, not yet approved.
    pub awaiting_approval: bool,
    /// Set when a moderator hid it: gone for everyone but its author and the space's moderators.
    pub hidden_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub hidden_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod comment_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "twinboard_comments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub post_id: i32,
        pub author_id: i32,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub created_at: DateTimeUtc,
    /// A pupil's work in a space that asks for approval, not yet approved.
    pub awaiting_approval: bool,
    /// Set when a moderator hid it: gone for everyone but its author and the space's moderators.
    pub hidden_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub hidden_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod like_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "twinboard_likes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub post_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i32,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use comment_entity as comments;
use like_entity as likes;
use post_entity as posts;

/// Posts and comments are plain text (rendered escaped, so `<` is harmless): 1 to `max` characters, no
/// control characters but line breaks and tabs.
pub const MAX_POST_CHARS: usize = 5000;
pub const MAX_COMMENT_CHARS: usize = 2000;
/// A teacher creates at most this many pupils' logins a day.
pub const PUPILS_PER_DAY: throttle::Limit = throttle::Limit { max: 200, window: chrono::TimeDelta::days(1) };

/// A project the viewer may act on, and how they stand towards it.
pub struct Guarded {
    pub project: projects::Model,
    pub standing: Standing,
}

impl Guarded {
    pub fn may(&self, resource: SpaceResource, act: Act, own: bool) -> bool {
        may(self.standing, self.project.status(), resource, act, own)
    }

    /// Whether what the viewer writes now waits for a teacher's approval (a pupil, in a space that asks for it).
    pub fn waits_for_approval(&self) -> bool {
        must_wait_for_approval(self.standing, self.project.premoderate_pupils)
    }

    pub fn overview(&self) -> SpaceOverview {
        SpaceOverview {
            project_id: self.project.id,
            title: self.project.title.clone(),
            status: self.project.status(),
            standing: self.standing,
            may_post: self.may(SpaceResource::Post, Act::Create, false),
            may_see_pupils: self.may(SpaceResource::Pupils, Act::Read, false),
            may_chat: self.may(SpaceResource::Chat, Act::Read, false),
            may_change_lifecycle: self.may(SpaceResource::Lifecycle, Act::Update, false),
            premoderates_pupils: self.project.premoderate_pupils,
            may_approve: approves_pupils_work(self.standing) && self.may(SpaceResource::Post, Act::Read, false),
            own_work_waits: self.waits_for_approval(),
            hidden_reason: self.project.hidden_at.map(|_| self.project.hidden_reason.clone().unwrap_or_default()),
        }
    }
}

/// A project row and the viewer's role in it (`project_members.role`, none when not a member).
struct ProjectAndRole {
    project: projects::Model,
    viewer_role: Option<String>,
}

impl sea_orm::FromQueryResult for ProjectAndRole {
    fn from_query_result(row: &sea_orm::QueryResult, pre: &str) -> Result<Self, sea_orm::DbErr> {
        Ok(Self { project: <projects::Model as sea_orm::FromQueryResult>::from_query_result(row, pre)?, viewer_role: row.try_get(pre, "viewer_role")? })
    }
}

impl crate::db::local::Row for ProjectAndRole {
    fn from_local(row: &crate::db::local::Here<'_, '_>, prefix: &str) -> Result<Self, String> {
        Ok(Self { project: <projects::Model as crate::db::local::Row>::from_local(row, prefix)?, viewer_role: row.get(prefix, "viewer_role")? })
    }
}

/// The door of the TwinSpace: every read and write passes here.
pub async fn guard(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    project: i32,
    resource: SpaceResource,
    act: Act,
    own: bool,
) -> Result<Guarded, AppError> {
    // The project and the viewer's role in it, in one statement.
    let found = match viewer {
        Some(viewer) => project_and_role(viewer, project).into_model::<ProjectAndRole>().one(db).await?,
        None => projects::Entity::find_by_id(project).one(db).await?.map(|project| ProjectAndRole { project, viewer_role: None }),
    };
    admit(db, viewer, found, resource, act, own).await
}

/// The same door for a page's reads, outside any transaction: on SQLite its statement is read on the request's
/// own thread (`db::local`), as every TwinSpace page passes here first.
pub async fn guard_read(
    db: &sea_orm::DatabaseConnection,
    viewer: &Viewer,
    project: i32,
    resource: SpaceResource,
    act: Act,
    own: bool,
) -> Result<Guarded, AppError> {
    use sea_orm::QueryTrait;
    let statement = project_and_role(viewer, project).limit(1).build(db.get_database_backend());
    let found = crate::db::local::one::<ProjectAndRole>(db, statement).await?;
    admit(db, Some(viewer), found, resource, act, own).await
}

/// The project with the viewer's role in it (`viewer_role`, none for an outsider).
fn project_and_role(viewer: &Viewer, project: i32) -> sea_orm::Select<projects::Entity> {
    let role = sea_orm::QueryTrait::into_query(
        members::Entity::find()
            .select_only()
            .column(members::Column::Role)
            .filter(members::Column::ProjectId.eq(project))
            .filter(members::Column::AccountId.eq(viewer.id)),
    );
    projects::Entity::find_by_id(project).column_as(Expr::SubQuery(None, Box::new(role.into())), "viewer_role")
}

/// What the guard decides from the project it found (none: "not found").
async fn admit(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    found: Option<ProjectAndRole>,
    resource: SpaceResource,
    act: Act,
    own: bool,
) -> Result<Guarded, AppError> {
    let ProjectAndRole { project, viewer_role } = found.ok_or(AppError::NotFound)?;
    let standing = crate::quality_labels::ssr::standing(db, viewer, &project, viewer_role.as_deref()).await?;
    let guarded = Guarded { project, standing };
    if !guarded.may(SpaceResource::Space, Act::Read, false) {
        return Err(AppError::NotFound);
    }
    if !guarded.may(resource, act, own) {
        return Err(if act == Act::Read { AppError::NotFound } else { AppError::Forbidden });
    }
    Ok(guarded)
}

/// The condition that keeps out of a list what the viewer may not see of it (`access::twinspace::sees_content`):
/// hidden rows unless they moderate the space, rows waiting for approval unless they approve them; their own
/// rows always.
pub(crate) fn visible_rows<C: ColumnTrait>(space: &Guarded, viewer: i32, author: C, hidden_at: C, waiting: Option<C>) -> Condition {
    let mut rest = Condition::all();
    let mut filtered = false;
    if !moderates_space(space.standing) {
        rest = rest.add(hidden_at.is_null());
        filtered = true;
    }
    if let Some(waiting) = waiting.filter(|_| !approves_pupils_work(space.standing)) {
        rest = rest.add(waiting.eq(false));
        filtered = true;
    }
    if filtered { Condition::any().add(author.eq(viewer)).add(rest) } else { Condition::all() }
}

/// One row's mark, and whether the viewer sees it at all (a row they may not see "does not exist" for them).
pub(crate) fn seen(space: &Guarded, own: bool, hidden_reason: Option<&String>, hidden_at: Option<chrono::DateTime<chrono::Utc>>, waiting: bool) -> Option<ContentMark> {
    if !sees_content(space.standing, own, hidden_at.is_some(), waiting) {
        return None;
    }
    Some(match (hidden_at, waiting) {
        (Some(_), _) => ContentMark::Hidden { reason: hidden_reason.cloned().unwrap_or_default() },
        (None, true) => ContentMark::Waiting,
        (None, false) => ContentMark::Visible,
    })
}

pub(crate) use crate::forms::plain_text;

pub(crate) async fn names(db: &impl ConnectionTrait, ids: impl IntoIterator<Item = i32>) -> Result<HashMap<i32, String>, AppError> {
    let ids: Vec<i32> = ids.into_iter().collect::<HashSet<_>>().into_iter().collect();
    Ok(accounts::Entity::find()
        .select_only()
        .column(accounts::Column::Id)
        .column(accounts::Column::DisplayName)
        .filter(accounts::Column::Id.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The space's top: title, state, and what the viewer may do.
pub async fn overview(db: &impl ConnectionTrait, viewer: Option<&Viewer>, project: i32) -> Result<SpaceOverview, AppError> {
    Ok(guard(db, viewer, project, SpaceResource::Space, Act::Read, false).await?.overview())
}

/// What the members make public: whether the project is listed in the directory, and whether its public page
/// names the teachers (counts per country are always shown; pupils never).
pub async fn update_public_settings(db: &impl ConnectionTrait, viewer: &Viewer, project: i32, listed: bool, show_members: bool) -> Result<(), AppError> {
    guard(db, Some(viewer), project, SpaceResource::Space, Act::Update, false).await?;
    projects::Entity::update_many()
        .col_expr(projects::Column::Listed, Expr::value(listed))
        .col_expr(projects::Column::ShowMembers, Expr::value(show_members))
        .filter(projects::Column::Id.eq(project))
        .exec(db)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Twinboard

/// A post as the board reads it: its row, its likes, whether the viewer is among them, and its author's name.
#[derive(sea_orm::FromQueryResult)]
struct BoardPostRow {
    id: i32,
    author_id: i32,
    body: String,
    pinned: bool,
    created_at: chrono::DateTime<chrono::Utc>,
    edited_at: Option<chrono::DateTime<chrono::Utc>>,
    awaiting_approval: bool,
    hidden_at: Option<chrono::DateTime<chrono::Utc>>,
    hidden_reason: Option<String>,
    likes: i64,
    liked: bool,
    author_name: Option<String>,
}

crate::local_row!(BoardPostRow { id, author_id, body, pinned, created_at, edited_at, awaiting_approval, hidden_at, hidden_reason, likes, liked, author_name });

/// A comment as the board reads it, with its author's name.
#[derive(sea_orm::FromQueryResult)]
struct BoardCommentRow {
    id: i32,
    post_id: i32,
    author_id: i32,
    body: String,
    created_at: chrono::DateTime<chrono::Utc>,
    awaiting_approval: bool,
    hidden_at: Option<chrono::DateTime<chrono::Utc>>,
    hidden_reason: Option<String>,
    author_name: Option<String>,
}

crate::local_row!(BoardCommentRow { id, post_id, author_id, body, created_at, awaiting_approval, hidden_at, hidden_reason, author_name });

/// `(SELECT display_name FROM accounts WHERE id = <author>)`: a name read inside the statement that lists the
/// content, not by one more statement (each costs a hand-over to the database's worker).
fn name_of(author: Expr) -> Expr {
    use sea_orm::sea_query::ExprTrait;
    Expr::SubQuery(
        None,
        Box::new(sea_orm::sea_query::Query::select().column(accounts::Column::DisplayName).from(accounts::Entity).and_where(Expr::col((accounts::Entity, accounts::Column::Id)).eq(author)).to_owned().into()),
    )
}

/// A page of the Twinboard: pinned posts first, then the newest; each with its comments and likes. Two
/// statements after the guard's, whatever the number of posts: the posts with their likes and authors' names,
/// then their comments with theirs (`app/tests/twinspace.rs` counts them).
pub async fn board(db: &sea_orm::DatabaseConnection, viewer: &Viewer, project: i32, page: u64) -> Result<Board, AppError> {
    use crate::db::local;
    use sea_orm::{
        QueryTrait,
        sea_query::{ExprTrait, Query},
    };
    // Every statement of the board is read on the request's own thread on SQLite (`db::local`).
    let backend = db.get_database_backend();
    let space = guard_read(db, viewer, project, SpaceResource::Post, Act::Read, false).await?;
    // Far past the end is simply empty; the clamp keeps the offset from overflowing.
    let page = page.clamp(1, 100_000);
    let this_post = || Expr::col((posts::Entity, posts::Column::Id));
    let likes_of_post = || Query::select().from(likes::Entity).and_where(Expr::col((likes::Entity, likes::Column::PostId)).eq(this_post())).to_owned();
    let count_likes = likes_of_post().expr(Expr::col((likes::Entity, likes::Column::AccountId)).count()).to_owned();
    let mine = likes_of_post().expr(Expr::cust("1")).and_where(Expr::col((likes::Entity, likes::Column::AccountId)).eq(viewer.id)).to_owned();
    let rows = posts::Entity::find()
        .column_as(Expr::SubQuery(None, Box::new(count_likes.into())), "likes")
        .column_as(Expr::exists(mine), "liked")
        .column_as(name_of(Expr::col((posts::Entity, posts::Column::AuthorId))), "author_name")
        .filter(posts::Column::ProjectId.eq(project))
        .filter(visible_rows(&space, viewer.id, posts::Column::AuthorId, posts::Column::HiddenAt, Some(posts::Column::AwaitingApproval)))
        .order_by_desc(posts::Column::Pinned)
        .order_by_desc(posts::Column::CreatedAt)
        .order_by_desc(posts::Column::Id)
        .offset((page - 1) * BOARD_PAGE_SIZE)
        .limit(BOARD_PAGE_SIZE + 1)
        .build(backend);
    let mut rows = local::all::<BoardPostRow>(db, rows).await?;
    let more = rows.len() as u64 > BOARD_PAGE_SIZE;
    rows.truncate(BOARD_PAGE_SIZE as usize);
    let ids: Vec<i32> = rows.iter().map(|p| p.id).collect();
    let comment_rows = comments::Entity::find()
        .column_as(name_of(Expr::col((comments::Entity, comments::Column::AuthorId))), "author_name")
        .filter(comments::Column::PostId.is_in(ids))
        .filter(visible_rows(&space, viewer.id, comments::Column::AuthorId, comments::Column::HiddenAt, Some(comments::Column::AwaitingApproval)))
        .order_by_asc(comments::Column::CreatedAt)
        .order_by_asc(comments::Column::Id)
        .build(backend);
    let comment_rows = local::all::<BoardCommentRow>(db, comment_rows).await?;
    let mut by_post: HashMap<i32, Vec<CommentView>> = HashMap::new();
    for comment in comment_rows {
        let own = comment.author_id == viewer.id;
        by_post.entry(comment.post_id).or_default().push(CommentView {
            id: comment.id,
            author: comment.author_name.unwrap_or_default(),
            may_delete: space.may(SpaceResource::Comment, Act::Delete, own),
            mark: seen(&space, own, comment.hidden_reason.as_ref(), comment.hidden_at, comment.awaiting_approval).unwrap_or_default(),
            may_report: !own,
            body: comment.body,
            created_at: comment.created_at,
        });
    }
    let posts = rows
        .into_iter()
        .map(|post| {
            let own = post.author_id == viewer.id;
            PostView {
                id: post.id,
                author: post.author_name.unwrap_or_default(),
                pinned: post.pinned,
                created_at: post.created_at,
                edited: post.edited_at.is_some(),
                likes: u32::try_from(post.likes).unwrap_or(0),
                liked: post.liked,
                may_edit: space.may(SpaceResource::Post, Act::Update, own),
                may_delete: space.may(SpaceResource::Post, Act::Delete, own),
                may_comment: space.may(SpaceResource::Comment, Act::Create, false),
                may_like: space.may(SpaceResource::Like, Act::Create, false),
                may_pin: space.may(SpaceResource::Pin, Act::Create, false),
                comments: by_post.remove(&post.id).unwrap_or_default(),
                mark: seen(&space, own, post.hidden_reason.as_ref(), post.hidden_at, post.awaiting_approval).unwrap_or_default(),
                may_report: !own,
                body: post.body,
            }
        })
        .collect();
    Ok(Board { space: space.overview(), posts, page, more })
}

/// Twinboard posts kept rendered, by everything their HTML is rendered from: the post as this reader sees it
/// (`PostView`: words, likes, comments, what the reader may do) and the reader's language. A post that changes,
/// or is seen with other rights, is another key, and its old HTML ages out of the cache: nothing to invalidate,
/// and two readers share an entry only when their pages would be the same. Rendering posts was most of a
/// Twinboard page's work (`docs/performance.md`). Given to every page by the server; bounded by bytes.
#[derive(Clone)]
pub struct RenderedPosts(std::sync::Arc<quick_cache::sync::Cache<(Locale, PostView), super::KeptPost, PostWeight>>);

/// A kept post weighs its HTML twice: the key holds the post's text, which the HTML holds too (quick_cache asks
/// for weights while evicting, so this stays a length, not a walk through the comments).
#[derive(Clone)]
pub struct PostWeight;

impl quick_cache::Weighter<(Locale, PostView), super::KeptPost> for PostWeight {
    fn weight(&self, _: &(Locale, PostView), kept: &super::KeptPost) -> u64 {
        (2 * kept.bytes() + 256) as u64
    }
}

/// The lookup key borrowed from the post on the page, so a hit copies nothing; hashed and compared as the kept
/// `(Locale, PostView)` is.
#[derive(Hash)]
struct PostKey<'a>(Locale, &'a PostView);

impl quick_cache::Equivalent<(Locale, PostView)> for PostKey<'_> {
    fn equivalent(&self, (locale, post): &(Locale, PostView)) -> bool {
        self.0 == *locale && self.1 == post
    }
}

impl RenderedPosts {
    /// At most about `bytes` of kept posts.
    pub fn new(bytes: u64) -> Self {
        // quick_cache sizes its tables from an estimate of the number of entries: posts of about 4 KB.
        let estimate = usize::try_from(bytes / 4096).unwrap_or(usize::MAX).max(16);
        Self(std::sync::Arc::new(quick_cache::sync::Cache::with_weighter(estimate, bytes, PostWeight)))
    }

    /// The kept HTML of this post for this language, or `render`'s, kept for the next reader.
    pub fn get_or_render(&self, locale: Locale, post: PostView, render: impl FnOnce(PostView) -> super::KeptPost) -> super::KeptPost {
        if let Some(kept) = self.0.get(&PostKey(locale, &post)) {
            return kept;
        }
        let key = (locale, post.clone());
        let kept = render(post);
        self.0.insert(key, kept.clone());
        kept
    }

    /// Nothing kept yet (for tests).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

pub async fn create_post(db: &impl ConnectionTrait, viewer: &Viewer, project: i32, body: &str) -> Result<i32, AppError> {
    let space = guard(db, Some(viewer), project, SpaceResource::Post, Act::Create, false).await?;
    let body = plain_text("body", body, MAX_POST_CHARS)?;
    let post = posts::ActiveModel {
        awaiting_approval: Set(space.waits_for_approval()),
        project_id: Set(project),
        author_id: Set(viewer.id),
        body: Set(body),
        pinned: Set(false),
        created_at: Set(chrono::Utc::now()),
        edited_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if !post.awaiting_approval {
        tell_members(db, &space.project, viewer.id, &format!("/projects/{project}/space")).await?;
    }
    Ok(post.id)
}

/// Tells the space's other members, pupils included, that something new is at `link`: one line each in their
/// notification centre until they have read it (`notifications::ssr::notify_each_once`), mailed as each chose.
/// Only for what others can see at once (not what waits for a teacher's approval). In the caller's transaction,
/// so the news exists exactly when the new thing does.
pub(crate) async fn tell_members(db: &impl ConnectionTrait, project: &projects::Model, actor: i32, link: &str) -> Result<(), AppError> {
    use crate::notifications::ssr::{Event, notify_each_once};
    let people = accounts::Entity::find()
        .filter(accounts::Column::Id.in_subquery(sea_orm::QueryTrait::into_query(
            members::Entity::find().select_only().column(members::Column::AccountId).filter(members::Column::ProjectId.eq(project.id)),
        )))
        .filter(accounts::Column::Id.ne(actor))
        .all(db)
        .await?;
    notify_each_once(db, &people, Event::SpaceActivity { title: &project.title }, link).await
}

/// A post and its space, if the viewer may do `act` to it.
async fn guarded_post(db: &impl ConnectionTrait, viewer: &Viewer, post: i32, resource: SpaceResource, act: Act) -> Result<(posts::Model, Guarded), AppError> {
    let row = posts::Entity::find_by_id(post).one(db).await?.ok_or(AppError::NotFound)?;
    guarded_row(db, viewer, row, resource, act).await
}

/// `guarded_post` for a post already read.
async fn guarded_row(db: &impl ConnectionTrait, viewer: &Viewer, row: posts::Model, resource: SpaceResource, act: Act) -> Result<(posts::Model, Guarded), AppError> {
    let own = match resource {
        // A like is one's own; pinning and commenting are not about the post's authorship.
        SpaceResource::Like => true,
        SpaceResource::Pin | SpaceResource::Comment => false,
        _ => row.author_id == viewer.id,
    };
    let space = guard(db, Some(viewer), row.project_id, resource, act, own).await?;
    seen(&space, row.author_id == viewer.id, row.hidden_reason.as_ref(), row.hidden_at, row.awaiting_approval).ok_or(AppError::NotFound)?;
    Ok((row, space))
}

/// A post the viewer may read (hidden and waiting posts only for those who see them).
pub async fn readable_post(db: &impl ConnectionTrait, viewer: &Viewer, post: i32) -> Result<posts::Model, AppError> {
    guarded_post(db, viewer, post, SpaceResource::Post, Act::Read).await.map(|(row, _)| row)
}

/// A post for its edit page, with its space's header: only to whoever may edit it, and only under its own project
/// (`project` comes from the address; another project's post is not found, whatever the viewer's rights there).
pub async fn post_to_edit(db: &impl ConnectionTrait, viewer: &Viewer, project: i32, post: i32) -> Result<super::PostToEdit, AppError> {
    let row = posts::Entity::find_by_id(post).one(db).await?.filter(|row| row.project_id == project).ok_or(AppError::NotFound)?;
    let (row, space) = guarded_row(db, viewer, row, SpaceResource::Post, Act::Update).await?;
    Ok(super::PostToEdit { space: space.overview(), post: row.id, body: row.body })
}

/// Changes a post's text; the post's project, for the way back to it. An edit by a pupil in a space that asks for
/// approval waits for approval again (otherwise an approved post could be changed into anything).
pub async fn edit_post(db: &impl ConnectionTrait, viewer: &Viewer, post: i32, body: &str) -> Result<i32, AppError> {
    let (row, space) = guarded_post(db, viewer, post, SpaceResource::Post, Act::Update).await?;
    let body = plain_text("body", body, MAX_POST_CHARS)?;
    let waits = row.awaiting_approval || space.waits_for_approval();
    let mut row: posts::ActiveModel = row.into();
    row.awaiting_approval = Set(waits);
    row.body = Set(body);
    row.edited_at = Set(Some(chrono::Utc::now()));
    let row = row.update(db).await?;
    Ok(row.project_id)
}

pub async fn delete_post(db: &impl ConnectionTrait, viewer: &Viewer, post: i32) -> Result<(), AppError> {
    let (row, _) = guarded_post(db, viewer, post, SpaceResource::Post, Act::Delete).await?;
    crate::moderation::ssr::keep_as_evidence(db, crate::moderation::ReportKind::Post, post, row.hidden_at.is_some()).await?;
    posts::Entity::delete_by_id(post).exec(db).await?;
    Ok(())
}

pub async fn pin_post(db: &impl ConnectionTrait, viewer: &Viewer, post: i32, pinned: bool) -> Result<(), AppError> {
    let act = if pinned { Act::Create } else { Act::Delete };
    guarded_post(db, viewer, post, SpaceResource::Pin, act).await?;
    posts::Entity::update_many().col_expr(posts::Column::Pinned, Expr::value(pinned)).filter(posts::Column::Id.eq(post)).exec(db).await?;
    Ok(())
}

/// Likes or unlikes; liking twice is one like.
pub async fn like_post(db: &impl ConnectionTrait, viewer: &Viewer, post: i32, like: bool) -> Result<(), AppError> {
    let act = if like { Act::Create } else { Act::Delete };
    guarded_post(db, viewer, post, SpaceResource::Like, act).await?;
    if like {
        likes::Entity::insert(likes::ActiveModel { post_id: Set(post), account_id: Set(viewer.id), created_at: Set(chrono::Utc::now()) })
            .on_conflict(OnConflict::columns([likes::Column::PostId, likes::Column::AccountId]).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?;
    } else {
        likes::Entity::delete_by_id((post, viewer.id)).exec(db).await?;
    }
    Ok(())
}

pub async fn add_comment(db: &impl ConnectionTrait, viewer: &Viewer, post: i32, body: &str) -> Result<i32, AppError> {
    let (_, space) = guarded_post(db, viewer, post, SpaceResource::Comment, Act::Create).await?;
    let body = plain_text("body", body, MAX_COMMENT_CHARS)?;
    let comment = comments::ActiveModel {
        awaiting_approval: Set(space.waits_for_approval()),
        post_id: Set(post),
        author_id: Set(viewer.id),
        body: Set(body),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(comment.id)
}

pub async fn delete_comment(db: &impl ConnectionTrait, viewer: &Viewer, comment: i32) -> Result<(), AppError> {
    let row = comments::Entity::find_by_id(comment).one(db).await?.ok_or(AppError::NotFound)?;
    let post = posts::Entity::find_by_id(row.post_id).one(db).await?.ok_or(AppError::NotFound)?;
    let space = guard(db, Some(viewer), post.project_id, SpaceResource::Comment, Act::Delete, row.author_id == viewer.id).await?;
    seen(&space, row.author_id == viewer.id, row.hidden_reason.as_ref(), row.hidden_at, row.awaiting_approval).ok_or(AppError::NotFound)?;
    crate::moderation::ssr::keep_as_evidence(db, crate::moderation::ReportKind::Comment, comment, row.hidden_at.is_some()).await?;
    comments::Entity::delete_by_id(comment).exec(db).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Members, invitations, roles

struct MemberRow {
    account: accounts::Model,
    role: SpaceRole,
}

async fn member_rows(db: &impl ConnectionTrait, project: i32) -> Result<Vec<MemberRow>, AppError> {
    let rows = members::Entity::find().filter(members::Column::ProjectId.eq(project)).all(db).await?;
    let roles: HashMap<i32, SpaceRole> = rows.iter().filter_map(|m| SpaceRole::parse(&m.role).map(|r| (m.account_id, r))).collect();
    let people = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(roles.keys().copied().collect::<Vec<_>>()))
        .order_by_asc(accounts::Column::DisplayName)
        .all(db)
        .await?;
    Ok(people.into_iter().filter_map(|account| roles.get(&account.id).map(|&role| MemberRow { account, role })).collect())
}

/// The countries of the space's teachers, with changes applied: the input of the eTwinning Plus rule.
fn teacher_countries<'a>(rows: &'a [MemberRow], leaving: Option<i32>, joining: Option<&'a str>) -> Vec<&'a str> {
    rows.iter()
        .filter(|row| row.account.kind == KIND_STAFF && Some(row.account.id) != leaving)
        .filter_map(|row| row.account.country_code.as_deref())
        .chain(joining)
        .collect()
}

pub async fn members(db: &impl ConnectionTrait, viewer: &Viewer, project: i32) -> Result<MembersView, AppError> {
    let space = guard(db, Some(viewer), project, SpaceResource::Members, Act::Read, false).await?;
    let rows = member_rows(db, project).await?;
    let invited = if space.may(SpaceResource::Invitations, Act::Read, false) { invited(db, Some(viewer), project).await? } else { Vec::new() };
    let mut invitable = Vec::new();
    if space.may(SpaceResource::Invitations, Act::Create, false) {
        let taken: HashSet<i32> = rows.iter().map(|r| r.account.id).chain(invited.iter().map(|i| i.account_id)).collect();
        invitable = crate::teachers::ssr::book(db, viewer).await?.contacts.into_iter().filter(|c| !taken.contains(&c.id)).collect();
    }
    // Rows are ordered by name; teachers come before pupils.
    let mut members: Vec<Member> = rows
        .into_iter()
        .map(|row| Member {
            account_id: row.account.id,
            is_you: row.account.id == viewer.id,
            country_code: (row.account.kind == KIND_STAFF).then_some(row.account.country_code).flatten(),
            display_name: row.account.display_name,
            role: row.role,
        })
        .collect();
    members.sort_by_key(|m| m.role.is_pupil());
    let public_settings = space
        .may(SpaceResource::Space, Act::Update, false)
        .then_some(PublicSettings { listed: space.project.listed, show_members: space.project.show_members });
    Ok(MembersView {
        may_manage: space.may(SpaceResource::Members, Act::Update, false),
        space: space.overview(),
        members,
        invited,
        invitable,
        public_settings,
    })
}

/// Invitations waiting for an answer.
pub async fn invited(db: &impl ConnectionTrait, viewer: Option<&Viewer>, project: i32) -> Result<Vec<Invited>, AppError> {
    guard(db, viewer, project, SpaceResource::Invitations, Act::Read, false).await?;
    let pending = invitations::Entity::find().filter(invitations::Column::ProjectId.eq(project)).all(db).await?;
    let invitee_names = names(db, pending.iter().map(|i| i.account_id)).await?;
    Ok(pending
        .into_iter()
        .map(|i| Invited {
            display_name: invitee_names.get(&i.account_id).cloned().unwrap_or_default(),
            account_id: i.account_id,
            role: SpaceRole::parse(&i.role).unwrap_or(SpaceRole::Teacher),
        })
        .collect())
}

/// A teacher administrator invites one of their contacts, in a teacher's role. The eTwinning Plus rule is
/// checked here and again when the invitation is accepted.
pub async fn invite(db: &impl ConnectionTrait, viewer: &Viewer, project: i32, account: i32, role: &str) -> Result<(), AppError> {
    let space = guard(db, Some(viewer), project, SpaceResource::Invitations, Act::Create, false).await?;
    let role = SpaceRole::parse(role).filter(|r| !r.is_pupil()).ok_or(AppError::invalid("role", Problem::ChooseRole))?;
    let invitee = accounts::Entity::find_by_id(account)
        .filter(publicly_visible_teachers())
        .one(db)
        .await?
        .ok_or(AppError::invalid("account", Problem::NotAContact))?;
    if !crate::teachers::ssr::are_contacts(db, viewer.id, account).await? {
        return Err(AppError::invalid("account", Problem::NotAContact));
    }
    let rows = member_rows(db, project).await?;
    if rows.iter().any(|r| r.account.id == account) {
        return Err(AppError::invalid("account", Problem::AlreadyMember));
    }
    if invitations::Entity::find_by_id((project, account)).one(db).await?.is_some() {
        return Err(AppError::invalid("account", Problem::AlreadyInvited));
    }
    if !plus_rule_holds(teacher_countries(&rows, None, invitee.country_code.as_deref())) {
        return Err(AppError::invalid("account", Problem::PlusNeedsTwoCountries));
    }
    invitations::ActiveModel {
        project_id: Set(project),
        account_id: Set(account),
        role: Set(role.as_str().to_owned()),
        invited_by: Set(viewer.id),
        created_at: Set(chrono::Utc::now()),
    }
    .insert(db)
    .await?;
    let invitation = crate::notifications::ssr::Event::SpaceInvitation { from: &viewer.display_name, title: &space.project.title };
    crate::notifications::ssr::notify(db, &invitee, invitation, "/projects/mine", None).await?;
    Ok(())
}

pub async fn withdraw_invitation(db: &impl ConnectionTrait, viewer: &Viewer, project: i32, account: i32) -> Result<(), AppError> {
    guard(db, Some(viewer), project, SpaceResource::Invitations, Act::Delete, false).await?;
    let gone = invitations::Entity::delete_by_id((project, account)).exec(db).await?;
    if gone.rows_affected == 0 { Err(AppError::NotFound) } else { Ok(()) }
}

/// The invited teacher joins (in the role offered) or declines. Only open projects take new members.
pub async fn answer_invitation(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, project: i32, accept: bool) -> Result<(), AppError> {
    if !access::may_found_projects(viewer) {
        return Err(AppError::NotFound);
    }
    let invitation = invitations::Entity::find_by_id((project, viewer.id)).one(db).await?.ok_or(AppError::NotFound)?;
    let txn = crate::db::begin(db).await?;
    invitations::Entity::delete_by_id((project, viewer.id)).exec(&txn).await?;
    if accept {
        let open = projects::Entity::find_by_id(project).one(&txn).await?.is_some_and(|p| p.status() == ProjectStatus::Open);
        if !open {
            return Err(AppError::NotFound);
        }
        let rows = member_rows(&txn, project).await?;
        if !plus_rule_holds(teacher_countries(&rows, None, viewer.country_code.as_deref())) {
            return Err(AppError::form(Problem::PlusNeedsTwoCountries));
        }
        if !rows.iter().any(|r| r.account.id == viewer.id) {
            add_member(&txn, project, viewer.id, SpaceRole::parse(&invitation.role).unwrap_or(SpaceRole::Teacher)).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Whether `account` is the only administrator who can act (validated, not suspended).
fn last_administrator(rows: &[MemberRow], account: i32) -> bool {
    let admins: Vec<i32> = rows
        .iter()
        .filter(|r| r.role == SpaceRole::TeacherAdministrator && r.account.status == AccountStatus::Validated.as_str())
        .map(|r| r.account.id)
        .collect();
    admins == [account]
}

/// Teacher administrators change roles: teachers among the teachers' roles, pupils among the pupils'. The last
/// teacher administrator stays one.
pub async fn change_role(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, project: i32, account: i32, role: &str) -> Result<(), AppError> {
    guard(db, Some(viewer), project, SpaceResource::Members, Act::Update, false).await?;
    let txn = crate::db::begin(db).await?;
    let rows = locked_member_rows(&txn, project).await?;
    let target = rows.iter().find(|r| r.account.id == account).ok_or(AppError::NotFound)?;
    let pupil = target.account.kind == KIND_PUPIL;
    let role = SpaceRole::parse(role).filter(|r| r.is_pupil() == pupil).ok_or(AppError::invalid("role", Problem::ChooseRole))?;
    if role != SpaceRole::TeacherAdministrator && last_administrator(&rows, account) {
        return Err(AppError::form(Problem::LastAdministrator));
    }
    members::Entity::update_many()
        .col_expr(members::Column::Role, Expr::value(role.as_str()))
        .filter(members::Column::ProjectId.eq(project))
        .filter(members::Column::AccountId.eq(account))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Teacher administrators remove members (themselves too, unless they are the last administrator). Removing a
/// teacher must keep the eTwinning Plus rule; a removed pupil's login goes with them.
pub async fn remove_member(
    db: &(impl ConnectionTrait + TransactionTrait),
    store: &PictureStore,
    viewer: &Viewer,
    project: i32,
    account: i32,
) -> Result<(), AppError> {
    guard(db, Some(viewer), project, SpaceResource::Members, Act::Delete, false).await?;
    let txn = crate::db::begin(db).await?;
    let rows = locked_member_rows(&txn, project).await?;
    let target = rows.iter().find(|r| r.account.id == account).ok_or(AppError::NotFound)?;
    if last_administrator(&rows, account) {
        return Err(AppError::form(Problem::LastAdministrator));
    }
    if target.account.kind == KIND_PUPIL {
        drop(txn);
        return leave_and_forget_pupil(db, store, project, account).await;
    }
    if !plus_rule_holds(teacher_countries(&rows, Some(account), None)) {
        return Err(AppError::form(Problem::PlusNeedsTwoCountries));
    }
    members::Entity::delete_by_id((project, account)).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// The members, read while holding the project's row: two administrators changing roles or removing each other
/// at once are taken one after the other (PostgreSQL `FOR UPDATE`; SQLite has one writer at a time).
async fn locked_member_rows(txn: &impl ConnectionTrait, project: i32) -> Result<Vec<MemberRow>, AppError> {
    projects::Entity::find_by_id(project).lock_exclusive().one(txn).await?.ok_or(AppError::NotFound)?;
    member_rows(txn, project).await
}

// ---------------------------------------------------------------------------------------------------------
// Pupils

/// "Mary Brown" → "Mary B.": pupils are shown by first name and initial only.
pub fn short_name(full: &str) -> String {
    let words: Vec<&str> = full.split_whitespace().collect();
    match words.as_slice() {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [first, .., last] => {
            let initial: String = last.chars().next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
            format!("{first} {initial}.")
        }
    }
}

/// The names a teacher typed, one per line: letters, spaces, hyphens and apostrophes, at most 60 characters.
pub fn pupil_names(text: &str) -> Result<Vec<String>, AppError> {
    let names: Vec<&str> = text.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
    if names.is_empty() {
        return Err(AppError::invalid("names", Problem::Required));
    }
    if names.len() > MAX_PUPILS_AT_ONCE {
        return Err(AppError::invalid("names", Problem::TooManyPupils { max: MAX_PUPILS_AT_ONCE as u32 }));
    }
    names
        .into_iter()
        .map(|name| {
            // No dots: "Mary.Brown" would keep the whole surname in the short name.
            let fine = name.chars().count() <= 60 && name.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’'));
            if fine { Ok(short_name(name)) } else { Err(AppError::invalid("names", Problem::PupilName)) }
        })
        .collect()
}

const WORDS: &[&str] = &[
    "apple", "river", "tiger", "cloud", "lemon", "piano", "rocket", "forest", "garden", "island", "planet", "pencil", "castle",
    "dragon", "rabbit", "violin", "window", "yellow", "orange", "silver", "summer", "winter", "bridge", "candle", "dolphin",
    "falcon", "guitar", "hammer", "jungle", "kitten", "meadow", "number", "ocean", "parrot", "puzzle", "robot", "sunset",
    "tomato", "turtle", "valley", "wizard", "zebra", "comet", "maple", "pirate", "banana", "button", "cactus",
];

fn random_below(n: u64) -> u64 {
    use password_hash::rand_core::{OsRng, RngCore};
    OsRng.next_u64() % n
}

/// A password a child can type: three words and a number ("tiger-427-lemon-cloud"), about 26 bits; sign-in
/// throttling (per username and per address) keeps guessing impractical.
pub fn simple_password() -> String {
    let word = || WORDS[random_below(WORDS.len() as u64) as usize];
    format!("{}-{}-{}-{}", word(), 100 + random_below(900), word(), word())
}

/// "Mary B." → "mary.b" and a number; letters outside a–z are dropped, so usernames are easy to type anywhere.
fn username_base(display: &str) -> String {
    let mut parts = display.split_whitespace();
    let ascii = |s: &str| -> String { s.chars().filter_map(fold).filter(|c| c.is_ascii_alphanumeric()).collect() };
    // Short enough for the username column with the number added.
    let first: String = parts.next().map(ascii).filter(|s| !s.is_empty()).unwrap_or_else(|| "pupil".to_owned()).chars().take(40).collect();
    let initial = parts.next().map(ascii).unwrap_or_default();
    if initial.is_empty() { first } else { format!("{first}.{initial}") }
}

/// Lower-cases and drops accents of the common Latin letters (é → e, ł → l); other scripts are dropped.
fn fold(c: char) -> Option<char> {
    let c = c.to_lowercase().next()?;
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' | 'ă' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' | 'ē' | 'ė' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
        'ł' | 'ľ' | 'ĺ' | 'ļ' => 'l',
        'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' | 'ō' => 'o',
        'ř' | 'ŕ' => 'r',
        'ś' | 'š' | 'ş' | 'ș' | 'ß' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ů' | 'ű' | 'ū' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    })
}

async fn free_username(db: &impl ConnectionTrait, base: &str, taken: &HashSet<String>) -> Result<String, AppError> {
    for digits in [100u64, 100, 100, 1000, 1000, 10_000, 10_000, 100_000] {
        let candidate = format!("{base}{}", digits + random_below(digits * 9));
        if taken.contains(&candidate) {
            continue;
        }
        if accounts::Entity::find().filter(accounts::Column::Username.eq(&candidate)).count(db).await? == 0 {
            return Ok(candidate);
        }
    }
    tracing::error!(base, "no free username after eight tries");
    Err(AppError::Internal)
}

async fn hash_all(passwords: Vec<String>) -> Result<Vec<String>, AppError> {
    accounts_ssr::hash_passwords(passwords).await
}

/// Creates logins for a class: shortened names, generated usernames and simple passwords, all members of this
/// TwinSpace as pupils. No e-mail, no profile: pupils exist only in their TwinSpaces.
pub async fn create_pupils(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, project: i32, names_text: &str) -> Result<Vec<PupilLogin>, AppError> {
    guard(db, Some(viewer), project, SpaceResource::Pupils, Act::Create, false).await?;
    let display_names = pupil_names(names_text)?;
    for _ in &display_names {
        throttle::hit(db, &format!("create-pupils:{}", viewer.id), PUPILS_PER_DAY).await?;
    }
    let teacher = accounts::Entity::find_by_id(viewer.id).one(db).await?.ok_or(AppError::NotFound)?;
    let mut taken = HashSet::new();
    let mut logins = Vec::with_capacity(display_names.len());
    for display_name in display_names {
        let username = free_username(db, &username_base(&display_name), &taken).await?;
        taken.insert(username.clone());
        logins.push(PupilLogin { display_name, username, password: simple_password() });
    }
    let hashes = hash_all(logins.iter().map(|l| l.password.clone()).collect()).await?;
    let now = chrono::Utc::now();
    let txn = crate::db::begin(db).await?;
    for (login, hash) in logins.iter().zip(hashes) {
        let pupil = accounts::ActiveModel {
            kind: Set(KIND_PUPIL.to_owned()),
            email: Set(None),
            username: Set(Some(login.username.clone())),
            display_name: Set(login.display_name.clone()),
            password_hash: Set(Some(hash)),
            platform_role: Set("member".to_owned()),
            country_code: Set(teacher.country_code.clone()),
            school_id: Set(teacher.school_id),
            status: Set(AccountStatus::Validated.as_str().to_owned()),
            created_at: Set(now),
            created_by: Set(Some(viewer.id)),
            locale: Set(teacher.locale.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        add_member(&txn, project, pupil.id, SpaceRole::Pupil).await?;
    }
    txn.commit().await?;
    Ok(logins)
}

pub async fn pupils(db: &impl ConnectionTrait, viewer: &Viewer, project: i32) -> Result<PupilsView, AppError> {
    let space = guard(db, Some(viewer), project, SpaceResource::Pupils, Act::Read, false).await?;
    let pupils = member_rows(db, project)
        .await?
        .into_iter()
        .filter(|row| row.account.kind == KIND_PUPIL)
        .map(|row| PupilRow {
            may_manage: space.may(SpaceResource::Pupils, Act::Update, row.account.created_by == Some(viewer.id)),
            account_id: row.account.id,
            display_name: row.account.display_name,
            username: row.account.username.unwrap_or_default(),
            role: row.role,
        })
        .collect();
    Ok(PupilsView { may_create: space.may(SpaceResource::Pupils, Act::Create, false), space: space.overview(), pupils, sheet: Vec::new() })
}

/// A pupil of this space, if the viewer may do `act` to their login.
pub(crate) async fn guarded_pupil(db: &impl ConnectionTrait, viewer: &Viewer, project: i32, pupil: i32, act: Act) -> Result<accounts::Model, AppError> {
    let space = guard(db, Some(viewer), project, SpaceResource::Pupils, Act::Read, false).await?;
    let in_space = members::Entity::find_by_id((project, pupil)).one(db).await?.is_some();
    let account = accounts::Entity::find_by_id(pupil)
        .filter(accounts::Column::Kind.eq(KIND_PUPIL))
        .one(db)
        .await?
        .filter(|_| in_space)
        .ok_or(AppError::NotFound)?;
    if !space.may(SpaceResource::Pupils, act, account.created_by == Some(viewer.id)) {
        return Err(AppError::Forbidden);
    }
    Ok(account)
}

/// A new simple password, shown once; the pupil's sessions end.
pub async fn reset_pupil_password(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, project: i32, pupil: i32) -> Result<PupilLogin, AppError> {
    let account = guarded_pupil(db, viewer, project, pupil, Act::Update).await?;
    let password = simple_password();
    let hash = hash_all(vec![password.clone()]).await?.remove(0);
    let txn = crate::db::begin(db).await?;
    accounts::Entity::update_many()
        .col_expr(accounts::Column::PasswordHash, Expr::value(hash))
        .filter(accounts::Column::Id.eq(pupil))
        .exec(&txn)
        .await?;
    crate::accounts::session_store::end_all_sessions(&txn, pupil).await?;
    txn.commit().await?;
    Ok(PupilLogin { display_name: account.display_name, username: account.username.unwrap_or_default(), password })
}

pub async fn remove_pupil(
    db: &(impl ConnectionTrait + TransactionTrait),
    store: &PictureStore,
    viewer: &Viewer,
    project: i32,
    pupil: i32,
) -> Result<(), AppError> {
    guarded_pupil(db, viewer, project, pupil, Act::Delete).await?;
    leave_and_forget_pupil(db, store, project, pupil).await
}

/// A pupil leaves a space; a pupil in no space any more is deleted with what they wrote and uploaded (minors'
/// data is kept no longer than needed).
async fn leave_and_forget_pupil(db: &(impl ConnectionTrait + TransactionTrait), store: &PictureStore, project: i32, pupil: i32) -> Result<(), AppError> {
    use crate::twinspace::{materials::ssr::forget, pupil_data::ssr::{forget_account, forget_account_files}};
    let txn = crate::db::begin(db).await?;
    members::Entity::delete_by_id((project, pupil)).exec(&txn).await?;
    let elsewhere = members::Entity::find().filter(members::Column::AccountId.eq(pupil)).count(&txn).await?;
    let mut stored = Vec::new();
    if elsewhere == 0 {
        // As an erasure: their rows go with the account (cascade), the stored objects after the commit.
        if let Some(account) = accounts::Entity::find_by_id(pupil).one(&txn).await? {
            stored = forget_account_files(&txn, pupil).await?;
            forget_account(&txn, &account).await?;
        }
    }
    txn.commit().await?;
    forget(store, stored).await;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Lifecycle

/// Open → archived (read-only for everyone) → closed (pupils no longer enter).
pub async fn advance_lifecycle(db: &impl ConnectionTrait, viewer: &Viewer, project: i32) -> Result<(), AppError> {
    let space = guard(db, Some(viewer), project, SpaceResource::Lifecycle, Act::Update, false).await?;
    let (from, to, column) = match space.project.status() {
        ProjectStatus::Open => (ProjectStatus::Open, ProjectStatus::Archived, projects::Column::ArchivedAt),
        ProjectStatus::Archived => (ProjectStatus::Archived, ProjectStatus::Closed, projects::Column::ClosedAt),
        _ => return Err(AppError::form(Problem::AlreadyDecided)),
    };
    let changed = projects::Entity::update_many()
        .col_expr(projects::Column::Status, Expr::value(to.as_str()))
        .col_expr(column, Expr::value(chrono::Utc::now()))
        .filter(projects::Column::Id.eq(project))
        .filter(projects::Column::Status.eq(from.as_str()))
        .exec(db)
        .await?;
    if changed.rows_affected == 1 { Ok(()) } else { Err(AppError::form(Problem::AlreadyDecided)) }
}
