// The recorder thread: the one owner of the session store. The dispatcher hands it copies of
// what a session keeps (strides, cues, settings changes, events, raw sample blocks) through a
// bounded queue and never waits for the disk: when the queue is full (a slow fsync, a store
// locked by another program) the row is dropped and counted, in the status and in the
// session's summary. Sessions begin and end through the same queue, so every row lands in the
// session that was open when it was handed over. docs/daemon.md, docs/architecture.md.
//
// The recorder drains its queue every kDrainInterval (50 ms), and at once only when waited for
// (a session's begin or end) or when the queue passes a quarter of a budget: waking it for every
// row and block (~1000 a second) cost both threads more than the writes. Consecutive blocks are
// copied into one recycled run, so handing one over allocates nothing once the runs have grown.
//
// A store that fails (a full disk, a failing disk, docs/store.md "Faults") interrupts the
// recording, never the daemon: the open transaction is rolled back, and until the store takes
// a write again what comes is counted as lost rather than tried row by row; a write is retried
// after a backoff (0.25 s, doubling to 5 s), and the first that commits resumes the recording.
// Each change is a notice the main thread announces (stream, log, session); a session's end is
// kept and retried until it is written, so that a session is closed whatever happened. So is a
// session's beginning that the store refused, and the store's opening when the disk was full
// at start-up: the recording begins late rather than never.
#pragma once

#include <chrono>
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
  std::uint64_t write_errors = 0;    // writes the store refused (disk full, database locked …)
  std::uint64_t lost_rows = 0;       // strides, cues, settings, events not stored: store faults
  std::uint64_t lost_blocks = 0;     // raw sample blocks not stored: store faults
  std::uint64_t interruptions = 0;   // times the recording was interrupted
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
  // After a store fault, the first retry, doubling up to the last: a disk that fills stays full
  // for a while, and each try costs a rollback.
  double first_retry_s = 0.25;
  double max_retry_s = 5.0;
  // Raw-block retention (`store.raw_blocks_keep_days`, docs/store.md "Lifecycle"): the raw
  // sample blocks of ended sessions that started longer ago are removed at start and then every
  // `prune_interval_s`, on this thread, `prune_rows_per_step` rows per drain so that the queue
  // is served between steps. 0: kept forever.
  int raw_blocks_keep_days = 0;
  double prune_interval_s = 3600.0;
  int prune_rows_per_step = 256;
};

// Whether what the daemon hands over reaches the disk (GET /status "recording").
struct RecordingHealth {
  enum class State { idle, recording, interrupted };  // idle: no session open
  State state = State::idle;
  std::string reason;                             // interrupted: "disk full", "disk I/O error", …
  std::string error;                              // interrupted: the store's whole message
  std::chrono::steady_clock::time_point since{};  // interrupted since
  std::uint64_t lost_rows = 0, lost_blocks = 0;   // in this interruption
};
std::string_view to_string(RecordingHealth::State s);

// A change for the main thread to announce: the recording interrupted, or resumed (then
// `health` is the interruption that ended, and `interrupted_s` how long it lasted).
struct RecordingNotice {
  bool resumed = false;
  RecordingHealth health;
  double interrupted_s = 0.0;
};

class Recorder {
 public:
  // Called on the recorder thread: the session begun, or why not. When a failing store refused
  // it, called again with the session once a retry begins it (then `error` is empty).
  using Begun = std::function<void(const std::optional<SessionStart>&, const std::string& error)>;
  // Opens the store; throws as SessionStore's constructor does.
  using StoreOpener = std::function<std::unique_ptr<SessionStore>()>;
  // Called on the recorder thread: the session ended (none: no session was open).
  using Ended = std::function<void(std::optional<std::int64_t> session_id)>;

  explicit Recorder(std::unique_ptr<SessionStore> store, RecorderLimits limits = {});
  // Opens the store here, on the caller's thread: an error that is not a storage fault (not a
  // database, a newer schema) throws, as a config error would. A full or failing disk does
  // not: the recorder starts interrupted and opens the store when a retry succeeds. `path` is
  // the store's, for messages.
  Recorder(const StoreOpener& open, std::string path, RecorderLimits limits = {});
  ~Recorder();  // finish()
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // Before start() only (the thread then owns the store): `task` run here on the store, or
  // none while it is not open. Errors of the task are the caller's.
  template <typename Task>
  auto with_store_now(Task&& task) const
      -> std::optional<decltype(task(std::declval<SessionStore&>()))> {
    if (!store_) return std::nullopt;
    return task(*store_);
  }

  void start();
  // Writes everything handed over, commits and joins the thread. Safe to call twice.
  void finish();

