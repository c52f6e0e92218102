//! One file per area, matching the UI's folders. Each command is a thin wrapper over the core.
pub mod albums;
pub mod app;
pub mod meeting;
pub mod people;
pub mod portal;
pub mod posts;
pub mod review;
pub mod search;
pub mod settings;
pub mod sync;
