//! The debate clock: a prep phase, then a speaking phase, then over time. Pure: readings are
//! computed from times the caller passes in.

/// Prep and speaking time in seconds; 0 means that phase is untimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockSettings {
    pub prep_secs: u32,
    pub speak_secs: u32,
}

impl Default for ClockSettings {
    fn default() -> Self {
        ClockSettings {
            prep_secs: 30,
            speak_secs: 90,
        }
    }
}

impl ClockSettings {
    /// Longest phase a user may set: an hour is already far beyond any debate format.
    pub const MAX_SECS: u32 = 3600;

    pub fn is_untimed(self) -> bool {
        self.speak_secs == 0
    }
}

/// The names are the contract's `data-phase` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Prep,
    Speak,
    Over,
    /// No clock runs: untimed speaking.
    Off,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Prep => "prep",
            Phase::Speak => "speak",
            Phase::Over => "over",
            Phase::Off => "off",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockReading {
    pub phase: Phase,
    /// Whole seconds left in the current phase (rounded up), or seconds over time in `Over`.
    pub seconds: u32,
    /// Close to the end of the phase: the UI shows and announces it.
    pub warning: bool,
}

/// Seconds before the end of a phase at which the warning starts.
const SPEAK_WARNING_SECS: u32 = 15;
const PREP_WARNING_SECS: u32 = 5;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clock {
    pub settings: ClockSettings,
    pub started_at_ms: f64,
    /// When speaking began: the end of prep, or earlier if the student skipped the rest of prep.
    speaking_from_ms: Option<f64>,
}

impl Clock {
    pub fn start(settings: ClockSettings, now_ms: f64) -> Clock {
        Clock {
            settings,
            started_at_ms: now_ms,
            speaking_from_ms: None,
        }
    }

    /// Ends prep early.
    pub fn start_speaking(&mut self, now_ms: f64) {
        if self.reading(now_ms).phase == Phase::Prep {
            self.speaking_from_ms = Some(now_ms);
        }
    }

    fn speaking_from(&self) -> f64 {
        self.speaking_from_ms
            .unwrap_or(self.started_at_ms + f64::from(self.settings.prep_secs) * 1000.0)
    }

    pub fn reading(&self, now_ms: f64) -> ClockReading {
        let speaking_from = self.speaking_from();
        if now_ms < speaking_from {
            let seconds = seconds_up(speaking_from - now_ms);
            return ClockReading {
                phase: Phase::Prep,
                seconds,
                warning: seconds <= PREP_WARNING_SECS,
            };
        }
        if self.settings.is_untimed() {
            return ClockReading {
                phase: Phase::Off,
                seconds: 0,
                warning: false,
            };
        }
        let speaking_until = speaking_from + f64::from(self.settings.speak_secs) * 1000.0;
        if now_ms < speaking_until {
            let seconds = seconds_up(speaking_until - now_ms);
            ClockReading {
                phase: Phase::Speak,
                seconds,
                warning: seconds <= SPEAK_WARNING_SECS,
            }
        } else {
            ClockReading {
                phase: Phase::Over,
                seconds: seconds_down(now_ms - speaking_until),
                warning: true,
            }
        }
    }

    /// Whole seconds from the start of the drill to `now_ms`.
    pub fn elapsed_secs(&self, now_ms: f64) -> u32 {
        seconds_down(now_ms - self.started_at_ms)
    }
}

fn seconds_up(ms: f64) -> u32 {
    (ms / 1000.0).ceil().clamp(0.0, f64::from(u32::MAX)) as u32
}

fn seconds_down(ms: f64) -> u32 {
    (ms / 1000.0).floor().clamp(0.0, f64::from(u32::MAX)) as u32
}

