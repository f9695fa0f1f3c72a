//! Quality Labels on both databases: who may apply and when, the assessment by the support organisation of the
//! applicant's country (and nobody else), what the teacher sees of it, the assessors' read-only view of the
//! evidence, the European label's queue, and the certificates.
use crate::support;

use app::{
    access::{Viewer, twinspace::SpaceRole},
    certificates::{CertificateKind, ssr as certificates},
    error::{AppError, Problem},
    mail::ssr as mail,
    projects::ssr as projects,
    quality_labels::{ApplicationForm, AssessmentForm, Criterion, LabelStatus, ssr as labels},
    twinspace::ssr as space,
};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use support::{contacts, on_each_database, open_project, person, validated};

const URL: &str = "https://opentwin.example";

/// A project that has run for 100 days, in which a pupil has written on the Twinboard.
async fn running_project(db: &DatabaseConnection, founder: &Viewer, cofounder: &Viewer, title: &str) -> i32 {
    let id = open_project(db, founder, cofounder, title).await;
    let pupils = space::create_pupils(db, founder, id, "Mary Brown").await.unwrap();
    let mary = app::accounts::ssr::authenticate_pupil(db, &pupils[0].username, &pupils[0].password, "ip").await.unwrap();
    space::create_post(db, &mary, id, "We measured the river today!").await.unwrap();
    ran_for(db, id, 100).await;
    id
}

async fn ran_for(db: &DatabaseConnection, project: i32, days: i64) {
    projects::entity::ActiveModel { id: Set(project), opened_at: Set(Some(chrono::Utc::now() - chrono::TimeDelta::days(days))), ..Default::default() }
        .update(db)
        .await
        .unwrap();
}

fn application(project: i32) -> ApplicationForm {
    ApplicationForm {
        collaboration: "Mixed teams planned every measurement together.".into(),
        technology: "Shared spreadsheets and a common map.".into(),
        pedagogy: "Pupils designed the inquiry.".into(),
        curriculum: "A term of science lessons.".into(),
        results: "An online book of findings.".into(),
        evidence: format!("/projects/{project}/space\n{URL}/projects/{project}/space/forum\n"),
    }
}

fn scores(each: i32, reason: &str) -> AssessmentForm {
    AssessmentForm {
        scores: Criterion::SCORED.iter().map(|c| (c.as_str().to_owned(), each.to_string())).collect(),
        comments: Criterion::SCORED.iter().map(|c| (c.as_str().to_owned(), format!("Comment on {}", c.as_str()))).collect(),
        reason: reason.into(),
    }
}

