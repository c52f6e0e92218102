//! `toasoan user …`: this computer's user profiles and their roles (issue 5).

use clap::{Subcommand, ValueEnum};
use newsroom::i18n::{t, tf};
use newsroom::users::{self, Role, UserSummary};
use newsroom::{Error, Lang, Store};
use serde_json::json;

use crate::{Output, Passwords};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Writes posts (biên tập viên).
    Editor,
    /// Makes albums (phóng viên ảnh).
    Photographer,
    /// Approves, schedules, publishes, withdraws (người duyệt); needs a password.
    Supervisor,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Editor => Role::Editor,
            RoleArg::Photographer => Role::Photographer,
            RoleArg::Supervisor => Role::Supervisor,
        }
    }
}

#[derive(Subcommand)]
pub enum UserVerb {
    /// Add a profile. Once a supervisor exists, only a supervisor may (--as, with their password
    /// from TOASOAN_PASSWORD or the second line of --password-stdin).
    Add {
        /// What one types after --as: one word, e.g. "lan".
        name: String,
        /// Repeat for several roles.
        #[arg(long = "role", value_enum, required = true)]
        roles: Vec<RoleArg>,
        /// The full name, shown and used as the author (default: the name).
        #[arg(long)]
        display_name: Option<String>,
    },
    /// Every profile, by name.
    List,
    /// Change a profile's display name (your own, or anyone's as a supervisor) or its roles
    /// (a supervisor's decision). Needs --as.
    Edit {
        name: String,
        #[arg(long)]
        display_name: Option<String>,
        /// The profile's roles from now on; repeat for several.
        #[arg(long = "role", value_enum)]
        roles: Vec<RoleArg>,
    },
    /// Set a profile's password: the new one is the first line of --password-stdin (an empty
    /// line removes it; a supervisor's cannot be removed), the acting profile's comes after.
    /// Your own needs your current password; a supervisor may set anyone's.
    Password { name: String },
    /// Remove a profile (your own, or anyone's as a supervisor). The log keeps its name; the
    /// last supervisor cannot be removed. Needs --as.
    Remove { name: String },
}

pub fn run(
    verb: &UserVerb,
    store: &mut Store,
    out: Output,
    as_name: Option<&str>,
    passwords: &Passwords,
) -> Result<(), Error> {
    let lang = out.lang;
    match verb {
        UserVerb::Add { name, roles, display_name } => {
            // The new profile's password first (stdin's first line), then who adds it.
            let password = passwords.next_stdin_line();
            let by = as_name.map(|n| users::authenticate(store, n, passwords.acting().as_deref())).transpose()?;
            let roles: Vec<Role> = roles.iter().map(|&r| r.into()).collect();
            let user = users::add_by(
                store,
                by.as_ref(),
                name,
                display_name.as_deref().unwrap_or(""),
                &roles,
                password.as_deref(),
            )?;
            out.print(&json!({ "user": user }), || {
                tf(
                    lang,
                    "cli.user_added",
                    &[("name", &user.name), ("display_name", &user.display_name), ("roles", &role_names(&user, lang))],
                )
            });
        }
        UserVerb::Edit { name, display_name, roles } => {
            let by = acting(store, as_name, passwords)?;
            let roles: Vec<Role> = roles.iter().map(|&r| r.into()).collect();
            let user =
                users::edit(store, &by, name, display_name.as_deref(), (!roles.is_empty()).then_some(&roles[..]))?;
            out.print(&json!({ "user": user }), || {
                tf(
                    lang,
                    "cli.user_edited",
                    &[("name", &user.name), ("display_name", &user.display_name), ("roles", &role_names(&user, lang))],
                )
            });
        }
        UserVerb::Password { name } => {
            if !passwords.from_stdin() {
                return Err(Error::PasswordStdinRequired);
            }
            let new = passwords.next_stdin_line();
            let who = as_name.ok_or(Error::WhoAreYou { profiles: true })?;
            // The acting profile's password is also the current one when it is one's own.
            let current = passwords.acting();
            let by = users::authenticate(store, who, current.as_deref())?;
            let user = users::set_password(store, &by, name, current.as_deref(), new.as_deref())?;
            out.print(&json!({ "user": user }), || {
                let key = if user.protected { "cli.user_password_set" } else { "cli.user_password_removed" };
                tf(lang, key, &[("name", &user.name)])
            });
        }
        UserVerb::Remove { name } => {
            let by = acting(store, as_name, passwords)?;
            let user = users::remove(store, &by, name)?;
            out.print(&json!({ "removed": user }), || {
                tf(lang, "cli.user_removed", &[("name", &user.name), ("display_name", &user.display_name)])
            });
        }
        UserVerb::List => {
            let list = users::list(store)?;
            out.print(&json!({ "users": list }), || {
                if list.is_empty() {
                    return t(lang, "cli.user_none");
                }
                list.iter()
                    .map(|u| {
                        let lock =
                            if u.protected { format!("  [{}]", t(lang, "cli.user_protected")) } else { String::new() };
                        format!("{:<12}  {}  ({}){lock}", u.name, u.display_name, role_names(u, lang))
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
    }
    Ok(())
}

/// The profile named by --as, checked with its password: managing profiles always says who.
fn acting(store: &Store, as_name: Option<&str>, passwords: &Passwords) -> Result<users::Actor, Error> {
    let name = as_name.ok_or(Error::WhoAreYou { profiles: true })?;
    users::authenticate(store, name, passwords.acting().as_deref())
}

fn role_names(u: &UserSummary, lang: Lang) -> String {
    u.roles.iter().map(|r| t(lang, &format!("review.role.{}", r.code()))).collect::<Vec<_>>().join(", ")
}
