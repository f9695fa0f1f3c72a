//! Groups on both databases: who sees them (never pupils, nor teachers waiting for validation), proposals and
//! their review by the right support organisation, the three ways in (open, on request, by invitation), who
//! reads and posts in the forum, pinned resources, the last moderator, the directory's filters, reports on group
//! posts (reviewed by the group's moderators, who hide, and support staff, who decide the rest), and hostile
//! input refused with nothing stored.
use crate::support;

use app::{
    error::{AppError, Problem},
    groups::{GroupFilter, GroupForm, GroupStatus, Membership, ssr as groups, ssr::Invitee},
    moderation::{ReportStatus, ssr as moderation},
    notifications::ssr as notifications,
    twinspace::ContentMark,
};
use chrono::Utc;
use support::{contacts, group_form, on_each_database, person, validated};

fn invalid(field: &str, problem: Problem) -> AppError {
    AppError::Invalid { field: Some(field.into()), problem }
}

fn any() -> GroupFilter {
    GroupFilter::default()
}

#[tokio::test]
async fn a_proposal_opens_once_its_country_approves_and_only_teachers_see_groups() {
    on_each_database(|db, backend| async move {
        let nso_fr = person(&db, "Nathalie Moreau", "FR", "validated", "staff", "nso_moderator").await;
        let nso_it = person(&db, "Marta Bianchi", "IT", "validated", "staff", "nso_moderator").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let pupil = person(&db, "Emma", "FR", "validated", "pupil", "member").await;
        let waiting = person(&db, "Paul Petit", "FR", "pending", "staff", "member").await;
        let now = Utc::now();

        // Hostile forms are refused with a message on the field, and nothing is stored.
        let cases = [
            (group_form("   ", "open"), invalid("name", Problem::Required)),
            (group_form(&"x".repeat(121), "open"), invalid("name", Problem::TooLong { max: 120 })),
            (group_form("Climate\r\nBcc: everyone", "open"), invalid("name", Problem::TextCharacters)),
            (GroupForm { subject: "astrology".into(), ..group_form("A", "open") }, invalid("subject", Problem::ChooseSubject)),
            (GroupForm { language: "xx".into(), ..group_form("A", "open") }, invalid("language", Problem::ChooseLanguage)),
            (GroupForm { country: "ZZ".into(), ..group_form("A", "open") }, invalid("country", Problem::ChooseCountry)),
            (group_form("A", "everyone-but-moderators"), invalid("access", Problem::ChooseGroupAccess)),
            (GroupForm { description: "\u{0}".into(), ..group_form("A", "open") }, invalid("description", Problem::TextCharacters)),
            (GroupForm { annual_theme: Some("1999".into()), ..group_form("A", "open") }, invalid("annual_theme", Problem::ChooseTheme)),
        ];
        for (hostile, expected) in cases {
            assert_eq!(groups::create(&db, &claire, &hostile, now).await, Err(expected), "{backend:?}");
        }
        assert!(groups::directory(&db, &claire, &any()).await.unwrap().mine.is_empty(), "nothing stored ({backend:?})");
        // Pupils and people waiting for validation neither create nor see groups.
        for outsider in [&pupil, &waiting] {
            assert_eq!(groups::create(&db, outsider, &group_form("Mine", "open"), now).await, Err(AppError::Forbidden));
            assert_eq!(groups::directory(&db, outsider, &any()).await.unwrap_err(), AppError::NotFound);
        }

        // Claire proposes a group: hidden from other teachers and from Italy's organisation until France decides.
        let id = groups::create(&db, &claire, &group_form("Climate in every subject", "open"), now).await.unwrap();
        let own = groups::group(&db, &claire, id).await.unwrap();
        assert_eq!((own.card.status, own.card.membership), (GroupStatus::Proposed, Some(Membership::Moderator)));
        assert!(!own.may_read && !own.may_review, "{backend:?}");
        for other in [&giulia, &nso_it] {
            assert_eq!(groups::group(&db, other, id).await.unwrap_err(), AppError::NotFound, "{backend:?}");
            assert_eq!(groups::join(&db, other, id, now).await, Err(AppError::NotFound));
            assert!(groups::directory(&db, other, &any()).await.unwrap().groups.is_empty());
        }
        assert_eq!(groups::review(&db, &nso_it, id, true, now).await, Err(AppError::NotFound));
        assert_eq!(groups::review(&db, &claire, id, true, now).await, Err(AppError::Forbidden), "a proposer does not approve their own");
        let waiting_for_france = groups::directory(&db, &nso_fr, &any()).await.unwrap().proposals;
        assert_eq!(waiting_for_france.iter().map(|g| g.id).collect::<Vec<_>>(), vec![id], "{backend:?}");
        assert!(groups::directory(&db, &nso_it, &any()).await.unwrap().proposals.is_empty());

        groups::review(&db, &nso_fr, id, true, now).await.unwrap();
        assert_eq!(groups::review(&db, &nso_fr, id, false, now).await, Err(invalid("group", Problem::AlreadyDecided)));
        let told = notifications::centre(&db, &claire).await.unwrap();
        assert_eq!(told.notifications[0].event, "group_approved", "{backend:?}");
        assert_eq!(told.notifications[0].link, format!("/groups/{id}"));

        // Open: Giulia joins at once, reads and writes; the pupil still sees nothing.
        assert_eq!(groups::directory(&db, &giulia, &any()).await.unwrap().groups.len(), 1);
        groups::join(&db, &giulia, id, now).await.unwrap();
        groups::join(&db, &giulia, id, now).await.unwrap();
        let seen = groups::group(&db, &giulia, id).await.unwrap();
        assert_eq!((seen.card.members, seen.card.membership, seen.may_post), (2, Some(Membership::Member), true), "{backend:?}");
        let thread = groups::start_thread(&db, &giulia, id, "Air quality", "Who measures it with pupils?", now).await.unwrap();
        groups::reply(&db, &claire, thread, "We do, every spring.", now).await.unwrap();
        let read = groups::thread(&db, &claire, id, thread).await.unwrap();
        assert_eq!(read.posts.iter().map(|p| p.author.as_str()).collect::<Vec<_>>(), ["Giulia Romano", "Claire Martin"]);
        assert_eq!(groups::group(&db, &claire, id).await.unwrap().threads[0].replies, 1);
        assert_eq!(groups::thread(&db, &pupil, id, thread).await.unwrap_err(), AppError::NotFound);
        assert_eq!(groups::reply(&db, &pupil, thread, "hi", now).await, Err(AppError::NotFound));
        // A thread is read through its own group only.
        let other = groups::create(&db, &nso_fr, &group_form("Another group", "invitation"), now).await.unwrap();
        assert_eq!(groups::thread(&db, &claire, other, thread).await.unwrap_err(), AppError::NotFound, "{backend:?}");
        // Hostile posts store nothing.
        assert_eq!(groups::reply(&db, &giulia, thread, "  ", now).await, Err(invalid("body", Problem::Required)));
        assert_eq!(groups::reply(&db, &giulia, thread, &"x".repeat(10_001), now).await, Err(invalid("body", Problem::TooLong { max: 10_000 })));
        assert_eq!(groups::start_thread(&db, &giulia, id, "Two\nlines", "text", now).await, Err(invalid("title", Problem::TextCharacters)));
        assert_eq!(groups::thread(&db, &claire, id, thread).await.unwrap().posts.len(), 2);

        // The last moderator names another before leaving; then leaving works.
        assert_eq!(groups::leave(&db, &claire, id).await, Err(invalid("group", Problem::LastGroupModerator)), "{backend:?}");
        assert_eq!(groups::make_moderator(&db, &giulia, id, claire.id).await, Err(AppError::Forbidden), "members do not name moderators");
        groups::make_moderator(&db, &claire, id, giulia.id).await.unwrap();
        groups::leave(&db, &claire, id).await.unwrap();
        assert_eq!(groups::group(&db, &claire, id).await.unwrap().card.membership, None);
    })
    .await;
}

