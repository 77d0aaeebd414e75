//! Polite crawling order: a small pool of worker threads that keeps at most
//! N requests in flight per host, spaces request starts to one host by a
//! delay, and makes one preparatory request per host (robots.txt) before any
//! of that host's pages. Hosts proceed in parallel.
//!
//! The scheduler knows nothing about HTTP: the caller passes closures for the
//! per-host preparation, for deciding an item without a request (a robots.txt
//! disallow), for the request itself (which holds a host slot), and for the
//! work after it (linting, which does not).

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How hard an audit may press on one host.
#[derive(Debug, Clone, Copy)]
pub struct Politeness {
    /// Requests in flight to one host at most.
    pub per_host: usize,
    /// Least time between the starts of two requests to one host.
    pub delay: Duration,
    /// Worker threads across all hosts.
    pub threads: usize,
}

/// The work of one audit, as closures over items of type `T` grouped by host.
pub struct Work<P, G, F, D, N> {
    /// Once per host, before its items, with the host's first item: the host state.
    pub prepare: P,
    /// An item's result without a request, if the host state decides it.
    pub gate: G,
    /// The request for an item (holds a slot of its host).
    pub fetch: F,
    /// What follows the request, outside the host's slot.
    pub finish: D,
    /// Called as each item completes (progress).
    pub done: N,
}

enum Phase<H> {
    Waiting,
    Preparing,
    Ready(Arc<H>),
}

struct Host<H> {
    phase: Phase<H>,
    queue: VecDeque<usize>,
    active: usize,
    next_start: Instant,
}

struct State<H, O> {
    hosts: Vec<Host<H>>,
    results: Vec<Option<O>>,
    remaining: usize,
}

enum Job<H> {
    Prepare { host: usize, item: usize },
    Fetch { host: usize, item: usize, state: Arc<H> },
}

/// Run every item; results come back in the order of `items`.
#[allow(clippy::type_complexity)]
pub fn run<T, H, R, O, P, G, F, D, N>(
    items: &[(String, T)],
    politeness: Politeness,
    work: &Work<P, G, F, D, N>,
) -> Vec<O>
where
    T: Sync,
    H: Send + Sync,
    R: Send,
    O: Send,
    P: Fn(&T) -> H + Sync,
    G: Fn(&H, &T) -> Option<O> + Sync,
    F: Fn(&H, &T) -> R + Sync,
    D: Fn(&T, R) -> O + Sync,
    N: Fn(&T, &O) + Sync,
{
    let mut keys: Vec<&str> = Vec::new();
    let now = Instant::now();
    let mut hosts: Vec<Host<H>> = Vec::new();
    for (index, (key, _)) in items.iter().enumerate() {
        let host = match keys.iter().position(|k| k == key) {
            Some(h) => h,
            None => {
                keys.push(key);
                hosts.push(Host {
                    phase: Phase::Waiting,
                    queue: VecDeque::new(),
                    active: 0,
                    next_start: now,
                });
                hosts.len() - 1
            }
        };
        hosts[host].queue.push_back(index);
    }
    let state = Mutex::new(State {
        hosts,
        results: items.iter().map(|_| None).collect(),
        remaining: items.len(),
    });
    let wake = Condvar::new();
    let threads = politeness.threads.max(1).min(items.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| worker(items, politeness, work, &state, &wake));
        }
    });
    let state = state.into_inner().unwrap_or_else(|e| e.into_inner());
    state
        .results
        .into_iter()
        .map(|r| r.expect("every item completes before the workers stop"))
        .collect()
}

