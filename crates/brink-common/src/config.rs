//! Layered configuration: built-in defaults, then a TOML file (`--config FILE` or
//! `BRINK_CONFIG`), then `BRINK_*` environment variables, then command-line flags.
//!
//! A TOML key stands for the environment variable its path spells: `[ingest] data_dir` is
//! `BRINK_INGEST_DATA_DIR`, top-level `log_format` is `BRINK_LOG_FORMAT` (dashes become
//! underscores, names are upper-cased). File values become the arguments' defaults, so the
//! environment and flags still win. One file can configure every service: a section is
//! checked only by the binary that has arguments under its prefix, and there unknown keys are
//! errors.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::{Arg, ArgMatches, Command};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    Args(#[from] clap::Error),
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid config file {path}: {source}")]
    Parse {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
    #[error("config file {path}: unknown key `{key}` (no argument reads {env})")]
    UnknownKey {
        path: PathBuf,
        key: String,
        env: String,
    },
    #[error("config file {path}: key `{key}` must be a string, number, boolean or array of them")]
    Unsupported { path: PathBuf, key: String },
}

const CONFIG_ENV: &str = "BRINK_CONFIG";

/// Parses `args` (program name first) against `command` with a TOML file layered under the
/// environment and flags. Adds the `--config` argument itself.
pub fn matches_layered(command: Command, args: Vec<OsString>) -> Result<ArgMatches, ConfigError> {
    let command = command.arg(
        Arg::new("config")
            .long("config")
            .env(CONFIG_ENV)
            .value_name("FILE")
            .value_parser(clap::value_parser!(PathBuf))
            .help("TOML file whose keys set defaults (e.g. [ingest] data_dir = \"/data\")"),
    );
    let command = match config_path(&args) {
        Some(path) => apply_file(command, &path)?,
        None => command,
    };
    Ok(command.try_get_matches_from(args)?)
}

/// The file named by `--config FILE`, `--config=FILE` or `BRINK_CONFIG`, flags first.
fn config_path(args: &[OsString]) -> Option<PathBuf> {
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        let arg = arg.to_string_lossy();
        if arg == "--" {
            break;
        }
        if arg == "--config" {
            return rest.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--config=") {
            return Some(PathBuf::from(path));
        }
    }
    std::env::var_os(CONFIG_ENV)
        .filter(|path| !path.is_empty())
        .map(PathBuf::from)
}

fn apply_file(command: Command, path: &Path) -> Result<Command, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    let table: toml::Table = text.parse().map_err(|source| ConfigError::Parse {
        path: path.to_owned(),
        source: Box::new(source),
    })?;
    let mut values = BTreeMap::new();
    flatten(path, "BRINK", "", &table, &mut values)?;
    apply_values(command, path, values)
}

/// One file value: the dotted key it came from and its textual form(s).
struct FileValue {
    key: String,
    values: Vec<String>,
}

fn flatten(
    path: &Path,
    env_prefix: &str,
    key_prefix: &str,
    table: &toml::Table,
    out: &mut BTreeMap<String, FileValue>,
) -> Result<(), ConfigError> {
    for (name, value) in table {
        let env = format!("{env_prefix}_{}", name.replace('-', "_").to_uppercase());
        let key = if key_prefix.is_empty() {
            name.clone()
        } else {
            format!("{key_prefix}.{name}")
        };
        let values = match value {
            toml::Value::Table(inner) => {
                flatten(path, &env, &key, inner, out)?;
                continue;
            }
            toml::Value::Array(items) => items.iter().map(scalar).collect::<Option<Vec<_>>>(),
            other => scalar(other).map(|v| vec![v]),
        };
        let values = values.ok_or_else(|| ConfigError::Unsupported {
            path: path.to_owned(),
            key: key.clone(),
        })?;
        out.insert(env, FileValue { key, values });
    }
    Ok(())
}

fn scalar(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Array(_) | toml::Value::Table(_) => None,
    }
}

fn apply_values(
    mut command: Command,
    path: &Path,
    mut values: BTreeMap<String, FileValue>,
) -> Result<Command, ConfigError> {
    let targets: Vec<(String, String)> = command
        .get_arguments()
        .filter_map(|arg| {
            let env = arg.get_env()?.to_string_lossy().into_owned();
            Some((arg.get_id().to_string(), env))
        })
        .collect();
    // An argument read from BRINK_INGEST_DATA_DIR makes this binary the owner of [ingest].
    let owned: Vec<&str> = targets.iter().filter_map(|(_, env)| section(env)).collect();
    let unknown = values
        .iter()
        .filter(|(env, _)| !targets.iter().any(|(_, target)| target == *env))
        .find(|(env, _)| section(env).is_none_or(|s| owned.contains(&s)))
        .map(|(env, value)| ConfigError::UnknownKey {
            path: path.to_owned(),
            key: value.key.clone(),
            env: env.clone(),
        });
    if let Some(error) = unknown {
        return Err(error);
    }
    for (id, env) in targets {
        if let Some(value) = values.remove(&env) {
            command = command.mut_arg(id, |arg| arg.default_values(value.values));
        }
    }
    Ok(command)
}

