//! The annual theme's pieces: the support services' page (write each language's version), the home page's
//! section, the box that takes the theme up on a founding form, and the tag on projects and seminars.
use super::{AnnualTheme, SaveAnnualTheme, TAKE_UP_FIELD, ThemeEditor, load_annual_theme, load_theme_editor};
use crate::{
    forms::{ErrorBanner, Notice, TextField, field_error, form_error, outcome},
    i18n::*,
    locale::language_name,
    ui::{LanguageSelect, PageTitle, TextArea, failed, loading},
};
use leptos::{form::ActionForm, prelude::*};

/// The home page's section: this year's theme, when there is one.
#[component]
pub fn ThemeOnHome() -> impl IntoView {
    let i18n = use_i18n();
    let theme = Resource::new(|| (), |_| load_annual_theme());
    view! {
        <Suspense fallback=|| ()>
            {move || theme.get().and_then(Result::ok).flatten().map(|theme| view! {
                <section aria-labelledby="theme-heading" class="mx-auto max-w-6xl px-4 pt-12" data-testid="annual-theme">
                    <div class="rounded-lg border-s-4 border-brand-700 bg-brand-50 p-6">
                        <h2 id="theme-heading" class="text-sm font-semibold uppercase tracking-wide text-brand-800">
                            {t_string!(i18n, theme_heading, year = theme.year).to_string()}
                        </h2>
                        <p class="mt-2 text-2xl font-semibold text-slate-900">{theme.title.clone()}</p>
                        <p class="mt-2 max-w-3xl whitespace-pre-line text-slate-800">{theme.description.clone()}</p>
                    </div>
                </section>
            })}
        </Suspense>
    }
}

/// The tag of a project or seminar that took up a year's theme.
#[component]
pub fn ThemeTag(year: i32) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class="badge" data-testid="theme-tag">{t_string!(i18n, theme_heading, year = year).to_string()}</span> }
}

/// A founding form's box: take up this year's theme (only shown when there is one). Ticked, it sends the year.
#[component]
pub fn TakeUpTheme(
    /// The form field's full name (`form[annual_theme]` for a form sent as a struct).
    name: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let theme = Resource::new(|| (), |_| load_annual_theme());
    let id = format!("field-{TAKE_UP_FIELD}");
    view! {
        <Suspense fallback=|| ()>
            {move || theme.get().and_then(Result::ok).flatten().map(|AnnualTheme { year, title, .. }| {
                let (id, label_for) = (id.clone(), id.clone());
                view! {
                    <div class="flex flex-col gap-1">
                        <label for=label_for class="flex items-start gap-2 text-slate-800">
                            <input type="checkbox" id=id name=name value=year class="mt-1"
                                aria-invalid=move || error.get().is_some().then_some("true")
                                aria-describedby=move || error.get().is_some().then_some("field-annual_theme-error")/>
                            <span>{t_string!(i18n, theme_take_up, year = year, theme = title.as_str()).to_string()}</span>
                        </label>
                        <Show when=move || error.get().is_some()><p id="field-annual_theme-error" class="text-sm text-red-700">{move || error.get()}</p></Show>
                    </div>
                }
            })}
        </Suspense>
    }
}

/// The Central Support Service's page: this year's and next year's theme, one version per language.
#[component]
pub fn AnnualThemePage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveAnnualTheme>::new();
    let saved = outcome(save);
    let editor = Resource::new(move || save.version().get(), |_| load_theme_editor());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, theme_page), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, theme_page)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, theme_intro)}</p>
            <Suspense fallback=move || loading(i18n)>
                {move || editor.get().map(|e| match e {
                    Err(err) => failed(i18n, err),
                    Ok(editor) => editor_view(i18n, editor, save, saved).into_any(),
                })}
            </Suspense>
        </div>
    }
}

fn editor_view(i18n: leptos_i18n::I18nContext<Locale>, editor: ThemeEditor, save: ServerAction<SaveAnnualTheme>, saved: crate::forms::Outcome) -> impl IntoView {
    let locale = i18n.get_locale();
    let year = editor.this_year;
    let years = [year, year + 1].map(|y| {
        let versions: Vec<_> = editor.versions.iter().filter(|v| v.year == y).cloned().collect();
        view! {
            <section class="mt-8" aria-labelledby=format!("theme-{y}")>
                <h2 id=format!("theme-{y}") class="text-xl font-semibold text-slate-900">{t_string!(i18n, theme_heading, year = y).to_string()}</h2>
                {if versions.is_empty() {
                    view! { <p class="mt-2 text-slate-600">{t_string!(i18n, theme_none, year = y).to_string()}</p> }.into_any()
                } else {
                    view! {
                        <ul class="mt-3 flex flex-col gap-3">
                            {versions.into_iter().map(|v| view! {
                                <li class="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="theme-version">
                                    <p class="text-sm text-slate-600">{language_name(locale, &v.language)}</p>
                                    <p class="font-semibold text-slate-900">{v.title}</p>
                                    <p class="mt-1 whitespace-pre-line text-slate-800">{v.description}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        }
    });
    let label = move |text: fn(leptos_i18n::I18nContext<Locale>) -> &'static str| Signal::derive(move || text(i18n).to_owned());
    view! {
        {years}
        <ActionForm action=save attr:class="mt-10 flex flex-col gap-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" attr:data-testid="theme-form">
            <Show when=move || matches!(saved.get(), Some(Ok(())))><Notice>{t!(i18n, profile_saved)}</Notice></Show>
            <ErrorBanner message=form_error(saved)/>
            <TextField name="year" field="year" kind="number" label=label(|i| t_string!(i, theme_year_field)) required=true
                value=Signal::derive(move || year.to_string()) error=field_error(saved, "year")/>
            <LanguageSelect name="language" selected="en".to_owned() error=field_error(saved, "language")/>
            <TextField name="title" field="title" label=label(|i| t_string!(i, theme_title_field)) required=true error=field_error(saved, "title")/>
            <TextArea name="description" field="description" label=label(|i| t_string!(i, theme_description_field)) max=super::DESCRIPTION_MAX
                error=field_error(saved, "description")/>
            <div><button type="submit" class="btn-primary">{t!(i18n, theme_save)}</button></div>
        </ActionForm>
    }
}
