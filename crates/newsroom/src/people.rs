//! The people directory (danh bạ): officials, their unit, and each title with the dates it was
//! held. Editors pick attendees from it; a title not held on the meeting's date is flagged.
//! Lists come from the .csv and .xlsx files offices already keep.

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use ts_rs::TS;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};
use crate::i18n::{tf, Lang};
use crate::store::Store;
use crate::text::{nfc, now_utc, vietnam};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Person {
    pub id: i64,
    pub name: String,
    /// The person's unit now ("Quận ủy Tây Hồ").
    pub unit: String,
    pub note: String,
    /// Oldest first.
    pub titles: Vec<PersonTitle>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PersonTitle {
    pub id: i64,
    pub title: String,
    /// The unit the title belonged to at the time.
    pub unit: String,
    /// 'YYYY-MM-DD'; None when not known.
    pub held_from: Option<String>,
    /// 'YYYY-MM-DD', the last day held; None while still held or when not known.
    pub held_until: Option<String>,
}

/// What an import did, counted in people: a person counts once however many rows they have.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ImportReport {
    pub added: u32,
    /// Already there, and a title or the note was added or changed.
    pub updated: u32,
    pub unchanged: u32,
    /// The rows skipped, each with the reason.
    pub rows: Vec<ImportRow>,
}

/// A skipped row of the file.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ImportRow {
    /// The row's number as the spreadsheet or text editor shows it (the header is usually 1).
    pub row: u32,
    /// "missing_name", "bad_date", "dates_reversed" or "dates_without_title".
    pub code: String,
    /// The reason and what to do, in the reader's language.
    pub message: String,
}

/// One autocomplete entry.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Suggestion {
    pub person: Person,
    /// The title held on the date asked about (today when none was given), if any.
    pub title: Option<PersonTitle>,
    /// What goes into the article: "đồng chí Nguyễn Anh Tuấn - Phó Bí thư thường trực Quận ủy".
    pub display: String,
}

/// Why an attendee's name or title needs a second look.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TitleWarning {
    /// "unknown_person" or "title_not_held".
    pub code: String,
    pub message: String,
    /// The person meant, when the name names exactly one.
    pub person_id: Option<i64>,
    /// The titles the person (or namesakes) did hold on that date, to offer instead.
    pub held: Vec<String>,
}

