//! The browser side of live rooms (a TwinSpace's chat, a private conversation): the connection state the reader
//! sees, and the websocket that appends what arrives, drops what a moderator withdrew, reconnects with a
//! growing pause and asks for what came after the last message it has. The server side is `crate::live`.
use leptos::prelude::*;

/// Connection state of a live room, as the reader sees it (changed by the browser's socket only).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Live {
    Connecting,
    Connected,
    Reconnecting,
}

/// What a live room says of its connection, in the reader's language (islands carry no translations: see
/// `ui::explain`).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct StatusWords {
    connecting: String,
    connected: String,
    reconnecting: String,
}

impl StatusWords {
    pub fn new(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>) -> Self {
        use crate::i18n::*;
        StatusWords {
            connecting: t_string!(i18n, chat_connecting).to_owned(),
            connected: t_string!(i18n, chat_connected).to_owned(),
            reconnecting: t_string!(i18n, chat_reconnecting).to_owned(),
        }
    }
}

/// The line that tells the reader how the room's connection stands (a live region).
pub fn status_line(live: RwSignal<Live>, words: StatusWords) -> impl IntoView {
    view! {
        <p class="text-sm text-slate-600" role="status" data-testid="chat-status">
            {move || match live.get() {
                Live::Connecting => words.connecting.clone(),
                Live::Connected => words.connected.clone(),
                Live::Reconnecting => words.reconnecting.clone(),
            }}
        </p>
    }
}

/// A message a live room shows.
pub trait LiveMessage: serde::de::DeserializeOwned + Clone + Send + Sync + 'static {
    fn id(&self) -> i32;
    /// Sent when a moderator hid or deleted it: the page drops it.
    fn withdrawn(&self) -> bool;
}

/// Opens the socket at `path` (the page's own origin) and keeps it open while the island lives.
#[cfg(feature = "hydrate")]
pub fn connect<T: LiveMessage>(path: String, messages: RwSignal<Vec<T>>, live: RwSignal<Live>) {
    socket::connect(path, messages, live)
}

#[cfg(feature = "hydrate")]
mod socket {
    use super::{Live, LiveMessage};
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::{CloseEvent, MessageEvent, WebSocket};

    pub fn connect<T: LiveMessage>(path: String, messages: RwSignal<Vec<T>>, live: RwSignal<Live>) {
        let stopped = StoredValue::new(false);
        let current: StoredValue<Option<WebSocket>, LocalStorage> = StoredValue::new_local(None);
        on_cleanup(move || {
            stopped.set_value(true);
            if let Some(socket) = current.get_value() {
                let _ = socket.close();
            }
        });
        open(StoredValue::new(path), messages, live, stopped, current, 0);
    }

    fn open<T: LiveMessage>(
        path: StoredValue<String>,
        messages: RwSignal<Vec<T>>,
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
        let last = messages.with_untracked(|m| m.last().map(|m| m.id()));
        let after = last.map(|id| format!("?after={id}")).unwrap_or_default();
        let Ok(socket) = WebSocket::new(&format!("{scheme}://{host}{}{after}", path.get_value())) else {
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
            let Ok(message) = serde_json::from_str::<T>(&text) else { return };
            messages.update(|list| {
                if message.withdrawn() {
                    list.retain(|shown| shown.id() != message.id());
                } else if list.last().is_none_or(|last| message.id() > last.id()) {
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
            set_timeout(move || open(path, messages, live, stopped, current, next), pause);
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
