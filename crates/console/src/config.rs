//! Where the console's settings come from: flags > environment > `config.toml` in the config dir
//! (`directories`), and the token file that `helpdesk login` writes.
//!
//! Files that hold a token must be private, as ssh demands of its keys: one readable by group or
//! others is refused with the command that fixes it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use contract::i18n::Lang;

/// The colours the operator chose (`ui::theme` turns the name into styles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    /// No colour at all: bold, reverse and underline only.
    Mono,
}

impl ThemeName {
    /// `NO_COLOR` (any non-empty value, see no-color.org) wins over any chosen theme.
    pub fn effective(chosen: ThemeName, no_color: bool) -> ThemeName {
        if no_color { ThemeName::Mono } else { chosen }
    }

    pub fn code(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::Mono => "mono",
        }
    }
}

/// `config.toml`.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub portal_url: Option<String>,
    pub token: Option<String>,
    /// A command whose standard output is the token (a password manager, a vault).
    pub token_command: Option<String>,
    pub lang: Option<Lang>,
    pub theme: Option<ThemeName>,
    /// Milliseconds to wait after a lone Esc for the rest of an escape sequence (SSH splits them).
    pub escape_timeout_ms: Option<u64>,
    /// A walkthrough script to use instead of the built-in one (checked at start).
    pub walkthrough: Option<std::path::PathBuf>,
    /// Per context, action name → key(s): `[keys.users_list] resend = "ctrl-r"`.
    #[serde(default)]
    pub keys: BTreeMap<String, BTreeMap<String, toml::Spanned<KeySpec>>>,
}

/// One key or several for an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum KeySpec {
    One(String),
    Many(Vec<String>),
}

/// One operator override of `assets/keymap.toml`, with its line in `config.toml` for the message
/// that refuses it (`app::keymap::Keymap::with_overrides` checks it).
#[derive(Debug, Clone, PartialEq)]
pub struct KeyOverride {
    pub context: String,
    pub action: String,
    pub keys: Vec<String>,
    pub line: usize,
}

impl FileConfig {
    /// The `[keys.<context>]` overrides of this file, `source` being its text.
    pub fn key_overrides(&self, source: &str) -> Vec<KeyOverride> {
        let line_of = |at: usize| {
            let before = &source.as_bytes()[..at.min(source.len())];
            before.iter().filter(|b| **b == b'\n').count() + 1
        };
        let mut out = Vec::new();
        for (context, actions) in &self.keys {
            for (action, spec) in actions {
                out.push(KeyOverride {
                    context: context.clone(),
                    action: action.clone(),
                    keys: match spec.get_ref() {
                        KeySpec::One(k) => vec![k.clone()],
                        KeySpec::Many(ks) => ks.clone(),
                    },
                    line: line_of(spec.span().start),
                });
            }
        }
        out.sort_by_key(|o| o.line);
        out
    }
}

/// What the command line gave.
#[derive(Clone, Default)]
pub struct Flags {
    pub portal_url: Option<String>,
    pub token: Option<String>,
    pub lang: Option<Lang>,
    pub theme: Option<ThemeName>,
}

/// How a secret shows in a Debug line: whether it is there, never what it is.
pub fn redacted(secret: &Option<String>) -> &'static str {
    if secret.is_some() {
        "Some(<secret>)"
    } else {
        "None"
    }
}

impl std::fmt::Debug for FileConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileConfig")
            .field("portal_url", &self.portal_url)
            .field("token", &format_args!("{}", redacted(&self.token)))
            .field("token_command", &self.token_command)
            .field("lang", &self.lang)
            .field("theme", &self.theme)
            .field("escape_timeout_ms", &self.escape_timeout_ms)
            .field("walkthrough", &self.walkthrough)
            .field("keys", &self.keys)
            .finish()
    }
}

impl std::fmt::Debug for Flags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Flags")
            .field("portal_url", &self.portal_url)
            .field("token", &format_args!("{}", redacted(&self.token)))
            .field("lang", &self.lang)
            .field("theme", &self.theme)
            .finish()
    }
}

