//! Moderation and pupils' safety on both databases: reports routed by scope, hidden content gone from every
//! list, feed and live channel, pre-moderated pupils' work, sanctions, notes and the append-only log, and the
//! erasure of a pupil that leaves no personal data in any table or stored file.
use crate::support;

use app::{
    access::Viewer,
    accounts::ssr as accounts,
    db::Backend,
    error::{AppError, Problem},
    moderation::{ModerationAction, ReportKind, ReportStatus, ssr as moderation},
    projects::ssr as projects,
    twinspace::{
        ContentMark,
        chat::ssr as chat,
        forum::ssr as forum,
        materials::ssr as materials,
        pages::ssr as pages,
        pupil_data::ssr as pupil_data,
        ssr as space,
    },
};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use support::{contacts, on_each_database, open_project, person, validated};

const URL: &str = "https://opentwin.example";

async fn report(db: &DatabaseConnection, who: &Viewer, kind: ReportKind, id: i32) -> Result<i32, AppError> {
    moderation::file(db, who, kind.as_str(), id, "bullying", "", URL).await
}

/// The ids of the open reports a person sees in their queue.
async fn queue_ids(db: &DatabaseConnection, who: &Viewer) -> Result<Vec<i32>, AppError> {
    Ok(moderation::queue(db, who, ReportStatus::Open, None).await?.items.into_iter().map(|i| i.id).collect())
}

async fn pupil(db: &DatabaseConnection, teacher: &Viewer, project: i32, name: &str) -> (Viewer, String, String) {
    let login = space::create_pupils(db, teacher, project, name).await.unwrap().remove(0);
    let viewer = accounts::authenticate_pupil(db, &login.username, &login.password, "10.1.1.1").await.unwrap();
    (viewer, login.username, login.display_name)
}

fn png() -> Vec<u8> {
    let image = image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8 * 5, y as u8 * 7, 120]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

