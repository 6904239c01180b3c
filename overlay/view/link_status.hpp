// What the overlay knows about its daemon and the daemon's device, and the plain sentence the
// runner view shows while something is missing ("waiting for the daemon at http://…").
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stridecue::overlay {

enum class LinkState {
  connecting,          // first attempt under way
  waiting_for_daemon,  // nothing answered (or the stream broke); retrying
  refused,             // the daemon answered but refused the stream (401 …); retrying
  connected,           // the stream runs
};

// The daemon's source, from GET /status's "source" object and the stream's `device` events
// (both optional: a daemon without them shows only whether data flow).
enum class DeviceState { unknown, running, waiting, lost };

struct LinkStatus {
  std::string url;
  LinkState link = LinkState::connecting;
  std::string detail;  // why the last attempt failed, or the close reason
  double retry_at_s = 0.0;
  DeviceState device = DeviceState::unknown;
  std::string device_name;
  std::string device_detail;
  std::optional<double> last_data_s;  // overlay time of the last `signals` event
  double connected_at_s = 0.0;
  bool ever_connected = false;  // the stream ran at least once: a loss leaves old data on screen
  // The link's counters from the status's "source":{"health":{…}} (docs/api.md) by name:
  // bad_frames, bytes, reconnects, transfers … (prefixed per device when two are merged). Empty for
  // sources without any (files, the simulator).
  std::vector<std::pair<std::string, std::uint64_t>> health;

  // From a status object (hello's, or GET /status): reads "source":{"state","device","health"}
  // if there.
  void read_status(const nlohmann::json& status);
  // The counters that mean trouble when not 0 (bad frames, skipped bytes, missing frames,
  // dropped blocks, stalls, reconnects), as "bad_frames 2 · reconnects 1"; "" when all are 0.
  std::string health_problems() const;
  // A stream `device` event: "connected" | "lost" | "resumed".
  void on_device_event(const nlohmann::json& event);

  // Empty when all is well; else one sentence for the runner view.
  std::string sentence(double now_s) const;
};

}  // namespace stridecue::overlay
