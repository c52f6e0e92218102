//! Search (issue 7): every word the office wrote, found the Vietnamese way.
//!
//! One folding ([`fold`]) for indexing and for queries: NFC, then case and diacritics removed,
//! đ/Đ → d. Each word is indexed as one key, `folded_marks+tone` ([`word_key`]): "người" is
//! `nguoi_nguwowi2`, "hòa" and "hoà" are both `hoa_2` (a syllable has one tone, wherever it is
//! written). A query finds every spelling (`"nguoi_"*`), ranks the exact one first, and treats
//! its last word as a prefix while it is being typed. The index is the FTS5 table
//! `search_index` (migration 0011), kept in step by triggers in the same transaction as every
//! change; the texts stay in their own tables and snippets are cut from them here, with their
//! own diacritics.

use rusqlite::functions::FunctionFlags;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::error::Result;
use crate::store::Store;

/// NFC, then case and diacritics removed, đ/Đ → d: "DÂN VẬN KHÉO", "dân vận khéo" and "dan van
/// kheo" all fold to "dan van kheo". NFD input folds the same. Spaces are kept as they are.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        match c {
            // U+00D0 (Ð) is what some old fonts and keyboards type for Đ.
            'đ' | 'Đ' | 'Ð' => out.push('d'),
            c if is_combining_mark(c) => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The tone a combining mark writes (1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng), if it is one.
fn tone_of(mark: char) -> Option<u8> {
    match mark {
        '\u{301}' => Some(1),
        '\u{300}' => Some(2),
        '\u{309}' => Some(3),
        '\u{303}' => Some(4),
        '\u{323}' => Some(5),
        _ => None,
    }
}

/// One word's index key: its folded letters, then `_`, then (when the word has marks other than
/// the tone) its letters with the marks spelled Telex-style (â → aa, ư → uw, đ → dd), then the
/// tone's digit. "bán" → `ban_1`, "bạn" → `ban_5`, "ban" → `ban_0`, "người" → `nguoi_nguwowi2`;
/// "hoà" and "hòa" → `hoa_2`. ASCII for every Vietnamese word, so FTS5 keeps it one token.
pub fn word_key(word: &str) -> String {
    let mut folded = String::with_capacity(word.len());
    let mut marked = String::with_capacity(word.len() + 4);
    let mut has_marks = false;
    let mut tone = 0u8;
    for c in word.nfd() {
        match c {
            'đ' | 'Đ' | 'Ð' => {
                folded.push('d');
                marked.push_str("dd");
                has_marks = true;
            }
            c if is_combining_mark(c) => match (tone_of(c), c) {
                (Some(t), _) => tone = t,
                // Circumflex: the letter doubled (â → aa, ê → ee, ô → oo).
                (None, '\u{302}') => {
                    if let Some(last) = marked.chars().last() {
                        marked.push(last);
                    }
                    has_marks = true;
                }
                // Breve (ă) and horn (ơ, ư).
                (None, '\u{306}' | '\u{31b}') => {
                    marked.push('w');
                    has_marks = true;
                }
                _ => {}
            },
            c => {
                for l in c.to_lowercase() {
                    folded.push(l);
                    marked.push(l);
                }
            }
        }
    }
    if has_marks {
        format!("{folded}_{marked}{tone}")
    } else {
        format!("{folded}_{tone}")
    }
}

/// The words of `text` (runs of letters and digits, after NFC).
fn words(text: &str) -> Vec<String> {
    let nfc: String = text.nfc().collect();
    nfc.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// What the index holds for `text`: each word's folded form and its exact key, space
/// separated ("Bán" → "ban ban_1").
pub fn keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2 + 8);
    for w in words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        let key = word_key(&w);
        // The key starts with the folded word, up to its '_'.
        out.push_str(&key[..key.rfind('_').unwrap_or(key.len())]);
        out.push(' ');
        out.push_str(&key);
    }
    out
}

