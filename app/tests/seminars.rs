//! Online seminars on both databases: who sees, organises and registers; places (the last one taken once, even
//! by two at the same moment); the link to join for registered people only; hostile forms refused with nothing
//! stored; attendance, its certificate and its notification; the calendar file.
use crate::support;

use app::{
    certificates::{CertificateKind, ssr as certificates},
    error::{AppError, Problem},
    seminars::{SeminarForm, ssr as seminars},
};
use chrono::{TimeDelta, Utc};
use support::{on_each_database, person, validated};

const URL: &str = "https://opentwin.example";

fn form(title: &str, starts_at: chrono::DateTime<Utc>, capacity: u32) -> SeminarForm {
    SeminarForm {
        title: title.into(),
        description: "How to run a project across time zones.\nWith examples.".into(),
        speaker: "Ana Costa".into(),
        language: "en".into(),
        starts_at: starts_at.format("%Y-%m-%dT%H:%M").to_string(),
        minutes: "90".into(),
        capacity: capacity.to_string(),
        join_url: "https://meet.example/abc-defg".into(),
        annual_theme: None,
    }
}

fn invalid(field: &str, problem: Problem) -> AppError {
    AppError::Invalid { field: Some(field.into()), problem }
}

#[tokio::test]
async fn teachers_register_up_to_the_places_and_only_they_get_the_link() {
    on_each_database(|db, backend| async move {
        let nso = person(&db, "Nathalie Moreau", "FR", "validated", "staff", "nso_moderator").await;
        let css = person(&db, "Central Support", "BE", "validated", "staff", "css_moderator").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let pupil = person(&db, "Emma", "FR", "validated", "pupil", "member").await;
        let waiting = person(&db, "Paul Petit", "FR", "pending", "staff", "member").await;
        let now = Utc::now();
        let starts = now + TimeDelta::days(7);

        // Teachers do not organise; hostile forms are refused and store nothing.
        assert_eq!(seminars::create(&db, &claire, &form("Mine", starts, 2), now).await, Err(AppError::Forbidden));
        let cases = [
            (SeminarForm { starts_at: "tomorrow".into(), ..form("A", starts, 2) }, invalid("starts_at", Problem::SeminarDate)),
            (form("A", now - TimeDelta::hours(1), 2), invalid("starts_at", Problem::SeminarDate)),
            (SeminarForm { join_url: "javascript:alert(1)".into(), ..form("A", starts, 2) }, invalid("join_url", Problem::WebAddress)),
            (SeminarForm { join_url: "https://meet.example/\"><script>".into(), ..form("A", starts, 2) }, invalid("join_url", Problem::WebAddress)),
            (SeminarForm { minutes: "0".into(), ..form("A", starts, 2) }, invalid("minutes", Problem::WholeNumber { min: 15, max: 480 })),
            (SeminarForm { capacity: "-3".into(), ..form("A", starts, 2) }, invalid("capacity", Problem::WholeNumber { min: 1, max: 10_000 })),
            (SeminarForm { language: "xx".into(), ..form("A", starts, 2) }, invalid("language", Problem::ChooseLanguage)),
            (form("   ", starts, 2), invalid("title", Problem::Required)),
            (SeminarForm { speaker: "x".repeat(201), ..form("A", starts, 2) }, invalid("speaker", Problem::TooLong { max: 200 })),
            // A line break would end a line of the calendar file and start one of the author's choosing.
            (form("A\r\nATTENDEE:mailto:x@evil.example", starts, 2), invalid("title", Problem::TextCharacters)),
        ];
        for (hostile, expected) in cases {
            assert_eq!(seminars::create(&db, &nso, &hostile, now).await, Err(expected), "{backend:?}");
        }
        assert!(seminars::list(&db, &claire, now).await.unwrap().upcoming.is_empty(), "nothing stored ({backend:?})");

        let id = seminars::create(&db, &nso, &form("Projects across time zones", starts, 2), now).await.unwrap();
        // Pupils and teachers waiting for validation see no seminar at all.
        for outsider in [&pupil, &waiting] {
            assert_eq!(seminars::list(&db, outsider, now).await.unwrap_err(), AppError::NotFound, "{backend:?}");
            assert_eq!(seminars::seminar(&db, outsider, id, now).await.unwrap_err(), AppError::NotFound);
            assert_eq!(seminars::register(&db, outsider, id, true, now).await, Err(AppError::NotFound));
            assert_eq!(seminars::calendar(&db, outsider, id, URL).await.unwrap_err(), AppError::NotFound);
        }

        // Two places: Claire and Giulia take them, Anna is told it is full; registering twice changes nothing.
        seminars::register(&db, &claire, id, true, now).await.unwrap();
        seminars::register(&db, &claire, id, true, now).await.unwrap();
        seminars::register(&db, &giulia, id, true, now).await.unwrap();
        assert_eq!(seminars::register(&db, &anna, id, true, now).await, Err(invalid("seminar", Problem::SeminarFull)), "{backend:?}");
        let list = seminars::list(&db, &claire, now).await.unwrap();
        assert_eq!(list.upcoming.len(), 1);
        assert!(list.upcoming[0].registered && list.upcoming[0].registered_count == 2 && list.upcoming[0].places_left() == 0, "{:?}", list.upcoming[0]);
        assert!(!list.may_organise && seminars::list(&db, &nso, now).await.unwrap().may_organise);

        // The link to join: registered people and the organiser; the organiser sees who registered.
        let mine = seminars::seminar(&db, &claire, id, now).await.unwrap();
        assert_eq!(mine.join_url.as_deref(), Some("https://meet.example/abc-defg"));
        assert!(mine.attendees.is_none(), "only the organiser sees who registered");
        assert_eq!(seminars::seminar(&db, &anna, id, now).await.unwrap().join_url, None, "{backend:?}");
        let organised = seminars::seminar(&db, &nso, id, now).await.unwrap();
        assert_eq!(organised.join_url.as_deref(), Some("https://meet.example/abc-defg"));
        let names: Vec<String> = organised.attendees.unwrap().into_iter().map(|a| a.name).collect();
        assert_eq!(names, ["Claire Martin", "Giulia Romano"]);

        // The calendar file: UTC times, the link only for those who may have it.
        let calendar = seminars::calendar(&db, &claire, id, URL).await.unwrap();
        for expected in ["BEGIN:VCALENDAR", "BEGIN:VEVENT", &format!("DTSTART:{}00Z", starts.format("%Y%m%dT%H%M")), "SUMMARY:Projects across time zones", "meet.example/abc-defg"] {
            assert!(calendar.contains(expected), "{expected} in {calendar}");
        }
        assert!(!seminars::calendar(&db, &anna, id, URL).await.unwrap().contains("meet.example"), "{backend:?}");

        // Giulia gives her place back; Anna takes it.
        seminars::register(&db, &giulia, id, false, now).await.unwrap();
        seminars::register(&db, &anna, id, true, now).await.unwrap();

        // The last place, wanted by two at the same moment: one gets it.
        let small = seminars::create(&db, &nso, &form("One place", starts, 1), now).await.unwrap();
        let (a, b) = tokio::join!(seminars::register(&db, &claire, small, true, now), seminars::register(&db, &giulia, small, true, now));
        assert_eq!([&a, &b].iter().filter(|r| r.is_ok()).count(), 1, "{a:?} {b:?} ({backend:?})");
        assert!([&a, &b].iter().any(|r| **r == Err(invalid("seminar", Problem::SeminarFull))));
        assert_eq!(seminars::seminar(&db, &nso, small, now).await.unwrap().card.registered_count, 1);

        // Attendance is marked once it has begun, by the organiser, for registered people only.
        assert_eq!(seminars::mark_attended(&db, &nso, id, claire.id, now, URL).await, Err(invalid("seminar", Problem::SeminarNotBegun)));
        let during = starts + TimeDelta::minutes(30);
        assert_eq!(seminars::register(&db, &giulia, id, true, during).await, Err(invalid("seminar", Problem::SeminarBegun)), "{backend:?}");
        assert_eq!(seminars::mark_attended(&db, &claire, id, claire.id, during, URL).await, Err(AppError::NotFound));
        assert_eq!(seminars::mark_attended(&db, &nso, id, giulia.id, during, URL).await, Err(AppError::NotFound), "no longer registered");
        seminars::mark_attended(&db, &nso, id, claire.id, during, URL).await.unwrap();
        seminars::mark_attended(&db, &nso, id, claire.id, during, URL).await.unwrap();
        let code = seminars::seminar(&db, &claire, id, during).await.unwrap().certificate.expect("a certificate");
        let certificate = certificates::verify(&db, &code).await.unwrap();
        assert_eq!((certificate.kind, certificate.holder_name.as_str(), certificate.detail.as_str()), (CertificateKind::SeminarAttendance, "Claire Martin", "Projects across time zones"));
        assert_eq!(certificate.country_code.as_deref(), Some("FR"), "issued by the organiser's organisation");
        assert!(seminars::seminar(&db, &anna, id, during).await.unwrap().certificate.is_none());
        // The organiser and the CSS mark Anna at the same moment: one certificate, in the organiser's name.
        let (a, b) = tokio::join!(seminars::mark_attended(&db, &nso, id, anna.id, during, URL), seminars::mark_attended(&db, &css, id, anna.id, during, URL));
        assert!(a.is_ok() && b.is_ok(), "{a:?} {b:?}");
        let held = certificates::held_by(&db, anna.id).await.unwrap();
        assert_eq!(held.len(), 1, "one certificate ({backend:?})");
        assert_eq!(held[0].country_code.as_deref(), Some("FR"), "the organiser's organisation, whoever marks");
        let centre = app::notifications::ssr::centre(&db, &claire).await.unwrap();
        let line = app::notifications::title(app::i18n::Locale::en, &centre.notifications[0].event, &centre.notifications[0].params);
        assert_eq!(line, "Your certificate of attendance for “Projects across time zones” is ready", "{backend:?}");
        assert_eq!(centre.notifications[0].link, format!("/seminars/{id}"));

        // Afterwards: the recording, checked like every address.
        assert_eq!(seminars::set_recording(&db, &nso, id, "javascript:alert(1)", "").await, Err(invalid("recording_url", Problem::WebAddress)));
        assert_eq!(seminars::set_recording(&db, &claire, id, "https://video.example/1", "").await, Err(AppError::NotFound));
        seminars::set_recording(&db, &nso, id, " https://video.example/1 ", "").await.unwrap();
        let after = starts + TimeDelta::hours(3);
        let past = seminars::seminar(&db, &anna, id, after).await.unwrap();
        assert!(past.ended && past.recording_url.as_deref() == Some("https://video.example/1") && past.materials_url.is_none());
        let list = seminars::list(&db, &anna, after).await.unwrap();
        let mut ended: Vec<i32> = list.past.iter().map(|c| c.id).collect();
        ended.sort();
        assert_eq!(ended, [id.min(small), id.max(small)], "both ended ({backend:?})");
        assert!(list.upcoming.is_empty());
    })
    .await;
}

