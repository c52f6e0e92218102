//! People at the keyboard (issue 5): this PC's user profiles, their roles, and who is acting.
//! A supervisor's profile is protected by a password so that an editor cannot approve by
//! switching profiles; only its argon2id hash is stored, and the password is never logged.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::Store;
use crate::text::{nfc, now_utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Writes posts (biên tập viên).
    Editor,
    /// Makes albums (phóng viên ảnh).
    Photographer,
    /// Requests changes, approves, schedules, publishes and withdraws (người duyệt).
    Supervisor,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Editor, Role::Photographer, Role::Supervisor];

    pub fn code(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Photographer => "photographer",
            Role::Supervisor => "supervisor",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code.trim().to_lowercase())
    }
}

/// Who is acting: an authenticated profile. Only [`authenticate`] makes one from the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Actor {
    pub id: i64,
    pub name: String,
    /// Shown in the window and used as the author.
    pub display_name: String,
    pub roles: Vec<Role>,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// A profile as the user list and the switcher show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UserSummary {
    pub id: i64,
    pub name: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    /// True when switching to it asks for a password.
    pub protected: bool,
    pub created_at: String,
}

const COLUMNS: &str = "id, name, display_name, is_editor, is_photographer, is_supervisor, password_hash, created_at";

fn from_row(r: &Row) -> rusqlite::Result<(UserSummary, Option<String>)> {
    let mut roles = Vec::new();
    for (i, role) in Role::ALL.into_iter().enumerate() {
        if r.get::<_, bool>(3 + i)? {
            roles.push(role);
        }
    }
    let hash: Option<String> = r.get(6)?;
    Ok((
        UserSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            display_name: r.get(2)?,
            roles,
            protected: hash.is_some(),
            created_at: r.get(7)?,
        },
        hash,
    ))
}

/// The name one types after `--as`: trimmed, NFC, lowercase, and one word (no spaces or
/// control characters), so "Lan" and "lan" are the same profile.
pub fn clean_name(name: &str) -> Result<String> {
    let name = nfc(name.trim()).to_lowercase();
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::UserNameInvalid(name));
    }
    Ok(name)
}

/// Adds a profile, as the first setup does: refused with `forbidden` once a supervisor exists
/// (then only a supervisor adds profiles, see [`add_by`]).
pub fn add(
    store: &mut Store,
    name: &str,
    display_name: &str,
    roles: &[Role],
    password: Option<&str>,
) -> Result<UserSummary> {
    add_by(store, None, name, display_name, roles, password)
}

/// Adds a profile on behalf of `by`. Once a supervisor profile exists only a supervisor may add
/// profiles; otherwise an editor could make a supervisor profile of their own and approve with
/// it. Before that (the first setup) anyone may. A supervisor needs a password; any profile may
/// have one. An empty display name takes the name.
pub fn add_by(
    store: &mut Store,
    by: Option<&Actor>,
    name: &str,
    display_name: &str,
    roles: &[Role],
    password: Option<&str>,
) -> Result<UserSummary> {
    let may_add = |conn: &Connection| -> Result<()> {
        if any_supervisor(conn)? && !by.is_some_and(|a| a.has(Role::Supervisor)) {
            return Err(Error::UserAddForbidden);
        }
        Ok(())
    };
    // Who may add comes before what is added: a refusal should not coach the form.
    may_add(store.conn())?;
    let name = clean_name(name)?;
    let display_name = match nfc(display_name.trim()) {
        d if d.is_empty() => name.clone(),
        d => d,
    };
    if roles.is_empty() {
        return Err(Error::RoleRequired);
    }
    let password = password.filter(|p| !p.is_empty());
    if roles.contains(&Role::Supervisor) && password.is_none() {
        return Err(Error::PasswordRequired);
    }
    // Hash before the transaction: argon2 takes a moment and should not hold the write lock.
    let hash = password.map(hash_password).transpose()?;
    store.with_tx(|tx| {
        // Again inside the write lock: another window may have added a supervisor meanwhile.
        may_add(tx)?;
        if find(tx, &name)?.is_some() {
            return Err(Error::UserExists(name.clone()));
        }
        tx.execute(
            "INSERT INTO user (name, display_name, is_editor, is_photographer, is_supervisor, password_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                name,
                display_name,
                roles.contains(&Role::Editor),
                roles.contains(&Role::Photographer),
                roles.contains(&Role::Supervisor),
                hash,
                now_utc()
            ],
        )?;
        Ok(find(tx, &name)?.expect("just inserted").0)
    })
}