#[tokio::test]
async fn reports_are_routed_by_scope_and_refused_for_what_the_reporter_cannot_see() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let piet = validated(&db, "Piet Jansen", "NL").await;
        contacts(&db, &claire, &giulia).await;
        contacts(&db, &anna, &piet).await;
        let rivers = open_project(&db, &claire, &giulia, "Rivers").await;
        let birds = open_project(&db, &anna, &piet, "Birds").await;
        let nso_fr = person(&db, "NSO France", "FR", "validated", "staff", "nso_moderator").await;
        let nso_it = person(&db, "NSO Italy", "IT", "validated", "staff", "nso_moderator").await;
        let nso_de = person(&db, "NSO Germany", "DE", "validated", "staff", "nso_moderator").await;
        let css = person(&db, "Central Support", "BE", "validated", "staff", "css_moderator").await;
        let (mary, ..) = pupil(&db, &claire, rivers, "Mary Brown").await;

        let post = space::create_post(&db, &claire, rivers, "Our river is the best, theirs is dirty.").await.unwrap();
        let birds_post = space::create_post(&db, &anna, birds, "Storks are back.").await.unwrap();

        // Bad input: clear field errors; things one cannot see and things that do not exist look the same.
        assert_eq!(moderation::file(&db, &mary, "post", post, "rude", "", URL).await, Err(AppError::invalid("reason", Problem::ChooseReason)), "{backend:?}");
        assert_eq!(moderation::file(&db, &mary, "post", post, "other", "  ", URL).await, Err(AppError::invalid("details", Problem::Required)));
        assert_eq!(moderation::file(&db, &mary, "poster", post, "spam", "", URL).await, Err(AppError::NotFound));
        assert_eq!(report(&db, &anna, ReportKind::Post, post).await, Err(AppError::NotFound), "an outsider cannot report what they cannot see");
        assert_eq!(report(&db, &anna, ReportKind::Post, 999_999).await, Err(AppError::NotFound), "nor learn what exists");
        assert_eq!(report(&db, &mary, ReportKind::Profile, anna.id).await, Err(AppError::NotFound), "pupils do not see teachers' profiles");

        let on_post = report(&db, &mary, ReportKind::Post, post).await.unwrap();
        assert_eq!(report(&db, &mary, ReportKind::Post, post).await, Err(AppError::form(Problem::AlreadyReported)), "one open report per person per item");
        let on_birds = moderation::file(&db, &piet, "post", birds_post, "other", "Off topic", URL).await.unwrap();
        let on_profile = report(&db, &claire, ReportKind::Profile, anna.id).await.unwrap();
        let on_space = report(&db, &piet, ReportKind::Space, rivers).await.unwrap();

        // Routing: NSOs see their country's projects and teachers, never another country's; CSS sees all;
        // a space's administrators see reports on its pupils' content only (about teachers: support staff only).
        assert_eq!(queue_ids(&db, &nso_fr).await.unwrap(), [on_post, on_space]);
        assert_eq!(queue_ids(&db, &nso_it).await.unwrap(), [on_post, on_space]);
        assert_eq!(queue_ids(&db, &nso_de).await.unwrap(), [on_birds, on_profile]);
        assert_eq!(queue_ids(&db, &css).await.unwrap(), [on_post, on_birds, on_profile, on_space]);
        assert_eq!(queue_ids(&db, &giulia).await.unwrap(), Vec::<i32>::new(), "a teacher's post, and the space itself: support staff only");
        assert_eq!(queue_ids(&db, &piet).await.unwrap(), Vec::<i32>::new());
        // Nobody reviews reports about themselves: Claire's and Anna's own posts go to their co-founders and staff.
        assert_eq!(queue_ids(&db, &claire).await.unwrap(), Vec::<i32>::new());
        assert_eq!(queue_ids(&db, &anna).await.unwrap(), Vec::<i32>::new());
        assert_eq!(queue_ids(&db, &mary).await, Err(AppError::NotFound));
        assert_eq!(moderation::badge(&db, &nso_de).await.unwrap().open_reports, Some(2));
        assert_eq!(moderation::badge(&db, &mary).await.unwrap().open_reports, None);
        let counts = moderation::queue(&db, &css, ReportStatus::Open, None).await.unwrap().open_counts;
        assert!(counts.contains(&(ReportKind::Post, 2)) && counts.contains(&(ReportKind::Profile, 1)), "{counts:?}");
        let only_profiles = moderation::queue(&db, &css, ReportStatus::Open, Some(ReportKind::Profile)).await.unwrap();
        assert_eq!(only_profiles.items.iter().map(|i| i.id).collect::<Vec<_>>(), [on_profile]);
        // The content in context, and the reporter's reason.
        let item = &moderation::queue(&db, &nso_fr, ReportStatus::Open, None).await.unwrap().items[0];
        assert_eq!((item.excerpt.as_str(), item.project_title.as_deref(), item.reporter.as_str()), ("Our river is the best, theirs is dirty.", Some("Rivers"), "Mary B."));

        // Acting outside one's scope: "not found"; the report stays open.
        let store = support::store();
        assert_eq!(moderation::decide(&db, &store, &nso_fr, on_birds, "hide", "Rude", None).await.unwrap_err(), AppError::NotFound);
        assert_eq!(moderation::decide(&db, &store, &claire, on_space, "hide", "Rude", None).await.unwrap_err(), AppError::NotFound);
        assert_eq!(moderation::decide(&db, &store, &nso_de, on_birds, "hide", " ", None).await.unwrap_err(), AppError::invalid("reason", Problem::Required));
        assert_eq!(queue_ids(&db, &nso_de).await.unwrap(), [on_birds, on_profile]);
        // Space administrators act on their space's content, not on people.
        assert_eq!(moderation::decide(&db, &store, &giulia, on_post, "warn", "Be kind", None).await.unwrap_err(), AppError::NotFound);
        assert_eq!(moderation::decide(&db, &store, &claire, on_post, "dismiss", "", None).await.unwrap_err(), AppError::NotFound, "her own post");
        moderation::decide(&db, &store, &nso_de, on_birds, "dismiss", "", None).await.unwrap();
        assert_eq!(moderation::decide(&db, &store, &nso_de, on_birds, "hide", "Rude", None).await.unwrap_err(), AppError::form(Problem::AlreadyDecided));
        let dismissed = moderation::queue(&db, &nso_de, ReportStatus::Dismissed, None).await.unwrap();
        assert_eq!(dismissed.items.iter().map(|i| i.id).collect::<Vec<_>>(), [on_birds]);
        // Once decided, the same person may report the same item again.
        moderation::file(&db, &piet, "post", birds_post, "spam", "", URL).await.unwrap();

        // What a German teacher writes in the French-Italian project also reaches the German NSO.
        contacts(&db, &claire, &anna).await;
        space::invite(&db, &claire, rivers, anna.id, "teacher").await.unwrap();
        space::answer_invitation(&db, &anna, rivers, true).await.unwrap();
        let guest_post = space::create_post(&db, &anna, rivers, "Guten Tag!").await.unwrap();
        let on_guest = report(&db, &mary, ReportKind::Post, guest_post).await.unwrap();
        assert!(queue_ids(&db, &nso_de).await.unwrap().contains(&on_guest));
        assert!(queue_ids(&db, &nso_fr).await.unwrap().contains(&on_guest));
        assert!(!queue_ids(&db, &nso_it).await.unwrap().contains(&on_birds), "dismissed");

        // A report about a teacher stays with support staff: the space's other administrator cannot dismiss it.
        assert_eq!(moderation::decide(&db, &store, &giulia, on_post, "dismiss", "", None).await.unwrap_err(), AppError::NotFound);
        assert!(queue_ids(&db, &nso_fr).await.unwrap().contains(&on_post), "{backend:?}");
        // A pupil's content is the space administrators' to review.
        let mary_post = space::create_post(&db, &mary, rivers, "I live at 3 rue des Lilas.").await.unwrap();
        let on_mary = report(&db, &anna, ReportKind::Post, mary_post).await.unwrap();
        assert!(queue_ids(&db, &giulia).await.unwrap().contains(&on_mary), "{backend:?}");
        // The header's counter (one statement, the reviewer's spaces read inside it) is the queue's length, for
        // space administrators, support staff and those who review nothing alike.
        for who in [&claire, &giulia, &anna, &piet, &nso_fr, &nso_it, &nso_de, &css] {
            let queued = queue_ids(&db, who).await.unwrap().len() as u32;
            assert_eq!(moderation::badge(&db, who).await.unwrap().open_reports.unwrap_or(0), queued, "{} ({backend:?})", who.display_name);
        }
        assert_eq!(moderation::badge(&db, &giulia).await.unwrap().open_reports, Some(1), "the report on Mary's post");
        moderation::decide(&db, &store, &giulia, on_mary, "hide", "Personal data", None).await.unwrap();
        assert_eq!(moderation::badge(&db, &giulia).await.unwrap().open_reports, Some(0));
    })
    .await;
}

