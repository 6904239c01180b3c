#include "live/settings_versions.hpp"

#include <fmt/format.h>

#include "api/api_error.hpp"
#include "audio/cue_player.hpp"
#include "live/engine_loop.hpp"
#include "settings/settings_json.hpp"

namespace stridecue {
namespace {
using Json = nlohmann::json;
}  // namespace

SettingsVersions::SettingsVersions(const DaemonConfig& initial)
    : last_file_(std::make_unique<DaemonConfig>(initial)) {
  versions_.push_back({0, std::make_unique<DaemonConfig>(initial)});
  current_ = versions_.back().config.get();
}

void SettingsVersions::start_with(const DaemonConfig& started, const DaemonConfig& file,
                                  EngineLoop* loop, CuePlayer* player) {
  std::lock_guard lock(mutex_);
  versions_.clear();  // nothing has reached the engine yet
  versions_.push_back({0, std::make_unique<DaemonConfig>(started)});
  current_ = versions_.back().config.get();
  // Not `started`: the first runner's record is theirs, not the file's, and must not become the
  // next runner's fallback.
  last_file_ = std::make_unique<DaemonConfig>(file);
  coach_keys_.clear();
  loop_ = loop;
  player_ = player;
}

DaemonConfig SettingsVersions::current() const {
  std::lock_guard lock(mutex_);
  return *current_;
}

Json SettingsVersions::current_json() const {
  std::lock_guard lock(mutex_);
  return settings_to_json(*current_);
}

std::optional<std::string> SettingsVersions::engine_refusal(const DaemonConfig& next) const {
  if (!loop_) return std::nullopt;
  if (const char* problem = loop_->engine().trial_problem(next.engine))
    return std::string("the engine cannot take this on the running source: ") + problem;
  return std::nullopt;
}

std::uint64_t SettingsVersions::post(std::unique_ptr<DaemonConfig> next) {
  // Under mutex_: the one producer of the engine's change ring.
  const std::uint64_t version = ++version_;
  EngineChange change;
  change.kind = EngineChange::Kind::settings;
  change.version = version;
  change.engine = &next->engine;
  change.cue = &next->cue;
  if (player_) {
    player_->set_volume(next->audio.volume);
    player_->set_metronome_volume(next->cue.cadence.metronome_volume);
  }
  versions_.push_back({version, std::move(next)});
  current_ = versions_.back().config.get();
  if (loop_ && !loop_->post(change)) {
    fmt::print(stderr, "stridecued: the engine's change ring is full: settings not applied\n");
  }
  // Versions the engine has copied are no longer needed; keep the current one.
  const std::uint64_t applied = loop_ ? loop_->applied_version() : version;
  while (versions_.size() > 1 && versions_.front().number <= applied)
    versions_.pop_front();
  return version;
}

SettingsVersions::Outcome SettingsVersions::change(const Json& patch, Source source) {
  Outcome out;
  std::lock_guard lock(mutex_);
  auto next = std::make_unique<DaemonConfig>(*current_);
  try {
    out.changes = apply_settings_patch(*next, patch, PatchScope::live_only).to_json();
  } catch (const SettingsError& e) {
    // The API hands over only JSON objects (a malformed body is its own 400): whatever is
    // refused here is a well-formed request whose keys or values cannot be taken.
    out.refusal = api_error(422, e.what(), e.field());
    return out;
  }
  // Refused here rather than by the engine thread, so that the daemon's settings never hold
  // what the engine did not take.
  if (const auto refusal = engine_refusal(*next)) {
    std::string field = "glute.emg";
    for (const Json& c : out.changes) {
      const std::string key = c.value("key", std::string());
      if (key.starts_with("glute.emg.")) {
        field = key;
        break;
      }
    }
    out.refusal = api_error(422, *refusal, field);
    return out;
  }
  out.version = post(std::move(next));
  if (source == Source::coach) {
    for (const Json& c : out.changes)
      coach_keys_.insert(c.value("key", std::string()));
  }
  return out;
}

SettingsVersions::ReloadBasis SettingsVersions::reload_basis() const {
  std::lock_guard lock(mutex_);
  return {*current_, *last_file_, coach_keys_};
}

DaemonConfig SettingsVersions::file_config() const {
  std::lock_guard lock(mutex_);
  return *last_file_;
}

void SettingsVersions::file_taken(const DaemonConfig& file,
                                  const std::vector<std::string>& settled) {
  std::lock_guard lock(mutex_);
  *last_file_ = file;
  for (const std::string& key : settled)
    coach_keys_.erase(key);
}

bool SettingsVersions::post_command(const EngineChange& change) {
  std::lock_guard lock(mutex_);
  return loop_ && loop_->post(change);
}

void SettingsVersions::reply_when_applied(std::uint64_t version, Json changes, ReplyCallback done) {
  std::lock_guard lock(mutex_);
  waiting_.push_back({version, std::chrono::steady_clock::now() + kApplyPatience,
                      std::move(changes), std::move(done)});
}

std::vector<SettingsVersions::Settled> SettingsVersions::settle(bool engine_finished) {
  std::vector<Settled> out;
  std::lock_guard lock(mutex_);
  if (waiting_.empty()) return out;
  const std::uint64_t applied = loop_ ? loop_->applied_version() : 0;
  const auto now = std::chrono::steady_clock::now();
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    const bool done = applied >= it->version;
    if (!done && !engine_finished && now < it->give_up) {
      ++it;
      continue;
    }
    Json body = {{"version", it->version}, {"applied", done}, {"changes", it->changes}};
    out.push_back({it->changes, std::move(it->done), {200, std::move(body)}});
    it = waiting_.erase(it);
  }
  return out;
}

}  // namespace stridecue
