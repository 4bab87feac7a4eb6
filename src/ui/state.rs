//! The app's state and the only way it changes: `AppState::reduce` on a closed set of `Action`s.
//! Components dispatch actions; browser effects (storage, time, ids) come in as action data, so
//! the reducer itself stays deterministic and testable.

use std::rc::Rc;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use yew::Reducible;

use crate::core::attempt::{Attempt, History, Rating};
use crate::core::clock::{Clock, ClockSettings};
use crate::core::deck::Deck;
use crate::core::drill::{UnknownEssay, draw_essay, requested_essay};
use crate::core::feedback::{self, Feedback};
use crate::core::params::LaunchOptions;
use crate::core::schedule::{DayWindow, Reason, Schedule};
use crate::core::summary::Summary;
use crate::core::text::word_count;
use crate::ui::components::pwa::{PwaAction, PwaShown};
use crate::ui::launch::{DeckChoice, DeckRejection, DeckSource, DeckStatus, built_in};
use crate::ui::lazy::Practice;

/// Which attempts the history view lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    pub essay_id: Option<String>,
    pub claim_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Drill,
    History,
    /// The deck in use: its positions, claims and clashes, and where it came from.
    Deck,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    /// Something went wrong and the user should act or know (role="alert").
    Error,
    /// Information (role="status").
    Info,
}

/// Something a notice offers to do about what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeOffer {
    ExportHistory,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: u32,
    pub level: NoticeLevel,
    pub text: String,
    pub offer: Option<NoticeOffer>,
}

/// Where the current drill stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    Writing,
    /// Submitted: the attempt is in the history and its feedback is shown.
    Reviewing {
        attempt_id: String,
        feedback: Rc<Feedback>,
    },
}

/// Whether the history in memory is safely stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    /// Changed since the last successful write; the persistence effect is writing it.
    Pending,
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct AppState {
    /// Bumped by every reduction: two states are equal exactly when they have the same revision,
    /// which keeps Yew's change detection O(1) however long the history grows.
    revision: u64,
    pub deck: Rc<Deck>,
    pub deck_source: DeckSource,
    /// The deck's JSON when it is not built in, so the user can ask to remember it.
    pub deck_json: Option<Rc<str>>,
    /// A deck the user asked for that could not be used, with its problems.
    pub deck_rejection: Option<DeckRejection>,
    pub options: LaunchOptions,
    /// The seeded generator's state, carried from draw to draw (`StdRng` is not `Clone`).
    rng_state: u64,
    pub essay_id: String,
    pub claim_id: String,
    /// Why the scheduler chose this claim.
    pub claim_reason: Reason,
    /// The student's time zone, minutes east of UTC: where their days begin.
    pub utc_offset_minutes: i32,
    pub draft: String,
    pub show_guide: bool,
    pub clock: Clock,
    pub stage: Stage,
    /// Shared with every render and only copied when changed: a keystroke must not copy it.
    pub history: Rc<History>,
    /// What start-up knew of the stored history while it is not read in full: start-up reads
    /// only the summary; the history arrives right after the drill is on screen
    /// (`Action::HistoryLoaded`, which drops the summary).
    summary: Option<Rc<Summary>>,
    pub save: SaveState,
    /// Bumped on every change the history needs written, so the persistence effect can run once per change.
    pub history_revision: u64,
    pub notices: Vec<Notice>,
    next_notice_id: u32,
    pub view: View,
    pub filter: HistoryFilter,
    pub confirming_clear: bool,
    /// Bumped when a new drill starts, so the UI can move focus to it.
    pub drill_number: u64,
    /// The practice module (`ui::lazy`) once it is loaded: submitting needs it.
    pub practice: Option<Practice>,
    /// Its last load failed (the next interaction tries again).
    pub practice_failed: bool,
    /// What the offline and update status shows.
    pub pwa: PwaShown,
}

