//! `toasoan review …`: the review workflow (issue 5). The core decides who may take which step;
//! a refused step exits 1 with `forbidden` or `invalid_transition` and changes nothing.

use clap::{Args, Subcommand};
use newsroom::error::{item_name, item_title};
use newsroom::i18n::{t, tf};
use newsroom::review::{self, Action, Item, ItemState, LogEntry};
use newsroom::revisions::{DiffOp, DiffPart};
use newsroom::text::portal_time;
use newsroom::users::Actor;
use newsroom::{Error, Lang, Store};
use serde_json::json;

use crate::{Needs, Output};

/// The item a step is taken on.
#[derive(Args)]
pub struct Target {
    /// The post's id (or the album's, with --album).
    pub id: i64,
    /// ID is an album's.
    #[arg(long)]
    pub album: bool,
}

impl Target {
    fn item(&self) -> Item {
        if self.album {
            Item::Album(self.id)
        } else {
            Item::Post(self.id)
        }
    }
}

#[derive(Args)]
pub struct Step {
    #[command(flatten)]
    target: Target,
    /// A note for the record (required to request changes).
    #[arg(long)]
    note: Option<String>,
    /// The publication time, for schedule: "YYYY-MM-DD HH:MM" or "dd/mm/yyyy HH:MM" in Vietnam's
    /// time, or RFC 3339.
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
}

#[derive(Subcommand)]
pub enum ReviewVerb {
    /// Send your own draft (or a post sent back to you) to the supervisors.
    Submit(Step),
    /// Approve what was submitted, as it is now (supervisor).
    Approve(Step),
    /// Send it back to the author; --note says what to change (supervisor).
    RequestChanges(Step),
    /// Set when an approved item goes out, --at TIME (supervisor).
    Schedule(Step),
    /// Mark an approved or scheduled item published (supervisor).
    Publish(Step),
    /// Take a scheduled or published item down (supervisor).
    Withdraw(Step),
    /// Take a withdrawn item back to draft (its author or a supervisor).
    Reopen(Step),
    /// What waits for your review, oldest submission first (supervisors).
    Queue,
    /// The navigation's counts: waiting for my review, returned to me.
    Counts,
    /// Add a note: general, on a passage of the text, or a reply.
    Note {
        #[command(flatten)]
        target: Target,
        text: String,
        /// The quoted text the note is about.
        #[arg(long)]
        passage: Option<String>,
        /// The note this one answers.
        #[arg(long, value_name = "NOTE_ID")]
        reply_to: Option<i64>,
    },
    /// An item's notes, oldest first.
    Notes {
        #[command(flatten)]
        target: Target,
    },
    /// Mark a note resolved.
    Resolve { note_id: i64 },
    /// A post's (or with --album an album's) content, word by word, against its last approval
    /// (or its last submission).
    Diff {
        #[command(flatten)]
        target: Target,
    },
}

impl ReviewVerb {
    pub(crate) fn needs(&self) -> Needs {
        match self {
            ReviewVerb::Queue | ReviewVerb::Counts => Needs::Name,
            ReviewVerb::Notes { .. } | ReviewVerb::Diff { .. } => Needs::Nobody,
            _ => Needs::Profile,
        }
    }
}

