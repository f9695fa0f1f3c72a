use super::{CountryNumbers, Programme, YearFigures, countries_in_numbers, country_in_numbers};
use crate::{
    error::AppError,
    i18n::*,
    layout::{NotFound, StatCard},
};
use leptos::prelude::*;
use crate::ui::PageTitle;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CountriesPage() -> impl IntoView {
    let i18n = use_i18n();
    let countries = Resource::new(|| (), |_| countries_in_numbers());

    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, countries_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-6xl px-4 py-10">
            <h1 class="text-3xl font-bold tracking-tight text-slate-900">{t!(i18n, countries_title)}</h1>
            <p class="mt-3 max-w-3xl text-slate-700">{t!(i18n, countries_intro)}</p>
            <Suspense fallback=move || view! { <p class="mt-6 text-slate-600" role="status">{t!(i18n, loading)}</p> }>
                {move || countries.get().map(|result| match result {
                    Err(_) => view! {
                        <p class="mt-6 rounded-md border border-red-200 bg-red-50 p-4 text-red-800" role="alert">
                            {t!(i18n, error_text)}
                        </p>
                    }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <p class="mt-6 text-slate-600">{t!(i18n, countries_empty)}</p>
                    }.into_any(),
                    Ok(list) => {
                        // Named and ordered in the reader's language (CLDR names, the language's collation).
                        let locale = i18n.get_locale();
                        let mut list: Vec<_> = list.into_iter().map(|summary| (crate::locale::country_name(locale, &summary.country.code), summary)).collect();
                        crate::locale::sort_by_name(locale, &mut list, |(name, _)| name);
                        view! {
                        <div class="mt-8 overflow-x-auto rounded-lg border border-slate-200">
                            <table class="min-w-full divide-y divide-slate-200 text-start text-sm">
                                <thead class="bg-slate-50">
                                    <tr>
                                        <th scope="col" class="px-4 py-3 text-start font-semibold text-slate-900">{t!(i18n, country_col_name)}</th>
                                        <th scope="col" class="hidden px-4 py-3 text-start font-semibold text-slate-900 sm:table-cell">{t!(i18n, country_col_code)}</th>
                                        <th scope="col" class="px-4 py-3 text-start font-semibold text-slate-900">{t!(i18n, country_col_programme)}</th>
                                        <th scope="col" class="hidden px-4 py-3 text-start font-semibold text-slate-900 md:table-cell">{t!(i18n, country_col_support)}</th>
                                        <th scope="col" class="px-4 py-3 text-end font-semibold text-slate-900">{t!(i18n, stats_schools)}</th>
                                        <th scope="col" class="px-4 py-3 text-end font-semibold text-slate-900">{t!(i18n, stats_teachers)}</th>
                                    </tr>
                                </thead>
                                <tbody class="divide-y divide-slate-100 bg-white" data-testid="countries-table">
                                    {list.into_iter().map(|(name, summary)| {
                                        let (schools, teachers, country) = (summary.schools, summary.teachers, summary.country);
                                        let support = super::support_organisation_name(locale, &country.code);
                                        let plus = country.programme == Programme::EtwinningPlus;
                                        let href = format!("/countries/{}", country.code);
                                        view! {
                                            <tr>
                                                <th scope="row" class="px-4 py-2 text-start font-medium"><a href=href class="text-brand-800 underline-offset-2 hover:underline">{name}</a></th>
                                                <td class="hidden px-4 py-2 font-mono text-slate-700 sm:table-cell">{country.code}</td>
                                                <td class="whitespace-nowrap px-4 py-2">
                                                    <span class=if plus { "badge-plus" } else { "badge" }>
                                                        {move || if plus { t_string!(i18n, programme_etwinning_plus) } else { t_string!(i18n, programme_etwinning) }}
                                                    </span>
                                                </td>
                                                <td class="hidden px-4 py-2 text-slate-700 md:table-cell">{support}</td>
                                                <td class="px-4 py-2 text-end tabular-nums">{crate::locale::number(locale, schools as i64)}</td>
                                                <td class="px-4 py-2 text-end tabular-nums">{crate::locale::number(locale, teachers as i64)}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                    }

                })}
            </Suspense>
        </div>
    }
}

/// "X in numbers": a country's public figures and how they grew.
#[component]
pub fn CountryPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let numbers = Resource::new(move || params.read().get("code").unwrap_or_default(), country_in_numbers);
    view! {
        <Suspense fallback=move || view! { <p class="p-10 text-center" role="status">{t!(i18n, loading)}</p> }>
            {move || numbers.get().map(|result| match result {
                Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                Err(_) => view! {
                    <p class="m-10 rounded-md border border-red-200 bg-red-50 p-4 text-red-800" role="alert">{t!(i18n, error_text)}</p>
                }.into_any(),
                Ok(numbers) => view! { <CountryNumbersView numbers/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CountryNumbersView(numbers: CountryNumbers) -> impl IntoView {
    let i18n = use_i18n();
    let name = crate::locale::country_name(i18n.get_locale(), &numbers.country.code);
    let title_name = name.clone();
    let plus = numbers.country.programme == Programme::EtwinningPlus;
    view! {
        <PageTitle text=move || format!("{} · {}", td_string!(i18n.get_locale(), country_numbers_title, name = title_name.clone()), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-6xl px-4 py-10">
            <a href="/countries" class="text-sm text-brand-700 underline">{t!(i18n, back_to_countries)}</a>
            <h1 class="mt-2 text-3xl font-bold tracking-tight text-slate-900">
                {let name = name.clone(); move || td_string!(i18n.get_locale(), country_numbers_title, name = name.clone())}
            </h1>
            <p class="mt-2 text-slate-700">
                <span class=if plus { "badge-plus" } else { "badge" }>
                    {move || if plus { t_string!(i18n, programme_etwinning_plus) } else { t_string!(i18n, programme_etwinning) }}
                </span>
                <span class="ms-2">{super::support_organisation_name(i18n.get_locale(), &numbers.country.code)}</span>
            </p>
            <dl class="mt-8 grid grid-cols-1 gap-4 sm:grid-cols-3" data-testid="country-numbers">
                <StatCard testid="country-schools" value=numbers.schools label=move || t_string!(i18n, stats_schools)/>
                <StatCard testid="country-teachers" value=numbers.teachers label=move || t_string!(i18n, stats_teachers)/>
                <StatCard testid="country-projects" value=numbers.projects label=move || t_string!(i18n, stats_projects)/>
            </dl>
            {(!numbers.labels.is_empty()).then(|| view! {
                <section class="mt-10" aria-labelledby="labels-heading">
                    <h2 id="labels-heading" class="text-xl font-semibold text-slate-900">{t!(i18n, country_labels)}</h2>
                    <table class="mt-4 text-left text-sm" data-testid="country-labels">
                        <thead><tr class="text-slate-600">
                            <th scope="col" class="py-1 pe-6 font-medium">{t!(i18n, country_labels_year)}</th>
                            <th scope="col" class="py-1 pe-6 font-medium">{t!(i18n, certificate_nql)}</th>
                            <th scope="col" class="py-1 font-medium">{t!(i18n, certificate_eql)}</th>
                        </tr></thead>
                        <tbody>
                            {numbers.labels.iter().map(|row| view! {
                                <tr class="border-t border-slate-100">
                                    <th scope="row" class="py-1 pe-6 font-normal">{row.year}</th>
                                    <td class="py-1 pe-6">{row.national}</td>
                                    <td class="py-1">{row.european}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            })}
            <section class="mt-10" aria-labelledby="growth-heading">
                <h2 id="growth-heading" class="text-xl font-semibold text-slate-900">{t!(i18n, country_growth)}</h2>
                {if numbers.growth.is_empty() {
                    view! { <p class="mt-4 text-slate-600">{t!(i18n, country_growth_empty)}</p> }.into_any()
                } else {
                    view! { <GrowthChart growth=numbers.growth.clone()/> }.into_any()
                }}
            </section>
        </div>
    }
}

/// Validated teachers by the end of each year, as bars; the table below carries the same figures in words for
/// everyone, screen readers included.
#[component]
fn GrowthChart(growth: Vec<YearFigures>) -> impl IntoView {
    let i18n = use_i18n();
    let max = growth.iter().map(|y| y.teachers.max(y.schools)).max().unwrap_or(1).max(1) as f64;
    // Bars keep a readable width whether there are two years or twenty.
    let bar = (640.0 / growth.len() as f64).min(64.0);
    let (width, height) = (bar * growth.len() as f64, 200.0_f64);
    let bars = growth
        .iter()
        .enumerate()
        .map(|(i, year)| {
            let h = (year.teachers as f64 / max) * (height - 30.0);
            let x = i as f64 * bar + bar * 0.2;
            view! {
                <g>
                    <rect x=x y=height - 20.0 - h width=bar * 0.6 height=h rx="3" class="fill-brand-600"/>
                    <text x=x + bar * 0.3 y=height - 4.0 text-anchor="middle" class="fill-slate-600 text-[11px]">{year.year}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="mt-4">
            <svg viewBox=format!("0 0 {width} {height}") preserveAspectRatio="xMinYMid meet" class="h-52 w-full max-w-3xl" aria-hidden="true">{bars}</svg>
            <figcaption class="mt-2 text-sm text-slate-600">{t!(i18n, country_growth_caption)}</figcaption>
        </figure>
        <div class="mt-4 overflow-x-auto">
            <table class="min-w-80 text-sm" data-testid="growth-table">
                <thead>
                    <tr class="border-b border-slate-200">
                        <th scope="col" class="px-3 py-2 text-start">{t!(i18n, year)}</th>
                        <th scope="col" class="px-3 py-2 text-end">{t!(i18n, stats_schools)}</th>
                        <th scope="col" class="px-3 py-2 text-end">{t!(i18n, stats_teachers)}</th>
                        <th scope="col" class="px-3 py-2 text-end">{t!(i18n, stats_projects)}</th>
                    </tr>
                </thead>
                <tbody>
                    {growth.into_iter().map(|y| view! {
                        <tr class="border-b border-slate-100">
                            <th scope="row" class="px-3 py-1 text-start font-medium">{y.year}</th>
                            <td class="px-3 py-1 text-end tabular-nums">{y.schools}</td>
                            <td class="px-3 py-1 text-end tabular-nums">{y.teachers}</td>
                            <td class="px-3 py-1 text-end tabular-nums">{y.projects}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
