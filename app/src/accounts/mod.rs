//! Accounts: school staff (teachers, heads, librarians, student teachers), support staff, and TwinSpace-only
//! pupil logins. Pupils have a username and no e-mail, and never appear outside their TwinSpaces.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountStatus {
    /// Waiting for the support organisation of the person's country.
    Pending,
    Validated,
    Rejected,
    Suspended,
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::AccountStatus;
    use crate::error::AppError;
    use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

    impl AccountStatus {
        pub fn as_str(self) -> &'static str {
            match self {
                AccountStatus::Pending => "pending",
                AccountStatus::Validated => "validated",
                AccountStatus::Rejected => "rejected",
                AccountStatus::Suspended => "suspended",
            }
        }
    }

    /// `accounts.kind`: a member of school staff, or a TwinSpace-only pupil login.
    pub const KIND_STAFF: &str = "staff";
    pub const KIND_PUPIL: &str = "pupil";

    /// Argon2id with OWASP's recommended minimum: 19 MiB of memory, 2 passes, 1 lane.
    pub fn hash_password(password: &str) -> Result<String, AppError> {
        use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version, password_hash::{SaltString, rand_core::OsRng}};
        let params = Params::new(19 * 1024, 2, 1, None).map_err(|_| AppError::Internal)?;
        let salt = SaltString::generate(&mut OsRng);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|_| AppError::Internal)
    }

    /// Creates a platform administrator (from the command line, for the first one).
    pub async fn create_administrator(
        db: &impl ConnectionTrait,
        email: &str,
        name: &str,
        password: &str,
    ) -> Result<i32, AppError> {
        let email = super::rules::normalise_email(email)?;
        let name = super::rules::display_name(name)?;
        super::rules::password(password)?;
        if entity::Entity::find().filter(entity::Column::Email.eq(&email)).one(db).await?.is_some() {
            return Err(AppError::invalid("email", "An account with this e-mail address already exists."));
        }
        let account = entity::ActiveModel {
            kind: Set(KIND_STAFF.to_owned()),
            email: Set(Some(email)),
            display_name: Set(name),
            password_hash: Set(Some(hash_password(password)?)),
            platform_role: Set("admin".to_owned()),
            status: Set(AccountStatus::Validated.as_str().to_owned()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(account.id)
    }

    pub mod entity {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "accounts")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub kind: String,
            pub email: Option<String>,
            pub username: Option<String>,
            pub display_name: String,
            pub password_hash: Option<String>,
            pub staff_role: Option<String>,
            pub platform_role: String,
            pub country_code: Option<String>,
            pub school_id: Option<i32>,
            pub status: String,
            pub created_at: DateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

/// Rules on input shared by sign-up, profile and the command line.
pub mod rules {
    use crate::error::AppError;

    pub const MIN_PASSWORD_LEN: usize = 12;
    pub const MAX_PASSWORD_LEN: usize = 256;

    /// A plausible e-mail address, normalised to lower case. Deliverability is proven by the verification mail.
    pub fn normalise_email(raw: &str) -> Result<String, AppError> {
        let email = raw.trim().to_lowercase();
        let valid = email.len() <= 254
            && !email.chars().any(|c| c.is_control() || c.is_whitespace() || c == '<' || c == '>')
            && matches!(email.split_once('@'), Some((local, domain))
                if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains('@'));
        if valid { Ok(email) } else { Err(AppError::invalid("email", "Enter an e-mail address like name@school.eu.")) }
    }

    /// A display name: 1 to 100 characters of text, no control characters or markup.
    pub fn display_name(raw: &str) -> Result<String, AppError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(AppError::invalid("name", "Enter your name."));
        }
        if name.chars().count() > 100 {
            return Err(AppError::invalid("name", "Use at most 100 characters."));
        }
        if name.chars().any(|c| c.is_control() || matches!(c, '<' | '>')) {
            return Err(AppError::invalid("name", "Use letters, spaces and punctuation only."));
        }
        Ok(name.to_owned())
    }

    pub fn password(raw: &str) -> Result<(), AppError> {
        let length = raw.chars().count();
        if length < MIN_PASSWORD_LEN {
            return Err(AppError::invalid("password", format!("Use at least {MIN_PASSWORD_LEN} characters.")));
        }
        if length > MAX_PASSWORD_LEN {
            return Err(AppError::invalid("password", format!("Use at most {MAX_PASSWORD_LEN} characters.")));
        }
        Ok(())
    }
}
