//! TwinSpace materials on both databases: limits and types checked on the bytes, images re-encoded without
//! their metadata and with a thumbnail, downloads only for those who may see the space.
use crate::support;

use app::{
    error::{AppError, Problem},
    twinspace::{
        materials::{StorageUse, ssr as materials},
        ssr as space,
    },
};
use support::{contacts, on_each_database, open_project, upload_in_pieces, validated};

fn jpeg_with_gps() -> Vec<u8> {
    let image = image::RgbImage::from_fn(800, 600, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90).encode_image(&image).unwrap();
    // An EXIF segment right after the start marker, as cameras and phones write it, with a telling payload.
    let payload = b"Exif\0\0GPS 45.2470N 6.0244E SECRET-SCHOOL-LOCATION";
    let mut with_exif = vec![0xFF, 0xD8, 0xFF, 0xE1];
    with_exif.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    with_exif.extend_from_slice(payload);
    with_exif.extend_from_slice(&plain[2..]);
    with_exif
}

fn webp() -> Vec<u8> {
    let image = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 3, y as u8 * 5, 200]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::WebP).unwrap();
    bytes.into_inner()
}

/// Files under the store's directory.
fn stored_objects(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| if e.path().is_dir() { stored_objects(&e.path()) } else { 1 }).sum())
        .unwrap_or(0)
}

#[tokio::test]
async fn uploads_are_checked_on_their_bytes_and_images_lose_their_metadata() {
    on_each_database(|db, backend| async move {
        let dir = std::env::temp_dir().join(format!("opentwin-materials-{}-{backend:?}", std::process::id()));
        let store = app::teachers::pictures::ssr::local_store(&dir).unwrap();
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        let anna = validated(&db, "Anna Schmidt", "DE").await;
        contacts(&db, &claire, &giulia).await;
        let id = open_project(&db, &claire, &giulia, "Rivers").await;

        let photo = jpeg_with_gps();
        assert!(photo.windows(6).any(|w| w == b"SECRET"));
        let material = support::upload(&db, &store, &giulia, id, None, "C:\\Users\\giulia\\river.JPG", photo).await.unwrap();
        let (name, content_type, kept) = materials::download(&db, &store, Some(&claire), material, false).await.unwrap();
        assert_eq!((name.as_str(), content_type.as_str()), ("river.JPG", "image/jpeg"), "{backend:?}");
        assert!(!kept.windows(6).any(|w| w == b"SECRET") && !kept.windows(4).any(|w| w == b"Exif"), "metadata removed");
        assert_eq!(image::load_from_memory(&kept).unwrap().width(), 800);
        let (_, _, thumbnail) = materials::download(&db, &store, Some(&claire), material, true).await.unwrap();
        assert!(image::load_from_memory(&thumbnail).unwrap().width() <= 320);
        // Strangers, visitors and the wrong item learn nothing.
        assert_eq!(materials::download(&db, &store, Some(&anna), material, false).await.unwrap_err(), AppError::NotFound);
        assert_eq!(materials::download(&db, &store, None, material, false).await.unwrap_err(), AppError::NotFound);
        // A server whose store lacks the file (its own folder, not the shared store) says it cannot read it, and
        // logs it for the operators, instead of a 404 that tells the member the file does not exist.
        assert_eq!(materials::download(&db, &support::store(), Some(&claire), material, false).await.unwrap_err(), AppError::Internal);

        // Refused: a name that lies about the content, a kind not accepted, too large for its kind, empty.
        let refused = |problem| Err(AppError::invalid("file", problem));
        let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".to_vec();
        assert_eq!(support::upload(&db, &store, &claire, id, None, "report.png", pdf.clone()).await, refused(Problem::FileTypeMismatch));
        assert_eq!(support::upload(&db, &store, &claire, id, None, "setup.exe", b"MZ\x90\x00".to_vec()).await, refused(Problem::FileTypeNotAllowed));
        assert_eq!(support::upload(&db, &store, &claire, id, None, "notes.txt", b"MZ\x90\x00\x03".to_vec()).await, refused(Problem::FileTypeMismatch));
        let mut big_image = vec![0xFF, 0xD8, 0xFF, 0xE0];
        big_image.resize(6 * 1024 * 1024, 0);
        assert_eq!(support::upload(&db, &store, &claire, id, None, "big.jpg", big_image).await, refused(Problem::FileTooLarge { max_mb: 5 }));
        assert_eq!(support::upload(&db, &store, &claire, id, None, "big.txt", vec![b'a'; 21 * 1024 * 1024]).await, refused(Problem::FileTooLarge { max_mb: 20 }));
        assert_eq!(support::upload(&db, &store, &claire, id, None, "empty.txt", Vec::new()).await, refused(Problem::FileMissing));
        // A fake image (right magic, broken content) is refused when decoded.
        assert_eq!(support::upload(&db, &store, &claire, id, None, "fake.png", b"\x89PNG\r\n\x1a\nnot really".to_vec()).await, refused(Problem::FileTypeMismatch));
        let report = support::upload(&db, &store, &claire, id, None, "report.pdf", pdf).await.unwrap();

        // Folders: files go in, counts follow, deleting a folder deletes its files.
        let folder = materials::create_folder(&db, &claire, id, "Week 1").await.unwrap();
        let notes = support::upload(&db, &store, &giulia, id, Some(folder), "notes.txt", "Notes from the river walk".into()).await.unwrap();
        let top = materials::list(&db, &claire, id, None, support::ROOMY).await.unwrap();
        assert_eq!(top.items.iter().map(|m| m.id).collect::<Vec<_>>(), [report, material]);
        assert_eq!(top.folders[0].files, 1);
        assert!(top.items.iter().find(|m| m.id == material).unwrap().thumbnail.is_some());
        assert_eq!(materials::list(&db, &claire, id, Some(folder), support::ROOMY).await.unwrap().items[0].id, notes);
        let other = open_project(&db, &giulia, &claire, "Other").await;
        assert_eq!(support::upload(&db, &store, &claire, other, Some(folder), "x.txt", "x".into()).await, Err(AppError::NotFound), "a folder of another space");
        space::change_role(&db, &claire, id, giulia.id, "teacher").await.unwrap();
        assert_eq!(materials::delete_folder(&db, &store, &giulia, folder).await, Err(AppError::Forbidden));
        materials::delete_folder(&db, &store, &claire, folder).await.unwrap();
        assert_eq!(materials::download(&db, &store, Some(&claire), notes, false).await.unwrap_err(), AppError::NotFound);
        // A pupil administrator's photo leaves the store with the pupil.
        let logins = space::create_pupils(&db, &claire, id, "Mary Brown").await.unwrap();
        let mary = app::accounts::ssr::authenticate_pupil(&db, &logins[0].username, &logins[0].password, "ip").await.unwrap();
        space::change_role(&db, &claire, id, mary.id, "pupil_administrator").await.unwrap();
        let drawing = support::upload(&db, &store, &mary, id, None, "drawing.webp", webp()).await.unwrap();
        let listed = materials::list(&db, &claire, id, None, support::ROOMY).await.unwrap();
        assert_eq!(listed.items.iter().find(|m| m.id == drawing).unwrap().name, "drawing.jpg", "kept as JPEG, named so");
        let objects_before = stored_objects(&dir);
        space::remove_pupil(&db, &store, &claire, id, mary.id).await.unwrap();
        assert_eq!(materials::download(&db, &store, Some(&claire), drawing, false).await.unwrap_err(), AppError::NotFound);
        assert_eq!(stored_objects(&dir), objects_before - 2, "the photo and its thumbnail are gone");

        // Only the uploader or an administrator deletes a file.
        assert_eq!(materials::delete(&db, &store, &giulia, report).await, Err(AppError::Forbidden));
        materials::delete(&db, &store, &giulia, material).await.unwrap();
        assert_eq!(materials::list(&db, &claire, id, None, support::ROOMY).await.unwrap().items.len(), 1);
    })
    .await;
}

