//! View pieces every feature shares: the loading and failure states of a page, the safe way to put people's
//! text where the HTML writer does not escape it (`<textarea>` contents and the document title), and people's
//! Markdown made into HTML that cannot run anything (TwinSpace pages, newsletters).
//!
//! Sits below the features: it imports `layout`, `forms` and `locale` only, never a feature (the server half of `explain`
//! asks `accounts` for the reader's language).
use crate::{error::AppError, forms::SignInNeeded, i18n::*, layout::NotFound};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

pub mod live;

/// What a section shows while its data loads.
pub fn loading(i18n: I18nContext<Locale>) -> impl IntoView {
    view! { <p class="mt-6 text-slate-600" role="status">{t!(i18n, loading)}</p> }
}

/// What a whole page shows while its data loads.
pub fn loading_page() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="p-10 text-center text-slate-600" role="status">{t!(i18n, loading)}</p> }
}

/// A page only some may use, such as the form that creates a group: the server is asked first (`may`, the
/// feature's server function holding the same rule as the creation), so a direct visit by anyone else gets the
/// "sign in" or "not found" that any page they may not see gives, with its status, not a form refused when sent.
#[component]
pub fn Permitted<F, Fut>(may: F, children: ChildrenFn) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), AppError>> + Send + 'static,
{
    let i18n = use_i18n();
    let answer = Resource::new(|| (), move |_| may());
    view! {
        <Suspense fallback=loading_page>
            {move || answer.get().map(|answer| match answer {
                Ok(()) => children().into_any(),
                Err(err) => failed_page(i18n, err),
            })}
        </Suspense>
    }
}

/// What an empty list says instead.
pub fn empty(text: impl IntoView) -> impl IntoView {
    view! { <p class="mt-6 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">{text}</p> }
}

/// The route's numeric parameter `name` (none when it is missing or not a number, which the page shows as not
/// found).
pub fn route_id(name: &'static str) -> impl Fn() -> Option<i32> + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || params.read().get(name).and_then(|id| id.parse::<i32>().ok())
}

/// The answer to a failed load inside a page: sign in, not found, or the error in the reader's language.
pub fn failed(i18n: I18nContext<Locale>, err: AppError) -> AnyView {
    failed_with(i18n, err, "mt-6 text-red-800")
}

/// The same, for a page whose whole body is the failed load.
pub fn failed_page(i18n: I18nContext<Locale>, err: AppError) -> AnyView {
    failed_with(i18n, err, "mx-auto max-w-3xl p-10 text-red-800")
}

fn failed_with(i18n: I18nContext<Locale>, err: AppError, class: &'static str) -> AnyView {
    match err {
        AppError::Unauthenticated => view! { <SignInNeeded/> }.into_any(),
        AppError::NotFound => view! { <NotFound/> }.into_any(),
        err => view! { <p class=class role="alert">{crate::error::describe(&err, i18n.get_locale())}</p> }.into_any(),
    }
}

/// Text for an element whose contents the server writes out unescaped: Leptos 0.8 renders the children of
/// `<textarea>` raw (like `<script>`), and leptos_meta the document title, so a post whose body is
/// `</textarea><script>…` would end the element and inject markup into the page of everyone who may edit it.
/// On the server the text is escaped; the browser's parser turns it back into exactly what was written, and
/// hydration leaves a textarea's contents alone. In the browser (a page rendered there after navigation) the
/// text becomes a text node or `document.title`, which are never parsed, so it stays as it is.
pub fn raw_text(text: impl Into<String>) -> String {
    let text = text.into();
    #[cfg(feature = "ssr")]
    {
        if text.contains(['&', '<', '>']) {
            return text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        }
    }
    text
}

