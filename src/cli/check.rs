//! `candor check`: walk, read, lint (and fix) in parallel, filter, render in
//! path order, gate.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::setup;
use super::{CheckArgs, ColorChoice, Outcome, OutputFormat};
use candor::baseline::{self, Baseline};
use candor::changed::ChangedLines;
use candor::finding::FindingKind;
use candor::fix::{self, Applicability};
use candor::lint::{self, lint, LintOptions, LintOutput, Prepared};
use candor::parallel::Window;
use candor::position::ColumnUnit;
use candor::profiles::ProfileMap;
use candor::render::{
    checkstyle::CheckstyleRenderer, github::GithubRenderer, human::HumanRenderer, json::JsonRenderer,
    junit::JunitRenderer, rdjson::RdjsonRenderer, sarif::SarifRenderer, FileError, FileReport, Renderer, Summary,
};
use candor::source::{display_path, Format, SourceFile};
use candor::suppress::SuppressOptions;
use candor::walk::{self, Filters, Input};
use candor::RuleSet;

/// How far linting runs ahead of the file being rendered, each file weighing
/// its bytes: memory holds at most a window of sources and findings while a
/// large file is still being linted, and the other threads keep busy
/// meanwhile. A 3 MB file takes ~100 ms on one thread; a window of 64 files
/// (~0.6 MB) left the other thread waiting most of that time. 4 MB had most
/// of the gain of 8 and 16 MB, with peak RSS unchanged (docs/performance.md,
/// 12-03b). Files go to the pool eight at a time: one at a time, 8 MB took
/// 4% longer and 64 MB 10% (12-03g).
const WINDOW: Window = Window {
    items: 1024,
    weight: 4 << 20,
    batch: 8,
};

/// A file's human output is rendered where it is linted only if the file
/// is smaller than this (see [`parallel_human`]).
const RENDER_AHEAD_MAX: usize = 256 << 10;

/// Fix passes per file before giving up on convergence (as ruff does).
const MAX_FIX_PASSES: usize = 8;

/// What every file's lint shares.
struct Job<'a> {
    rules: &'a RuleSet,
    options: LintOptions,
    profiles: ProfileMap,
    fixing: Option<Applicability>,
    /// `--diff`: compute fixes, write nothing.
    diff_only: bool,
    changed: Option<ChangedLines>,
}

/// One file's result.
struct Linted {
    source: SourceFile,
    output: LintOutput,
    fixed: usize,
    diff: Option<String>,
    /// Fixed text of standard input (printed instead of written).
    stdin_fixed: Option<String>,
    /// The file's human output, rendered on the thread that linted it (see
    /// [`parallel_human`]).
    rendered: Option<io::Result<Vec<u8>>>,
}

impl Linted {
    /// Render the file's human output now, on this thread, unless the file
    /// is large: its output could be hundreds of MB (the 10 MB one-line file
    /// has 488,062 findings), and rendered in order it streams.
    fn render_ahead(&mut self, human: &HumanRenderer) {
        if self.source.text.len() >= RENDER_AHEAD_MAX {
            return;
        }
        let mut rendered = Vec::new();
        let report = FileReport {
            source: &self.source,
            output: &self.output,
        };
        self.rendered = Some(human.write_file(&mut rendered, &report).map(|()| rendered));
    }

    /// What the file weighs in the window: its text and its output rendered
    /// ahead.
    fn weight(&self) -> usize {
        let rendered = self.rendered.as_ref().and_then(|r| r.as_ref().ok()).map_or(0, Vec::len);
        self.source.text.len() + rendered
    }
}