/// What a screen reader should hear when the clock moves from `before` to `after`, if anything:
/// phase changes and the start of a warning, never every tick.
pub fn announcement(before: ClockReading, after: ClockReading) -> Option<String> {
    match (before.phase, after.phase) {
        // Joined, not format!: the clock's changes come while the student types, and the
        // first one would otherwise compile `core::fmt` then (docs/performance.md).
        (Phase::Prep, Phase::Speak) => Some(
            [
                "Prep is over. Speaking time: ",
                &format_duration(after.seconds),
                " left.",
            ]
            .concat(),
        ),
        (Phase::Prep, Phase::Off) => Some("Prep is over. Speaking is untimed.".to_string()),
        (Phase::Speak, Phase::Over) => Some("Time is up. You can still finish and submit.".to_string()),
        (same_before, same_after) if same_before == same_after && after.warning && !before.warning => {
            Some([format_duration(after.seconds).as_str(), " left."].concat())
        }
        _ => None,
    }
}

/// `1:05`, `0:09`.
pub fn format_duration(seconds: u32) -> String {
    let secs = seconds % 60;
    let pad = if secs < 10 { ":0" } else { ":" };
    [
        super::text::decimal(u64::from(seconds / 60)).as_str(),
        pad,
        super::text::decimal(u64::from(secs)).as_str(),
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(clock: &Clock, secs: f64) -> (Phase, u32) {
        let reading = clock.reading(secs * 1000.0);
        (reading.phase, reading.seconds)
    }

    #[test]
    fn runs_prep_then_speak_then_over() {
        let clock = Clock::start(
            ClockSettings {
                prep_secs: 30,
                speak_secs: 90,
            },
            0.0,
        );
        assert_eq!(at(&clock, 0.0), (Phase::Prep, 30));
        assert_eq!(at(&clock, 29.5), (Phase::Prep, 1));
        assert_eq!(at(&clock, 30.0), (Phase::Speak, 90));
        assert_eq!(at(&clock, 119.9), (Phase::Speak, 1));
        assert_eq!(at(&clock, 120.0), (Phase::Over, 0));
        assert_eq!(at(&clock, 125.5), (Phase::Over, 5));
    }

    #[test]
    fn skipping_prep_starts_speaking_now() {
        let mut clock = Clock::start(ClockSettings::default(), 0.0);
        clock.start_speaking(10_000.0);
        assert_eq!(at(&clock, 10.0), (Phase::Speak, 90));
        assert_eq!(at(&clock, 100.0), (Phase::Over, 0));
    }

    #[test]
    fn untimed_settings() {
        let off = Clock::start(
            ClockSettings {
                prep_secs: 0,
                speak_secs: 0,
            },
            0.0,
        );
        assert_eq!(at(&off, 5000.0), (Phase::Off, 0));
        let prep_only = Clock::start(
            ClockSettings {
                prep_secs: 10,
                speak_secs: 0,
            },
            0.0,
        );
        assert_eq!(at(&prep_only, 5.0).0, Phase::Prep);
        assert_eq!(at(&prep_only, 10.0).0, Phase::Off);
        let speak_only = Clock::start(
            ClockSettings {
                prep_secs: 0,
                speak_secs: 60,
            },
            0.0,
        );
        assert_eq!(at(&speak_only, 0.0), (Phase::Speak, 60));
    }

    #[test]
    fn announces_transitions_and_warnings_once() {
        let clock = Clock::start(
            ClockSettings {
                prep_secs: 30,
                speak_secs: 90,
            },
            0.0,
        );
        let read = |secs: f64| clock.reading(secs * 1000.0);
        assert_eq!(
            announcement(read(29.0), read(30.0)).as_deref(),
            Some("Prep is over. Speaking time: 1:30 left.")
        );
        assert_eq!(announcement(read(104.0), read(105.0)).as_deref(), Some("0:15 left."));
        assert_eq!(announcement(read(105.0), read(106.0)), None);
        assert_eq!(
            announcement(read(119.0), read(120.0)).as_deref(),
            Some("Time is up. You can still finish and submit.")
        );
        assert_eq!(announcement(read(50.0), read(51.0)), None);
    }
}
