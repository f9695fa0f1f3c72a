//! The community authorization matrix, generated: every person who may come to the platform × every action of
//! its community features (groups and their moderation, learning events, online seminars, private messages, the
//! newsletter), through the real server-side functions, on both databases. The expected answers are written down
//! here, as one table, independently of the rules in the code (`access`, and each feature's `ssr`): what the
//! person gets, and when refused, whether the thing is simply not there for them (not found) or they see it and
//! may not do that.
//!
//! Every fixture is made once per database; an action that changes something (joining, enrolling, registering,
//! subscribing) is undone after each attempt, and one that uses something up (approving a proposal, cancelling a
//! seminar, deciding a report, sending a newsletter) gets a fresh one, so the order of the people does not
//! matter: the matrix is run twice, the people in one order and then in the other.
use crate::support;

use app::{
    access::Viewer,
    accounts::ssr::entity as accounts,
    error::{AppError, Problem},
    groups::{GroupFilter, ssr as groups, ssr::Invitee},
    learning_events::{EventForm, ssr as events},
    messages::ssr as messages,
    moderation::ssr as moderation,
    newsletter::ssr as newsletter,
    seminars::{SeminarForm, ssr as seminars},
    teachers::pictures::ssr::PictureStore,
};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use support::{contacts, group_form, on_each_database, person, validated};

const URL: &str = "https://opentwin.example";

/// Who tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actor {
    /// A pupil of a TwinSpace (validated login, France).
    Pupil,
    /// A teacher who signed up and waits for validation (France).
    PendingTeacher,
    /// A teacher who took part in everything (member of every group, enrolled, registered, a contact), then was
    /// suspended (Italy).
    SuspendedParticipant,
    /// A validated teacher of France who takes part in nothing here.
    UninvolvedTeacher,
    /// A validated teacher of Italy: member of the three groups, enrolled in the learning event, registered for the
    /// seminar, a contact of Rita.
    Participant,
    /// The validated teacher of France who proposed the three groups and moderates them.
    GroupModerator,
    /// Staff of France's support organisation who organises the learning event and the seminar (and, being French
    /// support staff, oversees the groups).
    Organiser,
    /// Other staff of France's support organisation: oversees the groups, organises none of the events.
    NsoOfTheCountry,
    /// Staff of Germany's support organisation.
    NsoOfAnotherCountry,
    /// The Central Support Service.
    CentralSupport,
}

const ACTORS: [Actor; 10] = [
    Actor::Pupil,
    Actor::PendingTeacher,
    Actor::SuspendedParticipant,
    Actor::UninvolvedTeacher,
    Actor::Participant,
    Actor::GroupModerator,
    Actor::Organiser,
    Actor::NsoOfTheCountry,
    Actor::NsoOfAnotherCountry,
    Actor::CentralSupport,
];

/// What they try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    // Groups (three approved groups of France: open, on request, by invitation, each with a thread)
    BrowseGroups,
    ReadOpenGroupForum,
    ReadRequestGroupForum,
    ReadInvitationGroupForum,
    JoinOpenGroup,
    AskToJoinRequestGroup,
    JoinInvitationGroup,
    StartThreadInOpenGroup,
    ReplyInInvitationGroup,
    PinResourceInOpenGroup,
    /// Hide the participant's post in the open group, reported by another teacher.
    HideReportedGroupPost,
    /// Dismiss such a report (decide it without hiding).
    DismissGroupReport,
    /// Approve a group the moderator has just proposed.
    ApproveGroupProposal,
    ProposeGroup,
    // Learning events (one, running, organised by the organiser; units: read, discuss, submit)
    ListLearningEvents,
    ReadLearningEvent,
    /// The units' instructions, beyond the programme's titles.
    ReadUnitInstructions,
    /// The participants' progress and work.
    FollowParticipantsProgress,
    EnrolInLearningEvent,
    MarkReadUnitDone,
    WriteInUnitForum,
    OrganiseLearningEvent,
    // Seminars (one upcoming, organised by the organiser)
    ListSeminars,
    ReadSeminar,
    SeeSeminarJoinLink,
    RegisterForSeminar,
    /// Mark the registered participant present, once it has begun.
    MarkSeminarAttendance,
    /// Cancel a seminar the organiser has just scheduled.
    CancelSeminar,
    ScheduleSeminar,
    // Private messages (Rita is the participant's contact; Sven is nobody's; Rita and Tomas write to each other)
    WriteToParticipantsContact,
    WriteToStranger,
    OpenConversationWithParticipantsContact,
    ReadSomeoneElsesMessage,
    ListenToSomeoneElsesConversation,
    // Newsletter
    WriteNewsletter,
    /// Send a draft the Central Support Service has just written.
    SendNewsletter,
    SubscribeToNewsletter,
    ReadNewsletters,
}

