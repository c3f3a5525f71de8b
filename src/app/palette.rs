//! The `:` command palette: every command by its name in either language, fuzzy matched
//! (nucleo-matcher, the matcher of the helix editor), so `:idioma`, `:lang` or `:ing` all work.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

use crate::config::ThemeName;
use crate::i18n::{Lang, tr};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Users,
    Pqr,
    Help,
    Lang(Lang),
    Theme(ThemeName),
    Quit,
}

impl Command {
    pub const ALL: [Command; 9] = [
        Command::Users,
        Command::Pqr,
        Command::Help,
        Command::Lang(Lang::Es),
        Command::Lang(Lang::En),
        Command::Theme(ThemeName::Dark),
        Command::Theme(ThemeName::Light),
        Command::Theme(ThemeName::Mono),
        Command::Quit,
    ];

    /// Catalog key of the label.
    pub fn label_key(self) -> &'static str {
        match self {
            Command::Users => "palette.users",
            Command::Pqr => "palette.pqr",
            Command::Help => "palette.help",
            Command::Lang(Lang::Es) => "palette.lang_es",
            Command::Lang(Lang::En) => "palette.lang_en",
            Command::Theme(ThemeName::Dark) => "palette.theme_dark",
            Command::Theme(ThemeName::Light) => "palette.theme_light",
            Command::Theme(ThemeName::Mono) => "palette.theme_mono",
            Command::Quit => "palette.quit",
        }
    }

    /// Words that find the command whatever the console's language.
    fn haystack(self) -> String {
        let key = self.label_key();
        format!("{} · {}", tr(Lang::Es, key), tr(Lang::En, key))
    }
}

/// The commands matching `query`, best first; all of them for an empty query.
pub fn matching(query: &str) -> Vec<Command> {
    let query = query.trim().trim_start_matches(':');
    if query.is_empty() {
        return Command::ALL.to_vec();
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let items: Vec<(Command, String)> = Command::ALL.iter().map(|c| (*c, c.haystack())).collect();
    let mut scored: Vec<(Command, u32)> = items
        .iter()
        .filter_map(|(c, h)| {
            let mut buf = Vec::new();
            let haystack = nucleo_matcher::Utf32Str::new(h, &mut buf);
            pattern.score(haystack, &mut matcher).map(|s| (*c, s))
        })
        .collect();
    // Stable: equal scores keep the catalog's order.
    scored.sort_by_key(|(_, score)| std::cmp::Reverse(*score));
    scored.into_iter().map(|(c, _)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_commands_in_both_languages() {
        assert_eq!(matching("idioma").first(), Some(&Command::Lang(Lang::Es)));
        assert!(matching("english").contains(&Command::Lang(Lang::En)));
        assert_eq!(matching(":salir").first(), Some(&Command::Quit));
        assert_eq!(matching("quit").first(), Some(&Command::Quit));
        assert!(matching("sin color").contains(&Command::Theme(ThemeName::Mono)));
        assert!(matching("zzzzqqq").is_empty());
        assert_eq!(matching("").len(), Command::ALL.len());
    }
}
