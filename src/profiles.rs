//! Which disclosure profile applies to a path: a forced one, else the first
//! config `profiles` glob that matches, else the config default.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::config::Config;
use crate::rules::RuleSet;

/// Disclosure profile per path, built once per configuration.
#[derive(Debug, Clone)]
pub struct ProfileMap {
    forced: Option<String>,
    root: PathBuf,
    globs: Option<GlobSet>,
    names: Vec<String>,
    default: Option<String>,
}

impl ProfileMap {
    /// The profiles of `config`; `forced` (a `--profile` flag) wins over all of them.
    pub fn new(config: &Config, forced: Option<String>) -> Result<Self, String> {
        let mut builder = GlobSetBuilder::new();
        let mut names = Vec::new();
        for (glob, profile) in config.profiles.iter().flatten() {
            builder.add(Glob::new(glob).map_err(|e| format!("config `profiles`: bad glob `{glob}`: {e}"))?);
            names.push(profile.clone());
        }
        let globs = if names.is_empty() {
            None
        } else {
            Some(builder.build().map_err(|e| format!("config `profiles`: {e}"))?)
        };
        Ok(ProfileMap {
            forced,
            root: config.root.clone().unwrap_or_else(|| PathBuf::from(".")),
            globs,
            names,
            default: config.default_profile.clone(),
        })
    }

    /// Every profile this map can hand out must be loaded: a typo in config or
    /// `--profile` would otherwise check no disclosures at all.
    pub fn check_names(&self, rules: &RuleSet) -> Result<(), String> {
        let known: Vec<&str> = rules.profiles.iter().map(|p| p.name.as_str()).collect();
        let named = self
            .forced
            .iter()
            .map(|p| (p, "--profile".to_string()))
            .chain(self.names.iter().map(|p| (p, "config `profiles`".to_string())))
            .chain(self.default.iter().map(|p| (p, "config `default-profile`".to_string())));
        for (name, from) in named {
            if known.contains(&name.as_str()) {
                continue;
            }
            let nearest = known
                .iter()
                .min_by_key(|k| crate::diagnostic::edit_distance(name, k))
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            let list = if known.is_empty() {
                "none are loaded".to_string()
            } else {
                known.join(", ")
            };
            return Err(format!(
                "{from}: unknown disclosure profile `{name}`; {nearest}profiles: {list}"
            ));
        }
        Ok(())
    }

    /// The profile of a page that has no path to match globs against (a URL).
    pub fn without_path(&self) -> Option<String> {
        self.forced.clone().or_else(|| self.default.clone())
    }

    /// The profile for `path` (relative to the current folder or absolute).
    pub fn profile_for(&self, path: &Path) -> Option<String> {
        if self.forced.is_some() {
            return self.forced.clone();
        }
        if let Some(globs) = &self.globs {
            let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
            let full = absolute(path);
            let relative = full.strip_prefix(absolute(&self.root)).unwrap_or(&full);
            if let Some(index) = globs.matches(relative).first() {
                return Some(self.names[*index].clone());
            }
        }
        self.default.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forced_then_glob_then_default() {
        let config = Config {
            profiles: Some([("blog/**".to_string(), "editorial".to_string())].into()),
            default_profile: Some("clinic-page".into()),
            root: Some(PathBuf::from("/site")),
            ..Config::default()
        };
        let map = ProfileMap::new(&config, None).unwrap();
        assert_eq!(
            map.profile_for(Path::new("/site/blog/a.md")).as_deref(),
            Some("editorial")
        );
        assert_eq!(
            map.profile_for(Path::new("/site/offer.md")).as_deref(),
            Some("clinic-page")
        );
        let forced = ProfileMap::new(&config, Some("x".into())).unwrap();
        assert_eq!(forced.profile_for(Path::new("/site/blog/a.md")).as_deref(), Some("x"));
    }

    #[test]
    fn unknown_profile_names_are_refused_with_a_suggestion() {
        let rules = RuleSet::embedded();
        let config = Config {
            profiles: Some([("blog/**".to_string(), "editorial".to_string())].into()),
            ..Config::default()
        };
        assert_eq!(ProfileMap::new(&config, None).unwrap().check_names(&rules), Ok(()));
        let typo = ProfileMap::new(&config, Some("clinic-pgae".into())).unwrap();
        assert_eq!(
            typo.check_names(&rules).unwrap_err(),
            "--profile: unknown disclosure profile `clinic-pgae`; did you mean `clinic-page`? profiles: clinic-page, editorial, faq"
        );
    }
}
