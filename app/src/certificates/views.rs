//! The public page that confirms a certificate is genuine.
use super::{CertificateKind, load_certificate};
use crate::{error::AppError, i18n::*, layout::NotFound, locale::{country_name, date}, ui::{PageTitle, failed_page, loading_page}};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CertificatePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let certificate = Resource::new(code, load_certificate);
    view! {
        <Suspense fallback=loading_page>
            {move || certificate.get().map(|result| match result {
                Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                Err(err) => failed_page(i18n, err),
                Ok(certificate) => {
                    let locale = i18n.get_locale();
                    let kind = super::kind_text(&certificate, locale);
                    let valid = certificate.valid_years();
                    let is_school = certificate.kind == CertificateKind::SchoolLabel;
                    // A seminar's or a learning event's title, under its own label.
                    let seminar = match certificate.kind {
                        CertificateKind::SeminarAttendance => Some((t_string!(i18n, certificate_seminar_label).to_owned(), certificate.detail.clone())),
                        CertificateKind::LearningEvent => Some((t_string!(i18n, certificate_course_label).to_owned(), certificate.detail.clone())),
                        _ => None,
                    };
                    let by = match &certificate.country_code {
                        Some(code) => t_string!(i18n, certificate_by_nso, country = country_name(locale, code)).to_string(),
                        None => t_string!(i18n, certificate_by_css).to_string(),
                    };
                    let issued = date(locale, certificate.issued_at);
                    let year = certificate.year;
                    let project = certificate.project_id.map(|id| format!("/projects/{id}"));
                    view! {
                        <PageTitle text=move || format!("{} · {}", t_string!(i18n, certificate_title), t_string!(i18n, platform_name))/>
                        <div class="mx-auto max-w-3xl px-4 py-10">
                            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, certificate_title)}</h1>
                            <p class="mt-4 rounded-md border border-emerald-200 bg-emerald-50 p-4 text-emerald-900" role="status" data-testid="certificate-genuine">
                                {t!(i18n, certificate_genuine)}
                            </p>
                            <dl class="mt-6 grid gap-3 sm:grid-cols-[14rem_1fr]">
                                <dt class="font-medium text-slate-600">{t!(i18n, certificate_kind)}</dt>
                                <dd class="font-semibold text-slate-900">{kind}" "{year}</dd>
                                <dt class="font-medium text-slate-600">{t!(i18n, certificate_holder)}</dt>
                                <dd data-testid="certificate-holder">{certificate.holder_name}</dd>
                                {seminar.clone().map(|(label, title)| view! {
                                    <dt class="font-medium text-slate-600">{label}</dt>
                                    <dd>{title}</dd>
                                })}
                                {(!is_school && seminar.is_none()).then(|| view! {
                                    <dt class="font-medium text-slate-600">{t!(i18n, certificate_project)}</dt>
                                    <dd>{match project {
                                        Some(href) => view! { <a class="text-brand-800 underline" href=href>{certificate.project_title}</a> }.into_any(),
                                        None => view! { <span>{certificate.project_title}</span> }.into_any(),
                                    }}</dd>
                                })}
                                {valid.map(|(from, until)| view! {
                                    <dt class="font-medium text-slate-600">{t!(i18n, certificate_validity)}</dt>
                                    <dd>{format!("{from}–{until}")}</dd>
                                })}
                                <dt class="font-medium text-slate-600">{t!(i18n, certificate_awarded_by)}</dt>
                                <dd>{by}</dd>
                                <dt class="font-medium text-slate-600">{t!(i18n, certificate_issued)}</dt>
                                <dd>{issued}</dd>
                                <dt class="font-medium text-slate-600">{t!(i18n, certificate_code)}</dt>
                                <dd class="font-mono">{certificate.code}</dd>
                            </dl>
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
