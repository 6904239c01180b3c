// Which foot made a contact on a single-belt treadmill, where one plate carries both feet.
//
// Two clues: feet alternate, and each foot lands on its own side of the runner's midline (the
// mediolateral COP; y is positive to the runner's left). Nothing is assumed about where the
// plate's origin is: treadmills put it at a corner as often as in the middle, so the COP of both
// feet can sit a metre off zero. The midline is learnt from the data: each foot's recent
// stances give its centre (a median, so one odd step moves nothing), and a new stance is
// weighed by how much nearer it lies to one centre than to the other, against the spread of
// the stances around their centres. Alternation is the prior (a missed or doubled step is
// rare); a COP that clearly contradicts it wins (two steps on one foot after a stumble or a
// missed stance), one that cannot tell (crossover running, a narrow step) leaves it to
// alternation. Every decision carries the probability that it is right.
//
// Before each foot has a stance, consecutive stances are compared with each other: the one
// further to the left is the left foot. That can show that the stance before was given the
// wrong side (the first one is a guess); revised_previous() then says so, and the caller
// corrects it. Until each foot has two stances, the nearer of the two feet's stances names it.
//
// Owned by the engine thread; allocates nothing.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "engine/sample_block.hpp"

namespace stridecue {

enum class SideEvidence : std::uint8_t {
  plate,        // split belt: the plate is the foot's
  cop,          // single belt: the mediolateral COP decided
  alternation,  // single belt or over ground: the other foot than last time
  crossover,    // split belt: the foot landed on the other foot's belt
};
std::string_view to_string(SideEvidence e);

struct SideDecision {
  Side side = Side::right;
  SideEvidence evidence = SideEvidence::alternation;
  double confidence = 0.5;  // probability that `side` is right: 0.5 (a guess) … 1
};

class SideAssigner {
 public:
  // `margin_m`: the smallest mediolateral distance between consecutive stances that names their
  // feet before each foot's centre is known (a third of a typical step width).
  explicit SideAssigner(double margin_m = 0.02) : margin_m_(margin_m) {}

  SideDecision assign(std::optional<double> mean_cop_y_m);
  // What assign() would say now, without counting the contact (a stance still under way).
  SideDecision peek(std::optional<double> mean_cop_y_m) const;
  // Whether the last assign() found that the stance before it had been given the wrong side
  // (it then counts that stance as the other foot from now on).
  bool revised_previous() const { return revised_previous_; }
  // Whether the next assign() may still revise the stance just assigned: until both feet's
  // centres are known.
  bool learning() const { return !centre_m(Side::left, 1) || !centre_m(Side::right, 1); }

  void set_margin(double margin_m) { margin_m_ = margin_m; }

 private:
  struct Stance {
    double cop_y_m;
    Side side;
  };
  static constexpr std::size_t kHistory = 12;  // about six strides of each foot

  // Each foot's centre: the median of its stances in the history, if it has `min_stances`.
  std::optional<double> centre_m(Side side, std::size_t min_stances) const;
  // `pairwise` says the decision compared the stance with the one before (startup).
  SideDecision decide(std::optional<double> mean_cop_y_m, bool& pairwise) const;
  // Robust spread of the stances around their own foot's centre (metres).
  double spread_m(double left_m, double right_m) const;
  const Stance* newest() const;

  double margin_m_;
  std::optional<Side> last_;
  std::array<Stance, kHistory> history_{};
  std::size_t count_ = 0, next_ = 0;
  bool revised_previous_ = false;
  bool previous_had_cop_ = false;  // the newest history entry is the last stance assigned
};

}  // namespace stridecue
