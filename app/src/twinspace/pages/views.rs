//! The TwinSpace's pages (activities): the list, one page, its editor.
use super::{CreatePage, DeletePage, SetPageVisibility, UpdatePage, load_page, load_pages};
use crate::{
    error::AppError,
    forms::{ErrorBanner, TextField, any_error, field_error, form_error, outcome},
    i18n::*,
    moderation::{ReportKind, views::{MarkNote, ReportButton}},
    twinspace::{ContentMark, views::{SpaceHeader, Tab}},
    ui::{PageTitle, RequestKey, empty, failed_page as failed, loading_page as loading_view, raw_text, route_id as param},
};
use leptos::{form::ActionForm, prelude::*};

#[component]
pub fn SpacePagesPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = param("id");
    let create = ServerAction::<CreatePage>::new();
    let result = outcome(create);
    let pages = Resource::new(move || (id(), create.version().get()), |(id, _)| async move {
        match id {
            Some(id) => load_pages(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=loading_view>
            {move || pages.get().map(|result_| match result_ {
                Err(err) => failed(i18n, err),
                Ok(list) => {
                    let project = list.space.project_id;
                    view! {
                        <SpaceHeader space=list.space.clone() tab=Tab::Pages/>
                        <div class="mx-auto max-w-5xl px-4 py-8">
                            {if list.pages.is_empty() {
                                empty(t!(i18n, pages_none)).into_any()
                            } else {
                                view! {
                                    <ul class="flex flex-col divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-testid="pages">
                                        {list.pages.into_iter().map(|page| view! {
                                            <li class="flex flex-wrap items-center justify-between gap-2 p-4">
                                                <a href=format!("/projects/{project}/space/pages/{}", page.id) class="font-semibold text-brand-800 hover:underline">{page.title}</a>
                                                <span class="flex flex-wrap gap-2 text-xs">
                                                    {(!page.published).then(|| view! { <span class="badge-plus">{t!(i18n, page_draft)}</span> })}
                                                    {page.public.then(|| view! { <span class="badge">{t!(i18n, page_public)}</span> })}
                                                    {(page.mark != ContentMark::Visible).then(|| view! { <span class="badge-plus">{t!(i18n, moderation_is_hidden)}</span> })}
                                                    <span class="text-slate-600">{page.author}" · "{crate::locale::date(i18n.get_locale(), page.updated_at)}</span>
                                                </span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            {list.may_create.then(|| view! {
                                <ActionForm action=create attr:class="mt-8 flex flex-col gap-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
                                    <RequestKey />
                                    <h2 class="text-lg font-semibold">{t!(i18n, page_new)}</h2>
                                    <input type="hidden" name="project" value=project/>
                                    <ErrorBanner message=form_error(result)/>
                                    <TextField name="title" field="title" label=Signal::derive(move || t_string!(i18n, page_title_field).to_owned()) required=true error=field_error(result, "title")/>
                                    <label for="page-body" class="text-sm font-medium text-slate-800">{t!(i18n, page_body_field)}</label>
                                    <p id="page-body-hint" class="text-xs text-slate-600">{t!(i18n, page_body_hint)}</p>
                                    <textarea id="page-body" name="body" rows="10" required aria-describedby="page-body-hint" class="rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"></textarea>
                                    <button type="submit" class="btn-primary self-start">{t!(i18n, page_save_draft)}</button>
                                </ActionForm>
                            })}
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// One page: inside the TwinSpace for members, or the public copy for everyone when the page is public.
#[component]
pub fn SpacePagePage() -> impl IntoView {
    let i18n = use_i18n();
    let page_id = param("page");
    let update = ServerAction::<UpdatePage>::new();
    let delete = ServerAction::<DeletePage>::new();
    let visibility = ServerAction::<SetPageVisibility>::new();
    let page = Resource::new(move || (page_id(), update.version().get(), visibility.version().get()), |(id, ..)| async move {
        match id {
            Some(id) => load_page(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let any_error = any_error(vec![outcome(update), outcome(delete), outcome(visibility)]);
    view! {
        <Suspense fallback=loading_view>
            {move || page.get().map(|result| match result {
                Err(err) => failed(i18n, err),
                Ok(page) => {
                    let id = page.summary.id;
                    let summary = page.summary.clone();
                    view! {
                        <PageTitle text=format!("{} · {}", summary.title, page.project_title)/>
                        <article class="mx-auto max-w-3xl px-4 py-10">
                            <p class="text-sm font-medium text-brand-800">
                                <a href=if page.in_space { format!("/projects/{}/space/pages", page.project_id) } else { format!("/projects/{}", page.project_id) } class="hover:underline">
                                    {page.project_title.clone()}
                                </a>
                            </p>
                            <h1 class="mt-1 text-3xl font-bold text-slate-900">{summary.title.clone()}</h1>
                            <p class="mt-1 flex flex-wrap gap-2 text-sm text-slate-600">
                                {summary.author.clone()}" · "{crate::locale::date(i18n.get_locale(), summary.updated_at)}
                                {(!summary.published).then(|| view! { <span class="badge-plus">{t!(i18n, page_draft)}</span> })}
                                {summary.public.then(|| view! { <span class="badge">{t!(i18n, page_public)}</span> })}
                            </p>
                            <ErrorBanner message=any_error/>
                            <div class="page-content mt-6" data-testid="page-content" inner_html=page.html.clone()></div>
                            {page.may_publish.then(|| view! {
                                <ActionForm action=visibility attr:class="mt-8 flex flex-wrap items-center gap-4 rounded-lg bg-slate-50 p-4">
                                    <input type="hidden" name="page" value=id/>
                                    <label class="flex items-center gap-2"><input type="checkbox" name="published" value="on" checked=summary.published/>{t!(i18n, page_published)}</label>
                                    <label class="flex items-center gap-2"><input type="checkbox" name="public" value="on" checked=summary.public/>{t!(i18n, page_make_public)}</label>
                                    <button type="submit" class="btn-secondary">{t!(i18n, save_button)}</button>
                                </ActionForm>
                            })}
                            {page.markdown.clone().map(|markdown| view! {
                                <details class="mt-6">
                                    <summary class="cursor-pointer font-medium text-slate-800">{t!(i18n, edit_button)}</summary>
                                    <ActionForm action=update attr:class="mt-3 flex flex-col gap-3">
                                        <input type="hidden" name="page" value=id/>
                                        <label for="edit-title" class="text-sm font-medium">{t!(i18n, page_title_field)}</label>
                                        <input id="edit-title" name="title" required value=summary.title.clone() class="rounded-md border border-slate-300 px-3 py-2"/>
                                        <label for="edit-body" class="text-sm font-medium">{t!(i18n, page_body_field)}</label>
                                        <textarea id="edit-body" name="body" rows="12" required class="rounded-md border border-slate-300 px-3 py-2 font-mono text-sm">{raw_text(markdown)}</textarea>
                                        <button type="submit" class="btn-primary self-start">{t!(i18n, save_button)}</button>
                                    </ActionForm>
                                </details>
                            })}
                            {page.may_delete.then(|| view! {
                                <ActionForm action=delete attr:class="mt-4">
                                    <input type="hidden" name="page" value=id/>
                                    <button type="submit" class="btn-link text-red-800">{t!(i18n, delete_button)}</button>
                                </ActionForm>
                            })}
                            <MarkNote mark=summary.mark.clone()/>
                            {page.may_report.then(|| view! { <div class="mt-4"><ReportButton kind=ReportKind::Page target=id/></div> })}
                        </article>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
