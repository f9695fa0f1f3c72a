//! Founding and approval of projects, the directory and public pages, on both databases.
use crate::support;

use app::{
    error::{AppError, Problem},
    mail::ssr as mail,
    projects::{ApprovalStatus, ProjectStatus, ssr as projects},
    twinspace::ssr as space,
};
use support::{contacts, founding, on_each_database, open_project, person, validated};

const URL: &str = "https://opentwin.example";

#[tokio::test]
async fn a_project_opens_only_when_the_cofounder_and_every_support_organisation_agree() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let nso_fr = person(&db, "Nathalie NSO", "FR", "validated", "staff", "nso_moderator").await;
        let nso_it = person(&db, "Marta NSO", "IT", "validated", "staff", "nso_moderator").await;
        let nso_de = person(&db, "Dieter NSO", "DE", "validated", "staff", "nso_moderator").await;
        contacts(&db, &claire, &giulia).await;

        // Only a contact can co-found, and every field is checked.
        let refused = projects::found(&db, &claire, &founding("Rivers", anna.id), URL).await;
        assert_eq!(refused, Err(AppError::invalid("cofounder", Problem::ChooseCofounder)), "{backend:?}");
        let mut form = founding("", giulia.id);
        assert_eq!(projects::found(&db, &claire, &form, URL).await, Err(AppError::invalid("title", Problem::Required)));
        form = founding("Rivers", giulia.id);
        form.subjects.clear();
        assert_eq!(projects::found(&db, &claire, &form, URL).await, Err(AppError::invalid("subjects", Problem::ChooseAtLeastOne)));
        form = founding("Rivers", giulia.id);
        form.pupils_count = "lots".into();
        assert_eq!(projects::found(&db, &claire, &form, URL).await, Err(AppError::invalid("pupils_count", Problem::NumberOfPupils)));
        form = founding("Rivers", giulia.id);
        form.cofounder = "x'; DROP TABLE projects; --".into();
        assert_eq!(projects::found(&db, &claire, &form, URL).await, Err(AppError::invalid("cofounder", Problem::ChooseCofounder)));
        // Support staff do not found projects.
        assert_eq!(projects::found(&db, &nso_fr, &founding("Rivers", giulia.id), URL).await, Err(AppError::NotFound));

        let id = projects::found(&db, &claire, &founding("Rivers of Europe", giulia.id), URL).await.unwrap();
        let mail_to_giulia = &mail::outbox(&db, Some("giulia.romano@school.eu"), 5).await.unwrap();
        assert!(mail_to_giulia.iter().any(|m| m.body.contains("Rivers of Europe") && m.body.contains("Claire Martin")));
        let mine = projects::mine(&db, &claire).await.unwrap();
        assert_eq!(mine.projects[0].waiting_for_cofounder.as_deref(), Some("Giulia Romano"));
        assert_eq!(projects::mine(&db, &giulia).await.unwrap().to_answer[0].card.id, id);
        // Not in any queue before the co-founder accepts; no TwinSpace either.
        assert!(projects::approval_queue(&db, &nso_fr).await.unwrap().is_empty());
        assert_eq!(space::board(&db, &claire, id, 1).await.unwrap_err(), AppError::NotFound);
        // Only the co-founder answers.
        assert_eq!(projects::answer_cofounding(&db, &anna, id, true).await, Err(AppError::NotFound));
        projects::answer_cofounding(&db, &giulia, id, true).await.unwrap();
        assert_eq!(projects::answer_cofounding(&db, &giulia, id, true).await, Err(AppError::form(Problem::AlreadyDecided)));

        // Each country's organisation sees its own approval; another country's sees nothing and cannot decide.
        let queue_fr = projects::approval_queue(&db, &nso_fr).await.unwrap();
        assert_eq!(queue_fr.len(), 1);
        assert_eq!((queue_fr[0].card.id, queue_fr[0].country_code.as_str()), (id, "FR"));
        assert_eq!(queue_fr[0].aims, "Measure water quality together.");
        assert!(projects::approval_queue(&db, &nso_de).await.unwrap().is_empty());
        assert_eq!(projects::decide(&db, &nso_de, id, "FR", true, "", URL).await, Err(AppError::NotFound));
        assert_eq!(projects::decide(&db, &nso_fr, id, "IT", true, "", URL).await, Err(AppError::NotFound));
        assert_eq!(projects::approval_queue(&db, &claire).await, Err(AppError::NotFound));

        projects::decide(&db, &nso_it, id, "IT", true, "", URL).await.unwrap();
        let status = projects::mine(&db, &claire).await.unwrap().projects[0].clone();
        assert_eq!(status.card.status, ProjectStatus::Proposed);
        assert!(status.approvals.contains(&("FR".into(), ApprovalStatus::Pending, None)));
        assert!(status.approvals.contains(&("IT".into(), ApprovalStatus::Approved, None)));
        assert_eq!(projects::public_page(&db, None, id).await, Err(AppError::NotFound));

        projects::decide(&db, &nso_fr, id, "FR", true, "", URL).await.unwrap();
        assert_eq!(projects::decide(&db, &nso_fr, id, "FR", true, "", URL).await, Err(AppError::form(Problem::AlreadyDecided)));
        assert_eq!(projects::mine(&db, &claire).await.unwrap().projects[0].card.status, ProjectStatus::Open);
        assert!(mail::outbox(&db, Some("claire.martin@school.eu"), 5).await.unwrap().iter().any(|m| m.body.contains(&format!("/projects/{id}/space"))));
        // The TwinSpace exists for both founders, as administrators.
        for founder in [&claire, &giulia] {
            assert!(space::board(&db, founder, id, 1).await.unwrap().space.may_change_lifecycle);
        }
        assert_eq!(space::board(&db, &anna, id, 1).await.unwrap_err(), AppError::NotFound);
        let public = projects::public_page(&db, None, id).await.unwrap();
        assert_eq!(public.countries.iter().map(|c| (c.code.as_str(), c.teachers)).collect::<Vec<_>>(), [("FR", 1), ("IT", 1)]);
        assert!(!public.card.national);
    })
    .await;
}

