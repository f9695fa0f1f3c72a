//! The TwinSpace on both databases: pupils' logins, the Twinboard, members and invitations, the lifecycle.
//! (Who may do what, exhaustively: `twinspace_access.rs`.)
use crate::support;

use app::{
    accounts::ssr as accounts,
    error::{AppError, Problem},
    projects::ssr as projects,
    twinspace::{MAX_PUPILS_AT_ONCE, ssr as space},
};
use support::{contacts, on_each_database, open_project, validated};

#[tokio::test]
async fn teachers_create_pupils_who_sign_in_and_see_only_their_twinspaces() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        contacts(&db, &claire, &giulia).await;
        contacts(&db, &giulia, &anna).await;
        let rivers = open_project(&db, &claire, &giulia, "Rivers").await;
        let other = open_project(&db, &giulia, &anna, "Other").await;

        // Names are checked; nothing is created when one is wrong.
        assert_eq!(space::create_pupils(&db, &claire, rivers, "Mary Brown\n<script>").await, Err(AppError::invalid("names", Problem::PupilName)), "{backend:?}");
        let class = (0..=MAX_PUPILS_AT_ONCE).map(|n| format!("Pupil {n}")).collect::<Vec<_>>().join("\n");
        assert_eq!(
            space::create_pupils(&db, &claire, rivers, &class).await,
            Err(AppError::invalid("names", Problem::TooManyPupils { max: MAX_PUPILS_AT_ONCE as u32 }))
        );
        assert_eq!(space::create_pupils(&db, &claire, rivers, " \n ").await, Err(AppError::invalid("names", Problem::Required)));
        assert!(space::pupils(&db, &claire, rivers).await.unwrap().pupils.is_empty());
        // Outsiders cannot create pupils in a space they are not in.
        assert_eq!(space::create_pupils(&db, &anna, rivers, "Mary Brown").await, Err(AppError::NotFound));

        let logins = space::create_pupils(&db, &claire, rivers, "Mary Brown\n\nJean-Luc de la Tour\nMary Bell").await.unwrap();
        let names: Vec<&str> = logins.iter().map(|l| l.display_name.as_str()).collect();
        assert_eq!(names, ["Mary B.", "Jean-Luc T.", "Mary B."]);
        assert!(logins[0].username.starts_with("mary.b"), "{}", logins[0].username);
        assert!(logins[1].username.starts_with("jeanluc.t"), "letters a-z only: {}", logins[1].username);
        assert_ne!(logins[0].username, logins[2].username);
        let mary = &logins[0];

        // The pupil signs in with the sheet's username (any case) and sees this TwinSpace only.
        let pupil = accounts::authenticate_pupil(&db, &mary.username.to_uppercase(), &mary.password, "10.0.0.1").await.unwrap();
        assert_eq!(pupil.display_name, "Mary B.");
        assert_eq!(accounts::authenticate_pupil(&db, &mary.username, "wrong-password", "10.0.0.1").await.unwrap_err().problem(), Some(Problem::WrongCredentials));
        // Pupils cannot use the teachers' sign-in (they have no e-mail address).
        assert!(accounts::authenticate(&db, &mary.username, &mary.password, "10.0.0.1").await.is_err());
        let mine = projects::mine(&db, &pupil).await.unwrap();
        assert_eq!(mine.projects.iter().map(|p| p.card.id).collect::<Vec<_>>(), [rivers]);
        assert!(!mine.may_found && mine.projects[0].approvals.is_empty());
        assert!(space::board(&db, &pupil, rivers, 1).await.is_ok());
        assert_eq!(space::board(&db, &pupil, other, 1).await.unwrap_err(), AppError::NotFound);
        assert_eq!(space::pupils(&db, &pupil, rivers).await.unwrap_err(), AppError::NotFound, "a pupil guessing the address");
        // Only their teacher names a pupil: a pupil cannot pass for someone else.
        assert!(!accounts::my_account(&db, &pupil).await.unwrap().may_rename);
        assert_eq!(accounts::update_profile(&db, &pupil, "Mr Dupont (teacher)").await, Err(AppError::Forbidden), "{backend:?}");
        assert_eq!(accounts::viewer_by_id(&db, pupil.id).await.unwrap().unwrap().display_name, "Mary B.");

        // A new password replaces the old one; removal deletes the login.
        let reset = space::reset_pupil_password(&db, &claire, rivers, pupil.id).await.unwrap();
        assert_ne!(reset.password, mary.password);
        assert!(accounts::authenticate_pupil(&db, &mary.username, &mary.password, "10.0.0.2").await.is_err());
        assert!(accounts::authenticate_pupil(&db, &mary.username, &reset.password, "10.0.0.2").await.is_ok());
        space::remove_pupil(&db, &support::store(), &claire, rivers, pupil.id).await.unwrap();
        assert!(accounts::viewer_by_id(&db, pupil.id).await.unwrap().is_none());
        assert_eq!(space::pupils(&db, &claire, rivers).await.unwrap().pupils.len(), 2);
        // Another project's administrator cannot touch this space's pupils.
        let jean = space::pupils(&db, &claire, rivers).await.unwrap().pupils[0].account_id;
        assert_eq!(space::reset_pupil_password(&db, &anna, rivers, jean).await.unwrap_err(), AppError::NotFound);
        assert_eq!(space::reset_pupil_password(&db, &giulia, other, jean).await.unwrap_err(), AppError::NotFound);
    })
    .await;
}

