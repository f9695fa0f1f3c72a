//! Private messages on both databases: contacts write to each other, unread counts, reading, blocks, who may not
//! write at all, hostile input, and reports that reach the support organisation and hide a message.
use crate::support;

use app::{
    error::{AppError, Problem},
    messages::{Closed, ssr as messages},
    moderation::{ReportKind, ReportStatus, ssr as moderation},
};
use support::{contacts, on_each_database, person, store, validated};

#[tokio::test]
async fn contacts_write_to_each_other_and_see_what_is_unread() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        contacts(&db, &claire, &giulia).await;
        contacts(&db, &claire, &anna).await;

        // Before anyone writes: no conversations, both contacts offered.
        let inbox = messages::inbox(&db, &claire).await.unwrap();
        assert!(inbox.conversations.is_empty(), "{backend:?}");
        assert_eq!(inbox.contacts.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(), ["Anna Schmidt", "Giulia Romano"]);
        let empty = page(&db, &claire, giulia.id, None).await;
        assert!(empty.messages.is_empty() && empty.may_write, "{backend:?}");

        let (conversation, first) = messages::send(&db, &claire, giulia.id, "  Ciao Giulia! Shall we plan the rivers project?  ").await.unwrap();
        let (same, _) = messages::send(&db, &giulia, claire.id, "Yes, gladly.\nNext week?").await.unwrap();
        assert_eq!(conversation, same, "one conversation a pair, whoever writes first ({backend:?})");
        messages::send(&db, &giulia, claire.id, "Tuesday suits me.").await.unwrap();

        // Claire has two unread, in the list and in the header; her own message is not unread for her.
        let inbox = messages::inbox(&db, &claire).await.unwrap();
        assert_eq!(inbox.conversations.len(), 1, "{backend:?}");
        assert_eq!(inbox.conversations[0].with, giulia.id);
        assert_eq!(inbox.conversations[0].name, "Giulia Romano");
        assert_eq!(inbox.conversations[0].unread, 2, "{backend:?}");
        assert_eq!(inbox.conversations[0].last, "Tuesday suits me.");
        assert!(!inbox.conversations[0].last_from_me);
        assert_eq!(inbox.contacts.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(), ["Anna Schmidt"], "Giulia is no longer offered");
        assert_eq!(messages::unread_total(&db, &claire).await.unwrap(), 2, "{backend:?}");
        assert_eq!(messages::unread_total(&db, &giulia).await.unwrap(), 0, "{backend:?}");

        // Reading the conversation reads it: oldest first, trimmed, line breaks kept.
        let view = page(&db, &claire, giulia.id, None).await;
        let bodies: Vec<&str> = view.messages.iter().map(|m| m.body.as_str()).collect();
        assert_eq!(bodies, ["Ciao Giulia! Shall we plan the rivers project?", "Yes, gladly.\nNext week?", "Tuesday suits me."], "{backend:?}");
        assert_eq!(view.messages[0].id, first);
        assert_eq!(view.messages[0].author_id, claire.id);
        assert_eq!(messages::unread_total(&db, &claire).await.unwrap(), 0, "{backend:?}");
        assert_eq!(messages::inbox(&db, &claire).await.unwrap().conversations[0].unread, 0);
        // Giulia answered Claire's first message, so only the new reply is unread for her; seen live, it is read.
        let (_, reply) = messages::send(&db, &claire, giulia.id, "Tuesday it is.").await.unwrap();
        assert_eq!(messages::unread_total(&db, &giulia).await.unwrap(), 1, "{backend:?}");
        messages::seen_live(&db, &giulia, conversation, reply).await.unwrap();
        assert_eq!(messages::unread_total(&db, &giulia).await.unwrap(), 0, "{backend:?}");
        // Nobody else listens in.
        assert_eq!(messages::seen_live(&db, &anna, conversation, reply).await, Err(AppError::NotFound));
        assert_eq!(messages::conversation_id(&db, &anna, giulia.id).await, Err(AppError::NotFound), "{backend:?}");

        // Older messages come a page at a time.
        for n in 0..app::messages::PAGE {
            messages::send(&db, &claire, anna.id, &format!("note {n}")).await.unwrap();
        }
        let latest = page(&db, &anna, claire.id, None).await;
        assert_eq!(latest.messages.len() as u64, app::messages::PAGE);
        assert!(latest.older.is_none(), "exactly a page: nothing older ({backend:?})");
        messages::send(&db, &claire, anna.id, "one more").await.unwrap();
        let latest = page(&db, &anna, claire.id, None).await;
        let older = latest.older.expect("a link to older messages");
        assert_eq!(latest.messages.last().unwrap().body, "one more");
        let page = page(&db, &anna, claire.id, Some(older)).await;
        assert_eq!(page.messages.iter().map(|m| m.body.as_str()).collect::<Vec<_>>(), ["note 0"], "{backend:?}");

        // A flood is stopped: past the hour's limit (to all contacts together) a message is refused and not
        // stored; the others still write to her.
        let sent = app::messages::PAGE as i32 + 3;
        for n in sent..messages::MESSAGES_PER_HOUR.max {
            let to = if n % 2 == 0 { anna.id } else { giulia.id };
            messages::send(&db, &claire, to, &format!("flood {n}")).await.unwrap();
        }
        assert_eq!(messages::send(&db, &claire, anna.id, "too many").await, Err(AppError::Throttled), "{backend:?}");
        let latest = messages::conversation(&db, &anna, claire.id, None).await.unwrap();
        assert_eq!(latest.messages.last().unwrap().body, format!("flood {}", messages::MESSAGES_PER_HOUR.max - 2), "not stored ({backend:?})");
        messages::send(&db, &anna, claire.id, "Slow down!").await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn only_contacts_write_and_a_block_closes_the_conversation_both_ways() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let stranger = validated(&db, "Sam Stranger", "IE").await;
        let pending = person(&db, "Pat Pending", "FR", "pending", "staff", "member").await;
        let nso = person(&db, "Nathalie NSO", "FR", "validated", "staff", "nso_moderator").await;
        let pupil = person(&db, "Mary Brown", "FR", "validated", "pupil", "member").await;
        contacts(&db, &claire, &giulia).await;

        // Not contacts: nothing to see and nothing to send.
        assert_eq!(messages::conversation(&db, &claire, stranger.id, None).await.map(|_| ()), Err(AppError::NotFound), "{backend:?}");
        assert_eq!(messages::send(&db, &claire, stranger.id, "Hello").await, Err(AppError::form(Problem::MessagesClosed)));
        // Pupils, support staff and teachers not yet validated have no messages; nobody writes to a pupil or to themselves.
        for nobody in [&pupil, &nso, &pending] {
            assert_eq!(messages::inbox(&db, nobody).await.map(|_| ()), Err(AppError::Forbidden), "{backend:?}");
            assert_eq!(messages::send(&db, nobody, claire.id, "Hello").await, Err(AppError::NotFound), "{backend:?}");
            assert_eq!(messages::unread_total(&db, nobody).await.unwrap(), 0);
        }
        assert_eq!(messages::send(&db, &claire, pupil.id, "Hello").await, Err(AppError::NotFound));
        assert_eq!(messages::send(&db, &claire, nso.id, "Hello").await, Err(AppError::NotFound));
        assert_eq!(messages::send(&db, &claire, claire.id, "Hello").await, Err(AppError::NotFound));
        assert_eq!(messages::send(&db, &claire, 999_999, "Hello").await, Err(AppError::NotFound));

        // Hostile input: a clear error, nothing stored.
        assert_eq!(messages::send(&db, &claire, giulia.id, "   ").await, Err(AppError::invalid("body", Problem::Required)));
        assert_eq!(
            messages::send(&db, &claire, giulia.id, &"x".repeat(app::messages::MAX_MESSAGE_CHARS + 1)).await,
            Err(AppError::invalid("body", Problem::TooLong { max: app::messages::MAX_MESSAGE_CHARS as u32 }))
        );
        assert_eq!(messages::send(&db, &claire, giulia.id, "bell\u{7}").await, Err(AppError::invalid("body", Problem::TextCharacters)));
        assert!(messages::inbox(&db, &claire).await.unwrap().conversations.is_empty(), "{backend:?}");

        messages::send(&db, &claire, giulia.id, "Hello Giulia").await.unwrap();
        // Giulia blocks Claire: neither writes; Claire is told the conversation is closed, Giulia that she blocked.
        messages::set_block(&db, &giulia, claire.id, true).await.unwrap();
        messages::set_block(&db, &giulia, claire.id, true).await.unwrap();
        assert_eq!(messages::send(&db, &claire, giulia.id, "Are you there?").await, Err(AppError::form(Problem::MessagesClosed)), "{backend:?}");
        assert_eq!(messages::send(&db, &giulia, claire.id, "Bye").await, Err(AppError::form(Problem::MessagesClosed)));
        let hers = page(&db, &giulia, claire.id, None).await;
        assert_eq!((hers.may_write, hers.closed, hers.blocked_by_me), (false, Some(Closed::YouBlocked), true));
        let his = page(&db, &claire, giulia.id, None).await;
        // Claire is not told she was blocked, only that the conversation takes no new messages.
        assert_eq!((his.may_write, his.closed, his.blocked_by_me), (false, Some(Closed::NotContacts), false));
        assert_eq!(his.messages.len(), 1, "the history stays ({backend:?})");
        // A stranger cannot block (or learn about) someone they never spoke with.
        assert_eq!(messages::set_block(&db, &stranger, claire.id, true).await, Err(AppError::NotFound));
        messages::set_block(&db, &giulia, claire.id, false).await.unwrap();
        messages::send(&db, &claire, giulia.id, "Are you there?").await.unwrap();

        // No longer contacts: the history can be read, nothing more written.
        app::teachers::ssr::remove(&db, &giulia, claire.id).await.unwrap();
        let after = page(&db, &claire, giulia.id, None).await;
        assert_eq!((after.may_write, after.closed, after.messages.len()), (false, Some(Closed::NotContacts), 2), "{backend:?}");
        assert_eq!(messages::send(&db, &claire, giulia.id, "Hello?").await, Err(AppError::form(Problem::MessagesClosed)));
    })
    .await;
}

