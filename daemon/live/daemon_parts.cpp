#include "live/daemon_parts.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdlib>

#include "api/control_server.hpp"
#include "audio/cue_player.hpp"
#include "live/block_channel.hpp"
#include "live/dispatcher.hpp"
#include "live/engine_loop.hpp"
#include "live/recorder.hpp"
#include "live/report_worker.hpp"
#include "live/runner_settings.hpp"
#include "live/session_control.hpp"
#include "live/settings_versions.hpp"
#include "live/source_feeder.hpp"
#include "report/stride_json.hpp"
#include "settings/runner_id.hpp"
#include "store/private_file.hpp"
#include "store/session_store.hpp"

namespace stridecue {
namespace {

void log(const std::string& line) {
  fmt::print(stderr, "stridecued: {}\n", line);
}

// The engine thread plays cues through this; it only touches the player's wait-free ring.
// Each cue is aimed at its contact + audio.cue_latency_ms (docs/audio.md).
class PlayerSound final : public CueSound {
 public:
  PlayerSound(CuePlayer& player, double latency_ms)
      : player_(player), latency_ns_(std::llround(latency_ms * 1e6)) {}
  void play(CueKind kind, std::uint64_t seq, std::int64_t decided_ns,
            std::int64_t contact_ns) override {
    const bool aimed = latency_ns_ > 0 && contact_ns > 0;
    player_.trigger(kind, seq, decided_ns, aimed ? contact_ns + latency_ns_ : 0);
  }
  void set_metronome(double steps_min) override { player_.set_metronome(steps_min); }

 private:
  CuePlayer& player_;
  std::int64_t latency_ns_;
};

std::chrono::milliseconds seconds_to_ms(double seconds) {
  return std::chrono::milliseconds(std::llround(seconds * 1000.0));
}

std::uint32_t signals_per_message(const ApiSettings& a) {
  return static_cast<std::uint32_t>(std::max(1L, std::lround(a.signal_batch_s * a.signal_rate_hz)));
}

ServerOptions server_options(const ApiSettings& a) {
  ServerOptions o;
  o.address = a.address;
  o.port = a.port;
  o.token = a.token;
  o.wrong_tokens.max_wrong = a.max_wrong_tokens;
  o.wrong_tokens.window = seconds_to_ms(a.wrong_token_window_s);
  o.max_clients = a.max_clients;
  o.max_request_bytes = a.max_request_bytes;
  o.header_timeout = seconds_to_ms(a.header_timeout_s);
  o.body_timeout = seconds_to_ms(a.body_timeout_s);
  o.log = log;
  return o;
}

CuePlayerOptions player_options(const AudioSettings& a) {
  CuePlayerOptions o;
  o.driver = a.driver;
  o.device = a.device;
  o.volume = a.volume;
  o.sample_rate_hz = a.sample_rate_hz;
  o.buffer_frames = a.buffer_frames;
  o.cue_length_s = a.cue_length_s;
  o.realtime_priority = a.realtime_priority;
  return o;
}

}  // namespace

nlohmann::json audio_status_json(const DaemonParts& p, const AudioSettings& audio) {
  if (p.player) {
    return {{"state", "ok"},
            {"driver", p.player->driver_name()},
            {"rate_hz", p.player->sample_rate_hz()},
            {"buffer_frames", p.player->buffer_frames()},
            {"volume", p.player->volume()},
            {"cue_latency_ms", audio.cue_latency_ms},
            {"cues_dropped", p.player->cues_dropped()},
            {"metronome_volume", p.player->metronome_volume()},
            {"realtime_priority", p.player->audio_thread_priority()},
            {"required", audio.required}};
  }
  if (!audio.enabled) return {{"state", "disabled"}};
  return {
      {"state", "unavailable"},
      {"error", p.audio_error},
      {"driver", p.audio_driver.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.audio_driver)},
      {"required", audio.required}};
}

namespace {

nlohmann::json figures_json(const DaemonParts& p, const Dispatcher::Figures& f) {
  const auto& t = f.totals;
  nlohmann::json j = {{"strides", t.strides},
                      {"cues", cue_counts_json(t.by_kind)},
                      {"session_s", t.session_s},
                      {"latency",
                       {{"receipt_to_decision", f.to_decision.json()},
                        {"receipt_to_audio", f.to_audio.json()},
                        {"contact_to_audio", f.contact_to_audio.json()}}}};
  if (p.finished) j["gait"] = summary_json(f.summary, p.loop->engine())["summary"];
  return j;
}

}  // namespace

nlohmann::json totals_json(const DaemonParts& p) {
  return figures_json(p, p.dispatcher->daemon_figures());
}

nlohmann::json session_totals_json(const DaemonParts& p) {
  const Dispatcher::Figures& f = p.dispatcher->session_figures();
  nlohmann::json j = figures_json(p, f);
  j["began_s"] = f.began_s;
  j["duration_s"] = f.totals.session_s - f.began_s;
  return j;
}

DaemonParts::DaemonParts() : blocks(std::make_unique<BlockChannel>()) {}
DaemonParts::~DaemonParts() = default;

