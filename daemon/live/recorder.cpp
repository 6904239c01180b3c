#include "live/recorder.hpp"
#include "realtime/thread_name.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstddef>

namespace stridecue {
namespace {

// How often an idle recorder looks whether the open transaction is due (commit_interval_s is
// 0.25 s by default: a kill -9 then loses at most ~0.3 s).
constexpr auto kIdleWait = std::chrono::milliseconds(50);

void log(const std::string& line) {
  fmt::print(stderr, "stridecued: recorder: {}\n", line);
}

}  // namespace

Recorder::Recorder(std::unique_ptr<SessionStore> store, RecorderLimits limits)
    : store_(std::move(store)), limits_(limits), path_(store_->path()) {}

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

void Recorder::offer(Item item, std::size_t bytes, bool is_block) {
  const bool control = std::holds_alternative<Begin>(item) || std::holds_alternative<End>(item);
  {
    std::lock_guard lock(mutex_);
    if (!control && full(bytes, is_block)) {
      ++(is_block ? counters_.blocks_dropped : counters_.rows_dropped);
      ++(is_block ? session_blocks_dropped_ : session_rows_dropped_);
      return;
    }
    if (auto* end = std::get_if<End>(&item)) {
      end->rows_dropped = session_rows_dropped_;
      end->blocks_dropped = session_blocks_dropped_;
      session_rows_dropped_ = session_blocks_dropped_ = 0;
    }
    queue_.push_back(std::move(item));
    if (is_block) {
      queued_bytes_ += bytes;
    } else if (!control) {
      ++queued_rows_;
    }
  }
  wake_.notify_one();
}

void Recorder::begin_session(std::string runner_id, std::string config_json,
                             const SourceLayout& layout, Begun done) {
  offer(Begin{std::move(runner_id), std::move(config_json), &layout, std::move(done)}, 0, false);
}

void Recorder::end_session(nlohmann::json summary, Ended done) {
  offer(End{std::move(summary), 0, 0, std::move(done)}, 0, false);
}

void Recorder::add_stride(StoredStride row) {
  offer(std::move(row), 0, false);
}

void Recorder::add_cue(StoredCue row) {
  offer(std::move(row), 0, false);
}

void Recorder::set_cue_audio_latency(std::int64_t cue_seq, std::int64_t receipt_to_audio_ns) {
  offer(CueAudio{cue_seq, receipt_to_audio_ns}, 0, false);
}

void Recorder::add_settings_change(StoredSettingsChange row) {
  offer(std::move(row), 0, false);
}

void Recorder::add_event(StoredEvent row) {
  offer(std::move(row), 0, false);
}

void Recorder::add_block(const SampleBlock& block) {
  const std::size_t count = block.frames * block.channels;
  const std::size_t bytes = count * sizeof(float);
  {
    // Looked at before copying: a recorder that is behind costs the dispatcher no copy.
    std::lock_guard lock(mutex_);
    if (full(bytes, true)) {
      ++counters_.blocks_dropped;
      ++session_blocks_dropped_;
      return;
    }
  }
  Block copy{block.stream,
             block.first_sample,
             block.receipt_ns,
             block.frames,
             block.channels,
             std::vector<float>(block.samples.begin(),
                                block.samples.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                            count, block.samples.size())))};
  offer(std::move(copy), bytes, true);
}

RecorderCounters Recorder::counters() const {
  std::lock_guard lock(mutex_);
  RecorderCounters c = counters_;
  c.queued = queue_.size();
  c.queued_bytes = queued_bytes_;
  return c;
}

void Recorder::run() {
  for (;;) {
    std::deque<Item> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, kIdleWait, [&] { return !queue_.empty() || finishing_; });
      if (queue_.empty() && finishing_) break;
      batch.swap(queue_);
      queued_bytes_ = 0;
      queued_rows_ = 0;
    }
    for (Item& item : batch)
      write(item);
    try {
      store_->commit_if_due();
    } catch (const std::exception& e) {
      write_error("commit", e);
    }
    std::lock_guard lock(mutex_);
    counters_.rows_written = written_;
    counters_.write_errors = errors_;
  }
  try {
    store_->commit();
  } catch (const std::exception& e) {
    write_error("commit", e);
  }
  std::lock_guard lock(mutex_);
  counters_.rows_written = written_;
  counters_.write_errors = errors_;
}

void Recorder::write_error(const char* what, const std::exception& e) {
  // A full disk fails every row: the first error says why, then one line per thousand.
  if (errors_ % 1000 == 0)
    log(fmt::format("{} failed ({} so far): {}", what, errors_ + 1, e.what()));
  ++errors_;
  ++session_write_errors_;
}

void Recorder::write(Item& item) {
  if (auto* begin = std::get_if<Begin>(&item)) {
    std::optional<SessionStart> started;
    std::string error;
    try {
      started = store_->begin_session(begin->runner_id, begin->config_json, *begin->layout);
      session_ = started->id;
      session_write_errors_ = 0;
    } catch (const std::exception& e) {
      error = fmt::format("session store {}: {}", path_, e.what());
      write_error("beginning a session", e);
    }
    if (begin->done) begin->done(started, error);
    return;
  }
  if (auto* end = std::get_if<End>(&item)) {
    const std::optional<std::int64_t> ended = session_;
    if (session_) {
      end->summary["recorder"] = {{"rows_dropped", end->rows_dropped},
                                  {"blocks_dropped", end->blocks_dropped},
                                  {"write_errors", session_write_errors_}};
      try {
        store_->end_session(*session_, end->summary.dump());
      } catch (const std::exception& e) {
        write_error("ending the session", e);
      }
      session_.reset();
    }
    if (end->done) end->done(ended);
    return;
  }
  if (!session_) return;  // between sessions: streamed, not recorded
  const std::int64_t id = *session_;
  try {
    std::visit(
        [&](auto& row) {
          using T = std::decay_t<decltype(row)>;
          if constexpr (std::is_same_v<T, StoredStride>) {
            store_->add_stride(id, row);
          } else if constexpr (std::is_same_v<T, StoredCue>) {
            store_->add_cue(id, row);
          } else if constexpr (std::is_same_v<T, CueAudio>) {
            store_->set_cue_audio_latency(id, row.seq, row.receipt_to_audio_ns);
          } else if constexpr (std::is_same_v<T, StoredSettingsChange>) {
            store_->add_settings_change(id, row);
          } else if constexpr (std::is_same_v<T, StoredEvent>) {
            store_->add_event(id, row);
          } else if constexpr (std::is_same_v<T, Block>) {
            SampleBlock block;
            block.stream = row.stream;
            block.first_sample = row.first_sample;
            block.receipt_ns = row.receipt_ns;
            block.frames = row.frames;
            block.channels = row.channels;
            block.samples = row.samples;
            store_->add_block(id, block);
          }
        },
        item);
    ++written_;
  } catch (const std::exception& e) {
    write_error("writing a row", e);
  }
}

}  // namespace stridecue
