//! The TwinSpace authorization matrix, generated: every actor × every TwinSpace resource × read, create, update,
//! delete (and whether the thing is the actor's own) × every project state, through the real functions, on both
//! databases. The expected answers are written down here independently of `access::twinspace::may`, as a table
//! per actor for an open project plus the rules for the other states.
use crate::support;

use app::{
    access::{Viewer, twinspace::{Act, SpaceResource}},
    accounts::ssr::entity as accounts,
    error::AppError,
    projects::{ProjectStatus, ssr as projects},
    twinspace::{
        chat::ssr as chat,
        forum::ssr::{self as forum, reply_entity, thread_entity},
        materials::ssr::{self as materials, entity as material_entity, folder_entity},
        pages::ssr::{self as space_pages, entity as page_entity},
        ssr::{self as space, comment_entity, like_entity, post_entity},
    },
};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, sea_query::Expr};
use support::{contacts, on_each_database, open_project, person, validated};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actor {
    Anonymous,
    PupilHere,
    PupilAdministratorHere,
    PupilElsewhere,
    TeacherAdministrator,
    Teacher,
    Expert,
    Observer,
    NonMemberTeacher,
    NsoOfFounders,
    NsoOfAnotherCountry,
    /// The support organisation of a country that is not a founder's, while a Quality Label application from a
    /// teacher of the project in that country waits for it.
    LabelAssessor,
    CentralSupport,
}

const ACTORS: [Actor; 13] = [
    Actor::Anonymous,
    Actor::PupilHere,
    Actor::PupilAdministratorHere,
    Actor::PupilElsewhere,
    Actor::TeacherAdministrator,
    Actor::Teacher,
    Actor::Expert,
    Actor::Observer,
    Actor::NonMemberTeacher,
    Actor::NsoOfFounders,
    Actor::NsoOfAnotherCountry,
    Actor::LabelAssessor,
    Actor::CentralSupport,
];

/// What each actor may do in an OPEN project, per resource in `SpaceResource::ALL` order (space, members,
/// invitations, pupils, posts, comments, likes, pins, lifecycle, pages, drafts, publication, threads, replies,
/// chat), each as four letters for read, create, update,
/// delete: upper case = allowed, lower case = allowed on one's own only, '.' = never (or no such action).
fn open_rights(actor: Actor) -> [&'static str; 17] {
    use Actor::*;
    match actor {
        TeacherAdministrator => [
            "R.U.", "R.UD", "RC.D", "RCUD", "RCuD", "RC.D", "RC.d", "RC.D", "R.U.", "RCUD", "R...", "R.U.", "RC.D", "RC.D", "RC..", "RC.D", "RC.D",
        ],
        Teacher => ["R...", "R...", "....", "RCud", "RCud", "RC.d", "RC.d", "R...", "R...", "RCud", "r...", "R...", "RC.d", "RC.d", "RC..", "RC.d", "RC.."],
        Expert => ["R...", "R...", "....", "....", "RCud", "RC.d", "RC.d", "R...", "R...", "RCud", "r...", "R...", "RC.d", "RC.d", "RC..", "RC.d", "R..."],
        Observer => ["R...", "R...", "....", "....", "R...", "R...", "R...", "R...", "R...", "R...", "r...", "R...", "R...", "R...", "R...", "R...", "R..."],
        PupilAdministratorHere => [
            "R...", "R...", "....", "....", "RCud", "RC.d", "RC.d", "R...", "R...", "RCud", "r...", "R...", "RC.d", "RC.d", "....", "RC.d", "R...",
        ],
        PupilHere => ["R...", "R...", "....", "....", "RCud", "RC.d", "RC.d", "R...", "R...", "R...", "r...", "R...", "R..d", "RC.d", "....", "R...", "R..."],
        NsoOfFounders | CentralSupport => [
            "R...", "R...", "....", "....", "R..D", "R..D", "R...", "R...", "R...", "R..D", "....", "R...", "R..D", "R..D", "R...", "R..D", "R...",
        ],
        // Reads the evidence, but not the teachers' chat, pupils' logins, invitations or drafts; changes nothing.
        LabelAssessor => [
            "R...", "R...", "....", "....", "R...", "R...", "R...", "R...", "R...", "R...", "....", "R...", "R...", "R...", "....", "R...", "R...",
        ],
        Anonymous | PupilElsewhere | NonMemberTeacher | NsoOfAnotherCountry => ["...."; 17],
    }
}

