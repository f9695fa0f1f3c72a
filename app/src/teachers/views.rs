//! Pages: the teacher directory, a teacher's profile with the contact actions, and my contacts.
use super::{
    AnswerContactRequest, ContactState, DirectoryPage, DirectoryQuery, RemoveContact, SaveMyInterests, SendContactRequest, TeacherCard,
    find_teachers,
    interests::{AGE_RANGES, Interests, SUBJECTS, THEMES, language_keys, language_name},
    labels::{age_label, subject_label, theme_label},
    load_contact_book, load_my_interests, load_teacher_profile,
};
use crate::{
    accounts::{StaffRole, views::staff_role_label},
    countries::list_countries,
    error::AppError,
    forms::{ErrorBanner, Notice, SignInNeeded, form_error, outcome},
    i18n::*,
    layout::NotFound,
};
use leptos::{form::ActionForm, prelude::*};
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
fn Card(card: TeacherCard) -> impl IntoView {
    view! {
        <a href=format!("/teachers/{}", card.id) class="block rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-brand-500">
            <p class="font-semibold text-slate-900">{card.display_name}</p>
            <p class="text-sm text-slate-700">{card.school_name}", "{card.city}</p>
            <p class="text-sm text-slate-600">{card.country_name}</p>
        </a>
    }
}

