#include "view/link_status.hpp"

#include <cmath>

namespace stridecue::overlay {

namespace {
// Signals come at 50 Hz: two seconds without one means the source has stopped delivering.
constexpr double silent_after_s = 2.0;

std::string string_field(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}
}  // namespace

void LinkStatus::read_status(const nlohmann::json& status) {
  if (!status.is_object() || !status.contains("source") || !status["source"].is_object()) return;
  const auto& source = status["source"];
  const std::string state = string_field(source, "state");
  if (state == "running")
    device = DeviceState::running;
  else if (state == "waiting")
    device = DeviceState::waiting;
  else if (state == "lost")
    device = DeviceState::lost;
  if (source.contains("device") && source["device"].is_string())
    device_name = source["device"].get<std::string>();
  else if (source.contains("device") && source["device"].is_object())
    device_name = source["device"].value("name", source["device"].dump());
  if (source.contains("health") && source["health"].is_object()) {
    health.clear();
    for (const auto& [name, value] : source["health"].items()) {
      if (value.is_number_unsigned() || (value.is_number_integer() && value.get<long long>() >= 0))
        health.emplace_back(name, value.get<std::uint64_t>());
    }
  }
}

std::string LinkStatus::health_problems() const {
  static constexpr const char* kTrouble[] = {"bad_frames",     "bytes_skipped", "frames_missing",
                                             "blocks_dropped", "stalls",        "reconnects"};
  std::string out;
  for (const auto& [name, value] : health) {
    if (value == 0) continue;
    const auto dot = name.rfind('.');
    const std::string counter = dot == std::string::npos ? name : name.substr(dot + 1);
    for (const char* trouble : kTrouble) {
      if (counter != trouble) continue;
      if (!out.empty()) out += " · ";
      out += name + " " + std::to_string(value);
    }
  }
  return out;
}

void LinkStatus::on_device_event(const nlohmann::json& event) {
  const std::string what = string_field(event, "event");
  if (what == "lost")
    device = DeviceState::lost;
  else if (what == "connected" || what == "resumed")
    device = DeviceState::running;
  if (event.contains("device") && event["device"].is_string())
    device_name = event["device"].get<std::string>();
  device_detail = string_field(event, "detail");
}

std::string LinkStatus::sentence(double now_s) const {
  switch (link) {
    case LinkState::connecting: return "connecting to the daemon at " + url + " …";
    case LinkState::waiting_for_daemon: {
      std::string s = "waiting for the daemon at " + url;
      if (!detail.empty()) s += " (" + detail + ")";
      return s;
    }
    case LinkState::refused: return "the daemon at " + url + " refused the overlay: " + detail;
    case LinkState::connected: break;
  }
  const std::string name = device_name.empty() ? std::string() : " " + device_name;
  if (device == DeviceState::waiting) return "waiting for the device" + name;
  if (device == DeviceState::lost) {
    std::string s = "device" + name + " lost";
    if (!device_detail.empty()) s += " (" + device_detail + ")";
    return s + ": waiting for it to come back";
  }
  const double since = last_data_s ? *last_data_s : connected_at_s;
  if (now_s - since > silent_after_s) {
    const auto seconds = static_cast<long>(std::floor(now_s - since));
    return last_data_s ? "no data from the source for " + std::to_string(seconds) + " s"
                       : "waiting for the device: no data yet";
  }
  return {};
}

}  // namespace stridecue::overlay
