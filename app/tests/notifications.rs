//! The notification centre on both databases: what features tell people lands in their centre (and nobody
//! else's), read and unread, written in the reader's language; preferences per kind, checked; mail at once or in
//! a daily or weekly summary that goes out once, when its period is over, even with two senders at once.
mod support;

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

        let own = notifications::centre(&db, &claire).await.unwrap();
        assert_eq!(own.notifications.iter().map(line).collect::<Vec<_>>(), ["“Rivers” is approved: its TwinSpace is open"], "nobody else's news");
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
            [(Kind::Contacts, Delivery::Daily), (Kind::Projects, Delivery::Weekly), (Kind::Labels, Delivery::InApp), (Kind::Moderation, Delivery::Immediate), (Kind::Events, Delivery::Immediate), (Kind::Groups, Delivery::InApp)]
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
