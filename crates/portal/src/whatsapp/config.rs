//! `--whatsapp FILE`: the WhatsApp Business number's settings (TOML, refused unless mode 0600:
//! it holds the app secret and the access token).

use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

/// Meta's Graph API, the version this portal speaks.
pub const DEFAULT_GRAPH_URL: &str = "https://graph.facebook.com/v21.0";

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhatsappConfig {
    pub phone_number_id: String,
    /// The webhook handshake's token (`hub.verify_token`).
    pub verify_token: String,
    /// Signs every delivery (`X-Hub-Signature-256`).
    pub app_secret: String,
    /// For sending (`Authorization: Bearer`).
    pub access_token: String,
    #[serde(default = "default_graph_url")]
    pub graph_url: String,
    /// Approved templates, for answers outside the 24-hour window.
    #[serde(default, rename = "template")]
    pub templates: Vec<Template>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub name: String,
    pub language: String,
    /// The approved text with `{{1}}`, `{{2}}`… placeholders.
    pub body: String,
}

impl Template {
    /// How many placeholders the body has (the highest `{{n}}`).
    pub fn placeholders(&self) -> usize {
        (1..=20)
            .take_while(|n| self.body.contains(&format!("{{{{{n}}}}}")))
            .count()
    }

    /// The body with its placeholders filled, as the requester will read it.
    pub fn render(&self, params: &[String]) -> String {
        params
            .iter()
            .enumerate()
            .fold(self.body.clone(), |text, (i, p)| {
                text.replace(&format!("{{{{{}}}}}", i + 1), p)
            })
    }
}

/// A PQR's notice outside the 24-hour window takes the first template its values fill.
impl crate::pqr::notify::NoticeTemplates for WhatsappConfig {
    fn fill(&self, values: &[&str]) -> Option<crate::pqr::notify::FilledTemplate> {
        let t = self.templates.iter().find(|t| {
            values
                .get(..t.placeholders())
                .is_some_and(|v| v.iter().all(|s| !s.is_empty()))
        })?;
        let params: Vec<String> = values
            .iter()
            .take(t.placeholders())
            .map(|s| s.to_string())
            .collect();
        Some(crate::pqr::notify::FilledTemplate {
            name: t.name.clone(),
            language: t.language.clone(),
            text: t.render(&params),
            params,
        })
    }
}

fn default_graph_url() -> String {
    DEFAULT_GRAPH_URL.to_string()
}

/// Secrets never reach a log line.
impl std::fmt::Debug for WhatsappConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhatsappConfig")
            .field("phone_number_id", &self.phone_number_id)
            .field("verify_token", &"<redacted>")
            .field("app_secret", &"<redacted>")
            .field("access_token", &"<redacted>")
            .field("graph_url", &self.graph_url)
            .field("templates", &self.templates)
            .finish()
    }
}

impl WhatsappConfig {
    /// Reads and checks the file: mode 0600, every secret present, the Graph URL https (or
    /// http to a loopback host, for a local stand-in), templates with distinct names.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = std::fs::metadata(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let mode = meta.permissions().mode() & 0o777;
            anyhow::ensure!(
                mode & 0o077 == 0,
                "{} holds the app secret and the access token: its mode is {mode:04o}, it must be 0600 (chmod 600 {})",
                path.display(),
                path.display()
            );
        }
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let config: Self =
            toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> anyhow::Result<()> {
        for (name, value) in [
            ("phone_number_id", &self.phone_number_id),
            ("verify_token", &self.verify_token),
            ("app_secret", &self.app_secret),
            ("access_token", &self.access_token),
        ] {
            anyhow::ensure!(!value.trim().is_empty(), "{name} is empty");
        }
        let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
            .iter()
            .any(|p| self.graph_url.starts_with(p));
        anyhow::ensure!(
            self.graph_url.starts_with("https://") || loopback,
            "graph_url must be https (http only for a stand-in on this machine)"
        );
        let mut names: Vec<&str> = self.templates.iter().map(|t| t.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        anyhow::ensure!(
            names.len() == self.templates.len(),
            "two templates have the same name"
        );
        Ok(())
    }

    pub fn template(&self, name: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_counted_and_filled() {
        let t = Template {
            name: "seguimiento_solicitud".into(),
            language: "es".into(),
            body: "Hola {{1}}, tenemos novedades de tu solicitud {{2}}.".into(),
        };
        assert_eq!(t.placeholders(), 2);
        assert_eq!(
            t.render(&["José".into(), "PQR-2026-000001".into()]),
            "Hola José, tenemos novedades de tu solicitud PQR-2026-000001."
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_readable_file_is_refused_and_secrets_stay_out_of_debug() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("whatsapp.toml");
        std::fs::write(
            &path,
            "phone_number_id = \"1\"\nverify_token = \"v\"\napp_secret = \"s3cr3t\"\naccess_token = \"t0k3n\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = WhatsappConfig::load(&path).unwrap_err().to_string();
        assert!(err.contains("0600"), "{err}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let config = WhatsappConfig::load(&path).unwrap();
        assert_eq!(config.graph_url, DEFAULT_GRAPH_URL);
        let debug = format!("{config:?}");
        assert!(
            !debug.contains("s3cr3t") && !debug.contains("t0k3n"),
            "{debug}"
        );
    }
}
