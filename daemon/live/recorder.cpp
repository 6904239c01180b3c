#include "live/recorder.hpp"
#include "realtime/thread_name.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <utility>

#include "store/store_maintenance.hpp"

namespace stridecue {
namespace {

// How often the recorder drains what was handed over and looks whether the open transaction is
// due (commit_interval_s is 0.25 s by default: a kill -9 then loses at most ~0.3 s).
constexpr auto kDrainInterval = std::chrono::milliseconds(50);
// Emptied runs of blocks kept for reuse: one being filled, one being written, a few spare.
constexpr std::size_t kSpareRuns = 4;

void log(const std::string& line) {
  fmt::print(stderr, "stridecued: recorder: {}\n", line);
}

// A full or failing disk, or another program's lock: the recording is interrupted and retried.
// Anything else is the row's own fault (a constraint): that row is refused, the rest go on.
bool storage_fault(const std::exception& e) {
  const auto* sqlite = dynamic_cast<const SqliteError*>(&e);
  return sqlite != nullptr && sqlite->storage_fault();
}

}  // namespace

Recorder::Recorder(std::unique_ptr<SessionStore> store, RecorderLimits limits)
    : store_(std::move(store)), limits_(limits), path_(store_->path()) {}

Recorder::Recorder(const StoreOpener& open, std::string path, RecorderLimits limits)
    : limits_(limits), path_(std::move(path)) {
  try {
    store_ = open();
    log_recovered();
  } catch (const std::exception& e) {
    if (!storage_fault(e)) throw;
    open_ = open;
    fault("opening the store", e, Lost::nothing);
    publish();
  }
}

void Recorder::log_recovered() const {
  if (const int closed = store_->sessions_recovered(); closed > 0)
    log(
        fmt::format("closed {} session(s) that an earlier run left open in {}, at their last "
                    "stored stride",
                    closed, path_));
}

Recorder::~Recorder() {
  finish();
}

void Recorder::start() {
  thread_ = std::thread([this] {
    name_this_thread("sc-recorder");
    run();
  });
}

void Recorder::finish() {
  {
    std::lock_guard lock(mutex_);
    finishing_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

bool Recorder::full(std::size_t bytes, bool is_block) const {
  return is_block ? queued_bytes_ + bytes > limits_.max_bytes : queued_rows_ >= limits_.max_rows;
}

bool Recorder::filling() const {
  return queued_bytes_ >= limits_.max_bytes / 4 || queued_rows_ >= limits_.max_rows / 4;
}

void Recorder::close_run() {
  if (open_run_.heads.empty()) return;
  queue_.push_back(std::move(open_run_));
  open_run_ = BlockRun{};
  if (!spare_runs_.empty()) {
    open_run_ = std::move(spare_runs_.back());
    spare_runs_.pop_back();
  }
}

void Recorder::offer(Item item) {
  const bool control = std::holds_alternative<Begin>(item) || std::holds_alternative<End>(item) ||
                       std::holds_alternative<Task>(item);
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (!control && full(0, false)) {
      ++counters_.rows_dropped;
      ++session_rows_dropped_;
      return;
    }
    if (auto* end = std::get_if<End>(&item)) {
      end->rows_dropped = session_rows_dropped_;
      end->blocks_dropped = session_blocks_dropped_;
      session_rows_dropped_ = session_blocks_dropped_ = 0;
    }
    close_run();  // the blocks before this item are written before it
    queue_.push_back(std::move(item));
    ++queued_items_;
    if (!control) ++queued_rows_;
    // A session's begin and end are waited for; rows wait for the next drain.
    wake = control || (!urgent_ && filling());
    if (wake) urgent_ = true;
  }
  if (wake) wake_.notify_one();
}

void Recorder::with_store(StoreTask task) {
  offer(Task{std::move(task)});
}

void Recorder::begin_session(std::string runner_id, std::string config_json,
                             const SourceLayout& layout, Begun done) {
  offer(Begin{std::move(runner_id), std::move(config_json), &layout, std::move(done)});
}

void Recorder::end_session(nlohmann::json summary, Ended done) {
  offer(End{std::move(summary), 0, 0, std::move(done)});
}

void Recorder::add_stride(StoredStride row) {
  offer(std::move(row));
}

void Recorder::add_cue(StoredCue row) {
  offer(std::move(row));
}

void Recorder::set_cue_audio_latency(std::int64_t cue_seq, std::int64_t receipt_to_audio_ns) {
  offer(CueAudio{cue_seq, receipt_to_audio_ns});
}

void Recorder::add_settings_change(StoredSettingsChange row) {
  offer(std::move(row));
}

void Recorder::add_event(StoredEvent row) {
  offer(std::move(row));
}

void Recorder::add_block(const SampleBlock& block) {
  const std::size_t count = std::min(block.frames * block.channels, block.samples.size());
  const std::size_t bytes = count * sizeof(float);
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (full(bytes, true)) {
      ++counters_.blocks_dropped;
      ++session_blocks_dropped_;
      return;
    }
    open_run_.heads.push_back(
        {block.stream, block.first_sample, block.receipt_ns, block.frames, block.channels, count});
    open_run_.samples.insert(open_run_.samples.end(), block.samples.begin(),
                             block.samples.begin() + static_cast<std::ptrdiff_t>(count));
    queued_bytes_ += bytes;
    ++queued_items_;
    wake = !urgent_ && filling();
    if (wake) urgent_ = true;
  }
  if (wake) wake_.notify_one();
}

RecorderCounters Recorder::counters() const {
  std::lock_guard lock(mutex_);
  RecorderCounters c = counters_;
  c.queued = queued_items_;
  c.queued_bytes = queued_bytes_;
  return c;
}

RecordingHealth Recorder::health() const {
  std::lock_guard lock(mutex_);
  return published_health_;
}

std::vector<RecordingNotice> Recorder::take_notices() {
  std::lock_guard lock(mutex_);
  return std::exchange(notices_, {});
}

std::string_view to_string(RecordingHealth::State s) {
  switch (s) {
    case RecordingHealth::State::idle: return "idle";
    case RecordingHealth::State::recording: return "recording";
    case RecordingHealth::State::interrupted: return "interrupted";
  }
  return "idle";
}

void Recorder::publish() {
  RecordingHealth h;
  if (interrupted_) {
    h = health_;
  } else {
    h.state = session_ ? RecordingHealth::State::recording : RecordingHealth::State::idle;
  }
  std::lock_guard lock(mutex_);
  counters_.rows_written = written_;
  counters_.write_errors = errors_;
  counters_.lost_rows = lost_rows_;
  counters_.lost_blocks = lost_blocks_;
  counters_.interruptions = interruptions_;
  published_health_ = std::move(h);
}

void Recorder::run() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, kDrainInterval, [&] { return urgent_ || finishing_; });
      urgent_ = false;
      close_run();
      if (queue_.empty() && finishing_) break;
      batch_.swap(queue_);
      queued_bytes_ = 0;
      queued_rows_ = 0;
      queued_items_ = 0;
    }
    retry_refused();  // first, so that this batch's rows land in a session that begins late
    for (Item& item : batch_)
      write(item);
    {
      std::lock_guard lock(mutex_);
      for (Item& item : batch_) {
        auto* run = std::get_if<BlockRun>(&item);
        if (run == nullptr || spare_runs_.size() >= kSpareRuns) continue;
        run->heads.clear();
        run->samples.clear();
        spare_runs_.push_back(std::move(*run));
      }
    }
    batch_.clear();
    if (!interrupted_) {
      try {
        if (store_->commit_if_due()) uncommitted_rows_ = uncommitted_blocks_ = 0;
      } catch (const std::exception& e) {
        fault("commit", e, Lost::nothing);
      }
    }
    prune_if_due();
    publish();
  }
  if (store_ && !interrupted_) {
    try {
      store_->commit();
      uncommitted_rows_ = uncommitted_blocks_ = 0;
    } catch (const std::exception& e) {
      fault("commit", e, Lost::nothing);
    }
  }
  // A session's end is what says it was not cut off by a crash: tried a few more times.
  for (int attempt = 0; attempt < 3 && !retry_ends(); ++attempt)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  for (const PendingEnd& end : pending_ends_) {
    log(fmt::format("session {} could not be closed ({}): it shows as open in {}", end.session,
                    health_.reason, path_));
  }
  publish();
}

