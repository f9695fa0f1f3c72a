//! The partner search page and the suggested partners of the dashboard.
use super::{Ignored, PartnerQuery, PartnerResults, Suggestion, count_of, search_partners, suggest_partners};
use crate::{
    countries::{COUNTRIES, Programme},
    error::AppError,
    forms::SignInNeeded,
    i18n::*,
    teachers::{
        interests::{AGE_RANGES, SUBJECTS, language_keys},
        labels::{Label, age_label, language_label, subject_label},
        Card,
    },
};
use leptos::prelude::*;
use crate::ui::PageTitle;
use leptos_router::{hooks::use_query_map, params::ParamsMap};

/// The form's id: filters rendered with the results belong to it through their `form` attribute, so the text
/// box outside the results keeps its focus while results change under it.
const FORM: &str = "partner-search";

fn query_from(params: &ParamsMap) -> PartnerQuery {
    let one = |key: &str| params.get(key).unwrap_or_default();
    PartnerQuery {
        q: one("q"),
        countries: params.get_all("country").unwrap_or_default(),
        programme: one("programme"),
        subject: one("subject"),
        age: one("age"),
        language: one("language"),
        open_to_plus: !one("open_to_plus").is_empty(),
        looking_now: !one("looking_now").is_empty(),
        sort: one("sort"),
        page: one("page").parse().unwrap_or(1),
    }
}

/// The search form's fields (the filters with the results included, through their `form` attribute) as a
/// query string, leaving out empty ones. Browser only.
#[cfg(feature = "hydrate")]
fn form_query() -> Option<String> {
    use leptos::wasm_bindgen::JsCast;
    let form: leptos::web_sys::HtmlFormElement = document().get_element_by_id(FORM)?.dyn_into().ok()?;
    let data = leptos::web_sys::FormData::new_with_form(&form).ok()?;
    let params = leptos::web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
    let filled = leptos::web_sys::UrlSearchParams::new().ok()?;
    for key in ["q", "sort", "programme", "subject", "age", "language", "open_to_plus", "looking_now", "country"] {
        for value in params.get_all(key).iter() {
            let value = value.as_string().unwrap_or_default();
            if !value.trim().is_empty() && !(key == "sort" && value == "relevance") {
                filled.append(key, &value);
            }
        }
    }
    Some(filled.to_string().as_string().unwrap_or_default())
}

/// The same address with one parameter replaced (or removed when `value` is empty), back on page 1 unless the
/// page is what changes.
fn href_with(params: &ParamsMap, key: &'static str, value: &str) -> String {
    let mut params = params.clone();
    params.remove(key);
    if key != "page" {
        params.remove("page");
    }
    if !value.is_empty() {
        params.insert(key, value.to_owned());
    }
    format!("/partners{}", params.to_query_string())
}

