//! Editorial checks over a post's plain text: things a reader notices (or a search misses)
//! that the editor did not mean. Each finding is advice, never a reason to refuse a save; the
//! UI words it from the kind, in the editor's language.
//!
//! Offsets are in characters (Unicode scalar values) of the text given. Vietnamese letters are
//! all in the Basic Multilingual Plane, so they equal JavaScript string indices unless the text
//! holds emoji or other astral characters.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;

use crate::text::nfc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A letter typed or pasted as base + combining marks ("e" + "̂" + "́"): looks right, but
    /// search and sorting treat it as a different word. Suggestion: the composed form.
    Nfd,
    /// "hoà" and "hòa" (old and new tone-mark placement) in one text. The minority spelling is
    /// reported, with the majority's placement as the suggestion.
    MixedToneStyle,
    /// Two or more spaces between words. Suggestion: one space.
    DoubleSpace,
    /// A non-breaking space (pasted from the web) where a plain one belongs: between words
    /// (suggestion " ") or at the start or end of a paragraph, where it shows as an indent
    /// (suggestion "", remove it).
    NonBreakingSpace,
    /// A space before , . ; : ! ? — the range covers the space and the mark; suggestion: the mark.
    SpaceBeforePunctuation,
    /// A straight " where the house style is “ ”. Suggestion: the curly quote for its side.
    StraightQuotes,
    /// A quote that opens and never closes in its paragraph, or closes without opening.
    UnbalancedQuotes,
    /// Dates written two ways (15/01/2020, 15/1/2020, ngày 15 tháng 1 năm 2020) in one text:
    /// the minority format, with the date in the majority's format as the suggestion.
    MixedDateFormats,
    /// An official's title in the meeting's attendees that the directory says was not theirs on
    /// the meeting's date. Suggestion: the title they held then.
    OfficialTitle,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Finding {
    pub kind: FindingKind,
    /// Character offsets of the flagged text, `start..end`.
    pub start: usize,
    pub end: usize,
    /// The flagged text with a few words either side, to show in a list.
    pub excerpt: String,
    /// What to put in place of `start..end`, when there is one clear fix.
    pub suggestion: Option<String>,
}

/// Every finding in `text`, in text order.
pub fn check(text: &str) -> Vec<Finding> {
    let chars: Vec<char> = text.chars().collect();
    let mut found: Vec<(FindingKind, usize, usize, Option<String>)> = Vec::new();
    let words = words(&chars);
    check_nfd(&chars, &words, &mut found);
    check_tone_style(&chars, &words, &mut found);
    check_spaces(&chars, &mut found);
    check_quotes(&chars, &mut found);
    check_dates(&chars, &mut found);
    found.sort_by_key(|f| (f.1, f.0));
    found
        .into_iter()
        .map(|(kind, start, end, suggestion)| Finding {
            kind,
            start,
            end,
            excerpt: excerpt(&chars, start, end),
            suggestion,
        })
        .collect()
}

type Found = Vec<(FindingKind, usize, usize, Option<String>)>;

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// Spaces within a line: plain, tab, non-breaking and the other Unicode spaces.
fn is_space(c: char) -> bool {
    c.is_whitespace() && !is_break(c)
}

fn is_nbsp(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// Word spans: letters, digits and combining marks.
fn words(chars: &[char]) -> Vec<(usize, usize)> {
    let in_word = |c: char| c.is_alphanumeric() || is_combining(c);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if in_word(chars[i]) {
            let s = i;
            while i < chars.len() && in_word(chars[i]) {
                i += 1;
            }
            out.push((s, i));
        } else {
            i += 1;
        }
    }
    out
}

/// The flagged text with up to about 24 characters either side, cut at a space, within its line.
fn excerpt(chars: &[char], start: usize, end: usize) -> String {
    const REACH: usize = 24;
    let mut s = start;
    while s > 0 && !is_break(chars[s - 1]) && start - s < REACH {
        s -= 1;
    }
    if s > 0 && !is_break(chars[s - 1]) {
        if let Some(p) = (s..start).find(|&i| is_space(chars[i])) {
            s = p + 1;
        }
    }
    let mut e = end;
    while e < chars.len() && !is_break(chars[e]) && e - end < REACH {
        e += 1;
    }
    if e < chars.len() && !is_break(chars[e]) {
        if let Some(p) = (end..e).rev().find(|&i| is_space(chars[i])) {
            e = p;
        }
    }
    chars[s..e].iter().collect()
}