const ACTIONS: [Action; 38] = [
    Action::BrowseGroups,
    Action::ReadOpenGroupForum,
    Action::ReadRequestGroupForum,
    Action::ReadInvitationGroupForum,
    Action::JoinOpenGroup,
    Action::AskToJoinRequestGroup,
    Action::JoinInvitationGroup,
    Action::StartThreadInOpenGroup,
    Action::ReplyInInvitationGroup,
    Action::PinResourceInOpenGroup,
    Action::HideReportedGroupPost,
    Action::DismissGroupReport,
    Action::ApproveGroupProposal,
    Action::ProposeGroup,
    Action::ListLearningEvents,
    Action::ReadLearningEvent,
    Action::ReadUnitInstructions,
    Action::FollowParticipantsProgress,
    Action::EnrolInLearningEvent,
    Action::MarkReadUnitDone,
    Action::WriteInUnitForum,
    Action::OrganiseLearningEvent,
    Action::ListSeminars,
    Action::ReadSeminar,
    Action::SeeSeminarJoinLink,
    Action::RegisterForSeminar,
    Action::MarkSeminarAttendance,
    Action::CancelSeminar,
    Action::ScheduleSeminar,
    Action::WriteToParticipantsContact,
    Action::WriteToStranger,
    Action::OpenConversationWithParticipantsContact,
    Action::ReadSomeoneElsesMessage,
    Action::ListenToSomeoneElsesConversation,
    Action::WriteNewsletter,
    Action::SendNewsletter,
    Action::SubscribeToNewsletter,
    Action::ReadNewsletters,
];

/// What an attempt gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Done, or shown.
    Done,
    /// The page is shown, without that part of it.
    Withheld,
    /// Not there for them (not found): they learn nothing.
    Unseen,
    /// They see it and may not do that.
    Refused,
    /// Refused with a reason on the form.
    Declined(Problem),
}