#[component]
pub fn PartnersPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let results = Resource::new(move || query_from(&params.read()), search_partners);

    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, partners_title), t_string!(i18n, platform_name))/>
        <LiveSearch>
        <div class="mx-auto max-w-6xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, partners_title)}</h1>
            <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, partners_intro)}</p>
            // A plain GET form: the address holds the query, so it works without JavaScript and can be shared.
            <form id=FORM method="get" action="/partners" role="search" class="mt-6 flex flex-wrap items-end gap-3">
                <div class="flex min-w-64 flex-1 flex-col gap-1">
                    <label for="partners-q" class="text-sm font-medium text-slate-800">{t!(i18n, field_search_text)}</label>
                    <input id="partners-q" name="q" type="search" maxlength="200" autocomplete="off"
                        value=move || params.read_untracked().get("q").unwrap_or_default()
                        aria-describedby="partners-q-hint"
                        class="rounded-md border border-slate-300 px-3 py-2"/>
                    <p id="partners-q-hint" class="text-xs text-slate-600">{t!(i18n, partners_text_hint)}</p>
                </div>
                <div class="flex flex-col gap-1">
                    <label for="partners-sort" class="text-sm font-medium text-slate-800">{t!(i18n, field_sort)}</label>
                    <select id="partners-sort" name="sort" class="rounded-md border border-slate-300 px-3 py-2">
                        <option value="relevance" selected=move || params.read().get("sort").unwrap_or_default() != "recent">{t!(i18n, sort_relevance)}</option>
                        <option value="recent" selected=move || params.read().get("sort").unwrap_or_default() == "recent">{t!(i18n, sort_recent)}</option>
                    </select>
                </div>
                <button type="submit" class="btn-primary mb-5">{t!(i18n, search_button)}</button>
            </form>
            // Announces the number found when results change under the text box (the list itself is not read out).
            <p id=TOTAL_ANNOUNCED class="sr-only" aria-live="polite"></p>
            <div id=RESULTS>
                <Transition fallback=move || view! { <p class="mt-6" role="status">{t!(i18n, loading)}</p> }>
                    {move || results.get().map(|result| match result {
                        Err(AppError::Unauthenticated) => view! { <SignInNeeded/> }.into_any(),
                        Err(AppError::NotFound) => view! { <p class="mt-8 text-slate-700">{t!(i18n, teachers_validated_only)}</p> }.into_any(),
                        Err(err) => view! {
                            <p class="mt-8 rounded-md border border-red-200 bg-red-50 p-4 text-red-800" role="alert" data-testid="search-error">
                                {crate::error::describe(&err, i18n.get_locale())}
                            </p>
                        }.into_any(),
                        Ok(found) => view! { <Results found params/> }.into_any(),
                    })}
                </Transition>
            </div>
        </div>
        </LiveSearch>
    }
}

/// The part of the page that search as you type replaces, and the live region that reads out the new total.
const RESULTS: &str = "partner-results";
const TOTAL_ANNOUNCED: &str = "partner-total-announced";
const TOTAL: &str = "teacher-total";

/// Search as you type, once hydrated: results follow the form as it changes, while typing (after a pause,
/// replacing the history entry so that the back button goes to the previous search, not to every letter) and at
/// each filter change (a new history entry). The page at the new address is fetched as HTML and its results put
/// in place of these, so the browser bundle carries none of the page's views. Without JavaScript the same form
/// submits with its button.
#[island]
fn LiveSearch(children: Children) -> impl IntoView {
    let typing = StoredValue::new(None::<TimeoutHandle>);
    #[cfg(feature = "hydrate")]
    {
        // The back and forward buttons show the search of that history entry.
        let listener = window_event_listener(leptos::ev::popstate, move |_| live::show(live::History::Keep));
        on_cleanup(move || listener.remove());
    }
    let on_input = move |ev: leptos::ev::Event| {
        if event_target::<leptos::web_sys::HtmlElement>(&ev).id() != "partners-q" {
            return;
        }
        if let Some(handle) = typing.get_value() {
            handle.clear();
        }
        #[cfg(feature = "hydrate")]
        typing.set_value(set_timeout_with_handle(|| live::show(live::History::Replace), std::time::Duration::from_millis(250)).ok());
    };
    let on_change = move |ev: leptos::ev::Event| {
        // The text box has its own (delayed) handling; every other control applies at once.
        if event_target::<leptos::web_sys::HtmlElement>(&ev).id() != "partners-q" {
            #[cfg(feature = "hydrate")]
            live::show(live::History::Push);
        }
    };
    view! { <div on:input=on_input on:change=on_change>{children()}</div> }
}

/// The browser half of search as you type.
#[cfg(feature = "hydrate")]
mod live {
    use super::{RESULTS, TOTAL, TOTAL_ANNOUNCED, form_query};
    use leptos::{prelude::*, wasm_bindgen::JsCast, web_sys};
    use std::cell::Cell;

    pub enum History {
        /// Typing: the entry is replaced.
        Replace,
        /// A filter changed: a new entry.
        Push,
        /// Back or forward: the address is already the one to show.
        Keep,
    }

    thread_local! {
        // Answers that arrive after a newer question are dropped.
        static ASKED: Cell<u32> = const { Cell::new(0) };
    }

