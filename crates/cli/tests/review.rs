//! The review workflow (issue 5) as a script runs it: profiles, `--as`, passwords, refused steps,
//! the queue, the log and `doctor` finding a log edited behind the app's back.

use std::path::Path;
use std::process::Output;

mod common;
use common::{json_error, json_stdout, stderr, stdout, toasoan, toasoan_with};

const VI: &str = "vi_VN.UTF-8";
const EN: &str = "en_GB.UTF-8";
const PASSWORD: &str = "Mật khẩu của trưởng ban";

fn ok(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(o), stderr(o));
}

fn refused(o: &Output, code: &str) {
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(o), stderr(o));
    assert!(stdout(o).is_empty(), "{}", stdout(o));
    assert_eq!(json_error(o)["code"], code, "{}", stderr(o));
}

/// Runs as the supervisor, with the password in TOASOAN_PASSWORD.
fn as_boss(d: &Path, args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.extend(["--as", "boss"]);
    toasoan_with(d, VI, &all, &[("TOASOAN_PASSWORD", PASSWORD)], "")
}

fn new_post(d: &Path, who: &str, title: &str) -> String {
    let o = toasoan(d, VI, &["post", "new", "--title", title, "--as", who]);
    ok(&o);
    stdout(&o).trim().to_string()
}

fn state(o: &Output) -> String {
    json_stdout(o)["state"].as_str().unwrap().to_string()
}

