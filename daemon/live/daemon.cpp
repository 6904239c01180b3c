#include "live/daemon.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <thread>

#include "api/control_server.hpp"
#include "audio/cue_player.hpp"
#include "live/dispatcher.hpp"
#include "live/engine_loop.hpp"
#include "live/sd_notify.hpp"
#include "live/source_feeder.hpp"
#include "report/stride_json.hpp"
#include "settings/daemon_config_file.hpp"
#include "settings/settings_json.hpp"
#include "settings/settings_table.hpp"
#include "source/plate_tare.hpp"
#include "store/layout_json.hpp"
#include "store/session_store.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

void log(const std::string& line) {
  fmt::print(stderr, "stridecued: {}\n", line);
}

// The engine thread plays cues through this; it only touches the player's wait-free ring.
class PlayerSound final : public CueSound {
 public:
  explicit PlayerSound(CuePlayer& player) : player_(player) {}
  void play(CueKind kind, std::uint64_t seq, std::int64_t decided_ns) override {
    player_.trigger(kind, seq, decided_ns);
  }

 private:
  CuePlayer& player_;
};

ServerOptions server_options(const ApiSettings& a) {
  ServerOptions o;
  o.address = a.address;
  o.port = a.port;
  o.token = a.token;
  o.max_clients = a.max_clients;
  o.max_request_bytes = a.max_request_bytes;
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
  return o;
}

ApiReply error_reply(int status, const std::string& message, const std::string& field = {}) {
  Json body = {{"error", message}};
  if (!field.empty()) body["field"] = field;
  return {status, body};
}

}  // namespace

struct Daemon::Parts {
  std::unique_ptr<BlockChannel> blocks = std::make_unique<BlockChannel>();
  std::unique_ptr<SourceFeeder> feeder;
  std::unique_ptr<CuePlayer> player;
  std::string audio_error;
  std::unique_ptr<PlayerSound> sound;
  std::unique_ptr<EngineLoop> loop;
  std::unique_ptr<SessionStore> store;
  std::unique_ptr<ControlServer> api;
  std::unique_ptr<Dispatcher> dispatcher;
  std::optional<SessionStart> session;
  std::string runner_id;
  const SourceLayout* layout = nullptr;  // the source's: lives as long as the source
  Clock::time_point started = Clock::now();
  bool finished = false;
};

Daemon::Daemon(DaemonRun run) : run_(std::move(run)), parts_(std::make_unique<Parts>()) {
  versions_.push_back({0, std::make_unique<DaemonConfig>(run_.config)});
  current_ = versions_.back().config.get();
}

Daemon::~Daemon() = default;

int Daemon::run() {
  try {
    return run_parts();
  } catch (const std::invalid_argument& e) {
    log(e.what());
    return 2;
  } catch (const std::exception& e) {
    log(e.what());
    return 1;
  }
}