    pub fn show(history: History) {
        let address = match history {
            History::Keep => {
                let location = window().location();
                let address = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
                put_text_from_address();
                address
            }
            _ => {
                let Some(query) = form_query() else { return };
                let address = if query.is_empty() { "/partners".to_owned() } else { format!("/partners?{query}") };
                if let Ok(browser_history) = window().history() {
                    let _ = match history {
                        History::Replace => browser_history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address)),
                        _ => browser_history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address)),
                    };
                }
                address
            }
        };
        let ticket = ASKED.with(|asked| {
            asked.set(asked.get() + 1);
            asked.get()
        });
        leptos::task::spawn_local(async move {
            let Some(page) = fetch_page(&address).await else { return };
            if ASKED.with(Cell::get) == ticket {
                put_results(&page);
            }
        });
    }

    async fn fetch_page(address: &str) -> Option<String> {
        use wasm_bindgen_futures::JsFuture;
        let response: web_sys::Response = JsFuture::from(window().fetch_with_str(address)).await.ok()?.dyn_into().ok()?;
        // A search that came too soon (429) brings the page that says so: it is shown like results.
        if !response.ok() && response.status() != 429 {
            return None;
        }
        JsFuture::from(response.text().ok()?).await.ok()?.as_string()
    }

    /// Puts the fetched page's results in place of these, keeping the focus on the filter that had it.
    fn put_results(page: &str) -> Option<()> {
        let fresh = web_sys::DomParser::new().ok()?.parse_from_string(page, web_sys::SupportedType::TextHtml).ok()?;
        let fresh = fresh.get_element_by_id(RESULTS)?;
        let current = document().get_element_by_id(RESULTS)?;
        let focused = document()
            .active_element()
            .filter(|active| current.contains(Some(active)))
            .and_then(|active| active.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|input| (input.name(), input.value()));
        current.set_inner_html(&fresh.inner_html());
        if let Some((name, value)) = focused {
            let selector = format!("[name=\"{name}\"][value=\"{value}\"]");
            if let Some(control) = current.query_selector(&selector).ok().flatten().and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = control.focus();
            }
        }
        let total = document().get_element_by_id(TOTAL).and_then(|total| total.text_content()).unwrap_or_default();
        document().get_element_by_id(TOTAL_ANNOUNCED)?.set_text_content(Some(&total));
        Some(())
    }

    /// After back or forward: the text box shows that entry's text, unless the person is typing in it.
    fn put_text_from_address() -> Option<()> {
        let input: web_sys::HtmlInputElement = document().get_element_by_id("partners-q")?.dyn_into().ok()?;
        if document().active_element().is_some_and(|active| active.id() == "partners-q") {
            return None;
        }
        let search = window().location().search().ok()?;
        let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
        input.set_value(&params.get("q").unwrap_or_default());
        Some(())
    }
}