void Recorder::prune_if_due() {
  if (limits_.raw_blocks_keep_days <= 0 || !store_ || interrupted_) return;
  if (!pruning_ && Clock::now() < next_prune_) return;
  try {
    // The maintenance connection writes next: the store's open transaction would lock it out.
    store_->commit();
    uncommitted_rows_ = uncommitted_blocks_ = 0;
  } catch (const std::exception& e) {
    fault("commit", e, Lost::nothing);
    return;
  }
  const auto next_pass = [&] {
    pruning_ = false;
    pruned_rows_ = 0;
    next_prune_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(limits_.prune_interval_s));
  };
  try {
    if (!maintenance_) {
      maintenance_ = std::make_unique<SqliteConnection>(
          path_, SqliteConnection::Mode::read_write_create, StoreOptions{}.busy_timeout_ms);
    }
    const std::int64_t removed = prune_raw_blocks_step(*maintenance_, limits_.raw_blocks_keep_days,
                                                       limits_.prune_rows_per_step);
    pruned_rows_ += removed;
    pruning_ = removed >= limits_.prune_rows_per_step;
    if (pruning_) return;
    if (pruned_rows_ > 0) {
      // The freed pages stay in the file, and the next blocks fill them: the file stops growing.
      log(
          fmt::format("retention: removed {} row(s) of raw sample blocks of sessions that started "
                      "more than {} day(s) ago (their steps, cues and summaries stay)",
                      pruned_rows_, limits_.raw_blocks_keep_days));
    }
    next_pass();
  } catch (const std::exception& e) {
    // Not a fault of the recording: the rows of the session are written all the same.
    log(fmt::format("retention: removing old raw sample blocks failed (tried again in {} s): {}",
                    limits_.prune_interval_s, e.what()));
    next_pass();
  }
}

