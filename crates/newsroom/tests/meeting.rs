//! The meeting-report template run against a real post: the sample reproduced, and a second
//! run that never overwrites the editor's changes without asking.

use newsroom::posts::{self, as_edit, NewPost, PostEdit};
use newsroom::sample::{self, MEETING_REPORT};
use newsroom::text::{html_blocks, html_to_text};
use newsroom::{meeting, template};

fn fresh() -> (tempfile::TempDir, newsroom::Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom::open(dir.path()).unwrap();
    (dir, store)
}

/// The sample's paragraph that starts with `start`, with its non-breaking spaces as spaces.
fn sample_paragraph(start: &str) -> String {
    let p = MEETING_REPORT.lines().map(str::trim).find(|l| l.replace('\u{a0}', " ").starts_with(start)).unwrap();
    p.replace('\u{a0}', " ")
}

#[test]
fn the_sample_report_is_reproduced_through_the_template() {
    let (_d, mut store) = fresh();
    let post = posts::create(&mut store, NewPost { title: "Tin hội nghị".into(), ..Default::default() }).unwrap();
    let saved = meeting::apply(&mut store, post.id, &sample::meeting(), &[]).unwrap();
    let paragraphs: Vec<String> = html_blocks(&saved.body_html).iter().map(|b| html_to_text(b)).collect();
    for start in [
        "Chiều ngày 15/01/2020",
        "Dự hội nghị có đồng chí Phạm Hải Hoa",
        "Thay mặt các đồng chí lãnh đạo",
        "Một là,",
        "Hai là,",
        "Ba là,",
        "Bốn là,",
        "Năm là,",
    ] {
        assert!(paragraphs.contains(&sample_paragraph(start)), "missing or different: {start}\n{paragraphs:#?}");
    }
    assert_eq!(meeting::get(&store, post.id).unwrap(), Some(sample::meeting()));
}

fn giao_ban(time: &str, directives: &[&str]) -> template::Meeting {
    template::Meeting {
        name: "hội nghị giao ban".into(),
        organiser: "UBND phường".into(),
        date: "2026-03-20".into(),
        time: Some(time.into()),
        directives: directives.iter().map(|d| d.to_string()).collect(),
        ..Default::default()
    }
}

const EDITED_OPENING: &str = "Sáng ngày 20/03/2026, UBND phường đã long trọng tổ chức hội nghị giao ban quý I.";

/// A report made from the template, whose opening the editor rewrote and to which they added
/// a paragraph of their own.
fn edited_report(store: &mut newsroom::Store) -> i64 {
    let post = posts::create(store, NewPost { title: "Tin".into(), ..Default::default() }).unwrap();
    let first = meeting::apply(store, post.id, &giao_ban("08:00", &["giữ vững kỷ cương"]), &[]).unwrap();
    let body =
        first.body_html.replace("Sáng ngày 20/03/2026, UBND phường đã tổ chức hội nghị giao ban.", EDITED_OPENING)
            + "<p>Đoạn của biên tập viên, <strong>in đậm</strong>.</p>";
    posts::edit(store, PostEdit { body_html: body, ..as_edit(&first) }).unwrap();
    post.id
}

#[test]
fn a_second_run_keeps_the_editors_paragraphs_and_asks_about_changed_ones() {
    let (_d, mut store) = fresh();
    let id = edited_report(&mut store);
    // The meeting moves to the afternoon and gains a directive.
    let moved = giao_ban("14:00", &["giữ vững kỷ cương", "làm tốt cải cách hành chính"]);
    let preview = meeting::preview(&store, id, &moved).unwrap();
    assert_eq!(preview.conflicts.len(), 1, "{preview:#?}");
    assert_eq!(preview.conflicts[0].edited.as_deref(), Some(EDITED_OPENING));

    let kept = meeting::apply(&mut store, id, &moved, &[false]).unwrap();
    assert!(kept.body_html.contains(EDITED_OPENING), "{}", kept.body_html);
    assert!(kept.body_html.contains("Hai là, làm tốt cải cách hành chính."));
    assert!(kept.body_html.contains("<p>Đoạn của biên tập viên, <strong>in đậm</strong>.</p>"), "formatting kept");
}

#[test]
fn an_accepted_conflict_takes_the_templates_text() {
    let (_d, mut store) = fresh();
    let id = edited_report(&mut store);
    let moved = giao_ban("14:00", &["giữ vững kỷ cương"]);
    let replaced = meeting::apply(&mut store, id, &moved, &[true]).unwrap();
    assert!(replaced.body_html.contains("Chiều ngày 20/03/2026, UBND phường đã tổ chức hội nghị giao ban."));
    assert!(!replaced.body_html.contains("long trọng"));
    assert!(replaced.body_html.contains("Đoạn của biên tập viên"));
}

#[test]
fn the_seeded_sample_carries_its_meeting_fields() {
    let (_d, store) = fresh();
    assert_eq!(meeting::get(&store, 1).unwrap(), Some(sample::meeting()));
    let preview = meeting::preview(&store, 1, &sample::meeting()).unwrap();
    assert!(preview.conflicts.is_empty(), "re-running the sample's own fields changes nothing to ask about");
}

#[test]
fn an_official_whose_title_was_not_held_that_day_is_flagged() {
    let (dir, mut store) = fresh();
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "Họ tên,Chức vụ,Đơn vị,Từ ngày,Đến ngày\nNguyễn Anh Tuấn,Phó Bí thư thường trực Quận ủy,Quận ủy Tây Hồ,01/01/2016,31/12/2020\nNguyễn Anh Tuấn,Bí thư Quận ủy,Quận ủy Tây Hồ,01/01/2021,\n",
    )
    .unwrap();
    newsroom::people::import_file(&mut store, &csv, newsroom::Lang::Vi).unwrap();
    let flagged = |store: &newsroom::Store| {
        let post = posts::get(store, 1).unwrap();
        newsroom::checks::check_post(store, &post, newsroom::Lang::Vi)
            .unwrap()
            .into_iter()
            .filter(|f| f.kind == newsroom::checks::FindingKind::OfficialTitle)
            .collect::<Vec<_>>()
    };
    assert!(flagged(&store).is_empty(), "in 2020 he was Phó Bí thư thường trực: the sample is right");

    let mut m = sample::meeting();
    m.date = "2022-05-10".into();
    meeting::apply(&mut store, 1, &m, &[]).unwrap();
    let found = flagged(&store);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].excerpt, "Nguyễn Anh Tuấn - Phó Bí thư thường trực Quận ủy");
    assert_eq!(found[0].suggestion.as_deref(), Some("Bí thư Quận ủy"));
}
