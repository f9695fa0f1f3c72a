//! The browser entry point: hydrates the server-rendered page.
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets browser tests (and curious developers) know that event handlers are attached.
    let _ = js_sys::Reflect::set(&leptos::prelude::window(), &"__opentwin_hydrated".into(), &true.into());
}
