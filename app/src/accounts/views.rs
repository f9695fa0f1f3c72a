//! Pages of accounts: join, sign in, confirm e-mail, forgot and reset password, my account, the validation
//! queue of support organisations, and the roles page of administrators.
use super::{
    AccountStatus, AssignRole, DecideValidation, RequestPasswordReset, ResetPassword, SignIn, SignUp as SignUpAction,
    StaffRole, UpdateProfile, current_viewer, my_account, role_holders, validation_queue, verify_email,
};
use crate::{
    access::PlatformRole,
    countries::list_countries,
    error::AppError,
    forms::{ErrorBanner, Notice, SignInNeeded, TextField, field_error, form_error, outcome},
    i18n::*,
    schools::SchoolKind,
};
use leptos::{form::ActionForm, prelude::*};
use leptos_i18n::I18nContext;
use crate::ui::PageTitle;
use leptos_router::hooks::use_query_map;

fn page_title(i18n: I18nContext<Locale>, text: fn(I18nContext<Locale>) -> &'static str) -> impl IntoView {
    view! { <PageTitle text=move || format!("{} · {}", text(i18n), t_string!(i18n, platform_name))/> }
}

#[component]
fn Card(children: Children) -> impl IntoView {
    view! {
        <div class="mx-auto w-full max-w-lg px-4 py-10">
            <div class="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">{children()}</div>
        </div>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<SignIn>::new();
    let result = outcome(action);
    view! {
        {page_title(i18n, |i18n| t_string!(i18n, sign_in_title))}
        <Card>
            <h1 class="text-2xl font-bold text-slate-900">{t!(i18n, sign_in_title)}</h1>
            <div class="mt-4 flex flex-col gap-3">
                <Show when=move || query.read().get("registered").is_some()>
                    <Notice>{t!(i18n, sign_up_done)}</Notice>
                </Show>
                <Show when=move || query.read().get("reset").is_some()>
                    <Notice>{t!(i18n, reset_done)}</Notice>
                </Show>
                <ErrorBanner message=form_error(result)/>
            </div>
            <ActionForm action=action attr:class="mt-6 flex flex-col gap-4">
                <TextField name="email" field="email" kind="email" autocomplete="email" required=true
                    label=move || t_string!(i18n, field_email).to_owned() error=field_error(result, "email")/>
                <TextField name="password" field="password" kind="password" autocomplete="current-password" required=true
                    label=move || t_string!(i18n, field_password).to_owned() error=field_error(result, "password")/>
                <button type="submit" class="btn-primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { t_string!(i18n, signing_in) } else { t_string!(i18n, sign_in_button) }}
                </button>
            </ActionForm>
            <div class="mt-6 flex flex-wrap justify-between gap-2 text-sm">
                <a href="/forgot-password" class="text-brand-700 underline">{t!(i18n, forgot_link)}</a>
                <a href="/signup" class="text-brand-700 underline">{t!(i18n, join_link)}</a>
            </div>
        </Card>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignUpAction>::new();
    let result = outcome(action);
    let countries = Resource::new(|| (), |_| list_countries());

    view! {
        {page_title(i18n, |i18n| t_string!(i18n, sign_up_title))}
        <div class="mx-auto w-full max-w-2xl px-4 py-10">
            <div class="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
                <h1 class="text-2xl font-bold text-slate-900">{t!(i18n, sign_up_title)}</h1>
                <p class="mt-2 text-slate-700">{t!(i18n, sign_up_intro)}</p>
                <div class="mt-4"><ErrorBanner message=form_error(result)/></div>
                <ActionForm action=action attr:class="mt-6 flex flex-col gap-6">
                    <fieldset class="flex flex-col gap-4">
                        <legend class="mb-2 text-lg font-semibold text-slate-900">{t!(i18n, sign_up_you)}</legend>
                        <TextField name="form[display_name]" field="name" autocomplete="name" required=true
                            label=move || t_string!(i18n, field_name).to_owned() error=field_error(result, "name")/>
                        <TextField name="form[email]" field="email" kind="email" autocomplete="email" required=true
                            label=move || t_string!(i18n, field_email).to_owned() error=field_error(result, "email")/>
                        <TextField name="form[password]" field="password" kind="password" autocomplete="new-password" required=true
                            label=move || t_string!(i18n, field_new_password).to_owned()
                            hint=move || t_string!(i18n, password_hint).to_owned()
                            error=field_error(result, "password")/>
                        <div class="flex flex-col gap-1">
                            <label for="field-staff_role" class="text-sm font-medium text-slate-800">{t!(i18n, field_staff_role)}</label>
                            <select id="field-staff_role" name="form[staff_role]" required
                                class="rounded-md border border-slate-300 px-3 py-2">
                                <option value="">{t!(i18n, choose)}</option>
                                {StaffRole::ALL.into_iter().map(|role| view! {
                                    <option value=role.as_str()>{move || staff_role_label(i18n, role)}</option>
                                }).collect_view()}
                            </select>
                            <FieldMessage error=field_error(result, "staff_role")/>
                        </div>
                        <TextField name="form[institution]" field="institution"
                            label=move || t_string!(i18n, field_institution).to_owned()
                            hint=move || t_string!(i18n, institution_hint).to_owned()
                            error=field_error(result, "institution")/>
                    </fieldset>

                    <fieldset class="flex flex-col gap-4">
                        <legend class="mb-2 text-lg font-semibold text-slate-900">{t!(i18n, sign_up_school)}</legend>
                        <SchoolFinder>
                        <div class="flex flex-col gap-1">
                            <label for="field-country" class="text-sm font-medium text-slate-800">{t!(i18n, field_country)}</label>
                            <select id="field-country" name="form[country]" required
                                class="rounded-md border border-slate-300 px-3 py-2">
                                <option value="">{t!(i18n, choose)}</option>
                                <Suspense>
                                    {move || countries.get().and_then(Result::ok).map(|list| crate::locale::country_names(i18n.get_locale(), list.into_iter().map(|c| c.code)).into_iter().map(|(code, name)| view! {
                                        <option value=code>{name}</option>
                                    }).collect_view())}
                                </Suspense>
                            </select>
                            <FieldMessage error=field_error(result, "country")/>
                        </div>
                        <div class="flex flex-col gap-1">
                            <label for="school-search" class="text-sm font-medium text-slate-800">{t!(i18n, school_search_label)}</label>
                            <input id="school-search" type="search" autocomplete="off"
                                class="rounded-md border border-slate-300 px-3 py-2"
                                aria-describedby="school-search-hint"/>
                            <p id="school-search-hint" class="text-xs text-slate-600">{t!(i18n, school_search_hint)}</p>
                        </div>
                        </SchoolFinder>
                        <FieldMessage error=field_error(result, "school_id")/>
                        <details class="rounded-md border border-slate-200 p-4" open=true>
                            <summary class="cursor-pointer font-medium text-slate-900">{t!(i18n, new_school_summary)}</summary>
                            <div class="mt-4 flex flex-col gap-4">
                                <FieldMessage error=field_error(result, "school")/>
                                <TextField name="form[new_school_name]" field="new_school_name"
                                    label=move || t_string!(i18n, field_school_name).to_owned() error=field_error(result, "new_school_name")/>
                                <TextField name="form[new_school_city]" field="new_school_city"
                                    label=move || t_string!(i18n, field_school_city).to_owned() error=field_error(result, "new_school_city")/>
                                <div class="flex flex-col gap-1">
                                    <label for="field-new_school_kind" class="text-sm font-medium text-slate-800">{t!(i18n, field_school_kind)}</label>
                                    <select id="field-new_school_kind" name="form[new_school_kind]" class="rounded-md border border-slate-300 px-3 py-2">
                                        <option value="">{t!(i18n, choose)}</option>
                                        {SchoolKind::ALL.into_iter().map(|kind| view! {
                                            <option value=kind.as_str()>{move || school_kind_label(i18n, kind)}</option>
                                        }).collect_view()}
                                    </select>
                                    <FieldMessage error=field_error(result, "new_school_kind")/>
                                </div>
                            </div>
                        </details>
                    </fieldset>
                    <button type="submit" class="btn-primary" disabled=move || action.pending().get()>{t!(i18n, sign_up_button)}</button>
                </ActionForm>
                <p class="mt-6 text-sm"><a href="/signin" class="text-brand-700 underline">{t!(i18n, have_account)}</a></p>
            </div>
        </div>
    }
}

/// Search as you type for one's school at sign-up: an island around the country and search boxes (rendered on
/// the server with the rest of the form), listing the schools that match as radio buttons of the form.
#[island]
fn SchoolFinder(children: Children) -> impl IntoView {
    let hits = RwSignal::new(Vec::<crate::schools::SchoolHit>::new());
    // Answers that arrive after a newer question are dropped.
    let asked = StoredValue::new(0u32);
    let look = move |_: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        find_schools(hits, asked);
        #[cfg(not(feature = "hydrate"))]
        let _ = (hits, asked);
    };
    view! {
        <div class="flex flex-col gap-4" on:input=look on:change=look>
            {children()}
            <Show when=move || hits.with(|list| !list.is_empty())>
                <ul class="flex flex-col gap-1 rounded-md border border-slate-200 p-2" data-testid="school-hits">
                    <For each=move || hits.get() key=|hit| hit.id let:hit>
                        <li>
                            <label class="flex items-center gap-2 rounded px-2 py-1 hover:bg-slate-50">
                                <input type="radio" name="form[school_id]" value=hit.id.to_string()/>
                                <span>{hit.name}" · "<span class="text-slate-600">{hit.city}</span></span>
                            </label>
                        </li>
                    </For>
                </ul>
            </Show>
        </div>
    }
}

/// Asks for the schools matching the country and text in the form, in the browser.
#[cfg(feature = "hydrate")]
fn find_schools(hits: RwSignal<Vec<crate::schools::SchoolHit>>, asked: StoredValue<u32>) {
    let value_of = |id: &str| document().get_element_by_id(id).and_then(|element| control_value(element.into())).unwrap_or_default();
    let (country, text) = (value_of("field-country"), value_of("school-search"));
    asked.update_value(|n| *n += 1);
    let ticket = asked.get_value();
    if country.is_empty() || text.trim().chars().count() < 2 {
        hits.set(Vec::new());
        return;
    }
    leptos::task::spawn_local(async move {
        let found = crate::schools::search_schools(country, text).await.unwrap_or_default();
        if asked.get_value() == ticket {
            hits.set(found);
        }
    });
}

/// The value of a form control (input or select), in the browser.
#[cfg(feature = "hydrate")]
fn control_value(element: wasm_bindgen::JsValue) -> Option<String> {
    use wasm_bindgen::JsCast;
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(input.value());
    }
    element.dyn_ref::<web_sys::HtmlSelectElement>().map(|select| select.value())
}

