//! The operators file: who may connect (their OpenSSH public keys) and with which portal token.
//! It holds tokens, so it is refused unless only its owner can read it (0600 or 0400). It is read
//! whole: one mistake refuses the file (at start the server does not start; on SIGHUP the
//! operators in force stay), so a typo never locks everybody out halfway.
//!
//! ```toml
//! [[operator]]
//! name = "Ana Gómez"
//! keys = ["ssh-ed25519 AAAAC3… ana@portatil"]
//! token = "hdk_…"             # or token_command = "pass show helpdesk/ana"
//! lang = "es"                 # optional
//! ```
//!
//! `token_command` runs without a shell (no expansion, no pipes: words split on spaces, quotes
//! group them), when the file is read; its output, trimmed, is the token. A command that fails
//! leaves that operator out (logged) until the next reload; the others are not affected.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use russh::keys::{HashAlg, PublicKey};
use serde::Deserialize;

use contract::i18n::Lang;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOperators {
    #[serde(default)]
    operator: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    keys: Vec<String>,
    token: Option<String>,
    token_command: Option<String>,
    lang: Option<String>,
}

/// One operator as the server knows them.
pub struct Operator {
    pub name: String,
    token: String,
    pub lang: Option<Lang>,
}

impl Operator {
    /// The portal token: given to this operator's portal client, never logged or shown.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Whether a live session of `self` may go on as `other` after a reload.
    pub fn same_access(&self, other: &Operator) -> bool {
        self.name == other.name && self.token == other.token
    }
}

impl std::fmt::Debug for Operator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Operator")
            .field("name", &self.name)
            .field("token", &"<secret>")
            .field("lang", &self.lang)
            .finish()
    }
}

/// The operators in force, by their keys' SHA-256 fingerprints.
#[derive(Debug, Default)]
pub struct Operators {
    by_key: HashMap<String, Arc<Operator>>,
    /// Operators left out (a failed token command), one line each, for the log.
    pub left_out: Vec<String>,
}

/// A key's fingerprint as OpenSSH prints it (`SHA256:…`).
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

impl Operators {
    pub fn get(&self, fingerprint: &str) -> Option<&Arc<Operator>> {
        self.by_key.get(fingerprint)
    }

