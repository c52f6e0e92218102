//! The review workflow (issue 5) against a real store: the whole role × action × state matrix,
//! the own-work rule, the pinned approval, races, the bin, the log chain, passwords.

use chrono::{Duration, TimeZone, Utc};
use newsroom::posts::{self, as_edit, NewPost, PostEdit};
use newsroom::review::{self, Action, Item, LogProblem, State};
use newsroom::users::{self, Actor, Role};
use newsroom::{Error, Store};
use rusqlite::params;
use sha2::{Digest, Sha256};

fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom::open(dir.path()).unwrap();
    (dir, store)
}

const BOSS_PASSWORD: &str = "Trưởng-ban 2025!";

struct People {
    lan: Actor,
    minh: Actor,
    hoa: Actor,
    boss: Actor,
}

/// Two editors, a photographer and a supervisor (protected by a password).
fn people(store: &mut Store) -> People {
    users::add(store, "lan", "Nguyễn Thị Lan", &[Role::Editor], None).unwrap();
    users::add(store, "minh", "Trần Minh", &[Role::Editor], None).unwrap();
    users::add(store, "hoa", "Lê Hoa", &[Role::Photographer], None).unwrap();
    users::add(store, "boss", "Phạm Văn Duyệt", &[Role::Supervisor], Some(BOSS_PASSWORD)).unwrap();
    People {
        lan: users::authenticate(store, "lan", None).unwrap(),
        minh: users::authenticate(store, "minh", None).unwrap(),
        hoa: users::authenticate(store, "hoa", None).unwrap(),
        boss: users::authenticate(store, "boss", Some(BOSS_PASSWORD)).unwrap(),
    }
}

fn post_by(store: &mut Store, author: Option<&Actor>, title: &str) -> Item {
    let new =
        NewPost {
            title: title.into(), body_html: "<p>Sáng nay, xã họp giao ban.</p>".into(), ..Default::default()
        };
    Item::Post(posts::create_as(store, author, new).unwrap().id)
}

fn album_by(store: &Store, author: Option<&Actor>, title: &str) -> Item {
    store
        .conn()
        .execute(
            "INSERT INTO album (title, author_id, created_at, updated_at) VALUES (?1, ?2, 'x', 'x')",
            params![title, author.map(|a| a.id)],
        )
        .unwrap();
    Item::Album(store.conn().last_insert_rowid())
}

fn table(item: Item) -> &'static str {
    match item {
        Item::Post(_) => "post",
        Item::Album(_) => "album",
    }
}

/// Puts `item` in `state` behind the workflow's back (approved states pin the current content).
fn force_state(store: &Store, item: Item, state: State) {
    let hash = review::state(store, item).unwrap().content_hash;
    let pinned = matches!(state, State::Approved | State::Scheduled | State::Published).then_some(hash);
    store
        .conn()
        .execute(
            &format!("UPDATE {} SET state = ?2, approved_hash = ?3 WHERE id = ?1", table(item)),
            params![item.id(), state.code(), pinned],
        )
        .unwrap();
}

fn log_len(store: &Store, item: Item) -> usize {
    review::log(store, item).unwrap().len()
}

const FUTURE: &str = "2999-01-01T03:00:00Z";

fn act(store: &mut Store, who: &Actor, item: Item, action: Action) -> newsroom::Result<review::ItemState> {
    review::transition(store, who, item, action, Some("Ghi chú"), Some(FUTURE))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Me,
    Other,
    Nobody,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    To(State),
    Forbidden,
    Invalid,
}

/// The issue's rules, restated independently of `review::RULES`.
fn expected(from: State, action: Action, roles: &[Role], owner: Owner) -> Expect {
    use State::*;
    let supervisor = roles.contains(&Role::Supervisor);
    let maker = roles.contains(&Role::Editor) || roles.contains(&Role::Photographer);
    let own = owner != Owner::Other;
    match action {
        // Editors and photographers submit their own work (or work nobody owns yet).
        Action::Submit => match (maker, from) {
            (false, _) => Expect::Forbidden,
            (true, Draft | ChangesRequested) if own => Expect::To(Submitted),
            (true, Draft | ChangesRequested) => Expect::Forbidden,
            _ => Expect::Invalid,
        },
        // The author or a supervisor takes a withdrawn item back to draft.
        Action::Reopen => match from {
            Withdrawn if supervisor || (maker && own) => Expect::To(Draft),
            Withdrawn => Expect::Forbidden,
            _ => Expect::Invalid,
        },
        // Everything else is a supervisor's.
        _ if !supervisor => Expect::Forbidden,
        Action::RequestChanges => match from {
            Submitted | Approved | Scheduled => Expect::To(ChangesRequested),
            _ => Expect::Invalid,
        },
        Action::Approve => match from {
            Submitted => Expect::To(Approved),
            _ => Expect::Invalid,
        },
        Action::Schedule => match from {
            Approved | Scheduled => Expect::To(Scheduled),
            _ => Expect::Invalid,
        },
        Action::Publish => match from {
            Approved | Scheduled => Expect::To(Published),
            _ => Expect::Invalid,
        },
        Action::Withdraw => match from {
            Scheduled | Published => Expect::To(Withdrawn),
            _ => Expect::Invalid,
        },
    }
}