#[component]
fn FieldMessage(#[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <p class="text-sm text-red-700" role="alert">{move || error.get()}</p>
        </Show>
    }
}

pub fn staff_role_label(i18n: I18nContext<Locale>, role: StaffRole) -> &'static str {
    match role {
        StaffRole::Teacher => t_string!(i18n, role_teacher),
        StaffRole::Head => t_string!(i18n, role_head),
        StaffRole::Librarian => t_string!(i18n, role_librarian),
        StaffRole::OtherStaff => t_string!(i18n, role_other_staff),
        StaffRole::StudentTeacher => t_string!(i18n, role_student_teacher),
    }
}

fn school_kind_label(i18n: I18nContext<Locale>, kind: SchoolKind) -> &'static str {
    match kind {
        SchoolKind::PreSchool => t_string!(i18n, kind_pre_school),
        SchoolKind::Primary => t_string!(i18n, kind_primary),
        SchoolKind::LowerSecondary => t_string!(i18n, kind_lower_secondary),
        SchoolKind::UpperSecondary => t_string!(i18n, kind_upper_secondary),
        SchoolKind::Vocational => t_string!(i18n, kind_vocational),
        SchoolKind::SpecialNeeds => t_string!(i18n, kind_special_needs),
        SchoolKind::TeacherEducation => t_string!(i18n, kind_teacher_education),
    }
}

