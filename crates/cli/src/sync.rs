//! `toasoan sync …`: the outbox to the portal (issue 6). `run` sends and receives until nothing
//! is left that can go now, then reports; `status` lists what waits, what failed and why.

use std::process::ExitCode;

use chrono::Utc;
use clap::Subcommand;
use newsroom::i18n::{t, tf};
use newsroom::outbox::{self, Entry, State};
use newsroom::review::Item;
use newsroom::text::portal_time;
use newsroom::users::Actor;
use newsroom::{Error, Lang, Store};
use serde_json::json;
use toasoan_portal::conflict::{self, Choice};
use toasoan_portal::sync::{self, Report};
use toasoan_portal::PortalError;

use crate::portal::fail;
use crate::review::diff_text;
use crate::Output;

#[derive(Subcommand)]
pub enum SyncVerb {
    /// Send everything that can go now, then report what was sent, what failed and why.
    Run,
    /// What waits to be sent, what failed and why, and the last sent.
    Status,
    /// Send a failed entry (and the rest of its item's) again.
    Retry { id: i64 },
    /// Do not send this entry.
    Cancel { id: i64 },
    /// A post changed on the portal and here: both versions, word by word.
    Conflict { post_id: i64 },
    /// Settle a conflict: --keep-mine sends this PC's version over the portal's; --take-theirs
    /// makes the local post the portal's version. (To merge by hand: edit, then --keep-mine.)
    Resolve {
        post_id: i64,
        #[arg(long, conflicts_with = "take_theirs", required_unless_present = "take_theirs")]
        keep_mine: bool,
        #[arg(long)]
        take_theirs: bool,
    },
}

impl SyncVerb {
    pub(crate) fn changes(&self) -> bool {
        matches!(self, SyncVerb::Retry { .. } | SyncVerb::Cancel { .. } | SyncVerb::Resolve { .. })
    }
}

pub fn run(verb: &SyncVerb, store: &mut Store, out: Output, actor: Option<&Actor>) -> Result<ExitCode, Error> {
    let lang = out.lang;
    match verb {
        SyncVerb::Run => match sync::run(store, lang, Utc::now, sync::clock_jitter) {
            Ok(report) => {
                out.print(&report, || summary(&report, lang));
                let stuck = report.items.iter().any(|i| matches!(i.outcome.as_str(), "failed" | "conflict"));
                return Ok(if stuck { ExitCode::from(1) } else { ExitCode::SUCCESS });
            }
            Err(e) => return Ok(fail(&e, out)),
        },
        SyncVerb::Status => {
            let entries = outbox::list(store, 20)?;
            let counts = outbox::counts(store)?;
            out.print(&json!({ "entries": entries, "counts": counts }), || {
                let mut lines = vec![tf(
                    lang,
                    "cli.sync_counts",
                    &[("waiting", &counts.waiting), ("failed", &counts.failed), ("conflict", &counts.conflict)],
                )];
                lines.extend(entries.iter().map(|e| line(e, lang)));
                lines.join("\n")
            });
        }
        SyncVerb::Retry { id } => {
            let e = outbox::retry(store, *id)?;
            out.print(&json!({ "entry": e }), || line(&e, lang));
        }
        SyncVerb::Cancel { id } => {
            let e = outbox::cancel(store, *id, Utc::now())?;
            out.print(&json!({ "entry": e }), || line(&e, lang));
        }
        SyncVerb::Conflict { post_id } => match conflict::get(store, Item::Post(*post_id)) {
            Ok(Some(c)) => out.print(&c, || {
                let body = diff_text(&c.parts);
                format!(
                    "{}\n\n{body}",
                    tf(lang, "cli.sync_conflict_head", &[("when", &portal_time(&c.portal_modified))])
                )
            }),
            Ok(None) => return Ok(fail(&PortalError::NoConflict, out)),
            Err(e) => return Ok(fail(&e, out)),
        },
        SyncVerb::Resolve { post_id, keep_mine, .. } => {
            let choice = if *keep_mine { Choice::KeepMine } else { Choice::TakeTheirs };
            if let Err(e) = conflict::resolve(store, actor, Item::Post(*post_id), choice) {
                return Ok(fail(&e, out));
            }
            let key = if *keep_mine { "cli.sync_kept_mine" } else { "cli.sync_took_theirs" };
            out.print(&json!({ "resolved": choice }), || t(lang, key));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn state_name(s: State, lang: Lang) -> String {
    let code = serde_json::to_value(s).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
    t(lang, &format!("cli.sync_state.{code}"))
}

fn line(e: &Entry, lang: Lang) -> String {
    let item = newsroom::error::item_title(e.item, lang);
    let error = e.error.as_deref().map(|m| format!("\n      {m}")).unwrap_or_default();
    format!("{:>4}  {}  {item} «{}»  ({}){error}", e.id, state_name(e.state, lang), e.title, e.reason)
}

fn summary(r: &Report, lang: Lang) -> String {
    let received = r.received.iter().map(|i| {
        let item = newsroom::error::item_title(i.item, lang);
        let link = i.link.as_deref().map(|l| format!(" {l}")).unwrap_or_default();
        format!("{item} «{}»: {}{link}", i.title, t(lang, &format!("cli.sync_received.{}", i.outcome)))
    });
    if r.items.is_empty() {
        let lines: Vec<String> = received.collect();
        return if lines.is_empty() { t(lang, "cli.sync_nothing") } else { lines.join("\n") };
    }
    let mut lines: Vec<String> = r
        .items
        .iter()
        .map(|i| {
            let item = newsroom::error::item_title(i.item, lang);
            let what = match (&i.error, &i.remote_status) {
                (Some(e), _) => e.message.clone(),
                (None, Some(status)) => {
                    tf(lang, "cli.sync_sent", &[("status", &t(lang, &format!("cli.wp_status.{status}")))])
                }
                (None, None) => t(lang, "cli.sync_nothing_for_item"),
            };
            let link = i.link.as_deref().map(|l| format!(" {l}")).unwrap_or_default();
            format!("{item} «{}»: {what}{link}", i.title)
        })
        .collect();
    lines.extend(received);
    lines.push(tf(
        lang,
        "cli.sync_counts",
        &[("waiting", &r.counts.waiting), ("failed", &r.counts.failed), ("conflict", &r.counts.conflict)],
    ));
    lines.join("\n")
}
