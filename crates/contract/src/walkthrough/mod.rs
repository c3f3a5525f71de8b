//! The reset walkthrough: the script (a TOML file support leads edit without rebuilding), its
//! checker, and the built-in script written from the portal's own guide.

pub mod script;

pub use script::{Branch, BranchAction, Problem, Script, Step};

/// The script shipped with the console (`assets/walkthrough/reset.toml`).
pub(crate) const BUILT_IN: &str = include_str!("../../../../assets/walkthrough/reset.toml");
