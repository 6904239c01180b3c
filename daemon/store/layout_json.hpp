// A source's layout as JSON and back, exactly: stored with each session so that its sample
// blocks can be read (and replayed through the engine) without the device that made them.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/sample_block.hpp"

namespace stridecue {

// {"streams": [{"name", "rate_hz", "start_time_s", "channels": [{"name", "quantity",
// "plate"?, "side"?, "muscle"}]}]}; quantities, plates and sides by their to_string names.
// Doubles are written with the shortest text that reads back to the same value.
nlohmann::json layout_to_json(const SourceLayout& layout);

// Throws std::invalid_argument naming the field (e.g. "streams[1].channels[3].quantity") when
// the JSON is not a layout.
SourceLayout layout_from_json(const nlohmann::json& json);

}  // namespace stridecue
