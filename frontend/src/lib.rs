//! The browser entry point. Pages are rendered on the server only (Leptos islands); this bundle carries just the
//! interactive islands (`#[island]` components of `app`), which Leptos' island script hydrates one by one.
use wasm_bindgen::{JsCast, prelude::wasm_bindgen};

// The islands are exported from `app`; naming the crate keeps them linked into this bundle.
extern crate app;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Leptos' island script hydrates the islands right after this function returns, one microtask each; a
    // task queued now runs after all of them. Browser tests (and curious developers) wait for this flag.
    let mark = wasm_bindgen::closure::Closure::once_into_js(|| {
        let _ = js_sys::Reflect::set(&leptos::prelude::window(), &"__opentwin_hydrated".into(), &true.into());
    });
    let _ = leptos::prelude::window().set_timeout_with_callback(mark.unchecked_ref());
}