void Recorder::write_error(const char* what, const std::exception& e) {
  // A bug fails every such row: the first error says why, then one line per thousand.
  if (errors_ % 1000 == 0)
    log(fmt::format("{} failed ({} so far): {}", what, errors_ + 1, e.what()));
  ++errors_;
  ++session_write_errors_;
}

void Recorder::fault(const char* what, const std::exception& e, Lost item) {
  if (store_) store_->abandon();
  const std::uint64_t rows = uncommitted_rows_ + (item == Lost::row ? 1 : 0);
  const std::uint64_t blocks = uncommitted_blocks_ + (item == Lost::block ? 1 : 0);
  written_ -= uncommitted_rows_ + uncommitted_blocks_;  // rolled back: not in the store after all
  uncommitted_rows_ = uncommitted_blocks_ = 0;
  lost_rows_ += rows;
  lost_blocks_ += blocks;
  session_lost_rows_ += rows;
  session_lost_blocks_ += blocks;
  ++errors_;
  ++session_write_errors_;
  health_.lost_rows += rows;
  health_.lost_blocks += blocks;
  if (!interrupted_) {
    interrupted_ = true;
    ++interruptions_;
    ++session_interruptions_;
    const auto* sqlite = dynamic_cast<const SqliteError*>(&e);
    health_.state = RecordingHealth::State::interrupted;
    health_.reason = sqlite ? sqlite->reason() : "store error";
    health_.error = e.what();
    health_.since = Clock::now();
    retry_delay_s_ = limits_.first_retry_s;
    log(
        fmt::format("recording interrupted, {} failed: {}; the engine and the cues go on, what "
                    "comes is counted as lost until the store takes writes again",
                    what, e.what()));
    std::lock_guard lock(mutex_);
    notices_.push_back({false, health_, 0.0});
  } else {
    retry_delay_s_ = std::min(retry_delay_s_ * 2.0, limits_.max_retry_s);
  }
  next_retry_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(retry_delay_s_));
}

