//! Partner search and suggestions on both databases: who appears (validated teachers only, whatever path
//! changed their status), full-text search, filters with their counts, sorting, paging, bad input.
use crate::support;

use app::{
    access::Viewer,
    accounts::{Decision, ssr::{self as accounts, entity}},
    error::AppError,
    partners::{Ignored, PartnerQuery, PartnerResults, count_of, ssr::{self as partners}},
    teachers::{interests::InterestsForm, ssr as teachers},
};
use sea_orm::{ActiveModelTrait, Set};
use support::{on_each_database, person, validated};

const URL: &str = "https://opentwin.example";

fn ticked(keys: &[&str]) -> std::collections::BTreeMap<String, String> {
    keys.iter().map(|k| (k.to_string(), "on".to_string())).collect()
}

fn names(found: &PartnerResults) -> Vec<String> {
    let mut names: Vec<String> = found.results.iter().map(|c| c.display_name.clone()).collect();
    names.sort();
    names
}

fn text(q: &str) -> PartnerQuery {
    PartnerQuery { q: q.into(), ..Default::default() }
}

#[tokio::test]
async fn only_validated_teachers_appear_in_search_counts_and_suggestions() {
    on_each_database(|db, backend| async move {
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let paul = person(&db, "Paul Pending", "FR", "pending", "staff", "member").await;
        let rita = person(&db, "Rita Rejected", "FR", "rejected", "staff", "member").await;
        let sam = person(&db, "Sam Suspended", "FR", "suspended", "staff", "member").await;
        let mary = person(&db, "Mary B.", "FR", "validated", "pupil", "member").await;
        let nina = person(&db, "Nina NSO", "FR", "validated", "staff", "nso_moderator").await;
        let css = person(&db, "Central Support", "BE", "validated", "staff", "css_moderator").await;
        let biology = InterestsForm { subjects: ticked(&["biology"]), languages: ticked(&["en"]), ..Default::default() };
        for someone in [&anna, &claire, &paul, &rita, &sam] {
            teachers::save_interests(&db, someone, &biology).await.unwrap();
        }

        let everyone = partners::search(&db, None, &anna, &PartnerQuery::default()).await.unwrap();
        assert_eq!(names(&everyone), vec!["Claire Martin"], "{backend:?}: not self, pending, rejected, suspended, pupils or staff");
        assert_eq!(everyone.total, 1);
        assert_eq!(count_of(&everyone.countries, "FR"), 1, "{backend:?}: counts leave hidden people out");
        assert_eq!(count_of(&everyone.subjects, "biology"), 1);
        for name in ["paul", "rita", "sam", "mary", "nina", "central"] {
            assert_eq!(partners::search(&db, None, &anna, &text(name)).await.unwrap().total, 0, "{backend:?}: {name}");
        }
        assert_eq!(partners::search(&db, None, &paul, &PartnerQuery::default()).await, Err(AppError::NotFound), "pending people may not search");
        assert_eq!(partners::search(&db, None, &mary, &PartnerQuery::default()).await, Err(AppError::NotFound), "pupils may not search");
        assert_eq!(partners::search(&db, None, &nina, &PartnerQuery::default()).await.unwrap().total, 2, "support staff may look");
        let suggested: Vec<_> = partners::suggestions(&db, &anna).await.unwrap().into_iter().map(|s| s.card.display_name).collect();
        assert_eq!(suggested, vec!["Claire Martin"], "{backend:?}");

        // Through the real paths: validation brings Paul in, rejection keeps Rita out of it...
        let nso = Viewer { country_code: Some("FR".into()), ..nina.clone() };
        accounts::decide_validation(&db, &nso, paul.id, Decision::Validate, "", URL).await.unwrap();
        assert_eq!(partners::search(&db, None, &anna, &text("paul")).await.unwrap().total, 1, "{backend:?}: validated, Paul appears");
        assert_eq!(partners::search(&db, None, &anna, &PartnerQuery::default()).await.unwrap().total, 2);
        // ...suspension takes Claire out of search, counts and suggestions at once...
        accounts::set_suspended(&db, &css, claire.id, true).await.unwrap();
        let after = partners::search(&db, None, &anna, &PartnerQuery::default()).await.unwrap();
        assert_eq!(names(&after), vec!["Paul Pending"], "{backend:?}");
        assert_eq!(count_of(&after.subjects, "biology"), 1);
        assert!(partners::suggestions(&db, &anna).await.unwrap().iter().all(|s| s.card.id != claire.id));
        // ...and so does becoming support staff.
        let admin = Viewer { role: app::access::PlatformRole::Administrator, ..css.clone() };
        accounts::assign_role(&db, &admin, "paul.pending@school.eu", "nso_moderator", "FR").await.unwrap();
        assert_eq!(partners::search(&db, None, &anna, &PartnerQuery::default()).await.unwrap().total, 0, "{backend:?}");
        // An NSO moderator suspends only in their own country.
        assert_eq!(accounts::set_suspended(&db, &nso, anna.id, true).await, Err(AppError::NotFound));
        let _ = rita;
    })
    .await;
}