#[tokio::test]
async fn hidden_content_disappears_from_every_list_feed_search_and_live_channel() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        contacts(&db, &claire, &giulia).await;
        let rivers = open_project(&db, &claire, &giulia, "Rivers").await;
        space::update_public_settings(&db, &claire, rivers, true, true).await.unwrap();
        let css = person(&db, "Central Support", "BE", "validated", "staff", "css_moderator").await;
        let (mary, ..) = pupil(&db, &claire, rivers, "Mary Brown").await;
        let store = support::store();

        // One of each kind of content, by Giulia; Mary and Claire report them; CSS hides them.
        let post = space::create_post(&db, &giulia, rivers, "HIDE-POST").await.unwrap();
        let kept = space::create_post(&db, &claire, rivers, "Kept post").await.unwrap();
        let comment = space::add_comment(&db, &giulia, kept, "HIDE-COMMENT").await.unwrap();
        let page = pages::create(&db, &giulia, rivers, "HIDE-PAGE", "Our page").await.unwrap();
        pages::set_visibility(&db, &claire, page, true, true).await.unwrap();
        let thread = forum::start_thread(&db, &giulia, rivers, "HIDE-THREAD", "Let us talk").await.unwrap();
        let open_thread = forum::start_thread(&db, &claire, rivers, "Open thread", "Talk here").await.unwrap();
        let reply = forum::reply(&db, &giulia, open_thread, "HIDE-REPLY").await.unwrap();
        let message = chat::post(&db, &giulia, rivers, "HIDE-CHAT").await.unwrap().id;
        let material = support::upload(&db, &store, &giulia, rivers, None, "hide-me.png", png()).await.unwrap();
        let hub = std::sync::Arc::new(chat::hub(db.clone()));
        tokio::spawn(hub.clone().listen());
        let mut live = hub.subscribe(rivers);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;

        let targets = [
            (ReportKind::Post, post),
            (ReportKind::Comment, comment),
            (ReportKind::Page, page),
            (ReportKind::Thread, thread),
            (ReportKind::Reply, reply),
            (ReportKind::ChatMessage, message),
            (ReportKind::Material, material),
        ];
        for (kind, id) in targets {
            let reporter = if matches!(kind, ReportKind::ChatMessage | ReportKind::Material) { &claire } else { &mary };
            let filed = report(&db, reporter, kind, id).await.unwrap_or_else(|e| panic!("{backend:?} {kind:?}: {e:?}"));
            let effect = moderation::decide(&db, &store, &css, filed, "hide", "Not for pupils", None).await.unwrap();
            if let Some((project, id)) = effect.chat {
                hub.publish(project, id).await;
            }
        }
        // The live channel withdraws the hidden chat message from open pages.
        let withdrawn = tokio::time::timeout(std::time::Duration::from_secs(5), live.recv()).await.expect("in time").unwrap();
        assert!(withdrawn.withdrawn && withdrawn.id == message && withdrawn.body.is_empty(), "{backend:?}: {withdrawn:?}");

        // Gone for the other members.
        for viewer in [&mary, &claire] {
            let board = space::board(&db, viewer, rivers, 1).await.unwrap();
            let bodies: Vec<&str> = board.posts.iter().flat_map(|p| std::iter::once(p.body.as_str()).chain(p.comments.iter().map(|c| c.body.as_str()))).collect();
            let teacher = viewer.id == claire.id;
            // Claire administers the space: she moderates it and sees hidden content, marked.
            assert_eq!(bodies.contains(&"HIDE-POST"), teacher, "{backend:?} {bodies:?}");
            assert_eq!(bodies.contains(&"HIDE-COMMENT"), teacher);
            let threads = forum::forum(&db, viewer, rivers).await.unwrap().threads;
            assert_eq!(threads.iter().any(|t| t.title == "HIDE-THREAD"), teacher);
            let replies = forum::thread(&db, viewer, open_thread).await.unwrap().replies;
            assert_eq!(replies.iter().any(|r| r.body == "HIDE-REPLY"), teacher);
            assert_eq!(pages::pages(&db, viewer, rivers).await.unwrap().pages.iter().any(|p| p.title == "HIDE-PAGE"), teacher);
            assert_eq!(materials::list(&db, viewer, rivers, None, support::ROOMY).await.unwrap().items.iter().any(|m| m.id == material), teacher);
        }
        let board = space::board(&db, &claire, rivers, 1).await.unwrap();
        assert_eq!(board.posts.iter().find(|p| p.id == post).unwrap().mark, ContentMark::Hidden { reason: "Not for pupils".into() });
        // Direct addresses answer "not found" to those who may not see it.
        assert_eq!(forum::thread(&db, &mary, thread).await.unwrap_err(), AppError::NotFound);
        assert_eq!(pages::page(&db, Some(&mary), page).await.unwrap_err(), AppError::NotFound);
        assert_eq!(pages::page(&db, None, page).await.unwrap_err(), AppError::NotFound, "no longer on the public page");
        assert!(pages::public_titles(&db, rivers).await.unwrap().is_empty());
        assert_eq!(materials::download(&db, &store, Some(&mary), material, false).await.unwrap_err(), AppError::NotFound);
        assert_eq!(space::add_comment(&db, &mary, post, "Reply to hidden").await.unwrap_err(), AppError::NotFound);
        assert_eq!(forum::reply(&db, &mary, thread, "Reply to hidden").await.unwrap_err(), AppError::NotFound);
        assert_eq!(report(&db, &mary, ReportKind::Post, post).await.unwrap_err(), AppError::NotFound, "hidden: not reportable by those who cannot see it");
        // The chat's history, for a teacher who is not a space administrator.
        let history = chat::history(&db, &claire, rivers, None).await.unwrap();
        assert!(history.iter().any(|m| m.id == message), "administrators see it, marked");
        // The author still sees their content, with the reason, and a notice.
        let own = space::board(&db, &giulia, rivers, 1).await.unwrap();
        assert_eq!(own.posts.iter().find(|p| p.id == post).unwrap().mark, ContentMark::Hidden { reason: "Not for pupils".into() });
        assert!(chat::history(&db, &giulia, rivers, None).await.unwrap().iter().any(|m| m.id == message));
        let notices = moderation::notices(&db, &giulia).await.unwrap();
        assert_eq!(notices.len(), targets.len());
        assert!(notices.iter().all(|n| n.reason == "Not for pupils" && n.unread));
        // Each notice is a line in her notification centre, counted in the header until she reads it there.
        let counted = moderation::badge(&db, &giulia).await.unwrap().unread_notifications;
        let centre = app::notifications::ssr::centre(&db, &giulia).await.unwrap();
        let lines: Vec<_> = centre.notifications.iter().filter(|n| n.event == "moderation").collect();
        assert_eq!(lines.len(), targets.len());
        assert!(lines.iter().all(|n| n.link == "/notices" && n.reason() == Some("Not for pupils") && n.unread));
        assert_eq!(counted as usize, centre.notifications.iter().filter(|n| n.unread).count(), "the header counts what is new");
        assert_eq!(moderation::badge(&db, &giulia).await.unwrap().unread_notifications, 0, "read once listed");

        // A hidden project leaves the directory and its public page.
        let on_space = report(&db, &anna, ReportKind::Space, rivers).await.unwrap();
        assert_eq!(projects::directory(&db, "rivers", "", false, 1).await.unwrap().total, 1);
        moderation::decide(&db, &store, &css, on_space, "hide", "Advertising", None).await.unwrap();
        assert_eq!(projects::directory(&db, "rivers", "", false, 1).await.unwrap().total, 0, "{backend:?}");
        assert_eq!(projects::public_page(&db, Some(&anna), rivers).await.unwrap_err(), AppError::NotFound);
        assert_eq!(projects::public_page(&db, None, rivers).await.unwrap_err(), AppError::NotFound);
        assert!(projects::public_page(&db, Some(&giulia), rivers).await.is_ok(), "members still see it");
        assert_eq!(space::overview(&db, Some(&giulia), rivers).await.unwrap().hidden_reason.as_deref(), Some("Advertising"));

        // Restored by support staff (a space administrator cannot undo their decision): back for everyone.
        let actioned = moderation::queue(&db, &css, ReportStatus::Actioned, Some(ReportKind::Post)).await.unwrap();
        // (Giulia's post: a teacher's, so Claire does not even see its report.)
        assert_eq!(moderation::decide(&db, &store, &claire, actioned.items[0].id, "restore", "", None).await.unwrap_err(), AppError::NotFound);
        moderation::decide(&db, &store, &css, actioned.items[0].id, "restore", "", None).await.unwrap();
        assert_eq!(moderation::decide(&db, &store, &css, actioned.items[0].id, "restore", "", None).await.unwrap_err(), AppError::form(Problem::AlreadyDecided));
        let bodies: Vec<String> = space::board(&db, &mary, rivers, 1).await.unwrap().posts.into_iter().map(|p| p.body).collect();
        assert!(bodies.contains(&"HIDE-POST".to_owned()), "{bodies:?}");
        // Deleting a chat message withdraws it too, and its row is gone.
        let second = chat::post(&db, &giulia, rivers, "DELETE-CHAT").await.unwrap().id;
        let filed = report(&db, &claire, ReportKind::ChatMessage, second).await.unwrap();
        let effect = moderation::decide(&db, &store, &css, filed, "delete", "Insult", None).await.unwrap();
        assert_eq!(effect.chat, Some((rivers, second)));
        assert!(!chat::history(&db, &giulia, rivers, None).await.unwrap().iter().any(|m| m.id == second));
    })
    .await;
}

