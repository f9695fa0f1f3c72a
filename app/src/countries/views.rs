use super::{Programme, list_countries};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CountriesPage() -> impl IntoView {
    let i18n = use_i18n();
    let countries = Resource::new(|| (), |_| list_countries());

    view! {
        <Title text=move || format!("{} · {}", t_string!(i18n, countries_title), t_string!(i18n, platform_name))/>
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
                    Ok(list) => view! {
                        <div class="mt-8 overflow-x-auto rounded-lg border border-slate-200">
                            <table class="min-w-full divide-y divide-slate-200 text-start text-sm">
                                <thead class="bg-slate-50">
                                    <tr>
                                        <th scope="col" class="px-4 py-3 text-start font-semibold text-slate-900">{t!(i18n, country_col_name)}</th>
                                        <th scope="col" class="hidden px-4 py-3 text-start font-semibold text-slate-900 sm:table-cell">{t!(i18n, country_col_code)}</th>
                                        <th scope="col" class="px-4 py-3 text-start font-semibold text-slate-900">{t!(i18n, country_col_programme)}</th>
                                        <th scope="col" class="px-4 py-3 text-start font-semibold text-slate-900">{t!(i18n, country_col_support)}</th>
                                    </tr>
                                </thead>
                                <tbody class="divide-y divide-slate-100 bg-white" data-testid="countries-table">
                                    {list.into_iter().map(|country| {
                                        let plus = country.programme == Programme::EtwinningPlus;
                                        view! {
                                            <tr>
                                                <th scope="row" class="px-4 py-2 text-start font-medium text-slate-900">{country.name}</th>
                                                <td class="hidden px-4 py-2 font-mono text-slate-700 sm:table-cell">{country.code}</td>
                                                <td class="whitespace-nowrap px-4 py-2">
                                                    <span class=if plus { "badge-plus" } else { "badge" }>
                                                        {move || if plus { t_string!(i18n, programme_etwinning_plus) } else { t_string!(i18n, programme_etwinning) }}
                                                    </span>
                                                </td>
                                                <td class="px-4 py-2 text-slate-700">{country.support_organisation}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
