//! The people directory against a real store: importing the lists offices keep, searching
//! it while typing, and flagging a title that was not held on the meeting's day.

use std::path::{Path, PathBuf};

use newsroom::people::{self, ImportReport, Person};
use newsroom::{Error, Lang, Store};
use unicode_normalization::UnicodeNormalization;

fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/people.csv")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn counts(r: &ImportReport) -> (u32, u32, u32, usize) {
    (r.added, r.updated, r.unchanged, r.rows.len())
}

fn person<'a>(people: &'a [Person], name: &str) -> &'a Person {
    people.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("{name} not in {people:#?}"))
}

#[test]
fn the_fixture_imports_once_and_re_importing_changes_nothing() {
    let (_dir, mut store) = fresh();
    let report = people::import_file(&mut store, &fixture(), Lang::Vi).unwrap();
    assert_eq!(counts(&report), (7, 0, 0, 0), "{report:#?}");

    let list = people::list(&store).unwrap();
    let names: Vec<&str> = list.iter().map(|p| p.name.as_str()).collect();
    // By given name in Vietnamese order (Ánh, Đức, Hằng, Hoa, Nam, Tuấn, Tuấn), then the whole name.
    assert_eq!(
        names,
        [
            "Nguyễn Thị Ánh",
            "Hoàng Minh Đức",
            "Lê Thị Thu Hằng",
            "Phạm Hải Hoa",
            "Trần Văn Nam",
            "Đỗ Anh Tuấn",
            "Nguyễn Anh Tuấn"
        ]
    );
    let hoa = person(&list, "Phạm Hải Hoa");
    assert_eq!(hoa.titles[0].title, "TUV, Phó Trưởng Ban Thường trực Ban Dân vận Thành ủy");
    assert_eq!(hoa.note, "Thành ủy viên");
    let hang = person(&list, "Lê Thị Thu Hằng");
    assert_eq!(hang.unit, "Đảng ủy phường Tây Hồ");
    assert_eq!(hang.titles.len(), 2, "one person, two titles over time");
    assert_eq!(hang.titles[0].title, "Trưởng Ban Tuyên giáo Quận ủy");
    assert_eq!(hang.titles[0].unit, "Quận ủy Tây Hồ", "the old title keeps the unit of its day");
    assert_eq!(hang.titles[0].held_from.as_deref(), Some("2020-10-01"));
    assert_eq!(hang.titles[0].held_until.as_deref(), Some("2025-06-30"));
    assert_eq!(hang.titles[1].held_from.as_deref(), Some("2025-07-01"));
    assert_eq!(hang.titles[1].held_until, None);

    let again = people::import_file(&mut store, &fixture(), Lang::Vi).unwrap();
    assert_eq!(counts(&again), (0, 0, 7, 0));
    assert_eq!(people::list(&store).unwrap(), list);
}

#[test]
fn vietnamese_headers_in_any_case_and_nfd_text_are_stored_nfc() {
    let (dir, mut store) = fresh();
    // As a Mac or an old converter writes it: decomposed accents, ';' separated, a BOM, odd spaces.
    let csv = "\u{feff}HỌ VÀ TÊN;Chức Vụ;Đơn vị;Từ ngày;Đến ngày\n\
               Nguyễn  Anh Tuấn ; Phó Bí thư thường trực Quận ủy ;Quận ủy Tây Hồ;;\n";
    let nfd: String = csv.nfd().collect();
    assert_ne!(nfd, csv);
    let path = write(dir.path(), "danh-ba.csv", &nfd);
    let report = people::import_file(&mut store, &path, Lang::Vi).unwrap();
    assert_eq!(counts(&report), (1, 0, 0, 0), "{report:#?}");
    let list = people::list(&store).unwrap();
    assert_eq!(list[0].name, "Nguyễn Anh Tuấn");
    assert_eq!(list[0].unit, "Quận ủy Tây Hồ");
    assert_eq!(list[0].titles[0].title, "Phó Bí thư thường trực Quận ủy");
    let folded: String = store.conn().query_row("SELECT name_folded FROM person", [], |r| r.get(0)).unwrap();
    assert_eq!(folded, "nguyen anh tuan");
}

