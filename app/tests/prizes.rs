//! The European Prizes on both databases: the competition run by the Central Support Service, entries of projects
//! with the European Quality Label, jurors who see only their own scores and never judge their own projects,
//! winners, published results and certificates.
use crate::support;

use app::{
    access::Viewer,
    certificates::{CertificateKind, ssr as certificates},
    error::{AppError, Problem},
    mail::ssr as mail,
    prizes::ssr as prizes,
    quality_labels::{ApplicationForm, AssessmentForm, Criterion, ssr as labels},
    twinspace::ssr as space,
};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use support::{contacts, on_each_database, open_project, person, validated};

const URL: &str = "https://opentwin.example";

async fn running_project(db: &DatabaseConnection, founder: &Viewer, cofounder: &Viewer, title: &str) -> i32 {
    let id = open_project(db, founder, cofounder, title).await;
    let pupils = space::create_pupils(db, founder, id, "Mary Brown").await.unwrap();
    let mary = app::accounts::ssr::authenticate_pupil(db, &pupils[0].username, &pupils[0].password, "ip").await.unwrap();
    space::create_post(db, &mary, id, "Our work").await.unwrap();
    app::projects::ssr::entity::ActiveModel { id: Set(id), opened_at: Set(Some(chrono::Utc::now() - chrono::TimeDelta::days(100))), ..Default::default() }
        .update(db)
        .await
        .unwrap();
    id
}

/// National labels for both founders, then the European label.
async fn european_label(db: &DatabaseConnection, project: i32, teachers: [(&Viewer, &Viewer); 2], css: &Viewer) {
    for (teacher, nso) in teachers {
        let form = ApplicationForm {
            collaboration: "a".into(),
            technology: "b".into(),
            pedagogy: "c".into(),
            curriculum: "d".into(),
            results: "e".into(),
            evidence: format!("/projects/{project}/space"),
        };
        let id = labels::apply(db, teacher, project, &form, URL).await.unwrap();
        let scores = AssessmentForm { scores: Criterion::SCORED.iter().map(|c| (c.as_str().to_owned(), "5".to_owned())).collect(), ..Default::default() };
        labels::assess(db, nso, id, true, &scores, URL).await.unwrap();
    }
    labels::award_european(db, css, &[project], URL).await.unwrap();
}

