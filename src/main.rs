//! The `candor` binary: parse arguments, run, map the outcome to an exit code
//! (0 clean, 1 findings at or above `--fail-on`, 2 errors).

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// jemalloc where it builds (see Cargo.toml for why and what it measured).
#[cfg(all(unix, any(target_arch = "x86_64", target_arch = "aarch64")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
