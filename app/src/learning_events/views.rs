//! The learning events' pages: the list (running, coming up, past), an event (enrol or join the waiting list,
//! the programme, each unit's activity for participants, progress and the certificate; for organisers the units
//! to add, participants' progress and work, the waiting list), and the organiser's form. Rendered on the server;
//! every action is a plain form.
use super::{
    Activity, AddLearningUnit, CreateLearningEvent, EditLearningUnit, EnrolInLearningEvent, Enrolment, EventCard, EventView, MarkUnitRead, MessageLearningEvent, PostInUnit, RemoveLearningUnit,
    SubmitUnitWork, UnitView,
    load_learning_event, load_learning_events, may_organise_learning_event,
};
use crate::{
    annual_theme::{TAKE_UP_FIELD, TakeUpTheme, ThemeTag},
    error::AppError,
    forms::{ErrorBanner, Notice, TextField, any_error, field_error, form_error, outcome},
    i18n::*,
    locale::{country_name, date, date_time, language_name},
    moderation::{ReportKind, views::{MarkNote, ReportButton}},
    ui::{ChoiceSelect, PageTitle, Permitted, RequestKey, TextArea, empty, failed, failed_page, language_choices, loading, loading_page, route_id},
};
use leptos::{form::ActionForm, prelude::*};
use leptos_i18n::I18nContext;

type I18n = I18nContext<Locale>;

fn day(i18n: I18n, on: chrono::NaiveDate) -> String {
    date(i18n.get_locale(), on.and_time(chrono::NaiveTime::MIN).and_utc())
}

fn activity_label(i18n: I18n, activity: Activity) -> String {
    match activity {
        Activity::Read => t_string!(i18n, learning_event_activity_read),
        Activity::Discuss => t_string!(i18n, learning_event_activity_discuss),
        Activity::Submit => t_string!(i18n, learning_event_activity_submit),
    }
    .to_owned()
}

/// Dates, language, places and the waiting list.
fn facts(i18n: I18n, card: &EventCard) -> impl IntoView + use<> {
    let dates = format!("{} – {}", day(i18n, card.starts_on), day(i18n, card.ends_on));
    let language = language_name(i18n.get_locale(), &card.language);
    let left = card.places_left();
    let places = if left == 0 { t_string!(i18n, seminar_full).to_owned() } else { t_string!(i18n, seminar_places_left, places = left).to_string() };
    let waiting = (card.waiting_count > 0).then(|| format!(" · {}", t_string!(i18n, learning_event_waiting_count, count = card.waiting_count)));
    view! { <p class="mt-1 text-sm text-slate-700">{format!("{dates} · {language} · {places}{}", waiting.unwrap_or_default())}</p> }
}

/// The viewer's standing, as a badge.
fn standing(i18n: I18n, card: &EventCard) -> Option<AnyView> {
    let text = match (card.completed, card.enrolment) {
        (true, _) => t_string!(i18n, learning_event_completed_badge).to_string(),
        (false, Some(Enrolment::Enrolled)) => t_string!(i18n, learning_event_enrolled_badge).to_string(),
        (false, Some(Enrolment::Waiting(place))) => t_string!(i18n, learning_event_waiting_badge, place = place).to_string(),
        (false, None) => return None,
    };
    Some(view! { <span class="badge ms-2" data-testid="learning-event-standing">{text}</span> }.into_any())
}

fn card_item(i18n: I18n, card: EventCard) -> impl IntoView {
    let href = format!("/learning-events/{}", card.id);
    view! {
        <li class="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="learning-event">
            <a href=href class="text-lg font-semibold text-brand-800 underline-offset-2 hover:underline">{card.title.clone()}</a>
            {standing(i18n, &card)}
            {card.theme_year.map(|year| view! { <span class="ms-2"><ThemeTag year/></span> })}
            {facts(i18n, &card)}
        </li>
    }
}

fn section(i18n: I18n, id: &'static str, heading: String, cards: Vec<EventCard>) -> impl IntoView {
    (!cards.is_empty()).then(|| view! {
        <section class="mt-8" aria-labelledby=id>
            <h2 id=id class="text-xl font-semibold text-slate-900">{heading}</h2>
            <ul class="mt-4 flex flex-col gap-3">{cards.into_iter().map(|c| card_item(i18n, c)).collect_view()}</ul>
        </section>
    })
}