pub fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let Some((config, rules)) = setup::load(&args.rules, None) else {
        return Ok(Outcome::Error);
    };
    let fail_on = args.fail_on.unwrap_or_else(|| config.fail_on());
    let changed = match &args.changed_since {
        Some(reference) => match ChangedLines::from_git(&std::env::current_dir()?, reference) {
            Ok(changed) => Some(changed),
            Err(message) => {
                eprintln!("error: --changed-since {reference}: {message}");
                return Ok(Outcome::Error);
            }
        },
        None => None,
    };
    let mut baseline = match &args.baseline {
        Some(path) => match Baseline::read(path) {
            Ok(b) => Some(b.counts()),
            Err(message) => {
                eprintln!("error: {message}");
                return Ok(Outcome::Error);
            }
        },
        None => None,
    };
    let job = Job {
        rules: &rules,
        options: LintOptions {
            explain_context: args.explain_context,
            profile: None,
            no_disclosures: args.disclosures.no_disclosures,
            suppress: SuppressOptions {
                require_reason: config.require_reason.unwrap_or(false),
            },
            ..LintOptions::default()
        },
        profiles: {
            let profiles = ProfileMap::new(&config, args.disclosures.profile.clone()).map_err(anyhow::Error::msg)?;
            profiles.check_names(&rules).map_err(anyhow::Error::msg)?;
            profiles
        },
        fixing: match (args.fix || args.diff, args.unsafe_fixes) {
            (_, true) => Some(Applicability::Unsafe),
            (true, false) => Some(Applicability::Safe),
            (false, false) => None,
        },
        diff_only: args.diff,
        changed,
    };

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut renderer = renderer(args, &rules);
    let mut summary = Summary::default();
    let mut failed = false;
    let mut errored = false;
    let mut any_diff = false;
    let mut recorded = Baseline::default();

    // Decided before `handle` takes the baseline.
    let human = parallel_human(args, baseline.is_some());
    let mut handle =
        |result: Result<Linted, FileError>, renderer: &mut Box<dyn Renderer>, out: &mut dyn Write| -> io::Result<()> {
            let mut linted = match result {
                Ok(linted) => linted,
                Err(error) => {
                    errored = true;
                    summary.unreadable += 1;
                    eprintln!("error: {}: {}", error.path, error.message);
                    return renderer.file_error(out, &error);
                }
            };
            summary.files += 1;
            summary.fixed += linted.fixed;
            if let Some(stdin_fixed) = &linted.stdin_fixed {
                return out.write_all(stdin_fixed.as_bytes());
            }
            if job.diff_only {
                if let Some(diff) = &linted.diff {
                    any_diff = true;
                    out.write_all(diff.as_bytes())?;
                }
                return Ok(());
            }
            if args.write_baseline.is_some() {
                recorded.findings.extend(
                    linted
                        .output
                        .findings
                        .iter()
                        .map(|f| Baseline::entry(&linted.source, f)),
                );
                return Ok(());
            }
            if let Some(remaining) = baseline.as_mut() {
                baseline::filter(&linted.source, &mut linted.output.findings, remaining);
            }
            for finding in &linted.output.findings {
                summary.count(finding.severity);
                failed |= fail_on.fails(finding.severity);
            }
            if let Some(rendered) = linted.rendered.take() {
                return out.write_all(&rendered?);
            }
            renderer.file(
                out,
                &FileReport {
                    source: &linted.source,
                    output: &linted.output,
                },
            )
        };

    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    if paths.iter().any(|p| p.as_os_str() == "-") {
        if paths.len() > 1 {
            eprintln!("error: `-` (standard input) cannot be mixed with other paths");
            return Ok(Outcome::Error);
        }
        let source = while_sets_build(&job, || read_stdin(args));
        handle(source.map(|source| lint_stdin(source, &job)), &mut renderer, &mut out)?;
    } else {
        let root = config.root.clone().unwrap_or_else(|| PathBuf::from("."));
        let filters = Filters::new(
            root,
            config.include.as_deref().unwrap_or_default(),
            config.exclude.as_deref().unwrap_or_default(),
        )
        .map_err(anyhow::Error::msg)?;
        let (inputs, walk_errors, ahead) = while_sets_build(&job, || {
            let (inputs, walk_errors) = walk::collect(&paths, args.format_in, &filters);
            let ahead = read_ahead(&inputs, &job);
            (inputs, walk_errors, ahead)
        });
        for (path, message) in walk_errors {
            let error = FileError {
                path: display_path(&path),
                message,
            };
            handle(Err(error), &mut renderer, &mut out)?;
        }
        let mut ahead = ahead.into_iter();
        let files: Vec<(&Input, Ahead)> = inputs.iter().map(|input| (input, Mutex::new(ahead.next()))).collect();
        candor::parallel::map_ordered(
            &files,
            WINDOW,
            |(input, ahead)| {
                let loaded = ahead.lock().expect("no thread panics holding the lock").take();
                let mut linted = lint_file(input, loaded, &job)?;
                if let Some(human) = &human {
                    linted.render_ahead(human);
                }
                Ok(linted)
            },
            |linted| linted.as_ref().map_or(0, Linted::weight),
            |result| handle(result, &mut renderer, &mut out),
        )?;
    }

    if let Some(path) = &args.write_baseline {
        let count = recorded.findings.len();
        recorded
            .write(path)
            .map_err(|e| anyhow::anyhow!("cannot write baseline {}: {e}", path.display()))?;
        out.flush()?;
        eprintln!("Recorded {count} finding(s) in {}.", path.display());
        return Ok(if errored { Outcome::Error } else { Outcome::Clean });
    }
    if job.diff_only {
        out.flush()?;
        if summary.fixed > 0 {
            eprintln!("{} fix(es) available; run with --fix to apply them.", summary.fixed);
        }
        return Ok(if errored {
            Outcome::Error
        } else if any_diff {
            Outcome::Findings
        } else {
            Outcome::Clean
        });
    }
    if !(job.fixing.is_some() && paths.iter().any(|p| p.as_os_str() == "-")) {
        // Fixed standard input is the whole output: no summary after it.
        renderer.finish(&mut out, &summary)?;
    }
    out.flush()?;
    if summary.fixed > 0 {
        eprintln!("Fixed {} finding(s).", summary.fixed);
    }
    Ok(if errored {
        Outcome::Error
    } else if failed {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn human(args: &CheckArgs) -> HumanRenderer {
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let terminal = io::stdout().is_terminal().then(terminal_size::terminal_size).flatten();
    let mut human = HumanRenderer::new(color, human_width(terminal.map(|(width, _)| width.0)));
    human.explain_context = args.explain_context;
    human.report_suppressions = args.report_suppressions;
    human
}

/// Columns of human output: a terminal's width, when standard output is
/// one (at least 60: narrower, a snippet shows too little of its line);
/// otherwise 100, so that piped output and CI logs read the same anywhere.
fn human_width(terminal: Option<u16>) -> usize {
    terminal.map_or(100, |width| usize::from(width).max(60))
}

/// A renderer for the threads that lint, when the output is human and what
/// a file shows depends on that file alone (no baseline to filter against,
/// no diff or baseline written instead). Its snippets were a third of a
/// 64 MB run's CPU, on the one thread that writes the output in order,
/// which the pool then waited for. Files of [`RENDER_AHEAD_MAX`] or more
/// are still rendered in order, straight to the output: held whole, the
/// 10 MB one-line file's output took 24 GB.
fn parallel_human(args: &CheckArgs, filtered: bool) -> Option<HumanRenderer> {
    let whole = !filtered && !args.diff && args.write_baseline.is_none();
    (matches!(args.format, OutputFormat::Human) && whole).then(|| human(args))
}

fn renderer(args: &CheckArgs, rules: &RuleSet) -> Box<dyn Renderer> {
    match args.format {
        OutputFormat::Human => Box::new(human(args)),
        OutputFormat::Json => {
            let mut json = JsonRenderer::default();
            json.report_suppressions = args.report_suppressions;
            Box::new(json)
        }
        OutputFormat::Sarif => Box::new(SarifRenderer::new(rules)),
        OutputFormat::Github => Box::new(GithubRenderer),
        OutputFormat::Checkstyle => Box::new(CheckstyleRenderer::default()),
        OutputFormat::Junit => Box::new(JunitRenderer::default()),
        OutputFormat::Rdjson => Box::new(RdjsonRenderer::default()),
    }
}

/// What [`read_ahead`] made of a file, for its lint to take.
type Ahead = Mutex<Option<Result<Loaded, FileError>>>;

/// A file read (and perhaps extracted) before its lint.
struct Loaded {
    source: SourceFile,
    /// The bytes read, when fixing: a fix checks the file is still them.
    original: Option<Vec<u8>>,
    prepared: Option<Prepared>,
}

fn file_error(input: &Input, message: String) -> FileError {
    FileError {
        path: display_path(&input.path),
        message,
    }
}

fn read_file(input: &Input, job: &Job<'_>) -> Result<Loaded, FileError> {
    let bytes = std::fs::read(&input.path).map_err(|e| file_error(input, format!("cannot read: {e}")))?;
    let original = job.fixing.is_some().then(|| bytes.clone());
    let source = SourceFile::from_bytes(display_path(&input.path), input.format, bytes)
        .map_err(|e| file_error(input, e.to_string()))?;
    Ok(Loaded {
        source,
        original,
        prepared: None,
    })
}

/// Text read ahead of linting, at most (see [`read_ahead`]).
const READ_AHEAD_BYTES: usize = 4 << 20;

/// The first files read and extracted while the rules' automaton is built
/// on another thread, until it is, or until [`READ_AHEAD_BYTES`] of them
/// are: most of that build is one serial compile, which left a core idle,
/// and extraction needs no pattern. An 8 MB run reads 200-360 files
/// (2.5-4.2 MB) ahead in 33-55 ms; alternate runs, 419 -> 402 ms median
/// (30 runs; 459 -> 421 in 20 more). A large tree reads nothing ahead: its
/// walk outlasts the build (17,331 files: 64-86 ms against 48-61 ms).
fn read_ahead(inputs: &[Input], job: &Job<'_>) -> Vec<Result<Loaded, FileError>> {
    let mut ahead = Vec::new();
    let mut bytes = 0;
    let scope = lint::scope(job.rules, &job.options);
    for input in inputs {
        if bytes >= READ_AHEAD_BYTES || job.rules.matcher.is_prepared(scope) {
            break;
        }
        ahead.push(read_file(input, job).map(|loaded| {
            bytes += loaded.source.text.len();
            Loaded {
                prepared: Some(lint::prepare(&loaded.source, job.rules)),
                ..loaded
            }
        }));
    }
    ahead
}

/// Lint (and fix) one file, from what [`read_ahead`] made of it, if anything.
fn lint_file(input: &Input, ahead: Option<Result<Loaded, FileError>>, job: &Job<'_>) -> Result<Linted, FileError> {
    let Loaded {
        source,
        original,
        prepared,
    } = match ahead {
        Some(read) => read?,
        None => read_file(input, job)?,
    };
    let mut linted = lint_source(source, &input.path, prepared, job);
    if let (Some(original), false, true) = (original, job.diff_only, linted.fixed > 0) {
        fix::write_atomic(&input.path, &original, linted.source.text.as_bytes())
            .map_err(|e| file_error(input, e.to_string()))?;
    }
    linted.diff = linted.diff.take().filter(|_| job.diff_only);
    Ok(linted)
}

/// `work`'s result, with the rules' pattern set built on another thread
/// meanwhile (joined before returning, so no lint builds it again): the
/// walk of a large tree takes about as long (~90 ms for 17,000 files), the
/// first files are read ahead meanwhile (see [`read_ahead`]), and standard
/// input would otherwise get the set's serial build on first use.
fn while_sets_build<T>(job: &Job<'_>, work: impl FnOnce() -> T) -> T {
    let wanted = lint::scope(job.rules, &job.options);
    std::thread::scope(|scope| {
        scope.spawn(|| job.rules.matcher.prepare(wanted));
        work()
    })
}

fn read_stdin(args: &CheckArgs) -> Result<SourceFile, FileError> {
    let name = args.stdin_filename.clone().unwrap_or_else(|| "<stdin>".to_string());
    let error = |message: String| FileError {
        path: name.clone(),
        message,
    };
    let format = args
        .format_in
        .unwrap_or_else(|| Format::from_extension(Path::new(&name)).unwrap_or(Format::Text));
    let mut bytes = Vec::new();
    io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| error(format!("cannot read: {e}")))?;
    SourceFile::from_bytes(name.clone(), format, bytes).map_err(|e| error(e.to_string()))
}

fn lint_stdin(source: SourceFile, job: &Job<'_>) -> Linted {
    let path = PathBuf::from(&source.path);
    let mut linted = lint_source(source, &path, None, job);
    if job.fixing.is_some() && !job.diff_only {
        linted.stdin_fixed = Some(linted.source.text.clone());
    }
    linted
}

/// Lint, apply fixes until they converge, then keep only what the run reports.
fn lint_source(mut source: SourceFile, path: &Path, prepared: Option<Prepared>, job: &Job<'_>) -> Linted {
    let options = LintOptions {
        profile: job.profiles.profile_for(path),
        ..job.options.clone()
    };
    let mut output = match prepared {
        Some(prepared) => lint::lint_prepared(&source, &prepared, job.rules, &options),
        None => lint(&source, job.rules, &options),
    };
    let mut fixed = 0;
    let mut diff = None;
    // Fixes edit decoded text; a legacy-encoded file would be re-encoded, so it is left alone.
    if let (Some(applicability), None) = (job.fixing, &source.transcoding) {
        let original = source.text.clone();
        for _ in 0..MAX_FIX_PASSES {
            let edits = fix::select_edits(&output.findings, applicability);
            if edits.is_empty() {
                break;
            }
            fixed += edits.len();
            source = SourceFile::from_text(
                source.path.clone(),
                source.format,
                fix::apply_edits(&source.text, &edits),
            );
            output = lint(&source, job.rules, &options);
        }
        if fixed > 0 {
            diff = Some(fix::unified_diff(&source.path, &original, &source.text));
        }
    }
    if let Some(changed) = &job.changed {
        output.findings.retain(|finding| match finding.kind {
            FindingKind::Disclosure => changed.file_changed(path),
            FindingKind::Claim | FindingKind::Meta => {
                let at = source.locate(finding.span, ColumnUnit::Chars);
                changed.lines_changed(path, at.line, at.end_line)
            }
        });
    }
    Linted {
        source,
        output,
        fixed,
        diff,
        stdin_fixed: None,
        rendered: None,
    }
}

#[cfg(test)]
mod tests {
    use super::human_width;

    #[test]
    fn human_output_is_as_wide_as_the_terminal_or_100_columns() {
        assert_eq!(human_width(None), 100);
        assert_eq!(human_width(Some(160)), 160);
        assert_eq!(human_width(Some(80)), 80);
        assert_eq!(human_width(Some(20)), 60);
    }
}
