//! The seminars' pages: the list (to come and past), a seminar (register, calendar file, the link to join for
//! registered people, recording and materials, the organiser's attendance list), and the organiser's form.
//! Rendered on the server; every action is a plain form.
use super::{CancelSeminar, CreateSeminar, MarkAttendance, RegisterForSeminar, SeminarCard, SeminarView, SetSeminarRecording, calendar_path, load_seminar, load_seminars, may_create_seminar};
use crate::{
    annual_theme::{TAKE_UP_FIELD, TakeUpTheme, ThemeTag},
    error::AppError,
    forms::{ErrorBanner, Notice, TextField, any_error, field_error, form_error, outcome},
    i18n::*,
    locale::{country_name, date_time, language_name},
    ui::{PageTitle, Permitted, RequestKey, TextArea, empty, failed, failed_page, loading, loading_page, route_id},
};
use leptos::{form::ActionForm, prelude::*};

/// When, how long, in which language, and places.
fn facts(i18n: leptos_i18n::I18nContext<Locale>, card: &SeminarCard) -> impl IntoView + use<> {
    let locale = i18n.get_locale();
    let when = date_time(locale, card.starts_at);
    let minutes = card.minutes;
    let language = language_name(locale, &card.language);
    let left = card.places_left();
    let duration = t_string!(i18n, seminar_minutes, minutes = minutes).to_string();
    let places = if left == 0 { t_string!(i18n, seminar_full).to_owned() } else { t_string!(i18n, seminar_places_left, places = left).to_string() };
    view! {
        <p class="mt-1 text-sm text-slate-700">{format!("{when} (UTC) · {duration} · {language} · {places}")}</p>
    }
}

fn card_item(i18n: leptos_i18n::I18nContext<Locale>, card: SeminarCard) -> impl IntoView {
    let href = format!("/seminars/{}", card.id);
    let (registered, cancelled) = (card.registered, card.cancelled);
    view! {
        <li class="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="seminar">
            <a href=href class="text-lg font-semibold text-brand-800 underline-offset-2 hover:underline">{card.title.clone()}</a>
            {cancelled.then(cancelled_badge)}
            {registered.then(|| view! { <span class="badge ms-2">{t!(i18n, seminar_registered_badge)}</span> })}
            {card.theme_year.map(|year| view! { <span class="ms-2"><ThemeTag year/></span> })}
            <p class="text-slate-800">{t_string!(i18n, seminar_with, speaker = card.speaker.as_str()).to_string()}</p>
            {facts(i18n, &card)}
        </li>
    }
}

/// "Cancelled", beside a seminar's title.
fn cancelled_badge() -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class="badge ms-2 bg-red-50 align-middle text-red-900 ring-red-200" data-testid="seminar-cancelled">{t!(i18n, seminar_cancelled_badge)}</span> }
}