#[component]
pub fn LearningEventsPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| load_learning_events());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, nav_learning_events), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, nav_learning_events)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, learning_events_intro)}</p>
            <Suspense fallback=move || loading(i18n)>
                {move || list.get().map(|l| match l {
                    Err(err) => failed(i18n, err),
                    Ok(list) => view! {
                        {list.may_organise.then(|| view! { <a href="/learning-events/new" class="btn-primary mt-6 inline-block">{t!(i18n, learning_event_new)}</a> })}
                        {(list.running.is_empty() && list.upcoming.is_empty()).then(|| empty(t!(i18n, learning_events_none)))}
                        {section(i18n, "learning-events-running", t_string!(i18n, learning_events_running).to_owned(), list.running)}
                        {section(i18n, "learning-events-upcoming", t_string!(i18n, learning_events_upcoming).to_owned(), list.upcoming)}
                        {section(i18n, "learning-events-past", t_string!(i18n, learning_events_past).to_owned(), list.past)}
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

/// The page's actions, whose answers reload it.
#[derive(Clone, Copy)]
struct Actions {
    enrol: ServerAction<EnrolInLearningEvent>,
    read: ServerAction<MarkUnitRead>,
    submit: ServerAction<SubmitUnitWork>,
    post: ServerAction<PostInUnit>,
    add: ServerAction<AddLearningUnit>,
    edit: ServerAction<EditLearningUnit>,
    remove: ServerAction<RemoveLearningUnit>,
    message: ServerAction<MessageLearningEvent>,
}

#[component]
pub fn LearningEventPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id("id");
    let actions = Actions {
        enrol: ServerAction::new(),
        read: ServerAction::new(),
        submit: ServerAction::new(),
        post: ServerAction::new(),
        add: ServerAction::new(),
        edit: ServerAction::new(),
        remove: ServerAction::new(),
        message: ServerAction::new(),
    };
    let a = actions;
    let loaded = Resource::new(
        move || {
            (
                id(),
                a.enrol.version().get() + a.read.version().get() + a.submit.version().get() + a.post.version().get(),
                a.add.version().get() + a.edit.version().get() + a.remove.version().get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => load_learning_event(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=loading_page>
            {move || loaded.get().map(|loaded| match loaded {
                Err(err) => failed_page(i18n, err),
                Ok(view) => event_page(i18n, view, actions).into_any(),
            })}
        </Suspense>
    }
}

fn event_page(i18n: I18n, view: EventView, actions: Actions) -> impl IntoView {
    let id = view.card.id;
    let title = view.card.title.clone();
    let page_title = title.clone();
    let error = any_error(vec![outcome(actions.enrol), outcome(actions.read), outcome(actions.submit), outcome(actions.post), outcome(actions.edit), outcome(actions.remove)]);
    let total = view.units.len();
    let enrolment = view.may_enrol.then(|| enrolment_part(i18n, &view, actions));
    let active = view.active;
    let status = if view.ended {
        Some(t_string!(i18n, learning_event_ended).to_owned())
    } else if !view.started && view.card.enrolment == Some(Enrolment::Enrolled) {
        let starts = day(i18n, view.card.starts_on);
        Some(t_string!(i18n, learning_event_not_started, date = starts.as_str()).to_string())
    } else {
        None
    };
    let progress = (view.card.enrolment == Some(Enrolment::Enrolled) && total > 0)
        .then(|| t_string!(i18n, learning_event_progress, done = view.done_units, total = total).to_string());
    view! {
        <PageTitle text=move || format!("{} · {}", page_title, t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 py-10">
            <a href="/learning-events" class="text-sm text-brand-800 underline">{t!(i18n, nav_learning_events)}</a>
            <h1 class="mt-2 text-3xl font-bold text-slate-900">{title}</h1>
            {standing(i18n, &view.card).map(|badge| view! { <p class="mt-2 -ms-2">{badge}</p> })}
            {view.card.theme_year.map(|year| view! { <p class="mt-1"><ThemeTag year/></p> })}
            {facts(i18n, &view.card)}
            {(!view.organiser.is_empty()).then(|| view! { <p class="text-sm text-slate-600">{t_string!(i18n, seminar_organised_by, name = view.organiser.as_str()).to_string()}</p> })}
            <p class="mt-6 whitespace-pre-line text-slate-900">{view.description.clone()}</p>
            <div class="mt-4 flex flex-col gap-3"><ErrorBanner message=error/></div>
            {enrolment}
            {status.map(|s| view! { <p class="mt-4 text-slate-800" role="status">{s}</p> })}
            {progress.map(|p| view! { <p class="mt-4 font-medium text-slate-900" data-testid="learning-event-progress">{p}</p> })}
            {view.certificate.clone().map(|code| view! {
                <p class="mt-4" data-testid="learning-event-certificate">
                    {t!(i18n, learning_event_your_certificate)}" "
                    <a href=crate::certificates::pdf_path(&code) class="text-brand-800 underline">{t!(i18n, learning_event_certificate_download)}</a>
                </p>
            })}
            <section class="mt-10" aria-labelledby="learning-event-programme">
                <h2 id="learning-event-programme" class="text-xl font-semibold text-slate-900">{t!(i18n, learning_event_programme)}</h2>
                {if view.units.is_empty() {
                    empty(t!(i18n, learning_event_no_units)).into_any()
                } else {
                    view! {
                        <ol class="mt-4 flex flex-col gap-4" data-testid="learning-units">
                            {view.units.iter().cloned().map(|unit| unit_item(i18n, unit, active, view.manages && !view.ended, view.manages && !view.started, actions)).collect_view()}
                        </ol>
                    }.into_any()
                }}
                {(view.manages && !view.started).then(|| add_unit_form(i18n, id, actions.add))}
            </section>
            {view.manages.then(|| organiser_part(i18n, &view, actions.message))}
        </div>
    }
}

fn enrolment_part(i18n: I18n, view: &EventView, actions: Actions) -> AnyView {
    let id = view.card.id;
    let leave = move || view! {
        <ActionForm action=actions.enrol attr:class="mt-2">
            <input type="hidden" name="event" value=id/>
            <input type="hidden" name="enrol" value="false"/>
            <button type="submit" class="btn-secondary">{t!(i18n, learning_event_leave)}</button>
        </ActionForm>
    };
    match (view.card.completed, view.card.enrolment) {
        (true, _) => ().into_any(),
        (false, Some(Enrolment::Enrolled)) => view! {
            <p class="mt-4 font-medium text-emerald-800" role="status">{t!(i18n, learning_event_you_are_enrolled)}</p>
            {(!view.ended).then(leave)}
        }.into_any(),
        (false, Some(Enrolment::Waiting(place))) => view! {
            <p class="mt-4 font-medium text-slate-800" role="status">{t_string!(i18n, learning_event_you_are_waiting, place = place).to_string()}</p>
            {(!view.ended).then(leave)}
        }.into_any(),
        (false, None) if view.ended => ().into_any(),
        (false, None) => {
            let full = view.card.places_left() == 0;
            view! {
                <ActionForm action=actions.enrol attr:class="mt-4">
                    <input type="hidden" name="event" value=id/>
                    <input type="hidden" name="enrol" value="true"/>
                    <button type="submit" class="btn-primary" data-testid="learning-event-enrol">
                        {if full { t_string!(i18n, learning_event_join_waiting) } else { t_string!(i18n, learning_event_enrol) }}
                    </button>
                </ActionForm>
            }.into_any()
        }
    }
}

/// A unit: its title and activity for everyone; its instructions, forum and the participant's action for those
/// who take part (or lead it); before the start, the organiser's forms to correct or remove it.
fn unit_item(i18n: I18n, unit: UnitView, active: bool, leads: bool, changeable: bool, actions: Actions) -> impl IntoView {
    let uid = unit.id;
    let heading = format!("unit-{uid}");
    let labelled_by = heading.clone();
    let activity = unit.activity;
    let work_id = format!("unit-{uid}-work");
    let post_id = format!("unit-{uid}-post");
    let action = match activity {
        _ if !active => ().into_any(),
        Activity::Read if unit.done => ().into_any(),
        Activity::Read => view! {
            <ActionForm action=actions.read attr:class="mt-3">
                <input type="hidden" name="unit" value=uid/>
                <button type="submit" class="btn-secondary" data-testid="unit-mark-read">{t!(i18n, learning_event_mark_read)}</button>
            </ActionForm>
        }.into_any(),
        Activity::Submit => {
            let work = unit.work.clone().unwrap_or_default();
            let label_id = work_id.clone();
            view! {
                <ActionForm action=actions.submit attr:class="mt-3 flex flex-col gap-2">
                    <input type="hidden" name="unit" value=uid/>
                    <label for=label_id class="text-sm font-medium text-slate-800">{t!(i18n, learning_event_your_work)}</label>
                    <textarea id=work_id name="work" rows="5" required maxlength=super::TEXT_MAX.to_string() class="rounded-md border border-slate-300 px-3 py-2">{crate::ui::raw_text(work)}</textarea>
                    <div><button type="submit" class="btn-secondary" data-testid="unit-hand-in">{t!(i18n, learning_event_hand_in)}</button></div>
                </ActionForm>
            }.into_any()
        }
        Activity::Discuss => ().into_any(),
    };
    let forum = (activity == Activity::Discuss && unit.instructions.is_some()).then(|| {
        let may_write = active || leads;
        let label_id = post_id.clone();
        view! {
            <ul class="mt-3 flex flex-col gap-2" data-testid="unit-posts">
                {unit.posts.iter().cloned().map(|p| view! {
                    <li id=format!("learning-post-{}", p.id) class="rounded-md bg-slate-50 p-3" data-testid="unit-post-item">
                        <p class="text-xs text-slate-600">{format!("{} · {}", p.author, date_time(i18n.get_locale(), p.at))}</p>
                        <MarkNote mark=p.mark/>
                        <p class="mt-1 whitespace-pre-line break-words text-slate-900">{p.body}</p>
                        {p.may_report.then(|| view! { <div class="mt-1"><ReportButton kind=ReportKind::LearningPost target=p.id/></div> })}
                    </li>
                }).collect_view()}
            </ul>
            {may_write.then(|| view! {
                <ActionForm action=actions.post attr:class="mt-3 flex flex-col gap-2">
                    <RequestKey/>
                    <input type="hidden" name="unit" value=uid/>
                    <label for=label_id class="text-sm font-medium text-slate-800">{t!(i18n, learning_event_post)}</label>
                    <textarea id=post_id name="body" rows="3" required maxlength=super::TEXT_MAX.to_string() class="rounded-md border border-slate-300 px-3 py-2"></textarea>
                    <div><button type="submit" class="btn-secondary" data-testid="unit-post">{t!(i18n, learning_event_send_post)}</button></div>
                </ActionForm>
            })}
        }
    });
    view! {
        <li class="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="learning-unit" aria-labelledby=labelled_by>
            <div class="flex flex-wrap items-center gap-2">
                <h3 id=heading class="text-lg font-semibold text-slate-900">{format!("{}. {}", unit.position, unit.title)}</h3>
                <span class="badge">{activity_label(i18n, activity)}</span>
                {unit.done.then(|| view! { <span class="badge bg-emerald-100 text-emerald-900" data-testid="unit-done">{t!(i18n, learning_event_unit_done)}</span> })}
            </div>
            {unit.instructions.clone().map(|text| view! { <p class="mt-2 whitespace-pre-line break-words text-slate-800">{text}</p> })}
            {action}
            {forum}
            {changeable.then(|| unit_changes(i18n, &unit, actions))}
        </li>
    }
}

/// The organiser's forms under a unit before the event starts, folded away until asked for: correct it, or remove
/// it. Field ids carry the unit's id, as each unit has its own forms.
fn unit_changes(i18n: I18n, unit: &UnitView, actions: Actions) -> impl IntoView + use<> {
    let uid = unit.id;
    let (title_id, text_id, activity_id) = (format!("unit-{uid}-title"), format!("unit-{uid}-instructions"), format!("unit-{uid}-activity"));
    let (title_for, text_for, activity_for) = (title_id.clone(), text_id.clone(), activity_id.clone());
    let (title, instructions, activity) = (unit.title.clone(), unit.instructions.clone().unwrap_or_default(), unit.activity);
    let which = format!(" · {}", unit.title);
    let field = "rounded-md border border-slate-300 px-3 py-2";
    view! {
        <div class="mt-4 border-t border-slate-200 pt-3">
            <details data-testid="unit-edit">
                <summary class="cursor-pointer font-medium text-brand-800">{t!(i18n, edit_button)}<span class="sr-only">{which.clone()}</span></summary>
                <ActionForm action=actions.edit attr:class="mt-3 flex flex-col gap-2">
                    <input type="hidden" name="unit" value=uid/>
                    <label for=title_for class="text-sm font-medium text-slate-800">{t!(i18n, learning_event_unit_title)}</label>
                    <input id=title_id name="title" required maxlength=super::TITLE_MAX.to_string() value=title class=field/>
                    <label for=text_for class="text-sm font-medium text-slate-800">{t!(i18n, learning_event_unit_instructions)}</label>
                    <textarea id=text_id name="instructions" rows="4" required maxlength=super::TEXT_MAX.to_string() class=field>{crate::ui::raw_text(instructions)}</textarea>
                    <label for=activity_for class="text-sm font-medium text-slate-800">{t!(i18n, learning_event_unit_activity)}</label>
                    <select id=activity_id name="activity" class=field>
                        {Activity::ALL.iter().map(|a| view! { <option value=a.as_str() selected={*a == activity}>{activity_label(i18n, *a)}</option> }).collect_view()}
                    </select>
                    <div><button type="submit" class="btn-secondary" data-testid="unit-save">{t!(i18n, save)}</button></div>
                </ActionForm>
                // Inside the folded part: removing takes two deliberate steps, like cancelling a seminar.
                <ActionForm action=actions.remove attr:class="mt-4 border-t border-slate-200 pt-3">
                    <input type="hidden" name="unit" value=uid/>
                    <button type="submit" class="btn-secondary text-red-800" data-testid="unit-remove">{t!(i18n, delete_button)}<span class="sr-only">{which}</span></button>
                </ActionForm>
            </details>
        </div>
    }
}

fn add_unit_form(i18n: I18n, id: i32, add: ServerAction<AddLearningUnit>) -> impl IntoView {
    let added = outcome(add);
    let activities = Activity::ALL.iter().map(|a| (a.as_str().to_owned(), activity_label(i18n, *a))).collect::<Vec<_>>();
    let label = move |text: fn(I18n) -> &'static str| Signal::derive(move || text(i18n).to_owned());
    view! {
        <ActionForm action=add attr:class="mt-6 flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" attr:data-testid="learning-unit-form">
            <h3 class="text-lg font-semibold text-slate-900">{t!(i18n, learning_event_add_unit)}</h3>
            <p class="text-sm text-slate-700">{t!(i18n, learning_event_units_hint)}</p>
            <RequestKey/>
            <ErrorBanner message=form_error(added)/>
            <input type="hidden" name="event" value=id/>
            <TextField name="title" field="title" label=label(|i| t_string!(i, learning_event_unit_title)) required=true error=field_error(added, "title")/>
            <TextArea name="instructions" field="instructions" label=label(|i| t_string!(i, learning_event_unit_instructions)) max=super::TEXT_MAX
                error=field_error(added, "instructions")/>
            <ChoiceSelect id="field-activity" name="activity" label=label(|i| t_string!(i, learning_event_unit_activity)) choices=activities
                selected="read".to_owned() required=true error=field_error(added, "activity")/>
            <div><button type="submit" class="btn-secondary">{t!(i18n, learning_event_add_unit)}</button></div>
        </ActionForm>
    }
}

/// The organisers' view: who takes part, how far they are, what they handed in; the waiting list; until the end,
/// a message to every participant.
fn organiser_part(i18n: I18n, view: &EventView, message: ServerAction<MessageLearningEvent>) -> impl IntoView + use<> {
    let locale = i18n.get_locale();
    let total = view.units.len();
    let people = view.participants.clone();
    let waiting = view.waiting.clone();
    let id = view.card.id;
    let sent = outcome(message);
    let write = (!view.ended).then(|| view! {
        <ActionForm action=message attr:class="mt-8 flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" attr:data-testid="learning-event-message">
            <h3 class="text-lg font-semibold text-slate-900">{t!(i18n, learning_event_message_heading)}</h3>
            <Show when=move || matches!(sent.get(), Some(Ok(())))><Notice>{t!(i18n, learning_event_message_sent)}</Notice></Show>
            <ErrorBanner message=form_error(sent)/>
            <RequestKey/>
            <input type="hidden" name="event" value=id/>
            <TextArea name="message" field="message" label=Signal::derive(move || t_string!(i18n, learning_event_message_field).to_owned()) rows=4
                max=super::MESSAGE_MAX hint=Signal::derive(move || t_string!(i18n, learning_event_message_hint).to_owned()) error=field_error(sent, "message")/>
            <div><button type="submit" class="btn-secondary">{t!(i18n, learning_event_message_send)}</button></div>
        </ActionForm>
    });
    view! {
        <section class="mt-10" aria-labelledby="learning-event-participants">
            <h2 id="learning-event-participants" class="text-xl font-semibold text-slate-900">{t_string!(i18n, learning_event_participants, number = people.len()).to_string()}</h2>
            {if people.is_empty() {
                empty(t!(i18n, learning_event_nobody)).into_any()
            } else {
                view! {
                    <ul class="mt-3 flex flex-col divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-testid="learning-event-participants">
                        {people.into_iter().map(|p| {
                            let country = p.country_code.as_deref().map(|c| country_name(locale, c)).unwrap_or_default();
                            let progress = t_string!(i18n, learning_event_progress, done = p.done, total = total).to_string();
                            view! {
                                <li class="p-3" data-testid="learning-event-participant">
                                    <p class="flex flex-wrap items-center gap-2">
                                        <span class="font-medium">{p.name.clone()}</span>
                                        <span class="text-sm text-slate-600">{country}" · "{progress}</span>
                                        {p.completed.then(|| view! { <span class="badge">{t!(i18n, learning_event_completed_badge)}</span> })}
                                    </p>
                                    {(!p.works.is_empty()).then(|| view! {
                                        <details class="mt-2 text-sm">
                                            <summary class="cursor-pointer text-brand-800">{t!(i18n, learning_event_works)}</summary>
                                            {p.works.iter().cloned().map(|(unit, work)| view! {
                                                <p class="mt-2 font-medium text-slate-800">{unit}</p>
                                                <p class="whitespace-pre-line break-words text-slate-900">{work}</p>
                                            }).collect_view()}
                                        </details>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!waiting.is_empty()).then(|| view! {
                <h3 class="mt-6 text-lg font-semibold text-slate-900">{t!(i18n, learning_event_waiting_list)}</h3>
                <ol class="mt-2 list-decimal ps-6 text-slate-800" data-testid="learning-event-waiting">
                    {waiting.into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}
                </ol>
            })}
            {write}
        </section>
    }
}

/// The organiser's form for a new learning event.
#[component]
pub fn NewLearningEventPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateLearningEvent>::new();
    let result = outcome(create);
    let label = move |text: fn(I18n) -> &'static str| Signal::derive(move || text(i18n).to_owned());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, learning_event_new), t_string!(i18n, platform_name))/>
        <Permitted may=may_organise_learning_event>
            <div class="mx-auto max-w-3xl px-4 py-10">
                <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, learning_event_new)}</h1>
                <ActionForm action=create attr:class="mt-8 flex flex-col gap-5" attr:data-testid="learning-event-form">
                    <RequestKey />
                    <ErrorBanner message=form_error(result)/>
                    <TextField name="form[title]" field="title" label=label(|i| t_string!(i, learning_event_title_field)) required=true error=field_error(result, "title")/>
                    <TextArea name="form[description]" field="description" label=label(|i| t_string!(i, learning_event_description_field)) rows=5 max=super::DESCRIPTION_MAX
                        error=field_error(result, "description")/>
                    <ChoiceSelect id="field-language" name="form[language]" label=label(|i| t_string!(i, learning_event_language_field)) choices=language_choices()
                        selected="en".to_owned() required=true error=field_error(result, "language")/>
                    <TextField name="form[starts_on]" field="starts_on" kind="date" label=label(|i| t_string!(i, learning_event_starts_field)) required=true
                        hint=label(|i| t_string!(i, learning_event_dates_hint)) error=field_error(result, "starts_on")/>
                    <TextField name="form[ends_on]" field="ends_on" kind="date" label=label(|i| t_string!(i, learning_event_ends_field)) required=true
                        error=field_error(result, "ends_on")/>
                    <TextField name="form[places]" field="places" kind="number" label=label(|i| t_string!(i, learning_event_places_field)) required=true
                        value=Signal::derive(|| "50".to_owned()) error=field_error(result, "places")/>
                    <TakeUpTheme name="form[annual_theme]" error=field_error(result, TAKE_UP_FIELD)/>
                    <div><button type="submit" class="btn-primary">{t!(i18n, learning_event_create)}</button></div>
                </ActionForm>
            </div>
        </Permitted>
    }
}