/// A meeting report's people (who chaired and who attended: names and titles) as text.
fn meeting_people(json: &str) -> String {
    let Ok(meeting) = serde_json::from_str::<crate::template::Meeting>(json) else { return String::new() };
    meeting
        .chaired_by
        .iter()
        .chain(&meeting.attendees)
        .map(|a| format!("{} {}", a.name, a.title))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Registers the functions the index's views call (`search_keys`, `search_html`,
/// `search_meeting`) on `conn`. The store does this on every connection, before migrating.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("search_keys", 1, flags, |ctx| {
        Ok(keys(&ctx.get::<Option<String>>(0)?.unwrap_or_default()))
    })?;
    conn.create_scalar_function("search_html", 1, flags, |ctx| {
        Ok(crate::text::html_to_text(&ctx.get::<Option<String>>(0)?.unwrap_or_default()))
    })?;
    conn.create_scalar_function("search_meeting", 1, flags, |ctx| {
        Ok(meeting_people(&ctx.get::<Option<String>>(0)?.unwrap_or_default()))
    })?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Queries

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "SearchKind")]
pub enum Kind {
    Post,
    Album,
    Photo,
    Person,
    /// A post of the portal's archive (read-only here).
    Archive,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Post, Kind::Album, Kind::Photo, Kind::Person, Kind::Archive];

    /// The low three bits of the index's rowid.
    fn code(self) -> i64 {
        match self {
            Kind::Post => 0,
            Kind::Album => 1,
            Kind::Photo => 2,
            Kind::Person => 3,
            Kind::Archive => 4,
        }
    }

    fn from_code(code: i64) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Album => "album",
            Kind::Photo => "photo",
            Kind::Person => "person",
            Kind::Archive => "archive",
        }
    }
}

/// A search: the words as typed and the filters. Filters that do not apply to a kind leave
/// that kind out (a state filter finds no people).
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(rename = "SearchQuery")]
pub struct Query {
    pub text: String,
    /// Empty: every kind.
    #[serde(default)]
    pub kinds: Vec<Kind>,
    /// A review state ("draft", "submitted", "published"…): posts and albums.
    #[serde(default)]
    pub state: Option<String>,
    /// Posts only.
    #[serde(default)]
    pub category: Option<String>,
    /// The author's profile id: posts and albums.
    #[serde(default)]
    pub author_id: Option<i64>,
    /// `YYYY-MM-DD`, inclusive, Vietnam's days: a post's publication (else last change), an
    /// album's event, a photo's taking, an archive post's publication.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    /// Posts with photos (inline or featured), albums with photos.
    #[serde(default)]
    pub has_photos: Option<bool>,
    /// At most 200; 0 means 20.
    #[serde(default)]
    pub limit: u32,
    #[serde(default)]
    pub offset: u32,
}

/// A piece of a title or snippet: the words that matched are `hit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SearchPart")]
pub struct Part {
    pub text: String,
    pub hit: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "SearchHit")]
pub struct Hit {
    pub kind: Kind,
    pub id: i64,
    pub title: String,
    pub title_parts: Vec<Part>,
    /// Words around the first place the query matched, with their own diacritics.
    pub snippet: String,
    pub snippet_parts: Vec<Part>,
    /// Higher is better: the exact spelling, then words with marks, then the title, then BM25
    /// (or recency), in one number that follows the order of the hits.
    pub score: f64,
    /// Every word of the query written with the query's own diacritics.
    pub exact: bool,
    /// Posts and albums: the review state.
    pub state: Option<String>,
    /// The date the filters use (UTC RFC 3339 or `YYYY-MM-DD`).
    pub date: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "SearchResults")]
pub struct Results {
    pub hits: Vec<Hit>,
    /// More hits follow this page.
    pub more: bool,
}

/// One word of the query.
#[derive(Debug, Clone, PartialEq)]
struct Term {
    folded: String,
    /// The word's key: its exact spelling.
    key: String,
    /// Written with diacritics (so exact spellings rank first).
    marked: bool,
    /// The last word while still being typed: any word starting with it.
    prefix: bool,
}

/// At most this many words of a query count (a pasted page is not a query).
const MAX_TERMS: usize = 12;
/// A word longer than this is cut (no Vietnamese syllable comes close).
const MAX_WORD: usize = 40;
const TITLE_WEIGHT: f64 = 4.0;

fn terms(text: &str) -> Vec<Term> {
    let typing = !text.ends_with(|c: char| c.is_whitespace());
    let mut out: Vec<Term> = words(text)
        .into_iter()
        .take(MAX_TERMS)
        .map(|w| {
            let w: String = w.chars().take(MAX_WORD).collect();
            let key = word_key(&w);
            let folded = fold(&w);
            let marked = key != format!("{folded}_0");
            Term { folded, key, marked, prefix: false }
        })
        .collect();
    out.dedup();
    if typing {
        if let Some(last) = out.last_mut() {
            last.prefix = true;
        }
    }
    out
}

