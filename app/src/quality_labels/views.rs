//! Pages: applying for a National Quality Label, the teacher's own labels, the support organisation's queue of
//! applications, and the Central Support Service's European queue. All are rendered on the server and post plain
//! forms, so none adds to the islands' bundle. `LabelBadges` shows a project's labels wherever it is listed.
use super::{
    ApplyForLabel, AssessApplication, AwardEuropeanLabels, Criterion, LabelStatus, MAX_SCORE, MINIMUM_SCORE, load_european_queue, load_label_application,
    load_label_queue, load_my_labels,
};
use crate::{
    certificates::pdf_path,
    error::{AppError, describe_problem},
    forms::{ErrorBanner, Notice, field_error, form_error, outcome},
    i18n::*,
    layout::NotFound,
    locale::country_name,
    ui::{PageTitle, RequestKey, empty, failed, loading, route_id},
};
use leptos::{form::ActionForm, prelude::*};
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_query_map;

pub fn criterion_label(i18n: I18nContext<Locale>, criterion: Criterion) -> &'static str {
    match criterion {
        Criterion::Collaboration => t_string!(i18n, criterion_collaboration),
        Criterion::Technology => t_string!(i18n, criterion_technology),
        Criterion::Pedagogy => t_string!(i18n, criterion_pedagogy),
        Criterion::Curriculum => t_string!(i18n, criterion_curriculum),
        Criterion::Results => t_string!(i18n, criterion_results),
        Criterion::Safety => t_string!(i18n, criterion_safety),
    }
}

fn criterion_hint(i18n: I18nContext<Locale>, criterion: Criterion) -> &'static str {
    match criterion {
        Criterion::Collaboration => t_string!(i18n, criterion_collaboration_hint),
        Criterion::Technology => t_string!(i18n, criterion_technology_hint),
        Criterion::Pedagogy => t_string!(i18n, criterion_pedagogy_hint),
        Criterion::Curriculum => t_string!(i18n, criterion_curriculum_hint),
        Criterion::Results => t_string!(i18n, criterion_results_hint),
        Criterion::Safety => t_string!(i18n, criterion_safety_hint),
    }
}

pub fn status_text(i18n: I18nContext<Locale>, status: LabelStatus) -> &'static str {
    match status {
        LabelStatus::Submitted => t_string!(i18n, label_status_submitted),
        LabelStatus::Awarded => t_string!(i18n, label_status_awarded),
        LabelStatus::Refused => t_string!(i18n, label_status_refused),
    }
}

/// A project's labels as badges: one per country whose support organisation awarded a National Quality Label,
/// and the European Quality Label with its year.
#[component]
pub fn LabelBadges(national: Vec<String>, european: Option<i32>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale();
    view! {
        {european.map(|year| view! {
            <span class="badge-label" data-testid="badge-eql">{t!(i18n, badge_european_label, year = move || year)}</span>
        })}
        {national.into_iter().map(|code| {
            let country = country_name(locale, &code);
            view! { <span class="badge-label" data-testid="badge-nql">{t!(i18n, badge_national_label, country = move || country.clone())}</span> }
        }).collect_view()}
    }
}