/// Lowercase, diacritics removed, đ→d, single spaces: "Đỗ  Anh Tuấn" → "do anh tuan".
/// What the `name_folded` column holds and what search compares.
pub fn fold(s: &str) -> String {
    // Search's folding, so a name is found the same way everywhere.
    crate::search::fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// NFC, trimmed, inner runs of spaces (Excel's non-breaking ones too) made one.
fn clean(s: &str) -> String {
    nfc(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A date as 'YYYY-MM-DD' from dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd (also with '-' or '.'
/// between day, month and year), or a spreadsheet's "yyyy-mm-ddT00:00:00".
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    let s = match s.char_indices().nth(10) {
        Some((i, 'T' | ' ')) if s[..i].contains('-') => &s[..i],
        _ => s,
    };
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let (y, m, d) = if parts[0].len() == 4 {
        (parts[0], parts[1], parts[2])
    } else if parts[2].len() == 4 {
        (parts[2], parts[1], parts[0])
    } else {
        // Two-digit years are ambiguous (1925 or 2025?); ask for four.
        return None;
    };
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    Some(date.format("%Y-%m-%d").to_string())
}

fn today() -> String {
    chrono::Utc::now().with_timezone(&vietnam()).date_naive().format("%Y-%m-%d").to_string()
}

/// 'YYYY-MM-DD' → dd/mm/yyyy, the office's way of writing a date.
fn vn_date(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or(iso.to_string())
}

fn held_on(t: &PersonTitle, date: &str) -> bool {
    t.held_from.as_deref().is_none_or(|f| f <= date) && t.held_until.as_deref().is_none_or(|u| date <= u)
}

/// Titles are typed by hand in posts; case and spacing should not make a title "different".
fn same_title(a: &str, b: &str) -> bool {
    clean(a).to_lowercase() == clean(b).to_lowercase()
}

/// The title in force on `date`; with several (concurrent posts), the most recently taken.
fn title_on<'a>(p: &'a Person, date: &str) -> Option<&'a PersonTitle> {
    p.titles.iter().filter(|t| held_on(t, date)).max_by(|a, b| (&a.held_from, a.id).cmp(&(&b.held_from, b.id)))
}

/// The text an article uses for a person; it is Vietnamese whatever the interface language.
pub fn display(name: &str, title: Option<&str>) -> String {
    match title {
        Some(t) if !t.is_empty() => format!("đồng chí {name} - {t}"),
        _ => format!("đồng chí {name}"),
    }
}

// ---- Reading the directory ----

fn person_from_row(r: &Row) -> rusqlite::Result<Person> {
    Ok(Person { id: r.get(0)?, name: r.get(1)?, unit: r.get(2)?, note: r.get(3)?, titles: Vec::new() })
}

fn title_from_row(r: &Row) -> rusqlite::Result<PersonTitle> {
    Ok(PersonTitle { id: r.get(0)?, title: r.get(1)?, unit: r.get(2)?, held_from: r.get(3)?, held_until: r.get(4)? })
}

/// The people matching `filter` (an SQL condition on `person`), each with their titles.
fn fetch_people(conn: &Connection, filter: &str, args: impl rusqlite::Params) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare(&format!("SELECT id, name, unit, note FROM person WHERE {filter}"))?;
    let mut people = stmt.query_map(args, person_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut titles = conn.prepare(
        "SELECT id, title, unit, held_from, held_until FROM person_title
         WHERE person_id = ?1 ORDER BY coalesce(held_from, ''), id",
    )?;
    for p in &mut people {
        p.titles = titles.query_map([p.id], title_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    }
    Ok(people)
}

/// Vietnamese alphabetical order: a < ă < â < b … d < đ … o < ô < ơ … u < ư, then the tones
/// (none, huyền, hỏi, ngã, sắc, nặng). Returns (letters, tones), compared in that order.
fn collation(s: &str) -> (Vec<u32>, Vec<u8>) {
    let mut letters: Vec<u32> = Vec::new();
    let mut tones: Vec<u8> = Vec::new();
    let mark = |letters: &mut Vec<u32>, k: u32| {
        if let Some(last) = letters.last_mut() {
            *last += k;
        }
    };
    for c in s.nfd() {
        match c {
            '\u{0306}' => mark(&mut letters, 1), // ă
            '\u{0302}' => mark(&mut letters, 2), // â ê ô
            '\u{031B}' => mark(&mut letters, 3), // ơ ư
            '\u{0300}' | '\u{0309}' | '\u{0303}' | '\u{0301}' | '\u{0323}' => {
                if let Some(last) = tones.last_mut() {
                    *last = match c {
                        '\u{0300}' => 1,
                        '\u{0309}' => 2,
                        '\u{0303}' => 3,
                        '\u{0301}' => 4,
                        _ => 5,
                    };
                }
            }
            c if is_combining_mark(c) => {}
            'đ' | 'Đ' | 'Ð' => {
                letters.push('d' as u32 * 4 + 1);
                tones.push(0);
            }
            c => {
                for l in c.to_lowercase() {
                    letters.push(l as u32 * 4);
                    tones.push(0);
                }
            }
        }
    }
    (letters, tones)
}

/// Vietnamese lists sort by the given name (the last word), then by the whole name.
fn sort_key(p: &Person) -> impl Ord {
    let given = p.name.rsplit(' ').next().unwrap_or("");
    let (g, gt) = collation(given);
    let (n, nt) = collation(&p.name);
    (g, gt, n, nt, collation(&p.unit), p.id)
}

/// Everyone in the directory, in Vietnamese alphabetical order of given name.
pub fn list(store: &Store) -> Result<Vec<Person>> {
    let mut people = fetch_people(store.conn(), "1", [])?;
    people.sort_by_cached_key(sort_key);
    Ok(people)
}

pub fn get(store: &Store, id: i64) -> Result<Option<Person>> {
    Ok(fetch_people(store.conn(), "id = ?1", [id])?.pop())
}

/// `s` as a LIKE pattern matching itself.
fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// Autocomplete: people whose name has a word starting with each word of `query`, ignoring
/// case and accents ("tuan", "Tuấn" and "anh tu" all find Nguyễn Anh Tuấn). `on_date`
/// ('YYYY-MM-DD' or dd/mm/yyyy; today when None) picks the title shown. Those whose name
/// starts with the query, then those holding a title that day, come first.
pub fn suggest(store: &Store, query: &str, on_date: Option<&str>, limit: usize) -> Result<Vec<Suggestion>> {
    let date = match on_date {
        Some(d) => parse_date(d).ok_or_else(|| Error::InvalidDate(d.to_string()))?,
        None => today(),
    };
    let folded = fold(&nfc(query));
    let words: Vec<&str> =
        folded.split(' ').map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).filter(|w| !w.is_empty()).collect();
    if words.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    // A leading space lets "% word%" match the first word too.
    let filter = (1..=words.len())
        .map(|i| format!("(' ' || name_folded) LIKE ?{i} ESCAPE '\\'"))
        .collect::<Vec<_>>()
        .join(" AND ");
    let patterns: Vec<String> = words.iter().map(|w| format!("% {}%", escape_like(w))).collect();
    let people = fetch_people(store.conn(), &filter, rusqlite::params_from_iter(patterns))?;

    let whole = words.join(" ");
    let mut ranked: Vec<_> = people
        .into_iter()
        .map(|p| {
            let title = title_on(&p, &date).cloned();
            let rank = (!fold(&p.name).starts_with(&whole), title.is_none());
            (rank, sort_key(&p), p, title)
        })
        .collect();
    ranked.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    ranked.truncate(limit);
    Ok(ranked
        .into_iter()
        .map(|(_, _, person, title)| {
            let display = display(&person.name, title.as_ref().map(|t| t.title.as_str()));
            Suggestion { person, title, display }
        })
        .collect())
}

/// Whether person `person_id` held `title` on `date` (ends inclusive; a missing end is open).
pub fn title_held_on(store: &Store, person_id: i64, title: &str, date: &str) -> Result<bool> {
    let date = parse_date(date).ok_or_else(|| Error::InvalidDate(date.to_string()))?;
    let Some(p) = get(store, person_id)? else { return Ok(false) };
    Ok(p.titles.iter().any(|t| same_title(&t.title, title) && held_on(t, &date)))
}

/// A warning when nobody in the directory is called `name`, or when no one of that name held
/// `title` on `date` (the meeting's day). None when all is well or `title` is empty and the
/// person is known.
pub fn check_attendee(store: &Store, name: &str, title: &str, date: &str, lang: Lang) -> Result<Option<TitleWarning>> {
    let iso = parse_date(date).ok_or_else(|| Error::InvalidDate(date.to_string()))?;
    let name = clean(name);
    let wanted = name.to_lowercase();
    // Folded to use the index, then exact: a name typed without its accents is not the name.
    let people: Vec<Person> = fetch_people(store.conn(), "name_folded = ?1", [fold(&name)])?
        .into_iter()
        .filter(|p| p.name.to_lowercase() == wanted)
        .collect();
    if people.is_empty() {
        return Ok(Some(TitleWarning {
            code: "unknown_person".into(),
            message: tf(lang, "people.warning.unknown_person", &[("name", &name)]),
            person_id: None,
            held: Vec::new(),
        }));
    }
    let title = clean(title);
    if title.is_empty()
        || people.iter().flat_map(|p| &p.titles).any(|t| same_title(&t.title, &title) && held_on(t, &iso))
    {
        return Ok(None);
    }
    let mut held: Vec<String> = Vec::new();
    for t in people.iter().flat_map(|p| &p.titles).filter(|t| held_on(t, &iso)) {
        if !held.contains(&t.title) {
            held.push(t.title.clone());
        }
    }
    let day = vn_date(&iso);
    let message = if held.is_empty() {
        tf(lang, "people.warning.title_not_held", &[("date", &day), ("name", &name), ("title", &title)])
    } else {
        tf(
            lang,
            "people.warning.title_not_held_was",
            &[("date", &day), ("name", &name), ("title", &title), ("held", &held.join("; "))],
        )
    };
    let person_id = if people.len() == 1 { Some(people[0].id) } else { None };
    Ok(Some(TitleWarning { code: "title_not_held".into(), message, person_id, held }))
}

// ---- Importing a list ----

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Name,
    Title,
    Unit,
    TitleUnit,
    From,
    Until,
    Note,
}

