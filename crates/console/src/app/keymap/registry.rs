//! The one registration of every context: a pane of a screen, a modal, or a mode of a modal.
//! Adding one is one entry here (besides its own files: state, feature, view, its section in
//! `assets/keymap.toml`, its help title in the catalogs). Each layer expands the columns it needs
//! with a macro of its own, so this list imports nothing (its names are resolved where expanded):
//! - `keymap` makes `Context` and `Context::ALL` (every entry);
//! - `model` makes `Modal` and the context of each modal (the `modals` and `modes` lists);
//! - `dispatch` makes the table `Context → features::<module>::on_action`, and the paste routing;
//! - `ui::modals` makes the render table `Modal → modals::<module>::render(…, &state, …)`.
//!
//! The grammar, per entry (its doc comments go to its `Context`, and to its `Modal` variant):
//! - `screens`: `Context => module [paste_fn],` — the screen decides when it has the keyboard
//!   (`App::screen_context`);
//! - `modals`: `Context => module: Variant(State) [paste_fn],` — a `Modal` variant holding
//!   `State`;
//! - `modes`: `Context => module: Variant if predicate [paste_fn],` — the modal `Variant` when
//!   `predicate(&state)` holds (the editor holding a canned answer) has its own keys.
//!
//! `[paste_fn]` is optional: the function of the module that takes pasted text in that context.
//! The modules are `app/features/<module>.rs` (its `on_action`, and the paste function) and, for
//! a modal, `ui/modals/<module>.rs` (its `render`); nothing else names them.

/// Calls `$then! { screens {…} modals {…} modes {…} }` with the registry.
macro_rules! with_registry {
    ($then:ident) => {
        $then! {
            screens {
                UsersSearch => users_search [on_paste],
                UsersList => users_list,
                UserDetail => user_detail,
                PqrSearch => pqr_search [on_paste],
                PqrList => pqr_list,
                PqrDetail => pqr_detail,
                Walk => walk,
                Board => board,
                /// «Conversaciones»: the queue of WhatsApp and correo conversations.
                ConversationList => conversation_list,
                /// One conversation's thread.
                ConversationThread => conversation_thread,
            }
            modals {
                Help => help: Help(HelpState),
                Palette => palette: Palette(Box<PaletteState>) [on_paste],
                Verify => verify: Verify(Box<VerifyForm>) [on_paste],
                Confirm => confirm: Confirm(Confirm),
                /// A public reply is about to be sent: the operator confirms.
                ConfirmSend => confirm_send: ConfirmSend(Box<Draft>),
                StatusPicker => status_picker: StatusPicker(StatusPicker),
                Extension => extension: Extension(Box<ExtensionForm>),
                /// Drafts found at start: offered back one by one.
                Drafts => drafts: Drafts(DraftsOffer),
                Editor => editor: Editor(Box<EditorState>) [on_paste],
                Create => create: CreatePqr(Box<CreateForm>),
                Explainer => explainer: Explainer(Box<SecretInput>),
                Outcome => outcome: Outcome(Box<OutcomeForm>),
                /// The PQR just filed: its radicado and legal due date, to read to the caller.
                Radicado => radicado: Radicado(Box<PqrSummary>),
                /// Assigning a ticket to a colleague (`A` on a PQR).
                Assign => assign: Assign(AssignPicker),
                /// The approved templates, when a WhatsApp window is closed.
                TemplatePicker => template_picker: TemplatePicker(Box<TemplatePicker>),
                /// Filing a conversation as a PQR.
                Radicate => radicate: Radicate(Box<RadicateForm>) [on_paste],
            }
            modes {
                /// The editor holding a canned answer: its own keys to pick and fill one.
                Canned => canned: Editor if holds_canned [on_paste],
            }
        }
    };
}

pub(crate) use with_registry;