/// An error in the reader's language, for islands. Islands carry no translations (using one would bring every
/// string of every language into the browser bundle), so their texts come as props from the server and, when a
/// call fails, they ask the server what to say.
#[server(prefix = "/api", input = leptos::server_fn::codec::Json)]
pub async fn explain(error: AppError) -> Result<String, AppError> {
    Ok(crate::error::describe(&error, crate::request_locale().await))
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

/// The languages a group, a seminar or a learning event is held in, as choices (code, name in that language).
pub fn language_choices() -> Vec<(String, String)> {
    crate::teachers::interests::LANGUAGES.iter().map(|(code, name)| ((*code).to_owned(), (*name).to_owned())).collect()
}

/// A choice among the platform's interface languages ("Language of this version"), with its error tied to it;
/// nothing chosen at first when `selected` is empty.
#[component]
pub fn LanguageSelect(name: &'static str, selected: String, #[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    use leptos_i18n::Locale as _;
    let i18n = use_i18n();
    let locale = i18n.get_locale();
    let language_name = crate::locale::language_name;
    view! {
        <div class="flex flex-col gap-1">
            <label for="field-language" class="text-sm font-medium text-slate-800">{t!(i18n, newsletter_language_field)}</label>
            <select id="field-language" name=name required class="rounded-md border border-slate-300 px-3 py-2"
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().is_some().then_some("field-language-error")>
                // Nothing chosen at first: the browser asks for a choice rather than saving under the first language.
                <option value="" selected=selected.is_empty()>"—"</option>
                {Locale::get_all().iter().map(|l| {
                    let code = l.as_str();
                    view! { <option value=code selected={code == selected}>{language_name(locale, code)}</option> }
                }).collect_view()}
            </select>
            <Show when=move || error.get().is_some()><p id="field-language-error" class="text-sm text-red-700">{move || error.get()}</p></Show>
        </div>
    }
}

/// The document title, safe for any text (see `raw_text`). Read once, here, while the page is being made:
/// leptos_meta writes the `<title>` after the body, when the page's reactive values (the language, a loaded
/// resource) may be gone, and a title read then panicked on one 404 page in five under load (docs/performance.md,
/// 2026-12-07). Pages are drawn on the server only, so a title never needs to change in the browser.
#[component]
pub fn PageTitle(#[prop(into)] text: TextProp) -> impl IntoView {
    let text = raw_text(text.get().to_string());
    view! { <Title text=text/> }
}

/// The hidden request key of a form that creates something (`crate::requests`): sent again, the form makes
/// nothing twice. Each showing of the form gets a new key; forms outside islands are only drawn on the server.
#[component]
pub fn RequestKey() -> impl IntoView {
    view! { <input type="hidden" name=crate::requests::FIELD value=crate::requests::fresh_key() /> }
}

/// The page of a long list the address asks for (`?page=N`): 1 when absent or not a number, at most 100,000.
pub fn page_param() -> impl Fn() -> u64 + Copy + Send + Sync + 'static {
    let query = leptos_router::hooks::use_query_map();
    move || query.with(|q| q.get("page").and_then(|p| p.parse::<u64>().ok())).unwrap_or(1).clamp(1, 100_000)
}

/// Previous and Next between the pages of a long list (the Twinboard, a group's threads, a thread's posts), as
/// plain links that work before hydration; nothing when the list fits one page. `base` is the first page's
/// address, later pages add `?page=N`.
pub fn pager(i18n: I18nContext<Locale>, base: String, page: u64, more: bool, testid: &'static str) -> Option<impl IntoView> {
    (page > 1 || more).then(move || {
        let link = |to: u64| if to <= 1 { base.clone() } else { format!("{base}?page={to}") };
        let (previous, next) = ((page > 1).then(|| link(page - 1)), more.then(|| link(page + 1)));
        view! {
            <nav class="mt-6 flex items-center justify-between gap-4" aria-label=move || t_string!(i18n, pages_label) data-testid=testid>
                <span>{previous.map(|href| view! { <a href=href rel="prev" class="text-brand-800 underline">{t!(i18n, page_previous)}</a> })}</span>
                <span>{next.map(|href| view! { <a href=href rel="next" class="text-brand-800 underline">{t!(i18n, page_next)}</a> })}</span>
            </nav>
        }
    })
}

/// The look of a count beside a link's text, for `count_badge` and the header's live counters' script alike.
macro_rules! count_class {
    () => {
        "ms-1 rounded-full bg-red-700 px-1.5 py-0.5 text-xs font-bold text-white"
    };
}

/// A count beside a link's text ("Messages (2)"). It reads as part of the link's name: the brackets are there for
/// screen readers only, so the visible text stays inside the accessible name (WCAG 2.5.3). Nothing when zero.
pub fn count_badge(n: u32) -> Option<impl IntoView> {
    (n > 0).then(|| view! {
        <span class="sr-only">" ("</span>
        <span class=count_class!()>{n}</span>
        <span class="sr-only">")"</span>
    })
}

