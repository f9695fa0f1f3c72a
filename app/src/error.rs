//! The one error type that crosses the wire between server functions and views.
//!
//! Server-side causes (database, I/O) are logged where they happen and reach the browser only as
//! `Internal`, so nothing about the installation leaks. Each variant maps to one HTTP status.
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The thing does not exist, or the caller may not know that it does.
    #[error("not found")]
    NotFound,
    /// The caller must sign in first.
    #[error("please sign in")]
    Unauthenticated,
    /// Bad input: the message names the field and what is wrong, in words a user understands.
    #[error("{message}")]
    Invalid { field: Option<String>, message: String },
    /// Too many attempts; try again later.
    #[error("too many attempts, please wait and try again")]
    Throttled,
    /// Something failed on our side; details are in the server log.
    #[error("something went wrong on our side")]
    Internal,
    /// The request itself could not be carried (network, decoding).
    #[error("the request failed: {0}")]
    Transport(String),
}

impl AppError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Invalid { field: Some(field.into()), message: message.into() }
    }

    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Throttled => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Transport(_) => StatusCode::BAD_REQUEST,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

/// Sets the HTTP status of the current response from an error, so that a failed server function or a page that
/// could not load answers with the right 4xx/5xx, not a 200 or a blanket 500.
#[cfg(feature = "ssr")]
pub fn respond_with(err: AppError) -> AppError {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(err.status());
    }
    err
}
