//! `candor check`: walk, read, lint in parallel, render in path order, gate.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::setup::{self, report_error};
use super::{CheckArgs, ColorChoice, Outcome, OutputFormat};
use candor::lint::{lint, LintOptions, LintOutput};
use candor::profiles::ProfileMap;
use candor::render::{human::HumanRenderer, json::JsonRenderer, FileError, FileReport, Renderer, Summary};
use candor::source::{display_path, Format, SourceError, SourceFile};
use candor::suppress::SuppressOptions;
use candor::walk::{self, Filters, Input};
use candor::RuleSet;

/// Files linted in parallel per batch; bounds memory to a batch of sources.
const BATCH: usize = 64;

pub fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let config = match setup::config(&args.rules) {
        Ok(config) => config,
        Err(report) => {
            report_error(&report);
            return Ok(Outcome::Error);
        }
    };
    let rules = match setup::rule_set(&args.rules, &config, None) {
        Ok(rules) => rules,
        Err(report) => {
            report_error(&report);
            return Ok(Outcome::Error);
        }
    };
    let fail_on = args.fail_on.unwrap_or_else(|| config.fail_on());
    let profiles = ProfileMap::new(&config, args.profile.clone()).map_err(anyhow::Error::msg)?;
    let options = LintOptions {
        explain_context: args.explain_context,
        profile: None,
        no_disclosures: args.no_disclosures,
        suppress: SuppressOptions {
            require_reason: config.require_reason.unwrap_or(false),
        },
    };

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut renderer = renderer(args, &rules);
    let mut summary = Summary::default();
    let mut failed = false;
    let mut errored = false;

    let mut handle = |result: Result<(SourceFile, LintOutput), FileError>,
                      renderer: &mut Box<dyn Renderer>,
                      out: &mut dyn Write|
     -> io::Result<()> {
        match result {
            Ok((source, output)) => {
                summary.files += 1;
                for finding in &output.findings {
                    summary.count(finding.severity);
                    failed |= fail_on.fails(finding.severity);
                }
                renderer.file(
                    out,
                    &FileReport {
                        source: &source,
                        output: &output,
                    },
                )
            }
            Err(error) => {
                errored = true;
                summary.unreadable += 1;
                eprintln!("error: {}: {}", error.path, error.message);
                renderer.file_error(out, &error)
            }
        }
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
        let result = lint_stdin(args, &rules, &options, &profiles);
        handle(result, &mut renderer, &mut out)?;
    } else {
        let root = config.root.clone().unwrap_or_else(|| PathBuf::from("."));
        let filters = Filters::new(
            root,
            config.include.as_deref().unwrap_or_default(),
            config.exclude.as_deref().unwrap_or_default(),
        )
        .map_err(anyhow::Error::msg)?;
        let (inputs, walk_errors) = walk::collect(&paths, args.format_in, &filters);
        for (path, message) in walk_errors {
            handle(
                Err(FileError {
                    path: display_path(&path),
                    message,
                }),
                &mut renderer,
                &mut out,
            )?;
        }
        for batch in inputs.chunks(BATCH) {
            let results: Vec<_> = batch
                .par_iter()
                .map(|input| lint_file(input, &rules, &options, &profiles))
                .collect();
            for result in results {
                handle(result, &mut renderer, &mut out)?;
            }
        }
    }
    renderer.finish(&mut out, &summary)?;
    out.flush()?;
    Ok(if errored {
        Outcome::Error
    } else if failed {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn renderer(args: &CheckArgs, _rules: &RuleSet) -> Box<dyn Renderer> {
    match args.format {
        OutputFormat::Human => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            let mut human = HumanRenderer::new(color, 100);
            human.explain_context = args.explain_context;
            Box::new(human)
        }
        OutputFormat::Json => Box::new(JsonRenderer::default()),
    }
}

fn lint_file(
    input: &Input,
    rules: &RuleSet,
    options: &LintOptions,
    profiles: &ProfileMap,
) -> Result<(SourceFile, LintOutput), FileError> {
    let source = SourceFile::read(&input.path, input.format).map_err(|err| FileError {
        path: display_path(&input.path),
        message: err.to_string(),
    })?;
    let options = LintOptions {
        profile: profiles.profile_for(&input.path),
        ..options.clone()
    };
    let output = lint(&source, rules, &options);
    Ok((source, output))
}

fn lint_stdin(
    args: &CheckArgs,
    rules: &RuleSet,
    options: &LintOptions,
    profiles: &ProfileMap,
) -> Result<(SourceFile, LintOutput), FileError> {
    let name = args.stdin_filename.clone().unwrap_or_else(|| "<stdin>".to_string());
    let format = args
        .format_in
        .unwrap_or_else(|| Format::from_extension(Path::new(&name)).unwrap_or(Format::Text));
    let mut bytes = Vec::new();
    io::stdin().read_to_end(&mut bytes).map_err(|e| FileError {
        path: name.clone(),
        message: SourceError::Io(e.to_string()).to_string(),
    })?;
    let source = SourceFile::from_bytes(name.clone(), format, bytes).map_err(|err| FileError {
        path: name.clone(),
        message: err.to_string(),
    })?;
    let options = LintOptions {
        profile: profiles.profile_for(Path::new(&name)),
        ..options.clone()
    };
    let output = lint(&source, rules, &options);
    Ok((source, output))
}
