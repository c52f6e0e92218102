//! The meeting-report template: from what the editor fills in (who met, when, who attended,
//! the awards, the directives) to the report's fixed paragraphs, worded the way the office
//! publishes them ("Chiều ngày 15/01/2020, … đã tổ chức …", "Dự hội nghị có đồng chí …",
//! "Một là, …"). The narrative in between is the editor's own; [`merge`] keeps it, and keeps
//! any generated paragraph the editor changed, when the template is filled in again.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::text::{nfc, paragraphs_to_html};

/// What the editor fills in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Meeting {
    /// What was held, as it reads after "đã tổ chức": "tổng kết công tác dân vận năm 2019 …".
    pub name: String,
    /// Who held it: "Ban Dân vận Quận ủy".
    pub organiser: String,
    /// ISO "2020-01-15" (a typed "15/01/2020" is accepted too; anything else is used as written).
    pub date: String,
    /// "14:00" (also "14h00", "14h"); decides Sáng / Trưa / Chiều / Tối. An unreadable time is ignored.
    #[serde(default)]
    pub time: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub chaired_by: Option<Attendee>,
    #[serde(default)]
    pub attendees: Vec<Attendee>,
    /// One clause each: "Bộ nội vụ đã tặng kỷ niệm chương … cho 03 cá nhân".
    #[serde(default)]
    pub awards: Vec<String>,
    /// The sentence before the directives, as written: "Thay mặt …, đồng chí … đề nghị …:".
    #[serde(default)]
    pub directives_intro: Option<String>,
    /// One directive each, without its "Một là,": "các cấp ủy đảng, chính quyền cần …".
    #[serde(default)]
    pub directives: Vec<String>,
}

/// A person ("đồng chí {name} - {title}"), or, with an empty `name`, a group written out in
/// `title` exactly as it should read ("các đồng chí thành viên Ban Chỉ đạo …").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Attendee {
    #[serde(default)]
    pub name: String,
    /// "Phó Bí thư thường trực Quận ủy". Joined to the name with " - "; a title that already
    /// starts with a dash ("– TUV, Phó Trưởng Ban …") keeps its own.
    #[serde(default)]
    pub title: String,
}

/// The generated paragraphs, plain text, in the order they appear in the report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Rendered {
    pub opening: String,
    pub chair: Option<String>,
    pub attendees: Option<String>,
    pub awards: Option<String>,
    pub directives_intro: Option<String>,
    /// "Một là, …", "Hai là, …", …
    pub directives: Vec<String>,
}

/// Which generated paragraph a text is. `Directive(n)` counts from 1, like "Một là".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "part", content = "number")]
pub enum Part {
    Opening,
    Chair,
    Attendees,
    Awards,
    DirectivesIntro,
    Directive(usize),
}

impl Rendered {
    /// Each generated paragraph with its part, in document order.
    pub fn parts(&self) -> Vec<(Part, &str)> {
        let mut out = vec![(Part::Opening, self.opening.as_str())];
        let optional = [
            (Part::Chair, &self.chair),
            (Part::Attendees, &self.attendees),
            (Part::Awards, &self.awards),
            (Part::DirectivesIntro, &self.directives_intro),
        ];
        out.extend(optional.into_iter().filter_map(|(p, t)| t.as_deref().map(|t| (p, t))));
        out.extend(self.directives.iter().enumerate().map(|(i, t)| (Part::Directive(i + 1), t.as_str())));
        out.retain(|(_, t)| !t.is_empty());
        out
    }

    pub fn paragraphs(&self) -> Vec<String> {
        self.parts().into_iter().map(|(_, t)| t.to_string()).collect()
    }

    /// `<p>` paragraphs, escaped, in the same form as the rest of the body HTML.
    pub fn to_html(&self) -> String {
        paragraphs_to_html(&self.paragraphs().join("\n\n"))
    }
}