int Daemon::run_parts() {
  Parts& p = *parts_;
  const DaemonConfig config = *current_;  // a copy: current_ moves on as settings change
  if (!run_.source) throw std::invalid_argument("no source");
  if (!run_.source->failure().empty()) throw std::invalid_argument(run_.source->failure());
  SampleSource& source = *run_.source;
  const SourceLayout& layout = source.layout();
  p.layout = &layout;

  if (config.store.enabled) {
    StoreOptions o;
    o.path = config.store.path;
    o.wal = config.store.wal;
    o.commit_interval_s = config.store.commit_interval_s;
    p.store = std::make_unique<SessionStore>(o);
  }
  if (config.audio.enabled) {
    try {
      p.player = std::make_unique<CuePlayer>(player_options(config.audio));
      p.sound = std::make_unique<PlayerSound>(*p.player);
      log(fmt::format("audio: driver {}, {} Hz, {} frames per buffer", p.player->driver_name(),
                      p.player->sample_rate_hz(), p.player->buffer_frames()));
    } catch (const std::exception& e) {
      // A clinic still wants the strides and the screen cue when the sound card is missing.
      p.audio_error = e.what();
      log("no sound: " + p.audio_error);
    }
  }
  DaemonConfig started = config;
  if (p.store) {
    // The faded schedule needs to know which of the runner's sessions this is.
    started.cue.session_number = p.store->runner_session_count(config.runner_id) + 1;
  }
  p.loop = std::make_unique<EngineLoop>(layout, started.engine, started.cue, *p.blocks,
                                        p.sound.get(), config.api.signal_rate_hz);
  {
    std::lock_guard lock(control_mutex_);
    versions_.clear();  // nothing has reached the engine yet
    versions_.push_back({0, std::make_unique<DaemonConfig>(started)});
    current_ = versions_.back().config.get();
  }
  DispatchOutputs outputs;
  outputs.store = p.store.get();
  outputs.player = p.player.get();
  outputs.printer = run_.printer;
  outputs.cue_printer = run_.cue_printer;
  outputs.store_raw_samples = config.store.raw_samples;
  if (config.api.enabled) {
    p.api = std::make_unique<ControlServer>(server_options(config.api), *this);
    p.api->start();
    outputs.api = p.api.get();
  }
  p.dispatcher = std::make_unique<Dispatcher>(*p.loop, *p.blocks, layout, outputs);
  begin_session(config.runner_id);

  p.feeder = std::make_unique<SourceFeeder>(std::move(run_.source), *p.blocks, config.source.pace,
                                            config.source.duration_s);
  p.loop->start();
  p.feeder->start();
  running_.store(true, std::memory_order_release);
  // Announced once everything runs, so that whoever waits for this line finds the daemon
  // running (GET /status answers "starting" before).
  if (p.api) {
    log(fmt::format("control API on http://{}:{}/api/v1/", config.api.address, p.api->port()));
    if (run_.on_listening) run_.on_listening(p.api->port());
  }
  sd_notify("READY=1");
  const auto watchdog = sd_watchdog_interval();
  auto next_watchdog = Clock::now();

  bool drained = false;
  while (!drained) {
    const std::uint32_t seen = p.loop->events_ready().value();
    if (stop_requested_.load()) break;
    if (reload_requested_.exchange(false)) reload();
    bool any;
    {
      std::lock_guard lock(state_mutex_);
      any = p.dispatcher->pump();
    }
    run_tasks();
    record_device_events();
    record_tare_result();
    if (watchdog && Clock::now() >= next_watchdog) {
      sd_notify("WATCHDOG=1");
      next_watchdog = Clock::now() + *watchdog / 2;
    }
    if (!any) {
      if (p.loop->finished()) drained = true;
      // Woken at once for a strike, cue or stride; otherwise the display signals and the
      // sample blocks for the store wait up to 10 ms (a 60 Hz screen shows a frame per 17 ms).
      p.loop->events_ready().wait(seen, std::chrono::milliseconds(10));
    }
  }

  sd_notify("STOPPING=1");
  p.feeder->stop();
  record_device_events();
  p.loop->stop();
  {
    std::lock_guard lock(state_mutex_);
    while (p.dispatcher->pump()) {
    }
    p.finished = true;
  }
  if (run_.on_finished) run_.on_finished(p.loop->engine());
  end_session();
  if (p.api) p.api->stop();
  const std::string failure = p.feeder->failure();
  if (!failure.empty()) {
    log("the source failed: " + failure);
    return 2;
  }
  if (p.loop->events_lost() > 0) {
    log(fmt::format("{} engine events were lost: the main thread fell behind",
                    p.loop->events_lost()));
  }
  if (p.blocks->blocks_dropped.load() > 0) {
    log(fmt::format("{} sample blocks were dropped: the engine fell behind",
                    p.blocks->blocks_dropped.load()));
  }
  return 0;
}

void Daemon::record_device_events() {
  Parts& p = *parts_;
  if (!p.feeder || !p.feeder->live()) return;
  for (const SourceEvent& e : p.feeder->take_events()) {
    Json data = {{"event", to_string(e.kind)}, {"device", e.device}};
    if (!e.detail.empty()) data["detail"] = e.detail;
    if (e.kind == SourceEvent::Kind::resumed) data["gap_s"] = e.gap_s;
    log(fmt::format("device {}: {}{}{}", to_string(e.kind), e.device,
                    e.detail.empty() ? "" : " (" + e.detail + ")",
                    e.kind == SourceEvent::Kind::resumed
                        ? fmt::format(", {:.3f} s without data", e.gap_s)
                        : ""));
    std::lock_guard lock(state_mutex_);
    p.dispatcher->record_event(p.dispatcher->totals().session_s, "device", data);
  }
}