/// The settings the console runs with.
#[derive(Clone, PartialEq)]
pub struct Settings {
    pub portal_url: String,
    pub token: String,
    pub lang: Lang,
    pub theme: ThemeName,
    pub escape_timeout_ms: u64,
    pub walkthrough: Option<std::path::PathBuf>,
    pub keys: Vec<KeyOverride>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("portal_url", &self.portal_url)
            .field("token", &"<secret>")
            .field("lang", &self.lang)
            .field("theme", &self.theme)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("no portal is configured")]
    NoPortal,
    #[error("no operator token is configured")]
    NoToken,
    #[error("{path} is readable by other users (mode {mode:04o}) and holds a token")]
    TooOpen { path: PathBuf, mode: u32 },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("the token command failed: {0}")]
    TokenCommand(String),
}

/// The folder of `config.toml` and `token`: `$XDG_CONFIG_HOME/helpdesk` on Linux.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("HELPDESK_CONFIG_DIR") {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("co", "AccionPlus", "helpdesk")
        .map(|d| d.config_dir().to_path_buf())
}

/// Refuses a file holding a secret that group or others can read.
pub(crate) fn check_private(path: &Path) -> Result<(), ConfigError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(ConfigError::TooOpen {
                    path: path.to_path_buf(),
                    mode,
                });
            }
        }
    }
    Ok(())
}

pub fn read_file_config(dir: &Path) -> Result<FileConfig, ConfigError> {
    read_file_config_and_keys(dir).map(|(config, _)| config)
}

/// `config.toml` and its key overrides (which need the text, for their lines).
pub(crate) fn read_file_config_and_keys(
    dir: &Path,
) -> Result<(FileConfig, Vec<KeyOverride>), ConfigError> {
    let path = dir.join("config.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((FileConfig::default(), Vec::new()));
        }
        Err(e) => {
            return Err(ConfigError::Invalid {
                path,
                message: e.to_string(),
            });
        }
    };
    let config: FileConfig = toml::from_str(&text).map_err(|e| ConfigError::Invalid {
        path: path.clone(),
        message: e.message().to_string(),
    })?;
    if config.token.is_some() {
        check_private(&path)?;
    }
    let keys = config.key_overrides(&text);
    Ok((config, keys))
}

fn read_token_file(dir: &Path) -> Result<Option<String>, ConfigError> {
    let path = dir.join("token");
    match std::fs::read_to_string(&path) {
        Ok(t) => {
            check_private(&path)?;
            let t = t.trim().to_string();
            Ok((!t.is_empty()).then_some(t))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ConfigError::Invalid {
            path,
            message: e.to_string(),
        }),
    }
}

fn run_token_command(command: &str) -> Result<String, ConfigError> {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| ConfigError::TokenCommand(e.to_string()))?;
    if !out.status.success() {
        return Err(ConfigError::TokenCommand(format!(
            "exit status {}",
            out.status
        )));
    }
    let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if token.is_empty() {
        return Err(ConfigError::TokenCommand("it printed nothing".into()));
    }
    Ok(token)
}