  // Any thread; none waits on the disk. Sessions are never dropped. `layout` must outlive the
  // recorder.
  void begin_session(std::string runner_id, std::string config_json, const SourceLayout& layout,
                     Begun done);
  // Runs `task` on the recorder thread, in turn with the rows, with the store (null while it is
  // not open: a full disk at start-up). For what the API asks of the store (runners): the
  // task catches its own errors and replies through its own callback. Never dropped.
  using StoreTask = std::function<void(SessionStore*)>;
  void with_store(StoreTask task);
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
  RecordingHealth health() const;
  // Any thread (the main loop): the interruptions and resumptions since the last call.
  std::vector<RecordingNotice> take_notices();
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
  // Blocks handed over one after the other, with no other item between them.
  struct BlockRun {
    struct Head {
      std::uint16_t stream;
      std::int64_t first_sample, receipt_ns;
      std::size_t frames, channels;
      std::size_t samples;  // copied: frames × channels unless the block held fewer (a bug)
    };
    std::vector<Head> heads;
    std::vector<float> samples;  // the blocks' samples, one block after the other
  };
  struct Task {
    StoreTask run;
  };
  using Item = std::variant<Begin, End, Task, StoredStride, StoredCue, CueAudio,
                            StoredSettingsChange, StoredEvent, BlockRun>;

  // Under mutex_: whether a row (or a block of `bytes`) would go over its budget.
  bool full(std::size_t bytes, bool is_block) const;
  // Under mutex_: whether the queue has grown enough to drain it before the next interval.
  bool filling() const;
  // Queues `item` (not a block) unless its budget is spent (then counts it); sessions always go.
  void offer(Item item);
  // Under mutex_: queues the open run of blocks, if any, and opens an empty one.
  void close_run();
  using Clock = std::chrono::steady_clock;
  void run();
  void write(Item& item);
  void write_begin(Begin& begin);
  void write_end(End& end);
  void write_row(Item& item);
  void write_run(const BlockRun& run);
  // Stores one row or block through `add` (called with the session's id), with the faults'
  // bookkeeping.
  template <typename Add>
  void store_one(bool is_block, Add&& add);
  // Writes the session ends the store refused earlier, in order; whether none is left.
  bool retry_ends();
  // What a failing store refused, tried again when a retry is due: opening the store, a
  // session's beginning, sessions' ends.
  void retry_refused();
  // Begins `begin`'s session (`late`: a retry, whose losses so far stay the session's). None
  // with `error`, and `refused` when a failing store refused it (to be retried).
  std::optional<SessionStart> try_begin(const Begin& begin, bool late, std::string& error,
                                        bool& refused);
  // The store refused one row for its own sake (a constraint): counted and logged.
  void write_error(const char* what, const std::exception& e);
  // The store failed (full or failing disk, another program's lock): roll back, count what is
  // lost (`item`: the row or block it refused, if any), interrupt the recording or push the
  // next retry back.
  enum class Lost { nothing, row, block };
  void fault(const char* what, const std::exception& e, Lost item);
  // A write committed while interrupted: the recording resumes.
  void resume();
  bool retry_due() const { return interrupted_ && Clock::now() >= next_retry_; }
  // Retention: one step of removing old raw blocks when a pass is due or under way.
  void prune_if_due();
  void publish();              // copies the thread's counters and health for the other threads
  void log_recovered() const;  // the sessions the store closed for an earlier run, if any

  StoreOpener open_;                     // for a store that could not be opened at start
  std::unique_ptr<SessionStore> store_;  // null until it opens
  const RecorderLimits limits_;
  const std::string path_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> queue_;
  BlockRun open_run_;                 // blocks handed over since the last other item
  std::vector<BlockRun> spare_runs_;  // written runs, emptied, for their capacity
  std::size_t queued_bytes_ = 0;      // raw samples
  std::size_t queued_rows_ = 0;       // the rest, sessions aside
  std::size_t queued_items_ = 0;      // rows, blocks and sessions: RecorderCounters::queued
  bool urgent_ = false;               // someone waits: drain now
  bool finishing_ = false;
  RecorderCounters counters_;  // the write and loss counts are copied in by the thread
  std::uint64_t session_rows_dropped_ = 0, session_blocks_dropped_ = 0;

  RecordingHealth published_health_;
  std::vector<RecordingNotice> notices_;

  // The recorder thread's own.
  struct PendingEnd {
    std::int64_t session;
    std::string summary;
  };
  std::optional<std::int64_t> session_;
  // The session the main thread opened and a failing store refused: begun when a retry works.
  std::optional<Begin> refused_begin_;
  std::deque<PendingEnd> pending_ends_;  // refused by the store; retried until written
  std::uint64_t session_write_errors_ = 0, session_lost_rows_ = 0, session_lost_blocks_ = 0;
  std::uint64_t session_interruptions_ = 0;
  std::uint64_t written_ = 0, errors_ = 0, lost_rows_ = 0, lost_blocks_ = 0, interruptions_ = 0;
  // Written since the last commit: what a rollback takes with it.
  std::uint64_t uncommitted_rows_ = 0, uncommitted_blocks_ = 0;
  bool interrupted_ = false;
  RecordingHealth health_;  // while interrupted
  double retry_delay_s_ = 0.0;
  Clock::time_point next_retry_{};
  std::deque<Item> batch_;  // what the thread took from queue_, kept for its memory
  // Retention's own connection (store_maintenance.hpp), opened at the first pass.
  std::unique_ptr<SqliteConnection> maintenance_;
  Clock::time_point next_prune_{};  // the epoch: the first pass runs at start
  bool pruning_ = false;            // a pass is under way
  std::int64_t pruned_rows_ = 0;    // in this pass
  std::thread thread_;
};

}  // namespace stridecue
