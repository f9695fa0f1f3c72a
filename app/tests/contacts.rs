//! Profiles, interests and contacts on both databases: only validated teachers connect and appear, and a
//! request goes from sent to accepted, declined or withdrawn. (Partner search: `partners.rs`.)
use crate::support;

use app::{
    accounts::ssr::{self as accounts, entity},
    error::{AppError, Problem},
    mail::ssr as mail,
    teachers::{ContactState, interests::InterestsForm, ssr as teachers},
};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use support::{on_each_database, person, validated};

const URL: &str = "https://opentwin.example";

#[tokio::test]
async fn only_validated_teachers_appear_and_connect() {
    on_each_database(|db, _backend| async move {
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let julien = validated(&db, "Julien_Bernard", "FR").await;
        let pending = person(&db, "Paul Pending", "FR", "pending", "staff", "member").await;
        let suspended = person(&db, "Sam Suspended", "FR", "suspended", "staff", "member").await;
        let pupil = person(&db, "Mary B.", "FR", "validated", "pupil", "member").await;
        let moderator = person(&db, "Nina NSO", "FR", "validated", "staff", "nso_moderator").await;

        for hidden in [&pending, &suspended, &pupil, &moderator] {
            assert_eq!(teachers::profile(&db, &anna, hidden.id).await, Err(AppError::NotFound), "{}", hidden.display_name);
            assert_eq!(teachers::send_request(&db, &anna, hidden.id, "", URL).await, Err(AppError::NotFound));
        }
        assert_eq!(teachers::send_request(&db, &pending, claire.id, "", URL).await, Err(AppError::NotFound));
        assert_eq!(teachers::send_request(&db, &moderator, claire.id, "", URL).await, Err(AppError::NotFound));
        assert_eq!(teachers::send_request(&db, &anna, anna.id, "", URL).await, Err(AppError::form(Problem::CannotContactSelf)));
        assert_eq!(teachers::profile(&db, &anna, 999_999).await, Err(AppError::NotFound));
        let _ = julien;
    })
    .await;
}

#[tokio::test]
async fn a_request_is_answered_declined_or_withdrawn() {
    on_each_database(|db, backend| async move {
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;

        teachers::send_request(&db, &anna, claire.id, "Shall we work on water?", URL).await.unwrap();
        assert_eq!(teachers::profile(&db, &anna, claire.id).await.unwrap().contact, ContactState::RequestSent, "{backend:?}");
        assert_eq!(teachers::profile(&db, &claire, anna.id).await.unwrap().contact, ContactState::RequestReceived);
        assert_eq!(teachers::send_request(&db, &anna, claire.id, "", URL).await, Err(AppError::form(Problem::AlreadyRequested)));
        let book = teachers::book(&db, &claire).await.unwrap();
        assert_eq!(book.incoming.len(), 1);
        assert_eq!(book.incoming[0].message.as_deref(), Some("Shall we work on water?"));
        assert!(mail::outbox(&db, Some("claire.martin@school.eu"), 1).await.unwrap()[0].body.contains("Anna Schmidt"));

        // Only the addressee answers.
        assert_eq!(teachers::answer(&db, &anna, claire.id, true).await, Err(AppError::NotFound));
        teachers::answer(&db, &claire, anna.id, true).await.unwrap();
        assert_eq!(teachers::profile(&db, &anna, claire.id).await.unwrap().contact, ContactState::Contacts);
        assert_eq!(teachers::book(&db, &anna).await.unwrap().contacts[0].display_name, "Claire Martin");
        assert_eq!(teachers::send_request(&db, &claire, anna.id, "", URL).await, Err(AppError::form(Problem::AlreadyContacts)));

        // Declined: the asker sees it and cannot insist; the one who declined may still ask later.
        teachers::send_request(&db, &giulia, anna.id, "", URL).await.unwrap();
        teachers::answer(&db, &anna, giulia.id, false).await.unwrap();
        assert_eq!(teachers::profile(&db, &giulia, anna.id).await.unwrap().contact, ContactState::Declined);
        assert_eq!(teachers::send_request(&db, &giulia, anna.id, "", URL).await, Err(AppError::form(Problem::RequestDeclined)));
        assert_eq!(teachers::profile(&db, &anna, giulia.id).await.unwrap().contact, ContactState::None);
        teachers::send_request(&db, &anna, giulia.id, "", URL).await.unwrap();
        assert_eq!(teachers::profile(&db, &giulia, anna.id).await.unwrap().contact, ContactState::RequestReceived);

        // Asking someone who already asked you accepts their request.
        teachers::send_request(&db, &giulia, anna.id, "", URL).await.unwrap();
        assert_eq!(teachers::profile(&db, &anna, giulia.id).await.unwrap().contact, ContactState::Contacts);

        // Removing ends it for both; removing again finds nothing.
        teachers::remove(&db, &anna, claire.id).await.unwrap();
        assert_eq!(teachers::profile(&db, &claire, anna.id).await.unwrap().contact, ContactState::None);
        assert_eq!(teachers::remove(&db, &anna, claire.id).await, Err(AppError::NotFound));

        // A suspended contact drops out of the book.
        let mut row: entity::ActiveModel = entity::Entity::find_by_id(giulia.id).one(&db).await.unwrap().unwrap().into();
        row.status = Set("suspended".into());
        row.update(&db).await.unwrap();
        assert!(teachers::book(&db, &anna).await.unwrap().contacts.is_empty());
        let _ = accounts::KIND_STAFF;
    })
    .await;
}