/// "Một", "Hai", … "Mười", "Mười một", … "Mười lăm", … "Hai mươi"; None outside 1–20.
pub fn ordinal(n: usize) -> Option<&'static str> {
    const WORDS: [&str; 20] = [
        "Một",
        "Hai",
        "Ba",
        "Bốn",
        "Năm",
        "Sáu",
        "Bảy",
        "Tám",
        "Chín",
        "Mười",
        "Mười một",
        "Mười hai",
        "Mười ba",
        "Mười bốn",
        "Mười lăm",
        "Mười sáu",
        "Mười bảy",
        "Mười tám",
        "Mười chín",
        "Hai mươi",
    ];
    n.checked_sub(1).and_then(|i| WORDS.get(i)).copied()
}

/// The part of the day the office writes before "ngày": Sáng before 11:00, Trưa 11:00–12:59,
/// Chiều 13:00–17:59, Tối from 18:00. None when the time cannot be read.
pub fn part_of_day(time: &str) -> Option<&'static str> {
    let (hour, _minute) = parse_time(time)?;
    Some(match hour {
        0..=10 => "Sáng",
        11..=12 => "Trưa",
        13..=17 => "Chiều",
        _ => "Tối",
    })
}

fn parse_time(time: &str) -> Option<(u32, u32)> {
    let t = time.trim().to_lowercase();
    let (h, m) = match t.find([':', 'h', 'g']) {
        Some(i) => (&t[..i], t[i + 1..].trim_end_matches("p").trim()),
        None => (t.as_str(), ""),
    };
    let hour: u32 = h.trim().parse().ok()?;
    let minute: u32 = if m.is_empty() { 0 } else { m.parse().ok()? };
    (hour < 24 && minute < 60).then_some((hour, minute))
}

/// "2020-01-15" (or "15/1/2020") as "15/01/2020"; anything else as written.
fn portal_date(date: &str) -> String {
    let d = date.trim();
    NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(d, "%d/%m/%Y"))
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| d.to_string())
}

/// NFC, one space between words (non-breaking spaces and line breaks included), trimmed.
fn clean(s: &str) -> String {
    nfc(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Ends the sentence with "." unless it already ends with a full stop, "?", "!", "…" or ":".
fn end_sentence(mut s: String) -> String {
    let s_trim = s.trim_end_matches([';', ',', ' ']).len();
    s.truncate(s_trim);
    if !s.is_empty() && !s.ends_with(['.', '!', '?', '…', ':']) {
        s.push('.');
    }
    s
}

/// Words that keep their capital at the start of a directive: institutions that are always
/// capitalised mid-sentence.
const CAPITALISED: [&str; 12] = [
    "Đảng",
    "Nhà nước",
    "Chính phủ",
    "Quốc hội",
    "Mặt trận",
    "Thành ủy",
    "Quận ủy",
    "Huyện ủy",
    "Tỉnh ủy",
    "Thường trực",
    "Ban Thường vụ",
    "Bác Hồ",
];

/// "Các phòng, ban …" → "các phòng, ban …", as the text follows "Một là,". Acronyms ("UBND"),
/// names (two capitalised words: "Ban Dân vận") and always-capitalised institutions stay.
pub fn lowercase_first(s: &str) -> String {
    let mut words = s.split_whitespace();
    let first = words.next().unwrap_or("");
    let second = words.next().unwrap_or("");
    let is_upper_start = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let acronym = first.chars().filter(|c| c.is_uppercase()).count() >= 2;
    let name = is_upper_start(first) && is_upper_start(second);
    let institution = CAPITALISED
        .iter()
        .any(|w| s.strip_prefix(w).is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric())));
    if !is_upper_start(first) || acronym || name || institution {
        return s.to_string();
    }
    let mut chars = s.chars();
    let head = chars.next().map(|c| c.to_lowercase().collect::<String>()).unwrap_or_default();
    head + chars.as_str()
}