#[component]
pub fn ApplyForLabelPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id("id");
    let apply = ServerAction::<ApplyForLabel>::new();
    let result = outcome(apply);
    let view_data = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_label_application(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, label_apply_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 py-10">
            <Suspense fallback=move || loading(i18n)>
                {move || view_data.get().map(|data| match data {
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(err) => failed(i18n, err),
                    Ok(data) => {
                        let project_id = data.project_id;
                        let remaining = data.remaining;
                        let year = data.year;
                        let blocked = data.blocked.map(|problem| describe_problem(&problem, i18n.get_locale()));
                        view! {
                            <p class="text-sm font-medium text-brand-800"><a class="underline" href=format!("/projects/{project_id}")>{data.project_title.clone()}</a></p>
                            <h1 class="mt-1 text-3xl font-bold text-slate-900">{t!(i18n, label_apply_title)}</h1>
                            <p class="mt-2 text-slate-700">{t!(i18n, label_apply_intro)}</p>
                            <p class="mt-2 text-sm text-slate-600" data-testid="label-remaining">{t!(i18n, label_remaining, count = move || remaining, year = move || year)}</p>
                            {match blocked {
                                Some(why) => view! {
                                    <p class="mt-6 rounded-md border border-amber-200 bg-amber-50 p-4 text-amber-900" role="status" data-testid="label-blocked">{why}</p>
                                }.into_any(),
                                None => {
                                    let suggestions = data.suggestions.clone();
                                    let evidence_error = field_error(result, "evidence");
                                    view! {
                                        <ActionForm action=apply attr:class="mt-8 flex flex-col gap-6" attr:data-testid="label-form">
                                            <RequestKey />
                                            <input type="hidden" name="project" value=project_id/>
                                            <ErrorBanner message=form_error(result)/>
                                            {Criterion::ANSWERED.into_iter().map(|criterion| {
                                                let field = criterion.as_str();
                                                let error = field_error(result, field);
                                                let id = format!("field-{field}");
                                                let hint_id = format!("{id}-hint");
                                                view! {
                                                    <div class="flex flex-col gap-1">
                                                        <label for=id.clone() class="text-sm font-medium text-slate-800">{move || criterion_label(i18n, criterion)}</label>
                                                        <p id=hint_id.clone() class="text-xs text-slate-600">{move || criterion_hint(i18n, criterion)}</p>
                                                        <textarea id=id name=format!("form[{field}]") rows="4" maxlength="3000" required
                                                            aria-describedby=hint_id
                                                            aria-invalid=move || error.get().is_some().then_some("true")
                                                            class="rounded-md border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-600"></textarea>
                                                        <Show when=move || error.get().is_some()><p class="text-sm text-red-700">{move || error.get()}</p></Show>
                                                    </div>
                                                }
                                            }).collect_view()}
                                            <div class="flex flex-col gap-1">
                                                <label for="field-evidence" class="text-sm font-medium text-slate-800">{t!(i18n, label_evidence)}</label>
                                                <p id="field-evidence-hint" class="text-xs text-slate-600">{t!(i18n, label_evidence_hint)}</p>
                                                <textarea id="field-evidence" name="form[evidence]" rows="4" maxlength="7000" required
                                                    aria-describedby="field-evidence-hint"
                                                    aria-invalid=move || evidence_error.get().is_some().then_some("true")
                                                    class="rounded-md border border-slate-300 px-3 py-2 font-mono text-sm aria-[invalid=true]:border-red-600"></textarea>
                                                <Show when=move || evidence_error.get().is_some()><p class="text-sm text-red-700">{move || evidence_error.get()}</p></Show>
                                                <details class="mt-1 text-sm text-slate-700">
                                                    <summary class="cursor-pointer text-brand-800">{t!(i18n, label_evidence_places)}</summary>
                                                    <ul class="mt-2 flex flex-col gap-1" data-testid="label-suggestions">
                                                        {suggestions.into_iter().map(|(title, path)| view! {
                                                            <li><span class="font-medium">{title}</span>": "<code class="break-all">{path}</code></li>
                                                        }).collect_view()}
                                                    </ul>
                                                </details>
                                            </div>
                                            <button type="submit" class="btn-primary self-start">{t!(i18n, label_apply_button)}</button>
                                        </ActionForm>
                                    }.into_any()
                                }
                            }}
                        }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn MyLabelsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let applied = move || query.read().get("applied").is_some();
    let labels = Resource::new(|| (), |_| load_my_labels());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, my_labels_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-4xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, my_labels_title)}</h1>
            <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, my_labels_intro)}</p>
            <p class="mt-3 flex flex-wrap gap-4 text-sm">
                <a class="text-brand-800 underline" href="/schools/label">{t!(i18n, school_label_title)}</a>
                <a class="text-brand-800 underline" href="/jury">{t!(i18n, jury_title)}</a>
            </p>
            <Show when=applied><div class="mt-4"><Notice>{t!(i18n, label_applied_notice)}</Notice></div></Show>
            <Suspense fallback=move || loading(i18n)>
                {move || labels.get().map(|labels| match labels {
                    Err(err) => failed(i18n, err),
                    Ok(labels) => {
                        let (remaining, year) = (labels.remaining, labels.year);
                        let locale = i18n.get_locale();
                        view! {
                            <p class="mt-4 text-sm text-slate-600">{t!(i18n, label_remaining, count = move || remaining, year = move || year)}</p>
                            {(!labels.european.is_empty()).then(|| view! {
                                <section class="mt-8" aria-labelledby="eql-heading">
                                    <h2 id="eql-heading" class="text-xl font-semibold text-slate-900">{t!(i18n, certificate_eql)}</h2>
                                    <ul class="mt-3 flex flex-col gap-3" data-testid="my-european-labels">
                                        {labels.european.iter().cloned().map(|label| {
                                            let year = label.year;
                                            view! {
                                                <li class="flex flex-wrap items-center justify-between gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
                                                    <span><a class="font-semibold text-brand-800 underline" href=format!("/projects/{}", label.project_id)>{label.project_title}</a>" · "{year}</span>
                                                    <a class="btn-primary" href=pdf_path(&label.certificate) download>{t!(i18n, certificate_download)}</a>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            {(!labels.prizes.is_empty()).then(|| view! {
                                <section class="mt-8" aria-labelledby="prizes-heading">
                                    <h2 id="prizes-heading" class="text-xl font-semibold text-slate-900">{t!(i18n, prizes_title)}</h2>
                                    <ul class="mt-3 flex flex-col gap-3" data-testid="my-prizes">
                                        {labels.prizes.iter().cloned().map(|prize| {
                                            let what = crate::certificates::kind_text(&prize, locale);
                                            view! {
                                                <li class="flex flex-wrap items-center justify-between gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
                                                    <span><span class="font-semibold">{what}" "{prize.year}</span>" · "{prize.project_title}</span>
                                                    <a class="btn-primary" href=pdf_path(&prize.code) download>{t!(i18n, certificate_download)}</a>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <section class="mt-8" aria-labelledby="nql-heading">
                                <h2 id="nql-heading" class="text-xl font-semibold text-slate-900">{t!(i18n, my_labels_applications)}</h2>
                                {if labels.applications.is_empty() {
                                    empty(view! { {t!(i18n, my_labels_none)} }).into_any()
                                } else {
                                    view! {
                                        <ul class="mt-3 flex flex-col gap-4" data-testid="my-label-applications">
                                            {labels.applications.into_iter().map(|application| {
                                                let status = application.status;
                                                let year = application.year;
                                                let country = country_name(locale, &application.country_code);
                                                view! {
                                                    <li class="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
                                                        <div class="flex flex-wrap items-center justify-between gap-2">
                                                            <h3 class="font-semibold text-slate-900"><a class="underline" href=format!("/projects/{}", application.project_id)>{application.project_title}</a></h3>
                                                            <span class="badge" data-testid="label-status">{move || status_text(i18n, status)}</span>
                                                        </div>
                                                        <p class="mt-1 text-sm text-slate-600">{t!(i18n, label_assessed_by, country = move || country.clone(), year = move || year)}</p>
                                                        {application.reason.map(|reason| view! {
                                                            <p class="mt-2 text-sm text-slate-800"><span class="font-medium">{t!(i18n, label_reason)}": "</span>{reason}</p>
                                                        })}
                                                        {(!application.scores.is_empty()).then(|| view! {
                                                            <table class="mt-3 w-full text-left text-sm" data-testid="label-scores">
                                                                <thead><tr class="text-slate-600">
                                                                    <th scope="col" class="py-1 pe-3 font-medium">{t!(i18n, label_criterion)}</th>
                                                                    <th scope="col" class="py-1 pe-3 font-medium">{t!(i18n, label_score)}</th>
                                                                    <th scope="col" class="py-1 font-medium">{t!(i18n, label_comment)}</th>
                                                                </tr></thead>
                                                                <tbody>
                                                                    {application.scores.into_iter().map(|score| {
                                                                        let criterion = score.criterion;
                                                                        let (value, max) = (score.score, MAX_SCORE);
                                                                        view! {
                                                                            <tr class="border-t border-slate-100">
                                                                                <th scope="row" class="py-1 pe-3 font-normal">{move || criterion_label(i18n, criterion)}</th>
                                                                                <td class="py-1 pe-3">{format!("{value} / {max}")}</td>
                                                                                <td class="py-1">{score.comment}</td>
                                                                            </tr>
                                                                        }
                                                                    }).collect_view()}
                                                                </tbody>
                                                            </table>
                                                        })}
                                                        {application.certificate.map(|code| view! {
                                                            <p class="mt-3 flex flex-wrap gap-3">
                                                                <a class="btn-primary" href=pdf_path(&code) download data-testid="certificate-download">{t!(i18n, certificate_download)}</a>
                                                                <a class="text-brand-800 underline self-center" href=format!("/certificates/{code}")>{t!(i18n, certificate_verify_link)}</a>
                                                            </p>
                                                        })}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                        }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn LabelQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let assess = ServerAction::<AssessApplication>::new();
    let result = outcome(assess);
    let queue = Resource::new(move || assess.version().get(), |_| load_label_queue());
    // The European queue and the prizes are the Central Support Service's (and administrators').
    let viewer = Resource::new(|| (), |_| crate::accounts::current_viewer());
    let runs_european = Signal::derive(move || {
        viewer.get().map(|v| v.ok().flatten().is_some_and(|v| crate::access::validation_scope(&v) == crate::access::ValidationScope::Everyone))
    });
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, label_queue_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-5xl px-4 py-10">
            <div class="flex flex-wrap items-end justify-between gap-4">
                <div>
                    <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, label_queue_title)}</h1>
                    <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, label_queue_intro, min = move || MINIMUM_SCORE)}</p>
                </div>
                <nav class="flex flex-col gap-1 text-sm" aria-label=move || t_string!(i18n, label_other_queues)>
                    <a class="text-brand-800 underline" href="/support/labels/schools">{t!(i18n, school_label_queue_title)}</a>
                    <Show when=move || runs_european.get().unwrap_or(false)>
                        <a class="text-brand-800 underline" href="/support/labels/european">{t!(i18n, european_queue_title)}</a>
                        <a class="text-brand-800 underline" href="/support/prizes">{t!(i18n, prize_admin_title)}</a>
                    </Show>
                </nav>
            </div>
            <div class="mt-4"><ErrorBanner message=form_error(result)/></div>
            <Show when=move || matches!(result.get(), Some(Ok(())))><div class="mt-4"><Notice>{t!(i18n, label_decided_notice)}</Notice></div></Show>
            <Suspense fallback=move || loading(i18n)>
                {move || queue.get().map(|list| match list {
                    Err(err) => failed(i18n, err),
                    Ok(list) if list.is_empty() => empty(view! { {t!(i18n, label_queue_empty)} }).into_any(),
                    Ok(list) => view! {
                        <ul class="mt-6 flex flex-col gap-8" data-testid="label-queue">
                            {list.into_iter().map(|application| {
                                let id = application.id;
                                let locale = i18n.get_locale();
                                let who = match &application.school {
                                    Some(school) => format!("{} · {} · {}", application.applicant, school, country_name(locale, &application.country_code)),
                                    None => format!("{} · {}", application.applicant, country_name(locale, &application.country_code)),
                                };
                                let year = application.year;
                                view! {
                                    <li class="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
                                        <p class="text-sm text-slate-600">{t!(i18n, label_application_for, year = move || year)}</p>
                                        <h2 class="mt-1 text-xl font-semibold text-slate-900"><a class="underline" href=format!("/projects/{}/space", application.project_id)>{application.project_title.clone()}</a></h2>
                                        <p class="text-sm text-slate-700">{who}</p>
                                        <dl class="mt-4 flex flex-col gap-3">
                                            {application.answers.into_iter().map(|(criterion, answer)| view! {
                                                <div>
                                                    <dt class="text-sm font-medium text-slate-600">{move || criterion_label(i18n, criterion)}</dt>
                                                    <dd class="whitespace-pre-line text-slate-800">{answer}</dd>
                                                </div>
                                            }).collect_view()}
                                        </dl>
                                        <h3 class="mt-4 text-sm font-medium text-slate-600">{t!(i18n, label_evidence)}</h3>
                                        <ul class="mt-1 flex flex-col gap-1" data-testid="label-evidence">
                                            {application.evidence.into_iter().map(|path| {
                                                let text = path.clone();
                                                view! { <li><a class="break-all text-brand-800 underline" href=path>{text}</a></li> }
                                            }).collect_view()}
                                        </ul>
                                        <ActionForm action=assess attr:class="mt-6 flex flex-col gap-4" attr:data-testid="assessment-form">
                                            <input type="hidden" name="application" value=id/>
                                            <fieldset class="flex flex-col gap-3">
                                                <legend class="font-semibold text-slate-900">{t!(i18n, label_scores_legend, max = move || MAX_SCORE)}</legend>
                                                {Criterion::SCORED.into_iter().map(|criterion| {
                                                    let field = criterion.as_str();
                                                    let score_id = format!("score-{id}-{field}");
                                                    let comment_id = format!("comment-{id}-{field}");
                                                    let minimum = criterion.minimum();
                                                    view! {
                                                        <div class="grid gap-2 sm:grid-cols-[16rem_6rem_1fr] sm:items-end">
                                                            <label for=score_id.clone() class="text-sm font-medium text-slate-800">
                                                                {move || criterion_label(i18n, criterion)}
                                                                {minimum.map(|min| view! { <span class="block text-xs font-normal text-slate-600">{t!(i18n, label_minimum, min = move || min)}</span> })}
                                                            </label>
                                                            <select id=score_id name=format!("form[scores][{field}]") required class="rounded-md border border-slate-300 px-2 py-2">
                                                                <option value="">"–"</option>
                                                                {(1..=MAX_SCORE).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                                                            </select>
                                                            <div class="flex flex-col gap-1">
                                                                <label for=comment_id.clone() class="sr-only">{move || format!("{} · {}", t_string!(i18n, label_comment), criterion_label(i18n, criterion))}</label>
                                                                <input id=comment_id name=format!("form[comments][{field}]") maxlength="1000" placeholder=move || t_string!(i18n, label_comment)
                                                                    class="rounded-md border border-slate-300 px-3 py-2"/>
                                                            </div>
                                                        </div>
                                                    }
                                                }).collect_view()}
                                            </fieldset>
                                            <div class="flex flex-col gap-1">
                                                <label for=format!("reason-{id}") class="text-sm font-medium text-slate-800">{t!(i18n, label_refusal_reason)}</label>
                                                <input id=format!("reason-{id}") name="form[reason]" maxlength="1000" class="rounded-md border border-slate-300 px-3 py-2"/>
                                            </div>
                                            <div class="flex flex-wrap gap-3">
                                                <button type="submit" name="award" value="true" class="btn-primary">{t!(i18n, label_award_button)}</button>
                                                <button type="submit" name="award" value="false" class="rounded-md border border-red-300 px-4 py-2 font-semibold text-red-800 hover:bg-red-50">{t!(i18n, label_refuse_button)}</button>
                                            </div>
                                        </ActionForm>
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

#[component]
pub fn EuropeanLabelsPage() -> impl IntoView {
    let i18n = use_i18n();
    let award = ServerAction::<AwardEuropeanLabels>::new();
    let result = outcome(award);
    let queue = Resource::new(move || award.version().get(), |_| load_european_queue());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, european_queue_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-5xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, european_queue_title)}</h1>
            <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, european_queue_intro)}</p>
            <div class="mt-4"><ErrorBanner message=form_error(result)/></div>
            <Show when=move || matches!(result.get(), Some(Ok(())))><div class="mt-4"><Notice>{t!(i18n, european_awarded_notice)}</Notice></div></Show>
            <Suspense fallback=move || loading(i18n)>
                {move || queue.get().map(|list| match list {
                    Err(err) => failed(i18n, err),
                    Ok(list) if list.is_empty() => empty(view! { {t!(i18n, european_queue_empty)} }).into_any(),
                    Ok(list) => view! {
                        <ActionForm action=award attr:class="mt-6 flex flex-col gap-4" attr:data-testid="european-form">
                            <fieldset>
                                <legend class="sr-only">{t!(i18n, european_queue_title)}</legend>
                                <ul class="flex flex-col gap-3" data-testid="european-queue">
                                    {list.into_iter().map(|candidate| {
                                        let id = format!("eql-{}", candidate.project_id);
                                        let locale = i18n.get_locale();
                                        let holders = candidate.holders.iter()
                                            .map(|(name, country, year)| format!("{name} ({}, {year})", country_name(locale, country)))
                                            .collect::<Vec<_>>().join(" · ");
                                        view! {
                                            <li class="flex items-start gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
                                                <input id=id.clone() type="checkbox" name=format!("projects[{}]", candidate.project_id) class="mt-1 h-5 w-5"/>
                                                <label for=id class="flex flex-col">
                                                    <span class="font-semibold text-slate-900">{candidate.project_title}</span>
                                                    <span class="text-sm text-slate-700">{t!(i18n, european_holders)}": "{holders}</span>
                                                </label>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </fieldset>
                            <button type="submit" class="btn-primary self-start">{t!(i18n, european_award_button)}</button>
                        </ActionForm>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
