//! TwinSpace pages: the Twinboard, members and invitations, pupils' logins with their printable sheet, and the
//! pupils' own sign-in page. Buttons follow the server's policy (`SpaceOverview`, `PostView::may_*`); the server
//! checks again on every action.
use super::{
    AddComment, AdvanceLifecycle, ChangeMemberRole, CreatePost, CreatePupils, DeleteComment, DeletePost, EditPost, InviteMember, KeptPost,
    LikePost, PinPost, PostView, load_post_to_edit, RemoveMember, RemovePupil, ResetPupilPassword, SpaceOverview, UpdatePublicSettings, WithdrawInvitation, load_board, load_members, load_pupils,
};
use crate::{
    access::twinspace::{SpaceRole, Standing},
    accounts::PupilSignIn,
    error::AppError,
    forms::{ErrorBanner, TextField, any_error, field_error, form_error, outcome},
    i18n::*,
    moderation::{ReportKind, views::{MarkNote, ReportButton}},
    projects::{ProjectStatus, views::status_label},
};
use leptos::{form::ActionForm, prelude::*};
use leptos_i18n::I18nContext;
use crate::ui::{PageTitle, RequestKey, failed_page as failed, page_param, pager, raw_text};
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

fn project_id() -> impl Fn() -> Option<i32> + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("id").and_then(|id| id.parse::<i32>().ok())
}

pub fn role_label(i18n: I18nContext<Locale>, role: SpaceRole) -> &'static str {
    match role {
        SpaceRole::TeacherAdministrator => t_string!(i18n, space_role_teacher_administrator),
        SpaceRole::Teacher => t_string!(i18n, space_role_teacher),
        SpaceRole::Expert => t_string!(i18n, space_role_expert),
        SpaceRole::Observer => t_string!(i18n, space_role_observer),
        SpaceRole::PupilAdministrator => t_string!(i18n, space_role_pupil_administrator),
        SpaceRole::Pupil => t_string!(i18n, space_role_pupil),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Board,
    Pages,
    Forum,
    Chat,
    Materials,
    Members,
    Pupils,
    Waiting,
}

/// The TwinSpace header for pages of other features (the approval queue of pupils' work).
#[component]
pub fn SpaceHeaderFor(space: SpaceOverview) -> impl IntoView {
    view! { <SpaceHeader space=space tab=Tab::Waiting/> }
}

