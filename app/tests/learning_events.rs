//! Learning events on both databases: who sees, organises and enrols; places and the waiting list (a freed place
//! goes to the first person waiting, who is told; the last place wanted by two at once goes to one); units added
//! before the start only; activities done while the event runs, by enrolled participants only; progress; the
//! certificate of completion, issued once; hostile forms refused with nothing stored; reports on posts in a unit's
//! forum through the same report → review path as other content.
use crate::support;

use app::{
    certificates::{CertificateKind, ssr as certificates},
    error::{AppError, Problem},
    learning_events::{Activity, Enrolment, EventForm, ssr as events},
    moderation::{ReportStatus, ssr as moderation},
    twinspace::ContentMark,
};
use chrono::{NaiveDate, TimeDelta, Utc};
use support::{on_each_database, person, validated};

fn form(title: &str, starts_on: NaiveDate, days: i64, places: u32) -> EventForm {
    EventForm {
        title: title.into(),
        description: "Three weeks on project-based learning with partners abroad.".into(),
        language: "en".into(),
        starts_on: starts_on.format("%Y-%m-%d").to_string(),
        ends_on: (starts_on + TimeDelta::days(days - 1)).format("%Y-%m-%d").to_string(),
        places: places.to_string(),
        annual_theme: None,
    }
}

fn invalid(field: &str, problem: Problem) -> AppError {
    AppError::Invalid { field: Some(field.into()), problem }
}

