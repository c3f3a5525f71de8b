### Catálogo en español (idioma por defecto, Project Fluent). Los mensajes y sus variables deben ser los mismos que en en.ftl.

## app

app-title = Mesa de ayuda

## conn

conn-no_operator = (sin operador)
conn-connecting = … conectando
conn-online = ● en línea
conn-offline = ○ sin conexión
conn-unauthorized = ✘ token rechazado
conn-back = ● De nuevo en línea.

## role

role-agent = agente
role-supervisor = supervisor
role-unknown = desconocido

## hint

hint-retry = { $key } reintenta.

## banner

banner-offline = ✘ Sin conexión con el portal; la consola vuelve a intentarlo sola.
banner-unauthorized = ✘ El portal rechazó su token. Renuévelo con «helpdesk login» y vuelva a abrir la consola.

## demo

demo-outbox = DEMO · los correos quedan en { $path }
demo-caller = DEMO · quien llama abre { $url } en un navegador

## screen

screen-walk = Guía
screen-users = Usuarios
screen-pqr = PQR
screen-board = Tablero
screen-too_small = terminal demasiado pequeña ({ $w }×{ $h }); se necesitan al menos { $min_w }×{ $min_h }
screen-conversations = Conversaciones

## users

users-search_label = Buscar
users-search_placeholder = cédula, correo, nombre o celular
users-searching = buscando…
users-count = { $n ->
        [one] { $n } resultado
       *[other] { $n } resultados
    }
users-count_more = { $n }+ resultados
users-hint = Escriba la cédula, el correo, el nombre o el celular de quien llama. Tildes y mayúsculas no importan.
users-none = Ningún usuario coincide con «{ $q }».
users-never = nunca
users-loading = Cargando…
users-history_end = No hay más llamadas en esa dirección del historial.
users-call_timer = ◷ { $time }

## col

col-name = Nombre
col-email = Correo
col-document = Documento
col-kind = Tipo
col-status = Estado
col-last_login = Ingreso

## kind

kind-candidate = Candidato
kind-employee = Empleado
kind-unknown = Desconocido

## kind_letter

kind_letter-candidate = C
kind_letter-employee = E
kind_letter-unknown = ?

## status

status-active = Activa
status-locked = Bloqueada
status-disabled = Inactiva
status-pending_activation = Pendiente
status-unknown = Desconocido

## detail

detail-locked_until = Bloqueada hasta { $when }
detail-verification_locked = Verificación bloqueada hasta { $when }
detail-verified_until = Identidad verificada; puede desbloquear hasta { $when }
detail-email_bounced = El correo rebota: corríjalo con una PQR
detail-dates = Último enlace: { $link } · Contraseña cambiada: { $changed } · Creada: { $created }
detail-timeline = Historial (lo más reciente primero)
detail-no_events = Sin eventos.

## time

time-now = ahora
time-ago_minutes = hace { $n } min
time-ago_hours = hace { $n } h
time-ago_days = hace { $n } d
time-in_minutes = en { $n } min
time-in_hours = en { $n } h
time-in_days = en { $n } d

## rule

rule-too_short = tiene menos de 8 caracteres
rule-too_long = tiene más de 40 caracteres
rule-missing_lowercase = no tiene un carácter en minúscula
rule-missing_uppercase = no tiene un carácter en Mayúscula
rule-missing_digit = no tiene un carácter numérico
rule-missing_special = no tiene un carácter especial válido
rule-not_special = { $chars } no cuenta como carácter especial
rule-unknown = incumple una regla que esta consola no conoce

## reason

reason-mismatch = las dos contraseñas escritas no coinciden
reason-email_mismatch = el correo escrito no es el de la cuenta
reason-expired = el enlace ya había vencido
reason-already_used = el enlace ya se había usado
reason-unknown = motivo no indicado

## event

event-reset_requested = Pidió restablecer la contraseña («Enviar Correo»)
event-reset_link_sent = Enlace de restablecimiento enviado a { $email }
event-reset_email_bounced = El correo a { $email } rebotó
event-reset_link_opened = Abrió el enlace de restablecimiento
event-reset_attempt_failed = Contraseña nueva rechazada: { $why }
event-password_changed = Cambió la contraseña
event-login_succeeded = Ingresó al portal
event-login_failed = Ingreso fallido (contraseña incorrecta)
event-account_locked = Cuenta bloqueada hasta { $until }
event-account_unlocked = Cuenta desbloqueada
event-reset_links_voided = { $n ->
    [one] Se anuló el enlace pendiente
   *[other] Se anularon { $n } enlaces pendientes
}
event-verification_succeeded = Identidad verificada
event-verification_failed = Verificación de identidad fallida
event-verification_locked = Verificación bloqueada hasta { $until }
event-pqr_created = PQR { $radicado } radicada
event-pqr_updated = PQR { $radicado } actualizada ({ $status })
event-pqr_message_added = Mensaje en la PQR { $radicado }
event-call_outcome_recorded = Resultado de la llamada: { $outcome }. { $note }
event-mail_relayed = entregado al servidor de correo { $time }
event-mail_deferred = en cola: el servidor de correo no responde, reintento { $retry }
event-mail_deferred_code = en cola: el servidor de correo pidió esperar ({ $code }), reintento { $retry }
event-mail_failed = el servidor de correo lo rechazó ({ $code })
event-mail_failed_gave_up = no se pudo entregar en 24 h; se dejó de intentar
event-mail_bounced = rebotó: { $why } ({ $code })
event-mail_bounced_no_code = rebotó
event-conversation_message_received = Escribió por { $kind ->
        [email] correo
       *[other] WhatsApp
    }