fn person(a: &Attendee) -> Option<String> {
    let (name, title) = (clean(&a.name), clean(&a.title));
    Some(match (name.is_empty(), title.is_empty()) {
        (true, true) => return None,
        (true, false) => title,
        (false, true) => format!("đồng chí {name}"),
        (false, false) if title.starts_with(['-', '–', '—']) => format!("đồng chí {name} {title}"),
        (false, false) => format!("đồng chí {name} - {title}"),
    })
}

fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// The template's paragraphs for a meeting.
pub fn render(m: &Meeting) -> Rendered {
    let name = clean(&m.name);
    let name = name.trim_end_matches('.');
    let day = match m.time.as_deref().and_then(part_of_day) {
        Some(buoi) => format!("{buoi} ngày"),
        None => "Ngày".to_string(),
    };
    let date = portal_date(&m.date);
    let mut opening = format!("{day} {date}, {} đã tổ chức {name}", clean(&m.organiser));
    if let Some(place) = m.place.as_deref().map(clean).filter(|p| !p.is_empty()) {
        opening.push_str(" tại ");
        opening.push_str(place.trim_end_matches('.'));
    }
    let opening = end_sentence(opening);

    let chair =
        m.chaired_by.as_ref().and_then(person).map(|p| end_sentence(capitalise_first(&p) + " chủ trì hội nghị"));

    let people: Vec<String> =
        m.attendees.iter().filter_map(person).map(|p| p.trim_end_matches([';', '.']).to_string()).collect();
    let attendees = (!people.is_empty()).then(|| end_sentence(format!("Dự hội nghị có {}", people.join("; "))));

    let awards: Vec<String> = m
        .awards
        .iter()
        .map(|a| clean(a).trim_end_matches([';', '.', ' ']).to_string())
        .filter(|a| !a.is_empty())
        .collect();
    let awards = (!awards.is_empty()).then(|| end_sentence(format!("Nhân dịp này, {}", awards.join("; "))));

    let directives_intro = m.directives_intro.as_deref().map(clean).filter(|s| !s.is_empty());

    let directives = m
        .directives
        .iter()
        .map(|d| clean(d))
        .filter(|d| !d.is_empty())
        .enumerate()
        .map(|(i, d)| {
            let text = end_sentence(lowercase_first(&d));
            match ordinal(i + 1) {
                Some(word) => format!("{word} là, {text}"),
                None => format!("{}. {}", i + 1, capitalise_first(&text)),
            }
        })
        .collect();

    Rendered { opening, chair, attendees, awards, directives_intro, directives }
}

/// A generated paragraph the editor has changed (or removed) and regeneration would change too:
/// the UI asks, e.g. "The opening was edited: replace it?".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Conflict {
    pub part: Part,
    /// Where it is in [`MergeOutcome::paragraphs`]: the edited paragraph when `edited` is set,
    /// otherwise the place the new paragraph would be inserted.
    pub index: usize,
    /// The editor's version, kept for now; None when the editor deleted the paragraph (or
    /// rewrote it beyond recognition, in which case it stays as the editor's own text).
    pub edited: Option<String>,
    /// What the template makes of it now; None when the part is gone from the new version
    /// (accepting removes the editor's paragraph).
    pub generated: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MergeOutcome {
    /// The body after regeneration, with every conflict still resolved in the editor's favour.
    pub paragraphs: Vec<String>,
    /// In document order.
    pub conflicts: Vec<Conflict>,
}

impl MergeOutcome {
    /// The paragraphs with the conflicts whose `accept[i]` is true resolved in the template's
    /// favour (replace, insert or remove); the rest stay as the editor left them.
    pub fn resolve(&self, accept: &[bool]) -> Vec<String> {
        let mut out = self.paragraphs.clone();
        // Back to front, so each index is still valid when it is applied; at one index the
        // replacement (of the paragraph there) goes before the insertions (in front of it).
        for (i, c) in self.conflicts.iter().enumerate().rev() {
            if !accept.get(i).copied().unwrap_or(false) {
                continue;
            }
            match (&c.edited, &c.generated) {
                (Some(_), Some(g)) => out[c.index] = g.clone(),
                (Some(_), None) => {
                    out.remove(c.index);
                }
                (None, Some(g)) => out.insert(c.index.min(out.len()), g.clone()),
                (None, None) => {}
            }
        }
        out
    }
}

