// The recorder thread: the one owner of the session store. The dispatcher hands it copies of
// what a session keeps (strides, cues, settings changes, events, raw sample blocks) through a
// bounded queue and never waits for the disk: when the queue is full (a slow fsync, a store
// locked by another program) the row is dropped and counted, in the status and in the
// session's summary. Sessions begin and end through the same queue, so every row lands in the
// session that was open when it was handed over. docs/daemon.md, docs/architecture.md.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "store/session_store.hpp"

namespace stridecue {

struct RecorderCounters {
  std::uint64_t rows_written = 0;    // rows and blocks the store took
  std::uint64_t rows_dropped = 0;    // strides, cues, settings, events: the queue was full
  std::uint64_t blocks_dropped = 0;  // raw sample blocks: the queue was full
  std::uint64_t write_errors = 0;    // rows the store refused (disk full, database locked …)
  std::size_t queued = 0;            // handed over, not yet written
  std::size_t queued_bytes = 0;      // of which raw samples
};

// Two budgets, so that a flood of raw blocks never costs a stride or a cue: rows (strides, cues,
// settings changes, events: small, precious, a few a second) are counted, blocks are weighed.
struct RecorderLimits {
  // Tens of minutes of strides, cues and events (a few a second) before one drops.
  std::size_t max_rows = 16384;
  // About 3 minutes of raw samples of a treadmill with EMG (2 plates × 8 channels at 1 kHz and
  // 16 EMG channels at 2 kHz, float32: ~190 kB/s).
  std::size_t max_bytes = std::size_t{32} << 20;
};

class Recorder {
 public:
  // Called on the recorder thread: the session begun, or why not.
  using Begun = std::function<void(const std::optional<SessionStart>&, const std::string& error)>;
  // Called on the recorder thread: the session ended (none: no session was open).
  using Ended = std::function<void(std::optional<std::int64_t> session_id)>;

  explicit Recorder(std::unique_ptr<SessionStore> store, RecorderLimits limits = {});
  ~Recorder();  // finish()
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  void start();
  // Writes everything handed over, commits and joins the thread. Safe to call twice.
  void finish();

  // Any thread; none waits on the disk. Sessions are never dropped. `layout` must outlive the
  // recorder.
  void begin_session(std::string runner_id, std::string config_json, const SourceLayout& layout,
                     Begun done);
  // Ends the open session with `summary`, to which the recorder adds what it dropped.
  void end_session(nlohmann::json summary, Ended done);
  void add_stride(StoredStride row);
  void add_cue(StoredCue row);
  void set_cue_audio_latency(std::int64_t cue_seq, std::int64_t receipt_to_audio_ns);
  void add_settings_change(StoredSettingsChange row);
  void add_event(StoredEvent row);
  // Copies the block's samples.
  void add_block(const SampleBlock& block);

  RecorderCounters counters() const;
  const std::string& path() const { return path_; }

 private:
  struct Begin {
    std::string runner_id, config_json;
    const SourceLayout* layout;
    Begun done;
  };
  struct End {
    nlohmann::json summary;
    std::uint64_t rows_dropped, blocks_dropped;  // in this session
    Ended done;
  };
  struct CueAudio {
    std::int64_t seq, receipt_to_audio_ns;
  };
  struct Block {
    std::uint16_t stream;
    std::int64_t first_sample, receipt_ns;
    std::size_t frames, channels;
    std::vector<float> samples;
  };
  using Item = std::variant<Begin, End, StoredStride, StoredCue, CueAudio, StoredSettingsChange,
                            StoredEvent, Block>;

  // Under mutex_: whether a row (or a block of `bytes`) would go over its budget.
  bool full(std::size_t bytes, bool is_block) const;
  // Queues `item` unless its budget is spent (then counts it); sessions always go.
  void offer(Item item, std::size_t bytes, bool is_block);
  void run();
  void write(Item& item);
  void write_error(const char* what, const std::exception& e);

  std::unique_ptr<SessionStore> store_;
  const RecorderLimits limits_;
  const std::string path_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> queue_;
  std::size_t queued_bytes_ = 0;  // raw samples
  std::size_t queued_rows_ = 0;   // the rest, sessions aside
  bool finishing_ = false;
  RecorderCounters counters_;  // rows_written and write_errors are copied in by the thread
  std::uint64_t session_rows_dropped_ = 0, session_blocks_dropped_ = 0;

  // The recorder thread's own.
  std::optional<std::int64_t> session_;
  std::uint64_t session_write_errors_ = 0;
  std::uint64_t written_ = 0, errors_ = 0;
  std::thread thread_;
};

}  // namespace stridecue
