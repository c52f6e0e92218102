//! The office's own published meeting report, seeded as a sample post on a newcomer's first
//! start so the window is never empty and shows what a finished report looks like.

use chrono::{NaiveDateTime, SecondsFormat, TimeZone, Utc};

use crate::error::Result;
use crate::posts::{insert, Draft};
use crate::store::Store;
use crate::text::{paragraphs_to_html, vietnam};

pub const MEETING_REPORT: &str = include_str!("../../../fixtures/meeting-report-2020-01-16.txt");

/// The parts of a report as the portal page shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct PortalPage {
    pub category: String,
    pub title: String,
    /// UTC, RFC 3339.
    pub published_at: String,
    pub body_html: String,
    pub signature: String,
}

/// Reads a page copied from the portal: chuyên mục, title, "Ngày đăng dd/mm/yyyy | hh:mm",
/// the body, and the signature on the last line.
pub fn parse_portal_page(text: &str) -> Option<PortalPage> {
    let lines: Vec<&str> = text.lines().collect();
    let dated = lines.iter().position(|l| l.trim_start().starts_with("Ngày đăng"))?;
    let mut before = lines[..dated].iter().rev().map(|l| l.trim()).filter(|l| !l.is_empty());
    let title = before.next()?.to_string();
    let category = before.next().unwrap_or_default().to_string();

    let when = lines[dated].trim_start().trim_start_matches("Ngày đăng").trim();
    let mut parts = when.split('|').map(str::trim);
    let (day, time) = (parts.next()?, parts.next()?);
    let local = NaiveDateTime::parse_from_str(&format!("{day} {time}"), "%d/%m/%Y %H:%M").ok()?;
    let published_at =
        vietnam().from_local_datetime(&local).single()?.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Secs, true);

    let rest = &lines[dated + 1..];
    let last = rest.iter().rposition(|l| !l.trim().is_empty())?;
    let signature = rest[last].trim().to_string();
    let body_html = paragraphs_to_html(&rest[..last].join("\n"));
    Some(PortalPage { category, title, published_at, body_html, signature })
}

/// Seeds the sample once per store; a sample the user deleted stays deleted.
pub fn seed(store: &mut Store) -> Result<()> {
    if store.setting("sample_seeded")?.is_some() {
        return Ok(());
    }
    let page = parse_portal_page(MEETING_REPORT).expect("the bundled sample parses (tested)");
    store.with_tx(|tx| {
        let draft = Draft {
            title: page.title.clone(),
            body_html: page.body_html.clone(),
            category: page.category.clone(),
            signature: page.signature.clone(),
            published_at: Some(page.published_at.clone()),
            is_sample: true,
            ..Draft::default()
        };
        insert(tx, draft)?;
        tx.execute("INSERT INTO setting (key, value) VALUES ('sample_seeded', '1')", [])?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_report_parses_into_its_real_parts() {
        let page = parse_portal_page(MEETING_REPORT).unwrap();
        assert_eq!(page.category, "Kinh tế - chính trị");
        assert!(page.title.starts_with("Ban Dân vận tổ chức tổng kết công tác dân vận năm 2019"));
        assert!(page.title.ends_with("triển khai nhiệm vụ năm 2020"));
        assert_eq!(page.published_at, "2020-01-16T04:19:00Z", "11:19 in Hà Nội is 04:19 UTC");
        assert_eq!(page.signature, "Ban Tuyên giáo Quận Tây Hồ");
        assert!(page.body_html.starts_with("<p>Chiều ngày 15/01/2020, Ban Dân vận Quận ủy đã tổ chức"));
        assert!(page.body_html.contains("<p>Một là,\u{a0}các cấp ủy đảng"));
        assert!(page.body_html.contains("<p>Năm là, tiếp tục thực hiện tốt 02 bộ Quy tắc"));
        assert!(!page.body_html.contains("View count"));
        assert!(!page.body_html.contains("Ban Tuyên giáo Quận Tây Hồ"), "the signature is its own field");
        assert_eq!(page.body_html.matches("<p>").count(), 13);
    }
}
