//! The outbox (issue 6): written with each review step, taken in order per item, one sender at
//! a time, backing off after a transient failure, stopping for a person after the others.

use chrono::{Duration, TimeZone, Utc};
use newsroom::outbox::{self, State};
use newsroom::posts::{self, NewPost};
use newsroom::review::{self, Action, Item};
use newsroom::users::{self, Role};
use newsroom::Store;

fn setup() -> (tempfile::TempDir, Store, users::Actor, users::Actor) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = newsroom::open(dir.path()).unwrap();
    users::add(&mut store, "lan", "Nguyễn Thị Lan", &[Role::Editor], None).unwrap();
    users::add(&mut store, "boss", "Trần Văn Trường", &[Role::Supervisor], Some("mk")).unwrap();
    let lan = users::authenticate(&store, "lan", None).unwrap();
    let boss = users::authenticate(&store, "boss", Some("mk")).unwrap();
    (dir, store, lan, boss)
}

fn post(store: &mut Store, who: &users::Actor, title: &str) -> Item {
    let new = NewPost { title: title.into(), body_html: "<p>x</p>".into(), category: String::new() };
    Item::Post(posts::create_as(store, Some(who), new).unwrap().id)
}

#[test]
fn each_step_is_recorded_with_its_change_and_sent_in_order_with_the_latest_actors_login() {
    let (_d, mut store, lan, boss) = setup();
    let a = post(&mut store, &lan, "Tin A");
    let b = post(&mut store, &lan, "Tin B");
    assert!(outbox::next(&store, Utc::now()).unwrap().is_none(), "drafts are not sent");
    review::transition(&mut store, &lan, a, Action::Submit, None, None).unwrap();
    review::transition(&mut store, &lan, b, Action::Submit, None, None).unwrap();
    review::transition(&mut store, &boss, a, Action::Approve, None, None).unwrap();
    // A refused step records nothing.
    assert!(review::transition(&mut store, &lan, b, Action::Approve, None, None).is_err());
    assert_eq!(outbox::counts(&store).unwrap().waiting, 3);

    let first = outbox::next(&store, Utc::now()).unwrap().unwrap();
    assert_eq!(first.item, a, "the item with the oldest entry first");
    assert_eq!(first.entries.len(), 2, "both of A's entries go at once");
    assert_eq!(first.user_id, Some(boss.id), "sent with the approver's login");
    let entries = outbox::list(&store, 10).unwrap();
    assert_eq!(entries.iter().map(|e| e.reason.as_str()).collect::<Vec<_>>(), ["submit", "submit", "approve"]);
    assert_eq!(entries[0].title, "Tin A");
    assert_eq!(entries[2].user.as_deref(), Some("Trần Văn Trường"));

    // One sender at a time: a second claim of the same entries is refused.
    assert!(outbox::claim(&mut store, &first.entries, Utc::now()).unwrap());
    assert!(!outbox::claim(&mut store, &first.entries, Utc::now()).unwrap());
    assert_eq!(outbox::next(&store, Utc::now()).unwrap().unwrap().item, b, "A is being sent");
    outbox::mark_sent(&mut store, &first.entries, Utc::now()).unwrap();
    assert_eq!(outbox::counts(&store).unwrap().waiting, 1);
}

#[test]
fn a_transient_failure_backs_off_and_a_lasting_one_waits_for_a_person() {
    let (_d, mut store, lan, _boss) = setup();
    let a = post(&mut store, &lan, "Tin A");
    review::transition(&mut store, &lan, a, Action::Submit, None, None).unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap();
    let batch = outbox::next(&store, t0).unwrap().unwrap();
    assert!(outbox::claim(&mut store, &batch.entries, t0).unwrap());
    outbox::mark_failed(&mut store, &batch.entries, "portal_offline", "Không kết nối được", true, t0, 0.5).unwrap();
    let e = outbox::get(&store, batch.entries[0]).unwrap();
    assert_eq!((e.state, e.attempts, e.error_code.as_deref()), (State::Waiting, 1, Some("portal_offline")));
    assert!(outbox::next(&store, t0 + Duration::seconds(4)).unwrap().is_none(), "waits out the backoff");
    assert!(outbox::next(&store, t0 + Duration::seconds(6)).unwrap().is_some());

    // Twice more: the wait doubles.
    assert!(outbox::claim(&mut store, &batch.entries, t0).unwrap());
    outbox::mark_failed(&mut store, &batch.entries, "portal_timeout", "…", true, t0, 0.5).unwrap();
    assert!(outbox::next(&store, t0 + Duration::seconds(9)).unwrap().is_none());
    assert!(outbox::next(&store, t0 + Duration::seconds(11)).unwrap().is_some());

    // A wrong password needs a person: not tried again until "Thử lại".
    assert!(outbox::claim(&mut store, &batch.entries, t0).unwrap());
    outbox::mark_failed(&mut store, &batch.entries, "portal_wrong_password", "Sai mật khẩu", false, t0, 0.5).unwrap();
    assert!(outbox::next(&store, t0 + Duration::days(1)).unwrap().is_none());
    assert_eq!(outbox::counts(&store).unwrap().failed, 1);
    let again = outbox::retry(&mut store, batch.entries[0]).unwrap();
    assert_eq!(again.state, State::Waiting);
    assert!(outbox::next(&store, t0).unwrap().is_some());

    // Cancelled: never sent.
    outbox::cancel(&mut store, batch.entries[0], t0).unwrap();
    assert!(outbox::next(&store, t0).unwrap().is_none());
    assert_eq!(outbox::cancel(&mut store, batch.entries[0], t0).unwrap_err().code(), "not_cancellable");
}

