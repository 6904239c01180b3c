// Checks that involve more than one setting (release below contact threshold, a remote API
// without a token …), using the engine structs' own problem() functions, each reported on one
// of the keys involved so that the TOML loader can point at a line and the API at a field.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "settings/daemon_config.hpp"

namespace stridecue {

struct SettingProblem {
  std::string key;      // one of the settings involved
  std::string message;  // names the table: "contact: contact_threshold_n must be above …"
};

// The first problem of `config`, or none. Of the keys a problem involves it names one for which
// `given(key)` is true (the keys the file or the patch set) when there is one.
std::optional<SettingProblem> find_settings_problem(
    const DaemonConfig& config, const std::function<bool(std::string_view)>& given);

}  // namespace stridecue