#[component]
fn Results(found: PartnerResults, params: Memo<ParamsMap>) -> impl IntoView {
    let i18n = use_i18n();
    let chosen_countries = params.read_untracked().get_all("country").unwrap_or_default();
    let one = move |key: &str| params.read_untracked().get(key).unwrap_or_default();
    let programme = one("programme");
    let total = found.total;
    view! {
        <div class="mt-6 grid gap-8 lg:grid-cols-[18rem_1fr]">
            <aside class="flex flex-col gap-5" aria-label=move || t_string!(i18n, filters_label)>
                <fieldset class="flex flex-col gap-1">
                    <legend class="text-sm font-medium text-slate-800">{t!(i18n, filter_programme)}</legend>
                    {[("", None), (Programme::Etwinning.as_str(), Some(Programme::Etwinning)), (Programme::EtwinningPlus.as_str(), Some(Programme::EtwinningPlus))]
                        .into_iter()
                        .map(|(value, which)| {
                            let n = crate::locale::number(i18n.get_locale(), which.map_or(0, |p| count_of(&found.programmes, p.as_str())) as i64);
                            let checked = programme == value;
                            view! {
                                <label class="flex items-center gap-2 text-sm text-slate-800">
                                    <input type="radio" name="programme" value=value form=FORM checked=checked/>
                                    {move || match which {
                                        None => t_string!(i18n, any).to_owned(),
                                        Some(Programme::Etwinning) => format!("{} ({n})", t_string!(i18n, programme_etwinning)),
                                        Some(Programme::EtwinningPlus) => format!("{} ({n})", t_string!(i18n, programme_plus)),
                                    }}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <FilterSelect id="partners-subject" name="subject" label=move || t_string!(i18n, filter_subject) selected=one("subject")
                    options=SUBJECTS.to_vec() text=subject_label counts=found.subjects.clone()/>
                <FilterSelect id="partners-age" name="age" label=move || t_string!(i18n, filter_age) selected=one("age")
                    options=AGE_RANGES.to_vec() text=age_label counts=found.ages.clone()/>
                <FilterSelect id="partners-language" name="language" label=move || t_string!(i18n, filter_language) selected=one("language")
                    options=language_keys().collect() text=language_label counts=found.languages.clone()/>
                <label class="flex items-center gap-2 text-sm text-slate-800">
                    <input type="checkbox" name="open_to_plus" value="on" form=FORM checked=!one("open_to_plus").is_empty()/>
                    {let n = crate::locale::number(i18n.get_locale(), count_of(&found.flags, "open_to_plus") as i64); move || format!("{} ({n})", t_string!(i18n, interests_open_to_plus))}
                </label>
                <label class="flex items-center gap-2 text-sm text-slate-800">
                    <input type="checkbox" name="looking_now" value="on" form=FORM checked=!one("looking_now").is_empty()/>
                    {let n = crate::locale::number(i18n.get_locale(), count_of(&found.flags, "looking_now") as i64); move || format!("{} ({n})", t_string!(i18n, interests_looking_now))}
                </label>
                <fieldset>
                    <legend class="text-sm font-medium text-slate-800">{t!(i18n, filter_countries)}</legend>
                    <div class="mt-1 flex max-h-64 flex-col gap-1 overflow-y-auto rounded-md border border-slate-200 bg-white p-2" data-testid="country-filter">
                        {countries_by_name(i18n.get_locale()).into_iter().map(|(code, name)| {
                            let n = crate::locale::number(i18n.get_locale(), count_of(&found.countries, &code) as i64);
                            let checked = chosen_countries.iter().any(|c| c.eq_ignore_ascii_case(&code));
                            view! {
                                <label class="flex items-center gap-2 text-sm text-slate-800">
                                    <input type="checkbox" name="country" value=code form=FORM checked=checked/>
                                    {format!("{name} ({n})")}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <button type="submit" form=FORM class="btn-primary">{t!(i18n, apply_filters)}</button>
            </aside>
            <section>
                {(!found.ignored.is_empty()).then(|| view! {
                    <ul class="mb-4 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" role="status" data-testid="search-notices">
                        {found.ignored.iter().map(|ignored| {
                            let ignored = ignored.clone();
                            view! { <li>{move || ignored_text(i18n, &ignored)}</li> }
                        }).collect_view()}
                    </ul>
                })}
                <p id=TOTAL class="text-sm text-slate-600" data-testid="teacher-total">{t!(i18n, teachers_found, count = move || total)}</p>
                {if found.results.is_empty() {
                    view! {
                        <p class="mt-4 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">{t!(i18n, teachers_none)}</p>
                    }.into_any()
                } else {
                    view! {
                        <ul class="mt-4 grid gap-4 sm:grid-cols-2" data-testid="teacher-results">
                            {found.results.into_iter().map(|card| view! { <li><Card card/></li> }).collect_view()}
                        </ul>
                        <Pager page=found.page pages=found.pages href=move |n| href_with(&params.read_untracked(), "page", &n.to_string())/>
                    }.into_any()
                }}
            </section>
        </div>
    }
}

/// The countries as the filter lists them: named and ordered in the reader's language, always in the same order
/// (the boxes keep their place while results change around them, so a box ticked by hand stays the box of its
/// country).
fn countries_by_name(locale: Locale) -> Vec<(String, String)> {
    crate::locale::country_names(locale, COUNTRIES.iter().map(|&(code, ..)| code.to_owned()))
}

fn ignored_text(i18n: leptos_i18n::I18nContext<Locale>, ignored: &Ignored) -> String {
    match ignored {
        Ignored::UnknownValue { filter, value } => {
            td_string!(i18n.get_locale(), search_ignored_value, filter = filter.as_str(), value = value.as_str()).to_string()
        }
        Ignored::NothingToSearch => t_string!(i18n, search_nothing_to_search).to_owned(),
        Ignored::TooManyWords => td_string!(i18n.get_locale(), search_too_many_words, count = super::MAX_WORDS).to_string(),
    }
}

#[component]
fn Pager(page: u64, pages: u64, href: impl Fn(u64) -> String + 'static) -> impl IntoView {
    let i18n = use_i18n();
    (pages > 1).then(|| {
        let previous = (page > 1).then(|| href(page - 1));
        let next = (page < pages).then(|| href(page + 1));
        view! {
            <nav class="mt-6 flex items-center gap-4" aria-label=move || t_string!(i18n, pages_label)>
                {previous.map(|href| view! { <a href=href rel="prev" class="text-brand-700 underline">{t!(i18n, page_previous)}</a> })}
                <span class="text-sm text-slate-600">{move || td_string!(i18n.get_locale(), page_of, page = page, pages = pages)}</span>
                {next.map(|href| view! { <a href=href rel="next" class="text-brand-700 underline">{t!(i18n, page_next)}</a> })}
            </nav>
        }
    })
}

#[component]
fn FilterSelect(
    id: &'static str,
    name: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    selected: String,
    options: Vec<&'static str>,
    text: Label,
    /// How many teachers each option would give.
    counts: Vec<(String, u64)>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="flex flex-col gap-1">
            <label for=id class="text-sm font-medium text-slate-800">{label}</label>
            <select id=id name=name form=FORM class="rounded-md border border-slate-300 px-3 py-2">
                <option value="">{t!(i18n, any)}</option>
                {options.into_iter().map(|key| {
                    let n = crate::locale::number(i18n.get_locale(), count_of(&counts, key) as i64);
                    view! { <option value=key selected=selected == key>{move || format!("{} ({n})", text(i18n, key))}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Suggested partners on the dashboard: teachers abroad whose interests match the viewer's best.
#[component]
pub fn SuggestedPartners() -> impl IntoView {
    let i18n = use_i18n();
    let suggestions = Resource::new(|| (), |_| suggest_partners());
    view! {
        <section class="mt-10" aria-labelledby="suggestions-heading">
            <h2 id="suggestions-heading" class="text-xl font-semibold text-slate-900">{t!(i18n, suggestions_title)}</h2>
            <Suspense fallback=move || view! { <p class="mt-3 text-slate-600" role="status">{t!(i18n, loading)}</p> }>
                {move || suggestions.get().map(|result| match result {
                    Ok(list) if list.is_empty() => view! {
                        <p class="mt-3 rounded-lg border border-dashed border-slate-300 p-6 text-slate-600">
                            {t!(i18n, suggestions_none)}" "
                            <a href="/account/interests" class="text-brand-700 underline">{t!(i18n, interests_title)}</a>
                        </p>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="mt-3 grid gap-4 sm:grid-cols-2" data-testid="suggestions">
                            {list.into_iter().map(|suggestion| view! { <li><SuggestionCard suggestion/></li> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <p class="mt-3 text-red-800" role="alert">{t!(i18n, error_text)}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SuggestionCard(suggestion: Suggestion) -> impl IntoView {
    let i18n = use_i18n();
    let Suggestion { card, shared_subjects, shared_ages, shared_languages, looking_now } = suggestion;
    let why = move || {
        let mut parts: Vec<String> = shared_subjects.iter().map(|key| subject_label(i18n, key)).collect();
        parts.extend(shared_ages.iter().map(|key| age_label(i18n, key)));
        parts.extend(shared_languages.iter().map(|code| language_label(i18n, code)));
        parts.join(" · ")
    };
    view! {
        <div class="flex flex-col gap-2">
            <Card card/>
            <p class="text-xs text-slate-600">
                {looking_now.then(|| view! { <span class="badge-plus mr-2">{t!(i18n, looking_now_badge)}</span> })}
                {t!(i18n, suggestions_shared)}" "{why}
            </p>
        </div>
    }
}