/// What the app starts from: gathered by the browser edge.
pub struct Startup {
    pub deck: DeckChoice,
    pub rejection: Option<DeckRejection>,
    pub options: LaunchOptions,
    /// Seed for drills when the user gave none (from the browser's randomness).
    pub fallback_seed: u64,
    pub history: Rc<History>,
    /// Whether that stored history is in an outdated place (rows in localStorage, texts in the
    /// rows): then it is saved again at once, which moves it (see `storage::Loaded::outdated`).
    pub outdated: bool,
    /// The stored summary, when start-up did not read the history in full.
    pub summary: Option<Rc<Summary>>,
    pub notices: Vec<(NoticeLevel, String)>,
    pub now_ms: f64,
    pub utc_offset_minutes: i32,
    /// The practice module, if it is loaded already.
    pub practice: Option<Practice>,
}

/// Every change the UI can make.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    EditDraft(String),
    ToggleGuide,
    StartSpeaking {
        now_ms: f64,
    },
    SetClock {
        settings: ClockSettings,
        now_ms: f64,
    },
    Submit {
        attempt_id: String,
        now_ms: f64,
    },
    Rate {
        rating: Rating,
        now_ms: f64,
    },
    NextDrill {
        now_ms: f64,
    },
    NewPosition {
        now_ms: f64,
    },
    ShowView(View),
    DismissNotice(u32),
    Notify(NoticeLevel, String),
    /// Attempts written by another tab or found in storage while saving.
    MergeHistory(History),
    Saved {
        revision: u64,
    },
    SaveFailed(String),
    /// Attempts read from an export file the user picked; merged without duplicates.
    Import {
        history: History,
        unreadable: usize,
        file_name: String,
    },
    /// Storage was cleared after the user confirmed.
    Cleared,
    Filter(HistoryFilter),
    /// Rebuttal texts read from IndexedDB after start-up, by attempt id.
    TextsLoaded(Rc<std::collections::HashMap<String, String>>),
    /// Shows or hides the "delete all history?" confirmation.
    AskToClear(bool),
    /// Drill a deck the user loaded (already validated).
    UseDeck {
        choice: DeckChoice,
        now_ms: f64,
    },
    /// A deck the user asked for has problems or could not be had; the current deck stays.
    RejectDeck(DeckRejection),
    DismissDeckProblems,
    /// The stored history, read in full after start-up, with any problems reading it, and
    /// whether it is in an outdated place (then it is saved again, which moves it).
    HistoryLoaded {
        history: History,
        problems: Vec<String>,
        outdated: bool,
    },
    UseBuiltInDeck {
        now_ms: f64,
    },
    /// The practice module is loaded (`ui::lazy`).
    PracticeLoaded(Practice),
    /// The practice module could not be loaded.
    PracticeFailed,
    /// The service worker reported, or the student dismissed its message.
    Pwa(PwaAction),
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
    }
}

/// The notice for an `essay` option the deck does not have. Out of line: a start without that
/// mistake does not compile it.
#[cold]
#[inline(never)]
fn unknown_essay_notice(unknown: &UnknownEssay, id: usize) -> Notice {
    Notice {
        id: id as u32,
        level: NoticeLevel::Error,
        text: unknown.to_string(),
        offer: None,
    }
}

impl AppState {
    /// Runs `draw` with the seeded generator and moves the generator on.
    fn with_rng<T>(&mut self, draw: impl FnOnce(&Deck, &mut StdRng) -> T) -> T {
        let mut rng = StdRng::seed_from_u64(self.rng_state);
        let deck = Rc::clone(&self.deck);
        let result = draw(&deck, &mut rng);
        self.rng_state = rng.random();
        result
    }

