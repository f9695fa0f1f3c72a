//! Form building blocks shared by every feature: labelled fields with their error message, and the banner for
//! errors that belong to no field. They work before hydration (plain form posts) and after.
use crate::{
    error::{AppError, describe},
    i18n::*,
};
use leptos::prelude::*;

/// The outcome of a server action, as a form shows it.
pub type Outcome = Signal<Option<Result<(), AppError>>>;

/// The outcome of an action's last submission. Pages are rendered on the server (islands), so their forms are
/// plain posts: the server function sends the browser back to the page, with `__err` (read by `ServerAction`
/// itself) when it failed and `__done=<its path>` when it succeeded (added by the server's form middleware).
pub fn outcome<A>(action: ServerAction<A>) -> Outcome
where
    A: leptos::server_fn::ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
{
    let done = just_done(A::PATH);
    Signal::derive(move || action.value().get().or_else(|| done.then_some(Ok(()))))
}

/// Whether this page is the one a plain form post to the server function at `path` just succeeded and came
/// back to.
pub fn just_done(path: &str) -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.uri.query().map(str::to_owned))
            .is_some_and(|query| query.split('&').any(|pair| pair.strip_prefix("__done=").is_some_and(|value| value == path)))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = path;
        false
    }
}

/// The query parameter that marks a page as reached after a successful plain form post.
pub const DONE_PARAMETER: &str = "__done";

/// The message of the first failed submission among the actions of one page, for its error banner.
pub fn any_error(outcomes: Vec<Outcome>) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || outcomes.iter().find_map(|o| o.get().and_then(Result::err)).map(|err| describe(&err, i18n.get_locale())))
}

/// The message for one field, in the reader's language, if the last submission failed on it.
pub fn field_error(outcome: Outcome, field: &'static str) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || match outcome.get() {
        Some(Err(err)) if err.field() == Some(field) => Some(describe(&err, i18n.get_locale())),
        _ => None,
    })
}

/// The message for an error that belongs to no field.
pub fn form_error(outcome: Outcome) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || match outcome.get() {
        Some(Err(err)) if err.field().is_none() => Some(describe(&err, i18n.get_locale())),
        _ => None,
    })
}

#[component]
pub fn ErrorBanner(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.get().is_some()>
            <p class="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" role="alert">
                {move || message.get()}
            </p>
        </Show>
    }
}

#[component]
pub fn Notice(children: Children) -> impl IntoView {
    view! {
        <p class="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900" role="status">
            {children()}
        </p>
    }
}

/// A labelled text input with its error message linked for screen readers.
#[component]
pub fn TextField(
    /// The form field's name (what the server function receives).
    name: &'static str,
    /// Used for the id and to match the server's field errors.
    field: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(default = false)] required: bool,
    #[prop(optional, into)] value: Option<Signal<String>>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("field-{field}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="flex flex-col gap-1">
            <label for=id.clone() class="text-sm font-medium text-slate-800">{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                value=move || value.map(|v| v.get())
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
                class="rounded-md border border-slate-300 px-3 py-2 text-slate-900 shadow-sm focus:border-brand-600 aria-[invalid=true]:border-red-600"
            />
            {hint.map(|hint| view! { <p id=hint_id class="text-xs text-slate-600">{hint}</p> })}
            <Show when=move || error.get().is_some()>
                <p id=error_id.clone() class="text-sm text-red-700">{move || error.get()}</p>
            </Show>
        </div>
    }
}

/// Shown where a page needs a signed-in person and there is none.
#[component]
pub fn SignInNeeded() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="mx-auto max-w-md px-4 py-16 text-center">
            <p class="text-slate-700">{t!(i18n, sign_in_needed)}</p>
            <a href="/signin" class="btn-primary mt-6">{t!(i18n, nav_sign_in)}</a>
        </div>
    }
}

/// Whether an address taken from outside (a `back=` link, an image in a page) leads only within this site: a
/// path from the root, never `//host` or `/\\host`, and no whitespace or control characters, which browsers
/// drop from addresses (`/%09/evil.example` becomes `//evil.example`).
pub fn is_same_site_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// People's plain text, checked once for every feature: trimmed, required, at most `max` characters, no
/// control characters but line breaks and tabs.
#[cfg(feature = "ssr")]
pub fn plain_text(field: &str, raw: &str, max: usize) -> Result<String, crate::error::AppError> {
    use crate::error::{AppError, Problem};
    let text = raw.trim();
    if text.is_empty() {
        return Err(AppError::invalid(field, Problem::Required));
    }
    if text.chars().count() > max {
        return Err(AppError::invalid(field, Problem::TooLong { max: max as u32 }));
    }
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
        return Err(AppError::invalid(field, Problem::TextCharacters));
    }
    Ok(text.to_owned())
}

/// `plain_text` on one line: a title, a name, a mail's subject (a line break would start another line of a
/// calendar file, or another mail header, of the author's choosing).
#[cfg(feature = "ssr")]
pub fn one_line(field: &str, raw: &str, max: usize) -> Result<String, crate::error::AppError> {
    let text = plain_text(field, raw, max)?;
    if text.contains(['\n', '\r', '\t']) {
        return Err(crate::error::AppError::invalid(field, crate::error::Problem::TextCharacters));
    }
    Ok(text)
}

/// `plain_text` of several lines (a description, a post, a piece of work), its line endings made `\n` whatever
/// the browser sent.
#[cfg(feature = "ssr")]
pub fn paragraphs(field: &str, raw: &str, max: usize) -> Result<String, crate::error::AppError> {
    Ok(plain_text(field, raw, max)?.replace("\r\n", "\n").replace('\r', "\n"))
}

/// A whole number within bounds (places, minutes), as a form sends it.
#[cfg(feature = "ssr")]
pub fn whole_number(field: &str, raw: &str, (min, max): (u32, u32)) -> Result<i32, crate::error::AppError> {
    match raw.trim().parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n as i32),
        _ => Err(crate::error::AppError::invalid(field, crate::error::Problem::WholeNumber { min, max })),
    }
}

/// An address people follow (a seminar's link, a group's resource): a whole https (or http) address, nothing that
/// runs (`javascript:`) and nothing that ends an attribute. Empty is `None` unless required.
#[cfg(feature = "ssr")]
pub fn web_address(field: &str, raw: &str, required: bool) -> Result<Option<String>, crate::error::AppError> {
    use crate::error::{AppError, Problem};
    const MAX: usize = 500;
    let value = raw.trim();
    if value.is_empty() {
        return if required { Err(AppError::invalid(field, Problem::Required)) } else { Ok(None) };
    }
    if value.chars().count() > MAX {
        return Err(AppError::invalid(field, Problem::TooLong { max: MAX as u32 }));
    }
    let lower = value.to_ascii_lowercase();
    let web = (lower.starts_with("https://") || lower.starts_with("http://")) && value.len() > 8;
    if !web || value.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>')) {
        return Err(AppError::invalid(field, Problem::WebAddress));
    }
    Ok(Some(value.to_owned()))
}
