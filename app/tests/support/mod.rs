//! The shared harness lives in `app::testing`, so the server crate's tests use it too.
pub use app::testing::*;