#[tokio::test]
async fn a_rejection_needs_a_reason_and_a_declined_proposal_goes_nowhere() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let nso_fr = person(&db, "Nathalie NSO", "FR", "validated", "staff", "nso_moderator").await;
        contacts(&db, &claire, &giulia).await;

        let rejected = projects::found(&db, &claire, &founding("Too vague", giulia.id), URL).await.unwrap();
        projects::answer_cofounding(&db, &giulia, rejected, true).await.unwrap();
        assert_eq!(projects::decide(&db, &nso_fr, rejected, "FR", false, "  ", URL).await, Err(AppError::invalid("reason", Problem::Required)), "{backend:?}");
        projects::decide(&db, &nso_fr, rejected, "FR", false, "Please describe the pupils' tasks.", URL).await.unwrap();
        let mine = projects::mine(&db, &giulia).await.unwrap();
        assert_eq!(mine.projects[0].card.status, ProjectStatus::Rejected);
        assert!(mine.projects[0].approvals.contains(&("FR".into(), ApprovalStatus::Rejected, Some("Please describe the pupils' tasks.".into()))));
        assert!(mail::outbox(&db, Some("giulia.romano@school.eu"), 5).await.unwrap().iter().any(|m| m.body.contains("Please describe the pupils' tasks.")));
        // The other organisation can no longer approve a rejected project.
        let css = person(&db, "Central Support", "BE", "validated", "staff", "css_moderator").await;
        assert_eq!(projects::decide(&db, &css, rejected, "IT", true, "", URL).await, Err(AppError::form(Problem::AlreadyDecided)));
        assert!(projects::approval_queue(&db, &css).await.unwrap().is_empty());

        let declined = projects::found(&db, &claire, &founding("Not now", giulia.id), URL).await.unwrap();
        projects::answer_cofounding(&db, &giulia, declined, false).await.unwrap();
        let mine = projects::mine(&db, &claire).await.unwrap();
        assert_eq!(mine.projects.iter().find(|p| p.card.id == declined).unwrap().card.status, ProjectStatus::Declined);
        assert!(projects::approval_queue(&db, &css).await.unwrap().is_empty());
        assert!(projects::mine(&db, &giulia).await.unwrap().to_answer.is_empty());
    })
    .await;
}

#[tokio::test]
async fn national_projects_and_the_etwinning_plus_rule() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let julien = validated(&db, "Julien Bernard", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let nino = validated(&db, "Nino Beridze", "GE").await;
        let olena = validated(&db, "Olena Kovalenko", "UA").await;
        contacts(&db, &claire, &julien).await;
        contacts(&db, &claire, &nino).await;
        contacts(&db, &claire, &giulia).await;
        contacts(&db, &nino, &olena).await;

        // Same country: a national project, one approval.
        let national = projects::found(&db, &claire, &founding("Our region", julien.id), URL).await.unwrap();
        projects::answer_cofounding(&db, &julien, national, true).await.unwrap();
        let nso_fr = person(&db, "Nathalie NSO", "FR", "validated", "staff", "nso_moderator").await;
        let queue = projects::approval_queue(&db, &nso_fr).await.unwrap();
        assert_eq!(queue.len(), 1, "{backend:?}");
        assert!(queue[0].card.national);

        // Checked at founding: two founders with one of them in an eTwinning Plus country are one eTwinning
        // country only.
        assert_eq!(
            projects::found(&db, &claire, &founding("With Georgia", nino.id), URL).await,
            Err(AppError::invalid("cofounder", Problem::PlusNeedsTwoCountries))
        );
        assert_eq!(
            projects::found(&db, &nino, &founding("Caucasus", olena.id), URL).await,
            Err(AppError::invalid("cofounder", Problem::PlusNeedsTwoCountries))
        );
        // Checked when a teacher joins: a project of France and Italy takes a Georgian school...
        let id = open_project(&db, &claire, &giulia, "Three countries").await;
        space::invite(&db, &claire, id, nino.id, "teacher").await.unwrap();
        space::answer_invitation(&db, &nino, id, true).await.unwrap();
        // ... and checked when one leaves: without Italy, Georgia would be left with one eTwinning country.
        space::change_role(&db, &claire, id, giulia.id, "teacher").await.unwrap();
        assert_eq!(space::remove_member(&db, &support::store(), &claire, id, giulia.id).await, Err(AppError::form(Problem::PlusNeedsTwoCountries)));
        assert_eq!(projects::public_page(&db, None, id).await.unwrap().countries.len(), 3);
    })
    .await;
}

