//! The HTML document and the router: every page of the platform is declared here.
use crate::{
    accounts::{
        AccountPage, ForgotPasswordPage, ResetPasswordPage, RolesPage, SignInPage, SignUpPage, ValidationPage,
        VerifyEmailPage, views::AuthEpoch,
    },
    countries::{CountriesPage, CountryPage},
    home::HomePage,
    i18n::I18nContextProvider,
    layout::{ErrorPage, Footer, Header, NotFound},
    partners::PartnersPage,
    projects::{FoundProjectPage, MyProjectsPage, ProjectApprovalsPage, ProjectPage, ProjectsPage},
    twinspace::{ChatPage, ForumPage, MaterialsPage, PupilSignInPage, SpaceMembersPage, SpacePagePage, SpacePagesPage, SpacePupilsPage, ThreadPage, TwinboardPage},
    teachers::{ContactsPage, InterestsPage, TeacherPage},
};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body class="min-h-screen bg-white text-slate-900 antialiased">
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(AuthEpoch(RwSignal::new(0)));
    #[cfg(feature = "ssr")]
    set_security_headers();

    view! {
        <I18nContextProvider>
            <Router>
                <div class="flex min-h-screen flex-col">
                    <Header/>
                    <main id="main" class="flex-1" tabindex="-1">
                        <ErrorBoundary fallback=|errors| view! { <ErrorPage errors/> }>
                            <Routes fallback=NotFound>
                                <Route path=path!("/") view=HomePage/>
                                <Route path=path!("/countries") view=CountriesPage/>
                                // Async: the page's status (404 for an unknown country) is known before the first byte.
                                <Route path=path!("/countries/:code") view=CountryPage ssr=SsrMode::Async/>
                                <Route path=path!("/signup") view=SignUpPage/>
                                <Route path=path!("/signin") view=SignInPage/>
                                <Route path=path!("/verify-email") view=VerifyEmailPage/>
                                <Route path=path!("/forgot-password") view=ForgotPasswordPage/>
                                <Route path=path!("/reset-password") view=ResetPasswordPage/>
                                <Route path=path!("/account") view=AccountPage/>
                                <Route path=path!("/support/validation") view=ValidationPage/>
                                <Route path=path!("/admin/roles") view=RolesPage/>
                                <Route path=path!("/partners") view=PartnersPage/>
                                <Route path=path!("/teachers/:id") view=TeacherPage ssr=SsrMode::Async/>
                                <Route path=path!("/contacts") view=ContactsPage/>
                                <Route path=path!("/account/interests") view=InterestsPage/>
                                <Route path=path!("/projects") view=ProjectsPage/>
                                <Route path=path!("/projects/new") view=FoundProjectPage/>
                                <Route path=path!("/projects/mine") view=MyProjectsPage/>
                                <Route path=path!("/projects/:id") view=ProjectPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space") view=TwinboardPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/members") view=SpaceMembersPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/pupils") view=SpacePupilsPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/pages") view=SpacePagesPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/pages/:page") view=SpacePagePage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/forum") view=ForumPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/forum/:thread") view=ThreadPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/chat") view=ChatPage ssr=SsrMode::Async/>
                                <Route path=path!("/projects/:id/space/materials") view=MaterialsPage ssr=SsrMode::Async/>
                                <Route path=path!("/support/projects") view=ProjectApprovalsPage/>
                                <Route path=path!("/pupils/signin") view=PupilSignInPage/>
                                <Route path=path!("/projects/:id/space/waiting") view=crate::moderation::views::WaitingPage ssr=SsrMode::Async/>
                                <Route path=path!("/moderation") view=crate::moderation::views::ModerationQueuePage/>
                                <Route path=path!("/moderation/people/:id") view=crate::moderation::views::ModerationPersonPage/>
                                <Route path=path!("/moderation/log") view=crate::moderation::views::ModerationLogPage/>
                                <Route path=path!("/notices") view=crate::moderation::views::NoticesPage/>
                                <Route path=path!("/report/:kind/:id") view=crate::moderation::views::ReportPage/>
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
