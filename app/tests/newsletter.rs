//! The newsletter and the annual theme on both databases: who writes, reads and receives them; versions per
//! language (English first); hostile input refused with nothing stored; sending in batches that put each
//! subscriber's mail in the outbox once, in their language, with an unsubscribe link that works without signing
//! in; the annual theme on the home page and as a tag that projects and seminars take up.
use crate::support;

use app::{
    accounts::ssr::entity as accounts,
    annual_theme::ssr as theme,
    error::{AppError, Problem},
    mail::ssr as mail,
    newsletter::ssr as newsletter,
    projects::ssr as projects,
};
use chrono::{Datelike, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use support::{contacts, founding, on_each_database, person, validated};

const URL: &str = "https://opentwin.example";

fn invalid(field: &str, problem: Problem) -> AppError {
    AppError::Invalid { field: Some(field.into()), problem }
}

#[tokio::test]
async fn the_annual_theme_is_written_in_english_first_and_taken_up_by_projects() {
    on_each_database(|db, backend| async move {
        let css = person(&db, "Central Support", "BE", "validated", "staff", "css_moderator").await;
        let nso = person(&db, "Nathalie Moreau", "FR", "validated", "staff", "nso_moderator").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        contacts(&db, &claire, &giulia).await;
        let now = Utc::now();
        let year = now.year().to_string();
        let (this, last) = (now.year() as u32, (now.year() - 1).to_string());

        // No theme yet: the home page shows none, and ticking one on a form is refused.
        assert_eq!(theme::of_year(&db, now.year(), "fr").await.unwrap(), None);
        let ticked = app::projects::FoundingForm { annual_theme: Some(year.clone()), ..founding("Rivers", giulia.id) };
        assert_eq!(projects::found(&db, &claire, &ticked, URL).await, Err(invalid("annual_theme", Problem::ChooseTheme)), "{backend:?}");

        // Only the Central Support Service writes it; English comes first; hostile input stores nothing.
        for outsider in [&nso, &claire] {
            assert_eq!(theme::save(&db, outsider, now, &year, "en", "Mine", "Mine").await, Err(AppError::Forbidden));
        }
        let cases = [
            ((year.as_str(), "fr", "Le bien-être", "Ensemble"), invalid("language", Problem::EnglishFirst)),
            ((last.as_str(), "en", "Wellbeing", "Together"), invalid("year", Problem::WholeNumber { min: this, max: this + 1 })),
            (("next year", "en", "Wellbeing", "Together"), invalid("year", Problem::WholeNumber { min: this, max: this + 1 })),
            ((year.as_str(), "xx", "Wellbeing", "Together"), invalid("language", Problem::ChooseLanguage)),
            ((year.as_str(), "en", "Well\nbeing", "Together"), invalid("title", Problem::TextCharacters)),
            ((year.as_str(), "en", "  ", "Together"), invalid("title", Problem::Required)),
            ((year.as_str(), "en", "Wellbeing", &"x".repeat(2001)), invalid("description", Problem::TooLong { max: 2000 })),
        ];
        for ((y, language, title, description), expected) in cases {
            assert_eq!(theme::save(&db, &css, now, y, language, title, description).await, Err(expected), "{backend:?}");
        }
        assert!(theme::editor(&db, &css, now).await.unwrap().versions.is_empty(), "nothing stored ({backend:?})");

        theme::save(&db, &css, now, &year, "en", "Wellbeing at school", "How pupils feel at school.").await.unwrap();
        theme::save(&db, &css, now, &year, "fr", "Le bien-être à l'école", "Ce que vivent les élèves.").await.unwrap();
        // Writing a version again rewrites it.
        theme::save(&db, &css, now, &year, "fr", "Le bien-être à l'école, ensemble", "Ce que vivent les élèves.").await.unwrap();
        assert_eq!(theme::of_year(&db, now.year(), "fr").await.unwrap().unwrap().title, "Le bien-être à l'école, ensemble");
        assert_eq!(theme::of_year(&db, now.year(), "de").await.unwrap().unwrap().title, "Wellbeing at school", "English for a language without its own");
        assert_eq!(theme::editor(&db, &css, now).await.unwrap().versions.len(), 2);
        assert_eq!(theme::editor(&db, &claire, now).await.unwrap_err(), AppError::Forbidden);

        // A project takes it up: its card carries the year; another year's theme is refused.
        let last_year = app::projects::FoundingForm { annual_theme: Some((now.year() - 1).to_string()), ..founding("Rivers", giulia.id) };
        assert_eq!(projects::found(&db, &claire, &last_year, URL).await, Err(invalid("annual_theme", Problem::ChooseTheme)), "{backend:?}");
        let id = projects::found(&db, &claire, &ticked, URL).await.unwrap();
        let plain = projects::found(&db, &claire, &founding("Birds", giulia.id), URL).await.unwrap();
        let rows = vec![
            projects::entity::Entity::find_by_id(id).one(&db).await.unwrap().unwrap(),
            projects::entity::Entity::find_by_id(plain).one(&db).await.unwrap().unwrap(),
        ];
        let cards = projects::cards(&db, rows).await.unwrap();
        assert_eq!((cards[0].theme_year, cards[1].theme_year), (Some(now.year()), None), "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn a_newsletter_reaches_each_subscriber_once_in_their_language() {
    on_each_database(|db, backend| async move {
        let css = person(&db, "Central Support", "BE", "validated", "staff", "css_moderator").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let gone = validated(&db, "Paul Petit", "FR").await;
        let pupil = person(&db, "Emma", "FR", "validated", "pupil", "member").await;
        let waiting = person(&db, "Tom Wait", "FR", "pending", "staff", "member").await;
        accounts::ActiveModel { id: Set(claire.id), locale: Set("fr".into()), ..Default::default() }.update(&db).await.unwrap();

        // Pupils and people not yet validated neither read nor subscribe.
        for outsider in [&pupil, &waiting] {
            assert_eq!(newsletter::home(&db, outsider, "en").await.unwrap_err(), AppError::NotFound, "{backend:?}");
            assert_eq!(newsletter::set_subscribed(&db, outsider, true).await, Err(AppError::NotFound));
        }
        // Claire, Giulia and Paul subscribe (twice changes nothing); Anna does not.
        for teacher in [&claire, &giulia, &giulia, &gone] {
            newsletter::set_subscribed(&db, teacher, true).await.unwrap();
        }
        assert!(newsletter::home(&db, &claire, "fr").await.unwrap().subscribed);
        assert!(!newsletter::home(&db, &anna, "de").await.unwrap().subscribed);
        // Paul is suspended before it goes out: he is passed over.
        accounts::ActiveModel { id: Set(gone.id), status: Set("suspended".into()), ..Default::default() }.update(&db).await.unwrap();

        // Teachers do not write; hostile versions are refused and store nothing.
        assert_eq!(newsletter::create(&db, &claire, "News", "Hello").await, Err(AppError::Forbidden));
        assert_eq!(newsletter::create(&db, &css, "News\r\nBcc: everyone@evil.example", "Hello").await, Err(invalid("subject", Problem::TextCharacters)), "{backend:?}");
        assert_eq!(newsletter::create(&db, &css, "News", &"x".repeat(20_001)).await, Err(invalid("body", Problem::TooLong { max: 20_000 })));
        assert_eq!(newsletter::create(&db, &css, "News", " ").await, Err(invalid("body", Problem::Required)));
        assert!(newsletter::home(&db, &css, "en").await.unwrap().drafts.unwrap().is_empty(), "nothing stored ({backend:?})");

        let body = "## This year\n\nRead [the seminars](/seminars).\n\n<script>alert(1)</script><img src=x onerror=alert(1)>";
        let id = newsletter::create(&db, &css, "News of the year", body).await.unwrap();
        newsletter::save_edition(&db, &css, id, "fr", "Nouvelles de l'année", "## Cette année\n\nLisez.").await.unwrap();
        assert_eq!(newsletter::save_edition(&db, &css, id, "klingon", "Q", "Q").await, Err(invalid("language", Problem::ChooseLanguage)));
        assert_eq!(newsletter::save_edition(&db, &claire, id, "it", "Notizie", "Ciao").await, Err(AppError::Forbidden));
        // A draft is its writers' only.
        assert_eq!(newsletter::newsletter(&db, &claire, id, "fr").await.unwrap_err(), AppError::NotFound, "{backend:?}");
        assert!(newsletter::home(&db, &claire, "fr").await.unwrap().archive.is_empty());
        let draft = newsletter::newsletter(&db, &css, id, "en").await.unwrap();
        assert!(draft.may_send && draft.editions.as_ref().unwrap().len() == 2, "{draft:?}");
        assert!(draft.html.contains("<h2>This year</h2>") && !draft.html.contains("<script") && !draft.html.contains("onerror"), "{}", draft.html);

        // Sending starts once; then it can no longer change.
        let now = Utc::now();
        assert_eq!(newsletter::request_sending(&db, &claire, id, now).await, Err(AppError::Forbidden));
        newsletter::request_sending(&db, &css, id, now).await.unwrap();
        assert_eq!(newsletter::request_sending(&db, &css, id, now).await, Err(invalid("language", Problem::NewsletterSent)), "{backend:?}");
        assert_eq!(newsletter::save_edition(&db, &css, id, "de", "Neues", "Hallo").await, Err(invalid("language", Problem::NewsletterSent)));

        // Two processes send at once, one subscriber per batch: each subscriber's mail is put in the outbox once.
        let mut rounds = 0;
        loop {
            let (a, b) = tokio::join!(newsletter::send_batch(&db, URL, 1), newsletter::send_batch(&db, URL, 1));
            let (a, b) = (a.unwrap(), b.unwrap());
            if a.is_none() && b.is_none() {
                break;
            }
            rounds += 1;
            assert!(rounds < 20, "the sending ends ({backend:?})");
        }
        let outbox = mail::outbox(&db, None, 100).await.unwrap();
        let to = |who: &str| outbox.iter().filter(|m| m.recipient == who).collect::<Vec<_>>();
        let (to_claire, to_giulia) = (to("claire.martin@school.eu"), to("giulia.romano@school.eu"));
        assert_eq!((to_claire.len(), to_giulia.len()), (1, 1), "once each ({backend:?}): {outbox:?}");
        assert!(to("anna.schmidt@school.eu").is_empty() && to("paul.petit@school.eu").is_empty(), "not subscribed, or suspended");
        assert_eq!(to_claire[0].subject, "Nouvelles de l'année", "in her language");
        assert_eq!(to_giulia[0].subject, "News of the year", "English when there is no Italian version");
        assert!(to_giulia[0].body.starts_with("## This year"), "{}", to_giulia[0].body);
        assert!(to_giulia[0].body.contains(&format!("[the seminars]({URL}/seminars)")), "the platform's pages as whole addresses: {}", to_giulia[0].body);
        assert_eq!(newsletter::home(&db, &giulia, "it").await.unwrap().archive.len(), 1);
        let sent = &newsletter::home(&db, &css, "en").await.unwrap().archive[0];
        assert_eq!((sent.sending, sent.sent_count), (false, 2), "{backend:?}");
        assert_eq!(newsletter::newsletter(&db, &claire, id, "fr").await.unwrap().html, "<h2>Cette année</h2>\n<p>Lisez.</p>\n");
        assert!(newsletter::newsletter(&db, &css, id, "en").await.unwrap().editions.is_none(), "sent: no more writing");
        assert_eq!(newsletter::send_batch(&db, URL, 1).await.unwrap(), None, "nothing left to send");

        // The link in Giulia's mail unsubscribes her without signing in; her mail program's one-click address too.
        let one_click = to_giulia[0].list_unsubscribe.clone().expect("a List-Unsubscribe address");
        let token = one_click.rsplit_once("token=").unwrap().1.to_owned();
        assert!(to_giulia[0].body.contains(&format!("{URL}/newsletter/unsubscribe?token={token}")), "{}", to_giulia[0].body);
        for hostile in ["", "' OR 1=1 --", "zz", &"a".repeat(65)] {
            assert!(!newsletter::unsubscribe(&db, hostile).await.unwrap(), "{hostile}");
        }
        assert!(newsletter::home(&db, &giulia, "it").await.unwrap().subscribed, "nobody else's link unsubscribed her");
        assert!(newsletter::unsubscribe(&db, &token).await.unwrap());
        assert!(!newsletter::unsubscribe(&db, &token).await.unwrap(), "once");
        assert!(!newsletter::home(&db, &giulia, "it").await.unwrap().subscribed);
        assert!(newsletter::home(&db, &claire, "fr").await.unwrap().subscribed, "{backend:?}");
    })
    .await;
}
