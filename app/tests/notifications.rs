//! The notification centre on both databases: what features tell people lands in their centre (and nobody
//! else's), read and unread, written in the reader's language; preferences per kind, checked; mail at once or in
//! a daily or weekly summary that goes out once, when its period is over, even with two senders at once; what is
//! new in a TwinSpace as one line until read; a mail of the outbox sent through one process only.
use crate::support;

use app::{
    error::{AppError, Problem},
    i18n::Locale,
    mail::ssr as mail,
    notifications::{Delivery, Kind, Notification, ssr as notifications, title},
};
use chrono::{TimeDelta, Utc};
use support::{contacts, on_each_database, open_project, person, validated};

const URL: &str = "https://opentwin.example";

fn line(n: &Notification) -> String {
    title(Locale::en, &n.event, &n.params)
}

async fn account(db: &sea_orm::DatabaseConnection, id: i32) -> app::accounts::ssr::entity::Model {
    use sea_orm::EntityTrait;
    app::accounts::ssr::entity::Entity::find_by_id(id).one(db).await.unwrap().unwrap()
}

fn address(name: &str) -> String {
    format!("{}@school.eu", name.to_lowercase().replace(' ', "."))
}

#[tokio::test]
async fn the_centre_gathers_what_the_platform_tells_a_person() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        contacts(&db, &claire, &giulia).await;
        let rivers = open_project(&db, &claire, &giulia, "Rivers").await;

        // Giulia heard of the request, the co-founding and the approval; Claire only of the approval.
        assert_eq!(notifications::unread(&db, &giulia).await.unwrap(), 3, "{backend:?}");
        assert_eq!(app::moderation::ssr::badge(&db, &giulia).await.unwrap().unread_notifications, 3, "the header counts them");
        let centre = notifications::centre(&db, &giulia).await.unwrap();
        let lines: Vec<String> = centre.notifications.iter().map(line).collect();
        assert_eq!(
            lines,
            [
                "“Rivers” is approved: its TwinSpace is open",
                "Claire Martin founded the project “Rivers” with you as co-founder",
                "Claire Martin would like to add you as a contact",
            ],
            "newest first ({backend:?})"
        );
        let links: Vec<&str> = centre.notifications.iter().map(|n| n.link.as_str()).collect();
        assert_eq!(links, [format!("/projects/{rivers}/space").as_str(), "/projects/mine", "/contacts"]);
        assert!(centre.notifications.iter().all(|n| n.unread), "new on the page that shows them");
        assert_eq!(notifications::unread(&db, &giulia).await.unwrap(), 0, "read once shown ({backend:?})");
        assert!(notifications::centre(&db, &giulia).await.unwrap().notifications.iter().all(|n| !n.unread));
        // Written in the reader's language each time it is shown.
        let french = title(Locale::fr, &centre.notifications[2].event, &centre.notifications[2].params);
        assert!(french.contains("Claire Martin") && french != lines[2], "{french}");

        // Claire heard of Giulia's answers and of the approval.
        let own = notifications::centre(&db, &claire).await.unwrap();
        assert_eq!(
            own.notifications.iter().map(line).collect::<Vec<_>>(),
            [
                "“Rivers” is approved: its TwinSpace is open",
                "Giulia Romano accepted to found “Rivers” with you",
                "Giulia Romano accepted your contact request",
            ],
            "nobody else's news ({backend:?})"
        );
        assert_eq!(notifications::unread(&db, &claire).await.unwrap(), 0);

        // By default each came by mail at once too, as before the centre existed.
        assert_eq!(mail::outbox(&db, Some(&address("Giulia Romano")), 10).await.unwrap().len(), 3, "{backend:?}");
        let defaults = centre.preferences.expect("teachers choose");
        assert!(defaults.contains(&(Kind::Contacts, Delivery::Immediate)) && defaults.contains(&(Kind::Moderation, Delivery::InApp)));

        // Pupils have a centre but no mail to choose.
        let pupil = person(&db, "Emma", "FR", "validated", "pupil", "member").await;
        assert!(notifications::centre(&db, &pupil).await.unwrap().preferences.is_none());
        let chosen = [(Kind::Contacts, "daily".to_owned())];
        assert_eq!(notifications::set_preferences(&db, &pupil, &chosen).await, Err(AppError::NotFound));

        // Only what a page shows is read: news older than the newest page stays new until it is shown.
        let marc = validated(&db, "Marc Dupont", "FR").await;
        contacts(&db, &marc, &claire).await;
        for n in 0..app::notifications::PAGE {
            notifications::notify(&db, &account(&db, claire.id).await, notifications::Event::Moderation { reason: &format!("note {n}") }, "/notices", None).await.unwrap();
        }
        let page = notifications::centre(&db, &claire).await.unwrap();
        assert_eq!(page.notifications.len() as u64, app::notifications::PAGE);
        assert_eq!(notifications::unread(&db, &claire).await.unwrap(), 1, "Marc's request, below the page, is still new ({backend:?})");
    })
    .await;
}