#[tokio::test]
async fn a_teacher_applies_and_only_their_countrys_support_organisation_assesses() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let kadri = validated(&db, "Kadri Tamm", "EE").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let nso_fr = person(&db, "Nathalie NSO", "FR", "validated", "staff", "nso_moderator").await;
        let nso_it = person(&db, "Marta NSO", "IT", "validated", "staff", "nso_moderator").await;
        let nso_ee = person(&db, "Mari NSO", "EE", "validated", "staff", "nso_moderator").await;
        contacts(&db, &claire, &giulia).await;
        let id = open_project(&db, &claire, &giulia, "Rivers").await;
        projects::add_member(&db, id, kadri.id, SpaceRole::Teacher).await.unwrap();

        // Too early, then no pupils' work: the page says why, and so does the server if asked anyway.
        assert_eq!(labels::apply_view(&db, &claire, id).await.unwrap().blocked, Some(Problem::LabelTooEarly { days: 60 }), "{backend:?}");
        assert_eq!(labels::apply(&db, &claire, id, &application(id), URL).await, Err(AppError::form(Problem::LabelTooEarly { days: 60 })));
        ran_for(&db, id, 100).await;
        assert_eq!(labels::apply_view(&db, &claire, id).await.unwrap().blocked, Some(Problem::LabelNoPupils));
        let pupils = space::create_pupils(&db, &claire, id, "Mary Brown").await.unwrap();
        let mary = app::accounts::ssr::authenticate_pupil(&db, &pupils[0].username, &pupils[0].password, "ip").await.unwrap();
        space::create_post(&db, &mary, id, "We measured the river today!").await.unwrap();
        let view = labels::apply_view(&db, &claire, id).await.unwrap();
        assert_eq!((view.blocked, view.remaining), (None, 4));
        assert!(view.suggestions.iter().any(|(_, path)| path == &format!("/projects/{id}/space/forum")));

        // Only the project's teachers apply; pupils, outsiders and support staff find nothing.
        for outsider in [&anna, &nso_fr, &mary] {
            assert_eq!(labels::apply(&db, outsider, id, &application(id), URL).await, Err(AppError::NotFound));
            assert_eq!(labels::apply_view(&db, outsider, id).await.map(|_| ()), Err(AppError::NotFound));
        }
        // Every field is checked; evidence must lead into this project's TwinSpace.
        let mut form = application(id);
        form.collaboration = "  ".into();
        assert_eq!(labels::apply(&db, &claire, id, &form, URL).await, Err(AppError::invalid("collaboration", Problem::Required)));
        form = application(id);
        form.results = "<script>alert(1)</script>".into();
        assert_eq!(labels::apply(&db, &claire, id, &form, URL).await, Err(AppError::invalid("results", Problem::TextCharacters)));
        for hostile in ["https://evil.example/projects/1/space", "//evil.example", "/projects/999/space", "/projects/1x/space", "javascript:alert(1)"] {
            form = application(id);
            form.evidence = hostile.replace("/1x/", &format!("/{id}x/"));
            assert_eq!(labels::apply(&db, &claire, id, &form, URL).await, Err(AppError::invalid("evidence", Problem::EvidenceOutsideSpace)), "{hostile}");
        }
        for climbing in [format!("/projects/{id}/space/../../../admin/roles"), format!("/projects/{id}/space/%2e%2e/%2E%2E/admin"), format!("/projects/{id}/space/./x")] {
            form.evidence = climbing.clone();
            assert_eq!(labels::apply(&db, &claire, id, &form, URL).await, Err(AppError::invalid("evidence", Problem::EvidenceOutsideSpace)), "{climbing}");
        }
        form.evidence = format!("/projects/{id}/space/x\n").repeat(800);
        assert_eq!(labels::apply(&db, &claire, id, &form, URL).await, Err(AppError::invalid("evidence", Problem::TooLong { max: 7000 })));
        form.evidence = "\n \n".into();
        assert_eq!(labels::apply(&db, &claire, id, &form, URL).await, Err(AppError::invalid("evidence", Problem::Required)));
        form.evidence = (0..21).map(|n| format!("/projects/{id}/space/pages/{n}")).collect::<Vec<_>>().join("\n");
        assert_eq!(labels::apply(&db, &claire, id, &form, URL).await, Err(AppError::invalid("evidence", Problem::TooManyLinks { max: 20 })));

        let from_claire = labels::apply(&db, &claire, id, &application(id), URL).await.unwrap();
        assert_eq!(labels::apply(&db, &claire, id, &application(id), URL).await, Err(AppError::form(Problem::LabelAlreadyApplied)));
        let from_kadri = labels::apply(&db, &kadri, id, &application(id), URL).await.unwrap();

        // Each organisation sees its own country's applications, with the evidence as given.
        let queue_fr = labels::queue(&db, &nso_fr).await.unwrap();
        assert_eq!(queue_fr.iter().map(|a| a.id).collect::<Vec<_>>(), [from_claire]);
        assert_eq!(queue_fr[0].evidence, [format!("/projects/{id}/space"), format!("/projects/{id}/space/forum")]);
        assert_eq!(labels::queue(&db, &nso_ee).await.unwrap().iter().map(|a| a.id).collect::<Vec<_>>(), [from_kadri]);
        assert!(labels::queue(&db, &nso_it).await.unwrap().is_empty());
        assert_eq!(labels::queue(&db, &claire).await.map(|_| ()), Err(AppError::NotFound));

        // The Estonian organisation did not approve the project, yet reads the evidence while Kadri's application
        // waits, and changes nothing.
        let board = space::board(&db, &nso_ee, id, 1).await.unwrap();
        assert!(board.posts.iter().any(|p| p.body == "We measured the river today!"));
        assert_eq!(space::create_post(&db, &nso_ee, id, "Hello").await, Err(AppError::Forbidden));
        assert_eq!(space::board(&db, &nso_it, id, 1).await.map(|_| ()), Ok(()), "Italy's organisation approved the project");
        assert_eq!(space::board(&db, &person(&db, "Dieter NSO", "DE", "validated", "staff", "nso_moderator").await, id, 1).await.map(|_| ()), Err(AppError::NotFound));

        // Nobody judges a project they take part in: a French moderator who teaches in it neither sees nor decides.
        let nso_member = person(&db, "Paul NSO", "FR", "validated", "staff", "nso_moderator").await;
        projects::add_member(&db, id, nso_member.id, SpaceRole::Teacher).await.unwrap();
        assert!(labels::queue(&db, &nso_member).await.unwrap().is_empty());
        assert_eq!(labels::assess(&db, &nso_member, from_claire, true, &scores(5, ""), URL).await, Err(AppError::NotFound));

        // Only the applicant's country decides; every score is checked; the minimums hold for an award.
        assert_eq!(labels::assess(&db, &nso_it, from_claire, true, &scores(4, ""), URL).await, Err(AppError::NotFound));
        assert_eq!(labels::assess(&db, &claire, from_claire, true, &scores(4, ""), URL).await, Err(AppError::NotFound));
        let mut missing = scores(4, "");
        missing.scores.remove("safety");
        assert_eq!(labels::assess(&db, &nso_fr, from_claire, true, &missing, URL).await, Err(AppError::invalid("score_safety", Problem::ChooseScore { max: 5 })));
        let mut hostile = scores(4, "");
        hostile.scores.insert("pedagogy".into(), "9; DROP TABLE".into());
        assert_eq!(labels::assess(&db, &nso_fr, from_claire, true, &hostile, URL).await, Err(AppError::invalid("score_pedagogy", Problem::ChooseScore { max: 5 })));
        let mut weak = scores(4, "");
        weak.scores.insert("collaboration".into(), "2".into());
        assert_eq!(labels::assess(&db, &nso_fr, from_claire, true, &weak, URL).await, Err(AppError::invalid("score_collaboration", Problem::BelowMinimumScore { min: 3 })));
        assert_eq!(labels::assess(&db, &nso_fr, from_claire, false, &scores(2, " "), URL).await, Err(AppError::invalid("reason", Problem::Required)));
        assert!(labels::mine(&db, &claire).await.unwrap().applications[0].scores.is_empty(), "nothing shows before the decision");

        labels::assess(&db, &nso_fr, from_claire, true, &scores(4, ""), URL).await.unwrap();
        assert_eq!(labels::assess(&db, &nso_fr, from_claire, false, &scores(2, "No"), URL).await, Err(AppError::form(Problem::AlreadyDecided)));
        labels::assess(&db, &nso_ee, from_kadri, false, &scores(2, "Pupils did not work together across schools."), URL).await.unwrap();
        assert_eq!(space::board(&db, &nso_ee, id, 1).await.map(|_| ()), Err(AppError::NotFound), "the assessor's access ends with the decision");

        // The teacher sees their own scores and comments, and nobody else's.
        let mine = labels::mine(&db, &claire).await.unwrap();
        assert_eq!(mine.remaining, 3);
        let awarded = &mine.applications[0];
        assert_eq!((awarded.status, awarded.scores.len()), (LabelStatus::Awarded, 6));
        assert_eq!(awarded.scores[0].comment, "Comment on collaboration");
        let refused = &labels::mine(&db, &kadri).await.unwrap().applications[0];
        assert_eq!((refused.status, refused.reason.as_deref(), refused.certificate.as_ref()), (LabelStatus::Refused, Some("Pupils did not work together across schools."), None));
        assert!(labels::mine(&db, &giulia).await.unwrap().applications.is_empty());
        assert!(mail::outbox(&db, Some("claire.martin@school.eu"), 5).await.unwrap().iter().any(|m| m.body.contains("/labels/mine") && m.body.contains("Rivers")));
        assert!(mail::outbox(&db, Some("kadri.tamm@school.eu"), 5).await.unwrap().iter().any(|m| m.body.contains("Pupils did not work together across schools.")));

        // The label shows on the project and in the directory's filter.
        let page = projects::public_page(&db, None, id).await.unwrap();
        assert_eq!((page.card.national_labels.clone(), page.card.european_label), (vec!["FR".to_owned()], None));
        assert_eq!(projects::directory(&db, "", "", true, 1).await.unwrap().projects.iter().map(|p| p.id).collect::<Vec<_>>(), [id]);

        // The certificate: public by its code, however typed; the PDF for its holder only.
        let code = awarded.certificate.clone().unwrap();
        let certificate = certificates::verify(&db, &code.to_lowercase().replace('-', " ")).await.unwrap();
        assert_eq!((certificate.kind, certificate.holder_name.as_str(), certificate.project_title.as_str(), certificate.country_code.as_deref()),
            (CertificateKind::NationalQualityLabel, "Claire Martin", "Rivers", Some("FR")));
        for nonsense in ["", "AAAA-AAAA-AAA0", "' OR 1=1 --", &"A".repeat(5000)] {
            assert_eq!(certificates::verify(&db, nonsense).await, Err(AppError::NotFound), "{nonsense:?}");
        }
        let pdf = certificates::pdf(&db, &claire, &code, URL).await.unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{backend:?}");
        assert_eq!(certificates::pdf(&db, &giulia, &code, URL).await, Err(AppError::NotFound));
    })
    .await;
}