/// The FTS5 expression finding every spelling of every term. Terms hold only letters and
/// digits, so nothing a person types is read as FTS5 syntax.
fn recall_expression(terms: &[Term]) -> String {
    terms
        .iter()
        .map(|t| if t.prefix { format!("\"{}\"*", t.folded) } else { format!("\"{}\"", t.folded) })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The expression of the exact spellings of the marked, whole words; None when there are none.
fn exact_expression(terms: &[Term]) -> Option<String> {
    let exact: Vec<String> = terms.iter().filter(|t| t.marked && !t.prefix).map(|t| format!("\"{}\"", t.key)).collect();
    (!exact.is_empty()).then(|| exact.join(" AND "))
}

/// The expression of the marked words written without any mark ("ban" for "bán"): such hits
/// come after those with other marks ("bạn").
fn plain_expression(terms: &[Term]) -> Option<String> {
    let plain: Vec<String> =
        terms.iter().filter(|t| t.marked && !t.prefix).map(|t| format!("\"{}_0\"", t.folded)).collect();
    (!plain.is_empty()).then(|| plain.join(" OR "))
}

/// Runs `query`: hits in order, exact diacritics first, then other marks, then words written
/// without marks, each group by BM25 with the title weighted. Never an error for what a person
/// typed: a query of punctuation or emoji finds nothing.
pub fn search(store: &Store, query: &Query) -> Result<Results> {
    let mut terms = terms(&query.text);
    // One letter being typed does not narrow anything yet: after other words it waits; alone it
    // finds nothing until the second letter.
    if terms.last().is_some_and(|t| t.prefix && t.folded.chars().count() < 2) {
        terms.pop();
    }
    if terms.is_empty() {
        return Ok(Results { hits: Vec::new(), more: false });
    }
    let limit = match query.limit {
        0 => 20,
        n => n.min(200),
    };
    let mut kinds: Vec<Kind> = if query.kinds.is_empty() { Kind::ALL.to_vec() } else { query.kinds.clone() };
    let recall = recall_expression(&terms);
    let mut args: Vec<rusqlite::types::Value> = vec![recall.clone().into()];
    let mut filters = Vec::new();
    filter(query, &mut kinds, &mut filters, &mut args);
    if kinds.is_empty() {
        return Ok(Results { hits: Vec::new(), more: false });
    }
    let kind_codes = kinds.iter().map(|k| k.code().to_string()).collect::<Vec<_>>().join(", ");
    let conditions = format!(
        "search_index MATCH ?1 AND (s.rowid & 7) IN ({kind_codes}){}",
        filters.iter().map(|f| format!(" AND {f}")).collect::<String>()
    );
    let conn = store.conn();
    // Words found in a fifth of all posts match tens of thousands: only the newest WINDOW
    // matches are ranked (news is looked up recent first), so every query costs about the same.
    let bound: Option<i64> = conn
        .prepare_cached(&format!(
            "SELECT s.rowid FROM search_index s WHERE {conditions} ORDER BY s.rowid DESC LIMIT 1 OFFSET {}",
            WINDOW - 1
        ))?
        .query_row(params_from_iter(args.iter()), |r| r.get(0))
        .optional()?;
    let lower = bound.map(|b| format!(" AND rowid >= {b}")).unwrap_or_default();
    let in_set = |n: usize| format!("s.rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH ?{n}{lower})");
    let (mut exact, mut plain) = ("0".to_string(), "0".to_string());
    if let Some(e) = exact_expression(&terms) {
        args.push(e.into());
        exact = in_set(args.len());
    }
    if let Some(p) = plain_expression(&terms) {
        args.push(p.into());
        plain = in_set(args.len());
    }
    // Within the window: the exact spelling first, then other marks, then words written without
    // marks; then every word in the title; then BM25 (title weighted), or for a full window the
    // newest first (BM25 would have to read every matching post's entry).
    args.push(format!("{{title}} : ({recall})").into());
    let title = in_set(args.len());
    let score = match bound {
        Some(_) => "(s.rowid >> 3) * 1.0".to_string(),
        None => format!("-bm25(search_index, {TITLE_WEIGHT}, 1.0)"),
    };
    let sql = format!(
        "SELECT s.rowid, {score}, {exact}, {plain}, {title} FROM search_index s
         WHERE {conditions}{lower}
         ORDER BY 3 DESC, 4 ASC, 5 DESC, 2 DESC
         LIMIT {} OFFSET {}",
        limit + 1,
        query.offset,
        lower = bound.map(|b| format!(" AND s.rowid >= {b}")).unwrap_or_default(),
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    // The score says the same order in one number: the tiers, then BM25 (or recency) squeezed
    // into [0, 1).
    let rows: Vec<(i64, f64, bool)> = stmt
        .query_map(params_from_iter(args.iter()), |r| {
            let (base, exact, plain, title): (f64, bool, bool, bool) = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            let base = match bound {
                Some(b) => (r.get::<_, i64>(0)? - b) as f64 / (1.0 + (r.get::<_, i64>(0)? - b) as f64),
                None => base.max(0.0) / (1.0 + base.max(0.0)),
            };
            let score = f64::from(u8::from(exact)) * 4.0
                + f64::from(u8::from(!plain)) * 2.0
                + f64::from(u8::from(title))
                + base;
            Ok((r.get(0)?, score, exact))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let more = rows.len() > limit as usize;
    let mut hits = Vec::with_capacity(rows.len().min(limit as usize));
    for (rowid, score, exact) in rows.into_iter().take(limit as usize) {
        let Some(kind) = Kind::from_code(rowid & 7) else { continue };
        if let Some(hit) = describe(conn, kind, rowid >> 3, score, exact, &terms)? {
            hits.push(hit);
        }
    }
    Ok(Results { hits, more })
}

/// How many of the newest matches are ranked (see [`search`]).
pub const WINDOW: u32 = 1000;

/// The SQL conditions for `query`'s filters (on the hit's rowid, through each kind's table),
/// leaving out of `kinds` those a filter cannot apply to.
fn filter(query: &Query, kinds: &mut Vec<Kind>, filters: &mut Vec<String>, args: &mut Vec<rusqlite::types::Value>) {
    let mut per_kind: Vec<(Kind, Vec<String>)> = kinds.iter().map(|k| (*k, Vec::new())).collect();
    let arg = |args: &mut Vec<rusqlite::types::Value>, v: rusqlite::types::Value| {
        args.push(v);
        format!("?{}", args.len())
    };
    if let Some(state) = query.state.as_deref().filter(|s| !s.is_empty()) {
        let p = arg(args, state.to_string().into());
        per_kind.retain(|(k, _)| matches!(k, Kind::Post | Kind::Album));
        for (_, c) in &mut per_kind {
            c.push(format!("state = {p}"));
        }
    }
    if let Some(category) = query.category.as_deref().filter(|s| !s.is_empty()) {
        let p = arg(args, crate::text::nfc(category).into());
        per_kind.retain(|(k, _)| matches!(k, Kind::Post | Kind::Archive));
        for (k, c) in &mut per_kind {
            c.push(match k {
                Kind::Archive => format!("(',' || categories || ',') LIKE '%,' || {p} || ',%'"),
                _ => format!("category = {p}"),
            });
        }
    }
    if let Some(author) = query.author_id {
        let p = arg(args, author.into());
        per_kind.retain(|(k, _)| matches!(k, Kind::Post | Kind::Album));
        for (_, c) in &mut per_kind {
            c.push(format!("author_id = {p}"));
        }
    }
    let day = |d: &Option<String>| d.as_deref().filter(|d| is_day(d)).map(str::to_string);
    let (from, to) = (day(&query.from), day(&query.to));
    if from.is_some() || to.is_some() {
        let from_p = from.map(|d| arg(args, d.into()));
        let to_p = to.map(|d| arg(args, d.into()));
        per_kind.retain(|(k, _)| !matches!(k, Kind::Person));
        for (k, c) in &mut per_kind {
            // Times are UTC; the office's days are Vietnam's.
            let date = match k {
                Kind::Post => "date(coalesce(published_at, updated_at), '+7 hours')",
                Kind::Album => "coalesce(event_date, date(updated_at, '+7 hours'))",
                Kind::Photo => "coalesce(date(taken_at), date(created_at, '+7 hours'))",
                Kind::Archive => "date(published_at, '+7 hours')",
                Kind::Person => unreachable!(),
            };
            if let Some(p) = &from_p {
                c.push(format!("{date} >= {p}"));
            }
            if let Some(p) = &to_p {
                c.push(format!("{date} <= {p}"));
            }
        }
    }
    if let Some(has) = query.has_photos {
        per_kind.retain(|(k, _)| matches!(k, Kind::Post | Kind::Album));
        let not = if has { "" } else { "NOT " };
        for (k, c) in &mut per_kind {
            c.push(match k {
                Kind::Post => format!("{not}(featured_photo_id IS NOT NULL OR body_html LIKE '%data-photo-id%')"),
                _ => format!("{not}EXISTS (SELECT 1 FROM album_photo ap WHERE ap.album_id = album.id)"),
            });
        }
    }
    *kinds = per_kind.iter().map(|(k, _)| *k).collect();
    let conditions: Vec<String> = per_kind
        .into_iter()
        .filter(|(_, c)| !c.is_empty())
        .map(|(k, c)| {
            let (table, id) = table_of(k);
            format!(
                "((s.rowid & 7) <> {code} OR EXISTS (SELECT 1 FROM {table} WHERE {table}.{id} = s.rowid >> 3 AND {}))",
                c.join(" AND "),
                code = k.code()
            )
        })
        .collect();
    filters.extend(conditions);
}

fn table_of(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Post => ("post", "id"),
        Kind::Album => ("album", "id"),
        Kind::Photo => ("photo", "id"),
        Kind::Person => ("person", "id"),
        Kind::Archive => ("archive_post", "remote_id"),
    }
}

fn is_day(d: &str) -> bool {
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()
}

/// A hit as shown: its title and a snippet cut from its own text.
fn describe(conn: &Connection, kind: Kind, id: i64, score: f64, exact: bool, terms: &[Term]) -> Result<Option<Hit>> {
    let sql = match kind {
        Kind::Post => {
            "SELECT title, sapo || char(10) || search_html(body_html) || char(10) || signature, state,
                    coalesce(published_at, updated_at) FROM post WHERE id = ?1"
        }
        Kind::Album => {
            "SELECT title, description || char(10) || coalesce((SELECT group_concat(ph.caption, char(10))
                    FROM album_photo ap JOIN photo ph ON ph.id = ap.photo_id WHERE ap.album_id = album.id
                    ORDER BY ap.position), ''), state, event_date FROM album WHERE id = ?1"
        }
        Kind::Photo => "SELECT caption, alt_text || char(10) || credit, NULL, taken_at FROM photo WHERE id = ?1",
        Kind::Person => {
            "SELECT name, unit || char(10) || coalesce((SELECT group_concat(t.title || ' ' || t.unit, char(10))
                    FROM person_title t WHERE t.person_id = person.id), ''), NULL, NULL FROM person WHERE id = ?1"
        }
        Kind::Archive => {
            "SELECT title, search_html(excerpt) || char(10) || search_html(content_html), NULL, published_at
             FROM archive_post WHERE remote_id = ?1"
        }
    };
    let row: Option<(String, String, Option<String>, Option<String>)> =
        conn.prepare_cached(sql)?.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).optional()?;
    let Some((title, text, state, date)) = row else { return Ok(None) };
    let snippet_parts = snippet(&text, terms, SNIPPET_WORDS);
    Ok(Some(Hit {
        kind,
        id,
        title_parts: pieces(&title, terms),
        title,
        snippet: snippet_parts.iter().map(|p| p.text.as_str()).collect(),
        snippet_parts,
        score,
        exact,
        state,
        date,
    }))
}