#[tokio::test]
async fn participants_enrol_up_to_the_places_wait_for_a_freed_one_and_complete_every_unit_for_a_certificate() {
    on_each_database(|db, backend| async move {
        let nso = person(&db, "Nathalie Moreau", "FR", "validated", "staff", "nso_moderator").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let joao = validated(&db, "João Silva", "PT").await;
        let pupil = person(&db, "Emma", "FR", "validated", "pupil", "member").await;
        let waiting = person(&db, "Paul Petit", "FR", "pending", "staff", "member").await;
        let now = Utc::now();
        let today = now.date_naive();
        let starts = today + TimeDelta::days(7);
        let dates = Problem::LearningEventDates { min: 14, max: 28 };

        // Teachers do not organise; hostile forms are refused and store nothing.
        assert_eq!(events::create(&db, &claire, &form("Mine", starts, 21, 2), now).await, Err(AppError::Forbidden));
        let cases = [
            (EventForm { starts_on: "next week".into(), ..form("A", starts, 21, 2) }, invalid("starts_on", dates.clone())),
            (form("A", today, 21, 2), invalid("starts_on", dates.clone())),
            (form("A", starts, 10, 2), invalid("ends_on", dates.clone())),
            (form("A", starts, 40, 2), invalid("ends_on", dates.clone())),
            (form("A", starts, 21, 0), invalid("places", Problem::WholeNumber { min: 1, max: 5000 })),
            (EventForm { places: "2; DROP TABLE learning_events".into(), ..form("A", starts, 21, 2) }, invalid("places", Problem::WholeNumber { min: 1, max: 5000 })),
            (EventForm { language: "xx".into(), ..form("A", starts, 21, 2) }, invalid("language", Problem::ChooseLanguage)),
            (form("  ", starts, 21, 2), invalid("title", Problem::Required)),
            (form("A\r\nB", starts, 21, 2), invalid("title", Problem::TextCharacters)),
            (EventForm { description: "\u{0}".into(), ..form("A", starts, 21, 2) }, invalid("description", Problem::TextCharacters)),
        ];
        for (hostile, expected) in cases {
            assert_eq!(events::create(&db, &nso, &hostile, now).await, Err(expected), "{backend:?}");
        }
        let list = events::list(&db, &claire, now).await.unwrap();
        assert!(list.upcoming.is_empty() && list.running.is_empty() && !list.may_organise, "nothing stored ({backend:?})");

        let id = events::create(&db, &nso, &form("Project-based learning", starts, 21, 2), now).await.unwrap();
        // Units: the organiser adds them before the start; the activity is one of the three.
        assert_eq!(events::add_unit(&db, &claire, id, "Mine", "Read this.", "read", now).await, Err(AppError::Forbidden));
        assert_eq!(events::add_unit(&db, &nso, id, "A unit", "Text", "dance", now).await, Err(invalid("activity", Problem::ChooseActivity)));
        let read = events::add_unit(&db, &nso, id, "What a project is", "Read the guide on the first page.", "read", now).await.unwrap();
        let discuss = events::add_unit(&db, &nso, id, "Your ideas", "Tell the others about a project you would like to run.", "discuss", now).await.unwrap();
        let submit = events::add_unit(&db, &nso, id, "A plan", "Hand in a one-page plan.", "submit", now).await.unwrap();

        // Pupils and teachers waiting for validation see no learning event at all.
        for outsider in [&pupil, &waiting] {
            assert_eq!(events::list(&db, outsider, now).await.unwrap_err(), AppError::NotFound, "{backend:?}");
            assert_eq!(events::event(&db, outsider, id, now).await.unwrap_err(), AppError::NotFound);
            assert_eq!(events::enrol(&db, outsider, id, true, now).await, Err(AppError::NotFound));
        }
        // The programme is for everyone who sees it; the instructions for participants and organisers.
        let outside = events::event(&db, &joao, id, now).await.unwrap();
        assert_eq!(outside.units.iter().map(|u| u.activity).collect::<Vec<_>>(), [Activity::Read, Activity::Discuss, Activity::Submit]);
        assert!(outside.units.iter().all(|u| u.instructions.is_none()) && outside.may_enrol, "{backend:?}");
        assert_eq!(events::enrol(&db, &nso, id, true, now).await, Err(AppError::Forbidden), "organisers do not enrol");
        let other_nso = person(&db, "Marta Bianchi", "IT", "validated", "staff", "nso_moderator").await;
        assert_eq!(events::enrol(&db, &other_nso, id, true, now).await, Err(AppError::Forbidden), "support staff organise, teachers take part");
        assert!(!events::event(&db, &other_nso, id, now).await.unwrap().may_enrol);

        // Two places: Claire and Giulia take them (twice changes nothing), Anna and João wait, in that order.
        events::enrol(&db, &claire, id, true, now).await.unwrap();
        events::enrol(&db, &claire, id, true, now).await.unwrap();
        events::enrol(&db, &giulia, id, true, now).await.unwrap();
        events::enrol(&db, &anna, id, true, now).await.unwrap();
        events::enrol(&db, &joao, id, true, now + TimeDelta::seconds(1)).await.unwrap();
        let card = events::event(&db, &joao, id, now).await.unwrap().card;
        assert_eq!((card.enrolled_count, card.waiting_count, card.enrolment), (2, 2, Some(Enrolment::Waiting(2))), "{backend:?}");
        let mine = events::event(&db, &claire, id, now).await.unwrap();
        assert!(mine.units.iter().all(|u| u.instructions.is_some()) && !mine.active, "enrolled, not started yet");
        let organised = events::event(&db, &nso, id, now).await.unwrap();
        assert_eq!(organised.participants.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Claire Martin", "Giulia Romano"]);
        assert_eq!(organised.waiting, ["Anna Schmidt", "João Silva"]);
        assert!(events::event(&db, &claire, id, now).await.unwrap().participants.is_empty(), "only organisers see them");

        // Before the start: no activity, no new units once it starts.
        assert_eq!(events::mark_read(&db, &claire, read, now).await, Err(invalid("unit", Problem::LearningEventNotRunning)), "{backend:?}");
        let during = now + TimeDelta::days(8);
        assert_eq!(events::add_unit(&db, &nso, id, "Late", "Text", "read", during).await, Err(AppError::form(Problem::LearningEventStarted)));

        // Giulia leaves: Anna, first on the list, takes her place and is told; João is next.
        events::enrol(&db, &giulia, id, false, during).await.unwrap();
        assert_eq!(events::event(&db, &anna, id, during).await.unwrap().card.enrolment, Some(Enrolment::Enrolled), "{backend:?}");
        assert_eq!(app::notifications::ssr::centre(&db, &anna).await.unwrap().notifications[0].event, "learning_event_place");
        assert_eq!(events::event(&db, &joao, id, during).await.unwrap().card.enrolment, Some(Enrolment::Waiting(1)));

        // Those waiting do nothing yet; activities are of their unit's kind; the work is checked like any text.
        assert_eq!(events::mark_read(&db, &joao, read, during).await, Err(AppError::Forbidden), "{backend:?}");
        assert_eq!(events::post(&db, &joao, discuss, "Hello", during).await, Err(AppError::Forbidden));
        assert_eq!(events::mark_read(&db, &claire, submit, during).await, Err(AppError::Forbidden), "not a reading");
        assert_eq!(events::submit(&db, &claire, submit, "   ", during).await, Err(invalid("work", Problem::Required)));
        assert_eq!(events::submit(&db, &claire, submit, &"x".repeat(5001), during).await, Err(invalid("work", Problem::TooLong { max: 5000 })));
        assert_eq!(events::mark_read(&db, &pupil, read, during).await, Err(AppError::NotFound));

        // Claire does every unit: progress, then completion with one certificate and a notification.
        events::mark_read(&db, &claire, read, during).await.unwrap();
        events::mark_read(&db, &claire, read, during).await.unwrap();
        events::post(&db, &claire, discuss, "Our pupils would map the rivers of both towns.", during).await.unwrap();
        let half = events::event(&db, &claire, id, during).await.unwrap();
        assert!(half.active && half.done_units == 2 && half.certificate.is_none(), "{backend:?}");
        events::submit(&db, &claire, submit, "Week 1: meet online.\nWeek 2: measure.", during).await.unwrap();
        events::submit(&db, &claire, submit, "Week 1: meet online.\nWeek 2: measure the rivers.", during).await.unwrap();
        let done = events::event(&db, &claire, id, during).await.unwrap();
        assert!(done.card.completed && done.done_units == 3, "{backend:?}");
        let code = done.certificate.expect("a certificate");
        let certificate = certificates::verify(&db, &code).await.unwrap();
        assert_eq!((certificate.kind, certificate.holder_name.as_str(), certificate.detail.as_str()), (CertificateKind::LearningEvent, "Claire Martin", "Project-based learning"));
        assert_eq!(certificate.country_code.as_deref(), Some("FR"), "issued by the organiser's organisation");
        assert_eq!(certificates::held_by(&db, claire.id).await.unwrap().len(), 1, "one certificate, whatever is handed in again ({backend:?})");
        assert_eq!(app::notifications::ssr::centre(&db, &claire).await.unwrap().notifications[0].event, "learning_event_completed");
        assert_eq!(events::enrol(&db, &claire, id, false, during).await, Err(invalid("event", Problem::LearningEventCompleted)), "she keeps it");
        // The organiser sees each one's progress and the work handed in, as last handed in.
        let organised = events::event(&db, &nso, id, during).await.unwrap();
        let her = organised.participants.iter().find(|p| p.account_id == claire.id).unwrap();
        assert_eq!((her.done, her.completed), (3, true));
        assert_eq!(her.works, [("A plan".to_owned(), "Week 1: meet online.\nWeek 2: measure the rivers.".to_owned())]);
        let anna_there = organised.participants.iter().find(|p| p.account_id == anna.id).unwrap();
        assert_eq!((anna_there.done, anna_there.completed), (0, false), "{backend:?}");
        // The organiser leads the discussion without doing the unit.
        events::post(&db, &nso, discuss, "Welcome, everyone.", during).await.unwrap();
        assert_eq!(events::event(&db, &anna, id, during).await.unwrap().units[1].posts.len(), 2);

        // After the end: nothing more is done, no one enrols.
        let after = now + TimeDelta::days(40);
        assert_eq!(events::mark_read(&db, &anna, read, after).await, Err(invalid("unit", Problem::LearningEventNotRunning)), "{backend:?}");
        assert_eq!(events::enrol(&db, &giulia, id, true, after).await, Err(invalid("event", Problem::LearningEventOver)));
        let list = events::list(&db, &claire, after).await.unwrap();
        assert_eq!(list.past.len(), 1);
        assert!(list.past[0].completed);

        // The last place, wanted by two at the same moment: one gets it, the other waits.
        let small = events::create(&db, &nso, &form("One place", starts, 14, 1), now).await.unwrap();
        let (a, b) = tokio::join!(events::enrol(&db, &claire, small, true, now), events::enrol(&db, &giulia, small, true, now));
        assert!(a.is_ok() && b.is_ok(), "{a:?} {b:?}");
        let card = events::event(&db, &nso, small, now).await.unwrap().card;
        assert_eq!((card.enrolled_count, card.waiting_count), (1, 1), "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn the_organiser_corrects_and_removes_units_before_the_start_and_the_programme_closes_up() {
    on_each_database(|db, backend| async move {
        let nso = person(&db, "Nathalie Moreau", "FR", "validated", "staff", "nso_moderator").await;
        let other_nso = person(&db, "Marta Bianchi", "IT", "validated", "staff", "nso_moderator").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let pupil = person(&db, "Emma", "FR", "validated", "pupil", "member").await;
        let now = Utc::now();
        let starts = now.date_naive() + TimeDelta::days(7);
        let id = events::create(&db, &nso, &form("Project-based learning", starts, 21, 5), now).await.unwrap();
        let first = events::add_unit(&db, &nso, id, "What a projet is", "Read the guide.", "read", now).await.unwrap();
        let second = events::add_unit(&db, &nso, id, "Your ideas", "Tell the others.", "discuss", now).await.unwrap();
        let third = events::add_unit(&db, &nso, id, "A plan", "Hand in a plan.", "submit", now).await.unwrap();
        events::post(&db, &nso, second, "Welcome, everyone.", now).await.unwrap();
        events::enrol(&db, &claire, id, true, now).await.unwrap();
        let programme = async |viewer: &app::access::Viewer| {
            events::event(&db, viewer, id, now).await.unwrap().units.into_iter().map(|u| (u.position, u.title, u.activity)).collect::<Vec<_>>()
        };
        let before = programme(&claire).await;

        // Only the event's organiser changes it; others are refused (a pupil does not even see it) and the
        // hostile forms store nothing.
        assert_eq!(events::edit_unit(&db, &claire, first, "Mine", "Text", "read", now).await, Err(AppError::Forbidden), "{backend:?}");
        assert_eq!(events::edit_unit(&db, &other_nso, first, "Mine", "Text", "read", now).await, Err(AppError::Forbidden));
        assert_eq!(events::edit_unit(&db, &pupil, first, "Mine", "Text", "read", now).await, Err(AppError::NotFound));
        assert_eq!(events::remove_unit(&db, &claire, first, now).await, Err(AppError::Forbidden));
        assert_eq!(events::edit_unit(&db, &nso, 999_999, "A", "Text", "read", now).await, Err(AppError::NotFound));
        assert_eq!(events::remove_unit(&db, &nso, 999_999, now).await, Err(AppError::NotFound));
        assert_eq!(events::edit_unit(&db, &nso, first, "  ", "Text", "read", now).await, Err(invalid("title", Problem::Required)));
        assert_eq!(events::edit_unit(&db, &nso, first, "A", &"x".repeat(5001), "read", now).await, Err(invalid("instructions", Problem::TooLong { max: 5000 })));
        assert_eq!(events::edit_unit(&db, &nso, first, "A", "Text", "dance", now).await, Err(invalid("activity", Problem::ChooseActivity)));
        assert_eq!(programme(&claire).await, before, "nothing changed ({backend:?})");

        // The organiser corrects a title and the kind of activity.
        events::edit_unit(&db, &nso, first, "What a project is", "Read the guide, then its examples.", "discuss", now).await.unwrap();
        let corrected = events::event(&db, &claire, id, now).await.unwrap().units.remove(0);
        assert_eq!((corrected.title.as_str(), corrected.activity), ("What a project is", Activity::Discuss), "{backend:?}");
        assert_eq!(corrected.instructions.as_deref(), Some("Read the guide, then its examples."));

        // Removing the second unit takes its forum with it; the third moves up, and a unit added next comes last.
        events::remove_unit(&db, &nso, second, now).await.unwrap();
        assert_eq!(events::remove_unit(&db, &nso, second, now).await, Err(AppError::NotFound), "gone ({backend:?})");
        assert_eq!(events::post(&db, &nso, second, "Still here?", now).await.unwrap_err(), AppError::NotFound);
        let fourth = events::add_unit(&db, &nso, id, "Looking back", "What did you learn?", "discuss", now).await.unwrap();
        let units = events::event(&db, &nso, id, now).await.unwrap().units;
        assert_eq!(units.iter().map(|u| (u.id, u.position)).collect::<Vec<_>>(), [(first, 1), (third, 2), (fourth, 3)], "{backend:?}");
        assert!(units.iter().all(|u| u.posts.is_empty()));

        // Once it has started, the programme is what participants work through: it no longer changes.
        let during = now + TimeDelta::days(8);
        assert_eq!(events::edit_unit(&db, &nso, third, "B", "Text", "read", during).await, Err(AppError::form(Problem::LearningEventStarted)), "{backend:?}");
        assert_eq!(events::remove_unit(&db, &nso, third, during).await, Err(AppError::form(Problem::LearningEventStarted)));
        assert_eq!(events::event(&db, &nso, id, during).await.unwrap().units.len(), 3);
    })
    .await;
}

#[tokio::test]
async fn a_reported_forum_post_reaches_the_organisers_and_the_authors_support_organisations_who_hide_it_from_the_others() {
    const URL: &str = "https://opentwin.example";
    on_each_database(|db, backend| async move {
        let nso_fr = person(&db, "Nathalie Moreau", "FR", "validated", "staff", "nso_moderator").await;
        let nso_de = person(&db, "Dieter Krause", "DE", "validated", "staff", "nso_moderator").await;
        let nso_it = person(&db, "Marta Bianchi", "IT", "validated", "staff", "nso_moderator").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let outsider = validated(&db, "João Silva", "PT").await;
        let store = support::store();
        let now = Utc::now();
        let id = events::create(&db, &nso_fr, &form("Project-based learning", now.date_naive() + TimeDelta::days(7), 21, 10), now).await.unwrap();
        let discuss = events::add_unit(&db, &nso_fr, id, "Your ideas", "Tell the others about a project.", "discuss", now).await.unwrap();
        for teacher in [&claire, &giulia, &anna] {
            events::enrol(&db, teacher, id, true, now).await.unwrap();
        }
        let during = now + TimeDelta::days(8);
        let rude = events::post(&db, &anna, discuss, "Only fools run projects.", during).await.unwrap();
        let kind = events::post(&db, &claire, discuss, "We would map the rivers.", during).await.unwrap();
        let posts = |view: app::learning_events::EventView| view.units.into_iter().flat_map(|u| u.posts).collect::<Vec<_>>();
        let ids = |q: app::moderation::QueueView| q.items.into_iter().map(|i| i.target_id).collect::<Vec<_>>();

        // Others' posts may be reported, one's own is not offered; only those who read the forum report.
        let seen = posts(events::event(&db, &giulia, id, during).await.unwrap());
        assert_eq!(seen.iter().map(|p| (p.id, p.may_report)).collect::<Vec<_>>(), [(rude, true), (kind, true)], "{backend:?}");
        assert!(!posts(events::event(&db, &anna, id, during).await.unwrap()).iter().find(|p| p.id == rude).unwrap().may_report);
        assert_eq!(moderation::file(&db, &outsider, "learning_post", rude, "bullying", "", URL).await, Err(AppError::NotFound), "not enrolled ({backend:?})");
        assert_eq!(moderation::file(&db, &giulia, "learning_post", 999_999, "bullying", "", URL).await, Err(AppError::NotFound));
        let report = moderation::file(&db, &giulia, "learning_post", rude, "bullying", "", URL).await.unwrap();
        assert!(moderation::report_target(&db, &giulia, "learning_post", rude).await.unwrap().back.starts_with(&format!("/learning-events/{id}#")));

        // Routed to the organiser's support organisation (France) and the author's (Germany), not the reporter's.
        assert_eq!(ids(moderation::queue(&db, &nso_fr, ReportStatus::Open, None).await.unwrap()), vec![rude], "{backend:?}");
        assert_eq!(ids(moderation::queue(&db, &nso_de, ReportStatus::Open, None).await.unwrap()), vec![rude]);
        assert!(ids(moderation::queue(&db, &nso_it, ReportStatus::Open, None).await.unwrap()).is_empty(), "{backend:?}");
        assert_eq!(moderation::badge(&db, &nso_fr).await.unwrap().open_reports, Some(1));
        assert_eq!(moderation::badge(&db, &nso_it).await.unwrap().open_reports, Some(0));
        assert_eq!(moderation::badge(&db, &giulia).await.unwrap().open_reports, None, "a teacher reviews nothing");

        // Hidden: gone for the other participants, shown with why to its author and the organiser; not there to
        // report again. Restored, it is back for everyone; deleted, it is gone and the report stays as evidence.
        moderation::decide(&db, &store, &nso_fr, report, "hide", "Please stay kind.", None).await.unwrap();
        assert!(!posts(events::event(&db, &giulia, id, during).await.unwrap()).iter().any(|p| p.id == rude), "{backend:?}");
        let theirs = posts(events::event(&db, &anna, id, during).await.unwrap());
        assert_eq!(theirs.iter().find(|p| p.id == rude).unwrap().mark, ContentMark::Hidden { reason: "Please stay kind.".into() });
        assert!(posts(events::event(&db, &nso_fr, id, during).await.unwrap()).iter().any(|p| p.id == rude && p.mark != ContentMark::Visible));
        assert_eq!(moderation::file(&db, &claire, "learning_post", rude, "spam", "", URL).await, Err(AppError::NotFound));
        moderation::decide(&db, &store, &nso_de, report, "restore", "", None).await.unwrap();
        assert!(posts(events::event(&db, &giulia, id, during).await.unwrap()).iter().any(|p| p.id == rude && p.mark == ContentMark::Visible), "{backend:?}");
        let again = moderation::file(&db, &claire, "learning_post", rude, "other", "Still unkind", URL).await.unwrap();
        moderation::decide(&db, &store, &nso_fr, again, "delete", "Removed.", None).await.unwrap();
        assert_eq!(posts(events::event(&db, &nso_fr, id, during).await.unwrap()).iter().map(|p| p.id).collect::<Vec<_>>(), [kind], "{backend:?}");
        let decided = moderation::queue(&db, &nso_fr, ReportStatus::Actioned, None).await.unwrap().items;
        assert!(decided.iter().any(|i| i.target_id == rude && i.gone && i.snapshot.as_deref() == Some("Only fools run projects.")), "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn the_organiser_writes_to_the_enrolled_participants_and_not_to_those_waiting() {
    const URL: &str = "https://opentwin.example";
    on_each_database(|db, backend| async move {
        let nso = person(&db, "Nathalie Moreau", "FR", "validated", "staff", "nso_moderator").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let now = Utc::now();
        let starts = now.date_naive() + TimeDelta::days(7);
        let id = events::create(&db, &nso, &form("Project-based learning", starts, 21, 2), now).await.unwrap();
        for teacher in [&claire, &giulia, &anna] {
            events::enrol(&db, teacher, id, true, now).await.unwrap();
        }
        let news = async |viewer: &app::access::Viewer| {
            app::notifications::ssr::centre(&db, viewer).await.unwrap().notifications.into_iter().filter(|n| n.event == "learning_event_message").collect::<Vec<_>>()
        };

        // Only its organisers write; hostile text is refused and tells nobody.
        assert_eq!(events::message_participants(&db, &claire, id, "Hello all", now, URL).await, Err(AppError::Forbidden), "{backend:?}");
        assert_eq!(events::message_participants(&db, &nso, id, "   ", now, URL).await, Err(invalid("message", Problem::Required)));
        assert_eq!(events::message_participants(&db, &nso, id, &"x".repeat(2001), now, URL).await, Err(invalid("message", Problem::TooLong { max: 2000 })));
        assert_eq!(events::message_participants(&db, &nso, 999_999, "Hello", now, URL).await, Err(AppError::NotFound));
        assert!(news(&claire).await.is_empty(), "{backend:?}");

        // The two enrolled are told, with the message under the line and in their mail; Anna, waiting, is not.
        let text = "Welcome! The first unit opens on Monday.\nBring one idea.";
        assert_eq!(events::message_participants(&db, &nso, id, text, now, URL).await, Ok(2), "{backend:?}");
        for (teacher, address) in [(&claire, "claire.martin@school.eu"), (&giulia, "giulia.romano@school.eu")] {
            let got = news(teacher).await;
            assert_eq!(got.len(), 1, "{backend:?}");
            assert_eq!((got[0].message(), got[0].reason(), got[0].link.as_str()), (Some(text), None, format!("/learning-events/{id}").as_str()));
            let line = app::notifications::title(app::i18n::Locale::en, &got[0].event, &got[0].params);
            assert_eq!(line, "A message from the organiser of “Project-based learning”");
            let mail = app::mail::ssr::outbox(&db, Some(address), 1).await.unwrap().remove(0);
            assert!(mail.body.contains(text) && mail.body.contains(&format!("{URL}/learning-events/{id}")), "{backend:?}: {}", mail.body);
        }
        assert!(news(&anna).await.is_empty(), "waiting, not told ({backend:?})");

        // Announcements, not a conversation: a day's limit for the event.
        for n in 1..events::MESSAGES_PER_DAY.max {
            events::message_participants(&db, &nso, id, &format!("Note {n}"), now, URL).await.unwrap();
        }
        assert_eq!(events::message_participants(&db, &nso, id, "One more", now, URL).await, Err(AppError::Throttled), "{backend:?}");
        // After the end there is no one left to write to.
        let after = now + TimeDelta::days(40);
        assert_eq!(events::message_participants(&db, &nso, id, "Thanks", after, URL).await, Err(invalid("message", Problem::LearningEventOver)));
    })
    .await;
}
