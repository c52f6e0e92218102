//! `toasoan portal …`: the portal's address, this profile's portal login (kept in the OS
//! keyring, never in the store) and the connection test (issue 6).

use std::process::ExitCode;

use clap::Subcommand;
use newsroom::i18n::{t, tf};
use newsroom::review::Item;
use newsroom::users::Actor;
use newsroom::{Error, Store};
use serde_json::json;
use toasoan_portal::connection::{self, Report};
use toasoan_portal::export;
use toasoan_portal::login::{self, NO_PROFILE};
use toasoan_portal::PortalError;

use crate::{Output, Passwords};

#[derive(Subcommand)]
pub enum PortalVerb {
    /// Save the portal's address and your portal login: the WordPress user name, and an
    /// application password (made on your Profile page on the portal) from the first line of
    /// --password-stdin. With --as for a profile (its own password then on the second line).
    Set {
        #[arg(long)]
        url: String,
        #[arg(long)]
        user: String,
    },
    /// Reach the portal with your login: the site's name, the account, its roles, whether it
    /// may upload and publish.
    Test,
    /// The saved address and your saved portal user name.
    Show,
    /// Forget your portal login on this computer.
    Forget,
    /// The portal category albums go into (default "Album ảnh"); without NAME, show it.
    AlbumCategory { name: Option<String> },
    /// For a portal without an API: write a post (or, with --album, an album) as a folder with
    /// index.html, its photos and manifest.json, for the portal's staff to upload by hand.
    Export {
        id: i64,
        #[arg(long)]
        album: bool,
        /// The folder to write the package into.
        #[arg(long, value_name = "DIR")]
        to: std::path::PathBuf,
    },
}

impl PortalVerb {
    pub(crate) fn needs_password(&self) -> bool {
        matches!(self, PortalVerb::Set { .. })
    }

    /// Exporting reads only, and the album category is the office's: nobody needs to say who
    /// they are.
    pub(crate) fn is_export(&self) -> bool {
        matches!(self, PortalVerb::Export { .. } | PortalVerb::AlbumCategory { name: None })
    }
}

pub fn run(
    verb: &PortalVerb,
    store: &mut Store,
    out: Output,
    actor: Option<&Actor>,
    passwords: &Passwords,
) -> Result<ExitCode, Error> {
    let profile = actor.map(|a| a.name.clone()).unwrap_or_else(|| NO_PROFILE.to_string());
    let lang = out.lang;
    let done = match verb {
        PortalVerb::Set { url, user } => {
            if !passwords.from_stdin() {
                return Err(Error::PasswordStdinRequired);
            }
            // The application password first; the profile's own (if protected) was read before.
            let password = passwords.take_first_line();
            login::configure(store, &profile, url, user, password.as_deref()).map(|s| {
                out.print(&json!({ "portal": s }), || {
                    tf(
                        lang,
                        "cli.portal_saved",
                        &[("url", &s.url.clone().unwrap_or_default()), ("user", &s.user.clone().unwrap_or_default())],
                    )
                })
            })
        }
        PortalVerb::Show => login::settings(store, &profile).map(|s| {
            out.print(&json!({ "portal": s }), || match (&s.url, &s.user) {
                (None, _) => t(lang, "error.portal_not_set"),
                (Some(url), Some(user)) => tf(lang, "cli.portal_saved", &[("url", url), ("user", user)]),
                (Some(url), None) => tf(lang, "cli.portal_no_login", &[("url", url)]),
            })
        }),
        PortalVerb::Forget => login::address(store)
            .and_then(|a| match a {
                Some(address) => login::forget(&profile, &address),
                None => Ok(()),
            })
            .map(|()| out.print(&json!({ "forgotten": true }), || t(lang, "cli.portal_forgotten"))),
        PortalVerb::AlbumCategory { name } => {
            let now = match name {
                Some(n) => login::set_album_category(store, n),
                None => login::album_category(store),
            };
            now.map(|c| {
                out.print(&json!({ "album_category": c }), || tf(lang, "cli.portal_album_category", &[("name", &c)]))
            })
        }
        PortalVerb::Test => connection::check_saved(store, &profile).map(|r| out.print(&r, || report(&r, lang))),
        PortalVerb::Export { id, album, to } => {
            let item = if *album { Item::Album(*id) } else { Item::Post(*id) };
            export::package(store, item, to).map(|dir| {
                let path = dir.display().to_string();
                out.print(&json!({ "package": path }), || tf(lang, "cli.portal_exported", &[("path", &path)]))
            })
        }
    };
    Ok(match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e, out),
    })
}

fn report(r: &Report, lang: newsroom::Lang) -> String {
    let yes_no = |b: bool| t(lang, if b { "cli.yes" } else { "cli.no" });
    let mut lines = vec![
        tf(lang, "cli.portal_site", &[("name", &r.site_name), ("url", &r.url)]),
        tf(
            lang,
            "cli.portal_account",
            &[("account", &r.account), ("name", &r.display_name), ("roles", &r.roles.join(", "))],
        ),
        tf(lang, "cli.portal_rights", &[("upload", &yes_no(r.can_upload)), ("publish", &yes_no(r.can_publish))]),
    ];
    if !r.can_publish {
        lines.push(t(lang, "cli.portal_pending_only"));
    }
    if r.plain_http {
        lines.push(t(lang, "cli.portal_plain_http"));
    }
    lines.join("\n")
}

/// Errors print as the core's do: a sentence on stderr, or {"error":{"code","message"}}.
pub(crate) fn fail(e: &PortalError, out: Output) -> ExitCode {
    if out.json {
        eprintln!("{}", json!({ "error": e.report(out.lang) }));
    } else {
        eprintln!("{}", e.message(out.lang));
    }
    ExitCode::from(1)
}
