//! The browser entry point: hydrates the server-rendered page.
// The views of a whole page are one deeply nested type; erasing them where the page's sections meet (see
// ARCHITECTURE.md, "Views") keeps them shallow, and this limit is the margin for the rest.
#![recursion_limit = "256"]

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets browser tests (and curious developers) know that event handlers are attached.
    let _ = js_sys::Reflect::set(&leptos::prelude::window(), &"__opentwin_hydrated".into(), &true.into());
}
