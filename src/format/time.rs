//! Times as the operators read them: the wall clock of Bogotá, and «hace 3 min».

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::i18n::{Lang, trf};

fn bogota() -> TimeZone {
    // The bundled tz database always has it; a fixed UTC-5 (Colombia has no DST) is the fallback.
    TimeZone::get("America/Bogota").unwrap_or_else(|_| TimeZone::fixed(jiff::tz::offset(-5)))
}

/// `2026-03-02 09:05`, in Bogotá.
pub fn date_time(ts: Timestamp) -> String {
    ts.to_zoned_datetime(bogota())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// The calendar day in Bogotá.
pub fn today(now: Timestamp) -> jiff::civil::Date {
    now.to_zoned_datetime(bogota()).date()
}

/// `09:05`, in Bogotá.
pub fn clock_time(ts: Timestamp) -> String {
    ts.to_zoned_datetime(bogota()).strftime("%H:%M").to_string()
}

/// «hace 3 min», «en 12 min», «hace 2 h», «hace 5 d», «ahora».
pub fn relative(lang: Lang, ts: Timestamp, now: Timestamp) -> String {
    let secs = now.as_second() - ts.as_second();
    let (future, secs) = (secs < 0, secs.unsigned_abs());
    let (key, n) = match secs {
        0..60 => return crate::i18n::tr(lang, "time.now").to_string(),
        60..3600 => ("minutes", secs / 60),
        3600..86_400 => ("hours", secs / 3600),
        _ => ("days", secs / 86_400),
    };
    let key = format!("time.{}_{key}", if future { "in" } else { "ago" });
    trf(lang, &key, &[("n", &n.to_string())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bogota_wall_clock_and_relative_words() {
        let ts: Timestamp = "2026-03-02T14:05:00Z".parse().unwrap();
        assert_eq!(date_time(ts), "2026-03-02 09:05");
        let now: Timestamp = "2026-03-02T14:08:30Z".parse().unwrap();
        assert_eq!(relative(Lang::Es, ts, now), "hace 3 min");
        assert_eq!(relative(Lang::En, ts, now), "3 min ago");
        assert_eq!(relative(Lang::Es, now, ts), "en 3 min");
        assert_eq!(relative(Lang::Es, ts, ts), "ahora");
    }
}
