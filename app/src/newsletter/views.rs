//! The newsletter's pages: subscribe and read past ones; for the Central Support Service, write one in several
//! languages and send it; and the unsubscribe page that a newsletter's link opens, which needs no signing in.
//! Rendered on the server; every action is a plain form.
use super::{
    CreateNewsletter, Edition, NewsletterCard, NewsletterView, SaveNewsletterEdition, SendNewsletter, SubscribeToNewsletter, UnsubscribeFromNewsletter,
    load_newsletter, load_newsletters, may_write_newsletter,
};
use crate::{
    error::AppError,
    forms::{ErrorBanner, Notice, TextField, any_error, field_error, form_error, outcome},
    i18n::*,
    locale::{date, language_name},
    ui::{LanguageSelect, PageTitle, Permitted, RequestKey, TextArea, empty, failed, failed_page, loading, loading_page, route_id},
};
use leptos::{form::ActionForm, prelude::*};

fn languages(i18n: leptos_i18n::I18nContext<Locale>, codes: &[String]) -> String {
    let locale = i18n.get_locale();
    codes.iter().map(|code| language_name(locale, code)).collect::<Vec<_>>().join(", ")
}

/// When it went out, or how far its sending has come.
fn status(i18n: leptos_i18n::I18nContext<Locale>, card: &NewsletterCard) -> String {
    match card.sent_at {
        _ if card.sending => t_string!(i18n, newsletter_sending, number = card.sent_count).to_string(),
        Some(at) => t_string!(i18n, newsletter_sent_on, date = date(i18n.get_locale(), at)).to_string(),
        None => t_string!(i18n, newsletter_draft).to_owned(),
    }
}

fn card_item(i18n: leptos_i18n::I18nContext<Locale>, card: NewsletterCard) -> impl IntoView {
    let href = format!("/newsletter/{}", card.id);
    let subject = if card.subject.is_empty() { format!("#{}", card.id) } else { card.subject.clone() };
    view! {
        <li class="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="newsletter">
            <a href=href class="text-lg font-semibold text-brand-800 underline-offset-2 hover:underline">{subject}</a>
            <p class="mt-1 text-sm text-slate-700">{status(i18n, &card)}" · "{languages(i18n, &card.languages)}</p>
        </li>
    }
}