#[tokio::test]
async fn the_twinboard_takes_posts_comments_likes_and_pins() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        contacts(&db, &claire, &giulia).await;
        let id = open_project(&db, &claire, &giulia, "Rivers").await;
        let pupils = space::create_pupils(&db, &claire, id, "Mary Brown").await.unwrap();
        let mary = accounts::authenticate_pupil(&db, &pupils[0].username, &pupils[0].password, "ip").await.unwrap();

        assert_eq!(space::create_post(&db, &claire, id, "   ").await, Err(AppError::invalid("body", Problem::Required)), "{backend:?}");
        assert_eq!(space::create_post(&db, &claire, id, &"x".repeat(5001)).await, Err(AppError::invalid("body", Problem::TooLong { max: 5000 })));
        let first = space::create_post(&db, &claire, id, "Welcome! <b>not bold</b>").await.unwrap();
        let second = space::create_post(&db, &mary, id, "Hello from Mary").await.unwrap();
        space::add_comment(&db, &giulia, first, "Ciao!").await.unwrap();
        space::like_post(&db, &mary, first, true).await.unwrap();
        space::like_post(&db, &mary, first, true).await.unwrap();
        space::like_post(&db, &giulia, first, true).await.unwrap();
        space::like_post(&db, &giulia, first, false).await.unwrap();

        let board = space::board(&db, &mary, id, 1).await.unwrap();
        assert_eq!(board.posts.iter().map(|p| p.id).collect::<Vec<_>>(), [second, first], "newest first");
        let welcome = &board.posts[1];
        assert_eq!((welcome.likes, welcome.liked), (1, true));
        assert_eq!(welcome.body, "Welcome! <b>not bold</b>", "stored as typed, shown escaped");
        assert_eq!(welcome.comments[0].author, "Giulia Romano");
        assert!(!welcome.may_edit && !welcome.may_delete && !welcome.may_pin);
        assert!(board.posts[0].may_edit && board.posts[0].may_delete);

        // Pinning is for administrators and brings the post to the top.
        assert_eq!(space::pin_post(&db, &mary, first, true).await, Err(AppError::Forbidden));
        space::pin_post(&db, &giulia, first, true).await.unwrap();
        let board = space::board(&db, &claire, id, 1).await.unwrap();
        assert_eq!(board.posts.iter().map(|p| (p.id, p.pinned)).collect::<Vec<_>>(), [(first, true), (second, false)]);

        // Only the author edits; an administrator deletes anyone's post.
        assert_eq!(space::edit_post(&db, &claire, second, "Changed").await, Err(AppError::Forbidden));
        space::edit_post(&db, &mary, second, "Hello from Mary B.").await.unwrap();
        assert!(space::board(&db, &claire, id, 1).await.unwrap().posts[1].edited);
        space::delete_post(&db, &claire, second).await.unwrap();
        assert_eq!(space::board(&db, &claire, id, 1).await.unwrap().posts.len(), 1);
        assert_eq!(space::delete_post(&db, &claire, second).await, Err(AppError::NotFound));

        // Older posts are a page away: the newest BOARD_PAGE_SIZE first, then the rest, the pinned post on top.
        let size = app::twinspace::BOARD_PAGE_SIZE as usize;
        for n in 0..size + 4 {
            space::create_post(&db, &mary, id, &format!("Note {n}")).await.unwrap();
        }
        let newest = space::board(&db, &claire, id, 1).await.unwrap();
        assert_eq!((newest.posts.len(), newest.more), (size, true), "{backend:?}");
        assert_eq!((newest.posts[0].id, newest.posts[1].body.as_str()), (first, format!("Note {}", size + 3).as_str()));
        let older = space::board(&db, &claire, id, 2).await.unwrap();
        assert_eq!((older.posts.len(), older.more, older.page), (5, false, 2), "{backend:?}");
        assert_eq!(older.posts.last().map(|p| p.body.as_str()), Some("Note 0"));
        assert!(space::board(&db, &claire, id, 99).await.unwrap().posts.is_empty());
    })
    .await;
}