#[tokio::test]
async fn pupils_work_waits_for_a_teachers_approval_when_the_space_asks() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        contacts(&db, &claire, &giulia).await;
        let rivers = open_project(&db, &claire, &giulia, "Rivers").await;
        let (mary, ..) = pupil(&db, &claire, rivers, "Mary Brown").await;
        let (tom, ..) = pupil(&db, &claire, rivers, "Tom Green").await;
        let thread = forum::start_thread(&db, &claire, rivers, "Our rivers", "Tell us").await.unwrap();
        let teacher_post = space::create_post(&db, &claire, rivers, "Welcome!").await.unwrap();

        assert_eq!(moderation::set_premoderation(&db, &mary, rivers, true).await, Err(AppError::Forbidden), "{backend:?}");
        moderation::set_premoderation(&db, &claire, rivers, true).await.unwrap();
        assert!(space::overview(&db, Some(&mary), rivers).await.unwrap().own_work_waits);

        let post = space::create_post(&db, &mary, rivers, "WAIT-POST").await.unwrap();
        let comment = space::add_comment(&db, &mary, teacher_post, "WAIT-COMMENT").await.unwrap();
        let reply = forum::reply(&db, &mary, thread, "WAIT-REPLY").await.unwrap();
        let own = space::create_post(&db, &giulia, rivers, "Teachers do not wait").await.unwrap();

        // Invisible to the other pupils until approved; the author sees it, marked.
        let seen_by = |viewer: Viewer| {
            let db = db.clone();
            async move {
                let board = space::board(&db, &viewer, rivers, 1).await.unwrap();
                let mut bodies: Vec<String> = board.posts.iter().flat_map(|p| std::iter::once(p.body.clone()).chain(p.comments.iter().map(|c| c.body.clone()))).collect();
                bodies.extend(forum::thread(&db, &viewer, thread).await.unwrap().replies.into_iter().map(|r| r.body));
                bodies
            }
        };
        let toms = seen_by(tom.clone()).await;
        assert!(!toms.iter().any(|b| b.starts_with("WAIT-")), "{toms:?}");
        assert!(toms.contains(&"Teachers do not wait".to_owned()));
        assert_eq!(space::board(&db, &mary, rivers, 1).await.unwrap().posts.iter().find(|p| p.id == post).unwrap().mark, ContentMark::Waiting);
        assert_eq!(space::add_comment(&db, &tom, post, "me too").await.unwrap_err(), AppError::NotFound, "not there for Tom");
        assert_eq!(forum::forum(&db, &tom, rivers).await.unwrap().threads[0].replies, 0, "the count does not reveal it");

        // The space's queue: for teachers, not for pupils.
        assert_eq!(moderation::waiting(&db, &tom, rivers).await.unwrap_err(), AppError::NotFound);
        let queue = moderation::waiting(&db, &giulia, rivers).await.unwrap();
        assert_eq!(queue.items.iter().map(|i| (i.kind, i.id)).collect::<Vec<_>>(), [(ReportKind::Post, post), (ReportKind::Comment, comment), (ReportKind::Reply, reply)]);
        assert!(!queue.items.iter().any(|i| i.id == own && i.kind == ReportKind::Post));
        assert_eq!(moderation::release(&db, &tom, "post", post, true).await.unwrap_err(), AppError::NotFound);

        moderation::release(&db, &giulia, "post", post, true).await.unwrap();
        moderation::release(&db, &claire, "reply", reply, true).await.unwrap();
        moderation::release(&db, &claire, "comment", comment, false).await.unwrap();
        let toms = seen_by(tom.clone()).await;
        assert!(toms.contains(&"WAIT-POST".to_owned()) && toms.contains(&"WAIT-REPLY".to_owned()), "{toms:?}");
        assert!(!toms.contains(&"WAIT-COMMENT".to_owned()), "declined: deleted");
        assert!(moderation::waiting(&db, &claire, rivers).await.unwrap().items.is_empty());
        assert_eq!(moderation::release(&db, &claire, "post", post, true).await.unwrap_err(), AppError::NotFound, "no longer waiting");
        // An approved post edited by its pupil waits again.
        space::edit_post(&db, &mary, post, "WAIT-POST, changed").await.unwrap();
        assert!(!seen_by(tom.clone()).await.iter().any(|b| b.starts_with("WAIT-POST")));
        assert_eq!(moderation::waiting(&db, &claire, rivers).await.unwrap().items.len(), 1);
        let log = moderation::log(&db, &claire, 1).await.unwrap();
        assert_eq!(log.iter().filter(|l| l.action == ModerationAction::Approve).count(), 2);
    })
    .await;
}

