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
//!
//! The calling thread is the scheduler: it spawns one job per item, four
//! per thread at a time, and only within the window. No
//! job ever waits for another: a job that waited for the window inside the
//! pool could be run by a thread that had stolen it while linting a large
//! file in parallel (`lint` splits one across the pool), and then wait for
//! that very file, under itself, for ever.

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// How far work may run ahead of the result `sink` waits for.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// Items past the one `sink` waits for, started or finished.
    pub items: usize,
    /// The weight of finished results waiting for `sink`: past it, nothing
    /// starts but the result `sink` waits for. The results held are at most
    /// this plus those of the jobs started (four per thread).
    pub weight: usize,
}

/// Map `work` over `items` on rayon's threads and feed each result to
/// `sink`, in the order of `items`, on the calling thread, within `window`
/// (each result weighing `weight` of it). `sink` returning an error stops
/// the run early and returns it. The calling thread blocks while it waits
/// for results, so it must not be one of the pool's.
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
    // Jobs started and not yet received: enough that a thread finishing one
    // finds the next queued while this thread renders, few enough that the
    // results past the window's weight stay a handful. Two per thread were
    // slower on 64 MB than threads that never ran dry; sixteen no faster.
    let running = 4 * rayon::current_num_threads().max(1);
    debug_assert!(
        rayon::current_thread_index().is_none(),
        "map_ordered blocks its caller: call it from outside the pool"
    );
    let stopped = AtomicBool::new(false);
    // A job's panic travels with its index, to be raised again here: the
    // result `sink` waits for would otherwise never come.
    let (tx, rx) = mpsc::channel::<(usize, std::thread::Result<(R, usize)>)>();
    // In place: the calling thread runs `sink` (which need not be `Send`) while
    // the pool runs `work`.
    rayon::in_place_scope(|scope| {
        let (mut started, mut next, mut held) = (0, 0, 0);
        let mut pending = BTreeMap::new();
        while next < items.len() {
            // Within the window, and the result `sink` waits for whatever
            // the weight held (nothing else can make it).
            while started < items.len()
                && started - next < running + pending.len()
                && started < next + window.items.max(1)
                && (held <= window.weight || started == next)
            {
                let (tx, stopped, work, weight, item) = (tx.clone(), &stopped, &work, &weight, &items[started]);
                let index = started;
                scope.spawn(move |_| {
                    if !stopped.load(Ordering::Relaxed) {
                        let result = panic::catch_unwind(AssertUnwindSafe(|| {
                            let result = work(item);
                            let heavy = weight(&result);
                            (result, heavy)
                        }));
                        // The receiver outlives the scope: a send cannot fail.
                        let _ = tx.send((index, result));
                    }
                });
                started += 1;
            }
            let (index, result) = rx.recv().expect("a job started is a result to come");
            let (result, heavy) = result.unwrap_or_else(|payload| panic::resume_unwind(payload));
            held += heavy;
            pending.insert(index, (result, heavy));
            while let Some((result, heavy)) = pending.remove(&next) {
                next += 1;
                held -= heavy;
                if let Err(e) = sink(result) {
                    stopped.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

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
                // Jobs start only within the window past what was handed.
                let ahead = finished.load(Ordering::SeqCst) - handed;
                assert!(ahead <= 4, "{ahead} finished ahead");
                Ok(())
            },
        );
        assert!(result.is_ok());
        assert_eq!(handed, 200);
    }

    /// Behind a slow item, the others run ahead until the results waiting
    /// weigh more than the window allows, however many items it counts;
    /// past that, only the results of the jobs started (four per thread).
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
        let bound = 50 + 10 * (1 + 4 * rayon::current_num_threads());
        let most = most.load(Ordering::SeqCst);
        assert!(most <= bound, "{most} waiting, more than {bound}");
    }

    /// Work that is itself parallel (a large file's lint) lends its thread
    /// to other jobs while it waits for its parts; none of them may wait
    /// for it in turn. A round where one did would hang, hence the watchdog.
    /// From a thread outside the pool, as `candor check` calls it.
    #[test]
    fn parallel_work_behind_a_full_window_finishes() {
        use rayon::prelude::*;
        let (done, finished) = mpsc::channel();
        std::thread::spawn(move || {
            for _ in 0..10 {
                // One thread busy for a while, so that it comes to steal the
                // parts of item 0 while the jobs not yet started wait.
                rayon::spawn(|| std::thread::sleep(std::time::Duration::from_millis(5)));
                let items: Vec<usize> = (0..40).collect();
                let mut handed = 0;
                let result: Result<(), ()> = map_ordered(
                    &items,
                    Window { items: 4, weight: 0 },
                    |&i| {
                        if i % 10 == 0 {
                            (0..32).into_par_iter().for_each(|_| {
                                std::thread::sleep(std::time::Duration::from_millis(1));
                            });
                        }
                        i
                    },
                    |_| 1,
                    |_| {
                        handed += 1;
                        Ok(())
                    },
                );
                assert!(result.is_ok() && handed == 40);
            }
            done.send(()).unwrap();
        });
        finished
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the runs finish (a job waited for the one it ran under)");
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
