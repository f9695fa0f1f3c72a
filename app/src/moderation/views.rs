//! Pages and pieces of moderation: the Report button every item carries, the marks on hidden and waiting
//! content, the header's badges, the review queue, a person's record, the log, one's notices, and a space's
//! queue of pupils' work waiting for approval.
use super::{
    ActOnPerson, AddModeratorNote, DecideReport, FileReport, ModerationAction, NoticeKind, ReleaseWaiting, ReportKind, ReportReason, ReportStatus,
    SetPremoderation, SetReportMail, load_moderation_log, load_notices, load_person, load_queue, load_waiting,
};
use crate::{
    error::AppError,
    forms::{ErrorBanner, any_error, form_error, outcome},
    i18n::*,
    twinspace::ContentMark,
};
use leptos::{form::ActionForm, prelude::*};
use leptos_i18n::I18nContext;
use crate::ui::{PageTitle, RequestKey, failed, loading};
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn kind_label(i18n: I18nContext<Locale>, kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::Post => t_string!(i18n, report_kind_post),
        ReportKind::Comment => t_string!(i18n, report_kind_comment),
        ReportKind::Page => t_string!(i18n, report_kind_page),
        ReportKind::Thread => t_string!(i18n, report_kind_thread),
        ReportKind::Reply => t_string!(i18n, report_kind_reply),
        ReportKind::ChatMessage => t_string!(i18n, report_kind_chat_message),
        ReportKind::Material => t_string!(i18n, report_kind_material),
        ReportKind::ContactMessage => t_string!(i18n, report_kind_contact_message),
        ReportKind::PrivateMessage => t_string!(i18n, report_kind_private_message),
        ReportKind::Profile => t_string!(i18n, report_kind_profile),
        ReportKind::Space => t_string!(i18n, report_kind_space),
        ReportKind::GroupPost => t_string!(i18n, report_kind_group_post),
        ReportKind::LearningPost => t_string!(i18n, report_kind_learning_post),
    }
}

pub fn reason_label(i18n: I18nContext<Locale>, reason: ReportReason) -> &'static str {
    match reason {
        ReportReason::Bullying => t_string!(i18n, report_reason_bullying),
        ReportReason::Inappropriate => t_string!(i18n, report_reason_inappropriate),
        ReportReason::PersonalData => t_string!(i18n, report_reason_personal_data),
        ReportReason::Spam => t_string!(i18n, report_reason_spam),
        ReportReason::Copyright => t_string!(i18n, report_reason_copyright),
        ReportReason::Other => t_string!(i18n, report_reason_other),
    }
}

pub fn action_label(i18n: I18nContext<Locale>, action: ModerationAction) -> &'static str {
    match action {
        ModerationAction::Dismiss => t_string!(i18n, moderation_dismiss),
        ModerationAction::Hide => t_string!(i18n, moderation_hide),
        ModerationAction::Restore => t_string!(i18n, moderation_restore),
        ModerationAction::Delete => t_string!(i18n, moderation_delete),
        ModerationAction::Warn => t_string!(i18n, moderation_warn),
        ModerationAction::Suspend => t_string!(i18n, moderation_suspend),
        ModerationAction::Ban => t_string!(i18n, moderation_ban),
        ModerationAction::Lift => t_string!(i18n, moderation_lift),
        ModerationAction::Approve => t_string!(i18n, moderation_approve),
    }
}

fn status_label(i18n: I18nContext<Locale>, status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::Open => t_string!(i18n, report_status_open),
        ReportStatus::Dismissed => t_string!(i18n, report_status_dismissed),
        ReportStatus::Actioned => t_string!(i18n, report_status_actioned),
    }
}

/// "Report" on anything: a small link to the report page (so that a page of fifty posts does not carry fifty
/// forms; it works the same without JavaScript).
#[component]
pub fn ReportButton(kind: ReportKind, target: i32) -> impl IntoView {
    let i18n = use_i18n();
    report_link(kind, target, t_string!(i18n, report_button).to_owned())
}