pub fn run(verb: &ReviewVerb, store: &mut Store, out: Output, actor: Option<&Actor>) -> Result<(), Error> {
    let lang = out.lang;
    let who = || actor.ok_or(Error::WhoAreYou { profiles: true });
    let step = |store: &mut Store, action: Action, s: &Step| -> Result<(), Error> {
        let state = review::transition(store, who()?, s.target.item(), action, s.note.as_deref(), s.at.as_deref())?;
        out.print(&state, || done(&state, lang));
        Ok(())
    };
    match verb {
        ReviewVerb::Submit(s) => step(store, Action::Submit, s)?,
        ReviewVerb::Approve(s) => step(store, Action::Approve, s)?,
        ReviewVerb::RequestChanges(s) => step(store, Action::RequestChanges, s)?,
        ReviewVerb::Schedule(s) => step(store, Action::Schedule, s)?,
        ReviewVerb::Publish(s) => step(store, Action::Publish, s)?,
        ReviewVerb::Withdraw(s) => step(store, Action::Withdraw, s)?,
        ReviewVerb::Reopen(s) => step(store, Action::Reopen, s)?,
        ReviewVerb::Queue => {
            // Albums edited after approval go back to the queue before it is read.
            review::refresh(store)?;
            let queue = review::queue(store, who()?)?;
            out.print(&json!({ "queue": queue }), || {
                if queue.is_empty() {
                    return t(lang, "cli.review_queue_empty");
                }
                queue
                    .iter()
                    .map(|q| {
                        let mut extra = Vec::new();
                        if q.edited_after_approval {
                            extra.push(t(lang, "cli.review_edited_after_approval"));
                        }
                        if q.open_notes > 0 {
                            extra.push(tf(lang, "cli.review_open_notes", &[("count", &q.open_notes)]));
                        }
                        let extra = if extra.is_empty() { String::new() } else { format!("  [{}]", extra.join("; ")) };
                        format!(
                            "{:<9}  {}  {}  — {}{extra}",
                            item_title(q.item, lang),
                            q.submitted_at.as_deref().map(portal_time).unwrap_or_default(),
                            q.title,
                            q.author.as_deref().unwrap_or("—"),
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        ReviewVerb::Counts => {
            review::refresh(store)?;
            let counts = review::counts(store, who()?)?;
            out.print(&counts, || {
                tf(
                    lang,
                    "cli.review_counts",
                    &[("waiting", &counts.waiting_for_me), ("returned", &counts.returned_to_me)],
                )
            });
        }
        ReviewVerb::Note { target, text, passage, reply_to } => {
            let note = review::add_note(store, who()?, target.item(), text, passage.as_deref(), *reply_to)?;
            out.print(&json!({ "note": note }), || {
                tf(lang, "cli.review_note_added", &[("id", &note.id), ("item", &item_name(note.item, lang))])
            });
        }
        ReviewVerb::Notes { target } => {
            review::state(store, target.item())?;
            let notes = review::notes(store, target.item())?;
            out.print(&json!({ "notes": notes }), || {
                if notes.is_empty() {
                    return t(lang, "cli.review_notes_none");
                }
                notes
                    .iter()
                    .map(|n| {
                        let mut head = format!("#{}  {}  {}", n.id, portal_time(&n.created_at), n.author);
                        if let Some(to) = n.reply_to {
                            head += &format!("  ({})", tf(lang, "cli.review_reply_to", &[("id", &to)]));
                        }
                        if n.resolved_at.is_some() {
                            head += &format!("  [{}]", t(lang, "cli.review_resolved"));
                        }
                        let quote = n.passage.as_deref().map(|p| format!("\n    «{p}»")).unwrap_or_default();
                        format!("{head}{quote}\n    {}", n.body)
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        ReviewVerb::Resolve { note_id } => {
            let note = review::resolve_note(store, who()?, *note_id)?;
            out.print(&json!({ "note": note }), || tf(lang, "cli.review_note_resolved", &[("id", note_id)]));
        }
        ReviewVerb::Diff { target } => {
            let diff = review::review_diff(store, target.item())?;
            out.print(&diff, || {
                let when = diff.at.as_deref().map(portal_time).unwrap_or_default();
                let head = match diff.against.as_deref() {
                    Some("approved") => tf(lang, "cli.review_diff_approved", &[("when", &when)]),
                    Some(_) => tf(lang, "cli.review_diff_submitted", &[("when", &when)]),
                    None => t(lang, "cli.review_diff_new"),
                };
                format!("{head}\n\n{}", diff_text(&diff.parts))
            });
        }
    }
    Ok(())
}

/// A word diff as text: [-removed-] and [+added+] around what changed.
pub(crate) fn diff_text(parts: &[DiffPart]) -> String {
    parts
        .iter()
        .map(|p| match p.op {
            DiffOp::Same => p.text.clone(),
            DiffOp::Added => format!("[+{}+]", p.text),
            DiffOp::Removed => format!("[-{}-]", p.text),
        })
        .collect()
}

/// "Bài 3: đã gửi duyệt." — or, for a schedule, when it goes out.
fn done(s: &ItemState, lang: Lang) -> String {
    let item = item_title(s.item, lang);
    match &s.scheduled_at {
        Some(at) if s.state == review::State::Scheduled => {
            tf(lang, "cli.review_scheduled", &[("item", &item), ("when", &portal_time(at))])
        }
        _ => tf(
            lang,
            "cli.review_done",
            &[("item", &item), ("state", &t(lang, &format!("review.state.{}", s.state.code())))],
        ),
    }
}

/// `post log` and `album log`: the item's log, oldest first.
pub fn print_log(store: &Store, item: Item, out: Output) -> Result<(), Error> {
    let lang = out.lang;
    let log = review::log(store, item)?;
    out.print(&json!({ "item": item, "log": log }), || {
        if log.is_empty() {
            return tf(lang, "cli.review_log_empty", &[("item", &item_name(item, lang))]);
        }
        log.iter().map(|e| log_line(e, lang)).collect::<Vec<_>>().join("\n")
    });
    Ok(())
}

fn log_line(e: &LogEntry, lang: Lang) -> String {
    let state = |s: review::State| t(lang, &format!("review.state.{}", s.code()));
    let from = e.from_state.map(state).unwrap_or_default();
    let note = e.note.as_deref().map(|n| format!("  «{n}»")).unwrap_or_default();
    format!(
        "{:>3}  {}  {}  {}: {from} → {}{note}  ({})",
        e.seq,
        portal_time(&e.at),
        e.user.clone().unwrap_or_else(|| t(lang, "cli.review_system")),
        t(lang, &format!("review.action.{}", e.action)),
        state(e.to_state),
        &e.hash[..12],
    )
}