fn platform_role_label(i18n: I18nContext<Locale>, role: PlatformRole) -> &'static str {
    match role {
        PlatformRole::Member => t_string!(i18n, platform_member),
        PlatformRole::NsoModerator => t_string!(i18n, platform_nso),
        PlatformRole::CssModerator => t_string!(i18n, platform_css),
        PlatformRole::Administrator => t_string!(i18n, platform_admin),
    }
}

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let verified = Resource::new(token, verify_email);
    view! {
        {page_title(i18n, |i18n| t_string!(i18n, verify_title))}
        <Card>
            <h1 class="text-2xl font-bold text-slate-900">{t!(i18n, verify_title)}</h1>
            <div class="mt-4">
                <Suspense fallback=move || view! { <p role="status">{t!(i18n, loading)}</p> }>
                    {move || verified.get().map(|result| match result {
                        Ok(()) => view! {
                            <Notice>{t!(i18n, verify_done)}</Notice>
                            <a href="/signin" class="btn-primary mt-6">{t!(i18n, sign_in_button)}</a>
                        }.into_any(),
                        Err(err) => view! { <ErrorBanner message=Signal::derive(move || Some(crate::error::describe(&err, i18n.get_locale())))/> }.into_any(),
                    })}
                </Suspense>
            </div>
        </Card>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RequestPasswordReset>::new();
    let result = outcome(action);
    view! {
        {page_title(i18n, |i18n| t_string!(i18n, forgot_title))}
        <Card>
            <h1 class="text-2xl font-bold text-slate-900">{t!(i18n, forgot_title)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, forgot_intro)}</p>
            <div class="mt-4 flex flex-col gap-3">
                <Show when=move || matches!(result.get(), Some(Ok(())))>
                    <Notice>{t!(i18n, forgot_done)}</Notice>
                </Show>
                <ErrorBanner message=form_error(result)/>
            </div>
            <ActionForm action=action attr:class="mt-6 flex flex-col gap-4">
                <TextField name="email" field="email" kind="email" autocomplete="email" required=true
                    label=move || t_string!(i18n, field_email).to_owned() error=field_error(result, "email")/>
                <button type="submit" class="btn-primary" disabled=move || action.pending().get()>{t!(i18n, forgot_button)}</button>
            </ActionForm>
        </Card>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<ResetPassword>::new();
    let result = outcome(action);
    view! {
        {page_title(i18n, |i18n| t_string!(i18n, reset_title))}
        <Card>
            <h1 class="text-2xl font-bold text-slate-900">{t!(i18n, reset_title)}</h1>
            <div class="mt-4"><ErrorBanner message=form_error(result)/></div>
            <FieldMessage error=field_error(result, "token")/>
            <ActionForm action=action attr:class="mt-6 flex flex-col gap-4">
                <input type="hidden" name="token" value=move || query.read().get("token").unwrap_or_default()/>
                <TextField name="password" field="password" kind="password" autocomplete="new-password" required=true
                    label=move || t_string!(i18n, field_new_password).to_owned()
                    hint=move || t_string!(i18n, password_hint).to_owned()
                    error=field_error(result, "password")/>
                <button type="submit" class="btn-primary" disabled=move || action.pending().get()>{t!(i18n, reset_button)}</button>
            </ActionForm>
        </Card>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateProfile>::new();
    let result = outcome(update);
    let account = Resource::new(move || update.version().get(), |_| my_account());
    view! {
        {page_title(i18n, |i18n| t_string!(i18n, account_title))}
        <Suspense fallback=move || view! { <p class="p-10 text-center" role="status">{t!(i18n, loading)}</p> }>
            {move || account.get().map(|result_| match result_ {
                Err(AppError::Unauthenticated) => view! { <SignInNeeded/> }.into_any(),
                Err(_) => view! { <div class="p-10"><ErrorBanner message=Signal::derive(move || Some(t_string!(i18n, error_text).to_owned()))/></div> }.into_any(),
                Ok(me) => {
                    let support = me.country_code.as_deref().map(|code| crate::countries::support_organisation_name(i18n.get_locale(), code)).unwrap_or_default();
                    let reason = me.decision_reason.clone().unwrap_or_default();
                    let name = me.display_name.clone();
                    let may_rename = me.may_rename;
                    view! {
                        <div class="mx-auto w-full max-w-3xl px-4 py-10">
                            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, account_title)}</h1>
                            <div class="mt-6" data-testid="account-status">
                                {match me.status {
                                    AccountStatus::Pending => view! {
                                        <div class="rounded-lg border border-amber-200 bg-amber-50 p-4 text-amber-900" role="status">
                                            <p class="font-semibold">{t!(i18n, status_pending_title)}</p>
                                            <p class="mt-1">{t!(i18n, status_pending_text, support = move || support.clone())}</p>
                                        </div>
                                    }.into_any(),
                                    AccountStatus::Validated => view! {
                                        <div class="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-emerald-900" role="status">
                                            <p class="font-semibold">{t!(i18n, status_validated_title)}</p>
                                            <p class="mt-1">{t!(i18n, status_validated_text)}</p>
                                        </div>
                                    }.into_any(),
                                    AccountStatus::Rejected => view! {
                                        <div class="rounded-lg border border-red-200 bg-red-50 p-4 text-red-900" role="status">
                                            <p class="font-semibold">{t!(i18n, status_rejected_title)}</p>
                                            <p class="mt-1">{t!(i18n, status_rejected_reason)}" "<span data-testid="rejection-reason">{reason.clone()}</span></p>
                                        </div>
                                    }.into_any(),
                                    AccountStatus::Suspended => view! {
                                        <div class="rounded-lg border border-red-200 bg-red-50 p-4 text-red-900" role="status">
                                            <p class="font-semibold">{t!(i18n, status_suspended_title)}</p>
                                        </div>
                                    }.into_any(),
                                }}
                            </div>
                            <dl class="mt-8 grid gap-4 sm:grid-cols-2">
                                <Detail label=move || t_string!(i18n, field_email) value=me.email.clone().unwrap_or_default()/>
                                <Detail label=move || t_string!(i18n, field_country) value=me.country_code.as_deref().map(|code| crate::locale::country_name(i18n.get_locale(), code)).unwrap_or_default()/>
                                <Detail label=move || t_string!(i18n, field_school) value=me.school_name.clone().unwrap_or_default()/>
                                <Detail label=move || t_string!(i18n, field_staff_role)
                                    value=me.staff_role.as_deref().and_then(StaffRole::parse).map(|r| staff_role_label(i18n, r)).unwrap_or_default().to_owned()/>
                            </dl>
                            <p class="mt-6"><a href="/account/interests" class="btn-primary">{t!(i18n, nav_interests)}</a></p>
                            {(me.status == AccountStatus::Validated).then(|| view! { <crate::partners::SuggestedPartners/> })}
                            <section class="mt-10" aria-labelledby="profile-heading">
                                <h2 id="profile-heading" class="text-xl font-semibold text-slate-900">{t!(i18n, profile_heading)}</h2>
                                <div class="mt-3 flex flex-col gap-3">
                                    <Show when=move || matches!(result.get(), Some(Ok(())))>
                                        <Notice>{t!(i18n, profile_saved)}</Notice>
                                    </Show>
                                    <ErrorBanner message=form_error(result)/>
                                </div>
                                {may_rename.then(|| view! {
                                    <ActionForm action=update attr:class="mt-4 flex max-w-md flex-col gap-4">
                                        <TextField name="display_name" field="name" required=true value=Signal::derive(move || name.clone())
                                            label=move || t_string!(i18n, field_name).to_owned() error=field_error(result, "name")/>
                                        <button type="submit" class="btn-primary self-start">{t!(i18n, save)}</button>
                                    </ActionForm>
                                }.into_any())}
                            </section>
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn Detail(#[prop(into)] label: Signal<&'static str>, value: String) -> impl IntoView {
    view! {
        <div class="rounded-lg border border-slate-200 p-4">
            <dt class="text-sm text-slate-600">{label}</dt>
            <dd class="mt-1 font-medium text-slate-900">{value}</dd>
        </div>
    }
}

#[component]
pub fn ValidationPage() -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<DecideValidation>::new();
    let result = outcome(decide);
    let queue = Resource::new(move || decide.version().get(), |_| validation_queue());
    view! {
        {page_title(i18n, |i18n| t_string!(i18n, validation_title))}
        <div class="mx-auto w-full max-w-5xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, validation_title)}</h1>
            <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, validation_intro)}</p>
            <div class="mt-4"><ErrorBanner message=form_error(result)/></div>
            <Suspense fallback=move || view! { <p class="mt-6" role="status">{t!(i18n, loading)}</p> }>
                {move || queue.get().map(|list| match list {
                    Err(AppError::Unauthenticated) => view! { <SignInNeeded/> }.into_any(),
                    Err(_) => view! { <p class="mt-6 text-slate-700">{t!(i18n, not_found_text)}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <p class="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">{t!(i18n, validation_empty)}</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <p class="mt-6 text-sm text-slate-600" data-testid="queue-count">{let count = list.len(); t!(i18n, validation_count, count = move || count)}</p>
                        <ul class="mt-4 flex flex-col gap-4" data-testid="validation-queue">
                            {list.into_iter().map(|person| {
                                let id = person.id.to_string();
                                let reason_id = format!("reason-{id}");
                                let (validate_id, reject_id) = (id.clone(), id.clone());
                                let role = StaffRole::parse(&person.staff_role).map(|r| staff_role_label(i18n, r)).unwrap_or_default();
                                view! {
                                    <li class="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
                                        <div class="flex flex-wrap items-baseline justify-between gap-2">
                                            <h2 class="text-lg font-semibold text-slate-900">{person.display_name.clone()}</h2>
                                            <span class="text-sm text-slate-600">{person.country_code.clone()}" · "{crate::locale::date(i18n.get_locale(), person.signed_up)}</span>
                                        </div>
                                        <p class="mt-1 text-slate-700">{person.email.clone()}" · "{role}</p>
                                        <p class="mt-1 text-slate-700">
                                            {person.school_name.clone().unwrap_or_default()}", "{person.school_city.clone().unwrap_or_default()}
                                            {(!person.school_confirmed).then(|| view! { <span class="badge-plus ms-2">{t!(i18n, school_unconfirmed)}</span> })}
                                        </p>
                                        {person.institution.clone().map(|inst| view! { <p class="mt-1 text-sm text-slate-600">{inst}</p> })}
                                        <div class="mt-4 flex flex-wrap items-start gap-4">
                                            <ActionForm action=decide>
                                                <input type="hidden" name="account_id" value=validate_id/>
                                                <input type="hidden" name="decision" value="Validate"/>
                                                <button type="submit" class="btn-primary">{t!(i18n, validate_button)}</button>
                                            </ActionForm>
                                            <ActionForm action=decide attr:class="flex flex-1 flex-wrap items-end gap-2">
                                                <input type="hidden" name="account_id" value=reject_id/>
                                                <input type="hidden" name="decision" value="Reject"/>
                                                <div class="flex min-w-56 flex-1 flex-col gap-1">
                                                    <label for=reason_id.clone() class="text-sm font-medium text-slate-800">{t!(i18n, reject_reason)}</label>
                                                    <input id=reason_id.clone() name="reason" required class="rounded-md border border-slate-300 px-3 py-2"/>
                                                </div>
                                                <button type="submit" class="rounded-md border border-red-300 px-4 py-2 font-semibold text-red-800 hover:bg-red-50">
                                                    {t!(i18n, reject_button)}
                                                </button>
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

#[component]
pub fn RolesPage() -> impl IntoView {
    let i18n = use_i18n();
    let assign = ServerAction::<AssignRole>::new();
    let result = outcome(assign);
    let holders = Resource::new(move || assign.version().get(), |_| role_holders());
    let countries = Resource::new(|| (), |_| list_countries());
    view! {
        {page_title(i18n, |i18n| t_string!(i18n, roles_title))}
        <div class="mx-auto w-full max-w-4xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, roles_title)}</h1>
            <Suspense fallback=move || view! { <p class="mt-6" role="status">{t!(i18n, loading)}</p> }>
                {move || holders.get().map(|list| match list {
                    Err(AppError::Unauthenticated) => view! { <SignInNeeded/> }.into_any(),
                    Err(_) => view! { <p class="mt-6 text-slate-700">{t!(i18n, not_found_text)}</p> }.into_any(),
                    Ok(list) => view! {
                        <section class="mt-6" aria-labelledby="assign-heading">
                            <h2 id="assign-heading" class="text-xl font-semibold">{t!(i18n, roles_assign)}</h2>
                            <div class="mt-3 flex flex-col gap-3">
                                <Show when=move || matches!(result.get(), Some(Ok(())))><Notice>{t!(i18n, profile_saved)}</Notice></Show>
                                <ErrorBanner message=form_error(result)/>
                            </div>
                            <ActionForm action=assign attr:class="mt-4 grid gap-4 sm:grid-cols-3">
                                <TextField name="email" field="email" kind="email" required=true
                                    label=move || t_string!(i18n, field_email).to_owned() error=field_error(result, "email")/>
                                <div class="flex flex-col gap-1">
                                    <label for="field-role" class="text-sm font-medium text-slate-800">{t!(i18n, field_role)}</label>
                                    <select id="field-role" name="role" class="rounded-md border border-slate-300 px-3 py-2">
                                        {PlatformRole::ALL.into_iter().map(|role| view! {
                                            <option value=role.as_str()>{move || platform_role_label(i18n, role)}</option>
                                        }).collect_view()}
                                    </select>
                                    <FieldMessage error=field_error(result, "role")/>
                                </div>
                                <div class="flex flex-col gap-1">
                                    <label for="field-role-country" class="text-sm font-medium text-slate-800">{t!(i18n, field_country)}</label>
                                    <select id="field-role-country" name="country" class="rounded-md border border-slate-300 px-3 py-2">
                                        <option value="">{t!(i18n, country_own)}</option>
                                        {move || countries.get().and_then(Result::ok).map(|list| crate::locale::country_names(i18n.get_locale(), list.into_iter().map(|c| c.code)).into_iter().map(|(code, name)| view! {
                                            <option value=code>{name}</option>
                                        }).collect_view())}
                                    </select>
                                    <FieldMessage error=field_error(result, "country")/>
                                </div>
                                <button type="submit" class="btn-primary sm:col-span-3 sm:justify-self-start">{t!(i18n, save)}</button>
                            </ActionForm>
                        </section>
                        <section class="mt-10" aria-labelledby="holders-heading">
                            <h2 id="holders-heading" class="text-xl font-semibold">{t!(i18n, roles_holders)}</h2>
                            <ul class="mt-4 divide-y divide-slate-200 rounded-lg border border-slate-200" data-testid="role-holders">
                                {list.into_iter().map(|holder| view! {
                                    <li class="flex flex-wrap justify-between gap-2 px-4 py-3">
                                        <span><span class="font-medium">{holder.display_name}</span>" · "{holder.email}</span>
                                        <span class="text-slate-700">{move || platform_role_label(i18n, holder.role)}{holder.country_code.map(|c| format!(" · {c}"))}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

/// The header's account links: who is signed in, with the pages their role opens, or the way in.
#[component]
pub fn AccountNav() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = Resource::new(|| (), |_| current_viewer());
    // Loaded beside the viewer (not in a nested suspense), so both arrive together.
    let badge = Resource::new(|| (), |_| crate::moderation::load_badge());
    let sign_out = ServerAction::<super::SignOut>::new();
    view! {
        <Transition fallback=|| ()>
            {move || viewer.get().map(|viewer| match viewer {
                Ok(Some(viewer)) => {
                    let badge = badge.get().and_then(|b| b.ok()).unwrap_or_default();
                    let moderator = viewer.role != PlatformRole::Member;
                    let admin = viewer.role == PlatformRole::Administrator;
                    let sees_teachers = crate::access::may_see_teachers(&viewer);
                    let has_contacts = crate::access::may_have_contacts(&viewer);
                    let pupil = viewer.kind == crate::access::AccountKind::Pupil;
                    view! {
                        <ul class="flex flex-wrap items-center gap-x-4 gap-y-1">
                            {sees_teachers.then(|| view! { <li><a href="/partners" class="font-medium text-slate-700 hover:text-brand-800">{t!(i18n, nav_teachers)}</a></li> })}
                            {has_contacts.then(|| view! { <li><a href="/contacts" class="font-medium text-slate-700 hover:text-brand-800">{t!(i18n, nav_contacts)}</a></li> })}
                            {sees_teachers.then(|| view! { <li><a href="/groups" class="font-medium text-slate-700 hover:text-brand-800">{t!(i18n, nav_groups)}</a></li> })}
                            {sees_teachers.then(|| view! { <li><a href="/seminars" class="font-medium text-slate-700 hover:text-brand-800">{t!(i18n, nav_seminars)}</a></li> })}
                            {sees_teachers.then(|| view! { <li><a href="/learning-events" class="font-medium text-slate-700 hover:text-brand-800">{t!(i18n, nav_learning_events)}</a></li> })}
                            {sees_teachers.then(|| view! { <li><a href="/newsletter" class="font-medium text-slate-700 hover:text-brand-800">{t!(i18n, nav_newsletter)}</a></li> })}
                            {has_contacts.then(|| view! { <li><a href="/messages" class="font-medium text-slate-700 hover:text-brand-800" data-testid="nav-messages">{t!(i18n, nav_messages)}{crate::ui::live_count("unread_messages", badge.unread_messages)}</a></li> })}
                            {(!moderator).then(|| view! { <li><a href="/projects/mine" class="font-medium text-slate-700 hover:text-brand-800">{t!(i18n, nav_my_projects)}</a></li> })}
                            {moderator.then(|| view! { <li><a href="/support/validation" class="font-medium text-slate-700 hover:text-brand-800">{t!(i18n, nav_validation)}</a></li> })}
                            {moderator.then(|| view! { <li><a href="/support/projects" class="font-medium text-slate-700 hover:text-brand-800">{t!(i18n, nav_approvals)}</a></li> })}
                            {moderator.then(|| view! { <li><a href="/support/labels" class="font-medium text-slate-700 hover:text-brand-800">{t!(i18n, nav_labels)}</a></li> })}
                            {admin.then(|| view! { <li><a href="/admin/roles" class="font-medium text-slate-700 hover:text-brand-800">{t!(i18n, nav_roles)}</a></li> })}
                            {badge.open_reports.map(|n| view! {
                                <li><a href="/moderation" class="font-medium text-slate-700 hover:text-brand-800" data-testid="nav-moderation">{t!(i18n, nav_moderation)}{crate::ui::live_count("open_reports", n)}</a></li>
                            })}
                            <li><a href="/notifications" class="font-medium text-slate-700 hover:text-brand-800" data-testid="nav-notifications">{t!(i18n, nav_notifications)}{crate::ui::live_count("unread_notifications", badge.unread_notifications)}</a></li>
                            <li><a href=if pupil { "/projects/mine" } else { "/account" } class="font-medium text-slate-700 hover:text-brand-800" data-testid="nav-account">{viewer.display_name}</a></li>
                            <li>
                                <ActionForm action=sign_out>
                                    <button type="submit" class="rounded px-2 py-1 text-sm text-slate-700 underline hover:bg-slate-100">{t!(i18n, sign_out)}</button>
                                </ActionForm>
                            </li>
                            <script type="module" nonce=leptos::nonce::use_nonce()>{crate::ui::LIVE_COUNTS_SCRIPT}</script>
                        </ul>
                    }.into_any()
                }
                _ => view! {
                    <ul class="flex flex-wrap items-center gap-x-4 gap-y-1">
                        <li><a href="/signin" class="font-medium text-slate-700 hover:text-brand-800">{t!(i18n, nav_sign_in)}</a></li>
                        <li><a href="/signup" class="btn-primary py-1.5">{t!(i18n, nav_join)}</a></li>
                    </ul>
                }.into_any(),
            })}
        </Transition>
    }
}
