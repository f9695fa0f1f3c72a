//! The conversation list and a conversation: pages rendered on the server, and the island that keeps a
//! conversation live in the browser.
use super::{BlockTeacher, Closed, ConversationView, PrivateMessage, SendPrivateMessage, load_conversation, load_inbox};
use crate::{
    error::AppError,
    forms::{ErrorBanner, form_error, outcome},
    i18n::*,
    moderation::{ReportKind, views::report_link},
    ui::{PageTitle, count_badge, empty, failed, failed_page, live::Live, loading, loading_page, route_id},
};
use leptos::{form::ActionForm, prelude::*};
use leptos_router::hooks::use_query_map;

#[component]
pub fn MessagesPage() -> impl IntoView {
    let i18n = use_i18n();
    let inbox = Resource::new(|| (), |_| load_inbox());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, nav_messages), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, nav_messages)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, messages_intro)}</p>
            <Suspense fallback=move || loading(i18n)>
                {move || inbox.get().map(|loaded| match loaded {
                    Err(err) => failed(i18n, err),
                    Ok(inbox) => {
                        let locale = i18n.get_locale();
                        let no_conversations = inbox.conversations.is_empty();
                        let no_contacts = inbox.contacts.is_empty();
                        view! {
                            {no_conversations.then(|| empty(t!(i18n, messages_empty)))}
                            <ul class="mt-6 flex flex-col gap-2" data-testid="conversations">
                                {inbox.conversations.into_iter().map(|c| {
                                    let unread = c.unread;
                                    view! {
                                        <li>
                                            <a href=format!("/messages/{}", c.with) data-testid="conversation"
                                                class="block rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-brand-700 focus-visible:ring-2">
                                                <span class="flex items-baseline justify-between gap-3">
                                                    <span class={if unread > 0 { "font-bold text-slate-900" } else { "font-semibold text-slate-900" }}>
                                                        {c.name}{count_badge(unread)}
                                                    </span>
                                                    <span class="text-sm text-slate-600">{crate::locale::date_time(locale, c.last_at)}</span>
                                                </span>
                                                <span class="mt-1 block truncate text-slate-700">
                                                    {c.last_from_me.then(|| view! { <span class="text-slate-600">{t!(i18n, messages_you)}": "</span> })}
                                                    {c.last}
                                                </span>
                                            </a>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            {(!inbox.contacts.is_empty()).then(|| view! {
                                <section class="mt-10" aria-labelledby="start-conversation">
                                    <h2 id="start-conversation" class="text-xl font-semibold text-slate-900">{t!(i18n, messages_start)}</h2>
                                    <ul class="mt-3 flex flex-wrap gap-2">
                                        {inbox.contacts.into_iter().map(|(id, name)| view! {
                                            <li><a href=format!("/messages/{id}") class="btn-secondary py-1 text-sm">{name}</a></li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            {(no_conversations && no_contacts).then(|| view! {
                                <p class="mt-4 text-slate-700">
                                    {t!(i18n, messages_no_contacts)}" "<a href="/partners" class="btn-link">{t!(i18n, nav_teachers)}</a>
                                </p>
                            })}
                        }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn ConversationPage() -> impl IntoView {
    let i18n = use_i18n();
    let with = route_id("id");
    let query = use_query_map();
    let before = move || query.read().get("before").and_then(|b| b.parse::<i32>().ok());
    let loaded = Resource::new(move || (with(), before()), |(with, before)| async move {
        match with {
            Some(with) => load_conversation(with, before).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=loading_page>
            {move || loaded.get().map(|loaded| match loaded {
                Err(err) => failed_page(i18n, err),
                Ok(view) => conversation(i18n, view).into_any(),
            })}
        </Suspense>
    }
}

fn conversation(i18n: leptos_i18n::I18nContext<Locale>, view: ConversationView) -> impl IntoView {
    let locale = i18n.get_locale();
    let with = view.with;
    let name = view.name;
    let title = name.clone();
    let heading = name.clone();
    let messages: Vec<PrivateMessage> = view.messages.into_iter().map(|m| m.for_reader(locale)).collect();
    let me = view.me;
    view! {
        <PageTitle text=move || format!("{} · {} · {}", title, t_string!(i18n, nav_messages), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 pt-10">
            <p><a href="/messages" class="btn-link text-sm">{t!(i18n, messages_all)}</a></p>
            <h1 class="mt-2 text-3xl font-bold text-slate-900">
                {t!(i18n, messages_with, name = heading)}
            </h1>
            <p class="mt-1"><a href=format!("/teachers/{with}") class="btn-link text-sm">{t!(i18n, messages_profile)}</a></p>
            {match view.closed {
                Some(Closed::YouBlocked) => Some(view! { <p class="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900" role="status" data-testid="conversation-closed">{t!(i18n, messages_you_blocked)}</p> }.into_any()),
                Some(Closed::TheyBlocked) | Some(Closed::NotContacts) => Some(view! { <p class="mt-4 rounded-md border border-slate-300 bg-slate-50 p-3 text-slate-800" role="status" data-testid="conversation-closed">{t!(i18n, messages_closed)}</p> }.into_any()),
                None => None,
            }}
            {view.older.map(|first| view! {
                <p class="mt-4 text-center"><a href=format!("/messages/{with}?before={first}") class="btn-link text-sm" rel="nofollow">{t!(i18n, messages_older)}</a></p>
            })}
        </div>
        {if messages.is_empty() && !view.earlier {
            // Nothing to listen to yet (the conversation begins with its first message): a plain form, and the
            // page that comes back after it is live.
            view! { <FirstMessage with=with may_write=view.may_write/> }.into_any()
        } else {
            view! { <ConversationRoom with=with me=me messages=messages live=!view.earlier may_write=view.may_write && !view.earlier words=ConversationWords::new(i18n) page_key=crate::requests::fresh_key()/> }.into_any()
        }}
        {view.earlier.then(|| view! {
            <p class="mx-auto max-w-3xl px-4 text-center"><a href=format!("/messages/{with}") class="btn-link text-sm">{t!(i18n, messages_latest)}</a></p>
        })}
        <div class="mx-auto max-w-3xl px-4 pb-10">
            <BlockForm with=with blocked=view.blocked_by_me/>
        </div>
    }
}

/// The first message of a conversation: a form the browser posts itself, rendered on the server.
#[component]
fn FirstMessage(with: i32, may_write: bool) -> impl IntoView {
    let i18n = use_i18n();
    let send = ServerAction::<SendPrivateMessage>::new();
    let result = outcome(send);
    view! {
        <div class="mx-auto max-w-3xl px-4 py-4">
            {empty(t!(i18n, messages_none_yet))}
            {may_write.then(|| view! {
                <ActionForm action=send attr:class="mt-4 flex items-end gap-2">
                    <input type="hidden" name="to" value=with/>
                    <crate::ui::RequestKey/>
                    <div class="flex flex-1 flex-col gap-1">
                        <label for="message-body" class="text-sm font-medium text-slate-800">{t!(i18n, messages_your_message)}</label>
                        <textarea id="message-body" name="body" required maxlength="2000" rows="2" class="rounded-md border border-slate-300 px-3 py-2"></textarea>
                    </div>
                    <button type="submit" class="btn-primary">{t!(i18n, chat_send)}</button>
                </ActionForm>
                <ErrorBanner message=form_error(result)/>
            })}
        </div>
    }
}

/// Blocking: the other teacher can no longer write to the viewer (nor the viewer to them) until it is lifted.
#[component]
fn BlockForm(with: i32, blocked: bool) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<BlockTeacher>::new();
    let result = outcome(action);
    view! {
        <ActionForm action=action attr:class="mt-6 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
            <input type="hidden" name="teacher" value=with/>
            <input type="hidden" name="block" value={if blocked { "false" } else { "true" }}/>
            <p class="text-sm text-slate-700">{if blocked { t_string!(i18n, messages_unblock_hint) } else { t_string!(i18n, messages_block_hint) }}</p>
            <button type="submit" class="btn-secondary py-1 text-sm" data-testid="block">
                {if blocked { t_string!(i18n, messages_unblock) } else { t_string!(i18n, messages_block) }}
            </button>
            <ErrorBanner message=form_error(result)/>
        </ActionForm>
    }
}

/// What the conversation island says, in the reader's language (islands carry no translations: see
/// `ui::explain`).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ConversationWords {
    status: crate::ui::live::StatusWords,
    empty: String,
    message: String,
    send: String,
    report: String,
    hidden_note: String,
}

impl ConversationWords {
    fn new(i18n: leptos_i18n::I18nContext<Locale>) -> Self {
        let s = |text: &str| text.to_owned();
        ConversationWords {
            status: crate::ui::live::StatusWords::new(i18n),
            empty: s(t_string!(i18n, messages_none_yet)),
            message: s(t_string!(i18n, messages_your_message)),
            send: s(t_string!(i18n, chat_send)),
            report: s(t_string!(i18n, report_button)),
            hidden_note: s(t_string!(i18n, moderation_hidden_note)),
        }
    }
}

impl crate::ui::live::LiveMessage for PrivateMessage {
    fn id(&self) -> i32 {
        self.id
    }

    fn withdrawn(&self) -> bool {
        self.withdrawn
    }
}

/// The live conversation: an island (the socket, the list that grows, the message box that empties after
/// sending). Before it hydrates, the form is a plain post and the page comes back with the message.
#[island]
fn ConversationRoom(with: i32, me: i32, messages: Vec<PrivateMessage>, live: bool, may_write: bool, words: ConversationWords, page_key: String) -> impl IntoView {
    let words = StoredValue::new(words);
    let word = move |pick: fn(&ConversationWords) -> &String| words.with_value(|w| pick(w).clone());
    let messages = RwSignal::new(messages);
    // An earlier page of the conversation stays as it is: only the latest page is live.
    let listening = live;
    let live = RwSignal::new(Live::Connecting);
    let send = ServerAction::<SendPrivateMessage>::new();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
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
    if listening {
        crate::ui::live::connect(format!("/messages/{with}/socket"), messages, live);
    }
    view! {
        <div class="mx-auto max-w-3xl px-4 py-4">
            {listening.then(|| crate::ui::live::status_line(live, words.with_value(|w| w.status.clone())))}
            <ol class="mt-3 flex max-h-[32rem] flex-col gap-3 overflow-y-auto rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
                aria-live="polite" data-testid="messages">
                <Show when=move || messages.with(|m| m.is_empty())>
                    <li class="text-center text-slate-600">{word(|w| &w.empty)}</li>
                </Show>
                <For each=move || messages.get() key=|m| m.id let:message>
                    <li data-testid="message" class={if message.author_id == me { "ms-auto max-w-[85%] rounded-lg bg-brand-50 px-3 py-2 ring-1 ring-brand-100" } else { "me-auto max-w-[85%] rounded-lg bg-slate-50 px-3 py-2 ring-1 ring-slate-200" }}>
                        <span class="text-xs text-slate-600">{message.at.clone()}</span>
                        <span class="ms-2 text-sm font-semibold text-slate-900">{message.author.clone()}</span>
                        {message.hidden_reason.clone().map(|reason| view! {
                            <p class="mt-1 rounded-md border border-amber-300 bg-amber-50 px-2 py-1 text-sm text-amber-900" role="note" data-testid="hidden-note">
                                <span class="font-semibold">{word(|w| &w.hidden_note)}</span>" "{reason}
                            </p>
                        })}
                        <p class="whitespace-pre-line break-words text-slate-800">{message.body.clone()}</p>
                        {(message.author_id != me).then(|| report_link(ReportKind::PrivateMessage, message.id, word(|w| &w.report)))}
                    </li>
                </For>
            </ol>
            {may_write.then(move || view! {
                <ActionForm action=send attr:class="mt-4 flex items-end gap-2">
                    <input type="hidden" name="to" value=with/>
                    <input type="hidden" name=crate::requests::FIELD value=move || crate::requests::nth_key(&page_key, sent.get())/>
                    <div class="flex flex-1 flex-col gap-1">
                        <label for="message-body" class="text-sm font-medium text-slate-800">{word(|w| &w.message)}</label>
                        <textarea id="message-body" name="body" required maxlength="2000" rows="2"
                            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))
                            class="rounded-md border border-slate-300 px-3 py-2"></textarea>
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
