//! Two server processes on one PostgreSQL database keep their files in one S3-compatible object store (moto's
//! server, which the test command starts): what a member uploads through one is downloaded through the other —
//! files, thumbnails and profile pictures — and what is deleted or erased through one is gone from the bucket.
//!
//! Needs TEST_S3_ENDPOINT (an S3-compatible server that creates a bucket on a plain PUT, as moto does) and
//! TEST_POSTGRES_URL; without them it says SKIPPED, except under CI=true, where it fails.
#[path = "../benches/common/mod.rs"]
mod common;

use common::{Client, DEMO_PASSWORD, DEMO_PROJECT, encode};
use leptos::server_fn::ServerFn;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

fn required(name: &str) -> Option<String> {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => Some(value),
        _ if std::env::var("CI").as_deref() == Ok("true") => panic!("{name} is required under CI=true"),
        _ => {
            eprintln!("SKIPPED: {name} is not set");
            None
        }
    }
}

/// A plain HTTP/1.1 request to the object store itself (moto takes unsigned requests); the status and the body.
fn raw(endpoint: &str, method: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let host = endpoint.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(host).expect("the object store answers");
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.split_whitespace().nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    (status, answer)
}

/// The keys the bucket holds under `prefix`.
fn keys(endpoint: &str, bucket: &str, prefix: &str) -> Vec<String> {
    let (status, listing) = raw(endpoint, "GET", &format!("/{bucket}?list-type=2&prefix={prefix}"));
    assert_eq!(status, 200, "{listing}");
    listing.split("<Key>").skip(1).filter_map(|rest| rest.split_once("</Key>")).map(|(key, _)| key.to_owned()).collect()
}

struct Servers {
    children: Vec<Child>,
    data: Vec<std::path::PathBuf>,
}

