//! The server's configuration: per workspace folder, the candor.toml that
//! applies and its rule folders, compiled once per load, with the last good
//! configuration kept when a reload fails.
//!
//! A folder's settings are loaded when the server starts and again when a
//! watched config or rule pack changes; documents never compile rules. A
//! config or pack with an error leaves the folder on its previous settings
//! (the embedded defaults if it never loaded) and yields [`Problem`]s that the
//! server publishes as diagnostics on the file at fault.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{FileSystemWatcher, GlobPattern, OneOf, RelativePattern};

use super::convert;
use crate::config::{Config, ConfigError, CONFIG_NAMES};
use crate::diagnostic::TomlErrors;
use crate::lint::LintOptions;
use crate::profiles::ProfileMap;
use crate::rules::{embedded, load_dir, PackSource, RuleSet};
use crate::suppress::SuppressOptions;

/// Everything linting needs from one configuration, compiled.
#[derive(Debug)]
pub struct Settings {
    pub config: Config,
    pub rules: RuleSet,
    pub profiles: ProfileMap,
}

impl Settings {
    /// No config file: the embedded rules as they are.
    pub fn defaults() -> Settings {
        let config = Config::default();
        let profiles = ProfileMap::new(&config, None).expect("an empty config has no globs");
        Settings {
            config,
            rules: RuleSet::embedded(),
            profiles,
        }
    }

    /// Load a config file (or none) and the rule packs it names.
    pub fn load(config_file: Option<&Path>) -> Result<Settings, Vec<Problem>> {
        let config = match config_file {
            None => Config::default(),
            Some(path) => Config::read(path).map_err(|err| config_problems(path, err))?,
        };
        let mut sources: Vec<PackSource> = embedded::sources();
        let mut problems = Vec::new();
        for dir in config.rule_dirs() {
            match load_dir(&dir) {
                Ok(found) => sources.extend(found),
                Err(err) => problems.push(Problem::whole_file(
                    config.file.clone(),
                    format!("cannot read rule folder {}: {err}", dir.display()),
                )),
            }
        }
        let profiles = ProfileMap::new(&config, None);
        if let Err(message) = &profiles {
            problems.push(Problem::whole_file(config.file.clone(), message.clone()));
        }
        let rules = RuleSet::load(&sources, &config.selection());
        if let Err(errors) = &rules {
            problems.extend(toml_problems(errors));
        }
        match (rules, profiles) {
            (Ok(rules), Ok(profiles)) if problems.is_empty() => Ok(Settings {
                config,
                rules,
                profiles,
            }),
            _ => Err(problems),
        }
    }

    /// How to lint the document at `path` (`None`: not a file on disk).
    pub fn options_for(&self, path: Option<&Path>) -> LintOptions {
        LintOptions {
            profile: match path {
                Some(path) => self.profiles.profile_for(path),
                None => self.config.default_profile.clone(),
            },
            suppress: SuppressOptions {
                require_reason: self.config.require_reason.unwrap_or(false),
            },
            ..LintOptions::default()
        }
    }
}

/// Something wrong in a config or rule pack file, at a byte range of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The file at fault; `None` when it is not known (an unreadable config).
    pub file: Option<PathBuf>,
    pub message: String,
    /// The file's text, to turn `span` into lines and columns.
    pub text: Option<Arc<str>>,
    pub span: std::ops::Range<usize>,
}

impl Problem {
    fn whole_file(file: Option<PathBuf>, message: String) -> Problem {
        Problem {
            file,
            message,
            text: None,
            span: 0..0,
        }
    }
}

fn config_problems(path: &Path, err: ConfigError) -> Vec<Problem> {
    match err {
        ConfigError::Io(message) => vec![Problem::whole_file(Some(path.to_path_buf()), message)],
        ConfigError::Invalid(errors) => toml_problems(&errors),
    }
}

