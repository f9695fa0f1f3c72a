//! The TwinSpace's forum: threads and a thread with its replies.
use super::{DeleteReply, DeleteThread, ReplyToThread, StartThread, load_forum, load_thread};
use crate::{
    error::AppError,
    forms::{ErrorBanner, TextField, field_error, form_error, outcome},
    i18n::*,
    moderation::{ReportKind, views::{MarkNote, ReportButton}},
    twinspace::{ContentMark, views::{SpaceHeader, Tab}},
    ui::{RequestKey, empty, failed_page as failed, loading_page as loading_view, route_id as param},
};
use leptos::{form::ActionForm, prelude::*};

#[component]
pub fn ForumPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = param("id");
    let start = ServerAction::<StartThread>::new();
    let result = outcome(start);
    let forum = Resource::new(move || (id(), start.version().get()), |(id, _)| async move {
        match id {
            Some(id) => load_forum(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=loading_view>
            {move || forum.get().map(|loaded| match loaded {
                Err(err) => failed(i18n, err),
                Ok(forum) => {
                    let project = forum.space.project_id;
                    view! {
                        <SpaceHeader space=forum.space.clone() tab=Tab::Forum/>
                        <div class="mx-auto max-w-5xl px-4 py-8">
                            {if forum.threads.is_empty() {
                                empty(t!(i18n, forum_none)).into_any()
                            } else {
                                view! {
                                    <ul class="flex flex-col divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-testid="threads">
                                        {forum.threads.into_iter().map(|thread| {
                                            let replies = thread.replies;
                                            view! {
                                                <li class="flex flex-wrap items-center justify-between gap-2 p-4">
                                                    <a href=format!("/projects/{project}/space/forum/{}", thread.id) class="font-semibold text-brand-800 hover:underline">{thread.title}</a>
                                                    <span class="text-xs text-slate-600">
                                                        {(thread.mark != ContentMark::Visible).then(|| view! { <span class="badge-plus me-2">{t!(i18n, moderation_not_visible)}</span> })}
                                                        {thread.author}" · "{t!(i18n, forum_replies, count = move || replies)}" · "{crate::locale::date_time(i18n.get_locale(), thread.last_activity)}
                                                    </span>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            {forum.may_start.then(|| view! {
                                <ActionForm action=start attr:class="mt-8 flex flex-col gap-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
                                    <RequestKey />
                                    <h2 class="text-lg font-semibold">{t!(i18n, forum_start)}</h2>
                                    <input type="hidden" name="project" value=project/>
                                    <ErrorBanner message=form_error(result)/>
                                    <TextField name="title" field="title" label=Signal::derive(move || t_string!(i18n, page_title_field).to_owned()) required=true error=field_error(result, "title")/>
                                    <label for="thread-body" class="text-sm font-medium text-slate-800">{t!(i18n, forum_message)}</label>
                                    <textarea id="thread-body" name="body" rows="5" required maxlength="5000" class="rounded-md border border-slate-300 px-3 py-2"></textarea>
                                    <button type="submit" class="btn-primary self-start">{t!(i18n, forum_start_button)}</button>
                                </ActionForm>
                            })}
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ThreadPage() -> impl IntoView {
    let i18n = use_i18n();
    let thread_id = param("thread");
    let reply = ServerAction::<ReplyToThread>::new();
    let delete_reply = ServerAction::<DeleteReply>::new();
    let delete_thread = ServerAction::<DeleteThread>::new();
    let reply_result = outcome(reply);
    // Made once here, where the language is known: made inside the closures below, it asked for the language from
    // wherever the closure ran, which under load was once outside it (a panic, docs/performance.md).
    let reply_error = field_error(reply_result, "body");
    let thread = Resource::new(move || (thread_id(), reply.version().get(), delete_reply.version().get()), |(id, ..)| async move {
        match id {
            Some(id) => load_thread(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=loading_view>
            {move || thread.get().map(|loaded| match loaded {
                Err(err) => failed(i18n, err),
                Ok(thread) => {
                    let id = thread.id;
                    view! {
                        <SpaceHeader space=thread.space.clone() tab=Tab::Forum/>
                        <div class="mx-auto max-w-3xl px-4 py-8">
                            <h2 class="text-2xl font-bold text-slate-900">{thread.title.clone()}</h2>
                            <p class="text-sm text-slate-600">{thread.author.clone()}" · "{crate::locale::date_time(i18n.get_locale(), thread.created_at)}</p>
                            <MarkNote mark=thread.mark.clone()/>
                            <p class="mt-3 whitespace-pre-line break-words text-slate-800">{thread.body.clone()}</p>
                            {thread.may_report.then(|| view! { <div class="mt-2"><ReportButton kind=ReportKind::Thread target=id/></div> })}
                            {thread.may_delete.then(|| view! {
                                <ActionForm action=delete_thread attr:class="mt-2">
                                    <input type="hidden" name="thread" value=id/>
                                    <button type="submit" class="btn-link text-red-800">{t!(i18n, delete_button)}</button>
                                </ActionForm>
                            })}
                            <ol class="mt-6 flex flex-col gap-3" data-testid="replies">
                                {thread.replies.into_iter().map(|r| {
                                    let rid = r.id;
                                    view! {
                                        <li class="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="reply">
                                            <p class="text-sm"><span class="font-semibold">{r.author}</span><span class="ms-2 text-xs text-slate-600">{crate::locale::date_time(i18n.get_locale(), r.created_at)}</span></p>
                                            <MarkNote mark=r.mark/>
                                            <p class="mt-1 whitespace-pre-line break-words text-slate-800">{r.body}</p>
                                            {r.may_report.then(|| view! { <ReportButton kind=ReportKind::Reply target=rid/> })}
                                            {r.may_delete.then(|| view! {
                                                <ActionForm action=delete_reply>
                                                    <input type="hidden" name="reply" value=rid/>
                                                    <button type="submit" class="btn-link text-red-800">{t!(i18n, delete_button)}</button>
                                                </ActionForm>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                            {thread.may_reply.then(|| view! {
                                <ActionForm action=reply attr:class="mt-6 flex flex-col gap-2">
                                    <RequestKey />
                                    <input type="hidden" name="thread" value=id/>
                                    <label for="reply-body" class="font-medium text-slate-800">{t!(i18n, forum_your_reply)}</label>
                                    <textarea id="reply-body" name="body" rows="3" required maxlength="5000"
                                        class="rounded-md border border-slate-300 px-3 py-2"></textarea>
                                    <ErrorBanner message=form_error(reply_result)/>
                                    <Show when=move || reply_error.get().is_some()>
                                        <p class="text-sm text-red-700">{move || reply_error.get()}</p>
                                    </Show>
                                    <button type="submit" class="btn-primary self-start">{t!(i18n, forum_reply_button)}</button>
                                </ActionForm>
                            })}
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