#[component]
pub fn NewslettersPage() -> impl IntoView {
    let i18n = use_i18n();
    let subscribe = ServerAction::<SubscribeToNewsletter>::new();
    let subscribed = outcome(subscribe);
    let home = Resource::new(move || subscribe.version().get(), |_| load_newsletters());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, nav_newsletter), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, nav_newsletter)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, newsletter_intro)}</p>
            <Suspense fallback=move || loading(i18n)>
                {move || home.get().map(|h| match h {
                    Err(err) => failed(i18n, err),
                    Ok(home) => view! {
                        <ErrorBanner message=form_error(subscribed)/>
                        <ActionForm action=subscribe attr:class="mt-6 flex flex-wrap items-center gap-4 rounded-lg bg-brand-50 p-4" attr:data-testid="newsletter-subscription">
                            <p class="font-medium text-slate-900" role="status">
                                {if home.subscribed { t!(i18n, newsletter_subscribed).into_any() } else { t!(i18n, newsletter_not_subscribed).into_any() }}
                            </p>
                            <input type="hidden" name="subscribe" value=(!home.subscribed).to_string()/>
                            {if home.subscribed {
                                view! { <button type="submit" class="btn-secondary">{t!(i18n, newsletter_unsubscribe)}</button> }.into_any()
                            } else {
                                view! { <button type="submit" class="btn-primary">{t!(i18n, newsletter_subscribe)}</button> }.into_any()
                            }}
                        </ActionForm>
                        {home.drafts.map(|drafts| view! {
                            <section class="mt-10" aria-labelledby="newsletter-drafts">
                                <h2 id="newsletter-drafts" class="text-xl font-semibold text-slate-900">{t!(i18n, newsletter_drafts)}</h2>
                                <div class="mt-3 flex flex-wrap gap-3">
                                    <a href="/newsletter/new" class="btn-primary">{t!(i18n, newsletter_new)}</a>
                                    <a href="/support/theme" class="btn-secondary">{t!(i18n, theme_page)}</a>
                                </div>
                                {(!drafts.is_empty()).then(|| view! {
                                    <ul class="mt-4 flex flex-col gap-3">{drafts.into_iter().map(|c| card_item(i18n, c)).collect_view()}</ul>
                                })}
                            </section>
                        })}
                        <section class="mt-10" aria-labelledby="newsletter-archive">
                            <h2 id="newsletter-archive" class="text-xl font-semibold text-slate-900">{t!(i18n, newsletter_archive)}</h2>
                            {if home.archive.is_empty() {
                                empty(t!(i18n, newsletter_none)).into_any()
                            } else {
                                view! { <ul class="mt-4 flex flex-col gap-3">{home.archive.into_iter().map(|c| card_item(i18n, c)).collect_view()}</ul> }.into_any()
                            }}
                        </section>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

/// The subject and the Markdown text of a version.
#[component]
fn EditionFields(outcome: crate::forms::Outcome, #[prop(optional)] subject: String, #[prop(optional)] body: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <TextField name="subject" field="subject" label=Signal::derive(move || t_string!(i18n, newsletter_subject_field).to_owned()) required=true
            value=Signal::derive(move || subject.clone()) error=field_error(outcome, "subject")/>
        <TextArea name="body" field="body" label=Signal::derive(move || t_string!(i18n, newsletter_body_field).to_owned()) rows=14 max=super::BODY_MAX
            value=body hint=Signal::derive(move || t_string!(i18n, newsletter_body_hint).to_owned()) mono=true error=field_error(outcome, "body")/>
    }
}

/// A new newsletter: its English version first.
#[component]
pub fn NewNewsletterPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateNewsletter>::new();
    let result = outcome(create);
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, newsletter_new), t_string!(i18n, platform_name))/>
        <Permitted may=may_write_newsletter>
            <div class="mx-auto max-w-3xl px-4 py-10">
                <a href="/newsletter" class="text-sm text-brand-800 underline">{t!(i18n, nav_newsletter)}</a>
                <h1 class="mt-2 text-3xl font-bold text-slate-900">{t!(i18n, newsletter_new)}</h1>
                <p class="mt-2 text-slate-700">{t!(i18n, newsletter_versions_hint)}</p>
                <ActionForm action=create attr:class="mt-8 flex flex-col gap-5" attr:data-testid="newsletter-form">
                    <RequestKey />
                    <ErrorBanner message=form_error(result)/>
                    <EditionFields outcome=result/>
                    <div><button type="submit" class="btn-primary">{t!(i18n, newsletter_save)}</button></div>
                </ActionForm>
            </div>
        </Permitted>
    }
}