#[test]
fn the_issue_walk_profiles_roles_passwords_queue_log_and_doctor() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();

    // No profiles yet: writing works as it always did; reviewing needs a profile.
    let o = toasoan(d, VI, &["post", "new", "--title", "Tin trước khi có hồ sơ"]);
    ok(&o);
    let old = stdout(&o).trim().to_string();
    refused(&toasoan(d, VI, &["review", "submit", &old, "--json"]), "who_are_you");

    // Profiles: editors and a photographer, then the supervisor with a password from stdin.
    ok(&toasoan(d, VI, &["user", "add", "lan", "--role", "editor", "--display-name", "Nguyễn Thị Lan"]));
    ok(&toasoan(d, VI, &["user", "add", "hoa", "--role", "photographer", "--display-name", "Lê Hoa"]));
    refused(&toasoan(d, VI, &["user", "add", "boss", "--role", "supervisor", "--json"]), "password_required");
    let o = toasoan_with(
        d,
        VI,
        &["user", "add", "boss", "--role", "supervisor", "--display-name", "Phạm Văn Duyệt", "--password-stdin"],
        &[],
        &format!("{PASSWORD}\n"),
    );
    ok(&o);
    assert_eq!(stdout(&o).trim(), "Đã thêm hồ sơ «boss» (Phạm Văn Duyệt), vai trò: người duyệt.");

    // Now only the supervisor adds profiles.
    refused(&toasoan(d, VI, &["user", "add", "minh", "--role", "editor", "--json"]), "forbidden");
    refused(&toasoan(d, VI, &["user", "add", "minh", "--role", "supervisor", "--as", "lan", "--json"]), "forbidden");
    let o = toasoan_with(
        d,
        VI,
        &["user", "add", "minh", "--role", "editor", "--as", "boss", "--password-stdin"],
        &[("TOASOAN_PASSWORD", PASSWORD)],
        "",
    );
    ok(&o);

    let o = toasoan(d, EN, &["user", "list", "--json"]);
    let users = json_stdout(&o)["users"].as_array().unwrap().clone();
    let names: Vec<&str> = users.iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["boss", "hoa", "lan", "minh"]);
    assert_eq!(users[0]["protected"], true);
    assert_eq!(users[0]["roles"], serde_json::json!(["supervisor"]));
    assert!(users.iter().all(|u| u.get("password_hash").is_none()));

    // Once profiles exist, acting needs --as (or TOASOAN_AS); reading does not.
    refused(&toasoan(d, VI, &["post", "new", "--title", "Ai viết?", "--json"]), "who_are_you");
    ok(&toasoan(d, VI, &["post", "list"]));
    refused(&toasoan(d, VI, &["post", "new", "--title", "x", "--as", "ai-do", "--json"]), "unknown_user");
    let o = toasoan_with(d, VI, &["post", "new", "--title", "Tin của Lan"], &[("TOASOAN_AS", "lan")], "");
    ok(&o);
    let lans = stdout(&o).trim().to_string();
    let o = toasoan(d, VI, &["post", "show", &lans, "--json"]);
    let lan_id = users[2]["id"].as_i64().unwrap();
    assert_eq!(json_stdout(&o)["author_id"], lan_id, "the profile acting is the author");

    // An editor submits; the human line says so in Vietnamese.
    let o = toasoan(d, VI, &["review", "submit", &lans, "--as", "lan"]);
    ok(&o);
    assert_eq!(stdout(&o).trim(), format!("Bài {lans}: đã gửi duyệt."));
    // Another editor cannot submit Lan's work; nobody submits twice.
    let mine = new_post(d, "minh", "Tin của Minh");
    refused(&toasoan(d, VI, &["review", "submit", &mine, "--as", "lan", "--json"]), "forbidden");
    refused(&toasoan(d, VI, &["review", "submit", &lans, "--as", "lan", "--json"]), "invalid_transition");

    // Refused steps: an editor approving, a photographer withdrawing, wrong or no password.
    let o = toasoan(d, VI, &["review", "approve", &lans, "--as", "lan", "--json"]);
    refused(&o, "forbidden");
    assert!(json_error(&o)["message"].as_str().unwrap().contains("người duyệt"), "{}", stderr(&o));
    let o = toasoan(d, EN, &["review", "approve", &lans, "--as", "lan"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("The profile «Nguyễn Thị Lan» may not “approve”"), "{}", stderr(&o));
    refused(&toasoan(d, VI, &["review", "withdraw", &lans, "--as", "hoa", "--json"]), "forbidden");
    let o = toasoan_with(
        d,
        VI,
        &["review", "approve", &lans, "--as", "boss", "--json"],
        &[("TOASOAN_PASSWORD", "mật khẩu của trưởng ban")],
        "",
    );
    refused(&o, "wrong_password");
    refused(&toasoan(d, VI, &["review", "approve", &lans, "--as", "boss", "--json"]), "wrong_password");
    let o = toasoan(d, VI, &["post", "show", &lans, "--json"]);
    assert_eq!(json_stdout(&o)["state"], "submitted", "nothing changed");

    // The queue, oldest submission first: Minh's (higher id) goes in a second before the old post.
    ok(&toasoan(d, VI, &["review", "submit", &mine, "--as", "minh"]));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let o = toasoan(d, VI, &["review", "submit", &old, "--as", "minh", "--json"]);
    assert_eq!(state(&o), "submitted");
    assert_eq!(json_stdout(&o)["author"], "minh", "the first taker of an authorless post becomes its author");
    let o = toasoan(d, VI, &["review", "queue", "--as", "boss", "--json"]);
    ok(&o);
    let queue: Vec<String> = json_stdout(&o)["queue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["item"]["id"].as_i64().unwrap().to_string())
        .collect();
    assert_eq!(queue, vec![lans.clone(), mine.clone(), old.clone()]);
    let o = toasoan(d, VI, &["review", "queue", "--as", "lan", "--json"]);
    assert_eq!(json_stdout(&o)["queue"], serde_json::json!([]), "editors have no queue");

    // Request changes needs a note; the author sees it returned.
    refused(&as_boss(d, &["review", "request-changes", &mine, "--json"]), "note_required");
    ok(&as_boss(d, &["review", "request-changes", &mine, "--note", "Thiếu tên chủ trì."]));
    let o = toasoan(d, VI, &["review", "counts", "--as", "minh", "--json"]);
    assert_eq!(json_stdout(&o)["returned_to_me"], 1);
    let o = toasoan(d, VI, &["review", "notes", &mine, "--json"]);
    assert_eq!(json_stdout(&o)["notes"][0]["body"], "Thiếu tên chủ trì.");

    // Approval with the right password, from TOASOAN_PASSWORD or from stdin.
    let o = as_boss(d, &["review", "approve", &lans, "--json"]);
    ok(&o);
    assert_eq!(state(&o), "approved");
    let o = toasoan_with(
        d,
        VI,
        &["review", "approve", &old, "--as", "boss", "--password-stdin", "--json"],
        &[],
        &format!("{PASSWORD}\n"),
    );
    ok(&o);
    refused(&as_boss(d, &["review", "approve", &lans, "--json"]), "invalid_transition");
    refused(&as_boss(d, &["review", "schedule", &lans, "--at", "2001-01-01 08:00", "--json"]), "time_in_past");
    let o = as_boss(d, &["review", "schedule", &lans, "--at", "2999-01-01 08:00"]);
    ok(&o);
    assert_eq!(stdout(&o).trim(), format!("Bài {lans}: đã hẹn giờ đăng lúc 01/01/2999 | 08:00."));

    // The log: who did what, chained by hashes.
    let o = toasoan(d, VI, &["post", "log", &lans, "--json"]);
    ok(&o);
    let log = json_stdout(&o)["log"].as_array().unwrap().clone();
    let actions: Vec<&str> = log.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["submit", "approve", "schedule"]);
    assert_eq!(log[0]["user"], "Nguyễn Thị Lan");
    assert_eq!(log[1]["user"], "Phạm Văn Duyệt");
    assert_eq!(log[0]["prev_hash"], "0".repeat(64));
    for pair in log.windows(2) {
        assert_eq!(pair[1]["prev_hash"], pair[0]["hash"]);
        assert_eq!(pair[1]["hash"].as_str().unwrap().len(), 64);
    }
    let text = stdout(&toasoan(d, VI, &["post", "log", &lans]));
    assert!(text.contains("Phạm Văn Duyệt  duyệt: đã gửi duyệt → đã duyệt"), "{text}");

    let o = toasoan(d, VI, &["doctor", "--json"]);
    ok(&o);
    assert_eq!(json_stdout(&o)["review_log"]["ok"], true);

    // Someone edits the log with the sqlite3 shell: doctor says which post and exits 1.
    {
        let c = rusqlite::Connection::open(d.join("toasoan.db")).unwrap();
        c.execute_batch("DROP TRIGGER review_log_no_update;").unwrap();
        c.execute(
            "UPDATE review_log SET user_id = NULL WHERE item_kind = 'post' AND item_id = ?1 AND seq = 2",
            [&lans],
        )
        .unwrap();
    }
    let o = toasoan(d, VI, &["doctor"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains(&format!("Nhật ký duyệt: Nhật ký duyệt của bài {lans} đã bị sửa")), "{}", stdout(&o));
    assert!(stdout(&o).contains("ở mục 2"), "{}", stdout(&o));
    let o = toasoan(d, EN, &["doctor", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let doc = json_stdout(&o);
    assert_eq!(doc["healthy"], false);
    assert_eq!(
        doc["review_log"]["broken"]["item"],
        serde_json::json!({ "kind": "post", "id": lans.parse::<i64>().unwrap() })
    );
    assert_eq!(doc["review_log"]["broken"]["seq"], 2);
}

#[test]
fn albums_go_through_review_too() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&toasoan(d, VI, &["user", "add", "hoa", "--role", "photographer"]));
    ok(&toasoan_with(d, VI, &["user", "add", "boss", "--role", "supervisor", "--password-stdin"], &[], PASSWORD));
    let o = toasoan(d, VI, &["album", "new", "--title", "Lễ khai giảng", "--as", "hoa", "--json"]);
    ok(&o);
    let id = json_stdout(&o)["album"]["id"].as_i64().unwrap().to_string();
    let o = toasoan(d, VI, &["review", "submit", &id, "--album", "--as", "hoa"]);
    ok(&o);
    assert_eq!(stdout(&o).trim(), format!("Album {id}: đã gửi duyệt."));
    ok(&as_boss(d, &["review", "approve", &id, "--album"]));
    refused(&toasoan(d, VI, &["review", "publish", &id, "--album", "--as", "hoa", "--json"]), "forbidden");
    // Edited after approval: back to the queue, so publishing what was not approved is refused.
    ok(&toasoan(d, VI, &["album", "edit", &id, "--description", "Thêm một dòng", "--as", "hoa"]));
    refused(&as_boss(d, &["review", "publish", &id, "--album", "--json"]), "invalid_transition");
    let o = as_boss(d, &["review", "queue", "--json"]);
    assert_eq!(json_stdout(&o)["queue"][0]["edited_after_approval"], true);
    let o = toasoan(d, VI, &["album", "log", &id, "--json"]);
    let actions: Vec<String> =
        json_stdout(&o)["log"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect();
    assert_eq!(actions, vec!["submit", "approve", "edited_after_approval"]);

    // The supervisor sees what changed since the approval, sends it back with a note on the
    // passage; the photographer answers, resubmits; approved, published, withdrawn, reopened.
    let o = as_boss(d, &["review", "diff", &id, "--album"]);
    ok(&o);
    assert!(stdout(&o).contains("Thêm một dòng+]"), "{}", stdout(&o));
    let o = as_boss(d, &["review", "note", &id, "--album", "Dòng này thừa", "--passage", "Thêm một dòng", "--json"]);
    ok(&o);
    let note = json_stdout(&o)["note"]["id"].as_i64().unwrap().to_string();
    refused(&as_boss(d, &["review", "request-changes", &id, "--album", "--json"]), "note_required");
    ok(&as_boss(d, &["review", "request-changes", &id, "--album", "--note", "Xem ghi chú."]));
    let o = toasoan(d, VI, &["review", "counts", "--as", "hoa", "--json"]);
    assert_eq!(json_stdout(&o)["returned_to_me"], 1);
    assert_eq!(json_stdout(&o)["returned_albums"], 1);
    ok(&toasoan(d, VI, &["review", "note", &id, "--album", "Đã bỏ", "--reply-to", &note, "--as", "hoa"]));
    ok(&toasoan(d, VI, &["review", "resolve", &note, "--as", "hoa"]));
    let o = toasoan(d, VI, &["review", "notes", &id, "--album", "--json"]);
    let notes = json_stdout(&o)["notes"].as_array().unwrap().clone();
    let open: Vec<&str> =
        notes.iter().filter(|n| n["resolved_at"].is_null()).map(|n| n["body"].as_str().unwrap()).collect();
    assert_eq!(open, vec!["Xem ghi chú."], "the thread and its reply are resolved, the general note is not");
    ok(&toasoan(d, VI, &["album", "edit", &id, "--description", "", "--as", "hoa"]));
    ok(&toasoan(d, VI, &["review", "submit", &id, "--album", "--as", "hoa"]));
    ok(&as_boss(d, &["review", "approve", &id, "--album"]));
    ok(&as_boss(d, &["review", "publish", &id, "--album"]));
    refused(&toasoan(d, VI, &["review", "withdraw", &id, "--album", "--as", "hoa", "--json"]), "forbidden");
    ok(&as_boss(d, &["review", "withdraw", &id, "--album"]));
    let o = toasoan(d, VI, &["review", "reopen", &id, "--album", "--as", "hoa", "--json"]);
    assert_eq!(state(&o), "draft");
    ok(&toasoan(d, VI, &["doctor"]));
}

#[test]
fn profiles_are_renamed_given_passwords_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&toasoan(d, VI, &["user", "add", "lan", "--role", "editor", "--display-name", "Nguyễn Thị Lan"]));
    ok(&toasoan_with(d, VI, &["user", "add", "boss", "--role", "supervisor", "--password-stdin"], &[], PASSWORD));
    let lans = new_post(d, "lan", "Tin của Lan");
    ok(&toasoan(d, VI, &["review", "submit", &lans, "--as", "lan"]));

    // Her own display name; not her roles.
    let o = toasoan(d, VI, &["user", "edit", "lan", "--display-name", "Nguyễn Thị Lan Anh", "--as", "lan"]);
    ok(&o);
    assert_eq!(stdout(&o).trim(), "Đã sửa hồ sơ «lan» (Nguyễn Thị Lan Anh), vai trò: biên tập viên.");
    let o = toasoan(d, VI, &["user", "edit", "lan", "--role", "supervisor", "--as", "lan", "--json"]);
    refused(&o, "forbidden");
    refused(&toasoan(d, VI, &["user", "edit", "lan", "--display-name", "x", "--json"]), "who_are_you");

    // A password of her own; then changing it needs the current one.
    refused(&toasoan(d, VI, &["user", "password", "lan", "--as", "lan", "--json"]), "password_stdin_required");
    ok(&toasoan_with(d, VI, &["user", "password", "lan", "--as", "lan", "--password-stdin"], &[], "Lan-2026\n"));
    refused(&toasoan(d, VI, &["post", "new", "--title", "x", "--as", "lan", "--json"]), "wrong_password");
    let o = toasoan_with(
        d,
        VI,
        &["user", "password", "lan", "--as", "lan", "--password-stdin", "--json"],
        &[],
        "mới\nsai\n",
    );
    refused(&o, "wrong_password");
    let o = toasoan_with(d, VI, &["user", "password", "lan", "--as", "lan", "--password-stdin"], &[], "\nLan-2026\n");
    ok(&o);
    assert_eq!(stdout(&o).trim(), "Đã bỏ mật khẩu của hồ sơ «lan».");
    // The supervisor cannot drop their own, and sets Lan's for her when she forgets it.
    let o = toasoan_with(
        d,
        VI,
        &["user", "password", "boss", "--as", "boss", "--password-stdin", "--json"],
        &[],
        &format!("\n{PASSWORD}\n"),
    );
    refused(&o, "password_required");
    let o = toasoan_with(
        d,
        VI,
        &["user", "password", "lan", "--as", "boss", "--password-stdin"],
        &[],
        &format!("Tạm-1\n{PASSWORD}\n"),
    );
    ok(&o);
    assert_eq!(stdout(&o).trim(), "Đã đặt mật khẩu mới cho hồ sơ «lan».");

    // Nobody removes the last supervisor; Lan leaves, and the record keeps her name.
    refused(&as_boss(d, &["user", "remove", "boss", "--json"]), "last_supervisor");
    refused(
        &toasoan_with(
            d,
            VI,
            &["user", "remove", "boss", "--as", "lan", "--json"],
            &[("TOASOAN_PASSWORD", "Tạm-1")],
            "",
        ),
        "forbidden",
    );
    let o = as_boss(d, &["user", "remove", "lan"]);
    ok(&o);
    assert!(stdout(&o).starts_with("Đã xoá hồ sơ «lan» (Nguyễn Thị Lan Anh)."), "{}", stdout(&o));
    let o = toasoan(d, VI, &["user", "list", "--json"]);
    assert_eq!(json_stdout(&o)["users"].as_array().unwrap().len(), 1);
    refused(&toasoan(d, VI, &["post", "new", "--title", "x", "--as", "lan", "--json"]), "unknown_user");
    let o = toasoan(d, VI, &["post", "log", &lans, "--json"]);
    assert_eq!(json_stdout(&o)["log"][0]["user"], "Nguyễn Thị Lan Anh");
    ok(&toasoan(d, VI, &["doctor"]));
}