/// The expected answers, one row per action, one letter per person in `ACTORS` order:
/// `Y` done · `W` shown without that part · `-` not found · `N` refused · `P` refused with the row's reason.
///
/// Pupils, teachers waiting for validation and suspended teachers see no community feature at all; the support
/// services see them all. Teachers join groups, enrol and write private messages; support staff oversee their
/// country's groups, organise events and write no private messages; the Central Support Service oversees and
/// runs everything and alone writes the newsletter.
#[rustfmt::skip]
const TABLE: &[(Action, &str, Option<Problem>)] = &[
    //                                               Pupil Pend Susp Unin Part GMod Orgn NsoC NsoA CSS
    (Action::BrowseGroups,                            "-    -    -    Y    Y    Y    Y    Y    Y    Y", None),
    (Action::ReadOpenGroupForum,                      "-    -    -    Y    Y    Y    Y    Y    Y    Y", None),
    (Action::ReadRequestGroupForum,                   "-    -    -    -    Y    Y    Y    Y    -    Y", None),
    (Action::ReadInvitationGroupForum,                "-    -    -    -    Y    Y    Y    Y    -    Y", None),
    (Action::JoinOpenGroup,                           "-    -    -    Y    Y    Y    N    N    N    N", None),
    (Action::AskToJoinRequestGroup,                   "-    -    -    Y    Y    Y    N    N    N    N", None),
    (Action::JoinInvitationGroup,                     "-    -    -    P    Y    Y    N    N    N    N", Some(Problem::GroupByInvitation)),
    (Action::StartThreadInOpenGroup,                  "-    -    -    N    Y    Y    Y    Y    N    Y", None),
    (Action::ReplyInInvitationGroup,                  "-    -    -    -    Y    Y    Y    Y    -    Y", None),
    (Action::PinResourceInOpenGroup,                  "-    -    -    N    N    Y    Y    Y    N    Y", None),
    (Action::HideReportedGroupPost,                   "-    -    -    -    -    Y    Y    Y    -    Y", None),
    (Action::DismissGroupReport,                      "-    -    -    -    -    N    Y    Y    -    Y", None),
    (Action::ApproveGroupProposal,                    "-    -    -    -    -    N    Y    Y    -    Y", None),
    (Action::ProposeGroup,                            "N    N    N    Y    Y    Y    Y    Y    Y    Y", None),
    (Action::ListLearningEvents,                      "-    -    -    Y    Y    Y    Y    Y    Y    Y", None),
    (Action::ReadLearningEvent,                       "-    -    -    Y    Y    Y    Y    Y    Y    Y", None),
    (Action::ReadUnitInstructions,                    "-    -    -    W    Y    W    Y    W    W    Y", None),
    (Action::FollowParticipantsProgress,              "-    -    -    W    W    W    Y    W    W    Y", None),
    (Action::EnrolInLearningEvent,                    "-    -    -    Y    Y    Y    N    N    N    N", None),
    (Action::MarkReadUnitDone,                        "-    -    -    N    Y    N    N    N    N    N", None),
    (Action::WriteInUnitForum,                        "-    -    -    N    Y    N    Y    N    N    Y", None),
    (Action::OrganiseLearningEvent,                   "N    N    N    N    N    N    Y    Y    Y    Y", None),
    (Action::ListSeminars,                            "-    -    -    Y    Y    Y    Y    Y    Y    Y", None),
    (Action::ReadSeminar,                             "-    -    -    Y    Y    Y    Y    Y    Y    Y", None),
    (Action::SeeSeminarJoinLink,                      "-    -    -    W    Y    W    Y    W    W    Y", None),
    (Action::RegisterForSeminar,                      "-    -    -    Y    Y    Y    N    Y    Y    N", None),
    (Action::MarkSeminarAttendance,                   "-    -    -    -    -    -    Y    -    -    Y", None),
    (Action::CancelSeminar,                           "-    -    -    -    -    -    Y    -    -    Y", None),
    (Action::ScheduleSeminar,                         "N    N    N    N    N    N    Y    Y    Y    Y", None),
    (Action::WriteToParticipantsContact,              "-    -    -    P    Y    P    -    -    -    -", Some(Problem::MessagesClosed)),
    (Action::WriteToStranger,                         "-    -    -    P    P    P    -    -    -    -", Some(Problem::MessagesClosed)),
    (Action::OpenConversationWithParticipantsContact, "-    -    -    -    Y    -    -    -    -    -", None),
    (Action::ReadSomeoneElsesMessage,                 "-    -    -    -    -    -    -    -    -    -", None),
    (Action::ListenToSomeoneElsesConversation,        "-    -    -    -    -    -    -    -    -    -", None),
    (Action::WriteNewsletter,                         "N    N    N    N    N    N    N    N    N    Y", None),
    (Action::SendNewsletter,                          "N    N    N    N    N    N    N    N    N    Y", None),
    (Action::SubscribeToNewsletter,                   "-    -    -    Y    Y    Y    Y    Y    Y    Y", None),
    (Action::ReadNewsletters,                         "-    -    -    Y    Y    Y    Y    Y    Y    Y", None),
];

fn expected(actor: Actor, action: Action) -> Outcome {
    let &(_, row, problem) = TABLE.iter().find(|(a, _, _)| *a == action).unwrap_or_else(|| panic!("no row for {action:?}"));
    let column = ACTORS.iter().position(|a| *a == actor).unwrap();
    let letter = row.split_whitespace().nth(column).unwrap_or_else(|| panic!("no answer for {actor:?} in the row of {action:?}"));
    match letter {
        "Y" => Outcome::Done,
        "W" => Outcome::Withheld,
        "-" => Outcome::Unseen,
        "N" => Outcome::Refused,
        "P" => Outcome::Declined(problem.unwrap_or_else(|| panic!("the row of {action:?} names no reason"))),
        other => panic!("unknown answer {other:?} for {actor:?} {action:?}"),
    }
}

