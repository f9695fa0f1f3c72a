//! Accounts on both databases: sign-up, verification, sign-in throttling, password reset, national validation
//! scoped by country, roles, and the database session store.
use crate::support;

use app::{
    access::{AccountKind, PlatformRole, Viewer},
    accounts::{
        AccountStatus, Decision, SignUpForm,
        session_store::DbSessionStore,
        ssr::{self as accounts, entity},
    },
    error::{AppError, Problem},
    i18n::Locale,
    mail::ssr as mail,
    schools::ssr::entity as schools,
};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set};
use support::on_each_database;

const URL: &str = "https://opentwin.example";
const PASSWORD: &str = "a long enough password";

fn form(email: &str, country: &str) -> SignUpForm {
    SignUpForm {
        email: email.into(),
        password: PASSWORD.into(),
        display_name: "Claire Martin".into(),
        country: country.into(),
        staff_role: "teacher".into(),
        new_school_name: format!("École {country}"),
        new_school_city: "Centre".into(),
        new_school_kind: "primary".into(),
        ..Default::default()
    }
}

/// The token in the newest mail to `email` with a link to `path`.
async fn token_from_mail(db: &DatabaseConnection, email: &str, path: &str) -> String {
    let mails = mail::outbox(db, Some(email), 10).await.unwrap();
    let body = mails.iter().find(|m| m.body.contains(path)).map(|m| m.body.clone()).expect("a mail with the link");
    let start = body.find("token=").expect("a token") + "token=".len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

/// Signs up and confirms the address: a pending sign-up in the validation queue.
async fn join(db: &DatabaseConnection, email: &str, country: &str) -> i32 {
    let id = accounts::sign_up(db, form(email, country), "ip", Locale::en, URL).await.unwrap();
    let token = token_from_mail(db, email, "/verify-email").await;
    accounts::verify_email(db, &token).await.unwrap();
    id
}

fn staff(id: i32, role: PlatformRole, country: Option<&str>) -> Viewer {
    Viewer {
        id,
        display_name: "Moderator".into(),
        kind: AccountKind::Staff,
        role,
        country_code: country.map(str::to_owned),
        status: AccountStatus::Validated,
    }
}

async fn counts(db: &DatabaseConnection) -> (u64, u64) {
    (entity::Entity::find().count(db).await.unwrap(), schools::Entity::find().count(db).await.unwrap())
}

#[tokio::test]
async fn sign_up_verify_and_sign_in_leave_a_pending_teacher() {
    on_each_database(|db, backend| async move {
        let id = accounts::sign_up(&db, form(" Claire@School.FR ", "fr"), "ip", Locale::en, URL).await.unwrap();
        let account = entity::Entity::find_by_id(id).one(&db).await.unwrap().unwrap();
        assert_eq!(account.email.as_deref(), Some("claire@school.fr"), "{backend:?}");
        assert_eq!(account.status, "pending");
        assert!(account.email_verified_at.is_none());

        // Before confirming, the right password still does not get in, and says why.
        let early = accounts::authenticate(&db, "claire@school.fr", PASSWORD, "ip").await;
        assert_eq!(early, Err(AppError::form(Problem::ConfirmEmailFirst)));

        let token = token_from_mail(&db, "claire@school.fr", "https://opentwin.example/verify-email?token=").await;
        accounts::verify_email(&db, &token).await.unwrap();
        let reused = accounts::verify_email(&db, &token).await;
        assert!(matches!(reused, Err(AppError::Invalid { .. })), "a link works once: {reused:?}");

        let viewer = accounts::authenticate(&db, "CLAIRE@school.fr", PASSWORD, "ip").await.unwrap();
        assert_eq!(viewer.id, id);
        assert_eq!(viewer.status, AccountStatus::Pending);
        assert!(!app::access::is_active_teacher(&viewer));
        let overview = accounts::my_account(&db, &viewer).await.unwrap();
        assert_eq!(overview.country_code.as_deref(), Some("FR"));
        assert_eq!(overview.school_name.as_deref(), Some("École fr"));

        // Pending people may edit their profile.
        accounts::update_profile(&db, &viewer, "Claire M.").await.unwrap();
        assert_eq!(accounts::my_account(&db, &viewer).await.unwrap().display_name, "Claire M.");
    })
    .await;
}

#[tokio::test]
async fn bad_sign_ups_are_refused_field_by_field_and_leave_nothing_behind() {
    on_each_database(|db, backend| async move {
        let before = counts(&db).await;
        let cases: Vec<(&str, SignUpForm)> = vec![
            ("email", SignUpForm { email: "not an address".into(), ..form("x@y.eu", "FR") }),
            ("email", SignUpForm { email: format!("{}@y.eu", "a".repeat(300)), ..form("x@y.eu", "FR") }),
            ("password", SignUpForm { password: "short".into(), ..form("x@y.eu", "FR") }),
            ("name", SignUpForm { display_name: "<script>alert(1)</script>".into(), ..form("x@y.eu", "FR") }),
            ("name", SignUpForm { display_name: "Bad\u{0007}Bell".into(), ..form("x@y.eu", "FR") }),
            ("name", SignUpForm { display_name: "x".repeat(101), ..form("x@y.eu", "FR") }),
            ("country", SignUpForm { country: "XX".into(), ..form("x@y.eu", "FR") }),
            ("staff_role", SignUpForm { staff_role: "wizard".into(), ..form("x@y.eu", "FR") }),
            ("institution", SignUpForm { staff_role: "student_teacher".into(), ..form("x@y.eu", "FR") }),
            ("school", SignUpForm { new_school_name: "".into(), ..form("x@y.eu", "FR") }),
            ("new_school_kind", SignUpForm { new_school_kind: "castle".into(), ..form("x@y.eu", "FR") }),
            ("new_school_city", SignUpForm { new_school_city: "<b>".into(), ..form("x@y.eu", "FR") }),
            ("school_id", SignUpForm { school_id: "abc".into(), ..form("x@y.eu", "FR") }),
            ("school_id", SignUpForm { school_id: "999999".into(), ..form("x@y.eu", "FR") }),
        ];
        for (field, case) in cases {
            let result = accounts::sign_up(&db, case.clone(), "ip", Locale::en, URL).await;
            assert!(
                matches!(&result, Err(AppError::Invalid { field: Some(f), .. }) if f == field),
                "{backend:?}: expected an error on {field} for {case:?}, got {result:?}"
            );
        }
        assert_eq!(counts(&db).await, before, "no half-created account or school");
        assert!(mail::outbox(&db, None, 10).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_registered_address_gets_the_same_answer_and_a_warning_mail() {
    on_each_database(|db, _| async move {
        let first = accounts::sign_up(&db, form("same@school.fr", "FR"), "ip", Locale::en, URL).await.unwrap();
        let again = accounts::sign_up(&db, SignUpForm { display_name: "Impostor".into(), ..form("same@school.fr", "IT") }, "ip", Locale::en, URL).await;
        assert!(again.is_ok(), "same answer as a new sign-up");
        assert_eq!(entity::Entity::find().count(&db).await.unwrap(), 1);
        let mails = mail::outbox(&db, Some("same@school.fr"), 10).await.unwrap();
        assert!(mails[0].subject.contains("tried to join"));
        assert_eq!(entity::Entity::find_by_id(first).one(&db).await.unwrap().unwrap().display_name, "Claire Martin");
    })
    .await;
}

#[tokio::test]
async fn schools_are_found_within_a_country_and_reused() {
    on_each_database(|db, _| async move {
        join(&db, "a@school.fr", "FR").await;
        // A colleague registering the same school (other case) gets the same school.
        let other = SignUpForm { new_school_name: "école fr".into(), new_school_city: "CENTRE".into(), ..form("b@school.fr", "FR") };
        accounts::sign_up(&db, other, "ip", Locale::en, URL).await.unwrap();
        assert_eq!(schools::Entity::find().count(&db).await.unwrap(), 1);
        // What anyone typed at sign-up stays out of public search until a teacher of the school is validated.
        assert!(app::schools::ssr::search(&db, "FR", "cole f").await.unwrap().is_empty());
        let school = schools::Entity::find().one(&db).await.unwrap().unwrap();
        assert!(!school.confirmed);
        app::schools::ssr::confirm(&db, school.id).await.unwrap();

        let hits = app::schools::ssr::search(&db, "FR", "cole f").await.unwrap();
        assert_eq!(hits.len(), 1);
        assert!(app::schools::ssr::search(&db, "IT", "cole").await.unwrap().is_empty(), "other countries' schools stay out");
        assert!(app::schools::ssr::search(&db, "FR", "%").await.unwrap().is_empty(), "wildcards are literal");
        assert!(app::schools::ssr::search(&db, "FR", "'; DROP TABLE schools; --").await.unwrap().is_empty());

        // Picking an existing school by id, but from another country, is refused.
        let id = hits[0].id.to_string();
        let wrong = accounts::sign_up(&db, SignUpForm { school_id: id, ..form("c@school.it", "IT") }, "ip", Locale::en, URL).await;
        assert!(matches!(wrong, Err(AppError::Invalid { field: Some(ref f), .. }) if f == "school_id"));
    })
    .await;
}

#[tokio::test]
async fn moderators_see_and_decide_only_their_countrys_sign_ups() {
    on_each_database(|db, backend| async move {
        let french = join(&db, "fr@school.fr", "FR").await;
        let italian = join(&db, "it@school.it", "IT").await;
        // An unconfirmed address is not in anyone's queue.
        accounts::sign_up(&db, form("unconfirmed@school.fr", "FR"), "ip", Locale::en, URL).await.unwrap();

        let nso_fr = staff(9001, PlatformRole::NsoModerator, Some("FR"));
        let queue = accounts::validation_queue(&db, &nso_fr).await.unwrap();
        assert_eq!(queue.iter().map(|p| p.id).collect::<Vec<_>>(), vec![french], "{backend:?}");

        // Another country's sign-up does not exist for this moderator: neither listed nor decidable.
        let outside = accounts::decide_validation(&db, &nso_fr, italian, Decision::Validate, "", URL).await;
        assert_eq!(outside, Err(AppError::NotFound));
        let still = entity::Entity::find_by_id(italian).one(&db).await.unwrap().unwrap();
        assert_eq!(still.status, "pending");

        // A teacher has no queue at all.
        let teacher = staff(9002, PlatformRole::Member, Some("FR"));
        assert_eq!(accounts::validation_queue(&db, &teacher).await, Err(AppError::NotFound));
        assert_eq!(accounts::decide_validation(&db, &teacher, french, Decision::Validate, "", URL).await, Err(AppError::NotFound));

        // Central support sees every country.
        let css = staff(9003, PlatformRole::CssModerator, None);
        assert_eq!(accounts::validation_queue(&db, &css).await.unwrap().len(), 2);

        accounts::decide_validation(&db, &nso_fr, french, Decision::Validate, "", URL).await.unwrap();
        let validated = entity::Entity::find_by_id(french).one(&db).await.unwrap().unwrap();
        assert_eq!((validated.status.as_str(), validated.decided_by), ("validated", Some(9001)));
        assert!(accounts::validation_queue(&db, &nso_fr).await.unwrap().is_empty());
        let again = accounts::decide_validation(&db, &nso_fr, french, Decision::Reject, "changed my mind", URL).await;
        assert!(matches!(again, Err(AppError::Invalid { .. })), "a decision is final here: {again:?}");

        // Rejecting needs a reason, and the person sees it.
        let nso_it = staff(9004, PlatformRole::NsoModerator, Some("IT"));
        let no_reason = accounts::decide_validation(&db, &nso_it, italian, Decision::Reject, "  ", URL).await;
        assert!(matches!(no_reason, Err(AppError::Invalid { field: Some(ref f), .. }) if f == "reason"));
        accounts::decide_validation(&db, &nso_it, italian, Decision::Reject, "Not a member of this school's staff.", URL).await.unwrap();
        let person = accounts::viewer_by_id(&db, italian).await.unwrap().unwrap();
        let overview = accounts::my_account(&db, &person).await.unwrap();
        assert_eq!(overview.status, AccountStatus::Rejected);
        assert_eq!(overview.decision_reason.as_deref(), Some("Not a member of this school's staff."));
        assert!(mail::outbox(&db, Some("it@school.it"), 1).await.unwrap()[0].body.contains("Not a member"));
    })
    .await;
}

#[tokio::test]
async fn a_new_school_in_an_etwinning_plus_country_waits_for_its_psa() {
    on_each_database(|db, _| async move {
        let georgian = join(&db, "nino@school.ge", "GE").await;
        let school_id = entity::Entity::find_by_id(georgian).one(&db).await.unwrap().unwrap().school_id.unwrap();
        assert!(!schools::Entity::find_by_id(school_id).one(&db).await.unwrap().unwrap().confirmed);
        let stats = app::home::ssr::platform_stats(&db).await.unwrap();
        assert_eq!((stats.schools, stats.teachers), (0, 0), "neither counts before the PSA decides");

        let psa = staff(9001, PlatformRole::NsoModerator, Some("GE"));
        let queue = accounts::validation_queue(&db, &psa).await.unwrap();
        assert!(!queue[0].school_confirmed);
        accounts::decide_validation(&db, &psa, georgian, Decision::Validate, "", URL).await.unwrap();
        assert!(schools::Entity::find_by_id(school_id).one(&db).await.unwrap().unwrap().confirmed);
        let stats = app::home::ssr::platform_stats(&db).await.unwrap();
        assert_eq!((stats.schools, stats.teachers), (1, 1));
    })
    .await;
}

#[tokio::test]
async fn sign_in_is_throttled_per_account_and_per_address() {
    on_each_database(|db, backend| async move {
        join(&db, "t@school.fr", "FR").await;
        for _ in 0..5 {
            let wrong = accounts::authenticate(&db, "t@school.fr", "wrong password!", "10.0.0.1").await;
            assert_eq!(wrong, Err(AppError::form(Problem::WrongCredentials)), "{backend:?}");
        }
        // Even the right password is refused now, from anywhere: the account is what is protected.
        assert_eq!(accounts::authenticate(&db, "t@school.fr", PASSWORD, "10.0.0.2").await, Err(AppError::Throttled));

        // Unknown addresses get the same answer as wrong passwords, and count against the client.
        let unknown = accounts::authenticate(&db, "nobody@school.fr", "whatever password", "10.0.0.3").await;
        assert_eq!(unknown, Err(AppError::form(Problem::WrongCredentials)));
        // One address may sign in a whole school (pupils behind the school's router), not flood us.
        let limit = app::throttle::ssr::SIGN_IN_PER_IP.max;
        assert!(limit >= 100, "a class or two signing in at once must pass");
        for n in 0..limit + 5 {
            let result = accounts::authenticate(&db, &format!("u{n}@school.fr"), "whatever password", "10.0.0.4").await;
            if n >= limit {
                assert_eq!(result, Err(AppError::Throttled), "attempt {n} from one address");
            } else {
                assert_eq!(result, Err(AppError::form(Problem::WrongCredentials)), "attempt {n} from one address");
            }
        }
    })
    .await;
}

/// Parallel guesses cannot slip past the limit: 50 wrong passwords for one account at once, as from several
/// server processes, and only the limit's worth are checked; the rest are refused unchecked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_guesses_pass_no_more_than_the_limit() {
    on_each_database(|db, backend| async move {
        join(&db, "p@school.fr", "FR").await;
        let mut attempts = tokio::task::JoinSet::new();
        for n in 0..50 {
            let db = db.clone();
            attempts.spawn(async move { accounts::authenticate(&db, "p@school.fr", "wrong password!", &format!("10.1.0.{n}")).await });
        }
        let (mut checked, mut throttled) = (0, 0);
        while let Some(result) = attempts.join_next().await {
            match result.unwrap() {
                Err(AppError::Throttled) => throttled += 1,
                Err(err) if err == AppError::form(Problem::WrongCredentials) => checked += 1,
                other => panic!("{backend:?}: unexpected {other:?}"),
            }
        }
        assert_eq!((checked, throttled), (app::throttle::ssr::SIGN_IN_PER_ACCOUNT.max, 50 - app::throttle::ssr::SIGN_IN_PER_ACCOUNT.max), "{backend:?}");

        // The counter itself, hit 50 times at once against a limit of 7.
        let limit = app::throttle::ssr::Limit { max: 7, window: chrono::TimeDelta::minutes(1) };
        let mut hits = tokio::task::JoinSet::new();
        for _ in 0..50 {
            let db = db.clone();
            hits.spawn(async move { app::throttle::ssr::hit(&db, "parallel", limit).await });
        }
        let mut passed = 0;
        while let Some(result) = hits.join_next().await {
            if result.unwrap().is_ok() {
                passed += 1;
            }
        }
        assert_eq!(passed, 7, "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_ends_every_session() {
    on_each_database(|db, backend| async move {
        let id = join(&db, "r@school.fr", "FR").await;
        // Unknown and known addresses get the same answer; only the known one gets mail.
        accounts::request_password_reset(&db, "ghost@school.fr", "ip", URL).await.unwrap();
        assert!(mail::outbox(&db, Some("ghost@school.fr"), 5).await.unwrap().is_empty());
        accounts::request_password_reset(&db, "r@school.fr", "ip", URL).await.unwrap();
        let token = token_from_mail(&db, "r@school.fr", "/reset-password").await;

        // A live session of this person, stored as the server stores them.
        use tower_sessions::SessionStore;
        let store = DbSessionStore::new(db.clone());
        let mut record = tower_sessions::session::Record {
            id: Default::default(),
            data: [(accounts::SESSION_ACCOUNT.to_owned(), serde_json::json!(id))].into_iter().collect(),
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::days(1),
        };
        store.create(&mut record).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_some(), "{backend:?}");

        let short = accounts::reset_password(&db, &token, "short", "ip").await;
        assert!(matches!(short, Err(AppError::Invalid { field: Some(ref f), .. }) if f == "password"));
        accounts::reset_password(&db, &token, "a brand new password", "ip").await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_none(), "sessions end with a reset");
        assert!(matches!(accounts::reset_password(&db, &token, "another new password", "ip").await, Err(AppError::Invalid { .. })));
        assert!(matches!(accounts::reset_password(&db, "forged-token", "another new password", "ip").await, Err(AppError::Invalid { .. })));

        assert!(accounts::authenticate(&db, "r@school.fr", PASSWORD, "ip").await.is_err());
        accounts::authenticate(&db, "r@school.fr", "a brand new password", "ip").await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn the_session_store_keeps_sessions_until_they_expire_or_are_deleted() {
    on_each_database(|db, backend| async move {
        use tower_sessions::{SessionStore, session_store::ExpiredDeletion};
        let store = DbSessionStore::new(db.clone());
        let mut live = tower_sessions::session::Record {
            id: Default::default(),
            data: [("k".to_owned(), serde_json::json!("v"))].into_iter().collect(),
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
        };
        store.create(&mut live).await.unwrap();
        let loaded = store.load(&live.id).await.unwrap().expect("stored");
        assert_eq!(loaded.data.get("k"), Some(&serde_json::json!("v")), "{backend:?}");

        live.data.insert("k".into(), serde_json::json!("w"));
        store.save(&live).await.unwrap();
        assert_eq!(store.load(&live.id).await.unwrap().unwrap().data.get("k"), Some(&serde_json::json!("w")));

        let mut expired = tower_sessions::session::Record {
            id: Default::default(),
            data: Default::default(),
            expiry_date: time::OffsetDateTime::now_utc() - time::Duration::minutes(1),
        };
        store.create(&mut expired).await.unwrap();
        assert!(store.load(&expired.id).await.unwrap().is_none(), "an expired session is dead");
        store.delete_expired().await.unwrap();
        assert_eq!(app::accounts::session_store::entity::Entity::find().count(&db).await.unwrap(), 1);

        store.delete(&live.id).await.unwrap();
        assert!(store.load(&live.id).await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn only_administrators_assign_roles_and_nso_moderators_are_bound_to_a_country() {
    on_each_database(|db, _| async move {
        let admin_id = accounts::create_administrator(&db, "admin@opentwin.eu", "Ada", PASSWORD).await.unwrap();
        let admin = accounts::viewer_by_id(&db, admin_id).await.unwrap().unwrap();
        let teacher_id = join(&db, "m@school.fr", "FR").await;
        let teacher = accounts::viewer_by_id(&db, teacher_id).await.unwrap().unwrap();

        assert_eq!(accounts::assign_role(&db, &teacher, "m@school.fr", "css_moderator", "").await, Err(AppError::NotFound));
        assert_eq!(accounts::role_holders(&db, &teacher).await, Err(AppError::NotFound));

        accounts::assign_role(&db, &admin, "m@school.fr", "nso_moderator", "").await.unwrap();
        let moderator = accounts::viewer_by_id(&db, teacher_id).await.unwrap().unwrap();
        assert_eq!((moderator.role, moderator.country_code.as_deref()), (PlatformRole::NsoModerator, Some("FR")));
        accounts::assign_role(&db, &admin, "m@school.fr", "nso_moderator", "it").await.unwrap();
        assert_eq!(accounts::viewer_by_id(&db, teacher_id).await.unwrap().unwrap().country_code.as_deref(), Some("IT"));

        assert!(matches!(accounts::assign_role(&db, &admin, "m@school.fr", "emperor", "").await, Err(AppError::Invalid { field: Some(ref f), .. }) if f == "role"));
        assert!(matches!(accounts::assign_role(&db, &admin, "nobody@x.eu", "member", "").await, Err(AppError::Invalid { field: Some(ref f), .. }) if f == "email"));
        assert!(matches!(accounts::assign_role(&db, &admin, "admin@opentwin.eu", "member", "").await, Err(AppError::Invalid { .. })), "no self-demotion");

        let holders = accounts::role_holders(&db, &admin).await.unwrap();
        assert_eq!(holders.len(), 2);

        // A suspended person is no longer anyone.
        let mut row: entity::ActiveModel = entity::Entity::find_by_id(teacher_id).one(&db).await.unwrap().unwrap().into();
        row.status = Set("suspended".into());
        row.update(&db).await.unwrap();
        assert_eq!(accounts::viewer_by_id(&db, teacher_id).await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn sign_ups_from_one_client_are_throttled() {
    on_each_database(|db, backend| async move {
        for n in 0..10 {
            accounts::sign_up(&db, form(&format!("t{n}@school.fr"), "FR"), "10.9.9.9", Locale::en, URL).await.unwrap();
        }
        let eleventh = accounts::sign_up(&db, form("t10@school.fr", "FR"), "10.9.9.9", Locale::en, URL).await;
        assert_eq!(eleventh, Err(AppError::Throttled), "{backend:?}");
        assert!(mail::outbox(&db, Some("t10@school.fr"), 1).await.unwrap().is_empty(), "no mail for the refused one");
        accounts::sign_up(&db, form("other@school.fr", "FR"), "10.9.9.10", Locale::en, URL).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn mail_is_written_in_the_language_of_its_reader() {
    on_each_database(|db, backend| async move {
        let id = accounts::sign_up(&db, form("amelie@ecole.fr", "FR"), "ip", Locale::fr, URL).await.unwrap();
        let confirm = &mail::outbox(&db, Some("amelie@ecole.fr"), 1).await.unwrap()[0];
        assert_eq!(confirm.subject, "Confirmez votre adresse e-mail pour OpenTwin", "{backend:?}");
        assert!(confirm.body.contains("Bonjour Claire Martin") && confirm.body.contains("/verify-email?token="));
        let token = token_from_mail(&db, "amelie@ecole.fr", "/verify-email").await;
        accounts::verify_email(&db, &token).await.unwrap();

        let nso = staff(9001, PlatformRole::NsoModerator, Some("FR"));
        accounts::decide_validation(&db, &nso, id, Decision::Reject, "Pas de lien avec cette école.", URL).await.unwrap();
        let outcome = &mail::outbox(&db, Some("amelie@ecole.fr"), 1).await.unwrap()[0];
        assert_eq!(outcome.subject, "Votre inscription sur OpenTwin");
        assert!(outcome.body.contains("Pas de lien avec cette école."));

        // Someone else, in English, is written to in English.
        accounts::sign_up(&db, form("sam@school.ie", "IE"), "ip", Locale::en, URL).await.unwrap();
        assert_eq!(mail::outbox(&db, Some("sam@school.ie"), 1).await.unwrap()[0].subject, "Confirm your e-mail address for OpenTwin");
    })
    .await;
}
