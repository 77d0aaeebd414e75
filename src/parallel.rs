//! Work on many items in parallel and hand the results over in input order,
//! holding at most a window of finished results.
//!
//! A run lints files on rayon's threads while the calling thread renders
//! them, so output starts with the first file and memory holds a window of
//! files rather than the corpus. A large file does not stall the others: they
//! run ahead of it, up to the window, and wait there.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// Map `work` over `items` on rayon's threads and feed each result to
/// `sink`, in the order of `items`, on the calling thread. At most `window`
/// items past the last one handed to `sink` are in flight or waiting.
/// `sink` returning an error stops the run early and returns it.
pub fn map_ordered<T, R, E>(
    items: &[T],
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let window = window.max(1);
    let claimed = AtomicUsize::new(0);
    // The index of the next result `sink` wants; workers stay within a window of it.
    let wanted = Mutex::new(0usize);
    let advanced = Condvar::new();
    let stopped = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    let mut outcome = Ok(());
    // In place: the calling thread runs `sink` (which need not be `Send`) while
    // the pool runs `work`.
    rayon::in_place_scope(|scope| {
        for _ in 0..rayon::current_num_threads().max(1) {
            let tx = tx.clone();
            let (claimed, wanted, advanced, stopped, work) = (&claimed, &wanted, &advanced, &stopped, &work);
            scope.spawn(move |_| loop {
                let i = claimed.fetch_add(1, Ordering::Relaxed);
                if i >= items.len() {
                    break;
                }
                {
                    let mut want = wanted.lock().expect("no thread panics holding the lock");
                    while i >= *want + window && stopped.load(Ordering::Relaxed) == 0 {
                        want = advanced.wait(want).expect("no thread panics holding the lock");
                    }
                }
                if stopped.load(Ordering::Relaxed) != 0 || tx.send((i, work(&items[i]))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut next = 0;
        for (i, result) in rx.iter() {
            pending.insert(i, result);
            while let Some(result) = pending.remove(&next) {
                next += 1;
                *wanted.lock().expect("no thread panics holding the lock") = next;
                advanced.notify_all();
                if let Err(e) = sink(result) {
                    outcome = Err(e);
                    stopped.store(1, Ordering::Relaxed);
                    advanced.notify_all();
                    return;
                }
            }
        }
    });
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_input_order() {
        let items: Vec<u64> = (0..500).collect();
        let mut seen = Vec::new();
        // Uneven work, so workers finish out of order.
        let result: Result<(), ()> = map_ordered(
            &items,
            8,
            |&i| {
                if i % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(300));
                }
                i * 2
            },
            |r| {
                seen.push(r);
                Ok(())
            },
        );
        assert!(result.is_ok());
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn no_more_than_the_window_runs_ahead() {
        let items: Vec<usize> = (0..200).collect();
        let finished = AtomicUsize::new(0);
        let mut handed = 0;
        let result: Result<(), ()> = map_ordered(
            &items,
            4,
            |&i| {
                finished.fetch_add(1, Ordering::SeqCst);
                i
            },
            |_| {
                handed += 1;
                // Workers may have finished the window past what was handed, plus
                // one item each that they claimed before waiting.
                let ahead = finished.load(Ordering::SeqCst) - handed;
                assert!(ahead <= 4 + rayon::current_num_threads(), "{ahead} finished ahead");
                Ok(())
            },
        );
        assert!(result.is_ok());
        assert_eq!(handed, 200);
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let items: Vec<usize> = (0..10_000).collect();
        let mut handed = 0;
        let result = map_ordered(
            &items,
            4,
            |&i| i,
            |i| {
                handed += 1;
                if i == 10 {
                    Err("stop")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err("stop"));
        assert_eq!(handed, 11);
    }

    #[test]
    fn an_empty_list_calls_nothing() {
        let result: Result<(), ()> = map_ordered(&Vec::<u8>::new(), 4, |_| unreachable!(), |()| unreachable!());
        assert!(result.is_ok());
    }
}
