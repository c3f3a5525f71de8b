//! The server's host key: an OpenSSH ed25519 private key, generated (mode 0600) when the file
//! does not exist; refused when others can read it.

use std::path::Path;

use anyhow::Context;
use russh::keys::ssh_key::LineEnding;
use russh::keys::{Algorithm, HashAlg, PrivateKey};

/// The key, and whether it was generated now.
pub fn load_or_create(path: &Path) -> anyhow::Result<(PrivateKey, bool)> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            if let Err(e) = crate::config::check_private(path) {
                anyhow::bail!("{e}: the host key must be private (chmod 600)");
            }
            let key = PrivateKey::from_openssh(text.trim_start())
                .with_context(|| format!("{} is not an OpenSSH private key", path.display()))?;
            if key.is_encrypted() {
                anyhow::bail!(
                    "{} is encrypted: the server needs it in clear",
                    path.display()
                );
            }
            Ok((key, false))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
                .context("cannot generate a host key")?;
            let text = key
                .to_openssh(LineEnding::LF)
                .context("cannot encode the host key")?;
            crate::config::write_private(path, &text)?;
            Ok((key, true))
        }
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// `SHA256:…`, as `ssh` shows it when it first meets the server.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_private_then_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys").join("host_ed25519");
        let (key, created) = load_or_create(&path).unwrap();
        assert!(created);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let (again, created) = load_or_create(&path).unwrap();
        assert!(!created);
        assert_eq!(fingerprint(&key), fingerprint(&again));
        assert!(fingerprint(&key).starts_with("SHA256:"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert!(
                load_or_create(&path).is_err(),
                "a readable host key is refused"
            );
        }
    }
}
