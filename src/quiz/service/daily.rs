//! The question of the day in the quiz service: `/quiz daily` (set, off, show), and the timer step that
//! posts each channel's question when its local time comes. A day's question is a one-question session, so
//! its answers, its reveal timer, its message and its buttons are those of a channel quiz; only its
//! posting, its reveal (streaks instead of scores) and its end (no results) differ.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::{CLAIM_LIMIT, Caller, Posting, QuestionRef, QuizService, option_id};
use crate::answer::{Answer, Button, Line};
use crate::buttons::ButtonId;
use crate::error::{CommandError, UserError};
use crate::knowledge::{QuizQuestion, Topic};
use crate::quiz::daily::pick::{Record, pick, seed};
use crate::quiz::daily::schedule::{self, Plan, parse_time, parse_zone, post_ms, time_text};
use crate::quiz::daily::{DailyRequest, DailySettings, ScheduleError, streaks, view};
use crate::quiz::store::{Channels, DailyPost, DailySchedule, DailyTake, DailyTaken, SessionRow};
use crate::quiz::tally::Tally;

/// How a day is written in a question's title: "Sun 29 March 2026".
const DAY_FORMAT: &str = "%a %-d %B %Y";
/// How a moment is written in the schedule's zone: "Sun 29 March 2026, 09:00 BST".
const MOMENT_FORMAT: &str = "%a %-d %B %Y, %H:%M %Z";
/// How a reveal's time is written under its question: "Sun 17:00 BST".
const REVEAL_FORMAT: &str = "%a %H:%M %Z";

impl From<ScheduleError> for CommandError {
    fn from(e: ScheduleError) -> Self {
        Self::Internal(Box::new(e))
    }
}

impl QuizService {
    /// Why this caller may not ask this of the question of the day here, if they may not: showing needs a
    /// server channel; setting or stopping it also needs an educator (Manage Messages or an educator role,
    /// whatever `quiz.open_to_all` says), and setting it a channel the bot can post in. Stopping posts
    /// nothing, so it is allowed where the bot has lost its permission to post. Each refusal names what
    /// was refused and what it needs.
    pub fn daily_refusal(&self, caller: &Caller, request: &DailyRequest) -> Option<UserError> {
        if caller.guild_id == super::DIRECT_MESSAGES {
            return Some(UserError::new(
                "The question of the day is posted in a server channel, for the team. /quiz practice works here.",
            ));
        }
        if let Some(refusal) = Self::no_channel_refusal(caller, Posting::Daily) {
            return Some(refusal);
        }
        let educator = |what: &str| {
            (!self.is_educator(caller)).then(|| {
                UserError::new(format!(
                    "{what} needs the Manage Messages permission or an educator role. /quiz daily alone shows the \
                     schedule."
                ))
            })
        };
        match request {
            DailyRequest::Show => None,
            DailyRequest::Off => educator("Stopping this channel's question of the day"),
            DailyRequest::Set(_) => educator("Setting this channel's question of the day (its time and time zone)")
                .or_else(|| self.posting_refusal(caller, Posting::Daily)),
        }
    }

    /// `/quiz daily`: set, stop or show this channel's question of the day.
    pub(super) async fn daily(&self, caller: &Caller, request: DailyRequest) -> Result<Answer, CommandError> {
        if let Some(refusal) = self.daily_refusal(caller, &request) {
            return Err(refusal.into());
        }
        match request {
            DailyRequest::Show => self.show_daily(caller).await,
            DailyRequest::Off => {
                if self.store.stop_daily(&caller.channel_id).await? {
                    tracing::info!(channel = %caller.channel_id, "question of the day stopped");
                    Ok(Answer::info("Question of the day stopped").block(
                        None,
                        vec![Line::plain(
                            "No more questions of the day in this channel. A question already posted is still \
                             revealed at its time; the streaks are kept.",
                        )],
                    ))
                } else {
                    Err(UserError::new("There is no question of the day in this channel.").into())
                }
            }
            DailyRequest::Set(settings) => self.set_daily(caller, settings).await,
        }
    }

