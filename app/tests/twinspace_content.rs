//! TwinSpace pages, forum and chat on both databases. (Who may do what, exhaustively: `twinspace_access.rs`.)
use crate::support;

use app::{
    accounts::ssr as accounts,
    error::{AppError, Problem},
    projects::ssr as projects,
    twinspace::{chat::ssr as chat, forum::ssr as forum, pages::ssr as space_pages, ssr as space},
};
use support::{contacts, on_each_database, open_project, validated};

#[test]
fn markdown_becomes_html_that_cannot_run_anything() {
    let html = app::ui::render_markdown(
        "# Our river\n\nSee [the map](https://example.org/map) and **our photos**.\n\n\
         <script>alert(1)</script>\n<img src=x onerror=alert(1)>\n<a href=\"javascript:alert(1)\">click</a>\n\
         <p onclick=\"alert(1)\" style=\"color:red\">styled</p>\n\n![tracker](https://tracker.example/p.gif)\n\n![ours](/pictures/1)",
    );
    assert!(html.contains("<h1>Our river</h1>"), "{html}");
    assert!(html.contains("<strong>our photos</strong>"));
    assert!(html.contains(r#"<a href="https://example.org/map" rel="noopener noreferrer nofollow">the map</a>"#), "{html}");
    for forbidden in ["<script", "onerror", "onclick", "javascript:", "style=", "tracker.example"] {
        assert!(!html.contains(forbidden), "{forbidden} survived: {html}");
    }
    assert!(html.contains(r#"src="/pictures/1""#), "pictures of this site stay: {html}");
}

#[tokio::test]
async fn drafts_are_for_their_author_and_administrators_and_public_pages_for_everyone() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        contacts(&db, &claire, &giulia).await;
        contacts(&db, &claire, &anna).await;
        let id = open_project(&db, &claire, &giulia, "Rivers").await;
        space::invite(&db, &claire, id, anna.id, "teacher").await.unwrap();
        space::answer_invitation(&db, &anna, id, true).await.unwrap();
        let logins = space::create_pupils(&db, &claire, id, "Mary Brown").await.unwrap();
        let mary = accounts::authenticate_pupil(&db, &logins[0].username, &logins[0].password, "ip").await.unwrap();

        assert_eq!(space_pages::create(&db, &anna, id, "", "text").await, Err(AppError::invalid("title", Problem::Required)), "{backend:?}");
        assert_eq!(space_pages::create(&db, &mary, id, "Mine", "text").await, Err(AppError::Forbidden));
        let page = space_pages::create(&db, &anna, id, "Week 1", "# Measuring\n<script>x()</script>").await.unwrap();
        // A draft: its author and the administrators see it; other members and strangers do not.
        assert!(space_pages::page(&db, Some(&anna), page).await.unwrap().html.contains("<h1>Measuring</h1>"));
        assert!(!space_pages::page(&db, Some(&claire), page).await.unwrap().html.contains("script"));
        assert_eq!(space_pages::page(&db, Some(&mary), page).await, Err(AppError::NotFound));
        assert!(space_pages::pages(&db, &mary, id).await.unwrap().pages.is_empty());
        assert_eq!(space_pages::pages(&db, &giulia, id).await.unwrap().pages.len(), 1);
        // Only administrators publish and make public.
        assert_eq!(space_pages::set_visibility(&db, &anna, page, true, true).await, Err(AppError::Forbidden));
        space_pages::set_visibility(&db, &claire, page, true, false).await.unwrap();
        assert!(space_pages::page(&db, Some(&mary), page).await.is_ok());
        assert_eq!(space_pages::page(&db, None, page).await, Err(AppError::NotFound), "published but private");
        space_pages::set_visibility(&db, &claire, page, true, true).await.unwrap();
        let public = space_pages::page(&db, None, page).await.unwrap();
        assert!(!public.in_space && public.markdown.is_none());
        assert_eq!(space_pages::public_titles(&db, id).await.unwrap(), [(page, "Week 1".to_owned())]);
        // The public copy names a teacher author only while the members show teachers' names.
        assert_eq!(public.summary.author, "Anna Schmidt");
        space::update_public_settings(&db, &claire, id, true, false).await.unwrap();
        assert_eq!(space_pages::page(&db, None, page).await.unwrap().summary.author, "");
        // Authors edit their own page (pupils do not edit others'); an edit by anyone but an administrator takes
        // the page back to private until an administrator shows it again.
        space_pages::update(&db, &anna, page, "Week one", "Changed").await.unwrap();
        assert_eq!(space_pages::update(&db, &mary, page, "Hacked", "x").await, Err(AppError::Forbidden));
        assert_eq!(space_pages::page(&db, None, page).await, Err(AppError::NotFound));
        space_pages::set_visibility(&db, &claire, page, true, true).await.unwrap();
        assert_eq!(space_pages::page(&db, None, page).await.unwrap().summary.title, "Week one");
        // Unpublishing makes it private again.
        space_pages::set_visibility(&db, &claire, page, false, true).await.unwrap();
        assert_eq!(space_pages::page(&db, None, page).await, Err(AppError::NotFound));
        assert_eq!(space_pages::delete(&db, &claire, page).await, Ok(id));
        let _ = projects::mine(&db, &claire).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn pupils_reply_in_the_forum_but_do_not_start_threads() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        contacts(&db, &claire, &giulia).await;
        let id = open_project(&db, &claire, &giulia, "Rivers").await;
        let logins = space::create_pupils(&db, &claire, id, "Mary Brown\nTom Smith").await.unwrap();
        let mary = accounts::authenticate_pupil(&db, &logins[0].username, &logins[0].password, "ip").await.unwrap();
        let tom = accounts::authenticate_pupil(&db, &logins[1].username, &logins[1].password, "ip").await.unwrap();
        space::change_role(&db, &claire, id, tom.id, "pupil_administrator").await.unwrap();

        assert_eq!(forum::start_thread(&db, &mary, id, "My thread", "Hi").await, Err(AppError::Forbidden), "{backend:?}");
        assert!(!forum::forum(&db, &mary, id).await.unwrap().may_start);
        let by_tom = forum::start_thread(&db, &tom, id, "Pupil administrators may", "Hello all").await.unwrap();
        let thread = forum::start_thread(&db, &giulia, id, "Which bridge?", "Tell us which bridge you chose.").await.unwrap();
        assert_eq!(forum::start_thread(&db, &giulia, id, "Two\nlines", "x").await, Err(AppError::invalid("title", Problem::TextCharacters)));
        let reply = forum::reply(&db, &mary, thread, "The old stone one.").await.unwrap();
        forum::reply(&db, &claire, thread, "Lovely!").await.unwrap();

        let view = forum::thread(&db, &mary, thread).await.unwrap();
        assert_eq!(view.replies.iter().map(|r| r.author.as_str()).collect::<Vec<_>>(), ["Mary B.", "Claire Martin"]);
        assert!(view.replies[0].may_delete && !view.replies[1].may_delete && !view.may_delete);
        let list = forum::forum(&db, &claire, id).await.unwrap();
        assert_eq!(list.threads.iter().map(|t| (t.id, t.replies)).collect::<Vec<_>>(), [(thread, 2), (by_tom, 0)], "most recent activity first");
        assert_eq!(forum::delete_reply(&db, &giulia, reply).await, Ok(()), "administrators moderate");
        assert_eq!(forum::delete_thread(&db, &mary, thread).await, Err(AppError::Forbidden));
        assert_eq!(forum::delete_thread(&db, &claire, thread).await, Ok(id));
    })
    .await;
}

#[tokio::test]
async fn the_chat_is_for_teachers_and_a_reconnecting_page_gets_what_it_missed() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        contacts(&db, &claire, &giulia).await;
        let id = open_project(&db, &claire, &giulia, "Rivers").await;
        let logins = space::create_pupils(&db, &claire, id, "Mary Brown").await.unwrap();
        let mary = accounts::authenticate_pupil(&db, &logins[0].username, &logins[0].password, "ip").await.unwrap();

        assert_eq!(chat::room(&db, &mary, id).await.unwrap_err(), AppError::NotFound, "{backend:?}: pupils are not in the chat");
        assert_eq!(chat::post(&db, &mary, id, "hi").await.unwrap_err(), AppError::Forbidden);
        let first = chat::post(&db, &claire, id, "Ciao Giulia!").await.unwrap();
        let second = chat::post(&db, &giulia, id, "Bonjour Claire!").await.unwrap();
        assert_eq!(chat::post(&db, &giulia, id, " ").await.unwrap_err(), AppError::invalid("body", Problem::Required));
        let room = chat::room(&db, &giulia, id).await.unwrap();
        assert_eq!(room.messages.iter().map(|m| m.body.as_str()).collect::<Vec<_>>(), ["Ciao Giulia!", "Bonjour Claire!"]);
        let missed = chat::history(&db, &claire, id, Some(first.id)).await.unwrap();
        assert_eq!(missed.iter().map(|m| m.id).collect::<Vec<_>>(), [second.id]);

        // Live delivery: a subscriber of the room gets a published message (on PostgreSQL through NOTIFY and
        // the listener, as between two server processes).
        let hub = std::sync::Arc::new(chat::hub(db.clone()));
        let other_process = std::sync::Arc::new(chat::hub(db.clone()));
        tokio::spawn(other_process.clone().listen());
        let mut live = other_process.subscribe(id);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let third = chat::post(&db, &claire, id, "Live!").await.unwrap();
        if backend == app::db::Backend::Postgres {
            hub.publish(id, third.id).await;
        } else {
            other_process.publish(id, third.id).await;
        }
        let received = tokio::time::timeout(std::time::Duration::from_secs(5), live.recv()).await.expect("delivered in time").unwrap();
        assert_eq!(received.body, "Live!");
        // Archived: the room is read-only.
        space::advance_lifecycle(&db, &claire, id).await.unwrap();
        assert!(chat::room(&db, &giulia, id).await.is_ok());
        assert_eq!(chat::post(&db, &giulia, id, "Still there?").await.unwrap_err(), AppError::Forbidden);
    })
    .await;
}