#[tokio::test]
async fn the_organiser_cancels_before_it_begins_and_everyone_registered_is_told_once() {
    on_each_database(|db, backend| async move {
        let nso = person(&db, "Nathalie Moreau", "FR", "validated", "staff", "nso_moderator").await;
        let other_nso = person(&db, "Marta Bianchi", "IT", "validated", "staff", "nso_moderator").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let now = Utc::now();
        let starts = now + TimeDelta::days(3);
        let id = seminars::create(&db, &nso, &form("Time zones", starts, 10), now).await.unwrap();
        seminars::register(&db, &claire, id, true, now).await.unwrap();
        seminars::register(&db, &giulia, id, true, now).await.unwrap();
        let mail_to = |name: &str| format!("{}@school.eu", name.to_lowercase().replace(' ', "."));
        let mails_before = app::mail::ssr::outbox(&db, Some(&mail_to("Claire Martin")), 10).await.unwrap().len();

        // Only those who run it may cancel it; to everyone else it is not there to cancel.
        for outsider in [&claire, &other_nso] {
            assert_eq!(seminars::cancel(&db, outsider, id, now, URL).await, Err(AppError::NotFound), "{backend:?}");
        }
        assert_eq!(seminars::cancel(&db, &nso, 999_999, now, URL).await, Err(AppError::NotFound));
        assert!(!seminars::seminar(&db, &claire, id, now).await.unwrap().card.cancelled, "nothing changed ({backend:?})");
        assert!(seminars::seminar(&db, &nso, id, now).await.unwrap().may_cancel);
        assert!(!seminars::seminar(&db, &claire, id, now).await.unwrap().may_cancel);

        // Cancelled: marked in the list and on its page, no link to join, no registration; twice tells nobody twice.
        seminars::cancel(&db, &nso, id, now, URL).await.unwrap();
        seminars::cancel(&db, &nso, id, now, URL).await.unwrap();
        let seen = seminars::seminar(&db, &claire, id, now).await.unwrap();
        assert!(seen.card.cancelled && seen.join_url.is_none() && !seen.may_register, "{backend:?}");
        assert!(!seminars::seminar(&db, &nso, id, now).await.unwrap().may_cancel, "cancelled once");
        assert!(seminars::list(&db, &anna, now).await.unwrap().upcoming.iter().any(|s| s.id == id && s.cancelled));
        assert_eq!(seminars::register(&db, &anna, id, true, now).await, Err(invalid("seminar", Problem::SeminarCancelled)));
        assert_eq!(seminars::seminar(&db, &anna, id, now).await.unwrap().card.registered_count, 2, "{backend:?}");
        for (person, name) in [(&claire, "Claire Martin"), (&giulia, "Giulia Romano")] {
            let centre = app::notifications::ssr::centre(&db, person).await.unwrap();
            let cancelled: Vec<_> = centre.notifications.iter().filter(|n| n.event == "seminar_cancelled").collect();
            assert_eq!(cancelled.len(), 1, "{name}, once ({backend:?})");
            assert_eq!(cancelled[0].link, format!("/seminars/{id}"));
            let line = app::notifications::title(app::i18n::Locale::en, &cancelled[0].event, &cancelled[0].params);
            assert_eq!(line, "The online seminar “Time zones” is cancelled");
            let mails = app::mail::ssr::outbox(&db, Some(&mail_to(name)), 10).await.unwrap();
            assert!(mails.iter().filter(|m| m.body.contains("Time zones") && m.body.contains("is cancelled")).count() == 1, "{name} ({backend:?})");
        }
        assert_eq!(app::mail::ssr::outbox(&db, Some(&mail_to("Claire Martin")), 10).await.unwrap().len(), mails_before + 1);
        assert!(app::notifications::ssr::centre(&db, &anna).await.unwrap().notifications.is_empty(), "not registered, not told");
        // The calendar file says so; no attendance for a seminar that did not take place.
        assert!(seminars::calendar(&db, &claire, id, URL).await.unwrap().contains("STATUS:CANCELLED"), "{backend:?}");
        let during = starts + TimeDelta::minutes(10);
        assert_eq!(seminars::mark_attended(&db, &nso, id, claire.id, during, URL).await, Err(invalid("seminar", Problem::SeminarCancelled)));

        // Once it has begun, it can no longer be cancelled.
        let other = seminars::create(&db, &nso, &form("Rivers", starts, 10), now).await.unwrap();
        assert_eq!(seminars::cancel(&db, &nso, other, during, URL).await, Err(invalid("seminar", Problem::SeminarBegun)), "{backend:?}");
        assert!(!seminars::seminar(&db, &nso, other, during).await.unwrap().card.cancelled);
    })
    .await;
}