#[tokio::test]
async fn a_reported_message_reaches_the_support_organisation_of_its_author_who_hides_it() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        let nso_it = person(&db, "Marta NSO", "IT", "validated", "staff", "nso_moderator").await;
        let nso_de = person(&db, "Dieter NSO", "DE", "validated", "staff", "nso_moderator").await;
        contacts(&db, &claire, &giulia).await;
        let (conversation, rude) = messages::send(&db, &giulia, claire.id, "Something rude").await.unwrap();
        messages::send(&db, &giulia, claire.id, "Something kind").await.unwrap();

        // Someone outside the conversation cannot report it (or learn it exists).
        assert_eq!(
            moderation::file(&db, &anna, "private_message", rude, "bullying", "", "https://x").await,
            Err(AppError::NotFound),
            "{backend:?}"
        );
        let report = moderation::file(&db, &claire, "private_message", rude, "bullying", "", "https://x").await.unwrap();
        // The author's country's organisation reviews it; another country's does not see it.
        let queue = moderation::queue(&db, &nso_it, ReportStatus::Open, None).await.unwrap();
        assert_eq!(queue.items.iter().map(|i| (i.kind, i.excerpt.as_str())).collect::<Vec<_>>(), [(ReportKind::PrivateMessage, "Something rude")], "{backend:?}");
        assert!(moderation::queue(&db, &nso_de, ReportStatus::Open, None).await.unwrap().items.is_empty());

        let effect = moderation::decide(&db, &store(), &nso_it, report, "hide", "Please keep it friendly.", None).await.unwrap();
        assert_eq!(effect.conversation, Some((conversation, rude)), "open pages drop it ({backend:?})");
        // Gone for Claire; Giulia sees it with the reason; the unread count follows.
        let hers = page(&db, &claire, giulia.id, None).await;
        assert_eq!(hers.messages.iter().map(|m| m.body.as_str()).collect::<Vec<_>>(), ["Something kind"], "{backend:?}");
        let author = page(&db, &giulia, claire.id, None).await;
        assert_eq!(author.messages[0].hidden_reason.as_deref(), Some("Please keep it friendly."));
        assert_eq!(messages::inbox(&db, &claire).await.unwrap().conversations[0].last, "Something kind");
    })
    .await;
}

