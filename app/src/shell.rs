//! The HTML document and the router: every page of the platform is declared here.
use crate::{
    countries::CountriesPage,
    home::HomePage,
    i18n::I18nContextProvider,
    layout::{ErrorPage, Footer, Header, NotFound},
};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::{
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

    view! {
        <Stylesheet id="leptos" href="/pkg/opentwin.css"/>
        <I18nContextProvider>
            <Router>
                <div class="flex min-h-screen flex-col">
                    <Header/>
                    <main id="main" class="flex-1" tabindex="-1">
                        <ErrorBoundary fallback=|errors| view! { <ErrorPage errors/> }>
                            <Routes fallback=NotFound>
                                <Route path=path!("/") view=HomePage/>
                                <Route path=path!("/countries") view=CountriesPage/>
                            </Routes>
                        </ErrorBoundary>
                    </main>
                    <Footer/>
                </div>
            </Router>
        </I18nContextProvider>
    }
}