    pub fn new(startup: Startup) -> AppState {
        let Startup {
            deck: DeckChoice { deck, source, json },
            rejection,
            options,
            fallback_seed,
            history,
            outdated,
            summary,
            notices,
            now_ms,
            utc_offset_minutes,
            practice,
        } = startup;
        let mut rng = StdRng::seed_from_u64(options.seed.unwrap_or(fallback_seed));
        let mut notices: Vec<Notice> = notices
            .into_iter()
            .enumerate()
            .map(|(id, (level, text))| Notice {
                offer: None,
                id: id as u32,
                level,
                text,
            })
            .collect();
        let essay_id = match options.essay.as_deref().map(|id| requested_essay(&deck, id)) {
            Some(Ok(essay)) => essay.id.clone(),
            Some(Err(unknown)) => {
                notices.push(unknown_essay_notice(&unknown, notices.len()));
                draw_essay(&deck, None, &mut rng).id.clone()
            }
            None => draw_essay(&deck, None, &mut rng).id.clone(),
        };
        let rng_state = rng.random();
        let next_notice_id = notices.len() as u32;
        let mut state = AppState {
            revision: 0,
            rng_state,
            clock: Clock::start(options.clock, now_ms),
            deck,
            deck_source: source,
            deck_json: json,
            deck_rejection: rejection,
            options,
            essay_id,
            claim_id: String::new(),
            claim_reason: Reason::New,
            utc_offset_minutes,
            draft: String::new(),
            show_guide: true,
            stage: Stage::Writing,
            history,
            summary,
            save: SaveState::Saved,
            history_revision: 0,
            notices,
            next_notice_id,
            view: View::Drill,
            filter: HistoryFilter::default(),
            confirming_clear: false,
            drill_number: 0,
            practice,
            practice_failed: false,
            pwa: PwaShown::Nothing,
        };
        state.draw_claim(now_ms);
        if outdated {
            state.history_changed();
        }
        state
    }

    /// Lets the scheduler choose the next opposing claim from the history.
    fn draw_claim(&mut self, now_ms: f64) {
        // Before the full history is read, the stored summary holds its cards, and the history
        // only the attempts made since: replayed on top, they give the same cards. Replaying
        // (FSRS) is the practice module's; without it the history is empty, since attempts
        // reach it only through the module (a submit, a read of the stored history).
        let stored = match &self.summary {
            Some(summary) => summary.schedule(&self.deck.id, &self.essay_id),
            None => Schedule::default(),
        };
        let schedule = match self.practice {
            Some(practice) => (practice.replay)(stored, &self.history, &self.deck.id, &self.essay_id),
            None => stored,
        };
        let today = DayWindow::around(now_ms, self.utc_offset_minutes);
        let essay_id = self.essay_id.clone();
        let avoid = std::mem::take(&mut self.claim_id);
        let choice = self.with_rng(|deck, rng| {
            schedule
                .choose(
                    deck,
                    &essay_id,
                    today,
                    Some(avoid.as_str()).filter(|id| !id.is_empty()),
                    rng,
                )
                .map(|choice| (choice.claim.id.clone(), choice.reason))
        });
        // A validated deck gives every essay an opposing claim; the fallback keeps the UI total.
        (self.claim_id, self.claim_reason) = choice.unwrap_or((avoid, Reason::Ahead));
    }

    fn start_drill(&mut self, now_ms: f64) {
        self.draw_claim(now_ms);
        self.draft.clear();
        self.stage = Stage::Writing;
        self.clock = Clock::start(self.clock.settings, now_ms);
        self.view = View::Drill;
        self.drill_number += 1;
    }

    fn notify(&mut self, level: NoticeLevel, text: String) {
        // The same message twice would only push the rest of the page down.
        if self.notices.iter().any(|notice| notice.text == text) {
            return;
        }
        self.notices.push(Notice {
            id: self.next_notice_id,
            level,
            text,
            offer: None,
        });
        self.next_notice_id += 1;
    }

    fn history_changed(&mut self) {
        self.history_revision += 1;
        self.save = SaveState::Pending;
    }

    /// The feedback for the current draft as it would be if submitted now.
    pub fn analyse(&self, text: &str) -> Option<Feedback> {
        let claim = self.deck.claim(&self.claim_id)?;
        let context = feedback::Context {
            deck: &self.deck,
            essay_id: &self.essay_id,
            claim,
            speak_secs: self.clock.settings.speak_secs,
        };
        Some(feedback::analyse(context, text))
    }