#[component]
pub fn NewsletterPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id("id");
    // `?language=fr`: the version the form opens with.
    let query = leptos_router::hooks::use_query_map();
    let chosen = move || query.read().get("language").unwrap_or_default();
    let save = ServerAction::<SaveNewsletterEdition>::new();
    let send = ServerAction::<SendNewsletter>::new();
    let (saved, sent) = (outcome(save), outcome(send));
    let loaded = Resource::new(
        move || (id(), save.version().get(), send.version().get()),
        |(id, ..)| async move {
            match id {
                Some(id) => load_newsletter(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=loading_page>
            {move || loaded.get().map(|loaded| match loaded {
                Err(err) => failed_page(i18n, err),
                Ok(view) => newsletter_page(i18n, view, chosen(), save, send, saved, sent).into_any(),
            })}
        </Suspense>
    }
}

fn newsletter_page(
    i18n: leptos_i18n::I18nContext<Locale>,
    view: NewsletterView,
    chosen: String,
    save: ServerAction<SaveNewsletterEdition>,
    send: ServerAction<SendNewsletter>,
    saved: crate::forms::Outcome,
    sent: crate::forms::Outcome,
) -> impl IntoView {
    let id = view.card.id;
    let subject = if view.card.subject.is_empty() { format!("#{id}") } else { view.card.subject.clone() };
    let title = subject.clone();
    let send_error = any_error(vec![sent]);
    view! {
        <PageTitle text=move || format!("{} · {}", title, t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 py-10">
            <a href="/newsletter" class="text-sm text-brand-800 underline">{t!(i18n, nav_newsletter)}</a>
            <h1 class="mt-2 text-3xl font-bold text-slate-900">{subject}</h1>
            <p class="mt-1 text-sm text-slate-700">{status(i18n, &view.card)}" · "{languages(i18n, &view.card.languages)}</p>
            <article class="page-content mt-8" data-testid="newsletter-body" inner_html=view.html.clone()></article>
            {view.may_send.then(|| view! {
                <ActionForm action=send attr:class="mt-10 flex flex-col gap-2 rounded-lg bg-brand-50 p-4">
                    <ErrorBanner message=send_error/>
                    <input type="hidden" name="newsletter" value=id/>
                    <p class="text-slate-800">{t!(i18n, newsletter_send_hint)}</p>
                    <div><button type="submit" class="btn-primary" data-testid="newsletter-send">{t!(i18n, newsletter_send)}</button></div>
                </ActionForm>
            })}
            {view.editions.map(|editions| editions_view(i18n, id, editions, chosen, save, saved))}
        </div>
    }
}

/// The writers' part: the versions there are, each a link that opens it in the form, and the form that writes
/// one (a new language starts from the English text, to translate).
fn editions_view(
    i18n: leptos_i18n::I18nContext<Locale>,
    id: i32,
    editions: Vec<Edition>,
    chosen: String,
    save: ServerAction<SaveNewsletterEdition>,
    saved: crate::forms::Outcome,
) -> impl IntoView {
    let locale = i18n.get_locale();
    let codes: Vec<String> = editions.iter().map(|e| e.language.clone()).collect();
    let chosen = crate::locale::platform_language(&chosen).unwrap_or_default();
    let start = editions.iter().find(|e| e.language == chosen).or_else(|| editions.iter().find(|e| e.language == "en")).cloned();
    let written = languages(i18n, &codes);
    view! {
        <section class="mt-10" aria-labelledby="newsletter-versions">
            <h2 id="newsletter-versions" class="text-xl font-semibold text-slate-900">
                {t_string!(i18n, newsletter_versions, languages = written.as_str()).to_string()}
            </h2>
            <p class="mt-1 text-slate-700">{t!(i18n, newsletter_versions_hint)}</p>
            <ul class="mt-2 flex flex-wrap gap-3">
                {codes.iter().map(|code| view! {
                    <li><a href=format!("/newsletter/{id}?language={code}") class="text-brand-800 underline">{language_name(locale, code)}</a></li>
                }).collect_view()}
            </ul>
            <ActionForm action=save attr:class="mt-4 flex flex-col gap-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" attr:data-testid="newsletter-edition-form">
                <h3 class="text-lg font-semibold text-slate-900">{t!(i18n, newsletter_edit_version)}</h3>
                <Show when=move || matches!(saved.get(), Some(Ok(())))><Notice>{t!(i18n, profile_saved)}</Notice></Show>
                <ErrorBanner message=form_error(saved)/>
                <input type="hidden" name="newsletter" value=id/>
                <LanguageSelect name="language" selected=chosen error=field_error(saved, "language")/>
                <EditionFields outcome=saved subject=start.as_ref().map(|e| e.subject.clone()).unwrap_or_default()
                    body=start.map(|e| e.body).unwrap_or_default()/>
                <div><button type="submit" class="btn-primary">{t!(i18n, newsletter_save)}</button></div>
            </ActionForm>
        </section>
    }
}

/// Where a newsletter's unsubscribe link leads: one button, no signing in. (Mail programs that offer their own
/// unsubscribe button post to the one-click address instead, `server/src/newsletter.rs`.)
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let unsubscribe = ServerAction::<UnsubscribeFromNewsletter>::new();
    let result = outcome(unsubscribe);
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, newsletter_unsubscribe_title), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-xl px-4 py-16">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, newsletter_unsubscribe_title)}</h1>
            {move || match result.get() {
                Some(Ok(())) => view! { <div class="mt-6"><Notice>{t!(i18n, newsletter_unsubscribed)}</Notice></div> }.into_any(),
                Some(Err(_)) => view! { <p class="mt-6 text-red-800" role="alert">{t!(i18n, newsletter_link_unknown)}</p> }.into_any(),
                None => view! {
                    <p class="mt-4 text-slate-700">{t!(i18n, newsletter_unsubscribe_text)}</p>
                    <ActionForm action=unsubscribe attr:class="mt-6">
                        <input type="hidden" name="token" value=token()/>
                        <button type="submit" class="btn-primary" data-testid="newsletter-unsubscribe">{t!(i18n, newsletter_unsubscribe)}</button>
                    </ActionForm>
                }.into_any(),
            }}
        </div>
    }
}
