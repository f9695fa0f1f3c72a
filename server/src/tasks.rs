//! Background work of a serving process: sweeping expired sessions, old request keys, the partner index's old changes and files left by uploads
//! cut off by a crash, ending suspensions whose period is over, the notification centre's summary mails and
//! its mails at once for features that write none,
//! reminders of seminars beginning within a day, newsletters being sent, delivering the mail outbox by SMTP
//! when one is configured, and telling the header's live counters what arrived (`tell_badges`).
use crate::config::Config;
use sea_orm::DatabaseConnection;
use std::time::Duration;

/// How long partner search counts are kept, and how often the counts of the unfiltered search are renewed
/// (a little more often, so that they never expire).
pub const COUNTS_KEPT: Duration = Duration::from_secs(30);
const COUNTS_RENEWED: Duration = Duration::from_secs(25);

pub fn spawn_background_tasks(config: &Config, db: DatabaseConnection, counts: std::sync::Arc<app::partners::ssr::CountCache>, store: app::teachers::pictures::ssr::PictureStore) {
    let warm_db = db.clone();
    tokio::spawn(async move {
        loop {
            if let Err(err) = app::partners::ssr::warm_counts(&warm_db, &counts).await {
                tracing::warn!(error = %err, "could not count partner search options");
            }
            tokio::time::sleep(COUNTS_RENEWED).await;
        }
    });
    let suspensions_db = db.clone();
    tokio::spawn(async move {
        loop {
            match app::moderation::ssr::lift_expired_suspensions(&suspensions_db, None).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "suspensions ended"),
                Err(err) => tracing::warn!(error = %err, "could not end expired suspensions"),
            }
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
    });
    let sessions = app::accounts::session_store::DbSessionStore::new(db.clone());
    let keys_db = db.clone();
    tokio::spawn(async move {
        use tower_sessions::session_store::ExpiredDeletion;
        loop {
            if let Err(err) = sessions.delete_expired().await {
                tracing::warn!(error = %err, "could not sweep expired sessions");
            }
            if let Err(err) = app::requests::ssr::sweep(&keys_db).await {
                tracing::warn!(error = %err, "could not sweep old request keys");
            }
            if let Err(err) = app::partners::ssr::index::forget_changes(&keys_db, app::partners::ssr::counts::CHANGES_KEPT).await {
                tracing::warn!(error = %err, "could not forget the partner index's old changes");
            }
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });
    // Files left by uploads cut off by a crash (stored, but no row names them): an hour old, they are no upload
    // in progress anywhere (the longest lasts `UPLOAD_TIME`, 15 minutes).
    let (files_db, local_dir) = (db.clone(), crate::storage::local_folder(config).map(std::path::Path::to_path_buf));
    tokio::spawn(async move {
        let hour = chrono::TimeDelta::hours(1);
        loop {
            match app::twinspace::materials::ssr::sweep_orphans(&files_db, &store, hour).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "removed stored files that no row names"),
                Err(err) => tracing::warn!(error = %err, "could not sweep the stored files"),
            }
            if let Some(dir) = local_dir.clone()
                && let Ok(n @ 1..) = tokio::task::spawn_blocking(move || crate::materials::remove_staged_files(&dir, hour)).await
            {
                tracing::info!(count = n, "removed partly written files");
            }
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });
    // Summary mails of the notification centre: their state is in the database (what waits, when each summary
    // last went out), so a restart loses and repeats nothing; checked every ten minutes.
    let (digests_db, public_url) = (db.clone(), config.public_url.clone());
    tokio::spawn(async move {
        loop {
            match app::notifications::ssr::send_digests(&digests_db, chrono::Utc::now(), &public_url).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "notification summaries sent to the outbox"),
                Err(err) => tracing::warn!(error = %err, "could not send notification summaries"),
            }
            tokio::time::sleep(Duration::from_secs(600)).await;
        }
    });
    // News whose reader chose mail at once and whose feature wrote no mail of its own: its line and link, claimed
    // in the database like the summaries; looked for every thirty seconds.
    let (at_once_db, public_url) = (db.clone(), config.public_url.clone());
    tokio::spawn(async move {
        loop {
            match app::notifications::ssr::send_waiting_mails(&at_once_db, chrono::Utc::now(), &public_url).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "notification mails sent to the outbox"),
                Err(err) => tracing::warn!(error = %err, "could not mail notifications"),
            }
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
    });
    // Reminders of seminars beginning within a day: each seminar claimed in the database before its people are
    // told, so a restart or a second process repeats nothing; checked every five minutes.
    let (reminders_db, public_url) = (db.clone(), config.public_url.clone());
    tokio::spawn(async move {
        loop {
            match app::seminars::ssr::send_reminders(&reminders_db, chrono::Utc::now(), &public_url).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "seminar reminders sent"),
                Err(err) => tracing::warn!(error = %err, "could not send seminar reminders"),
            }
            tokio::time::sleep(Duration::from_secs(300)).await;
        }
    });
    // Newsletters being sent: a batch of subscribers per transaction, the cursor kept with the mails it
    // put in the outbox, so a restart or a second process carries on where the last batch ended.
    let (newsletter_db, public_url) = (db.clone(), config.public_url.clone());
    tokio::spawn(async move {
        loop {
            match app::newsletter::ssr::send_batch(&newsletter_db, &public_url, 500).await {
                Ok(None) => tokio::time::sleep(Duration::from_secs(10)).await,
                Ok(Some(n)) => {
                    tracing::info!(count = n, "newsletter mails put in the outbox");
                    // A breath between batches, so other writers (on SQLite, one at a time) get their turn.
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(err) => {
                    tracing::warn!(error = %err, "could not send newsletters");
                    tokio::time::sleep(Duration::from_secs(30)).await;
                }
            }
        }
    });
    if let Some(url) = config.smtp_url.clone() {
        let from = config.mail_from.clone();
        tokio::spawn(deliver_mail(db, url, from));
    } else {
        tracing::info!("no smtp_url: mail stays in the outbox (`server outbox` shows it)");
    }
}