#[component]
pub fn TeachersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |key: &str| query.read().get(key).unwrap_or_default();
    let country = move || param("country");
    let name = move || param("name");
    let directory_query = move || DirectoryQuery {
        country: country(),
        name: name(),
        subject: param("subject"),
        age: param("age"),
        language: param("language"),
        looking_now: !param("looking_now").is_empty(),
        page: param("page").parse().unwrap_or(1),
    };
    let results = Resource::new(directory_query, find_teachers);
    let countries = Resource::new(|| (), |_| list_countries());
    view! {
        <Title text=move || format!("{} · {}", t_string!(i18n, teachers_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-6xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, teachers_title)}</h1>
            <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, teachers_intro)}</p>
            // A plain GET form: the address holds the query, so it works without JavaScript and can be shared.
            // It renders with the results, because each option shows how many teachers choosing it would give.
            <Suspense fallback=move || view! { <p class="mt-6" role="status">{t!(i18n, loading)}</p> }>
                {move || results.get().map(|result| match result {
                    Err(AppError::Unauthenticated) => view! { <SignInNeeded/> }.into_any(),
                    Err(AppError::NotFound) => view! { <p class="mt-8 text-slate-700">{t!(i18n, teachers_validated_only)}</p> }.into_any(),
                    Err(_) => view! { <p class="mt-8" role="alert">{t!(i18n, error_text)}</p> }.into_any(),
                    Ok(page) => {
                        let country_options = Signal::derive(move || countries.get().and_then(Result::ok).unwrap_or_default());
                        let country_counts = page.countries.clone();
                        view! {
                            <form method="get" action="/teachers" class="mt-6 flex flex-wrap items-end gap-4" role="search">
                                <div class="flex flex-col gap-1">
                                    <label for="teachers-name" class="text-sm font-medium text-slate-800">{t!(i18n, field_name_contains)}</label>
                                    <input id="teachers-name" name="name" type="search" value=name class="rounded-md border border-slate-300 px-3 py-2"/>
                                </div>
                                <div class="flex flex-col gap-1">
                                    <label for="teachers-country" class="text-sm font-medium text-slate-800">{t!(i18n, field_country)}</label>
                                    <select id="teachers-country" name="country" class="rounded-md border border-slate-300 px-3 py-2">
                                        <option value="">{t!(i18n, all_countries)}</option>
                                        {move || country_options.get().into_iter().map(|c| {
                                            let selected = c.code == country();
                                            let n = DirectoryPage::count(&country_counts, &c.code);
                                            view! { <option value=c.code.clone() selected=selected>{format!("{} ({n})", c.name)}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <FilterSelect id="teachers-subject" name="subject" label=move || t_string!(i18n, filter_subject) selected=Signal::derive(move || param("subject"))
                                    options=SUBJECTS.to_vec() text=subject_label counts=page.subjects.clone()/>
                                <FilterSelect id="teachers-age" name="age" label=move || t_string!(i18n, filter_age) selected=Signal::derive(move || param("age"))
                                    options=AGE_RANGES.to_vec() text=age_label counts=page.ages.clone()/>
                                <FilterSelect id="teachers-language" name="language" label=move || t_string!(i18n, filter_language) selected=Signal::derive(move || param("language"))
                                    options=language_keys().collect() text=|_, code| language_name(code) counts=page.languages.clone()/>
                                <label class="flex items-center gap-2 pb-2 text-sm text-slate-800">
                                    <input type="checkbox" name="looking_now" value="on" checked=move || !param("looking_now").is_empty()/>
                                    {t!(i18n, interests_looking_now)}
                                </label>
                                <button type="submit" class="btn-primary">{t!(i18n, search_button)}</button>
                            </form>
                            <p class="mt-6 text-sm text-slate-600" data-testid="teacher-total">{let total = page.total; t!(i18n, teachers_found, count = move || total)}</p>
                            {if page.results.is_empty() {
                                view! {
                                    <p class="mt-4 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">{t!(i18n, teachers_none)}</p>
                                }.into_any()
                            } else {
                                view! {
                                    <ul class="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="teacher-results">
                                        {page.results.into_iter().map(|card| view! { <li><Card card/></li> }).collect_view()}
                                    </ul>
                                    <Pager page=page.page pages=page.pages href=move |n| page_href(&query.read(), n)/>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The same address with another page number, so paging keeps every filter.
fn page_href(query: &leptos_router::params::ParamsMap, page: u64) -> String {
    let mut query = query.clone();
    query.remove("page");
    query.insert("page", page.to_string());
    format!("/teachers{}", query.to_query_string())
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

/// How a list entry is shown: its text in the reader's language.
type Label = fn(I18nContext<Locale>, &str) -> &'static str;

#[component]
fn FilterSelect(
    id: &'static str,
    name: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] selected: Signal<String>,
    options: Vec<&'static str>,
    text: Label,
    /// How many teachers each option would give.
    counts: Vec<(String, u64)>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="flex flex-col gap-1">
            <label for=id class="text-sm font-medium text-slate-800">{label}</label>
            <select id=id name=name class="rounded-md border border-slate-300 px-3 py-2">
                <option value="">{t!(i18n, any)}</option>
                {options.into_iter().map(|key| {
                    let n = DirectoryPage::count(&counts, key);
                    view! { <option value=key selected=move || selected.get() == key>{move || format!("{} ({n})", text(i18n, key))}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A teacher's interests as short labelled lists.
#[component]
fn InterestsSummary(interests: Interests) -> impl IntoView {
    let i18n = use_i18n();
    let chips = |items: Vec<String>, label: fn(I18nContext<Locale>, &str) -> &'static str| {
        items.into_iter().map(|key| view! { <li class="badge">{move || label(i18n, &key)}</li> }).collect_view()
    };
    let languages: Vec<_> = interests.languages.iter().map(|code| language_name(code)).collect();
    view! {
        <div class="mt-6 flex flex-col gap-4" data-testid="interests">
            <div class="flex flex-wrap gap-2">
                {interests.looking_now.then(|| view! { <span class="badge-plus">{t!(i18n, looking_now_badge)}</span> })}
                {interests.open_to_plus.then(|| view! { <span class="badge">{t!(i18n, open_to_plus_badge)}</span> })}
            </div>
            {(!interests.introduction.is_empty()).then(|| view! { <p class="whitespace-pre-line text-slate-800">{interests.introduction.clone()}</p> })}
            {(!interests.project_idea.is_empty()).then(|| view! {
                <div><h2 class="font-semibold text-slate-900">{t!(i18n, field_project_idea)}</h2><p class="whitespace-pre-line text-slate-800">{interests.project_idea.clone()}</p></div>
            })}
            <ul class="flex flex-wrap gap-2" aria-label=move || t_string!(i18n, interests_subjects)>{chips(interests.subjects.clone(), subject_label)}</ul>
            <ul class="flex flex-wrap gap-2" aria-label=move || t_string!(i18n, interests_ages)>{chips(interests.age_ranges.clone(), age_label)}</ul>
            <ul class="flex flex-wrap gap-2" aria-label=move || t_string!(i18n, interests_themes)>{chips(interests.themes.clone(), theme_label)}</ul>
            <ul class="flex flex-wrap gap-2" aria-label=move || t_string!(i18n, interests_languages)>
                {languages.into_iter().map(|name| view! { <li class="badge">{name}</li> }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
pub fn TeacherPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let send = ServerAction::<SendContactRequest>::new();
    let answer = ServerAction::<AnswerContactRequest>::new();
    let remove = ServerAction::<RemoveContact>::new();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i32>().ok());
    let profile = Resource::new(
        move || (id(), send.version().get(), answer.version().get(), remove.version().get()),
        |(id, ..)| async move {
            match id {
                Some(id) => load_teacher_profile(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let send_result = outcome(send);
    view! {
        <Suspense fallback=move || view! { <p class="p-10 text-center" role="status">{t!(i18n, loading)}</p> }>
            {move || profile.get().map(|result| match result {
                Err(AppError::Unauthenticated) => view! { <SignInNeeded/> }.into_any(),
                Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                Err(_) => view! { <p class="m-10" role="alert">{t!(i18n, error_text)}</p> }.into_any(),
                Ok(profile) => {
                    let card = profile.card.clone();
                    let name = card.display_name.clone();
                    let other = card.id;
                    let role = profile.staff_role.as_deref().and_then(StaffRole::parse).map(|r| staff_role_label(i18n, r)).unwrap_or_default();
                    view! {
                        <Title text=format!("{name} · OpenTwin")/>
                        <div class="mx-auto max-w-3xl px-4 py-10">
                            <h1 class="text-3xl font-bold text-slate-900">{card.display_name.clone()}</h1>
                            <p class="mt-2 text-slate-700">{role}" · "{card.school_name.clone()}", "{card.city.clone()}</p>
                            <p class="text-slate-600">{card.country_name.clone()}</p>
                            <InterestsSummary interests=profile.interests.clone()/>
                            <div class="mt-8" data-testid="contact-state">
                                <ErrorBanner message=form_error(send_result)/>
                                {match (profile.viewer_has_contacts, profile.contact) {
                                    (_, ContactState::Yourself) => view! { <p class="text-slate-600">{t!(i18n, contact_yourself)}</p> }.into_any(),
                                    (false, _) => ().into_any(),
                                    (true, ContactState::None) => view! {
                                        <ActionForm action=send attr:class="mt-2 flex max-w-xl flex-col gap-3">
                                            <input type="hidden" name="to" value=other/>
                                            <label for="contact-message" class="text-sm font-medium text-slate-800">{t!(i18n, contact_message)}</label>
                                            <textarea id="contact-message" name="message" rows="3" maxlength="500" class="rounded-md border border-slate-300 px-3 py-2"></textarea>
                                            <button type="submit" class="btn-primary self-start">{t!(i18n, contact_send)}</button>
                                        </ActionForm>
                                    }.into_any(),
                                    (true, ContactState::RequestSent) => view! {
                                        <p class="text-slate-700">{t!(i18n, contact_pending)}</p>
                                        <ActionForm action=remove attr:class="mt-2">
                                            <input type="hidden" name="other" value=other/>
                                            <button type="submit" class="text-sm text-slate-700 underline">{t!(i18n, contact_withdraw)}</button>
                                        </ActionForm>
                                    }.into_any(),
                                    (true, ContactState::RequestReceived) => view! {
                                        <p class="text-slate-700">{t!(i18n, contact_received)}</p>
                                        <AnswerButtons action=answer from=other/>
                                    }.into_any(),
                                    (true, ContactState::Contacts) => view! {
                                        <p class="font-medium text-emerald-800">{t!(i18n, contact_yes)}</p>
                                        <ActionForm action=remove attr:class="mt-2">
                                            <input type="hidden" name="other" value=other/>
                                            <button type="submit" class="text-sm text-slate-700 underline">{t!(i18n, contact_remove)}</button>
                                        </ActionForm>
                                    }.into_any(),
                                    (true, ContactState::Declined) => view! { <p class="text-slate-600">{t!(i18n, contact_declined)}</p> }.into_any(),
                                }}
                            </div>
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn AnswerButtons(action: ServerAction<AnswerContactRequest>, from: i32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="mt-2 flex gap-3">
            <ActionForm action=action>
                <input type="hidden" name="from" value=from/>
                <input type="hidden" name="accept" value="true"/>
                <button type="submit" class="btn-primary">{t!(i18n, contact_accept)}</button>
            </ActionForm>
            <ActionForm action=action>
                <input type="hidden" name="from" value=from/>
                <input type="hidden" name="accept" value="false"/>
                <button type="submit" class="rounded-md border border-slate-300 px-4 py-2 font-semibold text-slate-800 hover:bg-slate-50">
                    {t!(i18n, contact_decline)}
                </button>
            </ActionForm>
        </div>
    }
}

#[component]
pub fn ContactsPage() -> impl IntoView {
    let i18n = use_i18n();
    let answer = ServerAction::<AnswerContactRequest>::new();
    let book = Resource::new(move || answer.version().get(), |_| load_contact_book());
    view! {
        <Title text=move || format!("{} · {}", t_string!(i18n, contacts_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-6xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, contacts_title)}</h1>
            <Suspense fallback=move || view! { <p class="mt-6" role="status">{t!(i18n, loading)}</p> }>
                {move || book.get().map(|result| match result {
                    Err(AppError::Unauthenticated) => view! { <SignInNeeded/> }.into_any(),
                    Err(_) => view! { <p class="mt-6" role="alert">{t!(i18n, error_text)}</p> }.into_any(),
                    Ok(book) => view! {
                        {(!book.incoming.is_empty()).then(|| view! {
                            <section class="mt-8" aria-labelledby="incoming-heading">
                                <h2 id="incoming-heading" class="text-xl font-semibold">{t!(i18n, contacts_incoming)}</h2>
                                <ul class="mt-4 flex flex-col gap-3" data-testid="incoming-requests">
                                    {book.incoming.into_iter().map(|request| {
                                        let from = request.from.id;
                                        view! {
                                            <li class="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
                                                <a href=format!("/teachers/{from}") class="font-semibold text-brand-800 underline">{request.from.display_name.clone()}</a>
                                                <span class="text-slate-600">" · "{request.from.country_name.clone()}</span>
                                                {request.message.map(|m| view! { <p class="mt-1 text-slate-700">{m}</p> })}
                                                <AnswerButtons action=answer from/>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                        <section class="mt-8" aria-labelledby="contacts-heading">
                            <h2 id="contacts-heading" class="text-xl font-semibold">{t!(i18n, contacts_mine)}</h2>
                            {if book.contacts.is_empty() {
                                view! { <p class="mt-4 text-slate-600">{t!(i18n, contacts_none)}" "<a href="/teachers" class="text-brand-700 underline">{t!(i18n, contacts_find)}</a></p> }.into_any()
                            } else {
                                view! {
                                    <ul class="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="contact-list">
                                        {book.contacts.into_iter().map(|card| view! { <li><Card card/></li> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                        {(!book.outgoing.is_empty()).then(|| view! {
                            <section class="mt-8" aria-labelledby="outgoing-heading">
                                <h2 id="outgoing-heading" class="text-xl font-semibold">{t!(i18n, contacts_outgoing)}</h2>
                                <ul class="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                                    {book.outgoing.into_iter().map(|card| view! { <li><Card card/></li> }).collect_view()}
                                </ul>
                            </section>
                        })}
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

/// "My interests": checkboxes and two texts, a plain form that also works before hydration.
#[component]
pub fn InterestsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveMyInterests>::new();
    let result = outcome(save);
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some() || matches!(result.get(), Some(Ok(())));
    let mine = Resource::new(move || save.version().get(), |_| load_my_interests());
    view! {
        <Title text=move || format!("{} · {}", t_string!(i18n, interests_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-4xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, interests_title)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, interests_intro)}</p>
            <div class="mt-4 flex flex-col gap-3">
                <Show when=saved><Notice>{t!(i18n, interests_saved)}</Notice></Show>
                <ErrorBanner message=Signal::derive(move || match result.get() {
                    Some(Err(err)) => Some(crate::error::describe(&err, i18n.get_locale())),
                    _ => None,
                })/>
            </div>
            <Suspense fallback=move || view! { <p class="mt-6" role="status">{t!(i18n, loading)}</p> }>
                {move || mine.get().map(|loaded| match loaded {
                    Err(AppError::Unauthenticated) => view! { <SignInNeeded/> }.into_any(),
                    Err(_) => view! { <p class="mt-6" role="alert">{t!(i18n, error_text)}</p> }.into_any(),
                    Ok(mine) => view! {
                        <ActionForm action=save attr:class="mt-6 flex flex-col gap-8">
                            <div class="flex flex-col gap-1">
                                <label for="field-introduction" class="text-sm font-medium text-slate-800">{t!(i18n, field_introduction)}</label>
                                <textarea id="field-introduction" name="form[introduction]" rows="3" maxlength="2000" class="rounded-md border border-slate-300 px-3 py-2">{mine.introduction.clone()}</textarea>
                            </div>
                            <div class="flex flex-col gap-1">
                                <label for="field-project_idea" class="text-sm font-medium text-slate-800">{t!(i18n, field_project_idea)}</label>
                                <textarea id="field-project_idea" name="form[project_idea]" rows="3" maxlength="1000" class="rounded-md border border-slate-300 px-3 py-2">{mine.project_idea.clone()}</textarea>
                            </div>
                            <Choices legend=move || t_string!(i18n, interests_subjects) group="subjects" chosen=mine.subjects.clone()
                                options=SUBJECTS.to_vec() text=subject_label/>
                            <Choices legend=move || t_string!(i18n, interests_ages) group="age_ranges" chosen=mine.age_ranges.clone()
                                options=AGE_RANGES.to_vec() text=age_label/>
                            <Choices legend=move || t_string!(i18n, interests_languages) group="languages" chosen=mine.languages.clone()
                                options=language_keys().collect() text=|_, code| language_name(code)/>
                            <Choices legend=move || t_string!(i18n, interests_themes) group="themes" chosen=mine.themes.clone()
                                options=THEMES.to_vec() text=theme_label/>
                            <div class="flex flex-col gap-2">
                                <label class="flex items-center gap-2">
                                    <input type="checkbox" name="form[looking_now]" value="on" checked=mine.looking_now/>
                                    {t!(i18n, interests_looking_now)}
                                </label>
                                <label class="flex items-center gap-2">
                                    <input type="checkbox" name="form[open_to_plus]" value="on" checked=mine.open_to_plus/>
                                    {t!(i18n, interests_open_to_plus)}
                                </label>
                            </div>
                            <button type="submit" class="btn-primary self-start" disabled=move || save.pending().get()>{t!(i18n, save)}</button>
                        </ActionForm>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Choices(
    #[prop(into)] legend: Signal<&'static str>,
    group: &'static str,
    chosen: Vec<String>,
    options: Vec<&'static str>,
    text: Label,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset>
            <legend class="text-lg font-semibold text-slate-900">{legend}</legend>
            <div class="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-2 lg:grid-cols-3">
                {options.into_iter().map(|key| {
                    let checked = chosen.iter().any(|c| c == key);
                    view! {
                        <label class="flex items-center gap-2 text-slate-800">
                            <input type="checkbox" name=format!("form[{group}][{key}]") value="on" checked=checked/>
                            {move || text(i18n, key)}
                        </label>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}
