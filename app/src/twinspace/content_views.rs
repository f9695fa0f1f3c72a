//! TwinSpace pages for pages (activities), the forum and the chat room.
use super::{
    chat::{ChatMessage, SendChatMessage, load_chat},
    forum::{DeleteReply, DeleteThread, ReplyToThread, StartThread, load_forum, load_thread},
    pages::{CreatePage, DeletePage, SetPageVisibility, UpdatePage, load_page, load_pages},
    views::{SpaceHeader, Tab},
};
use crate::{
    error::AppError,
    forms::{ErrorBanner, TextField, any_error, field_error, form_error, outcome},
    i18n::*,
    moderation::{ReportKind, views::{MarkNote, ReportButton, mark_note, report_link}},
    twinspace::ContentMark,
};
use leptos::{form::ActionForm, prelude::*};
use crate::ui::{PageTitle, RequestKey, failed_page as failed, raw_text};
use leptos_router::hooks::use_params_map;

fn param(name: &'static str) -> impl Fn() -> Option<i32> + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get(name).and_then(|id| id.parse::<i32>().ok())
}

fn loading_view() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="p-10 text-center text-slate-600" role="status">{t!(i18n, loading)}</p> }
}

fn empty(text: impl IntoView) -> impl IntoView {
    view! { <p class="mt-6 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">{text}</p> }
}