fn ticked(keys: &[&str]) -> std::collections::BTreeMap<String, String> {
    keys.iter().map(|k| (k.to_string(), "on".to_string())).collect()
}

#[tokio::test]
async fn interests_are_saved_shown_and_filtered_on() {
    on_each_database(|db, backend| async move {
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let julien = validated(&db, "Julien Bernard", "FR").await;
        let pending = person(&db, "Paul Pending", "FR", "pending", "staff", "member").await;

        let form = InterestsForm {
            introduction: "I teach biology in Lyon.".into(),
            project_idea: "Rivers and water quality".into(),
            subjects: ticked(&["biology", "environment", "not-a-subject"]),
            age_ranges: ticked(&["from_12_to_15"]),
            languages: ticked(&["fr", "en", "xx"]),
            themes: ticked(&["climate"]),
            looking_now: "on".into(),
            open_to_plus: String::new(),
            taught_subjects: ticked(&["biology", "chemistry"]),
            taught_ages: ticked(&["from_16_to_19"]),
            spoken_languages: ticked(&["fr", "it"]),
            preferred_countries: ticked(&["IT", "DE", "XX"]),
        };
        teachers::save_interests(&db, &claire, &form).await.unwrap();
        let mine = teachers::my_interests(&db, &claire).await.unwrap();
        assert_eq!(mine.subjects, vec!["biology", "environment"], "{backend:?}: unknown choices are dropped");
        assert_eq!(mine.languages, vec!["en", "fr"]);
        assert!(mine.looking_now && !mine.open_to_plus);
        assert_eq!((mine.taught_subjects.clone(), mine.spoken_languages.clone()), (vec!["biology".into(), "chemistry".into()], vec!["fr".into(), "it".into()]));
        assert_eq!(mine.preferred_countries, vec!["DE", "IT"], "{backend:?}: reference order, unknown codes dropped");
        assert_eq!(teachers::profile(&db, &anna, claire.id).await.unwrap().interests, mine);

        // Saving again replaces, and pending people may fill theirs in too.
        teachers::save_interests(&db, &julien, &InterestsForm { subjects: ticked(&["history"]), languages: ticked(&["fr"]), ..Default::default() }).await.unwrap();
        teachers::save_interests(&db, &pending, &InterestsForm { subjects: ticked(&["biology"]), ..Default::default() }).await.unwrap();
        let long = InterestsForm { introduction: "x".repeat(2001), ..Default::default() };
        assert!(matches!(teachers::save_interests(&db, &claire, &long).await, Err(AppError::Invalid { field: Some(ref f), .. }) if f == "introduction"));
        assert_eq!(teachers::my_interests(&db, &claire).await.unwrap(), mine, "a refused save changes nothing");

    })
    .await;
}