    async fn set_daily(&self, caller: &Caller, settings: DailySettings) -> Result<Answer, CommandError> {
        if self.bank().of_topic(settings.topic).is_empty() {
            return Err(UserError::new("There are no questions for that topic yet.").into());
        }
        let zone = parse_zone(&settings.zone)?;
        let now = self.now_ms();
        let first = schedule::first_day(now, settings.time, &zone)?;
        let first_ms = post_ms(first, settings.time, &zone)?;
        let row = DailySchedule {
            channel_id: caller.channel_id.clone(),
            guild_id: caller.guild_id.clone(),
            created_by: caller.user_id.clone(),
            local_time: time_text(settings.time),
            time_zone: settings.zone.clone(),
            topic: settings.topic.map(|t| t.name().to_owned()),
            reveal_hours: settings.reveal_hours,
            next_day: first.to_string(),
            next_post_ms: first_ms,
        };
        self.store.set_daily(&row, self.now()).await?;
        tracing::info!(channel = %caller.channel_id, time = %row.local_time, zone = %row.time_zone, "question of the day set");
        let mut lines = describe(&row, &zone)?;
        lines.push(format!("Set by {}.", crate::quiz::view::member(&caller.user_id)));
        Ok(Answer::info("Question of the day set").block(None, lines.into_iter().map(Line::plain).collect()).block(
            None,
            vec![Line::plain("/quiz daily shows the schedule and the streaks; /quiz daily off:true stops it.")],
        ))
    }

    async fn show_daily(&self, caller: &Caller) -> Result<Answer, CommandError> {
        let row = self.store.daily(&caller.channel_id).await?;
        let results = self.store.daily_results(&caller.channel_id).await?;
        let all = streaks(&results);
        let mine = all.iter().find(|(m, _)| *m == caller.user_id).map_or(0, |(_, n)| *n);
        let Some(row) = row else {
            let how = "An educator sets one with /quiz daily time:09:00 timezone:Europe/London.";
            return Ok(view::schedule(None, (0, 0), mine, &all, how));
        };
        let zone = parse_zone(&row.time_zone)?;
        let lines = describe(&row, &zone)?;
        let pool = self.bank().of_topic(row.topic.as_deref().and_then(Topic::parse));
        let asked = self.asked_counts(&caller.channel_id).await?;
        let times: Vec<u32> = pool.iter().map(|q| asked.get(&q.id).copied().unwrap_or(0)).collect();
        let round = times.iter().copied().min().unwrap_or(0);
        let this_round = times.iter().filter(|t| **t > round).count();
        Ok(view::schedule(Some(&lines), (this_round, pool.len()), mine, &all, ""))
    }

    /// How often each question has been the question of the day in a channel.
    async fn asked_counts(&self, channel_id: &str) -> Result<BTreeMap<String, u32>, CommandError> {
        let mut asked: BTreeMap<String, u32> = BTreeMap::new();
        for day in self.store.daily_asked(channel_id).await? {
            *asked.entry(day.question_id).or_default() += 1;
        }
        Ok(asked)
    }

    /// One look for schedules whose question is due, in `channels`: each is taken by one instance, which
    /// posts the day's question (or skips a day that is over, by the missed-day rule of
    /// [`schedule::plan`]).
    pub(super) async fn post_due_dailies(&self, channels: Channels<'_>) {
        let now = self.now_ms();
        let due = match self.store.due_dailies(now, CLAIM_LIMIT, channels).await {
            Ok(due) => due,
            Err(e) => {
                tracing::error!(error = %e, "looking for due questions of the day failed");
                return;
            }
        };
        for row in due {
            if let Err(e) = self.take_day(&row, now).await {
                tracing::error!(channel = %row.channel_id, error = %e, "posting the question of the day failed");
            }
        }
    }