/// The top of every TwinSpace page: title, state, tabs, and the lifecycle button for administrators.
#[component]
pub(super) fn SpaceHeader(space: SpaceOverview, tab: Tab) -> impl IntoView {
    let i18n = use_i18n();
    let advance = ServerAction::<AdvanceLifecycle>::new();
    let result = outcome(advance);
    let id = space.project_id;
    let status = space.status;
    let base = format!("/projects/{id}/space");
    let link = move |href: String, this: Tab, text: fn(I18nContext<Locale>) -> &'static str| view! {
        <a href=href aria-current=(tab == this).then_some("page")
            class="rounded-t-md border-b-2 border-transparent px-3 py-2 font-medium text-slate-700 hover:text-brand-800 aria-[current=page]:border-brand-700 aria-[current=page]:text-brand-800">
            {move || text(i18n)}
        </a>
    };
    let read_only = status != ProjectStatus::Open;
    let moderator = matches!(space.standing, Standing::SupportOfFounders | Standing::CentralSupport);
    view! {
        <PageTitle text=format!("{} · TwinSpace", space.title)/>
        <div class="border-b border-slate-200 bg-slate-50">
            <div class="mx-auto max-w-5xl px-4 pt-8">
                <p class="text-sm font-medium text-brand-800">"TwinSpace"</p>
                <div class="flex flex-wrap items-center justify-between gap-3">
                    <h1 class="text-3xl font-bold text-slate-900">{space.title.clone()}</h1>
                    <span class="badge">{move || status_label(i18n, status)}</span>
                </div>
                {read_only.then(|| view! { <p class="mt-2 text-sm text-slate-700" role="note">{t!(i18n, space_read_only)}</p> })}
                {moderator.then(|| view! { <p class="mt-2 text-sm text-slate-700" role="note">{t!(i18n, space_moderator_view)}</p> })}
                {space.hidden_reason.clone().map(|reason| view! {
                    <p class="mt-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="note">
                        <span class="font-semibold">{t!(i18n, moderation_project_hidden)}</span>" "{reason}
                    </p>
                })}
                {space.own_work_waits.then(|| view! { <p class="mt-2 text-sm text-slate-700" role="note">{t!(i18n, waiting_own_work)}</p> })}
                <div class="mt-2"><ErrorBanner message=form_error(result)/></div>
                <nav class="mt-4 flex flex-wrap items-end justify-between gap-2" aria-label="TwinSpace">
                    <div class="flex flex-wrap gap-1">
                        {link(base.clone(), Tab::Board, |i18n| t_string!(i18n, space_twinboard))}
                        {link(format!("{base}/pages"), Tab::Pages, |i18n| t_string!(i18n, space_pages))}
                        {link(format!("{base}/forum"), Tab::Forum, |i18n| t_string!(i18n, space_forum))}
                        {link(format!("{base}/materials"), Tab::Materials, |i18n| t_string!(i18n, space_materials))}
                        {space.may_chat.then(|| link(format!("{base}/chat"), Tab::Chat, |i18n| t_string!(i18n, space_chat)))}
                        {link(format!("{base}/members"), Tab::Members, |i18n| t_string!(i18n, space_members))}
                        {space.may_see_pupils.then(|| link(format!("{base}/pupils"), Tab::Pupils, |i18n| t_string!(i18n, space_pupils)))}
                        {space.may_approve.then(|| link(format!("{base}/waiting"), Tab::Waiting, |i18n| t_string!(i18n, waiting_tab)))}
                        <a href=format!("/projects/{id}") class="px-3 py-2 text-slate-700 hover:text-brand-800">{t!(i18n, space_public_page)}</a>
                    </div>
                    {space.may_change_lifecycle.then(|| view! {
                        <ActionForm action=advance attr:class="pb-2">
                            <input type="hidden" name="project" value=id/>
                            <button type="submit" class="btn-secondary text-sm" data-testid="lifecycle">
                                {move || if status == ProjectStatus::Open { t_string!(i18n, space_archive) } else { t_string!(i18n, space_close) }}
                            </button>
                        </ActionForm>
                    })}
                </nav>
            </div>
        </div>
    }
}