    fn submit(&mut self, attempt_id: String, now_ms: f64) {
        if self.stage != Stage::Writing || self.draft.trim().is_empty() {
            return;
        }
        // The editor loads the practice module before it submits; without it there is no feedback.
        let Some(feedback) = self.practice.and_then(|practice| (practice.analyse)(self)) else {
            return;
        };
        let reading = self.clock.reading(now_ms);
        let settings = self.clock.settings;
        let attempt = Attempt {
            id: attempt_id.clone(),
            deck_id: self.deck.id.clone(),
            essay_id: self.essay_id.clone(),
            claim_id: self.claim_id.clone(),
            text: self.draft.clone(),
            started_at_ms: self.clock.started_at_ms,
            submitted_at_ms: now_ms,
            utc_offset_minutes: Some(self.utc_offset_minutes),
            updated_at_ms: now_ms,
            prep_secs: settings.prep_secs,
            speak_secs: settings.speak_secs,
            seconds_spent: self.clock.elapsed_secs(now_ms),
            over_time: reading.phase == crate::core::clock::Phase::Over,
            words: u32::try_from(word_count(&self.draft)).unwrap_or(u32::MAX),
            verdicts: feedback.verdicts(),
            rating: None,
        };
        Rc::make_mut(&mut self.history).merge([attempt]);
        self.history_changed();
        self.stage = Stage::Reviewing {
            attempt_id,
            feedback: Rc::new(feedback),
        };
    }

    fn import(&mut self, incoming: History, unreadable: usize, file_name: &str) {
        let before = self.history.len();
        let changed = Rc::make_mut(&mut self.history).merge(incoming.attempts().iter().cloned());
        let added = self.history.len() - before;
        // `incoming` holds each id once, so whatever was not added was already here.
        let known = incoming.len() - added;
        let mut report = format!("Imported “{file_name}”: {added} new attempts, {known} already here.");
        if unreadable > 0 {
            report.push_str(&format!(" {unreadable} entries could not be read and were skipped."));
        }
        if changed {
            self.history_changed();
        }
        let level = if unreadable > 0 {
            NoticeLevel::Error
        } else {
            NoticeLevel::Info
        };
        self.notify(level, report);
    }

    /// Switches to another deck: a new position in it (the requested essay if the deck has it),
    /// a new claim, and the preview, so the author sees what students get. The history stays
    /// whole; views show the attempts of the deck in use.
    fn use_deck(&mut self, choice: DeckChoice, now_ms: f64) {
        let DeckChoice { deck, source, json } = choice;
        self.deck = deck;
        self.deck_source = source;
        self.deck_json = json;
        self.deck_rejection = None;
        let requested = self.options.essay.clone().filter(|id| self.deck.essay(id).is_some());
        self.essay_id = match requested {
            Some(id) => id,
            None => self.with_rng(|deck, rng| draw_essay(deck, None, rng).id.clone()),
        };
        self.claim_id.clear();
        self.start_drill(now_ms);
        self.view = View::Deck;
        let claims = self.deck.claims().count();
        let text = format!(
            "Now drilling “{}” ({} essays, {claims} claims) from {}.",
            self.deck.title,
            self.deck.essays.len(),
            self.deck_source.describe()
        );
        self.notify(NoticeLevel::Info, text);
    }

    /// Attempts recorded in all, stored and new, also before the history is read in full.
    pub fn attempt_count(&self) -> usize {
        match &self.summary {
            Some(summary) => summary.count + self.history.len(),
            None => self.history.len(),
        }
    }

    /// Whether `history` holds the whole stored history yet.
    pub fn history_loaded(&self) -> bool {
        self.summary.is_none()
    }