#[component]
pub fn SeminarsPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| load_seminars());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, nav_seminars), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, nav_seminars)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, seminars_intro)}</p>
            <Suspense fallback=move || loading(i18n)>
                {move || list.get().map(|l| match l {
                    Err(err) => failed(i18n, err),
                    Ok(list) => view! {
                        {list.may_organise.then(|| view! { <a href="/seminars/new" class="btn-primary mt-6 inline-block">{t!(i18n, seminar_new)}</a> })}
                        <section class="mt-8" aria-labelledby="seminars-upcoming">
                            <h2 id="seminars-upcoming" class="text-xl font-semibold text-slate-900">{t!(i18n, seminars_upcoming)}</h2>
                            {if list.upcoming.is_empty() {
                                empty(t!(i18n, seminars_none_upcoming)).into_any()
                            } else {
                                view! { <ul class="mt-4 flex flex-col gap-3">{list.upcoming.into_iter().map(|c| card_item(i18n, c)).collect_view()}</ul> }.into_any()
                            }}
                        </section>
                        {(!list.past.is_empty()).then(|| view! {
                            <section class="mt-10" aria-labelledby="seminars-past">
                                <h2 id="seminars-past" class="text-xl font-semibold text-slate-900">{t!(i18n, seminars_past)}</h2>
                                <ul class="mt-4 flex flex-col gap-3">{list.past.into_iter().map(|c| card_item(i18n, c)).collect_view()}</ul>
                            </section>
                        })}
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn SeminarPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id("id");
    let register = ServerAction::<RegisterForSeminar>::new();
    let mark = ServerAction::<MarkAttendance>::new();
    let recording = ServerAction::<SetSeminarRecording>::new();
    let cancel = ServerAction::<CancelSeminar>::new();
    let (registered, marked, saved, cancelled) = (outcome(register), outcome(mark), outcome(recording), outcome(cancel));
    let loaded = Resource::new(
        move || (id(), register.version().get(), mark.version().get(), recording.version().get(), cancel.version().get()),
        |(id, ..)| async move {
            match id {
                Some(id) => load_seminar(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let error = any_error(vec![registered, marked, cancelled]);
    view! {
        <Suspense fallback=loading_page>
            {move || loaded.get().map(|loaded| match loaded {
                Err(err) => failed_page(i18n, err),
                Ok(view) => seminar_page(i18n, view, Actions { register, mark, recording, cancel }, error, saved).into_any(),
            })}
        </Suspense>
    }
}

/// The page's actions, whose answers reload it.
#[derive(Clone, Copy)]
struct Actions {
    register: ServerAction<RegisterForSeminar>,
    mark: ServerAction<MarkAttendance>,
    recording: ServerAction<SetSeminarRecording>,
    cancel: ServerAction<CancelSeminar>,
}

fn seminar_page(i18n: leptos_i18n::I18nContext<Locale>, view: SeminarView, actions: Actions, error: Signal<Option<String>>, saved: crate::forms::Outcome) -> impl IntoView {
    let id = view.card.id;
    let title = view.card.title.clone();
    let page_title = title.clone();
    let locale = i18n.get_locale();
    let registered = view.card.registered;
    let full = view.card.places_left() == 0;
    // Registration: open until it begins, while places are left (or to take one's place back).
    let registration = (view.may_register && !view.begun).then(|| {
        if registered {
            view! {
                <p class="mt-4 font-medium text-emerald-800" role="status">{t!(i18n, seminar_you_are_registered)}</p>
                <ActionForm action=actions.register attr:class="mt-2">
                    <input type="hidden" name="seminar" value=id/>
                    <input type="hidden" name="register" value="false"/>
                    <button type="submit" class="btn-secondary">{t!(i18n, seminar_unregister)}</button>
                </ActionForm>
            }.into_any()
        } else if full {
            view! { <p class="mt-4 font-medium text-slate-800" role="status">{t!(i18n, seminar_full)}</p> }.into_any()
        } else {
            view! {
                <ActionForm action=actions.register attr:class="mt-4">
                    <input type="hidden" name="seminar" value=id/>
                    <input type="hidden" name="register" value="true"/>
                    <button type="submit" class="btn-primary" data-testid="seminar-register">{t!(i18n, seminar_register)}</button>
                </ActionForm>
            }.into_any()
        }
    });
    let attendees = view.attendees.clone();
    let (begun, cancelled) = (view.begun, view.card.cancelled);
    view! {
        <PageTitle text=move || format!("{} · {}", page_title, t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 py-10">
            <a href="/seminars" class="text-sm text-brand-800 underline">{t!(i18n, nav_seminars)}</a>
            <h1 class="mt-2 text-3xl font-bold text-slate-900">{title}</h1>
            {cancelled.then(|| view! { <p class="mt-2 -ms-2">{cancelled_badge()}</p> })}
            <p class="mt-2 text-lg text-slate-800">{t_string!(i18n, seminar_with, speaker = view.card.speaker.as_str()).to_string()}</p>
            {view.card.theme_year.map(|year| view! { <p class="mt-1"><ThemeTag year/></p> })}
            {facts(i18n, &view.card)}
            {(!view.organiser.is_empty()).then(|| view! { <p class="text-sm text-slate-600">{t_string!(i18n, seminar_organised_by, name = view.organiser.as_str()).to_string()}</p> })}
            <p class="mt-6 whitespace-pre-line text-slate-900">{view.description.clone()}</p>
            <div class="mt-4 flex flex-col gap-3"><ErrorBanner message=error/></div>
            {cancelled.then(|| view! {
                <p class="mt-4 rounded-md bg-red-50 p-3 font-medium text-red-900" role="status" data-testid="seminar-cancelled-note">{t!(i18n, seminar_cancelled_note)}</p>
            })}
            {registration}
            <ul class="mt-6 flex flex-wrap gap-4">
                <li><a href=calendar_path(id) class="btn-secondary" download="seminar.ics">{t!(i18n, seminar_calendar)}</a></li>
                {view.join_url.clone().filter(|_| !view.ended).map(|url| view! {
                    <li><a href=url class="btn-primary" rel="noopener noreferrer" target="_blank" data-testid="seminar-join">{t!(i18n, seminar_join)}</a></li>
                })}
            </ul>
            {(view.recording_url.is_some() || view.materials_url.is_some()).then(|| view! {
                <section class="mt-8" aria-labelledby="seminar-afterwards">
                    <h2 id="seminar-afterwards" class="text-xl font-semibold text-slate-900">{t!(i18n, seminar_afterwards)}</h2>
                    <ul class="mt-2 flex flex-col gap-1">
                        {view.recording_url.clone().map(|u| view! { <li><a href=u class="text-brand-800 underline" rel="noopener noreferrer">{t!(i18n, seminar_recording)}</a></li> })}
                        {view.materials_url.clone().map(|u| view! { <li><a href=u class="text-brand-800 underline" rel="noopener noreferrer">{t!(i18n, seminar_materials)}</a></li> })}
                    </ul>
                </section>
            })}
            {view.certificate.clone().map(|code| view! {
                <p class="mt-6" data-testid="seminar-certificate">
                    {t!(i18n, seminar_your_certificate)}" "
                    <a href=crate::certificates::pdf_path(&code) class="text-brand-800 underline">{t!(i18n, seminar_certificate_download)}</a>
                </p>
            })}
            {attendees.map(|people| view! {
                <section class="mt-10" aria-labelledby="seminar-attendees">
                    <h2 id="seminar-attendees" class="text-xl font-semibold text-slate-900">{t_string!(i18n, seminar_attendees, number = people.len()).to_string()}</h2>
                    <p class="mt-1 text-sm text-slate-700">{t!(i18n, seminar_attendance_hint)}</p>
                    {if people.is_empty() {
                        empty(t!(i18n, seminar_nobody_registered)).into_any()
                    } else {
                        view! {
                            <ul class="mt-3 flex flex-col divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-testid="seminar-attendees">
                                {people.iter().cloned().map(|person| {
                                    let country = person.country_code.as_deref().map(|c| country_name(locale, c)).unwrap_or_default();
                                    view! {
                                        <li class="flex flex-wrap items-center justify-between gap-2 p-3" data-testid="seminar-attendee">
                                            <span>{person.name.clone()}" · "{country}</span>
                                            {if person.attended {
                                                view! { <span class="badge">{t!(i18n, seminar_attended)}</span> }.into_any()
                                            } else if begun && !cancelled {
                                                view! {
                                                    <ActionForm action=actions.mark>
                                                        <input type="hidden" name="seminar" value=id/>
                                                        <input type="hidden" name="account" value=person.account_id/>
                                                        <button type="submit" class="btn-secondary py-1 text-sm">{t!(i18n, seminar_mark_attended)}</button>
                                                    </ActionForm>
                                                }.into_any()
                                            } else {
                                                ().into_any()
                                            }}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <RecordingForm id=id recording=view.recording_url.clone().unwrap_or_default() materials=view.materials_url.clone().unwrap_or_default() action=actions.recording saved=saved/>
                </section>
            })}
            {view.may_cancel.then(|| view! {
                // Folded away, then a second, explicit button: cancelling tells everyone registered and is final.
                <details class="mt-10 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="seminar-cancel">
                    <summary class="cursor-pointer font-medium text-red-800">{t!(i18n, seminar_cancel)}</summary>
                    <p class="mt-2 text-sm text-slate-700">{t!(i18n, seminar_cancel_hint)}</p>
                    <ActionForm action=actions.cancel attr:class="mt-3">
                        <input type="hidden" name="seminar" value=id/>
                        <button type="submit" class="btn-primary bg-red-700 hover:bg-red-800 focus-visible:outline-red-700">{t!(i18n, seminar_cancel_confirm)}</button>
                    </ActionForm>
                </details>
            })}
        </div>
    }
}

/// The organiser's addresses of the recording and materials.
#[component]
fn RecordingForm(id: i32, recording: String, materials: String, action: ServerAction<SetSeminarRecording>, saved: crate::forms::Outcome) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ActionForm action=action attr:class="mt-6 flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <Show when=move || matches!(saved.get(), Some(Ok(())))><Notice>{t!(i18n, profile_saved)}</Notice></Show>
            <ErrorBanner message=form_error(saved)/>
            <input type="hidden" name="seminar" value=id/>
            <TextField name="recording_url" field="recording_url" kind="url" label=Signal::derive(move || t_string!(i18n, seminar_recording_field).to_owned())
                value=Signal::derive(move || recording.clone()) error=field_error(saved, "recording_url")/>
            <TextField name="materials_url" field="materials_url" kind="url" label=Signal::derive(move || t_string!(i18n, seminar_materials_field).to_owned())
                value=Signal::derive(move || materials.clone()) error=field_error(saved, "materials_url")/>
            <div><button type="submit" class="btn-secondary">{t!(i18n, save_button)}</button></div>
        </ActionForm>
    }
}

/// The organiser's form for a new seminar.
#[component]
pub fn NewSeminarPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateSeminar>::new();
    let result = outcome(create);
    let label = move |text: fn(leptos_i18n::I18nContext<Locale>) -> &'static str| Signal::derive(move || text(i18n).to_owned());
    let language_error = field_error(result, "language");
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, seminar_new), t_string!(i18n, platform_name))/>
        <Permitted may=may_create_seminar>
            <div class="mx-auto max-w-3xl px-4 py-10">
                <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, seminar_new)}</h1>
                <ActionForm action=create attr:class="mt-8 flex flex-col gap-5" attr:data-testid="seminar-form">
                    <RequestKey />
                    <ErrorBanner message=form_error(result)/>
                    <TextField name="form[title]" field="title" label=label(|i| t_string!(i, seminar_title_field)) required=true error=field_error(result, "title")/>
                    <TextField name="form[speaker]" field="speaker" label=label(|i| t_string!(i, seminar_speaker_field)) required=true error=field_error(result, "speaker")/>
                    <TextArea name="form[description]" field="description" label=label(|i| t_string!(i, seminar_description_field)) rows=5 max=super::DESCRIPTION_MAX
                        error=field_error(result, "description")/>
                    <div class="flex flex-col gap-1">
                        <label for="field-language" class="text-sm font-medium text-slate-800">{t!(i18n, seminar_language_field)}</label>
                        <select id="field-language" name="form[language]" required class="rounded-md border border-slate-300 px-3 py-2"
                            aria-invalid=move || language_error.get().is_some().then_some("true")>
                            {crate::teachers::interests::LANGUAGES.iter().map(|(code, name)| view! { <option value=*code selected={*code == "en"}>{*name}</option> }).collect_view()}
                        </select>
                        <Show when=move || language_error.get().is_some()><p class="text-sm text-red-700">{move || language_error.get()}</p></Show>
                    </div>
                    <TextField name="form[starts_at]" field="starts_at" kind="datetime-local" label=label(|i| t_string!(i, seminar_starts_field)) required=true
                        hint=label(|i| t_string!(i, seminar_starts_hint)) error=field_error(result, "starts_at")/>
                    <TextField name="form[minutes]" field="minutes" kind="number" label=label(|i| t_string!(i, seminar_minutes_field)) required=true
                        value=Signal::derive(|| "60".to_owned()) error=field_error(result, "minutes")/>
                    <TextField name="form[capacity]" field="capacity" kind="number" label=label(|i| t_string!(i, seminar_capacity_field)) required=true
                        value=Signal::derive(|| "100".to_owned()) error=field_error(result, "capacity")/>
                    <TextField name="form[join_url]" field="join_url" kind="url" label=label(|i| t_string!(i, seminar_join_field)) required=true
                        hint=label(|i| t_string!(i, seminar_join_hint)) error=field_error(result, "join_url")/>
                    <TakeUpTheme name="form[annual_theme]" error=field_error(result, TAKE_UP_FIELD)/>
                    <div><button type="submit" class="btn-primary">{t!(i18n, seminar_create)}</button></div>
                </ActionForm>
            </div>
        </Permitted>
    }
}
