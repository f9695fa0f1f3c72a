//! Profile pictures on both databases: stored as a small square JPEG, refused when not an image or too
//! large in pixels, and shown only to those who may see their owner.
use crate::support;

use app::{
    error::AppError,
    teachers::{pictures::ssr as pictures, ssr as teachers},
};
use support::{on_each_database, person};

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

#[tokio::test]
async fn pictures_are_squared_checked_and_shown_only_to_those_who_may_see_their_owner() {
    on_each_database(|db, backend| async move {
        let dir = std::env::temp_dir().join(format!("opentwin-pictures-{}-{backend:?}", std::process::id()));
        let store = pictures::local_store(&dir).unwrap();
        let claire = person(&db, "Claire Martin", "FR", "validated", "staff", "member").await;
        let anna = person(&db, "Anna Schmidt", "FR", "validated", "staff", "member").await;
        let paul = person(&db, "Paul Pending", "FR", "pending", "staff", "member").await;
        let mary = person(&db, "Mary B.", "FR", "validated", "pupil", "member").await;

        pictures::upload(&db, &store, &claire, png(600, 300)).await.unwrap();
        let stored = pictures::picture(&db, &store, &anna, claire.id).await.unwrap();
        let decoded = image::load_from_memory(&stored).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (256, 256), "{backend:?}: cropped to a square");
        assert_eq!(image::guess_format(&stored).unwrap(), image::ImageFormat::Jpeg);
        let card = teachers::cards(&db, &[claire.id]).await.unwrap().remove(0);
        assert!(card.picture.unwrap().starts_with(&format!("/pictures/{}?v=", claire.id)));

        // Not an image, or too many pixels: refused, and the picture already there stays.
        for bad in [b"GIF89a not really".to_vec(), b"%PDF-1.7".to_vec(), b"just text".to_vec(), png(9_000, 1)] {
            let refused = pictures::upload(&db, &store, &claire, bad).await;
            assert!(matches!(refused, Err(AppError::Invalid { .. })), "{backend:?}: {refused:?}");
        }
        assert_eq!(pictures::picture(&db, &store, &anna, claire.id).await.unwrap(), stored);

        // Who may see it: validated teachers, and the owner; not pending people; pupils have no picture.
        assert_eq!(pictures::picture(&db, &store, &paul, claire.id).await, Err(AppError::NotFound));
        pictures::upload(&db, &store, &paul, png(40, 40)).await.unwrap();
        assert!(pictures::picture(&db, &store, &paul, paul.id).await.is_ok(), "their own");
        assert_eq!(pictures::picture(&db, &store, &anna, paul.id).await, Err(AppError::NotFound), "{backend:?}: a pending teacher's picture is not shown");
        assert_eq!(pictures::upload(&db, &store, &mary, png(40, 40)).await, Err(AppError::NotFound), "pupils have no picture");

        pictures::remove(&db, &store, &claire).await.unwrap();
        assert_eq!(pictures::picture(&db, &store, &anna, claire.id).await, Err(AppError::NotFound));
        assert_eq!(teachers::cards(&db, &[claire.id]).await.unwrap()[0].picture, None);
        let _ = std::fs::remove_dir_all(&dir);
    })
    .await;
}

/// Sending pictures is throttled per person (each one is decoded, which costs the server): the day's allowance,
/// then a refusal that says to wait, and other people are not affected. Pupils send none at all.
#[tokio::test]
async fn picture_uploads_are_throttled_per_person() {
    on_each_database(|db, backend| async move {
        let claire = person(&db, "Claire Martin", "FR", "validated", "staff", "member").await;
        let anna = person(&db, "Anna Schmidt", "FR", "validated", "staff", "member").await;
        let mary = person(&db, "Mary B.", "FR", "validated", "pupil", "member").await;
        for n in 0..pictures::PICTURES_PER_DAY.max {
            assert_eq!(pictures::may_upload(&db, &claire).await, Ok(()), "{backend:?}: picture {n}");
        }
        assert_eq!(pictures::may_upload(&db, &claire).await, Err(AppError::Throttled), "{backend:?}");
        assert_eq!(pictures::may_upload(&db, &anna).await, Ok(()), "{backend:?}");
        assert_eq!(pictures::may_upload(&db, &mary).await, Err(AppError::NotFound), "{backend:?}");
    })
    .await;
}