#[tokio::test]
async fn a_jury_scores_the_entries_and_the_winners_receive_their_certificates() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let kadri = validated(&db, "Kadri Tamm", "EE").await;
        let nso_fr = person(&db, "Nathalie NSO", "FR", "validated", "staff", "nso_moderator").await;
        let nso_it = person(&db, "Marta NSO", "IT", "validated", "staff", "nso_moderator").await;
        let css = person(&db, "Central Support", "BE", "validated", "staff", "css_moderator").await;
        contacts(&db, &claire, &giulia).await;
        let rivers = running_project(&db, &claire, &giulia, "Rivers").await;
        let songs = running_project(&db, &claire, &giulia, "Songs").await;
        european_label(&db, rivers, [(&claire, &nso_fr), (&giulia, &nso_it)], &css).await;
        let year = chrono::Datelike::year(&chrono::Utc::now());

        // No competition yet: nothing to enter.
        assert_eq!(prizes::enter_view(&db, &claire, rivers).await.unwrap().blocked, Some(Problem::PrizeCompetitionClosed), "{backend:?}");
        // Only the Central Support Service runs it.
        assert_eq!(prizes::open_competition(&db, &nso_fr).await, Err(AppError::NotFound));
        assert_eq!(prizes::admin(&db, &claire).await.map(|_| ()), Err(AppError::NotFound));
        prizes::open_competition(&db, &css).await.unwrap();
        assert_eq!(prizes::open_competition(&db, &css).await, Err(AppError::form(Problem::AlreadyDecided)));
        assert_eq!(prizes::add_special_prize(&db, &css, "  ").await, Err(AppError::invalid("name", Problem::Required)));
        prizes::add_special_prize(&db, &css, "Marie Skłodowska-Curie Prize").await.unwrap();
        let admin = prizes::admin(&db, &css).await.unwrap();
        let keys: Vec<&str> = admin.categories.iter().map(|c| c.category.text_key()).collect();
        assert_eq!(keys, ["up_to_6", "age_7_11", "age_12_15", "age_16_19", "vocational", "Marie Skłodowska-Curie Prize"]);
        let teens = admin.categories[2].category.id;
        let little = admin.categories[0].category.id;

        // Entries: projects with the European label, their own teachers, one category a year.
        let view = prizes::enter_view(&db, &giulia, rivers).await.unwrap();
        assert_eq!((view.blocked, view.categories.len()), (None, 6));
        assert_eq!(prizes::enter(&db, &claire, songs, teens, "Songs").await, Err(AppError::form(Problem::PrizeNeedsEuropeanLabel)));
        assert_eq!(prizes::enter(&db, &anna, rivers, teens, "Not mine").await, Err(AppError::NotFound));
        assert_eq!(prizes::enter(&db, &claire, rivers, 99_999, "x").await, Err(AppError::invalid("category", Problem::ChooseCategory)));
        assert_eq!(prizes::enter(&db, &claire, rivers, teens, " ").await, Err(AppError::invalid("summary", Problem::Required)));
        let entry = prizes::enter(&db, &claire, rivers, teens, "Pupils measured rivers across Europe.").await.unwrap();
        assert_eq!(prizes::enter(&db, &giulia, rivers, little, "Again").await, Err(AppError::form(Problem::PrizeAlreadyEntered)));

        // Jurors: people of the platform; they score only their categories' entries, never their own projects.
        assert_eq!(prizes::assign_juror(&db, &css, teens, "nobody@nowhere.example").await, Err(AppError::invalid("email", Problem::JurorUnknown)));
        assert_eq!(prizes::assign_juror(&db, &nso_fr, teens, "anna.schmidt@school.eu").await, Err(AppError::NotFound));
        for email in ["anna.schmidt@school.eu", "KADRI.TAMM@school.eu", "claire.martin@school.eu", "anna.schmidt@school.eu"] {
            prizes::assign_juror(&db, &css, teens, email).await.unwrap();
        }
        assert!(prizes::jury(&db, &claire).await.unwrap().is_empty(), "Claire does not judge her own project");
        assert_eq!(prizes::score(&db, &claire, entry, "10", "").await, Err(AppError::NotFound));
        assert_eq!(prizes::score(&db, &giulia, entry, "10", "").await, Err(AppError::NotFound), "not a juror");
        assert_eq!(prizes::score(&db, &anna, entry, "11", "").await, Err(AppError::invalid("score", Problem::ChooseScore { max: 10 })));
        assert_eq!(prizes::score(&db, &anna, entry, "ten", "").await, Err(AppError::invalid("score", Problem::ChooseScore { max: 10 })));
        prizes::score(&db, &anna, entry, "8", "Great collaboration").await.unwrap();
        prizes::score(&db, &anna, entry, "9", "Even better on a second look").await.unwrap();
        assert_eq!(prizes::jury(&db, &anna).await.unwrap()[0].my_score, Some((9, "Even better on a second look".to_owned())));
        assert_eq!(prizes::jury(&db, &kadri).await.unwrap()[0].my_score, None, "jurors never see each other's scores");
        prizes::score(&db, &kadri, entry, "7", "").await.unwrap();
        let entries = &prizes::admin(&db, &css).await.unwrap().categories[2].entries;
        assert_eq!((entries[0].scores.len(), entries[0].mean_tenths), (2, Some(80)));

        // Winners, then the results: public, with the project; certificates and mail for its teachers.
        assert_eq!(prizes::choose_winner(&db, &css, little, entry).await, Err(AppError::NotFound), "an entry of another category");
        prizes::choose_winner(&db, &css, teens, entry).await.unwrap();
        assert_eq!(prizes::results(&db, year).await.map(|_| ()), Err(AppError::NotFound));
        assert!(prizes::published_years(&db).await.unwrap().is_empty());
        prizes::publish(&db, &css, URL).await.unwrap();
        assert_eq!(prizes::publish(&db, &css, URL).await, Err(AppError::form(Problem::PrizeCompetitionClosed)));
        let results = prizes::results(&db, year).await.unwrap();
        assert_eq!(results.winners.iter().map(|w| (w.project_id, w.category.text_key(), w.countries.clone())).collect::<Vec<_>>(),
            [(rivers, "age_12_15", vec!["FR".to_owned(), "IT".to_owned()])]);
        assert_eq!(prizes::published_years(&db).await.unwrap(), [year]);
        for teacher in [&claire, &giulia] {
            let won: Vec<_> = certificates::held_by(&db, teacher.id).await.unwrap().into_iter().filter(|c| c.kind == CertificateKind::EuropeanPrize).collect();
            assert_eq!(won.iter().map(|c| (c.project_id, c.detail.as_str(), c.year)).collect::<Vec<_>>(), [(Some(rivers), "age_12_15", year)]);
            assert_eq!(labels::mine(&db, teacher).await.unwrap().prizes.len(), 1);
        }
        assert!(mail::outbox(&db, Some("giulia.romano@school.eu"), 10).await.unwrap().iter().any(|m| m.body.contains("European Prize")));
        // Closed once published: no more entries or scores.
        assert!(prizes::jury(&db, &anna).await.unwrap().is_empty());
        assert_eq!(prizes::score(&db, &anna, entry, "1", "").await, Err(AppError::NotFound));
    })
    .await;
}