event-conversation_message_sent = Respuesta en la conversación
event-conversation_delivery = Respuesta { $status ->
        [sent] enviada
        [delivered] entregada
        [read] leída
        [failed] no entregada
       *[other] actualizada
    }
event-conversation_updated = Conversación { $status ->
        [closed] cerrada
        [open] reabierta
        [assigned] asignada
        [linked] vinculada al usuario
        [radicated] radicada como PQR
       *[other] actualizada
    }
event-unknown = Evento que esta consola no conoce
event-by_operator = { $text } — { $name }

## mail

mail-line = { $purpose }: { $what }
mail-retry_at = a las { $time }
mail-retry_soon = en breve
mail-purpose_reset_link = Enlace de restablecimiento
mail-purpose_password_changed = Aviso de contraseña cambiada
mail-purpose_pqr_receipt = Acuse de la PQR
mail-purpose_pqr_extension = Aviso de prórroga de la PQR
mail-purpose_pqr_reply = Respuesta a la PQR
mail-purpose_pqr_resolution = Resolución de la PQR
mail-purpose_unknown = Correo
# A PQR's notice that could not go by WhatsApp: the internal note in its thread (issue 26).
notice-whatsapp_unsent = { $what }: no se envió por WhatsApp, { $reason }.
notice-whatsapp_off = WhatsApp no está conectado en este portal (--whatsapp)
notice-whatsapp_no_chat = el solicitante no ha escrito por WhatsApp y no hay conversación donde enviarlo; avísele por teléfono
notice-whatsapp_no_template = pasaron más de 24 horas desde su último mensaje y ninguna plantilla aprobada se llena solo con su nombre y el radicado
notice-whatsapp_too_long = tiene más de 4096 caracteres, el límite de WhatsApp; envíelo en partes
mail-status_mailbox_unknown = el buzón no existe
mail-status_domain_unknown = el dominio no existe
mail-status_mailbox_full = el buzón está lleno
mail-status_policy = rechazado por política
mail-status_mailbox_disabled = el buzón está desactivado
mail-status_mailbox_unavailable = el buzón no está disponible
mail-status_try_later = el servidor pidió intentar más tarde
mail-status_permanent = rechazo permanente
mail-status_temporary = falla temporal
mail-status_unknown = código desconocido
mail-state_queued = en cola, aún sin entregar al servidor de correo
mail-state_deferred = en cola ({ $why })
mail-state_relayed = entregado al servidor de correo { $time }
mail-state_failed = el servidor de correo lo rechazó ({ $code })
mail-state_failed_gave_up = no se pudo entregar; se dejó de intentar
mail-state_bounced = rebotó: { $why } ({ $code })
mail-state_bounced_no_code = rebotó
mail-state_unknown = estado desconocido
mail-last_link = Correo del último enlace: { $state }
mail-waiting_queued = aún no sale hacia el servidor de correo
mail-waiting_deferred = el servidor de correo no responde; reintento { $retry }
mail-still_queued = El último enlace sigue en cola ({ $why }): uno nuevo anula el anterior.

## action

action-walk = guía
action-next_step = siguiente
action-prev_step = anterior
action-branch = rama
action-explain = reglas
action-finish = terminar
action-create_pqr = PQR
action-go_users = usuarios
action-go_pqr = PQR
action-go_board = tablero
action-prev_pane = panel anterior
action-left = izquierda
action-right = derecha
action-refresh = actualizar
action-filter_status = estado
action-filter_type = tipo
action-filter_scope = mías/todas
action-filter_overdue = vencidas
action-filter_today = vencen hoy
action-sort_order = orden
action-assign_me = asignarme
action-assign = asignar a…
action-change_status = estado
action-note = nota
action-reply = responder
action-go_user = usuario
action-send = enviar
action-discard = descartar
action-quit = salir
action-help = ayuda
action-palette = comandos
action-search = buscar
action-down = bajar
action-up = subir
action-page_down = página abajo
action-page_up = página arriba
action-top = inicio
action-bottom = final
action-open = abrir
action-back = volver
action-next_pane = panel
action-verify = verificar
action-user_pqrs = sus PQR
action-caller_back = anterior
action-caller_forward = siguiente
action-resend = reenviar
action-unlock = desbloquear
action-revoke_links = anular enlaces
action-copy = copiar
action-retry = reintentar
action-confirm = aceptar
action-next_field = campo
action-prev_field = campo anterior
action-suspend = suspender

