//! Drafts: what an operator is writing on a PQR survives a crash or a dropped SSH connection.
//! Each draft is one small JSON file in the data folder, written atomically (a temporary file,
//! then a rename) with mode 0600, and removed only when the portal confirmed the send. The draft
//! carries the Idempotency-Key of its send, so a send retried after a timeout or a crash is
//! posted exactly once.

use std::path::{Path, PathBuf};

use anyhow::Context;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use contract::api::Visibility;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Also the Idempotency-Key of the send, and the file's name.
    pub key: String,
    pub pqr_id: i64,
    pub radicado: String,
    pub visibility: Visibility,
    pub body: String,
    pub saved_at: Timestamp,
    /// Set when the draft is the call notes of a PQR not filed yet (`c` on a user): `body` holds
    /// the notes, `key` the creation's Idempotency-Key, `pqr_id` is 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_pqr: Option<NewPqrDraft>,
    /// Set when the draft is an answer on a conversation (WhatsApp, correo): `pqr_id` is 0 and
    /// `radicado` holds the requester's name, for the list of drafts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<i64>,
}

/// The rest of a PQR being filed, kept with its notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewPqrDraft {
    pub user_id: i64,
    pub user_name: String,
    pub pqr_type: contract::api::PqrType,
    pub channel: contract::api::Channel,
    pub subject: String,
    /// Where the answers go (issue 25); a draft from before it takes the form's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_channel: Option<contract::api::ReplyChannel>,
    /// The user's registered contact as the screen showed it (masked): the portal files the
    /// whole one.
    #[serde(default)]
    pub email_masked: String,
    #[serde(default)]
    pub phone_masked: String,
}

impl Draft {
    /// The first line, for a list of drafts.
    pub fn preview(&self, max_chars: usize) -> String {
        let first = self
            .body
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        first.chars().take(max_chars).collect()
    }
}

#[derive(Debug, Clone)]
pub struct DraftStore {
    dir: PathBuf,
}

/// Keys are ours (`session-n`), but a file name must never become a path: keep it to a safe set.
fn file_name(key: &str) -> String {
    let safe: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.json")
}

impl DraftStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// `$XDG_DATA_HOME/helpdesk/drafts` on Linux.
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("co", "AccionPlus", "helpdesk")
            .map(|d| d.data_local_dir().join("drafts"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn save(&self, draft: &Draft) -> anyhow::Result<()> {
        let json = serde_json::to_string_pretty(draft).context("cannot encode the draft")?;
        crate::config::write_private(&self.dir.join(file_name(&draft.key)), &json)
    }

    pub fn remove(&self, key: &str) -> anyhow::Result<()> {
        match std::fs::remove_file(self.dir.join(file_name(key))) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(e).with_context(|| format!("cannot remove the draft {key}"))
            }
            _ => Ok(()),
        }
    }

    /// Every readable draft, oldest first; unreadable files are reported, not fatal.
    pub fn load_all(&self) -> (Vec<Draft>, Vec<String>) {
        let mut drafts = Vec::new();
        let mut problems = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return (drafts, problems);
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            match std::fs::read_to_string(&path)
                .map_err(anyhow::Error::from)
                .and_then(|t| serde_json::from_str::<Draft>(&t).map_err(anyhow::Error::from))
            {
                Ok(d) => drafts.push(d),
                Err(e) => problems.push(format!("{}: {e}", path.display())),
            }
        }
        drafts.sort_by_key(|d| d.saved_at);
        (drafts, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(key: &str, body: &str) -> Draft {
        Draft {
            key: key.into(),
            pqr_id: 7,
            radicado: "PQR-2026-000007".into(),
            visibility: Visibility::Internal,
            body: body.into(),
            saved_at: Timestamp::UNIX_EPOCH,
            new_pqr: None,
            conversation_id: None,
        }
    }

    #[test]
    fn drafts_round_trip_privately_and_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path().join("drafts"));
        store.save(&draft("s-1", "primera versión")).unwrap();
        store
            .save(&draft("s-1", "segunda versión\ncon dos líneas"))
            .unwrap();
        store.save(&draft("../../etc/passwd", "x")).unwrap();
        std::fs::write(store.dir().join("broken.json"), "{").unwrap();
        let (drafts, problems) = store.load_all();
        assert_eq!(drafts.len(), 2);
        assert!(
            drafts
                .iter()
                .any(|d| d.body == "segunda versión\ncon dos líneas")
        );
        assert_eq!(problems.len(), 1);
        assert!(
            !dir.path().join("etc").exists(),
            "a key never becomes a path"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.dir().join("s-1.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let leftovers = std::fs::read_dir(store.dir())
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "tmp"))
            .count();
        assert_eq!(leftovers, 0, "no temporary file left behind");
        store.remove("s-1").unwrap();
        store.remove("s-1").unwrap();
        assert_eq!(store.load_all().0.len(), 1);
    }
}