#[test]
fn english_headers_work_too() {
    let (dir, mut store) = fresh();
    let path = write(
        dir.path(),
        "people.CSV",
        "name,title,unit,from,until\nĐỗ Anh Tuấn,Chủ tịch UBND Quận,UBND quận Tây Hồ,2020-01-01,2025-06-30\n",
    );
    let report = people::import_file(&mut store, &path, Lang::En).unwrap();
    assert_eq!(counts(&report), (1, 0, 0, 0));
    assert_eq!(people::list(&store).unwrap()[0].titles[0].held_until.as_deref(), Some("2025-06-30"));
}

#[test]
fn bad_rows_are_reported_with_their_row_number_and_the_rest_imports() {
    let (dir, mut store) = fresh();
    let csv = "Họ tên,Chức vụ,Đơn vị,Từ ngày,Đến ngày\n\
               Nguyễn Anh Tuấn,Phó Bí thư thường trực Quận ủy,Quận ủy Tây Hồ,,\n\
               ,Chủ tịch UBND Quận,UBND quận Tây Hồ,,\n\
               \n\
               Trần Văn Nam,Phó Chủ tịch UBND quận,UBND quận Tây Hồ,31/02/2021,\n\
               Hoàng Minh Đức,Chủ tịch Ủy ban MTTQ Việt Nam quận,Ủy ban MTTQ,01/07/2025,30/06/2025\n\
               Nguyễn Thị Ánh,,Quận ủy Tây Hồ,01/07/2025,\n\
               Đỗ Anh Tuấn,Chủ tịch UBND Quận,UBND quận Tây Hồ,,\n";
    let path = write(dir.path(), "loi.csv", csv);
    let report = people::import_file(&mut store, &path, Lang::Vi).unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (2, 0, 0));
    let rows: Vec<(u32, &str)> = report.rows.iter().map(|r| (r.row, r.code.as_str())).collect();
    // The blank line 4 is passed over without a word.
    assert_eq!(rows, [(3, "missing_name"), (5, "bad_date"), (6, "dates_reversed"), (7, "dates_without_title")]);
    assert_eq!(report.rows[0].message, "Thiếu họ tên. Hãy điền họ tên rồi nhập lại.");
    assert_eq!(
        report.rows[1].message,
        "Cột «Từ ngày» có ngày «31/02/2021» không đọc được. Hãy ghi ngày theo dạng dd/mm/yyyy (ví dụ 01/07/2025)."
    );
    assert_eq!(
        report.rows[2].message,
        "Ngày kết thúc 30/06/2025 sớm hơn ngày bắt đầu 01/07/2025. Hãy sửa lại một trong hai ngày."
    );
    let names: Vec<String> = people::list(&store).unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["Đỗ Anh Tuấn", "Nguyễn Anh Tuấn"]);

    // Windows line ends count the same.
    let crlf = write(dir.path(), "loi-crlf.csv", &csv.replace('\n', "\r\n"));
    let report = people::import_file(&mut store, &crlf, Lang::Vi).unwrap();
    let rows_crlf: Vec<(u32, &str)> = report.rows.iter().map(|r| (r.row, r.code.as_str())).collect();
    assert_eq!(rows_crlf, rows);

    let report = people::import_file(&mut store, &path, Lang::En).unwrap();
    assert_eq!(report.rows[0].message, "The name is missing. Fill in the name and import again.");
}

