//! The office's public portal (issue 6), WordPress first: where a portal's address and each
//! person's application password live ([`login`]), the REST client and the portal's answers in
//! words ([`wordpress`], [`PortalError`]), and "Test connection" ([`connection`]).

pub mod archive;
pub mod conflict;
pub mod connection;
mod error;
pub mod export;
pub mod ipc_types;
pub mod login;
mod received;
pub mod sync;
pub mod wordpress;

pub use error::PortalError;

pub type Result<T, E = PortalError> = std::result::Result<T, E>;
