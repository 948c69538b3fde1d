//! HTTP dates (RFC 9110, section 5.6.7), for `Retry-After`: the three formats a
//! recipient must accept, read into seconds since the Unix epoch.
//!
//! Written by hand rather than with the `httpdate` crate: `httpdate` checks a
//! date by converting it to a `SystemTime` and back, so both conversions and its
//! formatter were compiled in, 4.5 KB of the WebAssembly module (1.6 KB
//! gzipped) for one header. This reads the same formats with the same rules
//! (field ranges, the day within its month, a weekday that matches the date,
//! years 1970 to 9999, two-digit years below 70 in the 2000s); a property test
//! holds it to `httpdate` on every date it accepts.

/// Weekday names, Monday first (their first three letters are the short forms).
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: &[u8; 36] = b"JanFebMarAprMayJunJulAugSepOctNovDec";

/// The decimal number `b` spells (every byte a digit).
fn number(b: &[u8]) -> Option<u64> {
    b.iter().try_fold(0u64, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u64::from(c - b'0'))
    })
}

/// Seconds since the Unix epoch of an HTTP date, surrounding whitespace allowed:
/// `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate), `Sunday, 06-Nov-94 08:49:37 GMT`
/// (RFC 850) or `Sun Nov  6 08:49:37 1994` (asctime). `None` for anything else,
/// an impossible date among them.
pub(crate) fn parse(s: &str) -> Option<u64> {
    let s = s.trim().as_bytes();
    let short_day = |b: &[u8]| WEEKDAYS.iter().position(|w| &w.as_bytes()[..3] == b);
    // (weekday from Monday = 0, day, month name, year, "hh:mm:ss")
    let (weekday, day, month, year, time) = match s.len() {
        29 => {
            if &s[3..5] != b", "
                || s[7] != b' '
                || s[11] != b' '
                || s[16] != b' '
                || &s[25..] != b" GMT"
            {
                return None;
            }
            (
                short_day(&s[..3])?,
                number(&s[5..7])?,
                &s[8..11],
                number(&s[12..16])?,
                &s[17..25],
            )
        }
        24 => {
            if s[3] != b' ' || s[7] != b' ' || s[10] != b' ' || s[19] != b' ' {
                return None;
            }
            // The day is padded with a space: `Nov  6`.
            let day = number(if s[8] == b' ' { &s[9..10] } else { &s[8..10] })?;
            (
                short_day(&s[..3])?,
                day,
                &s[4..7],
                number(&s[20..24])?,
                &s[11..19],
            )
        }
        _ => {
            let weekday = WEEKDAYS.iter().position(|w| {
                s.strip_prefix(w.as_bytes())
                    .is_some_and(|r| r.starts_with(b", "))
            })?;
            let r = &s[WEEKDAYS[weekday].len() + 2..];
            if r.len() != 22 || r[2] != b'-' || r[6] != b'-' || r[9] != b' ' || &r[18..] != b" GMT"
            {
                return None;
            }
            let yy = number(&r[7..9])?;
            let year = yy + if yy < 70 { 2000 } else { 1900 };
            (weekday, number(&r[..2])?, &r[3..6], year, &r[10..18])
        }
    };
    let month = MONTHS.chunks(3).position(|m| m == month)?;
    if time[2] != b':' || time[5] != b':' {
        return None;
    }
    let (hour, minute, second) = (
        number(&time[..2])?,
        number(&time[3..5])?,
        number(&time[6..])?,
    );
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month];
    if !(1970..=9999).contains(&year)
        || !(1..=month_days).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let days = days_since_epoch(year, month as u64 + 1, day);
    // 1970-01-01 was a Thursday (3, counting from Monday).
    if (days + 3) % 7 != weekday as u64 {
        return None;
    }
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (year
/// 1970 or later, month 1 to 12), counting years from March so that the leap
/// day ends one.
fn days_since_epoch(year: u64, month: u64, day: u64) -> u64 {
    let (year, month) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let (era, year_of_era) = (year / 400, year % 400);
    let day_of_year = (153 * month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::parse;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn the_three_formats_of_one_moment() {
        let at = Some(784_111_777);
        assert_eq!(parse("Sun, 06 Nov 1994 08:49:37 GMT"), at);
        assert_eq!(parse("Sunday, 06-Nov-94 08:49:37 GMT"), at);
        assert_eq!(parse("Sun Nov  6 08:49:37 1994"), at);
        assert_eq!(parse("  Sun, 06 Nov 1994 08:49:37 GMT\t"), at);
    }

    #[test]
    fn impossible_dates_are_refused() {
        for bad in [
            "",
            "Mon, 06 Nov 1994 08:49:37 GMT", // a Sunday
            "Thu, 31 Apr 2025 00:00:00 GMT", // April has 30 days
            "Sat, 29 Feb 2025 00:00:00 GMT", // not a leap year
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:37 GMT",
            "Sun, 06 Nov 1994 08:49:60 GMT",
            "Wed, 31 Dec 1969 23:59:59 GMT", // before the epoch
            "Sun, 06 Xyz 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, +6 Nov 1994 08:49:37 GMT",
            "Funday, 06-Nov-94 08:49:37 GMT",
            "Sunday 06-Nov-94 08:49:37 GMT",
            "Sun Nov 6  08:49:37 1994",
            "Sün, 06 Nov 1994 08:49:37 GMT",
            "1994-11-06T08:49:37Z",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        // Leap days and the last second there is.
        assert!(parse("Thu, 29 Feb 2024 12:00:00 GMT").is_some());
        assert!(parse("Tue, 29 Feb 2000 12:00:00 GMT").is_some());
        assert_eq!(
            parse("Fri, 31 Dec 9999 23:59:59 GMT"),
            Some(253_402_300_799)
        );
        assert_eq!(parse("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        // Two-digit years: below 70 in the 2000s.
        assert_eq!(parse("Wednesday, 01-Jan-70 00:00:00 GMT"), None); // a Thursday
        assert_eq!(parse("Thursday, 01-Jan-70 00:00:00 GMT"), Some(0));
        assert!(parse("Friday, 01-Jan-27 00:00:00 GMT").is_some());
    }

    /// `httpdate`'s reading of `s`, in seconds since the epoch.
    fn theirs(s: &str) -> Option<u64> {
        let at = httpdate::parse_http_date(s).ok()?;
        Some(at.duration_since(UNIX_EPOCH).unwrap().as_secs())
    }

    /// The moment `secs` in the three formats.
    fn formats(secs: u64) -> [String; 3] {
        let imf = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(secs));
        let (weekday, day, month) = (&imf[..3], &imf[5..7], &imf[8..11]);
        let (year, time) = (&imf[12..16], &imf[17..25]);
        let long = super::WEEKDAYS.iter().find(|w| &w[..3] == weekday).unwrap();
        let asctime = format!(
            "{weekday} {month} {:>2} {time} {year}",
            day.trim_start_matches('0')
        );
        let rfc850 = format!("{long}, {day}-{month}-{} {time} GMT", &year[2..]);
        [imf, rfc850, asctime]
    }

    /// Moments from 1970 to 9999 (a stride that visits every weekday, month
    /// and time of day), in each format, read as `httpdate` reads them.
    #[test]
    fn every_format_agrees_with_httpdate() {
        let last = 253_402_300_799u64;
        for secs in (0..=last).step_by(2_534_023_007 / 1000).chain([last]) {
            let [imf, rfc850, asctime] = formats(secs);
            assert_eq!(parse(&imf), Some(secs), "{imf}");
            assert_eq!(parse(&asctime), Some(secs), "{asctime}");
            // Two-digit years: the moment itself between 1970 and 2069.
            assert_eq!(parse(&rfc850), theirs(&rfc850), "{rfc850}");
        }
    }

    /// Every date with one byte changed to any ASCII byte is read as `httpdate`
    /// reads it, or refused.
    #[test]
    fn a_changed_byte_is_never_read_differently() {
        // 2024-02-29 (a leap day), 1970-01-01, 2038-01-19, 9999-12-31.
        for secs in [1_709_208_000, 0, 2_147_483_647, 253_402_300_799] {
            for date in formats(secs) {
                for at in 0..date.len() {
                    for byte in 0u8..128 {
                        let mut s = date.clone().into_bytes();
                        s[at] = byte;
                        let s = String::from_utf8(s).unwrap();
                        let ours = parse(&s);
                        assert!(
                            ours.is_none() || ours == theirs(&s),
                            "{s:?}: {ours:?} {:?}",
                            theirs(&s)
                        );
                    }
                }
            }
        }
    }
}