#[test]
fn a_new_end_date_updates_and_a_namesake_in_another_unit_is_another_person() {
    let (dir, mut store) = fresh();
    people::import_file(&mut store, &fixture(), Lang::Vi).unwrap();
    let path = write(
        dir.path(),
        "cap-nhat.csv",
        "Họ và tên,Chức vụ,Đơn vị,Từ ngày,Đến ngày\n\
         Nguyễn Anh Tuấn,Phó Bí thư thường trực Quận ủy,Quận ủy Tây Hồ,,\n\
         Đỗ Anh Tuấn,Chủ tịch UBND Quận,UBND quận Tây Hồ,,30/06/2025\n\
         Trần Văn Nam,Phó Chủ tịch UBND phường Tây Hồ,UBND quận Tây Hồ,01/07/2025,\n\
         Nguyễn Anh Tuấn,Chuyên viên,Văn phòng UBND phường Tây Hồ,01/07/2025,\n\
         Phạm Hải Hoa,\"TUV, Phó Trưởng Ban Thường trực Ban Dân vận Thành ủy\",Ban Dân vận Thành ủy Hà Nội,,\n",
    );
    let report = people::import_file(&mut store, &path, Lang::Vi).unwrap();
    // An end date for one, a new title for another, a namesake added, the rest as they were.
    assert_eq!(counts(&report), (1, 2, 2, 0), "{report:#?}");
    let list = people::list(&store).unwrap();
    let do_tuan = person(&list, "Đỗ Anh Tuấn");
    assert_eq!(do_tuan.titles.len(), 1, "the end date was set on the same title, not a copy");
    assert_eq!(do_tuan.titles[0].held_until.as_deref(), Some("2025-06-30"));
    assert_eq!(list.iter().filter(|p| p.name == "Nguyễn Anh Tuấn").count(), 2);
    assert_eq!(person(&list, "Trần Văn Nam").titles.len(), 2);
    assert_eq!(person(&list, "Phạm Hải Hoa").note, "Thành ủy viên", "an empty note cell keeps the note");
}

#[test]
fn an_xlsx_list_with_real_date_cells_and_a_title_row_above_the_header() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let (dir, mut store) = fresh();
    let path = dir.path().join("danh-sach.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_string(0, 0, "DANH SÁCH LÃNH ĐẠO QUẬN TÂY HỒ").unwrap();
    for (c, h) in ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Từ ngày", "Đến ngày"].iter().enumerate()
    {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let rows = [
        (
            "Lê Thị Thu Hằng",
            "Trưởng Ban Tuyên giáo Quận ủy",
            "Đảng ủy phường Tây Hồ",
            Some((2020, 10, 1)),
            Some((2025, 6, 30)),
        ),
        ("Lê Thị Thu Hằng", "Phó Bí thư Đảng ủy phường", "Đảng ủy phường Tây Hồ", Some((2025, 7, 1)), None),
        ("Đỗ Anh Tuấn", "Chủ tịch UBND Quận", "UBND quận Tây Hồ", None, None),
    ];
    for (i, (name, title, unit, from, until)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        sheet.write_string(r, 2, *title).unwrap();
        sheet.write_string(r, 3, *unit).unwrap();
        for (c, d) in [(4, from), (5, until)] {
            if let Some((y, m, d)) = d {
                sheet.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date).unwrap();
            }
        }
    }
    // A date typed as text, as often happens, and one that is not a date.
    sheet.write_string(6, 1, "Trần Văn Nam").unwrap();
    sheet.write_string(6, 2, "Phó Chủ tịch UBND quận").unwrap();
    sheet.write_string(6, 4, "15/07/2021").unwrap();
    sheet.write_string(7, 1, "Hoàng Minh Đức").unwrap();
    sheet.write_string(7, 2, "Chủ tịch Ủy ban MTTQ Việt Nam quận").unwrap();
    sheet.write_string(7, 4, "tháng 7/2025").unwrap();
    book.save(&path).unwrap();

    let report = people::import_file(&mut store, &path, Lang::Vi).unwrap();
    assert_eq!(counts(&report), (3, 0, 0, 1), "{report:#?}");
    assert_eq!((report.rows[0].row, report.rows[0].code.as_str()), (8, "bad_date"), "row 8 as Excel numbers it");
    let list = people::list(&store).unwrap();
    let hang = person(&list, "Lê Thị Thu Hằng");
    let dates: Vec<_> = hang.titles.iter().map(|t| (t.held_from.as_deref(), t.held_until.as_deref())).collect();
    assert_eq!(dates, [(Some("2020-10-01"), Some("2025-06-30")), (Some("2025-07-01"), None)]);
    assert_eq!(person(&list, "Trần Văn Nam").titles[0].held_from.as_deref(), Some("2021-07-15"));

    let again = people::import_file(&mut store, &path, Lang::Vi).unwrap();
    assert_eq!(counts(&again), (0, 0, 3, 1));
}

