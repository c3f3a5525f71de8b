//! The users screen's search field: typing searches (debounced by the runner, superseded by more
//! typing); Enter or ↓ goes to the results.

use crate::app::keymap::Action;
use crate::app::model::{App, Focus, text_of};
use crate::app::msg::{Effect, UsersEffect};
use crate::app::toolbox::{clean_paste, edit_line, failed, reached};
use contract::api::{Page, UserSummary};
use contract::remote::PortalError;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(effects) = super::global::on_action(app, action) {
        return effects;
    }
    match action {
        Action::Open => {
            if !app.users.results.is_empty() {
                app.users.focus = Focus::List;
            }
            vec![]
        }
        Action::Back => {
            if app.users.results.is_empty() {
                app.users.search.clear();
                return search_changed(app);
            }
            app.users.focus = Focus::List;
            vec![]
        }
        // Already in the search field: `/` keeps the focus and types nothing.
        Action::Search => vec![],
        Action::Typed(key) if edit_line(&mut app.users.search, key) => search_changed(app),
        _ => vec![],
    }
}

pub(crate) fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    app.users.search.insert_str(clean_paste(text));
    search_changed(app)
}

fn search_text(app: &App) -> String {
    text_of(&app.users.search).trim().to_string()
}

fn search_changed(app: &mut App) -> Vec<Effect> {
    app.users.generation += 1;
    let query = search_text(app);
    if query.is_empty() {
        app.users.searching = false;
        app.users.results.clear();
        app.users.shown_query.clear();
        app.users.selected = 0;
        app.users.keep_detail_with_selection();
        return vec![Effect::Users(UsersEffect::CancelSearch)];
    }
    app.users.searching = true;
    vec![Effect::Users(UsersEffect::Search {
        generation: app.users.generation,
        query,
    })]
}

/// The results of a search, unless more typing has superseded it.
pub(crate) fn on_reply(
    app: &mut App,
    generation: u64,
    result: Result<Page<UserSummary>, PortalError>,
) -> Vec<Effect> {
    if generation != app.users.generation {
        return vec![]; // superseded by more typing
    }
    app.users.searching = false;
    match result {
        Ok(page) => {
            reached(app);
            app.users.shown_query = search_text(app);
            app.users.results = page.items;
            app.users.more_results = page.next_cursor.is_some();
            app.users.selected = 0;
            app.users.keep_detail_with_selection();
        }
        Err(e) => {
            let query = search_text(app);
            failed(
                app,
                &e,
                Some(Effect::Users(UsersEffect::Search { generation, query })),
            );
        }
    }
    vec![]
}