    pub fn len(&self) -> usize {
        let mut names: Vec<&str> = self.by_key.values().map(|o| o.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// Reads and checks the file; runs the token commands.
    pub fn load(path: &Path) -> anyhow::Result<Operators> {
        if let Err(e) = crate::config::check_private(path) {
            anyhow::bail!("{e}: the operators file must be private (chmod 600)");
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        Self::parse(&text, &run_token_command)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    /// The file's text; `run` turns a token command into a token.
    pub fn parse(
        text: &str,
        run: &dyn Fn(&str) -> Result<String, String>,
    ) -> Result<Operators, String> {
        let file: FileOperators = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let mut out = Operators::default();
        for (i, entry) in file.operator.into_iter().enumerate() {
            let which = format!("operator {} ({:?})", i + 1, entry.name);
            if entry.name.trim().is_empty()
                || !contract::domain::sanitize::is_clean_line(&entry.name)
            {
                return Err(format!("{which}: the name must be one clean line"));
            }
            if entry.keys.is_empty() {
                return Err(format!("{which}: no keys"));
            }
            let lang = match entry.lang.as_deref() {
                None => None,
                Some(l) => Some(
                    Lang::parse(l)
                        .ok_or_else(|| format!("{which}: unknown lang {l:?} (es, en)"))?,
                ),
            };
            let mut prints = Vec::new();
            for line in &entry.keys {
                let key = PublicKey::from_openssh(line.trim())
                    .map_err(|e| format!("{which}: not an OpenSSH public key line ({e})"))?;
                let print = fingerprint(&key);
                if out.by_key.contains_key(&print) || prints.contains(&print) {
                    return Err(format!("{which}: the key {print} is listed twice"));
                }
                prints.push(print);
            }
            let token = match (entry.token, entry.token_command) {
                (Some(t), None) => t.trim().to_string(),
                (None, Some(cmd)) => match run(&cmd) {
                    Ok(t) => t,
                    Err(e) => {
                        out.left_out
                            .push(format!("{which}: the token command failed: {e}"));
                        continue;
                    }
                },
                (Some(_), Some(_)) => {
                    return Err(format!("{which}: token or token_command, not both"));
                }
                (None, None) => return Err(format!("{which}: no token and no token_command")),
            };
            if token.is_empty() {
                return Err(format!("{which}: an empty token"));
            }
            let op = Arc::new(Operator {
                name: entry.name,
                token,
                lang,
            });
            for print in prints {
                out.by_key.insert(print, op.clone());
            }
        }
        Ok(out)
    }
}

/// Splits a command line into words without a shell: spaces separate, single or double quotes
/// group (no escapes, no expansion).
pub(crate) fn split_command(command: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err("an unclosed quote".into());
    }
    if in_word {
        words.push(word);
    }
    if words.is_empty() {
        return Err("an empty command".into());
    }
    Ok(words)
}

/// Runs a token command (no shell, no input); its output, trimmed, is the token.
pub(crate) fn run_token_command(command: &str) -> Result<String, String> {
    let words = split_command(command)?;
    let out = std::process::Command::new(&words[0])
        .args(&words[1..])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("{}: {e}", words[0]))?;
    if !out.status.success() {
        return Err(format!("{}: {}", words[0], out.status));
    }
    let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if token.is_empty() {
        return Err(format!("{}: printed nothing", words[0]));
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANA: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ana@portatil";

    fn no_command(_: &str) -> Result<String, String> {
        Err("not run here".into())
    }

    #[test]
    fn operators_by_fingerprint_with_a_secret_token() {
        let text = format!(
            "[[operator]]\nname = \"Ana Gómez\"\nkeys = [\"{ANA}\"]\ntoken = \"hdk_ana\"\nlang = \"en\"\n"
        );
        let ops = Operators::parse(&text, &no_command).unwrap();
        assert_eq!(ops.len(), 1);
        let key = PublicKey::from_openssh(ANA).unwrap();
        let ana = ops.get(&fingerprint(&key)).unwrap();
        assert_eq!(ana.name, "Ana Gómez");
        assert_eq!(ana.token(), "hdk_ana");
        assert_eq!(ana.lang, Some(Lang::En));
        assert!(!format!("{ana:?}").contains("hdk_ana"));
    }

    #[test]
    fn mistakes_refuse_the_whole_file() {
        let bad = [
            format!("[[operator]]\nname = \"A\"\nkeys = [\"{ANA}\"]\n"),
            format!(
                "[[operator]]\nname = \"A\"\nkeys = [\"{ANA}\"]\ntoken = \"t\"\ntoken_command = \"x\"\n"
            ),
            "[[operator]]\nname = \"A\"\nkeys = [\"ssh-ed25519 nonsense\"]\ntoken = \"t\"\n".into(),
            format!(
                "[[operator]]\nname = \"A\"\nkeys = [\"{ANA}\"]\ntoken = \"t\"\n[[operator]]\nname = \"B\"\nkeys = [\"{ANA}\"]\ntoken = \"u\"\n"
            ),
            format!("[[operator]]\nname = \"A\\u001b[31m\"\nkeys = [\"{ANA}\"]\ntoken = \"t\"\n"),
            format!(
                "[[operator]]\nname = \"A\"\nkeys = [\"{ANA}\"]\ntoken = \"t\"\nrole = \"x\"\n"
            ),
        ];
        for text in bad {
            assert!(Operators::parse(&text, &no_command).is_err(), "{text}");
        }
    }

    #[test]
    fn a_failed_token_command_leaves_that_operator_out() {
        let text =
            format!("[[operator]]\nname = \"A\"\nkeys = [\"{ANA}\"]\ntoken_command = \"false\"\n");
        let ops = Operators::parse(&text, &no_command).unwrap();
        assert!(ops.is_empty());
        assert_eq!(ops.left_out.len(), 1);
    }

    #[test]
    fn token_commands_run_without_a_shell() {
        assert_eq!(
            split_command("pass show 'helpdesk/ana gómez' \"x y\"").unwrap(),
            vec!["pass", "show", "helpdesk/ana gómez", "x y"]
        );
        assert!(split_command("echo 'open").is_err());
        assert!(split_command("  ").is_err());
        assert_eq!(run_token_command("echo  hdk_x ").unwrap(), "hdk_x");
        // No shell: `;` is an argument, not a second command.
        assert_eq!(run_token_command("echo a; echo b").unwrap(), "a; echo b");
        assert!(run_token_command("false").is_err());
    }
}