/// A header cell, folded and stripped of punctuation, to the column it names.
fn column_of(header: &str) -> Option<Column> {
    let h = fold(header).chars().filter(|c| c.is_alphanumeric() || *c == ' ').collect::<String>();
    let h = h.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match h.as_str() {
        "ho ten" | "ho va ten" | "name" | "full name" => Column::Name,
        "chuc vu" | "chuc danh" | "title" | "position" => Column::Title,
        "don vi" | "don vi cong tac" | "co quan" | "unit" => Column::Unit,
        // Optional: the unit of the title's day, when it differs from the person's unit now.
        "don vi chuc vu" | "don vi cu" | "title unit" => Column::TitleUnit,
        "tu ngay" | "tu" | "ngay bat dau" | "from" | "held from" | "start" => Column::From,
        "den ngay" | "den" | "ngay ket thuc" | "until" | "held until" | "to" | "end" => Column::Until,
        "ghi chu" | "note" | "notes" => Column::Note,
        _ => return None,
    })
}

/// The cells of a file's rows as text, each with its row number as the user sees it.
type Rows = Vec<(u32, Vec<String>)>;

fn unreadable(path: &Path, detail: impl std::fmt::Display) -> Error {
    Error::ImportUnreadable { path: path.to_path_buf(), detail: detail.to_string() }
}