action-redraw = redibujar
action-go_conversations = conversaciones
action-templates = plantillas
action-close_conversation = cerrar/reabrir
action-radicate = radicar
action-link_conversation = vincular

## help

help-legend_users = Leyenda: tipo E empleado, C candidato · estado ● activa, ■ bloqueada, ○ inactiva, ◌ pendiente de activación.
help-walk = Guiar a quien llama por el restablecimiento, paso a paso, viendo su avance en vivo
help-next_step = Paso siguiente
help-prev_step = Paso anterior
help-branch = Elegir una rama del paso (lo que respondió quien llama)
help-explain = Explicador de las reglas de la contraseña
help-finish = Terminar la llamada y registrar el resultado
help-create_pqr = Radicar una PQR para este usuario, con las notas de la llamada
help-go_users = Pantalla de usuarios
help-go_pqr = Pantalla de PQR
help-go_board = Tablero: las cifras de la mesa de ayuda, en vivo
help-board_next_pane = Pasar al panel siguiente
help-prev_pane = Volver al panel anterior
help-left = La barra de la izquierda (fuera de los vencimientos: el panel anterior)
help-right = La barra de la derecha (fuera de los vencimientos: el panel siguiente)
help-board_open = Abrir las PQR de la barra de vencimientos seleccionada
help-refresh = Leer las cifras de nuevo ahora
help-filter_status = Filtrar por estado: abiertas, cada estado, todos (cambia en ciclo)
help-filter_type = Filtrar por tipo (cambia en ciclo)
help-filter_scope = Mías y sin asignar, mías, sin asignar o todas
help-filter_overdue = Solo las vencidas
help-filter_today = Solo las que vencen hoy
help-sort_order = Invertir el orden por fecha de vencimiento
help-assign_me = Asignarme esta PQR
help-assign = Asignar la PQR a un colega (supervisores: a cualquiera; agentes: a sí mismos)
help-change_status = Cambiar el estado (solo los cambios que el portal permite)
help-note = Escribir una nota INTERNA
help-reply = Escribir una respuesta PÚBLICA al solicitante
help-go_user = Ir al usuario vinculado
help-send = Enviar
help-discard = Descartar el borrador seleccionado
help-title = Ayuda: teclas de esta pantalla
help-escape_note = Sobre SSH, Esc espera un instante por si llega una tecla especial partida en dos.
help-quit = Salir de la consola
help-help = Mostrar u ocultar esta ayuda
help-palette = Paleta de comandos: pantallas, idioma, tema, salir
help-search = Ir al campo de búsqueda
help-down = Bajar una fila
help-up = Subir una fila
help-page_down = Bajar una página
help-page_up = Subir una página
help-top = Ir al inicio
help-bottom = Ir al final
help-open = Abrir el detalle de la fila seleccionada
help-back = Volver / cancelar
help-next_pane = Pasar al panel de detalle
help-verify = Verificar la identidad de quien llama (documento y fecha de nacimiento)
help-user_pqrs = Las PQR de este usuario, en todos los estados
help-caller_back = Volver a quien llamó antes en esta sesión (como «atrás» en un navegador)
help-caller_forward = Avanzar de nuevo a quien llamó después
help-resend = Reenviar el enlace para restablecer la contraseña
help-unlock = Desbloquear la cuenta (exige una verificación vigente)
help-revoke_links = Anular los enlaces de restablecimiento pendientes (quien llama no pidió el correo)
help-copy = Copiar el correo enmascarado al portapapeles (OSC 52, sirve sobre SSH)
help-retry = Reintentar la última acción que falló por conexión
help-confirm = Aceptar
help-next_field = Pasar al otro campo
help-prev_field = Volver al campo anterior
help-suspend = Suspender la consola (vuelva con fg)

help-redraw = Redibujar toda la pantalla
help-go_conversations = Conversaciones: WhatsApp y correo, en vivo
help-conversation_open = Abrir la conversación y su hilo
help-conversation_scope = Mostrar todas las conversaciones o solo las mías y las sin asignar
help-conversation_status = Mostrar las abiertas, las cerradas o todas
help-conversation_retry = Reintentar lo que falló; si nada falló, leer de nuevo
help-conversation_reply = Responder (dentro de la ventana de 24 h de WhatsApp; fuera de ella, una plantilla)
help-templates = Elegir una plantilla aprobada (la única respuesta posible con la ventana cerrada)
help-close_conversation = Cerrar la conversación (o reabrirla si está cerrada)
help-radicate = Radicar la conversación como PQR: el hilo es el cuerpo
help-conversation_user = Abrir el usuario vinculado (detalle e historial; la guía a una tecla); sin usuario, buscarlo para vincularlo
help-conversation_assign_me = Asignarme esta conversación
help-link_conversation = Vincular este usuario a la conversación que espera vínculo
help-template_send = Enviar la plantilla elegida
help-radicate_type = Cambiar el tipo de PQR (también ← →)

## help.context

