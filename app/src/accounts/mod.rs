//! Accounts: sign-up, e-mail verification, sign-in and sign-out, password reset, national validation and
//! platform roles. School staff have an e-mail; pupils get TwinSpace-only logins (username, no e-mail).
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod session_store;
pub mod views;

pub use views::{AccountPage, ForgotPasswordPage, ResetPasswordPage, RolesPage, SignInPage, SignUpPage, ValidationPage, VerifyEmailPage};

use crate::{access::Viewer, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountStatus {
    /// Waiting for the support organisation of the person's country.
    Pending,
    Validated,
    Rejected,
    Suspended,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Pending => "pending",
            AccountStatus::Validated => "validated",
            AccountStatus::Rejected => "rejected",
            AccountStatus::Suspended => "suspended",
        }
    }

    pub fn parse(value: &str) -> Option<AccountStatus> {
        [AccountStatus::Pending, AccountStatus::Validated, AccountStatus::Rejected, AccountStatus::Suspended]
            .into_iter()
            .find(|status| status.as_str() == value)
    }
}

/// A person's role at school, as given at sign-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaffRole {
    Teacher,
    Head,
    Librarian,
    OtherStaff,
    /// eTwinning for future teachers: attached to an initial teacher education institution.
    StudentTeacher,
}

impl StaffRole {
    pub const ALL: [StaffRole; 5] =
        [StaffRole::Teacher, StaffRole::Head, StaffRole::Librarian, StaffRole::OtherStaff, StaffRole::StudentTeacher];

    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Teacher => "teacher",
            StaffRole::Head => "head",
            StaffRole::Librarian => "librarian",
            StaffRole::OtherStaff => "other_staff",
            StaffRole::StudentTeacher => "student_teacher",
        }
    }

    pub fn parse(value: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|role| role.as_str() == value)
    }
}

/// What a person sees about their own account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub display_name: String,
    pub email: Option<String>,
    pub status: AccountStatus,
    /// Why the support organisation rejected the account, when it did.
    pub decision_reason: Option<String>,
    pub staff_role: Option<String>,
    /// The school's country (ISO code): its name and support organisation are shown in the reader's language.
    pub country_code: Option<String>,
    pub school_name: Option<String>,
    /// Pupils' names are set by their teacher, never by themselves.
    pub may_rename: bool,
}

/// A sign-up waiting in a moderator's validation queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingAccount {
    pub id: i32,
    pub display_name: String,
    pub email: String,
    pub staff_role: String,
    pub institution: Option<String>,
    pub country_code: String,
    pub school_name: Option<String>,
    pub school_city: Option<String>,
    pub school_confirmed: bool,
    pub signed_up: chrono::DateTime<chrono::Utc>,
}

/// A person holding a moderator or administrator role, for the roles page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleHolder {
    pub display_name: String,
    pub email: String,
    pub role: crate::access::PlatformRole,
    pub country_code: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Validate,
    Reject,
}

/// Everything a new member of school staff gives at sign-up. Either `school_id` names an existing school of
/// their country, or the `new_school_*` fields register one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)] // Fields a form leaves out (a hidden section, no school chosen) arrive empty.
pub struct SignUpForm {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub country: String,
    pub staff_role: String,
    pub institution: String,
    pub school_id: String,
    pub new_school_name: String,
    pub new_school_city: String,
    pub new_school_kind: String,
}

/// The signed-in person, or nobody.
#[server(prefix = "/api")]
pub async fn current_viewer() -> Result<Option<Viewer>, AppError> {
    let db = crate::db::conn()?;
    ssr::viewer_of_request(&db).await
}

#[server(prefix = "/api")]
pub async fn sign_up(form: SignUpForm) -> Result<(), AppError> {
    let db = crate::db::conn()?;
    let site = ssr::site()?;
    let ip = ssr::client_ip().await;
    let locale = crate::request_locale().await;
    ssr::sign_up(&db, form, &ip, locale, &site.public_url).await.map_err(crate::error::respond_with)?;
    leptos_axum::redirect("/signin?registered=1");
    Ok(())
}

#[server(prefix = "/api")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    let db = crate::db::conn()?;
    let ip = ssr::client_ip().await;
    let viewer = ssr::authenticate(&db, &email, &password, &ip).await.map_err(crate::error::respond_with)?;
    ssr::start_session(viewer.id).await?;
    leptos_axum::redirect("/account");
    Ok(())
}

/// Pupils sign in on their own page, with a username instead of an e-mail address.
#[server(prefix = "/api")]
pub async fn pupil_sign_in(username: String, password: String) -> Result<(), AppError> {
    let db = crate::db::conn()?;
    let ip = ssr::client_ip().await;
    let viewer = ssr::authenticate_pupil(&db, &username, &password, &ip).await.map_err(crate::error::respond_with)?;
    ssr::start_session(viewer.id).await?;
    leptos_axum::redirect("/projects/mine");
    Ok(())
}

