//! CSV import of users (placeholder until the importer is written).

use std::path::Path;

use crate::portal::db::Db;

pub struct ImportReport {
    pub imported: usize,
}

pub fn import_csv_file(
    _db: &Db,
    _file: &Path,
    _now: jiff::Timestamp,
) -> anyhow::Result<ImportReport> {
    anyhow::bail!("import is not implemented yet")
}
