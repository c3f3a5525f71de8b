//! What a storage function can fail with, typed: the caller decides on «not found» and «conflict»,
//! while a database failure or a stored value that does not parse is the portal's fault (under a
//! handler a 500 whose cause goes to the log, never into the answer: `http/error.rs`; in a
//! background job, an `anyhow` error).

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// SQLite failed; `doing` says what was being done («reading a user's detail»).
    #[error("database failed while {doing}")]
    Database {
        doing: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    /// The row the caller named does not exist (a caller that answers 404 decides on it).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The write would break a rule the stored rows hold (a stale version, a duplicate).
    #[error("conflict: {0}")]
    Conflict(String),
    /// A stored value that does not parse (a column written by hand, an older program).
    #[error("the stored {what} does not parse: {value:?}")]
    Unparsable { what: &'static str, value: String },
    /// A value to store did not encode (JSON of our own types: the portal's fault).
    #[error("cannot encode {what}")]
    Encoding {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
    /// Date arithmetic on a stored instant went out of range.
    #[error("a stored instant is out of range")]
    Time(#[from] jiff::Error),
}

pub type StorageResult<T> = Result<T, StorageError>;

/// Puts what was being done on a SQLite failure: `conn.query_row(..).doing("reading …")?`; on
/// the result of a function of many statements (written with `?`), it names the whole.
pub trait Doing<T> {
    fn doing(self, doing: &'static str) -> StorageResult<T>;
}

impl<T> Doing<T> for rusqlite::Result<T> {
    fn doing(self, doing: &'static str) -> StorageResult<T> {
        self.map_err(|source| StorageError::Database { doing, source })
    }
}

impl<T> Doing<T> for StorageResult<T> {
    fn doing(self, doing: &'static str) -> StorageResult<T> {
        self.map_err(|e| match e {
            StorageError::Database { source, .. } => StorageError::Database { doing, source },
            other => other,
        })
    }
}

/// `?` inside a function of many statements; the caller names it with [`Doing::doing`].
impl From<rusqlite::Error> for StorageError {
    fn from(source: rusqlite::Error) -> Self {
        StorageError::Database {
            doing: "using the database",
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_get_an_anyhow_error_with_the_context() {
        let err: anyhow::Error = StorageError::Database {
            doing: "sweeping",
            source: rusqlite::Error::InvalidQuery,
        }
        .into();
        assert!(format!("{err:#}").contains("sweeping"));
    }
}