/// How often the header's live counters look for new notifications and messages (`tell_badges`).
const BADGE_LOOK: Duration = Duration::from_secs(2);

/// Every `BADGE_LOOK`, the people who got a notification or a private message since the last look, told to the
/// header of their pages open on this process (`moderation::ssr::BadgeWatch`; one indexed read of each table, however
/// many pages are open). Every process runs its own, reading the shared database.
pub async fn tell_badges(db: DatabaseConnection, hub: std::sync::Arc<app::moderation::ssr::BadgeHub>) {
    let watch = loop {
        match app::moderation::ssr::BadgeWatch::from_now(&db).await {
            Ok(watch) => break watch,
            Err(err) => {
                tracing::warn!(error = %err, "live counters cannot start");
                tokio::time::sleep(Duration::from_secs(10)).await;
            }
        }
    };
    tell_badges_from(db, hub, watch).await
}

/// `tell_badges` from a given starting point.
pub async fn tell_badges_from(db: DatabaseConnection, hub: std::sync::Arc<app::moderation::ssr::BadgeHub>, mut watch: app::moderation::ssr::BadgeWatch) {
    let mut every = tokio::time::interval(BADGE_LOOK);
    loop {
        every.tick().await;
        match watch.changed(&db).await {
            Ok(people) => {
                for person in people {
                    hub.load_and_deliver(person, 0).await;
                }
            }
            Err(err) => tracing::warn!(error = %err, "live counters could not look for news"),
        }
    }
}

/// How long a process has to send a mail it claimed before another may.
const MAIL_CLAIM: chrono::TimeDelta = chrono::TimeDelta::minutes(2);

/// Sends unsent outbox messages every few seconds. A failure leaves the message unsent for a later round.
async fn deliver_mail(db: DatabaseConnection, url: String, from: String) {
    use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor, message::Mailbox};
    let transport = match AsyncSmtpTransport::<Tokio1Executor>::from_url(&url) {
        Ok(builder) => builder.build(),
        Err(err) => {
            tracing::error!(error = %err, "smtp_url is unusable; mail stays in the outbox");
            return;
        }
    };
    let Ok(from) = from.parse::<Mailbox>() else {
        tracing::error!("mail_from is not a valid mailbox; mail stays in the outbox");
        return;
    };
    loop {
        let now = chrono::Utc::now();
        match app::mail::ssr::unsent(&db, now, 50).await {
            Ok(batch) => {
                for mail in batch {
                    // Every process finds the same unsent mail; the one whose claim lands sends it. A claim left by
                    // a process that stopped (or whose SMTP server failed) lapses after `MAIL_CLAIM`.
                    match app::mail::ssr::claim(&db, mail.id, chrono::Utc::now(), chrono::Utc::now() + MAIL_CLAIM).await {
                        Ok(true) => {}
                        Ok(false) => continue,
                        Err(err) => {
                            tracing::warn!(error = %err, "cannot claim a mail of the outbox");
                            break;
                        }
                    }
                    let Ok(to) = mail.recipient.parse::<Mailbox>() else {
                        tracing::warn!(id = mail.id, "undeliverable recipient; marked as sent");
                        let _ = app::mail::ssr::mark_sent(&db, mail.id).await;
                        continue;
                    };
                    let mut builder = Message::builder().from(from.clone()).to(to).subject(mail.subject.clone());
                    if let Some(url) = &mail.list_unsubscribe {
                        // RFC 8058: mail programs show an unsubscribe button that posts to this address.
                        use lettre::message::header::{HeaderName, HeaderValue};
                        builder = builder
                            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{url}>")))
                            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click".to_owned()));
                    }
                    let message = builder.body(mail.body.clone());
                    match message {
                        Ok(message) => match transport.send(message).await {
                            Ok(_) => {
                                let _ = app::mail::ssr::mark_sent(&db, mail.id).await;
                            }
                            Err(err) => {
                                tracing::warn!(error = %err, "SMTP delivery failed; will retry");
                                break;
                            }
                        },
                        Err(err) => tracing::warn!(error = %err, id = mail.id, "could not build message"),
                    }
                }
            }
            Err(err) => tracing::warn!(error = %err, "cannot read the outbox"),
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}