/// Resolves the settings; `env` is the environment (a function so tests need not touch the real one).
pub fn resolve(
    flags: &Flags,
    env: &dyn Fn(&str) -> Option<String>,
    dir: Option<&Path>,
) -> Result<Settings, ConfigError> {
    let (file, keys) = match dir {
        Some(d) => read_file_config_and_keys(d)?,
        None => (FileConfig::default(), Vec::new()),
    };
    let nonempty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let portal_url = flags
        .portal_url
        .clone()
        .or_else(|| nonempty(env("HELPDESK_PORTAL_URL")))
        .or(file.portal_url.clone())
        .ok_or(ConfigError::NoPortal)?;
    let token = match flags
        .token
        .clone()
        .or_else(|| nonempty(env("HELPDESK_TOKEN")))
    {
        Some(t) => t,
        None => match nonempty(env("HELPDESK_TOKEN_COMMAND")) {
            Some(cmd) => run_token_command(&cmd)?,
            None => match (&file.token, &file.token_command) {
                (Some(t), _) => t.clone(),
                (None, Some(cmd)) => run_token_command(cmd)?,
                (None, None) => match dir {
                    Some(d) => read_token_file(d)?.ok_or(ConfigError::NoToken)?,
                    None => return Err(ConfigError::NoToken),
                },
            },
        },
    };
    let lang = flags
        .lang
        .or_else(|| env("HELPDESK_LANG").as_deref().and_then(Lang::parse))
        .or(file.lang)
        .unwrap_or_default();
    let theme = ThemeName::effective(
        flags.theme.or(file.theme).unwrap_or_default(),
        env("NO_COLOR").is_some_and(|v| !v.is_empty()),
    );
    Ok(Settings {
        portal_url,
        token: token.trim().to_string(),
        lang,
        theme,
        escape_timeout_ms: file.escape_timeout_ms.unwrap_or(DEFAULT_ESCAPE_TIMEOUT_MS),
        walkthrough: nonempty(env("HELPDESK_WALKTHROUGH"))
            .map(Into::into)
            .or(file.walkthrough),
        keys,
    })
}

/// Long enough for a sequence split across SSH packets, short enough that Esc feels immediate.
pub const DEFAULT_ESCAPE_TIMEOUT_MS: u64 = 50;

/// Creates `dir` (and its parents) if missing; the folders it creates are 0700.
pub(crate) fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .with_context(|| format!("cannot create {}", dir.display()))
}

/// Writes `contents` to `path` with mode 0600 from the first byte (no window where it is
/// readable), atomically: a fresh temporary file beside it, created with O_EXCL|O_NOFOLLOW under
/// an unpredictable name (a link planted by another local user is never followed or reused),
/// then renamed over `path` (rename replaces a link at `path`, it does not write through it).
pub fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    create_private_dir(parent)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut last_error = None;
    for _ in 0..8 {
        let tmp = parent.join(format!(".{name}.{}.tmp", uuid::Uuid::new_v4().simple()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
        }
        let mut f = match options.open(&tmp) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                last_error = Some(e);
                continue;
            }
            Err(e) => {
                return Err(e).with_context(|| format!("cannot write {}", tmp.display()));
            }
        };
        let written = (|| -> std::io::Result<()> {
            #[cfg(unix)]
            {
                // The umask may have taken bits away, never added: still, say it outright.
                use std::os::unix::fs::PermissionsExt;
                f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
            }
            f.write_all(contents.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e).with_context(|| format!("cannot write {}", path.display()));
        }
        return Ok(());
    }
    Err(anyhow::anyhow!(
        "cannot create a temporary file beside {}: {:?}",
        path.display(),
        last_error
    ))
}

