//! The frame around every page: header with navigation and language switcher, footer, and the 404 and error pages.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();

    view! {
        <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
            {t!(i18n, skip_to_content)}
        </a>
        <header class="border-b border-slate-200 bg-white">
            <div class="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3">
                <a href="/" class="flex items-center gap-2 text-xl font-bold text-brand-800">
                    <img src="/favicon.svg" alt="" class="h-8 w-8" width="32" height="32"/>
                    {t!(i18n, platform_name)}
                </a>
                <nav id="main-nav" aria-label=move || t_string!(i18n, nav_main) class="flex flex-wrap items-center gap-x-6 gap-y-2">
                    <ul class="flex flex-wrap gap-x-4 gap-y-1">
                        <li><NavLink href="/">{t!(i18n, nav_home)}</NavLink></li>
                        <li><NavLink href="/countries">{t!(i18n, nav_countries)}</NavLink></li>
                        <li><NavLink href="/projects">{t!(i18n, nav_projects)}</NavLink></li>
                        <li><NavLink href="/prizes">{t!(i18n, nav_prizes)}</NavLink></li>
                    </ul>
                    <crate::accounts::views::AccountNav/>
                    <LanguageSwitcher/>
                </nav>
            </div>
        </header>
    }
}

#[component]
fn NavLink(href: &'static str, children: Children) -> impl IntoView {
    let location = use_location();
    let current = move || (location.pathname.get() == href).then_some("page");
    view! {
        <a
            href=href
            aria-current=current
            class="block rounded px-2 py-1 font-medium text-slate-700 hover:text-brand-800 aria-[current=page]:text-brand-800 aria-[current=page]:underline"
        >
            {children()}
        </a>
    }
}

/// Where the languages page leads back to: its `back` value when that is a path of this site, else the home page.
fn way_back(query: &leptos_router::params::ParamsMap) -> String {
    query.get("back").filter(|path| crate::forms::is_same_site_path(path)).unwrap_or_else(|| "/".to_owned())
}

/// A value for a query string (`/partners?q=a&country=FR` as one value).
fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The language switcher: one link, in the current language's own name, to the page that lists them all. A
/// list of 36 languages in every page's header would weigh on every page; this works without JavaScript too.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let query = leptos_router::hooks::use_query_map();
    // The whole address comes back, the partner search's query included; encoded, as it holds `?` and `&`. On the
    // languages page itself, its own (checked) way back is kept rather than the page's address.
    let href = move || {
        let path = location.pathname.get();
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        let back = if path == "/languages" {
            way_back(&query.read())
        } else if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        format!("/languages?back={}", encode(&back))
    };
    view! {
        <a href=href data-testid="language-switcher"
            aria-label=move || format!("{}: {}", t_string!(i18n, language), td_string!(i18n.get_locale(), language_name))
            class="flex items-center gap-1.5 rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100">
            <svg aria-hidden="true" viewBox="0 0 20 20" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="1.5">
                <circle cx="10" cy="10" r="8"/><path d="M2 10h16M10 2c2.5 2.5 2.5 13.5 0 16M10 2c-2.5 2.5-2.5 13.5 0 16"/>
            </svg>
            <span lang=move || i18n.get_locale().as_str()>{move || td_string!(i18n.get_locale(), language_name)}</span>
        </a>
    }
}

/// Every language the platform speaks, each in its own name: a link that makes it the reader's language (the
/// server keeps the choice in a cookie and, for someone signed in, on their account) and goes back to the page
/// the reader came from.
#[component]
pub fn LanguagesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let back = move || way_back(&query.read());
    let mut locales: Vec<Locale> = Locale::get_all().to_vec();
    // In each language's own name, in one order for everyone.
    locales.sort_by_key(|locale| td_string!(*locale, language_name).to_lowercase());
    view! {
        <crate::ui::PageTitle text=move || format!("{} · {}", t_string!(i18n, language_choose), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-4xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, language_choose)}</h1>
            <p class="mt-2 max-w-2xl text-slate-700">{t!(i18n, language_choose_intro)}</p>
            <ul class="mt-6 grid grid-cols-2 gap-2 sm:grid-cols-3 md:grid-cols-4" data-testid="languages">
                {locales.into_iter().map(|locale| {
                    let href = move || format!("/language/{}?back={}", locale.as_str(), encode(&back()));
                    let current = move || (i18n.get_locale() == locale).then_some("true");
                    view! {
                        <li>
                            <a href=href lang=locale.as_str() hreflang=locale.as_str() aria-current=current data-testid=format!("lang-{}", locale.as_str())
                                class="block rounded-md border border-slate-200 px-3 py-2 text-slate-800 hover:border-brand-700 hover:bg-brand-50 aria-[current=true]:border-brand-700 aria-[current=true]:bg-brand-700 aria-[current=true]:text-white">
                                {td_string!(locale, language_name)}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <a href=back class="btn-link mt-8 inline-block">{t!(i18n, language_back)}</a>
        </div>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="border-t border-slate-200 bg-slate-50">
            <div class="mx-auto max-w-6xl px-4 py-6 text-sm text-slate-600">
                <p>{t!(i18n, footer_text)}</p>
            </div>
        </footer>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::error::respond_with(crate::error::AppError::NotFound);
    let i18n = use_i18n();
    view! {
        <crate::ui::PageTitle text=t_string!(i18n, not_found_title).to_owned()/>
        <div class="mx-auto max-w-2xl px-4 py-20 text-center">
            <p class="text-sm font-semibold text-brand-700">"404"</p>
            <h1 class="mt-2 text-3xl font-bold text-slate-900">{t!(i18n, not_found_title)}</h1>
            <p class="mt-4 text-slate-700">{t!(i18n, not_found_text)}</p>
            <a href="/" class="btn-primary mt-8 inline-block">{t!(i18n, back_home)}</a>
        </div>
    }
}

#[component]
pub fn ErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let i18n = use_i18n();
    // The details stay in the server log; the reader gets a calm message and a way on.
    let _ = errors;
    view! {
        <div class="mx-auto max-w-2xl px-4 py-20 text-center" role="alert">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, error_title)}</h1>
            <p class="mt-4 text-slate-700">{t!(i18n, error_text)}</p>
            <a href="/" class="btn-primary mt-8 inline-block">{t!(i18n, back_home)}</a>
        </div>
    }
}

/// A figure with its label, as on the home page and the country pages.
#[component]
pub fn StatCard(testid: &'static str, value: u64, #[prop(into)] label: Signal<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    let value = move || crate::locale::number(i18n.get_locale(), value as i64);
    view! {
        <div class="flex flex-col-reverse rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-testid=testid>
            <dt class="mt-1 text-sm text-slate-600">{label}</dt>
            <dd class="text-3xl font-bold tabular-nums text-brand-800">{value}</dd>
        </div>
    }
}