/// What a result is, for the table; an unexpected kind of error stays an error.
fn shown<T>(result: Result<T, AppError>, part: impl FnOnce(&T) -> bool) -> Result<Outcome, AppError> {
    match result {
        Ok(value) => Ok(if part(&value) { Outcome::Done } else { Outcome::Withheld }),
        Err(AppError::NotFound) => Ok(Outcome::Unseen),
        Err(AppError::Forbidden) => Ok(Outcome::Refused),
        Err(AppError::Invalid { problem, .. }) => Ok(Outcome::Declined(problem)),
        Err(other) => Err(other),
    }
}

fn seen<T>(result: Result<T, AppError>) -> Result<Outcome, AppError> {
    shown(result, |_| true)
}

/// An event of three weeks with room for everyone.
fn event_form(title: &str, starts_on: NaiveDate) -> EventForm {
    EventForm {
        title: title.into(),
        description: "Three weeks on project-based learning with partners abroad.".into(),
        language: "en".into(),
        starts_on: starts_on.format("%Y-%m-%d").to_string(),
        ends_on: (starts_on + TimeDelta::days(20)).format("%Y-%m-%d").to_string(),
        places: "50".into(),
        annual_theme: None,
    }
}

fn seminar_form(title: &str, starts_at: DateTime<Utc>) -> SeminarForm {
    SeminarForm {
        title: title.into(),
        description: "How to run a project across time zones.".into(),
        speaker: "Ana Costa".into(),
        language: "en".into(),
        starts_at: starts_at.format("%Y-%m-%dT%H:%M").to_string(),
        minutes: "90".into(),
        capacity: "100".into(),
        join_url: "https://meet.example/abc-defg".into(),
        annual_theme: None,
    }
}

struct World {
    db: DatabaseConnection,
    store: PictureStore,
    now: DateTime<Utc>,
    actors: Vec<(Actor, Viewer)>,
    /// A teacher (not an actor) who reports the participant's posts.
    reporter: Viewer,
    open: i32,
    request: i32,
    invitation: i32,
    open_thread: i32,
    request_thread: i32,
    invitation_thread: i32,
    event: i32,
    read_unit: i32,
    discuss_unit: i32,
    seminar: i32,
    seminar_starts: DateTime<Utc>,
    /// Rita: the participant's contact.
    contact: Viewer,
    /// Sven: nobody's contact.
    stranger: Viewer,
    /// Rita and Tomas's conversation, and a message in it.
    others_conversation: i32,
    others_message: i32,
}

impl World {
    fn viewer(&self, actor: Actor) -> &Viewer {
        &self.actors.iter().find(|(a, _)| *a == actor).expect("every actor is there").1
    }

    /// While the event runs.
    fn during(&self) -> DateTime<Utc> {
        self.now + TimeDelta::days(8)
    }

    /// Joins (or asks to), then leaves things as they were.
    async fn join_and_undo(&self, viewer: &Viewer, group: i32) -> Result<Outcome, AppError> {
        let db = &self.db;
        let before = groups::member_entity::Entity::find_by_id((group, viewer.id)).one(db).await.unwrap();
        let result = groups::join(db, viewer, group, self.now).await;
        if before.is_none() {
            groups::member_entity::Entity::delete_by_id((group, viewer.id)).exec(db).await.unwrap();
        }
        seen(result)
    }

    /// A fresh post by the participant in the open group, reported by another teacher: the report.
    async fn reported_post(&self, actor: Actor) -> i32 {
        let post = groups::reply(&self.db, self.viewer(Actor::Participant), self.open_thread, &format!("An unkind word, for {actor:?} to judge"), self.now).await.unwrap();
        moderation::file(&self.db, &self.reporter, "group_post", post, "bullying", "", URL).await.unwrap()
    }