fn read_csv(path: &Path) -> Result<Rows> {
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, e))?;
    let text = String::from_utf8(bytes).map_err(|_| Error::ImportNotUtf8 { path: path.to_path_buf() })?;
    let text = text.trim_start_matches('\u{feff}');
    // Excel on a Vietnamese Windows writes ';' (the decimal mark there is ','); take the
    // separator the header line uses most.
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter =
        [b',', b';', b'\t'].into_iter().max_by_key(|d| (first.matches(*d as char).count(), *d == b',')).unwrap();
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| unreadable(path, e))?;
        // A record's position is where the reader started, before any blank lines it passed
        // over; count those so the row number is the one the user's editor shows.
        let (mut line, mut at) = record.position().map_or((0, 0), |p| (p.line(), p.byte() as usize));
        while let Some(b) = text.as_bytes().get(at).filter(|b| matches!(b, b'\n' | b'\r')) {
            line += u64::from(*b == b'\n');
            at += 1;
        }
        let line = line as u32;
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(rows)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // A date cell is a number with a date format; give it as 'YYYY-MM-DD'.
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// Every sheet's rows, in order; the import uses the first sheet that has a header.
fn read_xlsx(path: &Path) -> Result<Vec<Rows>> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).map_err(|e| unreadable(path, e))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| unreadable(path, e))?;
        let top = range.start().map_or(0, |(r, _)| r);
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, row)| (top + i as u32 + 1, row.iter().map(cell_text).collect()))
            .collect();
        sheets.push(rows);
    }
    Ok(sheets)
}

/// Where the header row is (offices often put a title or two above it) and what each column
/// holds, with the header's own words for messages.
struct Header {
    index: usize,
    columns: HashMap<Column, (usize, String)>,
}

fn find_header(rows: &Rows) -> Option<Header> {
    rows.iter().take(20).enumerate().find_map(|(index, (_, cells))| {
        let mut columns = HashMap::new();
        for (i, cell) in cells.iter().enumerate() {
            if let Some(col) = column_of(cell) {
                columns.entry(col).or_insert((i, clean(cell)));
            }
        }
        columns.contains_key(&Column::Name).then_some(Header { index, columns })
    })
}

/// One valid row of the list.
struct Entry {
    name: String,
    unit: String,
    note: String,
    title: Option<NewTitle>,
}

