//! `POST /newsletter/one-click-unsubscribe?token=…`: RFC 8058's one-click unsubscribe, which mail programs send
//! when a reader presses their own "Unsubscribe" button (the `List-Unsubscribe-Post` header of every
//! newsletter). The token is the proof; no session, no page. People who follow the link in the text instead
//! reach the unsubscribe page, whose button does the same.
use crate::routes::AppState;
use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};

#[derive(serde::Deserialize)]
pub struct Token {
    #[serde(default)]
    token: String,
}

/// The same address opened in a browser (a mail program without one-click, or a copied address): the unsubscribe
/// page, which asks before it does anything (a GET changes nothing: link checkers open every link in a mail).
pub async fn to_the_page(Query(Token { token }): Query<Token>) -> Response {
    let token: String = token.chars().filter(char::is_ascii_hexdigit).take(64).collect();
    axum::response::Redirect::to(&app::newsletter::unsubscribe_path(&token)).into_response()
}

pub async fn one_click_unsubscribe(State(state): State<AppState>, Query(Token { token }): Query<Token>) -> Response {
    match app::newsletter::ssr::unsubscribe(&state.db, &token).await {
        Ok(true) => (StatusCode::OK, "Unsubscribed: no more newsletters will be sent to this address.").into_response(),
        Ok(false) => (StatusCode::NOT_FOUND, "This link unsubscribes nobody: perhaps the address was unsubscribed already.").into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
