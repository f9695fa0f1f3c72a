//! Pages: the project directory, public project pages, founding, my projects, and the support organisations'
//! approval queue.
use super::{
    AnswerCofounding, DecideProject, FoundProject, MyProject, ProjectCard, ProjectStatus, ApprovalStatus, load_approval_queue,
    load_directory, load_my_projects, load_possible_cofounders, load_public_project,
};
use crate::{
    annual_theme::{TAKE_UP_FIELD, TakeUpTheme, ThemeTag},
    error::AppError,
    forms::{ErrorBanner, Notice, TextField, field_error, form_error, outcome},
    i18n::*,
    layout::NotFound,
    teachers::{
        Choices,
        interests::{AGE_RANGES, SUBJECTS, language_keys},
        labels::{age_label, language_label, subject_label},
    },
    twinspace::AnswerInvitation,
    quality_labels::views::LabelBadges,
};
use leptos::{form::ActionForm, prelude::*};
use leptos_i18n::I18nContext;
use crate::ui::{PageTitle, RequestKey, failed, loading};
use crate::locale::country_name;
use leptos_router::hooks::{use_params_map, use_query_map};


pub fn status_label(i18n: I18nContext<Locale>, status: ProjectStatus) -> &'static str {
    match status {
        ProjectStatus::Proposed => t_string!(i18n, project_status_proposed),
        ProjectStatus::Open => t_string!(i18n, project_status_open),
        ProjectStatus::Archived => t_string!(i18n, project_status_archived),
        ProjectStatus::Closed => t_string!(i18n, project_status_closed),
        ProjectStatus::Rejected => t_string!(i18n, project_status_rejected),
        ProjectStatus::Declined => t_string!(i18n, project_status_declined),
    }
}


#[component]
fn Chips(items: Vec<String>, label: crate::teachers::labels::Label) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="flex flex-wrap gap-2">
            {items.into_iter().map(|key| view! { <li class="badge">{move || label(i18n, &key)}</li> }).collect_view()}
        </ul>
    }
}

