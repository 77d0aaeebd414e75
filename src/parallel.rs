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
//! The calling thread is the scheduler: it spawns one job per batch of
//! consecutive items, four per thread at a time, and only within the
//! window. A job sends its batch's results at once: the calling thread,
//! which renders far faster than the pool lints, had slept and been woken
//! for every item, and on 770 files that waking was 2-3% of the CPU. No
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
    /// this plus those of the jobs started (four per thread, a batch each).
    pub weight: usize,
    /// Items per job, at most. With few items, fewer, so that each thread
    /// still has several jobs to take and none waits at the end for
    /// another's long batch.
    pub batch: usize,
}

impl Window {
    /// The batch for `items` items on `threads` threads: at least eight
    /// jobs per thread, within the window's count.
    fn batch_for(&self, items: usize, threads: usize) -> usize {
        self.batch.min(items.div_ceil(8 * threads)).min(self.items).max(1)
    }
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
    let threads = rayon::current_num_threads().max(1);
    let running = 4 * threads;
    debug_assert!(
        rayon::current_thread_index().is_none(),
        "map_ordered blocks its caller: call it from outside the pool"
    );
    let batch = window.batch_for(items.len(), threads);
    let batches: Vec<&[T]> = items.chunks(batch).collect();
    // The window's count, in batches.
    let ahead = (window.items / batch).max(1);
    let stopped = AtomicBool::new(false);
    // A job's panic travels with its batch's index, to be raised again
    // here: the results `sink` waits for would otherwise never come.
    type Batch<R> = std::thread::Result<Vec<(R, usize)>>;
    let (tx, rx) = mpsc::channel::<(usize, Batch<R>)>();
    // In place: the calling thread runs `sink` (which need not be `Send`) while
    // the pool runs `work`.
    rayon::in_place_scope(|scope| {
        let (mut started, mut next, mut held) = (0, 0, 0);
        let mut pending = BTreeMap::new();
        while next < batches.len() {
            // Within the window, and the batch `sink` waits for whatever
            // the weight held (nothing else can make it).
            while started < batches.len()
                && started - next < running + pending.len()
                && started < next + ahead
                && (held <= window.weight || started == next)
            {
                let (tx, stopped, work, weight, batch) = (tx.clone(), &stopped, &work, &weight, batches[started]);
                let index = started;
                scope.spawn(move |_| {
                    let results = panic::catch_unwind(AssertUnwindSafe(|| {
                        batch
                            .iter()
                            .take_while(|_| !stopped.load(Ordering::Relaxed))
                            .map(|item| {
                                let result = work(item);
                                let heavy = weight(&result);
                                (result, heavy)
                            })
                            .collect()
                    }));
                    // The receiver outlives the scope: a send cannot fail.
                    let _ = tx.send((index, results));
                });
                started += 1;
            }
            let (index, results) = rx.recv().expect("a job started is a result to come");
            let results = results.unwrap_or_else(|payload| panic::resume_unwind(payload));
            let heavy: usize = results.iter().map(|(_, heavy)| heavy).sum();
            held += heavy;
            pending.insert(index, (results, heavy));
            while let Some((results, heavy)) = pending.remove(&next) {
                next += 1;
                held -= heavy;
                for (result, _) in results {
                    if let Err(e) = sink(result) {
                        stopped.store(true, Ordering::Relaxed);
                        return Err(e);
                    }
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

    /// A window of `items` only, one item per job: no result weighs
    /// anything.
    fn counted(items: usize) -> Window {
        Window {
            items,
            weight: 0,
            batch: 1,
        }
    }

    /// [`counted`], eight items to a job.
    fn batched(items: usize) -> Window {
        Window {
            batch: 8,
            ..counted(items)
        }
    }

    /// Items one to a job or in batches of consecutive items, each batch
    /// run on one thread in order, still hand every result over in input
    /// order, the last batch short.
    #[test]
    fn results_arrive_in_input_order() {
        for window in [counted(8), batched(64)] {
            let items: Vec<u64> = (0..1003).collect();
            let ran = std::sync::Mutex::new(Vec::new());
            let mut seen = Vec::new();
            // Uneven work, so workers finish out of order.
            let result: Result<(), ()> = map_ordered(
                &items,
                window,
                |&i| {
                    if i % 13 == 0 {
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    ran.lock().unwrap().push((std::thread::current().id(), i));
                    i * 3
                },
                |_| 0,
                |r| {
                    seen.push(r);
                    Ok(())
                },
            );
            assert!(result.is_ok());
            assert_eq!(seen, items.iter().map(|i| i * 3).collect::<Vec<_>>());
            // Each batch's items followed one another on one thread.
            let ran = ran.into_inner().unwrap();
            let batch = window.batch_for(items.len(), rayon::current_num_threads().max(1));
            for first in (0..1003).step_by(batch) {
                let of_batch: Vec<_> = ran
                    .iter()
                    .filter(|(_, i)| (first..first + batch as u64).contains(i))
                    .collect();
                assert!(
                    of_batch.windows(2).all(|w| w[0].0 == w[1].0 && w[0].1 + 1 == w[1].1),
                    "{of_batch:?}"
                );
            }
        }
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
                batch: 1,
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
                    Window {
                        items: 4,
                        weight: 0,
                        batch: 2,
                    },
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
    fn batches_shrink_for_few_items_and_a_small_window() {
        let window = batched(1024);
        // Enough items: the batch asked for.
        assert_eq!(window.batch_for(770, 2), 8);
        // Few: eight jobs per thread at least.
        assert_eq!(window.batch_for(95, 2), 6);
        assert_eq!(window.batch_for(3, 2), 1);
        assert_eq!(window.batch_for(0, 2), 1);
        // Never more than the window counts.
        assert_eq!(Window { items: 4, ..window }.batch_for(770, 2), 4);
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        for window in [counted(4), batched(64)] {
            let items: Vec<usize> = (0..10_000).collect();
            let worked = AtomicUsize::new(0);
            let mut handed = 0;
            let result = map_ordered(
                &items,
                window,
                |&i| {
                    worked.fetch_add(1, Ordering::SeqCst);
                    i
                },
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
            // Only the jobs within the window had started.
            let worked = worked.load(Ordering::SeqCst);
            assert!(worked <= handed + window.items, "{worked} items worked on");
        }
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
