//! Pages: a teacher's profile with the contact actions, and my contacts.
use super::{
    AnswerContactRequest, ContactState, RemoveContact, SaveMyInterests, SendContactRequest, TeacherCard,
    interests::{AGE_RANGES, Interests, SUBJECTS, THEMES, language_keys},
    labels::{Label, age_label, country_label, language_label, subject_label, theme_label},
    load_contact_book, load_my_interests, load_teacher_profile,
};
use crate::{
    accounts::{StaffRole, views::staff_role_label},
    error::AppError,
    forms::{ErrorBanner, Notice, SignInNeeded, form_error, outcome},
    i18n::*,
    layout::NotFound,
};
use leptos::{form::ActionForm, prelude::*};
use leptos_i18n::I18nContext;
use crate::ui::{PageTitle, raw_text};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn Card(card: TeacherCard) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a href=format!("/teachers/{}", card.id) class="flex items-start gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-brand-500">
            <Avatar name=card.display_name.clone() picture=card.picture.clone() size="h-12 w-12 text-base"/>
            <div>
                <p class="font-semibold text-slate-900">{card.display_name}</p>
                <p class="text-sm text-slate-700">{card.school_name}", "{card.city}</p>
                <p class="text-sm text-slate-600">{country_label(i18n, &card.country_code)}</p>
                <RecognitionBadges labels=card.quality_labels school_until=card.school_label_until/>
            </div>
        </a>
    }
}

/// A teacher's Quality Labels (how many) and their school's eTwinning School label, where there are any.
#[component]
fn RecognitionBadges(labels: u32, school_until: Option<i32>) -> impl IntoView {
    let i18n = use_i18n();
    (labels > 0 || school_until.is_some()).then(|| view! {
        <p class="mt-1 flex flex-wrap gap-1">
            {(labels > 0).then(|| view! { <span class="badge-label" data-testid="badge-teacher-labels">{t!(i18n, badge_teacher_labels, count = move || labels)}</span> })}
            {school_until.map(|year| view! { <span class="badge-label" data-testid="badge-school">{t!(i18n, badge_etwinning_school, year = move || year)}</span> })}
        </p>
    })
}

/// A person's picture, or their initials on a coloured disc. Decorative: the name is always written beside it.
#[component]
pub fn Avatar(name: String, picture: Option<String>, size: &'static str) -> impl IntoView {
    match picture {
        Some(src) => view! { <img src=src alt="" loading="lazy" class=format!("{size} shrink-0 rounded-full object-cover")/> }.into_any(),
        None => {
            let initials: String = name.split_whitespace().filter_map(|word| word.chars().next()).take(2).collect();
            view! {
                <span aria-hidden="true" class=format!("{size} inline-flex shrink-0 items-center justify-center rounded-full bg-brand-100 font-semibold text-brand-800")>
                    {initials}
                </span>
            }.into_any()
        }
    }
}


