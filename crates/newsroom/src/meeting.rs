//! A meeting report's fields, kept with its post, and the template run against the body the
//! editor is writing: the template's own paragraphs are refreshed, the editor's are kept, and a
//! generated paragraph the editor changed is only replaced when the editor says so.

use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::posts::{self, Post};
use crate::store::Store;
use crate::template::{self, Meeting, MergeOutcome, Rendered};
use crate::text::{html_blocks, html_to_text, paragraphs_to_html};

/// The fields saved for this post, if it is a meeting report.
pub fn get(store: &Store, post_id: i64) -> Result<Option<Meeting>> {
    posts::get(store, post_id)?;
    Ok(load(store.conn(), post_id)?.map(|(m, _)| m))
}

fn load(conn: &Connection, post_id: i64) -> Result<Option<(Meeting, Rendered)>> {
    let row: Option<(String, String)> = conn
        .query_row("SELECT meeting, generated FROM post_meeting WHERE post_id = ?1", [post_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(row.map(|(m, g)| (serde_json::from_str(&m).unwrap_or_default(), serde_json::from_str(&g).unwrap_or_default())))
}

/// What running the template now would do to the body: the new paragraphs, and the generated
/// paragraphs the editor changed that the template would change too (to ask about).
pub fn preview(store: &Store, post_id: i64, meeting: &Meeting) -> Result<MergeOutcome> {
    let post = posts::get(store, post_id)?;
    let previous = load(store.conn(), post_id)?.map(|(_, g)| g).unwrap_or_default();
    Ok(outcome(&post, &previous, meeting))
}

/// The body's blocks (HTML) and their text, as the template compares them.
fn blocks(post: &Post) -> (Vec<String>, Vec<String>) {
    let blocks = html_blocks(&post.body_html);
    let texts = blocks.iter().map(|b| html_to_text(b)).collect();
    (blocks, texts)
}

fn outcome(post: &Post, previous: &Rendered, meeting: &Meeting) -> MergeOutcome {
    template::merge(previous, &blocks(post).1, &template::render(meeting))
}

/// Runs the template into the post's body; `accept[i]` says whether conflict `i` of
/// [`preview`] takes the template's text. The fields are saved with the post.
pub fn apply(store: &mut Store, post_id: i64, meeting: &Meeting, accept: &[bool]) -> Result<Post> {
    store.with_tx(|tx| {
        let post = posts::fetch(tx, post_id)?;
        let previous = load(tx, post_id)?.map(|(_, g)| g).unwrap_or_default();
        let (blocks, texts) = blocks(&post);
        let paragraphs = template::merge(&previous, &texts, &template::render(meeting)).resolve(accept);

        // A paragraph the editor wrote keeps its formatting: reuse its block as it is.
        let mut body = String::new();
        for text in &paragraphs {
            match texts.iter().position(|t| t == text) {
                Some(i) => {
                    body.push_str(&blocks[i]);
                    body.push('\n');
                }
                None => body.push_str(&paragraphs_to_html(text)),
            }
        }
        let now = Utc::now();
        let edit = posts::PostEdit { body_html: body, ..posts::as_edit(&post) };
        let saved = posts::apply(tx, edit, now, crate::revisions::Kind::Autosave, "")?;
        tx.execute(
            "INSERT INTO post_meeting (post_id, meeting, generated, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (post_id) DO UPDATE SET meeting = excluded.meeting, generated = excluded.generated,
                                                 updated_at = excluded.updated_at",
            params![
                post_id,
                serde_json::to_string(meeting).expect("serialisable"),
                serde_json::to_string(&template::render(meeting)).expect("serialisable"),
                posts::stamp(now)
            ],
        )?;
        Ok(saved)
    })
}