const SNIPPET_WORDS: usize = 28;

/// Whether `word` (as written) is one of the query's.
fn matches(word: &str, terms: &[Term]) -> bool {
    // Most words cannot match: their first letter, folded, starts no term.
    let Some(first) = word.chars().next().and_then(|c| fold(c.encode_utf8(&mut [0; 4])).chars().next()) else {
        return false;
    };
    if !terms.iter().any(|t| t.folded.starts_with(first)) {
        return false;
    }
    let folded = fold(word);
    terms.iter().any(|t| if t.prefix { folded.starts_with(&t.folded) } else { folded == t.folded })
}

/// `text` cut into words and what lies between them, each word marked when it matched.
fn pieces(text: &str, terms: &[Term]) -> Vec<Part> {
    let text: String = text.nfc().collect();
    let mut out: Vec<Part> = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let flush = |out: &mut Vec<Part>, current: &mut String, word: bool| {
        if current.is_empty() {
            return;
        }
        let hit = word && matches(current, terms);
        match out.last_mut() {
            Some(last) if !last.hit && !hit => last.text.push_str(current),
            _ => out.push(Part { text: std::mem::take(current), hit }),
        }
        current.clear();
    };
    for c in text.chars() {
        let is_word = c.is_alphanumeric();
        if is_word != in_word {
            flush(&mut out, &mut current, in_word);
            in_word = is_word;
        }
        current.push(c);
    }
    flush(&mut out, &mut current, in_word);
    out
}