fn check_nfd(chars: &[char], words: &[(usize, usize)], found: &mut Found) {
    for &(s, e) in words {
        let w = &chars[s..e];
        let decomposed = w.iter().enumerate().any(|(i, &c)| is_combining(c) && i > 0);
        if !decomposed {
            continue;
        }
        let word: String = w.iter().collect();
        let composed = nfc(&word);
        if composed != word {
            found.push((FindingKind::Nfd, s, e, Some(composed)));
        }
    }
}

const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// A letter as (letter without its tone, tone mark), e.g. 'ố' → ('ô', Some('\u{301}')).
fn split_tone(c: char) -> (char, Option<char>) {
    let mut tone = None;
    let base: String = c
        .nfd()
        .filter(|&m| {
            let is_tone = TONES.contains(&m);
            if is_tone {
                tone = Some(m);
            }
            !is_tone
        })
        .nfc()
        .collect();
    (base.chars().next().unwrap_or(c), tone)
}

fn with_tone(base: char, tone: char) -> char {
    [base, tone].into_iter().nfc().next().unwrap_or(base)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ToneStyle {
    /// hoà, khoẻ, thuỷ: the mark on the second vowel.
    Old,
    /// hòa, khỏe, thủy: the mark on the first.
    New,
}

/// For a word ending in oa / oe / uy with a tone mark, its placement and the word spelled the
/// other way. Syllables that go on (hoàn, thuyền, hoài) or start with qu (quý) have one spelling.
fn tone_style(word: &str) -> Option<(ToneStyle, String)> {
    let w: Vec<char> = word.chars().collect();
    let n = w.len();
    if n < 2 || w.iter().any(|c| !c.is_alphabetic()) {
        return None;
    }
    let vowel = |c: char| "aăâeêioôơuưy".contains(split_tone(c).0.to_lowercase().next().unwrap_or(c));
    let (b1, t1) = split_tone(w[n - 2]);
    let (b2, t2) = split_tone(w[n - 1]);
    let pair: String = [b1, b2].iter().flat_map(|c| c.to_lowercase()).collect();
    if !matches!(pair.as_str(), "oa" | "oe" | "uy") {
        return None;
    }
    if n >= 3 && (vowel(w[n - 3]) || w[n - 3].to_lowercase().eq(['q'])) {
        return None;
    }
    let (style, first, second) = match (t1, t2) {
        (Some(t), None) => (ToneStyle::New, b1, with_tone(b2, t)),
        (None, Some(t)) => (ToneStyle::Old, with_tone(b1, t), b2),
        _ => return None,
    };
    let other: String = w[..n - 2].iter().copied().chain([first, second]).collect();
    Some((style, other))
}

fn check_tone_style(chars: &[char], words: &[(usize, usize)], found: &mut Found) {
    let styled: Vec<(usize, usize, ToneStyle, String)> = words
        .iter()
        .filter_map(|&(s, e)| {
            let word = nfc(&chars[s..e].iter().collect::<String>());
            tone_style(&word).map(|(style, other)| (s, e, style, other))
        })
        .collect();
    let old = styled.iter().filter(|w| w.2 == ToneStyle::Old).count();
    let new = styled.len() - old;
    if old == 0 || new == 0 {
        return;
    }
    // On a tie the new placement (hòa, ủy) wins: it is what the portal mostly prints.
    let minority = if old <= new { ToneStyle::Old } else { ToneStyle::New };
    for (s, e, style, other) in styled {
        if style == minority {
            found.push((FindingKind::MixedToneStyle, s, e, Some(other)));
        }
    }
}

fn check_spaces(chars: &[char], found: &mut Found) {
    let mut i = 0;
    while i < chars.len() {
        if !is_space(chars[i]) {
            i += 1;
            continue;
        }
        let s = i;
        while i < chars.len() && is_space(chars[i]) {
            i += 1;
        }
        let e = i;
        let line_start = s == 0 || is_break(chars[s - 1]);
        let line_end = e == chars.len() || is_break(chars[e]);
        let has_nbsp = chars[s..e].iter().any(|&c| is_nbsp(c));
        let next = chars.get(e).copied();
        let after = chars.get(e + 1).copied();
        let before = if line_start { None } else { Some(chars[s - 1]) };

        let punctuation = match (next, after) {
            // "chợ ...": an ellipsis may stand after a space.
            (Some('.'), Some('.')) => false,
            // ".vn", ".5", ":30": not a full stop or colon ending a clause.
            (Some('.' | ':'), Some(a)) if a.is_alphanumeric() => false,
            // After an opening quote or bracket the space is the lesser problem.
            _ if before.is_some_and(|b| "“‘([{\"".contains(b)) => false,
            (Some(p), _) => ",.;:!?".contains(p),
            (None, _) => false,
        };
        if punctuation && !line_start {
            let mark = next.map(String::from);
            found.push((FindingKind::SpaceBeforePunctuation, s, e + 1, mark));
        } else if line_start || line_end {
            if has_nbsp {
                found.push((FindingKind::NonBreakingSpace, s, e, Some(String::new())));
            }
        } else if e - s >= 2 {
            found.push((FindingKind::DoubleSpace, s, e, Some(" ".into())));
        } else if has_nbsp {
            found.push((FindingKind::NonBreakingSpace, s, e, Some(" ".into())));
        }
    }
}

fn check_quotes(chars: &[char], found: &mut Found) {
    let mut line_start = 0;
    for end in (0..=chars.len()).filter(|&i| i == chars.len() || is_break(chars[i])) {
        let line = line_start..end;
        line_start = end + 1;

        let mut open: Option<usize> = None;
        let mut straight = Vec::new();
        for i in line.clone() {
            match chars[i] {
                '“' => {
                    if let Some(j) = open.replace(i) {
                        found.push((FindingKind::UnbalancedQuotes, j, j + 1, None));
                    }
                }
                '”' if open.is_none() => found.push((FindingKind::UnbalancedQuotes, i, i + 1, None)),
                '”' => open = None,
                '"' => {
                    straight.push(i);
                    let opening = i == line.start || {
                        let b = chars[i - 1];
                        b.is_whitespace() || "([{–—-/".contains(b)
                    };
                    let curly = if opening { "“" } else { "”" };
                    found.push((FindingKind::StraightQuotes, i, i + 1, Some(curly.into())));
                }
                _ => {}
            }
        }
        if let Some(j) = open {
            found.push((FindingKind::UnbalancedQuotes, j, j + 1, None));
        }
        if straight.len() % 2 == 1 {
            let last = straight[straight.len() - 1];
            found.push((FindingKind::UnbalancedQuotes, last, last + 1, None));
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateStyle {
    /// 15/01/2020
    Padded,
    /// 15/1/2020
    Unpadded,
    /// 15/10/2020: no part under 10, so it fits either numeric style.
    Either,
    /// 03/9/2014: one part padded, the other not.
    Inconsistent,
    /// ngày 15 tháng 1 năm 2020
    Spelled,
}

struct Date {
    start: usize,
    end: usize,
    style: DateStyle,
    day: u32,
    month: u32,
    year: String,
}

impl Date {
    fn numeric(&self, padded: bool) -> String {
        if padded {
            format!("{:02}/{:02}/{}", self.day, self.month, self.year)
        } else {
            format!("{}/{}/{}", self.day, self.month, self.year)
        }
    }

    fn spelled(&self) -> String {
        format!("{} tháng {} năm {}", self.day, self.month, self.year)
    }
}

/// The digits starting at `i`: (end, text).
fn digits(chars: &[char], i: usize) -> (usize, String) {
    let mut e = i;
    while e < chars.len() && chars[e].is_ascii_digit() {
        e += 1;
    }
    (e, chars[i..e].iter().collect())
}

/// After spaces from `i`, the word `word` (any case) followed by a space: the position after it.
fn word_at(chars: &[char], i: usize, word: &str) -> Option<usize> {
    let mut i = i;
    let s = i;
    while i < chars.len() && is_space(chars[i]) {
        i += 1;
    }
    if i == s {
        return None;
    }
    let n = word.chars().count();
    let got: String = chars.get(i..i + n)?.iter().collect::<String>().to_lowercase();
    let next = chars.get(i + n).copied();
    (nfc(&got) == word && next.is_some_and(is_space)).then_some(i + n)
}

fn find_dates(chars: &[char]) -> Vec<Date> {
    let mut dates = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts =
            chars[i].is_ascii_digit() && (i == 0 || !(chars[i - 1].is_alphanumeric() || "/.-".contains(chars[i - 1])));
        if !starts {
            i += 1;
            continue;
        }
        let (e1, d) = digits(chars, i);
        let date =
            if chars.get(e1) == Some(&'/') { numeric_date(chars, i, e1, &d) } else { spelled_date(chars, i, e1, &d) };
        match date {
            Some(date) => {
                i = date.end;
                dates.push(date);
            }
            None => i = e1,
        }
    }
    dates
}

fn plausible(day: u32, month: u32) -> bool {
    (1..=31).contains(&day) && (1..=12).contains(&month)
}

fn numeric_date(chars: &[char], start: usize, e1: usize, d: &str) -> Option<Date> {
    let (e2, m) = digits(chars, e1 + 1);
    if chars.get(e2) != Some(&'/') {
        return None;
    }
    let (e3, y) = digits(chars, e2 + 1);
    let ends = chars.get(e3).is_none_or(|&c| !(c.is_alphanumeric() || c == '/'));
    if !(1..=2).contains(&d.len()) || !(1..=2).contains(&m.len()) || y.len() != 4 || !ends {
        return None;
    }
    let (day, month) = (d.parse().ok()?, m.parse().ok()?);
    if !plausible(day, month) {
        return None;
    }
    let small: Vec<bool> =
        [(d, day), (m.as_str(), month)].iter().filter(|(_, v)| *v < 10).map(|(t, _)| t.len() == 2).collect();
    let style = match (small.iter().any(|&p| p), small.iter().any(|&p| !p)) {
        (false, false) => DateStyle::Either,
        (true, false) => DateStyle::Padded,
        (false, true) => DateStyle::Unpadded,
        (true, true) => DateStyle::Inconsistent,
    };
    Some(Date { start, end: e3, style, day, month, year: y })
}

fn spelled_date(chars: &[char], start: usize, e1: usize, d: &str) -> Option<Date> {
    let after_thang = word_at(chars, e1, "tháng")?;
    let m_start = after_thang + 1;
    let (e2, m) = digits(chars, m_start);
    if m.is_empty() || e2 - m_start > 2 {
        return None;
    }
    let after_nam = word_at(chars, e2, "năm")?;
    let y_start = after_nam + 1;
    let (e3, y) = digits(chars, y_start);
    if y.len() != 4 || chars.get(e3).is_some_and(|c| c.is_alphanumeric()) || d.len() > 2 {
        return None;
    }
    let (day, month) = (d.parse().ok()?, m.parse().ok()?);
    plausible(day, month).then_some(Date { start, end: e3, style: DateStyle::Spelled, day, month, year: y })
}

fn check_dates(chars: &[char], found: &mut Found) {
    let dates = find_dates(chars);
    let count = |s: DateStyle| dates.iter().filter(|d| d.style == s).count();
    let spelled = count(DateStyle::Spelled);
    let numeric = dates.len() - spelled;
    // Ties go to the portal's own way of writing dates, dd/mm/yyyy.
    let padded = count(DateStyle::Padded) >= count(DateStyle::Unpadded);
    let numeric_wins = numeric >= spelled;
    let mixed_numeric = count(DateStyle::Padded) > 0 && count(DateStyle::Unpadded) > 0;
    for d in &dates {
        let suggestion = match d.style {
            DateStyle::Spelled if numeric > 0 && numeric_wins => Some(d.numeric(padded)),
            DateStyle::Spelled => None,
            _ if spelled > 0 && !numeric_wins => Some(d.spelled()),
            DateStyle::Inconsistent => Some(d.numeric(padded)),
            DateStyle::Padded if mixed_numeric && !padded => Some(d.numeric(false)),
            DateStyle::Unpadded if mixed_numeric && padded => Some(d.numeric(true)),
            _ => None,
        };
        if suggestion.is_some() {
            found.push((FindingKind::MixedDateFormats, d.start, d.end, suggestion));
        }
    }
}

/// The text of a post as `check` reads it: title, sapo, body blocks and signature, separated
/// by blank lines, every space kept as typed so runs of spaces and non-breaking spaces can be
/// reported.
pub fn post_text(post: &crate::posts::Post) -> String {
    let body = crate::text::html_to_raw_text(&post.body_html);
    [post.title.as_str(), post.sapo.as_str(), body.trim_matches('\n'), post.signature.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Every check of a post: its text, and its meeting's officials against the directory (only
/// people the directory knows are judged; an unknown name is not an error).
pub fn check_post(store: &crate::Store, post: &crate::posts::Post, lang: crate::Lang) -> crate::Result<Vec<Finding>> {
    let mut findings = check(&post_text(post));
    if let Some(meeting) = crate::meeting::get(store, post.id)? {
        let named = meeting.chaired_by.iter().chain(meeting.attendees.iter()).filter(|a| !a.name.trim().is_empty());
        for who in named {
            let title = who.title.trim_start_matches(['-', '–', ' ']);
            let warning = match crate::people::check_attendee(store, &who.name, title, &meeting.date, lang) {
                Ok(Some(w)) if w.code == "title_not_held" => w,
                _ => continue,
            };
            findings.push(Finding {
                kind: FindingKind::OfficialTitle,
                start: 0,
                end: 0,
                excerpt: format!("{} - {}", who.name, title),
                suggestion: warning.held.first().cloned(),
            });
        }
    }
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../../fixtures/meeting-report-2020-01-16.txt");

    /// (kind, flagged text, suggestion) of the findings of one kind.
    fn of_kind(text: &str, kind: FindingKind) -> Vec<(String, Option<String>)> {
        let chars: Vec<char> = text.chars().collect();
        check(text)
            .into_iter()
            .filter(|f| f.kind == kind)
            .map(|f| (chars[f.start..f.end].iter().collect(), f.suggestion))
            .collect()
    }

    #[test]
    fn each_kind_positive_and_negative() {
        use FindingKind::*;
        #[rustfmt::skip]
        type Row = (FindingKind, &'static str, &'static [(&'static str, Option<&'static str>)]);
        let table: &[Row] = &[
            (
                Nfd,
                "Tie\u{302}\u{301}ng Vie\u{323}\u{302}t Nam",
                &[("Tie\u{302}\u{301}ng", Some("Tiếng")), ("Vie\u{323}\u{302}t", Some("Việt"))],
            ),
            (Nfd, "Tiếng Việt Nam", &[]),
            (Nfd, "\u{301}a", &[]),
            (MixedToneStyle, "hòa bình, sức khỏe, Quận ủy, văn hoá", &[("hoá", Some("hóa"))]),
            (MixedToneStyle, "hoà bình, khoẻ mạnh, uỷ ban, thủy lợi", &[("thủy", Some("thuỷ"))]),
            (MixedToneStyle, "Hoà Bình và hòa giải", &[("Hoà", Some("Hòa"))]),
            (MixedToneStyle, "văn hoá, HÒA, hòa", &[("hoá", Some("hóa"))]),
            (MixedToneStyle, "hoà, khoẻ, uỷ, tuỳ, loà", &[]),
            (MixedToneStyle, "hòa, khỏe, ủy, tùy, lòa", &[]),
            (MixedToneStyle, "hoàn thành, quý, thuyền, hoài, hoạch, ủy", &[]),
            (MixedToneStyle, "hoa, thuy, khoe, hòa", &[]),
            (DoubleSpace, "tổ  chức", &[("  ", Some(" "))]),
            (DoubleSpace, "nước”;\u{a0}\u{a0} tổ chức", &[("\u{a0}\u{a0} ", Some(" "))]),
            (DoubleSpace, "tổ chức\n\nhội nghị", &[]),
            (DoubleSpace, "  thụt đầu dòng  ", &[]),
            (NonBreakingSpace, "Một là,\u{a0}các cấp", &[("\u{a0}", Some(" "))]),
            (NonBreakingSpace, "\u{a0}Nhân dịp này\n\u{a0}\n", &[("\u{a0}", Some("")), ("\u{a0}", Some(""))]),
            (NonBreakingSpace, "Một là, các cấp", &[]),
            (NonBreakingSpace, "a\u{a0}\u{a0}b", &[]),
            (SpaceBeforePunctuation, "“Dân vận khéo” , tổ chức", &[(" ,", Some(","))]),
            (
                SpaceBeforePunctuation,
                "a ; b . c : d ! e ? f\u{a0},",
                &[
                    (" ;", Some(";")),
                    (" .", Some(".")),
                    (" :", Some(":")),
                    (" !", Some("!")),
                    (" ?", Some("?")),
                    ("\u{a0},", Some(",")),
                ],
            ),
            (SpaceBeforePunctuation, "khối chợ ..., phát huy", &[]),
            (SpaceBeforePunctuation, "tên miền .vn, lúc 9 giờ", &[]),
            (SpaceBeforePunctuation, "ghi chú ( ...)", &[]),
            (SpaceBeforePunctuation, "a, b; c: d. e! f?\n, đầu dòng", &[]),
            (StraightQuotes, "phong trào \"Dân vận khéo\" năm 2019", &[("\"", Some("“")), ("\"", Some("”"))]),
            (StraightQuotes, "(\"trích\")", &[("\"", Some("“")), ("\"", Some("”"))]),
            (StraightQuotes, "phong trào “Dân vận khéo” năm 2019", &[]),
            (UnbalancedQuotes, "“Dân vận khéo ; đã tổ chức “Dân vận khéo” vào", &[("“", None)]),
            (UnbalancedQuotes, "Dân vận khéo” thừa", &[("”", None)]),
            (UnbalancedQuotes, "“mở\n\nđóng”", &[("“", None), ("”", None)]),
            (UnbalancedQuotes, "\"a\" và \"b", &[("\"", None)]),
            (UnbalancedQuotes, "“a” và “b”, \"c\"", &[]),
            (MixedDateFormats, "15/01/2020, 08/12/2009 và 3/9/2014", &[("3/9/2014", Some("03/09/2014"))]),
            (MixedDateFormats, "1/2/2020, 3/4/2020 và 05/06/2020", &[("05/06/2020", Some("5/6/2020"))]),
            (MixedDateFormats, "ngày 03/9/2014", &[("03/9/2014", Some("03/09/2014"))]),
            (
                MixedDateFormats,
                "ngày 15 tháng 1 năm 2020, ngày 16/01/2020 và 17/01/2020",
                &[("15 tháng 1 năm 2020", Some("15/01/2020"))],
            ),
            (
                MixedDateFormats,
                "ngày 5 tháng 1 năm 2020, ngày 6 Tháng 1 năm 2020 và 17/01/2020",
                &[("17/01/2020", Some("17 tháng 1 năm 2020"))],
            ),
            (MixedDateFormats, "15/01/2020 và 16/10/2020", &[]),
            (MixedDateFormats, "15/10/2020 và 1/2/2020", &[]),
            (MixedDateFormats, "ngày 15/10, Kết luận 62-KL/TW, Quyết định 217, 218-QĐ/TW, 1/2/3/2020, 32/01/2020", &[]),
            (MixedDateFormats, "tháng 1 năm 2020 và 15/01/2020", &[]),
        ];
        for (kind, text, expected) in table {
            let expected: Vec<(String, Option<String>)> =
                expected.iter().map(|(t, s)| (t.to_string(), s.map(str::to_string))).collect();
            assert_eq!(of_kind(text, *kind), expected, "{kind:?} in {text:?}");
        }
    }

    #[test]
    fn offsets_are_characters_and_the_excerpt_is_context() {
        let text =
            "Trong năm 2019, Ban Dân vận Quận ủy đã khảo sát các mô hình “Dân vận khéo” , tổ chức Hội nghị tọa đàm";
        let f = check(text);
        assert_eq!(f.len(), 1);
        let start = text.chars().position(|c| c == '”').unwrap() + 1;
        assert_eq!((f[0].kind, f[0].start, f[0].end), (FindingKind::SpaceBeforePunctuation, start, start + 2));
        assert_eq!(f[0].excerpt, "mô hình “Dân vận khéo” , tổ chức Hội nghị tọa");
        assert_eq!(serde_json::to_string(&f[0].kind).unwrap(), "\"space_before_punctuation\"");
        assert!(check("").is_empty());
    }

    #[test]
    fn the_sample_reports_findings() {
        // The body as the editor sees it: after the "Ngày đăng" line, before the signature.
        let lines: Vec<&str> = SAMPLE.lines().collect();
        let first = lines.iter().position(|l| l.starts_with("Ngày đăng")).unwrap() + 1;
        let last = lines.iter().rposition(|l| !l.trim().is_empty()).unwrap();
        let body = lines[first..last].join("\n");
        let chars: Vec<char> = body.chars().collect();
        let got: Vec<(FindingKind, String, Option<String>)> =
            check(&body).into_iter().map(|f| (f.kind, chars[f.start..f.end].iter().collect(), f.suggestion)).collect();
        let s = |t: &str| Some(t.to_string());
        use FindingKind::*;
        let expected = vec![
            // "văn hoá" is the old placement; the text otherwise writes Quận ủy, văn hóa, khóa, tọa.
            (MixedToneStyle, "hoá".into(), s("hóa")),
            // “Dân vận khéo” , tổ chức
            (SpaceBeforePunctuation, " ,".into(), s(",")),
            // “Ngày Dân vận của cả nước”;      tổ chức: five non-breaking spaces and a space.
            (DoubleSpace, "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0} ".into(), s(" ")),
            // 72 điển hình “Dân vận khéo ; — the quote never closes …
            (UnbalancedQuotes, "“".into(), None),
            // … and a space before the semicolon.
            (SpaceBeforePunctuation, " ;".into(), s(";")),
            // "sự lan toả", again the old placement.
            (MixedToneStyle, "toả".into(), s("tỏa")),
            // " Nhân dịp này": the portal's indent, a non-breaking space.
            (NonBreakingSpace, "\u{a0}".into(), s("")),
            // ngày 03/9/2014 beside 15/01/2020 and 08/12/2009.
            (MixedDateFormats, "03/9/2014".into(), s("03/09/2014")),
            // The paragraph that is nothing but a non-breaking space, under the photo caption.
            (NonBreakingSpace, "\u{a0}".into(), s("")),
            // "Một là, các cấp ủy", "Hai là, …", "Ba là, …": pasted non-breaking spaces.
            (NonBreakingSpace, "\u{a0}".into(), s(" ")),
            // " Các phòng, ban ngành": indent again.
            (NonBreakingSpace, "\u{a0}".into(), s("")),
            (NonBreakingSpace, "\u{a0}".into(), s(" ")),
            (NonBreakingSpace, "\u{a0}".into(), s(" ")),
        ];
        assert_eq!(got, expected);

        let findings = check(&body);
        let unbalanced = findings.iter().find(|f| f.kind == UnbalancedQuotes).unwrap();
        assert!(unbalanced.excerpt.contains("72 điển hình “Dân vận khéo ;"), "{}", unbalanced.excerpt);
        let first_directive = findings.iter().filter(|f| f.kind == NonBreakingSpace).nth(2).unwrap();
        assert!(first_directive.excerpt.starts_with("Một là,\u{a0}các cấp"), "{}", first_directive.excerpt);
    }
}
