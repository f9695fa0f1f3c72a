//! A small, believable demo so that a newcomer sees a living platform: schools and teachers in several
//! countries, a few people still waiting for validation, projects in different states (one waiting for its
//! support organisation), a Twinboard with updates and two pupils' logins.
//!
//! Idempotent: it does nothing when the database already has schools.
use crate::{
    access::PlatformRole,
    accounts::{AccountStatus, ssr as accounts},
    access::twinspace::SpaceRole,
    projects::{ApprovalStatus, ProjectStatus, ssr as projects},
    twinspace::ssr as twinboard,
    schools::{SchoolKind, ssr::entity as schools},
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, Set};

const SCHOOLS: &[(&str, &str, &str, SchoolKind)] = &[
    ("Lycée Victor Hugo", "FR", "Besançon", SchoolKind::UpperSecondary),
    ("École primaire Jean Jaurès", "FR", "Lyon", SchoolKind::Primary),
    ("Istituto Comprensivo Dante Alighieri", "IT", "Bologna", SchoolKind::LowerSecondary),
    ("Liceo Scientifico Galileo Galilei", "IT", "Palermo", SchoolKind::UpperSecondary),
    ("CEIP Miguel de Cervantes", "ES", "Valencia", SchoolKind::Primary),
    ("Szkoła Podstawowa nr 12", "PL", "Kraków", SchoolKind::Primary),
    ("Gymnasium am Stadtpark", "DE", "Hamburg", SchoolKind::UpperSecondary),
    ("Escola Básica de Alvalade", "PT", "Lisboa", SchoolKind::LowerSecondary),
    ("Kuressaare Gümnaasium", "EE", "Kuressaare", SchoolKind::UpperSecondary),
    ("Tbilisi Public School No. 51", "GE", "Tbilisi", SchoolKind::LowerSecondary),
    ("Lyceum No. 142", "UA", "Kyiv", SchoolKind::UpperSecondary),
    ("Erityiskoulu Aurinko", "FI", "Tampere", SchoolKind::SpecialNeeds),
];

/// Display name, school index, staff role, status.
const TEACHERS: &[(&str, usize, &str, AccountStatus)] = &[
    ("Claire Martin", 0, "teacher", AccountStatus::Validated),
    ("Julien Bernard", 1, "teacher", AccountStatus::Validated),
    ("Giulia Romano", 2, "teacher", AccountStatus::Validated),
    ("Marco Esposito", 3, "head", AccountStatus::Validated),
    ("Lucía Fernández", 4, "teacher", AccountStatus::Validated),
    ("Agnieszka Nowak", 5, "teacher", AccountStatus::Validated),
    ("Tomasz Wiśniewski", 5, "librarian", AccountStatus::Validated),
    ("Anna Schmidt", 6, "teacher", AccountStatus::Validated),
    ("João Silva", 7, "teacher", AccountStatus::Validated),
    ("Kadri Tamm", 8, "teacher", AccountStatus::Validated),
    ("Nino Beridze", 9, "teacher", AccountStatus::Validated),
    ("Olena Kovalenko", 10, "teacher", AccountStatus::Validated),
    ("Aino Virtanen", 11, "teacher", AccountStatus::Validated),
    ("Pierre Dubois", 0, "other_staff", AccountStatus::Pending),
    ("Sofia Ricci", 3, "teacher", AccountStatus::Pending),
];

/// Title, summary, status, national, members (teacher indexes: founder and co-founder first), subjects.
const PROJECTS: &[(&str, &str, ProjectStatus, bool, &[usize], &[&str])] = &[
    (
        "Water in our towns",
        "Pupils in Besançon and Bologna map the rivers and fountains of their towns, measure water quality and compare what they find.",
        ProjectStatus::Open,
        false,
        &[0, 2, 9],
        &["science", "geography", "environment"],
    ),
    (
        "Stories without borders",
        "Primary classes in Lyon, Valencia and Kraków write a picture book together, one chapter per school, in three languages.",
        ProjectStatus::Open,
        false,
        &[1, 4, 5],
        &["foreign_languages", "art"],
    ),
    (
        "Coding the Baltic",
        "Upper secondary pupils in Kuressaare and Hamburg build small programs that model the Baltic Sea's salinity.",
        ProjectStatus::Archived,
        false,
        &[9, 7],
        &["computing", "science"],
    ),
    (
        // Founded by two eTwinning countries, so that schools from eTwinning Plus countries could join.
        "Bread and festivals",
        "Classes in Lisboa, Hamburg, Tbilisi and Kyiv share the breads baked for their festivals, with recipes, photos and interviews.",
        ProjectStatus::Open,
        false,
        &[8, 7, 10, 11],
        &["history", "cross_curricular"],
    ),
    (
        "Inclusive playgrounds",
        "A national project between two schools in Italy on making playgrounds welcoming to every child.",
        ProjectStatus::Proposed,
        true,
        &[2, 3],
        &["citizenship", "special_needs"],
    ),
];

/// A few updates on the first project's Twinboard: author (teacher index), text.
const TWINBOARD: &[(usize, &str)] = &[
    (0, "Welcome to our TwinSpace! This week each class photographs one fountain of its town and writes three sentences about it."),
    (2, "Our pupils measured the pH of the Reno today: 7.8. Next week we compare with your river, the Doubs."),
    (9, "Greetings from Kuressaare! We will share our sea-water measurements too."),
];

/// Pupils' logins of the first project, made by its founder (display name, username); they sign in with the
/// demo password at /pupils/signin.
const PUPILS: &[(&str, &str)] = &[("Emma D.", "emma.d"), ("Luca R.", "luca.r")];

/// Every demo account signs in with this password. Demo data only: never seed a real installation.
pub const DEMO_PASSWORD: &str = "opentwin-demo";

/// Support staff of the demo: display name, e-mail, platform role, country.
const SUPPORT_STAFF: &[(&str, &str, PlatformRole, Option<&str>)] = &[
    ("Nathalie Moreau (NSO France)", "nso.fr@demo.opentwin.test", PlatformRole::NsoModerator, Some("FR")),
    ("Marta Bianchi (NSO Italy)", "nso.it@demo.opentwin.test", PlatformRole::NsoModerator, Some("IT")),
    ("Central Support Service", "css@demo.opentwin.test", PlatformRole::CssModerator, None),
    ("Platform administrator", "admin@demo.opentwin.test", PlatformRole::Administrator, None),
];