/// Opens a private file for appending (the log): never through a symbolic link, only a regular
/// file, and mode 0600 whatever it had before.
pub fn open_private_append(path: &Path) -> anyhow::Result<std::fs::File> {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_private_dir(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let file = options
        .open(path)
        .with_context(|| format!("cannot open {} (a link is never followed)", path.display()))?;
    let meta = file.metadata()?;
    anyhow::ensure!(meta.is_file(), "{} is not a regular file", path.display());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn flags_beat_env_beat_file() {
        let dir = tempfile::tempdir().unwrap();
        write_private(
            &dir.path().join("config.toml"),
            "portal_url = \"http://file\"\ntoken = \"file-token\"\nlang = \"en\"\n",
        )
        .unwrap();
        let s = resolve(&Flags::default(), &env_of(&[]), Some(dir.path())).unwrap();
        assert_eq!(
            (s.portal_url.as_str(), s.token.as_str(), s.lang),
            ("http://file", "file-token", Lang::En)
        );
        let env = env_of(&[
            ("HELPDESK_PORTAL_URL", "http://env"),
            ("HELPDESK_TOKEN", "env-token"),
        ]);
        let s = resolve(&Flags::default(), &env, Some(dir.path())).unwrap();
        assert_eq!(
            (s.portal_url.as_str(), s.token.as_str()),
            ("http://env", "env-token")
        );
        let flags = Flags {
            portal_url: Some("http://flag".into()),
            token: Some("flag-token".into()),
            lang: Some(Lang::Es),
            theme: None,
        };
        let s = resolve(&flags, &env, Some(dir.path())).unwrap();
        assert_eq!(
            (s.portal_url.as_str(), s.token.as_str(), s.lang),
            ("http://flag", "flag-token", Lang::Es)
        );
    }

    #[test]
    fn token_command_is_run() {
        let env = env_of(&[
            ("HELPDESK_PORTAL_URL", "http://p"),
            ("HELPDESK_TOKEN_COMMAND", "echo from-vault"),
        ]);
        let s = resolve(&Flags::default(), &env, None).unwrap();
        assert_eq!(s.token, "from-vault");
        let env = env_of(&[
            ("HELPDESK_PORTAL_URL", "http://p"),
            ("HELPDESK_TOKEN_COMMAND", "exit 3"),
        ]);
        assert!(matches!(
            resolve(&Flags::default(), &env, None),
            Err(ConfigError::TokenCommand(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_token_readable_by_others_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let token = dir.path().join("token");
        write_private(&token, "secret\n").unwrap();
        let env = env_of(&[("HELPDESK_PORTAL_URL", "http://p")]);
        assert_eq!(
            resolve(&Flags::default(), &env, Some(dir.path()))
                .unwrap()
                .token,
            "secret"
        );
        std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = resolve(&Flags::default(), &env, Some(dir.path())).unwrap_err();
        assert_eq!(
            err,
            ConfigError::TooOpen {
                path: token,
                mode: 0o644
            }
        );
        // A config without a token may be world-readable.
        let config = dir.path().join("config.toml");
        std::fs::write(&config, "lang = \"en\"\n").unwrap();
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(read_file_config(dir.path()).is_ok());
        std::fs::write(&config, "token = \"t\"\n").unwrap();
        assert!(matches!(
            read_file_config(dir.path()),
            Err(ConfigError::TooOpen { .. })
        ));
    }

    #[test]
    fn nothing_configured_says_so() {
        assert_eq!(
            resolve(&Flags::default(), &env_of(&[]), None),
            Err(ConfigError::NoPortal)
        );
        let env = env_of(&[("HELPDESK_PORTAL_URL", "http://p")]);
        assert_eq!(
            resolve(&Flags::default(), &env, None),
            Err(ConfigError::NoToken)
        );
    }

    #[test]
    fn no_color_forces_the_monochrome_theme() {
        let env = env_of(&[
            ("HELPDESK_PORTAL_URL", "http://p"),
            ("HELPDESK_TOKEN", "t"),
            ("NO_COLOR", "1"),
        ]);
        assert_eq!(
            resolve(&Flags::default(), &env, None).unwrap().theme,
            ThemeName::Mono
        );
    }

    #[test]
    fn key_overrides_are_per_context_and_carry_their_lines() {
        let text = "portal_url = \"http://x\"\n\n[keys.users_list]\nresend = \"ctrl-r\"\ncopy = [\"y\", \"Y\"]\n";
        let file: FileConfig = toml::from_str(text).expect("parses");
        let found = file.key_overrides(text);
        let seen: Vec<(&str, &str, usize, Vec<String>)> = found
            .iter()
            .map(|o| {
                (
                    o.context.as_str(),
                    o.action.as_str(),
                    o.line,
                    o.keys.clone(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("users_list", "resend", 4, vec!["ctrl-r".to_string()]),
                (
                    "users_list",
                    "copy",
                    5,
                    vec!["y".to_string(), "Y".to_string()]
                ),
            ]
        );
    }
}