void Recorder::resume() {
  if (!interrupted_) return;
  interrupted_ = false;
  const double lasted = std::chrono::duration<double>(Clock::now() - health_.since).count();
  log(fmt::format("recording resumed after {:.1f} s ({}): {} rows and {} sample blocks lost",
                  lasted, health_.reason, health_.lost_rows, health_.lost_blocks));
  {
    std::lock_guard lock(mutex_);
    notices_.push_back({true, health_, lasted});
  }
  health_ = {};
}

bool Recorder::retry_ends() {
  if (!store_) return pending_ends_.empty();
  while (!pending_ends_.empty()) {
    if (interrupted_) store_->shrink_journal();  // the room a full disk's WAL held
    try {
      store_->end_session(pending_ends_.front().session, pending_ends_.front().summary);
    } catch (const std::exception& e) {
      if (storage_fault(e)) {
        fault("ending a session", e, Lost::nothing);
        return false;
      }
      write_error("ending the session", e);  // would fail the same way again
    }
    uncommitted_rows_ = uncommitted_blocks_ = 0;
    pending_ends_.pop_front();
    resume();
  }
  return true;
}

void Recorder::write(Item& item) {
  if (auto* begin = std::get_if<Begin>(&item)) return write_begin(*begin);
  if (auto* end = std::get_if<End>(&item)) return write_end(*end);
  if (auto* task = std::get_if<Task>(&item)) return task->run(store_.get());
  write_row(item);
}

void Recorder::write_begin(Begin& begin) {
  // Sessions are never dropped: an earlier end first, then this one, even while interrupted.
  retry_ends();
  refused_begin_.reset();
  std::string error;
  bool refused = false;
  const std::optional<SessionStart> started = try_begin(begin, false, error, refused);
  publish();  // the status agrees with the reply
  if (begin.done) begin.done(started, error);
  if (refused) refused_begin_ = std::move(begin);  // its `done` hears again when it begins
}

std::optional<SessionStart> Recorder::try_begin(const Begin& begin, bool late, std::string& error,
                                                bool& refused) {
  refused = false;
  session_ = std::nullopt;
  if (!late) {
    session_write_errors_ = session_lost_rows_ = session_lost_blocks_ = 0;
    session_interruptions_ = 0;
  }
  if (!store_) {
    error = fmt::format("the store could not be opened ({}): {}", health_.reason, health_.error);
    refused = true;
    return std::nullopt;
  }
  if (interrupted_) store_->shrink_journal();
  try {
    const SessionStart started =
        store_->begin_session(begin.runner_id, begin.config_json, *begin.layout);
    uncommitted_rows_ = uncommitted_blocks_ = 0;
    session_ = started.id;
    resume();
    return started;
  } catch (const std::exception& e) {
    error = e.what();
    if (storage_fault(e)) {
      fault("beginning a session", e, Lost::nothing);
      refused = true;
    } else {
      write_error("beginning a session", e);
    }
    return std::nullopt;
  }
}

void Recorder::retry_refused() {
  if (!retry_due()) return;
  bool opened = false;
  if (!store_) {
    try {
      store_ = open_();
    } catch (const std::exception& e) {
      fault("opening the store", e, Lost::nothing);
      return;
    }
    log(fmt::format("the store {} is open", path_));
    log_recovered();
    opened = true;
  }
  if (!retry_ends()) return;
  if (!refused_begin_) {
    if (opened) resume();  // else a row's retry resumes it, in store_one
    return;
  }
  std::string error;
  bool refused = false;
  const std::optional<SessionStart> started = try_begin(*refused_begin_, true, error, refused);
  if (refused) return;  // still failing: fault() set the next retry
  Begin begin = std::move(*refused_begin_);
  refused_begin_.reset();
  if (started) {
    log(fmt::format("session {} began late, once the store took writes again", started->id));
    publish();  // the status agrees with the call
    if (begin.done) begin.done(started, std::string());
  }
}

