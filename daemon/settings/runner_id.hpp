// What a runner id may be, and how one is shown. Runner ids come from the config, `stridecue run
// --runner-id` and the API's session start; they are printed in logs and `stridecue sessions`
// and stored as the key of the runner's sessions, so they are kept to a short, printable,
// path-free set (docs/api.md). Ids in stores written before this rule are shown escaped.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace stridecue {

inline constexpr std::size_t kRunnerIdMaxLength = 64;
inline constexpr std::string_view kRunnerIdRule =
    "1 to 64 characters: letters A-Z and a-z, digits, space, '-', '_' and '.', starting with a "
    "letter or digit";

// Empty when `id` follows the rule, else a message naming runner_id, the id (escaped) and the
// rule.
std::optional<std::string> runner_id_problem(std::string_view id);
// The same for a JSON value (the API's {"runner_id": …}): a string that follows the rule.
std::optional<std::string> runner_id_value_problem(const nlohmann::json& id);

// `id` as it may be printed on a terminal or in a log line: printable ASCII as is, a backslash
// doubled, any other byte as \xNN, and no more than kRunnerIdMaxLength bytes of it (then "..."
// and the length).
std::string printable_runner_id(std::string_view id);

}  // namespace stridecue
