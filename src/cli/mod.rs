//! Command-line arguments and subcommand dispatch; the only code that picks a
//! renderer and an exit code.

#[cfg(feature = "audit")]
mod audit;
mod check;
mod debug;
mod info;
mod setup;

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

use candor::config::FailOn;
use candor::source::Format;

/// candor: an editorial content linter and claims checker for treatment copy.
///
/// It finds sentences that overpromise about exosome and growth-factor scalp
/// treatments, and the disclosures a treatment page leaves out, and says why
/// and what to write instead.
#[derive(Debug, Parser)]
#[command(name = "candor", version, max_term_width = 100)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files and folders (default: the current folder).
    Check(CheckArgs),
    /// List the loaded rules: id, category, severity, status, pack.
    Rules(RuleArgs),
    /// Print a rule's documentation: what it flags, why, what to write, examples.
    Explain {
        /// A rule id (`early-results/visible-before-8-weeks`) or disclosure (`disclosure/course`).
        rule: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Run every rule's flag/pass/fix examples; exit 1 if any fails.
    TestRules {
        /// A rule pack folder to test (default: the embedded packs plus configured ones).
        dir: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Print the effective configuration.
    Config {
        /// Print it as TOML (the only form so far).
        #[arg(long)]
        show: bool,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Audit local files or live pages and write a client report (HTML, CSV, JSON) into --out.
    ///
    /// Pages are fetched politely: robots.txt is respected, at most --per-host
    /// requests run at once per host, --delay apart. Pages that fail are listed
    /// in the report with the reason. Exit 0 once the report is written (1 with
    /// --fail-on when findings reach it; 2 on usage, config or write errors, or
    /// when no input named any page).
    #[cfg(feature = "audit")]
    Audit(audit::AuditArgs),
    /// Run the language server on stdin/stdout, for editors (see docs/editors.md).
    #[cfg(feature = "lsp")]
    Lsp,
    /// Show what one pipeline stage makes of a file, with byte ranges.
    Debug {
        #[arg(value_enum)]
        stage: debug::Stage,
        /// The file to inspect.
        file: PathBuf,
        /// Read the file as this format instead of guessing from its extension.
        #[arg(long, value_enum)]
        format_in: Option<Format>,
        #[command(flatten)]
        rules: RuleArgs,
    },
}

/// Where rules and config come from (shared by every subcommand).
#[derive(Debug, Clone, Default, ClapArgs)]
#[command(next_help_heading = "Rules and config")]
pub struct RuleArgs {
    /// Add the rule packs (*.toml) in DIR to the embedded ones; repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Use this config file instead of discovering candor.toml upward.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore every config file.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// Leave out the embedded claim rules and disclosures (keep the embedded
    /// context, slot and vocabulary data); use only --rules and config folders.
    #[arg(long)]
    pub no_default_rules: bool,
    /// Run only these rules or categories (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,
    /// Do not run these rules or categories (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
}

/// Which disclosures a run checks (shared by `check` and `audit`).
#[derive(Debug, Clone, Default, ClapArgs)]
#[command(next_help_heading = "Disclosures")]
pub struct DisclosureArgs {
    /// Disclosure profile for every page (overrides config `profiles`).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Skip document-level disclosure checks.
    #[arg(long)]
    pub no_disclosures: bool,
}

/// `candor check`.
#[derive(Debug, Clone, ClapArgs)]
pub struct CheckArgs {
    /// Files and folders to lint; `-` reads standard input. Default: the current folder.
    pub paths: Vec<PathBuf>,

    /// Read every input as this format instead of choosing by extension.
    #[arg(long, value_enum, help_heading = "Input")]
    pub format_in: Option<Format>,
    /// The name to report for standard input (its extension picks the format).
    #[arg(long, value_name = "PATH", help_heading = "Input")]
    pub stdin_filename: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human, help_heading = "Output")]
    pub format: OutputFormat,
    /// When to colour human output (NO_COLOR is respected with `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, help_heading = "Output")]
    pub color: ColorChoice,
    /// Also show matches that context dismissed (with their trigger) and each
    /// document's treatment-page verdict.
    #[arg(long, help_heading = "Output")]
    pub explain_context: bool,

    /// Exit 1 when a finding at or above this severity remains [default: warning, or config].
    #[arg(long, value_enum, help_heading = "Gating")]
    pub fail_on: Option<FailOn>,
    /// Report claim findings only on lines added or changed since this git ref
    /// (`git diff REF`, plus untracked files), and document-level findings only
    /// for files that changed.
    #[arg(long, value_name = "REF", help_heading = "Gating")]
    pub changed_since: Option<String>,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE", help_heading = "Gating")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in this baseline file (sorted JSON) and exit 0.
    #[arg(long, value_name = "FILE", help_heading = "Gating", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// List every suppression comment that suppressed something, with its reason (for audits).
    #[arg(long, help_heading = "Gating")]
    pub report_suppressions: bool,

    /// Apply safe fixes (wording swaps that keep the meaning honest) in place,
    /// then report what remains.
    #[arg(long, help_heading = "Fix")]
    pub fix: bool,
    /// Also apply unsafe fixes (rewrites a person should read); implies --fix unless --diff.
    #[arg(long, help_heading = "Fix")]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff and write nothing; exit 1 if there is any.
    #[arg(long, help_heading = "Fix")]
    pub diff: bool,

    #[command(flatten)]
    pub disclosures: DisclosureArgs,

    #[command(flatten)]
    pub rules: RuleArgs,
}

/// Output formats for `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Annotated snippets for a person.
    Human,
    /// The JSON contract (TAXONOMY.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and SARIF viewers.
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// Checkstyle XML.
    Checkstyle,
    /// JUnit XML: one test case per file (GitLab, Jenkins).
    Junit,
    /// reviewdog's diagnostic format (rdjson).
    Rdjson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above the gate.
    Clean,
    /// Findings at or above the gate.
    Findings,
    /// Usage, config, rule-pack or I/O errors.
    Error,
    /// The LSP client ended the session without `shutdown` (the protocol asks for exit code 1).
    #[cfg(feature = "lsp")]
    LspWithoutShutdown,
}

/// Run a parsed command line.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    match args.command {
        Command::Check(check) => check::run(&check),
        #[cfg(feature = "audit")]
        Command::Audit(audit) => audit::run(&audit),
        Command::Rules(rules) => info::list(&rules),
        Command::Explain { rule, rules } => info::explain(&rule, &rules),
        Command::TestRules { dir, rules } => info::test_rules(dir.as_deref(), &rules),
        Command::Config { show: _, rules } => setup::show_config(&rules),
        #[cfg(feature = "lsp")]
        Command::Lsp => match candor::lsp::serve_stdio()? {
            candor::lsp::Exit::Clean => Ok(Outcome::Clean),
            candor::lsp::Exit::WithoutShutdown => Ok(Outcome::LspWithoutShutdown),
        },
        Command::Debug {
            stage,
            file,
            format_in,
            rules,
        } => debug::run(stage, &file, format_in, &rules),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_app() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }
}