    /// The attempt under review, if any.
    pub fn reviewed_attempt(&self) -> Option<&Attempt> {
        match &self.stage {
            Stage::Reviewing { attempt_id, .. } => self.history.get(attempt_id),
            Stage::Writing => None,
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = Rc::unwrap_or_clone(self);
        state.revision += 1;
        match action {
            Action::EditDraft(text) => {
                if state.stage == Stage::Writing {
                    state.draft = text;
                }
            }
            Action::ToggleGuide => state.show_guide = !state.show_guide,
            Action::StartSpeaking { now_ms } => state.clock.start_speaking(now_ms),
            Action::SetClock { settings, now_ms } => state.clock = Clock::start(settings, now_ms),
            Action::Submit { attempt_id, now_ms } => state.submit(attempt_id, now_ms),
            Action::Rate { rating, now_ms } => {
                let id = state.reviewed_attempt().map(|attempt| attempt.id.clone());
                if let Some(id) = id {
                    if Rc::make_mut(&mut state.history).rate(&id, rating, now_ms) {
                        state.history_changed();
                    }
                }
            }
            Action::NextDrill { now_ms } => state.start_drill(now_ms),
            Action::NewPosition { now_ms } => {
                let current = state.essay_id.clone();
                state.essay_id = state.with_rng(|deck, rng| draw_essay(deck, Some(&current), rng).id.clone());
                state.start_drill(now_ms);
            }
            Action::ShowView(view) => state.view = view,
            Action::DismissNotice(id) => state.notices.retain(|notice| notice.id != id),
            Action::Notify(level, text) => state.notify(level, text),
            Action::MergeHistory(incoming) => {
                Rc::make_mut(&mut state.history).merge(incoming.attempts().iter().cloned());
            }
            Action::Saved { revision } => {
                if revision == state.history_revision {
                    state.save = SaveState::Saved;
                }
            }
            Action::SaveFailed(reason) => {
                let text = format!(
                    "Your practice could not be saved: {reason}. Nothing is lost while this page stays open: export your history now to keep a copy."
                );
                state.notify(NoticeLevel::Error, text);
                // Exporting is the practice module's too: offered once it is there.
                if let Some(notice) = state.notices.last_mut().filter(|_| state.practice.is_some()) {
                    notice.offer = Some(NoticeOffer::ExportHistory);
                }
                state.save = SaveState::Failed(reason);
            }
            Action::Import {
                history,
                unreadable,
                file_name,
            } => state.import(history, unreadable, &file_name),
            Action::Cleared => {
                state.confirming_clear = false;
                state.history = Rc::default();
                state.save = SaveState::Saved;
                state.stage = Stage::Writing;
                state.filter = HistoryFilter::default();
                state.notify(NoticeLevel::Info, "Your practice history was deleted.".to_string());
            }
            Action::Filter(filter) => state.filter = filter,
            Action::AskToClear(asking) => state.confirming_clear = asking,
            Action::UseDeck { choice, now_ms } => state.use_deck(choice, now_ms),
            Action::HistoryLoaded {
                history,
                problems,
                outdated,
            } => {
                // Attempts made meanwhile are already stored and stay; the stored ones join them.
                Rc::make_mut(&mut state.history).merge(history.attempts().iter().cloned());
                state.summary = None;
                for problem in problems {
                    state.notify(NoticeLevel::Error, problem);
                }
                if outdated {
                    state.history_changed();
                }
            }
            Action::RejectDeck(rejection) => state.deck_rejection = Some(rejection),
            Action::DismissDeckProblems => state.deck_rejection = None,
            Action::UseBuiltInDeck { now_ms } => {
                if let DeckStatus::Ready(choice) = built_in() {
                    state.use_deck(choice, now_ms);
                }
            }
            Action::PracticeLoaded(practice) => {
                state.practice = Some(practice);
                state.practice_failed = false;
            }
            Action::PracticeFailed => state.practice_failed = state.practice.is_none(),
            Action::Pwa(action) => state.pwa = state.pwa.after(action),
            Action::TextsLoaded(texts) => {
                Rc::make_mut(&mut state.history).fill_texts(&texts);
            }
        }
        Rc::new(state)
    }
}
