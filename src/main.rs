//! The `candor` binary: parse arguments, run, map the outcome to an exit code
//! (0 clean, 1 findings at or above `--fail-on`, 2 errors).

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// jemalloc where it builds (see Cargo.toml for why and what it measured).
#[cfg(all(unix, any(target_arch = "x86_64", target_arch = "aarch64")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read before its first allocation: transparent huge
/// pages for its memory. The sets' automata are megabytes of transitions
/// per thread, read in no order, and built at start-up: with 4 KB pages an
/// 8 MB run took 15,600 page faults (3,500 with huge pages), and a walk
/// through the automaton missed the TLB at most steps. Alternate runs
/// (see README, Performance): a one-sentence run 67 -> 57 ms, 8 MB -6%,
/// 64 MB -8% CPU; peak RSS +20-30 MB (at 256 MB, 106 -> 129 MB). Linux
/// only: elsewhere jemalloc has no huge pages to ask for, and would print
/// an error about the option on every run.
///
/// And one arena for all threads (jemalloc's default gives each thread
/// its own, up to four per core): a file is read on one thread and freed
/// on another, and each arena faulted in huge pages of its own. With one,
/// an 8 MB run faults 26 huge pages, not 34, and 2,150 small pages, not
/// 4,100 (system time, median of 8 alternate runs: 55 -> 35 ms). Peak
/// RSS: 8 MB 85 -> 71 MB, 64 MB 135 -> 93 MB, 256 MB 128 -> 97 MB; 8 to
/// 256 MB 5-11% faster in alternate runs. The threads' caches take most
/// allocations without the arena's lock.
#[cfg(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64")))]
#[export_name = "_rjem_malloc_conf"]
static MALLOC_CONF: &u8 = &b"thp:always,narenas:1\0"[0];

fn main() -> ExitCode {
    let args = match cli::Args::try_parse() {
        Ok(args) => args,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    match cli::run(args) {
        Ok(cli::Outcome::Clean) => ExitCode::SUCCESS,
        Ok(cli::Outcome::Findings) => ExitCode::from(1),
        Ok(cli::Outcome::Error) => ExitCode::from(2),
        #[cfg(feature = "lsp")]
        Ok(cli::Outcome::LspWithoutShutdown) => ExitCode::from(1),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// A reader that closed the pipe (`candor check | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}