#[tokio::test]
async fn requests_invitations_resources_and_the_directory() {
    on_each_database(|db, backend| async move {
        let css = person(&db, "Central Support", "BE", "validated", "staff", "css_moderator").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let stranger = validated(&db, "Jan Novak", "CZ").await;
        contacts(&db, &claire, &anna).await;
        let now = Utc::now();

        // The Central Support Service's groups are open at once. A request to a group without a moderator reaches
        // its creator, who makes Claire its moderator.
        let request = groups::create(&db, &css, &GroupForm { subject: "foreign_languages".into(), language: "fr".into(), ..group_form("Français langue étrangère", "request") }, now)
            .await
            .unwrap();
        let invitation = groups::create(&db, &css, &GroupForm { country: "fr".into(), ..group_form("Heads of French schools", "invitation") }, now).await.unwrap();
        groups::join(&db, &claire, request, now).await.unwrap();
        assert_eq!(groups::group(&db, &claire, request).await.unwrap().card.membership, Some(Membership::Requested), "{backend:?}");
        assert_eq!(notifications::centre(&db, &css).await.unwrap().notifications[0].event, "group_request");
        let for_css = groups::group(&db, &css, request).await.unwrap();
        assert!(for_css.manages && for_css.may_read);
        assert_eq!(for_css.requests.iter().map(|p| p.account_id).collect::<Vec<_>>(), vec![claire.id]);
        groups::answer_request(&db, &css, request, claire.id, true, now).await.unwrap();
        groups::make_moderator(&db, &css, request, claire.id).await.unwrap();
        assert_eq!(notifications::centre(&db, &claire).await.unwrap().notifications[0].event, "group_welcome");

        // On request: Giulia asks; until Claire answers she reads nothing and posts nothing; Claire hears of it.
        groups::join(&db, &giulia, request, now).await.unwrap();
        let asked = groups::group(&db, &giulia, request).await.unwrap();
        assert!(!asked.may_read && asked.threads.is_empty() && asked.members.is_empty(), "{backend:?}");
        assert_eq!(groups::start_thread(&db, &giulia, request, "Hello", "Text", now).await, Err(AppError::NotFound));
        assert_eq!(groups::answer_request(&db, &giulia, request, giulia.id, true, now).await, Err(AppError::Forbidden));
        assert_eq!(notifications::centre(&db, &claire).await.unwrap().notifications[0].event, "group_request");
        groups::answer_request(&db, &claire, request, giulia.id, false, now).await.unwrap();
        assert_eq!(groups::group(&db, &giulia, request).await.unwrap().card.membership, None, "declined ({backend:?})");
        assert_eq!(groups::answer_request(&db, &claire, request, giulia.id, true, now).await, Err(AppError::NotFound));

        // By invitation: asking is refused; a teacher moderator invites contacts only; the invited teacher accepts.
        assert_eq!(groups::join(&db, &anna, invitation, now).await, Err(invalid("group", Problem::GroupByInvitation)));
        assert_eq!(groups::invite(&db, &claire, request, Invitee::Contact(stranger.id), now).await, Err(invalid("account", Problem::NotAContact)), "{backend:?}");
        assert_eq!(groups::invite(&db, &claire, request, Invitee::Address("jan.novak@school.eu"), now).await, Err(AppError::Forbidden), "by address: support staff only");
        let invitable = groups::group(&db, &claire, request).await.unwrap().invitable;
        assert_eq!(invitable.iter().map(|p| p.account_id).collect::<Vec<_>>(), vec![anna.id]);
        groups::invite(&db, &claire, request, Invitee::Contact(anna.id), now).await.unwrap();
        assert_eq!(groups::invite(&db, &claire, request, Invitee::Contact(anna.id), now).await, Err(invalid("account", Problem::AlreadyInvited)));
        let directory = groups::directory(&db, &anna, &any()).await.unwrap();
        assert_eq!(directory.invitations.iter().map(|g| g.id).collect::<Vec<_>>(), vec![request], "{backend:?}");
        assert_eq!(notifications::centre(&db, &anna).await.unwrap().notifications[0].event, "group_invited");
        groups::join(&db, &anna, request, now).await.unwrap();
        assert_eq!(groups::group(&db, &anna, request).await.unwrap().card.membership, Some(Membership::Member));
        assert_eq!(groups::invite(&db, &claire, request, Invitee::Contact(anna.id), now).await, Err(invalid("account", Problem::AlreadyMember)));
        // The support service's invitation-only group has no moderator yet: the service invites by address.
        assert!(groups::group(&db, &css, invitation).await.unwrap().invites_by_address);
        assert_eq!(groups::invite(&db, &css, invitation, Invitee::Address("nobody@school.eu"), now).await, Err(invalid("email", Problem::NoTeacherWithAddress)));
        assert_eq!(groups::invite(&db, &css, invitation, Invitee::Address("central.support@school.eu"), now).await, Err(invalid("email", Problem::NoTeacherWithAddress)), "staff are no teachers");
        groups::invite(&db, &css, invitation, Invitee::Address(" Jan.Novak@school.eu "), now).await.unwrap();
        groups::join(&db, &stranger, invitation, now).await.unwrap();
        groups::make_moderator(&db, &css, invitation, stranger.id).await.unwrap();
        assert_eq!(groups::group(&db, &stranger, invitation).await.unwrap().card.membership, Some(Membership::Moderator), "{backend:?}");

        // Pinned resources: moderators only, whole web addresses only, removed by a moderator of this group.
        assert_eq!(groups::pin(&db, &anna, request, "Songs", "https://example.org/songs", now).await, Err(AppError::Forbidden));
        for hostile in ["javascript:alert(1)", "https://example.org/\"><script>", "ftp://example.org/x", "/groups/1"] {
            assert_eq!(groups::pin(&db, &claire, request, "Songs", hostile, now).await, Err(invalid("url", Problem::WebAddress)), "{hostile} ({backend:?})");
        }
        let pinned = groups::pin(&db, &claire, request, "Songs for beginners", "https://example.org/songs", now).await.unwrap();
        assert_eq!(groups::group(&db, &anna, request).await.unwrap().resources.iter().map(|r| r.url.as_str()).collect::<Vec<_>>(), ["https://example.org/songs"]);
        assert_eq!(groups::unpin(&db, &claire, invitation, pinned).await, Err(AppError::Forbidden), "not her group");
        assert_eq!(groups::unpin(&db, &css, invitation, pinned).await, Err(AppError::NotFound), "another group's resource");
        groups::unpin(&db, &claire, request, pinned).await.unwrap();
        assert!(groups::group(&db, &anna, request).await.unwrap().resources.is_empty());

        // The directory: filters by subject, language and country; unknown values are refused.
        let by = |subject: &str, language: &str, country: &str| GroupFilter { subject: subject.into(), language: language.into(), country: country.into() };
        let names = |d: app::groups::GroupDirectory| d.groups.into_iter().map(|g| g.name).collect::<Vec<_>>();
        assert_eq!(names(groups::directory(&db, &giulia, &any()).await.unwrap()), ["Français langue étrangère", "Heads of French schools"], "{backend:?}");
        assert_eq!(names(groups::directory(&db, &giulia, &by("foreign_languages", "", "")).await.unwrap()), ["Français langue étrangère"]);
        assert_eq!(names(groups::directory(&db, &giulia, &by("", "en", "")).await.unwrap()), ["Heads of French schools"]);
        // A country: its own groups and those for every country.
        assert_eq!(names(groups::directory(&db, &giulia, &by("", "", "FR")).await.unwrap()), ["Français langue étrangère", "Heads of French schools"]);
        assert_eq!(names(groups::directory(&db, &giulia, &by("", "", "IT")).await.unwrap()), ["Français langue étrangère"]);
        assert!(groups::directory(&db, &giulia, &by("environment", "fr", "")).await.unwrap().groups.is_empty());
        assert_eq!(groups::directory(&db, &giulia, &by("' OR 1=1 --", "", "")).await.unwrap_err(), invalid("subject", Problem::ChooseSubject));
        assert_eq!(groups::directory(&db, &giulia, &by("", "", "XX")).await.unwrap_err(), invalid("country", Problem::ChooseCountry));
        let counted = groups::directory(&db, &giulia, &by("foreign_languages", "", "")).await.unwrap().groups;
        assert_eq!(counted[0].members, 2, "Claire and Anna ({backend:?})");
        // A suspended member is neither counted nor listed.
        use sea_orm::{ActiveModelTrait, Set};
        app::accounts::ssr::entity::ActiveModel { id: Set(anna.id), status: Set("suspended".into()), ..Default::default() }.update(&db).await.unwrap();
        let view = groups::group(&db, &claire, request).await.unwrap();
        assert_eq!((view.card.members, view.members.len()), (1, 1), "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn a_reported_group_post_reaches_the_groups_moderators_who_hide_and_support_staff_who_decide() {
    const URL: &str = "https://opentwin.example";
    on_each_database(|db, backend| async move {
        let nso_fr = person(&db, "Nathalie Moreau", "FR", "validated", "staff", "nso_moderator").await;
        let nso_de = person(&db, "Dieter Krause", "DE", "validated", "staff", "nso_moderator").await;
        let nso_it = person(&db, "Marta Bianchi", "IT", "validated", "staff", "nso_moderator").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let pupil = person(&db, "Emma", "FR", "validated", "pupil", "member").await;
        let store = support::store();
        let now = Utc::now();
        let group = groups::create(&db, &claire, &group_form("Climate in every subject", "open"), now).await.unwrap();
        groups::review(&db, &nso_fr, group, true, now).await.unwrap();
        for teacher in [&giulia, &anna] {
            groups::join(&db, teacher, group, now).await.unwrap();
        }
        let thread = groups::start_thread(&db, &giulia, group, "Planting trees", "Who plants with their class?", now).await.unwrap();
        let rude = groups::reply(&db, &anna, thread, "Only fools plant trees.", now).await.unwrap();
        let own = groups::reply(&db, &claire, thread, "We do, every spring.", now).await.unwrap();
        let ids = |q: app::moderation::QueueView| q.items.into_iter().map(|i| i.target_id).collect::<Vec<_>>();

        // Only those who read the post report it; a pupil never reaches it; unknown kinds are not found.
        assert_eq!(moderation::file(&db, &pupil, "group_post", rude, "bullying", "", URL).await, Err(AppError::NotFound), "{backend:?}");
        assert_eq!(moderation::file(&db, &giulia, "group_post", 999_999, "bullying", "", URL).await, Err(AppError::NotFound));
        let report = moderation::file(&db, &giulia, "group_post", rude, "bullying", "", URL).await.unwrap();
        moderation::file(&db, &giulia, "group_post", own, "spam", "", URL).await.unwrap();

        // Routed to the group's moderator (not for her own post), the support organisation overseeing the group
        // (France) and the author's (Germany); not to the reporter's country.
        assert_eq!(ids(moderation::queue(&db, &claire, ReportStatus::Open, None).await.unwrap()), vec![rude], "{backend:?}");
        assert_eq!(notifications::centre(&db, &claire).await.unwrap().notifications[0].event, "group_report");
        assert_eq!(ids(moderation::queue(&db, &nso_fr, ReportStatus::Open, None).await.unwrap()), vec![rude, own]);
        assert_eq!(ids(moderation::queue(&db, &nso_de, ReportStatus::Open, None).await.unwrap()), vec![rude]);
        assert!(ids(moderation::queue(&db, &nso_it, ReportStatus::Open, None).await.unwrap()).is_empty(), "{backend:?}");
        let item = moderation::queue(&db, &claire, ReportStatus::Open, None).await.unwrap().items.remove(0);
        assert!(item.only_hides && item.may_act_on_content && !item.may_act_on_person, "{backend:?}");
        assert_eq!(item.group_name.as_deref(), Some("Climate in every subject"));

        // The group's moderator hides but neither dismisses nor deletes (a friend's post could otherwise vanish
        // from the queue); support staff do the rest.
        for action in ["dismiss", "delete", "warn"] {
            assert_eq!(moderation::decide(&db, &store, &claire, report, action, "No", None).await.unwrap_err(), AppError::Forbidden, "{action} ({backend:?})");
        }
        moderation::decide(&db, &store, &claire, report, "hide", "Please stay kind.", None).await.unwrap();
        let for_giulia = groups::thread(&db, &giulia, group, thread).await.unwrap();
        assert!(!for_giulia.posts.iter().any(|p| p.id == rude), "gone for the members ({backend:?})");
        let for_anna = groups::thread(&db, &anna, group, thread).await.unwrap();
        let seen = for_anna.posts.iter().find(|p| p.id == rude).unwrap();
        assert_eq!(seen.mark, ContentMark::Hidden { reason: "Please stay kind.".into() }, "its author reads why");
        assert!(groups::thread(&db, &claire, group, thread).await.unwrap().posts.iter().any(|p| p.id == rude && p.mark != ContentMark::Visible));
        assert_eq!(moderation::file(&db, &giulia, "group_post", rude, "spam", "", URL).await, Err(AppError::NotFound), "hidden: not there to report");
        assert_eq!(moderation::decide(&db, &store, &claire, report, "restore", "", None).await.unwrap_err(), AppError::Forbidden);
        // France's organisation brings it back.
        moderation::decide(&db, &store, &nso_fr, report, "restore", "", None).await.unwrap();
        assert!(groups::thread(&db, &giulia, group, thread).await.unwrap().posts.iter().any(|p| p.id == rude && p.mark == ContentMark::Visible));

        // A hidden opening post hides its thread (the title may be what was reported): gone from the group's
        // page and its address, and no more replies; its author still sees it. Deleting it deletes the thread.
        let opening = groups::thread(&db, &giulia, group, thread).await.unwrap().posts[0].id;
        let on_opening = moderation::file(&db, &anna, "group_post", opening, "other", "Off topic", URL).await.unwrap();
        moderation::decide(&db, &store, &claire, on_opening, "hide", "Off topic here.", None).await.unwrap();
        assert!(groups::group(&db, &anna, group).await.unwrap().threads.is_empty(), "{backend:?}");
        assert_eq!(groups::thread(&db, &anna, group, thread).await.unwrap_err(), AppError::NotFound);
        assert_eq!(groups::reply(&db, &anna, thread, "Still here?", now).await, Err(AppError::NotFound));
        assert_eq!(groups::reply(&db, &giulia, thread, "Still here?", now).await, Err(AppError::Forbidden), "its author sees it, closed");
        assert_eq!(groups::group(&db, &claire, group).await.unwrap().threads.len(), 1, "the moderator still sees it");
        // Restored by France, reported again, deleted by the Central Support Service: a reply first, then the
        // opening post with its thread.
        moderation::decide(&db, &store, &nso_fr, on_opening, "restore", "", None).await.unwrap();
        assert_eq!(groups::thread(&db, &anna, group, thread).await.unwrap().posts.len(), 3, "{backend:?}");
        let css = person(&db, "Central Support", "BE", "validated", "staff", "css_moderator").await;
        let on_own = moderation::queue(&db, &css, ReportStatus::Open, None).await.unwrap().items.into_iter().find(|i| i.target_id == own).unwrap().id;
        moderation::decide(&db, &store, &css, on_own, "delete", "Advertising.", None).await.unwrap();
        assert_eq!(groups::thread(&db, &anna, group, thread).await.unwrap().posts.len(), 2, "{backend:?}");
        let again = moderation::file(&db, &anna, "group_post", opening, "other", "Still off topic", URL).await.unwrap();
        moderation::decide(&db, &store, &css, again, "delete", "Removed.", None).await.unwrap();
        assert_eq!(groups::thread(&db, &claire, group, thread).await.unwrap_err(), AppError::NotFound, "deleted with its thread ({backend:?})");
        // The reports stay, as evidence, with the text as it was reported.
        let decided = moderation::queue(&db, &css, ReportStatus::Actioned, None).await.unwrap().items;
        assert!(decided.iter().any(|i| i.target_id == opening && i.gone && i.snapshot.as_deref() == Some("Planting trees\nWho plants with their class?")), "{backend:?}");

        // Authors delete their own posts, never others'; a reported post stays until the moderators decide; an
        // opening post goes with its thread only while nobody else has replied.
        let seeds = groups::start_thread(&db, &anna, group, "Seeds", "Who swaps seeds?", now).await.unwrap();
        let answer = groups::reply(&db, &giulia, seeds, "We do.", now).await.unwrap();
        let opening = groups::thread(&db, &anna, group, seeds).await.unwrap().posts[0].id;
        assert_eq!(groups::delete_own_post(&db, &anna, answer).await, Err(AppError::Forbidden), "{backend:?}");
        assert_eq!(groups::delete_own_post(&db, &anna, opening).await, Err(AppError::Forbidden), "Giulia has replied");
        assert!(!groups::thread(&db, &anna, group, seeds).await.unwrap().posts[0].may_delete);
        assert_eq!(groups::delete_own_post(&db, &pupil, answer).await, Err(AppError::NotFound));
        moderation::file(&db, &anna, "group_post", answer, "spam", "", URL).await.unwrap();
        assert_eq!(groups::delete_own_post(&db, &giulia, answer).await, Err(AppError::form(Problem::UnderReview)), "evidence ({backend:?})");
        let second = groups::reply(&db, &giulia, seeds, "Tomatoes too.", now).await.unwrap();
        assert_eq!(groups::delete_own_post(&db, &giulia, second).await, Ok(None));
        assert_eq!(groups::thread(&db, &anna, group, seeds).await.unwrap().posts.len(), 2, "{backend:?}");
        let typo = groups::start_thread(&db, &giulia, group, "Typo", "Oops", now).await.unwrap();
        let typo_opening = groups::thread(&db, &giulia, group, typo).await.unwrap().posts[0].id;
        assert_eq!(groups::delete_own_post(&db, &giulia, typo_opening).await, Ok(Some(group)));
        assert_eq!(groups::thread(&db, &giulia, group, typo).await.unwrap_err(), AppError::NotFound, "{backend:?}");

        // Authors correct their own posts, which then say so; never others', nor one under review; hostile text is
        // refused and the post stays as it was.
        let fixed = groups::edit_own_post(&db, &anna, opening, "Who swaps seeds this spring?", now).await;
        assert_eq!(fixed, Ok((group, seeds)), "{backend:?}");
        let posts = groups::thread(&db, &giulia, group, seeds).await.unwrap().posts;
        assert_eq!((posts[0].body.as_str(), posts[0].edited, posts[0].may_edit), ("Who swaps seeds this spring?", true, false));
        assert!(groups::thread(&db, &anna, group, seeds).await.unwrap().posts[0].may_edit);
        assert_eq!(groups::edit_own_post(&db, &giulia, opening, "Mine now", now).await, Err(AppError::Forbidden));
        assert_eq!(groups::edit_own_post(&db, &pupil, opening, "Mine now", now).await, Err(AppError::NotFound));
        assert_eq!(groups::edit_own_post(&db, &anna, 999_999, "Nothing", now).await, Err(AppError::NotFound));
        assert_eq!(groups::edit_own_post(&db, &giulia, answer, "We never did.", now).await, Err(AppError::form(Problem::UnderReview)), "evidence");
        assert_eq!(groups::edit_own_post(&db, &anna, opening, "  ", now).await, Err(invalid("body", Problem::Required)));
        assert_eq!(groups::edit_own_post(&db, &anna, opening, "a\u{0}b", now).await, Err(invalid("body", Problem::TextCharacters)));
        let kept = groups::thread(&db, &anna, group, seeds).await.unwrap().posts;
        assert_eq!(kept[0].body, "Who swaps seeds this spring?", "{backend:?}");
        assert!(!kept[1].edited && !kept[1].may_edit, "Giulia's reply: not Anna's to edit");
    })
    .await;
}

/// A busy forum lists its threads `THREADS_SHOWN` a page, latest activity first: each thread on exactly one page,
/// a reply brings an old thread to the top, far past the end is empty.
#[tokio::test]
async fn a_busy_forum_lists_its_threads_a_page_at_a_time_latest_activity_first() {
    use app::groups::THREADS_SHOWN;
    on_each_database(|db, backend| async move {
        let nso_fr = person(&db, "Nathalie Moreau", "FR", "validated", "staff", "nso_moderator").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let start = Utc::now();
        let group = groups::create(&db, &claire, &group_form("Climate in every subject", "open"), start).await.unwrap();
        groups::review(&db, &nso_fr, group, true, start).await.unwrap();
        let total = 2 * THREADS_SHOWN + 5;
        let mut started = Vec::new();
        for n in 0..total {
            let at = start + chrono::Duration::seconds(n as i64);
            started.push(groups::start_thread(&db, &claire, group, &format!("Thread {n}"), "Opening", at).await.unwrap());
        }
        // A reply to the oldest thread brings it to the top of page 1.
        groups::join(&db, &giulia, group, start).await.unwrap();
        groups::reply(&db, &giulia, started[0], "Still measuring", start + chrono::Duration::hours(1)).await.unwrap();

        let mut listed = Vec::new();
        for page in 1..=3 {
            let view = groups::group_with_threads_page(&db, &giulia, group, page).await.unwrap();
            assert_eq!((view.threads_page, view.more_threads), (page, page < 3), "{backend:?} page {page}");
            listed.extend(view.threads.into_iter().map(|t| t.id));
        }
        let mut expected = vec![started[0]];
        expected.extend(started[1..].iter().rev());
        assert_eq!(listed, expected, "every thread once, latest activity first ({backend:?})");
        let first = groups::group(&db, &giulia, group).await.unwrap();
        assert_eq!((first.threads.len() as u64, first.threads[0].replies), (THREADS_SHOWN, 1), "{backend:?}");
        let past = groups::group_with_threads_page(&db, &giulia, group, 40).await.unwrap();
        assert!(past.threads.is_empty() && !past.more_threads, "{backend:?}");
    })
    .await;
}

/// A long discussion is read a page at a time (`THREAD_PAGE` posts, oldest first): every post is on exactly one
/// page, in order; a post far down the thread can still be reported; the opening post still speaks for every page
/// (hidden, the whole thread is gone); far past the end is simply empty.
#[tokio::test]
async fn a_long_thread_is_read_a_page_at_a_time() {
    const URL: &str = "https://opentwin.example";
    use app::groups::THREAD_PAGE;
    on_each_database(|db, backend| async move {
        let nso_fr = person(&db, "Nathalie Moreau", "FR", "validated", "staff", "nso_moderator").await;
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let store = support::store();
        let now = Utc::now();
        let group = groups::create(&db, &claire, &group_form("Climate in every subject", "open"), now).await.unwrap();
        groups::review(&db, &nso_fr, group, true, now).await.unwrap();
        groups::join(&db, &giulia, group, now).await.unwrap();
        let thread = groups::start_thread(&db, &claire, group, "A year of measurements", "Post 0", now).await.unwrap();
        let total = 2 * THREAD_PAGE + 30;
        let mut last = 0;
        for n in 1..total {
            let author = if n % 2 == 0 { &claire } else { &giulia };
            last = groups::reply(&db, author, thread, &format!("Post {n}"), now).await.unwrap();
        }

        let mut read = Vec::new();
        for page in 1..=3 {
            let view = groups::thread_page(&db, &giulia, group, thread, page).await.unwrap();
            assert_eq!((view.page, view.more), (page, page < 3), "{backend:?} page {page}");
            read.extend(view.posts.into_iter().map(|p| p.body));
        }
        let expected: Vec<String> = (0..total).map(|n| format!("Post {n}")).collect();
        assert_eq!(read, expected, "every post once, in order ({backend:?})");
        assert!(groups::thread_page(&db, &giulia, group, thread, 50).await.unwrap().posts.is_empty(), "{backend:?}");
        // The opening post is on page 1 only, and its author may no longer delete it: others answered.
        let first = groups::thread(&db, &claire, group, thread).await.unwrap();
        assert!(!first.posts[0].may_delete, "{backend:?}");

        // A post's address names the page that holds it (a reply lands there; the review queue links to it).
        let opening = first.posts[0].id;
        assert_eq!(groups::address_of_post(&db, opening).await.unwrap(), format!("/groups/{group}/threads/{thread}#post-{opening}"));
        assert_eq!(groups::address_of_post(&db, last).await.unwrap(), format!("/groups/{group}/threads/{thread}?page=3#post-{last}"), "{backend:?}");
        // The last post, on page 3, is reported like any other, and the queue links to its page.
        moderation::file(&db, &claire, "group_post", last, "spam", "", URL).await.unwrap();
        let queued = moderation::queue(&db, &nso_fr, ReportStatus::Open, None).await.unwrap().items.remove(0);
        let link = queued.link.unwrap_or_default();
        assert!(link.ends_with(&format!("?page=3#post-{last}")), "{backend:?}: {link}");
        // A hidden opening post hides every page of its thread.
        let report = moderation::file(&db, &giulia, "group_post", opening, "other", "Off topic", URL).await.unwrap();
        moderation::decide(&db, &store, &nso_fr, report, "hide", "Off topic here.", None).await.unwrap();
        for page in 1..=3 {
            assert_eq!(groups::thread_page(&db, &giulia, group, thread, page).await.unwrap_err(), AppError::NotFound, "{backend:?} page {page}");
        }
    })
    .await;
}
