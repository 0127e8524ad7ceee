//! Front-matter dates: `2025-05-13`, `2025-05-13T09:00:00`, `2025-05-23T22:54:47Z` and
//! `2025-05-13T09:00:00+02:00` (a space instead of `T` also works). A date keeps the precision
//! it was written with, so templates print back what the author wrote.

use std::fmt;

use jiff::civil;
use jiff::fmt::temporal::Pieces;
use jiff::tz::Offset;

/// A date, optionally with a time of day and a UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The calendar date and time of day (midnight when no time was written).
    pub civil: civil::DateTime,
    /// Whether a time of day was written.
    pub has_time: bool,
    /// The UTC offset in seconds, when one was written (`Z` is 0).
    pub offset_seconds: Option<i32>,
}

impl Date {
    /// Parses a front-matter date, or says what forms are accepted.
    pub fn parse(input: &str) -> Result<Date, String> {
        let text = input.trim();
        let pieces = Pieces::parse(text).map_err(|_| format!("`{text}` is not a date"))?;
        if pieces.time_zone_annotation().is_some() {
            return Err(format!(
                "`{text}` names a time zone; write a UTC offset such as `+02:00` instead"
            ));
        }
        let time = pieces.time();
        let offset = pieces.offset().map(|o| o.to_numeric_offset().seconds());
        Ok(Date {
            civil: pieces
                .date()
                .to_datetime(time.unwrap_or(civil::Time::midnight())),
            has_time: time.is_some(),
            offset_seconds: offset,
        })
    }

    /// The moment this date names (UTC when no offset was written; midnight when no time).
    pub fn timestamp(&self) -> jiff::Timestamp {
        let offset = Offset::from_seconds(self.offset_seconds.unwrap_or(0)).unwrap_or(Offset::UTC);
        offset
            .to_timestamp(self.civil)
            .unwrap_or(jiff::Timestamp::MAX)
    }

    /// RFC 3339 with an offset (UTC assumed when none was written), for feeds and sitemaps.
    pub fn rfc3339(&self) -> String {
        let offset = Offset::from_seconds(self.offset_seconds.unwrap_or(0)).unwrap_or(Offset::UTC);
        let zoned = self
            .civil
            .to_zoned(jiff::tz::TimeZone::fixed(offset))
            .map(|z| z.timestamp().display_with_offset(offset).to_string());
        zoned.unwrap_or_else(|_| format!("{}Z", self.civil))
    }

    /// Formats with strftime directives (`%d %B %Y`).
    pub fn format(&self, format: &str) -> Result<String, String> {
        let mut tm = jiff::fmt::strtime::BrokenDownTime::from(self.civil);
        if let Some(secs) = self.offset_seconds
            && let Ok(offset) = Offset::from_seconds(secs)
        {
            tm.set_offset(Some(offset));
        }
        let mut out = String::new();
        tm.format(format, &mut out)
            .map_err(|e| format!("cannot format date with `{format}`: {e}"))?;
        Ok(out)
    }
}

impl fmt::Display for Date {
    /// Writes the date back at the precision it was given.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.civil.date();
        write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())?;
        if self.has_time {
            let t = self.civil.time();
            write!(f, "T{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())?;
            match self.offset_seconds {
                Some(0) => f.write_str("Z")?,
                Some(secs) => {
                    let sign = if secs < 0 { '-' } else { '+' };
                    let secs = secs.abs();
                    write!(f, "{sign}{:02}:{:02}", secs / 3600, secs % 3600 / 60)?;
                }
                None => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_documented_forms() {
        for (input, shown) in [
            ("2025-05-13", "2025-05-13"),
            ("2025-05-13T09:00:00", "2025-05-13T09:00:00"),
            ("2025-05-13 09:00:00", "2025-05-13T09:00:00"),
            ("2025-05-23T22:54:47Z", "2025-05-23T22:54:47Z"),
            ("2025-05-13T09:00:00+02:00", "2025-05-13T09:00:00+02:00"),
            ("2025-05-13T09:00:00-05:30", "2025-05-13T09:00:00-05:30"),
        ] {
            assert_eq!(Date::parse(input).unwrap().to_string(), shown, "{input}");
        }
    }

    #[test]
    fn rejects_non_dates_with_the_forms_listed() {
        let err = Date::parse("last tuesday").unwrap_err();
        assert_eq!(err, "`last tuesday` is not a date");
        assert!(Date::parse("2025-13-45").is_err());
    }

    #[test]
    fn rfc3339_assumes_utc_without_offset() {
        assert_eq!(
            Date::parse("2025-05-13").unwrap().rfc3339(),
            "2025-05-13T00:00:00+00:00"
        );
        assert_eq!(
            Date::parse("2025-05-13T09:00:00+02:00").unwrap().rfc3339(),
            "2025-05-13T09:00:00+02:00"
        );
    }

    #[test]
    fn formats_with_strftime() {
        let d = Date::parse("2025-05-03T09:00:00").unwrap();
        assert_eq!(d.format("%-d %B %Y").unwrap(), "3 May 2025");
    }

    #[test]
    fn orders_chronologically() {
        assert!(Date::parse("2024-12-31").unwrap() < Date::parse("2025-01-01").unwrap());
    }
}