void build_parts(DaemonParts& p, DaemonRun& run, SettingsVersions& versions,
                 ControlHandler& handler, std::function<nlohmann::json()> summary) {
  const DaemonConfig config = run.config;
  if (!run.source) throw std::invalid_argument("no source");
  if (!run.source->failure().empty()) throw std::invalid_argument(run.source->failure());
  const SourceLayout& layout = run.source->layout();
  p.layout = &layout;
  // One lane per producer thread: each device of a merge writes into its own.
  p.blocks = std::make_unique<BlockChannel>(SourceFeeder::lanes_for(*run.source));

  if (config.store.enabled) {
    StoreOptions o;
    o.path = config.store.path;
    o.wal = config.store.wal;
    o.commit_interval_s = config.store.commit_interval_s;
    // A group that may read the store (docs/daemon.md): its files 0640 and of that group. An
    // unknown group stops the start as a config error.
    std::optional<gid_t> group;
    if (!config.store.group.empty()) group = group_id(config.store.group);
    RecorderLimits limits;
    limits.raw_blocks_keep_days = config.store.raw_blocks_keep_days;
    // A file that is not a store stops the start here; a full disk does not: the recorder
    // starts interrupted, and the runner gets the cues meanwhile.
    p.recorder = std::make_unique<Recorder>(
        [o, group] {
          if (group) create_group_file_if_absent(o.path, *group);
          auto store = std::make_unique<SessionStore>(o);
          if (group) share_store_files(o.path, *group);
          return store;
        },
        o.path, limits);
  }
  if (config.audio.enabled) {
    // The driver asked for, for the status when none opens: the config's, else SDL's variable.
    const char* env_driver = std::getenv("SDL_AUDIODRIVER");
    p.audio_driver =
        !config.audio.driver.empty() ? config.audio.driver : (env_driver ? env_driver : "");
    try {
      p.player = std::make_unique<CuePlayer>(player_options(config.audio));
      p.sound = std::make_unique<PlayerSound>(*p.player, config.audio.cue_latency_ms);
      log(fmt::format("audio: driver {}, {} Hz, {} frames per buffer, cues {} ms after contact",
                      p.player->driver_name(), p.player->sample_rate_hz(),
                      p.player->buffer_frames(), config.audio.cue_latency_ms));
    } catch (const std::exception& e) {
      p.audio_error = e.what();
      // A clinic that counts on the sound says so (audio.required): better no start than a
      // session whose cues nobody hears.
      if (config.audio.required) {
        throw std::runtime_error("no sound, and audio.required is set: " + p.audio_error);
      }
      // Otherwise the strides and the screen cue go on, and the loss is said everywhere a
      // coach looks: here, the status, the stream's audio_unavailable and the overlay.
      log("NO SOUND: " + p.audio_error +
          "; the cues are shown but not heard (audio.required = true stops the start instead)");
    }
  }
  DaemonConfig started = config;
  p.first_runner.runner_id = config.runner_id;
  p.first_runner.counted_sessions = config.cue.session_number - 1;
  if (p.recorder) {
    // The runner's record and place in their program (asked before the recorder thread takes
    // the store). A store that did not open leaves the config's.
    try {
      if (auto start = p.recorder->with_store_now([&](SessionStore& store) {
            return read_runner_start(store, config.runner_id, config.store.program_session_min_s);
          })) {
        p.first_runner = std::move(*start);
      }
      apply_runner_start(started, p.first_runner, config);
    } catch (const std::exception& e) {
      log(fmt::format("runner '{}': their record was not used: {}",
                      printable_runner_id(config.runner_id), e.what()));
    }
  }
  p.loop =
      std::make_unique<EngineLoop>(layout, started.engine, started.cue, *p.blocks, p.sound.get(),
                                   config.api.signal_rate_hz, signals_per_message(config.api));
  versions.start_with(started, config, p.loop.get(), p.player.get());
  // The runner's own metronome volume, if their record sets one (later changes: versions).
  if (p.player) p.player->set_metronome_volume(started.cue.cadence.metronome_volume);
  if (p.recorder) {
    p.recorder->start();
    p.reports = std::make_unique<ReportWorker>();
  }
  DispatchOutputs outputs;
  outputs.recorder = p.recorder.get();
  outputs.player = p.player.get();
  outputs.printer = run.printer;
  outputs.cue_printer = run.cue_printer;
  outputs.cue_presentation = [&versions] { return versions.current().cue_presentation; };
  outputs.store_raw_samples = config.store.raw_samples;
  outputs.signals_per_message = signals_per_message(config.api);
  if (config.api.enabled) {
    p.api = std::make_unique<ControlServer>(server_options(config.api), handler);
    p.api->start();
    outputs.api = p.api.get();
  }
  p.dispatcher = std::make_unique<Dispatcher>(*p.loop, *p.blocks, layout, outputs);
  p.sessions = std::make_unique<SessionControl>(p.recorder.get(), *p.dispatcher, p.state_mutex,
                                                layout, versions, std::move(summary));
  p.feeder = std::make_unique<SourceFeeder>(std::move(run.source), *p.blocks, config.source.pace,
                                            config.source.duration_s);
}

}  // namespace stridecue
