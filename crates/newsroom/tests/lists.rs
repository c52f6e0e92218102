//! Lists at scale (issue 7, item 4): keyset pages that never skip or repeat a post, even when
//! posts change between pages, and counts kept by triggers.

use newsroom::lists::{tally, Cursor};
use newsroom::posts::{self, NewPost, Shelf};
use newsroom::Store;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom::open(dir.path()).unwrap();
    (dir, store)
}

fn all_pages(store: &Store, shelf: Shelf, size: u32) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut after: Option<Cursor> = None;
    loop {
        let page = posts::page(store, shelf, after.as_ref(), size).unwrap();
        assert!(page.items.len() <= size as usize);
        ids.extend(page.items.iter().map(|p| p.id));
        match page.next {
            Some(next) => after = Some(next),
            None => return ids,
        }
    }
}

#[test]
fn pages_walk_the_whole_list_in_order_once() {
    let (_d, mut store) = store();
    // Many posts saved within the same second: the id breaks the ties.
    store
        .with_tx(|tx| {
            for i in 0..250 {
                tx.execute(
                    "INSERT INTO post (title, created_at, updated_at) VALUES (?1, '2026-11-27T01:00:00Z', ?2)",
                    rusqlite::params![format!("Tin {i}"), format!("2026-11-27T01:00:{:02}Z", i % 7)],
                )?;
            }
            Ok(())
        })
        .unwrap();
    let whole: Vec<i64> = posts::list(&store, Shelf::Active).unwrap().iter().map(|p| p.id).collect();
    assert_eq!(whole.len(), 251, "the sample and 250");
    for size in [1, 7, 50, 100, 500] {
        assert_eq!(all_pages(&store, Shelf::Active, size), whole, "pages of {size}");
    }
    let first = posts::page(&store, Shelf::Active, None, 0).unwrap();
    assert_eq!((first.items.len(), first.total), (100, 251));
}

#[test]
fn a_post_changed_between_pages_is_neither_lost_nor_read_twice() {
    let (_d, mut store) = store();
    let ids: Vec<i64> = (0..30)
        .map(|i| {
            let new = NewPost { title: format!("Tin {i}"), ..NewPost::default() };
            let id = posts::create(&mut store, new).unwrap().id;
            store
                .conn()
                .execute(
                    "UPDATE post SET updated_at = ?2 WHERE id = ?1",
                    rusqlite::params![id, format!("2026-01-01T00:00:{i:02}Z")],
                )
                .unwrap();
            id
        })
        .collect();
    let first = posts::page(&store, Shelf::Active, None, 10).unwrap();
    // One not yet read is edited: it moves to the top, which was already read.
    let edited = ids[5];
    let mut e = posts::as_edit(&posts::get(&store, edited).unwrap());
    e.title = "Tin đã sửa".into();
    posts::edit(&mut store, e).unwrap();
    let mut seen: Vec<i64> = first.items.iter().map(|p| p.id).collect();
    let mut after = first.next;
    while let Some(cursor) = after {
        let page = posts::page(&store, Shelf::Active, Some(&cursor), 10).unwrap();
        seen.extend(page.items.iter().map(|p| p.id));
        after = page.next;
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "nothing read twice");
    // Every post that did not move is there; the edited one is at the top for the next look.
    assert_eq!(seen.len(), 30, "the sample is older than all; the moved one is not read again: {seen:?}");
    assert_eq!(posts::page(&store, Shelf::Active, None, 1).unwrap().items[0].id, edited);
}

#[test]
fn counts_follow_the_bin_without_counting() {
    let (_d, mut store) = store();
    let id = posts::create(&mut store, NewPost { title: "Tin".into(), ..NewPost::default() }).unwrap().id;
    assert_eq!((tally(&store, "posts").unwrap(), tally(&store, "bin").unwrap()), (2, 0));
    posts::move_to_bin(&mut store, id).unwrap();
    assert_eq!((tally(&store, "posts").unwrap(), tally(&store, "bin").unwrap()), (1, 1));
    assert_eq!(posts::page(&store, Shelf::Bin, None, 0).unwrap().total, 1);
    posts::restore(&mut store, id).unwrap();
    let empty = posts::create(&mut store, NewPost::default()).unwrap().id;
    assert!(posts::discard_if_empty(&mut store, empty).unwrap());
    assert_eq!((tally(&store, "posts").unwrap(), tally(&store, "bin").unwrap()), (2, 0));
    let counted: u32 =
        store.conn().query_row("SELECT count(*) FROM post WHERE deleted_at IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(counted, 2);
}