async fn raw(db: &DatabaseConnection, sql: &str) -> Result<(), sea_orm::DbErr> {
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql.to_owned())).await.map(|_| ())
}

#[tokio::test]
async fn moderators_warn_suspend_ban_and_take_notes_and_every_action_is_logged_for_good() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        contacts(&db, &claire, &giulia).await;
        let nso_fr = person(&db, "NSO France", "FR", "validated", "staff", "nso_moderator").await;
        let nso_it = person(&db, "NSO Italy", "IT", "validated", "staff", "nso_moderator").await;
        let store = support::store();
        let password = "a long enough password";
        let hash = accounts::hash_password_now(password).unwrap();
        raw(&db, &format!("UPDATE accounts SET password_hash = '{hash}' WHERE id = {}", claire.id)).await.unwrap();
        moderation::set_report_mail(&db, &nso_fr, true).await.unwrap();

        let filed = report(&db, &giulia, ReportKind::Profile, claire.id).await.unwrap();
        let outbox = app::mail::ssr::outbox(&db, Some("nso.france@school.eu"), 10).await.unwrap();
        assert_eq!(outbox.len(), 1, "{backend:?}: the NSO asked to be mailed");
        assert!(app::mail::ssr::outbox(&db, Some("nso.italy@school.eu"), 10).await.unwrap().is_empty());

        // Outside the scope: "not found", with or without a report.
        assert_eq!(moderation::sanction(&db, &nso_it, claire.id, ModerationAction::Warn, "Be kind", None, None).await, Err(AppError::NotFound));
        assert_eq!(moderation::add_note(&db, &nso_it, claire.id, "Seen").await, Err(AppError::NotFound));
        assert_eq!(moderation::person(&db, &nso_it, claire.id).await.unwrap_err(), AppError::NotFound);
        assert_eq!(moderation::decide(&db, &store, &nso_it, filed, "warn", "Be kind", None).await.unwrap_err(), AppError::NotFound);
        for days in [None, Some("0"), Some("366"), Some("seven")] {
            assert_eq!(
                moderation::decide(&db, &store, &nso_fr, filed, "suspend", "Insults", days).await.unwrap_err(),
                AppError::invalid("days", Problem::SuspensionDays { max: 365 }),
                "{days:?}"
            );
        }

        moderation::decide(&db, &store, &nso_fr, filed, "warn", "Please stay polite.", None).await.unwrap();
        assert_eq!(moderation::notices(&db, &claire).await.unwrap()[0].reason, "Please stay polite.");
        moderation::add_note(&db, &nso_fr, claire.id, "Second complaint this term.").await.unwrap();

        // Suspended for a period: no sign-in, no session, out of partner search; at the end of the period, back.
        let by_name = app::partners::PartnerQuery { q: "claire".into(), ..Default::default() };
        assert_eq!(app::partners::ssr::search(&db, None, &giulia, &by_name).await.unwrap().total, 1);
        moderation::sanction(&db, &nso_fr, claire.id, ModerationAction::Suspend, "Insults", Some("7"), None).await.unwrap();
        assert_eq!(app::partners::ssr::search(&db, None, &giulia, &by_name).await.unwrap().total, 0, "{backend:?}");
        assert_eq!(accounts::authenticate(&db, "claire.martin@school.eu", password, "ip").await.unwrap_err().problem(), Some(Problem::AccountSuspended));
        assert!(accounts::viewer_by_id(&db, claire.id).await.unwrap().is_none());
        let record = moderation::person(&db, &nso_fr, claire.id).await.unwrap();
        assert!(record.suspended && record.suspended_until.is_some());
        assert_eq!(record.notes[0].body, "Second complaint this term.");
        raw(&db, &format!("UPDATE accounts SET suspended_until = '2020-01-01 00:00:00+00:00' WHERE id = {}", claire.id)).await.unwrap();
        assert!(accounts::authenticate(&db, "claire.martin@school.eu", password, "ip").await.is_ok(), "the period is over");
        assert_eq!(app::partners::ssr::search(&db, None, &giulia, &by_name).await.unwrap().total, 1, "back in search");

        // Banned: until lifted.
        moderation::sanction(&db, &nso_fr, claire.id, ModerationAction::Ban, "Repeated insults", None, None).await.unwrap();
        assert_eq!(moderation::lift_expired_suspensions(&db, None).await.unwrap(), 0);
        assert!(accounts::authenticate(&db, "claire.martin@school.eu", password, "ip").await.is_err());
        assert!(moderation::person(&db, &nso_fr, claire.id).await.unwrap().suspended_until.is_none());
        moderation::sanction(&db, &nso_fr, claire.id, ModerationAction::Lift, "", None, None).await.unwrap();
        assert!(accounts::authenticate(&db, "claire.martin@school.eu", password, "ip").await.is_ok());

        // The log: who, what, when, why — for moderators in scope only, and it cannot be changed.
        let log = moderation::log(&db, &nso_fr, 1).await.unwrap();
        let actions: Vec<ModerationAction> = log.iter().map(|l| l.action).collect();
        assert_eq!(actions, [ModerationAction::Lift, ModerationAction::Ban, ModerationAction::Suspend, ModerationAction::Warn]);
        assert!(log.iter().all(|l| l.moderator == "NSO France"));
        assert_eq!(log[1].reason, "Repeated insults");
        assert!(moderation::log(&db, &nso_it, 1).await.unwrap().is_empty());
        assert_eq!(moderation::log(&db, &giulia, 1).await.unwrap_err(), AppError::NotFound);
        assert!(raw(&db, "UPDATE moderation_log SET reason = 'nothing happened'").await.is_err(), "append-only");
        assert!(raw(&db, "DELETE FROM moderation_log").await.is_err(), "append-only");
        assert_eq!(moderation::log(&db, &nso_fr, 1).await.unwrap().len(), 4);
    })
    .await;
}