#[tokio::test]
async fn administrators_invite_contacts_change_roles_and_archive() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let kadri = validated(&db, "Kadri Tamm", "EE").await;
        contacts(&db, &claire, &giulia).await;
        contacts(&db, &claire, &anna).await;
        let id = open_project(&db, &claire, &giulia, "Rivers").await;

        assert_eq!(space::invite(&db, &claire, id, kadri.id, "teacher").await, Err(AppError::invalid("account", Problem::NotAContact)), "{backend:?}");
        assert_eq!(space::invite(&db, &claire, id, giulia.id, "teacher").await, Err(AppError::invalid("account", Problem::AlreadyMember)));
        assert_eq!(space::invite(&db, &claire, id, anna.id, "pupil").await, Err(AppError::invalid("role", Problem::ChooseRole)));
        space::invite(&db, &claire, id, anna.id, "expert").await.unwrap();
        assert_eq!(space::invite(&db, &claire, id, anna.id, "expert").await, Err(AppError::invalid("account", Problem::AlreadyInvited)));
        assert_eq!(space::members(&db, &claire, id).await.unwrap().invited[0].display_name, "Anna Schmidt");
        assert_eq!(projects::mine(&db, &anna).await.unwrap().invitations[0].invited_by, "Claire Martin");
        // Not a member until she accepts.
        assert_eq!(space::board(&db, &anna, id, 1).await.unwrap_err(), AppError::NotFound);
        space::answer_invitation(&db, &anna, id, true).await.unwrap();
        let members = space::members(&db, &anna, id).await.unwrap();
        assert_eq!(members.members.iter().filter(|m| m.is_you).count(), 1);
        assert!(!members.may_manage && members.invited.is_empty() && members.invitable.is_empty());
        assert_eq!(space::change_role(&db, &anna, id, claire.id, "observer").await, Err(AppError::Forbidden));

        // Roles: within the teachers' roles, and never without an administrator.
        space::change_role(&db, &claire, id, anna.id, "observer").await.unwrap();
        assert_eq!(space::create_post(&db, &anna, id, "Hi").await, Err(AppError::Forbidden));
        assert_eq!(space::change_role(&db, &claire, id, anna.id, "pupil").await, Err(AppError::invalid("role", Problem::ChooseRole)));
        space::change_role(&db, &claire, id, giulia.id, "teacher").await.unwrap();
        assert_eq!(space::change_role(&db, &claire, id, claire.id, "teacher").await, Err(AppError::form(Problem::LastAdministrator)));
        assert_eq!(space::remove_member(&db, &support::store(), &claire, id, claire.id).await, Err(AppError::form(Problem::LastAdministrator)));
        space::remove_member(&db, &support::store(), &claire, id, anna.id).await.unwrap();
        assert_eq!(space::board(&db, &anna, id, 1).await.unwrap_err(), AppError::NotFound);

        // Archived: read-only for everyone; closed: final.
        let post = space::create_post(&db, &giulia, id, "Last words").await.unwrap();
        assert_eq!(space::advance_lifecycle(&db, &giulia, id).await, Err(AppError::Forbidden));
        space::advance_lifecycle(&db, &claire, id).await.unwrap();
        assert_eq!(space::create_post(&db, &claire, id, "More").await, Err(AppError::Forbidden));
        assert_eq!(space::add_comment(&db, &giulia, post, "More").await, Err(AppError::Forbidden));
        assert_eq!(space::board(&db, &giulia, id, 1).await.unwrap().posts.len(), 1);
        space::advance_lifecycle(&db, &claire, id).await.unwrap();
        assert_eq!(space::advance_lifecycle(&db, &claire, id).await, Err(AppError::Forbidden));
        assert!(space::board(&db, &claire, id, 1).await.is_ok());
    })
    .await;
}

