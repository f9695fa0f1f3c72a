//! Pages: the eTwinning School label of the teacher's own school, and the support organisation's queue.
use super::{ApplyForSchoolLabel, DecideSchoolLabel, MIN_NATIONAL_LABELS, MIN_PROJECTS, MIN_TEACHERS, SchoolFigures, load_school_label, load_school_label_queue};
use crate::{
    certificates::pdf_path,
    error::describe_problem,
    forms::{ErrorBanner, Notice, field_error, form_error, outcome},
    i18n::*,
    locale::country_name,
    ui::{PageTitle, RequestKey, empty, failed, loading},
};
use leptos::{form::ActionForm, prelude::*};
use leptos_i18n::I18nContext;

/// The three criteria with the school's figures and the minimum of each.
fn figures_list(i18n: I18nContext<Locale>, figures: SchoolFigures) -> impl IntoView {
    let row = move |label: &'static str, value: u64, min: u64| {
        let met = value >= min;
        view! {
            <div class="flex items-baseline justify-between gap-4 border-b border-slate-100 py-2">
                <dt class="text-slate-700">{label}" "<span class="text-xs text-slate-600">{t!(i18n, school_label_minimum, min = move || min)}</span></dt>
                <dd class=if met { "font-semibold text-emerald-800" } else { "font-semibold text-amber-800" }>{value}</dd>
            </div>
        }
    };
    view! {
        <dl class="mt-3 max-w-md" data-testid="school-figures">
            {row(t_string!(i18n, school_figure_teachers), figures.validated_teachers, MIN_TEACHERS)}
            {row(t_string!(i18n, school_figure_projects), figures.projects, MIN_PROJECTS)}
            {row(t_string!(i18n, school_figure_labels), figures.national_labels, MIN_NATIONAL_LABELS)}
        </dl>
    }
}