fn expected(actor: Actor, status: ProjectStatus, resource: SpaceResource, act: Act, own: bool) -> bool {
    let row = SpaceResource::ALL.iter().position(|r| *r == resource).unwrap();
    let column = Act::ALL.iter().position(|a| *a == act).unwrap();
    let letter = open_rights(actor)[row].as_bytes()[column] as char;
    let allowed_when_open = letter.is_ascii_uppercase() || (letter.is_ascii_lowercase() && own);
    let moderator = matches!(actor, Actor::NsoOfFounders | Actor::CentralSupport);
    let pupil = matches!(actor, Actor::PupilHere | Actor::PupilAdministratorHere);
    match status {
        // No TwinSpace before approval, nor after a refusal.
        ProjectStatus::Proposed | ProjectStatus::Rejected | ProjectStatus::Declined => false,
        ProjectStatus::Open => allowed_when_open,
        // Read-only: reading stays, administrators move the lifecycle on, moderators take content down.
        ProjectStatus::Archived => {
            allowed_when_open
                && (act == Act::Read || resource == SpaceResource::Lifecycle || (moderator && act == Act::Delete))
        }
        // Closed: as archived, but final, and pupils no longer enter.
        ProjectStatus::Closed => {
            !pupil && allowed_when_open && (act == Act::Read || (moderator && act == Act::Delete))
        }
    }
}

struct World {
    db: DatabaseConnection,
    store: app::teachers::pictures::ssr::PictureStore,
    project: i32,
    founder: Viewer,
    /// A teacher member (not an actor) whose things are "someone else's".
    colleague: Viewer,
    /// A teacher who is a contact of every teacher actor, to be invited.
    candidate: Viewer,
    actors: Vec<(Actor, Option<Viewer>)>,
}

impl World {
    fn viewer(&self, actor: Actor) -> Option<&Viewer> {
        self.actors.iter().find(|(a, _)| *a == actor).and_then(|(_, v)| v.as_ref())
    }