    /// Tries one action through the real function.
    async fn attempt(&self, actor: Actor, action: Action) -> Result<Outcome, AppError> {
        use Action::*;
        let db = &self.db;
        let v = self.viewer(actor);
        let now = self.now;
        match action {
            BrowseGroups => seen(groups::directory(db, v, &GroupFilter::default()).await),
            ReadOpenGroupForum => seen(groups::thread(db, v, self.open, self.open_thread).await),
            ReadRequestGroupForum => seen(groups::thread(db, v, self.request, self.request_thread).await),
            ReadInvitationGroupForum => seen(groups::thread(db, v, self.invitation, self.invitation_thread).await),
            JoinOpenGroup => self.join_and_undo(v, self.open).await,
            AskToJoinRequestGroup => self.join_and_undo(v, self.request).await,
            JoinInvitationGroup => self.join_and_undo(v, self.invitation).await,
            StartThreadInOpenGroup => seen(groups::start_thread(db, v, self.open, "A question", "Who else measures the air?", now).await),
            ReplyInInvitationGroup => seen(groups::reply(db, v, self.invitation_thread, "We do too.", now).await),
            PinResourceInOpenGroup => seen(groups::pin(db, v, self.open, "A guide", "https://example.org/guide", now).await),
            HideReportedGroupPost => {
                let report = self.reported_post(actor).await;
                seen(moderation::decide(db, &self.store, v, report, "hide", "Please stay kind.", None).await)
            }
            DismissGroupReport => {
                let report = self.reported_post(actor).await;
                seen(moderation::decide(db, &self.store, v, report, "dismiss", "", None).await)
            }
            ApproveGroupProposal => {
                let proposal = groups::create(db, self.viewer(Actor::GroupModerator), &group_form(&format!("Proposed for {actor:?}"), "open"), now).await.unwrap();
                seen(groups::review(db, v, proposal, true, now).await)
            }
            ProposeGroup => seen(groups::create(db, v, &group_form(&format!("Proposed by {actor:?}"), "open"), now).await),

            ListLearningEvents => seen(events::list(db, v, now).await),
            ReadLearningEvent => seen(events::event(db, v, self.event, self.during()).await),
            ReadUnitInstructions => shown(events::event(db, v, self.event, self.during()).await, |view| {
                !view.units.is_empty() && view.units.iter().all(|u| u.instructions.is_some())
            }),
            FollowParticipantsProgress => shown(events::event(db, v, self.event, self.during()).await, |view| !view.participants.is_empty()),
            EnrolInLearningEvent => {
                let before = events::enrolment_entity::Entity::find_by_id((self.event, v.id)).one(db).await.unwrap();
                let result = events::enrol(db, v, self.event, true, now).await;
                if before.is_none() {
                    events::enrolment_entity::Entity::delete_by_id((self.event, v.id)).exec(db).await.unwrap();
                }
                seen(result)
            }
            MarkReadUnitDone => seen(events::mark_read(db, v, self.read_unit, self.during()).await),
            WriteInUnitForum => seen(events::post(db, v, self.discuss_unit, "We would map the rivers.", self.during()).await),
            OrganiseLearningEvent => seen(events::create(db, v, &event_form(&format!("Organised by {actor:?}"), now.date_naive() + TimeDelta::days(10)), now).await),

            ListSeminars => seen(seminars::list(db, v, now).await),
            ReadSeminar => seen(seminars::seminar(db, v, self.seminar, now).await),
            SeeSeminarJoinLink => shown(seminars::seminar(db, v, self.seminar, now).await, |view| view.join_url.is_some()),
            RegisterForSeminar => {
                let before = seminars::registration_entity::Entity::find_by_id((self.seminar, v.id)).one(db).await.unwrap();
                let result = seminars::register(db, v, self.seminar, true, now).await;
                if before.is_none() {
                    seminars::registration_entity::Entity::delete_by_id((self.seminar, v.id)).exec(db).await.unwrap();
                }
                seen(result)
            }
            MarkSeminarAttendance => {
                let begun = self.seminar_starts + TimeDelta::minutes(10);
                seen(seminars::mark_attended(db, v, self.seminar, self.viewer(Actor::Participant).id, begun, URL).await)
            }
            CancelSeminar => {
                let fresh = seminars::create(db, self.viewer(Actor::Organiser), &seminar_form(&format!("To be cancelled by {actor:?}"), self.seminar_starts), now).await.unwrap();
                seen(seminars::cancel(db, v, fresh, now, URL).await)
            }
            ScheduleSeminar => seen(seminars::create(db, v, &seminar_form(&format!("Scheduled by {actor:?}"), self.seminar_starts), now).await),

            WriteToParticipantsContact => seen(messages::send(db, v, self.contact.id, "Hello Rita").await),
            WriteToStranger => seen(messages::send(db, v, self.stranger.id, "Hello Sven").await),
            OpenConversationWithParticipantsContact => seen(messages::conversation(db, v, self.contact.id, None).await),
            ReadSomeoneElsesMessage => {
                let may = messages::may_read(db, v, self.others_message).await;
                seen(may.and_then(|may| if may { Ok(()) } else { Err(AppError::NotFound) }))
            }
            ListenToSomeoneElsesConversation => seen(messages::seen_live(db, v, self.others_conversation, self.others_message).await),

            WriteNewsletter => seen(newsletter::create(db, v, "News of the month", "Projects of the month.").await),
            SendNewsletter => {
                let draft = newsletter::create(db, self.viewer(Actor::CentralSupport), &format!("To be sent by {actor:?}"), "Projects of the month.").await.unwrap();
                seen(newsletter::request_sending(db, v, draft, now).await)
            }
            SubscribeToNewsletter => {
                let result = newsletter::set_subscribed(db, v, true).await;
                if result.is_ok() {
                    newsletter::set_subscribed(db, v, false).await.unwrap();
                }
                seen(result)
            }
            ReadNewsletters => seen(newsletter::home(db, v, "en").await),
        }
    }
}

