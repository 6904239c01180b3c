// How long to wait before the next connection attempt: 100 ms, doubling to a ceiling of 2 s,
// and back to the start once a connection has delivered data.
#pragma once

#include <algorithm>

namespace stridecue {

class ReconnectBackoff {
 public:
  ReconnectBackoff(double initial_s, double max_s) : initial_s_(initial_s), max_s_(max_s) {}

  // The wait before the next attempt; each call doubles the one after.
  double next_delay_s() {
    const double delay = std::min(current_s_, max_s_);
    current_s_ = std::min(current_s_ * 2.0, max_s_);
    return delay;
  }
  void reset() { current_s_ = initial_s_; }

 private:
  double initial_s_;
  double max_s_;
  double current_s_ = initial_s_;
};

}  // namespace stridecue
