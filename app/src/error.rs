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
    /// Bad input: which field (if any) and what is wrong with it. Views show it in the reader's language.
    #[error("{}", describe_problem(problem, crate::i18n::Locale::en))]
    Invalid { field: Option<String>, problem: Problem },
    /// The caller may see this but not do that (a member without the right role, a read-only space).
    #[error("you may not do this here")]
    Forbidden,
    /// Too many attempts; try again later.
    #[error("too many attempts, please wait and try again")]
    Throttled,
    /// Too many requests of one kind in a few seconds (partner searches): wait a moment.
    #[error("too many requests in a short time, please wait a few seconds")]
    TooFast,
    /// The server is at its limit for this kind of work (uploads in progress); try again shortly.
    #[error("the server is busy, please try again in a minute")]
    Busy,
    /// Something failed on our side; details are in the server log.
    #[error("something went wrong on our side")]
    Internal,
    /// The request itself could not be carried (network, decoding).
    #[error("the request failed: {0}")]
    Transport(String),
}

/// What is wrong with some input. Each has a text in every language (`err_*` keys in `locales/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    EmailFormat,
    EmailTaken,
    NameMissing,
    NameTooLong,
    NameCharacters,
    Required,
    TooLong { max: u32 },
    TextCharacters,
    PasswordTooShort { min: u32 },
    PasswordTooLong { max: u32 },
    ChooseCountry,
    ChooseStaffRole,
    ChooseSchoolAgain,
    SchoolInOtherCountry,
    SchoolMissing,
    ChooseSchoolKind,
    WrongCredentials,
    ConfirmEmailFirst,
    AccountSuspended,
    LinkInvalid,
    AlreadyDecided,
    /// Hidden by a moderator or reported and not yet decided: kept as evidence, not deleted by its author.
    UnderReview,
    /// A pupil with an open report by or about them is erased only once the moderators have decided it.
    OpenReportsFirst,
    ChooseRole,
    NoStaffAccount,
    CannotDemoteSelf,
    ModeratorNeedsCountry,
    CannotContactSelf,
    AlreadyContacts,
    AlreadyRequested,
    RequestDeclined,
    PictureNotAnImage,
    PictureTooLarge { max_mb: u32 },
    ChooseAtLeastOne,
    NumberOfPupils,
    ChooseCofounder,
    PlusNeedsTwoCountries,
    NotAContact,
    /// Private messages: a block either way, or no longer contacts.
    MessagesClosed,
    AlreadyMember,
    AlreadyInvited,
    LastAdministrator,
    PupilName,
    TooManyPupils { max: u32 },
    FileTooLarge { max_mb: u32 },
    FileTypeNotAllowed,
    FileTypeMismatch,
    FileMissing,
    AlreadyReported,
    ChooseReason,
    SuspensionDays { max: u32 },
    /// The TwinSpace's files already take up its storage quota.
    StorageFull { quota_mb: u32 },
    /// Quality Labels: the project is not (or no longer) an approved, visible project.
    LabelProjectNotRunning,
    /// Both founders in one country: national projects earn no Quality Label.
    LabelNationalProject,
    LabelTooEarly { days: u32 },
    LabelNoPupils,
    LabelAlreadyApplied,
    LabelYearlyLimit { max: u32 },
    EvidenceOutsideSpace,
    TooManyLinks { max: u32 },
    ChooseScore { max: u32 },
    BelowMinimumScore { min: u32 },
    NotEligibleForEuropeanLabel,
    SchoolLabelAlreadyApplied,
    SchoolLabelCriteria,
    /// European Prizes: only projects holding the European Quality Label enter.
    PrizeNeedsEuropeanLabel,
    PrizeAlreadyEntered,
    /// The year's competition is not open (none yet, or its results are out).
    PrizeCompetitionClosed,
    ChooseCategory,
    /// A juror is a person of the platform, named by their e-mail address.
    JurorUnknown,
    /// Notification preferences: a delivery that is not one of the choices.
    ChooseDelivery,
    ChooseLanguage,
    /// A link people follow (a seminar's, a group's resource) that is not a whole web address.
    WebAddress,
    /// Online seminars: a start that is not a date and time to come.
    SeminarDate,
    WholeNumber { min: u32, max: u32 },
    SeminarFull,
    SeminarBegun,
    SeminarNotBegun,
    /// Its organiser cancelled it.
    SeminarCancelled,
    /// Learning events: a start after today (within two years), lasting `min` to `max` days.
    LearningEventDates { min: u32, max: u32 },
    /// Units are added before the event starts.
    LearningEventStarted,
    LearningEventOver,
    /// Activities are done while the event runs.
    LearningEventNotRunning,
    /// Someone who completed an event keeps it.
    LearningEventCompleted,
    ChooseActivity,
    TooManyUnits { max: u32 },
    /// A newsletter's or the annual theme's version in another language before the English one.
    EnglishFirst,
    NewsletterSent,
    /// The annual theme ticked on a form is not this year's.
    ChooseTheme,
    ChooseSubject,
    /// Groups: who may join is one of open, on request, by invitation.
    ChooseGroupAccess,
    GroupByInvitation,
    /// A group keeps a moderator: the last one names another before leaving.
    LastGroupModerator,
    /// Groups: support staff invite a teacher by e-mail address; none validated has it.
    NoTeacherWithAddress,
}