help-context-users_search = Escribiendo en la búsqueda: las letras son texto.
help-context-users_list = Lista de resultados.
help-context-user_detail = Detalle del usuario y su historial.
help-context-pqr_search = Escribiendo en la búsqueda: las letras son texto.
help-context-pqr_list = Lista de PQR.
help-context-pqr_detail = Detalle de la PQR y su hilo.
help-context-walk = Guía de restablecimiento.
help-context-help = Ayuda.
help-context-palette = Paleta de comandos.
help-context-verify = Formulario de verificación.
help-context-confirm = Confirmación.
help-context-confirm_send = Confirmar el envío de una respuesta pública.
help-context-status_picker = Elija el nuevo estado con ↑ ↓ y Enter.
help-context-extension = Formulario de prórroga.
help-context-drafts = Borradores encontrados al iniciar.
help-context-editor = Editor: Enter es una nueva línea; «::» inserta una respuesta predefinida.
help-context-canned = Elija con ↑ ↓ y Enter.
help-context-create = Nueva PQR.
help-context-explainer = Explicador de reglas: lo escrito no se guarda.
help-context-outcome = Resultado de la llamada.
help-context-radicado = Radicado de la PQR.
help-context-assign = Asignar la PQR: a quién permite el portal.
help-context-board = Tablero: se actualiza solo con los eventos de la mesa de ayuda.
help-context-conversation_list = Conversaciones: primero las más antiguas sin respuesta y las ventanas que cierran antes.
help-context-conversation_thread = Hilo de la conversación: ◀ lo que escribió el solicitante, ▶ lo que respondió la mesa.
help-context-template_picker = Plantillas aprobadas: elija con ↑ ↓ y Enter.
help-context-radicate = Radicar la conversación como PQR.

## palette

palette-pqr = PQR: peticiones, quejas y reclamos
palette-board = Tablero de la mesa de ayuda (dashboard)
palette-title = Comandos
palette-nothing = Ningún comando coincide.
palette-users = Usuarios: buscar
palette-help = Ayuda
palette-lang_es = Idioma: español
palette-lang_en = Idioma: inglés (language English)
palette-theme_dark = Tema oscuro
palette-theme_light = Tema claro
palette-theme_mono = Tema sin color
palette-quit = Salir
palette-lang_changed = Idioma: español.
palette-conversations = Conversaciones: WhatsApp y correo

## verify

verify-title = Verificar identidad: { $name }
verify-intro = Escriba lo que dice quien llama. El portal responde si coincide; usted nunca ve los datos completos.
verify-document = Número de documento
verify-birth_date = Fecha de nacimiento
verify-document_placeholder = p. ej. 1017234567
verify-birth_placeholder = AAAA-MM-DD o DD/MM/AAAA
verify-bad_document = El número de documento debe tener entre 3 y 15 dígitos o letras.
verify-bad_date = Fecha no válida: use AAAA-MM-DD o DD/MM/AAAA.
verify-pending = Consultando al portal…
verify-matched = La identidad coincide.
verify-no_match = La identidad no coincide.
verify-matched_until = ✔ Coincide. Puede desbloquear la cuenta hasta las { $until }.
verify-no_match_left = ✘ No coincide. Intentos restantes: { $n }.
verify-locked_until = La verificación quedó bloqueada hasta { $when }.

## resend

resend-title = Reenviar enlace
resend-question = ¿Enviar a { $email } un enlace para restablecer la contraseña de { $name }?
resend-bounced_warning = Atención: los correos a esta dirección rebotan. Corrija el correo con una PQR.
resend-bounced_why = No se reenvía: los correos a esta dirección rebotan. Radique una PQR (c) para corregir el correo.
resend-sending = Enviando el enlace…
resend-sent = Enlace enviado a { $email }; vence a las { $expires }.
resend-wait = El portal pide esperar: podrá reenviar en { $s } s.

## unlock

unlock-title = Desbloquear cuenta
unlock-question = ¿Desbloquear la cuenta de { $name }?
unlock-not_locked = La cuenta no está bloqueada.
unlock-verify_first = Primero verifique la identidad de quien llama (v): el desbloqueo exige una verificación vigente.
unlock-sending = Desbloqueando…
unlock-done = Cuenta desbloqueada.

## revoke

revoke-sending = Anulando los enlaces pendientes…
revoke-done = { $n ->
    [one] Se anuló { $n } enlace pendiente: ya no sirve.
   *[other] Se anularon { $n } enlaces pendientes: ya no sirven.
}
revoke-none = No había enlaces pendientes que anular.

## quit
quit-title = Salir de la consola
quit-question = ¿Salir de todos modos?
quit-walk = Hay una llamada en curso con { $name }: la guía queda a medias.
quit-drafts = { $n ->
    [one] Queda { $n } texto sin enviar (guardado: se ofrece al volver).
   *[other] Quedan { $n } textos sin enviar (guardados: se ofrecen al volver).
}

## copy

copy-done = Copiado al portapapeles: { $text }

## retry

retry-running = Reintentando…

## error