impl Drop for Servers {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
        for dir in &self.data {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn free_address() -> String {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string()
}

fn server(env: &[(String, String)], data: &std::path::Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).env("OPENTWIN_DATA_DIR", data).env("OPENTWIN_LOG", "warn").args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

async fn ready(address: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(mut client) = Client::try_connect(&format!("http://{address}"), None).await
            && let Ok((200, _)) = client.try_get("/readyz", "").await
        {
            return;
        }
        assert!(Instant::now() < deadline, "the server at {address} never became ready");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn multipart(field: &str, name: &str, content_type: &str, content: &[u8]) -> Vec<u8> {
    let mut body = format!("--B\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(b"\r\n--B--\r\n");
    body
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])).write_to(&mut png, image::ImageFormat::Png).unwrap();
    png.into_inner()
}

async fn upload(client: &mut Client, cookie: &str, project: i32, name: &str, content_type: &str, content: &[u8]) {
    let (status, headers, body) = client
        .try_send(&format!("/projects/{project}/materials"), "multipart/form-data; boundary=B", multipart("file", name, content_type, content).into(), Some(cookie))
        .await
        .unwrap();
    assert!(status == 303 && headers.iter().any(|h| h.contains("outcome=uploaded")), "{name}: {status} {headers:?} {}", String::from_utf8_lossy(&body));
}

async fn materials(client: &mut Client, cookie: &str, project: i32) -> Vec<app::twinspace::materials::MaterialItem> {
    let (status, _, body) = client.post(app::twinspace::materials::LoadMaterials::PATH, format!("project={project}"), Some(cookie)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    serde_json::from_slice::<app::twinspace::materials::MaterialsView>(&body).expect("the materials").items
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_uploaded_through_one_server_process_are_served_and_erased_through_another() {
    let (Some(endpoint), Some(postgres)) = (required("TEST_S3_ENDPOINT"), required("TEST_POSTGRES_URL")) else { return };
    let endpoint = endpoint.trim_end_matches('/').to_owned();
    let run = format!("{}-{}", std::process::id(), std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis());

    // A database and a bucket of this run's own.
    let database = format!("opentwin_files_{}", run.replace('-', "_"));
    let admin = sea_orm::Database::connect(&postgres).await.expect("TEST_POSTGRES_URL opens");
    use sea_orm::ConnectionTrait;
    admin.execute_unprepared(&format!("CREATE DATABASE {database}")).await.expect("a database of the test's own");
    let database_url = format!("{}/{database}", postgres.rsplit_once('/').unwrap().0);
    let bucket = format!("opentwin-files-{run}");
    let (status, answer) = raw(&endpoint, "PUT", &format!("/{bucket}"));
    assert_eq!(status, 200, "the bucket is made: {answer}");

    let env: Vec<(String, String)> = [
        ("OPENTWIN_DATABASE_URL", database_url.as_str()),
        ("OPENTWIN_FILE_STORE", "s3"),
        ("OPENTWIN_S3_ENDPOINT", endpoint.as_str()),
        ("OPENTWIN_S3_BUCKET", bucket.as_str()),
        ("OPENTWIN_S3_ACCESS_KEY_ID", "opentwin-test"),
        ("OPENTWIN_S3_SECRET_ACCESS_KEY", "opentwin-test-secret"),
        ("OPENTWIN_DRAIN_SECONDS", "0"),
    ]
    .iter()
    .map(|(key, value)| (key.to_string(), value.to_string()))
    .collect();
    let scratch = std::env::temp_dir().join(format!("opentwin-files-{run}"));
    for step in [["migrate"].as_slice(), ["seed-demo"].as_slice()] {
        let output = server(&env, &scratch, step).output().unwrap();
        assert!(output.status.success(), "{step:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
    // Each process has a data directory of its own, so that nothing can pass through a shared folder.
    let mut servers = Servers { children: Vec::new(), data: vec![scratch] };
    let mut addresses = Vec::new();
    for n in 0..2 {
        let (address, data) = (free_address(), std::env::temp_dir().join(format!("opentwin-files-{run}-{n}")));
        let mut env = env.clone();
        env.push(("OPENTWIN_SITE_ADDR".into(), address.clone()));
        servers.children.push(server(&env, &data, &["serve"]).stdout(std::process::Stdio::null()).spawn().unwrap());
        servers.data.push(data);
        addresses.push(address);
    }
    for address in &addresses {
        ready(address).await;
    }
    let (mut one, mut other) = (Client::connect(&format!("http://{}", addresses[0])).await, Client::connect(&format!("http://{}", addresses[1])).await);
    let founder = one.sign_in("teacher1@demo.opentwin.test", DEMO_PASSWORD).await;
    let project = one.project_titled(&founder, DEMO_PROJECT).await.expect("the demo project");

    // A file and a picture go up through one process...
    let notes: Vec<u8> = (0..6 * 1024 * 1024).map(|n| b"water quality notes\n"[n % 20]).collect();
    upload(&mut one, &founder, project, "notes.txt", "text/plain", &notes).await;
    upload(&mut one, &founder, project, "river.png", "image/png", &png(800, 600)).await;
    // ...and come down through the other, whole; the picture with its thumbnail.
    let items = materials(&mut other, &founder, project).await;
    let find = |name: &str| items.iter().find(|item| item.name == name).unwrap_or_else(|| panic!("{name} among {items:?}")).clone();
    let (text, picture) = (find("notes.txt"), find("river.png"));
    let (status, body) = other.try_get(&format!("/materials/{}", text.id), &founder).await.unwrap();
    assert_eq!((status, body.len()), (200, notes.len()));
    assert!(body[..] == notes[..], "the file comes back as it went up");
    let thumbnail = picture.thumbnail.clone().expect("a thumbnail for the image");
    let (status, body) = other.try_get(&thumbnail, &founder).await.unwrap();
    assert_eq!(status, 200);
    let small = image::load_from_memory(&body).expect("the thumbnail is an image");
    assert!(small.width() <= 320 && small.height() <= 320, "{}x{}", small.width(), small.height());
    assert_eq!(other.try_get(&format!("/materials/{}", picture.id), &founder).await.unwrap().0, 200);
    let stored = keys(&endpoint, &bucket, "materials/");
    assert_eq!(stored.len(), 3, "the file, the picture and its thumbnail are in the bucket: {stored:?}");
    assert!(std::fs::read_dir(&servers.data[1]).map(|dir| dir.flatten().all(|entry| entry.file_name() != "materials")).unwrap_or(true));

    // A profile picture sent to one process is shown by the other.
    let (status, headers, _) = one.try_send("/account/picture", "multipart/form-data; boundary=B", multipart("picture", "me.png", "image/png", &png(300, 200)).into(), Some(&founder)).await.unwrap();
    assert!(status == 303 && headers.iter().any(|h| h.contains("picture=saved")), "{status} {headers:?}");
    let (_, page) = other.try_get("/account/interests", &founder).await.unwrap();
    let page = String::from_utf8_lossy(&page).into_owned();
    let address = page.split("src=\"").skip(1).find(|rest| rest.starts_with("/pictures/")).and_then(|rest| rest.split('"').next()).expect("the picture on the page").replace("&amp;", "&");
    let (status, body) = other.try_get(&address, &founder).await.unwrap();
    assert_eq!(status, 200);
    assert!(body.starts_with(&[0xFF, 0xD8]), "a JPEG");
    assert_eq!(keys(&endpoint, &bucket, "pictures/").len(), 1);

    // Deleted through the other process: gone for both, and from the bucket, thumbnail included.
    let (status, _, body) = other.post(app::twinspace::materials::DeleteMaterial::PATH, format!("material={}", picture.id), Some(&founder)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(one.try_get(&format!("/materials/{}", picture.id), &founder).await.unwrap().0, 404);
    assert_eq!(one.try_get(&thumbnail, &founder).await.unwrap().0, 404);
    assert_eq!(keys(&endpoint, &bucket, "materials/").len(), 1, "only the text file is left");
    let (status, headers, _) = other.try_send("/account/picture/remove", "application/x-www-form-urlencoded", Default::default(), Some(&founder)).await.unwrap();
    assert_eq!(status, 303, "{headers:?}");
    assert!(keys(&endpoint, &bucket, "pictures/").is_empty(), "the profile picture is gone from the bucket");

    // Erasure: a pupil administrator's upload through one process goes from the bucket when their teacher
    // erases them through the other.
    let (status, _, logins) = one.post(app::twinspace::CreatePupils::PATH, format!("project={project}&names={}", encode("Erased Pupil")), Some(&founder)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&logins));
    let login: Vec<app::twinspace::PupilLogin> = serde_json::from_slice(&logins).unwrap();
    let (status, _, pupils) = one.post(app::twinspace::LoadPupils::PATH, format!("project={project}"), Some(&founder)).await;
    assert_eq!(status, 200);
    let pupils: app::twinspace::PupilsView = serde_json::from_slice(&pupils).unwrap();
    let pupil = pupils.pupils.iter().find(|p| p.username == login[0].username).expect("the new pupil").account_id;
    let (status, _, body) = one.post(app::twinspace::ChangeMemberRole::PATH, format!("project={project}&account={pupil}&role=pupil_administrator"), Some(&founder)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let (status, cookies, _) = one.post(app::accounts::PupilSignIn::PATH, format!("username={}&password={}", encode(&login[0].username), encode(&login[0].password)), None).await;
    let pupil_cookie = common::session_of(&cookies).unwrap_or_else(|| panic!("the pupil signs in: {status}"));
    upload(&mut one, &pupil_cookie, project, "our-poster.txt", "text/plain", b"Our river poster").await;
    assert_eq!(keys(&endpoint, &bucket, "materials/").len(), 2);
    let (status, _, body) = other.post(app::twinspace::pupil_data::ErasePupil::PATH, format!("project={project}&pupil={pupil}"), Some(&founder)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(keys(&endpoint, &bucket, "materials/").len(), 1, "the erased pupil's file is gone from the bucket");

    // Both processes agree the store and the rows match.
    let check = server(&env, &servers.data[0], &["check", "--minutes", "0"]).output().unwrap();
    assert!(check.status.success(), "{}{}", String::from_utf8_lossy(&check.stdout), String::from_utf8_lossy(&check.stderr));
    drop(servers);
    let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)")).await;
}
