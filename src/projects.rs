//! Local CycleCloud projects: `project.ini` (`[project]` with `name` and `version`) and the specs
//! under `specs/<spec>/`, found beside the checked templates or in the folders that
//! `projects = [...]` in `cyclelint.toml` names.
//!
//! This is the IO side; rules see the result ([`Projects`]) through the `Context` and never
//! read files. Walks are bounded (depth, folders visited) and skip `.git`, `target`,
//! `node_modules` and hidden folders.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// One local project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    /// `name` from `project.ini`.
    pub name: String,
    /// `version` from `project.ini`, when set.
    pub version: Option<String>,
    /// The `project.ini` file.
    pub path: PathBuf,
    /// The specs: folders under `specs/` and `[spec NAME]` sections of `project.ini` (a spec
    /// may be only a Chef `run_list` there, without a folder), sorted, each once.
    pub specs: Vec<String>,
}

/// Every local project found for a run.
#[derive(Clone, Debug, Default)]
pub struct Projects {
    list: Vec<Project>,
}

/// Folders visited at most per root, so that a root at the top of a large tree stays cheap.
const MAX_FOLDERS: usize = 20_000;

impl Projects {
    pub fn new(list: Vec<Project>) -> Projects {
        Projects { list }
    }

    /// The local projects named `name` (case-insensitive).
    pub fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Project> + 'a {
        self.list.iter().filter(move |p| p.name.eq_ignore_ascii_case(name))
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn all(&self) -> &[Project] {
        &self.list
    }

    /// Finds the projects under each `(root, depth)`: a `project.ini` at most `depth` folders
    /// below `root`. The same `project.ini` found twice is kept once.
    pub fn discover(roots: &[(PathBuf, usize)]) -> Projects {
        let mut list: Vec<Project> = Vec::new();
        for (root, depth) in roots {
            let walker = WalkDir::new(root)
                .max_depth(*depth + 1)
                .follow_links(false)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !skipped(e.file_name().to_string_lossy().as_ref()));
            let mut folders = 0;
            for entry in walker.filter_map(Result::ok) {
                if entry.file_type().is_dir() {
                    folders += 1;
                    if folders > MAX_FOLDERS {
                        break;
                    }
                    continue;
                }
                if entry.file_name() != "project.ini" {
                    continue;
                }
                let path = entry.path();
                if list.iter().any(|p| same_file(&p.path, path)) {
                    continue;
                }
                if let Some(project) = read_project(path) {
                    list.push(project);
                }
            }
        }
        Projects { list }
    }
}

fn skipped(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// Reads one `project.ini` and its `specs/` folder; `None` when it has no `name`.
pub fn read_project(path: &Path) -> Option<Project> {
    let text = std::fs::read_to_string(path).ok()?;
    let (name, version) = parse_project_ini(&text)?;
    let mut specs = ini_specs(&text);
    if let Some(dir) = path.parent() {
        if let Ok(entries) = std::fs::read_dir(dir.join("specs")) {
            for entry in entries.filter_map(Result::ok) {
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    specs.push(entry.file_name().to_string_lossy().into_owned());
                }
            }
        }
    }
    specs.sort_by_key(|s| s.to_ascii_lowercase());
    specs.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    Some(Project { name, version, path: path.to_path_buf(), specs })
}

/// `name` and `version` of the `[project]` section of a `project.ini`.
pub fn parse_project_ini(text: &str) -> Option<(String, Option<String>)> {
    let mut in_project = false;
    let mut name = None;
    let mut version = None;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with(';') || line.is_empty() {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_project = section.trim().eq_ignore_ascii_case("project");
            continue;
        }
        if !in_project {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        let value = value.trim().trim_matches('"').to_string();
        match key.trim().to_ascii_lowercase().as_str() {
            "name" if !value.is_empty() => name = Some(value),
            "version" if !value.is_empty() => version = Some(value),
            _ => {}
        }
    }
    Some((name?, version))
}

/// The names of the `[spec NAME]` sections of a `project.ini`.
pub fn ini_specs(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix('[')?.strip_suffix(']').map(str::trim))
        .filter_map(|section| {
            let (kind, name) = section.split_once(char::is_whitespace)?;
            kind.eq_ignore_ascii_case("spec").then(|| name.trim().to_string())
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// The folders to look for projects in, for the paths given to `check`: a folder itself
/// (5 levels deep); for a file, its folder (3 levels deep) and the folder above it when that
/// holds a `project.ini` or a `specs` folder (a template in `templates/` of a project).
pub fn roots_for(paths: &[PathBuf]) -> Vec<(PathBuf, usize)> {
    let mut roots: Vec<(PathBuf, usize)> = Vec::new();
    let mut push = |p: PathBuf, depth: usize| {
        if !roots.iter().any(|(r, _)| *r == p) {
            roots.push((p, depth));
        }
    };
    for path in paths {
        if path.is_dir() {
            push(path.clone(), 5);
        } else if let Some(dir) = path.parent() {
            let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
            push(dir.to_path_buf(), 3);
            if let Some(up) = std::path::absolute(dir).ok().and_then(|d| d.parent().map(Path::to_path_buf)) {
                if up.join("project.ini").is_file() || up.join("specs").is_dir() {
                    push(up, 1);
                }
            }
        }
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_project_section() {
        let text = "[project]\nname = dask\nlabel = Dask\nversion = 1.0.2\n\n[spec default]\nversion = 9\n";
        assert_eq!(parse_project_ini(text), Some(("dask".to_string(), Some("1.0.2".to_string()))));
        assert_eq!(parse_project_ini("[project]\nversion = 1\n"), None);
        assert_eq!(parse_project_ini("[other]\nname = x\n"), None);
        assert_eq!(ini_specs(text), vec!["default".to_string()]);
        assert_eq!(ini_specs("[spec manager]\nrun_list = recipe[x]\n[spec  metadata ]\n"), vec!["manager", "metadata"]);
    }
}