/// An approved group of France, proposed by its moderator.
async fn approved_group(db: &DatabaseConnection, moderator: &Viewer, nso: &Viewer, name: &str, access: &str, now: DateTime<Utc>) -> i32 {
    let id = groups::create(db, moderator, &group_form(name, access), now).await.unwrap();
    groups::review(db, nso, id, true, now).await.unwrap();
    id
}

async fn world(db: DatabaseConnection) -> World {
    let now = Utc::now();
    let pupil = person(&db, "Emma Pupil", "FR", "validated", "pupil", "member").await;
    let pending = person(&db, "Paul Pending", "FR", "pending", "staff", "member").await;
    let sam = validated(&db, "Sam Suspended", "IT").await;
    let uninvolved = validated(&db, "Ulla Uninvolved", "FR").await;
    let participant = validated(&db, "Paola Participant", "IT").await;
    let moderator = validated(&db, "Marc Moderator", "FR").await;
    let organiser = person(&db, "Odile Organiser", "FR", "validated", "staff", "nso_moderator").await;
    let nso = person(&db, "Nathalie Moreau", "FR", "validated", "staff", "nso_moderator").await;
    let nso_elsewhere = person(&db, "Dieter Krause", "DE", "validated", "staff", "nso_moderator").await;
    let css = person(&db, "Cecile Central", "BE", "validated", "staff", "css_moderator").await;
    let reporter = validated(&db, "Rhea Reporter", "FR").await;
    let contact = validated(&db, "Rita Rossi", "IT").await;
    let stranger = validated(&db, "Sven Stranger", "PT").await;
    let third = validated(&db, "Tomas Third", "CZ").await;

    // Contacts: the moderator invites the participants; Rita is theirs; Rita and Tomas write to each other.
    for teacher in [&participant, &sam] {
        contacts(&db, &moderator, teacher).await;
        contacts(&db, teacher, &contact).await;
    }
    contacts(&db, &third, &contact).await;
    let (others_conversation, others_message) = messages::send(&db, &third, contact.id, "Shall we plan the rivers project?").await.unwrap();

    // Groups: one of each kind, each with a thread; the participants are members of all three.
    let open = approved_group(&db, &moderator, &nso, "Climate in every subject", "open", now).await;
    let request = approved_group(&db, &moderator, &nso, "French as a foreign language", "request", now).await;
    let invitation = approved_group(&db, &moderator, &nso, "Heads of French schools", "invitation", now).await;
    for teacher in [&participant, &sam] {
        groups::join(&db, teacher, open, now).await.unwrap();
        groups::join(&db, teacher, request, now).await.unwrap();
        groups::answer_request(&db, &moderator, request, teacher.id, true, now).await.unwrap();
        groups::invite(&db, &moderator, invitation, Invitee::Contact(teacher.id), now).await.unwrap();
        groups::join(&db, teacher, invitation, now).await.unwrap();
    }
    let open_thread = groups::start_thread(&db, &moderator, open, "Air quality", "Who measures it with pupils?", now).await.unwrap();
    let request_thread = groups::start_thread(&db, &moderator, request, "Songs", "Which songs work in class?", now).await.unwrap();
    let invitation_thread = groups::start_thread(&db, &moderator, invitation, "Timetables", "How do you fit projects in?", now).await.unwrap();

    // A learning event, starting in a week (it runs on `during`), with the participants enrolled; a unit of each
    // activity, so that nobody completes it here.
    let event = events::create(&db, &organiser, &event_form("Project-based learning", now.date_naive() + TimeDelta::days(7)), now).await.unwrap();
    let read_unit = events::add_unit(&db, &organiser, event, "What a project is", "Read the guide.", "read", now).await.unwrap();
    let discuss_unit = events::add_unit(&db, &organiser, event, "Your ideas", "Tell the others.", "discuss", now).await.unwrap();
    events::add_unit(&db, &organiser, event, "A plan", "Hand in a plan.", "submit", now).await.unwrap();
    for teacher in [&participant, &sam] {
        events::enrol(&db, teacher, event, true, now).await.unwrap();
    }

    // A seminar in three days, with the participants registered.
    let seminar_starts = now + TimeDelta::days(3);
    let seminar = seminars::create(&db, &organiser, &seminar_form("Projects across time zones", seminar_starts), now).await.unwrap();
    for teacher in [&participant, &sam] {
        seminars::register(&db, teacher, seminar, true, now).await.unwrap();
    }

    // Sam is suspended after taking part in everything.
    accounts::ActiveModel { id: Set(sam.id), status: Set("suspended".into()), ..Default::default() }.update(&db).await.unwrap();
    app::partners::ssr::index::refresh(&db, sam.id).await.unwrap();
    let sam = accounts::Entity::find_by_id(sam.id).one(&db).await.unwrap().unwrap().viewer();
    assert_eq!(sam.status, app::accounts::AccountStatus::Suspended);

    let actors = vec![
        (Actor::Pupil, pupil),
        (Actor::PendingTeacher, pending),
        (Actor::SuspendedParticipant, sam),
        (Actor::UninvolvedTeacher, uninvolved),
        (Actor::Participant, participant),
        (Actor::GroupModerator, moderator),
        (Actor::Organiser, organiser),
        (Actor::NsoOfTheCountry, nso),
        (Actor::NsoOfAnotherCountry, nso_elsewhere),
        (Actor::CentralSupport, css),
    ];
    assert_eq!(actors.len(), ACTORS.len());
    World {
        db,
        store: support::store(),
        now,
        actors,
        reporter,
        open,
        request,
        invitation,
        open_thread,
        request_thread,
        invitation_thread,
        event,
        read_unit,
        discuss_unit,
        seminar,
        seminar_starts,
        contact,
        stranger,
        others_conversation,
        others_message,
    }
}