#[component]
pub fn TwinboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = project_id();
    let create = ServerAction::<CreatePost>::new();
    let delete = ServerAction::<DeletePost>::new();
    let pin = ServerAction::<PinPost>::new();
    let like = ServerAction::<LikePost>::new();
    let comment = ServerAction::<AddComment>::new();
    let delete_comment = ServerAction::<DeleteComment>::new();
    // `?page=2` and on: older posts, through plain links.
    let page = page_param();
    // Any action done: load the board again.
    let versions = move || {
        [create.version(), delete.version(), pin.version(), like.version(), comment.version(), delete_comment.version()]
            .map(|v| v.get())
    };
    let board = Resource::new(move || (id(), page(), versions()), |(id, page, _)| async move {
        match id {
            Some(id) => load_board(id, page).await,
            None => Err(AppError::NotFound),
        }
    });
    let create_result = outcome(create);
    // Made once here, where the language is known: made inside the closures below, it asked for the language from
    // wherever the closure ran, which under load was once outside it (a panic, docs/performance.md).
    let (body_error, create_error) = (field_error(create_result, "body"), form_error(create_result));
    let comment_result = outcome(comment);
    let any_error = any_error(vec![outcome(delete), outcome(pin), outcome(like), comment_result, outcome(delete_comment)]);
    let actions = move |project| PostActions { project, comment, delete_comment };
    view! {
        <Suspense fallback=move || view! { <p class="p-10 text-center text-slate-600" role="status">{t!(i18n, loading)}</p> }>
            {move || board.get().map(|result| match result {
                Err(err) => failed(i18n, err),
                Ok(board) => {
                    let project = board.space.project_id;
                    view! {
                        <SpaceHeader space=board.space.clone() tab=Tab::Board/>
                        <div class="mx-auto max-w-3xl px-4 py-8">
                            <ErrorBanner message=any_error/>
                            {board.space.may_post.then(|| view! {
                                <ActionForm action=create attr:class="flex flex-col gap-2 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" attr:data-testid="new-post">
                                    <RequestKey />
                                    <input type="hidden" name="project" value=project/>
                                    <label for="new-post-body" class="font-medium text-slate-800">{t!(i18n, twinboard_new_post)}</label>
                                    <textarea id="new-post-body" name="body" rows="3" maxlength="5000" required
                                        class="rounded-md border border-slate-300 px-3 py-2"></textarea>
                                    <ErrorBanner message=create_error/>
                                    <Show when=move || body_error.get().is_some()>
                                        <p class="text-sm text-red-700">{move || body_error.get()}</p>
                                    </Show>
                                    <button type="submit" class="btn-primary self-end">{t!(i18n, twinboard_publish)}</button>
                                </ActionForm>
                            })}
                            {if board.posts.is_empty() {
                                view! { <p class="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">{t!(i18n, twinboard_empty)}</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="mt-6 flex flex-col gap-4" data-testid="twinboard" inner_html=posts_html(i18n, board.posts, actions(project))></ol>
                                }.into_any()
                            }}
                            {pager(i18n, format!("/projects/{project}/space"), board.page, board.more, "twinboard-pages")}
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// What a Twinboard post's own forms send, made once for the page (like, pin and delete are buttons of one
/// form: see `post_buttons`).
#[derive(Clone, Copy)]
struct PostActions {
    /// The space's project, for the address of a post's edit page.
    project: i32,
    comment: ServerAction<AddComment>,
    delete_comment: ServerAction<DeleteComment>,
}

/// The posts of a Twinboard page as one piece of HTML: each post kept whole where the server keeps posts
/// (`ssr::RenderedPosts`), and only its comment form's request key written anew (`KeptPost`). A page thus renders
/// only the posts that changed since someone with the same rights last saw them, and none of the rest.
fn posts_html(i18n: I18nContext<Locale>, posts: Vec<PostView>, actions: PostActions) -> String {
    let locale = i18n.get_locale_untracked();
    let mut html = String::with_capacity(posts.len() * 3072);
    for post in posts {
        let render = |post: PostView| {
            let with_form = post.may_comment;
            KeptPost::new(post_item(i18n, post, actions).to_html(), with_form)
        };
        kept_post(locale, post, render).write_to(&mut html);
    }
    html
}

/// One post of the Twinboard: everything in it comes from `post` and the language, but the request key of its
/// comment form, which is drawn as `KeptPost::KEY_SLOT` and written in for each page.
fn post_item(i18n: I18nContext<Locale>, post: PostView, actions: PostActions) -> impl IntoView {
    let post_id = post.id;
    let comment_id = format!("comment-{post_id}");
    let comment = post.may_comment.then(|| view! {
        <ActionForm action=actions.comment attr:class="mt-3 flex items-end gap-2">
            <input type="hidden" name=crate::requests::FIELD value=KeptPost::KEY_SLOT/>
            <input type="hidden" name="post" value=post_id/>
            <label for=comment_id.clone() class="sr-only">{t!(i18n, twinboard_comment)}</label>
            <input id=comment_id.clone() name="body" required maxlength="2000" placeholder=t_string!(i18n, twinboard_comment)
                class="flex-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm"/>
            <button type="submit" class="btn-secondary text-sm">{t!(i18n, twinboard_reply)}</button>
        </ActionForm>
    });
    view! {
        <li id=format!("post-{post_id}") class="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" data-testid="post">
            {post_content(i18n, post, actions)}
            {comment}
        </li>
    }
}

/// The kept HTML of a post where the server keeps posts (every page it serves), else rendered now.
fn kept_post(locale: Locale, post: PostView, render: impl FnOnce(PostView) -> KeptPost) -> KeptPost {
    #[cfg(feature = "ssr")]
    if let Some(kept) = use_context::<super::ssr::RenderedPosts>() {
        return kept.get_or_render(locale, post, render);
    }
    let _ = locale;
    render(post)
}

/// Like, pin and delete: one form whose buttons each send to their own server function (`formaction`) with
/// their own value, so a post carries one form and one hidden field for the three, not three of each (a post's
/// bytes are most of what a Twinboard page costs: `docs/performance.md`). Between them the link to the post's
/// edit page, then the report link.
fn post_buttons(i18n: I18nContext<Locale>, post: &PostView, project: i32) -> AnyView {
    let (post_id, likes, liked, pinned) = (post.id, post.likes, post.liked, post.pinned);
    let like = if post.may_like {
        view! {
            <button type="submit" name="like" value=(!liked).to_string() aria-pressed=liked.to_string() class="btn-link">
                {if liked { t!(i18n, twinboard_unlike).into_any() } else { t!(i18n, twinboard_like).into_any() }}
                " · "{likes}
            </button>
        }
        .into_any()
    } else {
        view! { <span class="text-slate-600">{t!(i18n, twinboard_likes, count = move || likes)}</span> }.into_any()
    };
    let pin = post.may_pin.then(|| view! {
        <button type="submit" formaction=PinPost::url() name="pinned" value=(!pinned).to_string() class="btn-link">
            {if pinned { t!(i18n, twinboard_unpin).into_any() } else { t!(i18n, twinboard_pin).into_any() }}
        </button>
    });
    // Its own page: the text once in the post, not again in a hidden edit form (a post's id names its project, so
    // the kept HTML still depends on the `PostView` alone).
    let edit = post.may_edit.then(|| view! {
        <a href=format!("/projects/{project}/space/posts/{post_id}/edit") class="btn-link">{t!(i18n, edit_button)}</a>
    });
    let delete = post.may_delete.then(|| view! {
        <button type="submit" formaction=DeletePost::url() class="btn-link text-red-800">{t!(i18n, delete_button)}</button>
    });
    let report = post.may_report.then(|| view! { <ReportButton kind=ReportKind::Post target=post_id/> });
    let class = "mt-3 flex flex-wrap items-center gap-3 text-sm";
    if post.may_like || post.may_pin || post.may_delete {
        view! {
            <form method="post" action=LikePost::url() class=class>
                <input type="hidden" name="post" value=post_id/>
                {like}{pin}{edit}{delete}{report}
            </form>
        }
        .into_any()
    } else {
        view! { <div class=class>{like}{edit}{report}</div> }.into_any()
    }
}

/// A post's author, time, text, actions and comments: everything in it comes from `post` and the language.
fn post_content(i18n: I18nContext<Locale>, post: PostView, actions: PostActions) -> impl IntoView {
    let (delete_comment, project) = (actions.delete_comment, actions.project);
    view! {
        <div class="flex flex-wrap items-baseline justify-between gap-2">
            <p class="font-semibold text-slate-900">{post.author.clone()}</p>
            <p class="text-xs text-slate-600">
                {post.pinned.then(|| view! { <span class="badge me-2">{t!(i18n, twinboard_pinned)}</span> })}
                <time datetime=post.created_at.to_rfc3339()>{crate::locale::date_time(i18n.get_locale_untracked(), post.created_at)}</time>
                {post.edited.then(|| view! { " · "{t!(i18n, twinboard_edited)} })}
            </p>
        </div>
        <MarkNote mark=post.mark.clone()/>
        <p class="mt-2 whitespace-pre-line break-words text-slate-800">{post.body.clone()}</p>
        {post_buttons(i18n, &post, project)}
        <ul class="mt-3 flex flex-col gap-2 border-s-2 border-slate-100 ps-4">
            {post.comments.into_iter().map(|c| {
                let cid = c.id;
                view! {
                    <li class="text-sm" data-testid="comment">
                        <span class="font-semibold text-slate-900">{c.author}</span>
                        <span class="ms-2 text-xs text-slate-600">{crate::locale::date_time(i18n.get_locale_untracked(), c.created_at)}</span>
                        <MarkNote mark=c.mark/>
                        <p class="whitespace-pre-line break-words text-slate-800">{c.body}</p>
                        {c.may_report.then(|| view! { <ReportButton kind=ReportKind::Comment target=cid/> })}
                        {c.may_delete.then(|| view! {
                            <ActionForm action=delete_comment>
                                <input type="hidden" name="comment" value=cid/>
                                <button type="submit" class="btn-link text-red-800">{t!(i18n, delete_button)}</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// A Twinboard post's own page for its author to correct it: saved, the Twinboard again at the post.
#[component]
pub fn EditPostPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = project_id();
    let params = use_params_map();
    let edit = ServerAction::<EditPost>::new();
    let result = outcome(edit);
    let (body_error, result_error) = (field_error(result, "body"), form_error(result));
    let post = Resource::new(
        move || (id(), params.read().get("post").and_then(|p| p.parse::<i32>().ok())),
        |ids| async move {
            match ids {
                (Some(project), Some(post)) => load_post_to_edit(project, post).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="p-10 text-center text-slate-600" role="status">{t!(i18n, loading)}</p> }>
            {move || post.get().map(|loaded| match loaded {
                Err(err) => failed(i18n, err),
                Ok(loaded) => {
                    let back = format!("/projects/{}/space#post-{}", loaded.space.project_id, loaded.post);
                    view! {
                        <SpaceHeader space=loaded.space.clone() tab=Tab::Board/>
                        <div class="mx-auto max-w-3xl px-4 py-8">
                            <ActionForm action=edit attr:class="flex flex-col gap-2 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" attr:data-testid="edit-post">
                                <input type="hidden" name="post" value=loaded.post/>
                                <label for="edit-post-body" class="font-medium text-slate-800">{t!(i18n, twinboard_edit_label)}</label>
                                <textarea id="edit-post-body" name="body" rows="6" maxlength="5000" required class="rounded-md border border-slate-300 px-3 py-2">{raw_text(loaded.body.clone())}</textarea>
                                <ErrorBanner message=result_error/>
                                <Show when=move || body_error.get().is_some()>
                                    <p class="text-sm text-red-700">{move || body_error.get()}</p>
                                </Show>
                                <div class="flex items-center justify-end gap-3">
                                    <a href=back class="btn-link">{t!(i18n, twinboard_back)}</a>
                                    <button type="submit" class="btn-primary">{t!(i18n, save_button)}</button>
                                </div>
                            </ActionForm>
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn SpaceMembersPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = project_id();
    let invite = ServerAction::<InviteMember>::new();
    let withdraw = ServerAction::<WithdrawInvitation>::new();
    let change = ServerAction::<ChangeMemberRole>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let settings = ServerAction::<UpdatePublicSettings>::new();
    let members = Resource::new(
        move || (id(), invite.version().get(), withdraw.version().get(), change.version().get(), remove.version().get(), settings.version().get()),
        |(id, ..)| async move {
            match id {
                Some(id) => load_members(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let any_error = any_error(vec![outcome(invite), outcome(withdraw), outcome(change), outcome(remove), outcome(settings)]);
    view! {
        <Suspense fallback=move || view! { <p class="p-10 text-center text-slate-600" role="status">{t!(i18n, loading)}</p> }>
            {move || members.get().map(|result| match result {
                Err(err) => failed(i18n, err),
                Ok(view_) => {
                    let project = view_.space.project_id;
                    let manage = view_.may_manage;
                    view! {
                        <SpaceHeader space=view_.space.clone() tab=Tab::Members/>
                        <div class="mx-auto max-w-5xl px-4 py-8">
                            <ErrorBanner message=any_error/>
                            <table class="mt-2 w-full text-start text-sm" data-testid="members">
                                <thead class="border-b border-slate-200 text-slate-600">
                                    <tr>
                                        <th scope="col" class="py-2 text-start">{t!(i18n, member_name)}</th>
                                        <th scope="col" class="py-2 text-start">{t!(i18n, field_country)}</th>
                                        <th scope="col" class="py-2 text-start">{t!(i18n, member_role)}</th>
                                        {manage.then(|| view! { <th scope="col" class="py-2 text-start"><span class="sr-only">{t!(i18n, member_actions)}</span></th> })}
                                    </tr>
                                </thead>
                                <tbody>
                                    {view_.members.into_iter().map(|m| {
                                        let account = m.account_id;
                                        let role = m.role;
                                        let choices: &'static [SpaceRole] = if role.is_pupil() { &SpaceRole::PUPILS } else { &SpaceRole::STAFF };
                                        let select_id = format!("role-{account}");
                                        view! {
                                            <tr class="border-b border-slate-100">
                                                <td class="py-2 font-medium text-slate-900">{m.display_name.clone()}{m.is_you.then(|| view! { <span class="ms-2 text-xs text-slate-600">{t!(i18n, member_you)}</span> })}</td>
                                                <td class="py-2 text-slate-700">{m.country_code.as_deref().map(|code| crate::locale::country_name(i18n.get_locale(), code)).unwrap_or_default()}</td>
                                                <td class="py-2 text-slate-700">{move || role_label(i18n, role)}</td>
                                                {manage.then(|| view! {
                                                    <td class="py-2">
                                                        <div class="flex flex-wrap items-center gap-2">
                                                            <ActionForm action=change attr:class="flex items-center gap-1">
                                                                <input type="hidden" name="project" value=project/>
                                                                <input type="hidden" name="account" value=account/>
                                                                <label for=select_id.clone() class="sr-only">{t!(i18n, member_role)}</label>
                                                                <select id=select_id.clone() name="role" class="rounded-md border border-slate-300 px-2 py-1">
                                                                    {choices.iter().map(|r| {
                                                                        let r = *r;
                                                                        view! { <option value=r.as_str() selected=r == role>{move || role_label(i18n, r)}</option> }
                                                                    }).collect_view()}
                                                                </select>
                                                                <button type="submit" class="btn-link">{t!(i18n, save_button)}</button>
                                                            </ActionForm>
                                                            <ActionForm action=remove>
                                                                <input type="hidden" name="project" value=project/>
                                                                <input type="hidden" name="account" value=account/>
                                                                <button type="submit" class="btn-link text-red-800">{t!(i18n, member_remove)}</button>
                                                            </ActionForm>
                                                        </div>
                                                    </td>
                                                })}
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            {(!view_.invited.is_empty()).then(|| view! {
                                <section class="mt-8" aria-labelledby="invited-heading">
                                    <h2 id="invited-heading" class="text-lg font-semibold">{t!(i18n, space_invited)}</h2>
                                    <ul class="mt-2 flex flex-col gap-2">
                                        {view_.invited.into_iter().map(|inv| {
                                            let role = inv.role;
                                            view! {
                                                <li class="flex flex-wrap items-center gap-3 text-sm">
                                                    <span class="font-medium">{inv.display_name}</span>
                                                    <span class="text-slate-600">{move || role_label(i18n, role)}</span>
                                                    <ActionForm action=withdraw>
                                                        <input type="hidden" name="project" value=project/>
                                                        <input type="hidden" name="account" value=inv.account_id/>
                                                        <button type="submit" class="btn-link">{t!(i18n, contact_withdraw)}</button>
                                                    </ActionForm>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            {view_.public_settings.map(|current| view! {
                                <section class="mt-8 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-labelledby="public-heading">
                                    <h2 id="public-heading" class="text-lg font-semibold">{t!(i18n, space_public_settings)}</h2>
                                    <ActionForm action=settings attr:class="mt-3 flex flex-col gap-2">
                                        <input type="hidden" name="project" value=project/>
                                        <label class="flex items-center gap-2"><input type="checkbox" name="listed" value="on" checked=current.listed/>{t!(i18n, space_listed)}</label>
                                        <label class="flex items-center gap-2"><input type="checkbox" name="show_members" value="on" checked=current.show_members/>{t!(i18n, space_show_members)}</label>
                                        <button type="submit" class="btn-secondary self-start">{t!(i18n, save_button)}</button>
                                    </ActionForm>
                                </section>
                            })}
                            {(!view_.invitable.is_empty()).then(|| view! {
                                <section class="mt-8 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-labelledby="invite-heading">
                                    <h2 id="invite-heading" class="text-lg font-semibold">{t!(i18n, space_invite)}</h2>
                                    <ActionForm action=invite attr:class="mt-3 flex flex-wrap items-end gap-3">
                                        <input type="hidden" name="project" value=project/>
                                        <div class="flex flex-col gap-1">
                                            <label for="invite-account" class="text-sm font-medium text-slate-800">{t!(i18n, space_invite_who)}</label>
                                            <select id="invite-account" name="account" required class="rounded-md border border-slate-300 px-3 py-2">
                                                {view_.invitable.into_iter().map(|c| view! { <option value=c.id.to_string()>{format!("{} ({})", c.display_name, crate::locale::country_name(i18n.get_locale(), &c.country_code))}</option> }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="flex flex-col gap-1">
                                            <label for="invite-role" class="text-sm font-medium text-slate-800">{t!(i18n, member_role)}</label>
                                            <select id="invite-role" name="role" class="rounded-md border border-slate-300 px-3 py-2">
                                                {SpaceRole::STAFF.into_iter().map(|r| view! { <option value=r.as_str() selected=r == SpaceRole::Teacher>{move || role_label(i18n, r)}</option> }).collect_view()}
                                            </select>
                                        </div>
                                        <button type="submit" class="btn-primary">{t!(i18n, space_invite_button)}</button>
                                    </ActionForm>
                                </section>
                            })}
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn SpacePupilsPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = project_id();
    let create = ServerAction::<CreatePupils>::new();
    let reset = ServerAction::<ResetPupilPassword>::new();
    let remove = ServerAction::<RemovePupil>::new();
    let erase = ServerAction::<super::pupil_data::ErasePupil>::new();
    let pupils = Resource::new(
        move || (id(), create.version().get(), reset.version().get(), remove.version().get(), erase.version().get()),
        |(id, ..)| async move {
            match id {
                Some(id) => load_pupils(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    // The page is rendered on the server after each form post: a failure comes back in the address (read by
    // the actions), the logins just made or reset come with the pupils (`PupilsView::sheet`, shown once).
    let names_error = any_error(vec![Signal::derive(move || create.value().get().map(|r| r.map(|_| ())))]);
    let other_error = any_error(vec![Signal::derive(move || reset.value().get().map(|r| r.map(|_| ()))), outcome(remove), outcome(erase)]);
    view! {
        <Suspense fallback=move || view! { <p class="p-10 text-center text-slate-600" role="status">{t!(i18n, loading)}</p> }>
            {move || pupils.get().map(|result| match result {
                Err(err) => failed(i18n, err),
                Ok(view_) => {
                    let project = view_.space.project_id;
                    let sheet = view_.sheet.clone();
                    view! {
                        <SpaceHeader space=view_.space.clone() tab=Tab::Pupils/>
                        <div class="mx-auto max-w-5xl px-4 py-8">
                            {(!sheet.is_empty()).then(|| view! {
                                <section class="mb-8 rounded-lg border-2 border-dashed border-brand-500 bg-white p-5" aria-labelledby="sheet-heading" data-testid="login-sheet">
                                    <div class="no-print flex flex-wrap items-center justify-between gap-3">
                                        <h2 id="sheet-heading" class="text-lg font-semibold">{t!(i18n, pupils_sheet)}</h2>
                                        <PrintButton>{t!(i18n, pupils_print)}</PrintButton>
                                    </div>
                                    <p class="no-print mt-1 text-sm text-slate-700">{t!(i18n, pupils_sheet_hint)}</p>
                                    <ul class="mt-4 grid gap-3 sm:grid-cols-2">
                                        {sheet.into_iter().map(|login| view! {
                                            <li class="login-card rounded-md border border-slate-300 p-4">
                                                <p class="font-semibold text-slate-900">{login.display_name}</p>
                                                <p class="text-sm text-slate-700">{t!(i18n, pupils_sign_in_at)}" /pupils/signin"</p>
                                                <p class="mt-1 font-mono text-sm">{t!(i18n, field_username)}": "<span data-testid="username">{login.username}</span></p>
                                                <p class="font-mono text-sm">{t!(i18n, field_password)}": "<span data-testid="password">{login.password}</span></p>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <ErrorBanner message=other_error/>
                            {view_.may_create.then(|| view! {
                                <ActionForm action=create attr:class="no-print flex flex-col gap-2 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" attr:data-testid="create-pupils">
                                    <RequestKey />
                                    <input type="hidden" name="project" value=project/>
                                    <label for="pupil-names" class="font-medium text-slate-800">{t!(i18n, pupils_names)}</label>
                                    <p id="pupil-names-hint" class="text-sm text-slate-600">{t!(i18n, pupils_names_hint)}</p>
                                    <textarea id="pupil-names" name="names" rows="6" required aria-describedby="pupil-names-hint" class="rounded-md border border-slate-300 px-3 py-2"></textarea>
                                    <ErrorBanner message=names_error/>
                                    <button type="submit" class="btn-primary self-start">{t!(i18n, pupils_create)}</button>
                                </ActionForm>
                            })}
                            {if view_.pupils.is_empty() {
                                view! { <p class="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">{t!(i18n, pupils_none)}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="no-print mt-8 w-full text-sm" data-testid="pupils">
                                        <thead class="border-b border-slate-200 text-slate-600">
                                            <tr>
                                                <th scope="col" class="py-2 text-start">{t!(i18n, member_name)}</th>
                                                <th scope="col" class="py-2 text-start">{t!(i18n, field_username)}</th>
                                                <th scope="col" class="py-2 text-start">{t!(i18n, member_role)}</th>
                                                <th scope="col" class="py-2 text-start"><span class="sr-only">{t!(i18n, member_actions)}</span></th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {view_.pupils.into_iter().map(|p| {
                                                let role = p.role;
                                                view! {
                                                    <tr class="border-b border-slate-100">
                                                        <td class="py-2 font-medium">{p.display_name}</td>
                                                        <td class="py-2 font-mono">{p.username}</td>
                                                        <td class="py-2">{move || role_label(i18n, role)}</td>
                                                        <td class="py-2">
                                                            {p.may_manage.then(|| view! {
                                                                <div class="flex gap-2">
                                                                    <ActionForm action=reset>
                                                                        <input type="hidden" name="project" value=project/>
                                                                        <input type="hidden" name="pupil" value=p.account_id/>
                                                                        <button type="submit" class="btn-link">{t!(i18n, pupils_reset)}</button>
                                                                    </ActionForm>
                                                                    <ActionForm action=remove>
                                                                        <input type="hidden" name="project" value=project/>
                                                                        <input type="hidden" name="pupil" value=p.account_id/>
                                                                        <button type="submit" class="btn-link text-red-800">{t!(i18n, member_remove)}</button>
                                                                    </ActionForm>
                                                                    <a href=format!("/projects/{project}/pupils/{}/export", p.account_id) download class="btn-link">{t!(i18n, pupils_export)}</a>
                                                                    <details>
                                                                        <summary class="btn-link cursor-pointer text-red-800">{t!(i18n, pupils_erase)}</summary>
                                                                        <ActionForm action=erase attr:class="mt-2 flex flex-col gap-2 rounded-md border border-red-200 bg-red-50 p-3">
                                                                            <input type="hidden" name="project" value=project/>
                                                                            <input type="hidden" name="pupil" value=p.account_id/>
                                                                            <p class="max-w-xs text-slate-800">{t!(i18n, pupils_erase_intro)}</p>
                                                                            <label class="flex items-center gap-2"><input type="checkbox" name="keep" value="on"/>{t!(i18n, pupils_erase_keep)}</label>
                                                                            <button type="submit" class="self-start rounded-md border border-red-300 bg-white px-3 py-1.5 font-semibold text-red-800">{t!(i18n, pupils_erase_confirm)}</button>
                                                                        </ActionForm>
                                                                    </details>
                                                                </div>
                                                            })}
                                                        </td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// The sheet's print button: an island, as printing needs the browser (the sheet itself is plain HTML, and its
/// print style hides everything else).
#[island]
fn PrintButton(children: Children) -> impl IntoView {
    view! { <button type="button" class="btn-primary" on:click=move |_| { let _ = window().print(); }>{children()}</button> }
}

/// Pupils sign in here with the username and password from their teacher's sheet.
#[component]
pub fn PupilSignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = ServerAction::<PupilSignIn>::new();
    let result = outcome(sign_in);
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, pupil_sign_in_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto w-full max-w-md px-4 py-10">
            <div class="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
                <h1 class="text-2xl font-bold text-slate-900">{t!(i18n, pupil_sign_in_title)}</h1>
                <p class="mt-2 text-slate-700">{t!(i18n, pupil_sign_in_intro)}</p>
                <ActionForm action=sign_in attr:class="mt-6 flex flex-col gap-4">
                    <ErrorBanner message=form_error(result)/>
                    <TextField name="username" field="username" label=Signal::derive(move || t_string!(i18n, field_username).to_owned()) autocomplete="username" required=true error=field_error(result, "username")/>
                    <TextField name="password" field="password" kind="password" label=Signal::derive(move || t_string!(i18n, field_password).to_owned()) autocomplete="current-password" required=true error=field_error(result, "password")/>
                    <button type="submit" class="btn-primary">{t!(i18n, nav_sign_in)}</button>
                </ActionForm>
                <p class="mt-6 text-sm text-slate-600"><a href="/signin" class="underline">{t!(i18n, pupil_sign_in_teacher)}</a></p>
            </div>
        </div>
    }
}