void Recorder::write_end(End& end) {
  const std::optional<std::int64_t> ended = session_;
  refused_begin_.reset();  // a session the store never took has no end to write
  if (session_) {
    end.summary["recorder"] = {
        {"rows_dropped", end.rows_dropped},      {"blocks_dropped", end.blocks_dropped},
        {"write_errors", session_write_errors_}, {"lost_rows", session_lost_rows_},
        {"lost_blocks", session_lost_blocks_},   {"interruptions", session_interruptions_}};
    pending_ends_.push_back({*session_, end.summary.dump()});
    session_.reset();
    retry_ends();
  }
  publish();
  if (end.done) end.done(ended);
}

template <typename Add>
void Recorder::store_one(bool is_block, Add&& add) {
  if (!session_) {
    // Between sessions: streamed, not recorded. Unless the store refused the session's
    // beginning: then its rows are lost like any others, and the session says so if it begins.
    if (refused_begin_) {
      ++(is_block ? lost_blocks_ : lost_rows_);
      ++(is_block ? session_lost_blocks_ : session_lost_rows_);
      ++(is_block ? health_.lost_blocks : health_.lost_rows);
    }
    return;
  }
  if (interrupted_ && !retry_due()) {
    // The store failed moments ago: counted, not tried row by row (each try is a rollback).
    ++(is_block ? lost_blocks_ : lost_rows_);
    ++(is_block ? session_lost_blocks_ : session_lost_rows_);
    ++(is_block ? health_.lost_blocks : health_.lost_rows);
    return;
  }
  const bool retrying = interrupted_;
  if (retrying) store_->shrink_journal();
  bool taken = false;  // the store has it, uncommitted
  try {
    add(*session_);
    taken = true;
    ++written_;
    ++(is_block ? uncommitted_blocks_ : uncommitted_rows_);
    // The store commits inside add_* when one is due: then nothing is left to roll back.
    if (store_->pending_rows() == 0) uncommitted_rows_ = uncommitted_blocks_ = 0;
    if (retrying) {
      store_->commit();  // the recording resumes once a write is on disk, not in a transaction
      uncommitted_rows_ = uncommitted_blocks_ = 0;
      resume();
    }
  } catch (const std::exception& e) {
    if (!taken && !storage_fault(e)) {
      write_error("writing a row", e);  // this row only: the batch goes on
      return;
    }
    // Refused, or taken and then lost with its transaction's commit.
    const Lost lost = taken ? Lost::nothing : (is_block ? Lost::block : Lost::row);
    fault(retrying ? "retrying a write" : "writing a row", e, lost);
  }
}

void Recorder::write_row(Item& item) {
  if (const auto* run = std::get_if<BlockRun>(&item)) return write_run(*run);
  std::visit(
      [&](auto& row) {
        using T = std::decay_t<decltype(row)>;
        if constexpr (std::is_same_v<T, StoredStride>) {
          store_one(false, [&](std::int64_t id) { store_->add_stride(id, row); });
        } else if constexpr (std::is_same_v<T, StoredCue>) {
          store_one(false, [&](std::int64_t id) { store_->add_cue(id, row); });
        } else if constexpr (std::is_same_v<T, CueAudio>) {
          store_one(false, [&](std::int64_t id) {
            store_->set_cue_audio_latency(id, row.seq, row.receipt_to_audio_ns);
          });
        } else if constexpr (std::is_same_v<T, StoredSettingsChange>) {
          store_one(false, [&](std::int64_t id) { store_->add_settings_change(id, row); });
        } else if constexpr (std::is_same_v<T, StoredEvent>) {
          store_one(false, [&](std::int64_t id) { store_->add_event(id, row); });
        }
      },
      item);
}

void Recorder::write_run(const BlockRun& run) {
  std::size_t at = 0;
  for (const BlockRun::Head& head : run.heads) {
    const std::size_t count = head.samples;
    SampleBlock block;
    block.stream = head.stream;
    block.first_sample = head.first_sample;
    block.receipt_ns = head.receipt_ns;
    block.frames = head.frames;
    block.channels = head.channels;
    block.samples = std::span<const float>(run.samples.data() + at, count);
    at += count;
    store_one(true, [&](std::int64_t id) { store_->add_block(id, block); });
  }
}

}  // namespace stridecue