#[tokio::test]
async fn four_applications_a_year_and_none_for_national_projects() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let julien = validated(&db, "Julien Bernard", "FR").await;
        contacts(&db, &claire, &giulia).await;
        contacts(&db, &claire, &julien).await;
        let national = running_project(&db, &claire, &julien, "Lyon and Besançon").await;
        assert_eq!(labels::apply(&db, &claire, national, &application(national), URL).await, Err(AppError::form(Problem::LabelNationalProject)), "{backend:?}");
        let mut ids = Vec::new();
        for n in 0..5 {
            ids.push(running_project(&db, &claire, &giulia, &format!("Project {n}")).await);
        }
        for id in &ids[..4] {
            labels::apply(&db, &claire, *id, &application(*id), URL).await.unwrap();
        }
        assert_eq!(labels::apply(&db, &claire, ids[4], &application(ids[4]), URL).await, Err(AppError::form(Problem::LabelYearlyLimit { max: 4 })));
        assert_eq!(labels::apply_view(&db, &claire, ids[4]).await.unwrap().remaining, 0);
        // Giulia has her own four.
        labels::apply(&db, &giulia, ids[4], &application(ids[4]), URL).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn the_european_label_goes_to_projects_with_national_labels_from_two_countries() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let nso_fr = person(&db, "Nathalie NSO", "FR", "validated", "staff", "nso_moderator").await;
        let nso_it = person(&db, "Marta NSO", "IT", "validated", "staff", "nso_moderator").await;
        let css = person(&db, "Central Support", "BE", "validated", "staff", "css_moderator").await;
        contacts(&db, &claire, &giulia).await;
        let rivers = running_project(&db, &claire, &giulia, "Rivers").await;
        let songs = running_project(&db, &claire, &giulia, "Songs").await;
        for (teacher, nso, project) in [(&claire, &nso_fr, rivers), (&giulia, &nso_it, rivers), (&claire, &nso_fr, songs)] {
            let application = labels::apply(&db, teacher, project, &application(project), URL).await.unwrap();
            labels::assess(&db, nso, application, true, &scores(5, ""), URL).await.unwrap();
        }
        // Only the Central Support Service decides; only projects with labels from two countries are eligible.
        assert_eq!(labels::european_queue(&db, &nso_fr).await.map(|_| ()), Err(AppError::NotFound), "{backend:?}");
        assert_eq!(labels::award_european(&db, &nso_fr, &[rivers], URL).await, Err(AppError::NotFound));
        let queue = labels::european_queue(&db, &css).await.unwrap();
        assert_eq!(queue.iter().map(|c| c.project_id).collect::<Vec<_>>(), [rivers]);
        assert_eq!(queue[0].holders.iter().map(|(_, country, _)| country.as_str()).collect::<Vec<_>>(), ["FR", "IT"]);
        assert_eq!(labels::award_european(&db, &css, &[rivers, songs], URL).await, Err(AppError::form(Problem::NotEligibleForEuropeanLabel)));
        assert_eq!(labels::award_european(&db, &css, &[], URL).await, Err(AppError::invalid("projects", Problem::ChooseAtLeastOne)));
        assert_eq!(labels::award_european(&db, &css, &[rivers], URL).await, Ok(1));
        assert_eq!(labels::award_european(&db, &css, &[rivers], URL).await, Err(AppError::form(Problem::NotEligibleForEuropeanLabel)), "awarded once");
        assert!(labels::european_queue(&db, &css).await.unwrap().is_empty());

        let year = chrono::Datelike::year(&chrono::Utc::now());
        let card = projects::public_page(&db, None, rivers).await.unwrap().card;
        assert_eq!((card.national_labels, card.european_label), (vec!["FR".to_owned(), "IT".to_owned()], Some(year)));
        for teacher in [&claire, &giulia] {
            let european = labels::mine(&db, teacher).await.unwrap().european;
            assert_eq!(european.iter().map(|e| (e.project_id, e.year)).collect::<Vec<_>>(), [(rivers, year)]);
            assert_eq!(certificates::verify(&db, &european[0].certificate).await.unwrap().kind, CertificateKind::EuropeanQualityLabel);
        }
        assert!(mail::outbox(&db, Some("giulia.romano@school.eu"), 10).await.unwrap().iter().any(|m| m.body.contains("European")));
    })
    .await;
}