    async fn take_day(&self, row: &DailySchedule, now: i64) -> Result<(), CommandError> {
        let zone = parse_zone(&row.time_zone)?;
        let time = parse_time(&row.local_time)?;
        let due_day: Date = row.next_day.parse().map_err(|_| ScheduleError::Range(row.next_day.clone()))?;
        let Plan { post, next } = schedule::plan(due_day, now, time, &zone)?;
        let next_ms = post_ms(next, time, &zone)?;
        let (from_day, next_day) = (row.next_day.clone(), next.to_string());
        let mut take = DailyTake {
            channel_id: &row.channel_id,
            from_day: &from_day,
            next_day: &next_day,
            next_post_ms: next_ms,
            post: None,
        };
        let day_text = post.map(|d| d.to_string()).unwrap_or_default();
        let chosen = match post {
            Some(day) => self.choose(row, &day.to_string()).await?,
            None => None,
        };
        if post.is_some() && chosen.is_none() {
            tracing::warn!(channel = %row.channel_id, topic = ?row.topic, "no question of the day posted: the bank has no questions on its topic");
        }
        // The reveal comes after the schedule's hours, or with the next day's question if that is sooner.
        let reveal_due_ms = (now + i64::from(row.reveal_hours) * 3_600_000).min(next_ms);
        if let Some(q) = chosen {
            take.post = Some(DailyPost {
                day: &day_text,
                question_id: &q.id,
                seconds: u32::try_from((reveal_due_ms - now).max(0) / 1000).unwrap_or(u32::MAX),
                reveal_due_ms,
                now: now.div_euclid(1000),
            });
        }
        if post != Some(due_day) && next > due_day {
            tracing::warn!(channel = %row.channel_id, day = %due_day, "question of the day skipped: its day was over before the bot could post it");
        }
        match self.store.take_daily(&take).await? {
            DailyTaken::Lost => {}
            DailyTaken::Moved if post.is_some() => {
                tracing::info!(channel = %row.channel_id, day = %day_text, "this day's question was posted already");
            }
            DailyTaken::Moved => {}
            DailyTaken::Posted(session) => {
                let (Some(q), Some(day)) = (chosen, post) else { return Ok(()) };
                tracing::info!(channel = %row.channel_id, session, day = %day, question = %q.id, "question of the day posted");
                let reveal_at = schedule::local(reveal_due_ms, &zone)?.strftime(REVEAL_FORMAT).to_string();
                let day_label = day.strftime(DAY_FORMAT).to_string();
                let question = QuestionRef { session, index: 0 };
                let mut answer = view::question(q, &day_label, &reveal_at, |option| option_id(question, option));
                answer.buttons.push(Button::apart(
                    ButtonId::QuizReveal { session, question: 0 }.encode(),
                    "Reveal now (educator)",
                ));
                let _ = self.posts.send(super::ChannelPost::Message {
                    channel_id: row.channel_id.clone(),
                    answer,
                    question: Some(question),
                });
            }
        }
        Ok(())
    }

    /// The question for `day` in this schedule's channel, by [`pick`]: none twice in a round, weighted by
    /// the server's misses, seeded by channel and day.
    async fn choose(&self, row: &DailySchedule, day: &str) -> Result<Option<&QuizQuestion>, CommandError> {
        let pool = self.bank().of_topic(row.topic.as_deref().and_then(Topic::parse));
        let asked = self.asked_counts(&row.channel_id).await?;
        let records: BTreeMap<String, Record> = self
            .store
            .question_stats(&row.guild_id)
            .await?
            .into_iter()
            .map(|(id, answered, missed)| (id, Record { answered, missed }))
            .collect();
        Ok(pick(&pool, &asked, &records, seed(&row.channel_id, day)))
    }

    /// The reveal of a day's question, with the channel's streaks counted with it.
    pub(super) async fn daily_reveal(
        &self,
        session: &SessionRow,
        q: &QuizQuestion,
        tally: &Tally,
    ) -> Result<Answer, CommandError> {
        let results = self.store.daily_results(&session.channel_id).await?;
        Ok(view::reveal(&self.core.knowledge, q, tally, &streaks(&results)))
    }
}

/// The schedule in words: when, on what, when revealed, and the next question's moment in its zone.
fn describe(row: &DailySchedule, zone: &jiff::tz::TimeZone) -> Result<Vec<String>, ScheduleError> {
    let on = row.topic.as_deref().map_or_else(|| "every topic".to_owned(), str::to_owned);
    let next = schedule::local(row.next_post_ms, zone)?.strftime(MOMENT_FORMAT).to_string();
    Ok(vec![
        format!("Every day at {} ({}), one question on {on}.", row.local_time, row.time_zone),
        format!("Revealed {} h after it is posted, with the streaks.", row.reveal_hours),
        format!("Next: {next}."),
    ])
}