/// About `max_words` words of `text` around where most of the query's words meet, with "…"
/// where the text was cut; the start of the text when nothing matched there.
fn snippet(text: &str, terms: &[Term], max_words: usize) -> Vec<Part> {
    // Words only, with their separators folded to single spaces.
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let words: Vec<&str> = flat.split(' ').collect();
    if words.is_empty() {
        return Vec::new();
    }
    // Each word's folded form when it matched (a hyphenated word matches by its parts).
    let hit_at: Vec<Option<String>> = words
        .iter()
        .map(|w| w.split(|c: char| !c.is_alphanumeric()).find(|p| !p.is_empty() && matches(p, terms)).map(fold))
        .collect();
    // The window with the most distinct matched words, the earliest among equals.
    let span = max_words.min(words.len());
    let mut best = (0usize, 0usize);
    for start in 0..=(words.len() - span) {
        if hit_at[start].is_none() {
            continue;
        }
        let mut seen: Vec<&str> = Vec::new();
        for f in hit_at[start..start + span].iter().flatten() {
            if !seen.contains(&f.as_str()) {
                seen.push(f);
            }
        }
        if seen.len() > best.1 {
            best = (start, seen.len());
        }
    }
    // Start a few words before the first match, so it reads in context.
    let start = best.0.saturating_sub(if best.1 > 0 { 4 } else { 0 }).min(words.len() - span);
    let end = start + span;
    // "…" where the text was cut; `pieces` keeps it with the plain words around it.
    let before = if start > 0 { "…" } else { "" };
    let after = if end < words.len() { "…" } else { "" };
    pieces(&format!("{before}{}{after}", words[start..end].join(" ")), terms)
}

