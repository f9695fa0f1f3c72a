//! Who may see and do what in a TwinSpace: the whole policy in one table. Every TwinSpace server function, list
//! and download asks `may` through `twinspace::ssr::guard`, and the browser uses the same answers only to hide
//! buttons. The generated matrix in `app/tests/twinspace_access.rs` checks the real functions against it on both
//! databases.
use crate::projects::ProjectStatus;
use serde::{Deserialize, Serialize};

/// A member's role in one TwinSpace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SpaceRole {
    /// Founders and co-founders, and teachers they promote: run the space.
    TeacherAdministrator,
    Teacher,
    /// An invited specialist: takes part, does not manage.
    Expert,
    /// Reads only.
    Observer,
    /// A pupil trusted with a little more (starting forum threads).
    PupilAdministrator,
    Pupil,
}

impl SpaceRole {
    pub const ALL: [SpaceRole; 6] = [
        SpaceRole::TeacherAdministrator,
        SpaceRole::Teacher,
        SpaceRole::Expert,
        SpaceRole::Observer,
        SpaceRole::PupilAdministrator,
        SpaceRole::Pupil,
    ];
    /// The roles a member of school staff can hold.
    pub const STAFF: [SpaceRole; 4] = [SpaceRole::TeacherAdministrator, SpaceRole::Teacher, SpaceRole::Expert, SpaceRole::Observer];
    /// The roles a pupil can hold.
    pub const PUPILS: [SpaceRole; 2] = [SpaceRole::PupilAdministrator, SpaceRole::Pupil];

    pub fn as_str(self) -> &'static str {
        match self {
            SpaceRole::TeacherAdministrator => "teacher_administrator",
            SpaceRole::Teacher => "teacher",
            SpaceRole::Expert => "expert",
            SpaceRole::Observer => "observer",
            SpaceRole::PupilAdministrator => "pupil_administrator",
            SpaceRole::Pupil => "pupil",
        }
    }

    pub fn parse(value: &str) -> Option<SpaceRole> {
        SpaceRole::ALL.into_iter().find(|role| role.as_str() == value)
    }

    pub fn is_pupil(self) -> bool {
        matches!(self, SpaceRole::PupilAdministrator | SpaceRole::Pupil)
    }
}

/// How a person stands towards one project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Standing {
    Member(SpaceRole),
    /// Staff of the support organisation of one of the founders' countries: they approved the project and
    /// oversee it.
    SupportOfFounders,
    /// The Central Support Service and administrators: every project.
    CentralSupport,
    /// Staff of the support organisation assessing a Quality Label application from one of this project's
    /// teachers: they read the evidence (what the founders' organisations read) while the application waits for
    /// them, and change nothing.
    Assessor,
    /// Everyone else: other teachers, other countries' support staff, pupils of other TwinSpaces, visitors.
    Outsider,
}

/// What in a TwinSpace an action is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SpaceResource {
    /// The space itself: its overview and the project's details (update = edit the details).
    Space,
    /// Who is in the space, with their roles (update = change a role, delete = remove someone).
    Members,
    /// Invitations of contacts into the space.
    Invitations,
    /// Pupils' logins: creating them, their usernames, password resets, removal.
    Pupils,
    /// Twinboard posts.
    Post,
    Comment,
    Like,
    /// Pinning a post to the top of the Twinboard.
    Pin,
    /// Archiving and closing the project.
    Lifecycle,
    /// Published pages (activities), written in Markdown.
    Page,
    /// Pages not yet published: their author's and the administrators' only.
    Draft,
    /// Publishing a page and making it public (update).
    Publication,
    /// Forum threads.
    Thread,
    /// Replies in forum threads.
    Reply,
    /// The teachers' chat room.
    Chat,
    /// Files and images (read = list and download).
    Material,
    /// Folders of materials.
    Folder,
}