#[server(prefix = "/api")]
pub async fn sign_out() -> Result<(), AppError> {
    ssr::end_session().await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(prefix = "/api")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    let db = crate::db::conn()?;
    ssr::verify_email(&db, &token).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let db = crate::db::conn()?;
    let site = ssr::site()?;
    let ip = ssr::client_ip().await;
    ssr::request_password_reset(&db, &email, &ip, &site.public_url).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    let db = crate::db::conn()?;
    let ip = ssr::client_ip().await;
    ssr::reset_password(&db, &token, &password, &ip).await.map_err(crate::error::respond_with)?;
    leptos_axum::redirect("/signin?reset=1");
    Ok(())
}

#[server(prefix = "/api")]
pub async fn my_account() -> Result<AccountOverview, AppError> {
    let (db, viewer) = ssr::signed_in().await?;
    ssr::my_account(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn update_profile(display_name: String) -> Result<(), AppError> {
    let (db, viewer) = ssr::signed_in().await?;
    ssr::update_profile(&db, &viewer, &display_name).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn validation_queue() -> Result<Vec<PendingAccount>, AppError> {
    let (db, viewer) = ssr::signed_in().await?;
    ssr::validation_queue(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn decide_validation(account_id: i32, decision: Decision, #[server(default)] reason: String) -> Result<(), AppError> {
    let (db, viewer) = ssr::signed_in().await?;
    let site = ssr::site()?;
    ssr::decide_validation(&db, &viewer, account_id, decision, &reason, &site.public_url)
        .await
        .map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn role_holders() -> Result<Vec<RoleHolder>, AppError> {
    let (db, viewer) = ssr::signed_in().await?;
    ssr::role_holders(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn assign_role(email: String, role: String, #[server(default)] country: String) -> Result<(), AppError> {
    let (db, viewer) = ssr::signed_in().await?;
    ssr::assign_role(&db, &viewer, &email, &role, &country).await.map_err(crate::error::respond_with)
}

/// Rules on input shared by sign-up, profile and the command line.
pub mod rules {
    use crate::error::{AppError, Problem};

    pub const MIN_PASSWORD_LEN: usize = 12;
    pub const MAX_PASSWORD_LEN: usize = 256;

    /// A plausible e-mail address, normalised to lower case. Deliverability is proven by the verification mail.
    pub fn normalise_email(raw: &str) -> Result<String, AppError> {
        let email = raw.trim().to_lowercase();
        let valid = email.len() <= 254
            && !email.chars().any(|c| c.is_control() || c.is_whitespace() || c == '<' || c == '>')
            && matches!(email.split_once('@'), Some((local, domain))
                if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains('@'));
        if valid { Ok(email) } else { Err(AppError::invalid("email", Problem::EmailFormat)) }
    }

    /// A display name: 1 to 100 characters of text, no control characters or markup.
    pub fn display_name(raw: &str) -> Result<String, AppError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(AppError::invalid("name", Problem::NameMissing));
        }
        if name.chars().count() > 100 {
            return Err(AppError::invalid("name", Problem::NameTooLong));
        }
        if name.chars().any(|c| c.is_control() || matches!(c, '<' | '>')) {
            return Err(AppError::invalid("name", Problem::NameCharacters));
        }
        Ok(name.to_owned())
    }

    /// Free text of at most `max` characters, without control characters (newlines and tabs allowed) or markup.
    pub fn short_text(field: &str, raw: &str, max: usize, required: bool) -> Result<String, AppError> {
        let text = raw.trim();
        if required && text.is_empty() {
            return Err(AppError::invalid(field, Problem::Required));
        }
        if text.chars().count() > max {
            return Err(AppError::invalid(field, Problem::TooLong { max: max as u32 }));
        }
        if text.chars().any(|c| (c.is_control() && c != '\n' && c != '\t' && c != '\r') || matches!(c, '<' | '>')) {
            return Err(AppError::invalid(field, Problem::TextCharacters));
        }
        Ok(text.to_owned())
    }

    pub fn password(raw: &str) -> Result<(), AppError> {
        let length = raw.chars().count();
        if length < MIN_PASSWORD_LEN {
            return Err(AppError::invalid("password", Problem::PasswordTooShort { min: MIN_PASSWORD_LEN as u32 }));
        }
        if length > MAX_PASSWORD_LEN {
            return Err(AppError::invalid("password", Problem::PasswordTooLong { max: MAX_PASSWORD_LEN as u32 }));
        }
        Ok(())
    }
}