#[tokio::test]
async fn filters_combine_and_every_option_has_its_count() {
    on_each_database(|db, backend| async move {
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let julien = validated(&db, "Julien Bernard", "FR").await;
        let nino = validated(&db, "Nino Beridze", "GE").await;
        let form = InterestsForm {
            subjects: ticked(&["biology", "environment"]),
            age_ranges: ticked(&["from_12_to_15"]),
            languages: ticked(&["fr", "en"]),
            looking_now: "on".into(),
            ..Default::default()
        };
        teachers::save_interests(&db, &claire, &form).await.unwrap();
        teachers::save_interests(&db, &julien, &InterestsForm { subjects: ticked(&["history"]), languages: ticked(&["fr"]), ..Default::default() }).await.unwrap();
        teachers::save_interests(&db, &nino, &InterestsForm { subjects: ticked(&["biology"]), open_to_plus: "on".into(), ..Default::default() }).await.unwrap();

        let query = |f: fn(&mut PartnerQuery)| {
            let mut query = PartnerQuery::default();
            f(&mut query);
            query
        };
        let search = |q: PartnerQuery| {
            let db = db.clone();
            let anna = anna.clone();
            async move { partners::search(&db, None, &anna, &q).await.unwrap() }
        };

        let biology_fr = search(query(|q| { q.subject = "biology".into(); q.language = "fr".into(); })).await;
        assert_eq!(names(&biology_fr), vec!["Claire Martin"], "{backend:?}");
        assert_eq!(count_of(&biology_fr.subjects, "history"), 1, "choosing history instead would find Julien");
        assert_eq!(count_of(&biology_fr.languages, "fr"), 1);
        assert_eq!(count_of(&biology_fr.languages, "en"), 1);
        assert_eq!(count_of(&biology_fr.countries, "FR"), 1);

        let two_countries = search(query(|q| q.countries = vec!["FR".into(), "ge".into()])).await;
        assert_eq!(names(&two_countries), vec!["Claire Martin", "Julien Bernard", "Nino Beridze"], "{backend:?}: several countries");
        assert_eq!(count_of(&two_countries.countries, "DE"), 0, "Anna herself is never counted");

        let plus = search(query(|q| q.programme = "etwinning_plus".into())).await;
        assert_eq!(names(&plus), vec!["Nino Beridze"], "{backend:?}: Georgia is an eTwinning Plus country");
        assert_eq!((count_of(&plus.programmes, "etwinning"), count_of(&plus.programmes, "etwinning_plus")), (2, 1));

        let open = search(query(|q| q.open_to_plus = true)).await;
        assert_eq!(names(&open), vec!["Nino Beridze"]);
        assert_eq!(count_of(&open.flags, "looking_now"), 0, "open to Plus and looking now: nobody");
        let looking = search(query(|q| q.looking_now = true)).await;
        assert_eq!(names(&looking), vec!["Claire Martin"]);
        assert_eq!(count_of(&looking.flags, "open_to_plus"), 0);
        assert_eq!(count_of(&search(PartnerQuery::default()).await.flags, "looking_now"), 1);

        // Unknown values are ignored with a notice, not a failure, and the other filters still apply.
        let odd = search(query(|q| {
            q.subject = "alchemy".into();
            q.countries = vec!["XX".into(), "FR".into()];
            q.programme = "erasmus".into();
            q.sort = "random()".into();
        }))
        .await;
        assert_eq!(names(&odd), vec!["Claire Martin", "Julien Bernard"], "{backend:?}");
        assert_eq!(odd.ignored.len(), 4, "{:?}", odd.ignored);
        assert!(odd.ignored.contains(&Ignored::UnknownValue { filter: "subject".into(), value: "alchemy".into() }));

        // Counts kept for a while are shared by every viewer, each still left out of their own counts.
        let cache = partners::CountCache::new(std::time::Duration::from_secs(60));
        let for_anna = partners::search(&db, Some(&cache), &anna, &PartnerQuery::default()).await.unwrap();
        let for_claire = partners::search(&db, Some(&cache), &claire, &PartnerQuery::default()).await.unwrap();
        assert_eq!((count_of(&for_anna.countries, "FR"), count_of(&for_anna.countries, "DE")), (2, 0), "{backend:?}");
        assert_eq!((count_of(&for_claire.countries, "FR"), count_of(&for_claire.countries, "DE")), (1, 1), "{backend:?}");
        assert_eq!((for_anna.total, for_claire.total), (3, 3));
        assert_eq!(count_of(&for_claire.subjects, "biology"), 1, "Claire's own biology is not counted for her");
        assert_eq!(count_of(&for_claire.flags, "looking_now"), 0);
        let claire_words = PartnerQuery { q: "claire".into(), ..Default::default() };
        assert_eq!(partners::search(&db, Some(&cache), &claire, &claire_words).await.unwrap().total, 0, "not even by her own name");

        // Recent activity: whoever did something last comes first.
        teachers::save_interests(&db, &julien, &InterestsForm { subjects: ticked(&["history"]), ..Default::default() }).await.unwrap();
        let recent = search(query(|q| q.sort = "recent".into())).await;
        assert_eq!(recent.results[0].display_name, "Julien Bernard", "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn text_search_finds_words_schools_and_prefixes_and_shrugs_off_hostile_input() {
    on_each_database(|db, backend| async move {
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let lucia = validated(&db, "Lucía Fernández", "ES").await;
        let school = app::schools::ssr::entity::ActiveModel {
            name: Set("Instituto Miguel de Cervantes".into()),
            name_key: Set("instituto miguel de cervantes".into()),
            country_code: Set("ES".into()),
            city: Set("Valencia".into()),
            city_key: Set("valencia".into()),
            kind: Set("upper_secondary".into()),
            confirmed: Set(true),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap();
        entity::ActiveModel { id: Set(lucia.id), school_id: Set(Some(school.id)), ..Default::default() }.update(&db).await.unwrap();
        let idea = InterestsForm { project_idea: "Rivers and WATER quality".into(), introduction: "Biodiversity of wetlands".into(), ..Default::default() };
        teachers::save_interests(&db, &lucia, &idea).await.unwrap();

        for (words, why) in [
            ("water", "a word of the project idea, any case"),
            ("wetlands", "a word of the introduction"),
            ("cervantes", "a word of the school's name"),
            ("valencia", "the school's town"),
            ("lucía", "the name"),
            ("fernández water", "words from two fields: every word must match"),
            ("biodiv", "the start of a word, as one types"),
            ("biodiver", "the start of a word longer than the prefixes SQLite indexes, spelled out as whole words"),
            ("cervant", "a name's start longer than the indexed prefixes"),
            ("fernánd", "a long start with an accent, left a prefix"),
            ("\"water\" -river*", "quotes, minus and star are separators, not operators"),
        ] {
            let found = partners::search(&db, None, &anna, &text(words)).await.unwrap();
            assert_eq!(names(&found), vec!["Lucía Fernández"], "{backend:?}: {why} ({words:?})");
        }
        assert_eq!(partners::search(&db, None, &anna, &text("water fire")).await.unwrap().total, 0, "{backend:?}: all words must match");
        // Common words take the other plans (by recent activity: rows first, or a list of the matches first on
        // SQLite): the same teachers come out.
        for hit_list in [0, u64::MAX] {
            let thresholds = partners::Thresholds { common: 0, hit_list };
            for words in ["water", "cervantes valencia", "biodiv", "biodiver", "lucía", "fernánd"] {
                let common = partners::search_with_thresholds(&db, None, &anna, &text(words), thresholds).await.unwrap();
                assert_eq!(names(&common), vec!["Lucía Fernández"], "{backend:?}: {words:?} as a common word, {thresholds:?}");
            }
        }
        for hostile in ["\"' OR 1=1 --", "water OR fire", "*", "-", "NEAR(a b)", "water:*", "a & | !b", "%_%", "\\", &"x".repeat(5000), "ab cd ef gh ij kl mn op qr st"] {
            let query = text(hostile);
            assert!(partners::search(&db, None, &anna, &query).await.is_ok(), "{backend:?}: {hostile:?}");
        }
        let punctuation = partners::search(&db, None, &anna, &text("\"*()-")).await.unwrap();
        assert_eq!(punctuation.ignored, vec![Ignored::NothingToSearch]);
        assert_eq!(punctuation.total, 1, "nothing to search for: everyone is shown");

        for n in 0..30 {
            validated(&db, &format!("Teacher {n:02}"), "IT").await;
        }
        let italy = |page: u32| PartnerQuery { countries: vec!["IT".into()], page, ..Default::default() };
        let first = partners::search(&db, None, &anna, &italy(1)).await.unwrap();
        assert_eq!((first.total, first.page, first.pages, first.results.len()), (30, 1, 2, 24), "{backend:?}");
        let second = partners::search(&db, None, &anna, &italy(2)).await.unwrap();
        assert_eq!(second.results.len(), 6);
        assert!(second.results.iter().all(|card| !first.results.contains(card)), "pages do not overlap");
        let beyond = partners::search(&db, None, &anna, &italy(99)).await.unwrap();
        assert!(beyond.results.is_empty());
        assert_eq!(beyond.total, 30);
        let teacher_prefix = partners::search(&db, None, &anna, &text("teach")).await.unwrap();
        assert_eq!(teacher_prefix.total, 30, "{backend:?}");
        let common = PartnerQuery { q: "teach".into(), page: 2, ..Default::default() };
        for hit_list in [0, u64::MAX] {
            let thresholds = partners::Thresholds { common: 10, hit_list };
            let second_common = partners::search_with_thresholds(&db, None, &anna, &common, thresholds).await.unwrap();
            assert_eq!((second_common.total, second_common.results.len()), (30, 6), "{backend:?}: paging works on every plan");
        }
    })
    .await;
}

#[tokio::test]
async fn suggestions_rank_teachers_abroad_by_shared_interests() {
    on_each_database(|db, backend| async move {
        let me = validated(&db, "Anna Schmidt", "DE").await;
        let close = validated(&db, "Claire Martin", "FR").await;
        let closer = validated(&db, "Giulia Romano", "IT").await;
        let compatriot = validated(&db, "Hans Weber", "DE").await;
        let contact = validated(&db, "Kadri Tamm", "EE").await;
        let unrelated = validated(&db, "João Silva", "PT").await;
        assert!(partners::suggestions(&db, &me).await.unwrap().is_empty(), "no interests yet, no suggestions");

        let mine = InterestsForm { subjects: ticked(&["biology", "history"]), age_ranges: ticked(&["from_12_to_15"]), languages: ticked(&["en"]), ..Default::default() };
        teachers::save_interests(&db, &me, &mine).await.unwrap();
        teachers::save_interests(&db, &close, &InterestsForm { subjects: ticked(&["biology"]), languages: ticked(&["en"]), ..Default::default() }).await.unwrap();
        teachers::save_interests(&db, &closer, &mine).await.unwrap();
        teachers::save_interests(&db, &compatriot, &mine).await.unwrap();
        teachers::save_interests(&db, &contact, &mine).await.unwrap();
        teachers::save_interests(&db, &unrelated, &InterestsForm { subjects: ticked(&["music"]), languages: ticked(&["en"]), ..Default::default() }).await.unwrap();
        teachers::send_request(&db, &me, contact.id, "", URL).await.unwrap();

        let suggested = partners::suggestions(&db, &me).await.unwrap();
        let order: Vec<_> = suggested.iter().map(|s| s.card.display_name.as_str()).collect();
        assert_eq!(order, vec!["Giulia Romano", "Claire Martin"], "{backend:?}: best match first; not compatriots, contacts or unrelated");
        assert_eq!(suggested[0].shared_subjects, vec!["biology", "history"]);
        assert_eq!(suggested[1].shared_languages, vec!["en"]);

        // Preferring France lifts Claire level with Giulia; the tie goes to the more recently active.
        let prefers_france = InterestsForm { preferred_countries: ticked(&["FR", "ZZ"]), ..mine.clone() };
        teachers::save_interests(&db, &me, &prefers_france).await.unwrap();
        assert_eq!(teachers::my_interests(&db, &me).await.unwrap().preferred_countries, vec!["FR"], "{backend:?}: unknown codes are dropped");
        teachers::save_interests(&db, &close, &InterestsForm { subjects: ticked(&["biology", "history"]), languages: ticked(&["en"]), ..Default::default() }).await.unwrap();
        let order: Vec<_> = partners::suggestions(&db, &me).await.unwrap().into_iter().map(|s| s.card.display_name).collect();
        assert_eq!(order, vec!["Claire Martin", "Giulia Romano"], "{backend:?}");
    })
    .await;
}

/// The per-account pace of partner searches: a burst, then a refusal that says to wait; each account has its
/// own; 0 switches it off (capacity benchmarks).
#[test]
fn each_account_searches_at_its_own_pace() {
    let pace = partners::SearchPace::new(60);
    for n in 0..partners::SearchPace::BURST {
        assert_eq!(pace.check(1), Ok(()), "search {n} of the burst");
    }
    assert_eq!(pace.check(1), Err(AppError::TooFast));
    assert_eq!(pace.check(2), Ok(()), "another account");
    let unlimited = partners::SearchPace::new(0);
    assert!((0..1000).all(|_| unlimited.check(1).is_ok()));
}

/// The server counts options from a copy of the index in memory (`partners::counts`); without a cache, search
/// counts in SQL. Both must give the same figures, for every kind of filter, and the copy must follow changes
/// made after it was loaded: interests saved, someone validated, suspended, a country changing programme.
#[tokio::test]
async fn counts_kept_in_memory_match_the_database_and_follow_its_changes() {
    // The cache keeps nothing: every search counts from the copy, which is loaded at the first.
    on_each_database(|db, backend| async move {
        counts_in_memory_follow_changes(db, backend, partners::CountCache::new(std::time::Duration::ZERO)).await;
    })
    .await;
}

/// On PostgreSQL the copy also keeps the matches of the commonest words (`partners::words`); here every word
/// counts as common, so every search whose words the copy knows is answered from memory, and must still give the
/// database's figures, before and after teachers' words change.
#[tokio::test]
async fn common_words_kept_in_memory_match_the_database_and_follow_its_changes() {
    on_each_database(|db, backend| async move {
        let kept = partners::CountCache::keeping_words_from(std::time::Duration::ZERO, 1);
        let kept = counts_in_memory_follow_changes(db, backend, kept).await;
        let expected = if backend == app::db::Backend::Postgres { "some" } else { "none" };
        assert_eq!(if kept.words_kept().await > 0 { "some" } else { "none" }, expected, "{backend:?}: words kept in memory");
    })
    .await;
}

async fn counts_in_memory_follow_changes(db: sea_orm::DatabaseConnection, backend: app::db::Backend, kept: partners::CountCache) -> partners::CountCache {
    {
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let julien = validated(&db, "Julien Bernard", "FR").await;
        let nino = validated(&db, "Nino Beridze", "GE").await;
        let marta = validated(&db, "Marta Rossi", "IT").await;
        let biology = InterestsForm {
            subjects: ticked(&["biology", "environment"]),
            age_ranges: ticked(&["from_12_to_15", "from_16_to_19"]),
            languages: ticked(&["fr", "en"]),
            looking_now: "on".into(),
            introduction: "A school garden and a biology club".into(),
            ..Default::default()
        };
        teachers::save_interests(&db, &claire, &biology).await.unwrap();
        teachers::save_interests(&db, &julien, &InterestsForm { subjects: ticked(&["history"]), languages: ticked(&["fr"]), ..Default::default() }).await.unwrap();
        teachers::save_interests(&db, &nino, &InterestsForm { subjects: ticked(&["biology"]), open_to_plus: "on".into(), ..Default::default() }).await.unwrap();

        let queries: Vec<PartnerQuery> = vec![
            PartnerQuery::default(),
            PartnerQuery { countries: vec!["FR".into(), "GE".into()], ..Default::default() },
            PartnerQuery { programme: "etwinning_plus".into(), ..Default::default() },
            PartnerQuery { subject: "biology".into(), language: "fr".into(), ..Default::default() },
            PartnerQuery { age: "from_16_to_19".into(), looking_now: true, ..Default::default() },
            PartnerQuery { open_to_plus: true, subject: "history".into(), ..Default::default() },
            text("biology"),
            text("gard"),
            text("school gard"),
            text("bi"),
            text("a biology"),
            PartnerQuery { q: "martin".into(), countries: vec!["FR".into()], ..Default::default() },
            text("nobody"),
        ];
        let sorted = |counts: &app::partners::Counts| {
            let mut counts = counts.clone();
            counts.sort();
            counts
        };
        let same = |moment: &'static str| {
            let (db, anna, kept, queries) = (db.clone(), anna.clone(), &kept, queries.clone());
            async move {
                for query in &queries {
                    let in_sql = partners::search(&db, None, &anna, query).await.unwrap();
                    let in_memory = partners::search(&db, Some(kept), &anna, query).await.unwrap();
                    let what = format!("{backend:?}, {moment}, {query:?}");
                    assert_eq!(in_memory.total, in_sql.total, "{what}");
                    assert_eq!(sorted(&in_memory.countries), sorted(&in_sql.countries), "{what}");
                    assert_eq!(in_memory.programmes, in_sql.programmes, "{what}");
                    assert_eq!((&in_memory.subjects, &in_memory.ages), (&in_sql.subjects, &in_sql.ages), "{what}");
                    assert_eq!((&in_memory.languages, &in_memory.flags), (&in_sql.languages, &in_sql.flags), "{what}");
                    assert_eq!(names(&in_memory), names(&in_sql), "{what}");
                }
            }
        };
        same("at first").await;
        let everyone = partners::search(&db, Some(&kept), &anna, &PartnerQuery::default()).await.unwrap();
        assert_eq!((everyone.total, count_of(&everyone.countries, "FR"), count_of(&everyone.subjects, "biology")), (4, 2, 2), "{backend:?}");

        // Changes after the copy was loaded reach it.
        // Marta's words change too: on PostgreSQL the counts read them from their own table (migration m0028).
        let marta_biology = InterestsForm { subjects: ticked(&["biology"]), looking_now: "on".into(), introduction: "Biology outdoors".into(), ..Default::default() };
        teachers::save_interests(&db, &marta, &marta_biology).await.unwrap();
        let paul = person(&db, "Paul Pending", "FR", "pending", "staff", "member").await;
        let css = person(&db, "Central Support", "BE", "validated", "staff", "css_moderator").await;
        let nso = person(&db, "Nina NSO", "FR", "validated", "staff", "nso_moderator").await;
        accounts::decide_validation(&db, &nso, paul.id, Decision::Validate, "", URL).await.unwrap();
        accounts::set_suspended(&db, &css, claire.id, true).await.unwrap();
        same("after interests, a validation and a suspension").await;
        let after = partners::search(&db, Some(&kept), &anna, &PartnerQuery::default()).await.unwrap();
        assert_eq!((after.total, count_of(&after.countries, "FR"), count_of(&after.subjects, "biology")), (4, 2, 2), "{backend:?}: Paul in, Claire out, Marta's biology");
        assert_eq!(count_of(&after.flags, "looking_now"), 1, "{backend:?}: Marta looks now, Claire is gone");
        let words = partners::search(&db, Some(&kept), &anna, &text("biology")).await.unwrap();
        assert_eq!(names(&words), vec!["Marta Rossi"], "{backend:?}: Marta's new words found, Claire's gone with her");
        assert_eq!(words.total, 1, "{backend:?}");

        assert_eq!(kept.copies_loaded(), 1, "{backend:?}: changes to a few teachers are applied, not read whole again");

        // A country moving programme changes every row of it: the copy is read again, once.
        partners::index::set_programme(&db, "IT", true).await.unwrap();
        same("after Italy moved to eTwinning Plus").await;
        assert_eq!(kept.copies_loaded(), 2, "{backend:?}: read whole again once, not at every count after");
        let plus = partners::search(&db, Some(&kept), &anna, &PartnerQuery { programme: "etwinning_plus".into(), ..Default::default() }).await.unwrap();
        assert_eq!(names(&plus), vec!["Marta Rossi", "Nino Beridze"], "{backend:?}");
        assert_eq!(plus.total, 2);
    }
    kept
}