/// A Twinboard page costs the same few statements whatever it shows: no statement per post, comment, like or
/// author (`docs/performance.md`, "The Twinboard: one account lookup per request"). Counted through SeaORM's metric
/// callback, which sees every statement sent.
#[tokio::test]
async fn a_twinboard_page_costs_three_statements_and_its_header_one_however_many_posts_comments_and_likes() {
    use std::sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    };
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        contacts(&db, &claire, &giulia).await;
        let id = open_project(&db, &claire, &giulia, "Rivers").await;
        let statements = Arc::new(AtomicUsize::new(0));
        let mut counted = db.clone();
        let counter = statements.clone();
        counted.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let mut costs = Vec::new();
        for round in 0..2 {
            // One post with a comment and a like from each teacher in the first round; eight more in the second.
            for n in 0..(if round == 0 { 1 } else { 8 }) {
                let post = space::create_post(&db, &claire, id, &format!("Post {round}.{n}")).await.unwrap();
                space::add_comment(&db, &giulia, post, "Nice").await.unwrap();
                space::add_comment(&db, &claire, post, "Thanks").await.unwrap();
                space::like_post(&db, &giulia, post, true).await.unwrap();
                space::like_post(&db, &claire, post, true).await.unwrap();
            }
            statements.store(0, Ordering::SeqCst);
            let read_here = app::db::local::reads_of(&db);
            let board = space::board(&counted, &giulia, id, 1).await.unwrap();
            // On SQLite every one is read on this thread (`db::local`), where SeaORM's callback does not see it.
            let local = (app::db::local::reads_of(&db) - read_here) as usize;
            assert_eq!(local, if backend == app::db::Backend::Sqlite { 3 } else { 0 }, "statements read on the request's thread ({backend:?})");
            costs.push((board.posts.len(), statements.load(Ordering::SeqCst) + local));
            assert!(board.posts.iter().all(|p| p.likes == 2 && p.liked && p.comments.len() == 2), "{backend:?}");
        }
        // The space with the viewer's role in it, the posts (with their likes, the viewer's own and their authors'
        // names), their comments (with their authors' names).
        assert_eq!(costs, [(1, 3), (9, 3)], "(posts shown, statements) on {backend:?}");
        // The header's counters on the same page (reports to review, notifications, messages): one statement.
        statements.store(0, Ordering::SeqCst);
        let read_here = app::db::local::reads_of(&db);
        let badge = app::moderation::ssr::badge(&counted, &giulia).await.unwrap();
        let local = (app::db::local::reads_of(&db) - read_here) as usize;
        assert_eq!((badge.open_reports, statements.load(Ordering::SeqCst) + local), (Some(0), 1), "a space's administrator ({backend:?})");
    })
    .await;
}

/// A kept Twinboard post gets a new request key in its comment form each time it is sent, and only there: the
/// slot's words in a post's text stay as written, and a post without the form takes no key at all.
#[test]
fn a_kept_post_writes_a_new_request_key_into_its_comment_form_only() {
    use app::twinspace::KeptPost;
    let slot = KeptPost::KEY_SLOT;
    let html = format!("<p>Type {slot} here</p><form><input name=\"request\" value=\"{slot}\"><button>Comment</button></form>");
    let kept = KeptPost::new(html.clone(), true);
    let sent = || {
        let mut out = String::new();
        kept.write_to(&mut out);
        out
    };
    let (first, second) = (sent(), sent());
    assert!(first.starts_with(&format!("<p>Type {slot} here</p><form><input name=\"request\" value=\"")), "{first}");
    assert!(first.ends_with("\"><button>Comment</button></form>") && !first[20..].contains(slot), "{first}");
    assert_ne!(first, second, "a new key each time");
    let key = |html: &str| html.split("value=\"").nth(1).and_then(|rest| rest.split('"').next()).map(str::len);
    assert_eq!(key(&first), Some(32), "{first}");
    let without_form = KeptPost::new(html.clone(), false);
    let mut out = String::new();
    without_form.write_to(&mut out);
    assert_eq!(out, html, "no form, no key: the text is left as it is");
}