#[tokio::test]
async fn summaries_go_out_once_when_their_period_is_over() {
    on_each_database(|db, backend| async move {
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let giulias = address("Giulia Romano");

        // A value that is not one of the choices is refused, and nothing of the form is kept.
        let hostile = [
            (Kind::Contacts, "daily".to_owned()),
            (Kind::Projects, "hourly".to_owned()),
            (Kind::Labels, "in_app".to_owned()),
            (Kind::Moderation, "immediate".to_owned()),
        ];
        let refused = notifications::set_preferences(&db, &giulia, &hostile).await.unwrap_err();
        assert_eq!(refused, AppError::Invalid { field: Some("projects".into()), problem: Problem::ChooseDelivery }, "{backend:?}");
        assert!(notifications::chosen(&db, giulia.id).await.unwrap().contains(&(Kind::Contacts, Delivery::Immediate)), "nothing stored");

        let chosen = [
            (Kind::Contacts, "daily".to_owned()),
            (Kind::Projects, " weekly ".to_owned()),
            (Kind::Labels, "in_app".to_owned()),
            (Kind::Moderation, "immediate".to_owned()),
        ];
        notifications::set_preferences(&db, &giulia, &chosen).await.unwrap();
        assert_eq!(
            notifications::chosen(&db, giulia.id).await.unwrap(),
            [
                (Kind::Contacts, Delivery::Daily),
                (Kind::Projects, Delivery::Weekly),
                (Kind::Labels, Delivery::InApp),
                (Kind::Moderation, Delivery::Immediate),
                (Kind::Events, Delivery::Immediate),
                (Kind::Groups, Delivery::InApp),
                (Kind::TwinSpace, Delivery::InApp),
            ]
        );

        // Two requests wait for the daily summary: no mail yet.
        contacts(&db, &claire, &giulia).await;
        contacts(&db, &anna, &giulia).await;
        assert!(mail::outbox(&db, Some(&giulias), 10).await.unwrap().is_empty(), "{backend:?}");
        let now = Utc::now();
        assert_eq!(notifications::send_digests(&db, now, URL).await.unwrap(), 0, "not a day old yet ({backend:?})");

        // A day later, one summary with both, in Giulia's language, with links to the site; two senders at once
        // (two server processes) send it once.
        let day = now + TimeDelta::hours(25);
        let (a, b) = tokio::join!(notifications::send_digests(&db, day, URL), notifications::send_digests(&db, day, URL));
        assert_eq!(a.unwrap() + b.unwrap(), 1, "{backend:?}");
        assert_eq!(notifications::send_digests(&db, day, URL).await.unwrap(), 0, "never twice");
        let sent = mail::outbox(&db, Some(&giulias), 10).await.unwrap();
        assert_eq!(sent.len(), 1, "{backend:?}");
        assert_eq!(sent[0].subject, "Your OpenTwin news");
        for expected in ["Hello Giulia Romano", "Claire Martin would like to add you as a contact", "Anna Schmidt would like to add you as a contact", "https://opentwin.example/contacts", "https://opentwin.example/notifications"] {
            assert!(sent[0].body.contains(expected), "{expected:?} in {:?}", sent[0].body);
        }

        // The next daily summary waits a day after the last one, whatever arrives meanwhile.
        let marc = validated(&db, "Marc Dupont", "FR").await;
        contacts(&db, &marc, &giulia).await;
        assert_eq!(notifications::send_digests(&db, day + TimeDelta::hours(2), URL).await.unwrap(), 0, "{backend:?}");
        assert_eq!(notifications::send_digests(&db, day + TimeDelta::hours(25), URL).await.unwrap(), 1, "{backend:?}");
        let latest = &mail::outbox(&db, Some(&giulias), 1).await.unwrap()[0];
        assert!(latest.body.contains("Marc Dupont") && !latest.body.contains("Anna Schmidt"), "only what is new: {:?}", latest.body);

        // Project news waits for the weekly one.
        open_project(&db, &giulia, &claire, "Rivers").await;
        let before = mail::outbox(&db, Some(&giulias), 10).await.unwrap().len();
        assert_eq!(notifications::send_digests(&db, now + TimeDelta::days(3), URL).await.unwrap(), 0, "{backend:?}");
        assert_eq!(notifications::send_digests(&db, now + TimeDelta::days(8), URL).await.unwrap(), 1, "{backend:?}");
        let weekly = &mail::outbox(&db, Some(&giulias), 1).await.unwrap()[0];
        assert!(weekly.body.contains("“Rivers” is approved: its TwinSpace is open"), "{:?}", weekly.body);
        assert_eq!(mail::outbox(&db, Some(&giulias), 10).await.unwrap().len(), before + 1);

        // Choosing "only here" lets what waits stay in the centre, unmailed.
        let anders = validated(&db, "Anders Berg", "SE").await;
        contacts(&db, &anders, &giulia).await;
        let only_here = [
            (Kind::Contacts, "in_app".to_owned()),
            (Kind::Projects, "weekly".to_owned()),
            (Kind::Labels, "in_app".to_owned()),
            (Kind::Moderation, "immediate".to_owned()),
        ];
        notifications::set_preferences(&db, &giulia, &only_here).await.unwrap();
        assert_eq!(notifications::send_digests(&db, now + TimeDelta::days(30), URL).await.unwrap(), 0, "{backend:?}");
        let centre = notifications::centre(&db, &giulia).await.unwrap();
        assert!(centre.notifications.iter().any(|n| line(n) == "Anders Berg would like to add you as a contact"));
    })
    .await;
}

