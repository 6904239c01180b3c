// A live trace for the coach panel: the last samples of one signal, (session time, value), in a
// ring of fixed size so a long session costs no more memory than a short one.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace stridecue::overlay {

class TraceBuffer {
 public:
  // Enough for 20 s at the stream's default 50 Hz, or 4 s at its maximum rate.
  static constexpr std::size_t capacity = 1024;

  TraceBuffer() { samples_.resize(capacity); }
  explicit TraceBuffer(std::string name) : TraceBuffer() { name_ = std::move(name); }

  struct Sample {
    double t = 0.0;
    float value = 0.0f;
  };

  void push(double t, float value) {
    samples_[(first_ + size_) % capacity] = {t, value};
    if (size_ < capacity)
      ++size_;
    else
      first_ = (first_ + 1) % capacity;
  }
  void clear() { first_ = size_ = 0; }

  std::size_t size() const { return size_; }
  const Sample& operator[](std::size_t i) const { return samples_[(first_ + i) % capacity]; }
  const Sample& back() const { return (*this)[size_ - 1]; }
  const std::string& name() const { return name_; }

  // Values whose time lies within `window_s` of the newest, oldest first (for ImGui's plots).
  std::vector<float> last(double window_s) const {
    std::vector<float> out;
    if (size_ == 0) return out;
    const double from = back().t - window_s;
    for (std::size_t i = 0; i < size_; ++i)
      if ((*this)[i].t >= from) out.push_back((*this)[i].value);
    return out;
  }

 private:
  std::string name_;
  std::vector<Sample> samples_;
  std::size_t first_ = 0;
  std::size_t size_ = 0;
};

}  // namespace stridecue::overlay
