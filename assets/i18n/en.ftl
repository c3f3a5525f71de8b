### English catalog (Project Fluent). Messages and their variables must be the same as in es.ftl.

## app

app-title = Help desk

## conn

conn-no_operator = (no operator)
conn-connecting = … connecting
conn-online = ● online
conn-offline = ○ offline
conn-unauthorized = ✘ token refused
conn-back = ● Back online.

## role

role-agent = agent
role-supervisor = supervisor
role-unknown = unknown

## hint

hint-retry = { $key } retries.

## banner

banner-offline = ✘ No connection to the portal; the console keeps trying by itself.
banner-unauthorized = ✘ The portal refused your token. Renew it with «helpdesk login» and reopen the console.

## demo

demo-outbox = DEMO · emails are written to { $path }
demo-caller = DEMO · the caller opens { $url } in a browser

## screen

screen-walk = Guide
screen-users = Users
screen-pqr = PQR
screen-board = Dashboard
screen-too_small = terminal too small ({ $w }×{ $h }); at least { $min_w }×{ $min_h } is needed
screen-conversations = Conversations

## users

users-search_label = Search
users-search_placeholder = ID number, email, name or phone
users-searching = searching…
users-count = { $n ->
        [one] { $n } result
       *[other] { $n } results
    }
users-count_more = { $n }+ results
users-hint = Type the caller's ID number (cédula), email, name or phone. Accents and case do not matter.
users-none = No user matches «{ $q }».
users-never = never
users-loading = Loading…
users-history_end = No more callers that way in the history.
users-call_timer = ◷ { $time }

## col

col-name = Name
col-email = Email
col-document = Document
col-kind = Kind
col-status = Status
col-last_login = Last login

## kind

kind-candidate = Candidate
kind-employee = Employee
kind-unknown = Unknown

## kind_letter

kind_letter-candidate = C
kind_letter-employee = E
kind_letter-unknown = ?

## status

status-active = Active
status-locked = Locked
status-disabled = Disabled
status-pending_activation = Pending
status-unknown = Unknown

## detail

detail-locked_until = Locked until { $when }
detail-verification_locked = Verification locked until { $when }
detail-verified_until = Identity verified; unlock allowed until { $when }
detail-email_bounced = Email bounces: correct it through a PQR
detail-dates = Last link: { $link } · Password changed: { $changed } · Created: { $created }
detail-timeline = Timeline (newest first)
detail-no_events = No events.

## time

time-now = now
time-ago_minutes = { $n } min ago
time-ago_hours = { $n } h ago
time-ago_days = { $n } d ago
time-in_minutes = in { $n } min
time-in_hours = in { $n } h
time-in_days = in { $n } d

## rule

rule-too_short = it has fewer than 8 characters
rule-too_long = it has more than 40 characters
rule-missing_lowercase = it has no lowercase character
rule-missing_uppercase = it has no Uppercase character
rule-missing_digit = it has no digit
rule-missing_special = it has no valid special character
rule-not_special = { $chars } does not count as a special character
rule-unknown = it breaks a rule this console does not know

## reason

reason-mismatch = the two passwords typed differ
reason-email_mismatch = the email typed is not the account's
reason-expired = the link had expired
reason-already_used = the link had already been used
reason-unknown = no reason given

## event

event-reset_requested = Asked to reset the password («Enviar Correo»)
event-reset_link_sent = Reset link sent to { $email }
event-reset_email_bounced = The email to { $email } bounced
event-reset_link_opened = Opened the reset link
event-reset_attempt_failed = New password refused: { $why }
event-password_changed = Changed the password
event-login_succeeded = Logged in
event-login_failed = Failed login (wrong password)
event-account_locked = Account locked until { $until }
event-account_unlocked = Account unlocked
event-reset_links_voided = { $n ->
    [one] The pending link was voided
   *[other] { $n } pending links were voided
}
event-verification_succeeded = Identity verified
event-verification_failed = Identity verification failed
event-verification_locked = Verification locked until { $until }
event-pqr_created = PQR { $radicado } filed
event-pqr_updated = PQR { $radicado } updated ({ $status })
event-pqr_message_added = Message on PQR { $radicado }
event-call_outcome_recorded = Call outcome: { $outcome }. { $note }
event-mail_relayed = handed to the mail server { $time }
event-mail_deferred = queued: the mail server does not answer, retry { $retry }
event-mail_deferred_code = queued: the mail server asked to wait ({ $code }), retry { $retry }
event-mail_failed = the mail server refused it ({ $code })
event-mail_failed_gave_up = could not be delivered in 24 h; gave up
event-mail_bounced = bounced: { $why } ({ $code })
event-mail_bounced_no_code = bounced
event-conversation_message_received = Wrote by { $kind ->
        [email] email
       *[other] WhatsApp
    }