/// A header count kept current while the page is open: `count_badge(n)` inside an element the script of
/// `LIVE_COUNTS_SCRIPT` rewrites, named by the `Badge` field it shows (`unread_notifications`, ...).
pub fn live_count(field: &'static str, n: u32) -> impl IntoView {
    view! { <span data-count=field>{count_badge(n)}</span> }
}

/// The header's live counters in the browser, without wasm: a websocket to `/live/badge` (the person's `Badge` as
/// JSON whenever it changes), each `[data-count]` element redrawn as `count_badge` draws it, and a reconnect after a
/// growing pause (a restart, a network change), given up after five refusals in a row (the session ended).
/// Carried only by the pages of people signed in.
pub const LIVE_COUNTS_SCRIPT: &str = concat!(
    r#"const counts = document.querySelectorAll("[data-count]");
let pause = 1000, refused = 0;
const listen = () => {
  const socket = new WebSocket(location.origin.replace(/^http/, "ws") + "/live/badge");
  let opened = false;
  socket.onopen = () => { opened = true; pause = 1000; refused = 0; };
  socket.onmessage = (event) => {
    const badge = JSON.parse(event.data);
    for (const count of counts) {
      const n = Number(badge[count.dataset.count]) || 0;
      count.innerHTML = n > 0 ? `<span class="sr-only"> (</span><span class=""#,
    count_class!(),
    r#"">${n}</span><span class="sr-only">)</span>` : "";
    }
  };
  socket.onclose = () => {
    if (!opened && ++refused >= 5) return;
    setTimeout(listen, pause);
    pause = Math.min(2 * pause, 60000);
  };
};
if (counts.length) listen();
"#
);

/// A labelled select of fixed choices (value, text), with its error tied to it; `empty` adds a first choice
/// of nothing ("Any", "All countries") with that text.
#[component]
pub fn ChoiceSelect(
    id: &'static str,
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    choices: Vec<(String, String)>,
    selected: String,
    #[prop(optional)] empty: Option<String>,
    #[prop(default = false)] required: bool,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let error_id = format!("{id}-error");
    let described = {
        let error_id = error_id.clone();
        move || error.get().is_some().then(|| error_id.clone())
    };
    view! {
        <div class="flex flex-col gap-1">
            <label for=id class="text-sm font-medium text-slate-800">{label}</label>
            <select id=id name=name required=required class="rounded-md border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-600"
                aria-invalid=move || error.get().is_some().then_some("true") aria-describedby=described>
                {empty.map(|text| view! { <option value="" selected=selected.is_empty()>{text}</option> })}
                {choices.into_iter().map(|(value, text)| {
                    let chosen = value == selected;
                    view! { <option value=value selected=chosen>{text}</option> }
                }).collect_view()}
            </select>
            <Show when=move || error.get().is_some()><p id=error_id.clone() class="text-sm text-red-700">{move || error.get()}</p></Show>
        </div>
    }
}

/// A labelled text area with its hint and error message tied to it for screen readers: `forms::TextField`'s twin
/// for longer text. The starting text goes through `raw_text` (the element's contents are written unescaped).
#[component]
pub fn TextArea(
    /// The form field's name (what the server function receives).
    name: &'static str,
    /// Used for the id (`field-…`).
    field: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(default = 4)] rows: u32,
    max: usize,
    #[prop(default = true)] required: bool,
    #[prop(optional)] value: Option<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    /// Code-like text (Markdown) in a fixed-width face.
    #[prop(default = false)] mono: bool,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("field-{field}");
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let has_hint = hint.is_some();
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let ids: Vec<&str> = [has_hint.then_some(hint_id.as_str()), error.get().is_some().then_some(error_id.as_str())].into_iter().flatten().collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let class = if mono {
        "rounded-md border border-slate-300 px-3 py-2 font-mono text-sm aria-[invalid=true]:border-red-600"
    } else {
        "rounded-md border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-600"
    };
    view! {
        <div class="flex flex-col gap-1">
            <label for=id.clone() class="text-sm font-medium text-slate-800">{label}</label>
            {hint.map(|hint| view! { <p id=hint_id class="text-sm text-slate-600">{hint}</p> })}
            <textarea id=id name=name rows=rows maxlength=max required=required class=class
                aria-invalid=move || error.get().is_some().then_some("true") aria-describedby=described>{value.map(raw_text)}</textarea>
            <Show when=move || error.get().is_some()><p id=error_id.clone() class="text-sm text-red-700">{move || error.get()}</p></Show>
        </div>
    }
}