/// The text of a problem in a language.
pub fn describe_problem(problem: &Problem, locale: crate::i18n::Locale) -> String {
    use crate::i18n::*;
    match *problem {
        Problem::EmailFormat => td_string!(locale, err_email_format).to_string(),
        Problem::EmailTaken => td_string!(locale, err_email_taken).to_string(),
        Problem::NameMissing => td_string!(locale, err_name_missing).to_string(),
        Problem::NameTooLong => td_string!(locale, err_name_too_long).to_string(),
        Problem::NameCharacters => td_string!(locale, err_name_characters).to_string(),
        Problem::Required => td_string!(locale, err_required).to_string(),
        Problem::TooLong { max } => td_string!(locale, err_too_long, count = max).to_string(),
        Problem::TextCharacters => td_string!(locale, err_text_characters).to_string(),
        Problem::PictureNotAnImage => td_string!(locale, err_picture_not_an_image).to_string(),
        Problem::PictureTooLarge { max_mb } => td_string!(locale, err_picture_too_large, max_mb = max_mb).to_string(),
        Problem::PasswordTooShort { min } => td_string!(locale, err_password_too_short, count = min).to_string(),
        Problem::PasswordTooLong { max } => td_string!(locale, err_password_too_long, count = max).to_string(),
        Problem::ChooseCountry => td_string!(locale, err_choose_country).to_string(),
        Problem::ChooseStaffRole => td_string!(locale, err_choose_staff_role).to_string(),
        Problem::ChooseSchoolAgain => td_string!(locale, err_choose_school_again).to_string(),
        Problem::SchoolInOtherCountry => td_string!(locale, err_school_other_country).to_string(),
        Problem::SchoolMissing => td_string!(locale, err_school_missing).to_string(),
        Problem::ChooseSchoolKind => td_string!(locale, err_choose_school_kind).to_string(),
        Problem::WrongCredentials => td_string!(locale, err_wrong_credentials).to_string(),
        Problem::ConfirmEmailFirst => td_string!(locale, err_confirm_email_first).to_string(),
        Problem::AccountSuspended => td_string!(locale, err_account_suspended).to_string(),
        Problem::LinkInvalid => td_string!(locale, err_link_invalid).to_string(),
        Problem::AlreadyDecided => td_string!(locale, err_already_decided).to_string(),
        Problem::UnderReview => td_string!(locale, err_under_review).to_string(),
        Problem::OpenReportsFirst => td_string!(locale, err_open_reports_first).to_string(),
        Problem::ChooseRole => td_string!(locale, err_choose_role).to_string(),
        Problem::NoStaffAccount => td_string!(locale, err_no_staff_account).to_string(),
        Problem::CannotDemoteSelf => td_string!(locale, err_cannot_demote_self).to_string(),
        Problem::ModeratorNeedsCountry => td_string!(locale, err_moderator_needs_country).to_string(),
        Problem::CannotContactSelf => td_string!(locale, err_contact_self).to_string(),
        Problem::AlreadyContacts => td_string!(locale, err_already_contacts).to_string(),
        Problem::AlreadyRequested => td_string!(locale, err_already_requested).to_string(),
        Problem::RequestDeclined => td_string!(locale, err_request_declined).to_string(),
        Problem::ChooseAtLeastOne => td_string!(locale, err_choose_at_least_one).to_string(),
        Problem::NumberOfPupils => td_string!(locale, err_number_of_pupils).to_string(),
        Problem::ChooseCofounder => td_string!(locale, err_choose_cofounder).to_string(),
        Problem::PlusNeedsTwoCountries => td_string!(locale, err_plus_needs_two_countries).to_string(),
        Problem::NotAContact => td_string!(locale, err_not_a_contact).to_string(),
        Problem::MessagesClosed => td_string!(locale, err_messages_closed).to_string(),
        Problem::AlreadyMember => td_string!(locale, err_already_member).to_string(),
        Problem::AlreadyInvited => td_string!(locale, err_already_invited).to_string(),
        Problem::LastAdministrator => td_string!(locale, err_last_administrator).to_string(),
        Problem::PupilName => td_string!(locale, err_pupil_name).to_string(),
        Problem::TooManyPupils { max } => td_string!(locale, err_too_many_pupils, count = max).to_string(),
        Problem::FileTooLarge { max_mb } => td_string!(locale, err_file_too_large, max_mb = max_mb).to_string(),
        Problem::FileTypeNotAllowed => td_string!(locale, err_file_type_not_allowed).to_string(),
        Problem::FileTypeMismatch => td_string!(locale, err_file_type_mismatch).to_string(),
        Problem::FileMissing => td_string!(locale, err_file_missing).to_string(),
        Problem::AlreadyReported => td_string!(locale, err_already_reported).to_string(),
        Problem::ChooseReason => td_string!(locale, err_choose_reason).to_string(),
        Problem::SuspensionDays { max } => td_string!(locale, err_suspension_days, count = max).to_string(),
        Problem::StorageFull { quota_mb } => td_string!(locale, err_storage_full, quota_mb = quota_mb).to_string(),
        Problem::LabelProjectNotRunning => td_string!(locale, err_label_project_not_running).to_string(),
        Problem::LabelNationalProject => td_string!(locale, err_label_national_project).to_string(),
        Problem::LabelTooEarly { days } => td_string!(locale, err_label_too_early, count = days).to_string(),
        Problem::LabelNoPupils => td_string!(locale, err_label_no_pupils).to_string(),
        Problem::LabelAlreadyApplied => td_string!(locale, err_label_already_applied).to_string(),
        Problem::LabelYearlyLimit { max } => td_string!(locale, err_label_yearly_limit, count = max).to_string(),
        Problem::EvidenceOutsideSpace => td_string!(locale, err_evidence_outside_space).to_string(),
        Problem::TooManyLinks { max } => td_string!(locale, err_too_many_links, count = max).to_string(),
        Problem::ChooseScore { max } => td_string!(locale, err_choose_score, max = max).to_string(),
        Problem::BelowMinimumScore { min } => td_string!(locale, err_below_minimum_score, min = min).to_string(),
        Problem::NotEligibleForEuropeanLabel => td_string!(locale, err_not_eligible_european).to_string(),
        Problem::SchoolLabelAlreadyApplied => td_string!(locale, err_school_label_already_applied).to_string(),
        Problem::SchoolLabelCriteria => td_string!(locale, err_school_label_criteria).to_string(),
        Problem::PrizeNeedsEuropeanLabel => td_string!(locale, err_prize_needs_european_label).to_string(),
        Problem::PrizeAlreadyEntered => td_string!(locale, err_prize_already_entered).to_string(),
        Problem::PrizeCompetitionClosed => td_string!(locale, err_prize_competition_closed).to_string(),
        Problem::ChooseCategory => td_string!(locale, err_choose_category).to_string(),
        Problem::JurorUnknown => td_string!(locale, err_juror_unknown).to_string(),
        Problem::ChooseDelivery => td_string!(locale, err_choose_delivery).to_string(),
        Problem::ChooseLanguage => td_string!(locale, err_choose_language).to_string(),
        Problem::WebAddress => td_string!(locale, err_web_address).to_string(),
        Problem::ChooseSubject => td_string!(locale, err_choose_subject).to_string(),
        Problem::ChooseGroupAccess => td_string!(locale, err_choose_group_access).to_string(),
        Problem::GroupByInvitation => td_string!(locale, err_group_by_invitation).to_string(),
        Problem::LastGroupModerator => td_string!(locale, err_last_group_moderator).to_string(),
        Problem::NoTeacherWithAddress => td_string!(locale, err_no_teacher_with_address).to_string(),
        Problem::SeminarDate => td_string!(locale, err_seminar_date).to_string(),
        Problem::WholeNumber { min, max } => td_string!(locale, err_whole_number, min = min, max = max).to_string(),
        Problem::SeminarFull => td_string!(locale, err_seminar_full).to_string(),
        Problem::SeminarBegun => td_string!(locale, err_seminar_begun).to_string(),
        Problem::SeminarCancelled => td_string!(locale, err_seminar_cancelled).to_string(),
        Problem::SeminarNotBegun => td_string!(locale, err_seminar_not_begun).to_string(),
        Problem::LearningEventDates { min, max } => td_string!(locale, err_learning_event_dates, min = min, max = max).to_string(),
        Problem::LearningEventStarted => td_string!(locale, err_learning_event_started).to_string(),
        Problem::LearningEventOver => td_string!(locale, err_learning_event_over).to_string(),
        Problem::LearningEventNotRunning => td_string!(locale, err_learning_event_not_running).to_string(),
        Problem::LearningEventCompleted => td_string!(locale, err_learning_event_completed).to_string(),
        Problem::ChooseActivity => td_string!(locale, err_choose_activity).to_string(),
        Problem::TooManyUnits { max } => td_string!(locale, err_too_many_units, max = max).to_string(),
        Problem::EnglishFirst => td_string!(locale, err_english_first).to_string(),
        Problem::NewsletterSent => td_string!(locale, err_newsletter_sent).to_string(),
        Problem::ChooseTheme => td_string!(locale, err_choose_theme).to_string(),
    }
}