#[test]
fn entries_left_sending_by_a_sender_that_died_go_back_to_waiting() {
    let (_d, mut store, lan, _boss) = setup();
    let a = post(&mut store, &lan, "Tin A");
    review::transition(&mut store, &lan, a, Action::Submit, None, None).unwrap();
    let t0 = Utc::now();
    let batch = outbox::next(&store, t0).unwrap().unwrap();
    assert!(outbox::claim(&mut store, &batch.entries, t0).unwrap());
    assert_eq!(outbox::recover(&store, t0 + Duration::minutes(1)).unwrap(), 0, "a live sender keeps them");
    assert_eq!(outbox::recover(&store, t0 + Duration::minutes(16)).unwrap(), 1);
    assert_eq!(outbox::next(&store, t0 + Duration::minutes(16)).unwrap().unwrap().item, a);
}

#[test]
fn edits_to_a_submitted_post_wait_as_one_entry_and_drafts_send_nothing() {
    let (_d, mut store, lan, _boss) = setup();
    let a = post(&mut store, &lan, "Tin A");
    let edit = |store: &mut Store, title: &str| {
        let mut e = posts::as_edit(&posts::get(store, a.id()).unwrap());
        e.title = title.into();
        posts::edit_as(store, Some(&lan), e).unwrap();
    };
    edit(&mut store, "Tin A, bản nháp");
    assert_eq!(outbox::counts(&store).unwrap().waiting, 0, "a draft is nobody's business but its author's");

    review::transition(&mut store, &lan, a, Action::Submit, None, None).unwrap();
    edit(&mut store, "Tin A, sửa trước khi gửi");
    assert_eq!(outbox::counts(&store).unwrap().waiting, 1, "the waiting submission sends the post as it is then");
    let sent = outbox::next(&store, Utc::now()).unwrap().unwrap();
    outbox::mark_sent(&mut store, &sent.entries, Utc::now()).unwrap();

    for n in 1..=5 {
        edit(&mut store, &format!("Tin A, sửa lần {n}"));
    }
    let entries = outbox::list(&store, 10).unwrap();
    let reasons: Vec<_> = entries.iter().map(|e| (e.reason.as_str(), e.state)).collect();
    assert_eq!(reasons, [("edit", State::Waiting), ("submit", State::Sent)], "autosaves share one entry");
    assert_eq!(entries[0].user_id, Some(lan.id), "sent with the editor's login");

    // Once the sender has taken it, the next edit needs an entry of its own.
    let batch = outbox::next(&store, Utc::now()).unwrap().unwrap();
    assert!(outbox::claim(&mut store, &batch.entries, Utc::now()).unwrap());
    edit(&mut store, "Tin A, sửa khi đang gửi");
    assert_eq!(outbox::counts(&store).unwrap().waiting, 1);
}

#[test]
fn the_post_list_says_where_each_post_is_on_its_way_to_the_portal() {
    let (_d, mut store, lan, _boss) = setup();
    let a = post(&mut store, &lan, "Tin A");
    let word = |store: &Store| {
        let list = posts::list(store, posts::Shelf::Active).unwrap();
        list.into_iter().find(|p| p.id == a.id()).unwrap().portal
    };
    review::transition(&mut store, &lan, a, Action::Submit, None, None).unwrap();
    assert_eq!(word(&store), None, "a PC without a portal says nothing of one");
    store.set_setting("portal_url", "https://cong.example.vn").unwrap();
    assert_eq!(word(&store).as_deref(), Some("waiting"));
    let t0 = Utc::now();
    let batch = outbox::next(&store, t0).unwrap().unwrap();
    assert!(outbox::claim(&mut store, &batch.entries, t0).unwrap());
    assert_eq!(word(&store).as_deref(), Some("waiting"), "still on its way while sending");
    outbox::mark_failed(&mut store, &batch.entries, "portal_wrong_password", "Sai mật khẩu", false, t0, 0.5).unwrap();
    assert_eq!(word(&store).as_deref(), Some("failed"));
    outbox::retry(&mut store, batch.entries[0]).unwrap();
    assert!(outbox::claim(&mut store, &batch.entries, t0).unwrap());
    outbox::mark_conflict(&mut store, &batch.entries, "Xung đột").unwrap();
    assert_eq!(word(&store).as_deref(), Some("conflict"));
}