void Daemon::record_tare_result() {
  if (run_.plates == nullptr) return;
  const TareReport report = run_.plates->tare_report();
  if (report.completed == tares_reported_) return;
  tares_reported_ = report.completed;
  log("plates tare " + std::string(to_string(report.state)) + ": " + report.message);
  std::lock_guard lock(state_mutex_);
  parts_->dispatcher->record_event(
      parts_->dispatcher->totals().session_s, "plates_tare",
      {{"state", to_string(report.state)}, {"message", report.message}, {"zero_v", report.zero_v}});
}

void Daemon::begin_session(const std::string& runner_id) {
  Parts& p = *parts_;
  p.runner_id = runner_id;
  if (!p.store) return;
  std::string config_json;
  {
    std::lock_guard lock(control_mutex_);
    config_json = settings_to_json(*current_).dump();
  }
  p.session = p.store->begin_session(runner_id, config_json, *p.layout);
  p.dispatcher->set_session(p.session->id);
  log(fmt::format("session {} of runner '{}' (their session {}) recording to {}", p.session->id,
                  runner_id, p.session->session_number, p.store->path()));
}

void Daemon::end_session() {
  Parts& p = *parts_;
  if (!p.store || !p.session) return;
  p.store->end_session(p.session->id, summary().dump());
  log(fmt::format("session {} ended: {} strides, {} cues", p.session->id,
                  p.dispatcher->totals().strides, p.dispatcher->totals().cues));
  p.session.reset();
  p.dispatcher->set_session(std::nullopt);
}

Json Daemon::summary() const {
  const Parts& p = *parts_;
  const auto& t = p.dispatcher->totals();
  Json j = {{"strides", t.strides},
            {"cues", {{"heel_strike", t.heel_cues}, {"hips", t.hips_cues}}},
            {"session_s", t.session_s},
            {"latency",
             {{"receipt_to_decision", p.dispatcher->receipt_to_decision().json()},
              {"receipt_to_audio", p.dispatcher->receipt_to_audio().json()},
              {"contact_to_audio", p.dispatcher->contact_to_audio().json()}}}};
  if (p.finished) j["gait"] = summary_json(p.dispatcher->summary(), p.loop->engine())["summary"];
  return j;
}

// ---- the control API's side -------------------------------------------------------------

Json Daemon::status() {
  // The parts are built on the main thread before running_ is set, and read here after it.
  if (!running_.load(std::memory_order_acquire)) return {{"state", "starting"}};
  std::lock_guard lock(state_mutex_);
  const Parts& p = *parts_;
  Json j;
  j["state"] = p.finished ? "finished" : "running";
  j["uptime_s"] = std::chrono::duration<double>(Clock::now() - p.started).count();
  j["runner_id"] = p.runner_id;
  j["session"] = p.session ? Json{{"id", p.session->id}, {"number", p.session->session_number}}
                           : Json(nullptr);
  j["source"] = {{"kind", to_string(run_.config.source.kind)},
                 {"state", p.feeder ? p.feeder->state() : std::string_view("starting")},
                 {"device", p.feeder ? p.feeder->device() : std::string()},
                 {"blocks_in", p.blocks->blocks_in.load()},
                 {"blocks_dropped", p.blocks->blocks_dropped.load()}};
  if (p.feeder) {
    Json health = Json::object();
    for (const HealthCounter& c : p.feeder->health())
      health[c.name] = c.value;
    j["source"]["health"] = health;
  }
  if (p.loop) {
    j["engine"] = {{"blocks", p.loop->blocks_processed()},
                   {"events_lost", p.loop->events_lost()},
                   {"settings_version", p.loop->applied_version()}};
  }
  if (p.player) {
    j["audio"] = {{"driver", p.player->driver_name()},
                  {"rate_hz", p.player->sample_rate_hz()},
                  {"buffer_frames", p.player->buffer_frames()},
                  {"volume", p.player->volume()},
                  {"cues_dropped", p.player->cues_dropped()}};
  } else {
    j["audio"] = {{"error", p.audio_error.empty() ? "disabled" : p.audio_error}};
  }
  if (p.dispatcher) {
    j["totals"] = summary();
    j["signals"] = Json::parse(p.dispatcher->signal_names_json());
  }
  if (p.api) {
    const ServerCounters c = p.api->counters();
    j["api"] = {{"stream_clients", c.stream_clients},
                {"connections_open", c.connections_open},
                {"clients_dropped", c.clients_dropped}};
  }
  return j;
}