struct NewTitle {
    title: String,
    unit: String,
    from: Option<String>,
    until: Option<String>,
}

fn rejected(row: u32, code: &str, message: String) -> ImportRow {
    ImportRow { row, code: code.to_string(), message }
}

/// Checks one data row; None for a blank row, which is passed over silently.
fn parse_row(header: &Header, row: u32, cells: &[String], lang: Lang) -> Option<Result<Entry, ImportRow>> {
    if cells.iter().all(|c| c.trim().is_empty()) {
        return None;
    }
    let get =
        |col: Column| header.columns.get(&col).and_then(|(i, _)| cells.get(*i)).map(|s| clean(s)).unwrap_or_default();
    let name = get(Column::Name);
    if name.is_empty() {
        return Some(Err(rejected(row, "missing_name", tf(lang, "people.row.missing_name", &[]))));
    }
    let mut dates = [None, None];
    for (slot, col) in dates.iter_mut().zip([Column::From, Column::Until]) {
        let value = get(col);
        if value.is_empty() {
            continue;
        }
        match parse_date(&value) {
            Some(d) => *slot = Some(d),
            None => {
                let column = &header.columns[&col].1;
                let message = tf(lang, "people.row.bad_date", &[("column", column), ("value", &value)]);
                return Some(Err(rejected(row, "bad_date", message)));
            }
        }
    }
    let [from, until] = dates;
    if let (Some(f), Some(u)) = (&from, &until) {
        if u < f {
            let message = tf(lang, "people.row.dates_reversed", &[("from", &vn_date(f)), ("until", &vn_date(u))]);
            return Some(Err(rejected(row, "dates_reversed", message)));
        }
    }
    let title = get(Column::Title);
    if title.is_empty() && (from.is_some() || until.is_some()) {
        return Some(Err(rejected(row, "dates_without_title", tf(lang, "people.row.dates_without_title", &[]))));
    }
    let unit = get(Column::Unit);
    let title_unit = get(Column::TitleUnit);
    let title = (!title.is_empty()).then(|| NewTitle {
        title,
        unit: if title_unit.is_empty() { unit.clone() } else { title_unit },
        from,
        until,
    });
    Some(Ok(Entry { name, unit, note: get(Column::Note), title }))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Added,
    Updated,
    Unchanged,
}