/// One problem per TOML error, on the file the error names.
fn toml_problems(errors: &TomlErrors) -> Vec<Problem> {
    errors
        .errors
        .iter()
        .map(|error| {
            let start = error.span.offset();
            Problem {
                file: Some(PathBuf::from(error.src.name())),
                message: match &error.help {
                    Some(help) => format!("{} ({help})", error.message),
                    None => error.message.clone(),
                },
                text: Some(error.src.inner().clone()),
                span: start..start + error.span.len(),
            }
        })
        .collect()
}

/// One folder with a configuration of its own.
#[derive(Debug)]
struct Root {
    dir: PathBuf,
    settings: Arc<Settings>,
    problems: Vec<Problem>,
    /// Rule folders the config names (as last read), to watch.
    rule_dirs: Vec<PathBuf>,
}

impl Root {
    fn new(dir: PathBuf, defaults: &Arc<Settings>) -> Root {
        let mut root = Root {
            dir,
            settings: defaults.clone(),
            problems: Vec::new(),
            rule_dirs: Vec::new(),
        };
        root.reload(defaults);
        root
    }

    fn reload(&mut self, defaults: &Arc<Settings>) {
        let Some(file) = Config::locate(&self.dir) else {
            // No config: the defaults, compiled once for every such folder.
            self.settings = defaults.clone();
            self.problems.clear();
            self.rule_dirs.clear();
            return;
        };
        self.rule_dirs = Config::read(&file).map(|c| c.rule_dirs()).unwrap_or_default();
        match Settings::load(Some(&file)) {
            Ok(settings) => {
                self.settings = Arc::new(settings);
                warm(&self.settings);
                self.problems.clear();
            }
            Err(problems) => self.problems = problems,
        }
    }
}

/// Build the rule set's pattern sets on a thread of their own, so the first
/// document opened does not wait for them in full (a lint that needs them
/// first waits for the build under way).
fn warm(settings: &Arc<Settings>) {
    let settings = settings.clone();
    std::thread::spawn(move || {
        let scope = crate::lint::scope(&settings.rules, &settings.options_for(None));
        settings.rules.matcher.prepare(scope);
    });
}

/// The configurations of the workspace: one per folder, plus the defaults.
#[derive(Debug)]
pub struct Workspace {
    roots: Vec<Root>,
    defaults: Arc<Settings>,
    /// Folders outside every root known to have no config above them, so
    /// that linting does not search the file system on every keystroke.
    unconfigured: HashSet<PathBuf>,
}

impl Workspace {
    /// Load the configuration of each workspace folder.
    pub fn new(folders: Vec<PathBuf>) -> Workspace {
        let defaults = Arc::new(Settings::defaults());
        warm(&defaults);
        let roots = folders.into_iter().map(|dir| Root::new(dir, &defaults)).collect();
        Workspace {
            roots,
            defaults,
            unconfigured: HashSet::new(),
        }
    }

    /// Load every configuration again (a watched file changed).
    pub fn reload(&mut self) {
        for root in &mut self.roots {
            root.reload(&self.defaults);
        }
        self.unconfigured.clear();
    }

    /// The settings for a document: its workspace folder's, else those of the
    /// config found above it (which becomes a folder of its own), else the defaults.
    pub fn settings_for(&mut self, path: Option<&Path>) -> Arc<Settings> {
        let Some(path) = path else {
            return self.defaults.clone();
        };
        if let Some(root) = self
            .roots
            .iter()
            .filter(|r| path.starts_with(&r.dir))
            .max_by_key(|r| r.dir.as_os_str().len())
        {
            return root.settings.clone();
        }
        let Some(parent) = path.parent() else {
            return self.defaults.clone();
        };
        if self.unconfigured.contains(parent) {
            return self.defaults.clone();
        }
        match Config::locate(parent) {
            Some(config) => {
                let dir = config.parent().map(Path::to_path_buf).unwrap_or_default();
                let root = Root::new(dir, &self.defaults);
                let settings = root.settings.clone();
                self.roots.push(root);
                settings
            }
            None => {
                self.unconfigured.insert(parent.to_path_buf());
                self.defaults.clone()
            }
        }
    }

