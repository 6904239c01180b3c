#include "settings/settings_problems.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "registry/device_registry.hpp"
#include "settings/runner_id.hpp"
#include "settings/settings_table.hpp"

namespace stridecue {
namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Where `word` stands on its own in `text` (not inside a longer name).
std::optional<std::size_t> find_word(std::string_view text, std::string_view word) {
  for (std::size_t at = text.find(word); at != std::string_view::npos;
       at = text.find(word, at + 1)) {
    const bool starts = at == 0 || !is_word_char(text[at - 1]);
    const std::size_t end = at + word.size();
    const bool ends = end == text.size() || !is_word_char(text[end]);
    if (starts && ends) return at;
  }
  return std::nullopt;
}

// The key of table `prefix` that a problem message is about: the keys it names, in the order
// it names them, the given ones first; without a name, the first given key of the table.
std::string key_named_in(std::string_view prefix, std::string_view message,
                         const std::function<bool(std::string_view)>& given) {
  struct Named {
    std::size_t at;
    std::string_view key;
  };
  std::vector<Named> named;
  std::string_view first_of_table, first_given;
  for (const auto& s : settings_table()) {
    if (!s.key.starts_with(prefix)) continue;
    const std::string_view relative = s.key.substr(prefix.size());
    if (first_of_table.empty()) first_of_table = s.key;
    if (first_given.empty() && given(s.key)) first_given = s.key;
    // "lookback_s", or a nested name by its last ("sessions") or first ("mix_start") part.
    const std::string_view forms[] = {relative, relative.substr(relative.rfind('.') + 1),
                                      relative.substr(0, relative.find('.'))};
    for (const auto form : forms) {
      if (const auto at = find_word(message, form)) {
        named.push_back({*at, s.key});
        break;
      }
    }
  }
  std::stable_sort(named.begin(), named.end(),
                   [](const Named& a, const Named& b) { return a.at < b.at; });
  for (const auto& n : named) {
    if (given(n.key)) return std::string(n.key);
  }
  if (!named.empty()) return std::string(named.front().key);
  return std::string(first_given.empty() ? first_of_table : first_given);
}

bool is_loopback(std::string_view address) {
  return address.starts_with("127.") || address == "::1" || address == "localhost";
}

}  // namespace

std::optional<SettingProblem> find_settings_problem(
    const DaemonConfig& c, const std::function<bool(std::string_view)>& given) {
  // A struct's own check, its message naming fields of table `prefix`.
  const auto check = [&](std::string_view prefix,
                         const std::string& message) -> std::optional<SettingProblem> {
    if (message.empty()) return std::nullopt;
    const std::string_view table = prefix.substr(0, prefix.size() - 1);
    // Messages that already name their keys in full ("cue.bandwidth_misses …") stand as they are.
    return SettingProblem{
        key_named_in(prefix, message, given),
        message.starts_with(prefix) ? message : fmt::format("{}: {}", table, message)};
  };
  const auto text = [](const char* problem) { return std::string(problem ? problem : ""); };
  const auto one_of = [&](std::string_view a, std::string_view b) {
    return std::string(given(b) && !given(a) ? b : a);
  };

  std::string emg_at_rate;
  if (c.source.kind == kSimulatorSource && c.engine.glute.emg.problem() == nullptr) {
    if (const char* p = c.engine.glute.emg.problem_at(c.source.simulator.emg_rate_hz)) {
      emg_at_rate =
          fmt::format("{} (the simulator's EMG runs at {} Hz)", p, c.source.simulator.emg_rate_hz);
    }
  }

  const std::optional<SettingProblem> struct_problems[] = {
      check("contact.", text(c.engine.contact.problem())),
      check("strike.", text(c.engine.strike.problem())),
      check("glute.emg.", text(c.engine.glute.emg.problem())),
      check("glute.quality.", text(c.engine.glute.quality.problem())),
      check("glute.activation.", text(c.engine.glute.activation.problem())),
      check("glute.baseline.", text(c.engine.glute.baseline.problem())),
      check("cue.", text(c.cue.problem())),
      check("cue.", c.cue_presentation.problem()),
      check("source.simulator.", validate(c.source.simulator)),
      check("glute.emg.", emg_at_rate),
  };
  for (const auto& p : struct_problems) {
    if (p) return p;
  }

  if (auto problem = runner_id_problem(c.runner_id))
    return SettingProblem{"runner_id", std::move(*problem)};
  if (c.source.kind == kFileSource && c.source.file.empty()) {
    return SettingProblem{one_of("source.file", "source.kind"),
                          "source.file must name a trial file when source.kind = \"file\""};
  }
  const DeviceDriver* device = find_device_driver(c.source.kind);
  const DeviceDriver* emg = find_device_driver(c.source.emg);
  if (c.source.emg != kNoSecondSource && (device == nullptr || device == emg)) {
    return SettingProblem{one_of("source.emg", "source.kind"),
                          fmt::format("source.emg = \"{}\" goes with a live force source, not "
                                      "with source.kind = \"{}\"",
                                      c.source.emg, c.source.kind)};
  }
  for (const DeviceDriver* d : {device, emg}) {
    if (d == nullptr) continue;
    if (auto p = d->problem(c.source.devices)) {
      return SettingProblem{one_of(p->key, "source.kind"), std::move(p->message)};
    }
  }
  if (c.api.enabled && c.api.address.empty()) {
    return SettingProblem{"api.address", "api.address must not be empty"};
  }
  if (c.api.enabled && !is_loopback(c.api.address) && c.api.token.empty()) {
    return SettingProblem{
        one_of("api.token", "api.address"),
        fmt::format("api.address = \"{}\" is not loopback: set api.token, which remote clients "
                    "must send as a bearer token",
                    c.api.address)};
  }
  if (c.store.enabled && c.store.path.empty()) {
    return SettingProblem{"store.path", "store.path must name the database file"};
  }
  return std::nullopt;
}

}  // namespace stridecue
