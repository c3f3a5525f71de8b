//! `:`: the command palette. Every command by its name in either language, fuzzy matched
//! (nucleo-matcher, the matcher of the helix editor), so `:idioma`, `:lang` or `:ing` all work.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

use crate::app::keymap::Action;
use crate::app::model::{App, Focus, Level, Modal, Screen, text_of};
use crate::app::msg::Effect;
use crate::app::toolbox::{clean_paste, edit_line, notice, quit};
use crate::config::ThemeName;
use contract::i18n::{Lang, tr};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Users,
    Pqr,
    Board,
    Conversations,
    Help,
    Lang(Lang),
    Theme(ThemeName),
    Quit,
}

impl Command {
    pub const ALL: [Command; 11] = [
        Command::Users,
        Command::Pqr,
        Command::Board,
        Command::Conversations,
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
            Command::Board => "palette.board",
            Command::Conversations => "palette.conversations",
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
pub(crate) fn matching(query: &str) -> Vec<Command> {
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

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(Modal::Palette(p)) = &mut app.modal else {
        return vec![];
    };
    let found = matching(&text_of(&p.input));
    match action {
        Action::Back => app.modal = None,
        Action::Down => p.selected = (p.selected + 1).min(found.len().saturating_sub(1)),
        Action::Up => p.selected = p.selected.saturating_sub(1),
        Action::Confirm => {
            let chosen = found.get(p.selected).copied();
            app.modal = None;
            if let Some(command) = chosen {
                return run_command(app, command);
            }
        }
        Action::Typed(key) if edit_line(&mut p.input, key) => p.selected = 0,
        _ => {}
    }
    vec![]
}

pub(crate) fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    if let Some(Modal::Palette(p)) = &mut app.modal {
        p.input.insert_str(clean_paste(text));
        p.selected = 0;
    }
    vec![]
}

pub(crate) fn run_command(app: &mut App, command: Command) -> Vec<Effect> {
    match command {
        Command::Users => {
            app.screen = Screen::Users;
            app.users.focus = Focus::Search;
        }
        Command::Pqr => return super::global::go_pqr(app),
        Command::Board => return super::global::go_board(app),
        Command::Conversations => return super::conversations::go(app),
        Command::Help => {
            super::help::open(app);
        }
        Command::Lang(lang) => {
            app.lang = lang;
            app.relabel();
            notice(app, Level::Info, tr(lang, "palette.lang_changed"));
        }
        Command::Theme(theme) => app.theme = theme,
        Command::Quit => return quit(app),
    }
    vec![]
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
        assert_eq!(matching("tablero").first(), Some(&Command::Board));
        assert_eq!(matching(":dashboard").first(), Some(&Command::Board));
        assert_eq!(
            matching(":conversaciones").first(),
            Some(&Command::Conversations)
        );
        assert_eq!(matching("whatsapp").first(), Some(&Command::Conversations));
        assert_eq!(matching("").len(), Command::ALL.len());
    }
}
