//! Loading what every subcommand needs: the config and the rule set.

use std::path::Path;

use anyhow::Context as _;

use super::RuleArgs;
use candor::config::Config;
use candor::diagnostic::TomlErrors;
use candor::rules::{embedded, load_dir, PackSource, RuleSet};

/// The effective config: discovered (or `--config`), then flags.
pub fn config(args: &RuleArgs) -> Result<Config, miette::Report> {
    let mut config = Config::default();
    if let Some(path) = &args.config {
        config.update(Config::read(path)?);
    } else if !args.isolated {
        let cwd = std::env::current_dir().map_err(|e| miette::miette!("cannot read the current folder: {e}"))?;
        if let Some(found) = Config::discover(&cwd)? {
            config.update(found);
        }
    }
    let flags = Config {
        select: (!args.select.is_empty()).then(|| args.select.clone()),
        extend_ignore: (!args.ignore.is_empty()).then(|| args.ignore.clone()),
        ..Config::default()
    };
    config.update(flags);
    Ok(config)
}

/// Load the rule set: embedded packs, config folders, `--rules` folders.
pub fn rule_set(args: &RuleArgs, config: &Config, extra: Option<&Path>) -> Result<RuleSet, miette::Report> {
    let mut sources: Vec<PackSource> = embedded::sources();
    if args.no_default_rules {
        // The language data (context triggers, slots, vocabulary, segmentation) stays.
        sources.retain(|pack| !pack.name.starts_with("rules/claims/") && !pack.name.starts_with("rules/disclosures/"));
    }
    let dirs = config
        .rule_dirs()
        .into_iter()
        .chain(args.rule_dirs.iter().cloned())
        .chain(extra.map(Path::to_path_buf));
    let mut loaded: Vec<std::path::PathBuf> = Vec::new();
    for dir in dirs {
        // A folder named twice (in config and on the command line) loads once:
        // loading it again would report every rule in it as a duplicate.
        let canonical = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        if loaded.contains(&canonical) {
            continue;
        }
        loaded.push(canonical);
        let found = load_dir(&dir)
            .with_context(|| format!("cannot read rule folder {}", dir.display()))
            .map_err(|e| miette::miette!("{e:#}"))?;
        sources.extend(found);
    }
    RuleSet::load(&sources, &config.selection()).map_err(|e: TomlErrors| miette::Report::new(e))
}

/// The config and the rule set, or `None` once the reason they could not be
/// loaded has been reported (the caller exits 2).
pub fn load(args: &RuleArgs, extra: Option<&Path>) -> Option<(Config, RuleSet)> {
    let config = config(args).map_err(|r| report_error(&r)).ok()?;
    let rules = rule_set(args, &config, extra).map_err(|r| report_error(&r)).ok()?;
    Some((config, rules))
}

/// Print a diagnostic to standard error, with colour only on a terminal.
pub fn report_error(report: &miette::Report) {
    #[allow(clippy::print_stderr)]
    {
        eprintln!("{report:?}");
    }
}

/// `candor config --show`.
pub fn show_config(args: &RuleArgs) -> anyhow::Result<super::Outcome> {
    let config = match config(args) {
        Ok(config) => config,
        Err(report) => {
            report_error(&report);
            return Ok(super::Outcome::Error);
        }
    };
    let mut out = String::new();
    if let Some(file) = &config.file {
        out.push_str(&format!("# from {}\n", file.display()));
    } else {
        out.push_str("# no config file found; defaults\n");
    }
    out.push_str(&toml::to_string_pretty(&config)?);
    out.push_str(&format!("# fail-on (effective) = {:?}\n", config.fail_on()).to_lowercase());
    #[allow(clippy::print_stdout)]
    {
        print!("{out}");
    }
    Ok(super::Outcome::Clean)
}
