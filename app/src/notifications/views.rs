//! The notification centre's page: the latest news, newest first, and how the reader wants to hear of each
//! kind. Rendered on the server; the preferences are a plain form.
use super::{Delivery, Kind, SaveNotificationPreferences, load_notifications, title};
use crate::{
    forms::{ErrorBanner, Notice, field_error, form_error, outcome},
    i18n::*,
    ui::{PageTitle, empty, failed, loading},
};
use leptos::{form::ActionForm, prelude::*};

fn kind_label(i18n: leptos_i18n::I18nContext<Locale>, kind: Kind) -> String {
    match kind {
        Kind::Contacts => t_string!(i18n, notifications_kind_contacts),
        Kind::Projects => t_string!(i18n, notifications_kind_projects),
        Kind::Labels => t_string!(i18n, notifications_kind_labels),
        Kind::Moderation => t_string!(i18n, notifications_kind_moderation),
        Kind::Events => t_string!(i18n, notifications_kind_events),
        Kind::Groups => t_string!(i18n, notifications_kind_groups),
        Kind::TwinSpace => t_string!(i18n, notifications_kind_twinspace),
    }
    .to_owned()
}

fn delivery_label(i18n: leptos_i18n::I18nContext<Locale>, delivery: Delivery) -> String {
    match delivery {
        Delivery::InApp => t_string!(i18n, notifications_delivery_in_app),
        Delivery::Immediate => t_string!(i18n, notifications_delivery_immediate),
        Delivery::Daily => t_string!(i18n, notifications_delivery_daily),
        Delivery::Weekly => t_string!(i18n, notifications_delivery_weekly),
    }
    .to_owned()
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let centre = Resource::new(|| (), |_| load_notifications());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, nav_notifications), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, nav_notifications)}</h1>
            <Suspense fallback=move || loading(i18n)>
                {move || centre.get().map(|c| match c {
                    Err(err) => failed(i18n, err),
                    Ok(centre) => {
                        let locale = i18n.get_locale();
                        let list = if centre.notifications.is_empty() {
                            empty(t!(i18n, notifications_empty)).into_any()
                        } else {
                            view! {
                                <ul class="mt-6 flex flex-col gap-3" data-testid="notifications">
                                    {centre.notifications.into_iter().map(|n| {
                                        let text = title(locale, &n.event, &n.params);
                                        let reason = n.reason().map(str::to_owned);
                                        let message = n.message().map(str::to_owned);
                                        let class = if n.unread {
                                            "rounded-lg bg-white p-4 shadow-sm ring-2 ring-brand-600"
                                        } else {
                                            "rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
                                        };
                                        view! {
                                            <li class=class data-testid="notification">
                                                <p class="text-sm text-slate-600">
                                                    {crate::locale::date_time(locale, n.at)}
                                                    {n.unread.then(|| view! { <span class="badge ms-2">{t!(i18n, notices_new)}</span> })}
                                                </p>
                                                <a href=n.link class="mt-1 block font-semibold text-slate-900 underline-offset-2 hover:underline">{text}</a>
                                                {reason.map(|r| view! { <p class="mt-1 whitespace-pre-line text-slate-800">{t!(i18n, moderation_reason)}": "{r}</p> })}
                                                {message.map(|m| view! { <blockquote class="mt-2 whitespace-pre-line break-words border-s-4 border-slate-300 ps-3 text-slate-800">{m}</blockquote> })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        };
                        view! {
                            {list}
                            {centre.preferences.map(|chosen| view! { <Preferences chosen=chosen/> })}
                        }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

/// How the reader hears of each kind of news.
#[component]
fn Preferences(chosen: Vec<(Kind, Delivery)>) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveNotificationPreferences>::new();
    let result = outcome(save);
    view! {
        <section class="mt-10" aria-labelledby="notification-settings">
            <h2 id="notification-settings" class="text-xl font-semibold text-slate-900">{t!(i18n, notifications_settings)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, notifications_settings_intro)}</p>
            <div class="mt-3 flex flex-col gap-3">
                <Show when=move || matches!(result.get(), Some(Ok(())))><Notice>{t!(i18n, profile_saved)}</Notice></Show>
                <ErrorBanner message=form_error(result)/>
            </div>
            <ActionForm action=save attr:class="mt-4 grid gap-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2" attr:data-testid="notification-settings">
                {chosen.into_iter().map(|(kind, current)| {
                    let id = format!("delivery-{}", kind.as_str());
                    let error = field_error(result, kind.as_str());
                    view! {
                        <div class="flex flex-col gap-1">
                            <label for=id.clone() class="text-sm font-medium text-slate-800">{kind_label(i18n, kind)}</label>
                            <select id=id name=kind.as_str() class="rounded-md border border-slate-300 px-3 py-1.5">
                                {Delivery::ALL.into_iter().map(|d| view! {
                                    <option value=d.as_str() selected={d == current}>{delivery_label(i18n, d)}</option>
                                }).collect_view()}
                            </select>
                            {move || error.get().map(|e| view! { <p class="text-sm text-red-800" role="alert">{e}</p> })}
                        </div>
                    }
                }).collect_view()}
                <div class="sm:col-span-2">
                    <button type="submit" class="btn-primary">{t!(i18n, save_button)}</button>
                </div>
            </ActionForm>
        </section>
    }
}