/// Files are stored as they arrive, piece by piece, and held to the space's storage quota: a refusal part-way
/// (no room left, not the text its name says, a broken body) leaves nothing behind, in the database or in the
/// store. The space's teachers see how much is used; its pupils do not.
#[tokio::test]
async fn uploads_are_stored_as_they_arrive_within_the_space_storage_quota() {
    on_each_database(|db, backend| async move {
        const MB: u64 = 1024 * 1024;
        let dir = std::env::temp_dir().join(format!("opentwin-quota-{}-{backend:?}", std::process::id()));
        let store = app::teachers::pictures::ssr::local_store(&dir).unwrap();
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        contacts(&db, &claire, &giulia).await;
        let id = open_project(&db, &claire, &giulia, "Rivers").await;
        let quota = 2 * MB;
        let refused = |problem| Err(AppError::invalid("file", problem));

        // 1.5 MB of text in pieces of 999 bytes: many an "é" is cut between two pieces, and all arrives intact.
        let text = "Les élèves écrivent. ".repeat(75_000).into_bytes();
        let size = text.len() as u64;
        let notes = upload_in_pieces(&db, &store, &claire, id, None, "notes.txt", text.clone(), quota, 999).await.unwrap();
        let (_, _, kept) = materials::download(&db, &store, Some(&giulia), notes, false).await.unwrap();
        assert!(kept == text, "{backend:?}: the file comes back as it was sent");
        let seen = materials::list(&db, &claire, id, None, quota).await.unwrap();
        assert_eq!(seen.storage, Some(StorageUse { used_bytes: size, quota_bytes: quota }));
        assert_eq!((seen.storage.unwrap().used_mb(), seen.storage.unwrap().quota_mb()), (2, 2), "megabytes rounded up");
        let logins = space::create_pupils(&db, &claire, id, "Mary Brown").await.unwrap();
        let mary = app::accounts::ssr::authenticate_pupil(&db, &logins[0].username, &logins[0].password, "ip").await.unwrap();
        let pupils_view = materials::list(&db, &mary, id, None, quota).await.unwrap();
        assert_eq!(pupils_view.storage, None, "pupils are not shown the storage");
        assert_eq!(pupils_view.quota_mb, 2, "but a pupil refused for a full space is told how much it holds");

        let objects = stored_objects(&dir);
        // No room for another megabyte: refused part-way, the part already stored is removed.
        let more = upload_in_pieces(&db, &store, &giulia, id, None, "more.txt", vec![b'a'; MB as usize], quota, 64 * 1024).await;
        assert_eq!(more, refused(Problem::StorageFull { quota_mb: 2 }));
        // A text file that stops being text after its first pieces: a byte that is not UTF-8, or a NUL.
        let mut not_utf8 = vec![b'a'; 200_000];
        not_utf8.push(0xFF);
        assert_eq!(upload_in_pieces(&db, &store, &claire, id, None, "a.txt", not_utf8, quota, 64 * 1024).await, refused(Problem::FileTypeMismatch));
        let mut nul = vec![b'a'; 200_000];
        nul.push(0);
        assert_eq!(upload_in_pieces(&db, &store, &claire, id, None, "b.txt", nul, quota, 64 * 1024).await, refused(Problem::FileTypeMismatch));
        // A text file that ends inside a character.
        let cut = "é".as_bytes()[..1].to_vec();
        let mut unfinished = vec![b'a'; 100_000];
        unfinished.extend(cut);
        assert_eq!(upload_in_pieces(&db, &store, &claire, id, None, "c.txt", unfinished, quota, 64 * 1024).await, refused(Problem::FileTypeMismatch));
        // A body that breaks off (the connection lost, or over the route's limit).
        let too_large = AppError::invalid("file", Problem::FileTooLarge { max_mb: 20 });
        let broken = futures_util::stream::iter(vec![Ok(bytes::Bytes::from(vec![b'%'; 100_000])), Err(too_large.clone())]);
        assert_eq!(materials::upload(&db, &store, &claire, id, None, "d.txt", "", quota, broken).await, Err(too_large));
        assert_eq!(stored_objects(&dir), objects, "{backend:?}: nothing of the refused uploads is left in the store");
        assert_eq!(materials::list(&db, &claire, id, None, quota).await.unwrap().items.len(), 1, "nor in the database");

        // A full space refuses before reading anything; deleting makes room again.
        let small = upload_in_pieces(&db, &store, &claire, id, None, "small.txt", vec![b'b'; (quota - size) as usize], quota, 64 * 1024).await.unwrap();
        assert_eq!(upload_in_pieces(&db, &store, &claire, id, None, "e.txt", b"e".to_vec(), quota, 1).await, refused(Problem::StorageFull { quota_mb: 2 }));
        materials::delete(&db, &store, &claire, small).await.unwrap();
        upload_in_pieces(&db, &store, &claire, id, None, "e.txt", b"e".to_vec(), quota, 1).await.unwrap();

        // Eight uploads of 300 KB finishing together into a space with room for 1 MB: three fit, and only three
        // are kept (each checked the room when it started, when all eight still fitted).
        let lakes = open_project(&db, &claire, &giulia, "Lakes").await;
        let uploads = (0..8).map(|n| {
            let (db, store, claire) = (db.clone(), store.clone(), claire.clone());
            tokio::spawn(async move {
                upload_in_pieces(&db, &store, &claire, lakes, None, &format!("lake{n}.txt"), vec![b'l'; 300 * 1024], MB, 32 * 1024).await
            })
        });
        let outcomes = futures_util::future::join_all(uploads).await;
        let stored = outcomes.iter().filter(|outcome| matches!(outcome, Ok(Ok(_)))).count();
        assert_eq!(stored, 3, "{backend:?}: {outcomes:?}");
        assert!(materials::storage_used(&db, lakes).await.unwrap() <= MB, "{backend:?}: the quota holds");
        let _ = std::fs::remove_dir_all(&dir);
    })
    .await;
}

