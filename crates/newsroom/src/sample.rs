//! The office's own published meeting report, seeded as a sample post on a newcomer's first
//! start so the window is never empty and shows what a finished report looks like.

use chrono::{NaiveDateTime, SecondsFormat, TimeZone, Utc};

use crate::error::Result;
use crate::posts::{insert, Draft};
use crate::store::Store;
use crate::template::{render, Attendee, Meeting};
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
        let post = insert(tx, draft)?;
        // The sample is also the template's demo: its fields are filled in.
        tx.execute(
            "INSERT INTO post_meeting (post_id, meeting, generated, updated_at) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![
                post.id,
                serde_json::to_string(&meeting()).expect("serialisable"),
                serde_json::to_string(&render(&meeting())).expect("serialisable"),
                post.created_at
            ],
        )?;
        tx.execute("INSERT INTO setting (key, value) VALUES ('sample_seeded', '1')", [])?;
        Ok(())
    })
}

/// The sample report's meeting, as an editor would fill in the template for it.
pub fn meeting() -> Meeting {
    let who = |name: &str, title: &str| Attendee { name: name.into(), title: title.into() };
    let group = |text: &str| who("", text);
    Meeting {
        name: "tổng kết công tác dân vận năm 2019 và đánh giá kết quả thực hiện năm dân vận chính quyền năm 2019, triển khai nhiệm vụ năm 2020".into(),
        organiser: "Ban Dân vận Quận ủy".into(),
        date: "2020-01-15".into(),
        time: Some("14:00".into()),
        place: None,
        chaired_by: None,
        attendees: vec![
            who("Phạm Hải Hoa", "– TUV, Phó Trưởng Ban Thường trực Ban Dân vận Thành ủy"),
            who("Nguyễn Anh Tuấn", "Phó Bí thư thường trực Quận ủy"),
            who("Đỗ Anh Tuấn", "Chủ tịch UBND Quận"),
            group("các đồng chí thành viên Ban Chỉ đạo quy chế dân chủ, ban chỉ đạo công tác tôn giáo quận và Tổ giúp việc"),
            group("Các đồng chí Trưởng các phòng, ban chuyên môn thuộc quận"),
            group("các đồng chí Bí thư TCCS Đảng trực thuộc"),
            group("các đồng chí Chủ tịch UBND, Phó Chủ tịch UBND phụ trách văn hóa - xã hội, Trưởng khối Dân vận, Trưởng đoàn thể chính trị các phường và các tập thể, cá nhân được khen thưởng"),
        ],
        awards: vec![
            "Bộ nội vụ đã tặng kỷ niệm chương “Vì sự nghiệp Quản lý nhà nước về tôn giáo” cho 03 cá nhân".into(),
            "Ban Thường vụ Quận ủy Tây Hồ khen thưởng 07 tập thể có thành tích trong thực hiện Kết luận 62-KL/TW ngày 08/12/2009 của Bộ Chính trị (khóa X), 06 tập thể có thành tích trong 05 năm lãnh đạo, chỉ đạo thực hiện Kết luận số 101-KL/TW, ngày 03/9/2014 của Ban Bí thư (khóa XI)".into(),
            "khen thưởng 08 tập thể có thành tích trong công tác lãnh đạo, chỉ đạo xây dựng và thực hiện Quy chế dân chủ cơ sở năm 2019;".into(),
            "khen thưởng 09 tập thể đã có thành tích trong việc lãnh đạo, chỉ đạo thực hiện công tác tuyên giáo năm 2019".into(),
            "UBND quận Tây Hồ khen thưởng 11 tập thể có thành tích tiêu biểu trong thực hiện “Năm Dân vận chính quyền” năm 2019.".into(),
        ],
        directives_intro: Some("Thay mặt các đồng chí lãnh đạo Quận, đồng chí Nguyễn Anh Tuấn - Phó Bí thư thường trực Quận ủy đề nghị các cấp ủy, chính quyền, Thủ trưởng các cơ quan, đơn vị cần quan tâm thực hiện tốt một số nội dung, nhiệm vụ trọng tâm sau:".into()),
        directives: vec![
            // Typed capitalised, as editors do: the template lowercases it after "Một là,".
            "Các cấp ủy đảng, chính quyền cần tiếp tục nâng cao nhận thức lãnh đạo, chỉ đạo đối với công tác dân vận, xác định công tác dân vận là trách nhiệm của cả hệ thống chính trị, là nhiệm vụ quan trọng, thường xuyên.".into(),
            "các cấp ủy, chính quyền nêu cao tinh thần trách nhiệm của người đứng đầu; tăng cường bám sát cơ sở; chú trọng việc tiếp xúc, đối thoại trực tiếp, lắng nghe, tiếp thu các ý kiến đóng góp của nhân dân, của cán bộ đảng viên để có các giải pháp, tháo gỡ những khó khăn, vướng mắc trong quá trình tổ chức thực hiện, qua đó, tạo niềm tin và sự đồng thuận của người dân, của cán bộ, đảng viên đối với Đảng, với chính quyền.".into(),
            "Tiếp tục thực hiện tốt quy chế dân chủ ở cơ sở như: quy chế dân chủ trong công tác quản lý trật tự xây dựng - đô thị, trong công tác thuế, trong công tác GPMB, trong trường học và khối chợ..., phát huy quyền làm chủ của nhân dân; tạo điều kiện để MTTQ và các đoàn thể chính trị - xã hội thực hiện tốt quyền và trách nhiệm trong việc giám sát, phản biện xã hội, tham gia góp ý xây dựng Đảng, xây dựng chính quyền trong sạch vững mạnh theo tinh thần Quyết định số 217, 218-QĐ/TW của Bộ Chính trị (khóa XI) và việc tiếp thu, phản ánh góp ý của cán bộ, công chức và nhân dân theo Quyết định số 6525-QĐ/TU của Thành ủy.".into(),
            "UBND các phường thực hiện tốt công tác cải cách hành chính, phân công rõ người, rõ việc, rõ trách nhiệm; sắp xếp tổ chức bộ máy tinh gọn, hiệu lực, hiệu quả; nâng cao trách nhiệm, đạo đức công vụ, siết chặt kỷ luật, kỷ cương của đội ngũ cán bộ, công chức, viên chức; xây dựng chính quyền điện tử phục vụ người dân và doanh nghiệp; thực hiện tốt dịch vụ công trực tuyến mức độ 3, 4 của Thành phố.".into(),
            "tiếp tục thực hiện tốt 02 bộ Quy tắc ứng xử của UBND Thành phố; thực hiện có hiệu quả việc đánh giá sự hài lòng của người dân đối với sự phục vụ của các cơ quan hành chính nhà nước và đội ngũ cán bộ công chức, viên chức theo quy định. Thực hiện có hiệu quả các mô hình, điển hình “Dân vận khéo” trong các phòng, ban ngành và UBND các phường; kịp thời biểu dương, khen thưởng những tấm gương điển hình của các tập thể và cá nhân thực hiện có hiệu quả công tác dân vận chính quyền".into(),
        ],
    }
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