#[test]
fn suggestions_ignore_accents_and_carry_the_title_of_the_day() {
    let (_dir, mut store) = fresh();
    people::import_file(&mut store, &fixture(), Lang::Vi).unwrap();

    for query in ["tuan", "Tuấn", "TUẤN", "anh tu"] {
        let found = people::suggest(&store, query, Some("2020-01-16"), 10).unwrap();
        let names: Vec<&str> = found.iter().map(|s| s.person.name.as_str()).collect();
        assert_eq!(names, ["Đỗ Anh Tuấn", "Nguyễn Anh Tuấn"], "{query}");
    }
    // "anh" also starts Ánh; a name that starts with the whole query comes first.
    let found = people::suggest(&store, "nguyễn anh", Some("16/01/2020"), 10).unwrap();
    let names: Vec<&str> = found.iter().map(|s| s.person.name.as_str()).collect();
    assert_eq!(names, ["Nguyễn Anh Tuấn", "Nguyễn Thị Ánh"]);
    assert_eq!(found[0].display, "đồng chí Nguyễn Anh Tuấn - Phó Bí thư thường trực Quận ủy");
    // Then whoever holds a title that day: Ánh's ended on 30/06/2025.
    let found = people::suggest(&store, "nguyen", Some("2025-08-01"), 10).unwrap();
    assert_eq!(found[0].person.name, "Nguyễn Anh Tuấn");
    let found = people::suggest(&store, "nguyen", Some("2024-08-01"), 10).unwrap();
    assert_eq!(found[0].person.name, "Nguyễn Thị Ánh");
    assert_eq!(people::suggest(&store, "dang", None, 10).unwrap().len(), 0, "words match from their start");
    assert_eq!(people::suggest(&store, "d", None, 10).unwrap().len(), 2, "đ is found by d: Đỗ, Đức");
    assert_eq!(people::suggest(&store, "tuan", None, 1).unwrap().len(), 1);
    assert!(people::suggest(&store, "  ", None, 10).unwrap().is_empty());
    assert!(people::suggest(&store, "50%_", None, 10).unwrap().is_empty());

    let before = &people::suggest(&store, "hang", Some("2024-05-01"), 10).unwrap()[0];
    assert_eq!(before.display, "đồng chí Lê Thị Thu Hằng - Trưởng Ban Tuyên giáo Quận ủy");
    let after = &people::suggest(&store, "hang", Some("2025-07-01"), 10).unwrap()[0];
    assert_eq!(after.title.as_ref().unwrap().title, "Phó Bí thư Đảng ủy phường");
    let ended = &people::suggest(&store, "nam", Some("2025-08-01"), 10).unwrap()[0];
    assert_eq!((ended.title.as_ref(), ended.display.as_str()), (None, "đồng chí Trần Văn Nam"));

    let err = people::suggest(&store, "hang", Some("mai"), 10).unwrap_err();
    assert_eq!(err.code(), "invalid_date");
}