#[component]
pub fn SpacePagesPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = param("id");
    let create = ServerAction::<CreatePage>::new();
    let result = outcome(create);
    let pages = Resource::new(move || (id(), create.version().get()), |(id, _)| async move {
        match id {
            Some(id) => load_pages(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=loading_view>
            {move || pages.get().map(|result_| match result_ {
                Err(err) => failed(i18n, err),
                Ok(list) => {
                    let project = list.space.project_id;
                    view! {
                        <SpaceHeader space=list.space.clone() tab=Tab::Pages/>
                        <div class="mx-auto max-w-5xl px-4 py-8">
                            {if list.pages.is_empty() {
                                empty(t!(i18n, pages_none)).into_any()
                            } else {
                                view! {
                                    <ul class="flex flex-col divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-testid="pages">
                                        {list.pages.into_iter().map(|page| view! {
                                            <li class="flex flex-wrap items-center justify-between gap-2 p-4">
                                                <a href=format!("/projects/{project}/space/pages/{}", page.id) class="font-semibold text-brand-800 hover:underline">{page.title}</a>
                                                <span class="flex flex-wrap gap-2 text-xs">
                                                    {(!page.published).then(|| view! { <span class="badge-plus">{t!(i18n, page_draft)}</span> })}
                                                    {page.public.then(|| view! { <span class="badge">{t!(i18n, page_public)}</span> })}
                                                    {(page.mark != ContentMark::Visible).then(|| view! { <span class="badge-plus">{t!(i18n, moderation_is_hidden)}</span> })}
                                                    <span class="text-slate-600">{page.author}" · "{crate::locale::date(i18n.get_locale(), page.updated_at)}</span>
                                                </span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            {list.may_create.then(|| view! {
                                <ActionForm action=create attr:class="mt-8 flex flex-col gap-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
                                    <RequestKey />
                                    <h2 class="text-lg font-semibold">{t!(i18n, page_new)}</h2>
                                    <input type="hidden" name="project" value=project/>
                                    <ErrorBanner message=form_error(result)/>
                                    <TextField name="title" field="title" label=Signal::derive(move || t_string!(i18n, page_title_field).to_owned()) required=true error=field_error(result, "title")/>
                                    <label for="page-body" class="text-sm font-medium text-slate-800">{t!(i18n, page_body_field)}</label>
                                    <p id="page-body-hint" class="text-xs text-slate-600">{t!(i18n, page_body_hint)}</p>
                                    <textarea id="page-body" name="body" rows="10" required aria-describedby="page-body-hint" class="rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"></textarea>
                                    <button type="submit" class="btn-primary self-start">{t!(i18n, page_save_draft)}</button>
                                </ActionForm>
                            })}
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// One page: inside the TwinSpace for members, or the public copy for everyone when the page is public.
#[component]
pub fn SpacePagePage() -> impl IntoView {
    let i18n = use_i18n();
    let page_id = param("page");
    let update = ServerAction::<UpdatePage>::new();
    let delete = ServerAction::<DeletePage>::new();
    let visibility = ServerAction::<SetPageVisibility>::new();
    let page = Resource::new(move || (page_id(), update.version().get(), visibility.version().get()), |(id, ..)| async move {
        match id {
            Some(id) => load_page(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let any_error = any_error(vec![outcome(update), outcome(delete), outcome(visibility)]);
    view! {
        <Suspense fallback=loading_view>
            {move || page.get().map(|result| match result {
                Err(err) => failed(i18n, err),
                Ok(page) => {
                    let id = page.summary.id;
                    let summary = page.summary.clone();
                    view! {
                        <PageTitle text=format!("{} · {}", summary.title, page.project_title)/>
                        <article class="mx-auto max-w-3xl px-4 py-10">
                            <p class="text-sm font-medium text-brand-800">
                                <a href=if page.in_space { format!("/projects/{}/space/pages", page.project_id) } else { format!("/projects/{}", page.project_id) } class="hover:underline">
                                    {page.project_title.clone()}
                                </a>
                            </p>
                            <h1 class="mt-1 text-3xl font-bold text-slate-900">{summary.title.clone()}</h1>
                            <p class="mt-1 flex flex-wrap gap-2 text-sm text-slate-600">
                                {summary.author.clone()}" · "{crate::locale::date(i18n.get_locale(), summary.updated_at)}
                                {(!summary.published).then(|| view! { <span class="badge-plus">{t!(i18n, page_draft)}</span> })}
                                {summary.public.then(|| view! { <span class="badge">{t!(i18n, page_public)}</span> })}
                            </p>
                            <ErrorBanner message=any_error/>
                            <div class="page-content mt-6" data-testid="page-content" inner_html=page.html.clone()></div>
                            {page.may_publish.then(|| view! {
                                <ActionForm action=visibility attr:class="mt-8 flex flex-wrap items-center gap-4 rounded-lg bg-slate-50 p-4">
                                    <input type="hidden" name="page" value=id/>
                                    <label class="flex items-center gap-2"><input type="checkbox" name="published" value="on" checked=summary.published/>{t!(i18n, page_published)}</label>
                                    <label class="flex items-center gap-2"><input type="checkbox" name="public" value="on" checked=summary.public/>{t!(i18n, page_make_public)}</label>
                                    <button type="submit" class="btn-secondary">{t!(i18n, save_button)}</button>
                                </ActionForm>
                            })}
                            {page.markdown.clone().map(|markdown| view! {
                                <details class="mt-6">
                                    <summary class="cursor-pointer font-medium text-slate-800">{t!(i18n, edit_button)}</summary>
                                    <ActionForm action=update attr:class="mt-3 flex flex-col gap-3">
                                        <input type="hidden" name="page" value=id/>
                                        <label for="edit-title" class="text-sm font-medium">{t!(i18n, page_title_field)}</label>
                                        <input id="edit-title" name="title" required value=summary.title.clone() class="rounded-md border border-slate-300 px-3 py-2"/>
                                        <label for="edit-body" class="text-sm font-medium">{t!(i18n, page_body_field)}</label>
                                        <textarea id="edit-body" name="body" rows="12" required class="rounded-md border border-slate-300 px-3 py-2 font-mono text-sm">{raw_text(markdown)}</textarea>
                                        <button type="submit" class="btn-primary self-start">{t!(i18n, save_button)}</button>
                                    </ActionForm>
                                </details>
                            })}
                            {page.may_delete.then(|| view! {
                                <ActionForm action=delete attr:class="mt-4">
                                    <input type="hidden" name="page" value=id/>
                                    <button type="submit" class="btn-link text-red-800">{t!(i18n, delete_button)}</button>
                                </ActionForm>
                            })}
                            <MarkNote mark=summary.mark.clone()/>
                            {page.may_report.then(|| view! { <div class="mt-4"><ReportButton kind=ReportKind::Page target=id/></div> })}
                        </article>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

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
                                    <Show when=move || field_error(reply_result, "body").get().is_some()>
                                        <p class="text-sm text-red-700">{move || field_error(reply_result, "body").get()}</p>
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

/// Connection state of the live chat, as the reader sees it (changed by the browser's socket only).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy, PartialEq, Eq)]
enum Live {
    Connecting,
    Connected,
    Reconnecting,
}

#[component]
pub fn ChatPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = param("id");
    let room = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_chat(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=loading_view>
            {move || room.get().map(|loaded| match loaded {
                Err(err) => failed(i18n, err),
                Ok(room) => view! {
                    <SpaceHeader space=room.space.clone() tab=Tab::Chat/>
                    <ChatRoom project=room.space.project_id messages=room.messages may_write=room.may_write words=ChatWords::new(i18n) page_key=crate::requests::fresh_key()/>
                }.into_any(),
            })}
        </Suspense>
    }
}

/// What the chat island says, in the reader's language (islands carry no translations: see `ui::explain`).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ChatWords {
    connecting: String,
    connected: String,
    reconnecting: String,
    empty: String,
    message: String,
    send: String,
    report: String,
    hidden_note: String,
    waiting_note: String,
}

impl ChatWords {
    fn new(i18n: leptos_i18n::I18nContext<Locale>) -> Self {
        let s = |text: &str| text.to_owned();
        ChatWords {
            connecting: s(t_string!(i18n, chat_connecting)),
            connected: s(t_string!(i18n, chat_connected)),
            reconnecting: s(t_string!(i18n, chat_reconnecting)),
            empty: s(t_string!(i18n, chat_empty)),
            message: s(t_string!(i18n, chat_message)),
            send: s(t_string!(i18n, chat_send)),
            report: s(t_string!(i18n, report_button)),
            hidden_note: s(t_string!(i18n, moderation_hidden_note)),
            waiting_note: s(t_string!(i18n, moderation_waiting_note)),
        }
    }
}

/// The live chat: an island, the one part of the page that keeps running in the browser (the socket, the list
/// that grows, the message box that empties after sending).
#[island]
fn ChatRoom(project: i32, messages: Vec<ChatMessage>, may_write: bool, words: ChatWords, page_key: String) -> impl IntoView {
    let words = StoredValue::new(words);
    let word = move |pick: fn(&ChatWords) -> &String| words.with_value(|w| pick(w).clone());
    let messages = RwSignal::new(messages);
    let live = RwSignal::new(Live::Connecting);
    let send = ServerAction::<SendChatMessage>::new();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Each message its own request key: a message sent again after a lost answer is stored once.
    let sent = RwSignal::new(0u32);
    Effect::new(move || match send.value().get() {
        Some(Ok(())) => {
            text.set(String::new());
            error.set(None);
            sent.update(|n| *n += 1);
        }
        Some(Err(err)) => leptos::task::spawn_local(async move {
            error.set(Some(crate::ui::explain(err).await.unwrap_or_default()));
        }),
        None => {}
    });
    #[cfg(feature = "hydrate")]
    socket::connect(project, messages, live);
    view! {
        <div class="mx-auto max-w-3xl px-4 py-8">
            <p class="text-sm text-slate-600" role="status" data-testid="chat-status">
                {move || match live.get() {
                    Live::Connecting => word(|w| &w.connecting),
                    Live::Connected => word(|w| &w.connected),
                    Live::Reconnecting => word(|w| &w.reconnecting),
                }}
            </p>
            <ol class="mt-4 flex max-h-[32rem] flex-col gap-2 overflow-y-auto rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
                aria-live="polite" data-testid="chat-messages">
                <Show when=move || messages.with(|m| m.is_empty())>
                    <li class="text-center text-slate-600">{word(|w| &w.empty)}</li>
                </Show>
                <For each=move || messages.get() key=|m| m.id let:message>
                    <li data-testid="chat-message">
                        <span class="text-xs text-slate-600">{message.at.clone()}</span>
                        <span class="ms-2 font-semibold text-slate-900">{message.author.clone()}</span>
                        {mark_note(message.mark.clone(), word(|w| &w.hidden_note), word(|w| &w.waiting_note))}
                        <p class="whitespace-pre-line break-words text-slate-800">{message.body.clone()}</p>
                        {report_link(ReportKind::ChatMessage, message.id, word(|w| &w.report))}
                    </li>
                </For>
            </ol>
            {may_write.then(move || view! {
                <ActionForm action=send attr:class="mt-4 flex items-end gap-2">
                    <input type="hidden" name="project" value=project/>
                    <input type="hidden" name=crate::requests::FIELD value=move || crate::requests::nth_key(&page_key, sent.get())/>
                    <div class="flex flex-1 flex-col gap-1">
                        <label for="chat-body" class="text-sm font-medium text-slate-800">{word(|w| &w.message)}</label>
                        <input id="chat-body" name="body" required maxlength="2000" autocomplete="off"
                            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))
                            class="rounded-md border border-slate-300 px-3 py-2"/>
                    </div>
                    <button type="submit" class="btn-primary">{word(|w| &w.send)}</button>
                </ActionForm>
                <Show when=move || error.get().is_some()>
                    <p class="mt-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" role="alert">{move || error.get()}</p>
                </Show>
            })}
        </div>
    }
}

/// The live connection, in the browser only: appends what arrives, reconnects with a growing pause and asks
/// for what came after the last message it has.
#[cfg(feature = "hydrate")]
mod socket {
    use super::{ChatMessage, Live};
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::{CloseEvent, MessageEvent, WebSocket};

    pub fn connect(project: i32, messages: RwSignal<Vec<ChatMessage>>, live: RwSignal<Live>) {
        let stopped = StoredValue::new(false);
        let current: StoredValue<Option<WebSocket>, LocalStorage> = StoredValue::new_local(None);
        on_cleanup(move || {
            stopped.set_value(true);
            if let Some(socket) = current.get_value() {
                let _ = socket.close();
            }
        });
        open(project, messages, live, stopped, current, 0);
    }

    fn open(
        project: i32,
        messages: RwSignal<Vec<ChatMessage>>,
        live: RwSignal<Live>,
        stopped: StoredValue<bool>,
        current: StoredValue<Option<WebSocket>, LocalStorage>,
        attempt: u32,
    ) {
        if stopped.get_value() {
            return;
        }
        let location = window().location();
        let scheme = if location.protocol().as_deref() == Ok("https:") { "wss" } else { "ws" };
        let host = location.host().unwrap_or_default();
        let last = messages.with_untracked(|m| m.last().map(|m| m.id));
        let after = last.map(|id| format!("?after={id}")).unwrap_or_default();
        let Ok(socket) = WebSocket::new(&format!("{scheme}://{host}/projects/{project}/chat/socket{after}")) else {
            live.set(Live::Reconnecting);
            return;
        };
        // After a connection that worked, the next reconnection starts with a short pause again.
        let worked = std::rc::Rc::new(std::cell::Cell::new(false));
        let on_open = Closure::<dyn FnMut()>::new({
            let worked = worked.clone();
            move || {
                worked.set(true);
                live.set(Live::Connected);
            }
        });
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(text) = event.data().as_string() else { return };
            let Ok(message) = serde_json::from_str::<ChatMessage>(&text) else { return };
            messages.update(|list| {
                if message.withdrawn {
                    list.retain(|shown| shown.id != message.id);
                } else if list.last().is_none_or(|last| message.id > last.id) {
                    list.push(message);
                }
            });
        });
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |_: CloseEvent| {
            // Stop after five attempts in a row that never connected (the room is gone, or no longer ours);
            // reloading the page starts again.
            if stopped.get_value() || (!worked.get() && attempt >= 5) {
                return;
            }
            live.set(Live::Reconnecting);
            let next = if worked.get() { 0 } else { attempt + 1 };
            let pause = std::time::Duration::from_millis((500u64 << next.min(5)).min(10_000));
            set_timeout(move || open(project, messages, live, stopped, current, next), pause);
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        // The handlers live as long as the socket; a page opens few sockets.
        on_open.forget();
        on_message.forget();
        on_close.forget();
        current.set_value(Some(socket));
    }
}

#[component]
pub fn MaterialsPage() -> impl IntoView {
    use super::materials::{
        ACCEPTED, BUSY, CreateFolder, DeleteFolder, DeleteMaterial, FULL, MAX_FILE_MB, MAX_IMAGE_MB, MISMATCH, MISSING, NOT_ALLOWED, TOO_LARGE, UPLOADED,
        load_materials,
    };
    use crate::error::{Problem, describe_problem};
    use leptos_router::hooks::use_query_map;
    let i18n = use_i18n();
    let id = param("id");
    let query = use_query_map();
    let folder = move || query.read().get("folder").and_then(|f| f.parse::<i32>().ok());
    let outcome_code = move || query.read().get("outcome").unwrap_or_default();
    let create_folder = ServerAction::<CreateFolder>::new();
    let delete_folder = ServerAction::<DeleteFolder>::new();
    let delete = ServerAction::<DeleteMaterial>::new();
    let folder_result = outcome(create_folder);
    let list = Resource::new(
        move || (id(), folder(), create_folder.version().get(), delete.version().get(), delete_folder.version().get()),
        |(id, folder, ..)| async move {
            match id {
                Some(id) => load_materials(id, folder).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    // The outcome of the last upload, carried back in the address (the upload is a plain form post).
    let upload_message = Signal::derive(move || {
        let locale = i18n.get_locale();
        match outcome_code().as_str() {
            TOO_LARGE => Some(describe_problem(&Problem::FileTooLarge { max_mb: MAX_FILE_MB as u32 }, locale)),
            NOT_ALLOWED => Some(describe_problem(&Problem::FileTypeNotAllowed, locale)),
            MISMATCH => Some(describe_problem(&Problem::FileTypeMismatch, locale)),
            MISSING => Some(describe_problem(&Problem::FileMissing, locale)),
            FULL => {
                let quota_mb = list.get().and_then(|l| l.ok()).map_or(0, |l| l.quota_mb);
                Some(describe_problem(&Problem::StorageFull { quota_mb }, locale))
            }
            BUSY => Some(crate::error::describe(&AppError::Busy, locale)),
            _ => None,
        }
    });
    let uploaded = move || outcome_code() == UPLOADED;
    view! {
        <Suspense fallback=loading_view>
            {move || list.get().map(|loaded| match loaded {
                Err(err) => failed(i18n, err),
                Ok(view_) => {
                    let project = view_.space.project_id;
                    let current = view_.folder.clone();
                    let action = format!("/projects/{project}/materials");
                    view! {
                        <SpaceHeader space=view_.space.clone() tab=Tab::Materials/>
                        <div class="mx-auto grid max-w-5xl gap-8 px-4 py-8 md:grid-cols-[14rem_1fr]">
                            <nav aria-labelledby="folders-heading">
                                <h2 id="folders-heading" class="text-sm font-semibold uppercase tracking-wide text-slate-600">{t!(i18n, materials_folders)}</h2>
                                <ul class="mt-2 flex flex-col gap-1" data-testid="folders">
                                    <li><a href=format!("/projects/{project}/space/materials") aria-current=current.is_none().then_some("page")
                                        class="block rounded px-2 py-1 text-slate-800 hover:bg-slate-100 aria-[current=page]:bg-brand-50 aria-[current=page]:font-semibold">{t!(i18n, materials_top)}</a></li>
                                    {view_.folders.iter().cloned().map(|f| {
                                        let here = current.as_ref().is_some_and(|c| c.id == f.id);
                                        view! {
                                            <li><a href=format!("/projects/{project}/space/materials?folder={}", f.id) aria-current=here.then_some("page")
                                                class="block rounded px-2 py-1 text-slate-800 hover:bg-slate-100 aria-[current=page]:bg-brand-50 aria-[current=page]:font-semibold">
                                                {f.name.clone()}" ("{f.files}")"</a></li>
                                        }
                                    }).collect_view()}
                                </ul>
                                {view_.may_create_folder.then(|| view! {
                                    <ActionForm action=create_folder attr:class="mt-4 flex flex-col gap-2">
                                        <input type="hidden" name="project" value=project/>
                                        <label for="folder-name" class="text-sm font-medium text-slate-800">{t!(i18n, materials_new_folder)}</label>
                                        <input id="folder-name" name="name" required maxlength="100" class="rounded-md border border-slate-300 px-2 py-1"/>
                                        <ErrorBanner message=form_error(folder_result)/>
                                        <button type="submit" class="btn-secondary text-sm">{t!(i18n, materials_create_folder)}</button>
                                    </ActionForm>
                                })}
                            </nav>
                            <section>
                                <Show when=uploaded><div class="mb-4"><crate::forms::Notice>{t!(i18n, materials_uploaded)}</crate::forms::Notice></div></Show>
                                <ErrorBanner message=upload_message/>
                                {view_.may_upload.then(|| {
                                    let folder_id = current.as_ref().map(|f| f.id.to_string()).unwrap_or_default();
                                    view! {
                                        <UploadProgress label=t_string!(i18n, materials_uploading).to_owned()>
                                        <form method="post" action=action.clone() enctype="multipart/form-data" data-testid="upload-form"
                                            class="flex flex-col gap-2 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
                                            <h2 class="text-lg font-semibold">{t!(i18n, materials_upload)}</h2>
                                            <input type="hidden" name="folder" value=folder_id/>
                                            <RequestKey />
                                            <label for="material-file" class="text-sm font-medium text-slate-800">{t!(i18n, materials_file)}</label>
                                            <input id="material-file" name="file" type="file" required accept=ACCEPTED aria-describedby="material-limits" class="text-sm"/>
                                            <p id="material-limits" class="text-xs text-slate-600">{t!(i18n, materials_limits, image_mb = move || MAX_IMAGE_MB, file_mb = move || MAX_FILE_MB)}</p>
                                            {view_.storage.map(|storage| view! {
                                                <div class="flex flex-col gap-1" data-testid="storage-use">
                                                    <label for="storage-meter" class="text-xs text-slate-700">
                                                        {t!(i18n, materials_storage, used_mb = move || storage.used_mb(), quota_mb = move || storage.quota_mb())}
                                                    </label>
                                                    <meter id="storage-meter" min="0" max="100" low="80" high="95" optimum="0" value=storage.percent() class="h-2 w-full max-w-xs"></meter>
                                                </div>
                                            })}
                                            <button type="submit" class="btn-primary self-start">{t!(i18n, materials_upload_button)}</button>
                                        </form>
                                        </UploadProgress>
                                    }
                                })}
                                {if view_.items.is_empty() {
                                    empty(t!(i18n, materials_none)).into_any()
                                } else {
                                    view! {
                                        <ul class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="materials">
                                            {view_.items.into_iter().map(|item| {
                                                let material = item.id;
                                                view! {
                                                    <li class="flex flex-col gap-2 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200" data-testid="material">
                                                        {item.thumbnail.clone().map(|src| view! { <img src=src alt="" loading="lazy" class="h-40 w-full rounded object-cover"/> })}
                                                        <a href=format!("/materials/{material}") class="break-all font-medium text-brand-800 underline">{item.name.clone()}</a>
                                                        <p class="text-xs text-slate-600">{item.uploader.clone()}" · "{crate::locale::date_time(i18n.get_locale(), item.created_at)}" · "{item.size_kb}" KB"</p>
                                                        <MarkNote mark=item.mark.clone()/>
                                                        {item.may_report.then(|| view! { <ReportButton kind=ReportKind::Material target=material/> })}
                                                        {item.may_delete.then(|| view! {
                                                            <ActionForm action=delete>
                                                                <input type="hidden" name="material" value=material/>
                                                                <button type="submit" class="btn-link text-red-800">{t!(i18n, delete_button)}</button>
                                                            </ActionForm>
                                                        })}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                {(view_.may_delete_folder).then(|| current.clone().map(|f| view! {
                                    <ActionForm action=delete_folder attr:class="mt-6">
                                        <input type="hidden" name="folder" value=f.id/>
                                        <button type="submit" class="btn-link text-red-800">{t!(i18n, materials_delete_folder)}</button>
                                    </ActionForm>
                                }))}
                            </section>
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// An island around the upload form (rendered on the server, a plain multipart post without JavaScript): once
/// hydrated, the page sends the form itself so that a progress bar can follow it; the server answers with the
/// same redirect as for a plain post, which the page then follows.
#[island]
fn UploadProgress(label: String, children: Children) -> impl IntoView {
    let progress = RwSignal::new(None::<u32>);
    view! {
        <div class="mb-6 flex flex-col gap-2" on:submit=move |ev| upload::with_progress(ev, progress)>
            {children()}
            <Show when=move || progress.get().is_some()>
                <label for="upload-progress" class="text-sm text-slate-700">{label.clone()}</label>
                <progress id="upload-progress" max="100" value=move || progress.get().unwrap_or(0) class="w-full" data-testid="upload-progress"></progress>
            </Show>
        </div>
    }
}

mod upload {
    use leptos::prelude::*;

    #[cfg(feature = "hydrate")]
    pub fn with_progress(event: leptos::ev::SubmitEvent, progress: RwSignal<Option<u32>>) {
        use wasm_bindgen::{JsCast, closure::Closure};
        use web_sys::{FormData, HtmlFormElement, ProgressEvent, XmlHttpRequest};
        let Some(form) = event.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        let (Ok(data), Ok(request)) = (FormData::new_with_form(&form), XmlHttpRequest::new()) else { return };
        event.prevent_default();
        if request.open("POST", &form.action()).is_err() {
            return;
        }
        progress.set(Some(0));
        // One upload at a time: the button waits until the page moves on.
        if let Ok(Some(button)) = form.query_selector("button[type=submit]") {
            let _ = button.set_attribute("disabled", "");
        }
        if let Ok(upload) = request.upload() {
            let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    progress.set(Some((e.loaded() / e.total() * 100.0).round() as u32));
                }
            });
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
            on_progress.forget();
        }
        let done = {
            let request = request.clone();
            Closure::<dyn FnMut()>::new(move || {
                // The server redirected to the materials page with the outcome; go there.
                let target = Some(request.response_url()).filter(|url| !url.is_empty());
                let _ = window().location().assign(&target.unwrap_or_else(|| window().location().href().unwrap_or_default()));
            })
        };
        request.set_onloadend(Some(done.as_ref().unchecked_ref()));
        done.forget();
        if request.send_with_opt_form_data(Some(&data)).is_err() {
            progress.set(None);
        }
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn with_progress(_event: leptos::ev::SubmitEvent, _progress: RwSignal<Option<u32>>) {}
}