/// Paragraphs compare as the reader sees them: NFC, whitespace (non-breaking too) collapsed.
fn same(a: &str, b: &str) -> bool {
    clean(a) == clean(b)
}

/// Share of words the two paragraphs have in common (Jaccard over lowercase word sets).
fn similarity(a: &str, b: &str) -> f64 {
    let words = |s: &str| {
        let s = nfc(s).to_lowercase();
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect::<HashSet<_>>()
    };
    let (a, b) = (words(a), words(b));
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

/// Regenerates the template into a body the editor may have worked on. `current` is the body's
/// paragraphs now (plain text); `previous` what the template produced last time.
///
/// A generated paragraph still as generated is replaced by its new version (or removed, when
/// the part is gone); one the editor changed or deleted is left alone and, if the template's
/// text for it changed, reported as a [`Conflict`]. Parts new in this version are inserted
/// after the part before them. Paragraphs the template never made are kept where they are.
pub fn merge(previous: &Rendered, current: &[String], new: &Rendered) -> MergeOutcome {
    let prev_parts = previous.parts();
    let prev: HashMap<Part, &str> = prev_parts.iter().copied().collect();
    let new_parts = new.parts();
    let next: HashMap<Part, &str> = new_parts.iter().copied().collect();

    // Which current paragraph is which previous part: first exact matches, in order …
    let mut owner: Vec<Option<(Part, bool)>> = vec![None; current.len()];
    let mut cursor = 0;
    for (part, text) in &prev_parts {
        if let Some(i) = (cursor..current.len()).find(|&i| same(&current[i], text)) {
            owner[i] = Some((*part, true));
            cursor = i + 1;
        }
    }
    // … then, for a part not found as it was, the most similar unclaimed paragraph between its
    // neighbours' places: the editor's version of it.
    let at = |owner: &[Option<(Part, bool)>], p: Part| owner.iter().position(|o| o.is_some_and(|(q, _)| q == p));
    for (k, (part, text)) in prev_parts.iter().enumerate() {
        if at(&owner, *part).is_some() {
            continue;
        }
        let lo = prev_parts[..k].iter().rev().find_map(|(p, _)| at(&owner, *p)).map_or(0, |i| i + 1);
        let hi = prev_parts[k + 1..].iter().find_map(|(p, _)| at(&owner, *p)).unwrap_or(current.len());
        let best = (lo..hi.max(lo))
            .filter(|&i| owner[i].is_none())
            .map(|i| (i, similarity(&current[i], text)))
            .filter(|&(_, s)| s >= 0.5)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, _)) = best {
            owner[i] = Some((*part, false));
        }
    }

    let mut out: Vec<(Option<Part>, String)> = Vec::with_capacity(current.len() + new_parts.len());
    let mut conflicted: Vec<(Part, Option<String>, Option<String>)> = Vec::new();
    for (i, text) in current.iter().enumerate() {
        match owner[i] {
            Some((part, true)) => {
                if let Some(t) = next.get(&part) {
                    out.push((Some(part), t.to_string()));
                }
            }
            Some((part, false)) => {
                out.push((Some(part), text.clone()));
                if next.get(&part) != prev.get(&part) {
                    conflicted.push((part, Some(text.clone()), next.get(&part).map(|t| t.to_string())));
                }
            }
            None => out.push((None, text.clone())),
        }
    }

    let position = |out: &[(Option<Part>, String)], p: Part| out.iter().position(|(q, _)| *q == Some(p));
    let insertion_point = |out: &[(Option<Part>, String)], k: usize| {
        new_parts[..k]
            .iter()
            .rev()
            .find_map(|(p, _)| position(out, *p).map(|i| i + 1))
            .or_else(|| new_parts[k + 1..].iter().find_map(|(p, _)| position(out, *p)))
            .unwrap_or(out.len())
    };
    for (k, (part, text)) in new_parts.iter().enumerate() {
        if position(&out, *part).is_some() {
            continue;
        }
        match prev.get(part) {
            // The editor deleted it: leave it deleted unless the template now says something else.
            Some(old) if old == text => {}
            Some(_) => conflicted.push((*part, None, Some(text.to_string()))),
            None => {
                let i = insertion_point(&out, k);
                out.insert(i, (Some(*part), text.to_string()));
            }
        }
    }

    let mut conflicts: Vec<Conflict> = conflicted
        .into_iter()
        .map(|(part, edited, generated)| {
            let index = match edited {
                Some(_) => position(&out, part).expect("an edited part is in the body"),
                None => {
                    let k = new_parts.iter().position(|(p, _)| *p == part).expect("an inserted part is new");
                    insertion_point(&out, k)
                }
            };
            Conflict { part, index, edited, generated }
        })
        .collect();
    // Document order; at one index the insertions (before the paragraph) come first.
    conflicts.sort_by_key(|c| (c.index, c.edited.is_some(), c.part));

    MergeOutcome { paragraphs: out.into_iter().map(|(_, t)| t).collect(), conflicts }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../../fixtures/meeting-report-2020-01-16.txt");

    /// The sample's paragraph starting with `prefix`, as a reader sees it (the portal's
    /// non-breaking spaces as plain spaces).
    fn sample_paragraph(prefix: &str) -> String {
        let p = SAMPLE.split("\n\n").map(clean).find(|p| p.starts_with(prefix));
        p.unwrap_or_else(|| panic!("the sample has a paragraph starting {prefix:?}"))
    }

    fn who(name: &str, title: &str) -> Attendee {
        Attendee { name: name.into(), title: title.into() }
    }

    fn group(text: &str) -> Attendee {
        who("", text)
    }

    fn sample_meeting() -> Meeting {
        crate::sample::meeting()
    }

    #[test]
    fn the_samples_opening_word_for_word() {
        let r = render(&sample_meeting());
        assert_eq!(
            r.opening,
            "Chiều ngày 15/01/2020, Ban Dân vận Quận ủy đã tổ chức tổng kết công tác dân vận năm 2019 và đánh giá kết quả thực hiện năm dân vận chính quyền năm 2019, triển khai nhiệm vụ năm 2020."
        );
        assert_eq!(r.opening, sample_paragraph("Chiều ngày"));
    }

    #[test]
    fn opening_time_place_and_date_forms() {
        let base = Meeting {
            name: "hội nghị".into(),
            organiser: "UBND quận".into(),
            date: "2020-01-05".into(),
            ..Default::default()
        };
        let with = |time: Option<&str>, place: Option<&str>| {
            render(&Meeting { time: time.map(Into::into), place: place.map(Into::into), ..base.clone() }).opening
        };
        assert_eq!(with(None, None), "Ngày 05/01/2020, UBND quận đã tổ chức hội nghị.");
        assert_eq!(with(Some("8:30"), None), "Sáng ngày 05/01/2020, UBND quận đã tổ chức hội nghị.");
        assert_eq!(with(Some("10:59"), None), "Sáng ngày 05/01/2020, UBND quận đã tổ chức hội nghị.");
        assert_eq!(with(Some("11:00"), None), "Trưa ngày 05/01/2020, UBND quận đã tổ chức hội nghị.");
        assert_eq!(with(Some("12:59"), None), "Trưa ngày 05/01/2020, UBND quận đã tổ chức hội nghị.");
        assert_eq!(with(Some("13:00"), None), "Chiều ngày 05/01/2020, UBND quận đã tổ chức hội nghị.");
        assert_eq!(with(Some("17:59"), None), "Chiều ngày 05/01/2020, UBND quận đã tổ chức hội nghị.");
        assert_eq!(with(Some("18:00"), None), "Tối ngày 05/01/2020, UBND quận đã tổ chức hội nghị.");
        assert_eq!(with(Some("19h30"), None), "Tối ngày 05/01/2020, UBND quận đã tổ chức hội nghị.");
        assert_eq!(with(Some("chiều"), None), "Ngày 05/01/2020, UBND quận đã tổ chức hội nghị.", "unreadable: no buổi");
        assert_eq!(with(Some("25:00"), None), "Ngày 05/01/2020, UBND quận đã tổ chức hội nghị.");
        assert_eq!(
            with(Some("14:00"), Some("Hội trường UBND quận")),
            "Chiều ngày 05/01/2020, UBND quận đã tổ chức hội nghị tại Hội trường UBND quận."
        );
        let typed = Meeting { date: "5/1/2020".into(), ..base.clone() };
        assert!(render(&typed).opening.starts_with("Ngày 05/01/2020,"));
        let odd = Meeting { date: "đầu tháng 1".into(), ..base };
        assert!(render(&odd).opening.starts_with("Ngày đầu tháng 1,"));
    }

    #[test]
    fn the_samples_attendee_paragraph_from_structured_entries() {
        let r = render(&sample_meeting());
        assert_eq!(r.attendees.as_deref(), Some(sample_paragraph("Dự hội nghị có").as_str()));
    }

    #[test]
    fn attendees_join_with_the_default_separator() {
        let m = Meeting {
            attendees: vec![
                who("Nguyễn Văn A", "Bí thư Quận ủy"),
                who("Trần Thị B", ""),
                group("các đồng chí trong Ban Thường vụ;"),
            ],
            chaired_by: Some(who("Nguyễn Văn A", "Bí thư Quận ủy")),
            ..Default::default()
        };
        let r = render(&m);
        assert_eq!(
            r.attendees.as_deref(),
            Some("Dự hội nghị có đồng chí Nguyễn Văn A - Bí thư Quận ủy; đồng chí Trần Thị B; các đồng chí trong Ban Thường vụ.")
        );
        assert_eq!(r.chair.as_deref(), Some("Đồng chí Nguyễn Văn A - Bí thư Quận ủy chủ trì hội nghị."));
        assert_eq!(render(&Meeting::default()).attendees, None);
    }

    #[test]
    fn the_samples_awards_paragraph() {
        let r = render(&sample_meeting());
        assert_eq!(r.awards.as_deref(), Some(sample_paragraph("Nhân dịp này").as_str()));
    }

    #[test]
    fn the_samples_five_directives_and_their_intro() {
        let r = render(&sample_meeting());
        assert_eq!(r.directives_intro.as_deref(), Some(sample_paragraph("Thay mặt").as_str()));
        assert_eq!(r.directives.len(), 5);
        for (i, prefix) in ["Một là,", "Hai là,", "Ba là,", "Bốn là,", "Năm là,"].into_iter().enumerate() {
            assert_eq!(r.directives[i], sample_paragraph(prefix), "directive {}", i + 1);
        }
    }

    #[test]
    fn ordinals_one_to_twenty() {
        let expected = [
            "Một",
            "Hai",
            "Ba",
            "Bốn",
            "Năm",
            "Sáu",
            "Bảy",
            "Tám",
            "Chín",
            "Mười",
            "Mười một",
            "Mười hai",
            "Mười ba",
            "Mười bốn",
            "Mười lăm",
            "Mười sáu",
            "Mười bảy",
            "Mười tám",
            "Mười chín",
            "Hai mươi",
        ];
        for (i, word) in expected.iter().enumerate() {
            assert_eq!(ordinal(i + 1), Some(*word));
        }
        assert_eq!(ordinal(0), None);
        assert_eq!(ordinal(21), None);
        let many = Meeting { directives: (1..=21).map(|i| format!("việc {i}")).collect(), ..Default::default() };
        let d = render(&many).directives;
        assert_eq!(d[14], "Mười lăm là, việc 15.");
        assert_eq!(d[19], "Hai mươi là, việc 20.");
        assert_eq!(d[20], "21. Việc 21.");
    }

    #[test]
    fn directive_text_is_lowercased_unless_an_acronym_name_or_institution() {
        assert_eq!(lowercase_first("Các cấp ủy"), "các cấp ủy");
        assert_eq!(lowercase_first("Ủy ban kiểm tra"), "ủy ban kiểm tra");
        assert_eq!(lowercase_first("UBND các phường"), "UBND các phường");
        assert_eq!(lowercase_first("HĐND quận"), "HĐND quận");
        assert_eq!(lowercase_first("Ban Dân vận quận"), "Ban Dân vận quận");
        assert_eq!(lowercase_first("Quận ủy chỉ đạo"), "Quận ủy chỉ đạo");
        assert_eq!(lowercase_first("Đảng viên gương mẫu"), "Đảng viên gương mẫu");
        assert_eq!(lowercase_first("Đảm bảo an ninh"), "đảm bảo an ninh");
        assert_eq!(lowercase_first("tiếp tục"), "tiếp tục");
        assert_eq!(lowercase_first(""), "");
    }

    #[test]
    fn html_escapes_and_orders_the_parts() {
        let m = Meeting {
            name: "hội nghị <A & B>".into(),
            organiser: "UBND".into(),
            date: "2020-01-15".into(),
            directives: vec!["làm tốt".into()],
            ..Default::default()
        };
        assert_eq!(
            render(&m).to_html(),
            "<p>Ngày 15/01/2020, UBND đã tổ chức hội nghị &lt;A &amp; B&gt;.</p>\n<p>Một là, làm tốt.</p>\n"
        );
        let parts: Vec<Part> = render(&sample_meeting()).parts().into_iter().map(|(p, _)| p).collect();
        assert_eq!(parts[..4], [Part::Opening, Part::Attendees, Part::Awards, Part::DirectivesIntro]);
        assert_eq!(parts[4..], (1..=5).map(Part::Directive).collect::<Vec<_>>());
    }

    #[test]
    fn meeting_reads_from_json_with_optional_fields_left_out() {
        let m: Meeting = serde_json::from_str(
            r#"{"name":"họp","organiser":"UBND","date":"2020-01-15","attendees":[{"name":"A","title":"B"},{"title":"các đồng chí"}]}"#,
        )
        .unwrap();
        assert_eq!(m.attendees[1], group("các đồng chí"));
        assert_eq!(m.time, None);
        assert_eq!(serde_json::to_string(&Part::Directive(2)).unwrap(), r#"{"part":"directive","number":2}"#);
        assert_eq!(serde_json::to_string(&Part::Opening).unwrap(), r#"{"part":"opening"}"#);
    }

    // --- regeneration ---

    fn body(r: &Rendered, extra_after_attendees: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (p, t) in r.parts() {
            out.push(t.to_string());
            if p == Part::Attendees {
                out.push(extra_after_attendees.to_string());
            }
        }
        out
    }

    #[test]
    fn untouched_parts_are_regenerated_and_the_editors_own_paragraphs_stay() {
        let m = sample_meeting();
        let before = render(&m);
        let current = body(&before, "Trong năm 2019, … (the editor's narrative)");
        let after = render(&Meeting { time: Some("8:00".into()), ..m });
        let out = merge(&before, &current, &after);
        assert!(out.conflicts.is_empty());
        assert!(out.paragraphs[0].starts_with("Sáng ngày 15/01/2020,"));
        assert_eq!(out.paragraphs, body(&after, "Trong năm 2019, … (the editor's narrative)"));
        assert_eq!(out.resolve(&[]), out.paragraphs);
    }

    #[test]
    fn an_edited_part_is_kept_and_reported_and_can_be_replaced() {
        let m = sample_meeting();
        let before = render(&m);
        let mut current = body(&before, "Tường thuật.");
        current[0] = current[0].replace("đã tổ chức", "long trọng tổ chức");
        // A non-breaking space the editor pasted in an untouched paragraph changes nothing.
        current[1] = current[1].replacen(' ', "\u{a0}", 1);
        let after = render(&Meeting { time: Some("8:00".into()), attendees: m.attendees[..2].to_vec(), ..m });
        let out = merge(&before, &current, &after);

        assert_eq!(out.paragraphs[0], current[0], "the editor's opening stays");
        assert_eq!(out.paragraphs[1], after.attendees.clone().unwrap(), "untouched: regenerated");
        assert_eq!(out.paragraphs[2], "Tường thuật.");
        assert_eq!(
            out.conflicts,
            vec![Conflict {
                part: Part::Opening,
                index: 0,
                edited: Some(current[0].clone()),
                generated: Some(after.opening.clone())
            }]
        );
        let accepted = out.resolve(&[true]);
        assert_eq!(accepted[0], after.opening);
        assert_eq!(accepted[1..], out.paragraphs[1..]);
    }

    #[test]
    fn an_edit_regeneration_would_not_change_is_no_conflict() {
        let m = sample_meeting();
        let before = render(&m);
        let mut current = body(&before, "Tường thuật.");
        current[0].push_str(" Hội nghị diễn ra trang trọng.");
        let after = render(&Meeting { directives: m.directives[..4].to_vec(), ..m });
        let out = merge(&before, &current, &after);
        assert!(out.conflicts.is_empty());
        assert_eq!(out.paragraphs[0], current[0]);
        assert_eq!(out.paragraphs.len(), current.len() - 1, "the fifth directive, untouched, is gone");
        assert!(!out.paragraphs.iter().any(|p| p.starts_with("Năm là")));
    }

    #[test]
    fn new_directives_are_inserted_in_place_and_renumbered() {
        let m =
            Meeting { organiser: "UBND".into(), date: "2020-01-15".into(), name: "họp".into(), ..Default::default() };
        let before = render(&Meeting { directives: vec!["việc A".into(), "việc C".into()], ..m.clone() });
        let mut current = before.paragraphs();
        current.push("Ban Tuyên giáo".into());
        let after = render(&Meeting { directives: vec!["việc A".into(), "việc B".into(), "việc C".into()], ..m });
        let out = merge(&before, &current, &after);
        assert!(out.conflicts.is_empty());
        assert_eq!(
            out.paragraphs,
            [after.opening.as_str(), "Một là, việc A.", "Hai là, việc B.", "Ba là, việc C.", "Ban Tuyên giáo"]
        );
    }

    #[test]
    fn deleted_and_removed_parts() {
        let m = Meeting {
            organiser: "UBND".into(),
            date: "2020-01-15".into(),
            name: "họp".into(),
            directives: vec!["việc A".into(), "việc B".into()],
            ..Default::default()
        };
        let before = render(&m);
        // The editor deleted the opening and rewrote the second directive.
        let current = vec!["Một là, việc A.".to_string(), "Hai là, việc B ngay.".to_string()];
        // Unchanged template: nothing to ask.
        let same = merge(&before, &current, &before);
        assert_eq!((same.paragraphs.as_slice(), same.conflicts.len()), (current.as_slice(), 0));

        // The opening changes and the second directive is dropped from the form.
        let after = render(&Meeting { time: Some("14:00".into()), directives: vec!["việc A".into()], ..m });
        let out = merge(&before, &current, &after);
        assert_eq!(out.paragraphs, current);
        assert_eq!(
            out.conflicts,
            vec![
                Conflict { part: Part::Opening, index: 0, edited: None, generated: Some(after.opening.clone()) },
                Conflict { part: Part::Directive(2), index: 1, edited: Some(current[1].clone()), generated: None },
            ]
        );
        assert_eq!(out.resolve(&[true, true]), [after.opening.as_str(), "Một là, việc A."]);
        assert_eq!(out.resolve(&[false, true]), ["Một là, việc A."]);
        assert_eq!(out.resolve(&[true]), [after.opening.as_str(), "Một là, việc A.", current[1].as_str()]);
    }
}