#[tokio::test]
async fn the_directory_and_public_pages_show_only_what_members_made_public() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        contacts(&db, &claire, &giulia).await;
        contacts(&db, &claire, &anna).await;
        let rivers = open_project(&db, &claire, &giulia, "Rivers of Europe").await;
        let songs = open_project(&db, &claire, &anna, "Songs we sing").await;
        let waiting = projects::found(&db, &claire, &founding("Still waiting", giulia.id), URL).await.unwrap();
        space::create_pupils(&db, &claire, rivers, "Mary Brown").await.unwrap();

        let all = projects::directory(&db, "", "", false, 1).await.unwrap();
        assert_eq!(all.total, 2, "{backend:?}: proposals are not listed");
        assert!(all.projects.iter().all(|p| p.id != waiting));
        assert_eq!(projects::directory(&db, "RIVERS europe", "", false, 1).await.unwrap().projects[0].id, rivers);
        assert_eq!(projects::directory(&db, "", "de", false, 1).await.unwrap().projects.iter().map(|p| p.id).collect::<Vec<_>>(), [songs]);
        assert_eq!(projects::directory(&db, "%' OR 1=1 --", "", false, 1).await.unwrap().total, 0);
        assert_eq!(projects::directory(&db, "", "", false, 99).await.unwrap().page, 1);

        // Pupils are never counted or named; teachers are, until the members hide their names.
        let page = projects::public_page(&db, None, rivers).await.unwrap();
        assert_eq!(page.countries.iter().map(|c| c.teachers).sum::<u32>(), 2);
        assert_eq!(page.countries[0].names, ["Claire Martin"]);
        // A suspended teacher is neither named nor counted, like everywhere else; back when the suspension ends.
        let css = person(&db, "Central Support", "BE", "validated", "staff", "css_moderator").await;
        app::accounts::ssr::set_suspended(&db, &css, giulia.id, true).await.unwrap();
        let page = projects::public_page(&db, None, rivers).await.unwrap();
        assert_eq!(page.countries.iter().map(|c| c.teachers).sum::<u32>(), 1, "{backend:?}");
        assert!(page.countries.iter().all(|c| !c.names.contains(&"Giulia Romano".to_owned())));
        app::accounts::ssr::set_suspended(&db, &css, giulia.id, false).await.unwrap();
        assert_eq!(projects::public_page(&db, None, rivers).await.unwrap().countries.iter().map(|c| c.teachers).sum::<u32>(), 2);
        assert_eq!(space::update_public_settings(&db, &anna, rivers, false, false).await, Err(AppError::NotFound));
        space::update_public_settings(&db, &claire, rivers, true, false).await.unwrap();
        let page = projects::public_page(&db, None, rivers).await.unwrap();
        assert!(page.countries.iter().all(|c| c.names.is_empty()) && page.countries[0].teachers == 1);

        // Unlisted: gone from the directory and from strangers, still there for members.
        space::update_public_settings(&db, &claire, rivers, false, true).await.unwrap();
        assert_eq!(projects::directory(&db, "", "", false, 1).await.unwrap().total, 1);
        assert_eq!(app::countries::ssr::numbers(&db, "IT").await.unwrap().projects, 0, "{backend:?}: nor in the country's figures");
        assert_eq!(app::countries::ssr::numbers(&db, "FR").await.unwrap().projects, 1);
        assert_eq!(projects::public_page(&db, None, rivers).await, Err(AppError::NotFound));
        assert_eq!(projects::public_page(&db, Some(&anna), rivers).await, Err(AppError::NotFound));
        assert!(projects::public_page(&db, Some(&giulia), rivers).await.unwrap().viewer_is_member);
    })
    .await;
}
