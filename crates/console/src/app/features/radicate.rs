//! Filing a conversation as a PQR (`p` on a thread): the type (Tab, or the arrows) and a
//! subject; the thread is the body, the first message's arrival the legal term's start. Sent under
//! If-Match with the version the operator read.

use crossterm::event::KeyCode;

use crate::app::keymap::Action;
use crate::app::model::{App, Modal, text_of};
use crate::app::msg::{ConversationsEffect, Effect};
use crate::app::toolbox::{clean_paste, edit_line};
use contract::api::{NewPqrFromConversation, PqrType};
use contract::i18n::tr;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let Some(Modal::Radicate(f)) = &mut app.modal else {
        return vec![];
    };
    match action {
        Action::Back => app.modal = None,
        Action::NextField => f.pqr_type = next_type(f.pqr_type, true),
        Action::Typed(key) if matches!(key.code, KeyCode::Left | KeyCode::Right) => {
            f.pqr_type = next_type(f.pqr_type, key.code == KeyCode::Right);
        }
        Action::Typed(key) => {
            edit_line(&mut f.subject, key);
            f.error = None;
        }
        Action::Send => {
            let subject = text_of(&f.subject).trim().to_string();
            if subject.is_empty() {
                f.error = Some(tr(lang, "radicate.subject_required").to_string());
                return vec![];
            }
            let (id, pqr_type) = (f.conversation_id, f.pqr_type);
            let Some(etag) = app.conversations.open_as(id).map(|v| v.etag.clone()) else {
                return vec![];
            };
            return vec![Effect::Conversations(
                ConversationsEffect::RadicateConversation {
                    id,
                    etag,
                    new: NewPqrFromConversation { pqr_type, subject },
                },
            )];
        }
        _ => {}
    }
    vec![]
}

fn next_type(current: PqrType, forward: bool) -> PqrType {
    let all = PqrType::ALL;
    let i = all.iter().position(|t| *t == current).unwrap_or(0);
    let n = all.len();
    all[if forward {
        (i + 1) % n
    } else {
        (i + n - 1) % n
    }]
}

/// Pasted text goes into the subject, cleaned as any pasted line.
pub(crate) fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    if let Some(Modal::Radicate(f)) = &mut app.modal {
        f.subject.insert_str(clean_paste(text));
        f.error = None;
    }
    vec![]
}
