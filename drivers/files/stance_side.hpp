// One foot's stance on the session's time axis: what the exports need of the strides found.
#pragma once

#include "engine/sample_block.hpp"

namespace stridecue {

struct StanceSide {
  double contact_s = 0.0;  // session time
  double toe_off_s = 0.0;
  Side side = Side::left;
};

}  // namespace stridecue
