//! The HTML document and the router: every page of the platform is declared here.
use crate::{
    accounts::{
        AccountPage, ForgotPasswordPage, ResetPasswordPage, RolesPage, SignInPage, SignUpPage, ValidationPage,
        VerifyEmailPage,
    },
    countries::{CountriesPage, CountryPage},
    home::HomePage,
    i18n::I18nContextProvider,
    layout::{ErrorPage, Footer, Header, NotFound},
    partners::PartnersPage,
    projects::{FoundProjectPage, MyProjectsPage, ProjectApprovalsPage, ProjectPage, ProjectsPage},
    twinspace::{ChatPage, EditPostPage, ForumPage, MaterialsPage, PupilSignInPage, SpaceMembersPage, SpacePagePage, SpacePagesPage, SpacePupilsPage, ThreadPage, TwinboardPage},
    teachers::{ContactsPage, InterestsPage, TeacherPage},
};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The document around the app, rendered on the server only.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <SiteStylesheet options=options.clone()/>
                <AutoReload options=options.clone()/>
                <IslandScripts options/>
                <leptos_meta::MetaTags/>
            </head>
            <body class="min-h-screen bg-white text-slate-900 antialiased">
                <App/>
            </body>
        </html>
    }
}

/// The browser bundle, only for pages that have islands. Leptos' hydration scripts are written into an inert
/// `<template>`; the page script below (it runs once the whole page, streamed parts included, is parsed) puts
/// them into the document only when the page holds a `<leptos-island>`. A page made only of HTML (the home page,
/// the Twinboard, most pages) downloads no wasm at all. Browser tests wait for `__opentwin_hydrated`: set by the
/// page script at once when there is nothing to hydrate, else by `frontend` once the islands are hydrated.
#[cfg(feature = "ssr")]
#[component]
fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    // What Leptos' `HydrationScripts` does to the page besides writing it: outside islands, no hydration markers.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let scripts = kept::island_scripts(&options, nonce.as_deref().unwrap_or(""));
    view! {
        <template id="island-scripts" inner_html=scripts></template>
        <script type="module" nonce=nonce>{PAGE_SCRIPT}</script>
    }
}

/// The stylesheet, by its hashed name (see `kept`).
#[cfg(feature = "ssr")]
#[component]
fn SiteStylesheet(options: LeptosOptions) -> impl IntoView {
    view! { <link rel="stylesheet" id="leptos" href=kept::stylesheet_href(&options)/> }
}

/// Leptos' `HashedStylesheet` and `HydrationScripts` read `hash.txt` from disk at every page they are part of (every
/// page here); the hashes change only with a new build, that is a new process. So both are made once per process:
/// the stylesheet's address, and the island scripts' HTML with a stand-in for the nonce, put in for each page.
#[cfg(feature = "ssr")]
mod kept {
    use leptos::{nonce::Nonce, prelude::*};
    use std::sync::OnceLock;

    const NONCE: &str = "__opentwin_nonce__";

    pub fn stylesheet_href(options: &LeptosOptions) -> &'static str {
        static HREF: OnceLock<String> = OnceLock::new();
        HREF.get_or_init(|| {
            let owner = Owner::new();
            let link = owner.with(|| view! { <leptos_meta::HashedStylesheet options=options.clone()/> }.to_html());
            // `<link rel="stylesheet" href="/pkg/opentwin.HASH.css">`: its address alone.
            link.split("href=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default().to_owned()
        })
    }

    pub fn island_scripts(options: &LeptosOptions, nonce: &str) -> String {
        static HTML: OnceLock<String> = OnceLock::new();
        HTML.get_or_init(|| {
            let owner = Owner::new();
            owner.with(|| {
                provide_context(Nonce::from_value(NONCE));
                view! { <HydrationScripts options=options.clone() islands=true/> }.to_html()
            })
        })
        .replace(NONCE, nonce)
    }
}

/// The one script every page carries (a few hundred bytes, no wasm):
/// - loads the islands' bundle where the page has islands (see `IslandScripts`);
/// - form memory: pages are rendered on the server, so a form post comes back as a new page, with the error in
///   the address (`__err`/`__path`) or marked done (`__done`). What was typed is put back into the form after an
///   error (never passwords or files), and the reader is returned to where they were on the page, so a "like"
///   at the bottom of the Twinboard does not jump to the top. A button with its own `formaction` (a Twinboard
///   post's pin and delete) counts as sending there. Without JavaScript the forms work the same, only without
///   this memory.
/// A script copied from a template does not run, hence the new one made with the same code and nonce.
#[cfg(feature = "ssr")]
const PAGE_SCRIPT: &str = r#"
const scripts = document.getElementById("island-scripts");
if (scripts && document.querySelector("leptos-island")) {
  for (const node of scripts.content.children) {
    let copy = document.importNode(node, true);
    if (node.tagName === "SCRIPT") {
      copy = document.createElement("script");
      copy.type = node.type;
      copy.nonce = node.nonce || node.getAttribute("nonce") || "";
      copy.textContent = node.textContent;
    }
    document.head.append(copy);
  }
} else {
  window.__opentwin_hydrated = true;
}