Json Daemon::settings() {
  std::lock_guard lock(control_mutex_);
  return settings_to_json(*current_);
}

Json Daemon::settings_schema() {
  return settings_schema_json();
}

std::uint64_t Daemon::post_settings(std::unique_ptr<DaemonConfig> next) {
  // Under control_mutex_: the one producer of the engine's change ring.
  const std::uint64_t version = ++version_;
  EngineChange change;
  change.kind = EngineChange::Kind::settings;
  change.version = version;
  change.engine = &next->engine;
  change.cue = &next->cue;
  if (parts_->player) parts_->player->set_volume(next->audio.volume);
  versions_.push_back({version, std::move(next)});
  current_ = versions_.back().config.get();
  if (parts_->loop && !parts_->loop->post(change)) {
    log("the engine's change ring is full: settings not applied");
  }
  // Versions the engine has copied are no longer needed; keep the current one.
  const std::uint64_t applied = parts_->loop ? parts_->loop->applied_version() : version;
  while (versions_.size() > 1 && versions_.front().number <= applied)
    versions_.pop_front();
  return version;
}

std::optional<std::string> Daemon::engine_refusal(const DaemonConfig& next) const {
  if (!parts_ || !parts_->loop) return std::nullopt;
  if (const char* problem = parts_->loop->engine().trial_problem(next.engine))
    return std::string("the engine cannot take this on the running source: ") + problem;
  return std::nullopt;
}

