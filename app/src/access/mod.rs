//! The one place that decides who may see and do what with accounts and validation. Every server function and
//! query that lists or changes people asks here first; later features add their own rules beside these.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountKind {
    /// School staff: teachers, heads, librarians, other staff, student teachers; and support staff.
    Staff,
    /// A TwinSpace-only pupil login: username, no e-mail.
    Pupil,
}

/// What a person may do on the platform beyond their own projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlatformRole {
    Member,
    /// Staff of a National Support Organisation (or, in eTwinning Plus countries, a Partner Support Agency),
    /// bound to one country.
    NsoModerator,
    /// Staff of the Central Support Service: every country.
    CssModerator,
    Administrator,
}

impl PlatformRole {
    pub const ALL: [PlatformRole; 4] =
        [PlatformRole::Member, PlatformRole::NsoModerator, PlatformRole::CssModerator, PlatformRole::Administrator];

    pub fn as_str(self) -> &'static str {
        match self {
            PlatformRole::Member => "member",
            PlatformRole::NsoModerator => "nso_moderator",
            PlatformRole::CssModerator => "css_moderator",
            PlatformRole::Administrator => "admin",
        }
    }

    pub fn parse(value: &str) -> Option<PlatformRole> {
        PlatformRole::ALL.into_iter().find(|role| role.as_str() == value)
    }
}

/// The signed-in person, as every rule sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: i32,
    pub display_name: String,
    pub kind: AccountKind,
    pub role: PlatformRole,
    pub country_code: Option<String>,
    pub status: crate::accounts::AccountStatus,
}

/// Whose sign-ups a viewer may list, validate and reject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidationScope {
    Nobody,
    Country(String),
    Everyone,
}

pub fn validation_scope(viewer: &Viewer) -> ValidationScope {
    match (viewer.role, &viewer.country_code) {
        (PlatformRole::CssModerator | PlatformRole::Administrator, _) => ValidationScope::Everyone,
        (PlatformRole::NsoModerator, Some(country)) => ValidationScope::Country(country.clone()),
        _ => ValidationScope::Nobody,
    }
}

impl ValidationScope {
    pub fn covers(&self, country_code: Option<&str>) -> bool {
        match self {
            ValidationScope::Nobody => false,
            ValidationScope::Everyone => true,
            ValidationScope::Country(code) => country_code == Some(code.as_str()),
        }
    }
}

/// Only administrators hand out moderator roles.
pub fn may_assign_roles(viewer: &Viewer) -> bool {
    viewer.role == PlatformRole::Administrator
}

/// Teachers take part (search, contacts, projects) only once validated; staff of the support services act by
/// their role.
pub fn is_active_teacher(viewer: &Viewer) -> bool {
    viewer.kind == AccountKind::Staff && viewer.status == crate::accounts::AccountStatus::Validated
}

/// Who may look teachers up (profiles, the directory) and see their contacts' details: validated teachers,
/// and the support services whose job it is.
pub fn may_see_teachers(viewer: &Viewer) -> bool {
    is_active_teacher(viewer) || viewer.role != PlatformRole::Member
}

/// Only validated teachers build a network of contacts.
pub fn may_have_contacts(viewer: &Viewer) -> bool {
    is_active_teacher(viewer) && viewer.role == PlatformRole::Member
}

/// Founding projects, answering as co-founder and joining TwinSpaces: validated teachers, like contacts.
pub fn may_found_projects(viewer: &Viewer) -> bool {
    may_have_contacts(viewer)
}

/// The Central Support Service (and administrators): the whole platform's newsletter and annual theme.
pub fn is_central_support(viewer: &Viewer) -> bool {
    matches!(viewer.role, PlatformRole::CssModerator | PlatformRole::Administrator)
}

/// School staff describe their own interests, whatever their validation status; pupils have none.
pub fn may_describe_interests(viewer: &Viewer) -> bool {
    viewer.kind == AccountKind::Staff
}

/// Conditions on queries, so that lists, counts and search all apply the same rules.
#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::accounts::{AccountStatus, ssr::{KIND_STAFF, entity as accounts}};
    use sea_orm::{ColumnTrait, Condition};

    /// The accounts anyone may see as teachers of the community: validated school staff. Pending, rejected and
    /// suspended people, pupils, and support staff never appear in lists, search, counts or country figures.
    pub fn publicly_visible_teachers() -> Condition {
        Condition::all()
            .add(accounts::Column::Kind.eq(KIND_STAFF))
            .add(accounts::Column::Status.eq(AccountStatus::Validated.as_str()))
            .add(accounts::Column::PlatformRole.eq(super::PlatformRole::Member.as_str()))
    }
}

pub mod twinspace;