event-conversation_message_sent = Answer in the conversation
event-conversation_delivery = Answer { $status ->
        [sent] sent
        [delivered] delivered
        [read] read
        [failed] not delivered
       *[other] updated
    }
event-conversation_updated = Conversation { $status ->
        [closed] closed
        [open] reopened
        [assigned] assigned
        [linked] linked to the user
        [radicated] filed as a PQR
       *[other] updated
    }
event-unknown = An event this console does not know
event-by_operator = { $text } — { $name }

## mail

mail-line = { $purpose }: { $what }
mail-retry_at = at { $time }
mail-retry_soon = shortly
mail-purpose_reset_link = Reset link
mail-purpose_password_changed = Password-changed notice
mail-purpose_pqr_receipt = PQR receipt
mail-purpose_pqr_extension = PQR extension notice
mail-purpose_pqr_reply = PQR reply
mail-purpose_pqr_resolution = PQR resolution
notice-whatsapp_unsent = { $what }: not sent by WhatsApp, { $reason }.
notice-whatsapp_off = WhatsApp is not connected on this portal (--whatsapp)
notice-whatsapp_no_chat = the requester has not written on WhatsApp and there is no conversation to send it in; tell them by phone
notice-whatsapp_no_template = more than 24 hours since their last message and no approved template is filled by their name and the radicado alone
notice-whatsapp_too_long = it has more than 4096 characters, WhatsApp's limit; send it in parts
mail-purpose_unknown = Email
mail-status_mailbox_unknown = the mailbox does not exist
mail-status_domain_unknown = the domain does not exist
mail-status_mailbox_full = the mailbox is full
mail-status_policy = refused by policy
mail-status_mailbox_disabled = the mailbox is disabled
mail-status_mailbox_unavailable = the mailbox is unavailable
mail-status_try_later = the server asked to try later
mail-status_permanent = permanent refusal
mail-status_temporary = temporary failure
mail-status_unknown = unknown code
mail-state_queued = queued, not yet handed to the mail server
mail-state_deferred = queued ({ $why })
mail-state_relayed = handed to the mail server { $time }
mail-state_failed = the mail server refused it ({ $code })
mail-state_failed_gave_up = could not be delivered; gave up
mail-state_bounced = bounced: { $why } ({ $code })
mail-state_bounced_no_code = bounced
mail-state_unknown = unknown state
mail-last_link = Last link's email: { $state }
mail-waiting_queued = not yet handed to the mail server
mail-waiting_deferred = the mail server does not answer; retry { $retry }
mail-still_queued = The last link is still queued ({ $why }): a new one voids it.

## action

action-walk = guide
action-next_step = next
action-prev_step = previous
action-branch = branch
action-explain = rules
action-finish = finish
action-create_pqr = PQR
action-go_users = users
action-go_pqr = PQR
action-go_board = dashboard
action-prev_pane = previous pane
action-left = left
action-right = right
action-refresh = refresh
action-filter_status = status
action-filter_type = type
action-filter_scope = mine/all
action-filter_overdue = overdue
action-filter_today = due today
action-sort_order = order
action-assign_me = assign me
action-assign = assign to…
action-change_status = status
action-note = note
action-reply = reply
action-go_user = user
action-send = send
action-discard = discard
action-quit = quit
action-help = help
action-palette = commands
action-search = search
action-down = down
action-up = up
action-page_down = page down
action-page_up = page up
action-top = top
action-bottom = bottom
action-open = open
action-back = back
action-next_pane = pane
action-verify = verify
action-user_pqrs = their PQRs
action-caller_back = previous
action-caller_forward = next
action-resend = resend
action-unlock = unlock
action-revoke_links = void links
action-copy = copy
action-retry = retry
action-confirm = accept
action-next_field = field
action-prev_field = previous field
action-suspend = suspend