#[component]
pub fn SchoolLabelPage() -> impl IntoView {
    let i18n = use_i18n();
    let apply = ServerAction::<ApplyForSchoolLabel>::new();
    let result = outcome(apply);
    let school = Resource::new(move || apply.version().get(), |_| load_school_label());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, school_label_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, school_label_title)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, school_label_intro)}</p>
            <Show when=move || matches!(result.get(), Some(Ok(())))><div class="mt-4"><Notice>{t!(i18n, label_applied_notice)}</Notice></div></Show>
            <Suspense fallback=move || loading(i18n)>
                {move || school.get().map(|school| match school {
                    Err(err) => failed(i18n, err),
                    Ok(school) => {
                        let blocked = school.blocked.map(|problem| describe_problem(&problem, i18n.get_locale()));
                        let statement_error = field_error(result, "statement");
                        view! {
                            <h2 class="mt-8 text-xl font-semibold text-slate-900">{school.school_name.clone()}</h2>
                            {school.label_until.map(|until| view! {
                                <p class="mt-2"><span class="badge-label" data-testid="school-label-held">{t!(i18n, badge_etwinning_school, year = move || until)}</span></p>
                            })}
                            <h3 class="mt-6 font-semibold text-slate-900">{t!(i18n, school_label_figures)}</h3>
                            {figures_list(i18n, school.figures)}
                            {(!school.applications.is_empty()).then(|| view! {
                                <ul class="mt-6 flex flex-col gap-3" data-testid="school-applications">
                                    {school.applications.into_iter().map(|application| {
                                        let (year, status) = (application.year, application.status);
                                        view! {
                                            <li class="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
                                                <p class="flex flex-wrap items-center justify-between gap-2">
                                                    <span>{t!(i18n, school_label_application_line, year = move || year, name = move || application.applicant.clone())}</span>
                                                    <span class="badge">{move || crate::quality_labels::views::status_text(i18n, status)}</span>
                                                </p>
                                                {application.reason.map(|reason| view! { <p class="mt-2 text-sm"><span class="font-medium">{t!(i18n, label_reason)}": "</span>{reason}</p> })}
                                                {application.certificate.map(|code| view! {
                                                    <p class="mt-3 flex flex-wrap gap-3">
                                                        <a class="btn-primary" href=pdf_path(&code) download>{t!(i18n, certificate_download)}</a>
                                                        <a class="self-center text-brand-800 underline" href=format!("/certificates/{code}")>{t!(i18n, certificate_verify_link)}</a>
                                                    </p>
                                                })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            })}
                            {match blocked {
                                Some(why) => view! { <p class="mt-6 rounded-md border border-amber-200 bg-amber-50 p-4 text-amber-900" role="status" data-testid="school-label-blocked">{why}</p> }.into_any(),
                                None => view! {
                                    <ActionForm action=apply attr:class="mt-6 flex flex-col gap-4" attr:data-testid="school-label-form">
                                        <RequestKey />
                                        <ErrorBanner message=form_error(result)/>
                                        <div class="flex flex-col gap-1">
                                            <label for="field-statement" class="text-sm font-medium text-slate-800">{t!(i18n, school_label_statement)}</label>
                                            <p id="field-statement-hint" class="text-xs text-slate-600">{t!(i18n, school_label_statement_hint)}</p>
                                            <textarea id="field-statement" name="statement" rows="6" maxlength="3000" required aria-describedby="field-statement-hint"
                                                aria-invalid=move || statement_error.get().is_some().then_some("true")
                                                class="rounded-md border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-600"></textarea>
                                            <Show when=move || statement_error.get().is_some()><p class="text-sm text-red-700">{move || statement_error.get()}</p></Show>
                                        </div>
                                        <button type="submit" class="btn-primary self-start">{t!(i18n, school_label_apply_button)}</button>
                                    </ActionForm>
                                }.into_any(),
                            }}
                        }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn SchoolLabelQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<DecideSchoolLabel>::new();
    let result = outcome(decide);
    let queue = Resource::new(move || decide.version().get(), |_| load_school_label_queue());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, school_label_queue_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-5xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, school_label_queue_title)}</h1>
            <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, school_label_queue_intro)}</p>
            <div class="mt-4"><ErrorBanner message=form_error(result)/></div>
            <Show when=move || matches!(result.get(), Some(Ok(())))><div class="mt-4"><Notice>{t!(i18n, label_decided_notice)}</Notice></div></Show>
            <Suspense fallback=move || loading(i18n)>
                {move || queue.get().map(|list| match list {
                    Err(err) => failed(i18n, err),
                    Ok(list) if list.is_empty() => empty(view! { {t!(i18n, school_label_queue_empty)} }).into_any(),
                    Ok(list) => view! {
                        <ul class="mt-6 flex flex-col gap-6" data-testid="school-label-queue">
                            {list.into_iter().map(|application| {
                                let id = application.id;
                                let year = application.year;
                                let place = format!("{}, {}", application.city, country_name(i18n.get_locale(), &application.country_code));
                                let reason_id = format!("school-reason-{id}");
                                view! {
                                    <li class="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
                                        <h2 class="text-xl font-semibold text-slate-900">{application.school_name.clone()}</h2>
                                        <p class="text-sm text-slate-700">{place}</p>
                                        <p class="mt-1 text-sm text-slate-600">{t!(i18n, school_label_application_line, year = move || year, name = move || application.applicant.clone())}</p>
                                        {figures_list(i18n, application.figures)}
                                        <p class="mt-4 whitespace-pre-line text-slate-800">{application.statement.clone()}</p>
                                        <div class="mt-4 flex flex-wrap items-start gap-4">
                                            <ActionForm action=decide>
                                                <input type="hidden" name="application" value=id/>
                                                <input type="hidden" name="award" value="true"/>
                                                <button type="submit" class="btn-primary">{t!(i18n, label_award_button)}</button>
                                            </ActionForm>
                                            <ActionForm action=decide attr:class="flex flex-1 flex-wrap items-end gap-2">
                                                <input type="hidden" name="application" value=id/>
                                                <input type="hidden" name="award" value="false"/>
                                                <div class="flex min-w-56 flex-1 flex-col gap-1">
                                                    <label for=reason_id.clone() class="text-sm font-medium text-slate-800">{t!(i18n, label_refusal_reason)}</label>
                                                    <input id=reason_id name="reason" required maxlength="1000" class="rounded-md border border-slate-300 px-3 py-2"/>
                                                </div>
                                                <button type="submit" class="rounded-md border border-red-300 px-4 py-2 font-semibold text-red-800 hover:bg-red-50">{t!(i18n, label_refuse_button)}</button>
                                            </ActionForm>
                                        </div>
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