/// Saves one entry; says whether it added a person or changed one.
fn save_entry(conn: &Connection, e: &Entry, now: &str) -> Result<(i64, Outcome)> {
    let existing: Option<(i64, String)> = conn
        .query_row("SELECT id, note FROM person WHERE name = ?1 AND unit = ?2", [&e.name, &e.unit], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let (id, mut outcome) = match existing {
        Some((id, note)) => {
            // An empty note cell says nothing; it does not erase a note typed earlier.
            if !e.note.is_empty() && e.note != note {
                conn.execute("UPDATE person SET note = ?2 WHERE id = ?1", params![id, e.note])?;
                (id, Outcome::Updated)
            } else {
                (id, Outcome::Unchanged)
            }
        }
        None => {
            conn.execute(
                "INSERT INTO person (name, name_folded, unit, note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![e.name, fold(&e.name), e.unit, e.note, now],
            )?;
            (conn.last_insert_rowid(), Outcome::Added)
        }
    };
    if let Some(t) = &e.title {
        // A title is the same one when it started the same day; its end may have come since.
        let found: Option<(i64, Option<String>)> = conn
            .query_row(
                "SELECT id, held_until FROM person_title
                 WHERE person_id = ?1 AND title = ?2 AND unit = ?3 AND held_from IS ?4",
                params![id, t.title, t.unit, t.from],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let changed = match found {
            Some((_, until)) if until == t.until => false,
            Some((tid, _)) => {
                conn.execute("UPDATE person_title SET held_until = ?2 WHERE id = ?1", params![tid, t.until])?;
                true
            }
            None => {
                conn.execute(
                    "INSERT INTO person_title (person_id, title, unit, held_from, held_until)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, t.title, t.unit, t.from, t.until],
                )?;
                true
            }
        };
        if changed && outcome == Outcome::Unchanged {
            outcome = Outcome::Updated;
        }
    }
    if outcome == Outcome::Updated {
        conn.execute("UPDATE person SET updated_at = ?2 WHERE id = ?1", params![id, now])?;
    }
    Ok((id, outcome))
}

/// Imports a list of people from a .csv (UTF-8, ',' or ';') or .xlsx file: a header row
/// ("Họ và tên", "Chức vụ", "Đơn vị", "Từ ngày", "Đến ngày", optionally "Ghi chú" and
/// "Đơn vị chức vụ"; or name, title, unit, from, until), then one row per (person, title).
/// The same name and unit on several rows is one person with several titles. Re-importing a
/// file changes nothing; bad rows are reported and skipped; the rest is saved in one
/// transaction, so a file that cannot be read changes nothing.
pub fn import_file(store: &mut Store, path: &Path, lang: Lang) -> Result<ImportReport> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let sheets = match ext.as_str() {
        "csv" => vec![read_csv(path)?],
        "xlsx" => read_xlsx(path)?,
        _ => return Err(Error::ImportUnsupported { path: path.to_path_buf() }),
    };
    let (rows, header) = sheets
        .into_iter()
        .find_map(|rows| find_header(&rows).map(|h| (rows, h)))
        .ok_or_else(|| Error::ImportNoHeader { path: path.to_path_buf() })?;

    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    for (row, cells) in &rows[header.index + 1..] {
        match parse_row(&header, *row, cells, lang) {
            Some(Ok(e)) => entries.push(e),
            Some(Err(r)) => skipped.push(r),
            None => {}
        }
    }

    let outcomes = store.with_tx(|tx| {
        let now = now_utc();
        // A person counts once: added beats updated beats unchanged.
        let mut outcomes: HashMap<i64, Outcome> = HashMap::new();
        for e in &entries {
            let (id, outcome) = save_entry(tx, e, &now)?;
            let slot = outcomes.entry(id).or_insert(outcome);
            if *slot == Outcome::Unchanged {
                *slot = outcome;
            }
        }
        Ok(outcomes)
    })?;
    let count = |o: Outcome| outcomes.values().filter(|v| **v == o).count() as u32;
    Ok(ImportReport {
        added: count(Outcome::Added),
        updated: count(Outcome::Updated),
        unchanged: count(Outcome::Unchanged),
        rows: skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_accents_and_case() {
        assert_eq!(fold("Đỗ  Anh Tuấn "), "do anh tuan");
        assert_eq!(fold("NGUYỄN Thị Ánh"), "nguyen thi anh");
    }

    #[test]
    fn dates_in_the_forms_offices_write_them() {
        assert_eq!(parse_date("01/07/2025").as_deref(), Some("2025-07-01"));
        assert_eq!(parse_date("1/7/2025").as_deref(), Some("2025-07-01"));
        assert_eq!(parse_date("2025-07-01").as_deref(), Some("2025-07-01"));
        assert_eq!(parse_date("2025-07-01T00:00:00").as_deref(), Some("2025-07-01"));
        assert_eq!(parse_date("31/02/2025"), None);
        assert_eq!(parse_date("01/07/25"), None);
        assert_eq!(parse_date("tháng 7"), None);
    }

    #[test]
    fn vietnamese_order() {
        let mut names = vec!["Đào", "Dũng", "Ánh", "An", "Ăn", "Ân", "Ơn", "Ôn", "Ong"];
        names.sort_by_cached_key(|n| collation(n));
        assert_eq!(names, ["An", "Ánh", "Ăn", "Ân", "Dũng", "Đào", "Ong", "Ôn", "Ơn"]);
    }

    #[test]
    fn headers_in_vietnamese_and_english() {
        assert_eq!(column_of("HỌ VÀ TÊN"), Some(Column::Name));
        assert_eq!(column_of("Họ tên"), Some(Column::Name));
        assert_eq!(column_of("Từ ngày:"), Some(Column::From));
        assert_eq!(column_of("until"), Some(Column::Until));
        assert_eq!(column_of("STT"), None);
    }
}