#[tokio::test]
async fn every_community_feature_answers_each_person_as_the_table_says() {
    on_each_database(|db, backend| async move {
        let world = world(db).await;
        let forward: Vec<Actor> = ACTORS.to_vec();
        let backward: Vec<Actor> = ACTORS.iter().rev().copied().collect();
        let mut checked = 0;
        let mut failures = Vec::new();
        for (pass, order) in [("forward", forward), ("backward", backward)] {
            for action in ACTIONS {
                for &actor in &order {
                    let want = expected(actor, action);
                    let got = world.attempt(actor, action).await;
                    checked += 1;
                    if got != Ok(want) {
                        failures.push(format!("{backend:?} {actor:?} {action:?} ({pass}): expected {want:?}, got {got:?}"));
                    }
                }
            }
        }
        eprintln!("{backend:?}: {checked} cells checked");
        assert_eq!(checked, 2 * ACTIONS.len() * ACTORS.len(), "{backend:?}");
        assert!(failures.is_empty(), "{backend:?}: {} cells wrong:\n{}", failures.len(), failures.join("\n"));
    })
    .await;
}

#[test]
fn the_table_has_one_row_per_action_and_one_answer_per_person() {
    assert_eq!(TABLE.len(), ACTIONS.len());
    for action in ACTIONS {
        let rows: Vec<_> = TABLE.iter().filter(|(a, _, _)| *a == action).collect();
        assert_eq!(rows.len(), 1, "{action:?}");
        let &(_, row, problem) = rows[0];
        assert_eq!(row.split_whitespace().count(), ACTORS.len(), "{action:?}");
        assert_eq!(row.split_whitespace().any(|letter| letter == "P"), problem.is_some(), "{action:?}: a reason exactly when someone is given one");
        for actor in ACTORS {
            expected(actor, action);
        }
    }
}