#[test]
fn the_whole_role_action_state_matrix_for_posts_and_albums() {
    let (_d, mut store) = fresh();
    // Hundreds of steps: durability is not what this test is about.
    store.conn().pragma_update(None, "synchronous", "OFF").unwrap();
    let p = people(&mut store);
    let both = users::add_by(
        &mut store,
        Some(&p.boss),
        "chief",
        "Tổng biên tập",
        &[Role::Editor, Role::Supervisor],
        Some("x"),
    )
    .unwrap();
    let both = users::authenticate(&store, &both.name, Some("x")).unwrap();
    let actors = [&p.lan, &p.hoa, &p.boss, &both];

    let mut checked = 0;
    let mut allowed = 0;
    for kind in ["post", "album"] {
        for from in State::ALL {
            for action in Action::ALL {
                for actor in actors {
                    for owner in [Owner::Me, Owner::Other, Owner::Nobody] {
                        let author = match owner {
                            Owner::Me => Some(actor),
                            Owner::Other => Some(&p.minh),
                            Owner::Nobody => None,
                        };
                        let item = if kind == "post" {
                            post_by(&mut store, author, "Tin thử")
                        } else {
                            album_by(&store, author, "Album thử")
                        };
                        force_state(&store, item, from);
                        let before = log_len(&store, item);
                        let want = expected(from, action, &actor.roles, owner);
                        let got = act(&mut store, actor, item, action);
                        let case = format!("{kind} {from:?} {action:?} by {:?} ({owner:?})", actor.roles);
                        let now = review::state(&store, item).unwrap();
                        match (want, got) {
                            (Expect::To(to), Ok(state)) => {
                                assert_eq!(state.state, to, "{case}");
                                assert_eq!(now.state, to, "{case}");
                                let log = review::log(&store, item).unwrap();
                                assert_eq!(log.len(), before + 1, "{case}");
                                let last = log.last().unwrap();
                                assert_eq!(
                                    (last.action.as_str(), last.from_state, last.to_state, last.user_id),
                                    (action.code(), Some(from), to, Some(actor.id)),
                                    "{case}"
                                );
                                if owner == Owner::Nobody && action == Action::Submit {
                                    assert_eq!(
                                        now.author_id,
                                        Some(actor.id),
                                        "{case}: the submitter becomes the author"
                                    );
                                }
                                allowed += 1;
                            }
                            (Expect::Forbidden, Err(e)) => {
                                assert_eq!(e.code(), "forbidden", "{case}: {e}");
                                assert_eq!((now.state, log_len(&store, item)), (from, before), "{case}");
                            }
                            (Expect::Invalid, Err(e)) => {
                                assert_eq!(e.code(), "invalid_transition", "{case}: {e}");
                                assert_eq!((now.state, log_len(&store, item)), (from, before), "{case}");
                            }
                            (want, got) => panic!("{case}: expected {want:?}, got {got:?}"),
                        }
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 2 * 7 * 7 * 4 * 3);
    assert!(allowed > 100, "{allowed}");
}

#[test]
fn the_table_is_the_one_the_code_uses() {
    // Every rule of the table is reachable through `decide`, and nothing else is.
    for from in State::ALL {
        for action in Action::ALL {
            let rule = review::RULES.iter().find(|r| r.from == from && r.action == action);
            let by_supervisor = review::decide(from, action, &[Role::Supervisor], true);
            let by_author = review::decide(from, action, &[Role::Editor], true);
            match rule {
                Some(r) => assert!(by_supervisor == Ok(r.to) || by_author == Ok(r.to), "{r:?}"),
                None => assert!(by_supervisor.is_err() && by_author.is_err(), "{from:?} {action:?}"),
            }
        }
    }
}

#[test]
fn an_editor_submits_only_their_own_work_and_old_posts_go_to_the_first_taker() {
    let (_d, mut store) = fresh();
    let p = people(&mut store);
    let lans = post_by(&mut store, Some(&p.lan), "Bài của Lan");
    let err = review::transition(&mut store, &p.minh, lans, Action::Submit, None, None).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert!(
        err.message(newsroom::Lang::Vi).contains("Nguyễn Thị Lan"),
        "names the author: {}",
        err.message(newsroom::Lang::Vi)
    );
    assert_eq!(review::state(&store, lans).unwrap().state, State::Draft);
    review::transition(&mut store, &p.lan, lans, Action::Submit, None, None).unwrap();

    // The sample predates profiles: it has no author until someone submits it.
    let sample = Item::Post(1);
    assert_eq!(review::state(&store, sample).unwrap().author_id, None);
    let s = review::transition(&mut store, &p.minh, sample, Action::Submit, None, None).unwrap();
    assert_eq!((s.author_id, s.author.as_deref()), (Some(p.minh.id), Some("Trần Minh")));
    force_state(&store, sample, State::ChangesRequested);
    let err = review::transition(&mut store, &p.lan, sample, Action::Submit, None, None).unwrap_err();
    assert_eq!(err.code(), "forbidden", "once taken, it is Minh's");

    // A photographer submits their own album; an editor cannot submit it for them.
    let album = album_by(&store, Some(&p.hoa), "Lễ khai giảng");
    assert_eq!(
        review::transition(&mut store, &p.lan, album, Action::Submit, None, None).unwrap_err().code(),
        "forbidden"
    );
    review::transition(&mut store, &p.hoa, album, Action::Submit, None, None).unwrap();

    // An untitled post cannot go for review.
    let untitled = post_by(&mut store, Some(&p.lan), "");
    let err = review::transition(&mut store, &p.lan, untitled, Action::Submit, None, None).unwrap_err();
    assert_eq!(err.code(), "title_required");
}

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn approval_pins_the_content_and_an_edit_after_it_goes_back_to_the_queue() {
    let (_d, mut store) = fresh();
    let p = people(&mut store);
    let item = post_by(&mut store, Some(&p.lan), "Hội nghị quý I");
    review::transition(&mut store, &p.lan, item, Action::Submit, None, None).unwrap();
    let approved = review::transition(&mut store, &p.boss, item, Action::Approve, None, None).unwrap();
    let post = posts::get(&store, item.id()).unwrap();
    let expected = sha256(&format!(
        r#"{{"title":"Hội nghị quý I","sapo":"","body_html":{},"category":"","tags":[],"signature":"","featured_photo_id":null}}"#,
        serde_json::to_string(&post.body_html).unwrap()
    ));
    assert_eq!(approved.approved_hash.as_deref(), Some(expected.as_str()), "SHA-256 of the documented content JSON");
    assert_eq!(post.approved_hash.as_deref(), Some(expected.as_str()));
    assert_eq!((post.state.as_str(), post.edited_after_approval), ("approved", false));
    let log = review::log(&store, item).unwrap();
    assert_eq!(log.last().unwrap().content_hash, expected, "the log names the approved content");

    // Not content: the address and the publication time keep the approval.
    let same = posts::edit(&mut store, PostEdit { slug: Some("hoi-nghi".into()), ..as_edit(&post) }).unwrap();
    assert_eq!(same.state, "approved");

    // Content: back to submitted, flagged, on record with who edited.
    review::transition(&mut store, &p.boss, item, Action::Schedule, None, Some(FUTURE)).unwrap();
    let edited = posts::edit_as(
        &mut store,
        Some(&p.lan),
        PostEdit { body_html: "<p>Sáng nay, xã họp giao ban quý I.</p>".into(), ..as_edit(&same) },
    )
    .unwrap();
    assert_eq!((edited.state.as_str(), edited.edited_after_approval), ("submitted", true));
    assert_eq!(edited.scheduled_at, None, "an edited post does not go out on the old schedule");
    let last = review::log(&store, item).unwrap().pop().unwrap();
    assert_eq!(
        (last.action.as_str(), last.from_state, last.to_state, last.user_id),
        ("edited_after_approval", Some(State::Scheduled), State::Submitted, Some(p.lan.id))
    );
    let queue = review::queue(&store, &p.boss).unwrap();
    assert!(queue.iter().any(|q| q.item == item && q.edited_after_approval), "{queue:?}");

    // The review view shows what changed since the approval.
    let diff = review::review_diff(&store, item).unwrap();
    assert_eq!(diff.against.as_deref(), Some("approved"));
    assert!(
        diff.parts.iter().any(|d| d.op == newsroom::revisions::DiffOp::Added && d.text.contains("quý I")),
        "{diff:?}"
    );

    // Approving again clears the flag and pins the new content.
    let again = review::transition(&mut store, &p.boss, item, Action::Approve, None, None).unwrap();
    assert!(!again.edited_after_approval);
    assert_eq!(again.approved_hash.as_deref(), Some(again.content_hash.as_str()));

    // Published, then edited by someone the core does not know: the system is on record.
    review::transition(&mut store, &p.boss, item, Action::Publish, None, None).unwrap();
    let post = posts::get(&store, item.id()).unwrap();
    posts::edit(&mut store, PostEdit { title: "Hội nghị quý I năm 2025".into(), ..as_edit(&post) }).unwrap();
    let last = review::log(&store, item).unwrap().pop().unwrap();
    assert_eq!((last.action.as_str(), last.user_id), ("edited_after_approval", None));
    review::verify_log(&store).unwrap();
}

#[test]
fn an_album_edited_after_approval_cannot_go_out_unreviewed() {
    let (_d, mut store) = fresh();
    let p = people(&mut store);
    let album = album_by(&store, Some(&p.hoa), "Lễ khai giảng");
    review::transition(&mut store, &p.hoa, album, Action::Submit, None, None).unwrap();
    review::transition(&mut store, &p.boss, album, Action::Approve, None, None).unwrap();
    // The photos crate edits albums without knowing about review.
    store.conn().execute("UPDATE album SET description = 'Thêm một dòng' WHERE id = ?1", [album.id()]).unwrap();

    let err = review::transition(&mut store, &p.boss, album, Action::Publish, None, None).unwrap_err();
    assert_eq!(err.code(), "invalid_transition", "what goes out must be what was approved");
    let s = review::state(&store, album).unwrap();
    assert_eq!((s.state, s.edited_after_approval), (State::Submitted, true));
    assert_eq!(review::log(&store, album).unwrap().last().unwrap().action, "edited_after_approval");
    review::verify_log(&store).unwrap();
}

#[test]
fn requesting_changes_needs_a_note_which_the_author_then_sees() {
    let (_d, mut store) = fresh();
    let p = people(&mut store);
    let item = post_by(&mut store, Some(&p.lan), "Tin nhanh");
    review::transition(&mut store, &p.lan, item, Action::Submit, None, None).unwrap();
    for empty in [None, Some(""), Some("   ")] {
        let err = review::transition(&mut store, &p.boss, item, Action::RequestChanges, empty, None).unwrap_err();
        assert_eq!(err.code(), "note_required");
    }
    assert_eq!(review::state(&store, item).unwrap().state, State::Submitted);
    assert_eq!(review::counts(&store, &p.boss).unwrap().waiting_for_me, 1);

    review::transition(&mut store, &p.boss, item, Action::RequestChanges, Some("Thiếu tên chủ trì."), None).unwrap();
    let counts = review::counts(&store, &p.lan).unwrap();
    assert_eq!(
        (counts.waiting_for_me, counts.returned_to_me, counts.returned_posts, counts.returned_albums),
        (0, 1, 1, 0)
    );
    assert_eq!(review::counts(&store, &p.boss).unwrap().waiting_for_me, 0);
    let notes = review::notes(&store, item).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!((notes[0].body.as_str(), notes[0].author.as_str()), ("Thiếu tên chủ trì.", "Phạm Văn Duyệt"));
    assert_eq!(review::log(&store, item).unwrap().last().unwrap().note.as_deref(), Some("Thiếu tên chủ trì."));

    // A note on a passage, a reply, and resolving.
    let on = review::add_note(&mut store, &p.boss, item, "Viết rõ hơn", Some("xã   họp\ngiao ban"), None).unwrap();
    assert_eq!(on.passage.as_deref(), Some("xã họp giao ban"));
    let err = review::add_note(&mut store, &p.boss, item, "?", Some("không có trong bài"), None).unwrap_err();
    assert_eq!(err.code(), "passage_not_found");
    let reply = review::add_note(&mut store, &p.lan, item, "Đã sửa", None, Some(on.id)).unwrap();
    assert_eq!(reply.reply_to, Some(on.id));
    let other = post_by(&mut store, Some(&p.lan), "Bài khác");
    assert_eq!(review::add_note(&mut store, &p.lan, other, "x", None, Some(on.id)).unwrap_err().code(), "not_found");
    assert_eq!(review::resolve_note(&mut store, &p.minh, on.id).unwrap_err().code(), "forbidden");
    let resolved = review::resolve_note(&mut store, &p.lan, on.id).unwrap();
    assert!(resolved.resolved_at.is_some());
    assert_eq!(resolved.resolved_by, Some(p.lan.id));
}

/// Open notes by id, for the thread tests.
fn open_notes(store: &Store, item: Item) -> Vec<i64> {
    review::notes(store, item).unwrap().into_iter().filter(|n| n.resolved_at.is_none()).map(|n| n.id).collect()
}

#[test]
fn a_thread_is_resolved_as_a_whole_and_a_new_reply_reopens_it() {
    let (_d, mut store) = fresh();
    let p = people(&mut store);
    let item = post_by(&mut store, Some(&p.lan), "Tin nhanh");
    let top = review::add_note(&mut store, &p.boss, item, "Ghi rõ giờ họp", None, None).unwrap();
    let answer = review::add_note(&mut store, &p.lan, item, "Đã ghi 14 giờ", None, Some(top.id)).unwrap();
    let deeper = review::add_note(&mut store, &p.boss, item, "Còn thiếu địa điểm", None, Some(answer.id)).unwrap();
    let apart = review::add_note(&mut store, &p.boss, item, "Ảnh đại diện mờ", None, None).unwrap();
    assert_eq!(open_notes(&store, item), vec![top.id, answer.id, deeper.id, apart.id]);
    assert_eq!(review::queue(&store, &p.boss).unwrap().len(), 0, "a draft is not in the queue");

    // Resolving from a reply settles the whole thread, not the other one.
    let settled = review::resolve_note(&mut store, &p.lan, deeper.id).unwrap();
    assert_eq!(settled.id, top.id, "the thread's top note comes back");
    assert_eq!(open_notes(&store, item), vec![apart.id]);
    let notes = review::notes(&store, item).unwrap();
    assert!(notes[..3].iter().all(|n| n.resolved_by == Some(p.lan.id)), "{notes:?}");

    // A reply to a settled thread opens it again, all of it.
    let again = review::add_note(&mut store, &p.boss, item, "Địa điểm vẫn sai", None, Some(answer.id)).unwrap();
    assert_eq!(open_notes(&store, item), vec![top.id, answer.id, deeper.id, apart.id, again.id]);

    // Who may resolve is judged on the thread's top note: Minh wrote none of it.
    assert_eq!(review::resolve_note(&mut store, &p.minh, again.id).unwrap_err().code(), "forbidden");
    assert_eq!(open_notes(&store, item).len(), 5);
    assert_eq!(review::resolve_note(&mut store, &p.boss, 999).unwrap_err().code(), "not_found");
}

#[test]
fn an_album_is_compared_with_what_was_approved_caption_by_caption() {
    let (_d, mut store) = fresh();
    let p = people(&mut store);
    let album = album_by(&store, Some(&p.hoa), "Lễ khai giảng");
    for (i, caption) in ["Học sinh chào cờ", "Thầy hiệu trưởng phát biểu"].iter().enumerate() {
        store
            .conn()
            .execute(
                "INSERT INTO photo (sha256, original_path, bytes, width, height, caption, created_at)
                 VALUES (?1, 'x', 1, 10, 10, ?2, 'x')",
                params![format!("{i:064}"), caption],
            )
            .unwrap();
        let photo = store.conn().last_insert_rowid();
        store
            .conn()
            .execute(
                "INSERT INTO album_photo (album_id, photo_id, position) VALUES (?1, ?2, ?3)",
                params![album.id(), photo, i as i64],
            )
            .unwrap();
    }
    let fresh_diff = review::review_diff(&store, album).unwrap();
    assert_eq!(fresh_diff.against, None);
    let text: String = fresh_diff.parts.iter().map(|d| d.text.as_str()).collect();
    assert!(text.contains("Lễ khai giảng") && text.contains("Thầy hiệu trưởng phát biểu"), "{text}");

    review::transition(&mut store, &p.hoa, album, Action::Submit, None, None).unwrap();
    review::transition(&mut store, &p.boss, album, Action::Approve, None, None).unwrap();
    store
        .conn()
        .execute("UPDATE photo SET caption = 'Thầy hiệu trưởng khai mạc' WHERE caption LIKE 'Thầy%'", [])
        .unwrap();

    let diff = review::review_diff(&store, album).unwrap();
    assert_eq!(diff.against.as_deref(), Some("approved"));
    let changed =
        |op| diff.parts.iter().filter(|d| d.op == op).map(|d| d.text.trim().to_string()).collect::<Vec<_>>().join(" ");
    assert_eq!(changed(newsroom::revisions::DiffOp::Removed), "phát biểu");
    assert_eq!(changed(newsroom::revisions::DiffOp::Added), "khai mạc");
    assert_eq!(review::review_diff(&store, Item::Album(999)).unwrap_err().code(), "not_found");
}

#[test]
fn a_schedule_is_in_the_future_in_vietnams_time() {
    let (_d, mut store) = fresh();
    let p = people(&mut store);
    let item = post_by(&mut store, Some(&p.lan), "Tin hẹn giờ");
    review::transition(&mut store, &p.lan, item, Action::Submit, None, None).unwrap();
    review::transition(&mut store, &p.boss, item, Action::Approve, None, None).unwrap();

    let now = Utc.with_ymd_and_hms(2025, 9, 5, 1, 0, 0).unwrap();
    let at = |store: &mut Store, when: Option<&str>| {
        review::transition_at(store, &p.boss, item, Action::Schedule, None, when, now)
    };
    assert_eq!(at(&mut store, None).unwrap_err().code(), "time_required");
    assert_eq!(at(&mut store, Some("mai")).unwrap_err().code(), "invalid_time");
    // 07:59 in Hà Nội is 00:59 UTC, a minute before now.
    assert_eq!(at(&mut store, Some("2025-09-05 07:59")).unwrap_err().code(), "time_in_past");
    assert_eq!(at(&mut store, Some("2025-09-05T01:00:00Z")).unwrap_err().code(), "time_in_past", "now is not future");
    assert_eq!(review::state(&store, item).unwrap().state, State::Approved);

    let s = at(&mut store, Some("2025-09-05 08:30")).unwrap();
    assert_eq!((s.state, s.scheduled_at.as_deref()), (State::Scheduled, Some("2025-09-05T01:30:00Z")));
    let s = at(&mut store, Some("06/09/2025 07:00")).unwrap();
    assert_eq!(s.scheduled_at.as_deref(), Some("2025-09-06T00:00:00Z"), "rescheduled");

    let published = review::transition(&mut store, &p.boss, item, Action::Publish, None, None).unwrap();
    assert_eq!(published.scheduled_at, None);
    assert_eq!(posts::get(&store, item.id()).unwrap().published_at.as_deref(), Some("2025-09-06T00:00:00Z"));
}

#[test]
fn two_windows_approving_at_once_get_one_success() {
    let (dir, mut store) = fresh();
    let p = people(&mut store);
    for round in 0..5 {
        let item = post_by(&mut store, Some(&p.lan), &format!("Tin {round}"));
        review::transition(&mut store, &p.lan, item, Action::Submit, None, None).unwrap();
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let results: Vec<_> = (0..2)
            .map(|_| {
                let (path, boss, barrier) = (dir.path().to_path_buf(), p.boss.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let mut window = Store::open(&path).unwrap();
                    barrier.wait();
                    review::transition(&mut window, &boss, item, Action::Approve, None, None).map(|s| s.state)
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect();
        let wins = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(wins, 1, "{results:?}");
        let loser = results.iter().find_map(|r| r.as_ref().err()).unwrap();
        assert_eq!(loser.code(), "invalid_transition");
        assert!(loser.message(newsroom::Lang::Vi).contains("«đã duyệt»"), "{}", loser.message(newsroom::Lang::Vi));
        let approvals = review::log(&store, item).unwrap().iter().filter(|e| e.action == "approve").count();
        assert_eq!(approvals, 1);
    }
    review::verify_log(&store).unwrap();
}

#[test]
fn items_in_the_bin_or_gone_are_refused() {
    let (_d, mut store) = fresh();
    let p = people(&mut store);
    let item = post_by(&mut store, Some(&p.lan), "Sắp xoá");
    posts::move_to_bin(&mut store, item.id()).unwrap();
    let err = review::transition(&mut store, &p.lan, item, Action::Submit, None, None).unwrap_err();
    assert_eq!(err.code(), "in_bin");
    assert_eq!(review::state(&store, item).unwrap().state, State::Draft);
    assert!(review::log(&store, item).unwrap().is_empty());
    posts::restore(&mut store, item.id()).unwrap();
    review::transition(&mut store, &p.lan, item, Action::Submit, None, None).unwrap();
    posts::move_to_bin(&mut store, item.id()).unwrap();
    assert!(review::queue(&store, &p.boss).unwrap().is_empty(), "the bin is not in the queue");

    let err = review::transition(&mut store, &p.boss, Item::Post(999), Action::Approve, None, None).unwrap_err();
    assert_eq!(err.code(), "not_found");
    let album = album_by(&store, Some(&p.hoa), "Sắp xoá");
    store.conn().execute("DELETE FROM album WHERE id = ?1", [album.id()]).unwrap();
    let err = review::transition(&mut store, &p.hoa, album, Action::Submit, None, None).unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn the_queue_is_oldest_first_and_only_for_supervisors() {
    let (_d, mut store) = fresh();
    let p = people(&mut store);
    let t0 = Utc.with_ymd_and_hms(2025, 9, 5, 1, 0, 0).unwrap();
    let late = post_by(&mut store, Some(&p.lan), "Gửi sau");
    let early = album_by(&store, Some(&p.hoa), "Gửi trước");
    let middle = post_by(&mut store, Some(&p.minh), "Gửi giữa");
    review::transition_at(&mut store, &p.lan, late, Action::Submit, None, None, t0 + Duration::minutes(20)).unwrap();
    review::transition_at(&mut store, &p.hoa, early, Action::Submit, None, None, t0).unwrap();
    review::transition_at(&mut store, &p.minh, middle, Action::Submit, None, None, t0 + Duration::minutes(5)).unwrap();
    let queue = review::queue(&store, &p.boss).unwrap();
    let order: Vec<Item> = queue.iter().map(|q| q.item).collect();
    assert_eq!(order, vec![early, middle, late]);
    assert_eq!(queue[0].author.as_deref(), Some("Lê Hoa"));
    assert!(review::queue(&store, &p.lan).unwrap().is_empty());
    assert_eq!(review::counts(&store, &p.boss).unwrap().waiting_for_me, 3);
}

#[test]
fn what_is_going_out_lists_approved_then_scheduled_then_published_for_supervisors() {
    let (_d, mut store) = fresh();
    let p = people(&mut store);
    let approved = post_by(&mut store, Some(&p.lan), "Đã duyệt");
    let scheduled = album_by(&store, Some(&p.hoa), "Hẹn giờ");
    let published = post_by(&mut store, Some(&p.minh), "Đã đăng");
    let waiting = post_by(&mut store, Some(&p.minh), "Chờ duyệt");
    for (who, item) in [(&p.lan, approved), (&p.hoa, scheduled), (&p.minh, published), (&p.minh, waiting)] {
        act(&mut store, who, item, Action::Submit).unwrap();
    }
    for item in [approved, scheduled, published] {
        act(&mut store, &p.boss, item, Action::Approve).unwrap();
    }
    act(&mut store, &p.boss, scheduled, Action::Schedule).unwrap();
    act(&mut store, &p.boss, published, Action::Publish).unwrap();

    let out = review::going_out(&store, &p.boss).unwrap();
    let rows: Vec<(Item, State)> = out.iter().map(|q| (q.item, q.state)).collect();
    assert_eq!(rows, vec![(approved, State::Approved), (scheduled, State::Scheduled), (published, State::Published)]);
    assert!(out[1].scheduled_at.is_some());
    assert!(review::going_out(&store, &p.lan).unwrap().is_empty(), "only supervisors see it");
    let queue: Vec<Item> = review::queue(&store, &p.boss).unwrap().iter().map(|q| q.item).collect();
    assert_eq!(queue, vec![waiting]);
}

#[test]
fn the_log_chain_verifies_and_a_tampered_log_is_found() {
    let (_d, mut store) = fresh();
    let p = people(&mut store);
    let a = post_by(&mut store, Some(&p.lan), "Bài A");
    let b = post_by(&mut store, Some(&p.minh), "Bài B");
    for (item, author) in [(a, &p.lan), (b, &p.minh)] {
        review::transition(&mut store, author, item, Action::Submit, None, None).unwrap();
        review::transition(&mut store, &p.boss, item, Action::RequestChanges, Some("Sửa lại"), None).unwrap();
        review::transition(&mut store, author, item, Action::Submit, None, None).unwrap();
        review::transition(&mut store, &p.boss, item, Action::Approve, None, None).unwrap();
    }
    review::verify_log(&store).unwrap();
    let log = review::log(&store, b).unwrap();
    assert_eq!(log.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
    assert_eq!(log[0].prev_hash, "0".repeat(64));
    for pair in log.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
    }

    // Through the app's connection the log cannot be changed at all.
    let c = store.conn();
    assert!(c.execute("UPDATE review_log SET note = 'x'", []).is_err());
    assert!(c.execute("DELETE FROM review_log", []).is_err());

    // An attacker with the sqlite3 shell drops the trigger first.
    c.execute_batch("DROP TRIGGER review_log_no_update; DROP TRIGGER review_log_no_delete;").unwrap();
    c.execute(
        "UPDATE review_log SET note = 'Không cần sửa' WHERE item_kind = 'post' AND item_id = ?1 AND seq = 2",
        [b.id()],
    )
    .unwrap();
    match review::verify_log(&store) {
        Err(Error::LogBroken(broken)) => {
            assert_eq!((broken.item, broken.seq, broken.problem), (b, 2, LogProblem::Hash));
        }
        other => panic!("{other:?}"),
    }
    let err = review::verify_log(&store).unwrap_err();
    assert_eq!(err.code(), "log_broken");
    assert!(
        err.message(newsroom::Lang::Vi).contains(&format!("bài {}", b.id())),
        "{}",
        err.message(newsroom::Lang::Vi)
    );
}

#[test]
fn removed_entries_and_states_set_behind_the_apps_back_are_found() {
    let (_d, mut store) = fresh();
    let p = people(&mut store);
    let a = post_by(&mut store, Some(&p.lan), "Bài A");
    review::transition(&mut store, &p.lan, a, Action::Submit, None, None).unwrap();
    review::transition(&mut store, &p.boss, a, Action::Approve, None, None).unwrap();
    store.conn().execute_batch("DROP TRIGGER review_log_no_delete;").unwrap();

    // Removing the approval leaves the post approved with a log that ends at "submitted".
    store.conn().execute("DELETE FROM review_log WHERE item_id = ?1 AND seq = 2", [a.id()]).unwrap();
    match review::verify_log(&store) {
        Err(Error::LogBroken(b)) => assert_eq!((b.item, b.seq, b.problem), (a, 1, LogProblem::State)),
        other => panic!("{other:?}"),
    }
    // Removing an entry in the middle breaks the chain.
    let c = post_by(&mut store, Some(&p.lan), "Bài C");
    store.conn().execute("DELETE FROM review_log WHERE item_id = ?1", [a.id()]).unwrap();
    store.conn().execute("UPDATE post SET state = 'draft' WHERE id = ?1", [a.id()]).unwrap();
    review::transition(&mut store, &p.lan, c, Action::Submit, None, None).unwrap();
    review::transition(&mut store, &p.boss, c, Action::RequestChanges, Some("x"), None).unwrap();
    review::transition(&mut store, &p.lan, c, Action::Submit, None, None).unwrap();
    review::verify_log(&store).unwrap();
    store.conn().execute("DELETE FROM review_log WHERE item_id = ?1 AND seq = 2", [c.id()]).unwrap();
    match review::verify_log(&store) {
        Err(Error::LogBroken(b)) => assert_eq!((b.item, b.seq, b.problem), (c, 3, LogProblem::Chain)),
        other => panic!("{other:?}"),
    }

    // A post approved by SQL, without any log, is found too.
    let (_d2, mut other) = fresh();
    let p2 = people(&mut other);
    let sneaky = post_by(&mut other, Some(&p2.lan), "Lén duyệt");
    other.conn().execute("UPDATE post SET state = 'approved' WHERE id = ?1", [sneaky.id()]).unwrap();
    match review::verify_log(&other) {
        Err(Error::LogBroken(b)) => assert_eq!((b.item, b.seq, b.problem), (sneaky, 0, LogProblem::State)),
        other => panic!("{other:?}"),
    }
    // Not a state at all is refused by the store itself.
    assert!(other.conn().execute("UPDATE post SET state = 'live' WHERE id = ?1", [sneaky.id()]).is_err());
}

#[test]
fn passwords_are_argon2id_hashes_and_checked() {
    let (dir, mut store) = fresh();
    assert_eq!(
        users::add(&mut store, "boss", "Trưởng ban", &[Role::Supervisor], None).unwrap_err().code(),
        "password_required"
    );
    users::add(&mut store, "lan", "Nguyễn Thị Lan", &[Role::Editor], None).unwrap();
    let boss = users::add(&mut store, " Boss ", "Phạm Văn Duyệt", &[Role::Supervisor], Some(BOSS_PASSWORD)).unwrap();
    assert_eq!((boss.name.as_str(), boss.protected), ("boss", true));
    let hash: String =
        store.conn().query_row("SELECT password_hash FROM user WHERE name = 'boss'", [], |r| r.get(0)).unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");

    assert_eq!(users::authenticate(&store, "BOSS", Some(BOSS_PASSWORD)).unwrap().id, boss.id);
    let wrong = users::authenticate(&store, "boss", Some("trưởng-ban 2025!")).unwrap_err();
    assert_eq!(wrong.code(), "wrong_password");
    let missing = users::authenticate(&store, "boss", None).unwrap_err();
    assert_eq!(missing.code(), "wrong_password");
    assert!(
        missing.message(newsroom::Lang::En).contains("TOASOAN_PASSWORD"),
        "{}",
        missing.message(newsroom::Lang::En)
    );
    assert_eq!(users::authenticate(&store, "ai-do", None).unwrap_err().code(), "unknown_user");
    assert_eq!(users::authenticate(&store, "lan", Some("bất kỳ")).unwrap().name, "lan", "unprotected");

    // Once a supervisor exists, only a supervisor adds profiles.
    let lan = users::authenticate(&store, "lan", None).unwrap();
    let err = users::add_by(&mut store, Some(&lan), "ke-gian", "Kẻ gian", &[Role::Supervisor], Some("1")).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert_eq!(users::add(&mut store, "x", "", &[Role::Editor], None).unwrap_err().code(), "forbidden");
    let b = users::authenticate(&store, "boss", Some(BOSS_PASSWORD)).unwrap();
    assert_eq!(
        users::add_by(&mut store, Some(&b), "lan", "", &[Role::Editor], None).unwrap_err().code(),
        "user_exists"
    );
    assert_eq!(
        users::add_by(&mut store, Some(&b), "hai tu", "", &[Role::Editor], None).unwrap_err().code(),
        "invalid_user_name"
    );
    assert_eq!(users::add_by(&mut store, Some(&b), "khong", "", &[], None).unwrap_err().code(), "role_required");
    let list = users::list(&store).unwrap();
    assert_eq!(list.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), vec!["boss", "lan"]);

    // The password is nowhere in the store's files.
    drop(store);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap_or_default();
        let needle = BOSS_PASSWORD.as_bytes();
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "the password is stored in plain text");
    }
}

#[test]
fn an_approval_of_a_text_that_changed_while_it_was_read_is_refused() {
    let (_d, mut store) = fresh();
    let p = people(&mut store);
    let item = post_by(&mut store, Some(&p.lan), "Đọc rồi mới duyệt");
    act(&mut store, &p.lan, item, Action::Submit).unwrap();
    let seen = review::state(&store, item).unwrap().content_hash;
    // The author edits while the supervisor reads.
    let Item::Post(id) = item else { unreachable!() };
    let post = newsroom::posts::get(&store, id).unwrap();
    let edit =
        newsroom::posts::PostEdit { body_html: "<p>Câu mới thêm.</p>".into(), ..newsroom::posts::as_edit(&post) };
    newsroom::posts::edit_as(&mut store, Some(&p.lan), edit).unwrap();
    let before = log_len(&store, item);
    let err = review::transition_seen(&mut store, &p.boss, item, Action::Approve, None, None, Some(&seen)).unwrap_err();
    assert_eq!(err.code(), "changed_since_seen");
    assert_eq!(review::state(&store, item).unwrap().state, State::Submitted);
    assert_eq!(log_len(&store, item), before, "a refused approval writes nothing");
    let fresh_hash = review::state(&store, item).unwrap().content_hash;
    let approved =
        review::transition_seen(&mut store, &p.boss, item, Action::Approve, None, None, Some(&fresh_hash)).unwrap();
    assert_eq!(approved.approved_hash.as_deref(), Some(fresh_hash.as_str()));
}

#[test]
fn profiles_are_renamed_by_their_owner_and_managed_by_supervisors() {
    let (_d, mut store) = fresh();
    let p = people(&mut store);

    // Anyone renames themselves (NFC, trimmed); nobody but a supervisor touches others or roles.
    let lan = users::edit(&mut store, &p.lan, "lan", Some("  Nguye\u{302}\u{303}n Thị Lan Anh "), None).unwrap();
    assert_eq!(lan.display_name, "Nguyễn Thị Lan Anh");
    assert_eq!(users::edit(&mut store, &p.lan, "lan", Some(" "), None).unwrap_err().code(), "display_name_required");
    for (name, roles) in [("minh", None), ("lan", Some(&[Role::Supervisor][..])), ("lan", Some(&[Role::Editor][..]))] {
        let err = users::edit(&mut store, &p.lan, name, Some("X"), roles).unwrap_err();
        assert_eq!(err.code(), "forbidden", "{name} {roles:?}");
    }
    assert_eq!(users::get_by_name(&store, "minh").unwrap().display_name, "Trần Minh");

    // A supervisor changes roles; a supervisor's role needs a password first.
    let hoa = users::edit(&mut store, &p.boss, "hoa", None, Some(&[Role::Photographer, Role::Editor])).unwrap();
    assert_eq!(hoa.roles, vec![Role::Editor, Role::Photographer]);
    let err = users::edit(&mut store, &p.boss, "minh", None, Some(&[Role::Supervisor])).unwrap_err();
    assert_eq!(err.code(), "password_required");
    assert_eq!(users::edit(&mut store, &p.boss, "minh", None, Some(&[])).unwrap_err().code(), "role_required");

    // Passwords: one's own needs the current one; a supervisor sets anyone's.
    users::set_password(&mut store, &p.lan, "lan", None, Some("mật khẩu của Lan")).unwrap();
    assert!(users::authenticate(&store, "lan", None).is_err());
    let err = users::set_password(&mut store, &p.lan, "lan", Some("đoán"), None).unwrap_err();
    assert_eq!(err.code(), "wrong_password");
    users::set_password(&mut store, &p.lan, "lan", Some("mật khẩu của Lan"), None).unwrap();
    users::authenticate(&store, "lan", None).unwrap();
    assert_eq!(users::set_password(&mut store, &p.lan, "minh", None, Some("x")).unwrap_err().code(), "forbidden");
    users::set_password(&mut store, &p.boss, "minh", None, Some("Minh-2026")).unwrap();
    users::authenticate(&store, "minh", Some("Minh-2026")).unwrap();
    let err = users::set_password(&mut store, &p.boss, "boss", Some(BOSS_PASSWORD), None).unwrap_err();
    assert_eq!(err.code(), "password_required", "a supervisor keeps a password");
    let err = users::set_password(&mut store, &p.boss, "boss", Some("sai"), Some("mới")).unwrap_err();
    assert_eq!(err.code(), "wrong_password", "even a supervisor confirms their own");

    // Minh becomes a supervisor; the last supervisor cannot leave or lose the role.
    users::edit(&mut store, &p.boss, "minh", None, Some(&[Role::Editor, Role::Supervisor])).unwrap();
    let minh = users::authenticate(&store, "minh", Some("Minh-2026")).unwrap();
    assert_eq!(users::remove(&mut store, &p.lan, "boss").unwrap_err().code(), "forbidden");
    users::edit(&mut store, &minh, "boss", None, Some(&[Role::Editor])).unwrap();
    let err = users::remove(&mut store, &minh, "minh").unwrap_err();
    assert_eq!(err.code(), "last_supervisor");
    let err = users::edit(&mut store, &minh, "minh", None, Some(&[Role::Editor])).unwrap_err();
    assert_eq!(err.code(), "last_supervisor");

    // A role taken away counts at once, even for a profile already chosen in a window.
    let post = post_by(&mut store, Some(&p.lan), "Tin nhanh");
    review::transition(&mut store, &p.lan, post, Action::Submit, None, None).unwrap();
    let err = review::transition(&mut store, &p.boss, post, Action::Approve, None, None).unwrap_err();
    assert_eq!(err.code(), "forbidden");

    // Lan leaves: out of the list, cannot be chosen, her name is free again; the record keeps
    // her name and her work can be taken over.
    let log_before = review::log(&store, post).unwrap();
    users::remove(&mut store, &minh, "lan").unwrap();
    assert!(users::list(&store).unwrap().iter().all(|u| u.name != "lan"));
    assert_eq!(users::authenticate(&store, "lan", None).unwrap_err().code(), "unknown_user");
    assert_eq!(
        review::transition(&mut store, &p.lan, post, Action::Withdraw, None, None).unwrap_err().code(),
        "unknown_user",
        "a window still showing her profile acts no more"
    );
    assert_eq!(review::log(&store, post).unwrap(), log_before);
    assert_eq!(log_before[0].user.as_deref(), Some("Nguyễn Thị Lan Anh"));
    review::transition(&mut store, &minh, post, Action::RequestChanges, Some("Lan đã chuyển công tác"), None).unwrap();
    let s = review::transition(&mut store, &p.hoa, post, Action::Submit, None, None).unwrap();
    assert_eq!(s.author.as_deref(), Some("Lê Hoa"), "another author takes the work over");
    users::add_by(&mut store, Some(&minh), "lan", "Đỗ Ngọc Lan", &[Role::Editor], None).unwrap();
    assert_eq!(users::get_by_name(&store, "lan").unwrap().display_name, "Đỗ Ngọc Lan");
    review::verify_log(&store).unwrap();
}
