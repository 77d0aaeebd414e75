//! Which files a run lints: explicit paths as given, folders walked with the
//! `ignore` crate (respecting .gitignore and hidden files), include/exclude globs.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::source::Format;

/// A file to lint and the format to read it as.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub path: PathBuf,
    pub format: Format,
}

/// Glob filters for walked files, relative to a root folder.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Made absolute once, when there are globs.
    root: PathBuf,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// The current folder, asked for once when there are globs:
    /// `std::path::absolute` asks the system for it at every call, and
    /// was called twice per walked file (with globs, walking 17,331 files
    /// took 47.4 ms instead of 42.3).
    cwd: Option<PathBuf>,
}

impl Filters {
    pub fn new(root: PathBuf, include: &[String], exclude: &[String]) -> Result<Filters, String> {
        let build = |globs: &[String]| -> Result<Option<GlobSet>, String> {
            if globs.is_empty() {
                return Ok(None);
            }
            let mut builder = GlobSetBuilder::new();
            for glob in globs {
                builder.add(Glob::new(glob).map_err(|e| format!("bad glob `{glob}`: {e}"))?);
                // `drafts` or `drafts/` also means everything below it.
                let trimmed = glob.trim_end_matches('/');
                if !trimmed.contains('*') {
                    builder.add(Glob::new(&format!("{trimmed}/**")).map_err(|e| format!("bad glob `{glob}`: {e}"))?);
                }
            }
            builder.build().map(Some).map_err(|e| e.to_string())
        };
        let (include, exclude) = (build(include)?, build(exclude)?);
        if include.is_none() && exclude.is_none() {
            return Ok(Filters::default());
        }
        let filters = Filters {
            root,
            include,
            exclude,
            cwd: std::env::current_dir().ok(),
        };
        Ok(Filters {
            root: filters.absolute(&filters.root),
            ..filters
        })
    }

    fn allows(&self, path: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let relative = self.relative(path);
        let included = self.include.as_ref().is_none_or(|g| g.is_match(&relative));
        let excluded = self.exclude.as_ref().is_some_and(|g| g.is_match(&relative));
        included && !excluded
    }

    /// `path` made absolute, then relative to the (absolute) root.
    fn relative(&self, path: &Path) -> PathBuf {
        self.absolute(path)
            .strip_prefix(&self.root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf())
    }

    fn absolute(&self, path: &Path) -> PathBuf {
        let absolute = match &self.cwd {
            Some(cwd) if path.is_relative() => std::path::absolute(cwd.join(path)),
            _ => std::path::absolute(path),
        };
        absolute.unwrap_or_else(|_| path.to_path_buf())
    }
}

/// Expand `paths` into sorted inputs. `forced` overrides format detection.
/// Errors (a path that does not exist) are returned beside the inputs found.
pub fn collect(paths: &[PathBuf], forced: Option<Format>, filters: &Filters) -> (Vec<Input>, Vec<(PathBuf, String)>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = ignore::WalkBuilder::new(path)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build();
            for entry in walker {
                match entry {
                    Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                        let file = entry.into_path();
                        let format = forced.or_else(|| Format::from_extension(&file));
                        if let Some(format) = format {
                            if filters.allows(&file) {
                                inputs.push(Input { path: file, format });
                            }
                        }
                    }
                    Ok(_) => {}
                    Err(err) => errors.push((path.clone(), err.to_string())),
                }
            }
        } else if path.exists() {
            inputs.push(Input {
                path: path.clone(),
                format: forced.unwrap_or_else(|| Format::for_explicit_path(path)),
            });
        } else {
            errors.push((path.clone(), "no such file or folder".to_string()));
        }
    }
    inputs.sort();
    inputs.dedup();
    (inputs, errors)
}