/// "BRINK_INGEST_" for "BRINK_INGEST_DATA_DIR"; none for a top-level "BRINK_VERBOSE".
fn section(env: &str) -> Option<&str> {
    let first = env.find('_')?;
    let second = first + 1 + env[first + 1..].find('_')?;
    Some(&env[..=second])
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, FromArgMatches, Parser};

    use super::*;

    #[derive(Debug, Parser)]
    struct Demo {
        #[arg(long, env = "BRINK_DEMO_LISTEN", default_value = "127.0.0.1:1")]
        listen: String,
        #[arg(long, env = "BRINK_DEMO_DATA_DIR", default_value = "./data")]
        data_dir: PathBuf,
        #[arg(long, env = "BRINK_DEMO_MAX_BODY_BYTES", default_value_t = 10)]
        max_body_bytes: u64,
        #[arg(long, env = "BRINK_DEMO_COMPACT")]
        compact: bool,
        #[arg(long, env = "BRINK_DEMO_TAGS", value_delimiter = ',')]
        tags: Vec<String>,
        #[arg(long, env = "BRINK_DEMO_NESTED_DEPTH", default_value_t = 1)]
        nested_depth: u32,
    }

    fn parse(file: Option<&str>, flags: &[&str]) -> Result<Demo, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let mut args: Vec<OsString> = vec!["demo".into()];
        if let Some(text) = file {
            let path = dir.path().join("brink.toml");
            std::fs::write(&path, text).unwrap();
            args.push("--config".into());
            args.push(path.into());
        }
        args.extend(flags.iter().map(OsString::from));
        let matches = matches_layered(Demo::command(), args)?;
        Ok(Demo::from_arg_matches(&matches)?)
    }

    #[test]
    fn defaults_apply_without_a_file() {
        let demo = parse(None, &[]).unwrap();
        assert_eq!(demo.listen, "127.0.0.1:1");
        assert_eq!(demo.max_body_bytes, 10);
        assert!(!demo.compact && demo.tags.is_empty());
    }

    #[test]
    fn file_overrides_defaults_and_flags_override_file() {
        let file = r#"
            [demo]
            listen = "0.0.0.0:9"
            data-dir = "/var/lib/brink"
            max_body_bytes = 2048
            compact = true
            tags = ["a", "b"]
            [demo.nested]
            depth = 3
            [other]
            anything = "belongs to another service"
        "#;
        let demo = parse(Some(file), &["--listen", "127.0.0.1:7"]).unwrap();
        assert_eq!(demo.listen, "127.0.0.1:7");
        assert_eq!(demo.data_dir, PathBuf::from("/var/lib/brink"));
        assert_eq!(demo.max_body_bytes, 2048);
        assert!(demo.compact);
        assert_eq!(demo.tags, ["a", "b"]);
        assert_eq!(demo.nested_depth, 3);
    }

    #[test]
    fn config_flag_accepts_equals_form() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.toml");
        std::fs::write(&path, "[demo]\nmax_body_bytes = 5\n").unwrap();
        let args = vec![
            OsString::from("demo"),
            OsString::from(format!("--config={}", path.display())),
        ];
        let matches = matches_layered(Demo::command(), args).unwrap();
        assert_eq!(Demo::from_arg_matches(&matches).unwrap().max_body_bytes, 5);
    }

    #[test]
    fn unknown_key_in_own_section_is_named() {
        let error = parse(Some("[demo]\ndat_dir = \"/x\"\n"), &[]).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("demo.dat_dir"), "{message}");
        assert!(message.contains("BRINK_DEMO_DAT_DIR"), "{message}");
        let top = parse(Some("verbose = true\n"), &[]).unwrap_err();
        assert!(matches!(top, ConfigError::UnknownKey { .. }), "{top:?}");
    }

    #[test]
    fn bad_values_are_errors_not_panics() {
        let typed = parse(Some("[demo]\nmax_body_bytes = \"lots\"\n"), &[]).unwrap_err();
        assert!(matches!(typed, ConfigError::Args(_)), "{typed:?}");
        let syntax = parse(Some("[demo\n"), &[]).unwrap_err();
        assert!(matches!(syntax, ConfigError::Parse { .. }), "{syntax:?}");
        let nested = parse(Some("[demo]\ntags = [[1]]\n"), &[]).unwrap_err();
        assert!(
            matches!(nested, ConfigError::Unsupported { .. }),
            "{nested:?}"
        );
        let missing = matches_layered(
            Demo::command(),
            vec![
                "demo".into(),
                "--config".into(),
                "/nonexistent/brink.toml".into(),
            ],
        )
        .unwrap_err();
        assert!(matches!(missing, ConfigError::Read { .. }), "{missing:?}");
    }
}