/// A project in a list.
#[component]
pub fn ProjectCardView(card: ProjectCard, #[prop(optional)] href: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let href = href.unwrap_or_else(|| format!("/projects/{}", card.id));
    let status = card.status;
    let countries = card.countries.iter().map(|c| country_name(i18n.get_locale(), c)).collect::<Vec<_>>().join(", ");
    view! {
        <article class="flex h-full flex-col gap-2 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <div class="flex flex-wrap items-center gap-2">
                <span class="badge">{move || status_label(i18n, status)}</span>
                {card.national.then(|| view! { <span class="badge-plus">{t!(i18n, project_national)}</span> })}
                <LabelBadges national=card.national_labels.clone() european=card.european_label/>
                {card.theme_year.map(|year| view! { <ThemeTag year/> })}
            </div>
            <h3 class="text-lg font-semibold text-slate-900"><a href=href class="hover:underline">{card.title}</a></h3>
            <p class="line-clamp-3 text-sm text-slate-700">{card.summary}</p>
            <p class="text-sm text-slate-600">{countries}</p>
            <Chips items=card.subjects label=subject_label/>
        </article>
    }
}

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let country = move || query.read().get("country").unwrap_or_default();
    let labelled = move || query.read().get("labelled").is_some_and(|v| !v.is_empty());
    let page = move || query.read().get("page").and_then(|p| p.parse::<u64>().ok()).unwrap_or(1);
    let results = Resource::new(move || (q(), country(), labelled(), page()), |(q, country, labelled, page)| load_directory(q, country, labelled, page));
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, projects_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-6xl px-4 py-10">
            <div class="flex flex-wrap items-end justify-between gap-4">
                <div>
                    <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, projects_title)}</h1>
                    <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, projects_intro)}</p>
                </div>
                <a href="/projects/mine" class="btn-primary">{t!(i18n, nav_my_projects)}</a>
            </div>
            <form method="get" action="/projects" class="mt-6 flex flex-wrap items-end gap-3" role="search">
                <div class="flex min-w-64 flex-1 flex-col gap-1">
                    <label for="project-q" class="text-sm font-medium text-slate-800">{t!(i18n, projects_search)}</label>
                    <input id="project-q" name="q" type="search" value=q maxlength="200" class="rounded-md border border-slate-300 px-3 py-2"/>
                </div>
                <div class="flex flex-col gap-1">
                    <label for="project-country" class="text-sm font-medium text-slate-800">{t!(i18n, field_country)}</label>
                    <select id="project-country" name="country" class="rounded-md border border-slate-300 px-3 py-2">
                        <option value="">{t!(i18n, projects_any_country)}</option>
                        {move || {
                            let chosen = country();
                            let codes = crate::countries::COUNTRIES.iter().map(|(code, _, _)| (*code).to_owned());
                            crate::locale::country_names(i18n.get_locale(), codes).into_iter().map(|(code, name)| {
                                let selected = chosen == code;
                                view! { <option value=code selected=selected>{name}</option> }
                            }).collect_view()
                        }}
                    </select>
                </div>
                <label class="flex items-center gap-2 py-2 text-sm font-medium text-slate-800">
                    <input type="checkbox" name="labelled" value="1" checked=labelled class="h-4 w-4"/>
                    {t!(i18n, projects_with_label)}
                </label>
                <button type="submit" class="btn-primary">{t!(i18n, search_button)}</button>
            </form>
            <Suspense fallback=move || loading(i18n)>
                {move || results.get().map(|result| match result {
                    Err(err) => failed(i18n, err),
                    Ok(found) if found.projects.is_empty() => view! {
                        <p class="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">{t!(i18n, projects_none)}</p>
                    }.into_any(),
                    Ok(found) => {
                        let total = found.total;
                        let (current, pages) = (found.page, found.pages);
                        let link = move |page: u64| {
                            let labelled = if labelled() { "&labelled=1" } else { "" };
                            format!("/projects?q={}&country={}{labelled}&page={page}", urlencode(&q()), urlencode(&country()))
                        };
                        view! {
                            <p class="mt-6 text-sm text-slate-600" role="status" data-testid="project-count">{t!(i18n, projects_count, count = move || total)}</p>
                            <ul class="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="project-list">
                                {found.projects.into_iter().map(|card| view! { <li><ProjectCardView card/></li> }).collect_view()}
                            </ul>
                            <nav class="mt-6 flex gap-4" aria-label=move || t_string!(i18n, pages_label)>
                                {(current > 1).then(|| view! { <a class="text-brand-800 underline" href=link(current - 1)>{t!(i18n, page_previous)}</a> })}
                                {(current < pages).then(|| view! { <a class="text-brand-800 underline" href=link(current + 1)>{t!(i18n, page_next)}</a> })}
                            </nav>
                        }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn ProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i32>().ok());
    let project = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_public_project(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=move || loading(i18n)>
            {move || project.get().map(|result| match result {
                Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                Err(err) => failed(i18n, err),
                Ok(page) => {
                    let card = page.card.clone();
                    let status = card.status;
                    let teachers: u32 = page.countries.iter().map(|c| c.teachers).sum();
                    view! {
                        <PageTitle text=format!("{} · OpenTwin", card.title)/>
                        <div class="mx-auto max-w-4xl px-4 py-10">
                            <div class="flex flex-wrap items-center gap-2">
                                <span class="badge">{move || status_label(i18n, status)}</span>
                                {card.national.then(|| view! { <span class="badge-plus" title=move || t_string!(i18n, project_national_hint)>{t!(i18n, project_national)}</span> })}
                                <LabelBadges national=card.national_labels.clone() european=card.european_label/>
                                {card.theme_year.map(|year| view! { <ThemeTag year/> })}
                            </div>
                            <h1 class="mt-2 text-3xl font-bold text-slate-900">{card.title.clone()}</h1>
                            <p class="mt-4 whitespace-pre-line text-lg text-slate-800">{card.summary.clone()}</p>
                            {page.viewer_is_member.then(|| view! {
                                <p class="mt-6 flex flex-wrap gap-3">
                                    <a href=format!("/projects/{}/space", card.id) class="btn-primary">{t!(i18n, space_enter)}</a>
                                    {(!card.national).then(|| view! {
                                        <a href=format!("/projects/{}/label", card.id) class="btn-secondary" data-testid="apply-label">{t!(i18n, label_apply_link)}</a>
                                    })}
                                    {card.european_label.is_some().then(|| view! {
                                        <a href=format!("/projects/{}/prize", card.id) class="btn-secondary" data-testid="enter-prize">{t!(i18n, prize_enter_link)}</a>
                                    })}
                                </p>
                            })}
                            {(!page.viewer_is_member).then(|| view! {
                                <div class="mt-4"><crate::moderation::views::ReportButton kind=crate::moderation::ReportKind::Space target=card.id/></div>
                            })}
                            <dl class="mt-8 grid gap-4 sm:grid-cols-[12rem_1fr]">
                                <dt class="font-medium text-slate-600">{t!(i18n, project_ages)}</dt>
                                <dd><Chips items=card.age_ranges.clone() label=age_label/></dd>
                                <dt class="font-medium text-slate-600">{t!(i18n, project_subjects)}</dt>
                                <dd><Chips items=card.subjects.clone() label=subject_label/></dd>
                                <dt class="font-medium text-slate-600">{t!(i18n, project_languages)}</dt>
                                <dd><Chips items=page.languages.clone() label=language_label/></dd>
                            </dl>
                            {(!page.public_pages.is_empty()).then(|| view! {
                                <section class="mt-10" aria-labelledby="pages-heading">
                                    <h2 id="pages-heading" class="text-xl font-semibold text-slate-900">{t!(i18n, space_pages)}</h2>
                                    <ul class="mt-3 flex flex-col gap-1" data-testid="public-pages">
                                        {page.public_pages.iter().cloned().map(|(page_id, title)| view! {
                                            <li><a href=format!("/projects/{}/space/pages/{page_id}", card.id) class="text-brand-800 underline">{title}</a></li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <section class="mt-10" aria-labelledby="members-heading">
                                <h2 id="members-heading" class="text-xl font-semibold text-slate-900">
                                    {t!(i18n, project_teachers_count, count = move || teachers)}
                                </h2>
                                <ul class="mt-4 grid gap-3 sm:grid-cols-2" data-testid="project-countries">
                                    {page.countries.iter().cloned().map(|country| view! {
                                        <li class="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
                                            <p class="font-semibold text-slate-900">{country_name(i18n.get_locale(), &country.code)}" · "{country.teachers}</p>
                                            {(!country.names.is_empty()).then(|| view! {
                                                <p class="mt-1 text-sm text-slate-700">{country.names.join(", ")}</p>
                                            })}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn FoundProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    let found = ServerAction::<FoundProject>::new();
    let result = outcome(found);
    let contacts = Resource::new(|| (), |_| load_possible_cofounders());
    let area = move |field: &'static str, label: fn(I18nContext<Locale>) -> &'static str, rows: u32, max: u32, required: bool| {
        let error = field_error(result, field);
        let id = format!("field-{field}");
        view! {
            <div class="flex flex-col gap-1">
                <label for=id.clone() class="text-sm font-medium text-slate-800">{move || label(i18n)}</label>
                <textarea id=id name=format!("form[{field}]") rows=rows maxlength=max required=required
                    aria-invalid=move || error.get().is_some().then_some("true")
                    class="rounded-md border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-600"></textarea>
                <Show when=move || error.get().is_some()><p class="text-sm text-red-700">{move || error.get()}</p></Show>
            </div>
        }
    };
    let group_error = move |field: &'static str| {
        let error = field_error(result, field);
        view! { <Show when=move || error.get().is_some()><p class="text-sm text-red-700" role="alert">{move || error.get()}</p></Show> }
    };
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, found_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, found_title)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, found_intro)}</p>
            <Suspense fallback=move || loading(i18n)>
                {move || contacts.get().map(|list| match list {
                    Err(err) => failed(i18n, err),
                    Ok(list) if list.is_empty() => view! {
                        <p class="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">
                            {t!(i18n, found_no_contacts)}" "<a href="/partners" class="text-brand-800 underline">{t!(i18n, contacts_find)}</a>
                        </p>
                    }.into_any(),
                    Ok(list) => {
                        let cofounder_error = field_error(result, "cofounder");
                        view! {
                            <ActionForm action=found attr:class="mt-8 flex flex-col gap-6" attr:data-testid="found-form">
                                <RequestKey />
                                <ErrorBanner message=form_error(result)/>
                                <TextField name="form[title]" field="title" label=Signal::derive(move || t_string!(i18n, project_title_field).to_owned()) required=true error=field_error(result, "title")/>
                                {area("summary", |i18n| t_string!(i18n, project_summary_field), 3, 1000, true)}
                                <div class="flex flex-col gap-1">
                                    <label for="field-cofounder" class="text-sm font-medium text-slate-800">{t!(i18n, project_cofounder_field)}</label>
                                    <select id="field-cofounder" name="form[cofounder]" required
                                        aria-invalid=move || cofounder_error.get().is_some().then_some("true")
                                        class="rounded-md border border-slate-300 px-3 py-2">
                                        <option value="">{t!(i18n, choose)}</option>
                                        {list.into_iter().map(|card| view! {
                                            <option value=card.id.to_string()>{format!("{} ({})", card.display_name, country_name(i18n.get_locale(), &card.country_code))}</option>
                                        }).collect_view()}
                                    </select>
                                    <p class="text-xs text-slate-600">{t!(i18n, project_cofounder_hint)}</p>
                                    <Show when=move || cofounder_error.get().is_some()><p class="text-sm text-red-700">{move || cofounder_error.get()}</p></Show>
                                </div>
                                <Choices legend=Signal::derive(move || t_string!(i18n, project_languages)) group="languages" chosen=Vec::new() options=language_keys().collect() text=language_label/>
                                {group_error("languages")}
                                <Choices legend=Signal::derive(move || t_string!(i18n, project_ages)) group="age_ranges" chosen=Vec::new() options=AGE_RANGES.to_vec() text=age_label/>
                                {group_error("age_ranges")}
                                <Choices legend=Signal::derive(move || t_string!(i18n, project_subjects)) group="subjects" chosen=Vec::new() options=SUBJECTS.to_vec() text=subject_label/>
                                {group_error("subjects")}
                                <TextField name="form[pupils_count]" field="pupils_count" kind="number" label=Signal::derive(move || t_string!(i18n, project_pupils_field).to_owned()) required=true error=field_error(result, "pupils_count")/>
                                <TextField name="form[tools]" field="tools" label=Signal::derive(move || t_string!(i18n, project_tools_field).to_owned()) error=field_error(result, "tools")/>
                                {area("aims", |i18n| t_string!(i18n, project_aims_field), 4, 3000, true)}
                                {area("work_process", |i18n| t_string!(i18n, project_process_field), 4, 3000, false)}
                                {area("expected_results", |i18n| t_string!(i18n, project_results_field), 4, 3000, false)}
                                <TakeUpTheme name="form[annual_theme]" error=field_error(result, TAKE_UP_FIELD)/>
                                <button type="submit" class="btn-primary self-start">{t!(i18n, found_button)}</button>
                            </ActionForm>
                        }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

/// Where a project stands, in words: waiting for the co-founder, for which support organisations, or why not.
#[component]
fn Progress(project: MyProject) -> impl IntoView {
    let i18n = use_i18n();
    if let Some(name) = project.waiting_for_cofounder.clone() {
        return view! { <p class="text-sm text-slate-700">{t!(i18n, project_waiting_cofounder, name = move || name.clone())}</p> }.into_any();
    }
    if project.card.status != ProjectStatus::Proposed && project.card.status != ProjectStatus::Rejected {
        return ().into_any();
    }
    view! {
        <ul class="flex flex-col gap-1 text-sm" data-testid="approvals">
            {project.approvals.into_iter().map(|(country, status, reason)| {
                let name = country_name(i18n.get_locale(), &country);
                let text = move || match status {
                    ApprovalStatus::Pending => t_string!(i18n, approval_pending),
                    ApprovalStatus::Approved => t_string!(i18n, approval_approved),
                    ApprovalStatus::Rejected => t_string!(i18n, approval_rejected),
                };
                view! {
                    <li class="text-slate-700">
                        <span class="font-medium">{name}": "</span>{text}
                        {reason.map(|r| view! { <span class="block text-red-800">{r}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }.into_any()
}

#[component]
pub fn MyProjectsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let answer = ServerAction::<AnswerCofounding>::new();
    let invitation = ServerAction::<AnswerInvitation>::new();
    let answer_result = outcome(answer);
    let mine = Resource::new(move || (answer.version().get(), invitation.version().get()), |_| load_my_projects());
    let founded = move || query.read().get("founded").is_some();
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, nav_my_projects), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-6xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, nav_my_projects)}</h1>
            <Show when=founded><div class="mt-4"><Notice>{t!(i18n, found_done)}</Notice></div></Show>
            <div class="mt-4"><ErrorBanner message=form_error(answer_result)/></div>
            <Suspense fallback=move || loading(i18n)>
                {move || mine.get().map(|result| match result {
                    Err(err) => failed(i18n, err),
                    Ok(mine) => view! {
                        {mine.may_found.then(|| view! {
                            <p class="mt-4 flex flex-wrap gap-3">
                                <a href="/projects/new" class="btn-primary">{t!(i18n, found_title)}</a>
                                <a href="/labels/mine" class="btn-secondary">{t!(i18n, my_labels_title)}</a>
                            </p>
                        })}
                        {(!mine.to_answer.is_empty()).then(|| view! {
                            <section class="mt-8" aria-labelledby="to-answer-heading">
                                <h2 id="to-answer-heading" class="text-xl font-semibold">{t!(i18n, projects_to_answer)}</h2>
                                <ul class="mt-4 flex flex-col gap-4" data-testid="cofounding-requests">
                                    {mine.to_answer.into_iter().map(|project| {
                                        let id = project.card.id;
                                        view! {
                                            <li class="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
                                                <h3 class="text-lg font-semibold">{project.card.title.clone()}</h3>
                                                <p class="mt-1 text-slate-700">{project.card.summary.clone()}</p>
                                                <div class="mt-3 flex gap-3">
                                                    <ActionForm action=answer>
                                                        <input type="hidden" name="project" value=id/>
                                                        <input type="hidden" name="accept" value="true"/>
                                                        <button type="submit" class="btn-primary">{t!(i18n, cofound_accept)}</button>
                                                    </ActionForm>
                                                    <ActionForm action=answer>
                                                        <input type="hidden" name="project" value=id/>
                                                        <input type="hidden" name="accept" value="false"/>
                                                        <button type="submit" class="btn-secondary">{t!(i18n, cofound_decline)}</button>
                                                    </ActionForm>
                                                </div>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                        {(!mine.invitations.is_empty()).then(|| view! {
                            <section class="mt-8" aria-labelledby="invitations-heading">
                                <h2 id="invitations-heading" class="text-xl font-semibold">{t!(i18n, space_invitations)}</h2>
                                <ul class="mt-4 flex flex-col gap-4" data-testid="space-invitations">
                                    {mine.invitations.into_iter().map(|inv| {
                                        let id = inv.project.id;
                                        let from = inv.invited_by.clone();
                                        view! {
                                            <li class="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
                                                <h3 class="text-lg font-semibold">{inv.project.title.clone()}</h3>
                                                <p class="text-sm text-slate-700">{t!(i18n, space_invited_by, name = move || from.clone())}</p>
                                                <div class="mt-3 flex gap-3">
                                                    <ActionForm action=invitation>
                                                        <input type="hidden" name="project" value=id/>
                                                        <input type="hidden" name="accept" value="true"/>
                                                        <button type="submit" class="btn-primary">{t!(i18n, space_join)}</button>
                                                    </ActionForm>
                                                    <ActionForm action=invitation>
                                                        <input type="hidden" name="project" value=id/>
                                                        <input type="hidden" name="accept" value="false"/>
                                                        <button type="submit" class="btn-secondary">{t!(i18n, cofound_decline)}</button>
                                                    </ActionForm>
                                                </div>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                        <section class="mt-8" aria-labelledby="mine-heading">
                            <h2 id="mine-heading" class="text-xl font-semibold">{t!(i18n, projects_mine)}</h2>
                            {if mine.projects.is_empty() {
                                view! { <p class="mt-4 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">{t!(i18n, projects_mine_none)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="mt-4 grid gap-4 sm:grid-cols-2" data-testid="my-projects">
                                        {mine.projects.into_iter().map(|project| {
                                            let in_space = matches!(project.card.status, ProjectStatus::Open | ProjectStatus::Archived | ProjectStatus::Closed);
                                            let href = if in_space { format!("/projects/{}/space", project.card.id) } else { format!("/projects/mine#project-{}", project.card.id) };
                                            let anchor = format!("project-{}", project.card.id);
                                            view! {
                                                <li id=anchor class="flex flex-col gap-2">
                                                    <ProjectCardView card=project.card.clone() href/>
                                                    <Progress project/>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn ProjectApprovalsPage() -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<DecideProject>::new();
    let result = outcome(decide);
    let queue = Resource::new(move || decide.version().get(), |_| load_approval_queue());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, approvals_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-5xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, approvals_title)}</h1>
            <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, approvals_intro)}</p>
            <div class="mt-4"><ErrorBanner message=form_error(result)/></div>
            <Suspense fallback=move || loading(i18n)>
                {move || queue.get().map(|list| match list {
                    Err(err) => failed(i18n, err),
                    Ok(list) if list.is_empty() => view! {
                        <p class="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">{t!(i18n, approvals_empty)}</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="mt-6 flex flex-col gap-6" data-testid="approval-queue">
                            {list.into_iter().map(|proposal| {
                                let id = proposal.card.id;
                                let country = proposal.country_code.clone();
                                let country_for_reject = country.clone();
                                let reason_id = format!("reason-{id}-{country}");
                                let founders = proposal.founders.iter().map(|(name, c)| format!("{name} ({})", country_name(i18n.get_locale(), c))).collect::<Vec<_>>().join(" · ");
                                let pupils = proposal.pupils_count;
                                view! {
                                    <li class="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
                                        <div class="flex flex-wrap items-center gap-2">
                                            {proposal.card.national.then(|| view! { <span class="badge-plus">{t!(i18n, project_national)}</span> })}
                                            <span class="text-sm text-slate-600">{t!(i18n, approval_for, country = move || country_name(i18n.get_locale(), &proposal.country_code))}</span>
                                        </div>
                                        <h2 class="mt-1 text-xl font-semibold text-slate-900">{proposal.card.title.clone()}</h2>
                                        <p class="text-sm text-slate-700">{founders}</p>
                                        <p class="mt-2 whitespace-pre-line text-slate-800">{proposal.card.summary.clone()}</p>
                                        <dl class="mt-4 grid gap-2 text-sm sm:grid-cols-[12rem_1fr]">
                                            <dt class="font-medium text-slate-600">{t!(i18n, project_ages)}</dt><dd><Chips items=proposal.card.age_ranges.clone() label=age_label/></dd>
                                            <dt class="font-medium text-slate-600">{t!(i18n, project_subjects)}</dt><dd><Chips items=proposal.card.subjects.clone() label=subject_label/></dd>
                                            <dt class="font-medium text-slate-600">{t!(i18n, project_languages)}</dt><dd><Chips items=proposal.languages.clone() label=language_label/></dd>
                                            <dt class="font-medium text-slate-600">{t!(i18n, project_pupils_field)}</dt><dd>{pupils}</dd>
                                            <dt class="font-medium text-slate-600">{t!(i18n, project_tools_field)}</dt><dd>{proposal.tools.clone()}</dd>
                                            <dt class="font-medium text-slate-600">{t!(i18n, project_aims_field)}</dt><dd class="whitespace-pre-line">{proposal.aims.clone()}</dd>
                                            <dt class="font-medium text-slate-600">{t!(i18n, project_process_field)}</dt><dd class="whitespace-pre-line">{proposal.work_process.clone()}</dd>
                                            <dt class="font-medium text-slate-600">{t!(i18n, project_results_field)}</dt><dd class="whitespace-pre-line">{proposal.expected_results.clone()}</dd>
                                        </dl>
                                        <div class="mt-4 flex flex-wrap items-start gap-4">
                                            <ActionForm action=decide>
                                                <input type="hidden" name="project" value=id/>
                                                <input type="hidden" name="country" value=country/>
                                                <input type="hidden" name="approve" value="true"/>
                                                <button type="submit" class="btn-primary">{t!(i18n, approve_button)}</button>
                                            </ActionForm>
                                            <ActionForm action=decide attr:class="flex flex-1 flex-wrap items-end gap-2">
                                                <input type="hidden" name="project" value=id/>
                                                <input type="hidden" name="country" value=country_for_reject/>
                                                <input type="hidden" name="approve" value="false"/>
                                                <div class="flex min-w-56 flex-1 flex-col gap-1">
                                                    <label for=reason_id.clone() class="text-sm font-medium text-slate-800">{t!(i18n, reject_reason)}</label>
                                                    <input id=reason_id.clone() name="reason" required maxlength="1000" class="rounded-md border border-slate-300 px-3 py-2"/>
                                                </div>
                                                <button type="submit" class="rounded-md border border-red-300 px-4 py-2 font-semibold text-red-800 hover:bg-red-50">{t!(i18n, reject_button)}</button>
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