/// Every table and column of the database, with the columns that point at accounts.
async fn schema(db: &DatabaseConnection) -> Vec<(String, Vec<String>, Vec<String>)> {
    let backend = db.get_database_backend();
    let strings = |sql: String| async move {
        db.query_all_raw(Statement::from_string(backend, sql))
            .await
            .unwrap()
            .into_iter()
            .map(|row| row.try_get_by_index::<String>(0).unwrap())
            .collect::<Vec<String>>()
    };
    let tables = match backend {
        sea_orm::DbBackend::Postgres => strings("SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'".into()).await,
        _ => strings("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'".into()).await,
    };
    let mut out = Vec::new();
    for table in tables {
        let (columns, to_accounts) = match backend {
            sea_orm::DbBackend::Postgres => (
                strings(format!("SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}'")).await,
                strings(format!(
                    "SELECT a.attname::text FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
                     WHERE c.contype = 'f' AND c.conrelid = '{table}'::regclass AND c.confrelid = 'accounts'::regclass"
                ))
                .await,
            ),
            _ => (
                strings(format!("SELECT name FROM pragma_table_info('{table}')")).await,
                strings(format!("SELECT \"from\" FROM pragma_foreign_key_list('{table}') WHERE \"table\" = 'accounts'")).await,
            ),
        };
        out.push((table, columns, to_accounts));
    }
    out
}

/// Rows anywhere in the database that hold `needle` in any column, as "table.column".
async fn mentions(db: &DatabaseConnection, needle: &str) -> Vec<String> {
    let backend = db.get_database_backend();
    let mut found = Vec::new();
    for (table, columns, _) in schema(db).await {
        for column in columns {
            let sql = match backend {
                sea_orm::DbBackend::Postgres => format!("SELECT COUNT(*) FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE $1"),
                _ => format!("SELECT COUNT(*) FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE ?"),
            };
            let row = db.query_one_raw(Statement::from_sql_and_values(backend, sql, [format!("%{needle}%").into()])).await.unwrap().unwrap();
            if row.try_get_by_index::<i64>(0).unwrap() > 0 {
                found.push(format!("{table}.{column}"));
            }
        }
    }
    found
}

