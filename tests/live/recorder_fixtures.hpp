// What the recorder tests hand the recorder: a one-channel force layout and numbered strides.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/sample_block.hpp"
#include "store/store_rows.hpp"

namespace stridecue::test {

inline SourceLayout force_layout() {
  SourceLayout layout;
  layout.streams.push_back(
      {"force",
       1000.0,
       0.0,
       {ChannelInfo{"left_fz_n", Quantity::force_z, Plate::left, std::nullopt, ""}}});
  return layout;
}

inline StoredStride stride(std::int64_t index) {
  StoredStride s;
  s.index = index;
  s.contact_s = 0.5 * static_cast<double>(index);
  s.json = "{\"stride\":" + std::to_string(index) + "}";
  return s;
}

}  // namespace stridecue::test