#[test]
fn a_title_outside_its_dates_is_flagged_and_inside_is_not() {
    let (_dir, mut store) = fresh();
    people::import_file(&mut store, &fixture(), Lang::Vi).unwrap();
    let hang = people::suggest(&store, "hang", None, 1).unwrap().remove(0).person;
    let old = "Trưởng Ban Tuyên giáo Quận ủy";

    assert!(people::title_held_on(&store, hang.id, old, "2024-05-01").unwrap());
    assert!(people::title_held_on(&store, hang.id, old, "30/06/2025").unwrap(), "the last day counts");
    assert!(!people::title_held_on(&store, hang.id, old, "2025-07-01").unwrap());
    assert!(!people::title_held_on(&store, hang.id, old, "2020-09-30").unwrap());
    assert!(!people::title_held_on(&store, 9999, old, "2024-05-01").unwrap());

    let name = "Lê Thị Thu Hằng";
    assert_eq!(people::check_attendee(&store, name, old, "2024-05-01", Lang::Vi).unwrap(), None);
    assert_eq!(
        people::check_attendee(&store, name, "trưởng ban tuyên giáo  quận ủy", "2024-05-01", Lang::Vi).unwrap(),
        None
    );
    let w = people::check_attendee(&store, name, old, "2025-08-01", Lang::Vi).unwrap().expect("flagged");
    assert_eq!(w.code, "title_not_held");
    assert_eq!(w.person_id, Some(hang.id));
    assert_eq!(w.held, ["Phó Bí thư Đảng ủy phường"]);
    assert_eq!(
        w.message,
        "Ngày 01/08/2025, đồng chí Lê Thị Thu Hằng không giữ chức vụ «Trưởng Ban Tuyên giáo Quận ủy»; \
         chức vụ lúc đó là: Phó Bí thư Đảng ủy phường. Hãy kiểm tra lại chức vụ."
    );
    // A title never held, by someone whose only title has ended.
    let w = people::check_attendee(&store, "Trần Văn Nam", "Bí thư Quận ủy", "2025-08-01", Lang::En).unwrap().unwrap();
    assert_eq!(w.message, "On 01/08/2025, Trần Văn Nam did not hold the title «Bí thư Quận ủy». Check the title.");
    assert!(w.held.is_empty());

    let w = people::check_attendee(&store, "Nguyen Anh Tuan", "", "2020-01-16", Lang::Vi).unwrap().unwrap();
    assert_eq!(w.code, "unknown_person", "a name without its accents is not the name");
    assert_eq!(people::check_attendee(&store, "Nguyễn Anh Tuấn", "", "2020-01-16", Lang::Vi).unwrap(), None);
}

#[test]
fn a_file_that_cannot_be_read_changes_nothing() {
    let (dir, mut store) = fresh();
    people::import_file(&mut store, &fixture(), Lang::Vi).unwrap();
    let before = people::list(&store).unwrap();

    let broken = write(dir.path(), "hong.xlsx", "PK\u{3}\u{4} not really a spreadsheet");
    let err = people::import_file(&mut store, &broken, Lang::Vi).unwrap_err();
    assert_eq!(err.code(), "import_unreadable");
    assert!(err.message(Lang::Vi).contains("Danh bạ được giữ nguyên."), "{}", err.message(Lang::Vi));

    let missing = dir.path().join("khong-co.csv");
    assert_eq!(people::import_file(&mut store, &missing, Lang::Vi).unwrap_err().code(), "import_unreadable");

    // Windows-1258 / Latin-1 bytes, as an old "CSV" export writes them.
    let latin = dir.path().join("ansi.csv");
    std::fs::write(&latin, b"H\xf4 t\xean,Ch\xfac v\xf9\nNguy\xean,Ch\xf9 t\xecch\n").unwrap();
    let err = people::import_file(&mut store, &latin, Lang::Vi).unwrap_err();
    assert_eq!(err.code(), "import_not_utf8");
    assert!(err.message(Lang::Vi).contains("CSV UTF-8"));

    let no_header = write(dir.path(), "so-lieu.csv", "a,b,c\n1,2,3\n");
    assert_eq!(people::import_file(&mut store, &no_header, Lang::Vi).unwrap_err().code(), "import_no_header");

    let docx = write(dir.path(), "danh-ba.docx", "Nguyễn Anh Tuấn");
    let err = people::import_file(&mut store, &docx, Lang::En).unwrap_err();
    assert!(matches!(err, Error::ImportUnsupported { .. }));
    assert_eq!(err.code(), "import_unsupported");
    assert!(err.message(Lang::En).contains(".xlsx"));

    assert_eq!(people::list(&store).unwrap(), before);
}

#[test]
fn deleting_a_person_takes_their_titles_with_them() {
    let (_dir, mut store) = fresh();
    people::import_file(&mut store, &fixture(), Lang::Vi).unwrap();
    store.conn().execute("DELETE FROM person WHERE name = 'Lê Thị Thu Hằng'", []).unwrap();
    let titles: i64 = store.conn().query_row("SELECT count(*) FROM person_title", [], |r| r.get(0)).unwrap();
    assert_eq!(titles, 6);
}
