//! The TwinSpace's chat room: the page, and the island that keeps it live in the browser.
use super::{ChatMessage, SendChatMessage, load_chat};
use crate::{
    error::AppError,
    i18n::*,
    moderation::{ReportKind, views::{mark_note, report_link}},
    twinspace::views::{SpaceHeader, Tab},
    ui::{failed_page as failed, live::Live, loading_page as loading_view, route_id as param},
};
use leptos::{form::ActionForm, prelude::*};

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
                    <ChatRoom project=room.space.project_id messages=for_reader(room.messages, i18n.get_locale()) may_write=room.may_write words=ChatWords::new(i18n) page_key=crate::requests::fresh_key()/>
                }.into_any(),
            })}
        </Suspense>
    }
}

/// The messages with their times written the reader's way.
fn for_reader(messages: Vec<ChatMessage>, locale: Locale) -> Vec<ChatMessage> {
    messages.into_iter().map(|message| message.for_reader(locale)).collect()
}

/// What the chat island says, in the reader's language (islands carry no translations: see `ui::explain`).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ChatWords {
    status: crate::ui::live::StatusWords,
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
            status: crate::ui::live::StatusWords::new(i18n),
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
    crate::ui::live::connect(format!("/projects/{project}/chat/socket"), messages, live);
    view! {
        <div class="mx-auto max-w-3xl px-4 py-8">
            {crate::ui::live::status_line(live, words.with_value(|w| w.status.clone()))}
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

impl crate::ui::live::LiveMessage for ChatMessage {
    fn id(&self) -> i32 {
        self.id
    }

    fn withdrawn(&self) -> bool {
        self.withdrawn
    }
}