/// The text of any error in a language, for the reader.
pub fn describe(err: &AppError, locale: crate::i18n::Locale) -> String {
    use crate::i18n::*;
    match err {
        AppError::Invalid { problem, .. } => describe_problem(problem, locale),
        AppError::NotFound => td_string!(locale, not_found_text).to_string(),
        AppError::Unauthenticated => td_string!(locale, sign_in_needed).to_string(),
        AppError::Throttled => td_string!(locale, err_throttled).to_string(),
        AppError::TooFast => td_string!(locale, err_too_fast).to_string(),
        AppError::Busy => td_string!(locale, err_busy).to_string(),
        AppError::Forbidden => td_string!(locale, err_forbidden).to_string(),
        AppError::Internal | AppError::Transport(_) => td_string!(locale, error_text).to_string(),
    }
}

impl AppError {
    pub fn invalid(field: impl Into<String>, problem: Problem) -> Self {
        AppError::Invalid { field: Some(field.into()), problem }
    }

    /// A problem with the whole form rather than one field.
    pub fn form(problem: Problem) -> Self {
        AppError::Invalid { field: None, problem }
    }

    /// The field a problem belongs to, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    pub fn problem(&self) -> Option<Problem> {
        match self {
            AppError::Invalid { problem, .. } => Some(*problem),
            _ => None,
        }
    }

    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Throttled | AppError::TooFast => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
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