action-redraw = redraw
action-go_conversations = conversations
action-templates = templates
action-close_conversation = close/reopen
action-radicate = file PQR
action-link_conversation = link

## help

help-legend_users = Legend: kind E employee, C candidate · status ● active, ■ locked, ○ disabled, ◌ pending activation.
help-walk = Walk the caller through the reset, step by step, watching their progress live
help-next_step = Next step
help-prev_step = Previous step
help-branch = Take a branch of the step (what the caller answered)
help-explain = Password rule explainer
help-finish = End the call and record the outcome
help-create_pqr = File a PQR for this user, with the call notes
help-go_users = Users screen
help-go_pqr = PQR screen
help-go_board = Dashboard: the desk's figures, live
help-board_next_pane = Go to the next panel
help-prev_pane = Go back to the previous panel
help-left = The bar on the left (outside the legal clock: the previous panel)
help-right = The bar on the right (outside the legal clock: the next panel)
help-board_open = Open the PQRs of the selected legal clock bar
help-refresh = Read the figures again now
help-filter_status = Filter by status: open, each status, all (cycles)
help-filter_type = Filter by type (cycles)
help-filter_scope = Mine and unassigned, mine, unassigned or all
help-filter_overdue = Overdue only
help-filter_today = Due today only
help-sort_order = Reverse the order by due date
help-assign_me = Assign this PQR to me
help-assign = Assign the PQR to a colleague (supervisors: anyone; agents: themselves)
help-change_status = Change the status (only the moves the portal allows)
help-note = Write an INTERNAL note
help-reply = Write a PUBLIC reply to the requester
help-go_user = Go to the linked user
help-send = Send
help-discard = Discard the selected draft
help-title = Help: keys of this screen
help-escape_note = Over SSH, Esc waits a moment in case a special key arrives split in two.
help-quit = Quit the console
help-help = Show or hide this help
help-palette = Command palette: screens, language, theme, quit
help-search = Go to the search field
help-down = Down one row
help-up = Up one row
help-page_down = Down one page
help-page_up = Up one page
help-top = Go to the top
help-bottom = Go to the bottom
help-open = Open the selected row's detail
help-back = Back / cancel
help-next_pane = Go to the detail pane
help-verify = Verify the caller's identity (document number and birth date)
help-user_pqrs = This user's PQRs, every status
help-caller_back = Back to the previous caller of this session (like a browser's back)
help-caller_forward = Forward again to the next caller
help-resend = Resend the password reset link
help-unlock = Unlock the account (needs a current verification)
help-revoke_links = Void the pending reset links (the caller never asked for the email)
help-copy = Copy the masked email to the clipboard (OSC 52, works over SSH)
help-retry = Retry the last action that failed for want of a connection
help-confirm = Accept
help-next_field = Go to the other field
help-prev_field = Go back to the previous field
help-suspend = Suspend the console (resume with fg)

help-redraw = Redraw the whole screen
help-go_conversations = Conversations: WhatsApp and email, live
help-conversation_open = Open the conversation and its thread
help-conversation_scope = Show every conversation, or only mine and the unassigned
help-conversation_status = Show the open, the closed or all of them
help-conversation_retry = Retry what failed; when nothing did, read again
help-conversation_reply = Answer (within WhatsApp's 24-hour window; outside it, a template)
help-templates = Choose an approved template (the only possible answer once the window is closed)
help-close_conversation = Close the conversation (or reopen it when closed)
help-radicate = File the conversation as a PQR: the thread is the body
help-conversation_user = Open the linked user (detail and timeline; the walkthrough one key away); with none, find them to link
help-conversation_assign_me = Assign this conversation to me
help-link_conversation = Link this user to the conversation waiting for one
help-template_send = Send the chosen template
help-radicate_type = Change the PQR type (also ← →)

## help.context

help-context-users_search = Typing in the search: letters are text.
help-context-users_list = Results list.
help-context-user_detail = The user's detail and timeline.
help-context-pqr_search = Typing in the search: letters are text.
help-context-pqr_list = PQR list.
help-context-pqr_detail = The PQR and its thread.
help-context-walk = Reset walkthrough.
help-context-help = Help.
help-context-palette = Command palette.
help-context-verify = Verification form.
help-context-confirm = Confirmation.
help-context-confirm_send = Confirming a public reply.
help-context-status_picker = Choose the new status with ↑ ↓ and Enter.
help-context-extension = Extension form.
help-context-drafts = Drafts found at start.
help-context-editor = Editor: Enter is a new line; «::» inserts a canned response.
help-context-canned = Choose with ↑ ↓ and Enter.
help-context-create = New PQR.
help-context-explainer = Rule explainer: what is typed is not kept.
help-context-outcome = Call outcome.
help-context-radicado = The radicado of the PQR.
help-context-assign = Assign the PQR: whom the portal allows.
help-context-board = Dashboard: it updates itself with the desk's events.
help-context-conversation_list = Conversations: the oldest unanswered first, and the windows closing soonest.
help-context-conversation_thread = Conversation thread: ◀ what the requester wrote, ▶ what the desk answered.
help-context-template_picker = Approved templates: choose with ↑ ↓ and Enter.
help-context-radicate = File the conversation as a PQR.

## palette

palette-pqr = PQR: petitions, complaints and claims
palette-board = Dashboard: the desk's figures (tablero)
palette-title = Commands
palette-nothing = No command matches.
palette-users = Users: search
palette-help = Help
palette-lang_es = Language: Spanish (idioma español)
palette-lang_en = Language: English
palette-theme_dark = Dark theme
palette-theme_light = Light theme
palette-theme_mono = Theme without colour
palette-quit = Quit
palette-lang_changed = Language: English.
palette-conversations = Conversations: WhatsApp and email

## verify

verify-title = Verify identity: { $name }
verify-intro = Type what the caller says. The portal answers whether it matches; you never see the full values.
verify-document = Document number
verify-birth_date = Birth date
verify-document_placeholder = e.g. 1017234567
verify-birth_placeholder = YYYY-MM-DD or DD/MM/YYYY
verify-bad_document = The document number must have 3 to 15 digits or letters.
verify-bad_date = Invalid date: use YYYY-MM-DD or DD/MM/YYYY.
verify-pending = Asking the portal…
verify-matched = The identity matches.
verify-no_match = The identity does not match.
verify-matched_until = ✔ Match. You may unlock the account until { $until }.
verify-no_match_left = ✘ No match. Attempts left: { $n }.
verify-locked_until = Verification is now locked until { $when }.

## resend

resend-title = Resend link
resend-question = Send { $name } a password reset link at { $email }?
resend-bounced_warning = Warning: emails to this address bounce. Correct the address through a PQR.
resend-bounced_why = Not resent: emails to this address bounce. File a PQR (c) to correct the address.
resend-sending = Sending the link…
resend-sent = Link sent to { $email }; it expires at { $expires }.
resend-wait = The portal asks to wait: you can resend in { $s } s.

## unlock

unlock-title = Unlock account
unlock-question = Unlock { $name }'s account?
unlock-not_locked = The account is not locked.
unlock-verify_first = Verify the caller's identity first (v): unlocking needs a current verification.
unlock-sending = Unlocking…
unlock-done = Account unlocked.

## revoke

revoke-sending = Voiding the pending links…
revoke-done = { $n ->
    [one] { $n } pending link voided: it no longer works.
   *[other] { $n } pending links voided: they no longer work.
}
revoke-none = There were no pending links to void.

## quit
quit-title = Leave the console
quit-question = Leave anyway?
quit-walk = A call with { $name } is in progress: the walkthrough is left halfway.
quit-drafts = { $n ->
    [one] { $n } text is not sent (saved: offered again when you come back).
   *[other] { $n } texts are not sent (saved: offered again when you come back).
}

## copy

copy-done = Copied to the clipboard: { $text }

## retry

retry-running = Retrying…

## error

error-unauthorized = The portal refused your token (expired or revoked). Renew it with «helpdesk login».
error-forbidden = Your role does not allow this action.
error-not_found = Not found: it may no longer exist.
error-rate_limited = Too many requests: wait { $s } s.
error-offline = No connection to the portal.
error-server = The portal failed ({ $status }). Request id: { $id }.
error-verification_required = Verify the caller's identity first (v).
error-verification_locked = Identity verification is locked after failed attempts.
error-account_disabled = The account is disabled: this action does not apply.
error-address_bounced = The user's email bounces: correct it through a PQR.
error-code_invalid = The portal did not accept the data (request { $id }):
error-code_conflict = The portal does not allow it in the current state: reload and try again (request { $id }).
error-code_account_locked = The account is locked after failed attempts.
error-code_busy = The portal is busy: wait a moment and retry (request { $id }).
error-code_invalid_credentials = Invalid email or password.
error-code_precondition = Someone changed this first: reload it (request { $id }).
error-code_too_large = The text is too long for the portal (request { $id }).
error-code_window_closed = More than 24 hours since the person's last message: WhatsApp only takes an approved template (request { $id }).
error-code_channel_unavailable = WhatsApp is not connected on this portal: answer by another channel or file a PQR (request { $id }).
error-code_other = The portal refused the request (request { $id }). Tell support that number.
field_rule-required = This is required.
field_rule-too_long = Longer than the portal accepts.
field_rule-format = The portal does not recognise the format.
field_rule-out_of_range = Outside the range allowed.
field_rule-unknown_value = The portal does not know this value.
field_rule-unknown = The portal did not accept this.
error-decode = Unexpected answer from the portal: { $detail }
error-too_large = The portal's answer is larger than { $limit }: it was not read. Tell support.
error-no_version = The portal gave no version (ETag) of this PQR: reload it before changing it.

## cli

cli-demo_starting = Preparing the demo (reference portal with sample data)…
cli-no_portal =
    helpdesk: no portal is configured.
    Set --portal-url, HELPDESK_PORTAL_URL or portal_url in { $config },
    or try the demo:  helpdesk demo
cli-no_token =
    helpdesk: no operator token is configured.
    Store one with «helpdesk login», or use --token, HELPDESK_TOKEN or HELPDESK_TOKEN_COMMAND.
cli-too_open =
    helpdesk: { $path } has mode { $mode }: other users of this server can read your token.
    Fix it with:  chmod 600 { $path }
cli-login_prompt = Operator token (not shown):{" "}
cli-login_saved = Token saved to { $path } (mode 0600).
cli-login_checked = The portal knows this token: { $name } ({ $role }).

## pqr

pqr-no_transitions = This PQR allows no status change.
pqr-no_user = This PQR is not linked to a portal user.
pqr-saving = Saving…
pqr-saved = PQR updated.
pqr-search_label = Search
pqr-search_placeholder = radicado, subject, requester
pqr-scope_all = all
pqr-scope_mine = mine
pqr-status_open = open
pqr-scope_queue = my queue
pqr-scope_none = unassigned
pqr-scope_operator = { $name }'s
pqr-scope_user = { $name }'s
pqr-chip_overdue = overdue
pqr-chip_today = due today
pqr-sort_desc = due last
pqr-count = { $n ->
        [one] { $n } PQR
       *[other] { $n } PQRs
    }
pqr-none = No PQR with these filters.
pqr-unassigned = unassigned
pqr-assignee = Assigned to: { $name }
pqr-requester = Requester: { $name } · { $contact } · received { $received }
pqr-linked_user = Linked to a portal user (U to see it).
pqr-extension = Extension: { $reason }
pqr-reply_channel = Answers by: { $channel }
pqr-whatsapp_not_sent = no WhatsApp conversation: they do not reach them
pqr-unreachable = no contact: public replies do not reach the requester
pqr-thread = Thread ({ $n } { $n ->
        [one] message
       *[other] messages
    })
pqr-status_title = Change status
pqr-assign_title = Assign { $radicado } to
pqr-confirm_final = Mark { $radicado } as «{ $status }»?
pqr-confirm_final_note = This cannot be undone: Enter again confirms, Esc goes back to the list.

## editor

editor-kept = Draft saved: reopen it with n or R.
editor-empty = The text is empty.
editor-sending = Sending…
editor-sent_reply = Public reply sent on { $radicado }.
editor-sent_note = Internal note added to { $radicado }.
editor-banner_public = PUBLIC — the requester will see it
editor-banner_internal = INTERNAL — for the team only
editor-title = { $radicado }
editor-hint = Ctrl-S sends · Esc closes and keeps the draft · «::» canned responses
editor-canned = Canned responses
editor-confirm_public = Send this PUBLIC reply on { $radicado }? The requester will receive it.
editor-confirm_title = Confirm public reply
editor-unreachable_none = The requester left no contact: this reply stays in the thread but will not reach them. Call them or ask for an email.
editor-unreachable_whatsapp = They chose WhatsApp but never wrote on it: the reply stays in the thread and will not reach them; phone them.

## drafts

drafts-new_pqr = New PQR for { $name }
drafts-later = The drafts are still saved.
drafts-title = Unsent drafts: Enter opens, d discards, Esc later

## extension

extension-bad_date = Invalid date: use YYYY-MM-DD.
extension-short_reason = Explain the reason (at least 10 characters).
extension-title = Extension
extension-intro = The law allows one extension, stating the reason and the new date (at most twice the initial term).
extension-reason = Reason
extension-date = New date
extension-date_placeholder = YYYY-MM-DD
extension-dates = Due { $due }; the new date may be up to { $latest }.
extension-due_only = Due { $due }.

## conflict

conflict-status = Another operator changed the status: { $from } → { $to }
conflict-assignee = Another operator changed the assignee: { $from } → { $to }
conflict-due = The due date changed: { $from } → { $to }
conflict-messages = { $n ->
        [one] { $n } new message in the thread
       *[other] { $n } new messages in the thread
    }
conflict-reloading = Another operator changed this PQR: reloaded; check and repeat your change.

## pqr_status

pqr_status-radicada = Filed
pqr_status-en_tramite = In progress
pqr_status-en_espera_usuario = Waiting
pqr_status-prorrogada = Extended
pqr_status-resuelta = Resolved
pqr_status-cerrada = Closed
pqr_status-unknown = Unknown

## pqr_type

pqr_type-peticion = Petition
pqr_type-queja = Complaint
pqr_type-reclamo = Claim
pqr_type-sugerencia = Suggestion
pqr_type-solicitud_informacion = Information request
pqr_type-consulta = Consultation
pqr_type-unknown = Other

## pqr_type_short

pqr_type_short-peticion = Petition
pqr_type_short-queja = Complaint
pqr_type_short-reclamo = Claim
pqr_type_short-sugerencia = Suggestion
pqr_type_short-solicitud_informacion = Information
pqr_type_short-consulta = Inquiry
pqr_type_short-unknown = —

## channel

channel-whatsapp = WhatsApp
channel-correo = email
channel-web = web
channel-telefono = phone
channel-presencial = in person
channel-unknown = other

## reply_channel

reply_channel-correo = email
reply_channel-whatsapp = WhatsApp
reply_channel-ninguno = none
reply_channel-unknown = other

## clock

clock-paused = paused
clock-stopped = —
clock-overdue = overdue by { $n ->
        [one] { $n } business day
       *[other] { $n } business days
    }
clock-overdue_short = { $n ->
        [one] { $n } day overdue
       *[other] { $n } days overdue
    }
clock-today = due today
clock-today_short = due today
clock-left = { $n ->
        [one] { $n } business day left
       *[other] { $n } business days left
    }
clock-left_short = { $n ->
        [one] { $n } business day
       *[other] { $n } business days
    }
clock-due_on = due { $weekday }, { $month } { $day }
clock-due_was = was due { $weekday }, { $month } { $day }

## weekday

weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday

## month

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## thread

thread-internal = INTERNAL
thread-public = PUBLIC
thread-requester = REQUESTER

## pcol

pcol-radicado = Radicado
pcol-type = Type
pcol-subject = Subject
pcol-requester = Requester
pcol-status = Status
pcol-assignee = Assignee
pcol-clock = Clock

## create

create-kept = Draft saved: c on the user opens it again.
create-title = New PQR for { $name }
create-subject_placeholder = subject
create-default_subject = Cannot log in to Mi Portal
create-notes_placeholder = Call notes: what was asked, what was tried…
create-missing = Write the subject and the notes.
create-type = Type
create-channel = Channel
create-subject = Subject
create-notes = Notes
create-reply_channel = Answers by
create-no_contact = the user has no such contact registered
create-no_contact_error = The user has no such contact registered: choose another channel for the answers, or «none».
create-reply_whatsapp_note = Nothing is sent by WhatsApp yet: tell the caller by phone.
create-reply_none_note = No contact: the receipt and the answers will not reach them.
create-pending = Filing…
create-hint = ← → change the choices · Tab next field · Ctrl-S files it
create-done = PQR filed. Read this number to the caller:
create-done_title = Radicado
create-due = Legal deadline to answer: { $due } ({ $date }), in { $n ->
    [one] { $n } business day
   *[other] { $n } business days
}.
create-copied = Copied to the clipboard (OSC 52). Enter or Esc closes.

## outcome

outcome-note_placeholder = A note on how the call ended
outcome-recorded = Call outcome recorded.
outcome-title = How did the call end?
outcome-note = Note
outcome-pending = Recording…
outcome-hint = ↑ ↓ choose · Tab to the note · Ctrl-S records
outcome-resuelto = resolved
outcome-escalado_pqr = escalated to a PQR
outcome-identidad_no_verificada = identity not verified
outcome-llamada_cortada = call dropped
outcome-unknown = other

## walk

walk-no_script = No walkthrough script is loaded.
walk-handoff_intro = Reset walkthrough done with the caller:
walk-attempt_failed = A password that breaks the rules was tried: x opens the explainer.
walk-live_connecting = … connecting
walk-live_on = ● live
walk-live_reconnecting = ○ reconnecting
walk-progress = { $done }/{ $total } { $total ->
        [one] step
       *[other] steps
    }
walk-say = Say:
walk-live_empty = Nothing yet: what the caller does on the portal shows here.
walk-live_title = Live on the portal

## explain

explain-title = Password rules
explain-field = Practice password
explain-rules = The new password must have:
explain-length = 8 to 40 characters
explain-lower = at least one lowercase character
explain-upper = at least one Uppercase
explain-digit = at least one digit
explain-special = at least 1 special character, one of these:
explain-not_special = '@', '!' and '_' do NOT count as special characters.
explain-last_attempt = The caller's last attempt:
explain-privacy = What is typed here is never stored, logged or sent. Never ask the caller for their password.

## report

report-col_radicado = radicado
report-col_type = type
report-col_channel = channel
report-col_status = status
report-col_received = received
report-col_due = legal due date
report-col_extension = extended to
report-col_answered = answered
report-col_days = business days
report-col_within = within term
report-col_assignee = assignee
report-yes = yes
report-no = no
report-sum_type = type
report-sum_total = PQRs
report-sum_answered = answered
report-sum_within = within term
report-sum_late = late
report-sum_open = open
report-sum_share = % within term
report-total = Total
report-bad_period = helpdesk: --from must not be after --to.
report-written = { $n ->
        [one] { $n } PQR
       *[other] { $n } PQRs
    } written to { $path }.

## board

board-title = Dashboard · { $scope }
board-scope_mine = my figures
board-scope_desk = the whole desk
board-live = live
board-not_live = no live events
board-loading = Reading the figures…
board-clock_title = Legal clock by assignee · { $n } open
board-overdue = Overdue
board-due_today = Due today
board-due_soon = Due soon
board-in_time = In time
board-suspended = { $n } waiting on the requester (clock stopped)
board-unassigned = Unassigned
board-no_open = No open PQR.
board-trend_title = Last 30 days
board-received = Received { $n }
board-answered = Answered { $n }
board-in_term = Within term: { $within } of { $total }
board-in_term_none = Nothing answered in these days
board-pct = { $pct }%
board-funnel_title = Password resets, { $from } to { $to }
board-funnel_requested = Requested
board-funnel_sent = Sent
board-funnel_relayed = Relayed
board-funnel_bounced = Bounced
board-funnel_opened = Opened
board-funnel_changed = Changed
board-funnel_logged_in = Logged in
board-median = Median time to change: { $time }
board-median_none = Median time to change: no change
board-seconds = { $n ->
        [one] { $n } second
       *[other] { $n } seconds
    }
board-minutes = { $n ->
        [one] { $n } minute
       *[other] { $n } minutes
    }
board-hours = { $n ->
        [one] { $n } hour
       *[other] { $n } hours
    }
board-days = { $n ->
        [one] { $n } day
       *[other] { $n } days
    }
board-rules_title = Password rules that refused passwords
board-rules_none = No password refused in these days.
board-calls_title = Calls by outcome · { $n ->
        [one] { $n } call
       *[other] { $n } calls
    }
board-more = Tab: more panels
board-no_drill = This bar opens no list: only the legal clock bars lead to the PQRs.
board-drill_closest = The list has no «{ $state }» filter: showing the open PQRs of { $who }, most urgent first.

## ssh

ssh-no_pty = helpdesk: this server only serves the console; connect with a terminal (ssh -t).
ssh-no_commands = helpdesk: this server runs no commands; connect without one to open the console.
ssh-too_many = helpdesk: too many sessions on this server; try again in a moment.
ssh-too_many_yours = helpdesk: you already have too many sessions open; close one and try again.
ssh-no_portal = helpdesk: the portal is not configured correctly on this server; tell the administrator.
ssh-idle = helpdesk: the session was idle too long and has been closed.
ssh-revoked = helpdesk: your access was changed; connect again.
ssh-shutdown = helpdesk: the server is shutting down; connect again in a moment.

## conversation

conversation-queue_title = { $status ->
        [closed] Closed conversations
        [all] Conversations (all)
       *[other] Open conversations
    } · { $scope } ({ $n })
conversation-scope_all_chip = everyone's
conversation-scope_mine_chip = mine and unassigned
conversation-scope_all = Every conversation you may see.
conversation-scope_mine = Only yours and the unassigned.
conversation-live = ● live
conversation-none = No conversations in this view.
conversation-window_open = window open { $h ->
        [0] { $m } min
       *[other] { $h } h { $m } min
    }
conversation-window_left = { $h ->
        [0] { $m } min
       *[other] { $h } h { $m } min
    }
conversation-window_closed_short = closed
conversation-window_closed_long = window closed: templates only
conversation-no_window = email: no 24-hour window
conversation-window_closed = WhatsApp's 24-hour window is closed: only an approved template may be sent.
conversation-unassigned_short = —
conversation-mine_short = me
conversation-other_short = other
conversation-unassigned = unassigned
conversation-mine = assigned to me
conversation-other = assigned to another operator
conversation-status_open = open
conversation-status_closed = closed
conversation-user_linked = linked user (U)
conversation-user_unlinked = no user: U to find and link one
conversation-pqr = {" "}· PQR { $radicado }
conversation-inbound = INBOUND
conversation-outbound = OUTBOUND
conversation-media = [{ $kind } { $type }]
conversation-tick_queued = queued ◷
conversation-tick_sent = sent ✓
conversation-tick_delivered = delivered ✓✓
conversation-tick_read = read ✓✓ (seen)
conversation-tick_unknown = unknown state
conversation-tick_failed = failed ✗ (code { $code })
conversation-saved = Conversation updated.
conversation-changed = Someone changed the conversation; it was read again. Repeat your action if it still applies.
conversation-sent = Answer sent to { $name }.
conversation-radicated = Conversation filed: { $radicado }.
conversation-already_radicated = This conversation was already filed as a PQR.
conversation-subject_placeholder = Subject of the PQR
conversation-find_user = Find the person and press L to link them to the conversation.
conversation-nothing_to_link = No conversation is waiting to be linked: open one and press U.
conversation-closed_reply = The conversation is closed: reopen it with c to answer.

## ccol

ccol-unread = New
ccol-requester = Requester
ccol-channel = Channel
ccol-contact = Contact
ccol-window = Window
ccol-last = Last
ccol-assignee = Assigned

## msgkind

msgkind-text = text
msgkind-image = image
msgkind-audio = audio
msgkind-video = video
msgkind-document = document
msgkind-sticker = sticker
msgkind-location = location
msgkind-contacts = contacts
msgkind-template = template
msgkind-email = email
msgkind-unsupported = not supported
msgkind-unknown = not supported

## templates

templates-title = Approved templates
templates-none = The portal has no approved templates.
templates-missing = A value is missing from the conversation (file the PQR to have its radicado).

## radicate

radicate-title = File as a PQR
radicate-intro = The thread is the PQR's body; the legal term runs from the first message.
radicate-type = Type
radicate-subject = Subject
radicate-subject_required = Write the subject.
