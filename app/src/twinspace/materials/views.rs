//! The TwinSpace's materials: folders, files, the upload form with its progress bar.
use crate::{
    error::AppError,
    forms::{ErrorBanner, form_error, outcome},
    i18n::*,
    moderation::{ReportKind, views::{MarkNote, ReportButton}},
    twinspace::views::{SpaceHeader, Tab},
    ui::{RequestKey, empty, failed_page as failed, loading_page as loading_view, route_id as param},
};
use leptos::{form::ActionForm, prelude::*};

#[component]
pub fn MaterialsPage() -> impl IntoView {
    use super::{
        ACCEPTED, BUSY, CreateFolder, DeleteFolder, DeleteMaterial, FULL, MAX_FILE_MB, MAX_IMAGE_MB, MISMATCH, MISSING, NOT_ALLOWED, TOO_LARGE, UPLOADED,
        load_materials,
    };
    use crate::error::{Problem, describe_problem};
    use leptos_router::hooks::use_query_map;
    let i18n = use_i18n();
    let id = param("id");
    let query = use_query_map();
    let folder = move || query.read().get("folder").and_then(|f| f.parse::<i32>().ok());
    let outcome_code = move || query.read().get("outcome").unwrap_or_default();
    let create_folder = ServerAction::<CreateFolder>::new();
    let delete_folder = ServerAction::<DeleteFolder>::new();
    let delete = ServerAction::<DeleteMaterial>::new();
    let folder_result = outcome(create_folder);
    let list = Resource::new(
        move || (id(), folder(), create_folder.version().get(), delete.version().get(), delete_folder.version().get()),
        |(id, folder, ..)| async move {
            match id {
                Some(id) => load_materials(id, folder).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    // The outcome of the last upload, carried back in the address (the upload is a plain form post).
    let upload_message = Signal::derive(move || {
        let locale = i18n.get_locale();
        match outcome_code().as_str() {
            TOO_LARGE => Some(describe_problem(&Problem::FileTooLarge { max_mb: MAX_FILE_MB as u32 }, locale)),
            NOT_ALLOWED => Some(describe_problem(&Problem::FileTypeNotAllowed, locale)),
            MISMATCH => Some(describe_problem(&Problem::FileTypeMismatch, locale)),
            MISSING => Some(describe_problem(&Problem::FileMissing, locale)),
            FULL => {
                let quota_mb = list.get().and_then(|l| l.ok()).map_or(0, |l| l.quota_mb);
                Some(describe_problem(&Problem::StorageFull { quota_mb }, locale))
            }
            BUSY => Some(crate::error::describe(&AppError::Busy, locale)),
            _ => None,
        }
    });
    let uploaded = move || outcome_code() == UPLOADED;
    view! {
        <Suspense fallback=loading_view>
            {move || list.get().map(|loaded| match loaded {
                Err(err) => failed(i18n, err),
                Ok(view_) => {
                    let project = view_.space.project_id;
                    let current = view_.folder.clone();
                    let action = format!("/projects/{project}/materials");
                    view! {
                        <SpaceHeader space=view_.space.clone() tab=Tab::Materials/>
                        <div class="mx-auto grid max-w-5xl gap-8 px-4 py-8 md:grid-cols-[14rem_1fr]">
                            <nav aria-labelledby="folders-heading">
                                <h2 id="folders-heading" class="text-sm font-semibold uppercase tracking-wide text-slate-600">{t!(i18n, materials_folders)}</h2>
                                <ul class="mt-2 flex flex-col gap-1" data-testid="folders">
                                    <li><a href=format!("/projects/{project}/space/materials") aria-current=current.is_none().then_some("page")
                                        class="block rounded px-2 py-1 text-slate-800 hover:bg-slate-100 aria-[current=page]:bg-brand-50 aria-[current=page]:font-semibold">{t!(i18n, materials_top)}</a></li>
                                    {view_.folders.iter().cloned().map(|f| {
                                        let here = current.as_ref().is_some_and(|c| c.id == f.id);
                                        view! {
                                            <li><a href=format!("/projects/{project}/space/materials?folder={}", f.id) aria-current=here.then_some("page")
                                                class="block rounded px-2 py-1 text-slate-800 hover:bg-slate-100 aria-[current=page]:bg-brand-50 aria-[current=page]:font-semibold">
                                                {f.name.clone()}" ("{f.files}")"</a></li>
                                        }
                                    }).collect_view()}
                                </ul>
                                {view_.may_create_folder.then(|| view! {
                                    <ActionForm action=create_folder attr:class="mt-4 flex flex-col gap-2">
                                        <RequestKey />
                                        <input type="hidden" name="project" value=project/>
                                        <label for="folder-name" class="text-sm font-medium text-slate-800">{t!(i18n, materials_new_folder)}</label>
                                        <input id="folder-name" name="name" required maxlength="100" class="rounded-md border border-slate-300 px-2 py-1"/>
                                        <ErrorBanner message=form_error(folder_result)/>
                                        <button type="submit" class="btn-secondary text-sm">{t!(i18n, materials_create_folder)}</button>
                                    </ActionForm>
                                })}
                            </nav>
                            <section>
                                <Show when=uploaded><div class="mb-4"><crate::forms::Notice>{t!(i18n, materials_uploaded)}</crate::forms::Notice></div></Show>
                                <ErrorBanner message=upload_message/>
                                {view_.may_upload.then(|| {
                                    let folder_id = current.as_ref().map(|f| f.id.to_string()).unwrap_or_default();
                                    view! {
                                        <UploadProgress label=t_string!(i18n, materials_uploading).to_owned()>
                                        <form method="post" action=action.clone() enctype="multipart/form-data" data-testid="upload-form"
                                            class="flex flex-col gap-2 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
                                            <h2 class="text-lg font-semibold">{t!(i18n, materials_upload)}</h2>
                                            <input type="hidden" name="folder" value=folder_id/>
                                            <RequestKey />
                                            <label for="material-file" class="text-sm font-medium text-slate-800">{t!(i18n, materials_file)}</label>
                                            <input id="material-file" name="file" type="file" required accept=ACCEPTED aria-describedby="material-limits" class="text-sm"/>
                                            <p id="material-limits" class="text-xs text-slate-600">{t!(i18n, materials_limits, image_mb = move || MAX_IMAGE_MB, file_mb = move || MAX_FILE_MB)}</p>
                                            {view_.storage.map(|storage| view! {
                                                <div class="flex flex-col gap-1" data-testid="storage-use">
                                                    <label for="storage-meter" class="text-xs text-slate-700">
                                                        {t!(i18n, materials_storage, used_mb = move || crate::locale::number(i18n.get_locale(), storage.used_mb() as i64), quota_mb = move || crate::locale::number(i18n.get_locale(), storage.quota_mb() as i64))}
                                                    </label>
                                                    <meter id="storage-meter" min="0" max="100" low="80" high="95" optimum="0" value=storage.percent() class="h-2 w-full max-w-xs"></meter>
                                                </div>
                                            })}
                                            <button type="submit" class="btn-primary self-start">{t!(i18n, materials_upload_button)}</button>
                                        </form>
                                        </UploadProgress>
                                    }
                                })}
                                {if view_.items.is_empty() {
                                    empty(t!(i18n, materials_none)).into_any()
                                } else {
                                    view! {
                                        <ul class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="materials">
                                            {view_.items.into_iter().map(|item| {
                                                let material = item.id;
                                                view! {
                                                    <li class="flex flex-col gap-2 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200" data-testid="material">
                                                        {item.thumbnail.clone().map(|src| view! { <img src=src alt="" loading="lazy" class="h-40 w-full rounded object-cover"/> })}
                                                        <a href=format!("/materials/{material}") class="break-all font-medium text-brand-800 underline">{item.name.clone()}</a>
                                                        <p class="text-xs text-slate-600">{item.uploader.clone()}" · "{crate::locale::date_time(i18n.get_locale(), item.created_at)}" · "{crate::locale::number(i18n.get_locale(), item.size_kb as i64)}" KB"</p>
                                                        <MarkNote mark=item.mark.clone()/>
                                                        {item.may_report.then(|| view! { <ReportButton kind=ReportKind::Material target=material/> })}
                                                        {item.may_delete.then(|| view! {
                                                            <ActionForm action=delete>
                                                                <input type="hidden" name="material" value=material/>
                                                                <button type="submit" class="btn-link text-red-800">{t!(i18n, delete_button)}</button>
                                                            </ActionForm>
                                                        })}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                {(view_.may_delete_folder).then(|| current.clone().map(|f| view! {
                                    <ActionForm action=delete_folder attr:class="mt-6">
                                        <input type="hidden" name="folder" value=f.id/>
                                        <button type="submit" class="btn-link text-red-800">{t!(i18n, materials_delete_folder)}</button>
                                    </ActionForm>
                                }))}
                            </section>
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// An island around the upload form (rendered on the server, a plain multipart post without JavaScript): once
/// hydrated, the page sends the form itself so that a progress bar can follow it; the server answers with the
/// same redirect as for a plain post, which the page then follows.
#[island]
fn UploadProgress(label: String, children: Children) -> impl IntoView {
    let progress = RwSignal::new(None::<u32>);
    view! {
        <div class="mb-6 flex flex-col gap-2" on:submit=move |ev| upload::with_progress(ev, progress)>
            {children()}
            <Show when=move || progress.get().is_some()>
                <label for="upload-progress" class="text-sm text-slate-700">{label.clone()}</label>
                <progress id="upload-progress" max="100" value=move || progress.get().unwrap_or(0) class="w-full" data-testid="upload-progress"></progress>
            </Show>
        </div>
    }
}

mod upload {
    use leptos::prelude::*;

    #[cfg(feature = "hydrate")]
    pub fn with_progress(event: leptos::ev::SubmitEvent, progress: RwSignal<Option<u32>>) {
        use wasm_bindgen::{JsCast, closure::Closure};
        use web_sys::{FormData, HtmlFormElement, ProgressEvent, XmlHttpRequest};
        let Some(form) = event.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        let (Ok(data), Ok(request)) = (FormData::new_with_form(&form), XmlHttpRequest::new()) else { return };
        event.prevent_default();
        if request.open("POST", &form.action()).is_err() {
            return;
        }
        progress.set(Some(0));
        // One upload at a time: the button waits until the page moves on.
        if let Ok(Some(button)) = form.query_selector("button[type=submit]") {
            let _ = button.set_attribute("disabled", "");
        }
        if let Ok(upload) = request.upload() {
            let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    progress.set(Some((e.loaded() / e.total() * 100.0).round() as u32));
                }
            });
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
            on_progress.forget();
        }
        let done = {
            let request = request.clone();
            Closure::<dyn FnMut()>::new(move || {
                // The server redirected to the materials page with the outcome; go there.
                let target = Some(request.response_url()).filter(|url| !url.is_empty());
                let _ = window().location().assign(&target.unwrap_or_else(|| window().location().href().unwrap_or_default()));
            })
        };
        request.set_onloadend(Some(done.as_ref().unchecked_ref()));
        done.forget();
        if request.send_with_opt_form_data(Some(&data)).is_err() {
            progress.set(None);
        }
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn with_progress(_event: leptos::ev::SubmitEvent, _progress: RwSignal<Option<u32>>) {}
}
