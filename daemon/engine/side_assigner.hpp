// Which foot made a contact on a single-belt treadmill, where one plate carries both feet.
//
// Two clues: feet alternate, and each foot lands on its own side of the belt's midline (the
// mediolateral COP; y is positive to the runner's left). The COP wins when it is clear of the
// midline by more than a margin; otherwise alternation decides. The midline follows the
// runner: it is the middle of the two feet's recent mean COPs once both have been seen.
#pragma once

#include <optional>

#include "engine/sample_block.hpp"

namespace stridecue {

enum class SideEvidence : std::uint8_t { plate, cop, alternation };
std::string_view to_string(SideEvidence e);

struct SideDecision {
  Side side;
  SideEvidence evidence;
};

class SideAssigner {
 public:
  // `margin_m`: how far from the midline a COP must be to count (half a typical step width).
  explicit SideAssigner(double margin_m = 0.02) : margin_m_(margin_m) {}

  SideDecision assign(std::optional<double> mean_cop_y_m);
  // What assign() would say now, without counting the contact (a stance still under way).
  SideDecision peek(std::optional<double> mean_cop_y_m) const;

 private:
  void learn(Side side, double cop_y_m);

  double margin_m_;
  std::optional<Side> last_;
  std::optional<double> left_cop_y_m_;
  std::optional<double> right_cop_y_m_;
};

}  // namespace stridecue