/// However a file's bytes are cut into pieces on the way (the network decides), the upload is judged as if it came
/// whole: a type told from the first bytes gathered across pieces, text checked across a character cut in two.
/// Generated cases (proptest's deterministic runner, so that a failure comes back the same): a file's bytes
/// and name, and the sizes of the pieces it arrives in.
#[tokio::test]
async fn an_upload_is_judged_the_same_whatever_pieces_it_arrives_in() {
    use proptest::{prelude::*, strategy::ValueTree, test_runner::TestRunner};
    let content = prop_oneof![
        any::<String>().prop_map(String::into_bytes),
        "[aé€😀\n ]{0,40}".prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..40).prop_map(|rest| [b"%PDF-1.7\n".as_slice(), &rest].concat()),
        prop::collection::vec(any::<u8>(), 0..40).prop_map(|rest| [b"\x89PNG\r\n\x1a\n".as_slice(), &rest].concat()),
        prop::collection::vec(any::<u8>(), 0..40),
    ];
    let case = (content, prop::sample::select(vec!["txt", "pdf", "png", "md", "csv"]), prop::collection::vec(1usize..20, 1..8));
    let mut runner = TestRunner::deterministic();
    let cases: Vec<(Vec<u8>, &str, Vec<usize>)> = (0..64).map(|_| case.new_tree(&mut runner).unwrap().current()).collect();
    on_each_database(|db, backend| {
        let cases = cases.clone();
        async move {
            let dir = std::env::temp_dir().join(format!("opentwin-pieces-{}-{backend:?}", std::process::id()));
            let store = app::teachers::pictures::ssr::local_store(&dir).unwrap();
            let claire = validated(&db, "Claire Martin", "FR").await;
            let giulia = validated(&db, "Giulia Romano", "IT").await;
            contacts(&db, &claire, &giulia).await;
            let id = open_project(&db, &claire, &giulia, "Pieces").await;
            for (bytes, ext, cuts) in cases {
                let name = format!("file.{ext}");
                let whole = upload_in_pieces(&db, &store, &claire, id, None, &name, bytes.clone(), 1 << 30, bytes.len().max(1)).await;
                let mut pieces = Vec::new();
                let mut rest = bytes.as_slice();
                for size in cuts.iter().cycle() {
                    if rest.is_empty() {
                        break;
                    }
                    let (piece, after) = rest.split_at((*size).min(rest.len()));
                    pieces.push(Ok(bytes::Bytes::copy_from_slice(piece)));
                    rest = after;
                }
                let cut = materials::upload(&db, &store, &claire, id, None, &name, "", 1 << 30, futures_util::stream::iter(pieces)).await;
                assert_eq!(whole.is_ok(), cut.is_ok(), "{backend:?} {name} {bytes:?} in pieces of {cuts:?}: {whole:?} / {cut:?}");
                if let (Err(whole), Err(cut)) = (&whole, &cut) {
                    assert_eq!(whole, cut, "{backend:?} {name} {bytes:?} in pieces of {cuts:?}");
                }
                for stored in [whole, cut].into_iter().flatten() {
                    materials::delete(&db, &store, &claire, stored).await.unwrap();
                }
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
    })
    .await;
}

/// A file sent twice with the same request key (a retry after the connection dropped, when the first had been
/// stored) is kept once: the key is recorded with the file's row, in one transaction, and the second copy, already
/// stored by the time its row would be written, is removed. Both answers name the same file.
#[tokio::test]
async fn a_file_sent_twice_with_one_request_key_is_kept_once() {
    on_each_database(|db, backend| async move {
        let dir = std::env::temp_dir().join(format!("opentwin-materials-key-{}-{backend:?}", std::process::id()));
        let store = app::teachers::pictures::ssr::local_store(&dir).unwrap();
        let claire = validated(&db, "Claire Martin", "FR").await;
        let giulia = validated(&db, "Giulia Romano", "IT").await;
        contacts(&db, &claire, &giulia).await;
        let id = open_project(&db, &claire, &giulia, "Rivers").await;
        let send = |key: &'static str| {
            let (db, store, claire) = (db.clone(), store.clone(), claire.clone());
            async move {
                let pieces = vec![Ok::<_, AppError>(bytes::Bytes::from_static(b"Our river, measured on Monday.\n"))];
                materials::upload(&db, &store, &claire, id, None, "notes.txt", key, 1 << 30, futures_util::stream::iter(pieces)).await
            }
        };
        let first = send("retry-key-1").await.unwrap();
        assert_eq!(send("retry-key-1").await, Ok(first), "{backend:?}: the retry answers the first file");
        let listed = materials::list(&db, &claire, id, None, 1 << 30).await.unwrap().items;
        assert_eq!(listed.iter().filter(|item| item.name == "notes.txt").count(), 1, "{backend:?}");
        assert_eq!(stored_objects(&dir), 1, "{backend:?}: the second copy is not left in the store");
        // Another key is another file.
        assert_ne!(send("retry-key-2").await.unwrap(), first);
        assert_eq!(stored_objects(&dir), 2);
        let _ = std::fs::remove_dir_all(&dir);
    })
    .await;
}
