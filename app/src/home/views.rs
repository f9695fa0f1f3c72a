use super::{PlatformStats, load_platform_stats};
use crate::{annual_theme::ThemeOnHome, i18n::*, layout::StatCard};
use leptos::prelude::*;
use crate::ui::PageTitle;
use leptos_meta::Meta;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let stats = Resource::new(|| (), |_| load_platform_stats());

    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, platform_name), t_string!(i18n, tagline))/>
        <Meta name="description" content=t_string!(i18n, meta_description).to_owned()/>
        <section class="bg-gradient-to-b from-brand-50 to-white">
            <div class="mx-auto max-w-6xl px-4 py-16 sm:py-20">
                <p class="text-sm font-semibold uppercase tracking-wide text-brand-700">{t!(i18n, tagline)}</p>
                <h1 class="mt-3 max-w-3xl text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
                    {t!(i18n, home_title)}
                </h1>
                <p class="mt-6 max-w-2xl text-lg leading-8 text-slate-700">{t!(i18n, home_intro)}</p>
                <div class="mt-8">
                    <a href="/countries" class="btn-primary">{t!(i18n, home_cta_countries)}</a>
                </div>
            </div>
        </section>

        <ThemeOnHome/>

        <section aria-labelledby="stats-heading" class="mx-auto max-w-6xl px-4 py-12">
            <h2 id="stats-heading" class="text-2xl font-semibold text-slate-900">{t!(i18n, stats_heading)}</h2>
            <Suspense fallback=move || view! {
                <p class="mt-6 text-slate-600" role="status">{t!(i18n, stats_loading)}</p>
            }>
                {move || stats.get().map(|result| match result {
                    Ok(stats) => view! { <StatsGrid stats/> }.into_any(),
                    Err(_) => view! {
                        <p class="mt-6 rounded-md border border-red-200 bg-red-50 p-4 text-red-800" role="alert">
                            {t!(i18n, stats_error)}
                        </p>
                    }.into_any(),
                })}
            </Suspense>
        </section>

        <section aria-labelledby="how-heading" class="bg-slate-50">
            <div class="mx-auto max-w-6xl px-4 py-12">
                <h2 id="how-heading" class="text-2xl font-semibold text-slate-900">{t!(i18n, how_heading)}</h2>
                <ol class="mt-6 grid gap-6 md:grid-cols-3">
                    <Step number=1 title=move || t_string!(i18n, how_step1_title) text=move || t_string!(i18n, how_step1_text)/>
                    <Step number=2 title=move || t_string!(i18n, how_step2_title) text=move || t_string!(i18n, how_step2_text)/>
                    <Step number=3 title=move || t_string!(i18n, how_step3_title) text=move || t_string!(i18n, how_step3_text)/>
                </ol>
            </div>
        </section>
    }
}

#[component]
fn StatsGrid(stats: PlatformStats) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dl class="mt-6 grid grid-cols-2 gap-4 md:grid-cols-4" data-testid="platform-stats">
            <StatCard testid="stat-countries" value=stats.countries label=move || t_string!(i18n, stats_countries)/>
            <StatCard testid="stat-schools" value=stats.schools label=move || t_string!(i18n, stats_schools)/>
            <StatCard testid="stat-teachers" value=stats.teachers label=move || t_string!(i18n, stats_teachers)/>
            <StatCard testid="stat-projects" value=stats.projects label=move || t_string!(i18n, stats_projects)/>
        </dl>
    }
}

#[component]
fn Step(
    number: u8,
    #[prop(into)] title: Signal<&'static str>,
    #[prop(into)] text: Signal<&'static str>,
) -> impl IntoView {
    view! {
        <li class="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <span class="inline-flex h-8 w-8 items-center justify-center rounded-full bg-brand-700 font-semibold text-white" aria-hidden="true">
                {number}
            </span>
            <h3 class="mt-4 text-lg font-semibold text-slate-900">{title}</h3>
            <p class="mt-2 text-slate-700">{text}</p>
        </li>
    }
}