#[tokio::test]
async fn something_new_in_a_twinspace_is_one_line_until_read_and_mailed_once_when_chosen() {
    use app::twinspace::{forum::ssr as forum, ssr as space};
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        contacts(&db, &claire, &giulia).await;
        let rivers = open_project(&db, &claire, &giulia, "Rivers").await;
        let activity = |n: &&Notification| n.event == "space_activity";
        notifications::centre(&db, &giulia).await.unwrap();
        // Claire chose nothing: Giulia's yes to the contact and to the co-founding came by mail at once (contacts
        // and projects, as before the centre); those mails go out first, and once.
        assert_eq!(notifications::send_waiting_mails(&db, Utc::now(), URL).await.unwrap(), 2, "{backend:?}");
        let claires_mail = mail::outbox(&db, Some(&address("Claire Martin")), 2).await.unwrap();
        assert_eq!(claires_mail[0].subject, "Giulia Romano accepted to found “Rivers” with you", "{backend:?}");
        assert_eq!(claires_mail[1].subject, "Giulia Romano accepted your contact request");

        // Two posts: one line for Giulia, to the Twinboard; nothing for their author or for someone outside.
        space::create_post(&db, &claire, rivers, "Our first measurements").await.unwrap();
        space::create_post(&db, &claire, rivers, "And the second ones").await.unwrap();
        assert_eq!(notifications::unread(&db, &giulia).await.unwrap(), 1, "{backend:?}");
        let centre = notifications::centre(&db, &giulia).await.unwrap();
        let told: Vec<&Notification> = centre.notifications.iter().filter(activity).collect();
        assert_eq!(told.len(), 1, "one line for two posts ({backend:?})");
        assert_eq!(line(told[0]), "There is something new in the TwinSpace of “Rivers”");
        assert_eq!(told[0].link, format!("/projects/{rivers}/space"));
        assert!(!notifications::centre(&db, &claire).await.unwrap().notifications.iter().any(|n| activity(&n)), "not to the author");
        assert!(!notifications::centre(&db, &anna).await.unwrap().notifications.iter().any(|n| activity(&n)), "not to outsiders");

        // Read, the next post is a new line; a forum thread is a line of its own, to the thread.
        space::create_post(&db, &claire, rivers, "The third").await.unwrap();
        let again = notifications::centre(&db, &giulia).await.unwrap();
        assert_eq!(again.notifications.iter().filter(activity).count(), 2, "{backend:?}");
        assert!(again.notifications[0].unread && activity(&&again.notifications[0]));
        let thread = forum::start_thread(&db, &giulia, rivers, "Timetable", "When do we meet?").await.unwrap();
        let claires = notifications::centre(&db, &claire).await.unwrap();
        assert_eq!(claires.notifications[0].link, format!("/projects/{rivers}/space/forum/{thread}"), "{backend:?}");

        // TwinSpace news is left to the centre by default: nothing more to mail.
        assert_eq!(notifications::send_waiting_mails(&db, Utc::now(), URL).await.unwrap(), 0, "{backend:?}");
        // Giulia chooses a mail at once: the line and the link, in her language, once even with two senders.
        notifications::set_preferences(&db, &giulia, &[(Kind::TwinSpace, "immediate".to_owned())]).await.unwrap();
        let giulias = address("Giulia Romano");
        let before = mail::outbox(&db, Some(&giulias), 50).await.unwrap().len();
        space::create_post(&db, &claire, rivers, "The fourth").await.unwrap();
        let now = Utc::now();
        let (a, b) = tokio::join!(notifications::send_waiting_mails(&db, now, URL), notifications::send_waiting_mails(&db, now, URL));
        assert_eq!(a.unwrap() + b.unwrap(), 1, "{backend:?}");
        assert_eq!(notifications::send_waiting_mails(&db, now, URL).await.unwrap(), 0, "never twice");
        let sent = mail::outbox(&db, Some(&giulias), 50).await.unwrap();
        assert_eq!(sent.len(), before + 1, "{backend:?}");
        assert_eq!(sent[0].subject, "There is something new in the TwinSpace of “Rivers”");
        for expected in [format!("{URL}/projects/{rivers}/space"), format!("{URL}/notifications")] {
            assert!(sent[0].body.contains(&expected), "{expected:?} in {:?}", sent[0].body);
        }
    })
    .await;
}

