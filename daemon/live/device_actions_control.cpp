#include "live/device_actions_control.hpp"

#include <fmt/format.h>

#include "live/dispatcher.hpp"
#include "source/device_actions.hpp"

namespace stridecue {

using Json = nlohmann::json;

DeviceActionsControl::DeviceActionsControl(const std::vector<DeviceActions*>& devices) {
  for (DeviceActions* device : devices) {
    for (const DeviceAction& action : device->actions())
      watched_.push_back({device, std::string(action.name), std::string(action.help)});
  }
}

std::string DeviceActionsControl::known() const {
  std::string out;
  for (const Watched& w : watched_)
    out += fmt::format("{}{}/{}", out.empty() ? "" : ", ", w.device->device_name(), w.action);
  return out;
}

ApiReply DeviceActionsControl::request(std::string_view device, std::string_view action) {
  for (const Watched& w : watched_) {
    if (w.device->device_name() != device || w.action != action) continue;
    if (!w.device->request_action(action)) break;
    return {202, {{"device", device}, {"action", action}, {"state", "running"}}};
  }
  return no_such_device_action(device, action, known());
}

Json DeviceActionsControl::list() const {
  Json actions = Json::array();
  for (const Watched& w : watched_) {
    const ActionReport last = w.device->action_report(w.action);
    actions.push_back({{"device", w.device->device_name()},
                       {"action", w.action},
                       {"help", w.help},
                       {"last",
                        {{"state", to_string(last.state)},
                         {"completed", last.completed},
                         {"message", last.message}}}});
  }
  return {{"actions", std::move(actions)}};
}

void DeviceActionsControl::record_results(Dispatcher& dispatcher, std::mutex& state_mutex) {
  for (Watched& w : watched_) {
    const ActionReport report = w.device->action_report(w.action);
    if (report.completed == w.reported) continue;
    w.reported = report.completed;
    const std::string type = fmt::format("{}_{}", w.device->device_name(), w.action);
    fmt::print(stderr, "stridecued: {} {}: {}\n", type, to_string(report.state), report.message);
    Json data{{"device", w.device->device_name()},
              {"action", w.action},
              {"state", to_string(report.state)},
              {"message", report.message}};
    for (const auto& [name, values] : report.figures)
      data[name] = values;
    std::lock_guard lock(state_mutex);
    dispatcher.record_event(dispatcher.totals().session_s, type, std::move(data));
  }
}

}  // namespace stridecue
