//! Pages: the winners of each year (public), entering a project, the jury's page, and the Central Support
//! Service's page that runs the competition. Rendered on the server with plain forms: no island, no bundle growth.
use super::{
    AddSpecialPrize, AssignJuror, Category, ChooseWinner, EnterPrize, MAX_PRIZE_SCORE, OpenCompetition, PublishResults, ScoreEntry, load_jury,
    load_prize_admin, load_prize_entry, load_prize_results, load_prize_years,
};
use crate::{
    certificates::prize_category_text,
    error::{AppError, describe_problem},
    forms::{ErrorBanner, Notice, any_error, field_error, form_error, outcome},
    i18n::*,
    layout::NotFound,
    locale::country_name,
    ui::{PageTitle, RequestKey, empty, failed, loading, route_id},
};
use leptos::{form::ActionForm, prelude::*};
use leptos_i18n::I18nContext;

fn category_text(i18n: I18nContext<Locale>, category: &Category) -> String {
    prize_category_text(i18n.get_locale(), category.text_key())
}

#[component]
pub fn PrizesPage() -> impl IntoView {
    let i18n = use_i18n();
    let years = Resource::new(|| (), |_| load_prize_years());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, prizes_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-4xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, prizes_title)}</h1>
            <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, prizes_intro)}</p>
            <Suspense fallback=move || loading(i18n)>
                {move || years.get().map(|years| match years {
                    Err(err) => failed(i18n, err),
                    Ok(years) if years.is_empty() => empty(view! { {t!(i18n, prizes_none)} }).into_any(),
                    Ok(years) => view! {
                        <ul class="mt-6 flex flex-wrap gap-3" data-testid="prize-years">
                            {years.into_iter().map(|year| view! {
                                <li><a class="btn-secondary" href=format!("/prizes/{year}")>{t!(i18n, prizes_winners_of, year = move || year)}</a></li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn PrizeResultsPage() -> impl IntoView {
    let i18n = use_i18n();
    let year = route_id("year");
    let results = Resource::new(year, |year| async move {
        match year {
            Some(year) => load_prize_results(year).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=move || loading(i18n)>
            {move || results.get().map(|results| match results {
                Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                Err(err) => failed(i18n, err),
                Ok(results) => {
                    let year = results.year;
                    let locale = i18n.get_locale();
                    view! {
                        <PageTitle text=move || format!("{} · {}", t_string!(i18n, prizes_winners_of, year = year), t_string!(i18n, platform_name))/>
                        <div class="mx-auto max-w-4xl px-4 py-10">
                            <p class="text-sm font-medium text-brand-800"><a class="underline" href="/prizes">{t!(i18n, prizes_title)}</a></p>
                            <h1 class="mt-1 text-3xl font-bold text-slate-900">{t!(i18n, prizes_winners_of, year = move || year)}</h1>
                            {if results.winners.is_empty() {
                                empty(view! { {t!(i18n, prizes_no_winners)} }).into_any()
                            } else {
                                view! {
                                    <ul class="mt-6 grid gap-4 sm:grid-cols-2" data-testid="prize-winners">
                                        {results.winners.into_iter().map(|winner| {
                                            let countries = winner.countries.iter().map(|c| country_name(locale, c)).collect::<Vec<_>>().join(", ");
                                            view! {
                                                <li class="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
                                                    <p class="text-sm font-semibold text-emerald-900">{category_text(i18n, &winner.category)}</p>
                                                    <h2 class="mt-1 text-lg font-semibold"><a class="text-slate-900 underline" href=format!("/projects/{}", winner.project_id)>{winner.project_title}</a></h2>
                                                    <p class="text-sm text-slate-600">{countries}</p>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn EnterPrizePage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id("id");
    let enter = ServerAction::<EnterPrize>::new();
    let result = outcome(enter);
    let data = Resource::new(move || (id(), enter.version().get()), |(id, _)| async move {
        match id {
            Some(id) => load_prize_entry(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, prize_enter_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 py-10">
            <Suspense fallback=move || loading(i18n)>
                {move || data.get().map(|data| match data {
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(err) => failed(i18n, err),
                    Ok(data) => {
                        let project_id = data.project_id;
                        let year = data.year;
                        let entered = data.entered.as_ref().map(|c| category_text(i18n, c));
                        let blocked = data.blocked.filter(|_| entered.is_none()).map(|problem| describe_problem(&problem, i18n.get_locale()));
                        let summary_error = field_error(result, "summary");
                        let category_error = field_error(result, "category");
                        view! {
                            <p class="text-sm font-medium text-brand-800"><a class="underline" href=format!("/projects/{project_id}")>{data.project_title.clone()}</a></p>
                            <h1 class="mt-1 text-3xl font-bold text-slate-900">{t!(i18n, prize_enter_title)}" "{year}</h1>
                            <p class="mt-2 text-slate-700">{t!(i18n, prize_enter_intro)}</p>
                            {entered.map(|category| view! { <div class="mt-6"><Notice>{t!(i18n, prize_entered, category = move || category.clone())}</Notice></div> })}
                            {blocked.map(|why| view! { <p class="mt-6 rounded-md border border-amber-200 bg-amber-50 p-4 text-amber-900" role="status" data-testid="prize-blocked">{why}</p> })}
                            {(data.blocked.is_none()).then(|| view! {
                                <ActionForm action=enter attr:class="mt-8 flex flex-col gap-6" attr:data-testid="prize-form">
                                    <RequestKey />
                                    <input type="hidden" name="project" value=project_id/>
                                    <ErrorBanner message=form_error(result)/>
                                    <div class="flex flex-col gap-1">
                                        <label for="field-category" class="text-sm font-medium text-slate-800">{t!(i18n, prize_category)}</label>
                                        <select id="field-category" name="category" required aria-invalid=move || category_error.get().is_some().then_some("true") class="rounded-md border border-slate-300 px-3 py-2">
                                            <option value="">{t!(i18n, choose)}</option>
                                            {data.categories.iter().map(|c| view! { <option value=c.id.to_string()>{category_text(i18n, c)}</option> }).collect_view()}
                                        </select>
                                        <Show when=move || category_error.get().is_some()><p class="text-sm text-red-700">{move || category_error.get()}</p></Show>
                                    </div>
                                    <div class="flex flex-col gap-1">
                                        <label for="field-summary" class="text-sm font-medium text-slate-800">{t!(i18n, prize_summary)}</label>
                                        <textarea id="field-summary" name="summary" rows="6" maxlength="2000" required aria-invalid=move || summary_error.get().is_some().then_some("true")
                                            class="rounded-md border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-600"></textarea>
                                        <Show when=move || summary_error.get().is_some()><p class="text-sm text-red-700">{move || summary_error.get()}</p></Show>
                                    </div>
                                    <button type="submit" class="btn-primary self-start">{t!(i18n, prize_enter_button)}</button>
                                </ActionForm>
                            })}
                        }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn JuryPage() -> impl IntoView {
    let i18n = use_i18n();
    let score = ServerAction::<ScoreEntry>::new();
    let result = outcome(score);
    let entries = Resource::new(move || score.version().get(), |_| load_jury());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, jury_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-4xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, jury_title)}</h1>
            <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, jury_intro, max = move || MAX_PRIZE_SCORE)}</p>
            <div class="mt-4"><ErrorBanner message=form_error(result)/></div>
            <Show when=move || matches!(result.get(), Some(Ok(())))><div class="mt-4"><Notice>{t!(i18n, jury_saved)}</Notice></div></Show>
            <Suspense fallback=move || loading(i18n)>
                {move || entries.get().map(|list| match list {
                    Err(err) => failed(i18n, err),
                    Ok(list) if list.is_empty() => empty(view! { {t!(i18n, jury_empty)} }).into_any(),
                    Ok(list) => view! {
                        <ul class="mt-6 flex flex-col gap-6" data-testid="jury-entries">
                            {list.into_iter().map(|entry| {
                                let id = entry.id;
                                let (given, comment) = entry.my_score.clone().unwrap_or((0, String::new()));
                                let score_id = format!("score-{id}");
                                let comment_id = format!("comment-{id}");
                                let error = field_error(result, "score");
                                view! {
                                    <li class="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
                                        <p class="text-sm font-semibold text-emerald-900">{category_text(i18n, &entry.category)}</p>
                                        <h2 class="mt-1 text-xl font-semibold"><a class="text-slate-900 underline" href=format!("/projects/{}", entry.project_id)>{entry.project_title.clone()}</a></h2>
                                        <p class="mt-2 whitespace-pre-line text-slate-800">{entry.summary.clone()}</p>
                                        <ActionForm action=score attr:class="mt-4 flex flex-wrap items-end gap-3">
                                            <input type="hidden" name="entry" value=id/>
                                            <div class="flex flex-col gap-1">
                                                <label for=score_id.clone() class="text-sm font-medium text-slate-800">{t!(i18n, jury_score, max = move || MAX_PRIZE_SCORE)}</label>
                                                <select id=score_id name="score" required aria-invalid=move || error.get().is_some().then_some("true") class="rounded-md border border-slate-300 px-2 py-2">
                                                    <option value="">"–"</option>
                                                    {(1..=MAX_PRIZE_SCORE).map(|n| view! { <option value=n.to_string() selected=n == given>{n}</option> }).collect_view()}
                                                </select>
                                            </div>
                                            <div class="flex min-w-64 flex-1 flex-col gap-1">
                                                <label for=comment_id.clone() class="text-sm font-medium text-slate-800">{t!(i18n, label_comment)}</label>
                                                <input id=comment_id name="comment" maxlength="1000" value=comment class="rounded-md border border-slate-300 px-3 py-2"/>
                                            </div>
                                            <button type="submit" class="btn-primary">{t!(i18n, jury_save)}</button>
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
pub fn PrizeAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = ServerAction::<OpenCompetition>::new();
    let special = ServerAction::<AddSpecialPrize>::new();
    let juror = ServerAction::<AssignJuror>::new();
    let winner = ServerAction::<ChooseWinner>::new();
    let publish = ServerAction::<PublishResults>::new();
    let outcomes = vec![outcome(open), outcome(special), outcome(juror), outcome(winner), outcome(publish)];
    let error = any_error(outcomes.clone());
    let saved = Signal::derive(move || outcomes.iter().any(|o| matches!(o.get(), Some(Ok(())))));
    let competition = Resource::new(
        move || (open.version().get(), special.version().get(), juror.version().get(), winner.version().get(), publish.version().get()),
        |_| load_prize_admin(),
    );
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, prize_admin_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-5xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, prize_admin_title)}</h1>
            <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, prize_admin_intro)}</p>
            <div class="mt-4"><ErrorBanner message=error/></div>
            <Show when=move || saved.get()><div class="mt-4"><Notice>{t!(i18n, prize_admin_saved)}</Notice></div></Show>
            <Suspense fallback=move || loading(i18n)>
                {move || competition.get().map(|competition| match competition {
                    Err(err) => failed(i18n, err),
                    Ok(competition) if !competition.opened => {
                        let year = competition.year;
                        view! {
                            <ActionForm action=open attr:class="mt-6">
                                <button type="submit" class="btn-primary">{t!(i18n, prize_open_button, year = move || year)}</button>
                            </ActionForm>
                        }.into_any()
                    }
                    Ok(competition) => {
                        let year = competition.year;
                        let published = competition.published;
                        view! {
                            <h2 class="mt-8 text-2xl font-semibold text-slate-900">{t!(i18n, prizes_competition_of, year = move || year)}</h2>
                            {published.then(|| view! { <p class="mt-2"><a class="text-brand-800 underline" href=format!("/prizes/{year}")>{t!(i18n, prizes_winners_of, year = move || year)}</a></p> })}
                            <ul class="mt-6 flex flex-col gap-6" data-testid="prize-categories">
                                {competition.categories.into_iter().map(|c| {
                                    let category_id = c.category.id;
                                    let email_id = format!("juror-{category_id}");
                                    let jurors = if c.jurors.is_empty() { t_string!(i18n, prize_no_jurors).to_owned() } else { c.jurors.join(", ") };
                                    let chosen = c.winner;
                                    view! {
                                        <li class="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
                                            <h3 class="text-lg font-semibold text-slate-900">{category_text(i18n, &c.category)}</h3>
                                            <p class="mt-1 text-sm text-slate-700"><span class="font-medium">{t!(i18n, prize_jurors)}": "</span>{jurors}</p>
                                            {(!published).then(|| view! {
                                                <ActionForm action=juror attr:class="mt-2 flex flex-wrap items-end gap-2">
                                                    <input type="hidden" name="category" value=category_id/>
                                                    <div class="flex flex-col gap-1">
                                                        <label for=email_id.clone() class="text-sm font-medium text-slate-800">{t!(i18n, prize_juror_email)}</label>
                                                        <input id=email_id name="email" type="email" required maxlength="254" class="rounded-md border border-slate-300 px-3 py-2"/>
                                                    </div>
                                                    <button type="submit" class="btn-secondary">{t!(i18n, prize_assign_button)}</button>
                                                </ActionForm>
                                            })}
                                            {if c.entries.is_empty() {
                                                view! { <p class="mt-4 text-sm text-slate-600">{t!(i18n, prize_no_entries)}</p> }.into_any()
                                            } else {
                                                view! {
                                                    <ul class="mt-4 flex flex-col gap-3">
                                                        {c.entries.into_iter().map(|entry| {
                                                            let is_winner = chosen == Some(entry.id);
                                                            let mean = entry.mean_tenths.map(|t| format!("{}.{}", t / 10, t % 10)).unwrap_or_else(|| "–".into());
                                                            view! {
                                                                <li class="rounded-md border border-slate-200 p-4">
                                                                    <div class="flex flex-wrap items-center justify-between gap-2">
                                                                        <a class="font-semibold text-slate-900 underline" href=format!("/projects/{}", entry.project_id)>{entry.project_title.clone()}</a>
                                                                        <span class="text-sm text-slate-700">{t!(i18n, prize_mean, mean = move || mean.clone())}</span>
                                                                    </div>
                                                                    <ul class="mt-2 text-sm text-slate-700">
                                                                        {entry.scores.into_iter().map(|s| view! { <li>{format!("{}: {} — {}", s.juror, s.score, s.comment)}</li> }).collect_view()}
                                                                    </ul>
                                                                    {if is_winner {
                                                                        view! { <p class="mt-2"><span class="badge-label">{t!(i18n, prize_winner)}</span></p> }.into_any()
                                                                    } else if !published {
                                                                        view! {
                                                                            <ActionForm action=winner attr:class="mt-2">
                                                                                <input type="hidden" name="category" value=category_id/>
                                                                                <input type="hidden" name="entry" value=entry.id/>
                                                                                <button type="submit" class="btn-secondary">{t!(i18n, prize_choose_winner)}</button>
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
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            {(!published).then(|| view! {
                                <ActionForm action=special attr:class="mt-8 flex flex-wrap items-end gap-2">
                                    <div class="flex min-w-64 flex-col gap-1">
                                        <label for="special-name" class="text-sm font-medium text-slate-800">{t!(i18n, prize_special_name)}</label>
                                        <input id="special-name" name="name" required maxlength="150" class="rounded-md border border-slate-300 px-3 py-2"/>
                                    </div>
                                    <button type="submit" class="btn-secondary">{t!(i18n, prize_special_button)}</button>
                                </ActionForm>
                                <ActionForm action=publish attr:class="mt-8">
                                    <button type="submit" class="btn-primary">{t!(i18n, prize_publish_button)}</button>
                                </ActionForm>
                            })}
                        }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}