const MEMORY = "opentwin-form";
const pathOf = (url) => new URL(url, location.href).pathname;
document.addEventListener("submit", (event) => {
  const form = event.target, by = event.submitter;
  if (!(form instanceof HTMLFormElement) || form.method !== "post") return;
  const fields = [];
  for (const field of form.elements) {
    if (!field.name || ["password", "hidden", "file", "submit", "button"].includes(field.type)) continue;
    const ticked = field.type === "checkbox" || field.type === "radio";
    fields.push([field.name, field.value, ticked ? field.checked : null]);
  }
  const index = [...document.forms].indexOf(form);
  const action = pathOf(by && by.hasAttribute("formaction") ? by.formAction : form.action);
  sessionStorage.setItem(MEMORY, JSON.stringify({ path: location.pathname, action, form: pathOf(form.action), index, fields, scroll: scrollY }));
});
try {
  const saved = JSON.parse(sessionStorage.getItem(MEMORY) || "null");
  sessionStorage.removeItem(MEMORY);
  const query = new URLSearchParams(location.search);
  if (saved && saved.path === location.pathname) {
    const failed = query.get("__path") === saved.action && query.has("__err");
    if (failed || query.get("__done") === saved.action) scrollTo(0, saved.scroll);
    const form = document.forms[saved.index];
    if (failed && form && pathOf(form.action) === saved.form) {
      for (const [name, value, ticked] of saved.fields) {
        for (const field of form.elements) {
          if (field.name !== name) continue;
          if (ticked === null) field.value = value;
          else if (field.value === value) field.checked = ticked;
        }
      }
    }
  }
} catch (_) {}
"#;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    set_security_headers();

    view! {
        <I18nContextProvider>
            <Router>
                <div class="flex min-h-screen flex-col">
                    <Header/>
                    <main id="main" class="flex-1" tabindex="-1">
                        <ErrorBoundary fallback=|errors| view! { <ErrorPage errors/> }>
                            // Every page is rendered whole before it is sent (Async): pages are server-only (islands),
                            // so streaming parts out of order would only make the page shift as they arrive (the
                            // header's account links did, on every page), and a page's status (404 for an unknown
                            // country) is known before the first byte. Search as you type also needs the results in
                            // the HTML itself.
                            <Routes fallback=NotFound>
                                <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                                <Route path=path!("/countries") view=CountriesPage ssr=SsrMode::Async/>
                                <Route path=path!("/languages") view=crate::layout::LanguagesPage ssr=SsrMode::Async/>
                                <Route path=path!("/countries/:code") view=CountryPage ssr=SsrMode::Async/>
                                <Route path=path!("/signup") view=SignUpPage ssr=SsrMode::Async/>
                                <Route path=path!("/signin") view=SignInPage ssr=SsrMode::Async/>
                                <Route path=path!("/verify-email") view=VerifyEmailPage ssr=SsrMode::Async/>
                                <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async/>
                                <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async/>
                                <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                                <Route path=path!("/support/validation") view=ValidationPage ssr=SsrMode::Async/>
                                <Route path=path!("/admin/roles") view=RolesPage ssr=SsrMode::Async/>
                                <Route path=path!("/partners") view=PartnersPage ssr=SsrMode::Async/>
                                <Route path=path!("/teachers/:id") view=TeacherPage ssr=SsrMode::Async/>
                                <Route path=path!("/contacts") view=ContactsPage ssr=SsrMode::Async/>
                                <Route path=path!("/messages") view=crate::messages::MessagesPage ssr=SsrMode::Async/>
                                <Route path=path!("/messages/:id") view=crate::messages::ConversationPage ssr=SsrMode::Async/>
                                <Route path=path!("/account/interests") view=InterestsPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects") view=ProjectsPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/new") view=FoundProjectPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/mine") view=MyProjectsPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id") view=ProjectPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space") view=TwinboardPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/posts/:post/edit") view=EditPostPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/members") view=SpaceMembersPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/pupils") view=SpacePupilsPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/pages") view=SpacePagesPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/pages/:page") view=SpacePagePage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/forum") view=ForumPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/forum/:thread") view=ThreadPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/chat") view=ChatPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/materials") view=MaterialsPage ssr=SsrMode::Async/>
                                <Route path=path!("/support/projects") view=ProjectApprovalsPage ssr=SsrMode::Async/>
                                <Route path=path!("/pupils/signin") view=PupilSignInPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/waiting") view=crate::moderation::views::WaitingPage ssr=SsrMode::Async/>
                                <Route path=path!("/moderation") view=crate::moderation::views::ModerationQueuePage ssr=SsrMode::Async/>
                                <Route path=path!("/moderation/people/:id") view=crate::moderation::views::ModerationPersonPage ssr=SsrMode::Async/>
                                <Route path=path!("/moderation/log") view=crate::moderation::views::ModerationLogPage ssr=SsrMode::Async/>
                                <Route path=path!("/notices") view=crate::moderation::views::NoticesPage ssr=SsrMode::Async/>
                                <Route path=path!("/notifications") view=crate::notifications::NotificationsPage ssr=SsrMode::Async/>
                                <Route path=path!("/groups") view=crate::groups::GroupsPage ssr=SsrMode::Async/>
                                <Route path=path!("/groups/new") view=crate::groups::NewGroupPage ssr=SsrMode::Async/>
                                <Route path=path!("/groups/:id") view=crate::groups::GroupPage ssr=SsrMode::Async/>
                                <Route path=path!("/groups/:id/threads/:thread") view=crate::groups::GroupThreadPage ssr=SsrMode::Async/>
                                <Route path=path!("/seminars") view=crate::seminars::SeminarsPage ssr=SsrMode::Async/>
                                <Route path=path!("/seminars/new") view=crate::seminars::NewSeminarPage ssr=SsrMode::Async/>
                                <Route path=path!("/seminars/:id") view=crate::seminars::SeminarPage ssr=SsrMode::Async/>
                                <Route path=path!("/learning-events") view=crate::learning_events::LearningEventsPage ssr=SsrMode::Async/>
                                <Route path=path!("/learning-events/new") view=crate::learning_events::NewLearningEventPage ssr=SsrMode::Async/>
                                <Route path=path!("/learning-events/:id") view=crate::learning_events::LearningEventPage ssr=SsrMode::Async/>
                                <Route path=path!("/newsletter") view=crate::newsletter::NewslettersPage ssr=SsrMode::Async/>
                                <Route path=path!("/newsletter/new") view=crate::newsletter::NewNewsletterPage ssr=SsrMode::Async/>
                                <Route path=path!("/newsletter/unsubscribe") view=crate::newsletter::UnsubscribePage ssr=SsrMode::Async/>
                                <Route path=path!("/newsletter/:id") view=crate::newsletter::NewsletterPage ssr=SsrMode::Async/>
                                <Route path=path!("/support/theme") view=crate::annual_theme::AnnualThemePage ssr=SsrMode::Async/>
                                <Route path=path!("/report/:kind/:id") view=crate::moderation::views::ReportPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/label") view=crate::quality_labels::ApplyForLabelPage ssr=SsrMode::Async/>
                                <Route path=path!("/labels/mine") view=crate::quality_labels::MyLabelsPage ssr=SsrMode::Async/>
                                <Route path=path!("/support/labels") view=crate::quality_labels::LabelQueuePage ssr=SsrMode::Async/>
                                <Route path=path!("/support/labels/european") view=crate::quality_labels::EuropeanLabelsPage ssr=SsrMode::Async/>
                                <Route path=path!("/certificates/:code") view=crate::certificates::CertificatePage ssr=SsrMode::Async/>
                                <Route path=path!("/schools/label") view=crate::quality_labels::school::SchoolLabelPage ssr=SsrMode::Async/>
                                <Route path=path!("/support/labels/schools") view=crate::quality_labels::school::SchoolLabelQueuePage ssr=SsrMode::Async/>
                                <Route path=path!("/support/prizes") view=crate::prizes::PrizeAdminPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/prize") view=crate::prizes::EnterPrizePage ssr=SsrMode::Async/>
                                <Route path=path!("/jury") view=crate::prizes::JuryPage ssr=SsrMode::Async/>
                                <Route path=path!("/prizes") view=crate::prizes::PrizesPage ssr=SsrMode::Async/>
                                <Route path=path!("/prizes/:year") view=crate::prizes::PrizeResultsPage ssr=SsrMode::Async/>
                            </Routes>
                        </ErrorBoundary>
                    </main>
                    <Footer/>
                </div>
            </Router>
        </I18nContextProvider>
    }
}

/// The Content-Security-Policy of every page: scripts only with this response's nonce (the one Leptos puts on
/// its hydration script) plus the wasm it loads; no framing; forms post only here.
#[cfg(feature = "ssr")]
fn set_security_headers() {
    use http::{HeaderValue, header};
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else { return };
    let nonce = leptos::nonce::use_nonce().map(|nonce| nonce.to_string()).unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}
