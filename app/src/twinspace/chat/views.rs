//! The TwinSpace's chat room: the page, and the island that keeps it live in the browser.
use super::{ChatMessage, SendChatMessage, load_chat};
use crate::{
    error::AppError,
    i18n::*,
    moderation::{ReportKind, views::{mark_note, report_link}},
    twinspace::views::{SpaceHeader, Tab},
    ui::{failed_page as failed, loading_page as loading_view, route_id as param},
};
use leptos::{form::ActionForm, prelude::*};

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
