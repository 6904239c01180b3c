// What a running device can be asked to do — tare a treadmill's plates today; zero an EMG
// channel, trigger a calibration, start a sync pulse tomorrow — named, so that the daemon and
// its API wire any device without naming a driver (docs/devices.md "Device actions"). An action
// runs on the device's own thread, never on the caller's: requesting it returns at once, and its
// outcome is read later from action_report().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stridecue {

struct DeviceAction {
  std::string_view name;  // in the API's path: POST /api/v1/devices/<device>/<name>
  std::string_view help;  // one line for people
};

struct ActionReport {
  enum class State : std::uint8_t { never, running, done, refused };
  State state = State::never;
  std::uint64_t completed = 0;  // runs finished (done or refused) so far
  std::string message;          // what happened; when refused, why and what to do
  // Named figures the outcome left, e.g. {"zero_v", the zero per raw channel}.
  std::vector<std::pair<std::string, std::vector<double>>> figures;
};
std::string_view to_string(ActionReport::State state);

class DeviceActions {
 public:
  // The device's name in the API's paths ("plates").
  virtual std::string_view device_name() const = 0;
  virtual std::vector<DeviceAction> actions() const = 0;
  // From any thread: starts `action` on the device's thread; false when it has none so named.
  virtual bool request_action(std::string_view action) = 0;
  // From any thread: the last outcome of `action` (State::never for one it does not have).
  virtual ActionReport action_report(std::string_view action) const = 0;

 protected:
  ~DeviceActions() = default;
};

}  // namespace stridecue