/// A teacher's interests as short labelled lists.
#[component]
fn InterestsSummary(interests: Interests) -> impl IntoView {
    let i18n = use_i18n();
    let chips = |items: Vec<String>, label: Label| {
        items.into_iter().map(|key| view! { <li class="badge">{move || label(i18n, &key)}</li> }).collect_view()
    };
    // A labelled row of chips; rows with nothing in them are left out.
    let row = |label: Signal<&'static str>, empty: bool, list: AnyView| -> AnyView {
        if empty {
            return ().into_any();
        }
        view! {
            <div class="grid gap-1 sm:grid-cols-[14rem_1fr]">
                <dt class="text-sm font-medium text-slate-600">{label}</dt>
                <dd><ul class="flex flex-wrap gap-2" aria-label=label>{list}</ul></dd>
            </div>
        }
        .into_any()
    };
    let label = |f: fn(I18nContext<Locale>) -> &'static str| Signal::derive(move || f(i18n));
    let Interests {
        introduction, taught_subjects, taught_ages, spoken_languages, project_idea, preferred_countries, subjects, age_ranges, languages, themes,
        open_to_plus, looking_now,
    } = interests;
    view! {
        <div class="mt-6 flex flex-col gap-4" data-testid="interests">
            <div class="flex flex-wrap gap-2">
                {looking_now.then(|| view! { <span class="badge-plus">{t!(i18n, looking_now_badge)}</span> })}
                {open_to_plus.then(|| view! { <span class="badge">{t!(i18n, open_to_plus_badge)}</span> })}
            </div>
            {(!introduction.is_empty()).then(|| view! { <p class="whitespace-pre-line text-slate-800">{introduction}</p> })}
            <dl class="flex flex-col gap-3">
                {row(label(|i18n| t_string!(i18n, profile_teaches)), taught_subjects.is_empty(), chips(taught_subjects.clone(), subject_label).into_any())}
                {row(label(|i18n| t_string!(i18n, profile_pupils_ages)), taught_ages.is_empty(), chips(taught_ages.clone(), age_label).into_any())}
                {row(label(|i18n| t_string!(i18n, profile_speaks)), spoken_languages.is_empty(), chips(spoken_languages.clone(), language_label).into_any())}
            </dl>
            {(!project_idea.is_empty()).then(|| view! {
                <div><h2 class="font-semibold text-slate-900">{t!(i18n, field_project_idea)}</h2><p class="whitespace-pre-line text-slate-800">{project_idea}</p></div>
            })}
            <h2 class="font-semibold text-slate-900">{t!(i18n, profile_would_like)}</h2>
            <dl class="flex flex-col gap-3">
                {row(label(|i18n| t_string!(i18n, interests_subjects)), subjects.is_empty(), chips(subjects.clone(), subject_label).into_any())}
                {row(label(|i18n| t_string!(i18n, interests_ages)), age_ranges.is_empty(), chips(age_ranges.clone(), age_label).into_any())}
                {row(label(|i18n| t_string!(i18n, interests_themes)), themes.is_empty(), chips(themes.clone(), theme_label).into_any())}
                {row(label(|i18n| t_string!(i18n, interests_languages)), languages.is_empty(), chips(languages.clone(), language_label).into_any())}
                {row(label(|i18n| t_string!(i18n, profile_prefers)), preferred_countries.is_empty(), chips(preferred_countries.clone(), country_label).into_any())}
            </dl>
        </div>
    }
    .into_any()
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
                        <PageTitle text=format!("{name} · OpenTwin")/>
                        <div class="mx-auto max-w-3xl px-4 py-10">
                            <div class="flex items-center gap-4">
                                <Avatar name=card.display_name.clone() picture=card.picture.clone() size="h-20 w-20 text-2xl"/>
                                <h1 class="text-3xl font-bold text-slate-900">{card.display_name.clone()}</h1>
                            </div>
                            <p class="mt-2 text-slate-700">{role}" · "{card.school_name.clone()}", "{card.city.clone()}</p>
                            <p class="text-slate-600">{country_label(i18n, &card.country_code)}</p>
                            <RecognitionBadges labels=0 school_until=card.school_label_until/>
                            {(!profile.recognition.is_empty()).then(|| {
                                let locale = i18n.get_locale();
                                view! {
                                    <section class="mt-6" aria-labelledby="recognition-heading">
                                        <h2 id="recognition-heading" class="text-lg font-semibold text-slate-900">{t!(i18n, teacher_recognition)}</h2>
                                        <ul class="mt-2 flex flex-col gap-1" data-testid="teacher-recognition">
                                            {profile.recognition.iter().map(|c| {
                                                let what = format!("{} {} · {}", crate::certificates::kind_text(c, locale), c.year, c.project_title);
                                                view! { <li><a class="text-brand-800 underline" href=format!("/certificates/{}", c.code)>{what}</a></li> }
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                }
                            })}
                            <InterestsSummary interests=profile.interests.clone()/>
                            {(profile.contact != super::ContactState::Yourself).then(|| view! {
                                <div class="mt-4"><crate::moderation::views::ReportButton kind=crate::moderation::ReportKind::Profile target=card.id/></div>
                            })}
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
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, contacts_title), t_string!(i18n, platform_name))/>
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
                                                <span class="text-slate-600">" · "{country_label(i18n, &request.from.country_code)}</span>
                                                {request.message.map(|m| view! {
                                                    <p class="mt-1 text-slate-700">{m}</p>
                                                    <crate::moderation::views::ReportButton kind=crate::moderation::ReportKind::ContactMessage target=from/>
                                                })}
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
                                        {let mut contacts = book.contacts;
                                        // In the reader's collation (the server sorts by code point).
                                        crate::locale::sort_by_name(i18n.get_locale(), &mut contacts, |card| &card.display_name);
                                        contacts.into_iter().map(|card| {
                                            let write = format!("/messages/{}", card.id);
                                            view! {
                                                <li class="flex flex-col gap-2">
                                                    <Card card/>
                                                    <a href=write class="btn-secondary self-start py-1 text-sm" data-testid="write-message">{t!(i18n, messages_write)}</a>
                                                </li>
                                            }
                                        }).collect_view()}
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
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, interests_title), t_string!(i18n, platform_name))/>
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
            <PictureForm/>
            <Suspense fallback=move || view! { <p class="mt-6" role="status">{t!(i18n, loading)}</p> }>
                {move || mine.get().map(|loaded| match loaded {
                    Err(AppError::Unauthenticated) => view! { <SignInNeeded/> }.into_any(),
                    Err(_) => view! { <p class="mt-6" role="alert">{t!(i18n, error_text)}</p> }.into_any(),
                    Ok(mine) => view! {
                        <ActionForm action=save attr:class="mt-6 flex flex-col gap-8">
                            <h2 class="text-xl font-semibold text-slate-900">{t!(i18n, profile_about_heading)}</h2>
                            <div class="flex flex-col gap-1">
                                <label for="field-introduction" class="text-sm font-medium text-slate-800">{t!(i18n, field_introduction)}</label>
                                <textarea id="field-introduction" name="form[introduction]" rows="3" maxlength="2000" class="rounded-md border border-slate-300 px-3 py-2">{raw_text(mine.introduction.clone())}</textarea>
                            </div>
                            <Choices legend=move || t_string!(i18n, taught_subjects) group="taught_subjects" chosen=mine.taught_subjects.clone()
                                options=SUBJECTS.to_vec() text=subject_label/>
                            <Choices legend=move || t_string!(i18n, taught_ages) group="taught_ages" chosen=mine.taught_ages.clone()
                                options=AGE_RANGES.to_vec() text=age_label/>
                            <Choices legend=move || t_string!(i18n, spoken_languages) group="spoken_languages" chosen=mine.spoken_languages.clone()
                                options=language_keys().collect() text=language_label/>
                            <h2 class="border-t border-slate-200 pt-8 text-xl font-semibold text-slate-900">{t!(i18n, profile_wants_heading)}</h2>
                            <div class="flex flex-col gap-1">
                                <label for="field-project_idea" class="text-sm font-medium text-slate-800">{t!(i18n, field_project_idea)}</label>
                                <textarea id="field-project_idea" name="form[project_idea]" rows="3" maxlength="1000" class="rounded-md border border-slate-300 px-3 py-2">{raw_text(mine.project_idea.clone())}</textarea>
                            </div>
                            <Choices legend=move || t_string!(i18n, interests_subjects) group="subjects" chosen=mine.subjects.clone()
                                options=SUBJECTS.to_vec() text=subject_label/>
                            <Choices legend=move || t_string!(i18n, interests_ages) group="age_ranges" chosen=mine.age_ranges.clone()
                                options=AGE_RANGES.to_vec() text=age_label/>
                            <Choices legend=move || t_string!(i18n, interests_languages) group="languages" chosen=mine.languages.clone()
                                options=language_keys().collect() text=language_label/>
                            <Choices legend=move || t_string!(i18n, interests_themes) group="themes" chosen=mine.themes.clone()
                                options=THEMES.to_vec() text=theme_label/>
                            <Choices legend=move || t_string!(i18n, preferred_countries) group="preferred_countries" chosen=mine.preferred_countries.clone()
                                options=crate::countries::COUNTRIES.iter().map(|(code, ..)| *code).collect() text=country_label/>
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

/// The profile picture: a plain multipart form (the server answers with a redirect back here, carrying the
/// outcome in `?picture=`), with or without JavaScript.
#[component]
fn PictureForm() -> impl IntoView {
    use super::pictures::{BUSY, NOT_AN_IMAGE, REMOVED, SAVED, THROTTLED, TOO_LARGE};
    let i18n = use_i18n();
    let query = use_query_map();
    let outcome = move || query.read().get("picture").unwrap_or_default();
    let max_mb = move || query.read().get("max_mb").and_then(|n| n.parse::<u32>().ok()).unwrap_or(5);
    let picture = Resource::new(|| (), |_| super::my_picture());
    view! {
        <section class="mt-8 rounded-lg border border-slate-200 p-5" aria-labelledby="picture-heading">
            <h2 id="picture-heading" class="text-xl font-semibold text-slate-900">{t!(i18n, picture_heading)}</h2>
            <p class="mt-1 text-sm text-slate-600">{t!(i18n, picture_hint)}</p>
            <div class="mt-3">
                {move || match outcome().as_str() {
                    SAVED => view! { <Notice>{t!(i18n, picture_saved)}</Notice> }.into_any(),
                    REMOVED => view! { <Notice>{t!(i18n, picture_removed)}</Notice> }.into_any(),
                    TOO_LARGE => view! { <ErrorBanner message=Signal::derive(move || Some(crate::error::describe_problem(&crate::error::Problem::PictureTooLarge { max_mb: max_mb() }, i18n.get_locale())))/> }.into_any(),
                    NOT_AN_IMAGE => view! { <ErrorBanner message=Signal::derive(move || Some(crate::error::describe_problem(&crate::error::Problem::PictureNotAnImage, i18n.get_locale())))/> }.into_any(),
                    THROTTLED => view! { <ErrorBanner message=Signal::derive(move || Some(crate::error::describe(&AppError::Throttled, i18n.get_locale())))/> }.into_any(),
                    BUSY => view! { <ErrorBanner message=Signal::derive(move || Some(crate::error::describe(&AppError::Busy, i18n.get_locale())))/> }.into_any(),
                    _ => ().into_any(),
                }}
            </div>
            <div class="mt-4 flex flex-wrap items-end gap-6">
                <Suspense fallback=|| ()>
                    {move || picture.get().map(|found| match found {
                        Ok(Some(src)) => view! {
                            <div class="flex items-end gap-4">
                                <img src=src alt=move || t_string!(i18n, picture_heading) class="h-24 w-24 rounded-full object-cover" data-testid="my-picture"/>
                                <form method="post" action="/account/picture/remove">
                                    <button type="submit" class="text-sm text-red-700 underline">{t!(i18n, picture_remove)}</button>
                                </form>
                            </div>
                        }.into_any(),
                        _ => view! { <p class="text-sm text-slate-600">{t!(i18n, picture_none)}</p> }.into_any(),
                    })}
                </Suspense>
                <form method="post" action="/account/picture" enctype="multipart/form-data" class="flex flex-wrap items-end gap-3">
                    <div class="flex flex-col gap-1">
                        <label for="picture-file" class="text-sm font-medium text-slate-800">{t!(i18n, picture_field)}</label>
                        <input id="picture-file" type="file" name="picture" accept="image/jpeg,image/png,image/webp" required class="text-sm"/>
                    </div>
                    <button type="submit" class="btn-primary">{t!(i18n, picture_upload)}</button>
                </form>
            </div>
        </section>
    }
}

/// A group of checkboxes named `form[group][key]`, for forms that work without JavaScript.
#[component]
pub fn Choices(
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