    async fn post_by(&self, author: i32) -> i32 {
        post_entity::ActiveModel {
            project_id: Set(self.project),
            author_id: Set(author),
            body: Set("A post".into()),
            pinned: Set(false),
            created_at: Set(chrono::Utc::now()),
            edited_at: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap()
        .id
    }

    async fn comment_by(&self, author: i32) -> i32 {
        let post = self.post_by(self.colleague.id).await;
        comment_entity::ActiveModel {
            post_id: Set(post),
            author_id: Set(author),
            body: Set("A comment".into()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap()
        .id
    }

    async fn page_by(&self, author: i32, published: bool) -> i32 {
        page_entity::ActiveModel {
            project_id: Set(self.project),
            author_id: Set(author),
            title: Set("A page".into()),
            body: Set("Some *text*".into()),
            published: Set(published),
            public: Set(false),
            created_at: Set(chrono::Utc::now()),
            updated_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap()
        .id
    }

    async fn thread_by(&self, author: i32) -> i32 {
        thread_entity::ActiveModel {
            project_id: Set(self.project),
            author_id: Set(author),
            title: Set("A thread".into()),
            body: Set("Shall we?".into()),
            created_at: Set(chrono::Utc::now()),
            last_reply_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap()
        .id
    }

    async fn reply_by(&self, author: i32) -> i32 {
        let thread = self.thread_by(self.colleague.id).await;
        reply_entity::ActiveModel { thread_id: Set(thread), author_id: Set(author), body: Set("Yes".into()), created_at: Set(chrono::Utc::now()), ..Default::default() }
            .insert(&self.db)
            .await
            .unwrap()
            .id
    }

    async fn material_by(&self, uploader: i32) -> i32 {
        material_entity::ActiveModel {
            project_id: Set(self.project),
            folder_id: Set(None),
            uploader_id: Set(uploader),
            name: Set("notes.txt".into()),
            content_type: Set("text/plain; charset=utf-8".into()),
            size: Set(5),
            object_key: Set(format!("materials/{}/matrix-{uploader}", self.project)),
            thumbnail_key: Set(None),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap()
        .id
    }

    async fn folder(&self) -> i32 {
        folder_entity::ActiveModel {
            project_id: Set(self.project),
            name: Set("Photos".into()),
            created_by: Set(self.colleague.id),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap()
        .id
    }

    /// A pupil of this space whose login was made by `creator`.
    async fn pupil_made_by(&self, creator: i32) -> i32 {
        let pupil = accounts::ActiveModel {
            kind: Set("pupil".into()),
            display_name: Set("Test P.".into()),
            platform_role: Set("member".into()),
            status: Set("validated".into()),
            created_at: Set(chrono::Utc::now()),
            created_by: Set(Some(creator)),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap();
        projects::add_member(&self.db, self.project, pupil.id, app::access::twinspace::SpaceRole::Pupil).await.unwrap();
        pupil.id
    }

    async fn set_status(&self, status: ProjectStatus) {
        projects::entity::Entity::update_many()
            .col_expr(projects::entity::Column::Status, Expr::value(status.as_str()))
            .filter(projects::entity::Column::Id.eq(self.project))
            .exec(&self.db)
            .await
            .unwrap();
    }

    /// The colleague is a plain teacher member again.
    async fn restore_colleague(&self) {
        let membership = projects::member_entity::Entity::find_by_id((self.project, self.colleague.id)).one(&self.db).await.unwrap();
        match membership {
            Some(_) => {
                projects::member_entity::Entity::update_many()
                    .col_expr(projects::member_entity::Column::Role, Expr::value("teacher"))
                    .filter(projects::member_entity::Column::ProjectId.eq(self.project))
                    .filter(projects::member_entity::Column::AccountId.eq(self.colleague.id))
                    .exec(&self.db)
                    .await
                    .unwrap();
            }
            None => projects::add_member(&self.db, self.project, self.colleague.id, app::access::twinspace::SpaceRole::Teacher).await.unwrap(),
        }
    }

    async fn invitation_of_candidate(&self, present: bool) {
        projects::invitation_entity::Entity::delete_by_id((self.project, self.candidate.id)).exec(&self.db).await.unwrap();
        if present {
            projects::invitation_entity::ActiveModel {
                project_id: Set(self.project),
                account_id: Set(self.candidate.id),
                role: Set("teacher".into()),
                invited_by: Set(self.founder.id),
                created_at: Set(chrono::Utc::now()),
            }
            .insert(&self.db)
            .await
            .unwrap();
        }
    }

    /// Tries one action through the real function; None when there is no such action.
    async fn attempt(&self, actor: Actor, resource: SpaceResource, act: Act, own: bool) -> Option<Result<(), AppError>> {
        use {Act::*, SpaceResource::*};
        let db = &self.db;
        let p = self.project;
        let Some(v) = self.viewer(actor) else {
            // Nobody signed in: the server functions stop at sign-in; the door itself must refuse too.
            return Some(space::guard(db, None, p, resource, act, own).await.map(|_| ()));
        };
        let mine_or_theirs = if own { v.id } else { self.colleague.id };
        let done = |r: Result<(), AppError>| Some(r);
        match (resource, act, own) {
            (Space, Read, false) => done(space::overview(db, Some(v), p).await.map(|_| ())),
            (Space, Update, false) => done(space::update_public_settings(db, v, p, true, true).await),
            (Members, Read, false) => done(space::members(db, v, p).await.map(|_| ())),
            (Members, Update, false) => {
                self.restore_colleague().await;
                done(space::change_role(db, v, p, self.colleague.id, "expert").await)
            }
            (Members, Delete, false) => {
                self.restore_colleague().await;
                let result = space::remove_member(db, &self.store, v, p, self.colleague.id).await;
                self.restore_colleague().await;
                done(result)
            }
            (Invitations, Read, false) => done(space::invited(db, Some(v), p).await.map(|_| ())),
            (Invitations, Create, false) => {
                self.invitation_of_candidate(false).await;
                done(space::invite(db, v, p, self.candidate.id, "teacher").await)
            }
            (Invitations, Delete, false) => {
                self.invitation_of_candidate(true).await;
                done(space::withdraw_invitation(db, v, p, self.candidate.id).await)
            }
            (Pupils, Read, false) => done(space::pupils(db, v, p).await.map(|_| ())),
            (Pupils, Create, false) => done(space::create_pupils(db, v, p, "Test Pupil").await.map(|_| ())),
            (Pupils, Update, _) => {
                let pupil = self.pupil_made_by(if own { v.id } else { self.founder.id }).await;
                done(space::reset_pupil_password(db, v, p, pupil).await.map(|_| ()))
            }
            (Pupils, Delete, _) => {
                let pupil = self.pupil_made_by(if own { v.id } else { self.founder.id }).await;
                done(space::remove_pupil(db, &self.store, v, p, pupil).await)
            }
            (Post, Read, false) => done(space::board(db, v, p, 1).await.map(|_| ())),
            (Post, Create, false) => done(space::create_post(db, v, p, "Hello").await.map(|_| ())),
            (Post, Update, _) => {
                let post = self.post_by(mine_or_theirs).await;
                done(space::edit_post(db, v, post, "Changed").await.map(|_| ()))
            }
            (Post, Delete, _) => {
                let post = self.post_by(mine_or_theirs).await;
                done(space::delete_post(db, v, post).await)
            }
            (Comment, Create, false) => {
                let post = self.post_by(self.colleague.id).await;
                done(space::add_comment(db, v, post, "Nice").await.map(|_| ()))
            }
            (Comment, Delete, _) => {
                let comment = self.comment_by(mine_or_theirs).await;
                done(space::delete_comment(db, v, comment).await)
            }
            (Like, Create, false) => {
                let post = self.post_by(self.colleague.id).await;
                done(space::like_post(db, v, post, true).await)
            }
            // Unliking is always about one's own like.
            (Like, Delete, true) => {
                let post = self.post_by(self.colleague.id).await;
                like_entity::ActiveModel { post_id: Set(post), account_id: Set(v.id), created_at: Set(chrono::Utc::now()) }.insert(db).await.unwrap();
                done(space::like_post(db, v, post, false).await)
            }
            (Pin, Create, false) => {
                let post = self.post_by(self.colleague.id).await;
                done(space::pin_post(db, v, post, true).await)
            }
            (Pin, Delete, false) => {
                let post = self.post_by(self.colleague.id).await;
                done(space::pin_post(db, v, post, false).await)
            }
            (Page, Read, false) => done(space_pages::pages(db, v, p).await.map(|_| ())),
            (Page, Create, false) => done(space_pages::create(db, v, p, "A page", "Text").await.map(|_| ())),
            (Page, Update, _) => {
                let page = self.page_by(mine_or_theirs, true).await;
                done(space_pages::update(db, v, page, "Changed", "Changed").await)
            }
            (Page, Delete, _) => {
                let page = self.page_by(mine_or_theirs, true).await;
                done(space_pages::delete(db, v, page).await.map(|_| ()))
            }
            (Draft, Read, _) => {
                let page = self.page_by(mine_or_theirs, false).await;
                done(space_pages::page(db, Some(v), page).await.map(|_| ()))
            }
            (Publication, Update, false) => {
                let page = self.page_by(self.colleague.id, true).await;
                done(space_pages::set_visibility(db, v, page, true, true).await)
            }
            (Thread, Read, false) => done(forum::forum(db, v, p).await.map(|_| ())),
            (Thread, Create, false) => done(forum::start_thread(db, v, p, "Topic", "Text").await.map(|_| ())),
            (Thread, Delete, _) => {
                let thread = self.thread_by(mine_or_theirs).await;
                done(forum::delete_thread(db, v, thread).await.map(|_| ()))
            }
            (Reply, Read, false) => {
                let thread = self.thread_by(self.colleague.id).await;
                done(forum::thread(db, v, thread).await.map(|_| ()))
            }
            (Reply, Create, false) => {
                let thread = self.thread_by(self.colleague.id).await;
                done(forum::reply(db, v, thread, "Me too").await.map(|_| ()))
            }
            (Reply, Delete, _) => {
                let reply = self.reply_by(mine_or_theirs).await;
                done(forum::delete_reply(db, v, reply).await)
            }
            (Chat, Read, false) => done(chat::room(db, v, p).await.map(|_| ())),
            (Chat, Create, false) => done(chat::post(db, v, p, "Hello").await.map(|_| ())),
            (Material, Read, false) => done(materials::list(db, v, p, None, support::ROOMY).await.map(|_| ())),
            (Material, Create, false) => done(support::upload(db, &self.store, v, p, None, "notes.txt", b"Hello".to_vec()).await.map(|_| ())),
            (Material, Delete, _) => {
                let material = self.material_by(mine_or_theirs).await;
                done(materials::delete(db, &self.store, v, material).await)
            }
            (Folder, Create, false) => done(materials::create_folder(db, v, p, "Photos").await.map(|_| ())),
            (Folder, Delete, false) => {
                let folder = self.folder().await;
                done(materials::delete_folder(db, &self.store, v, folder).await.map(|_| ()))
            }
            (Lifecycle, Update, false) => {
                let status = projects::entity::Entity::find_by_id(p).one(db).await.unwrap().unwrap().status();
                let result = space::advance_lifecycle(db, v, p).await;
                self.set_status(status).await;
                done(result)
            }
            _ => None,
        }
    }
}

async fn world(db: DatabaseConnection) -> World {
    let founder = validated(&db, "Fanny Founder", "FR").await;
    let cofounder = validated(&db, "Carlo Cofounder", "IT").await;
    let colleague = validated(&db, "Colin Colleague", "FR").await;
    let candidate = validated(&db, "Dora Candidate", "DE").await;
    contacts(&db, &founder, &cofounder).await;
    let project = open_project(&db, &founder, &cofounder, "The matrix").await;
    projects::add_member(&db, project, colleague.id, app::access::twinspace::SpaceRole::Teacher).await.unwrap();

    let mut actors = vec![(Actor::Anonymous, None)];
    let roles = [
        (Actor::TeacherAdministrator, "teacher_administrator"),
        (Actor::Teacher, "teacher"),
        (Actor::Expert, "expert"),
        (Actor::Observer, "observer"),
    ];
    for (actor, role) in roles {
        let teacher = validated(&db, &format!("{actor:?} Member"), "FR").await;
        contacts(&db, &teacher, &candidate).await;
        projects::add_member(&db, project, teacher.id, app::access::twinspace::SpaceRole::parse(role).unwrap()).await.unwrap();
        actors.push((actor, Some(teacher)));
    }
    let outsider = validated(&db, "Nora Nonmember", "FR").await;
    contacts(&db, &outsider, &candidate).await;
    actors.push((Actor::NonMemberTeacher, Some(outsider.clone())));
    for (actor, role) in [(Actor::PupilHere, app::access::twinspace::SpaceRole::Pupil), (Actor::PupilAdministratorHere, app::access::twinspace::SpaceRole::PupilAdministrator)] {
        let login = space::create_pupils(&db, &founder, project, &format!("{actor:?} Pupil")).await.unwrap().remove(0);
        let pupil = app::accounts::ssr::authenticate_pupil(&db, &login.username, &login.password, "matrix").await.unwrap();
        space::change_role(&db, &founder, project, pupil.id, role.as_str()).await.unwrap();
        actors.push((actor, Some(pupil)));
    }
    // A pupil of another TwinSpace, made by its own teacher.
    contacts(&db, &outsider, &cofounder).await;
    let elsewhere = open_project(&db, &outsider, &cofounder, "Elsewhere").await;
    let login = space::create_pupils(&db, &outsider, elsewhere, "Elsa Elsewhere").await.unwrap().remove(0);
    let pupil = app::accounts::ssr::authenticate_pupil(&db, &login.username, &login.password, "matrix").await.unwrap();
    actors.push((Actor::PupilElsewhere, Some(pupil)));
    actors.push((Actor::NsoOfFounders, Some(person(&db, "Nathalie NSO", "FR", "validated", "staff", "nso_moderator").await)));
    actors.push((Actor::NsoOfAnotherCountry, Some(person(&db, "Dieter NSO", "DE", "validated", "staff", "nso_moderator").await)));
    // An Estonian teacher of the project has applied for a Quality Label: Estonia's organisation assesses it.
    let kadri = validated(&db, "Kadri Tamm", "EE").await;
    projects::add_member(&db, project, kadri.id, app::access::twinspace::SpaceRole::Teacher).await.unwrap();
    app::quality_labels::ssr::entity::ActiveModel {
        project_id: Set(project),
        applicant_id: Set(kadri.id),
        country_code: Set("EE".into()),
        year: Set(2026),
        status: Set("submitted".into()),
        collaboration: Set("a".into()),
        technology: Set("b".into()),
        pedagogy: Set("c".into()),
        curriculum: Set("d".into()),
        results: Set("e".into()),
        evidence: Set(format!("/projects/{project}/space")),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    actors.push((Actor::LabelAssessor, Some(person(&db, "Mari NSO", "EE", "validated", "staff", "nso_moderator").await)));
    actors.push((Actor::CentralSupport, Some(person(&db, "Cecile CSS", "BE", "validated", "staff", "css_moderator").await)));
    assert_eq!(actors.len(), ACTORS.len());
    let store = app::teachers::pictures::ssr::local_store(&std::env::temp_dir().join(format!("opentwin-matrix-{}", std::process::id()))).unwrap();
    World { db, store, project, founder, colleague, candidate, actors }
}

#[tokio::test]
async fn nothing_in_a_twinspace_leaks_to_anyone_not_allowed() {
    on_each_database(|db, backend| async move {
        let world = world(db).await;
        let mut checked = 0;
        let mut failures = Vec::new();
        for status in ProjectStatus::ALL {
            world.set_status(status).await;
            for actor in ACTORS {
                for resource in SpaceResource::ALL {
                    for act in Act::ALL {
                        for own in [false, true] {
                            if own && actor == Actor::Anonymous {
                                continue;
                            }
                            let Some(result) = world.attempt(actor, resource, act, own).await else { continue };
                            checked += 1;
                            let want = expected(actor, status, resource, act, own);
                            let may_read_space = expected(actor, status, SpaceResource::Space, Act::Read, false);
                            let fine = match &result {
                                Ok(()) => want,
                                // Those who may not see the space, or guess the address of something they may not
                                // read, learn nothing; members are told "not allowed" when they try to change what
                                // they can see.
                                Err(AppError::NotFound) => {
                                    !want && (!may_read_space || act == Act::Read || !expected(actor, status, resource, Act::Read, own))
                                }
                                Err(AppError::Forbidden) => !want && may_read_space && act != Act::Read,
                                Err(_) => false,
                            };
                            if !fine {
                                failures.push(format!("{status:?} {actor:?} {resource:?} {act:?} own={own}: expected {want}, got {result:?}"));
                            }
                        }
                    }
                }
            }
        }
        eprintln!("{backend:?}: {checked} cells checked");
        assert!(checked > 3000, "the matrix shrank: {checked} cells");
        assert!(failures.is_empty(), "{backend:?}: {} cells wrong:\n{}", failures.len(), failures.join("\n"));
    })
    .await;
}

#[test]
fn the_policy_agrees_with_the_table_where_no_function_exists_yet() {
    // Every cell, including actions without a function (they must be refused by the policy too).
    use app::access::twinspace::{SpaceRole, Standing, may};
    let standing = |actor: Actor| match actor {
        Actor::TeacherAdministrator => Standing::Member(SpaceRole::TeacherAdministrator),
        Actor::Teacher => Standing::Member(SpaceRole::Teacher),
        Actor::Expert => Standing::Member(SpaceRole::Expert),
        Actor::Observer => Standing::Member(SpaceRole::Observer),
        Actor::PupilHere => Standing::Member(SpaceRole::Pupil),
        Actor::PupilAdministratorHere => Standing::Member(SpaceRole::PupilAdministrator),
        Actor::NsoOfFounders => Standing::SupportOfFounders,
        Actor::CentralSupport => Standing::CentralSupport,
        Actor::LabelAssessor => Standing::Assessor,
        _ => Standing::Outsider,
    };
    for status in ProjectStatus::ALL {
        for actor in ACTORS {
            for resource in SpaceResource::ALL {
                for act in Act::ALL {
                    for own in [false, true] {
                        assert_eq!(
                            may(standing(actor), status, resource, act, own),
                            expected(actor, status, resource, act, own),
                            "{status:?} {actor:?} {resource:?} {act:?} own={own}"
                        );
                    }
                }
            }
        }
    }
}