#[tokio::test]
async fn registered_people_are_reminded_once_a_day_before_and_never_of_a_cancelled_seminar() {
    on_each_database(|db, backend| async move {
        let nso = person(&db, "Nathalie Moreau", "FR", "validated", "staff", "nso_moderator").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let now = Utc::now();
        let soon = seminars::create(&db, &nso, &form("Rivers tonight", now + TimeDelta::hours(10), 10), now).await.unwrap();
        let later = seminars::create(&db, &nso, &form("Rivers next week", now + TimeDelta::days(3), 10), now).await.unwrap();
        let off = seminars::create(&db, &nso, &form("Rivers cancelled", now + TimeDelta::hours(5), 10), now).await.unwrap();
        for id in [soon, later, off] {
            seminars::register(&db, &claire, id, true, now).await.unwrap();
        }
        seminars::cancel(&db, &nso, off, now, URL).await.unwrap();
        let reminders = async |viewer: &app::access::Viewer| {
            app::notifications::ssr::centre(&db, viewer).await.unwrap().notifications.into_iter().filter(|n| n.event == "seminar_reminder").map(|n| n.link).collect::<Vec<_>>()
        };

        // Within a day of "Rivers tonight": Claire is told once, however often the task runs; the others wait.
        assert_eq!(seminars::send_reminders(&db, now, URL).await, Ok(1), "{backend:?}");
        assert_eq!(seminars::send_reminders(&db, now, URL).await, Ok(0));
        assert_eq!(reminders(&claire).await, [format!("/seminars/{soon}")], "{backend:?}");
        let mail = app::mail::ssr::outbox(&db, Some("claire.martin@school.eu"), 1).await.unwrap().remove(0);
        assert!(mail.body.contains("Rivers tonight") && mail.body.contains("https://meet.example/abc-defg"), "{backend:?}: {}", mail.body);
        // Giulia registers after the reminder went out: she is not reminded again of it.
        seminars::register(&db, &giulia, soon, true, now).await.unwrap();
        assert_eq!(seminars::send_reminders(&db, now + TimeDelta::hours(1), URL).await, Ok(0), "{backend:?}");
        assert!(reminders(&giulia).await.is_empty());

        // Two and a half days on, next week's seminar is within a day; the cancelled one never is.
        let then = now + TimeDelta::hours(60);
        assert_eq!(seminars::send_reminders(&db, then, URL).await, Ok(1), "{backend:?}");
        let got = reminders(&claire).await;
        assert_eq!(got.len(), 2);
        assert!(got.contains(&format!("/seminars/{later}")) && !got.contains(&format!("/seminars/{off}")), "{backend:?}");
    })
    .await;
}