error-unauthorized = El portal rechazó su token (vencido o revocado). Renuévelo con «helpdesk login».
error-forbidden = Su rol no permite esta acción.
error-not_found = No encontrado: quizá ya no existe.
error-rate_limited = Demasiadas solicitudes: espere { $s } s.
error-offline = Sin conexión con el portal.
error-server = El portal falló ({ $status }). Código de solicitud: { $id }.
error-verification_required = Primero verifique la identidad de quien llama (v).
error-verification_locked = La verificación de identidad está bloqueada por intentos fallidos.
error-account_disabled = La cuenta está inactiva: no admite esta acción.
error-address_bounced = El correo del usuario rebota: corríjalo con una PQR.
error-code_invalid = El portal no aceptó los datos: revise el formulario (solicitud { $id }).
error-code_conflict = El portal no lo permite en el estado actual: recargue y vuelva a intentar (solicitud { $id }).
error-code_account_locked = La cuenta está bloqueada por intentos fallidos.
error-code_busy = El portal está ocupado: espere un momento y reintente (solicitud { $id }).
error-code_invalid_credentials = Correo o contraseña no válidos.
error-code_precondition = Alguien cambió esto antes: recárguelo (solicitud { $id }).
error-code_too_large = El texto es demasiado largo para el portal (solicitud { $id }).
error-code_window_closed = Pasaron más de 24 horas desde el último mensaje de la persona: WhatsApp solo admite una plantilla aprobada (solicitud { $id }).
error-code_channel_unavailable = WhatsApp no está conectado en este portal: responda por otro canal o radique una PQR (solicitud { $id }).
error-code_other = El portal rechazó la solicitud (solicitud { $id }). Avise a soporte con ese código.
field_rule-required = Falta este dato.
field_rule-too_long = Es más largo de lo que el portal acepta.
field_rule-format = El portal no reconoce el formato.
field_rule-out_of_range = Está fuera del rango permitido.
field_rule-unknown_value = El portal no reconoce este valor.
field_rule-unknown = El portal no aceptó este dato.
error-decode = Respuesta inesperada del portal: { $detail }
error-too_large = La respuesta del portal supera { $limit }: no se leyó. Avise a soporte.
error-no_version = El portal no dio la versión (ETag) de esta PQR: recárguela antes de cambiarla.

## cli

cli-demo_starting = Preparando la demostración (portal de referencia con datos de ejemplo)…
cli-no_portal =
    helpdesk: no hay un portal configurado.
    Configúrelo con --portal-url, HELPDESK_PORTAL_URL o portal_url en { $config },
    o pruebe la demostración:  helpdesk demo
cli-no_token =
    helpdesk: no hay un token de operador.
    Guárdelo con «helpdesk login», o use --token, HELPDESK_TOKEN o HELPDESK_TOKEN_COMMAND.
cli-too_open =
    helpdesk: { $path } tiene permisos { $mode }: otros usuarios del servidor pueden leer su token.
    Arréglelo con:  chmod 600 { $path }
cli-login_prompt = Token de operador (no se muestra):{" "}
cli-login_saved = Token guardado en { $path } (permisos 0600).
cli-login_checked = El portal reconoce el token: { $name } ({ $role }).

## pqr

pqr-no_transitions = Esta PQR no admite cambios de estado.
pqr-no_user = Esta PQR no está vinculada a un usuario del portal.
pqr-saving = Guardando…
pqr-saved = PQR actualizada.
pqr-search_label = Buscar
pqr-search_placeholder = radicado, asunto, solicitante
pqr-scope_all = todas
pqr-scope_mine = mías
pqr-status_open = abiertas
pqr-scope_queue = mi cola
pqr-scope_none = sin asignar
pqr-scope_operator = de { $name }
pqr-scope_user = de { $name }
pqr-chip_overdue = vencidas
pqr-chip_today = vencen hoy
pqr-sort_desc = vence último
pqr-count = { $n } PQR
pqr-none = Ninguna PQR con estos filtros.
pqr-unassigned = sin asignar
pqr-assignee = Asignada a: { $name }
pqr-requester = Solicitante: { $name } · { $contact } · recibida { $received }
pqr-linked_user = Vinculada a un usuario del portal (U para verlo).
pqr-extension = Prórroga: { $reason }
pqr-reply_channel = Respuestas por: { $channel }
pqr-whatsapp_not_sent = sin conversación de WhatsApp: no le llegan
pqr-unreachable = sin contacto: las respuestas públicas no le llegan
pqr-thread = Hilo ({ $n } { $n ->
        [one] mensaje
       *[other] mensajes
    })
pqr-status_title = Cambiar estado
pqr-assign_title = Asignar { $radicado } a
pqr-confirm_final = ¿Marcar { $radicado } como «{ $status }»?
pqr-confirm_final_note = No se puede deshacer: Enter otra vez lo confirma, Esc vuelve a la lista.

## editor

