//! `candor.toml`: the schema, upward discovery and layering with flags.
//!
//! The first `candor.toml` or `.candor.toml` found walking up from the
//! current folder applies, unless `--config FILE` names one or `--isolated`
//! skips discovery. Unknown keys are errors that point into the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{TomlErrors, TomlFile};
use crate::rules::{Selection, Severity};

/// The names a config file may have, in order of preference.
pub const CONFIG_NAMES: [&str; 2] = ["candor.toml", ".candor.toml"];

/// Everything a config file may say. Every field is optional; `update` layers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Extra rule pack folders, relative to the config file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<PathBuf>>,
    /// Run only these rules or categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<Vec<String>>,
    /// Do not run these rules or categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore: Option<Vec<String>>,
    /// Added to `ignore` (for layered configs and flags).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extend_ignore: Option<Vec<String>>,
    /// Severity per rule id or category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<BTreeMap<String, Severity>>,
    /// Lowest severity that fails the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<FailOn>,
    /// Only lint walked files matching these globs (relative to the config folder).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include: Option<Vec<String>>,
    /// Never lint walked files matching these globs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude: Option<Vec<String>>,
    /// A suppression comment without ` -- reason` is an error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_reason: Option<bool>,
    /// The disclosure profile for files no `profiles` glob matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_profile: Option<String>,
    /// Disclosure profile per path glob, e.g. `"blog/**" = "editorial"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiles: Option<BTreeMap<String, String>>,
    /// The folder relative paths are resolved against (not read from the file).
    #[serde(skip)]
    pub root: Option<PathBuf>,
    /// The file this came from.
    #[serde(skip)]
    pub file: Option<PathBuf>,
}

/// The gating threshold: a severity, or never fail on findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Never => false,
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Info => true,
        }
    }
}

impl Config {
    /// Read and validate a config file.
    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Io(format!("{}: {e}", path.display())))?;
        let name = crate::source::display_path(path);
        let file = TomlFile::new(name, text.as_str());
        let mut config: Config = toml::from_str(&text).map_err(|err| {
            ConfigError::Invalid(TomlErrors {
                what: "config".into(),
                errors: vec![file.from_toml(&err)],
            })
        })?;
        config.root = Some(path.parent().map(Path::to_path_buf).unwrap_or_default());
        config.file = Some(path.to_path_buf());
        Ok(config)
    }

    /// The config that applies in `dir`: the first found walking upward.
    pub fn discover(dir: &Path) -> Result<Option<Config>, ConfigError> {
        Config::locate(dir).map(|path| Config::read(&path)).transpose()
    }

    /// The path of the config file that applies in `dir`, without reading it.
    pub fn locate(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .flat_map(|ancestor| CONFIG_NAMES.iter().map(move |name| ancestor.join(name)))
            .find(|candidate| candidate.is_file())
    }

    /// Layer `other` over `self`: set fields win, `extend-*` lists add.
    pub fn update(&mut self, other: Config) {
        macro_rules! take {
            ($($field:ident),*) => { $( if other.$field.is_some() { self.$field = other.$field; } )* };
        }
        take!(
            rules,
            select,
            ignore,
            severity,
            fail_on,
            include,
            exclude,
            require_reason,
            default_profile,
            profiles,
            root,
            file
        );
        if let Some(extra) = other.extend_ignore {
            self.extend_ignore.get_or_insert_with(Vec::new).extend(extra);
        }
    }

    pub fn selection(&self) -> Selection {
        let mut ignore = self.ignore.clone().unwrap_or_default();
        ignore.extend(self.extend_ignore.clone().unwrap_or_default());
        Selection {
            select: self.select.clone().unwrap_or_default(),
            ignore,
            severity: self.severity.clone().unwrap_or_default(),
        }
    }

    /// Rule folders, resolved against the config's folder.
    pub fn rule_dirs(&self) -> Vec<PathBuf> {
        let root = self.root.clone().unwrap_or_default();
        self.rules.iter().flatten().map(|dir| root.join(dir)).collect()
    }

    pub fn fail_on(&self) -> FailOn {
        self.fail_on.unwrap_or(FailOn::Warning)
    }
}

/// A config that could not be used.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConfigError {
    #[error("cannot read config: {0}")]
    Io(String),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(TomlErrors),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_point_into_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("candor.toml");
        std::fs::write(&path, "fail-on = \"error\"\nignroe = [\"guarantee\"]\n").unwrap();
        let ConfigError::Invalid(errors) = Config::read(&path).unwrap_err() else {
            panic!("expected invalid")
        };
        let error = &errors.errors[0];
        assert!(error.message.contains("unknown field `ignroe`"), "{}", error.message);
        assert_eq!(error.span.offset(), 18);
        assert_eq!(error.help.as_deref(), Some("did you mean `ignore`?"));
    }

    #[test]
    fn discovery_walks_upward_and_layers() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".candor.toml"), "ignore = [\"guarantee\"]\n").unwrap();
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        let mut config = Config::discover(&nested).unwrap().unwrap();
        assert_eq!(config.ignore, Some(vec!["guarantee".to_string()]));
        config.update(Config {
            extend_ignore: Some(vec!["single-session".into()]),
            ..Config::default()
        });
        assert_eq!(config.selection().ignore, vec!["guarantee", "single-session"]);
    }
}