bool Daemon::wait_applied(std::uint64_t version) {
  for (int i = 0; i < 500; ++i) {
    if (!parts_->loop || parts_->loop->finished()) return false;
    if (parts_->loop->applied_version() >= version) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

ApiReply Daemon::patch_settings(const Json& patch) {
  std::uint64_t version;
  Json changes;
  {
    std::lock_guard lock(control_mutex_);
    auto next = std::make_unique<DaemonConfig>(*current_);
    try {
      const SettingsChange change = apply_settings_patch(*next, patch, PatchScope::live_only);
      changes = change.to_json();
    } catch (const SettingsError& e) {
      return error_reply(e.field().empty() ? 400 : 422, e.what(), e.field());
    }
    // Refused here rather than by the engine thread, so that the daemon's settings never hold
    // what the engine did not take.
    if (const auto refusal = engine_refusal(*next)) {
      std::string field = "glute.emg";
      for (const Json& change : changes) {
        const std::string key = change.value("key", std::string());
        if (key.starts_with("glute.emg.")) {
          field = key;
          break;
        }
      }
      return error_reply(422, *refusal, field);
    }
    version = post_settings(std::move(next));
  }
  const bool applied = wait_applied(version);
  on_main_loop([this, changes] {
    parts_->dispatcher->record_settings(parts_->dispatcher->totals().session_s, "api", changes);
  });
  return {200, {{"version", version}, {"applied", applied}, {"changes", changes}}};
}

void Daemon::reload() {
  if (run_.config_path.empty()) {
    log("SIGHUP: no config file to reload");
    return;
  }
  DaemonConfig loaded;
  try {
    loaded = load_daemon_config(run_.config_path);
  } catch (const std::exception& e) {
    log(fmt::format("SIGHUP: keeping the running config: {}", e.what()));
    parts_->dispatcher->record_event(parts_->dispatcher->totals().session_s, "reload_failed",
                                     {{"error", e.what()}});
    return;
  }
  Json changes;
  std::uint64_t version = 0;
  {
    std::lock_guard lock(control_mutex_);
    // Only what can change live is taken; the rest waits for a restart, and says so.
    const SettingsChange diff = diff_settings(*current_, loaded);
    Json patch = Json::object();
    for (const auto& c : diff.changed) {
      const Setting* s = find_setting(c.key);
      if (s && s->live()) {
        patch[c.key] = c.new_value;
      } else {
        log(fmt::format("SIGHUP: {} changed in the file; it takes effect at restart", c.key));
      }
    }
    if (patch.empty()) {
      log("SIGHUP: no live setting changed");
      return;
    }
    auto next = std::make_unique<DaemonConfig>(*current_);
    try {
      changes = apply_settings_patch(*next, patch, PatchScope::live_only).to_json();
    } catch (const SettingsError& e) {
      log(fmt::format("SIGHUP: keeping the running config: {}", e.what()));
      return;
    }
    if (const auto refusal = engine_refusal(*next)) {
      log(fmt::format("SIGHUP: keeping the running config: {}", *refusal));
      return;
    }
    version = post_settings(std::move(next));
  }
  log(fmt::format("SIGHUP: reloaded {} ({} change(s), version {})", run_.config_path,
                  changes.size(), version));
  parts_->dispatcher->record_settings(parts_->dispatcher->totals().session_s, "reload", changes);
}

bool Daemon::on_main_loop(std::function<void()> task) {
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  {
    std::lock_guard lock(tasks_mutex_);
    tasks_.push_back([task = std::move(task), done] {
      task();
      done->set_value();
    });
  }
  return future.wait_for(std::chrono::seconds(2)) == std::future_status::ready;
}

void Daemon::run_tasks() {
  std::deque<std::function<void()>> tasks;
  {
    std::lock_guard lock(tasks_mutex_);
    tasks.swap(tasks_);
  }
  for (auto& t : tasks) {
    std::lock_guard lock(state_mutex_);
    t();
  }
}

ApiReply Daemon::session_start(const Json& body) {
  std::string runner = parts_->runner_id;
  if (body.is_object() && body.contains("runner_id")) {
    if (!body["runner_id"].is_string() || body["runner_id"].get<std::string>().empty()) {
      return error_reply(422, "runner_id must be a non-empty string", "runner_id");
    }
    runner = body["runner_id"].get<std::string>();
  }
  if (!parts_->store) return error_reply(409, "the session store is disabled (store.enabled)");
  Json reply;
  const bool ok = on_main_loop([this, runner, &reply] {
    end_session();
    begin_session(runner);
    reply = {{"session", parts_->session->id},
             {"number", parts_->session->session_number},
             {"runner_id", runner}};
  });
  if (!ok) return error_reply(503, "the daemon is shutting down");
  return {200, reply};
}

ApiReply Daemon::session_stop() {
  Json reply;
  const bool ok = on_main_loop([this, &reply] {
    const auto id = parts_->session ? Json(parts_->session->id) : Json(nullptr);
    end_session();
    reply = {{"stopped", id}};
  });
  if (!ok) return error_reply(503, "the daemon is shutting down");
  return {200, reply};
}

ApiReply Daemon::baseline_reset(const Json& body) {
  std::optional<Side> side;
  if (body.is_object() && body.contains("side")) {
    const Json& s = body["side"];
    if (s == "left") {
      side = Side::left;
    } else if (s == "right") {
      side = Side::right;
    } else {
      return error_reply(422, "side must be \"left\" or \"right\" (or absent: both)", "side");
    }
  }
  {
    std::lock_guard lock(control_mutex_);
    EngineChange change;
    change.kind = EngineChange::Kind::baseline_reset;
    change.side = side;
    if (!parts_->loop || !parts_->loop->post(change)) {
      return error_reply(503, "the engine is not running");
    }
  }
  return {200, {{"reset", side ? Json(to_string(*side)) : Json("both")}}};
}

ApiReply Daemon::plates_tare() {
  if (run_.plates == nullptr) return ControlHandler::plates_tare();
  // The source thread averages the next window of volts; the result comes as a `plates_tare`
  // event on the stream (and in the session), rather than holding the API thread meanwhile.
  run_.plates->request_tare();
  return {202, {{"tare", "collecting"}}};
}

std::string default_config_path(const std::string& source_config_dir) {
  if (const char* env = std::getenv("STRIDECUE_CONFIG"); env && *env) return env;
  const std::string installed = "/etc/stridecue/stridecue.toml";
  if (std::filesystem::exists(installed)) return installed;
  return source_config_dir + "/stridecue.toml";
}

}  // namespace stridecue
