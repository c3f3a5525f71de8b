//! The PQR life cycle: which status may follow which. Pure, so the portal enforces it and the
//! console can show only the moves that will be accepted (`allowed_transitions` in the detail).

use contract::api::PqrStatus::{
    self, Cerrada, EnEsperaUsuario, EnTramite, Prorrogada, Radicada, Resuelta, Unknown,
};
use contract::api::ReplyChannel;

/// Statuses reachable from `from`. `cerrada` is final; `prorrogada` is reached once, by an
/// extension (supervisors only); leaving `en_espera_usuario` restarts the legal clock.
pub fn allowed_transitions(from: PqrStatus) -> &'static [PqrStatus] {
    match from {
        Radicada => &[EnTramite, EnEsperaUsuario, Prorrogada, Resuelta],
        EnTramite => &[EnEsperaUsuario, Prorrogada, Resuelta],
        EnEsperaUsuario => &[EnTramite, Resuelta, Cerrada],
        Prorrogada => &[EnEsperaUsuario, Resuelta],
        Resuelta => &[Cerrada, EnTramite],
        Cerrada | Unknown => &[],
    }
}

pub(crate) fn can_move(from: PqrStatus, to: PqrStatus) -> bool {
    allowed_transitions(from).contains(&to)
}

/// Whether the legal clock runs in this status (it does not once answered, nor while waiting).
pub(crate) fn is_open(status: PqrStatus) -> bool {
    matches!(status, Radicada | EnTramite | Prorrogada | EnEsperaUsuario)
}

/// The address a message to the requester goes to now, if it goes by email at all.
pub(crate) fn mail_to(channel: ReplyChannel, email: Option<&str>) -> Option<&str> {
    (channel == ReplyChannel::Correo)
        .then_some(email)
        .flatten()
        .filter(|e| e.contains('@'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_is_final_and_extension_happens_once() {
        for to in PqrStatus::ALL {
            assert!(!can_move(Cerrada, to));
            assert!(!can_move(to, to), "{to:?} to itself is not a move");
        }
        assert!(!can_move(Prorrogada, Prorrogada));
        assert!(can_move(EnTramite, Prorrogada));
        assert!(
            can_move(Resuelta, EnTramite),
            "a resolved PQR can be reopened"
        );
    }
}
