//! `toasoan people …`: the people directory (danh bạ), imported from the office's lists.

use std::path::PathBuf;

use clap::Subcommand;
use newsroom::i18n::{t, tf};
use newsroom::people::{self, ImportReport, Person, PersonTitle};
use newsroom::{Error, Lang, Store};
use serde_json::json;

use crate::Output;

#[derive(Subcommand)]
pub enum PeopleVerb {
    /// Import a .csv or .xlsx list: a header row (Họ và tên, Chức vụ, Đơn vị, Từ ngày, Đến ngày),
    /// then one row per person and title. Importing the same file again changes nothing.
    Import { file: PathBuf },
    /// Everyone in the directory with their titles, by given name.
    List,
    /// People whose name has words starting with QUERY, accents optional ("tuan" finds Tuấn).
    Suggest {
        query: String,
        /// Show the title held on this day (dd/mm/yyyy or yyyy-mm-dd); default today.
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
}

impl PeopleVerb {
    /// True for the verbs that change the store (they need `--as` once profiles exist).
    pub fn changes(&self) -> bool {
        matches!(self, PeopleVerb::Import { .. })
    }
}

pub fn run(verb: &PeopleVerb, store: &mut Store, out: Output) -> Result<(), Error> {
    let lang = out.lang;
    match verb {
        PeopleVerb::Import { file } => {
            let report = people::import_file(store, file, lang)?;
            out.print(&report, || summary(&report, lang));
        }
        PeopleVerb::List => {
            let list = people::list(store)?;
            out.print(&json!({ "people": list }), || {
                if list.is_empty() {
                    return t(lang, "cli.no_people");
                }
                list.iter().map(show).collect::<Vec<_>>().join("\n")
            });
        }
        PeopleVerb::Suggest { query, on, limit } => {
            let found = people::suggest(store, query, on.as_deref(), *limit)?;
            out.print(&json!({ "suggestions": found }), || {
                if found.is_empty() {
                    return t(lang, "cli.no_suggestions");
                }
                found.iter().map(|s| format!("{:>5}  {}", s.person.id, s.display)).collect::<Vec<_>>().join("\n")
            });
        }
    }
    Ok(())
}

/// "Đã thêm 5 người, cập nhật 0, giữ nguyên 0; bỏ qua 1 dòng:" then one line per skipped row.
fn summary(report: &ImportReport, lang: Lang) -> String {
    let mut s = tf(
        lang,
        "cli.people_summary",
        &[("added", &report.added), ("updated", &report.updated), ("unchanged", &report.unchanged)],
    );
    if report.rows.is_empty() {
        s.push('.');
        return s;
    }
    s += "; ";
    s += &tf(lang, "cli.people_skipped", &[("skipped", &report.rows.len())]);
    s.push(':');
    for r in &report.rows {
        s += "\n  ";
        s += &tf(lang, "cli.people_row", &[("row", &r.row), ("reason", &r.message)]);
    }
    s
}

/// dd/mm/yyyy, the office's way of writing a date.
fn day(iso: &str) -> String {
    match iso.split('-').collect::<Vec<_>>()[..] {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

fn period(t: &PersonTitle) -> String {
    match (&t.held_from, &t.held_until) {
        (None, None) => String::new(),
        (from, until) => format!(
            " ({} – {})",
            from.as_deref().map(day).unwrap_or_default(),
            until.as_deref().map(day).unwrap_or_default()
        )
        .replace("( ", "(")
        .replace(" )", ")"),
    }
}

/// The person on one line, each title indented below with its unit when it differs.
fn show(p: &Person) -> String {
    let mut s = format!("{:>5}  {}", p.id, p.name);
    if !p.unit.is_empty() {
        s += &format!(" — {}", p.unit);
    }
    for title in &p.titles {
        s += &format!("\n         {}", title.title);
        if !title.unit.is_empty() && title.unit != p.unit {
            s += &format!(", {}", title.unit);
        }
        s += &period(title);
    }
    s
}
