//! Where uploaded files are kept (`file_store`): this server's data directory, or an S3-compatible object store
//! shared by every server process of an installation. The features see one `object_store` either way; this is
//! the one place that chooses it.
use crate::config::{Config, FileStore};
use app::teachers::pictures::ssr::PictureStore;
use std::sync::Arc;

pub fn open(config: &Config) -> Result<PictureStore, String> {
    match &config.file_store {
        FileStore::Local => app::teachers::pictures::ssr::local_store(&config.data_dir),
        FileStore::S3 { endpoint, bucket, region, access_key_id, secret_access_key } => {
            let mut builder = object_store::aws::AmazonS3Builder::new().with_bucket_name(bucket).with_region(region);
            // Without keys the store looks for the machine's own credentials (instance profile, web identity).
            if !access_key_id.is_empty() {
                builder = builder.with_access_key_id(access_key_id).with_secret_access_key(&secret_access_key.0);
            }
            // Another provider, or a server of one's own: addressed by path (endpoint/bucket/key).
            if let Some(endpoint) = endpoint {
                builder = builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
            }
            let store = builder.build().map_err(|err| format!("cannot use the S3 bucket {bucket}: {err}"))?;
            Ok(Arc::new(store))
        }
    }
}

/// The folder of a local store, where a file cut off mid-write leaves a partly written file beside its name; `None`
/// on S3, where an unfinished multipart upload is the bucket's lifecycle rule's to end.
pub fn local_folder(config: &Config) -> Option<&std::path::Path> {
    matches!(config.file_store, FileStore::Local).then_some(config.data_dir.as_path())
}

/// Asks the store for a listing, so that a wrong bucket, key or endpoint stops the server with one line at start
/// rather than losing the first upload.
pub async fn answers(store: &PictureStore, config: &Config) -> Result<(), String> {
    match store.list_with_delimiter(Some(&object_store::path::Path::from("materials"))).await {
        Ok(_) => Ok(()),
        Err(err) => Err(match &config.file_store {
            FileStore::Local => format!("cannot read the files in {}: {err}", config.data_dir.display()),
            FileStore::S3 { bucket, .. } => format!("the S3 bucket {bucket} does not answer: {err}"),
        }),
    }
}
