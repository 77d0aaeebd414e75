//! Work on many items in parallel and hand the results over in input order,
//! holding at most a window of finished results.
//!
//! A run lints files on rayon's threads while the calling thread renders
//! them, so output starts with the first file and memory holds a window of
//! files rather than the corpus. A large file does not stall the others: they
//! run ahead of it, up to the window, and wait there. The window is counted
//! in items and in the results' weight (a file's bytes), so that behind a
//! large file the other threads keep busy on as many small files as a few
//! megabytes hold, where a count alone would stop them after a few dozen.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// How far workers may run ahead of the result `sink` waits for.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// Items past the one `sink` waits for, in flight or finished.
    pub items: usize,
    /// The weight of finished results waiting for `sink`: past it, workers
    /// start nothing but the result `sink` waits for. The results held are
    /// at most this plus one result per worker.
    pub weight: usize,
}

/// What the sink has taken and what waits for it, under one lock so a
/// worker's check of both is never torn.
struct Progress {
    /// The index of the next result `sink` wants.
    wanted: usize,
    /// The weight of finished results not yet handed to `sink`.
    held: usize,
}

/// Map `work` over `items` on rayon's threads and feed each result to
/// `sink`, in the order of `items`, on the calling thread, within `window`
/// (each result weighing `weight` of it). `sink` returning an error stops
/// the run early and returns it.
pub fn map_ordered<T, R, E>(
    items: &[T],
    window: Window,
    work: impl Fn(&T) -> R + Sync,
    weight: impl Fn(&R) -> usize + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let ahead = window.items.max(1);
    let claimed = AtomicUsize::new(0);
    let progress = Mutex::new(Progress { wanted: 0, held: 0 });
    let advanced = Condvar::new();
    let stopped = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, R, usize)>();
    let mut outcome = Ok(());
    // In place: the calling thread runs `sink` (which need not be `Send`) while
    // the pool runs `work`.
    rayon::in_place_scope(|scope| {
        for _ in 0..rayon::current_num_threads().max(1) {
            let tx = tx.clone();
            let (claimed, progress, advanced, stopped, work, weight) =
                (&claimed, &progress, &advanced, &stopped, &work, &weight);
            scope.spawn(move |_| loop {
                let i = claimed.fetch_add(1, Ordering::Relaxed);
                if i >= items.len() {
                    break;
                }
                {
                    let mut now = progress.lock().expect("no thread panics holding the lock");
                    // The result `sink` waits for always goes ahead: whoever
                    // claimed it is the only one who can make it.
                    while i != now.wanted
                        && (i >= now.wanted + ahead || now.held > window.weight)
                        && stopped.load(Ordering::Relaxed) == 0
                    {
                        now = advanced.wait(now).expect("no thread panics holding the lock");
                    }
                }
                if stopped.load(Ordering::Relaxed) != 0 {
                    break;
                }
                let result = work(&items[i]);
                let heavy = weight(&result);
                progress.lock().expect("no thread panics holding the lock").held += heavy;
                if tx.send((i, result, heavy)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut next = 0;
        for (i, result, heavy) in rx.iter() {
            pending.insert(i, (result, heavy));
            while let Some((result, heavy)) = pending.remove(&next) {
                next += 1;
                {
                    let mut now = progress.lock().expect("no thread panics holding the lock");
                    now.wanted = next;
                    now.held -= heavy;
                }
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

    /// A window of `items` only: no result weighs anything.
    fn counted(items: usize) -> Window {
        Window { items, weight: 0 }
    }

    #[test]
    fn results_arrive_in_input_order() {
        let items: Vec<u64> = (0..500).collect();
        let mut seen = Vec::new();
        // Uneven work, so workers finish out of order.
        let result: Result<(), ()> = map_ordered(
            &items,
            counted(8),
            |&i| {
                if i % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(300));
                }
                i * 2
            },
            |_| 0,
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
            counted(4),
            |&i| {
                finished.fetch_add(1, Ordering::SeqCst);
                i
            },
            |_| 0,
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

    /// Behind a slow item, the others run ahead until the results waiting
    /// weigh more than the window allows, however many items it counts;
    /// past that, only one more result per worker.
    #[test]
    fn results_waiting_stay_within_the_windows_weight() {
        let items: Vec<usize> = (0..400).collect();
        let waiting = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let mut handed = 0;
        let result: Result<(), ()> = map_ordered(
            &items,
            Window {
                items: 1000,
                weight: 50,
            },
            |&i| {
                if i % 100 == 0 {
                    // Slow enough that the others would all finish meanwhile.
                    std::thread::sleep(std::time::Duration::from_millis(30));
                }
                let now = waiting.fetch_add(10, Ordering::SeqCst) + 10;
                most.fetch_max(now, Ordering::SeqCst);
                i
            },
            |_| 10,
            |_| {
                waiting.fetch_sub(10, Ordering::SeqCst);
                handed += 1;
                Ok(())
            },
        );
        assert!(result.is_ok());
        assert_eq!(handed, 400);
        let bound = 50 + 10 * (1 + rayon::current_num_threads());
        let most = most.load(Ordering::SeqCst);
        assert!(most <= bound, "{most} waiting, more than {bound}");
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let items: Vec<usize> = (0..10_000).collect();
        let mut handed = 0;
        let result = map_ordered(
            &items,
            counted(4),
            |&i| i,
            |_| 0,
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
        let result: Result<(), ()> = map_ordered(
            &Vec::<u8>::new(),
            counted(4),
            |_| unreachable!(),
            |()| unreachable!(),
            |()| unreachable!(),
        );
        assert!(result.is_ok());
    }
}