/// A living moderation: the first project asks for approval of pupils' posts and has one waiting; a pupil shared
/// where he lives and a classmate reported it, so the French and Italian support organisations have a report
/// in their queue.
async fn seed_moderation(txn: &impl ConnectionTrait, project: i32, pupils: &[i32], now: chrono::DateTime<chrono::Utc>) -> Result<(), DbErr> {
    use crate::moderation::ssr::report_entity as reports;
    let [emma, luca] = pupils else { return Ok(()) };
    projects::entity::ActiveModel { id: Set(project), premoderate_pupils: Set(true), ..Default::default() }.update(txn).await?;
    let shared = twinboard::post_entity::ActiveModel {
        project_id: Set(project),
        author_id: Set(*luca),
        body: Set("Come and see the fountain, I live at 12 rue des Lilas!".to_owned()),
        pinned: Set(false),
        created_at: Set(now - chrono::TimeDelta::minutes(5)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    twinboard::post_entity::ActiveModel {
        project_id: Set(project),
        author_id: Set(*emma),
        body: Set("We measured the river: 14 degrees this morning!".to_owned()),
        pinned: Set(false),
        awaiting_approval: Set(true),
        created_at: Set(now - chrono::TimeDelta::minutes(2)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    reports::ActiveModel {
        reporter_id: Set(Some(*emma)),
        content_snapshot: Set(Some(shared.body.clone())),
        target_kind: Set(crate::moderation::ReportKind::Post.as_str().to_owned()),
        target_id: Set(shared.id),
        project_id: Set(Some(project)),
        subject_account_id: Set(Some(*luca)),
        countries: Set(",FR,IT,".to_owned()),
        reason: Set(crate::moderation::ReportReason::PersonalData.as_str().to_owned()),
        details: Set("Luca wrote where he lives.".to_owned()),
        status: Set(crate::moderation::ReportStatus::Open.as_str().to_owned()),
        open_flag: Set(Some(true)),
        created_at: Set(now - chrono::TimeDelta::minutes(4)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Quality Labels (project index, teacher index, years ago, awarded): last year "Stories without borders" earned
/// National Quality Labels in France, Spain and Poland and then the European Quality Label; this year "Coding the
/// Baltic" holds two national labels (Estonia, Germany) and waits in the Central Support Service's European queue,
/// and Claire Martin's application for "Water in our towns" waits for the French support organisation.
const LABELS: &[(usize, usize, i32, bool)] = &[(1, 1, 1, true), (1, 4, 1, true), (1, 5, 1, true), (2, 9, 0, true), (2, 7, 0, true), (0, 0, 0, false)];

async fn seed_labels(txn: &impl ConnectionTrait, projects: &[i32], teachers: &[i32], now: chrono::DateTime<chrono::Utc>) -> Result<(), DbErr> {
    use crate::{
        certificates::{CertificateKind, ssr as certificates},
        quality_labels::{Criterion, LabelStatus, Score, ssr::{entity as applications, european_entity as european}},
    };
    use chrono::Datelike;
    let failed = |err: crate::error::AppError| DbErr::Custom(err.to_string());
    for (project_index, teacher_index, years_ago, awarded) in LABELS {
        let (project, teacher) = (projects[*project_index], teachers[*teacher_index]);
        let holder = accounts::entity::Entity::find_by_id(teacher).one(txn).await?.ok_or(DbErr::RecordNotFound("demo teacher".into()))?;
        let title = PROJECTS[*project_index].0;
        let country = holder.country_code.clone().unwrap_or_default();
        let year = now.year() - years_ago;
        let code = if *awarded {
            Some(certificates::issue(txn, CertificateKind::NationalQualityLabel, &holder, Some((project, title)), year, Some(&country)).await.map_err(failed)?)
        } else {
            None
        };
        let scores: Vec<Score> = Criterion::SCORED.into_iter().map(|criterion| Score { criterion, score: 4, comment: "Well documented in the TwinSpace.".to_owned() }).collect();
        applications::ActiveModel {
            project_id: Set(project),
            applicant_id: Set(teacher),
            school_id: Set(holder.school_id),
            country_code: Set(country),
            year: Set(year),
            status: Set(if *awarded { LabelStatus::Awarded } else { LabelStatus::Submitted }.as_str().to_owned()),
            collaboration: Set("Mixed teams of pupils from each school planned the measurements together in the forum and compared results on the Twinboard.".to_owned()),
            technology: Set("Shared spreadsheets, a common map and short videos recorded by the pupils.".to_owned()),
            pedagogy: Set("Inquiry-based: pupils asked the questions and designed the measurements themselves.".to_owned()),
            curriculum: Set("Part of science and geography lessons for a whole term.".to_owned()),
            results: Set("A shared online book of findings, presented to parents and the town council.".to_owned()),
            evidence: Set(format!("/projects/{project}/space\n/projects/{project}/space/forum")),
            created_at: Set(now - chrono::TimeDelta::days(365 * *years_ago as i64 + 30)),
            decided_at: Set(awarded.then(|| now - chrono::TimeDelta::days(365 * *years_ago as i64))),
            assessment: Set(awarded.then(|| serde_json::to_string(&scores).unwrap_or_default())),
            certificate: Set(code),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    // Last year's European Quality Label, with a certificate for each national label holder.
    let (stories, year) = (projects[1], now.year() - 1);
    european::ActiveModel { project_id: Set(stories), year: Set(year), awarded_by: Set(None), awarded_at: Set(now - chrono::TimeDelta::days(300)) }.insert(txn).await?;
    for teacher_index in [1, 4, 5] {
        let holder = accounts::entity::Entity::find_by_id(teachers[teacher_index]).one(txn).await?.ok_or(DbErr::RecordNotFound("demo teacher".into()))?;
        certificates::issue(txn, CertificateKind::EuropeanQualityLabel, &holder, Some((stories, PROJECTS[1].0)), year, None).await.map_err(failed)?;
    }
    // The projects' copies of their labels, written by the one place that writes them.
    for index in [1, 2] {
        crate::quality_labels::ssr::copy_labels_to_project(txn, projects[index]).await.map_err(failed)?;
    }
    Ok(())
}

/// Last year the Kraków primary school (two validated teachers, a project, a National Quality Label) became an
/// eTwinning School, and "Stories without borders" won the European Prize for pupils aged 7 to 11.
async fn seed_school_label_and_prizes(
    txn: &impl ConnectionTrait,
    projects: &[i32],
    teachers: &[i32],
    schools: &[(i32, &str)],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    use crate::{
        certificates::{CertificateKind, PRIZE_AGE_CATEGORIES, ssr as certificates},
        prizes::ssr::{category_entity, entry_entity, year_entity},
        quality_labels::{LabelStatus, school::ssr::{entity as school_applications, figures}},
    };
    use chrono::Datelike;
    let failed = |err: crate::error::AppError| DbErr::Custom(err.to_string());
    let last_year = now.year() - 1;
    let (school, _) = schools[5];
    let applicant = accounts::entity::Entity::find_by_id(teachers[5]).one(txn).await?.ok_or(DbErr::RecordNotFound("demo teacher".into()))?;
    let figures = figures(txn, school).await.map_err(failed)?;
    let code = certificates::issue_as(txn, CertificateKind::SchoolLabel, applicant.id, SCHOOLS[5].0, None, last_year, Some("PL"), "").await.map_err(failed)?;
    school_applications::ActiveModel {
        school_id: Set(school),
        applicant_id: Set(applicant.id),
        country_code: Set("PL".to_owned()),
        year: Set(last_year),
        status: Set(LabelStatus::Awarded.as_str().to_owned()),
        statement: Set("Every class works in an eTwinning project each year; our e-safety policy is taught in the first week of school.".to_owned()),
        validated_teachers: Set(figures.validated_teachers as i32),
        projects: Set(figures.projects as i32),
        national_labels: Set(figures.national_labels as i32),
        created_at: Set(now - chrono::TimeDelta::days(330)),
        decided_at: Set(Some(now - chrono::TimeDelta::days(300))),
        certificate: Set(Some(code)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    schools::ActiveModel { id: Set(school), label_from: Set(Some(last_year + 1)), label_until: Set(Some(last_year + 2)), ..Default::default() }.update(txn).await?;

    year_entity::ActiveModel { year: Set(last_year), created_by: Set(None), created_at: Set(now - chrono::TimeDelta::days(250)), published_at: Set(Some(now - chrono::TimeDelta::days(60))) }
        .insert(txn)
        .await?;
    let mut winning_category = None;
    for key in PRIZE_AGE_CATEGORIES {
        let category = category_entity::ActiveModel { year: Set(last_year), key: Set(key.to_owned()), name: Set(String::new()), winner_entry_id: Set(None), ..Default::default() }
            .insert(txn)
            .await?;
        if key == "age_7_11" {
            winning_category = Some(category.id);
        }
    }
    category_entity::ActiveModel {
        year: Set(last_year),
        key: Set(crate::prizes::SPECIAL.to_owned()),
        name: Set("Marie Skłodowska-Curie Prize".to_owned()),
        winner_entry_id: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let (stories, category) = (projects[1], winning_category.unwrap_or_default());
    let entry = entry_entity::ActiveModel {
        category_id: Set(category),
        project_id: Set(stories),
        year: Set(last_year),
        entered_by: Set(Some(teachers[1])),
        summary: Set("Three primary classes wrote and illustrated a picture book in three languages, one chapter per school.".to_owned()),
        created_at: Set(now - chrono::TimeDelta::days(200)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    category_entity::ActiveModel { id: Set(category), winner_entry_id: Set(Some(entry.id)), ..Default::default() }.update(txn).await?;
    for index in [1, 4, 5] {
        let teacher = accounts::entity::Entity::find_by_id(teachers[index]).one(txn).await?.ok_or(DbErr::RecordNotFound("demo teacher".into()))?;
        certificates::issue_as(txn, CertificateKind::EuropeanPrize, teacher.id, &teacher.display_name, Some((stories, PROJECTS[1].0)), last_year, None, "age_7_11")
            .await
            .map_err(failed)?;
    }
    Ok(())
}

/// The mail domain of every demo account (a reserved name: it never receives mail).
pub const DEMO_DOMAIN: &str = "demo.opentwin.test";

/// Two contacts who talk in private (João Silva, `teacher9`, and Kadri Tamm, `teacher10`): a conversation whose
/// last message (Kadri's) João has not read yet.
async fn seed_messages(txn: &impl ConnectionTrait, teachers: &[i32], now: chrono::DateTime<chrono::Utc>) -> Result<(), DbErr> {
    use crate::messages::ssr::{conversation_entity as conversations, message_entity as messages};
    let (joao, kadri) = (teachers[8], teachers[9]);
    crate::teachers::ssr::entity::ActiveModel {
        requester_id: Set(joao),
        addressee_id: Set(kadri),
        status: Set("accepted".to_owned()),
        message: Set(Some("Hello Kadri, we met at the eTwinning seminar in Tallinn.".to_owned())),
        created_at: Set(now - chrono::TimeDelta::days(12)),
        responded_at: Set(Some(now - chrono::TimeDelta::days(11))),
    }
    .insert(txn)
    .await?;
    let conversation = conversations::ActiveModel {
        low_id: Set(joao.min(kadri)),
        high_id: Set(joao.max(kadri)),
        created_at: Set(now - chrono::TimeDelta::days(10)),
        last_message_at: Set(now - chrono::TimeDelta::hours(3)),
        low_read_up_to: Set(0),
        high_read_up_to: Set(0),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let lines = [
        (joao, 10 * 24, "Olá Kadri! Would your pupils like to start a project on coastal towns with mine this spring?"),
        (kadri, 9 * 24, "Tere João! Yes, Kuressaare is on the sea too. My class is 14 to 15 years old."),
        (joao, 9 * 24 - 2, "Perfect, mine are 14. Shall we write the project plan together next week?"),
        (kadri, 3, "I drafted the aims. Could you look at them before we found the project?"),
    ];
    let mut ids = Vec::new();
    for (author, hours, body) in lines {
        let row = messages::ActiveModel {
            conversation_id: Set(conversation.id),
            author_id: Set(author),
            body: Set(body.to_owned()),
            created_at: Set(now - chrono::TimeDelta::hours(hours)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.push(row.id);
    }
    // Kadri has read everything; João all but her last message.
    let (joao_read, kadri_read) = (ids[2], ids[3]);
    let (low_read, high_read) = if joao < kadri { (joao_read, kadri_read) } else { (kadri_read, joao_read) };
    conversations::ActiveModel { id: Set(conversation.id), low_read_up_to: Set(low_read), high_read_up_to: Set(high_read), ..Default::default() }
        .update(txn)
        .await?;
    Ok(())
}

/// The notification centres of a few teachers, as the events above would have filled them: the prize winners of
/// "Stories without borders" (`teacher2` first) have not read of their prize yet; the rest is read.
async fn seed_notifications(txn: &impl ConnectionTrait, projects: &[i32], teachers: &[i32], now: chrono::DateTime<chrono::Utc>) -> Result<(), DbErr> {
    use crate::notifications::{Kind, ssr::entity as notifications};
    let days = chrono::TimeDelta::days;
    let water = PROJECTS[0].0;
    let last_year = crate::db::this_year() - 1;
    let space = format!("/projects/{}/space", projects[0]);
    let entries: Vec<(usize, Kind, &str, Vec<(&str, String)>, String, i64, bool)> = vec![
        (0, Kind::Contacts, "contact_request", vec![("from", "Giulia Romano".into())], "/contacts".into(), 120, true),
        (2, Kind::Projects, "cofound", vec![("from", "Claire Martin".into()), ("title", water.into())], "/projects/mine".into(), 110, true),
        (0, Kind::Projects, "project_open", vec![("title", water.into())], space.clone(), 100, true),
        (2, Kind::Projects, "project_open", vec![("title", water.into())], space, 100, true),
        (1, Kind::Labels, "prize", vec![("title", PROJECTS[1].0.into()), ("year", last_year.to_string())], "/labels/mine".into(), 60, false),
        (4, Kind::Labels, "prize", vec![("title", PROJECTS[1].0.into()), ("year", last_year.to_string())], "/labels/mine".into(), 60, false),
        (5, Kind::Labels, "prize", vec![("title", PROJECTS[1].0.into()), ("year", last_year.to_string())], "/labels/mine".into(), 60, false),
        (9, Kind::Contacts, "contact_request", vec![("from", "João Silva".into())], "/contacts".into(), 12, true),
    ];
    for (teacher, kind, event, params, link, age, read) in entries {
        let at = now - days(age);
        let params: std::collections::BTreeMap<&str, String> = params.into_iter().collect();
        notifications::ActiveModel {
            account_id: Set(teachers[teacher]),
            kind: Set(kind.as_str().to_owned()),
            event: Set(event.to_owned()),
            params: Set(serde_json::to_string(&params).unwrap_or_default()),
            link: Set(link),
            created_at: Set(at),
            read_at: Set(read.then_some(at + days(1))),
            digest: Set(None),
            mailed_at: Set(Some(at)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Groups: an open one of the Central Support Service about climate and the environment (Claire Martin,
/// `teacher1`, moderates; two discussions and a pinned resource); one on request for teachers of French, proposed
/// by Julien Bernard (`teacher2`) and approved by the French organisation, where Lucía Fernández (`teacher5`) asks
/// to join and Anna Schmidt (`teacher8`) is invited; and Giulia Romano's (`teacher3`) proposal, waiting for `nso.it`.
async fn seed_groups(txn: &impl ConnectionTrait, css: i32, teachers: &[i32], now: chrono::DateTime<chrono::Utc>) -> Result<(), DbErr> {
    use crate::groups::ssr::{entity as groups, member_entity as members, post_entity as posts, resource_entity as resources, thread_entity as threads};
    use crate::notifications::Kind;
    let days = chrono::TimeDelta::days;
    let hours = chrono::TimeDelta::hours;
    let group = |name: &str, description: &str, subject: &str, language: &str, access: &str, status: &str, nso: Option<&str>, by: i32, age: i64| groups::ActiveModel {
        name: Set(name.to_owned()),
        description: Set(description.to_owned()),
        subject: Set(subject.to_owned()),
        language: Set(language.to_owned()),
        country_code: Set(None),
        access: Set(access.to_owned()),
        status: Set(status.to_owned()),
        nso_country: Set(nso.map(str::to_owned)),
        proposed_by: Set(Some(by)),
        theme_year: Set(None),
        created_at: Set(now - days(age)),
        decided_at: Set((status != "proposed").then(|| now - days(age - 1))),
        ..Default::default()
    };
    let climate = group(
        "Climate and environment in the classroom",
        "For teachers of every subject who work on climate and the environment with their pupils: share activities, measurements and ideas for projects between schools.",
        "environment", "en", "open", "approved", None, css, 200,
    )
    .insert(txn)
    .await?;
    let french = group(
        "Enseigner le français langue étrangère",
        "Un groupe pour les enseignants de français langue étrangère : échanges de pratiques, ressources et partenaires pour des projets.",
        "foreign_languages", "fr", "request", "approved", Some("FR"), teachers[1], 150,
    )
    .insert(txn)
    .await?;
    group(
        "Maths through games",
        "Board games, puzzles and outdoor games that teach mathematics to pupils of 7 to 11.",
        "mathematics", "en", "open", "proposed", Some("IT"), teachers[2], 2,
    )
    .insert(txn)
    .await?;
    let member = |group: i32, teacher: usize, role: &str, state: &str, age: i64| members::ActiveModel {
        group_id: Set(group),
        account_id: Set(teachers[teacher]),
        role: Set(role.to_owned()),
        state: Set(state.to_owned()),
        since: Set(now - days(age)),
    };
    for (group, teacher, role, state, age) in [
        (climate.id, 0, "moderator", "member", 190),
        (climate.id, 2, "member", "member", 120),
        (climate.id, 7, "member", "member", 90),
        (climate.id, 8, "member", "member", 30),
        (french.id, 1, "moderator", "member", 150),
        (french.id, 0, "member", "member", 100),
        (french.id, 4, "member", "requested", 1),
        (french.id, 7, "member", "invited", 3),
    ] {
        member(group, teacher, role, state, age).insert(txn).await?;
    }
    // Discussions: (group, title, posts as (author, text, hours ago)).
    let discussions: [(i32, &str, Vec<(usize, &str, i64)>); 3] = [
        (climate.id, "Measuring air quality with pupils", vec![
            (0, "Our pupils built simple sensors last term. Has anyone compared readings between two schools? We would like a partner for next spring.", 240),
            (2, "We did it in Bologna with a kit from the town hall. The hardest part was agreeing on the times of day to measure: start with that.", 200),
            (7, "In Hamburg we used the city's open data as a reference. Happy to share our worksheet.", 150),
        ]),
        (climate.id, "Ideas for this year's theme", vec![
            (8, "Which activities on water would work with 12-year-olds in two languages?", 30),
        ]),
        (french.id, "Des chansons pour débuter", vec![
            (1, "Quelles chansons utilisez-vous avec des débutants de 10 ans ? Je cherche des textes simples et récents.", 72),
            (0, "Nous aimons « Le Tourbillon de la vie » pour les verbes au présent, et les comptines pour les plus jeunes.", 50),
        ]),
    ];
    for (group, title, list) in discussions {
        let last = list.last().map_or(0, |(_, _, ago)| *ago);
        let thread = threads::ActiveModel {
            group_id: Set(group),
            title: Set(title.to_owned()),
            author_id: Set(Some(teachers[list[0].0])),
            created_at: Set(now - hours(list[0].2)),
            last_post_at: Set(now - hours(last)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for (author, text, ago) in list {
            posts::ActiveModel { thread_id: Set(thread.id), author_id: Set(Some(teachers[author])), body: Set(text.to_owned()), created_at: Set(now - hours(ago)), ..Default::default() }
                .insert(txn)
                .await?;
        }
    }
    resources::ActiveModel {
        group_id: Set(climate.id),
        title: Set("European Climate Pact: resources for schools".to_owned()),
        url: Set("https://climate-pact.europa.eu/".to_owned()),
        added_by: Set(Some(teachers[0])),
        created_at: Set(now - days(100)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    // What the centres say of it: Julien has an unread request, Anna an unread invitation.
    for (teacher, event, params, age) in [
        (1, "group_request", [("from", "Lucía Fernández"), ("name", french.name.as_str())], 1),
        (7, "group_invited", [("from", "Julien Bernard"), ("name", french.name.as_str())], 3),
    ] {
        let params: std::collections::BTreeMap<&str, &str> = params.into_iter().collect();
        crate::notifications::ssr::entity::ActiveModel {
            account_id: Set(teachers[teacher]),
            kind: Set(Kind::Groups.as_str().to_owned()),
            event: Set(event.to_owned()),
            params: Set(serde_json::to_string(&params).unwrap_or_default()),
            link: Set(format!("/groups/{}", french.id)),
            created_at: Set(now - days(age)),
            read_at: Set(None),
            digest: Set(None),
            mailed_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Learning events of the Central Support Service: "Project-based learning with partners abroad" running for a
/// week now, full (three places), with participants at every stage — Lucía Fernández (`teacher5`) completed it
/// and holds its certificate, Agnieszka Nowak (`teacher6`) has done two units of three, Olena Kovalenko
/// (`teacher12`) none yet — and Aino Virtanen (`teacher13`) on the waiting list; and one coming up next month.
async fn seed_learning_events(txn: &impl ConnectionTrait, css: i32, teachers: &[i32], now: chrono::DateTime<chrono::Utc>) -> Result<(), DbErr> {
    use crate::{
        certificates::{CertificateKind, ssr as certificates},
        learning_events::ssr::{entity as events, enrolment_entity as enrolments, post_entity as posts, progress_entity as progress, unit_entity as units},
    };
    use chrono::TimeDelta;
    let failed = |err: crate::error::AppError| DbErr::Custom(err.to_string());
    let today = now.date_naive();
    let running = events::ActiveModel {
        title: Set("Project-based learning with partners abroad".to_owned()),
        description: Set("Three weeks to plan a project with a partner school: what makes a good project, sharing ideas with colleagues from other countries, and a one-page plan to take back to your school.".to_owned()),
        language: Set("en".to_owned()),
        starts_on: Set(today - TimeDelta::days(7)),
        ends_on: Set(today + TimeDelta::days(13)),
        places: Set(3),
        organiser_id: Set(Some(css)),
        theme_year: Set(None),
        created_at: Set(now - TimeDelta::days(30)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    // An event's programme: (title, instructions, activity) in order; returns the units.
    let add_units = async |event: i32, programme: &[(&str, &str, &str)]| -> Result<Vec<i32>, DbErr> {
        let mut ids = Vec::new();
        for (position, (title, instructions, activity)) in programme.iter().enumerate() {
            let unit = units::ActiveModel {
                event_id: Set(event),
                position: Set(position as i32 + 1),
                title: Set((*title).to_owned()),
                instructions: Set((*instructions).to_owned()),
                activity: Set((*activity).to_owned()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            ids.push(unit.id);
        }
        Ok(ids)
    };
    let unit_ids = add_units(running.id, &[
        ("What makes a good eTwinning project", "Read the guide \"Ten steps to a project\" on the event's first page, and note two ideas you would like to try.", "read"),
        ("Your project idea", "Tell the others about a project you would like to run: the subject, the age of your pupils, and what partners you are looking for.", "discuss"),
        ("A one-page plan", "Hand in a plan of your project: aims, activities month by month, and how the pupils will work together.", "submit"),
    ])
    .await?;
    let (lucia, agnieszka, olena, aino) = (teachers[4], teachers[5], teachers[11], teachers[12]);
    for (account, state, days_ago) in [(lucia, "enrolled", 20), (agnieszka, "enrolled", 18), (olena, "enrolled", 9), (aino, "waiting", 3)] {
        enrolments::ActiveModel {
            event_id: Set(running.id),
            account_id: Set(account),
            state: Set(state.to_owned()),
            enrolled_at: Set(now - TimeDelta::days(days_ago)),
            completed_at: Set(None),
            certificate: Set(None),
        }
        .insert(txn)
        .await?;
    }
    let done = |unit: i32, account: i32, work: Option<&str>, days_ago: i64| progress::ActiveModel {
        unit_id: Set(unit),
        account_id: Set(account),
        done_at: Set(now - TimeDelta::days(days_ago)),
        work: Set(work.map(str::to_owned)),
    };
    for row in [
        done(unit_ids[0], lucia, None, 6),
        done(unit_ids[1], lucia, None, 5),
        done(unit_ids[2], lucia, Some("Rivers of our towns: pupils of 12 measure and compare the water of two rivers, meet online every month and publish a shared map."), 2),
        done(unit_ids[0], agnieszka, None, 5),
        done(unit_ids[1], agnieszka, None, 4),
    ] {
        row.insert(txn).await?;
    }
    for (author, text, days_ago) in [
        (lucia, "I would like to compare the rivers of our towns with a school by the sea. My pupils are 12.", 5),
        (agnieszka, "A project on the legends of our regions, told by the pupils in two languages. Looking for partners with pupils of 10 to 12.", 4),
    ] {
        posts::ActiveModel { unit_id: Set(unit_ids[1]), author_id: Set(Some(author)), body: Set(text.to_owned()), created_at: Set(now - TimeDelta::days(days_ago)), ..Default::default() }
            .insert(txn)
            .await?;
    }
    let holder = accounts::entity::Entity::find_by_id(lucia).one(txn).await?.ok_or(DbErr::RecordNotFound("demo teacher".into()))?;
    let year = chrono::Datelike::year(&running.ends_on);
    let code = certificates::issue_as(txn, CertificateKind::LearningEvent, holder.id, &holder.display_name, None, year, None, &running.title).await.map_err(failed)?;
    enrolments::ActiveModel {
        event_id: Set(running.id),
        account_id: Set(lucia),
        completed_at: Set(Some(now - TimeDelta::days(2))),
        certificate: Set(Some(code)),
        ..Default::default()
    }
    .update(txn)
    .await?;
    let upcoming = events::ActiveModel {
        title: Set("Inclusive classrooms with eTwinning".to_owned()),
        description: Set("Two weeks on projects in which every pupil takes part: pupils with special needs, newcomers learning the language, and those with slow connections.".to_owned()),
        language: Set("en".to_owned()),
        starts_on: Set(today + TimeDelta::days(24)),
        ends_on: Set(today + TimeDelta::days(37)),
        places: Set(40),
        organiser_id: Set(Some(css)),
        theme_year: Set(Some(chrono::Datelike::year(&now))),
        created_at: Set(now - TimeDelta::days(3)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    add_units(upcoming.id, &[
        ("Every pupil takes part", "Read the examples of inclusive projects on the event's first page.", "read"),
        ("What works in your class", "Share one thing that helped a pupil take part in a project.", "discuss"),
    ])
    .await?;
    Ok(())
}

/// Online seminars of the Central Support Service: one next week that three teachers (Claire Martin, `teacher1`,
/// among them) registered for, and one that took place last month, with its recording, which Claire attended
/// (she holds its certificate).
async fn seed_seminars(txn: &impl ConnectionTrait, css: i32, teachers: &[i32], now: chrono::DateTime<chrono::Utc>) -> Result<(), DbErr> {
    use crate::{
        certificates::{CertificateKind, ssr as certificates},
        seminars::ssr::{entity as seminars, registration_entity as registrations},
    };
    use chrono::{TimeDelta, Timelike};
    let failed = |err: crate::error::AppError| DbErr::Custom(err.to_string());
    // On the hour, as organisers set them.
    let hour = now.with_minute(0).and_then(|t| t.with_second(0)).and_then(|t| t.with_nanosecond(0)).unwrap_or(now);
    let upcoming = seminars::ActiveModel {
        title: Set("Safe online collaboration with pupils".to_owned()),
        description: Set("What pupils may share in a TwinSpace, how to set up pupils' logins, and what to do when something goes wrong.             Questions from the audience at the end."
            .to_owned()),
        speaker: Set("Ana Costa, eSafety trainer".to_owned()),
        language: Set("en".to_owned()),
        starts_at: Set(hour + TimeDelta::days(9)),
        minutes: Set(60),
        capacity: Set(100),
        join_url: Set(format!("https://meet.{DEMO_DOMAIN}/esafety")),
        recording_url: Set(None),
        materials_url: Set(None),
        organiser_id: Set(Some(css)),
        created_at: Set(now - TimeDelta::days(5)),
        // It takes up the annual theme (`seed_newsletter_and_theme`).
        theme_year: Set(Some(chrono::Datelike::year(&now))),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let past = seminars::ActiveModel {
        title: Set("Planning a project across time zones".to_owned()),
        description: Set("A month-by-month plan, tools that work with slow connections, and keeping partners in step.".to_owned()),
        speaker: Set("Jonas Berg".to_owned()),
        language: Set("en".to_owned()),
        starts_at: Set(hour - TimeDelta::days(40)),
        minutes: Set(90),
        capacity: Set(50),
        join_url: Set(format!("https://meet.{DEMO_DOMAIN}/time-zones")),
        recording_url: Set(Some(format!("https://video.{DEMO_DOMAIN}/time-zones"))),
        materials_url: Set(Some(format!("https://files.{DEMO_DOMAIN}/time-zones.pdf"))),
        organiser_id: Set(Some(css)),
        created_at: Set(now - TimeDelta::days(60)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    for teacher in [teachers[0], teachers[3], teachers[6]] {
        registrations::ActiveModel { seminar_id: Set(upcoming.id), account_id: Set(teacher), registered_at: Set(now - TimeDelta::days(2)), attended_at: Set(None), certificate: Set(None) }
            .insert(txn)
            .await?;
    }
    let claire = accounts::entity::Entity::find_by_id(teachers[0]).one(txn).await?.ok_or(DbErr::RecordNotFound("demo teacher".into()))?;
    let year = chrono::Datelike::year(&past.starts_at);
    let code = certificates::issue_as(txn, CertificateKind::SeminarAttendance, claire.id, &claire.display_name, None, year, None, &past.title).await.map_err(failed)?;
    registrations::ActiveModel {
        seminar_id: Set(past.id),
        account_id: Set(claire.id),
        registered_at: Set(past.starts_at - TimeDelta::days(3)),
        attended_at: Set(Some(past.starts_at + TimeDelta::minutes(90))),
        certificate: Set(Some(code)),
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// This year's annual theme (in English, French and German), which the first demo project and the coming seminar
/// take up; a newsletter sent three weeks ago in the same languages to the four teachers who subscribed
/// (`teacher1`, `teacher2`, `teacher3`, `teacher5`), and a draft of the next one, in English so far.
async fn seed_newsletter_and_theme(txn: &impl ConnectionTrait, css: i32, teachers: &[i32], project: i32, now: chrono::DateTime<chrono::Utc>) -> Result<(), DbErr> {
    use crate::{
        annual_theme::ssr::entity as themes,
        newsletter::ssr::{edition_entity as editions, entity as newsletters, subscription_entity as subscriptions},
    };
    use chrono::TimeDelta;
    let year = chrono::Datelike::year(&now);
    let theme = [
        ("en", "Wellbeing at school, together", "How do our pupils feel at school, and what helps? Projects this year can explore wellbeing: friendship, movement, calm, nature and the digital lives of young people."),
        ("fr", "Le bien-être à l'école, ensemble", "Comment nos élèves se sentent-ils à l'école, et qu'est-ce qui les aide ? Cette année, les projets peuvent explorer le bien-être : l'amitié, le mouvement, le calme, la nature et la vie numérique des jeunes."),
        ("de", "Gemeinsam wohlfühlen in der Schule", "Wie fühlen sich unsere Schülerinnen und Schüler in der Schule, und was hilft ihnen? Projekte können in diesem Jahr das Wohlbefinden erkunden: Freundschaft, Bewegung, Ruhe, Natur und das digitale Leben junger Menschen."),
    ];
    for (language, title, description) in theme {
        themes::ActiveModel { year: Set(year), language: Set(language.into()), title: Set(title.into()), description: Set(description.into()), updated_at: Set(now - TimeDelta::days(30)) }
            .insert(txn)
            .await?;
    }
    projects::entity::ActiveModel { id: Set(project), theme_year: Set(Some(year)), ..Default::default() }.update(txn).await?;
    let subscribers = [teachers[0], teachers[1], teachers[2], teachers[4]];
    for account in subscribers {
        subscriptions::ActiveModel { account_id: Set(account), token: Set(crate::newsletter::ssr::fresh_token()), subscribed_at: Set(now - TimeDelta::days(40)) }
            .insert(txn)
            .await?;
    }
    let sent_at = now - TimeDelta::days(21);
    let sent = newsletters::ActiveModel {
        author_id: Set(Some(css)),
        created_at: Set(sent_at - TimeDelta::days(2)),
        send_requested_at: Set(Some(sent_at)),
        sent_through: Set(subscribers.into_iter().max().unwrap_or(0)),
        sent_count: Set(subscribers.len() as i32),
        finished_at: Set(Some(sent_at + TimeDelta::minutes(1))),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let issue = [
        ("en", "News from the community: this year's theme, seminars and the European Prizes",
         "## Wellbeing at school, together

This year's theme invites projects to explore how pupils feel at school. Tick the theme when you found a project and it shows on your project's page.

## Coming up

- **Safe online collaboration with pupils**, an online seminar with a certificate of attendance: see [Seminars](/seminars).
- The European Prizes: the winners of last year are on [the prizes page](/prizes).

Happy twinning!"),
        ("fr", "Nouvelles de la communauté : le thème de l'année, les séminaires et les Prix européens",
         "## Le bien-être à l'école, ensemble

Le thème de cette année invite les projets à explorer ce que vivent les élèves à l'école. Cochez le thème en fondant un projet : il apparaît sur la page du projet.

## Bientôt

- **Collaborer en ligne en toute sécurité avec les élèves**, un séminaire en ligne avec certificat de participation : voir [Séminaires](/seminars).
- Les Prix européens : les lauréats de l'an dernier sont sur [la page des prix](/prizes).

Bon jumelage !"),
        ("de", "Neues aus der Gemeinschaft: das Jahresthema, Seminare und die Europäischen Preise",
         "## Gemeinsam wohlfühlen in der Schule

Das Jahresthema lädt Projekte ein, zu erkunden, wie es Schülerinnen und Schülern in der Schule geht. Kreuzen Sie das Thema bei der Gründung eines Projekts an: Es erscheint auf der Projektseite.

## Demnächst

- **Sichere Online-Zusammenarbeit mit Schülerinnen und Schülern**, ein Online-Seminar mit Teilnahmebescheinigung: siehe [Seminare](/seminars).
- Die Europäischen Preise: Die Gewinner des letzten Jahres stehen auf [der Preisseite](/prizes).

Viel Freude beim Twinning!"),
    ];
    for (language, subject, body) in issue {
        editions::ActiveModel { newsletter_id: Set(sent.id), language: Set(language.into()), subject: Set(subject.into()), body: Set(body.into()), updated_at: Set(sent_at) }
            .insert(txn)
            .await?;
    }
    let draft = newsletters::ActiveModel {
        author_id: Set(Some(css)),
        created_at: Set(now - TimeDelta::days(1)),
        send_requested_at: Set(None),
        sent_through: Set(0),
        sent_count: Set(0),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    editions::ActiveModel {
        newsletter_id: Set(draft.id),
        language: Set("en".into()),
        subject: Set("Winter news: quality labels and new groups".into()),
        body: Set("## Quality Labels

Applications for this year's National Quality Labels are open until the end of the month.
".into()),
        updated_at: Set(now - TimeDelta::days(1)),
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Whether the database holds demo accounts, whose password is published in the README.
pub async fn present(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let demo = accounts::entity::Entity::find().filter(accounts::entity::Column::Email.like(format!("%@{DEMO_DOMAIN}")));
    Ok(demo.count(db).await? > 0)
}

/// A production installation never runs with demo accounts: anyone could sign in as its administrator.
/// `seed-demo` refuses there, and so does `serve` while demo accounts exist.
pub async fn refuse_in_production(db: &impl ConnectionTrait, production: bool, seeding: bool) -> Result<(), String> {
    if !production {
        return Ok(());
    }
    if seeding {
        return Err("seed-demo refuses to run with env = prod: demo accounts have a published password".into());
    }
    if present(db).await.map_err(|err| err.to_string())? {
        return Err(format!(
            "refusing to serve with env = prod: the database holds demo accounts (@{DEMO_DOMAIN}) whose password is published; \
             use a fresh database"
        ));
    }
    Ok(())
}

/// Seeds the demo. Returns false when the database already had data and nothing was written.
pub async fn seed(db: &DatabaseConnection) -> Result<bool, DbErr> {
    if schools::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let now = chrono::Utc::now();
    // One hash for all demo accounts: hashing is deliberately slow.
    let password_hash = accounts::hash_password_now(DEMO_PASSWORD).map_err(|err| DbErr::Custom(err.to_string()))?;
    let txn = crate::db::begin(db).await?;

    // Spread over the years, so that country pages show growth.
    let years_ago = |n: usize| now - chrono::TimeDelta::days(365 * n as i64);
    let mut school_ids = Vec::with_capacity(SCHOOLS.len());
    for (index, (name, country, city, kind)) in SCHOOLS.iter().enumerate() {
        let school = schools::ActiveModel {
            name_key: Set(crate::schools::ssr::key(name)),
            city_key: Set(crate::schools::ssr::key(city)),
            name: Set((*name).to_owned()),
            country_code: Set((*country).to_owned()),
            city: Set((*city).to_owned()),
            kind: Set(kind.as_str().to_owned()),
            confirmed: Set(true),
            created_at: Set(years_ago(6 - index % 6)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        school_ids.push((school.id, *country));
    }

    let mut teacher_ids = Vec::with_capacity(TEACHERS.len());
    for (index, (name, school, role, status)) in TEACHERS.iter().enumerate() {
        let (school_id, country) = school_ids[*school];
        let account = accounts::entity::ActiveModel {
            kind: Set(accounts::KIND_STAFF.to_owned()),
            email: Set(Some(format!("teacher{}@demo.opentwin.test", index + 1))),
            username: Set(None),
            display_name: Set((*name).to_owned()),
            password_hash: Set(Some(password_hash.clone())),
            email_verified_at: Set(Some(now)),
            staff_role: Set(Some((*role).to_owned())),
            platform_role: Set("member".to_owned()),
            country_code: Set(Some(country.to_owned())),
            school_id: Set(Some(school_id)),
            status: Set(status.as_str().to_owned()),
            // The pending ones joined just now; the others over the past years.
            created_at: Set(if *status == AccountStatus::Validated { years_ago(5 - index % 5) } else { now }),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        teacher_ids.push(account.id);
    }

    // Interests for the validated teachers, so that the directory's filters have something to find.
    for (index, (_, _, _, status)) in TEACHERS.iter().enumerate() {
        if *status != AccountStatus::Validated {
            continue;
        }
        let pick = |list: &[&'static str], n: usize| -> Vec<&'static str> {
            (0..n).map(|k| list[(index * 3 + k * 5) % list.len()]).collect()
        };
        use crate::teachers::interests::{self, AGE_RANGES, THEMES};
        // Mathematics is left out on purpose: the browser tests add it themselves.
        const DEMO_SUBJECTS: &[&str] = &["biology", "history", "art", "foreign_languages", "environment", "music", "geography", "science"];
        let (subjects, ages, themes) = (pick(DEMO_SUBJECTS, 2), pick(AGE_RANGES, 1), pick(THEMES, 2));
        let languages = ["en", SCHOOLS[TEACHERS[index].1].1.to_lowercase().as_str()].map(str::to_owned);
        crate::teachers::ssr::interest_entity::ActiveModel {
            account_id: Set(teacher_ids[index]),
            introduction: Set(format!("I teach at {}.", SCHOOLS[TEACHERS[index].1].0)),
            project_idea: Set(String::new()),
            subjects: Set(interests::mask(interests::SUBJECTS.iter().copied(), |k| subjects.contains(&k))),
            age_ranges: Set(interests::mask(AGE_RANGES.iter().copied(), |k| ages.contains(&k))),
            languages: Set(interests::mask(interests::language_keys(), |k| languages.iter().any(|l| l == k))),
            themes: Set(interests::mask(THEMES.iter().copied(), |k| themes.contains(&k))),
            open_to_plus: Set(index % 2 == 0),
            looking_now: Set(index % 3 == 0),
            updated_at: Set(now),
            // What they teach is what they want to work on; they speak English and their country's language.
            taught_subjects: Set(interests::mask(interests::SUBJECTS.iter().copied(), |k| subjects.contains(&k))),
            taught_ages: Set(interests::mask(AGE_RANGES.iter().copied(), |k| ages.contains(&k))),
            spoken_languages: Set(interests::mask(interests::language_keys(), |k| languages.iter().any(|l| l == k))),
            preferred_countries: Set(String::new()),
        }
        .insert(&txn)
        .await?;
    }

    let mut staff_ids = Vec::with_capacity(SUPPORT_STAFF.len());
    for (name, email, role, country) in SUPPORT_STAFF {
        let person = accounts::entity::ActiveModel {
            kind: Set(accounts::KIND_STAFF.to_owned()),
            email: Set(Some((*email).to_owned())),
            display_name: Set((*name).to_owned()),
            password_hash: Set(Some(password_hash.clone())),
            platform_role: Set(role.as_str().to_owned()),
            country_code: Set(country.map(str::to_owned)),
            status: Set(AccountStatus::Validated.as_str().to_owned()),
            email_verified_at: Set(Some(now)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        staff_ids.push(person.id);
    }

    let mut first_project = None;
    let mut project_ids = Vec::with_capacity(PROJECTS.len());
    for (index, (title, summary, status, national, members, subjects)) in PROJECTS.iter().enumerate() {
        use crate::teachers::interests::{self as lists, AGE_RANGES, SUBJECTS};
        let country = |member: usize| SCHOOLS[TEACHERS[member].1].1;
        let project = projects::entity::ActiveModel {
            title: Set((*title).to_owned()),
            summary: Set((*summary).to_owned()),
            status: Set(status.as_str().to_owned()),
            national: Set(*national),
            created_at: Set(years_ago(PROJECTS.len() - 1 - index)),
            founder_id: Set(Some(teacher_ids[members[0]])),
            cofounder_id: Set(Some(teacher_ids[members[1]])),
            cofounder_answered_at: Set(Some(now)),
            languages: Set(lists::mask(lists::language_keys(), |k| k == "en" || members.iter().any(|&m| country(m).eq_ignore_ascii_case(k)))),
            age_ranges: Set(lists::mask(AGE_RANGES.iter().copied(), |k| k == AGE_RANGES[1 + index % 3])),
            subjects: Set(lists::mask(SUBJECTS.iter().copied(), |k| subjects.contains(&k))),
            pupils_count: Set(20 + 10 * index as i32),
            tools: Set("TwinSpace, shared documents, video calls".to_owned()),
            aims: Set("Pupils work with peers abroad, use a foreign language for a real purpose and compare their places.".to_owned()),
            work_process: Set("One task a month, prepared by one school in turn; results on the Twinboard.".to_owned()),
            expected_results: Set("A shared online book of the project's findings.".to_owned()),
            listed: Set(true),
            show_members: Set(true),
            opened_at: Set((*status != ProjectStatus::Proposed).then(|| years_ago(PROJECTS.len() - 1 - index))),
            archived_at: Set((*status == ProjectStatus::Archived).then_some(now)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        first_project.get_or_insert(project.id);
        project_ids.push(project.id);
        for (position, member) in members.iter().enumerate() {
            let role = if position < 2 { SpaceRole::TeacherAdministrator } else { SpaceRole::Teacher };
            projects::member_entity::ActiveModel {
                project_id: Set(project.id),
                account_id: Set(teacher_ids[*member]),
                role: Set(role.as_str().to_owned()),
                joined_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
        let mut founder_countries = vec![country(members[0]), country(members[1])];
        founder_countries.dedup();
        for code in founder_countries {
            let approved = *status != ProjectStatus::Proposed;
            projects::approval_entity::ActiveModel {
                project_id: Set(project.id),
                country_code: Set(code.to_owned()),
                status: Set(if approved { ApprovalStatus::Approved } else { ApprovalStatus::Pending }.as_str().to_owned()),
                reason: Set(None),
                decided_by: Set(None),
                decided_at: Set(approved.then_some(now)),
            }
            .insert(&txn)
            .await?;
        }
    }
    if let Some(project) = first_project {
        for (minutes, (author, body)) in TWINBOARD.iter().enumerate() {
            twinboard::post_entity::ActiveModel {
                project_id: Set(project),
                author_id: Set(teacher_ids[*author]),
                body: Set((*body).to_owned()),
                pinned: Set(minutes == 0),
                created_at: Set(now - chrono::TimeDelta::minutes(60 - 10 * minutes as i64)),
                edited_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let mut pupil_ids = Vec::new();
        for (name, username) in PUPILS {
            let pupil = accounts::entity::ActiveModel {
                kind: Set(accounts::KIND_PUPIL.to_owned()),
                username: Set(Some((*username).to_owned())),
                display_name: Set((*name).to_owned()),
                password_hash: Set(Some(password_hash.clone())),
                platform_role: Set("member".to_owned()),
                country_code: Set(Some("FR".to_owned())),
                school_id: Set(Some(school_ids[0].0)),
                status: Set(AccountStatus::Validated.as_str().to_owned()),
                created_at: Set(now),
                created_by: Set(Some(teacher_ids[0])),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            projects::member_entity::ActiveModel {
                project_id: Set(project),
                account_id: Set(pupil.id),
                role: Set(SpaceRole::Pupil.as_str().to_owned()),
                joined_at: Set(now),
            }
            .insert(&txn)
            .await?;
            pupil_ids.push(pupil.id);
        }
        seed_moderation(&txn, project, &pupil_ids, now).await?;
    }
    seed_labels(&txn, &project_ids, &teacher_ids, now).await?;
    seed_school_label_and_prizes(&txn, &project_ids, &teacher_ids, &school_ids, now).await?;
    seed_messages(&txn, &teacher_ids, now).await?;
    seed_notifications(&txn, &project_ids, &teacher_ids, now).await?;
    seed_seminars(&txn, staff_ids[2], &teacher_ids, now).await?;
    seed_groups(&txn, staff_ids[2], &teacher_ids, now).await?;
    seed_learning_events(&txn, staff_ids[2], &teacher_ids, now).await?;
    seed_newsletter_and_theme(&txn, staff_ids[2], &teacher_ids, project_ids[0], now).await?;
    crate::partners::ssr::index::rebuild(&txn).await?;
    txn.commit().await?;
    Ok(true)
}