editor-kept = Borrador guardado: vuelva a abrirlo con n o R.
editor-empty = El texto está vacío.
editor-sending = Enviando…
editor-sent_reply = Respuesta pública enviada en { $radicado }.
editor-sent_note = Nota interna agregada a { $radicado }.
editor-banner_public = PÚBLICA — la verá el solicitante
editor-banner_internal = INTERNA — solo para el equipo
editor-title = { $radicado }
editor-hint = Ctrl-S envía · Esc guarda el borrador · «::» respuestas predefinidas
editor-canned = Respuestas predefinidas
editor-confirm_public = ¿Enviar esta respuesta PÚBLICA en { $radicado }? El solicitante la recibirá.
editor-confirm_title = Confirmar respuesta pública
editor-unreachable_none = El solicitante no dejó contacto: esta respuesta queda en el hilo pero no le llegará. Llámelo o pídale un correo.
editor-unreachable_whatsapp = Eligió WhatsApp pero no ha escrito por ahí: la respuesta queda en el hilo sin llegarle; avísele por teléfono.

## drafts

drafts-new_pqr = Nueva PQR para { $name }
drafts-later = Los borradores siguen guardados.
drafts-title = Borradores sin enviar: Enter abre, d descarta, Esc después

## extension

extension-bad_date = Fecha no válida: use AAAA-MM-DD.
extension-short_reason = Explique el motivo (al menos 10 caracteres).
extension-title = Prórroga
extension-intro = La ley permite prorrogar una vez, informando el motivo y la nueva fecha (máximo el doble del plazo inicial).
extension-reason = Motivo
extension-date = Nueva fecha
extension-date_placeholder = AAAA-MM-DD
extension-dates = Vence el { $due }; la nueva fecha puede ser hasta el { $latest }.
extension-due_only = Vence el { $due }.

## conflict

conflict-status = Otro operador cambió el estado: { $from } → { $to }
conflict-assignee = Otro operador cambió la asignación: { $from } → { $to }
conflict-due = La fecha de vencimiento cambió: { $from } → { $to }
conflict-messages = { $n ->
        [one] { $n } mensaje nuevo en el hilo
       *[other] { $n } mensajes nuevos en el hilo
    }
conflict-reloading = Otro operador cambió esta PQR: se recargó; revise y repita su cambio.

## pqr_status

pqr_status-radicada = Radicada
pqr_status-en_tramite = En trámite
pqr_status-en_espera_usuario = En espera
pqr_status-prorrogada = Prorrogada
pqr_status-resuelta = Resuelta
pqr_status-cerrada = Cerrada
pqr_status-unknown = Desconocido

## pqr_type

pqr_type-peticion = Petición
pqr_type-queja = Queja
pqr_type-reclamo = Reclamo
pqr_type-sugerencia = Sugerencia
pqr_type-solicitud_informacion = Solicitud de información
pqr_type-consulta = Consulta
pqr_type-unknown = Otro

## pqr_type_short

pqr_type_short-peticion = Petición
pqr_type_short-queja = Queja
pqr_type_short-reclamo = Reclamo
pqr_type_short-sugerencia = Sugerencia
pqr_type_short-solicitud_informacion = Información
pqr_type_short-consulta = Consulta
pqr_type_short-unknown = —

## channel

channel-whatsapp = WhatsApp
channel-correo = correo
channel-web = web
channel-telefono = teléfono
channel-presencial = presencial
channel-unknown = otro

## reply_channel

reply_channel-correo = correo
reply_channel-whatsapp = WhatsApp
reply_channel-ninguno = ninguno
reply_channel-unknown = otro

## clock

clock-paused = en pausa
clock-stopped = —
clock-overdue = vencida hace { $n ->
        [one] { $n } día hábil
       *[other] { $n } días hábiles
    }
clock-overdue_short = { $n ->
        [one] vencida { $n } día
       *[other] vencida { $n } días
    }
clock-today = vence hoy
clock-today_short = vence hoy
clock-left = { $n ->
        [one] queda { $n } día hábil
       *[other] quedan { $n } días hábiles
    }
clock-left_short = { $n ->
        [one] { $n } día hábil
       *[other] { $n } días hábiles
    }
clock-due_on = vence el { $weekday } { $day } de { $month }
clock-due_was = venció el { $weekday } { $day } de { $month }

## weekday

weekday-1 = lunes
weekday-2 = martes
weekday-3 = miércoles
weekday-4 = jueves
weekday-5 = viernes
weekday-6 = sábado
weekday-7 = domingo

## month

month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre

## thread

thread-internal = INTERNA
thread-public = PÚBLICA
thread-requester = SOLICITANTE

## pcol

pcol-radicado = Radicado
pcol-type = Tipo
pcol-subject = Asunto
pcol-requester = Solicitante
pcol-status = Estado
pcol-assignee = Asignada
pcol-clock = Plazo

## create