/// A conversation page as its reader gets it.
async fn page(db: &sea_orm::DatabaseConnection, viewer: &app::access::Viewer, with: i32, before: Option<i32>) -> app::messages::ConversationView {
    messages::conversation(db, viewer, with, before).await.unwrap()
}

#[tokio::test]
async fn a_message_reaches_the_other_process_live_and_only_its_own_conversation() {
    on_each_database(|db, backend| async move {
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        contacts(&db, &claire, &giulia).await;
        contacts(&db, &claire, &anna).await;
        let (ours, _) = messages::send(&db, &claire, giulia.id, "Hello").await.unwrap();
        let (theirs, _) = messages::send(&db, &claire, anna.id, "Hallo").await.unwrap();

        // Two processes: this one publishes, the other one's listener delivers (on PostgreSQL through NOTIFY on
        // the chat's channel; a chat hub on the same channel hears none of it).
        let here = std::sync::Arc::new(messages::hub(db.clone()));
        let other_process = std::sync::Arc::new(messages::hub(db.clone()));
        let chat_hub = std::sync::Arc::new(app::twinspace::chat::ssr::hub(db.clone()));
        tokio::spawn(other_process.clone().listen());
        tokio::spawn(chat_hub.clone().listen());
        let mut live = other_process.subscribe(ours);
        let mut elsewhere = other_process.subscribe(theirs);
        let mut chat_room = chat_hub.subscribe(ours);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let (_, id) = messages::send(&db, &giulia, claire.id, "Ciao!").await.unwrap();
        let publisher = if backend == app::db::Backend::Postgres { &here } else { &other_process };
        publisher.publish(ours, id).await;
        let received = tokio::time::timeout(std::time::Duration::from_secs(5), live.recv()).await.expect("delivered in time").unwrap();
        assert_eq!((received.body.as_str(), received.author.as_str(), received.author_id), ("Ciao!", "Giulia Romano", giulia.id), "{backend:?}");
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(elsewhere.try_recv().is_err(), "another conversation hears nothing ({backend:?})");
        assert!(chat_room.try_recv().is_err(), "a chat room with the same number hears nothing ({backend:?})");
    })
    .await;
}