fn any_supervisor(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM user WHERE is_supervisor = 1 AND removed_at IS NULL)",
        [],
        |r| r.get(0),
    )?)
}

fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut rand_core::OsRng);
    // Argon2::default() is argon2id with the crate's recommended cost (19 MiB, 2 passes).
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::PasswordHash(e.to_string()))
}

fn find(conn: &Connection, name: &str) -> Result<Option<(UserSummary, Option<String>)>> {
    Ok(conn
        .query_row(&format!("SELECT {COLUMNS} FROM user WHERE name = ?1 AND removed_at IS NULL"), [name], from_row)
        .optional()?)
}

/// Every profile still in use, by name.
pub fn list(store: &Store) -> Result<Vec<UserSummary>> {
    let mut stmt =
        store.conn().prepare(&format!("SELECT {COLUMNS} FROM user WHERE removed_at IS NULL ORDER BY name"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.map(|r| r.map(|(u, _)| u)).collect::<rusqlite::Result<_>>()?)
}

/// True once any profile exists: acting then needs to say who one is.
pub fn any(store: &Store) -> Result<bool> {
    Ok(store.conn().query_row("SELECT EXISTS (SELECT 1 FROM user WHERE removed_at IS NULL)", [], |r| r.get(0))?)
}

pub fn get_by_name(store: &Store, name: &str) -> Result<UserSummary> {
    let cleaned = clean_name(name).map_err(|_| Error::UnknownUser(name.trim().to_string()))?;
    find(store.conn(), &cleaned)?.map(|(u, _)| u).ok_or(Error::UnknownUser(cleaned))
}

/// The display name of profile `id`, for logs and notes.
pub(crate) fn display_name(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT display_name FROM user WHERE id = ?1", [id], |r| r.get(0)).optional()?)
}

/// Switches to profile `name`. A protected profile needs its password: none, or a wrong one,
/// is refused with `wrong_password` (and nothing about the password is kept or logged). An
/// unprotected profile ignores a password given.
pub fn authenticate(store: &Store, name: &str, password: Option<&str>) -> Result<Actor> {
    let cleaned = clean_name(name).map_err(|_| Error::UnknownUser(name.trim().to_string()))?;
    let (user, hash) = find(store.conn(), &cleaned)?.ok_or(Error::UnknownUser(cleaned))?;
    if let Some(hash) = hash {
        let Some(password) = password.filter(|p| !p.is_empty()) else {
            return Err(Error::WrongPassword { name: user.name, missing: true });
        };
        let parsed = PasswordHash::new(&hash).map_err(|e| Error::PasswordHash(e.to_string()))?;
        if Argon2::default().verify_password(password.as_bytes(), &parsed).is_err() {
            return Err(Error::WrongPassword { name: user.name, missing: false });
        }
    }
    Ok(Actor { id: user.id, name: user.name, display_name: user.display_name, roles: user.roles })
}

// ---------------------------------------------------------------------------------------------
// Managing profiles

/// `actor` as the store has them now: a profile removed, or a role taken away, since they chose
/// it counts from that moment, not from their next switch. A removed profile is `unknown_user`.
pub fn reload(conn: &Connection, actor: &Actor) -> Result<Actor> {
    let (user, _) = conn
        .query_row(&format!("SELECT {COLUMNS} FROM user WHERE id = ?1 AND removed_at IS NULL"), [actor.id], from_row)
        .optional()?
        .ok_or_else(|| Error::UnknownUser(actor.name.clone()))?;
    Ok(Actor { id: user.id, name: user.name, display_name: user.display_name, roles: user.roles })
}

/// True when profile `id` was removed: its work may be taken over by another author.
pub(crate) fn is_removed(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .query_row("SELECT removed_at IS NOT NULL FROM user WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .unwrap_or(true))
}

/// Whether `by` may manage other people's profiles: a supervisor, or anyone while this PC has
/// no supervisor yet (the first setup, as for [`add_by`]).
fn may_manage(conn: &Connection, by: &Actor) -> Result<bool> {
    Ok(by.has(Role::Supervisor) || !any_supervisor(conn)?)
}

/// Refuses to leave this PC without a supervisor: nobody could approve anything then.
fn keeps_a_supervisor(conn: &Connection, leaving: &UserSummary) -> Result<()> {
    if !leaving.roles.contains(&Role::Supervisor) {
        return Ok(());
    }
    let others: i64 = conn.query_row(
        "SELECT count(*) FROM user WHERE is_supervisor = 1 AND removed_at IS NULL AND id <> ?1",
        [leaving.id],
        |r| r.get(0),
    )?;
    if others == 0 {
        return Err(Error::LastSupervisor(leaving.display_name.clone()));
    }
    Ok(())
}

/// Changes profile `name`'s display name and/or roles. Anyone may change their own display
/// name; other people's profiles, and roles (one's own included, so an editor cannot make
/// themselves a supervisor), are a supervisor's to change. A supervisor role needs a password
/// on the profile, and the last supervisor keeps the role.
pub fn edit(
    store: &mut Store,
    by: &Actor,
    name: &str,
    display_name: Option<&str>,
    roles: Option<&[Role]>,
) -> Result<UserSummary> {
    let display_name = display_name.map(|d| nfc(d.trim()));
    if display_name.as_deref() == Some("") {
        return Err(Error::DisplayNameRequired);
    }
    if roles.is_some_and(|r| r.is_empty()) {
        return Err(Error::RoleRequired);
    }
    store.with_tx(|tx| {
        let by = reload(tx, by)?;
        let (user, hash) = target(tx, name)?;
        let manager = may_manage(tx, &by)?;
        if !(manager || (user.id == by.id && roles.is_none())) {
            return Err(Error::UserManageForbidden);
        }
        if let Some(roles) = roles {
            if roles.contains(&Role::Supervisor) && hash.is_none() {
                return Err(Error::PasswordRequired);
            }
            if !roles.contains(&Role::Supervisor) {
                keeps_a_supervisor(tx, &user)?;
            }
            tx.execute(
                "UPDATE user SET is_editor = ?2, is_photographer = ?3, is_supervisor = ?4 WHERE id = ?1",
                params![
                    user.id,
                    roles.contains(&Role::Editor),
                    roles.contains(&Role::Photographer),
                    roles.contains(&Role::Supervisor)
                ],
            )?;
        }
        if let Some(d) = &display_name {
            tx.execute("UPDATE user SET display_name = ?2 WHERE id = ?1", params![user.id, d])?;
        }
        Ok(target(tx, &user.name)?.0)
    })
}

/// Sets or removes profile `name`'s password. One's own needs the current password (so a PC
/// left open cannot be taken over); a supervisor may set anyone's, for someone who forgot
/// theirs. A supervisor's profile cannot lose its password.
pub fn set_password(
    store: &mut Store,
    by: &Actor,
    name: &str,
    current: Option<&str>,
    new: Option<&str>,
) -> Result<UserSummary> {
    let new = new.filter(|p| !p.is_empty());
    let (user, hash) = target(store.conn(), name)?;
    let by = reload(store.conn(), by)?;
    if user.id == by.id {
        if hash.is_some() {
            authenticate(store, &user.name, current)?;
        }
    } else if !may_manage(store.conn(), &by)? {
        return Err(Error::UserManageForbidden);
    }
    if new.is_none() && user.roles.contains(&Role::Supervisor) {
        return Err(Error::PasswordRequired);
    }
    // Hash outside the write lock, as add_by does.
    let new_hash = new.map(hash_password).transpose()?;
    store.with_tx(|tx| {
        // The roles may have changed meanwhile: a supervisor keeps a password whatever happened.
        tx.execute(
            "UPDATE user SET password_hash = ?2 WHERE id = ?1 AND (?2 IS NOT NULL OR is_supervisor = 0)",
            params![user.id, new_hash],
        )?;
        Ok(target(tx, &user.name)?.0)
    })
}

/// Removes profile `name` (a supervisor's decision, or one's own). It leaves the list and
/// cannot be chosen again, while the log, the notes and the posts keep its display name; its
/// items may then be taken over by another author. The last supervisor cannot be removed.
pub fn remove(store: &mut Store, by: &Actor, name: &str) -> Result<UserSummary> {
    store.with_tx(|tx| {
        let by = reload(tx, by)?;
        let (user, _) = target(tx, name)?;
        if !(user.id == by.id || may_manage(tx, &by)?) {
            return Err(Error::UserManageForbidden);
        }
        keeps_a_supervisor(tx, &user)?;
        // The login name is freed (a new colleague may be called "lan" too): the row keeps a
        // name nobody can type, since names have no spaces.
        tx.execute(
            "UPDATE user SET removed_at = ?2, name = name || ' (' || id || ')' WHERE id = ?1",
            params![user.id, now_utc()],
        )?;
        Ok(user)
    })
}

fn target(conn: &Connection, name: &str) -> Result<(UserSummary, Option<String>)> {
    let cleaned = clean_name(name).map_err(|_| Error::UnknownUser(name.trim().to_string()))?;
    find(conn, &cleaned)?.ok_or(Error::UnknownUser(cleaned))
}