/// The Report link itself, with its words given: the chat island has no translations of its own.
pub fn report_link(kind: ReportKind, target: i32, label: String) -> impl IntoView {
    view! {
        <a href=format!("/report/{}/{target}", kind.as_str()) rel="nofollow" data-testid="report"
            class="text-sm text-slate-600 underline-offset-2 hover:text-red-800 hover:underline">
            {label}
        </a>
    }
}

/// The report page: what is reported, a reason from the list, a few words.
#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let report = ServerAction::<FileReport>::new();
    let result = crate::forms::outcome(report);
    let done = move || result.get().is_some_and(|r| r.is_ok());
    let target = Resource::new(
        move || (params.get().get("kind"), params.get().get("id").and_then(|v| v.parse::<i32>().ok())),
        |(kind, id)| async move {
            match (kind, id) {
                (Some(kind), Some(id)) => super::load_report_target(kind, id).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, report_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-2xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, report_title)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, report_intro)}</p>
            <Suspense fallback=move || loading(i18n)>
                {move || target.get().map(|t| match t {
                    Err(err) => failed(i18n, err),
                    Ok(t) => {
                        let kind = t.kind;
                        let id = t.id;
                        let back = t.back.clone();
                        let cancel = t.back.clone();
                        view! {
                            <figure class="mt-6 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
                                <figcaption class="text-sm font-medium text-slate-600">{move || kind_label(i18n, kind)}</figcaption>
                                <blockquote class="mt-1 whitespace-pre-line break-words text-slate-900" data-testid="reported">{t.excerpt.clone()}</blockquote>
                            </figure>
                            <Show when=done fallback=move || view! { <ReportForm report=report kind=kind id=id cancel=cancel.clone()/> }>
                                <p class="mt-6 rounded-md border border-green-300 bg-green-50 px-4 py-3 text-green-900" role="status">{t!(i18n, report_thanks)}</p>
                                <a href=back.clone() class="btn-primary mt-4 inline-block">{t!(i18n, report_back)}</a>
                            </Show>
                        }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ReportForm(report: ServerAction<FileReport>, kind: ReportKind, id: i32, cancel: String) -> impl IntoView {
    let i18n = use_i18n();
    let result = outcome(report);
    view! {
        <ActionForm action=report attr:class="mt-6 flex flex-col gap-3">
            <RequestKey />
            <input type="hidden" name="kind" value=kind.as_str()/>
            <input type="hidden" name="target" value=id/>
            <label for="report-reason" class="font-medium text-slate-800">{t!(i18n, report_reason)}</label>
            <select id="report-reason" name="reason" required class="rounded-md border border-slate-300 px-3 py-2">
                <option value="">{t!(i18n, report_choose_reason)}</option>
                {ReportReason::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{move || reason_label(i18n, r)}</option> }).collect_view()}
            </select>
            <label for="report-details" class="font-medium text-slate-800">{t!(i18n, report_details)}</label>
            <textarea id="report-details" name="details" rows="3" maxlength="2000" class="rounded-md border border-slate-300 px-3 py-2"></textarea>
            <ErrorBanner message=form_error(result)/>
            <div class="flex flex-wrap items-center gap-4">
                <button type="submit" class="rounded-md border border-red-300 px-4 py-2 font-semibold text-red-800 hover:bg-red-50">{t!(i18n, report_send)}</button>
                <a href=cancel class="btn-link">{t!(i18n, report_cancel)}</a>
            </div>
        </ActionForm>
    }
}

/// What the author (and moderators, teachers) see on an item that is hidden or waiting.
#[component]
pub fn MarkNote(mark: ContentMark) -> impl IntoView {
    let i18n = use_i18n();
    mark_note(mark, t_string!(i18n, moderation_hidden_note).to_owned(), t_string!(i18n, moderation_waiting_note).to_owned())
}

/// The note on hidden or waiting content, with its words given (see `report_link`).
pub fn mark_note(mark: ContentMark, hidden: String, waiting: String) -> AnyView {
    match mark {
        ContentMark::Visible => ().into_any(),
        ContentMark::Hidden { reason } => view! {
            <p class="mt-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="note" data-testid="hidden-note">
                <span class="font-semibold">{hidden}</span>" "{reason}
            </p>
        }
        .into_any(),
        ContentMark::Waiting => view! {
            <p class="mt-2 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800" role="note" data-testid="waiting-note">
                {waiting}
            </p>
        }
        .into_any(),
    }
}

/// A labelled reason field (what those affected read).
fn reason_field(i18n: I18nContext<Locale>, id: String, required: bool) -> impl IntoView {
    view! {
        <div class="flex min-w-48 flex-1 flex-col gap-1">
            <label for=id.clone() class="text-sm font-medium text-slate-800">{t!(i18n, moderation_reason)}</label>
            <input id=id name="reason" required=required maxlength="2000" class="rounded-md border border-slate-300 px-3 py-1.5 text-sm"/>
        </div>
    }
}

#[component]
pub fn ModerationQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let decide = ServerAction::<DecideReport>::new();
    let mail = ServerAction::<SetReportMail>::new();
    let message = any_error(vec![outcome(decide), outcome(mail)]);
    let queue = Resource::new(
        move || (query.get().get("status"), query.get().get("kind"), decide.version().get(), mail.version().get()),
        |(status, kind, ..)| load_queue(status, kind),
    );
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, moderation_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-5xl px-4 py-10">
            <div class="flex flex-wrap items-baseline justify-between gap-3">
                <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, moderation_title)}</h1>
                <a href="/moderation/log" class="btn-link">{t!(i18n, moderation_log_title)}</a>
            </div>
            <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, moderation_intro)}</p>
            <div class="mt-4"><ErrorBanner message=message/></div>
            <Suspense fallback=move || loading(i18n)>
                {move || queue.get().map(|q| match q {
                    Err(err) => failed(i18n, err),
                    Ok(q) => {
                        let status = q.status;
                        let kind = q.kind;
                        let tab = move |s: ReportStatus| {
                            let href = match kind { Some(k) => format!("/moderation?status={}&kind={}", s.as_str(), k.as_str()), None => format!("/moderation?status={}", s.as_str()) };
                            view! {
                                <a href=href aria-current=(s == status).then_some("page")
                                    class="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-brand-700 aria-[current=page]:text-white">
                                    {move || status_label(i18n, s)}
                                </a>
                            }
                        };
                        view! {
                            <div class="mt-6 flex flex-wrap items-center justify-between gap-4">
                                <nav class="flex flex-wrap gap-2" aria-label=move || t_string!(i18n, moderation_status_filter)>
                                    {tab(ReportStatus::Open)}{tab(ReportStatus::Actioned)}{tab(ReportStatus::Dismissed)}
                                </nav>
                                <ActionForm action=mail attr:class="flex items-center gap-2 text-sm">
                                    <input type="checkbox" id="report-mail" name="on" checked=q.report_mail class="h-4 w-4"/>
                                    <label for="report-mail" class="text-slate-800">{t!(i18n, moderation_mail_me)}</label>
                                    <button type="submit" class="btn-secondary py-1 text-sm">{t!(i18n, save_button)}</button>
                                </ActionForm>
                            </div>
                            <nav class="mt-4 flex flex-wrap gap-2 text-sm" aria-label=move || t_string!(i18n, moderation_kind_filter) data-testid="kind-filter">
                                <a href=format!("/moderation?status={}", status.as_str()) aria-current=kind.is_none().then_some("page")
                                    class="rounded-full border border-slate-300 px-3 py-1 aria-[current=page]:border-brand-700 aria-[current=page]:font-semibold">
                                    {t!(i18n, moderation_all_kinds)}" · "{q.open_total}
                                </a>
                                {q.open_counts.iter().map(|&(k, n)| view! {
                                    <a href=format!("/moderation?status={}&kind={}", status.as_str(), k.as_str()) aria-current=(kind == Some(k)).then_some("page")
                                        class="rounded-full border border-slate-300 px-3 py-1 aria-[current=page]:border-brand-700 aria-[current=page]:font-semibold">
                                        {move || kind_label(i18n, k)}" · "{n}
                                    </a>
                                }).collect_view()}
                            </nav>
                            {if q.items.is_empty() {
                                view! { <p class="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600" data-testid="queue-empty">{t!(i18n, moderation_empty)}</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="mt-6 flex flex-col gap-4" data-testid="report-queue">
                                        {q.items.into_iter().map(|item| view! { <ReportCard item=item decide=decide/> }).collect_view()}
                                    </ol>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ReportCard(item: super::ReportItem, decide: ServerAction<DecideReport>) -> impl IntoView {
    let i18n = use_i18n();
    let id = item.id;
    let kind = item.kind;
    let reason = item.reason;
    let open = item.status == ReportStatus::Open;
    let form = move |action: ModerationAction, needs_reason: bool, danger: bool| {
        let field = format!("reason-{id}-{}", action.as_str());
        view! {
            <ActionForm action=decide attr:class="flex flex-wrap items-end gap-2">
                <input type="hidden" name="report" value=id/>
                <input type="hidden" name="action" value=action.as_str()/>
                {needs_reason.then(|| reason_field(i18n, field.clone(), true))}
                <button type="submit" data-testid=format!("action-{}", action.as_str())
                    class=if danger { "rounded-md border border-red-300 px-3 py-1.5 text-sm font-semibold text-red-800 hover:bg-red-50" } else { "btn-secondary py-1.5 text-sm" }>
                    {move || action_label(i18n, action)}
                </button>
            </ActionForm>
        }
    };
    let suspend_days = format!("days-{id}");
    let suspend_reason = format!("reason-{id}-suspend");
    view! {
        <li class="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" data-testid="report-item">
            <div class="flex flex-wrap items-center gap-2 text-sm">
                <span class="badge">{move || kind_label(i18n, kind)}</span>
                <span class="font-semibold text-red-800">{move || reason_label(i18n, reason)}</span>
                {item.project_title.clone().or(item.group_name.clone()).map(|t| view! { <span class="text-slate-600">"· "{t}</span> })}
                <span class="text-slate-600">"· "{crate::locale::date_time(i18n.get_locale(), item.created_at)}</span>
                {(item.other_reports > 0).then(|| view! { <span class="text-slate-600">{t!(i18n, moderation_other_reports, count = move || item.other_reports)}</span> })}
            </div>
            <p class="mt-1 text-sm text-slate-700">
                {if item.reporter.is_empty() {
                    view! { <span>{t!(i18n, moderation_reporter_erased)}</span> }.into_any()
                } else {
                    let reporter = item.reporter.clone();
                    view! { <span>{t!(i18n, moderation_reported_by, name = reporter.clone())}</span> }.into_any()
                }}
            </p>
            {(!item.details.is_empty()).then(|| view! { <blockquote class="mt-2 border-s-4 border-red-200 ps-3 text-sm italic text-slate-800">{item.details.clone()}</blockquote> })}
            <div class="mt-3 rounded-md bg-slate-50 p-3">
                {if item.gone {
                    view! { <p class="text-sm text-slate-600">{t!(i18n, moderation_gone)}</p> }.into_any()
                } else {
                    view! {
                        <p class="whitespace-pre-line break-words text-slate-900" data-testid="report-excerpt">{item.excerpt.clone()}</p>
                        <p class="mt-1 text-sm text-slate-600">
                            {item.subject.clone().map(|(_, name)| view! { <span>{name}</span> })}
                            {item.hidden.then(|| view! { <span class="badge ms-2">{t!(i18n, moderation_is_hidden)}</span> })}
                            {item.link.clone().map(|href| view! { <a href=href class="btn-link ms-2">{t!(i18n, moderation_see_in_place)}</a> })}
                        </p>
                    }.into_any()
                }}
                {item.snapshot.clone().map(|kept| view! {
                    <details class="mt-2 text-sm" open=item.gone>
                        <summary class="cursor-pointer font-medium text-slate-800">{t!(i18n, moderation_as_reported)}</summary>
                        <p class="mt-1 whitespace-pre-line break-words text-slate-900" data-testid="report-snapshot">{kept}</p>
                    </details>
                })}
            </div>
            <div class="mt-4 flex flex-col gap-3">
                {(open && item.may_act_on_content).then(|| view! {
                    <div class="flex flex-wrap items-end gap-4">
                        {(!item.only_hides).then(|| form(ModerationAction::Dismiss, false, false))}
                        {(kind.hideable() && !item.hidden).then(|| form(ModerationAction::Hide, true, true))}
                        {(!item.only_hides && kind.deletable()).then(|| form(ModerationAction::Delete, true, true))}
                    </div>
                    {item.only_hides.then(|| view! { <p class="text-sm text-slate-600">{t!(i18n, moderation_group_only_hides)}</p> })}
                })}
                {(item.hidden && item.may_act_on_content && !item.only_hides).then(|| form(ModerationAction::Restore, false, false))}
                {(open && item.may_act_on_person).then(|| {
                    let person = item.subject.as_ref().map(|(id, _)| *id).unwrap_or_default();
                    view! {
                        <div class="flex flex-wrap items-end gap-4 border-t border-slate-100 pt-3">
                            {form(ModerationAction::Warn, true, false)}
                            <ActionForm action=decide attr:class="flex flex-wrap items-end gap-2">
                                <input type="hidden" name="report" value=id/>
                                <input type="hidden" name="action" value="suspend"/>
                                <div class="flex w-24 flex-col gap-1">
                                    <label for=suspend_days.clone() class="text-sm font-medium text-slate-800">{t!(i18n, moderation_days)}</label>
                                    <input id=suspend_days.clone() name="days" type="number" min="1" max="365" value="7" required class="rounded-md border border-slate-300 px-2 py-1.5 text-sm"/>
                                </div>
                                {reason_field(i18n, suspend_reason.clone(), true)}
                                <button type="submit" data-testid="action-suspend" class="rounded-md border border-red-300 px-3 py-1.5 text-sm font-semibold text-red-800 hover:bg-red-50">
                                    {t!(i18n, moderation_suspend)}
                                </button>
                            </ActionForm>
                            {form(ModerationAction::Ban, true, true)}
                            <a href=format!("/moderation/people/{person}") class="btn-link text-sm">{t!(i18n, moderation_person_record)}</a>
                        </div>
                    }
                })}
            </div>
        </li>
    }
}

#[component]
pub fn ModerationPersonPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.get().get("id").and_then(|v| v.parse::<i32>().ok());
    let act = ServerAction::<ActOnPerson>::new();
    let note = ServerAction::<AddModeratorNote>::new();
    let message = any_error(vec![outcome(act), outcome(note)]);
    let record = Resource::new(move || (id(), act.version().get(), note.version().get()), |(id, ..)| async move {
        match id {
            Some(id) => load_person(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <div class="mx-auto max-w-4xl px-4 py-10">
            <Suspense fallback=move || loading(i18n)>
                {move || record.get().map(|r| match r {
                    Err(err) => failed(i18n, err),
                    Ok(p) => {
                        let pid = p.id;
                        let action_form = move |action: ModerationAction| view! {
                            <ActionForm action=act attr:class="flex flex-wrap items-end gap-2">
                                <input type="hidden" name="account" value=pid/>
                                <input type="hidden" name="action" value=action.as_str()/>
                                {(action == ModerationAction::Suspend).then(|| view! {
                                    <div class="flex w-24 flex-col gap-1">
                                        <label for="person-days" class="text-sm font-medium text-slate-800">{t!(i18n, moderation_days)}</label>
                                        <input id="person-days" name="days" type="number" min="1" max="365" value="7" required class="rounded-md border border-slate-300 px-2 py-1.5 text-sm"/>
                                    </div>
                                })}
                                {(action != ModerationAction::Lift).then(|| reason_field(i18n, format!("person-reason-{}", action.as_str()), true))}
                                <button type="submit" class="btn-secondary py-1.5 text-sm">{move || action_label(i18n, action)}</button>
                            </ActionForm>
                        };
                        view! {
                            <PageTitle text=format!("{} · {}", p.display_name, t_string!(i18n, moderation_title))/>
                            <p class="text-sm text-slate-600"><a href="/moderation" class="btn-link">{t!(i18n, moderation_title)}</a></p>
                            <h1 class="mt-2 text-3xl font-bold text-slate-900">{p.display_name.clone()}</h1>
                            <p class="mt-1 text-slate-700">
                                {if p.pupil { t!(i18n, space_role_pupil).into_any() } else { t!(i18n, report_kind_profile).into_any() }}
                                {p.country_code.clone().map(|c| view! { " · "{crate::locale::country_name(i18n.get_locale(), &c)} })}
                            </p>
                            {p.suspended.then(|| view! {
                                <p class="mt-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-red-900" role="status">
                                    {match p.suspended_until.clone() {
                                        Some(until) => { let until = crate::locale::date_time(i18n.get_locale(), until); t!(i18n, moderation_suspended_until, until = until).into_any() }
                                        None => t!(i18n, moderation_banned).into_any(),
                                    }}
                                </p>
                            })}
                            <div class="mt-4"><ErrorBanner message=message/></div>
                            <section class="mt-6 flex flex-col gap-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
                                <h2 class="text-lg font-semibold text-slate-900">{t!(i18n, moderation_actions)}</h2>
                                {if p.suspended {
                                    action_form(ModerationAction::Lift).into_any()
                                } else {
                                    view! { {action_form(ModerationAction::Warn)}{action_form(ModerationAction::Suspend)}{action_form(ModerationAction::Ban)} }.into_any()
                                }}
                            </section>
                            <section class="mt-6 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
                                <h2 class="text-lg font-semibold text-slate-900">{t!(i18n, moderation_notes)}</h2>
                                <p class="text-sm text-slate-600">{t!(i18n, moderation_notes_intro)}</p>
                                {if p.notes.is_empty() {
                                    view! { <p class="mt-3 text-slate-600">{t!(i18n, moderation_no_notes)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="mt-3 flex flex-col gap-2" data-testid="notes">
                                            {p.notes.into_iter().map(|n| view! {
                                                <li class="rounded-md bg-slate-50 p-3 text-sm">
                                                    <p class="text-slate-600">{n.author}" · "{crate::locale::date_time(i18n.get_locale(), n.at)}</p>
                                                    <p class="whitespace-pre-line text-slate-900">{n.body}</p>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                <ActionForm action=note attr:class="mt-3 flex flex-col gap-2">
                                    <RequestKey />
                                    <input type="hidden" name="account" value=pid/>
                                    <label for="note-body" class="text-sm font-medium text-slate-800">{t!(i18n, moderation_add_note)}</label>
                                    <textarea id="note-body" name="body" rows="2" required maxlength="2000" class="rounded-md border border-slate-300 px-3 py-2"></textarea>
                                    <button type="submit" class="btn-secondary self-start">{t!(i18n, moderation_add_note)}</button>
                                </ActionForm>
                            </section>
                            <section class="mt-6">
                                <h2 class="text-lg font-semibold text-slate-900">{t!(i18n, moderation_log_title)}</h2>
                                <LogTable lines=p.log/>
                            </section>
                        }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn LogTable(lines: Vec<super::LogLine>) -> impl IntoView {
    let i18n = use_i18n();
    if lines.is_empty() {
        return view! { <p class="mt-3 text-slate-600">{t!(i18n, moderation_log_empty)}</p> }.into_any();
    }
    view! {
        <div class="mt-3 overflow-x-auto">
            <table class="w-full text-start text-sm" data-testid="moderation-log">
                <thead>
                    <tr class="border-b border-slate-200 text-slate-600">
                        <th scope="col" class="py-2 pe-3 text-start">{t!(i18n, moderation_log_when)}</th>
                        <th scope="col" class="py-2 pe-3 text-start">{t!(i18n, moderation_log_who)}</th>
                        <th scope="col" class="py-2 pe-3 text-start">{t!(i18n, moderation_log_what)}</th>
                        <th scope="col" class="py-2 text-start">{t!(i18n, moderation_log_why)}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|l| {
                        let action = l.action;
                        let kind = l.target_kind;
                        view! {
                            <tr class="border-b border-slate-100 align-top">
                                <td class="py-2 pe-3 whitespace-nowrap">{crate::locale::date_time(i18n.get_locale(), l.at)}</td>
                                <td class="py-2 pe-3">{l.moderator}</td>
                                <td class="py-2 pe-3">
                                    <span class="font-semibold">{move || action_label(i18n, action)}</span>
                                    {kind.map(|k| view! { " · "{move || kind_label(i18n, k)}{l.target_id.map(|id| format!(" #{id}"))} })}
                                    {l.subject.map(|s| view! { " · "{s} })}
                                    {l.until.map(|u| view! { " "<span aria-hidden="true" class="inline-block rtl:-scale-x-100">"→"</span>" "{crate::locale::date_time(i18n.get_locale(), u)} })}
                                </td>
                                <td class="py-2 whitespace-pre-line">{l.reason}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn ModerationLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let log = Resource::new(|| (), |_| load_moderation_log(None));
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, moderation_log_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-5xl px-4 py-10">
            <p class="text-sm"><a href="/moderation" class="btn-link">{t!(i18n, moderation_title)}</a></p>
            <h1 class="mt-2 text-3xl font-bold text-slate-900">{t!(i18n, moderation_log_title)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, moderation_log_intro)}</p>
            <Suspense fallback=move || loading(i18n)>
                {move || log.get().map(|l| match l {
                    Err(err) => failed(i18n, err),
                    Ok(lines) => view! { <LogTable lines=lines/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

fn notice_text(i18n: I18nContext<Locale>, kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::Hidden => t_string!(i18n, notice_hidden),
        NoticeKind::Restored => t_string!(i18n, notice_restored),
        NoticeKind::Deleted => t_string!(i18n, notice_deleted),
        NoticeKind::Warned => t_string!(i18n, notice_warned),
        NoticeKind::Suspended => t_string!(i18n, notice_suspended),
        NoticeKind::Banned => t_string!(i18n, notice_banned),
    }
}

#[component]
pub fn NoticesPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| load_notices());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, nav_notices), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, nav_notices)}</h1>
            <Suspense fallback=move || loading(i18n)>
                {move || list.get().map(|l| match l {
                    Err(err) => failed(i18n, err),
                    Ok(items) if items.is_empty() => view! {
                        <p class="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">{t!(i18n, notices_empty)}</p>
                    }.into_any(),
                    Ok(items) => view! {
                        <ul class="mt-6 flex flex-col gap-3" data-testid="notices">
                            {items.into_iter().map(|n| {
                                let kind = n.kind;
                                let what = n.target_kind;
                                view! {
                                    <li class="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="notice">
                                        <p class="text-sm text-slate-600">
                                            {crate::locale::date_time(i18n.get_locale(), n.at)}{n.unread.then(|| view! { <span class="badge ms-2">{t!(i18n, notices_new)}</span> })}
                                        </p>
                                        <p class="mt-1 font-semibold text-slate-900">
                                            {move || notice_text(i18n, kind)}
                                            {what.map(|k| view! { " ("{move || kind_label(i18n, k)}")" })}
                                        </p>
                                        {(!n.reason.is_empty()).then(|| view! { <p class="mt-1 whitespace-pre-line text-slate-800">{t!(i18n, moderation_reason)}": "{n.reason}</p> })}
                                        {n.until.map(|u| { let u = crate::locale::date_time(i18n.get_locale(), u); view! { <p class="mt-1 text-slate-800">{t!(i18n, moderation_suspended_until, until = u)}</p> } })}
                                        {n.link.map(|href| view! { <a href=href class="btn-link mt-1 inline-block">{t!(i18n, moderation_see_in_place)}</a> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

/// The premoderation switch, for a space's administrators.
#[component]
pub fn PremoderationSwitch(project: i32, on: bool) -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetPremoderation>::new();
    let result = outcome(set);
    view! {
        <ActionForm action=set attr:class="mt-4 flex flex-wrap items-center gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <input type="hidden" name="project" value=project/>
            <input type="checkbox" id="premoderate" name="on" checked=on class="h-4 w-4"/>
            <label for="premoderate" class="text-slate-800">{t!(i18n, premoderation_switch)}</label>
            <button type="submit" class="btn-secondary py-1 text-sm">{t!(i18n, save_button)}</button>
            <ErrorBanner message=form_error(result)/>
        </ActionForm>
    }
}

#[component]
pub fn WaitingPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.get().get("id").and_then(|v| v.parse::<i32>().ok());
    let release = ServerAction::<ReleaseWaiting>::new();
    let result = outcome(release);
    let list = Resource::new(move || (id(), release.version().get()), |(id, _)| async move {
        match id {
            Some(id) => load_waiting(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=move || loading(i18n)>
            {move || list.get().map(|l| match l {
                Err(err) => failed(i18n, err),
                Ok(w) => {
                    let admin = w.space.may_change_lifecycle || w.space.standing == crate::access::twinspace::Standing::Member(crate::access::twinspace::SpaceRole::TeacherAdministrator);
                    let project = w.space.project_id;
                    let on = w.space.premoderates_pupils;
                    view! {
                        <crate::twinspace::views::SpaceHeaderFor space=w.space.clone()/>
                        <div class="mx-auto max-w-5xl px-4 py-8">
                            <h2 class="text-2xl font-bold text-slate-900">{t!(i18n, waiting_title)}</h2>
                            <p class="mt-1 text-slate-700">{t!(i18n, waiting_intro)}</p>
                            {admin.then(|| view! { <PremoderationSwitch project=project on=on/> })}
                            <div class="mt-4"><ErrorBanner message=form_error(result)/></div>
                            {if w.items.is_empty() {
                                view! { <p class="mt-6 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">{t!(i18n, waiting_empty)}</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="mt-6 flex flex-col gap-3" data-testid="waiting">
                                        {w.items.into_iter().map(|item| {
                                            let kind = item.kind;
                                            let decision = move |approve: bool| view! {
                                                <ActionForm action=release>
                                                    <input type="hidden" name="kind" value=kind.as_str()/>
                                                    <input type="hidden" name="id" value=item.id/>
                                                    <input type="hidden" name="approve" value=approve.to_string()/>
                                                    <button type="submit" class=if approve { "btn-primary py-1.5 text-sm" } else { "rounded-md border border-red-300 px-3 py-1.5 text-sm font-semibold text-red-800 hover:bg-red-50" }>
                                                        {if approve { t!(i18n, moderation_approve).into_any() } else { t!(i18n, waiting_decline).into_any() }}
                                                    </button>
                                                </ActionForm>
                                            };
                                            view! {
                                                <li class="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="waiting-item">
                                                    <p class="text-sm text-slate-600">
                                                        <span class="badge me-2">{move || kind_label(i18n, kind)}</span>
                                                        <span class="font-semibold text-slate-900">{item.author.clone()}</span>" · "{crate::locale::date_time(i18n.get_locale(), item.created_at)}
                                                        {item.context.clone().map(|c| view! { " · "{c} })}
                                                    </p>
                                                    <p class="mt-2 whitespace-pre-line break-words text-slate-900">{item.body.clone()}</p>
                                                    <div class="mt-3 flex gap-3">{decision(true)}{decision(false)}</div>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ol>
                                }.into_any()
                            }}
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