impl SpaceResource {
    pub const ALL: [SpaceResource; 17] = [
        SpaceResource::Space,
        SpaceResource::Members,
        SpaceResource::Invitations,
        SpaceResource::Pupils,
        SpaceResource::Post,
        SpaceResource::Comment,
        SpaceResource::Like,
        SpaceResource::Pin,
        SpaceResource::Lifecycle,
        SpaceResource::Page,
        SpaceResource::Draft,
        SpaceResource::Publication,
        SpaceResource::Thread,
        SpaceResource::Reply,
        SpaceResource::Chat,
        SpaceResource::Material,
        SpaceResource::Folder,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Act {
    Read,
    Create,
    Update,
    Delete,
}

impl Act {
    pub const ALL: [Act; 4] = [Act::Read, Act::Create, Act::Update, Act::Delete];
}

/// May someone standing so do this, in a project in this state? `own`: the thing is theirs (they wrote the post,
/// created the pupil's login, gave the like).
///
/// - No TwinSpace exists before approval: nobody reads or writes anything of a proposed, declined or rejected
///   project's space.
/// - Archived and closed spaces are read-only for everyone; administrators still close an archived one, and
///   moderators still take content down. Pupils lose access once a project is closed.
/// - Support staff of the founders' countries and the Central Support Service read everything but pupils'
///   logins, invitations and drafts, and delete posts, comments, pages, threads, replies and materials
///   (moderation); they write nothing else. Assessors of a Quality Label application read the same but the
///   teachers' chat, and write nothing.
/// - The chat is for the teachers of the project (pupils are kept out, as on the real platform); pupils reply
///   in the forum but only pupil administrators start threads.
pub fn may(standing: Standing, status: ProjectStatus, resource: SpaceResource, act: Act, own: bool) -> bool {
    use {Act::*, SpaceResource::*, SpaceRole::*};
    if !matches!(status, ProjectStatus::Open | ProjectStatus::Archived | ProjectStatus::Closed) {
        return false;
    }
    let role = match standing {
        Standing::Outsider => return false,
        Standing::Assessor => return act == Read && !matches!(resource, Pupils | Invitations | Draft | Chat),
        Standing::SupportOfFounders | Standing::CentralSupport => {
            return match act {
                Read => !matches!(resource, Pupils | Invitations | Draft),
                Delete => matches!(resource, Post | Comment | Page | Thread | Reply | Material),
                _ => false,
            };
        }
        Standing::Member(role) => role,
    };
    if status == ProjectStatus::Closed && role.is_pupil() {
        return false;
    }
    let admin = role == TeacherAdministrator;
    if act == Read {
        return match resource {
            Pupils => matches!(role, TeacherAdministrator | Teacher),
            Invitations => admin,
            Draft => admin || own,
            Chat => !role.is_pupil(),
            _ => true,
        };
    }
    if resource == Lifecycle {
        // Archive an open project, close an archived one.
        return admin && act == Update && status != ProjectStatus::Closed;
    }
    if status != ProjectStatus::Open {
        return false;
    }
    let takes_part = role != Observer;
    let writes_pages = matches!(role, TeacherAdministrator | Teacher | Expert | PupilAdministrator);
    match (resource, act) {
        (Space, Update) => admin,
        (Members, Update | Delete) => admin,
        (Invitations, Create | Delete) => admin,
        (Pupils, Create) => matches!(role, TeacherAdministrator | Teacher),
        (Pupils, Update | Delete) => admin || (role == Teacher && own),
        (Post | Comment, Create) => takes_part,
        // Comments are deleted and written again, not edited.
        (Post, Update) => takes_part && own,
        (Post | Comment, Delete) => admin || (takes_part && own),
        (Like, Create) => takes_part,
        (Like, Delete) => takes_part && own,
        (Pin, Create | Delete) => admin,
        (Page, Create) => writes_pages,
        (Page, Update | Delete) => admin || (writes_pages && own),
        (Publication, Update) => admin,
        (Thread, Create) => takes_part && role != Pupil,
        (Thread | Reply, Delete) => admin || (takes_part && own),
        (Reply, Create) => takes_part,
        (Chat, Create) => matches!(role, TeacherAdministrator | Teacher | Expert),
        // Pupils' photos need their parents' permission: teachers and pupil administrators upload.
        (Material, Create) => writes_pages,
        (Material, Delete) => admin || (writes_pages && own),
        (Folder, Create) => matches!(role, TeacherAdministrator | Teacher),
        (Folder, Delete) => admin,
        _ => false,
    }
}

/// Who moderates a space's content (hides, restores, deletes what was reported, and reviews its reports):
/// its teacher administrators, the support staff of the founders' countries and the Central Support Service.
pub fn moderates_space(standing: Standing) -> bool {
    matches!(standing, Standing::Member(SpaceRole::TeacherAdministrator) | Standing::SupportOfFounders | Standing::CentralSupport)
}

/// Who sees how much of a space's storage its files take: its teachers, who decide what to keep, and the
/// support staff who oversee it.
pub fn sees_storage_use(standing: Standing) -> bool {
    approves_pupils_work(standing)
}

/// Who approves pupils' posts and replies when the space asks for it: its teachers and the support staff above.
pub fn approves_pupils_work(standing: Standing) -> bool {
    matches!(
        standing,
        Standing::Member(SpaceRole::TeacherAdministrator | SpaceRole::Teacher) | Standing::SupportOfFounders | Standing::CentralSupport
    )
}

/// Whether someone who may read a kind of content sees one item of it: hidden content is gone for everyone
/// but its author and those who moderate the space; content waiting for approval for everyone but its author
/// and those who approve it.
pub fn sees_content(standing: Standing, own: bool, hidden: bool, waiting: bool) -> bool {
    own || ((!hidden || moderates_space(standing)) && (!waiting || approves_pupils_work(standing)))
}

/// Whether a new post or reply by someone standing so waits for a teacher's approval.
pub fn must_wait_for_approval(standing: Standing, space_premoderates_pupils: bool) -> bool {
    space_premoderates_pupils && matches!(standing, Standing::Member(role) if role.is_pupil())
}