create-kept = Borrador guardado: c sobre el usuario lo vuelve a abrir.
create-title = Nueva PQR para { $name }
create-subject_placeholder = asunto
create-default_subject = No puede ingresar a Mi Portal
create-notes_placeholder = Notas de la llamada: qué pidió, qué se intentó…
create-missing = Escriba el asunto y las notas.
create-type = Tipo
create-channel = Canal
create-subject = Asunto
create-notes = Notas
create-reply_channel = Responder por
create-no_contact = el usuario no tiene ese dato registrado
create-no_contact_error = El usuario no tiene registrado ese contacto: elija otro canal para las respuestas o «ninguno».
create-reply_whatsapp_note = Por WhatsApp aún no se envía nada: avísele por teléfono.
create-reply_none_note = Sin contacto: el acuse y las respuestas no le llegarán.
create-pending = Radicando…
create-hint = ← → cambian las opciones · Tab pasa de campo · Ctrl-S radica
create-done = PQR radicada. Lea este número a quien llama:
create-done_title = Radicado
create-due = Plazo legal para responder: { $due } ({ $date }), en { $n ->
    [one] { $n } día hábil
   *[other] { $n } días hábiles
}.
create-copied = Copiado al portapapeles (OSC 52). Enter o Esc cierra.

## outcome

outcome-note_placeholder = Nota sobre cómo terminó la llamada
outcome-recorded = Resultado de la llamada registrado.
outcome-title = ¿Cómo terminó la llamada?
outcome-note = Nota
outcome-pending = Registrando…
outcome-hint = ↑ ↓ eligen · Tab pasa a la nota · Ctrl-S registra
outcome-resuelto = resuelto
outcome-escalado_pqr = escalado a PQR
outcome-identidad_no_verificada = identidad no verificada
outcome-llamada_cortada = llamada cortada
outcome-unknown = otro

## walk

walk-no_script = No hay guía cargada.
walk-handoff_intro = Guía de restablecimiento hecha con quien llama:
walk-attempt_failed = Intentó una contraseña que no cumple las reglas: x abre el explicador.
walk-live_connecting = … conectando
walk-live_on = ● en vivo
walk-live_reconnecting = ○ reconectando
walk-progress = { $done }/{ $total } { $total ->
        [one] paso
       *[other] pasos
    }
walk-say = Diga:
walk-live_empty = Aún nada: aquí aparece lo que quien llama hace en el portal.
walk-live_title = En vivo en el portal

## explain

explain-title = Reglas de la contraseña
explain-field = Contraseña de prueba
explain-rules = La nueva contraseña debe tener:
explain-length = mínimo 8 caracteres y máximo 40
explain-lower = al menos un carácter en minúscula
explain-upper = al menos uno en Mayúscula
explain-digit = al menos uno numérico
explain-special = al menos 1 carácter especial, uno de estos:
explain-not_special = '@', '!' y '_' NO cuentan como caracteres especiales.
explain-last_attempt = Último intento de quien llama:
explain-privacy = Lo que se escribe aquí no se guarda, no se registra ni se envía. Nunca pida la contraseña a quien llama.

## report

report-col_radicado = radicado
report-col_type = tipo
report-col_channel = canal
report-col_status = estado
report-col_received = recibida
report-col_due = vencimiento legal
report-col_extension = prórroga hasta
report-col_answered = respondida
report-col_days = días hábiles
report-col_within = en término
report-col_assignee = responsable
report-yes = sí
report-no = no
report-sum_type = tipo
report-sum_total = PQR
report-sum_answered = respondidas
report-sum_within = en término
report-sum_late = fuera de término
report-sum_open = abiertas
report-sum_share = % en término
report-total = Total
report-bad_period = helpdesk: --from debe ser anterior o igual a --to.
report-written = { $n ->
        [one] { $n } PQR escrita
       *[other] { $n } PQR escritas
    } en { $path }.

## board

board-title = Tablero · { $scope }
board-scope_mine = mis cifras
board-scope_desk = toda la mesa de ayuda
board-live = en vivo
board-not_live = sin eventos en vivo
board-loading = Leyendo las cifras…
board-clock_title = Vencimientos por asignado · { $n ->
        [one] { $n } abierta
       *[other] { $n } abiertas
    }
board-overdue = Vencidas
board-due_today = Vencen hoy
board-due_soon = Vencen pronto
board-in_time = A tiempo
board-suspended = { $n } en espera del usuario (reloj detenido)
board-unassigned = Sin asignar
board-no_open = Ninguna PQR abierta.
board-trend_title = Últimos 30 días
board-received = Recibidas { $n }
board-answered = Respondidas { $n }
board-in_term = Dentro del término: { $within } de { $total }
board-in_term_none = Nada respondido en estos días
board-pct = { $pct } %
board-funnel_title = Restablecimientos, { $from } a { $to }
board-funnel_requested = Solicitados
board-funnel_sent = Enviados
board-funnel_relayed = Entregados
board-funnel_bounced = Rebotados
board-funnel_opened = Abiertos
board-funnel_changed = Cambiadas
board-funnel_logged_in = Ingresaron
board-median = Mediana hasta el cambio: { $time }
board-median_none = Mediana hasta el cambio: ningún cambio
board-seconds = { $n ->
        [one] { $n } segundo
       *[other] { $n } segundos
    }
board-minutes = { $n ->
        [one] { $n } minuto
       *[other] { $n } minutos
    }
board-hours = { $n ->
        [one] { $n } hora
       *[other] { $n } horas
    }