#[tokio::test]
async fn a_mail_of_the_outbox_goes_out_through_one_process() {
    on_each_database(|db, backend| async move {
        mail::enqueue(&db, "someone@school.eu", "Hello", "A line").await.unwrap();
        let now = Utc::now();
        let waiting = |found: Vec<mail::Mail>| found.into_iter().filter(|m| m.recipient == "someone@school.eu").map(|m| m.id).collect::<Vec<_>>();
        let ids = waiting(mail::unsent(&db, now, 100).await.unwrap());
        assert_eq!(ids.len(), 1, "{backend:?}");
        let until = now + TimeDelta::minutes(2);
        // Two processes found it; one claim lands.
        let (a, b) = tokio::join!(mail::claim(&db, ids[0], now, until), mail::claim(&db, ids[0], now, until));
        assert_eq!([a.unwrap(), b.unwrap()].into_iter().filter(|&claimed| claimed).count(), 1, "{backend:?}");
        assert!(waiting(mail::unsent(&db, now, 100).await.unwrap()).is_empty(), "claimed: nobody else finds it");
        // Its process stopped before sending: once the claim lapses, another sends it, and then nobody again.
        let later = until + TimeDelta::seconds(1);
        assert_eq!(waiting(mail::unsent(&db, later, 100).await.unwrap()), ids, "{backend:?}");
        assert!(mail::claim(&db, ids[0], later, later + TimeDelta::minutes(2)).await.unwrap());
        mail::mark_sent(&db, ids[0]).await.unwrap();
        let much_later = later + TimeDelta::hours(1);
        assert!(!mail::claim(&db, ids[0], much_later, much_later + TimeDelta::minutes(2)).await.unwrap(), "{backend:?}: sent");
        assert!(waiting(mail::unsent(&db, much_later, 100).await.unwrap()).is_empty());
    })
    .await;
}