#[allow(clippy::type_complexity)]
fn worker<T, H, R, O, P, G, F, D, N>(
    items: &[(String, T)],
    politeness: Politeness,
    work: &Work<P, G, F, D, N>,
    state: &Mutex<State<H, O>>,
    wake: &Condvar,
) where
    P: Fn(&T) -> H,
    G: Fn(&H, &T) -> Option<O>,
    F: Fn(&H, &T) -> R,
    D: Fn(&T, R) -> O,
    N: Fn(&T, &O),
{
    let per_host = politeness.per_host.max(1);
    let mut guard = state.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        if guard.remaining == 0 {
            wake.notify_all();
            return;
        }
        let now = Instant::now();
        let mut next_wake: Option<Instant> = None;
        let mut job = None;
        let st = &mut *guard;
        for (h, host) in st.hosts.iter_mut().enumerate() {
            if let Phase::Ready(ready) = &host.phase {
                // Items the host state decides need no request and no slot.
                while let Some(&item) = host.queue.front() {
                    let Some(result) = (work.gate)(ready, &items[item].1) else {
                        break;
                    };
                    host.queue.pop_front();
                    (work.done)(&items[item].1, &result);
                    st.results[item] = Some(result);
                    st.remaining -= 1;
                }
            }
            let wants = match host.phase {
                Phase::Waiting => true,
                Phase::Preparing => false,
                Phase::Ready(_) => !host.queue.is_empty(),
            };
            if !wants || host.active >= per_host {
                continue;
            }
            if now < host.next_start {
                next_wake = Some(next_wake.map_or(host.next_start, |w| w.min(host.next_start)));
                continue;
            }
            host.active += 1;
            host.next_start = now + politeness.delay;
            job = Some(match &host.phase {
                Phase::Ready(ready) => Job::Fetch {
                    host: h,
                    item: host.queue.pop_front().expect("queue checked non-empty"),
                    state: Arc::clone(ready),
                },
                _ => {
                    host.phase = Phase::Preparing;
                    Job::Prepare {
                        host: h,
                        item: *host.queue.front().expect("a host has at least one item"),
                    }
                }
            });
            break;
        }
        match job {
            Some(Job::Prepare { host, item }) => {
                drop(guard);
                let prepared = (work.prepare)(&items[item].1);
                guard = state.lock().unwrap_or_else(|e| e.into_inner());
                let host = &mut guard.hosts[host];
                host.phase = Phase::Ready(Arc::new(prepared));
                host.active -= 1;
                wake.notify_all();
            }
            Some(Job::Fetch {
                host,
                item,
                state: ready,
            }) => {
                drop(guard);
                let fetched = (work.fetch)(&ready, &items[item].1);
                {
                    let mut g = state.lock().unwrap_or_else(|e| e.into_inner());
                    g.hosts[host].active -= 1;
                    wake.notify_all();
                }
                let result = (work.finish)(&items[item].1, fetched);
                guard = state.lock().unwrap_or_else(|e| e.into_inner());
                (work.done)(&items[item].1, &result);
                guard.results[item] = Some(result);
                guard.remaining -= 1;
                wake.notify_all();
            }
            None if guard.remaining == 0 => {}
            None => {
                guard = match next_wake {
                    Some(at) => {
                        let wait = at.saturating_duration_since(Instant::now());
                        wake.wait_timeout(guard, wait).unwrap_or_else(|e| e.into_inner()).0
                    }
                    None => wake.wait(guard).unwrap_or_else(|e| e.into_inner()),
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn limits_per_host_spaces_requests_and_keeps_order() {
        let items: Vec<(String, usize)> = (0..12).map(|i| (format!("host{}", i % 3), i)).collect();
        let in_flight: Vec<AtomicUsize> = (0..3).map(|_| AtomicUsize::new(0)).collect();
        let peak: Vec<AtomicUsize> = (0..3).map(|_| AtomicUsize::new(0)).collect();
        let prepared = AtomicUsize::new(0);
        let starts = Mutex::new(Vec::<(usize, Instant)>::new());
        let done = AtomicUsize::new(0);
        let work = Work {
            prepare: |_: &usize| {
                prepared.fetch_add(1, Ordering::SeqCst);
            },
            gate: |_: &(), item: &usize| (*item == 11).then_some(1000),
            fetch: |_: &(), item: &usize| {
                let h = item % 3;
                starts.lock().unwrap().push((h, Instant::now()));
                let now = in_flight[h].fetch_add(1, Ordering::SeqCst) + 1;
                peak[h].fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(30));
                in_flight[h].fetch_sub(1, Ordering::SeqCst);
                *item
            },
            finish: |_: &usize, fetched: usize| fetched * 10,
            done: |_: &usize, _: &usize| {
                done.fetch_add(1, Ordering::SeqCst);
            },
        };
        let politeness = Politeness {
            per_host: 2,
            delay: Duration::from_millis(10),
            threads: 8,
        };
        let t0 = Instant::now();
        let results = run(&items, politeness, &work);
        let expected: Vec<usize> = (0..12).map(|i| if i == 11 { 1000 } else { i * 10 }).collect();
        assert_eq!(results, expected);
        assert_eq!(prepared.load(Ordering::SeqCst), 3);
        assert_eq!(done.load(Ordering::SeqCst), 12);
        for p in &peak {
            assert!(p.load(Ordering::SeqCst) <= 2);
        }
        // The k-th request to a host starts at least k delays after the run began
        // (the host's robots-style preparation took the first start).
        let starts = starts.into_inner().unwrap();
        for h in 0..3 {
            let mut times: Vec<Instant> = starts.iter().filter(|s| s.0 == h).map(|s| s.1).collect();
            times.sort();
            for (k, at) in times.iter().enumerate() {
                assert!(
                    *at - t0 >= politeness.delay * (k as u32 + 1),
                    "request {k} to host{h} too early"
                );
            }
        }
    }

    #[test]
    fn no_items_no_threads() {
        let work = Work {
            prepare: |_: &u8| (),
            gate: |_: &(), _: &u8| None::<u8>,
            fetch: |_: &(), x: &u8| *x,
            finish: |_: &u8, x: u8| x,
            done: |_: &u8, _: &u8| {},
        };
        let politeness = Politeness {
            per_host: 1,
            delay: Duration::ZERO,
            threads: 4,
        };
        assert!(run::<u8, (), u8, u8, _, _, _, _, _>(&[], politeness, &work).is_empty());
    }
}