/// Rows whose account columns point at `account`.
async fn references(db: &DatabaseConnection, account: i32) -> Vec<String> {
    let mut found = Vec::new();
    for (table, _, to_accounts) in schema(db).await {
        let mut columns = to_accounts;
        if table == "accounts" {
            columns.push("id".into());
        }
        for column in columns {
            let row = db
                .query_one_raw(Statement::from_string(db.get_database_backend(), format!("SELECT COUNT(*) FROM \"{table}\" WHERE \"{column}\" = {account}")))
                .await
                .unwrap()
                .unwrap();
            if row.try_get_by_index::<i64>(0).unwrap() > 0 {
                found.push(format!("{table}.{column}"));
            }
        }
    }
    found
}

fn stored_objects(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| if e.path().is_dir() { stored_objects(&e.path()) } else { 1 }).sum())
        .unwrap_or(0)
}

/// A report is evidence: the words as they were when it was filed stay with it, and what is reported or hidden
/// cannot be deleted by its author (or anyone, outside the moderation queue) until it is decided.
#[tokio::test]
async fn a_report_keeps_its_evidence_whatever_the_author_does() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        contacts(&db, &claire, &giulia).await;
        let rivers = open_project(&db, &claire, &giulia, "Rivers").await;
        let nso_it = person(&db, "NSO Italy", "IT", "validated", "staff", "nso_moderator").await;
        let store = support::store();
        let (mary, ..) = pupil(&db, &claire, rivers, "Mary Brown").await;

        let post = space::create_post(&db, &giulia, rivers, "You are all stupid.").await.unwrap();
        let on_post = report(&db, &mary, ReportKind::Post, post).await.unwrap();
        // The author edits it and tries to delete it: the words stay with the report, the post stays.
        space::edit_post(&db, &giulia, post, "Have a nice day.").await.unwrap();
        assert_eq!(space::delete_post(&db, &giulia, post).await, Err(AppError::form(Problem::UnderReview)), "{backend:?}");
        assert_eq!(space::delete_post(&db, &claire, post).await, Err(AppError::form(Problem::UnderReview)), "nor an administrator");
        let queue = moderation::queue(&db, &nso_it, ReportStatus::Open, None).await.unwrap();
        let item = queue.items.iter().find(|i| i.id == on_post).unwrap();
        assert_eq!((item.excerpt.as_str(), item.snapshot.as_deref()), ("Have a nice day.", Some("You are all stupid.")), "{backend:?}");

        // Hidden, it still cannot be deleted by its author once the report is closed.
        moderation::decide(&db, &store, &nso_it, on_post, "hide", "Insults", None).await.unwrap();
        assert_eq!(space::delete_post(&db, &giulia, post).await, Err(AppError::form(Problem::UnderReview)));

        // A reported comment waits too; dismissed, its author may delete it again.
        let other = space::create_post(&db, &claire, rivers, "Photos of the fountain").await.unwrap();
        let comment = space::add_comment(&db, &giulia, other, "Ugly fountain").await.unwrap();
        let on_comment = report(&db, &mary, ReportKind::Comment, comment).await.unwrap();
        assert_eq!(space::delete_comment(&db, &giulia, comment).await, Err(AppError::form(Problem::UnderReview)));
        moderation::decide(&db, &store, &nso_it, on_comment, "dismiss", "", None).await.unwrap();
        space::delete_comment(&db, &giulia, comment).await.unwrap();
        // Gone since: the queue shows what it said when it was reported.
        let dismissed = moderation::queue(&db, &nso_it, ReportStatus::Dismissed, None).await.unwrap();
        let item = dismissed.items.iter().find(|i| i.id == on_comment).unwrap();
        assert!(item.gone && item.snapshot.as_deref() == Some("Ugly fountain"), "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn an_erased_pupil_leaves_no_personal_data_in_any_table_or_stored_file() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        contacts(&db, &claire, &giulia).await;
        let rivers = open_project(&db, &claire, &giulia, "Rivers").await;
        let nso_fr = person(&db, "NSO France", "FR", "validated", "staff", "nso_moderator").await;
        let dir = std::env::temp_dir().join(format!("opentwin-erase-{}-{backend:?}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = app::teachers::pictures::ssr::local_store(&dir).unwrap();

        // Zoë writes, likes, uploads, reports and is reported, warned and noted; a failed sign-in is counted.
        let (zoe, username, display) = pupil(&db, &claire, rivers, "Zoëlle Quistgaard").await;
        space::change_role(&db, &claire, rivers, zoe.id, "pupil_administrator").await.unwrap();
        let zoe = accounts::viewer_by_id(&db, zoe.id).await.unwrap().unwrap();
        let teacher_post = space::create_post(&db, &claire, rivers, "Teacher's post").await.unwrap();
        let post = space::create_post(&db, &zoe, rivers, "ZOE-SECRET-POST").await.unwrap();
        space::add_comment(&db, &zoe, teacher_post, "ZOE-SECRET-COMMENT").await.unwrap();
        space::like_post(&db, &zoe, teacher_post, true).await.unwrap();
        let thread = forum::start_thread(&db, &zoe, rivers, "ZOE-SECRET-THREAD", "ZOE-SECRET-BODY").await.unwrap();
        forum::reply(&db, &zoe, thread, "ZOE-SECRET-REPLY").await.unwrap();
        pages::create(&db, &zoe, rivers, "ZOE-SECRET-PAGE", "ZOE-SECRET-MARKDOWN").await.unwrap();
        support::upload(&db, &store, &zoe, rivers, None, "zoe-drawing.png", png()).await.unwrap();
        let by_zoe = report(&db, &zoe, ReportKind::Post, teacher_post).await.unwrap();
        let on_zoe = report(&db, &claire, ReportKind::Post, post).await.unwrap();
        moderation::decide(&db, &store, &nso_fr, on_zoe, "warn", "Be careful, Zoëlle.", None).await.unwrap();
        moderation::add_note(&db, &nso_fr, zoe.id, "Zoëlle is 11.").await.unwrap();
        assert!(accounts::authenticate_pupil(&db, &username, "wrong", "10.9.9.9").await.is_err());
        assert_eq!(stored_objects(&dir), 2, "the picture and its thumbnail");

        // The teacher's export holds all of it.
        let export = pupil_data::export(&db, &claire, rivers, zoe.id).await.unwrap().to_string();
        for expected in [username.as_str(), "ZOE-SECRET-POST", "ZOE-SECRET-COMMENT", "ZOE-SECRET-THREAD", "ZOE-SECRET-REPLY", "ZOE-SECRET-PAGE", "zoe-drawing.png", "Be careful"] {
            assert!(export.contains(expected), "{backend:?}: export lacks {expected}");
        }
        assert_eq!(pupil_data::export(&db, &nso_fr, rivers, zoe.id).await.unwrap_err(), AppError::NotFound, "support staff do not see pupils' logins");
        assert_eq!(pupil_data::erase(&db, &store, &nso_fr, rivers, zoe.id, false).await.unwrap_err(), AppError::NotFound);
        assert!(!mentions(&db, &username).await.is_empty(), "the scan finds what is there");
        // Her report about Claire's post is not in the export Claire downloads.
        let filed = pupil_data::export(&db, &claire, rivers, zoe.id).await.unwrap()["reports_filed"].as_array().unwrap().len();
        assert_eq!(filed, 0, "{backend:?}: a teacher never learns from the export that a pupil reported them");

        // Her report is open: the erasure waits for the moderators, and nothing changes meanwhile.
        assert_eq!(pupil_data::erase(&db, &store, &claire, rivers, zoe.id, false).await, Err(AppError::form(Problem::OpenReportsFirst)), "{backend:?}");
        assert_eq!(space::remove_pupil(&db, &store, &claire, rivers, zoe.id).await, Err(AppError::form(Problem::OpenReportsFirst)));
        assert!(accounts::viewer_by_id(&db, zoe.id).await.unwrap().is_some());
        assert_eq!(stored_objects(&dir), 2);
        moderation::decide(&db, &store, &nso_fr, by_zoe, "dismiss", "", None).await.unwrap();

        pupil_data::erase(&db, &store, &claire, rivers, zoe.id, false).await.unwrap();
        // The report she filed stays as evidence, without her.
        let kept = moderation::queue(&db, &nso_fr, ReportStatus::Dismissed, None).await.unwrap();
        let kept = kept.items.iter().find(|i| i.id == by_zoe).expect("the report survives its reporter");
        assert_eq!(kept.reporter, "", "{backend:?}");
        for needle in [username.as_str(), display.as_str(), "Quistgaard", "Zoëlle", "ZOE-SECRET"] {
            assert_eq!(mentions(&db, needle).await, Vec::<String>::new(), "{backend:?}: {needle} remains");
        }
        assert_eq!(references(&db, zoe.id).await, Vec::<String>::new(), "{backend:?}");
        assert_eq!(stored_objects(&dir), 0, "{backend:?}: her files are gone from the store");
        let log = moderation::log(&db, &nso_fr, 1).await.unwrap();
        let warning = log.iter().find(|l| l.action == ModerationAction::Warn).expect("the warning is logged");
        assert_eq!(warning.subject, None, "the log keeps the action, not the person");

        // Kept as "former pupil": the words stay, the person does not; it works in an archived space too.
        let (leo, leo_username, leo_display) = pupil(&db, &claire, rivers, "Leopold Vantongeren").await;
        let kept = space::create_post(&db, &leo, rivers, "A kept drawing description").await.unwrap();
        let on_leo = report(&db, &giulia, ReportKind::Post, kept).await.unwrap();
        moderation::decide(&db, &store, &nso_fr, on_leo, "hide", "Leopold's address is visible", None).await.unwrap();
        space::advance_lifecycle(&db, &claire, rivers).await.unwrap();
        pupil_data::erase(&db, &store, &claire, rivers, leo.id, true).await.unwrap();
        for needle in [leo_username.as_str(), leo_display.as_str(), "Vantongeren", "Leopold"] {
            assert_eq!(mentions(&db, needle).await, Vec::<String>::new(), "{backend:?}: {needle} remains");
        }
        assert_eq!(references(&db, leo.id).await, Vec::<String>::new());
        let board = space::board(&db, &giulia, rivers, 1).await.unwrap();
        let post = board.posts.iter().find(|p| p.id == kept).expect("kept");
        assert_eq!(post.author, "Former pupil");
        assert_eq!(post.mark, ContentMark::Hidden { reason: String::new() }, "still hidden, the reason that named him gone");
        assert!(space::pupils(&db, &claire, rivers).await.unwrap().pupils.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
        let _ = Backend::Sqlite;
    })
    .await;
}