/// Puts teachers in a school, as sign-up does.
async fn in_school(db: &DatabaseConnection, name: &str, country: &str, teachers: &[&Viewer]) -> i32 {
    let school = app::schools::ssr::entity::ActiveModel {
        name: Set(name.into()),
        country_code: Set(country.into()),
        city: Set("Lyon".into()),
        kind: Set("primary".into()),
        confirmed: Set(true),
        created_at: Set(chrono::Utc::now()),
        name_key: Set(name.to_lowercase()),
        city_key: Set("lyon".into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    for teacher in teachers {
        app::accounts::ssr::entity::ActiveModel { id: Set(teacher.id), school_id: Set(Some(school.id)), ..Default::default() }.update(db).await.unwrap();
    }
    school.id
}

#[tokio::test]
async fn a_school_with_active_teachers_becomes_an_etwinning_school_for_two_years() {
    use app::quality_labels::school::{SchoolFigures, ssr as school_label};
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let julien = validated(&db, "Julien Bernard", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let nso_fr = person(&db, "Nathalie NSO", "FR", "validated", "staff", "nso_moderator").await;
        let nso_it = person(&db, "Marta NSO", "IT", "validated", "staff", "nso_moderator").await;
        assert_eq!(school_label::view(&db, &claire).await.map(|_| ()), Err(AppError::form(Problem::SchoolMissing)), "{backend:?}");
        let school = in_school(&db, "École Jean Jaurès", "FR", &[&claire, &julien]).await;

        // Two teachers, but no project and no label yet: the criteria are not met.
        let view = school_label::view(&db, &claire).await.unwrap();
        assert_eq!((view.figures, view.blocked), (SchoolFigures { validated_teachers: 2, projects: 0, national_labels: 0 }, Some(Problem::SchoolLabelCriteria)));
        assert_eq!(school_label::apply(&db, &claire, "We love eTwinning.").await, Err(AppError::form(Problem::SchoolLabelCriteria)));
        contacts(&db, &claire, &giulia).await;
        let rivers = running_project(&db, &claire, &giulia, "Rivers").await;
        let application = labels::apply(&db, &claire, rivers, &application(rivers), URL).await.unwrap();
        labels::assess(&db, &nso_fr, application, true, &scores(4, ""), URL).await.unwrap();
        let view = school_label::view(&db, &julien).await.unwrap();
        assert_eq!((view.figures, view.blocked), (SchoolFigures { validated_teachers: 2, projects: 1, national_labels: 1 }, None));

        // Once a year per school, with a statement; only the school's own teachers.
        assert_eq!(school_label::apply(&db, &julien, "  ").await, Err(AppError::invalid("statement", Problem::Required)));
        assert_eq!(school_label::apply(&db, &giulia, "Not my school").await, Err(AppError::form(Problem::SchoolMissing)));
        let id = school_label::apply(&db, &julien, "Every class runs a project.").await.unwrap();
        assert_eq!(school_label::apply(&db, &claire, "Again").await, Err(AppError::form(Problem::SchoolLabelAlreadyApplied)));

        // The French organisation decides; others do not even see it.
        let queue = school_label::queue(&db, &nso_fr).await.unwrap();
        assert_eq!((queue.len(), queue[0].id, queue[0].figures.national_labels), (1, id, 1));
        assert!(school_label::queue(&db, &nso_it).await.unwrap().is_empty());
        assert_eq!(school_label::queue(&db, &claire).await.map(|_| ()), Err(AppError::NotFound));
        assert_eq!(school_label::decide(&db, &nso_it, id, true, "", URL).await, Err(AppError::NotFound));
        assert_eq!(school_label::decide(&db, &nso_fr, id, false, " ", URL).await, Err(AppError::invalid("reason", Problem::Required)));
        school_label::decide(&db, &nso_fr, id, true, "", URL).await.unwrap();
        assert_eq!(school_label::decide(&db, &nso_fr, id, false, "No", URL).await, Err(AppError::form(Problem::AlreadyDecided)));

        // Valid for the two following years (not this one), shown then on the school's teachers; the certificate for
        // the applicant.
        let year = chrono::Datelike::year(&chrono::Utc::now());
        let row = app::schools::ssr::entity::Entity::find_by_id(school).one(&db).await.unwrap().unwrap();
        assert_eq!((row.label_from, row.label_until), (Some(year + 1), Some(year + 2)));
        assert_eq!(app::schools::ssr::label_valid_until(&row, year), None);
        assert_eq!(app::schools::ssr::label_valid_until(&row, year + 1), Some(year + 2));
        assert_eq!(app::schools::ssr::label_valid_until(&row, year + 3), None);
        assert_eq!(school_label::view(&db, &claire).await.unwrap().label_until, None);
        let cards = app::teachers::ssr::cards(&db, &[claire.id, julien.id, giulia.id]).await.unwrap();
        assert_eq!(cards.iter().map(|c| (c.school_label_until, c.quality_labels)).collect::<Vec<_>>(), [(None, 1), (None, 0), (None, 0)]);
        assert_eq!(school_label::view(&db, &claire).await.unwrap().applications[0].certificate, None, "Julien applied, not Claire");
        let code = school_label::view(&db, &julien).await.unwrap().applications[0].certificate.clone().unwrap();
        let certificate = certificates::verify(&db, &code).await.unwrap();
        assert_eq!((certificate.kind, certificate.holder_name.as_str(), certificate.valid_years()), (CertificateKind::SchoolLabel, "École Jean Jaurès", Some((year + 1, year + 2))));
        assert!(certificates::pdf(&db, &julien, &code, URL).await.unwrap().starts_with(b"%PDF-"));
        assert!(mail::outbox(&db, Some("julien.bernard@school.eu"), 5).await.unwrap().iter().any(|m| m.body.contains("École Jean Jaurès")));

        // Claire's label on her profile and in her country's numbers.
        let profile = app::teachers::ssr::profile(&db, &giulia, claire.id).await.unwrap();
        assert_eq!(profile.recognition.iter().map(|c| (c.kind, c.project_title.as_str())).collect::<Vec<_>>(), [(CertificateKind::NationalQualityLabel, "Rivers")]);
        let numbers = app::countries::ssr::numbers(&db, "FR").await.unwrap();
        assert_eq!(numbers.labels.iter().map(|l| (l.year, l.national, l.european)).collect::<Vec<_>>(), [(year, 1, 0)]);
    })
    .await;
}

#[test]
fn certificates_render_in_every_script_the_platform_writes() {
    use app::{certificates::Certificate, i18n::Locale};
    use leptos_i18n::Locale as _;
    let certificate = Certificate {
        code: certificates::fresh_code(),
        kind: CertificateKind::NationalQualityLabel,
        holder_name: "Nino Beridze".into(),
        project_id: Some(1),
        project_title: "Պուրակներ და ბაღები".into(),
        year: 2026,
        country_code: Some("GE".into()),
        issued_at: chrono::Utc::now(),
        detail: String::new(),
    };
    for locale in Locale::get_all() {
        let pdf = certificates::render(&certificate, *locale, URL).unwrap_or_else(|| panic!("{locale:?}"));
        assert!(pdf.starts_with(b"%PDF-") && pdf.len() > 5_000, "{locale:?}");
    }
    assert_eq!(certificates::normalise_code(&certificate.code.to_lowercase()), Some(certificate.code.clone()));
}