    /// Every problem of the last load, across folders.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.roots.iter().flat_map(|r| r.problems.iter())
    }

    /// Rule folders to watch, across folders.
    pub fn rule_dirs(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = self.roots.iter().flat_map(|r| r.rule_dirs.iter().cloned()).collect();
        dirs.sort();
        dirs.dedup();
        dirs
    }

    /// File watchers for every config file and the configured rule folders;
    /// `relative`: the client takes patterns relative to a base folder.
    pub fn watchers(&self, relative: bool) -> Vec<FileSystemWatcher> {
        let configs = CONFIG_NAMES
            .iter()
            .map(|name| GlobPattern::String(format!("**/{name}")));
        let packs = self
            .rule_dirs()
            .into_iter()
            .map(|dir| match (relative, convert::path_to_uri(&dir)) {
                (true, Some(base)) => GlobPattern::Relative(RelativePattern {
                    base_uri: OneOf::Right(base),
                    pattern: "**/*.toml".into(),
                }),
                _ => GlobPattern::String(format!("{}/**/*.toml", dir.display())),
            });
        configs
            .chain(packs)
            .map(|glob_pattern| FileSystemWatcher {
                glob_pattern,
                kind: None,
            })
            .collect()
    }

    /// Whether a change to `path` can change a configuration.
    pub fn is_config_input(&self, path: &Path) -> bool {
        let named = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| CONFIG_NAMES.contains(&n));
        let pack = path.extension().is_some_and(|e| e == "toml")
            && self
                .roots
                .iter()
                .flat_map(|r| &r.rule_dirs)
                .any(|d| path.starts_with(d));
        named || pack
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the `ignore = ["early-results"]` the tests write took effect.
    fn has_early_results(rules: &RuleSet) -> bool {
        rules.rules.iter().any(|r| &*r.category == "early-results")
    }

    #[test]
    fn a_broken_config_keeps_the_last_good_settings() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("candor.toml");
        std::fs::write(&config, "ignore = [\"early-results\"]\n").unwrap();
        let mut workspace = Workspace::new(vec![dir.path().to_path_buf()]);
        let doc = dir.path().join("a.md");
        assert!(!has_early_results(&workspace.settings_for(Some(&doc)).rules));
        assert_eq!(workspace.problems().count(), 0);

        std::fs::write(&config, "ignore = [\"early-results\"]\nignroe = 1\n").unwrap();
        workspace.reload();
        let problems: Vec<&Problem> = workspace.problems().collect();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].file.as_deref(), Some(config.as_path()));
        assert!(
            problems[0].message.contains("did you mean `ignore`?"),
            "{}",
            problems[0].message
        );
        assert_eq!(problems[0].span.start, "ignore = [\"early-results\"]\n".len());
        assert!(
            !has_early_results(&workspace.settings_for(Some(&doc)).rules),
            "last good kept"
        );
        assert!(workspace.is_config_input(&config));
    }

    #[test]
    fn a_broken_rule_pack_points_into_the_pack() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("candor.toml"), "rules = [\"packs\"]\n").unwrap();
        std::fs::create_dir(dir.path().join("packs")).unwrap();
        let pack = dir.path().join("packs/mine.toml");
        std::fs::write(&pack, "[[rule]]\nid = \"guarantee/x\"\ncatgory = \"guarantee\"\n").unwrap();
        let mut workspace = Workspace::new(vec![dir.path().to_path_buf()]);
        let problems: Vec<&Problem> = workspace.problems().collect();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].file.as_deref(), Some(pack.as_path()));
        assert!(workspace.is_config_input(&pack));
        assert!(!workspace.is_config_input(&dir.path().join("Cargo.toml")));
        // Still linting, with the defaults.
        assert!(!workspace
            .settings_for(Some(&dir.path().join("a.md")))
            .rules
            .rules
            .is_empty());
    }

    #[test]
    fn documents_outside_folders_find_their_config() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".candor.toml"), "ignore = [\"early-results\"]\n").unwrap();
        let mut workspace = Workspace::new(Vec::new());
        let settings = workspace.settings_for(Some(&dir.path().join("sub/a.md")));
        assert!(!has_early_results(&settings.rules));
        assert!(has_early_results(&workspace.settings_for(None).rules));
    }
}