/// Rebuilds the whole index from the texts, as migration 0011 first filled it (a repair, should
/// the index ever disagree with the store); returns how many items it holds.
pub fn rebuild(store: &mut Store) -> Result<usize> {
    store.with_tx(|tx| {
        tx.execute("DELETE FROM search_index", [])?;
        let mut n = 0;
        for (view, code) in [
            ("search_post_doc", 0),
            ("search_album_doc", 1),
            ("search_photo_doc", 2),
            ("search_person_doc", 3),
            ("search_archive_doc", 4),
        ] {
            n += tx.execute(
                &format!(
                    "INSERT INTO search_index (rowid, title, body) SELECT id * 8 + {code}, title, body FROM {view}"
                ),
                [],
            )?;
        }
        Ok(n)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tell_spellings_apart_but_not_tone_placements() {
        assert_eq!(word_key("bán"), "ban_1");
        assert_eq!(word_key("bạn"), "ban_5");
        assert_eq!(word_key("ban"), "ban_0");
        assert_eq!(word_key("Người"), "nguoi_nguwowi2");
        assert_eq!(word_key("hoà"), word_key("hòa"));
        assert_eq!(word_key("thuỷ"), word_key("thủy"));
        assert_eq!(word_key("Uỷ"), word_key("ủy"));
        assert_eq!(word_key("ĐẢNG"), "dang_ddang3");
        assert_eq!(word_key("2020"), "2020_0");
        assert_ne!(word_key("tuân"), word_key("tuấn"));
    }

    #[test]
    fn queries_are_words_only_with_the_last_one_being_typed() {
        let t = terms("Dân vận kh");
        assert_eq!(t.len(), 3);
        assert!(t[2].prefix && !t[0].prefix);
        assert_eq!(recall_expression(&t), r#""dan" AND "van" AND "kh"*"#);
        assert_eq!(keys("Bán người"), "ban ban_1 nguoi nguoi_nguwowi2");
        assert_eq!(
            exact_expression(&t).unwrap(),
            r#""dan_dan0" AND "van_vaan5""#.replace("dan_dan0", &word_key("dân"))
        );
        assert!(terms("\"*^:()-+ NEAR AND OR").iter().all(|t| !t.folded.contains(['"', '*', '^', ':', '(', ')'])));
        assert!(terms("!!! ??? 🎉🎉").is_empty());
    }

    #[test]
    fn snippets_keep_the_diacritics_and_mark_the_words() {
        let t = terms("dan van ");
        let parts = snippet("Hội nghị tổng kết công tác dân vận năm 2019 của Ban Dân vận Quận ủy.", &t, 28);
        let hits: Vec<&str> = parts.iter().filter(|p| p.hit).map(|p| p.text.as_str()).collect();
        assert_eq!(hits, ["dân", "vận", "Dân", "vận"]);
        let text: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(text, "Hội nghị tổng kết công tác dân vận năm 2019 của Ban Dân vận Quận ủy.");
    }
}
