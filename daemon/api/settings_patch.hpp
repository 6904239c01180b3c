// `stridecue ctl set KEY=VALUE...` as a PATCH body: a flat object of dotted keys, e.g.
// {"cue.refractory_s": 2.5, "cue.mode": "bandwidth"}. A value is taken as JSON when it parses
// (numbers, true/false, null, lists, quoted strings), else as a plain string.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace stridecue {

// Throws std::invalid_argument naming the assignment at fault (no '=', empty key, a key twice).
nlohmann::json flat_settings_patch(const std::vector<std::string>& assignments);

}  // namespace stridecue