board-days = { $n ->
        [one] { $n } día
       *[other] { $n } días
    }
board-rules_title = Reglas que rechazaron contraseñas
board-rules_none = Ninguna contraseña rechazada en estos días.
board-calls_title = Llamadas por resultado · { $n ->
        [one] { $n } llamada
       *[other] { $n } llamadas
    }
board-more = Tab: más paneles
board-no_drill = Esta barra no abre una lista: solo las de vencimientos llevan a las PQR.
board-drill_closest = La lista no filtra «{ $state }»: se muestran las PQR abiertas de { $who }, la más urgente primero.

## ssh

ssh-no_pty = helpdesk: este servidor solo sirve la consola; conéctese con una terminal (ssh -t).
ssh-no_commands = helpdesk: este servidor no ejecuta comandos; conéctese sin comando para abrir la consola.
ssh-too_many = helpdesk: hay demasiadas sesiones abiertas en este servidor; intente de nuevo en un momento.
ssh-too_many_yours = helpdesk: ya tiene demasiadas sesiones abiertas; cierre una e intente de nuevo.
ssh-no_portal = helpdesk: el portal no está bien configurado en este servidor; avise al administrador.
ssh-idle = helpdesk: la sesión estuvo inactiva demasiado tiempo y se cerró.
ssh-revoked = helpdesk: su acceso cambió; conéctese de nuevo.
ssh-shutdown = helpdesk: el servidor se está apagando; conéctese de nuevo en un momento.

## conversation

conversation-queue_title = { $status ->
        [closed] Conversaciones cerradas
        [all] Todas las conversaciones
       *[other] Conversaciones abiertas
    } · { $scope } ({ $n })
conversation-scope_all_chip = de todos
conversation-scope_mine_chip = mías y sin asignar
conversation-scope_all = Todas las conversaciones que puede ver.
conversation-scope_mine = Solo las suyas y las sin asignar.
conversation-live = ● en vivo
conversation-none = No hay conversaciones en esta vista.
conversation-window_open = ventana abierta { $h ->
        [0] { $m } min
       *[other] { $h } h { $m } min
    }
conversation-window_left = { $h ->
        [0] { $m } min
       *[other] { $h } h { $m } min
    }
conversation-window_closed_short = cerrada
conversation-window_closed_long = ventana cerrada: solo plantillas
conversation-no_window = correo: sin ventana de 24 h
conversation-window_closed = La ventana de 24 h de WhatsApp está cerrada: solo se puede enviar una plantilla aprobada.
conversation-unassigned_short = —
conversation-mine_short = yo
conversation-other_short = otro
conversation-unassigned = sin asignar
conversation-mine = asignada a mí
conversation-other = asignada a otro operador
conversation-status_open = abierta
conversation-status_closed = cerrada
conversation-user_linked = usuario vinculado (U)
conversation-user_unlinked = sin usuario: U para buscarlo y vincularlo
conversation-pqr = {" "}· PQR { $radicado }
conversation-inbound = ENTRANTE
conversation-outbound = SALIENTE
conversation-media = [{ $kind } { $type }]
conversation-tick_queued = en cola ◷
conversation-tick_sent = enviado ✓
conversation-tick_delivered = entregado ✓✓
conversation-tick_read = leído ✓✓ (visto)
conversation-tick_unknown = estado desconocido
conversation-tick_failed = fallido ✗ (código { $code })
conversation-saved = Conversación actualizada.
conversation-changed = Alguien cambió la conversación; se leyó de nuevo. Repita su acción si aún aplica.
conversation-sent = Respuesta enviada a { $name }.
conversation-radicated = Conversación radicada: { $radicado }.
conversation-already_radicated = Esta conversación ya fue radicada como PQR.
conversation-subject_placeholder = Asunto de la PQR
conversation-find_user = Busque a la persona y pulse L para vincularla a la conversación.
conversation-nothing_to_link = Ninguna conversación espera vínculo: ábrala y pulse U.
conversation-closed_reply = La conversación está cerrada: reábrala con c para responder.

## ccol

ccol-unread = Nuevos
ccol-requester = Solicitante
ccol-channel = Canal
ccol-contact = Contacto
ccol-window = Ventana
ccol-last = Último
ccol-assignee = Asignada

## msgkind

msgkind-text = texto
msgkind-image = imagen
msgkind-audio = audio
msgkind-video = video
msgkind-document = documento
msgkind-sticker = sticker
msgkind-location = ubicación
msgkind-contacts = contactos
msgkind-template = plantilla
msgkind-email = correo
msgkind-unsupported = no soportado
msgkind-unknown = no soportado

## templates

templates-title = Plantillas aprobadas
templates-none = El portal no tiene plantillas aprobadas.
templates-missing = Falta un dato de la conversación (radique la PQR para tener el radicado).

## radicate

radicate-title = Radicar como PQR
radicate-intro = El hilo es el cuerpo de la PQR; el plazo legal corre desde el primer mensaje.
radicate-type = Tipo
radicate-subject = Asunto
radicate-subject_required = Escriba el asunto.
